"""The course's order (issue 18 §3): a text uses a term that a later lesson teaches only with
a marked forward pointer to that lesson.

The rule, precisely: each term below is taught by one lesson. A paragraph of a step text (en
and ko) in an earlier lesson that mentions the term must name the teaching lesson by its
number in the course, as the lesson list numbers it: "lesson 5" in English, "레슨 5" in Korean
(the form of the texts' back references, "lesson 1, step 6"). A mention in the teaching
lesson or after it needs nothing."""

from __future__ import annotations

import re

import pytest

from lessons import COURSE

# The lesson that teaches each term, and the term's spellings (a regular expression each,
# matched in English and in Korean texts: names and notation stay the same in both).
TAUGHT_BY = {
    "initialization": (r"\bHe\b", r"\bXavier\b", r"\bLeCun\b", r"\bGlorot\b"),
    "backprop": (r"(?i)back-?propagation", r"(?i)\bbackprop\b", r"(?i)backward pass",
                 r"(?i)gradient check", r"W\[l\]ᵀ", r"역전파", r"역방향", r"그래디언트 검사"),
}
POINTER = {"en": "lesson {n}", "ko": "레슨 {n}"}


def paragraphs(markdown: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", markdown) if p.strip()]


def forward_mentions(lesson_index: int, markdown: str, lang: str) -> list[str]:
    """Each mention of a later lesson's term in a paragraph that does not point to that
    lesson, as "term (lesson n): paragraph"."""
    out = []
    for teacher, patterns in TAUGHT_BY.items():
        n = COURSE.index(teacher)
        if n <= lesson_index:
            continue
        pointer = POINTER[lang].format(n=n + 1)
        for paragraph in paragraphs(markdown):
            for pattern in patterns:
                found = re.search(pattern, paragraph)
                # The pointer may wrap at its space; "lesson 5" is not "lesson 50".
                said = r"\s+".join(map(re.escape, pointer.split())) + r"(?!\d)"
                if found and not re.search(said, paragraph):
                    out.append(f"{found.group(0)!r} ({pointer}): {paragraph!r}")
    return out


TEXTS = [(li, lesson, si, lang) for li, lesson in enumerate(COURSE)
         for si in range(len(lesson.steps)) for lang in lesson.languages]


@pytest.mark.parametrize("li,lesson,si,lang", TEXTS,
                         ids=[f"{lesson.id}-{si + 1}-{lang}" for _li, lesson, si, lang in TEXTS])
def test_a_later_lessons_term_comes_with_a_pointer_to_it(li, lesson, si, lang):
    assert forward_mentions(li, lesson.raw_text(si, lang), lang) == []


def test_the_rule_catches_a_bare_mention_and_accepts_a_pointer():
    first = COURSE.index("activations")
    assert forward_mentions(first, "ReLU units, He init, α 0.2.", "en")
    assert forward_mentions(first, "On its way back the gradient meets `W[l]ᵀ`.", "en")
    assert not forward_mentions(first, "He init (a scale made for ReLU,\nlesson 5).", "en")
    assert forward_mentions(first, "He init (lesson 4).", "en")  # the wrong lesson
    assert forward_mentions(first, "He 초기화.", "ko")
    assert not forward_mentions(first, "He 초기화(레슨 5).", "ko")
    assert not forward_mentions(first, "He 초기화, 레슨 5에서 본다.", "ko")
    assert forward_mentions(first, "He init (lesson 50).", "en")
    # In or after the teaching lesson a term needs no pointer.
    assert not forward_mentions(COURSE.index("initialization"), "He init.", "en")
    assert not forward_mentions(COURSE.index("boundaries"), "back-propagation", "en")


def test_the_teaching_lessons_are_in_the_course():
    assert set(TAUGHT_BY) <= set(COURSE.ids)
    assert COURSE.index("backprop") < COURSE.index("initialization")

