"""Checkpoints without a terminal: every prediction's right answer is what the engine
produces (computed here another way: the run's arrays read with engine functions, never with
the checkpoint's own ``outcome``), every answer depends on the run (another setting gives
another one), every challenge passes for a known-good setting its knobs reach and fails for
a known-bad one; and the machinery: a prediction's states, a challenge's verdict, what counts
as passed, a step's checkpoint kind checked against its views."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine import data as datasets
from engine import metrics
from engine.activations import get_activation
from engine.network import Network
from engine.training import MAX_WEIGHT
from lessons import LESSONS, get_lesson
from lessons.model import Step
from lessons.checkpoints import (Attempt, Challenge, ChallengeCheck, Predict,
                                 PredictExperiment, PredictionCheck, attempt_in, outcome_of,
                                 passed_in)
from lessons.experiments import DataSpec, RunSpec, TrainingSpec, Variant
from lessons.facts import run_to
from lessons.knobs import with_values
from lessons.mechanisms.derivatives import AnswerCheck
from lessons.views import RunTable, take_frame
from lessons.view_data import PLACEHOLDER, Answer, Question, Verdict

CHECKPOINTS = [(lesson, i) for lesson in LESSONS for i in lesson.checkpoints]
IDS = [f"{lesson.id}-{i + 1}" for lesson, i in CHECKPOINTS]
PREDICTIONS = [(lesson, i) for lesson, i in CHECKPOINTS
               if lesson.steps[i].checkpoint == "predict"]
CHALLENGES = [(lesson, i) for lesson, i in CHECKPOINTS
              if lesson.steps[i].checkpoint == "challenge"]


def key(lesson, i) -> str:
    return f"{lesson.id}/{lesson.steps[i].text}"


def finished(spec):
    """A fresh run of a training spec to its end (not the cached one the lesson uses)."""
    return spec.build().run_to_end()


# -- the course's checkpoints --------------------------------------------------------------------
def test_every_lesson_ends_with_two_to_four_checkpoints():
    for lesson in LESSONS:
        kinds = [lesson.steps[i].checkpoint for i in lesson.checkpoints]
        assert 2 <= len(kinds) <= 4, lesson.id
        last = len(lesson.steps)
        assert lesson.checkpoints == tuple(range(last - len(kinds), last)), lesson.id
        assert {"predict", "challenge"} & set(kinds), lesson.id  # not only typed answers
    assert "derive" in [get_lesson("derivatives").steps[i].checkpoint
                        for i in get_lesson("derivatives").checkpoints]


@pytest.mark.parametrize("lesson,i", CHECKPOINTS, ids=IDS)
def test_a_checkpoint_kind_is_its_experiment_and_view(lesson, i):
    step = lesson.steps[i]
    kind = {"predict": Predict, "challenge": Challenge}.get(step.checkpoint)
    if kind is not None:
        assert isinstance(step.spec, kind)
    view = {"predict": PredictionCheck, "challenge": ChallengeCheck,
            "derive": AnswerCheck}[step.checkpoint]
    assert isinstance(step.views[0], view)  # the question first, above the run
    assert step.claims and set(step.claims) <= set(lesson.claims)
    assert step.title.startswith("Checkpoint") or step.checkpoint == "derive"


@pytest.mark.parametrize("lesson,i", PREDICTIONS, ids=[f"{l.id}-{i + 1}" for l, i in PREDICTIONS])
def test_a_text_never_gives_the_answer_away(lesson, i):
    spec = lesson.steps[i].spec
    answer, _why = outcome_of(spec)
    text = lesson.text(i).lower()
    named = [choice for choice in spec.choices if choice.lower() in text]
    # A text may name the candidates (ReLU and tanh), never the right one alone.
    assert spec.choices[answer] not in named or len(named) == len(spec.choices)


# -- each prediction's answer, computed from the engine another way --------------------------------
def tanh_output(spec: Predict) -> int:
    experiment = finished(spec.inner)
    linear, tanh = (metrics.mean_squared_error(run.network.predict_proba(experiment.data.X),
                                               experiment.data.Y) for run in experiment.runs)
    for run in experiment.runs:
        if run.spec.output == "tanh":  # tanh's ŷ never leave (-1, 1)
            assert np.abs(run.network.predict_proba(experiment.data.X)).max() < 1
    return 2 if tanh > 2 * linear else 0 if tanh < linear / 2 else 1


def deep_hidden(spec: Predict) -> int:
    experiment = finished(spec.inner)
    firsts = [np.flatnonzero(np.asarray(run.trainer.costs) < 0.4) for run in experiment.runs]
    assert [run.spec.activation for run in experiment.runs] == ["sigmoid", "relu"]
    at = [int(f[0]) if f.size else None for f in firsts]
    if at == [None, None] or at[0] == at[1]:
        return 2
    return 1 if at[0] is None or (at[1] is not None and at[1] < at[0]) else 0


def deep_linear(spec: Predict) -> int:
    experiment = finished(spec.inner)
    X, Y = experiment.data.X, experiment.data.Y
    logistic, deep = (metrics.accuracy(run.network.predict_proba(X), Y)
                      for run in experiment.runs)
    net = experiment.runs[1].network
    if all(g.name == "linear" for g in net.activations[:-1]):
        # the deep linear network is one logistic unit: σ(W4 W3 W2 W1 x + b)
        W, b = np.eye(2), np.zeros((2, 1))
        for l in range(1, net.L + 1):
            W, b = net.params[f"W{l}"] @ W, net.params[f"W{l}"] @ b + net.params[f"b{l}"]
        np.testing.assert_allclose(get_activation("sigmoid")(W @ X + b), net.predict_proba(X),
                                   atol=1e-12)
    return 0 if deep > logistic + 0.02 else 2 if deep < logistic - 0.02 else 1


def flower_race(spec: Predict) -> int:
    experiment = finished(spec.inner)
    final = {run.spec.activation: run.trainer.costs[-1] for run in experiment.runs}
    best = min(final, key=final.get)
    return [choice.lower() for choice in spec.choices].index(best.lower())


def slopes(spec: Predict) -> int:
    z = np.array([spec.inner.z])
    a_s, a_t = 1 / (1 + np.exp(-spec.inner.z)), math.tanh(spec.inner.z)
    sigmoid, tanh = a_s * (1 - a_s), 1 - a_t ** 2  # C9, C10 by hand
    assert sigmoid == pytest.approx(get_activation("sigmoid").derivative(z)[0])
    assert tanh == pytest.approx(get_activation("tanh").derivative(z)[0])
    return 2 if math.isclose(sigmoid, tanh) else 0 if sigmoid > tanh else 1


def zeros_sigmoid(spec: Predict) -> int:
    experiment = finished(spec.inner)
    p = experiment.runs[0].network.params
    rows = np.hstack([p["W1"], p["b1"]])
    if not np.any(p["W1"]):
        return 0
    return 1 if (rows == rows[0]).all() else 2


def dw2_shape(spec: Predict) -> int:
    flower = datasets.load("flower")
    net = Network([2, *spec.inner.hidden, 1], "tanh", init="small", init_seed=1)
    _, cache = net.forward(flower.X)
    shape = net.backward(cache, flower.Y)["dW2"].shape
    assert shape == net.params["W2"].shape == (spec.inner.hidden[1], spec.inner.hidden[0])
    return spec.choices.index(f"({shape[0]}, {shape[1]})")


def depth_ratio(spec: Predict) -> int:
    flower = datasets.load("flower")
    X = datasets.standardize(flower.X)
    inner = spec.inner
    net = Network([2, *(20,) * inner.depth, 1], inner.activation, init=inner.init,
                  init_seed=1)
    _, cache = net.forward(X)
    grads = net.backward(cache, flower.Y)
    ratio = np.linalg.norm(grads[f"dW{net.L}"]) / np.linalg.norm(grads["dW1"])
    return 0 if ratio < 10 else 1 if ratio <= 1000 else 2


# The engine's answer, by another road; and a setting where the run gives another one.
ORACLES = {
    "activations/10-check-tanh-output.md": (
        tanh_output, lambda s: with_values(s, {"inner": TrainingSpec(
            s.inner.data, s.inner.run, (Variant.of("a", output="linear"),
                                        Variant.of("b", output="linear")),
            iterations=s.inner.iterations)})),
    "activations/11-check-deep.md": (
        deep_hidden, lambda s: with_values(s, {"inner.iterations": 10})),
    "why-nonlinear/04-check-linear.md": (
        deep_linear, lambda s: with_values(s, {"inner.run.activation": "tanh"})),
    "why-nonlinear/05-check-flower.md": (
        flower_race, lambda s: with_values(s, {"inner.data.name": "circles"})),
    "derivatives/07-check-slopes.md": (slopes, lambda s: with_values(s, {"inner.z": 0.5})),
    "initialization/08-check-zeros.md": (
        zeros_sigmoid, lambda s: with_values(s, {"inner.run.activation": "tanh"})),
    "backprop/06-check-shape.md": (dw2_shape, lambda s: with_values(s, {"inner.hidden": (3, 5)})),
    "backprop/07-check-depth.md": (
        depth_ratio, lambda s: with_values(s, {"inner.activation": "relu", "inner.init": "he"})),
}


def test_every_prediction_has_an_oracle():
    assert {key(lesson, i) for lesson, i in PREDICTIONS} == set(ORACLES)


@pytest.mark.parametrize("lesson,i", PREDICTIONS, ids=[f"{l.id}-{i + 1}" for l, i in PREDICTIONS])
def test_a_predictions_answer_is_what_the_engine_produces(lesson, i):
    spec = lesson.steps[i].spec
    oracle, changed = ORACLES[key(lesson, i)]
    answer, why = outcome_of(spec)
    assert answer == oracle(spec)
    assert why and all(line.strip() for line in why)
    # The run decides: another setting, another answer (found by the engine the same way).
    other = changed(spec)
    other_answer, _ = outcome_of(other)
    assert other_answer == oracle(other) != answer


def test_the_zero_start_with_random_weights_moves_the_units_apart():
    spec = get_lesson("initialization").steps[7].spec
    moved = with_values(spec, {"inner.run.init": "small"})
    assert outcome_of(moved)[0] == zeros_sigmoid(moved) == 2  # the third choice is reachable


# -- challenges: a known-good setting passes, a known-bad one fails ------------------------------------
def turned(step: Step, spec, presses: list[tuple[str, int]]):
    """``spec`` with the step's knobs turned as a learner would (label, steps)."""
    for label, delta in presses:
        knob = next(k for k in step.knobs_for(spec) if k.label == label)
        for _ in range(abs(delta)):
            spec, note = knob.turn(spec, 1 if delta > 0 else -1)
            assert note is None
    return spec


def spiral_check(spec, experiment) -> bool:
    run = experiment.runs[0]
    accuracy = metrics.accuracy(run.network.predict_proba(experiment.test.X), experiment.test.Y)
    hidden = spec.run.hidden
    return (not run.diverged and accuracy >= 0.95 and len(hidden) <= 2
            and max(hidden, default=0) <= 8)


def diverge_check(spec, experiment) -> bool:
    """Diverged as the engine defines it: a cost not finite, or a weight past MAX_WEIGHT."""
    run = experiment.runs[0]
    params = run.network.params.values()
    return not (np.all(np.isfinite(run.trainer.costs))
                and all(np.all(np.abs(p) <= MAX_WEIGHT) for p in params))


def scale_check(spec, experiment) -> bool:
    return experiment.runs[0].trainer.costs[-1] < 0.25


# (known-good knob turns, known-bad ones, the engine's pass condition) per challenge
GRADES = {
    "initialization/09-check-scale.md": (
        [("randn ×", 3)], [("randn ×", 6)], scale_check),   # 0.3 trains; 10 saturates
    "boundaries/05-check-spiral.md": (
        [("layers", 1), ("units", 2), ("g", 2), ("α", 1)],    # 8,8 leaky ReLU at 0.5
        [("layers", 1), ("units", 4), ("g", 2), ("α", 1)],    # 16,16: too many units
        spiral_check),
    "boundaries/06-check-diverge.md": ([("α", 6)], [("α", 5)], diverge_check),  # 10; 3
}


def test_every_challenge_has_known_settings():
    assert {key(lesson, i) for lesson, i in CHALLENGES} == set(GRADES)


@pytest.mark.parametrize("lesson,i", CHALLENGES, ids=[f"{l.id}-{i + 1}" for l, i in CHALLENGES])
def test_a_challenge_passes_a_good_setting_and_fails_a_bad_one(lesson, i):
    step = lesson.steps[i]
    good_turns, bad_turns, engine_passes = GRADES[key(lesson, i)]
    for spec, expected in ((step.spec, False),
                           (turned(step, step.spec, good_turns), True),
                           (turned(step, step.spec, bad_turns), False)):
        experiment = run_to(spec)
        passed, line = spec.grade(spec, experiment)
        assert passed is expected, line
        assert engine_passes(spec, fresh := finished(spec)) is expected
        np.testing.assert_array_equal(fresh.runs[0].trainer.costs,
                                      experiment.runs[0].trainer.costs)
        verdict = take_frame(experiment, step.views).views[0]
        assert verdict == Verdict(spec.goal, expected, line)


def test_too_large_a_network_does_not_count_even_when_it_fits():
    lesson = get_lesson("boundaries")
    i = next(i for i in lesson.checkpoints if lesson.steps[i].text == "05-check-spiral.md")
    step = lesson.steps[i]
    spec = turned(step, step.spec, GRADES[key(lesson, i)][1])
    experiment = run_to(spec)
    accuracy = metrics.accuracy(experiment.runs[0].network.predict_proba(experiment.test.X),
                                experiment.test.Y)
    passed, line = spec.grade(spec, experiment)
    assert accuracy >= 0.95 and not passed and "does not count" in line and "16 units" in line


# -- the machinery ------------------------------------------------------------------------------------
SMALL = TrainingSpec(DataSpec("xor"), RunSpec(hidden=(4,), init="zeros", activation="sigmoid"),
                     iterations=20)


def w1_moved(experiment) -> int:
    return int(bool(np.any(experiment.runs[0].network.params["W1"])))


def last_cost(experiment) -> str:
    return f"cost {experiment.runs[0].costs[-1]:.3f}"


def small_predict(**changes) -> Predict:
    spec = Predict("moves?", ("no", "yes"), SMALL, w1_moved, last_cost)
    return with_values(spec, changes) if changes else spec


def test_a_prediction_waits_for_a_choice_and_the_end_of_its_run():
    view = PredictionCheck()
    experiment = small_predict().build()
    assert experiment.not_ready.startswith("choose first: 1-2")
    assert view.measure(experiment) == Question("moves?", ("no", "yes"))
    chosen = small_predict(chosen=1).build()
    assert chosen.not_ready == "" and chosen.iteration == 0 and chosen.trains
    assert view.measure(chosen) == Question("moves?", ("no", "yes"), 1)  # no verdict yet
    chosen.advance(10)
    assert view.measure(chosen).right is None
    chosen.advance(100)
    assert chosen.finished and chosen.iteration == 20
    answer = view.measure(chosen)
    assert answer.right is True and answer.answer == 1 and answer.why[0].startswith("cost ")
    wrong = small_predict(chosen=0).build()
    wrong.advance(20)
    assert view.measure(wrong).right is False and view.measure(wrong).answer == 1
    wrong.reset()
    assert wrong.iteration == 0 and view.measure(wrong).right is None


def test_a_prediction_is_the_same_spec_whatever_was_chosen():
    """The choice is the learner's, not the step's: texts and their numbers do not depend
    on it."""
    assert small_predict(chosen=1) == small_predict()
    assert hash(small_predict(chosen=0)) == hash(small_predict())
    with pytest.raises(ValueError, match="2 to 4"):
        Predict("?", ("only",), SMALL, lambda e: 0, lambda e: "")
    with pytest.raises(ValueError, match="choice 5"):
        small_predict(chosen=5)


def test_an_explorer_prediction_reveals_once_chosen():
    spec = get_lesson("derivatives").steps[-1].spec
    assert not spec.trains
    assert spec.build().inner.show_slopes is False
    chosen = with_values(spec, {"chosen": 1}).build()
    assert chosen.inner.show_slopes is True and chosen.decided
    assert chosen.slope("tanh") < chosen.slope("sigmoid")  # the explorer's, through it


def test_a_challenge_says_when_it_will_be_graded():
    step = get_lesson("boundaries").steps[-1]
    experiment = step.spec.build()
    before = ChallengeCheck().measure(experiment)
    assert before.passed is None and "space" in before.line and "3000" in before.line
    experiment.advance(5)
    assert "when the run ends" in ChallengeCheck().measure(experiment).line
    with pytest.raises(ValueError, match="goal"):
        Challenge(SMALL.data, SMALL.run)


def test_passed_means_right_met_or_typed_right():
    assert passed_in((Question("?", ("a", "b"), 0, True, ("x",), 0),))
    assert not passed_in((Question("?", ("a", "b"), 0, False, ("x",), 1),))
    assert not passed_in((Question("?", ("a", "b")),))
    assert passed_in((Verdict("g", True, "ok"),)) and not passed_in((Verdict("g", None),))
    assert passed_in((Answer("p", "answer", "a(1-a)", "right", True),))
    assert not passed_in((Answer("p", "answer"),))


def test_a_step_says_which_checkpoint_its_views_ask():
    with pytest.raises(ValueError, match="not one of"):
        Step("x", "x.md", "x", small_predict(), views=(PredictionCheck(),), checkpoint="quiz")
    with pytest.raises(ValueError, match="views ask"):
        Step("x", "x.md", "x", small_predict(), views=(PredictionCheck(),))
    with pytest.raises(ValueError, match="views ask"):
        Step("x", "x.md", "x", SMALL, checkpoint="challenge")
    step = Step("x", "x.md", "x", small_predict(), views=(PredictionCheck(),), checkpoint="predict")
    assert step.trains and step.spec.iterations == 20


# -- grading honestly: the first answer counts, a knob never regrades, results held -------------
DERIVES = [(lesson, i) for lesson, i in CHECKPOINTS if lesson.steps[i].checkpoint == "derive"]
ANSWERED = PREDICTIONS + DERIVES  # the checkpoints a learner answers (a challenge is reached)
# A right derivative for each function a derive step offers (the check itself, against the
# engine's g'(z), decides it is right: asserted below before it is used).
RIGHT_DERIVATIVES = {"sigmoid": "a*(1-a)", "tanh": "1-a^2"}


def answered(spec, right: bool, attempt: int):
    """``spec`` with a right or a wrong answer given as the learner's ``attempt``-th; the
    experiment it makes, its run finished (the cached run: the same seeded run)."""
    if isinstance(spec, Predict):
        answer, _why = outcome_of(spec)
        experiment = spec.chose(answer if right else (answer + 1) % len(spec.choices),
                                attempt).build()
        if spec.trains:
            experiment.inner = run_to(spec.inner)
        return experiment
    wrong = next(text for name, text in RIGHT_DERIVATIVES.items() if name != spec.function)
    return spec.answered(RIGHT_DERIVATIVES[spec.function] if right else wrong, attempt).build()


@pytest.mark.parametrize("lesson,i", ANSWERED, ids=[f"{l.id}-{i + 1}" for l, i in ANSWERED])
def test_only_a_right_first_answer_passes(lesson, i):
    step = lesson.steps[i]
    shown = [take_frame(answered(step.spec, right, attempt), step.views).views
             for right, attempt in ((True, 1), (False, 1), (True, 2), (True, 3))]
    assert [passed_in(views) for views in shown] == [True, False, False, False]
    assert [attempt_in(views) for views in shown] == [
        Attempt(1, True), Attempt(1, False), Attempt(2, True), Attempt(3, True)]


@pytest.mark.parametrize("lesson,i", ANSWERED, ids=[f"{l.id}-{i + 1}" for l, i in ANSWERED])
def test_a_knob_turned_after_an_answer_does_not_grade_it_again(lesson, i):
    """Every knob of an answered checkpoint, to every other value of its ladder: the answer
    was given for what the step showed then, so it is not judged against another setting
    (typed for sigmoid, not checked against tanh's slope)."""
    step = lesson.steps[i]
    for right in (True, False):
        experiment = answered(step.spec, right, 1)
        # a prediction's spec, or the explorer, which is its own experiment
        spec = experiment.spec if isinstance(experiment, PredictExperiment) else experiment
        assert attempt_in(take_frame(experiment, step.views).views) is not None
        for knob in step.knobs:
            for value in knob.values:
                if value != knob.value_in(spec):
                    turned = with_values(spec, {knob.param: value}).build()
                    assert attempt_in(take_frame(turned, step.views).views) is None, (
                        knob.label, value)


@pytest.mark.parametrize("lesson,i", DERIVES, ids=[f"{l.id}-{i + 1}" for l, i in DERIVES])
def test_a_derive_step_gives_no_answer_away(lesson, i):
    """Nothing the learner reads before answering is a right answer: no formula in the
    step's text (every `code span`) nor in the prompt equals g'(z) for a function the step
    offers."""
    import re

    from lessons import expressions

    step = lesson.steps[i]
    knob = next(knob for knob in step.knobs if knob.param == "function")
    for function in knob.values:
        assert expressions.check_derivative(RIGHT_DERIVATIVES[function], function).right
        spec = with_values(step.spec, {"function": function})
        prompt = AnswerCheck().measure(spec).prompt
        for lang in ("en", "ko"):
            text = lesson.text(i, spec, lang=lang)
            spans = re.findall(r"`([^`]+)`", text) + re.findall(r"\(([^()]*)\):$", prompt)
            for span in spans:
                for part in re.split(r",\s*", span):
                    assert not expressions.check_derivative(part, function).right, (
                        lang, function, part)


TRAINING_PREDICTIONS = [(lesson, i) for lesson, i in PREDICTIONS if lesson.steps[i].trains]


@pytest.mark.parametrize("lesson,i", TRAINING_PREDICTIONS,
                         ids=[f"{l.id}-{i + 1}" for l, i in TRAINING_PREDICTIONS])
def test_a_prediction_shows_no_result_until_its_run_ends(lesson, i):
    """Before the answer, the views show the run's start; after it, while the run goes, still
    the start (what the question asks about is held back) and its table of results "…"
    (the start's numbers beside iteration 20 would read as iteration 20's); at the end, the
    run."""
    step = lesson.steps[i]
    answer, _why = outcome_of(step.spec)
    start_frame = take_frame(step.spec.build(), step.views)
    start = repr(start_frame.views[1:])
    experiment = step.spec.chose(answer, 1).build()
    experiment.advance(20)  # a few iterations: the cost has already moved
    frame = take_frame(experiment, step.views)
    assert frame.views[0].running
    for view, shown, at_start in zip(step.views[1:], frame.views[1:], start_frame.views[1:]):
        if not isinstance(view, RunTable):
            assert repr(shown) == repr(at_start)
            continue
        first = 1 if shown.first_is_label else 0  # the runs' labels are not results
        assert [row[:first] for row in shown.rows] == [row[:first] for row in at_start.rows]
        for row in shown.rows:
            for column, cell in zip(view.columns, row[first:], strict=True):
                assert (cell.text == PLACEHOLDER) == (not column.setting), column.header
        assert any(cell.text != PLACEHOLDER for row in at_start.rows for cell in row[first:])
    assert frame.iteration == 20  # the status line still counts
    experiment.inner = run_to(step.spec.inner)
    assert repr(take_frame(experiment, step.views).views[1:]) != start
