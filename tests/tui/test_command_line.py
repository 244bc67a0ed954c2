"""The `dnn-tutor` command line (the app itself is not started: bad arguments exit first)."""

from __future__ import annotations

import pytest

from lessons import LESSONS
from tui.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def test_an_unknown_lesson_is_refused_with_the_choices(capsys):
    code, _out, err = run(capsys, "--lesson", "no-such-lesson")
    assert code == 2 and "unknown lesson 'no-such-lesson'" in err and "activations" in err


@pytest.mark.parametrize("argv,message", [
    (("--step", "2"), "--step needs --lesson"),
    (("--lesson", "activations", "--step", "99"), "--step must be between 1 and"),
    (("--lesson", "activations", "--step", "x"), "--step"),
])
def test_bad_steps_exit_2_with_one_line(capsys, argv, message):
    code, _out, err = run(capsys, *argv)
    assert code == 2 and message in err and err.count("\n") == 1


def test_list_names_every_planned_lesson_and_its_claims(capsys):
    assert main(["--list"]) == 0
    out = capsys.readouterr().out
    for lesson in LESSONS:
        assert lesson.id in out
        assert ", ".join(lesson.claims) in out


def test_list_and_help_in_korean(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert main(["--lang", "ko", "--list"]) == 0
    out = capsys.readouterr().out
    assert "레슨 (열기: dnn-tutor --lesson ID [--step N])" in out
    assert "활성화 함수 (단계 11개, 확인 문제 2개)" in out and "activations" in out
    code, out, _err = run(capsys, "--lang", "ko", "--help")
    assert code == 0
    assert "신경망이 배우는 것을 터미널에서 지켜보자." in out and "옵션:" in out
    assert "레슨 목록을 출력하고 끝낸다" in out and "--lang {en,ko}" in out


def test_help_stays_english_without_lang(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    code, out, _err = run(capsys, "--help")
    assert code == 0 and "print the lessons and exit" in out and "options:" in out
    assert main(["--list"]) == 0
    assert "Lessons (open one with" in capsys.readouterr().out


# -- the playground: what it cannot use or keep within the limits is refused before it opens -----
@pytest.fixture
def no_app(monkeypatch):
    """The app must not open: a refused command line exits before it."""
    import tui.app

    def opened(self):
        raise AssertionError("the app opened")

    monkeypatch.setattr(tui.app.DnnTutorApp, "run", opened)


@pytest.mark.parametrize("argv, message", [
    (("--json",), "dnn-tutor: error: unrecognized arguments: --json"),
    (("--probes",), "dnn-tutor: error: unrecognized arguments: --probes"),
    (("--print-every", "5"), "dnn-tutor: error: unrecognized arguments: --print-every 5"),
    (("--samples", "1000000000"), "--samples must be an integer from 1 to 100000"),
    (("--samples", "10001"), "--samples: the playground takes up to 10000 examples"),
    (("--test-samples", "30000"), "--test-samples: the playground takes up to 10000"),
    (("--layers", "100000,100000"), "--layers: at most 1000 units a layer"),
    (("--layers", ",".join(["4"] * 5000)), "--layers: at most 100 hidden layers"),
    (("--layers", "4,4,4,4,4,4,4"), "--layers: the playground draws up to 6 hidden layers"),
    (("--layers", "33"), "--layers: the playground draws up to 32 units a layer"),
    (("--noise", "1e308"), "--noise: the playground takes up to 0.5"),
    (("--noise", "0.9"), "--noise: the playground takes up to 0.5"),  # flower takes 4
    (("--dataset", "xor", "--noise", "0.9"), "--noise: at most 0.5 for --dataset xor"),
    (("--seed", "4294967295"), "--seed 4294967295: the playground's test set is drawn"),
    (("--seed", "4294967295", "--test-samples", "0"), "--test-seed"),  # the knob adds one
    (("--iterations", "10000000"), "--iterations must be an integer from 1 to 1000000"),
    (("--init", "large", "--init-scale", "1e308"), "--init-scale must be a number > 0"),
])
def test_the_playground_refuses_with_one_line(capsys, no_app, argv, message):
    code, out, err = run(capsys, "playground", *argv)
    assert code == 2 and out == "" and err.count("\n") == 1, err
    assert message in err, err


def test_the_playground_refuses_a_file_its_knobs_could_not_train(capsys, no_app, tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text("".join(f"{i % 7},{i % 5},{i % 2}\n" for i in range(10_001)))
    code, _out, err = run(capsys, "playground", "--data", str(rows))
    assert code == 2 and err.count("\n") == 1
    assert "--data: the playground takes up to 10000 rows" in err and "has 10001" in err


def test_the_playground_opens_at_its_limits(monkeypatch):
    import tui.app

    opened = []
    monkeypatch.setattr(tui.app.DnnTutorApp, "run", lambda self: opened.append(self))
    argv = ["playground", "--samples", "10000", "--test-samples", "10000", "--noise", "0.5",
            "--layers", "32,32,32,32,32,32", "--seed", "4294967295", "--test-seed", "0",
            "--iterations", "1000000", "--init", "large", "--init-scale", "100"]
    assert main(argv) == 0 and len(opened) == 1


def test_every_setup_the_playground_knobs_reach_stays_within_trains_limits():
    """From any command line the playground takes, the knobs reach at most: 6 layers of 32,
    its MAX_SAMPLES on both sets, any dataset at the noise given, the ladders' ends."""
    from commands import run as cli
    from commands.playground import spec_from_argv
    from engine.data import DATASETS, load
    from lessons import playground as pg

    hidden = [pg.MAX_WIDTH] * pg.MAX_HIDDEN_LAYERS
    for n_x in (1, 2):  # curve, and the 2-D sets
        assert cli.size_problem(pg.MAX_SAMPLES, "examples", [n_x, *hidden, 1]) is None
    assert pg.MAX_SAMPLES <= cli.MAX_SAMPLES
    assert max(pg.SAMPLES[1:]) <= pg.MAX_SAMPLES and max(pg.TEST_SAMPLES) <= pg.MAX_SAMPLES
    assert max(pg.ITERATIONS) <= cli.MAX_ITERATIONS
    assert max(pg.INIT_SCALES[1:]) <= cli.MAX_INIT_SCALE
    assert max(pg.BATCH_SIZES[:-1]) <= cli.MAX_SAMPLES
    assert max(pg.WIDTHS) <= cli.MAX_UNITS and pg.MAX_HIDDEN_LAYERS <= cli.MAX_HIDDEN_LAYERS
    assert max(pg.DATA_SEEDS[1:]) + 1 <= cli.MAX_SEED and max(pg.INIT_SEEDS) <= cli.MAX_SEED
    # the noise a command line may give is drawn on every dataset the data knob reaches
    top = max(noise for noise in pg.NOISE if noise is not None)
    spec = spec_from_argv(["--noise", str(top)])
    for name in DATASETS:
        other = spec.with_dataset(name)
        assert other.data.load().X.shape[1] >= 1 and other.data.load_test() is not None
    assert load("xor", m=10, noise=top).X.shape == (2, 10)


def test_a_playground_refused_exits_2_in_a_subprocess(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    result = subprocess.run([sys.executable, "-m", "tui", "playground", "--samples",
                             "1000000000"], cwd=Path(__file__).resolve().parents[2],
                            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
                            env={**os.environ, "XDG_STATE_HOME": str(tmp_path)})
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == ("dnn-tutor playground: error: --samples must be an integer from 1 "
                             "to 100000, got 1000000000\n")
