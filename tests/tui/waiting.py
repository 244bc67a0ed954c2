"""Waiting in Pilot tests for what the app does, never for wall-clock time alone."""

from __future__ import annotations

from textual.worker import WorkerCancelled


async def wait_until(pilot, condition, tries: int = 500) -> None:
    """Let the app run until ``condition()`` holds (bounded: fails rather than hangs)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("condition never became true")


async def drained(app) -> None:
    """Wait for the app's workers; one just cancelled (its run reset) counts as done."""
    try:
        await app.workers.wait_for_complete()
    except WorkerCancelled:
        await drained(app)


def text_mark_agrees(app) -> bool:
    """The lesson screen's "more below" mark and its footer key agree with where its text is
    scrolled. They follow the text's height a few messages later (the text filled, the
    column fitted, the scroll resized, ``TextScroll.MoreBelow``, the footer redrawn): on a
    loaded machine a picture taken earlier showed a scrollbar without the mark."""
    from tui.widgets.keybar import KeyBar
    from tui.widgets.lesson_text import TextScroll

    screen = app.screen
    scrolls, marks = screen.query(TextScroll), screen.query("#text-more")
    if not scrolls or not marks:
        return True  # not a lesson screen
    scroll, mark = scrolls.first(), marks.first()
    below = round(scroll.scroll_y) < scroll.max_scroll_y
    keys = screen.query(KeyBar)
    footer = (not keys) or (("⇧↓" in keys.first().line) == below)
    return scroll.more_below == below and mark.display == below and footer


async def settled(pilot) -> None:
    """Workers done and messages handled (three rounds: a worker's result starts more work),
    then the text's mark in agreement with its scroll."""
    for _ in range(3):
        await drained(pilot.app)
        await pilot.pause()
    await wait_until(pilot, lambda: text_mark_agrees(pilot.app))


def pressing(keys):
    """A snapshot's ``run_before``: the app settled, then each key pressed and its work
    waited for, then settled again (nothing left running when the picture is taken)."""

    async def run_before(pilot) -> None:
        await settled(pilot)
        for key in keys:
            await pilot.press(key)
            await drained(pilot.app)
        await settled(pilot)

    return run_before
