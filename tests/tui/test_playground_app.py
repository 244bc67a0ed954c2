"""The playground in the app: every knob, the cursor, A/B, divergence and reset, export, the
command line, and its pictures at 80x24 and 160x48."""

from __future__ import annotations

import io
import shlex
import subprocess
import sys

import pytest

from commands.playground import spec_from_argv, train_args
from commands.train import run_train
from lessons.i18n import tr
from lessons.playground import PlaygroundSpec, command_lines, playground_knobs
from lessons.view_data import BoundaryMaps, Curves
from tui.app import DnnTutorApp
from tui.cli import main
from tui.panel import StepPanel
from tui.playground import PlaygroundPanel, PlaygroundScreen
from tui.screens import HelpScreen

from waiting import drained, settled, wait_until

KEY_NAMES = {"plus": "plus", "minus": "minus"}


def spec_of(command: str) -> PlaygroundSpec:
    return spec_from_argv(shlex.split(command))




def panel_of(app) -> PlaygroundPanel:
    assert isinstance(app.screen, PlaygroundScreen)
    return app.screen.panel


# -- every knob by its keys ----------------------------------------------------------------------
# A setup where every knob applies: a leaky layer (the slope), small init (the scale), a
# classification set (the output).
ALL_KNOBS = "--layers 4,4 --activation leaky_relu,tanh --init small --iterations 1000"
KNOBS = playground_knobs(spec_of(ALL_KNOBS))


@pytest.mark.parametrize("index", range(len(KNOBS)), ids=[k.label for k in KNOBS])
async def test_every_knob_turns_with_its_keys(make_app, index):
    knob = KNOBS[index]
    app = make_app(playground=spec_of(ALL_KNOBS))
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        panel = panel_of(app)
        before = knob.value_in(panel.spec)
        # up its ladder, or down from the top of it (the full batch is the biggest)
        at_top = knob.turn(panel.spec, 1)[1] is not None
        key, back = (knob.down, knob.up_keys[0]) if at_top else (knob.up_keys[0], knob.down)
        await pilot.press(key)
        await settled(pilot)
        panel = panel_of(app)  # a new panel when the data changed kind
        after = knob.value_in(panel.spec)
        assert after != before, f"{knob.label}: {key} did not turn it"
        assert f"{knob.label:<10} {knob.fmt(after)}" in panel.knob_table.plain
        # the command line follows the knob
        assert command_lines(panel.spec)[0][1] in panel.command_text
        if back:
            await pilot.press(back)
            await settled(pilot)
            assert knob.value_in(panel_of(app).spec) == before


async def test_the_cursor_moves_without_restarting_the_run(make_app):
    app = make_app(playground=spec_of("--layers 8,8 --iterations 1000"))
    async with app.run_test(size=(160, 48)) as pilot:
        await settled(pilot)
        panel = panel_of(app)
        await pilot.press("s")
        generation = panel.generation
        await pilot.press("right", "down", "down")
        await settled(pilot)
        assert panel.spec.cursor == (2, 2)
        assert panel.generation == generation and panel.experiment.iteration == 100
        network = panel.shown_frame.views[3]
        assert network.cursor == (2, 2)
        # the per-layer knobs now edit layer 2
        await pilot.press("u")
        await settled(pilot)
        assert panel.spec.run.hidden == (8, 9)
        assert "layer 2 of 2" in panel.knob_table.plain


async def test_a_b_trains_both_and_resets_both(make_app):
    app = make_app(playground=spec_of("--samples 100 --iterations 1000"))
    async with app.run_test(size=(160, 48)) as pilot:
        await settled(pilot)
        await pilot.press("y", "e", "s", "s")  # B at the next learning rate
        await settled(pilot)
        panel = panel_of(app)
        assert [r.label for r in panel.experiment.runs] == ["A", "B"]
        assert [r.trainer.iteration for r in panel.experiment.runs] == [200, 200]
        assert panel.spec.a.learning_rate == 1.2 and panel.spec.b.learning_rate == 2.0
        maps = panel.shown_frame.views[0]
        assert [m.title for m in maps.maps] == ["A", "B"]
        await pilot.press("r")
        await settled(pilot)
        assert [r.trainer.iteration for r in panel.experiment.runs] == [0, 0]
        await pilot.press("tab")
        assert panel.spec.edited_label == "A" and "editing A" in panel.knob_table.plain


async def test_a_diverging_run_says_so_with_a_hint_and_resets(make_app):
    spec = spec_of("--layers 8 --activation linear --output linear --lr 10 --iterations 1000")
    app = make_app(playground=spec)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        panel = panel_of(app)
        await pilot.press("s")
        await settled(pilot)
        status = str(panel._status.render())
        assert "diverged at iteration 6" in status and "smaller α (E)" in status
        assert "diverged at iteration 6" in panel.shown_frame.views[0].maps[0].title
        await pilot.press("r")
        await settled(pilot)
        assert not panel.experiment.diverged and panel.experiment.iteration == 0
        await pilot.press("E", "E", "E", "E", "s")  # α 10 → 1.0: it trains
        await settled(pilot)
        assert panel.spec.run.learning_rate == 1.0 and not panel.experiment.diverged


async def test_regression_data_swaps_the_map_for_the_fit(make_app):
    app = make_app(playground=spec_of("--dataset spiral --iterations 1000"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        panel = panel_of(app)
        assert isinstance(panel.shown_frame.views[0], BoundaryMaps)
        await pilot.press("d")  # spiral → curve
        await settled(pilot)
        panel = panel_of(app)
        assert panel.spec.data.name == "curve" and panel.spec.run.output == "linear"
        assert isinstance(panel.shown_frame.views[0], Curves)
        assert panel.has_focus


async def test_export_from_the_app_prints_what_train_prints(make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = spec_of("--dataset xor --samples 80 --layers 3 --activation relu --init he "
                   "--lr 0.3 --iterations 300")
    app = make_app(playground=spec)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("x", "x")
        await settled(pilot)
    scripts = sorted(p.name for p in tmp_path.glob("*.py"))
    assert scripts == ["playground_xor.py", "playground_xor_2.py"]  # never overwritten
    printed = subprocess.run([sys.executable, "playground_xor.py"], cwd=tmp_path,
                             capture_output=True, text=True, timeout=60)
    expected = io.StringIO()
    run_train(train_args(spec), expected)
    assert printed.returncode == 0 and printed.stdout == expected.getvalue()


async def test_escape_goes_back_to_the_lesson_and_lesson_keys_wait(make_app):
    app = make_app(lesson="boundaries", step=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("P")
        await settled(pilot)
        assert isinstance(app.screen, PlaygroundScreen)
        assert "esc lessons" in app.screen.query_one("#play-keys").line
        await pilot.press("n", "l")  # lesson keys do nothing here
        assert (app.lesson_index, app.step_index) == (5, 0)
        await pilot.press("escape")
        await settled(pilot)
        assert not isinstance(app.screen, PlaygroundScreen) and app.panel.has_focus


async def test_a_running_playground_stops_when_left(make_app):
    arrivals = []

    def hook(message):
        if isinstance(message, StepPanel.FrameTaken):
            arrivals.append(message.panel)

    app = make_app(playground=spec_of("--iterations 20000"))
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await settled(pilot)
        panel = panel_of(app)
        await pilot.press("space")
        await wait_until(pilot, lambda: panel.experiment.iteration > 0)
        await pilot.press("escape")
        await drained(app)
        stopped_at = panel.experiment.iteration
        await pilot.pause(0.2)
        assert panel.experiment.iteration == stopped_at and not panel.running


def run_cli(capsys, *argv: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    return exit_info.value.code, capsys.readouterr().err


@pytest.mark.parametrize("argv,message", [
    (("--layers", "1,2,3,4,5,6,7"), "up to 6 hidden layers"),
    (("--layers", "40"), "up to 32 units"),
    (("--init", "zeros", "--init-scale", "2"), "--init-scale sets the factor"),
    (("--dataset", "curve", "--output", "sigmoid"), "needs 0/1 labels"),
    (("--dataset", "xor", "--noise", "0.9"), "--dataset xor"),
    (("--layers", "2,2", "--activation", "relu,tanh,relu"), "--activation gives 3"),
])
def test_bad_playground_options_exit_2_with_one_line(capsys, argv, message):
    code, err = run_cli(capsys, "playground", *argv)
    assert code == 2 and message in err and err.count("\n") == 1, err


def test_the_playground_command_opens_the_app_on_it(monkeypatch):
    opened = {}
    monkeypatch.setattr(DnnTutorApp, "run", lambda self: opened.setdefault("spec",
                                                                          self._playground_spec))
    command = "--dataset spiral --layers 8,8 --activation relu --lr 0.03"
    assert main(["playground", *shlex.split(command)]) == 0
    assert opened["spec"] == spec_of(command)


async def test_the_playground_on_a_file_of_the_learner(make_app, tmp_path, monkeypatch):
    from pathlib import Path

    monkeypatch.chdir(tmp_path)
    source = Path(__file__).parents[1] / "engine" / "data_files" / "circle.csv"
    (tmp_path / "points.csv").write_bytes(source.read_bytes())
    spec = spec_of("--data points.csv --standardize --layers 3 --lr 0.5 --iterations 1000")
    app = make_app(playground=spec)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        panel = panel_of(app)
        table = panel.knob_table.plain
        assert "file points.csv" in table and "standardized" in table
        assert not any(row.split()[1:2] in (["data"], ["noise"], ["samples"], ["test"])
                       for row in table.splitlines())
        await pilot.press("d", "m", "t")  # the keys of a built-in dataset's knobs: nothing
        await settled(pilot)
        assert panel_of(app).spec == spec
        await pilot.press("s")
        await settled(pilot)
        panel = panel_of(app)
        assert panel.experiment.iteration == 100 and panel.experiment.test is None
        assert isinstance(panel.shown_frame.views[0], BoundaryMaps)
        assert ("$ dnn-tutor playground --data points.csv --standardize --layers 3 --lr 0.5 "
                "--iterations 1000") in panel.command_text
        await pilot.press("x")
        await settled(pilot)
    printed = subprocess.run([sys.executable, "playground_points.py"], cwd=tmp_path,
                             capture_output=True, text=True, timeout=60)
    expected = io.StringIO()
    run_train(train_args(spec), expected)
    assert printed.returncode == 0 and printed.stdout == expected.getvalue()


@pytest.mark.parametrize("ab", [False, True], ids=["one", "a-b"])
async def test_a_short_playground_shows_its_map_large_and_the_plot_behind_g(make_app, ab):
    """At 80x24 the map was 14x7 cells under a 7-row cost plot: in a short panel the map
    takes the place alone, and g brings the network, then the plot (in the map's rows), then
    the data again (its m is a knob: g, not m, as in a lesson step). From 120x40 all stand."""
    from tui.widgets.boundary_map import LEGIBLE_COLS, LEGIBLE_ROWS, BoundaryMapView
    from tui.widgets.curve_plot import CurvePlot
    from tui.widgets.shared_place import BOTH_FROM

    app = make_app(playground=spec_of("--iterations 1000"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        if ab:  # two maps side by side
            await pilot.press("y")
            await settled(pilot)
        panel = panel_of(app)
        assert panel.size.height < BOTH_FROM
        (plot,) = [w for w in panel.query(CurvePlot) if "view-1" == w.id]
        maps = list(panel.query(BoundaryMapView))
        assert all(w.display for w in maps) and not plot.display
        # Measured: 28x14 cells (A/B: two of 23x11); they were 14x7 (A/B: 12x6).
        times = 1.5 if ab else 2
        for view in maps:
            layout = view.layout_info
            assert layout.map_height >= times * LEGIBLE_ROWS, layout
            assert layout.map_width >= times * LEGIBLE_COLS, layout
        seen = []
        for _ in range(3):
            seen.append(panel.next_picture())
            await pilot.press("g")
            await settled(pilot)
        assert seen == ["network", "plot", "data"]
        await pilot.press("question_mark")  # g listed once, with what it brings now
        assert isinstance(app.screen, HelpScreen)
        rows = [(keys, does) for keys, does, _where in app.screen.rows if keys == "g"]
        assert rows == [("g", tr("Below 120 columns: the network drawn in place of the data"))]
        await pilot.press("escape")
        assert all(w.display for w in maps) and not plot.display  # round to the data
        await pilot.press("g", "g")
        await settled(pilot)
        assert plot.display and not any(w.display for w in maps)
        assert plot.region.height >= 2 * LEGIBLE_ROWS  # the rows the map had
        await pilot.resize_terminal(120, 40)
        await settled(pilot)
        assert all(w.display for w in maps) and plot.display
        assert panel.next_picture() is None


async def test_the_network_alone_beside_the_knobs_has_one_border_between_them(make_app):
    """At 80x24, g shows the network in the pictures' place, right beside the knob column:
    the column's border is the one line between them (the network's own doubled it, "││").
    Beside the maps (from 120 columns) its border separates it from them."""
    app = make_app(playground=spec_of("--iterations 1000"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        panel = panel_of(app)
        await pilot.press("g")
        await settled(pilot)
        net, knobs = panel.query_one("#play-net"), panel.query_one("#play-knobs-scroll")
        assert net.display and not panel.query_one("#play-views").display
        assert knobs.styles.border_right[0] not in ("", "none")
        assert net.styles.border_left[0] in ("", "none")
        await pilot.resize_terminal(160, 48)
        await settled(pilot)
        assert panel.query_one("#play-views").display
        assert net.styles.border_left[0] not in ("", "none")
