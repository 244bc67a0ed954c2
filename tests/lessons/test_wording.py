"""Words that follow the run: every knob of every step, turned to each other value of its
ladder, leaves a text that names what the spec now runs (dataset, activation, init, layer
sizes) and no longer the configuration it left; and the one helper for counts, plurals,
ordinals and lists (lessons.wording) in both languages."""

from __future__ import annotations

import re

import pytest

from lessons import LESSONS
from lessons.checkpoints import Predict
from lessons.experiments import TrainingSpec
from lessons.explorers import Explorer
from lessons.i18n import set_language
from lessons.model import SLOT, fill_slots, settings_slots
from lessons.views import CostCurves
from lessons import looks
from lessons.wording import Phrase, count, listing, noun, ordinal, when_first


def configuration(spec) -> dict[str, str]:
    """The words a text uses to name what ``spec`` runs: its dataset, hidden activation,
    init and layer sizes (as the {{network}} slot shows them); an explorer's function."""
    spec = spec.inner if isinstance(spec, Predict) else spec
    if isinstance(spec, TrainingSpec):
        run = spec.run
        return dict(dataset=spec.data.name, activation=looks.label(run.activation),
                    init=run.init, network=str([spec.data.n_x, *run.hidden, 1]))
    words = {}
    if isinstance(spec, Explorer):
        for field in ("activation", "function", "shown"):
            name = getattr(spec, field, None) if field in type(spec).__dataclass_fields__ else None
            if isinstance(name, str) and name in looks.ACTIVATIONS:
                words[field] = looks.label(name)
    return words


def text_of(lesson, i: int, spec, lang: str) -> str:
    """The step's text for ``spec`` with the settings' slots filled and the measured ones
    left as "…": the words that name the configuration are settings, so no run is needed."""
    raw = lesson.raw_text(i, lang)
    settings = settings_slots(spec)
    return fill_slots(raw, {key: settings.get(key, "…") for key in SLOT.findall(raw)}, lang)


def mentions(text: str, word: str, besides: str) -> int:
    """How often ``word`` appears as a word in ``text``, not counting where it is part of
    ``besides`` (ReLU inside "leaky ReLU")."""
    if word in besides:
        text = text.replace(besides, " ")
    return len(re.findall(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text))


KNOBS = [(lesson, i, k) for lesson in LESSONS for i, step in enumerate(lesson.steps)
         for k, knob in enumerate(step.knobs)
         if knob.applies is None or knob.applies(step.spec)]


# Texts that name some of a knob's choices as a fixed list (what each one is), whatever the
# panel shows: the list is about the choices, not the run.
LISTS = {("activations", "03-derivatives.md"): "the slopes of sigmoid, tanh and ReLU"}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_knob_leaves_a_text_that_names_what_runs(lang):
    """One test over every (step, knob, value of its ladder): texts filled without a run. A
    word the text uses for the run (its dataset, activation, init, layer sizes) follows the
    knob: the new one is named, the old one fewer times than before. (A text that already
    names the new value beside the old speaks of both, and is not held to it.)"""
    checked, stale = 0, []
    for lesson, i, k in KNOBS:
        step = lesson.steps[i]
        if (lesson.id, step.text) in LISTS:
            continue
        knob = step.knobs[k]
        here = knob.index_in(step.spec)
        before = configuration(step.spec)
        text0 = text_of(lesson, i, step.spec, lang)
        for j, value in enumerate(knob.values):
            if j == here:
                continue
            # the knob turned as the learner turns it (steps along its ladder)
            turned = knob.turn(step.spec, j - here)[0]
            after, text = configuration(turned), None
            for field, word in before.items():
                new = after.get(field, word)
                if new == word or not mentions(text0, word, new) or mentions(text0, new, word):
                    continue  # unchanged, never named, or both named before
                checked += 1
                text = text or text_of(lesson, i, turned, lang)
                if not mentions(text, new, word) or (mentions(text, word, new)
                                                     >= mentions(text0, word, new)):
                    stale.append(f"{lesson.id} {i + 1} {knob.label}={value}: {field} "
                                 f"{word!r} -> {new!r}")
    assert checked > 0
    assert not stale, "\n".join(stale)


def test_counts_plurals_and_lists_in_english():
    set_language("en")
    assert [count(n, "layer") for n in (0, 1, 2)] == ["0 layers", "1 layer", "2 layers"]
    assert count(1, "hidden layer") == "1 hidden layer" and noun(3, "unit") == "units"
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]
    assert [listing(items) for items in ((), ("W2",), ("W2", "b2"), ("a", "b", "c"))] == [
        "nothing", "W2", "W2 and b2", "a, b and c"]
    assert listing(("x", "y"), "or") == "x or y"
    assert when_first(None, 3000) == "never (in 3000)"
    assert when_first(145, 3000) == "at iteration 145"


def test_korean_takes_counters_not_plurals():
    assert [count(n, "layer", lang="ko") for n in (1, 2)] == ["층 1개", "층 2개"]
    assert count(3, "unit", lang="ko") == "뉴런 3개" and noun(3, "unit", lang="ko") == "뉴런"
    assert ordinal(2, lang="ko") == "2번째" and listing(("a", "b"), lang="ko") == "a, b"
    assert listing((), lang="ko") == "없음"
    assert "never" not in when_first(None, 3000, lang="ko")
    for text in (count(2, "layer", "ko"), ordinal(2, "ko"), when_first(5, 10, "ko")):
        assert not re.search(r"[A-Za-z]", text)  # no English word, no plural -s


def test_a_phrase_is_worded_in_the_language_of_the_text_it_fills():
    phrase = Phrase(when_first, (None, 2000))
    assert fill_slots("below 0.4 {{at}}", {"at": phrase}, "en") == "below 0.4 never (in 2000)"
    assert "never" not in fill_slots("{{at}}", {"at": phrase}, "ko")


CLIPPED_PLOTS = [(lesson, si, view) for lesson in LESSONS
                 for si, step in enumerate(lesson.steps) for view in step.views
                 if isinstance(view, CostCurves) and view.ylim is not None]


@pytest.mark.parametrize("lesson,si,view", CLIPPED_PLOTS,
                         ids=[f"{lesson.id}-{si + 1}" for lesson, si, _ in CLIPPED_PLOTS])
def test_a_cost_plot_with_a_fixed_range_says_where_it_clips(lesson, si, view):
    """A cost above a fixed range's top is not drawn where it is: the title says the plot
    is clipped there, worded in one place ("cost J (from 1 up: off the top)" read oddly)."""
    title = view.title_text()
    assert title == f"cost J, clipped at {view.ylim[1]:g}"
    set_language("ko")
    try:
        assert f"{view.ylim[1]:g}" in view.title_text() and "J" in view.title_text()
    finally:
        set_language("en")


def test_there_are_clipped_plots_to_check():
    assert {lesson.id for lesson, _si, _view in CLIPPED_PLOTS} >= {"why-nonlinear"}


@pytest.mark.parametrize("text, said", [
    ("1-2", "1-2로"), ("1-3", "1-3으로"), ("1-4", "1-4로"),
    ("1", "1로"), ("7", "7로"), ("6", "6으로"), ("10", "10으로"), ("100", "100으로"),
    ("0.5", "0.5로"), ("1e+06", "1e+06으로"), ("W1", "W1로"), ("W2", "W2로"),
    ("`z = 3`", "`z = 3`으로"), ("`z = 2`", "`z = 2`로"),
])
def test_a_particle_after_a_number_follows_its_korean_reading(text, said):
    """로 after a vowel or ㄹ (이, 일, 칠, 오), 으로 after another final consonant (삼, 육,
    십, 백): the catalog writes (으)로 and the number filled in decides."""
    from lessons.korean import resolve

    assert resolve(f"{text}(으)로") == said


def test_a_catalog_sentence_takes_the_particle_of_its_number():
    from lessons.i18n import tr_in

    said = [tr_in("ko", "Press 1-{n} to choose; the engine decides.", n=n) for n in (2, 3)]
    assert said[0].startswith("1-2로 ") and said[1].startswith("1-3으로 ")


def test_a_korean_text_takes_the_particle_of_its_slot():
    assert fill_slots("α = {{lr}}(으)로", {"lr": "3"}, "ko") == "α = 3으로"
    assert fill_slots("α = {{lr}}(으)로", {"lr": "0.5"}, "ko") == "α = 0.5로"
    assert fill_slots("a (b)", {}, "en") == "a (b)"
