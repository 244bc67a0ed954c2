"""The step's text column: every line of every step's text can be read at 80x24 (a mark and
the footer say when more is below, ⇧↓ brings it up), and at a large size the text takes the
width it needs, leaving the rest to the panel."""

from __future__ import annotations

import pytest

from lessons import LESSONS
from tui.lesson_screen import LessonScreen
from tui.widgets.keybar import KeyBar
from tui.widgets.lesson_text import LessonText, TextScroll

STEPS = [(lesson.id, si) for lesson in LESSONS for si in range(len(lesson.steps))]
IDS = [f"{lesson_id}-{si + 1}" for lesson_id, si in STEPS]
MOST_PAGES = 10  # a text longer than this many pages would be a text to split


@pytest.fixture
def draft_texts(monkeypatch):
    """Texts as they open, "…" for the numbers a run measures: the runs take seconds, and
    the column scrolls alike whatever the numbers."""
    monkeypatch.setattr(LessonScreen, "_load_facts", lambda self, *args: None)


@pytest.mark.parametrize("lesson_id,si", STEPS, ids=IDS)
async def test_every_line_of_a_step_text_can_be_brought_into_view_at_80x24(
        make_app, draft_texts, lesson_id, si):
    app = make_app(lesson=lesson_id, step=si)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        scroll, text = screen.query_one(TextScroll), screen.query_one("#text", LessonText)
        mark = screen.query_one("#text-more")
        visible = scroll.scrollable_content_region
        taller = text.outer_size.height > visible.height
        assert scroll.more_below == taller
        assert mark.display == taller  # the mark says so
        assert ("⇧↓ more" in screen.query_one(KeyBar).line) == taller  # and the footer
        for _ in range(MOST_PAGES):
            if not scroll.more_below:
                break
            await pilot.press("shift+down")
            await pilot.pause()
        # The text's last row is on screen, above the column's bottom edge.
        assert text.region.bottom <= scroll.scrollable_content_region.bottom, (
            text.region, scroll.scrollable_content_region)
        assert not mark.display and "⇧↓" not in screen.query_one(KeyBar).line
        if taller:  # and ⇧↑ goes back to its start
            for _ in range(MOST_PAGES):
                await pilot.press("shift+up")
                await pilot.pause()
            assert scroll.scroll_y == 0 and scroll.more_below
