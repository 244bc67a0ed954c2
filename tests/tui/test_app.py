"""Pilot tests: navigation, help, command palette, resume, theme, bad state files, small
terminals, the lesson list, knobs, pace, live training (start / pause / reset / diverge), the
race between the training worker and a reset, and quitting while training."""

from __future__ import annotations

import asyncio
import time

import pytest

from lessons import LESSONS, get_lesson
from lessons.model import Step
from lessons.experiments import DataSpec, RunSpec, TrainingSpec
from lessons.explorers import ActivationExplorer, LayerStep
from lessons.views import COST, RunTable
from tui.app import DnnTutorApp
from tui.lesson_screen import NOTHING_HERE, LessonScreen
from tui.panel import StepPanel
from tui.screens import HelpScreen, TooSmallScreen, WelcomeScreen
from tui.state import Position
from tui.widgets.readouts import TableView
from waiting import drained, wait_until

LESSON = get_lesson("activations")
LAST = len(LESSON.steps) - 1
SIGMOID_OUTPUT = next(i for i, s in enumerate(LESSON.steps) if s.title.startswith("Sigmoid"))
TANH_VS_SIGMOID = next(i for i, s in enumerate(LESSON.steps) if s.title.startswith("tanh vs"))
LEAKY = next(i for i, s in enumerate(LESSON.steps) if s.title.startswith("Leaky ReLU"))


async def test_steps_forward_and_back(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert (app.lesson_index, app.step_index) == (0, 0)
        assert isinstance(app.panel.spec, LayerStep)
        await pilot.press("n")
        assert app.step_index == 1 and isinstance(app.panel.spec, ActivationExplorer)
        await pilot.press("pagedown", "pagedown")
        assert app.step_index == 3
        await pilot.press("p")
        assert app.step_index == 2
        await pilot.press("pageup", "pageup", "pageup")  # the third one cannot go further
        assert app.step_index == 0


async def test_the_header_names_lesson_and_step_not_claim_ids(make_app):
    app = make_app(lesson="activations", step=TANH_VS_SIGMOID)
    async with app.run_test(size=(80, 24)):
        header = str(app.query_one("#step-title").content)
        assert "Activation functions" in header and LESSON.steps[TANH_VS_SIGMOID].title in header
        assert f"step {TANH_VS_SIGMOID + 1}/{len(LESSON.steps)}" in header
        assert "C4" not in header


async def test_keys_that_cannot_apply_are_hidden_or_disabled(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.check_action("prev_step", ()) is False
        assert app.screen.check_action("next_step", ()) is True
        # the layer step does not train: space only says so (a notice, not in the footer)
        assert app.screen.active_bindings["space"].binding.action == "nothing_here('train')"
        assert "space" not in app.query_one("#keys").line
        assert "p" not in app.screen.active_bindings and "p prev" not in app.query_one(
            "#keys").line  # nothing before the first step: the key is hidden
        await pilot.press("p")  # nothing happens, nothing breaks
        assert app.step_index == 0
        app.go_to(0, SIGMOID_OUTPUT)
        await pilot.pause()
        assert app.screen.active_bindings["space"].enabled
        assert app.screen.active_bindings["space"].binding.action != "nothing_here('train')"


@pytest.mark.parametrize("step", range(len(LESSON.steps)))
async def test_the_footer_always_shows_help_and_quit_at_80x24(make_app, step):
    from tui.widgets.keybar import KeyBar

    app = make_app(lesson="activations", step=step)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        assert len(bar.line) <= bar.content_region.width  # nothing cut off
        assert "? help" in bar.line and "q quit" in bar.line
        assert ("space train" in bar.line) == app.panel.trains


async def test_n_on_the_last_step_says_what_comes_next(make_app):
    app = make_app(lesson=LESSONS[-1].id, step=len(LESSONS[-1].steps) - 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        assert app.step_index == len(LESSONS[-1].steps) - 1
        messages = " ".join(n.message for n in app._notifications)
        assert "Coming next" in messages or "end of the course" in messages


async def test_command_palette_jumps_to_a_step(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"4. Leaky ReLU")
        await wait_until(pilot, lambda: app.screen.query("CommandList Option") is not None)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.step_index == LEAKY)
        assert app.panel.spec.shown == "leaky_relu"


async def test_help_lists_every_key_and_the_steps_knobs(make_app):
    app = make_app(lesson="activations", step=SIGMOID_OUTPUT)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        described = {description for _key, description, _where in app.screen.rows}
        keys = [*DnnTutorApp.BINDINGS, *LessonScreen.BINDINGS, *app.panel.own_bindings]
        for binding in keys:  # a key that only says "nothing here" is no key to list
            assert binding in NOTHING_HERE or binding.tooltip in described
        knobs = {keys for keys, _turns, _value in app.screen.knobs}
        assert {"e/E", "u/U"} <= knobs
        assert any("now 1.2" in value for _k, _t, value in app.screen.knobs)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_first_launch_welcomes_then_remembers(store):
    app = DnnTutorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the welcome comes with the first screen drawn
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("enter")
        assert not isinstance(app.screen, WelcomeScreen)
        await pilot.press("n", "n")
    assert store.load()[0] == Position("activations", 2, {"activations": [0, 1, 2]}, True)

    again = DnnTutorApp(store=store)
    async with again.run_test(size=(80, 24)) as pilot:
        assert not isinstance(again.screen, WelcomeScreen)
        assert (again.lesson_index, again.step_index) == (0, 2)  # resumed


async def test_the_theme_is_remembered(store, make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "textual-light"
        await pilot.pause()
    assert store.load()[0].theme == "textual-light"
    again = make_app()
    async with again.run_test(size=(80, 24)):
        assert again.theme == "textual-light"


@pytest.mark.parametrize("content", ["{not json", '{"lesson": 3}', '["a list"]', "\x00\xff",
                                     '{"theme": 7}'])
async def test_corrupt_position_file_is_ignored_with_a_notice(store, make_app, content):
    store.path.parent.mkdir(parents=True)
    store.path.write_text(content)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert (app.lesson_index, app.step_index) == (0, 0)
        assert any("damaged position file" in n.message for n in app._notifications)
        await pilot.press("n")
    # ... and the next save replaced it with a good one.
    assert store.load() == (Position("activations", 1, {"activations": [0, 1]}, True), None)


async def test_unknown_lesson_in_position_file_starts_at_the_beginning(store, make_app):
    store.save(Position("no-such-lesson", 5))
    app = make_app()
    async with app.run_test(size=(80, 24)):
        assert (app.lesson_index, app.step_index) == (0, 0)


async def test_too_small_terminal_says_so_and_the_steps_keys_work_again(make_app):
    app = make_app(lesson="activations", step=LEAKY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.focused is app.panel)
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "at least 80x24" in str(app.screen.query_one("#too-small").content)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not isinstance(app.screen, TooSmallScreen)
        slope = app.panel.spec.leaky_slope
        await pilot.press("plus")  # the step's own key, alive again
        assert app.panel.spec.leaky_slope > slope


async def test_first_launch_in_a_small_terminal_says_so_before_the_welcome(store):
    app = DnnTutorApp(store=store)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)


async def test_lesson_list_opens_over_the_text_at_80_columns_with_the_focus(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        lesson_list = app.query_one("#lesson-list")
        assert not lesson_list.display  # narrow: the text and panel get the room
        await pilot.pause()
        panel_width = app.panel.region.width
        assert panel_width > 40
        await pilot.press("l")
        assert lesson_list.display and app.focused is lesson_list
        assert app.panel.region.width == panel_width  # over the text, not squeezing the panel
        await pilot.press("escape")
        assert not lesson_list.display and app.focused is app.panel
    wide = make_app()
    async with wide.run_test(size=(160, 48)):
        assert wide.query_one("#lesson-list").display


async def test_lesson_list_choice_goes_to_a_step_and_closes_the_list(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        lesson_list = app.query_one("#lesson-list")
        index = next(i for i in range(lesson_list.option_count)
                     if lesson_list.get_option_at_index(i).id == f"step-0-{SIGMOID_OUTPUT}")
        lesson_list.highlighted = index
        await pilot.press("enter")
        assert app.step_index == SIGMOID_OUTPUT and app.panel.trains
        assert not lesson_list.display


async def test_activation_knobs_change_the_panel(make_app):
    app = make_app(lesson="activations", step=LEAKY)  # leaky ReLU alone, derivative on
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.focused is app.panel)
        slope = app.panel.spec.leaky_slope
        await pilot.press("plus")
        assert app.panel.spec.leaky_slope > slope
        await pilot.press("minus", "minus")
        assert app.panel.spec.leaky_slope < slope
        cursor = app.panel.spec.cursor
        await pilot.press("right")
        assert app.panel.spec.cursor == cursor + 0.25
        await pilot.press("d")
        assert app.panel.spec.show_derivative is False
        await pilot.press("a")
        assert app.panel.spec.shown == "linear"
        assert app.panel.check_action("knob", (3, 1)) is False  # no leaky curve: no slope knob
        assert "+/-" not in app.panel.query_one("#knobs").plain
        await pilot.press("r")  # a step that does not train: back to its own settings
        assert app.panel.spec == LESSON.steps[LEAKY].spec


async def test_a_knob_restarts_the_run_and_the_text_follows(make_app):
    app = make_app(lesson="activations", step=SIGMOID_OUTPUT)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        panel = app.panel
        await pilot.press("s")
        assert panel.experiment.iteration == 100
        text_before = app.query_one("#text").source
        await pilot.press("E")  # learning rate down
        assert panel.spec.run.learning_rate == 1.0 and panel.experiment.iteration == 0
        assert "α 1 " in panel.query_one("#knobs").plain
        await app.workers.wait_for_complete()
        panel.advance(panel.experiment.total)  # the text's results wait for the run's end
        await wait_until(pilot, lambda: app.query_one("#text").source != text_before
                         and "…" not in app.query_one("#text").source)
        # leaving and coming back keeps what the learner set
        await pilot.press("n", "p")
        assert app.panel.spec.run.learning_rate == 1.0


async def test_pace_keys_move_along_the_ladder(make_app):
    from lessons.knobs import PACES

    app = make_app(lesson="activations", step=SIGMOID_OUTPUT)
    async with app.run_test(size=(80, 24)) as pilot:
        start = app.panel.pace
        await pilot.press("greater_than_sign")
        assert app.panel.pace == PACES[PACES.index(start) + 1]
        for _ in range(len(PACES)):
            await pilot.press("less_than_sign")
        assert app.panel.pace == PACES[0]
        assert "1/s" in str(app.panel.query_one("#status").content)


async def test_a_slow_pace_trains_what_its_clock_says(make_app, monkeypatch):
    """At 30 iterations a second, the first at once, then one every 1/30 s of the pace's
    clock: half a second of it is 1 + 15 iterations, and no more however long the worker
    waits (a clock the test moves, not the wall clock)."""
    import types

    import tui.panel

    now = [1000.0]
    monkeypatch.setattr(tui.panel, "time", types.SimpleNamespace(
        monotonic=lambda: now[0], sleep=time.sleep))
    app = make_app(lesson="activations", step=SIGMOID_OUTPUT)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.panel
        panel.pace = 30
        panel.action_toggle_training()
        await wait_until(pilot, lambda: panel.experiment.iteration == 1)
        now[0] += 0.5
        await wait_until(pilot, lambda: panel.experiment.iteration == 16)
        for _ in range(20):  # the worker keeps looking at its clock: nothing more is due
            await pilot.pause(0.01)
        assert panel.experiment.iteration == 16
        panel.stop()
        await drained(app)


async def test_training_runs_to_the_end_and_space_starts_it_again(make_app):
    app = make_app(lesson="activations", step=SIGMOID_OUTPUT)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.panel
        panel.pace = None
        await pilot.press("space")
        await wait_until(pilot, lambda: panel.frame.finished, tries=2000)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not panel.running
        assert panel.frame.iteration == panel.experiment.total
        # The table shows the final cost the experiment computed, with the map it goes with.
        final_cost = f"{panel.experiment.runs[0].costs[-1]:.4f}"
        table = panel.query_one(TableView)
        await wait_until(pilot, lambda: final_cost in table.plain)
        assert "done" in str(panel.query_one("#status").content)
        panel.pace = 30
        await pilot.press("space")  # after the end: the same run again from the start
        assert panel.running and panel.experiment.iteration < 100


async def test_leaving_a_step_stops_its_training(make_app):
    app = make_app(lesson="activations", step=TANH_VS_SIGMOID)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.panel
        panel.pace = 30
        await pilot.press("space")
        await wait_until(pilot, lambda: panel.experiment.iteration > 0)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        left_at = panel.experiment.iteration
        await pilot.pause(0.1)
        assert panel.experiment.iteration == left_at < panel.experiment.total
        assert not panel.running


async def test_quit_while_training(make_app):
    app = make_app(lesson="activations", step=TANH_VS_SIGMOID)
    async with app.run_test(size=(80, 24)) as pilot:
        app.panel.pace = 30
        await pilot.press("space")
        await wait_until(pilot, lambda: app.panel.experiment.iteration > 0)
        await pilot.press("q")
        await asyncio.wait_for(app.workers.wait_for_complete(), timeout=5)
    assert app.return_code == 0


async def test_a_reset_never_shows_the_cancelled_run(make_app, sync_plots):
    """The race between the training worker and ``r``: a snapshot the old run posted around
    the reset must never be drawn after it. The messages are recorded as they reach the app
    (``message_hook``), each with the panel's generation at that moment; a snapshot of an
    older generation that arrives after a reset is stale and must not be drawn. The worker
    checks for cancellation right before posting, so in a real run the window is small:
    after 30 real start→reset cycles, the old run's last snapshot is also posted exactly as
    a worker caught in that window would post it."""
    app = make_app(lesson="activations", step=TANH_VS_SIGMOID)
    arrivals: list[tuple[int, int]] = []  # (snapshot generation, panel generation on arrival)
    drawn: list[tuple[int, int]] = []     # (snapshot generation, panel generation when drawn)

    def hook(message):
        if isinstance(message, StepPanel.FrameTaken):
            arrivals.append((message.frame.generation, message.panel.generation))

    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        panel = app.panel
        panel.pace = None
        original = panel._show_now

        def recording_show_now(snap):
            original(snap)
            if panel.shown_frame is snap:
                drawn.append((snap.generation, panel.generation))

        panel._show_now = recording_show_now
        for _ in range(30):
            panel.action_toggle_training()
            await wait_until(pilot, lambda: panel.experiment.iteration >= 20)
            old = panel.frame
            panel.reset()  # as "r" does
            await drained(app)
            await pilot.pause()
            assert panel.shown_frame.generation == old.generation + 1
            assert panel.shown_frame.iteration == 0
        # The race's worst case, made certain: the cancelled run's snapshot arrives late.
        panel.post_message(StepPanel.FrameTaken(panel, old))
        await pilot.pause()
        assert any(g < current for g, current in arrivals)  # stale snapshots did arrive
        assert panel.shown_frame.iteration == 0          # ... and none was drawn
        assert drawn and all(g == current for g, current in drawn)


async def run_to_the_end(app, pilot, step: Step) -> StepPanel:
    """``step`` in the lesson screen's place, trained (space) until its run has ended."""
    panel = StepPanel(step)
    lessons = app.lesson_screen
    lessons.panel.stop()
    await lessons.panel.remove()
    lessons.panel = panel
    await app.query_one("#panel-holder").mount(panel)
    await pilot.press("space")
    await wait_until(pilot, lambda: panel.frame.finished, tries=2000)
    await app.workers.wait_for_complete()
    await pilot.pause()
    return panel


async def test_a_diverging_run_shows_and_resets(make_app):
    """A learning rate far too large makes the cost overflow: the panel says so, no crash."""
    step = Step("diverges", "05-sigmoid-output.md", "diverges",
                TrainingSpec(DataSpec("curve"), RunSpec(hidden=(8,), activation="relu",
                                                        output="linear", init="he",
                                                        learning_rate=10.0), iterations=200),
                views=(RunTable((COST,)),), pace=None)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await run_to_the_end(app, pilot, step)
        assert panel.frame.diverged
        assert "diverged" in panel.view_widgets[0].plain
        assert "diverged" in str(panel.query_one("#status").content)
        await pilot.press("r")
        assert not panel.frame.diverged and panel.frame.iteration == 0


async def test_a_run_whose_units_all_died_says_stuck_not_done(make_app):
    """Your own network (boundaries 4) with ReLU at α 10: every hidden unit dies, the cost
    stays flat and finite, no weight passes the bound: the status says stuck, not done."""
    from lessons.knobs import with_values
    play = get_lesson("boundaries").step("04-play")
    spec = with_values(play.spec, {"run.activation": "relu", "run.learning_rate": 10.0})
    step = Step("stuck", "04-play.md", "stuck", spec, views=(RunTable((COST,)),), pace=None)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await run_to_the_end(app, pilot, step)
        status = str(panel.query_one("#status").content)
        assert not panel.frame.diverged and panel.frame.dead_layer == 1
        assert "stuck: layer 1 dead" in status and "done" not in status


async def test_plots_follow_the_theme(make_app):
    from tui.widgets.curve_plot import CurvePlot
    from tui.widgets.palette import palette_from_theme

    app = make_app(lesson="activations", step=1)
    async with app.run_test(size=(80, 24)) as pilot:
        plot = app.panel.query_one(CurvePlot)
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        builds = plot.builds
        dark = palette_from_theme(app.theme_variables)
        app.theme = "textual-light"
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        light = palette_from_theme(app.theme_variables)
        assert light.canvas != dark.canvas
        assert plot.builds > builds  # rebuilt in the new colours
        canvas = "rgb({},{},{})".format(*light.canvas).replace(",", ", ")
        styles = {str(span.style) for span in plot.render().spans}
        assert any(f"on #{light.canvas[0]:02x}{light.canvas[1]:02x}{light.canvas[2]:02x}" in s
                   or canvas in s for s in styles)


async def test_a_step_shows_its_own_text_at_once(make_app):
    """Found with tui-try: hurrying to a step whose numbers were still being computed left
    the previous step's text on screen. Now its text shows at once, numbers following."""
    from lessons.model import _FACTS_CACHE, WAITING_HINT

    _FACTS_CACHE.clear()
    app = make_app(lesson="activations", step=SIGMOID_OUTPUT - 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*["n"] * (TANH_VS_SIGMOID - SIGMOID_OUTPUT + 1))
        assert app.step_index == TANH_VS_SIGMOID
        markdown = app.query_one("#text")
        assert markdown.source.startswith("# tanh vs sigmoid")
        await app.workers.wait_for_complete()
        await pilot.pause()
        # measured, and waiting for the run on screen to end (its results show then)
        # (its sentences of results, "Cost below … from iteration: …", left out till then)
        assert not app.screen.text_waiting and WAITING_HINT in markdown.source
        assert "iteration" not in markdown.source
        app.panel.advance(app.panel.experiment.total)
        await wait_until(pilot, lambda: "iteration" in markdown.source)
        assert WAITING_HINT not in markdown.source
