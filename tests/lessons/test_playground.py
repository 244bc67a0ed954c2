"""The playground without a terminal: its spec, knobs, command line and runs."""

from __future__ import annotations

import io
import shlex
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commands.args import OneLineArgumentParser
from commands.playground import (PlaygroundError, add_playground_arguments, spec_from_args,
                                 spec_from_argv, train_args)
from commands.train import add_train_arguments, run_train
from lessons.knobs import with_values
from lessons.playground import (DEFAULT_TEST_SAMPLES, MAX_HIDDEN_LAYERS, PlaygroundSpec,
                                command_lines, playground_knobs, playground_step, train_argv)
from lessons.views import take_frame
from lessons.view_data import BoundaryMaps, Curves, Table


def parse(argv: list[str]):
    return add_playground_arguments(OneLineArgumentParser(prog="dnn-tutor playground")
                                    ).parse_args(argv)


def parse_train(argv: list[str]):
    """``dnn-tutor train``'s options (the playground refuses --print-every: it prints nothing)."""
    return add_train_arguments(OneLineArgumentParser(prog="dnn-tutor train")).parse_args(argv)


def spec_of(command: str) -> PlaygroundSpec:
    return spec_from_argv(shlex.split(command))


def test_no_options_is_train_defaults_with_a_test_set():
    spec = spec_of("")
    assert spec.data.name == "flower" and spec.data.test_m == DEFAULT_TEST_SAMPLES
    assert spec.run.hidden == (4,) and spec.run.hidden_activations == ("tanh",)
    assert spec.run.learning_rate == 1.2 and spec.iterations == 10000
    assert command_lines(spec) == [("", "dnn-tutor playground --test-samples 200")]


def test_the_command_line_reopens_exactly_this_setup():
    command = ("--dataset spiral --samples 300 --noise 0.1 --test-samples 100 --layers 8,8,4 "
               "--activation relu,tanh,leaky_relu --leaky-slope 0.1 --init he --init-seed 7 "
               "--lr 0.03 --l2 0.01 --batch-size 64 --iterations 3000")
    spec = spec_of(command)
    assert spec.run.hidden_activations == ("relu", "tanh", "leaky_relu")
    (_label, line), = command_lines(spec)
    assert spec_of(line.removeprefix("dnn-tutor playground")) == spec


def test_more_than_the_screen_draws_is_refused_with_a_reason():
    with pytest.raises(PlaygroundError, match="up to 6 hidden layers"):
        spec_of("--layers " + ",".join(["2"] * (MAX_HIDDEN_LAYERS + 1)))
    with pytest.raises(PlaygroundError, match="up to 32 units"):
        spec_of("--layers 64")


def test_the_playground_trains_exactly_what_train_prints():
    command = "--dataset moons --samples 120 --layers 5,3 --activation relu --init he --lr 0.3"
    spec = spec_of(command + " --iterations 400")
    experiment = spec.build().run_to_end()
    out = io.StringIO()
    run_train(parse_train(shlex.split(command + " --iterations 400 --print-every 100 "
                                "--test-samples 0")), out)
    printed = [line for line in out.getvalue().splitlines() if line.startswith("Cost")]
    costs = experiment.runs[0].costs
    assert printed == [f"Cost after iteration {i}: {costs[i]:f}" for i in (0, 100, 200, 300)]


def test_layers_copy_the_last_and_the_cursor_edits_its_layer():
    spec = spec_of("--layers 3 --activation relu")
    spec = spec.with_layer_count(3)
    assert spec.run.hidden == (3, 3, 3) and spec.run.hidden_activations == ("relu",) * 3
    spec = spec.move_cursor(1, 0).with_layer(width=9, activation="tanh")
    assert spec.cursor == (2, 0)
    assert spec.run.hidden == (3, 9, 3) and spec.run.hidden_activations == ("relu", "tanh", "relu")
    spec = spec.move_cursor(5, 20)  # clamped: the output layer has one unit
    assert spec.cursor == (4, 0) and not spec.cursor_on_hidden
    assert spec.with_layer_count(1).cursor == (2, 0)  # still inside after layers go


def test_a_cursor_move_trains_the_same_run():
    spec = spec_of("--layers 8,8")
    assert spec.move_cursor(1, 3).same_training(spec)
    assert not spec.with_layer(width=2).same_training(spec)


def test_regression_data_brings_a_linear_output_and_back():
    spec = spec_of("--dataset spiral").with_dataset("curve")
    assert spec.regression and spec.run.output == "linear"
    assert spec.with_dataset("xor").run.output == "sigmoid"


def test_a_b_shares_data_and_seeds_and_edits_b():
    spec = spec_of("--layers 4").toggle_compare()
    assert spec.compare and spec.edited_label == "B" and spec.a == spec.b
    spec = with_values(spec, {"run.learning_rate": 0.1})
    assert spec.b.learning_rate == 0.1 and spec.a.learning_rate == 1.2
    experiment = spec.build()
    assert [r.label for r in experiment.runs] == ["A", "B"]
    switched = spec.switch_edited()
    assert switched.edited_label == "A" and switched.run == spec.a
    assert [line for _l, line in command_lines(spec)] == [
        "dnn-tutor playground --test-samples 200",
        "dnn-tutor playground --test-samples 200 --lr 0.1"]


def test_the_test_cost_is_recorded_as_it_trains():
    spec = spec_of("--samples 100 --test-samples 50 --iterations 30")
    experiment = spec.build()
    experiment.advance(10)
    experiment.advance(20)
    iterations = [i for i, _c in experiment.runs[0].test_costs]
    assert iterations == [0, 10, 30]
    net, test = experiment.runs[0].network, experiment.test
    assert experiment.runs[0].test_costs[-1][1] == net.cost(test.X, test.Y)


def test_a_diverged_run_is_said_so_on_its_map():
    spec = spec_of("--layers 8 --activation linear --output linear --lr 10 --iterations 200")
    experiment = spec.build().run_to_end()
    assert experiment.diverged
    snapshot = take_frame(experiment, playground_step(spec).views)
    maps, curves, table, _network = snapshot.views
    assert isinstance(maps, BoundaryMaps) and "diverged at iteration" in maps.maps[0].title
    assert np.all(maps.maps[0].output == 0.5)  # the neutral surface, not "no value"
    assert table.rows[0][0].text == "diverged"


def test_views_follow_the_kind_of_data():
    classification = take_frame(spec_of("--iterations 5").build(),
                                   playground_step(spec_of("")).views)
    assert isinstance(classification.views[0], BoundaryMaps)
    spec = spec_of("--dataset curve --iterations 5")
    snapshot = take_frame(spec.build(), playground_step(spec).views)
    assert isinstance(snapshot.views[0], Curves) and isinstance(snapshot.views[2], Table)
    assert snapshot.views[2].rows[0][1].text.startswith("MSE")


# Any walk over the knobs gives a setup that trains and that its command line reopens.
KNOB_COUNT = len(playground_knobs(PlaygroundSpec()))


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, KNOB_COUNT - 1), st.sampled_from([1, -1]),
                          st.integers(-1, 1)), max_size=25))
def test_every_knob_walk_gives_a_setup_train_accepts(turns):
    spec = PlaygroundSpec()
    for index, delta, cursor in turns:
        spec = spec.move_cursor(cursor, cursor)
        knob = playground_knobs(spec)[index]
        if knob.applies is None or knob.applies(spec):
            spec, _note = knob.turn(spec, delta)
    args = train_args(spec)
    assert spec_from_args(parse(train_argv(spec.data, spec.run, spec.iterations))) == \
        PlaygroundSpec(spec.data, spec.run, iterations=spec.iterations)
    # train accepts it: the same options run headless for a few iterations
    args.iterations, args.print_every = 3, 1
    out = io.StringIO()
    assert run_train(args, out) == 0
    experiment = spec.build()
    experiment.advance(3)
    costs = experiment.runs[0].costs
    lines = [line for line in out.getvalue().splitlines() if line.startswith("Cost")]
    assert lines == [f"Cost after iteration {i}: {c:f}" for i, c in enumerate(costs)]


# -- the learner's own data (--data FILE) -------------------------------------------------------
DATA_FILES = Path(__file__).parents[1] / "engine" / "data_files"


def test_on_a_file_the_knobs_of_a_built_in_dataset_do_not_apply():
    spec = spec_of(f"--data {DATA_FILES / 'circle.csv'}")
    assert spec.on_file and spec.data.test_m == 0 and not spec.regression
    shown = {knob.label for knob in playground_step(spec).knobs_for(spec)}
    assert not shown & {"data", "noise", "samples", "test", "data seed"}
    assert {"layers", "output", "α", "iterations"} <= shown
    built_in = {knob.label for knob in playground_step(PlaygroundSpec()).knobs_for(
        PlaygroundSpec())}
    assert {"data", "noise", "samples", "test", "data seed"} <= built_in


@pytest.mark.parametrize("options", ["", " --standardize", " --standardize --layers 8,3 "
                                     "--activation relu --lr 0.3 --iterations 2000"])
def test_a_file_playground_command_line_round_trips(options):
    command = f"--data {DATA_FILES / 'circle.csv'}{options}"
    spec = spec_of(command)
    (_label, line), = command_lines(spec)
    assert line == shlex.join(["dnn-tutor", "playground", *shlex.split(command)])
    assert spec_of(line.removeprefix("dnn-tutor playground")) == spec
    assert spec.data.standardize == ("--standardize" in options)


def test_a_file_playground_trains_what_train_prints():
    command = f"--data {DATA_FILES / 'circle.csv'} --standardize --layers 5 --lr 0.5"
    spec = spec_of(command + " --iterations 300")
    experiment = spec.build().run_to_end()
    assert experiment.test is None and experiment.data.X.shape == (2, 6)
    out = io.StringIO()
    run_train(parse_train(shlex.split(command + " --iterations 300 --print-every 100")), out)
    printed = [line for line in out.getvalue().splitlines() if line.startswith("Cost")]
    costs = experiment.runs[0].costs
    assert printed == [f"Cost after iteration {i}: {costs[i]:f}" for i in (0, 100, 200)]
    snapshot = take_frame(experiment, playground_step(spec).views)
    assert isinstance(snapshot.views[0], BoundaryMaps)


def test_a_regression_file_brings_the_fit_and_a_linear_output():
    spec = spec_of(f"--data {DATA_FILES / 'curve.csv'} --iterations 20")
    assert spec.regression and spec.run.output == "linear"
    assert command_lines(spec)[0][1].endswith("curve.csv --iterations 20")  # no --output
    snapshot = take_frame(spec.build(), playground_step(spec).views)
    assert isinstance(snapshot.views[0], Curves)
    assert "output" not in {knob.label for knob in playground_step(spec).knobs_for(spec)}


def test_choosing_a_built_in_dataset_leaves_the_file():
    spec = spec_of(f"--data {DATA_FILES / 'curve.csv'} --standardize").with_dataset("moons")
    assert not spec.on_file and spec.data.name == "moons" and not spec.data.standardize
    assert spec.run.output == "sigmoid"


def test_bad_files_and_options_that_do_not_go_with_data_are_refused():
    from engine.data import DataFileError

    with pytest.raises(DataFileError, match="row 3: label is '2'"):
        spec_of(f"--data {DATA_FILES / 'label_2.csv'}")
    for option in ("--dataset moons", "--samples 50", "--noise 0.1", "--seed 3",
                   "--test-samples 100", "--test-seed 3"):
        with pytest.raises(PlaygroundError, match="describes a built-in dataset"):
            spec_of(f"--data {DATA_FILES / 'circle.csv'} {option}")
    with pytest.raises(PlaygroundError, match="--standardize applies to --data"):
        spec_of("--standardize")


def test_the_file_is_read_once_and_again_when_it_changes(tmp_path, monkeypatch):
    import os

    from engine import data
    from lessons import experiments

    path = tmp_path / "points.csv"
    path.write_bytes((DATA_FILES / "circle.csv").read_bytes())
    reads = []
    load_csv = data.load_csv
    monkeypatch.setattr(data, "load_csv", lambda *a, **k: reads.append(a) or load_csv(*a, **k))
    spec = spec_of(f"--data {path}")
    spec.build()
    spec.build().reset()
    assert spec.regression is False and spec.data.load().X.shape == (2, 6)
    assert len(reads) == 1
    path.write_text("x,y\n1,2\n3,4\n", encoding="utf-8")
    os.utime(path, ns=(0, 10**18))  # a new modification time, whatever the clock's grain
    assert spec.data.load().X.shape == (1, 2) and spec.regression and len(reads) == 2
    # the file gone (or spoilt) under an open playground: the last good version goes on
    path.unlink()
    assert spec.data.load().X.shape == (1, 2)
    experiments._FILES.clear()
    with pytest.raises(data.DataFileError, match="cannot read it"):
        spec.data.load()


# -- hand-made features (TensorFlow Playground's inputs) ---------------------------------------
def test_the_features_knobs_switch_the_picked_input_and_keep_one():
    knobs = {knob.label: knob for knob in playground_knobs(PlaygroundSpec())}
    pick, use = knobs["input"], knobs["in use"]
    spec = spec_of("--dataset circles --layers ''")
    assert spec.feature == "x1" and use.value_in(spec) is True
    spec, _ = use.turn(spec, 1)                      # x1 off: the network sees x2 only
    assert spec.run.features == ("x2",) and use.value_in(spec) is False
    picked, _ = pick.turn(spec, 1)                   # picking x2 trains the same run
    assert picked.feature == "x2" and picked.same_training(spec)
    assert use.turn(picked, 1)[0] == picked          # the last input stays
    for _ in range(2):                               # x2 -> x1^2 -> x2^2, each switched on
        picked, _ = pick.turn(picked, 1)
        picked, _ = use.turn(picked, 1)
    assert picked.run.features == ("x2", "x1^2", "x2^2")
    (_label, line), = command_lines(picked)
    assert "--features 'x2,x1^2,x2^2'" in line
    assert spec_of(line.removeprefix("dnn-tutor playground")).run == picked.run
    network = picked.build().runs[0].network
    assert network.layer_dims == (3, 1) and network.features == ("x2", "x1^2", "x2^2")
    # x1 back on and the squares off: the point itself, which needs no --features
    back = with_values(picked, {"feature": "x1"})
    back, _ = use.turn(back, 1)
    for name in ("x1^2", "x2^2"):
        back, _ = use.turn(with_values(back, {"feature": name}), 1)
    assert back.run.features is None and "--features" not in command_lines(back)[0][1]


def test_a_regression_has_no_features():
    spec = spec_of("--dataset circles --features x1*x2")
    curve = spec.with_dataset("curve")
    assert curve.run.features is None and curve.build().runs[0].network.layer_dims[0] == 1
    knobs = [k.label for k in playground_step(curve).knobs_for(curve)]
    assert "input" not in knobs and "in use" not in knobs
    with pytest.raises(PlaygroundError, match="functions of a point"):
        spec_of("--dataset curve --features x1")


def test_the_playground_on_features_trains_what_train_prints():
    command = "--dataset xor --samples 120 --layers 3 --features x1*x2,sin(x2) --lr 0.3"
    experiment = spec_of(command + " --iterations 200").build().run_to_end()
    out = io.StringIO()
    run_train(parse_train(shlex.split(command + " --iterations 200 --print-every 100 "
                                                "--test-samples 0")), out)
    printed = [line for line in out.getvalue().splitlines() if line.startswith("Cost")]
    costs = experiment.runs[0].costs
    assert printed == [f"Cost after iteration {i}: {costs[i]:f}" for i in (0, 100)]
