"""The text beside a run quotes its results only once the run on screen has ended (issue 18
§1): "…" while it trains, paused or not; filled at its end; "…" again after a reset or a
knob, until the new run ends."""

from __future__ import annotations

import dataclasses

import pytest

import lessons.model
import tui.lesson_screen
from lessons import get_lesson
from lessons.checkpoints import Predict
from lessons.model import settings_slots, slots, without_result_sentences
from waiting import drained, wait_until

# The screen's part is the same for every step (which slots a text holds back is tested for
# every step in tests/lessons/test_reveal.py): a step with a map (drawn before its numbers
# change), one with plots and three runs, one with a test set; each has knobs.
STEPS = [("activations", "05-sigmoid-output"), ("activations", "07-tanh-vs-sigmoid"),
         ("boundaries", "04-play")]
SHORT = 3  # iterations: the runs here end at once


def marked(name: str) -> str:
    return f"⟪{name}⟫"


@pytest.fixture
def marked_facts(monkeypatch):
    """Each fact of a text filled with a mark of its name instead of a run's number: what
    the text shows is then read without running anything."""

    def facts(step, spec=None):
        spec = step.spec if spec is None else spec
        measured = step.facts.provides if step.facts else ()
        return {**settings_slots(spec), **{name: marked(name) for name in measured}}

    monkeypatch.setattr(lessons.model, "step_facts", facts)
    monkeypatch.setattr(tui.lesson_screen, "TEXT_DEBOUNCE", 0.0)  # nothing to wait for


def shortened(spec):
    """``spec`` with a run of SHORT iterations (a prediction: chosen, so it may run)."""
    if isinstance(spec, Predict):
        return dataclasses.replace(spec, inner=dataclasses.replace(spec.inner,
                                                                   iterations=SHORT)).chose(0, 1)
    return dataclasses.replace(spec, iterations=SHORT)


@pytest.mark.parametrize("lesson_id,name", STEPS, ids=[f"{l}-{n[:2]}" for l, n in STEPS])
async def test_results_wait_for_the_end_of_the_run_on_screen(make_app, marked_facts, lesson_id,
                                                             name):
    lesson = get_lesson(lesson_id)
    step = lesson.step(name)
    quoted = slots(lesson.raw_text(lesson.step_index(name))) & step.result_slots()
    assert quoted and step.knobs
    app = make_app(lesson=lesson_id, step=lesson.step_index(name))
    async with app.run_test(size=(100, 30)) as pilot:
        panel = app.panel

        def shows(names) -> bool:
            text = app.screen.query_one("#text").source
            return all(marked(name) in text for name in names)

        def shows_none() -> bool:
            text = app.screen.query_one("#text").source
            return not any(marked(name) in text for name in quoted)

        await drained(app)
        await wait_until(pilot, lambda: not app.screen.text_waiting)
        settings = set(step.facts.provides) - step.result_slots()
        # (a setting in a sentence that quotes a result waits with it)
        kept = without_result_sentences(lesson.raw_text(lesson.step_index(name)),
                                        step.result_slots(), "")
        assert shows_none() and shows(settings & slots(kept))
        panel.set_spec(shortened(panel.spec))
        await drained(app)
        panel.advance(1)  # paused mid-run
        await pilot.pause()
        assert shows_none() and panel.experiment.iteration == 1
        await pilot.press("s")  # on to the end
        await wait_until(pilot, lambda: shows(quoted))
        assert panel.experiment.finished
        await pilot.press("r")  # the run from its start
        await wait_until(pilot, shows_none)
        panel.advance(SHORT)
        await wait_until(pilot, lambda: shows(quoted))
        panel.action_knob(0, 1)  # a new run: its results are still to come
        await drained(app)
        await wait_until(pilot, shows_none)
        assert panel.experiment.iteration == 0


async def test_the_example_of_the_issue_waits_for_its_numbers(make_app):
    """activations 7 paused at iteration 300 of 3000: the iterations at which each run fell
    below the threshold, measured on the whole run, are not in the text."""
    lesson = get_lesson("activations")
    si = lesson.step_index("07-tanh-vs-sigmoid")
    app = make_app(lesson="activations", step=si)
    async with app.run_test(size=(80, 24)) as pilot:
        await drained(app)
        await pilot.press("s", "s", "s")
        await wait_until(pilot, lambda: not app.screen.text_waiting)
        text = app.screen.query_one("#text").source
        assert app.panel.experiment.iteration == 300
        # The sentences of the results wait unseen (they read "tanh …, sigmoid …, …."); the
        # threshold, a setting, is in them, so it waits too.
        assert "(The results appear here when the run ends.)" in text
        assert "…" not in text and "0.4" not in text
        assert text == lesson.text(si, run_ended=False)
        assert text != lesson.text(si)
