"""Never a wait (issue 19 §4): a step whose text needs a run shows its text at once with a
line saying the run is under way; its numbers are cached, so the next visit needs no run."""

from __future__ import annotations

import functools

import pytest

import lessons.facts
import lessons.model
from lessons import get_lesson
from lessons.model import FACTS_CACHE_SIZE, WAITING_HINT, LruDict
from waiting import drained, wait_until

# A step whose text quotes a run (a 2000-iteration run of a small network: ~0.1 s).
LESSON = get_lesson("initialization")
ZEROS = next(i for i, step in enumerate(LESSON.steps) if step.text == "02-zeros.md")


@pytest.fixture
def nothing_cached(monkeypatch):
    """Neither the facts nor the finished runs behind them (another test may have asked)."""
    monkeypatch.setattr(lessons.model, "_FACTS_CACHE", LruDict(FACTS_CACHE_SIZE))
    monkeypatch.setattr(lessons.facts, "_finished",
                        functools.lru_cache(maxsize=32)(lessons.facts._finished.__wrapped__))


def text_workers(app) -> list:
    return [w for w in app.workers if w.group == "text"]


async def test_a_text_waiting_for_its_run_says_so_then_the_next_visit_needs_none(
        make_app, nothing_cached):
    app = make_app(lesson=LESSON.id, step=ZEROS - 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await drained(app)
        screen = app.screen
        progress = screen.query_one("#text-progress")
        assert not progress.display  # the step before has its numbers: no line
        screen.action_next_step()  # not pilot.press: it waits until the run is done
        assert app.step_index == ZEROS
        # At once: the text with "…" for its numbers, and the line over it.
        assert "…" in screen.query_one("#text").source
        assert progress.display and screen.text_waiting
        await wait_until(pilot, lambda: "steps so far" in str(progress.render()))
        await drained(app)
        await pilot.pause()
        assert not progress.display and not screen.text_waiting
        # Its results wait for the run on screen, not yet started: their sentence ("At
        # iteration 2000: cost …") is left out, its place saying so.
        text = screen.query_one("#text").source
        assert WAITING_HINT in text and "At iteration" not in text
        # Away and back: the numbers come from the cache, no run, no line.
        await pilot.press("p", "n")
        assert not progress.display
        assert screen.query_one("#text").source == text
        assert not text_workers(app)


async def test_the_progress_line_counts_the_runs_steps(make_app, nothing_cached, monkeypatch):
    """The count moves with the run: it is the training steps the run filling the text
    has taken (the run's own stop check counts them), all of them by the end."""
    import tui.lesson_screen

    monkeypatch.setattr(tui.lesson_screen, "TEXT_DEBOUNCE", 0.0)
    app = make_app(lesson=LESSON.id, step=ZEROS)
    async with app.run_test(size=(80, 24)) as pilot:
        await drained(app)
        await pilot.pause()
        spec = LESSON.steps[ZEROS].spec
        # The text's run is the step's own, trained to its end: every step counted once.
        assert app.screen._text_steps == spec.iterations * len(spec.build().runs)


def test_the_facts_cache_is_bounded_and_keeps_what_was_used_last():
    cache = LruDict(3)
    for key in "abc":
        cache[key] = key
    assert cache.get("a") == "a"  # used: now the newest
    cache["d"] = "d"
    assert list(cache) == ["c", "a", "d"]  # "b", the least recently used, went
    for i in range(10):
        cache[i] = i
    assert len(cache) == 3 and list(cache) == [7, 8, 9]
    assert isinstance(lessons.model._FACTS_CACHE, LruDict)
