"""Nothing English that a Korean learner reads: every step of every lesson under ``--lang ko``
as the screen draws it (its text, its panel, its run labels, the lesson list beside it), with
every slot of its text filled (the results too), its knobs' values and descriptions, every
prediction's verdict, a prediction answered wrong and right on the screen, every challenge
failed and passed (one of them a diverged run), the derive step's answer mistyped, wrong and
right and every kind of formula error, the playground, help, welcome, the palette and
``dnn-tutor --lang ko train --help``. A word of Latin letters is allowed only when it is
notation a Korean text writes as it is (``NOTATION``: ReLU, tanh, dW, Xavier, key names …).

The screen is read as text from the app's own compositor (what a terminal would show), at
160x50 so that a step's whole text fits beside its panel. One app walks one lesson by keys,
a step's run paused after one press of **s**: the facts its text quotes are measured once
(the text's own worker, cached), and the verdicts and filled texts are read from them, so no
run is trained to its end twice. xdist spreads the lessons over the cores.
"""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from lessons import LESSONS, get_lesson
from lessons.checkpoints import outcome_of
from lessons.expressions import ExpressionError, parse
from lessons.i18n import set_language, tr
from test_checkpoint_app import PASSING_KEYS, run_out, settle
from tui.cli import main
from tui.widgets.lesson_text import LessonText

SIZE = (160, 50)

# Latin-letter words a Korean text writes as they are: the course's symbols and function
# names, people's names (initialisations), key names, numbers' notation (1e-7, inf), and the
# CLI's own tokens where a command line is quoted.
NOTATION = {
    # activations and their derivatives, as symbols
    "ReLU", "LeakyReLU", "leaky", "Leaky", "tanh", "sigmoid", "σ",
    # derivatives and parameters of the course's notation (W1, dZ2, A[l-1] …)
    "dW", "dZ", "dA", "db", "dw", "dz", "da", "dJ", "dL", "dθ",
    # functions a formula calls
    "log", "exp", "max", "min", "mean", "Var", "randn", "inf", "nan", "NaN", "MSE", "sqrt",
    "sinh", "cosh", "abs",
    # names
    "Xavier", "He", "LeCun", "XOR", "TensorFlow", "Playground", "Okabe", "Ito",
    # keys (as the key bar and help write them too)
    "Enter", "Esc", "esc", "Tab", "space", "ctrl", "PgUp", "PgDn", "pgup", "pgdn",
    # the library the course's code uses (the export, the welcome)
    "NumPy", "SVG",
    # the program
    "dnn", "tutor",
}
# The palette's language switch keeps its English words ("Language: English"), so that a
# learner who reads no Korean finds it.
PALETTE = {"Language", "English"}
WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z]*")
# A command line is code: "$ dnn-tutor playground --layers 8", "dnn-tutor train의 옵션".
COMMAND = re.compile(r"\$ dnn-tutor.*|dnn-tutor(?: [a-z]+)?")


def english_words(text: str, allowed: frozenset[str] = frozenset()) -> list[str]:
    """The words of ``text`` that are neither notation nor a single letter (x, W, a key)."""
    return [word for word in WORD.findall(COMMAND.sub("", text))
            if len(word) > 1 and word not in NOTATION and word not in allowed]


def screen_text(app) -> str:
    """The whole screen as a terminal shows it (the compositor's full update, as text)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True,
                      force_terminal=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens))
    return console.export_text()


class Found:
    """English words met, by where they were met (reported all at once)."""

    def __init__(self):
        self.where: dict[str, list[str]] = {}

    def read(self, where: str, text: str, allowed: frozenset[str] = frozenset()) -> None:
        for line in text.splitlines():
            words = english_words(line, allowed)
            if words:
                self.where.setdefault(where, []).append(f"{words}: {' '.join(line.split())}")

    def check(self) -> None:
        assert not self.where, "English under --lang ko:\n" + "\n".join(
            f"  {where}: {line}" for where, lines in self.where.items() for line in lines)


def test_english_words_are_found():
    """The reader has teeth: an English verdict is caught, notation and keys pass."""
    assert english_words("Right: tanh. cost 0.25 below 0.3") == ["Right", "cost", "below"]
    assert english_words("dW1 = dZ1 · A0ᵀ, ReLU'(z), 1e-7, W[l-1], Xavier, ←/→ n") == []
    assert english_words("정답: 0 of 12,800") == ["of"]
    assert english_words("$ dnn-tutor playground --lr 10") == []
    assert english_words("놀이터 · dnn-tutor train의 옵션 train") == ["train"]


CODE_SPAN = re.compile(r"`[^`]*`")


def read_step(found: Found, app, lesson, si: int, where: str) -> None:
    """The screen; the step's whole text with every slot filled (what the run on screen
    shows at its end: the facts are cached by the text's worker, so nothing runs again),
    formulas left out; its knobs' values and what they do (the help lists them)."""
    found.read(where, screen_text(app))
    found.read(f"{where} (text)", CODE_SPAN.sub("", lesson.text(si, lang="ko")))
    step = lesson.steps[si]
    for knob in step.knobs:
        values = " · ".join(knob.shown(value) for value in knob.values)
        found.read(f"{where} (knob {knob.key_display or knob.up_keys[0]})",
                   f"{tr(knob.label)}: {values}\n{tr(knob.describe)}")
    if step.checkpoint == "predict":
        _, why = outcome_of(step.spec)  # the run the facts measured
        found.read(f"{where} (verdict)", "\n".join(why))


# The prediction answered on the screen (the others' verdicts are read from their runs): a
# short run, so it is cheap to play twice.
ANSWERED_ON_SCREEN = ("backprop", "06-check-shape.md")


async def answer_wrong_then_right(pilot, found: Found, step, where: str) -> None:
    answer = outcome_of(step.spec)[0]
    wrong = (answer + 1) % len(step.spec.choices)
    for key, case in ((wrong, "wrong"), (answer, "right")):
        await run_out(pilot, str(key + 1))
        found.read(f"{where} answered {case}", screen_text(pilot.app))


async def fail_then_pass(pilot, found: Found, step, where: str) -> None:
    """A challenge at its own settings (failed), then at settings that pass it."""
    await run_out(pilot, "space")
    found.read(f"{where} failed", screen_text(pilot.app))
    await pilot.press("r")
    await run_out(pilot, *PASSING_KEYS[step.text], "space")
    found.read(f"{where} passed", screen_text(pilot.app))


async def derive(pilot, found: Found, where: str) -> None:
    panel = pilot.app.panel
    for typed, case in (("a*(1-a", "unreadable"), ("1-a^2", "wrong"), ("a*(1-a)", "right")):
        await pilot.press("t")
        panel.query_one("Input").value = ""
        await pilot.press(*typed, "enter")
        await settle(pilot)
        found.read(f"{where} typed {case}", screen_text(pilot.app))
        await pilot.press("escape")


@pytest.mark.parametrize("lesson_id", [lesson.id for lesson in LESSONS])
async def test_every_step_reads_in_korean(make_app, sync_plots, lesson_id):
    lesson = get_lesson(lesson_id)
    found = Found()
    app = make_app(lesson=lesson_id, step=0, lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        for si, step in enumerate(lesson.steps):
            where = f"{lesson_id} {si + 1}"
            assert app.step_index == si
            await settle(pilot)  # the text's facts measured
            if app.panel.trains and not getattr(app.panel.experiment, "not_ready", ""):
                await pilot.press("s")  # 100 iterations: the run's labels and numbers
                await settle(pilot)
            read_step(found, app, lesson, si, where)
            if (lesson_id, step.text) == ANSWERED_ON_SCREEN:
                await answer_wrong_then_right(pilot, found, step, where)
            elif step.checkpoint == "challenge":
                await fail_then_pass(pilot, found, step, where)
                if step.text == "06-check-diverge.md":
                    assert app.panel.experiment.runs[0].diverged  # a diverged run was read
            elif step.checkpoint == "derive":
                await derive(pilot, found, where)
            await pilot.press("n")
    found.check()


def test_the_prediction_on_screen_is_one():
    lesson = get_lesson(ANSWERED_ON_SCREEN[0])
    assert any(step.text == ANSWERED_ON_SCREEN[1] and step.checkpoint == "predict"
               for step in lesson.steps)


# Formulas a learner might type, one for each way the reader refuses one.
BAD_FORMULAS = ("", "a*(1-a", "a*(1-a))", "2 a a(", "a b c d e f g h i j k l m n o p q r s t u "
                "v w x y z " * 8, "1\n2", "import", "x", "exp", "exp(a, a)", "a//2", "a % 2",
                "a = 1", "'a'", "1j", "1e999", "a**100000", "foo(a)", "(a)(a)", "exp(x=a)",
                "*a", "()", "a if a else a", "[a]", "a.b", "lambda: a", "a < 1", "exp()")


def test_every_formula_error_reads_in_korean():
    set_language("ko")
    found = Found()
    refused = 0
    for typed in BAD_FORMULAS:
        try:
            parse(typed, frozenset({"a"}))
        except ExpressionError as error:
            refused += 1
            # the learner's own words echoed back are theirs to read
            found.read(f"typed {typed[:20]!r}", str(error), frozenset(WORD.findall(typed)))
    assert refused >= len(BAD_FORMULAS) - 1
    found.check()


# What a command line of ``train --help`` leaves in the learner's language: options, their
# metavars, the values typed after them (dataset, activation, init and feature names), and
# the commands of the examples; what the command prints, quoted ('Cost after iteration N').
CLI_WORD = re.compile(r"(?<![\w-])--?[a-z][a-z0-9-]*|(?<![A-Za-z])[A-Z][A-Z0-9_]+(?![a-z])|'[^'\n]*'")


def test_train_help_reads_in_korean(capsys):
    from engine.activations import ACTIVATION_NAMES
    from engine.data import DATASETS
    from engine.features import FEATURE_NAMES
    from engine.initializers import INIT_NAMES

    with pytest.raises(SystemExit):
        main(["--lang", "ko", "train", "--help"])
    text = capsys.readouterr().out
    assert "--dataset" in text
    values = {*DATASETS, *ACTIVATION_NAMES, *INIT_NAMES, *WORD.findall(" ".join(FEATURE_NAMES)),
              "csv", "json", "points", "leaky_relu", "randn", "sqrt", "label"}
    found = Found()
    found.read("train --help", CLI_WORD.sub("", text), frozenset(values))
    found.check()


async def test_the_app_around_the_lessons_reads_in_korean(make_app, store, sync_plots):
    """Welcome, help, the palette, the playground (and its run diverged). (The lesson list is
    read beside every step, at 160 columns: at 80 it covers the text, cutting words.)"""
    import shlex

    from commands.playground import spec_from_argv
    from tui.app import DnnTutorApp

    found = Found()
    async with DnnTutorApp(store=store, lang="ko").run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        found.read("welcome", screen_text(pilot.app))
    app = make_app(lesson="activations", step=4, lang="ko")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        found.read("help", screen_text(app))
        await pilot.press("escape", "ctrl+p")
        await settle(pilot)
        found.read("palette", screen_text(app), PALETTE)
        for typed in ("레슨", "단계", "Language"):
            await pilot.press(*typed)
            await settle(pilot)
            found.read(f"palette {typed!r}", screen_text(app), PALETTE)
            await pilot.press(*["backspace"] * len(typed))
    for command in ("", "--layers 8 --activation linear --output linear --lr 10"):
        app = make_app(playground=spec_from_argv(shlex.split(command)), lang="ko")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("s")
            await settle(pilot)
            found.read(f"playground {command}", screen_text(app))
    found.check()
