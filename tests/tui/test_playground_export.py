"""The playground's `x`: the script it exports reproduces the run exactly (every digit of α),
in a terminal as a new file in the current folder, served as a download to the learner's
browser (nothing written on the server); and every way it can fail is said on screen."""

from __future__ import annotations

import ast
import io
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets._toast import Toast

from commands.args import OneLineArgumentParser
from commands.playground import spec_from_argv, train_args
from commands.script import export_script
from commands.train import add_train_arguments, run_train
from tui.playground import PlaygroundScreen, script_stem

from waiting import settled

TRAIN = add_train_arguments(OneLineArgumentParser(prog="dnn-tutor train"))
CIRCLE = Path(__file__).parents[1] / "engine" / "data_files" / "circle.csv"
XOR = "--dataset xor --samples 80 --layers 3 --activation relu --init he --lr 0.3 --iterations 300"




async def press_x(make_app, spec, size=(80, 24), before=None):
    """Open the playground on ``spec`` (``before(app)`` first, if given), press x; returns
    the notifications it showed. Fails if the app left the playground (or crashed)."""
    app = make_app(playground=spec)
    async with app.run_test(size=size, notifications=True) as pilot:
        await settled(pilot)
        if before is not None:
            before(app)
        await pilot.press("x")
        await settled(pilot)
        assert isinstance(app.screen, PlaygroundScreen) and app.is_running
        notes = list(app._notifications)
        # on screen: a toast says each, word for word (no markup read into a file's name)
        shown = [toast.render().plain for toast in app.screen.query(Toast)]
        assert shown == [f"{note.title}\n{note.message}" for note in notes]
    return notes


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    """The current folder, empty (the app's position file is kept outside it)."""
    folder = tmp_path / "here"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def train_output(argv: list[str]) -> str:
    out = io.StringIO()
    assert run_train(TRAIN.parse_args(argv), out) == 0
    return out.getvalue()


def run_script(folder: Path, name: str) -> str:
    result = subprocess.run([sys.executable, "-W", "error", name], cwd=folder,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return result.stdout


# -- the run, exactly ----------------------------------------------------------------------------
async def test_x_keeps_every_digit_of_the_learning_rate(make_app, here):
    # Rounded to 6 digits (2.12346) this run prints other costs from iteration 1000 on.
    command = "--layers 8 --lr 2.123456789 --iterations 2000"
    spec = spec_from_argv(shlex.split(command))
    notes = await press_x(make_app, spec)
    assert [n.severity for n in notes] == ["information"]
    script = (here / "playground_flower.py").read_text(encoding="utf-8")
    constants = {node.targets[0].id: ast.literal_eval(node.value)
                 for node in ast.parse(script).body if isinstance(node, ast.Assign)}
    assert constants["LEARNING_RATE"] == 2.123456789 == train_args(spec).lr
    printed = run_script(here, "playground_flower.py")
    # train with the options typed (and the playground's test set)
    assert printed == train_output([*shlex.split(command), "--test-samples", "200"])
    # and the playground's own run: the same cost at iteration 1000
    experiment = spec.build()
    experiment.advance(1001)
    assert f"Cost after iteration 1000: {experiment.runs[0].costs[1000]:f}\n" in printed


@settings(max_examples=50, deadline=None, derandomize=True)
@given(lr=st.floats(1e-6, 100), l2=st.floats(0, 5), scale=st.floats(1e-3, 10),
       slope=st.floats(1e-3, 0.9), noise=st.floats(0, 0.5))
def test_every_number_goes_to_train_exactly(lr, l2, scale, slope, noise):
    argv = ["--lr", repr(lr), "--l2", repr(l2), "--init-scale", repr(scale), "--layers", "3",
            "--activation", "leaky_relu", "--leaky-slope", repr(slope), "--noise", repr(noise)]
    args = train_args(spec_from_argv(argv))
    assert (args.lr, args.l2, args.init_scale, args.leaky_slope, args.noise) == \
        (lr, l2, scale, slope, noise)


# -- served: a download, nothing on the server ----------------------------------------------------
async def test_served_x_sends_the_script_to_the_browser_and_writes_nothing(
        make_app, here, monkeypatch):
    spec = spec_from_argv(shlex.split(XOR))
    sent = []

    def serve(app):
        # What textual-serve's web driver is: is_web, and deliver_binary sends the file to
        # the browser (here: kept, so nothing reaches a disk either way).
        driver = app._driver
        monkeypatch.setattr(type(driver), "is_web", property(lambda self: True))
        monkeypatch.setattr(driver, "deliver_binary", lambda binary, **kw: sent.append(
            (binary.read(), kw)))

    notes = await press_x(make_app, spec, before=serve)
    assert len(sent) == 1
    content, details = sent[0]
    assert content == export_script(train_args(spec))
    assert details["save_path"].name == "playground_xor.py"
    assert details["open_method"] == "download"
    assert list(here.iterdir()) == []  # nothing written where the server runs
    assert [n.severity for n in notes] == ["information"]
    assert "playground_xor.py" in notes[0].message and "browser" in notes[0].message


@given(st.text(st.characters(blacklist_categories=()), max_size=80))
def test_the_file_name_is_one_plain_word(name):
    # It names a file in the current folder, and a download in an HTTP header (textual-serve
    # writes it there unquoted): no separator, quote, space, line break or dot.
    stem = script_stem(name)
    assert stem.startswith("playground_") and len(stem) <= len("playground_") + 40
    assert all(c.isalnum() or c in "_-" for c in stem)


def test_the_file_name_keeps_a_plain_name():
    assert script_stem("xor") == "playground_xor"
    assert script_stem("데이터") == "playground_데이터"
    assert script_stem("") == "playground_data"
    assert script_stem("my data;\r\nX: 1") == "playground_my_data___X__1"


# -- every failure is said on screen -------------------------------------------------------------
def error_of(notes) -> str:
    assert [n.severity for n in notes] == ["error"], [n.message for n in notes]
    return notes[0].message


async def test_x_in_a_folder_it_cannot_write_says_why(make_app, monkeypatch):
    monkeypatch.chdir("/proc")  # no new file there, not even for root
    notes = await press_x(make_app, spec_from_argv(shlex.split(XOR)))
    message = error_of(notes)
    assert message.startswith("Could not write /proc/playground_xor.py: ")
    assert not os.path.exists("/proc/playground_xor.py")


async def test_x_after_the_folder_was_removed_says_why(make_app, tmp_path, monkeypatch):
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    notes = await press_x(make_app, spec_from_argv(shlex.split(XOR)))
    assert error_of(notes).startswith("Could not write playground_xor.py: ")


async def test_x_after_the_data_file_changed_says_why(make_app, here):
    (here / "points.csv").write_bytes(CIRCLE.read_bytes())
    spec = spec_from_argv(["--data", "points.csv", "--layers", "3", "--iterations", "100"])
    # train refuses the file now: it says so (one line), nothing is written
    notes = await press_x(make_app, spec, before=lambda app: (here / "points.csv")
                               .write_text("x1,x2,label\n1,2,7\n"))
    message = error_of(notes)
    assert message.startswith("Could not export: dnn-tutor train: error: points.csv: row 2")
    assert sorted(p.name for p in here.iterdir()) == ["points.csv"]


async def test_x_never_writes_through_a_link(make_app, here):
    (here / "playground_xor.py").symlink_to(here / "elsewhere.py")  # dangling
    notes = await press_x(make_app, spec_from_argv(shlex.split(XOR)))
    assert [n.severity for n in notes] == ["information"]
    assert not (here / "elsewhere.py").exists()
    assert (here / "playground_xor_2.py").is_file()


@pytest.mark.parametrize("name", ["-[b]points.csv", "two\nlines [bold red].csv", "[link=x]a.csv"])
async def test_x_on_a_file_with_a_hostile_name(make_app, here, name):
    # A leading dash (argparse's option), markup in the notification, a line break.
    (here / name).write_bytes(CIRCLE.read_bytes())
    argv = [f"--data={name}", "--layers", "3", "--iterations", "100"]
    notes = await press_x(make_app, spec_from_argv(argv))
    assert [n.severity for n in notes] == ["information"], [n.message for n in notes]
    (script,) = here.glob("playground_*.py")
    assert script.name == script_stem(Path(name).stem) + ".py" and script.name in notes[0].message
    assert run_script(here, script.name) == train_output(argv)
