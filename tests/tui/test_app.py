"""Pilot tests: navigation, help, command palette, resume, bad state files, small terminals,
live training (start / pause / reset / diverge) and quitting while training."""

from __future__ import annotations

import asyncio

import pytest

from lessons import LESSONS, get_lesson
from lessons.base import Step
from lessons.experiments import DataSpec, RunSpec
from tui.app import DnnTutorApp
from tui.panels import ActivationPanel, LayerPanel, TrainingPanel
from tui.screens import HelpScreen, WelcomeScreen
from tui.state import Position

LESSON = get_lesson("activations")
LAST = len(LESSON.steps) - 1


async def wait_until(pilot, condition, tries: int = 400) -> None:
    """Let the app run until ``condition()`` holds (bounded: fails rather than hangs)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("condition never became true")


async def test_steps_forward_and_back(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert (app.lesson_index, app.step_index) == (0, 0)
        assert isinstance(app.panel, LayerPanel)
        await pilot.press("n")
        assert app.step_index == 1 and isinstance(app.panel, ActivationPanel)
        await pilot.press("pagedown", "pagedown")
        assert app.step_index == 3
        await pilot.press("p")
        assert app.step_index == 2
        await pilot.press("pageup", "pageup", "pageup")  # the third one cannot go further
        assert app.step_index == 0


async def test_keys_that_cannot_apply_are_disabled(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.check_action("prev_step", ()) is None
        assert app.check_action("next_step", ()) is True
        assert app.check_action("toggle_training", ()) is None  # the layer step has no training
        if len(LESSONS) == 1:
            assert app.check_action("next_lesson", ()) is None
        await pilot.press("p")  # disabled: nothing happens, nothing breaks
        assert app.step_index == 0
        app.go_to(0, LAST)
        await pilot.pause()
        assert app.check_action("next_step", ()) is None
        assert app.check_action("toggle_training", ()) is True


async def test_lesson_keys_move_between_lessons(make_app):
    app = make_app(lesson="activations", step=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("left_square_bracket")  # already the first lesson: stays
        assert (app.lesson_index, app.step_index) == (0, 3)
        await pilot.press("right_square_bracket")
        expected = (1, 0) if len(LESSONS) > 1 else (0, 3)
        assert (app.lesson_index, app.step_index) == expected


async def test_command_palette_jumps_to_a_step(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Leaky ReLU: a slope")
        await wait_until(pilot, lambda: app.screen.query("CommandList Option") is not None)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.step_index == 3)
        assert isinstance(app.panel, ActivationPanel)
        assert app.panel.explorer.shown == "leaky_relu"


async def test_help_lists_every_key(make_app):
    app = make_app(lesson="activations", step=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        described = {description for _key, description, _where in app.screen.rows}
        for binding in [*DnnTutorApp.BINDINGS, *ActivationPanel.BINDINGS]:
            assert binding.tooltip in described
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_first_launch_welcomes_then_remembers(store):
    app = DnnTutorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("enter")
        assert not isinstance(app.screen, WelcomeScreen)
        await pilot.press("n", "n")
    assert store.load()[0] == Position("activations", 2, {"activations": [0, 1, 2]}, True)

    again = DnnTutorApp(store=store)
    async with again.run_test(size=(80, 24)) as pilot:
        assert not isinstance(again.screen, WelcomeScreen)
        assert (again.lesson_index, again.step_index) == (0, 2)  # resumed


@pytest.mark.parametrize("content", ["{not json", '{"lesson": 3}', '["a list"]', "\x00\xff"])
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


async def test_too_small_terminal_says_so_and_recovers(make_app):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        assert app.screen.has_class("too-small")
        message = app.query_one("#too-small")
        assert message.display and "at least 80x24" in str(message.content)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not app.screen.has_class("too-small")
        assert app.query_one("#main").display


async def test_lesson_list_follows_width_and_toggles(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        lesson_list = app.query_one("#lesson-list")
        assert not lesson_list.display  # narrow: the text and panel get the room
        await pilot.press("l")
        assert lesson_list.display
        await pilot.press("l")
        assert not lesson_list.display
    wide = make_app()
    async with wide.run_test(size=(160, 48)):
        assert wide.query_one("#lesson-list").display


async def test_lesson_list_click_goes_to_a_step(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        lesson_list = app.query_one("#lesson-list")
        index = next(i for i in range(lesson_list.option_count)
                     if lesson_list.get_option_at_index(i).id == "step-0-4")
        lesson_list.highlighted = index
        lesson_list.focus()
        await pilot.press("enter")
        assert app.step_index == 4 and isinstance(app.panel, TrainingPanel)


async def test_activation_keys_change_the_panel(make_app):
    app = make_app(lesson="activations", step=3)  # leaky ReLU alone, derivative on
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.focused is app.panel)
        explorer = app.panel.explorer
        slope = explorer.leaky_slope
        await pilot.press("plus")
        assert explorer.leaky_slope > slope
        await pilot.press("minus", "minus")
        assert explorer.leaky_slope < slope + 1e-12
        cursor = explorer.cursor
        await pilot.press("right")
        assert explorer.cursor == cursor + explorer.cursor_step
        await pilot.press("d")
        assert explorer.show_derivative is False
        await pilot.press("a")
        assert explorer.shown == "linear"
        assert app.panel.check_action("slope", (1,)) is None  # no leaky curve shown now


async def test_training_starts_pauses_and_resets(make_app):
    app = make_app(lesson="activations", step=LAST)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.panel
        assert panel.experiment.iteration == 0 and not panel.running
        # The real run is over in well under a second; make it long enough to pause mid-way.
        panel.experiment.total_iterations = 10**7
        await pilot.press("space")
        assert panel.running
        await wait_until(pilot, lambda: panel.snapshot.iteration > 0)
        await pilot.press("space")
        assert not panel.running
        await app.workers.wait_for_complete()
        paused_at = panel.experiment.iteration
        await pilot.pause(0.1)
        assert panel.experiment.iteration == paused_at  # paused means paused
        assert 0 < paused_at <= panel.experiment.total_iterations
        await pilot.press("r")
        assert panel.experiment.iteration == 0
        assert panel.snapshot.iteration == 0


async def test_training_runs_to_the_end_and_shows_it(make_app):
    app = make_app(lesson="activations", step=4)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.panel
        await pilot.press("space")
        await wait_until(pilot, lambda: panel.snapshot.finished, tries=2000)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not panel.running
        assert panel.snapshot.iteration == panel.experiment.total_iterations
        # The readouts show the final cost the experiment computed.
        final_cost = f"{panel.experiment.trainers[0].costs[-1]:.4f}"
        # The numbers change when the plot they describe is drawn (throttled, off the loop).
        await wait_until(pilot, lambda: final_cost in panel.query_one("#training-readouts").plain)


async def test_leaving_a_step_stops_its_training(make_app):
    app = make_app(lesson="activations", step=LAST)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.panel
        panel.experiment.total_iterations = 10**7
        await pilot.press("space")
        await wait_until(pilot, lambda: panel.experiment.iteration > 0)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        left_at = panel.experiment.iteration
        await pilot.pause(0.1)
        assert panel.experiment.iteration == left_at < panel.experiment.total_iterations
        assert not panel.running


async def test_quit_while_training(make_app):
    app = make_app(lesson="activations", step=LAST)
    async with app.run_test(size=(80, 24)) as pilot:
        app.panel.experiment.total_iterations = 10**7  # would train for many minutes
        await pilot.press("space")
        await wait_until(pilot, lambda: app.panel.experiment.iteration > 0)
        await pilot.press("q")
        await asyncio.wait_for(app.workers.wait_for_complete(), timeout=5)
    assert app.return_code == 0


async def test_a_diverging_run_shows_and_resets(make_app):
    """A learning rate far too large makes the cost overflow: the panel says so, no crash."""
    step = Step("diverges", "05-sigmoid-output.md", "training", dict(
        runs=(RunSpec("lr 1e4", hidden=(8,), activation="relu", output="linear",
                      init="he", learning_rate=1e4),),
        dataset=DataSpec("curve"),
        total_iterations=200,
    ))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = TrainingPanel(step)
        app.panel.stop()
        await app.panel.remove()
        app.panel = panel
        await app.query_one("#panel-holder").mount(panel)
        await pilot.press("space")
        await wait_until(pilot, lambda: panel.snapshot.finished, tries=2000)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert panel.snapshot.runs[0].diverged
        await wait_until(pilot, lambda: "diverged" in panel.query_one("#training-readouts").plain)
        assert "diverged" in str(panel.query_one("#status").content)
        await pilot.press("r")
        assert not panel.snapshot.runs[0].diverged and panel.snapshot.iteration == 0


async def test_paging_the_lesson_list_while_too_small_does_not_crash(make_app):
    """Found by the monkey: OptionList paging with zero height raised KeyError."""
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("l")
        app.query_one("#lesson-list").focus()
        await pilot.pause()
        assert app.focused is app.query_one("#lesson-list")
        await pilot.press("pagedown", "pageup")
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await pilot.press("pagedown")
        assert app.query_one("#lesson-list").highlighted > 0


async def test_plots_follow_the_theme(make_app):
    from tui.widgets import CurvePlot
    from tui.widgets.curve_plot import palette_from_theme

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
    from lessons.base import _FACTS_CACHE

    _FACTS_CACHE.clear()
    app = make_app(lesson="activations", step=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n", "n", "n")
        assert app.step_index == 7
        markdown = app.query_one("#text")
        assert markdown.source.startswith("# tanh vs sigmoid")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "…" not in markdown.source and "iteration" in markdown.source
