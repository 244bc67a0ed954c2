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


@pytest.mark.parametrize("size", [(160, 48), (120, 40)], ids=["160x48", "120x40"])
async def test_at_a_large_size_the_text_is_as_narrow_as_fits_the_panel_takes_the_rest(
        make_app, draft_texts, size):
    """One app walks, per lesson, the steps with the longest and the shortest text (every
    step took 13 s at these sizes, building their panels)."""
    from tui.lesson_screen import TEXT_COLUMN, TEXT_SLACK

    app = make_app(lesson=LESSONS[0].id, step=0)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        column, text = screen.query_one("#text-column"), screen.query_one("#text", LessonText)
        content = screen.query_one("#content").size
        narrowest = TEXT_COLUMN[0][1] if content.width >= 110 else TEXT_COLUMN[0][0]
        chrome = screen.text_chrome
        widths = set()
        for li, lesson in enumerate(LESSONS):
            length = [len(lesson.draft_text(si)) for si in range(len(lesson.steps))]
            for si in {length.index(max(length)), length.index(min(length))}:
                screen.go_to(li, si)
                await pilot.pause()
                await pilot.pause()
                width = column.outer_size.width
                widths.add(width)
                assert not screen.query_one(TextScroll).more_below, (lesson.id, si)
                # the narrowest that fits: one column less would not, or it is the least
                assert width == narrowest or (
                    text.rows_at(width - 1 - chrome) > content.height - TEXT_SLACK)
                assert screen.query_one("#panel-holder").outer_size.width == (
                    content.width - width)
        # the panel has more than it had with the stylesheet's share (2 of 5 to the text), but
        # beside the longest text of all (initialization 6, the Var(z) argument) at 120x40
        share = min(TEXT_COLUMN[1], content.width * 2 // 5)
        assert max(widths) <= share and sorted(widths)[-2 if len(widths) > 1 else 0] < share


async def test_help_at_80x24_says_more_keys_are_below_and_its_keys_scroll_to_them(make_app):
    from tui.screens import HelpScreen

    app = make_app(lesson="activations", step=4)  # a training step with two knobs
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys, mark = app.screen.query_one(TextScroll), app.screen.query_one("#help-more")
        assert keys.has_focus and keys.more_below and mark.display
        assert app.screen.region.contains_region(mark.region)
        for _ in range(MOST_PAGES):
            if not keys.more_below:
                break
            await pilot.press("pagedown")
            await pilot.pause()
        last = keys.children[-1]  # the knobs, at the end of the list
        assert last.region.bottom <= keys.scrollable_content_region.bottom
        assert not mark.display


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_counted_rows_are_the_rows_the_text_draws(lang):
    """``rows_at`` counts a text's wrapped lines without drawing them (the column is fitted
    by trying widths): over every step's text, with and without its heading, at widths from
    the narrowest column to the widest, the count is the number of lines drawn."""
    from rich.console import Console
    from rich.style import Style

    from lessons.outline import built_in_outline
    from tui.widgets.lesson_text import _Rendered

    console = Console(width=200, color_system=None)
    for lesson in built_in_outline().lessons:
        for si in range(len(lesson.steps)):
            source = lesson.draft_text(si, lang)
            for heading in (True, False):
                rendered = _Rendered(source, Style(bold=True), heading)
                for width in (20, 33, 47, 58, 71, 96):
                    options = console.options.update(width=width, max_width=width,
                                                     height=None)
                    drawn = len(console.render_lines(rendered, options, pad=False))
                    assert rendered.rows(console, width) == drawn, (lesson.id, si, width)
