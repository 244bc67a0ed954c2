"""A number filled into a step text never starts a Markdown list."""

from __future__ import annotations

import re

import pytest

from lessons import COURSE

# "{{tanh_at}}. At" at a line's start filled to "1097. At" is read as an ordered list (the
# paragraph broke and indented on screen, activations 8). A line may start with a slot, not with
# a slot followed by "." or ")" and a space or the line's end, in every lesson and language: a
# value that is not a bare integer today may become one when a fact changes.
LIST_LIKE = re.compile(r"^[ \t]*\{\{\s*\w+\s*\}\}[.)](?:[ \t]|$)", re.MULTILINE)
LIST_TEXTS = [(lesson, si, lang) for lesson in COURSE
              for si in range(len(lesson.steps)) for lang in lesson.languages]


@pytest.mark.parametrize("lesson,si,lang", LIST_TEXTS,
                         ids=[f"{lesson.id}-{si + 1}-{lang}" for lesson, si, lang in LIST_TEXTS])
def test_no_line_starts_with_a_slot_that_could_read_as_a_list(lesson, si, lang):
    assert LIST_LIKE.findall(lesson.raw_text(si, lang)) == []


def test_the_list_rule_catches_the_case_it_is_for():
    assert LIST_LIKE.search("ReLU 805, tanh\n{{tanh_at}}. At 3000")
    assert LIST_LIKE.search("x\n{{n}}.\n")
    assert not LIST_LIKE.search("{{n}} dead, {{m}}.")
    assert not LIST_LIKE.search("{{n}}%. x") and not LIST_LIKE.search("{{iterations}}): cost")
