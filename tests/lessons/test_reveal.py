"""A text quotes a run's results only once the run on screen has ended (issue 18 §1): until
then they are "…", and the settings (what is known before the run) are filled at once."""

from __future__ import annotations

import re

import pytest

import lessons.facts
from lessons import LESSONS
from lessons.checkpoints import Predict
from lessons.facts import MeasuredFacts
from lessons.experiments import TrainingSpec
from lessons.i18n import tr_in
from lessons.views import COST, RunTable, cost_text, take_frame
from lessons.model import (PLACEHOLDER, SLOT, WAITING_HINT, fill_slots, settings_slots, slots,
                           without_held_sentences, without_result_sentences)

ALL_STEPS = [(lesson, i) for lesson in LESSONS for i in range(len(lesson.steps))]
STEP_IDS = [f"{lesson.id}-{i + 1}" for lesson, i in ALL_STEPS]
FACT_STEPS = [(lesson, i) for lesson, i in ALL_STEPS if lesson.steps[i].facts]


def marked(name: str) -> str:
    """A value no text holds, standing for the fact ``name`` (no run needed to fill it)."""
    return f"⟪{name}⟫"


@pytest.mark.parametrize("lesson,index", ALL_STEPS, ids=STEP_IDS)
def test_results_show_only_once_the_run_has_ended(lesson, index):
    step = lesson.steps[index]
    measured = step.facts.provides if step.facts else ()
    facts = {**settings_slots(step.spec), **{name: marked(name) for name in measured}}
    results = step.result_slots()
    assert results <= set(measured)
    for lang in lesson.languages:
        asked = slots(lesson.raw_text(index, lang))
        before = lesson.text_from(index, facts, lang, run_ended=False)
        after = lesson.text_from(index, facts, lang, run_ended=True)
        assert "{{" not in before and "{{" not in after
        # After the end: every slot the text asks for is filled.
        assert all(marked(name) in after for name in asked & set(measured)), lang
        if not step.trains:  # nothing to wait for: the text is whole at once
            assert before == after
            continue
        # Before: no result is there; every setting of a sentence without one is.
        for name in asked & results:
            assert marked(name) not in before, (lang, name)
        kept = without_result_sentences(lesson.raw_text(index, lang), results, "")
        assert not slots(kept) & results
        for name in slots(kept) & set(measured):
            assert marked(name) in before, (lang, name)
        assert (before == after) == (not asked & results)


# Mid-run fragments of held results: "…." (a sentence ending in a number to come) and "…"
# joined to "…" by a comma ("ReLU …, tanh …, ….", "[…, …]").
HELD_FRAGMENT = re.compile(r"…\s*\.|…\s*,\s*…")


@pytest.mark.parametrize("lesson,index", ALL_STEPS, ids=STEP_IDS)
def test_no_text_shows_fragments_of_held_results_mid_run(lesson, index):
    """activations 8 read "ReLU …, tanh …, …." and why-nonlinear 1 "tanh's …." while their
    runs trained: a sentence quoting a result is left out until the run ends, the first one's
    place saying once that the results come then."""
    step = lesson.steps[index]
    measured = step.facts.provides if step.facts else ()
    facts = {**settings_slots(step.spec), **{name: marked(name) for name in measured}}
    for lang in lesson.languages:
        before = lesson.text_from(index, facts, lang, run_ended=False)
        assert not HELD_FRAGMENT.search(before), (lang, HELD_FRAGMENT.search(before), before)


def partial_runs(spec, iterations: int):
    """``lessons.facts._finished`` for a test: ``spec``'s runs stopped after ``iterations``
    (any other spec's, e.g. an earlier step's run a text recalls, to its end as usual)."""
    finished = lessons.facts._finished

    def stopped(asked):
        if asked == spec:
            return asked.build().run_to(min(iterations, asked.iterations))
        return finished(asked)

    return stopped


@pytest.mark.parametrize("lesson,index", FACT_STEPS,
                         ids=[f"{lesson.id}-{i + 1}" for lesson, i in FACT_STEPS])
def test_a_fact_setting_is_known_before_the_run(lesson, index, monkeypatch):
    """What a fact calls a setting does not change as the run on screen trains: measured on
    that run stopped at iteration 1 and at 2, each setting reads the same (a result wrongly
    called a setting would be shown before the run has produced it)."""
    step = lesson.steps[index]
    assert isinstance(step.facts, MeasuredFacts)
    spec = step.spec.inner if isinstance(step.spec, Predict) else step.spec
    settings = set(step.facts.provides) - set(step.facts.results)
    seen = []
    for iterations in (1, 2):
        monkeypatch.setattr(lessons.facts, "_finished", partial_runs(spec, iterations))
        measured = step.facts(step.spec)
        seen.append({name: fill_slots(f"{{{{{name}}}}}", measured) for name in settings})
    assert seen[0] == seen[1]


def test_a_fact_is_a_result_or_a_setting_not_both():
    with pytest.raises(ValueError, match="not both"):
        MeasuredFacts(dict, ("cost",), ("cost",))
    fact = MeasuredFacts(dict, ("cost",), ("threshold",))
    assert fact.provides == ("cost", "threshold") and fact.results == ("cost",)


def test_a_step_that_does_not_train_has_no_results_to_hold():
    for lesson, index in ALL_STEPS:
        step = lesson.steps[index]
        if not step.trains:
            assert step.result_slots() == frozenset()
        elif step.facts:
            assert step.result_slots() == frozenset(step.facts.results)
    # The example of the issue: tanh vs sigmoid quotes iterations the run has to reach.
    tanh = next(lesson for lesson in LESSONS if lesson.id == "activations").step(
        "07-tanh-vs-sigmoid")
    assert {"tanh_at", "sigmoid_at", "sigmoid_4x_at", "verdict"} <= tanh.result_slots()
    assert "threshold" not in tanh.result_slots()


def test_a_draft_shows_the_settings_at_once_and_holds_only_the_results():
    """Initialization 7's text while its runs are computed: α is a setting of the spec
    (known before any run), the costs are results ("…")."""
    from lessons import get_lesson
    from lessons.knobs import with_values
    lesson = get_lesson("initialization")
    index = lesson.step_index("07-deep")
    spec = lesson.steps[index].spec
    draft = lesson.draft_text(index)
    assert f"`α` = {spec.run.rate:g}." in draft and "at iteration 1500" in draft.lower()
    assert "still …" in draft and "{{" not in draft
    faster = with_values(spec, {"run.learning_rate": 0.3})
    assert "`α` = 0.3." in lesson.draft_text(index, faster)


@pytest.mark.parametrize("lesson,index", ALL_STEPS, ids=STEP_IDS)
def test_the_first_sentence_left_out_says_once_what_the_text_waits_for(lesson, index):
    """A text shorter while its run trains says, once, where the first sentence it leaves out
    stood, that the results come when the run ends (issue 18, results and "…")."""
    step = lesson.steps[index]
    measured = step.facts.provides if step.facts else ()
    facts = {**settings_slots(step.spec), **{name: marked(name) for name in measured}}
    for lang in lesson.languages:
        hint = tr_in(lang, WAITING_HINT)
        raw = lesson.raw_text(index, lang)
        before = lesson.text_from(index, facts, lang, run_ended=False)
        after = lesson.text_from(index, facts, lang, run_ended=True)
        assert hint not in after
        quoted = bool(slots(raw) & step.result_slots())
        assert before.count(hint) == (1 if quoted else 0), lang
        if quoted:
            # Where the first sentence quoting a result began: the text before it is whole.
            first = min(raw.index(f"{{{{{name}}}}}") for name in slots(raw) & step.result_slots())
            start = max(raw.rfind(end, 0, first) for end in (". ", ".\n", "\n\n"))
            shown = fill_slots(raw[:start + 1], facts, lang).rstrip()
            assert " ".join(before.split()).startswith(" ".join(shown.split())), lang


def test_activations_8_mid_run_reads_as_sentences():
    """The example of issue 19: the results' sentences wait unseen, the rest reads whole."""
    from lessons import get_lesson
    lesson = get_lesson("activations")
    index = lesson.step_index("08-relu-hidden")
    step = lesson.steps[index]
    facts = {**settings_slots(step.spec), **{name: marked(name) for name in step.facts.provides}}
    before = " ".join(lesson.text_from(index, facts, "en", run_ended=False).split())
    assert (f"the same start. {WAITING_HINT} A default is a safe start, not a sure winner. "
            "**e** raises `α`.") in before
    assert PLACEHOLDER not in before


def test_a_sentence_quoting_a_held_slot_is_left_out():
    hint = "(later.)"
    text = "Intro.\n\nAt {{it}}: a {{a}}, b {{b}}. Keys\nhere.\n\nOnly {{c}}.\n\nEnd."
    assert (without_result_sentences(text, {"a", "b", "c"}, hint)
            == "Intro.\n\n(later.) Keys\nhere.\n\nEnd.")
    assert without_result_sentences(text, set(), hint) == text
    # A heading right above a sentence that goes stays.
    assert (without_result_sentences("# Title\nAt {{a}}.\n\nEnd.", {"a"}, "")
            == "# Title\n\nEnd.")


def test_the_waiting_hint_is_said_in_korean():
    assert tr_in("ko", WAITING_HINT) != WAITING_HINT and tr_in("en", WAITING_HINT) == WAITING_HINT


COST_TABLE_STEPS = [(lesson, i) for lesson, i in ALL_STEPS
                    if isinstance(lesson.steps[i].spec, TrainingSpec)
                    and any(isinstance(view, RunTable) and COST in view.columns
                            for view in lesson.steps[i].views)]


@pytest.mark.parametrize("lesson,index", COST_TABLE_STEPS,
                         ids=[f"{lesson.id}-{i + 1}" for lesson, i in COST_TABLE_STEPS])
def test_the_cost_column_at_the_start_is_the_starts_cost(lesson, index):
    """Before the first step the table shows the start's accuracy, MSE, ranges: its cost
    column shows the start's cost too (it said "—", as if the cost were missing), the cost
    the first step then records."""
    step = lesson.steps[index]
    experiment = step.spec.build()
    table = next(data for view, data in zip(step.views, take_frame(experiment, step.views).views)
                 if isinstance(view, RunTable))
    view = next(view for view in step.views if isinstance(view, RunTable))
    column = (1 if table.first_is_label else 0) + view.columns.index(COST)
    experiment.advance(1)
    for row, run in zip(table.rows, experiment.runs):
        assert row[column].text == cost_text(run.costs[0])


def test_a_held_result_that_is_a_sentence_is_left_out_not_dotted():
    """activations 7 ("… sigmoid 4α {{sigmoid_4x_at}}. {{verdict}}") and why-nonlinear 1
    ("{{boundary}} At iteration …") read as sentences while their runs train."""
    assert without_held_sentences("4α {{at}}. {{verdict}}", {"at", "verdict"}) == "4α {{at}}. "
    assert (without_held_sentences("x.\n\n{{boundary}} At {{it}}", {"boundary"})
            == "x.\n\nAt {{it}}")
    # a held value inside a sentence stays (as "…"); a sentence slot not held stays too
    assert without_held_sentences("within\n{{r}} (grey)", {"r"}) == "within\n{{r}} (grey)"
    assert without_held_sentences("x. {{verdict}}", set()) == "x. {{verdict}}"
