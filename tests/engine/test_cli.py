"""`dnn-tutor train`: headless training from the command line (engine/cli.py via tui/cli.py)."""

import json
import os
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
    assert lines[10] == "Train accuracy: 90.50%"
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
        (["--iterations", "0"], ["--iterations", "positive"]),
        (["--iterations", "ten"], ["--iterations", "'ten'"]),
        (["--print-every", "0"], ["--print-every", "positive"]),
        (["--noise", "-0.1"], ["--noise", ">= 0"]),
        (["--samples", "-5"], ["--samples", "positive"]),
        (["--test-samples", "-1"], ["--test-samples"]),
        (["--seed", "x"], ["--seed"]),
        (["--dataset", "iris"], ["--dataset", "'iris'", "flower", "circles", "curve"]),
        (["--activation", "softmax"], ["--activation", "relu", "leaky_relu"]),
        (["--init", "glorot"], ["--init", "xavier", "he"]),
        (["--output", "softmax"], ["--output", "sigmoid", "linear"]),
        (["--init", "he", "--init-scale", "3"], ["--init-scale", "small or large"]),
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


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["train", "--help"]])
def test_version_and_help_exit_0(capsys, argv):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out
    if argv == ["--version"]:
        assert out.strip() == f"dnn-tutor {__version__}"
    if argv == ["train", "--help"]:
        for option in ("--dataset", "--layers", "--init-scale", "--print-every", "--json"):
            assert option in out


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
