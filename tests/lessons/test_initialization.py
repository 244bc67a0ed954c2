"""The claims of "Random initialisation" (C13, C14, C15), measured on the runs its steps show."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from engine.probes import unit_spread
from lessons import get_lesson
from lessons.facts import run_to
from lessons.knobs import with_values
from lessons.mechanisms import initialization as mechanisms
from lessons.views import GradientMeters, SpreadMeters, train_accuracy
from lessons.views import test_accuracy as accuracy_on_test_set

LESSON = get_lesson("initialization")
COURSE = LESSON.step("01-course").spec
ZEROS = LESSON.step("02-zeros").spec
CONSTANT = LESSON.step("03-constant").spec
RANDOM = LESSON.step("04-random").spec
LOGISTIC = LESSON.step("05-logistic").spec
DEEP = LESSON.step("07-deep").spec


def test_the_courses_three_runs_end_at_its_published_accuracies():
    experiment = run_to(COURSE)
    zeros, large, he = experiment.runs
    # The course's Initialization assignment: 50/50, 83/86, 99.3/96 (train / test, %).
    assert (train_accuracy(zeros, experiment), accuracy_on_test_set(zeros, experiment)) == (
        0.5, 0.5)
    assert (train_accuracy(large, experiment), accuracy_on_test_set(large, experiment)) == (
        0.83, 0.86)
    assert round(train_accuracy(he, experiment), 4) == 0.9933
    assert accuracy_on_test_set(he, experiment) == 0.96


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_zero_init_leaves_every_gradient_exactly_zero_and_the_cost_at_log_2(activation):
    spec = with_values(ZEROS, {"run.activation": activation})
    start = spec.build().runs[0].network.params
    for iteration in (0, 1, 500, None):
        experiment = run_to(spec, iteration)
        run = experiment.runs[0]
        grads = run.gradients()
        for l in (1, 2):
            assert not np.any(grads[f"dW{l}"]) and not np.any(grads[f"db{l}"])
        for name, value in run.network.params.items():
            np.testing.assert_array_equal(value, start[name])
        meters = GradientMeters().measure(experiment)
        assert all(m.value == 0 and m.alarm and m.text == "0 exactly" for m in meters.rows)
    assert run.costs[-1] == pytest.approx(math.log(2), abs=1e-12)  # balanced classes
    assert str(mechanisms.zeros_facts(spec)["moved"]) == "nothing"


def test_constant_init_keeps_every_unit_identical_while_the_cost_falls():
    for iteration in (0, 1, 10, 500, None):
        experiment = run_to(CONSTANT, iteration)
        four = experiment.runs[0]
        W1, b1 = four.network.params["W1"], four.network.params["b1"]
        assert unit_spread(W1, b1) == 0.0
        assert np.all(W1 == W1[0]) and np.all(b1 == b1[0])
    assert four.costs[-1] < four.costs[0] - 0.03  # it learns ...
    one = experiment.runs[1]
    # ... as far as one unit does: within 0.01 of the cost of a single unit.
    assert abs(four.costs[-1] - one.costs[-1]) < 0.01
    assert SpreadMeters().measure(experiment).rows[0].text == "0 exactly"


def test_random_weights_break_the_symmetry_from_the_start():
    start = run_to(RANDOM, 0).runs[0].network.params
    assert not np.any(start["b1"])  # the biases start at zero (C15) ...
    assert unit_spread(start["W1"], start["b1"]) > 0  # ... the units differ at once
    after_one = run_to(RANDOM, 1)
    assert SpreadMeters().measure(after_one).rows[0].value > 0
    experiment = run_to(RANDOM)
    assert train_accuracy(experiment.runs[0], experiment) > 0.85


def test_logistic_regression_from_zeros_trains_and_a_hidden_layer_does_not():
    experiment = run_to(LOGISTIC)
    logistic, hidden = experiment.runs
    assert train_accuracy(logistic, experiment) == pytest.approx(0.47, abs=0.005)
    assert logistic.costs[-1] < logistic.costs[0] - 0.01
    assert hidden.costs[-1] == pytest.approx(math.log(2), abs=1e-12)
    moons = run_to(with_values(LOGISTIC, {"data.name": "moons"}))
    assert train_accuracy(moons.runs[0], moons) > 0.85


def test_saturation_grows_with_the_scale_of_a_deep_tanh_network():
    shares = []
    for scale in ("0.01", "0.1", "1", "10"):
        rows = mechanisms.DeepAtInit(scale=scale).layer_rows()
        shares.append(np.mean([r["saturated"] for r in rows]))
    assert shares == sorted(shares) and shares[0] == 0 and shares[-1] > 0.8


def test_at_0_01_the_activations_shrink_layer_by_layer_and_the_gradients_with_them():
    deep = mechanisms.DeepAtInit(scale="0.01")
    spreads = [r["a_std"] for r in deep.layer_rows()]
    assert all(b < a / 5 for a, b in zip(spreads, spreads[1:]))
    assert max(r["dW"] for r in deep.layer_rows()) < 1e-5
    assert deep.cost == pytest.approx(math.log(2), abs=1e-3)


def test_at_10_the_slopes_are_near_zero_the_cost_huge_but_weight_gradients_not_small():
    deep = mechanisms.DeepAtInit(scale="10")
    rows = deep.layer_rows()
    assert np.mean([r["slope"] for r in rows]) < 0.05
    assert deep.cost > 10
    assert min(r["dW"] for r in rows) > 1.0


def test_xavier_keeps_tanh_spread_and_he_keeps_relu_spread():
    for scale, g in (("xavier", "tanh"), ("he", "relu")):
        rows = mechanisms.DeepAtInit(scale=scale, activation=g).layer_rows()
        assert all(r["a_std"] > 0.2 for r in rows)
        assert all(r["saturated"] is None or r["saturated"] < 0.1 for r in rows)


def test_a_deep_network_stalls_at_0_01_and_trains_with_xavier():
    facts = mechanisms.deep_facts(DEEP)
    assert facts["small_cost"] == f"{math.log(2):.6f}"
    assert float(facts["xavier_cost"]) < 0.3
    assert float(facts["large_start"]) > 20


# -- step 5's comparison with the majority answer: the word follows the numbers shown ------------
@pytest.mark.parametrize("accuracy,base,word", [
    (0.47, 0.5, "below"), (0.88, 0.5, "above"), (0.5, 0.5, "equal to"),
    (0.49996, 0.5, "equal to"),   # both show 50.0%: equal, whatever the digits behind
    (0.4994, 0.5, "below"),       # 49.9% beside 50.0%
    (0.5451, 0.545, "equal to"), (0.5456, 0.545, "above")])
def test_versus_compares_the_accuracies_as_they_are_shown(accuracy, base, word):
    assert str(mechanisms.versus(accuracy, base)) == word


@pytest.mark.parametrize("dataset", ["flower", "moons"])
def test_the_logistic_facts_word_agrees_with_the_two_percentages_they_print(dataset):
    facts = mechanisms.logistic_facts(with_values(LOGISTIC, {"data.name": dataset}))
    shown, base = (float(facts[k].rstrip("%")) for k in ("lr_accuracy", "majority"))
    expected = "below" if shown < base else "above" if shown > base else "equal to"
    assert str(facts["versus"]) == expected
    # the majority answer is the data's larger class
    experiment = run_to(with_values(LOGISTIC, {"data.name": dataset}))
    share = float(np.mean(experiment.data.Y))
    assert facts["majority"] == f"{max(share, 1 - share):.1%}"


# -- step 6's Var(z) = n Var(w) mean(a²), layer by layer -------------------------------------------
# With 50 units a layer the prediction is an expectation over the weights; one draw of them
# lands within a factor 1.6 of it in every layer (measured over init seeds 1-5, every scale
# and activation of the step: worst 1.55, tanh at 0.01). A broken formula is off by far more:
# without n a factor 50, Var(a) for mean(a²) a factor 2-20000 for sigmoid (a ≈ 0.5; measured),
# the layer's own a for the one below's a factor ~200 at 0.01.
VAR_TOLERANCE = 1.6


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
@pytest.mark.parametrize("scale", mechanisms.SCALES)
def test_var_z_measured_agrees_with_n_var_w_mean_a2_in_every_layer(scale, activation):
    for seed in (1, 2, 3):
        rows = mechanisms.DeepAtInit(scale=scale, activation=activation,
                                     init_seed=seed).layer_rows()
        for row in rows:
            ratio = row["var_z"] / row["var_z_predicted"]
            assert 1 / VAR_TOLERANCE < ratio < VAR_TOLERANCE, (seed, row["layer"], ratio)


def test_the_prediction_is_n_var_w_times_mean_a2_of_the_layer_below():
    # Computed here from the network's own W and A, independently of the mechanism.
    deep = mechanisms.DeepAtInit(scale="0.1", activation="sigmoid")
    for row in deep.layer_rows():
        l = row["layer"]
        W, A_prev = deep.network.params[f"W{l}"], deep.cache.A[l - 1]
        assert row["var_z_predicted"] == pytest.approx(
            W.shape[1] * np.var(W) * np.mean(A_prev ** 2), rel=1e-12)
        assert row["var_z"] == pytest.approx(np.var(deep.cache.Z[l]), rel=1e-12)


def test_the_summary_shows_each_layers_two_variances_one_above_the_other():
    deep = mechanisms.DeepAtInit(scale="0.01")
    rows = deep.layer_rows()
    lines = mechanisms.DeepSummary().measure(deep).lines
    measured, predicted = lines[-2], lines[-1]
    assert measured.startswith("Var(z) by layer:") and predicted.startswith("n Var(w) mean(a²):")
    for line, key in ((measured, "var_z"), (predicted, "var_z_predicted")):
        numbers = line.split(":")[1].split()
        assert [float(n) for n in numbers] == pytest.approx(
            [float(f"{r[key]:.0e}") for r in rows], rel=1e-9)
    # each layer's two numbers end in the same column
    ends = [[len(line) - len(line.split(":")[1]) + m.end()
             for m in re.finditer(r"\S+", line.split(":")[1])] for line in (measured, predicted)]
    assert ends[0] == ends[1]


@pytest.mark.parametrize("value,shown", [(2.3e-4, "2e-4"), (6.4e-13, "6e-13"), (1.0, "1e0"),
                                         (3.6e3, "4e3"), (0.0, "0"), (float("inf"), "inf")])
def test_compact_keeps_one_digit_and_a_bare_exponent(value, shown):
    assert mechanisms.compact(value) == shown


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_what_the_scale_text_says_of_xavier_and_he_holds_layer_by_layer(seed):
    """Xavier makes n Var(w) 1, so Var(z) is the mean(a²) of the layer below; tanh's a² < z²
    makes Var(z) fall from layer to layer (0.8 → 0.09 for seed 1), slowly, where 0.01 falls
    by powers of ten a layer; He with ReLU keeps Var(z) level (about 2)."""
    def var_z(scale, activation):
        deep = mechanisms.DeepAtInit(scale=scale, activation=activation, init_seed=seed)
        return deep, [r["var_z"] for r in deep.layer_rows()]

    xavier, tanh = var_z("xavier", "tanh")
    for l in range(1, xavier.network.L):
        W = xavier.network.params[f"W{l}"]
        if l > 1:  # layer 1's 2 × 50 draws are too few for their variance to be close
            assert W.shape[1] * np.var(W) == pytest.approx(1, rel=0.2)  # n Var(w) = 1
        assert np.mean(xavier.cache.A[l] ** 2) < np.var(xavier.cache.Z[l])  # a² < z²
    falls = [after / before for before, after in zip(tanh, tanh[1:])]
    assert tanh[-1] < tanh[0] and all(0.1 < f < 1.2 for f in falls)
    _, small = var_z("0.01", "tanh")
    assert all(after / before < 0.01 for before, after in zip(small, small[1:]))
    _, he = var_z("he", "relu")
    assert all(1 < v < 3 for v in he[1:])
    text = LESSON.text(LESSON.step_index("06-scale"))
    assert "makes `n Var(w)`\n1" in text and "makes it\n1 for tanh" not in text


def test_the_scale_knobs_ends_are_the_lists_ends_not_the_largest_init():
    """× 10 is larger than He, which is only the last start on the list."""
    step = LESSON.step("06-scale")
    knob = next(k for k in step.knobs if k.param == "scale")
    at_he = with_values(step.spec, {"scale": "he"})
    spec, note = knob.turn(at_he, +1)
    assert spec == at_he and "last start on the list" in note and "largest" not in note
    spec, note = knob.turn(with_values(step.spec, {"scale": "0.01"}), -1)
    assert "first start on the list" in note and "smallest" not in note


@pytest.mark.parametrize("dataset, answer", [("flower", "one class"), ("moons", "one class"),
                                             ("xor", "the larger class")])
def test_the_majority_answer_is_worded_for_the_data_shown(dataset, answer):
    """The flower and the moons are 50/50: there is no larger class to answer; xor's classes
    are not (272 of 500)."""
    index = LESSON.step_index("05-logistic")
    spec = with_values(LOGISTIC, {"data.name": dataset})
    text = " ".join(LESSON.text(index, spec).split())  # line breaks are the text's layout
    assert f"always answering {answer}." in text
    other = "the larger class" if answer == "one class" else "one class"
    assert other not in text


def test_four_copies_start_with_four_times_one_units_weight_into_the_output():
    """Why the text calls the two runs close, not equal: the same function family, but the
    copies' weights into the output add up to four times the one unit's at the start."""
    four, one = CONSTANT.build().runs
    assert four.network.params["W2"].sum() == 4 * one.network.params["W2"].sum()
    text = " ".join(LESSON.text(LESSON.step_index("03-constant")).split())
    assert "can do no more than 1" in text and "add up, at the start, to four times" in text
