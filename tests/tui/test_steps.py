"""Every step of every lesson, driven as a learner would: its panel mounts with one widget per
view, every knob turns, training starts, pauses, resets and is left cleanly. Parametrized over
``LESSONS``: a new lesson is tested here without editing this file."""

from __future__ import annotations

import pytest

from lessons import LESSONS
from lessons.i18n import tr
from tui.panel import StepPanel
from tui.screens import HelpScreen
from tui.widgets import view_widget
from waiting import wait_until

STEPS = [(li, si) for li, lesson in enumerate(LESSONS) for si in range(len(lesson.steps))]
IDS = [f"{LESSONS[li].id}-{si + 1}" for li, si in STEPS]


@pytest.mark.parametrize("li,si", STEPS, ids=IDS)
async def test_step_mounts_turns_trains_resets_and_is_left(make_app, sync_plots, li, si):
    lesson = LESSONS[li]
    step = lesson.steps[si]
    app = make_app(lesson=lesson.id, step=si)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.panel
        await wait_until(pilot, lambda: panel.shown_frame is not None)
        assert app.focused is panel
        # one widget per view, of the registered kind
        assert [type(w) for w in panel.view_widgets] == [
            view_widget(v.data_type) for v in step.views]
        assert all(w.is_attached for w in panel.view_widgets)

        # ? lists each key once, with what it does now (the first of its bindings that applies)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        listed = [key.strip() for keys, _does, _where in app.screen.rows
                  for key in keys.split(",")]
        assert len(listed) == len(set(listed)), listed
        # and says each thing once: a knob's pair (h, H) on one row
        said = [(does, where) for _keys, does, where in app.screen.rows]
        assert len(said) == len(set(said)), said
        described = {does for _keys, does, _where in app.screen.rows}
        for key in {binding.key for binding in panel.own_bindings}:
            runs = [b for b in panel.own_bindings if b.key == key and panel.binding_applies(b)]
            if runs:
                assert tr(runs[0].tooltip or runs[0].description) in described, runs[0]
        await pilot.press("escape")

        # every knob that applies turns up and back down (or stops at an end, saying so)
        for knob in step.knobs_for(panel.spec):
            before = panel.spec
            await pilot.press(knob.up_keys[0])
            if panel.spec == before:  # at the top of its ladder: turning down must move it
                assert knob.down, f"{knob.label} cannot move"
                await pilot.press(knob.down)
                assert panel.spec != before
            elif knob.down:
                await pilot.press(knob.down)
                assert knob.value_in(panel.spec) == knob.value_in(before)
            assert panel.shown_frame.generation == panel.generation
        await pilot.press("0")  # every knob back to the step's own value
        assert panel.spec == step.spec

        if step.checkpoint == "predict":  # nothing runs before a prediction; one starts it
            await pilot.press("space", "s")
            assert not panel.running and panel.shown_frame.iteration == 0
            await pilot.press("1")
            assert panel.spec.chosen == 0 and panel.running == step.trains
            if step.trains:
                await pilot.press("space")
                await app.workers.wait_for_complete()

        if step.trains:
            # Slow enough that the run is still going when pilot.press returns (it waits for
            # an idle CPU, up to two seconds), fast enough to see iterations at once.
            panel.pace = 30
            await pilot.press("space")
            assert panel.running
            await wait_until(pilot, lambda: panel.frame.iteration > 0)
            await pilot.press("space")
            assert not panel.running
            await app.workers.wait_for_complete()
            paused_at = panel.experiment.iteration
            await pilot.pause(0.05)
            assert panel.experiment.iteration == paused_at  # paused means paused
            await pilot.press("r")
            assert panel.experiment.iteration == 0
            assert panel.shown_frame.iteration == 0
            await pilot.press("s")
            assert panel.shown_frame.iteration == min(100, step.spec.iterations)
            await pilot.press("space")  # and leave it running
            assert panel.running
        else:
            await pilot.press("space")  # nothing to train: nothing happens, nothing breaks
            assert not panel.running

        old = panel
        await pilot.press("p" if si > 0 or li > 0 else "n")
        await app.workers.wait_for_complete()
        assert app.panel is not old and not old.running and not old.is_attached
        assert isinstance(app.panel, StepPanel)
