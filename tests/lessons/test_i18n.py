"""The Korean catalog (lessons/i18n_ko.py) covers every string the app draws through ``tr``:
lesson and step titles, summaries, knobs, checkpoints, every key's label and tooltip, and each
literal handed to ``tr`` in tui/ and lessons/; its entries keep the English placeholders."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from lessons import LESSONS
from lessons.checkpoints import Challenge, Predict
from lessons.i18n import LANGUAGES, Localized, language, set_language, tr
from lessons.i18n_ko import KO
from lessons.playground import PlaygroundSpec, playground_knobs

ROOT = Path(__file__).resolve().parents[2]


def lesson_strings() -> set[str]:
    out = set()
    for lesson in LESSONS:
        out |= {lesson.title, lesson.summary}
        for step in lesson.steps:
            out.add(step.title)
            for knob in step.knobs:
                out |= {knob.label, knob.describe, *knob.ends}
            spec = step.spec
            if isinstance(spec, Predict):
                out |= {spec.question, *spec.choices}
            if isinstance(spec, Challenge):
                out.add(spec.goal)
    for knob in playground_knobs(PlaygroundSpec()):
        out |= {knob.label, knob.describe, *knob.ends}
    return out - {""}


def translated_in_place(text: str) -> bool:
    """A text a lesson.toml gives in Korean itself (a title, a question)."""
    return isinstance(text, Localized) and bool(text.texts.get("ko"))


def binding_strings() -> set[str]:
    from tui.app import DnnTutorApp
    from tui.lesson_screen import LessonScreen
    from tui.panel import TRAINING_BINDINGS
    from tui.playground import PlaygroundPanel, PlaygroundScreen
    from tui.screens import HelpScreen, WelcomeScreen
    from tui.widgets.lesson_list import LessonList

    bindings = [*DnnTutorApp.BINDINGS, *LessonScreen.BINDINGS, *LessonList.BINDINGS,
                *TRAINING_BINDINGS,
                *PlaygroundPanel.PLAYGROUND_BINDINGS, *PlaygroundScreen.BINDINGS,
                *HelpScreen.BINDINGS, *WelcomeScreen.BINDINGS]
    return {text for b in bindings for text in (b.description, b.tooltip) if text}


def tr_literals() -> set[str]:
    """Every string literal passed as the first argument of ``tr(...)`` in tui/ and lessons/
    (either branch of a conditional expression too)."""
    out = set()
    for folder in ("tui", "lessons"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id == "tr" and node.args):
                    first = node.args[0]
                    parts = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
                    out |= {part.value for part in parts if isinstance(part, ast.Constant)
                            and isinstance(part.value, str)}
    return out


def welcome_strings() -> set[str]:
    from tui.screens import WELCOME_KEYS

    return {does for _key, does in WELCOME_KEYS}


@pytest.mark.parametrize("source", ["lessons", "bindings", "tr", "welcome"])
def test_every_string_has_a_korean_entry(source):
    strings = {"lessons": lesson_strings, "bindings": binding_strings, "tr": tr_literals,
               "welcome": welcome_strings}[source]()
    assert strings
    missing = sorted(s for s in strings if s not in KO and not translated_in_place(s))
    assert not missing, missing


def test_the_tr_literals_are_found():
    literals = tr_literals()
    assert "pace is at its slowest: {pace}" in literals and "training" in literals


def fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("english", sorted(KO))
def test_korean_keeps_the_placeholders(english):
    assert fields(KO[english]) == fields(english)


def test_tr_falls_back_to_english_and_formats():
    assert language() == "en"
    assert tr("training") == "training"
    set_language("ko")
    try:
        assert tr("training") == "훈련 중"
        assert tr("no such sentence anywhere") == "no such sentence anywhere"
        assert tr("pace is at its fastest: {pace}", pace="max") == "속도가 가장 빠르다: max"
        assert tr("not in the catalog: {x}", x=1) == "not in the catalog: 1"
    finally:
        set_language("en")
    assert tr("pace is at its fastest: {pace}", pace="max") == "pace is at its fastest: max"


def test_unknown_language_is_refused():
    assert LANGUAGES == ("en", "ko")
    with pytest.raises(ValueError):
        set_language("fr")


def test_a_knob_end_is_said_in_korean():
    from lessons.knobs import learning_rate

    spec = type("Spec", (), {"run": type("Run", (), {"learning_rate": 10.0})()})()
    set_language("ko")
    try:
        _spec, note = learning_rate().turn(spec, 1)  # past the top of the ladder
    finally:
        set_language("en")
    assert note == "α: 가장 큰 값 10"


def test_no_english_key_is_given_twice():
    tree = ast.parse((ROOT / "lessons" / "i18n_ko.py").read_text(encoding="utf-8"))
    keys = [key.value for node in ast.walk(tree) if isinstance(node, ast.Dict)
            for key in node.keys if isinstance(key, ast.Constant)]
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})
