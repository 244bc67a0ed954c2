"""`dnn-tutor train`: headless training from the command line (commands/train.py via tui/cli.py)."""

import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from engine import __version__
from tui.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    status = main(["train", *argv])
    captured = capsys.readouterr()
    return status, captured.out.splitlines(), captured.err


def fails(capsys, *argv) -> str:
    """Run, expect exit status 2, and return the one line written to stderr."""
    with pytest.raises(SystemExit) as info:
        main(["train", *argv])
    assert info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("dnn-tutor train: error: ")
    return lines[0]


def test_default_run_prints_the_course(capsys):
    status, lines, err = run(capsys)
    assert status == 0 and err == ""
    assert lines[0] == "Cost after iteration 0: 0.693048"
    assert lines[1] == "Cost after iteration 1000: 0.288083"
    assert lines[7] == "Cost after iteration 7000: 0.217504"
    assert [line.split(":")[0] for line in lines[:10]] == [
        f"Cost after iteration {i}" for i in range(0, 10000, 1000)]
    # The engine's value, not the course's: the course prints "Accuracy: 90%" (an int() of the
    # percentage). Its own code (sigmoid 1/(1+e^-z), as the engine's) gives 90.75% on this numpy
    # as well; the late iterations of this run are sensitive to rounding (see test_course).
    assert lines[10] == "Train accuracy: 90.75%"
    assert len(lines) == 11  # no test set by default


def test_json_lines(capsys):
    status, lines, _ = run(capsys, "--iterations", "300", "--print-every", "100",
                           "--test-samples", "100", "--json")
    assert status == 0
    objects = [json.loads(line) for line in lines]
    assert [o["iteration"] for o in objects[:-1]] == [0, 100, 200]
    assert objects[0]["cost"] == pytest.approx(0.693048, abs=1e-6)
    final = objects[-1]
    assert final["diverged"] is False
    assert 0 <= final["train_accuracy"] <= 1 and 0 <= final["test_accuracy"] <= 1
    assert final["train_accuracy"] != round(final["train_accuracy"])  # a fraction, not percent


def test_json_without_test_set_has_null_test_accuracy(capsys):
    _, lines, _ = run(capsys, "--iterations", "5", "--json")
    final = json.loads(lines[-1])
    assert final["test_accuracy"] is None and final["train_accuracy"] is not None


def test_test_set_and_the_initialization_assignment_options(capsys):
    status, lines, _ = run(
        capsys, "--dataset", "circles", "--samples", "300", "--noise", "0.05", "--seed", "1",
        "--test-samples", "100", "--layers", "10,5", "--activation", "relu", "--init", "he",
        "--init-seed", "3", "--lr", "0.01", "--iterations", "2001")
    assert status == 0
    assert lines[0] == "Cost after iteration 0: 0.883054"
    assert lines[1] == "Cost after iteration 1000: 0.687983"
    assert lines[2].startswith("Cost after iteration 2000: ")
    assert lines[3].startswith("Train accuracy: ") and lines[4].startswith("Test accuracy: ")


def test_logistic_regression(capsys):
    status, lines, _ = run(capsys, "--layers", "", "--iterations", "500", "--print-every", "250")
    assert status == 0
    assert lines[0].startswith("Cost after iteration 0: 0.6931")  # small W: about log 2
    accuracy = float(lines[-1].split(": ")[1].rstrip("%"))
    assert accuracy < 60


def test_linear_output_reports_mse_not_accuracy_on_labels(capsys):
    # A linear output is a regression: it is scored by its MSE, even on 0/1 labels.
    status, lines, _ = run(capsys, "--output", "linear", "--lr", "0.05", "--iterations", "200",
                           "--print-every", "100", "--test-samples", "100")
    assert status == 0
    assert lines[-2].startswith("Train MSE: ") and lines[-1].startswith("Test MSE: ")
    assert not any("accuracy" in line for line in lines)
    _, lines, _ = run(capsys, "--output", "linear", "--lr", "0.05", "--iterations", "3",
                      "--test-samples", "100", "--json")
    final = json.loads(lines[-1])
    assert final["train_accuracy"] is None and final["test_accuracy"] is None
    assert 0 < final["train_mse"] < 1 and 0 < final["test_mse"] < 1


def test_regression_dataset_reports_mse(capsys):
    status, lines, _ = run(capsys, "--dataset", "curve", "--layers", "8", "--lr", "0.05",
                           "--iterations", "200", "--print-every", "100", "--test-samples", "50")
    assert status == 0
    assert lines[-2].startswith("Train MSE: ") and lines[-1].startswith("Test MSE: ")
    _, lines, _ = run(capsys, "--dataset", "curve", "--iterations", "3", "--lr", "0.05", "--json")
    final = json.loads(lines[-1])
    assert final["train_accuracy"] is None and final["train_mse"] > 0


def test_divergence_is_reported_not_raised(capsys):
    status, lines, err = run(capsys, "--dataset", "curve", "--layers", "16", "--lr", "5",
                             "--iterations", "1000", "--print-every", "100")
    assert status == 0 and err == ""
    assert lines[-1].startswith("Diverged at iteration ")
    assert "try a smaller --lr" in lines[-1]
    _, lines, _ = run(capsys, "--dataset", "curve", "--layers", "16", "--lr", "5",
                      "--iterations", "1000", "--json")
    final = json.loads(lines[-1])
    assert final["diverged"] is True and final["train_mse"] is None


def test_mini_batch_and_l2_options(capsys):
    status, lines, _ = run(capsys, "--batch-size", "64", "--l2", "0.5", "--iterations", "50",
                           "--print-every", "25")
    assert status == 0 and len(lines) == 3


@pytest.mark.parametrize(
    "argv, names",
    [
        (["--lr", "abc"], ["--lr", "number", "'abc'"]),
        (["--lr", "0"], ["--lr", "> 0"]),
        (["--lr", "-1"], ["--lr", "> 0"]),
        (["--layers", "4,-1"], ["--layers", "positive integers", "'4,-1'"]),
        (["--layers", "4,x"], ["--layers", "positive integers"]),
        (["--layers", "0"], ["--layers"]),
        (["--iterations", "0"], ["--iterations", "from 1 to 1000000"]),
        (["--iterations", "ten"], ["--iterations", "'ten'"]),
        (["--print-every", "0"], ["--print-every", "from 1 to 1000000"]),
        (["--noise", "-0.1"], ["--noise", ">= 0"]),
        (["--samples", "-5"], ["--samples", "from 1 to 100000"]),
        (["--test-samples", "-1"], ["--test-samples"]),
        (["--seed", "x"], ["--seed"]),
        (["--dataset", "iris"], ["--dataset", "'iris'", "flower", "circles", "curve"]),
        (["--activation", "softmax"], ["--activation", "relu", "leaky_relu"]),
        (["--init", "glorot"], ["--init", "xavier", "he"]),
        (["--output", "softmax"], ["--output", "sigmoid", "linear"]),
        (["--init", "he", "--init-scale", "3"], ["--init-scale", "small or large", "constant"]),
        (["--init", "zeros", "--init-scale", "3"], ["--init-scale", "--init zeros"]),
        (["--init", "constant", "--init-scale", "-1"], ["--init-scale", "> 0"]),
        (["--dataset", "xor", "--noise", "0.9"], ["--dataset xor", "noise", "0.5"]),
        (["--dataset", "curve", "--output", "sigmoid"], ["--output sigmoid", "linear"]),
        (["--batch-size", "0"], ["--batch-size"]),
        (["--l2", "-1"], ["--l2"]),
        (["--lr"], ["--lr", "expected one argument"]),
    ],
)
def test_bad_values_exit_2_with_one_line(capsys, argv, names):
    line = fails(capsys, *argv)
    for name in names:
        assert name in line, line


def test_unknown_option_is_one_line(capsys):
    with pytest.raises(SystemExit) as info:
        main(["train", "--learning-rate", "1"])
    assert info.value.code == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "unrecognized arguments: --learning-rate" in err[0]


def exit_0(capsys, argv: list[str]) -> str:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 0
    return capsys.readouterr().out


def test_version(capsys):
    assert exit_0(capsys, ["--version"]).strip() == f"dnn-tutor {__version__}"


def test_help_names_every_option_and_command(capsys):
    out = exit_0(capsys, ["--help"])
    for option in ("-h, --help", "--version", "--list", "--lesson ID", "--step N",
                   "--lessons DIR", "--lang {en,ko}"):
        assert f"\n  {option} " in out, option
    assert "open this step (1-based)" in out
    for command in ("train", "export", "playground", "serve", "lesson"):
        assert re.search(rf"^    {command} +\S", out, re.M), command  # named, with its line
    assert "--no-save" not in out  # what serve runs, not a learner's option


TRAIN_OPTIONS = ("--dataset NAME", "--data FILE", "--standardize", "--samples M", "--noise X",
                 "--seed S", "--test-samples M", "--test-seed S", "--layers SIZES",
                 "--activation NAMES", "--leaky-slope F", "--output NAME", "--init NAME",
                 "--init-scale F", "--init-seed S", "--lr ALPHA", "--iterations N",
                 "--print-every N", "--l2 LAMBDA", "--batch-size B", "--json", "--probes")


def test_train_help_names_every_option_and_its_limit(capsys):
    out = " ".join(exit_0(capsys, ["train", "--help"]).split())
    for option in TRAIN_OPTIONS:
        assert f" {option} " in out, option
    for limit in ("one of: flower, circles, moons, xor, gaussian, spiral, curve",
                  "training examples, 1..100000", "test examples, 0..100000",
                  "flower 4, circles 2, moons 2, xor 0.5, gaussian 0.5, spiral 0.5, curve 5",
                  "so then --seed is at most 2**32-2",
                  "up to 100 layers of up to 1000 units",
                  "one of: sigmoid, tanh, relu, leaky_relu, linear",
                  "sigmoid (cross-entropy cost) or linear", "at most 100",
                  "gradient-descent steps, 1..1000000", "every N iterations, 1..1000000",
                  "mini-batch size, 1..100000", "At most 10000000 weights"):
        assert limit in out, limit


def test_module_entry_point_in_a_subprocess():
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", "train", "--iterations", "10", "--print-every", "5"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONWARNINGS": "error::RuntimeWarning"},
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Cost after iteration 0: 0.693048"
    assert lines[1].startswith("Cost after iteration 5: ")
    assert lines[2].startswith("Train accuracy: ") and result.stderr == ""


# -- --init constant ------------------------------------------------------------------------------
def probe_lines(capsys, *argv):
    status, lines, err = run(capsys, *argv, "--probes", "--json")
    assert status == 0 and err == ""
    return [json.loads(line) for line in lines[:-1]], json.loads(lines[-1])


def test_init_constant_with_a_scale(capsys):
    status, lines, _ = run(capsys, "--init", "constant", "--init-scale", "0.5",
                           "--iterations", "2000")
    assert status == 0 and lines[0].startswith("Cost after iteration 0: ")
    _, other, _ = run(capsys, "--init", "constant", "--iterations", "2000")
    assert other == lines  # 0.5 is the default scale
    _, other, _ = run(capsys, "--init", "constant", "--init-scale", "0.25", "--iterations", "2000")
    assert other[0] != lines[0]  # the scale is used


def test_init_constant_learns_while_the_spread_stays_zero(capsys):
    prints, final = probe_lines(capsys, "--init", "constant", "--init-scale", "0.5",
                                "--iterations", "3001")
    costs = [p["cost"] for p in prints]
    assert costs[-1] < costs[0] - 0.3 and final["diverged"] is False
    for p in prints:
        hidden = p["layers"][0]
        assert hidden["layer"] == 1 and hidden["activation"] == "tanh"
        assert hidden["unit_spread"] == 0.0       # 4 identical units, bit for bit
        assert hidden["grad_norm"] > 0             # which do move


# -- --probes ---------------------------------------------------------------------------------------
def test_probes_after_zero_init_every_gradient_is_zero(capsys):
    prints, _ = probe_lines(capsys, "--init", "zeros", "--layers", "4,3", "--iterations", "301",
                            "--print-every", "100")
    assert [p["iteration"] for p in prints] == [0, 100, 200, 300]
    for p in prints:
        assert p["cost"] == pytest.approx(0.693147, abs=5e-7)
        assert [layer["layer"] for layer in p["layers"]] == [1, 2, 3]
        for layer in p["layers"][:-1]:  # the hidden layers
            assert layer["grad_norm"] == 0.0 and layer["unit_spread"] == 0.0
            assert layer["saturated"] == 0.0 and layer["dead"] is None
        out = p["layers"][-1]
        assert out["activation"] == "sigmoid" and out["grad_norm"] == 0.0  # A[L-1] = 0


def test_probes_are_those_of_the_printed_iteration(capsys):
    """At a print of iteration i: the parameters before step i's update and the gradient
    computed in step i, as the cost is."""
    from engine import Network, Trainer
    from engine.data import load
    from engine.probes import layer_probes

    argv = ["--layers", "5,3", "--activation", "relu", "--init", "he", "--lr", "0.3",
            "--iterations", "41", "--print-every", "20"]
    prints, _ = probe_lines(capsys, *argv)
    flower = load("flower")
    net = Network([2, 5, 3, 1], "relu", "sigmoid", init="he", init_seed=2)
    trainer = Trainer(net, flower.X, flower.Y, 0.3)
    for p in prints:
        i = p["iteration"]
        trainer.run(i - trainer.iteration)           # now at iteration i, step i not run
        _, cache = net.forward(flower.X)
        grads = net.backward(cache, flower.Y)        # the gradient step i computes
        expected = [q.as_dict() for q in layer_probes(net, flower.X, grads)]
        assert p["layers"] == expected, i
        assert p["cost"] == net.cost(flower.X, flower.Y)
    assert [p["iteration"] for p in prints] == [0, 20, 40]
    assert prints[0]["layers"][0]["dead"] is not None  # ReLU layers count dead units


def test_probes_text_table(capsys):
    status, plain, _ = run(capsys, "--iterations", "2001")
    status2, lines, _ = run(capsys, "--iterations", "2001", "--probes", "--layers", "4")
    assert status == status2 == 0
    # the same cost and accuracy lines, a table of 1 header + L rows under each cost
    assert [line for line in lines if not line.startswith("  ")] == plain
    assert lines[0] == "Cost after iteration 0: 0.693048"
    assert lines[1].split() == ["layer", "activation", "spread", "saturated", "dead", "|dW|"]
    assert lines[2].split()[:2] == ["1", "tanh"] and lines[3].split()[:2] == ["2", "sigmoid"]
    assert lines[3].split()[2] == "0"    # one output unit: spread 0 by definition
    assert lines[2].split()[4] == "-"    # tanh has no dead units
    assert lines[4] == "Cost after iteration 1000: 0.288083"
    assert all(len(line) <= 80 for line in lines)
    assert len({len(line) for line in lines if line.startswith("  ")}) == 1  # aligned
    assert lines[-1] == plain[-1]


def test_probes_text_table_relu_and_leaky(capsys):
    _, lines, _ = run(capsys, "--iterations", "1", "--probes", "--layers", "3,2",
                      "--activation", "leaky_relu")
    rows = [line.split() for line in lines[2:4]]
    assert rows[0][1] == "leaky_relu" and rows[0][3] == "-" and rows[0][4] == "-"
    _, lines, _ = run(capsys, "--iterations", "1", "--probes", "--activation", "relu")
    assert lines[2].split()[3:5] == ["-", "0"]  # no saturation; 0 dead units


def test_without_probes_nothing_changes(capsys):
    _, plain, _ = run(capsys, "--iterations", "300", "--print-every", "100", "--json")
    assert all("layers" not in json.loads(line) for line in plain)
    _, probed, _ = run(capsys, "--iterations", "300", "--print-every", "100", "--json",
                       "--probes")
    for a, b in zip(plain, probed):
        a, b = json.loads(a), json.loads(b)
        b.pop("layers", None)
        assert a == b


def test_probes_of_a_diverging_run_are_null_not_nan(capsys):
    status, lines, _ = run(capsys, "--dataset", "curve", "--layers", "16", "--lr", "5",
                           "--iterations", "1000", "--print-every", "1", "--probes", "--json")
    assert status == 0
    prints = [json.loads(line) for line in lines[:-1]]   # json.loads accepts NaN: check text
    assert all("NaN" not in line and "Infinity" not in line for line in lines)
    last = prints[-1]
    # the step that diverged: its cost non-finite (null), or finite with weights past
    # MAX_WEIGHT (here W blows up first: ~2e9 at a finite cost)
    assert last["cost"] is None or last["cost"] > 1e3
    assert all(layer["grad_norm"] is None or math.isfinite(layer["grad_norm"])
               for layer in last["layers"])
    assert json.loads(lines[-1])["diverged"] is True
    _, text, _ = run(capsys, "--dataset", "curve", "--layers", "16", "--lr", "5",
                     "--iterations", "1000", "--print-every", "1", "--probes")
    assert text[-1].startswith("Diverged at iteration ")


# -- ending quietly: ctrl-c and a closed pipe (python -m commands.train = run_train_guarded) -----
def start_train_module(*argv):
    import signal

    return subprocess.Popen(
        [sys.executable, "-m", "commands.train", *argv],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONWARNINGS": "error::RuntimeWarning"},
        # Python turns SIGINT into KeyboardInterrupt only if the parent left it at its default.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


@pytest.mark.parametrize("extra", [[], ["--json", "--probes"]])
def test_ctrl_c_prints_one_line_and_exits_130(extra):
    import re
    import signal

    proc = start_train_module("--iterations", "1000000", "--print-every", "500", *extra)
    try:
        first = proc.stdout.readline()
        assert first, proc.stderr.read()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130, err
    match = re.fullmatch(r"interrupted at iteration (\d+)\n", err)
    assert match, err
    assert int(match.group(1)) >= 1            # step 0 had run: its cost was printed
    lines = [first, *out.splitlines(keepends=True)]
    assert all(line.endswith("\n") for line in lines)  # whole lines only


def test_closed_pipe_exits_quietly():
    proc = start_train_module("--iterations", "1000000", "--print-every", "1")
    try:
        first = proc.stdout.readline()
        assert first.startswith("Cost after iteration 0: ")
        proc.stdout.close()                     # the reader goes away, as `head -1` does
        status = proc.wait(timeout=60)
        err = proc.stderr.read()
    finally:
        proc.kill()
    assert err == ""                            # no traceback, no "Exception ignored"
    assert status == 141


def test_pipe_into_head():
    import shlex

    command = (f"set -o pipefail; {shlex.quote(sys.executable)} -m commands.train "
               "--iterations 1000000 --print-every 1 --probes | head -1")
    result = subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.stdout == "Cost after iteration 0: 0.693048\n"
    assert result.stderr == ""
    assert result.returncode == 141             # what pipefail reports for `yes | head -1` too


def test_guarded_wrapper_returns_run_trains_status(capsys):
    from commands.args import OneLineArgumentParser
    from commands.train import add_train_arguments, run_train_guarded

    parser = add_train_arguments(OneLineArgumentParser(prog="dnn-tutor train"))
    assert run_train_guarded(parser.parse_args(["--iterations", "3"])) == 0
    assert capsys.readouterr().out.startswith("Cost after iteration 0: 0.693048\n")


# -- one activation per hidden layer; the leaky ReLU's slope ----------------------------------
def test_one_activation_per_hidden_layer(capsys):
    prints, _ = probe_lines(capsys, "--layers", "8,8,4", "--activation", "relu,tanh,sigmoid",
                            "--init", "he", "--iterations", "3")
    assert [layer["activation"] for layer in prints[0]["layers"]] == [
        "relu", "tanh", "sigmoid", "sigmoid"]
    # one name: every hidden layer; the same run as naming it for each layer
    _, one, _ = run(capsys, "--layers", "5,3", "--activation", "relu", "--iterations", "300",
                    "--print-every", "100")
    _, each, _ = run(capsys, "--layers", "5,3", "--activation", "relu,relu", "--iterations", "300",
                     "--print-every", "100")
    assert one == each


@pytest.mark.parametrize("argv, names", [
    (["--layers", "8,8,4", "--activation", "relu,tanh"], ["2 activations", "3 hidden layers"]),
    (["--layers", "8", "--activation", "relu,tanh"], ["2 activations", "1 hidden layer:"]),
    (["--layers", "", "--activation", "relu,tanh"], ["2 activations", "--layers ''",
                                                      "0 hidden layers"]),
    (["--activation", "relu,,tanh"], ["--activation", "comma-separated", "'relu,,tanh'"]),
    (["--layers", "4,4", "--activation", "relu,softmax"], ["--activation", "'softmax'"]),
    (["--leaky-slope", "0"], ["--leaky-slope", "> 0 and < 1"]),
    (["--leaky-slope", "1"], ["--leaky-slope", "> 0 and < 1"]),
    (["--leaky-slope", "x"], ["--leaky-slope", "'x'"]),
])
def test_bad_activations_exit_2_with_one_line(capsys, argv, names):
    line = fails(capsys, *argv)
    for name in names:
        assert name in line, line


def test_hidden_activations_helper():
    from argparse import Namespace

    from commands.args import OneLineArgumentParser
    from commands.run import hidden_activations
    from commands.train import add_train_arguments

    parser = add_train_arguments(OneLineArgumentParser(prog="dnn-tutor train"))
    assert parser.parse_args([]).activation == ("tanh",)
    assert hidden_activations(parser.parse_args([])) == ["tanh"]
    args = parser.parse_args(["--layers", "3,3,3", "--activation", "Leaky-ReLU"])
    assert args.activation == ("leaky_relu",)
    assert hidden_activations(args) == ["leaky_relu"] * 3
    args = parser.parse_args(["--layers", "3,3", "--activation", "relu, tanh"])
    assert args.activation == ("relu", "tanh") and hidden_activations(args) == ["relu", "tanh"]
    assert hidden_activations(parser.parse_args(["--layers", ""])) == []
    assert hidden_activations(Namespace(layers=[2, 2], activation="relu")) == ["relu", "relu"]
    with pytest.raises(ValueError, match="3 activations .* 2 hidden layers"):
        hidden_activations(Namespace(layers=[2, 2], activation=("relu", "tanh", "linear")))


def test_leaky_slope_is_the_models(capsys):
    from engine import Network, Trainer
    from engine.data import load

    argv = ["--layers", "6", "--activation", "leaky_relu", "--init", "he", "--lr", "0.5",
            "--iterations", "201", "--print-every", "100", "--json"]
    _, default, _ = run(capsys, *argv)
    _, steep, _ = run(capsys, *argv, "--leaky-slope", "0.3")
    assert default != steep
    flower = load("flower")
    net = Network([2, 6, 1], "leaky_relu", "sigmoid", init="he", init_seed=2, leaky_slope=0.3)
    trainer = Trainer(net, flower.X, flower.Y, 0.5)
    trainer.run(201)
    assert [json.loads(line)["cost"] for line in steep[:-1]] == [
        trainer.costs[0], trainer.costs[100], trainer.costs[200]]


def test_help_tells_of_per_layer_activations(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "one per hidden layer" in out and "--leaky-slope" in out
    assert "--activation relu,tanh,sigmoid" in out


# -- limits: every size bounded, each refused with one line that names the limit ---------------
HUGE = "9" * 5000  # past int()'s 4300 digits too
MANY_LAYERS = ",".join(["4"] * 5000)


@pytest.mark.parametrize("argv, names", [
    (["--samples", "1000000000"], ["--samples", "from 1 to 100000", "1000000000"]),
    (["--samples", HUGE], ["--samples", "from 1 to 100000", "(5002 characters)"]),
    (["--test-samples", "1000000000"], ["--test-samples", "from 0 to 100000"]),
    (["--layers", "100000,100000"], ["--layers", "at most 1000 units a layer"]),
    (["--layers", "1" + "0" * 40], ["--layers", "at most 1000 units a layer"]),
    (["--layers", MANY_LAYERS], ["--layers", "at most 100 hidden layers", "5000"]),
    (["--layers", "²"], ["--layers", "positive integers"]),    # isdigit(), not int()
    (["--layers", ",".join(["1000"] * 11)], ["has 10003000 weights", "at most 10000000"]),
    (["--samples", "100000", "--layers", "100"],
     ["--layers 100", "100000 training examples", "examples x hidden units", "5000000"]),
    (["--test-samples", "100000", "--layers", "100"], ["100000 test examples", "5000000"]),
    (["--samples", "2000", "--layers", "1000,1000"],
     ["--layers 1000,1000", "examples x weights", "1000000000"]),
    (["--noise", "1e308"], ["--noise", "at most 4", "flower", "1e+308"]),
    (["--dataset", "circles", "--noise", "3"], ["--noise", "at most 2", "circles"]),
    (["--dataset", "curve", "--noise", "1e200"], ["--noise", "at most 5", "curve"]),
    (["--noise", "inf"], ["--noise", ">= 0"]),
    (["--noise", "nan"], ["--noise", ">= 0"]),
    (["--iterations", "10000000000000000000000"], ["--iterations", "from 1 to 1000000"]),
    (["--iterations", HUGE], ["--iterations", "(5002 characters)"]),
    (["--print-every", "10000000000000000000000"], ["--print-every", "from 1 to 1000000"]),
    (["--batch-size", "1000000000000000000000"], ["--batch-size", "from 1 to 100000"]),
    (["--init", "large", "--init-scale", "1e308"], ["--init-scale", "<= 100"]),
    (["--seed", "4294967295", "--test-samples", "10"],
     ["--seed 4294967295", "4294967296", "2**32-1", "--test-seed"]),
])
def test_sizes_past_their_limit_exit_2_with_one_line(capsys, argv, names):
    line = fails(capsys, *argv)
    assert len(line) < 300, line
    for name in names:
        assert name in line, line


def test_a_data_file_too_big_for_the_network_is_refused(capsys, tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text("".join(f"{i % 7},{i % 5},{i % 2}\n" for i in range(100_000)))
    line = fails(capsys, "--data", str(rows), "--layers", "60")
    assert f"100000 {rows}'s rows" in line and "5000000" in line


def test_export_refuses_the_same_sizes(capsys):
    with pytest.raises(SystemExit) as info:
        main(["export", "--samples", "1000000000"])
    err = capsys.readouterr().err.splitlines()
    assert info.value.code == 2 and len(err) == 1
    assert err[0] == ("dnn-tutor export: error: --samples must be an integer from 1 to 100000, "
                      "got 1000000000")


@pytest.mark.parametrize("argv", [
    ["--samples", "100000", "--layers", "50"],                  # examples x units: 5000000
    ["--samples", "997", "--layers", "1000,1000"],              # examples x weights: 999991000
    ["--layers", ",".join(["1000"] * 10), "--samples", "100"],  # 9003000 weights
    ["--layers", ",".join(["10"] * 100)],                       # 100 hidden layers
    ["--noise", "4"], ["--dataset", "moons", "--noise", "2"], ["--dataset", "curve", "--noise", "5"],
    ["--seed", "4294967295"],                                   # no test set: no seed + 1
    ["--seed", "4294967295", "--test-samples", "10", "--test-seed", "0"],
    ["--seed", "4294967294", "--test-samples", "10"],
])
def test_sizes_at_their_limit_are_accepted(argv):
    from commands.args import OneLineArgumentParser
    from commands.run import resolve
    from commands.train import add_train_arguments

    parser = add_train_arguments(OneLineArgumentParser(prog="dnn-tutor train"))
    run = resolve(parser.parse_args(argv))  # would exit 2 if refused
    assert run.train.X.shape[1] >= 1


def test_limits_cover_every_dataset_and_draw_without_warnings():
    import warnings

    import numpy as np

    from commands.run import MAX_NOISE, MAX_SAMPLES
    from engine.data import DATASETS, load

    assert set(MAX_NOISE) == set(DATASETS)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name, limit in MAX_NOISE.items():
            data = load(name, m=MAX_SAMPLES, noise=limit, seed=4294967295)
            assert np.isfinite(data.X).all() and np.isfinite(data.Y).all()


def test_help_states_every_limit(capsys):
    for command in ("train", "export"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        out = " ".join(capsys.readouterr().out.split())
        for limit in ("training examples, 1..100000", "test examples, 0..100000",
                      "up to 100 layers of up to 1000 units", "At most 10000000 weights",
                      "5000000 examples x hidden units", "1000000000 examples x weights",
                      "gradient-descent steps, 1..1000000", "mini-batch size, 1..100000",
                      "at most 100", "flower 4, circles 2, moons 2, xor 0.5", "curve 5",
                      "2**32-2"):
            assert limit in out, (command, limit)
        assert "every N iterations, 1..1000000" in out  # the script prints as train does


# -- one BLAS thread: in train, in the app, in an exported script ---------------------------------
def blas_threads_seen(code: str, tmp_path, env_extra=None) -> list[int]:
    """Run ``code`` in a fresh Python that then prints the BLAS libraries' thread counts, as a
    JSON list, on its last line of stdout."""
    env = {k: v for k, v in os.environ.items()
           if not k.endswith(("_NUM_THREADS", "MAXIMUM_THREADS"))}
    env.update(XDG_STATE_HOME=str(tmp_path), **(env_extra or {}))
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


# Reads the thread counts from another thread, as the app's training worker runs.
SEEN_FROM_A_THREAD = '''
def seen():
    import threading
    from threadpoolctl import threadpool_info
    box = []
    worker = threading.Thread(target=lambda: box.append(
        [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]))
    worker.start(); worker.join()
    return box[0]
'''


def test_the_default_blas_has_more_threads_than_one_here(tmp_path):
    """What the next tests check would prove nothing on a one-core machine."""
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one CPU: BLAS starts with one thread anyway")
    code = SEEN_FROM_A_THREAD + "import json, numpy; print(json.dumps(seen()))"
    assert max(blas_threads_seen(code, tmp_path)) > 1


def test_train_runs_with_one_blas_thread(tmp_path):
    code = SEEN_FROM_A_THREAD + '''
import json, sys
import engine.training
first_run = engine.training.Trainer.run
counts = []
def run(self, steps=1):
    counts.append(seen())
    return first_run(self, steps)
engine.training.Trainer.run = run
from tui.cli import main
status = main(["train", "--iterations", "3"])
assert status == 0, status
print(json.dumps(counts[0]))
'''
    assert blas_threads_seen(code, tmp_path) == [1]


def test_the_app_and_a_served_tab_run_with_one_blas_thread(tmp_path):
    # `dnn-tutor` and each tab of `dnn-tutor serve` (`python -m tui --no-save`) go through
    # tui.cli.main; the app runs headless until its course (and NumPy) has loaded after the
    # first screen, then stops.
    code = SEEN_FROM_A_THREAD + '''
import asyncio, json
import tui.app
counts = []
def run(self):
    async def until_loaded():
        async with self.run_test() as pilot:
            while self.panel is None:
                await pilot.pause(0.01)
            counts.append(seen())
    asyncio.run(until_loaded())
tui.app.DnnTutorApp.run = run
from tui.cli import main
assert main([]) == 0 and main(["--no-save"]) == 0
print(json.dumps(counts[0] + counts[1]))
'''
    assert blas_threads_seen(code, tmp_path) == [1, 1]


def test_an_exported_script_runs_with_one_blas_thread(tmp_path):
    script = tmp_path / "run.py"
    assert main(["export", "--iterations", "3", "-o", str(script)]) == 0
    text = script.read_text()
    assert text.index('OPENBLAS_NUM_THREADS="1"') < text.index("import numpy as np")
    code = SEEN_FROM_A_THREAD + f'''
import json, runpy
runpy.run_path({str(script)!r}, run_name="__main__")
print(json.dumps(seen()))
'''
    assert blas_threads_seen(code, tmp_path) == [1]


# -- ctrl-c at every moment of `dnn-tutor train` and `export`, through tui.cli.main -------------
# A real SIGINT, sent by the process to itself at a chosen moment: while a module is imported
# (NumPy, by the parser) or while the data are drawn. Timing a signal from outside would land
# anywhere, Python's own start-up included, where no program can catch it.
INTERRUPT_AT = '''
import functools, os, signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)
WHERE, ARGV = sys.argv[1], sys.argv[2:]

def interrupt():
    os.kill(os.getpid(), signal.SIGINT)

class Importing:
    def find_spec(self, name, path=None, target=None):
        if name == WHERE:
            interrupt()
        return None

if WHERE == "drawing the data":
    import engine.data
    for name, make in list(engine.data.DATASETS.items()):
        @functools.wraps(make)
        def drawn(*args, _make=make, **kwargs):
            interrupt()
            return _make(*args, **kwargs)
        engine.data.DATASETS[name] = drawn
else:
    sys.meta_path.insert(0, Importing())
from tui.cli import main
sys.exit(main(ARGV))
'''


@pytest.mark.parametrize("where, argv, err", [
    ("numpy", ["train"], ""),
    # inside NumPy's C extension, a KeyboardInterrupt came out as an ImportError and a page
    # of advice about a broken install
    ("datetime", ["train"], ""),
    ("textual", [], ""),                                       # the app, still loading
    ("drawing the data", ["train"], "interrupted before training started\n"),
    ("numpy", ["export"], ""),
    ("drawing the data", ["export"], ""),
    ("drawing the data", ["playground"], ""),
])
def test_ctrl_c_before_training_ends_quietly(tmp_path, where, argv, err):
    result = subprocess.run([sys.executable, "-c", INTERRUPT_AT, where, *argv], cwd=ROOT,
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "XDG_STATE_HOME": str(tmp_path)})
    assert result.stderr == err
    assert result.returncode == 130
    assert "Cost after" not in result.stdout and "def " not in result.stdout


# -- a reader that has gone: `dnn-tutor ... | head -1` --------------------------------------------
@pytest.mark.parametrize("argv, status", [
    (["--list"], 141), (["--lang", "ko", "--list"], 141), (["export"], 141),
    (["train", "--iterations", "1000000", "--print-every", "1"], 141),
    # argparse itself lets a help text go unwritten and exits 0
    (["--help"], 0), (["--version"], 0), (["train", "--help"], 0), (["export", "--help"], 0),
    (["playground", "--help"], 0),
])
def test_a_closed_stdout_ends_quietly(tmp_path, argv, status):
    read_end, write_end = os.pipe()
    os.close(read_end)  # gone before the first byte: every write fails, at any moment
    try:
        result = subprocess.run([sys.executable, "-m", "tui", *argv], cwd=ROOT,
                                stdout=write_end, stderr=subprocess.PIPE, text=True,
                                timeout=120, env={**os.environ, "XDG_STATE_HOME": str(tmp_path)})
    finally:
        os.close(write_end)
    assert result.stderr == ""  # no traceback, no "Exception ignored ... BrokenPipeError"
    assert result.returncode == status


@pytest.mark.parametrize("argv, first", [
    ("--list", "Lessons (open one with: dnn-tutor --lesson ID [--step N])"),
    ("--help", "usage: dnn-tutor [-h] [--version] [--list] [--lesson ID] [--step N]"),
])
def test_into_head(tmp_path, argv, first):
    import shlex

    command = f"{shlex.quote(sys.executable)} -m tui {argv} | head -1"
    result = subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, text=True,
                            timeout=60, env={**os.environ, "XDG_STATE_HOME": str(tmp_path)})
    assert result.stdout == first + "\n" and result.stderr == ""


def test_a_long_path_in_an_error_keeps_its_file_name(capsys, tmp_path):
    # a path past 200 characters is cut in the middle: its end is the name of the file
    missing = tmp_path / ("d" * 120) / ("e" * 100) / "missing.csv"
    line = fails(capsys, "--data", str(missing))
    assert "missing.csv" in line and "characters)" in line and len(line) < 300, line
