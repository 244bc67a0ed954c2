"""The course's outline read without NumPy (``lessons.outline``, what the app's first screen
shows) is the loaded course's (``Course.outline``), in every language."""

from __future__ import annotations

import pytest

from lessons import COURSE
from lessons.i18n import LANGUAGES, tr_in
from lessons.outline import PLACEHOLDER, SLOT, built_in_outline

OUTLINE = built_in_outline()


def test_the_outline_lists_the_courses_lessons_and_steps():
    assert OUTLINE.ids == COURSE.ids
    assert OUTLINE == COURSE.outline


@pytest.mark.parametrize("lesson", COURSE.lessons, ids=lambda lesson: lesson.id)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_title_and_draft_text_is_the_loaded_lessons(lesson, lang):
    read = OUTLINE.lessons[COURSE.index(lesson.id)]
    assert read.checkpoints == lesson.checkpoints
    assert read.claims == lesson.claims
    assert tr_in(lang, read.title) == tr_in(lang, lesson.title)
    assert tr_in(lang, read.summary) == tr_in(lang, lesson.summary)
    for index, step in enumerate(lesson.steps):
        assert tr_in(lang, read.steps[index].title) == tr_in(lang, step.title)
        # The outline's draft holds every slot ("…"); the loaded lesson's fills the settings
        # it reads from the spec besides (``Lesson.draft_text``): the same text otherwise.
        assert read.draft_text(index, lang) == SLOT.sub(PLACEHOLDER, lesson.raw_text(index, lang))
