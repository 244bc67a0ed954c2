"""Lessons without a terminal: content, claims, and the experiments behind every step."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from engine.activations import ACTIVATION_NAMES, get_activation
from lessons import LESSONS, PLANNED, get_lesson
from lessons.activations import (
    LINEAR_OUTPUT,
    SIGMOID_OUTPUT,
    TANH_VS_SIGMOID,
    tanh_vs_sigmoid_facts,
)
from lessons.base import CONTENT_DIR, fill_slots
from lessons.experiments import TrainingExperiment, downsample, first_iteration_below
from lessons.explorers import ActivationExplorer, LayerStep

CLAIM_IDS = {f"C{i}" for i in range(1, 19)}
SEED_CLAIMS = Path(__file__).parents[2].parent / "shared" / "seed" / "claims.md"

ALL_STEPS = [(lesson, i) for lesson in LESSONS for i in range(len(lesson.steps))]


def test_claim_ids_match_the_seed_when_it_is_there():
    if not SEED_CLAIMS.exists():
        pytest.skip("the seed's claims.md is not beside this checkout")
    assert set(re.findall(r"^\| (C\d+) \|", SEED_CLAIMS.read_text(), re.M)) == CLAIM_IDS


def test_lessons_declare_known_claims_and_steps_show_them():
    for lesson in LESSONS:
        assert set(lesson.claims) <= CLAIM_IDS
        shown = {c for step in lesson.steps for c in step.claims}
        assert shown == set(lesson.claims), f"{lesson.id}: claims and steps disagree"
    planned = {c for _id, _title, claims in PLANNED for c in claims}
    assert planned == CLAIM_IDS  # the course plan covers every claim of the seed


@pytest.mark.parametrize("lesson,index", ALL_STEPS, ids=lambda v: getattr(v, "id", v))
def test_every_step_text_renders_with_its_slots_filled(lesson, index):
    step = lesson.steps[index]
    assert (CONTENT_DIR / "en" / lesson.id / step.text).exists()
    text = lesson.text(index)
    assert text.startswith("# ")
    assert "{{" not in text and "}}" not in text


def test_a_missing_fact_is_an_error_not_a_blank():
    with pytest.raises(KeyError, match="cost"):
        fill_slots("cost {{cost}}", {})


def test_get_lesson_names_the_choices():
    assert get_lesson("activations").title == "Activation functions"
    with pytest.raises(KeyError, match="choose one of: activations"):
        get_lesson("nope")


# -- the one-layer step (C1) ---------------------------------------------------------------------
def test_layer_step_computes_z_then_a():
    layer = LayerStep(n_x=2, n_units=3, seed=3)
    np.testing.assert_allclose(layer.z, layer.W @ layer.x + layer.b)
    for name in ACTIVATION_NAMES:
        layer.activation_name = name
        np.testing.assert_allclose(layer.a, get_activation(name)(layer.z))
    first_x = layer.x.copy()
    layer.new_example()
    assert layer.example == 2 and not np.array_equal(first_x, layer.x)
    layer.reset()
    np.testing.assert_array_equal(layer.x, first_x)  # the same sequence every time


def test_layer_step_cycles_through_every_activation():
    layer = LayerStep(activation="sigmoid")
    seen = []
    for _ in ACTIVATION_NAMES:
        seen.append(layer.activation_name)
        layer.next_activation()
    assert sorted(seen) == sorted(ACTIVATION_NAMES) and layer.activation_name == "sigmoid"


# -- the activation explorer (C3, C4, C5, C6) ----------------------------------------------------
def test_explorer_readings_are_the_engine_values():
    explorer = ActivationExplorer(cursor=-2.0, leaky_slope=0.2)
    for row in explorer.readings():
        g = get_activation(row["key"], 0.2)
        assert row["value"] == pytest.approx(float(g(np.array([-2.0]))[0]))
        assert row["derivative"] == pytest.approx(float(g.derivative(np.array([-2.0]))[0]))
        assert row["range"] == g.range_text
    leaky = next(r for r in explorer.readings() if r["key"] == "leaky_relu")
    assert leaky["value"] == pytest.approx(-0.4) and leaky["derivative"] == pytest.approx(0.2)


def test_explorer_slope_changes_the_leaky_curve():
    explorer = ActivationExplorer(shown="leaky_relu", show_derivative=True)
    left_before = explorer.curves()[0].ys[0]  # g(-5) = -5 * slope
    explorer.change_slope(+1)
    assert explorer.leaky_slope == pytest.approx(0.05)
    assert explorer.curves()[0].ys[0] == pytest.approx(-5 * 0.05)
    assert explorer.curves()[0].ys[0] < left_before
    assert explorer.curves()[1].ys[0] == pytest.approx(0.05)  # the derivative follows
    for _ in range(20):
        explorer.change_slope(+1)
    assert explorer.leaky_slope == 0.5  # capped
    for _ in range(20):
        explorer.change_slope(-1)
    assert explorer.leaky_slope == 0.0  # plain ReLU at the bottom


def test_explorer_cursor_stays_on_the_plot():
    explorer = ActivationExplorer(cursor=4.5)
    for _ in range(10):
        explorer.move_cursor(+1)
    assert explorer.cursor == explorer.z_max
    for _ in range(100):
        explorer.move_cursor(-1)
    assert explorer.cursor == explorer.z_min


def test_explorer_shows_one_or_all_and_derivatives_on_request():
    explorer = ActivationExplorer()
    assert len(explorer.curves()) == 5
    explorer.show_derivative = True
    assert len(explorer.curves()) == 10
    explorer.next_shown()
    assert explorer.shown == "sigmoid" and [c.label for c in explorer.curves()] == [
        "sigmoid", "sigmoid'"]
    for _ in range(5):
        explorer.next_shown()
    assert explorer.shown == "all"


# -- training experiments (C3, C4, C5, C8) -------------------------------------------------------
def test_experiment_is_deterministic_and_reset_replays_it():
    a = TrainingExperiment(**SIGMOID_OUTPUT)
    b = TrainingExperiment(**SIGMOID_OUTPUT)
    a.advance(300)
    b.advance(300)
    assert a.trainers[0].costs == b.trainers[0].costs
    a.reset()
    a.advance(300)
    assert a.trainers[0].costs == b.trainers[0].costs


def test_experiment_stops_at_its_total():
    experiment = TrainingExperiment(**SIGMOID_OUTPUT)
    assert experiment.advance(10**6) == experiment.total_iterations
    assert experiment.finished and experiment.advance(5) == 0


def test_snapshot_is_complete_and_downsampled():
    experiment = TrainingExperiment(**TANH_VS_SIGMOID)
    experiment.advance(1000)
    snap = experiment.snapshot(max_points=100)
    assert snap.iteration == 1000 and len(snap.runs) == 2
    for run, trainer in zip(snap.runs, experiment.trainers):
        assert len(run.costs) <= 100
        assert run.iterations[0] == 0 and run.iterations[-1] == 999  # the whole history
        assert run.costs[-1] == trainer.costs[-1] == run.cost


def test_downsample_keeps_first_and_last():
    xs, ys = downsample(list(range(1000)), 50)
    assert xs[0] == 0 and xs[-1] == 999 and len(xs) <= 50
    np.testing.assert_array_equal(xs, ys)
    xs, _ = downsample([1.0, 2.0], 50)
    assert list(xs) == [0, 1]
    assert len(downsample([], 10)[0]) == 0


def test_first_iteration_below():
    assert first_iteration_below([0.9, 0.5, 0.3, 0.2], 0.4) == 2
    assert first_iteration_below([0.9, 0.8], 0.4) is None


def test_tanh_beats_sigmoid_in_the_hidden_layer_and_the_text_says_so():
    """C4, computed: the facts the text quotes come from this very run."""
    facts = tanh_vs_sigmoid_facts()
    experiment = TrainingExperiment(**TANH_VS_SIGMOID)
    experiment.run_to_end()
    tanh, sigmoid = experiment.trainers
    assert facts["tanh_at"] == first_iteration_below(tanh.costs, facts["threshold"])
    assert facts["sigmoid_at"] == first_iteration_below(sigmoid.costs, facts["threshold"])
    assert facts["tanh_at"] < facts["sigmoid_at"]
    assert tanh.costs[-1] < sigmoid.costs[-1]
    text = get_lesson("activations").text(7)
    assert facts["tanh_cost"] in text and str(facts["sigmoid_at"]) in text


def test_sigmoid_output_stays_strictly_between_0_and_1():
    """C3: a classifier's sigmoid output is a probability, never exactly 0 or 1."""
    experiment = TrainingExperiment(**SIGMOID_OUTPUT)
    experiment.run_to_end()
    run = experiment.snapshot().runs[0]
    assert 0 < run.output_min < run.output_max < 1
    assert run.accuracy > 0.85


def test_linear_output_fits_a_regression_beyond_0_1():
    """C8: the identity output unit gives real numbers a sigmoid could not."""
    experiment = TrainingExperiment(**LINEAR_OUTPUT)
    experiment.run_to_end()
    snap = experiment.snapshot()
    run = snap.runs[0]
    assert run.output_min < 0 and run.output_max > 1
    assert run.accuracy is None and run.cost < 0.05
    assert snap.fit_x is not None and run.fit.shape == snap.fit_x.shape


def test_relu_hidden_network_learns_the_flower():
    """C5: a ReLU hidden layer trains on the planar data."""
    step = get_lesson("activations").steps[6]
    experiment = TrainingExperiment(**step.settings)
    experiment.run_to_end()
    assert experiment.snapshot().runs[0].accuracy > 0.8


def test_draft_text_marks_the_numbers_still_to_come():
    lesson = get_lesson("activations")
    draft = lesson.draft_text(7)
    assert "{{" not in draft and "…" in draft
    assert lesson.text_is_ready(0)  # no slots: nothing to run
    lesson.text(7)
    assert lesson.text_is_ready(7)  # its run is cached once computed
