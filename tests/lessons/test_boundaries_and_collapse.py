"""The claims of "Why layers need nonlinear activations" (C7, C2) and "Linear versus deep
decision boundaries" (C18), measured on the runs their steps show."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from engine.activations import get_activation
from engine.probes import collapsed_linear_map, fold_linear_layers, grid_bounds, layer_grids
from lessons import get_lesson
from lessons.facts import run_to
from lessons.knobs import with_values
from lessons.mechanisms import boundaries, nonlinear
from lessons.views import MapSize, UnitMaps, train_accuracy
from lessons.views import test_accuracy as accuracy_on_test_set

# The course's "Tuning hidden layer size" table (flower, 5000 iterations), in %.
COURSE_HIDDEN_SIZES = {1: 67.5, 2: 67.25, 3: 90.75, 4: 90.5, 5: 91.25, 20: 90.0, 50: 90.25}

# The runs the steps show, as their lesson.toml says.
COLLAPSE = get_lesson("why-nonlinear").step("01-collapse").spec
NO_BEST = get_lesson("why-nonlinear").step("03-no-best").spec
COMPARISON = get_lesson("boundaries").step("01-comparison").spec
SWEEP = get_lesson("boundaries").step("02-hidden-sizes").spec
UNITS = get_lesson("boundaries").step("03-units").spec
PLAY = get_lesson("boundaries").step("04-play").spec


# -- C7: linear layers fold into one -------------------------------------------------------------
@pytest.mark.parametrize("dataset", ["flower", "circles"])
@pytest.mark.parametrize("iteration", [0, 300, None])
def test_a_deep_linear_net_is_one_logistic_unit(dataset, iteration):
    spec = with_values(COLLAPSE, {"data.name": dataset})
    experiment = run_to(spec, iteration)
    linear = experiment.runs[0]
    assert linear.spec.activation == "linear" and len(linear.spec.hidden) == 3
    W, b = collapsed_linear_map(linear.network)
    assert W.shape == (1, 2) and b.shape == (1, 1)
    one_unit = get_activation("sigmoid")(W @ experiment.data.X + b)
    assert np.max(np.abs(one_unit - linear.forward().A[-1])) < 1e-12
    # ... so its boundary is the line W x + b = 0: on a dense grid over the plane the deep
    # network's class and the line's side agree everywhere.
    bounds = grid_bounds(experiment.data.X)
    grid = layer_grids(linear.network, bounds, 120, 90, linear.network.L)[0]
    gx, gy = np.meshgrid(grid.xs, grid.ys)
    z = W[0, 0] * gx + W[0, 1] * gy + b[0, 0]
    clear = np.abs(z) > 1e-9  # off the line by more than rounding (an untrained net: all)
    assert np.array_equal((grid.output > 0.5)[clear], (z > 0)[clear])


def test_on_the_flower_the_linear_net_stays_at_logistic_regressions_47_percent():
    experiment = run_to(COLLAPSE)
    linear, tanh = experiment.runs
    assert train_accuracy(linear, experiment) == pytest.approx(0.47, abs=0.005)
    assert train_accuracy(tanh, experiment) > 0.88  # the same network with tanh bends
    np.testing.assert_array_equal(  # trained from the same start
        COLLAPSE.build().runs[0].network.params["W1"],
        COLLAPSE.build().runs[1].network.params["W1"])


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_folding_k_layers_gives_the_same_output_as_the_layers(k):
    stack = nonlinear.LinearStack(folded=k)
    W, b = fold_linear_layers(stack.params, k)
    np.testing.assert_allclose(W @ stack.x + b, stack.layer_by_layer(k), atol=1e-12)
    lines = nonlinear.FoldView().measure(stack).lines
    difference = float(lines[-1].split()[-1])
    assert difference < 1e-12
    assert any(f"W{k}" in line for line in lines)


# -- C2: no activation is best everywhere -------------------------------------------------------
def test_the_ranking_of_activations_differs_between_circles_and_moons():
    circles = run_to(NO_BEST)
    moons = run_to(with_values(NO_BEST, {"data.name": "moons"}))
    # ReLU and leaky ReLU tie on the circles (costs within 0.5 %): one place, joined by "="
    assert set(nonlinear.ranking(circles).split(", ")[0].split(" = ")) == {"ReLU", "leaky ReLU"}
    assert nonlinear.ranking(moons).split(", ")[0] == "tanh"
    for experiment in (circles, moons):  # the rates suit them: no run jumps about
        for run in experiment.runs:
            assert not run.diverged
            assert np.max(np.diff(run.costs)) < 1e-3
            # ranked while every cost still falls: no run has fit the data yet
            assert run.costs[-1] < run.costs[-2] and train_accuracy(run, experiment) < 1
    facts = nonlinear.no_best_facts(NO_BEST)
    assert facts["ranking"] == nonlinear.ranking(circles)
    assert facts["other_ranking"] == nonlinear.ranking(moons)
    assert facts["rates"] == "sigmoid 1.2, tanh 0.5, ReLU 0.3, leaky ReLU 0.3"


@pytest.mark.parametrize("costs, ranks", [((0.5, 0.501, 0.6), (1, 1, 3)),
                                          ((0.5, 0.51, 0.6), (1, 2, 3)),
                                          ((0.6, float("nan"), 0.5), (2, 3, 1))])
def test_runs_within_the_tie_share_share_a_rank(costs, ranks):
    from types import SimpleNamespace

    from lessons.views import rank_of
    runs = [SimpleNamespace(costs=[c], diverged=c != c) for c in costs]
    assert tuple(rank_of(run, runs) for run in runs) == ranks


def test_the_activations_share_data_network_and_start():
    runs = NO_BEST.build().runs
    assert {run.spec.hidden for run in runs} == {(8,)}
    W1 = [run.network.params["W1"] for run in runs]
    for other in W1[1:]:
        np.testing.assert_array_equal(W1[0], other)


# -- C18: a line, a bend, finer detail ---------------------------------------------------------------
def test_a_line_a_bend_and_finer_detail_on_the_flower():
    experiment = run_to(COMPARISON)
    line, bend, deep = (train_accuracy(run, experiment) for run in experiment.runs)
    assert line == pytest.approx(0.47, abs=0.005)  # the course's 47 %
    assert bend == pytest.approx(0.905, abs=0.01)  # the course's ~90 %
    # 16,16 tanh is sensitive to rounding (tests/tui/steady.py): 370 right here, 366 with other
    # CPUs' kernels (measured); either is at least 4 more than the bend's 362.
    assert round(deep * 400) >= round(bend * 400) + 4
    assert experiment.test is not None
    assert all(0.4 < accuracy_on_test_set(run, experiment) <= 1 for run in experiment.runs)


def test_on_the_spiral_the_larger_net_gets_furthest_and_the_text_says_it_is_larger():
    spec = with_values(COMPARISON, {"data.name": "spiral"})
    experiment = run_to(spec)
    line, bend, deep = (train_accuracy(run, experiment) for run in experiment.runs)
    assert max(line, bend) < 0.7 and deep > 0.9
    # ... but the deeper net is also far larger: the text says so, with the counts of the run
    text = get_lesson("boundaries").text(0, spec)
    sizes = [boundaries.parameter_count(run.network.layer_dims) for run in experiment.runs[1:]]
    assert sizes == [17, 337]
    assert "337 parameters to the 4\nunits' 17" in text and "not depth" in text
    assert "only the deeper one wins" not in text


@pytest.mark.parametrize("init_seed", [0, 3, 4])
def test_on_the_circles_the_hidden_units_bend_the_boundary_from_every_start(init_seed):
    """From the course's randn × 0.01 the 4 tanh units sit at cost log 2, 50 %, on the
    noise-free circles in 10 of 10 init seeds (no gradient to speak of): the step starts them
    from Xavier, where they bend the line in every seed (75-100 % at 5000; seeds 3 and 4 are
    the lowest: 87 %, 75 %)."""
    spec = with_values(COMPARISON, {"data.name": "circles"})
    _, _, bend_run = spec.runs()[1]  # the 4 tanh units, alone, from another start
    bend_spec = dataclasses.replace(spec, variants=(), run=dataclasses.replace(
        bend_run, init_seed=init_seed))
    experiment = run_to(bend_spec)
    (bend,) = experiment.runs
    assert bend.spec.init == "xavier" and bend.spec.hidden == (4,)
    assert bend.costs[-1] < 0.6 and train_accuracy(bend, experiment) >= 0.74


def test_the_hidden_size_sweep_matches_the_course_within_a_point():
    experiment = run_to(SWEEP)
    for run, n_h in zip(experiment.runs, boundaries.HIDDEN_SIZES):
        assert run.spec.hidden == (n_h,)
        accuracy = 100 * train_accuracy(run, experiment)
        assert abs(accuracy - COURSE_HIDDEN_SIZES[n_h]) <= 1.0, n_h
    # The text: 1 and 2 units under-fit; 20 and 50 do no better than 5.
    acc = {n: train_accuracy(r, experiment) for r, n in zip(experiment.runs,
                                                            boundaries.HIDDEN_SIZES)}
    assert max(acc[1], acc[2]) < 0.7 < 0.88 < min(acc[3], acc[4], acc[5])
    assert max(acc[20], acc[50]) <= acc[5]


def test_each_tanh_unit_draws_one_straight_line():
    experiment = run_to(UNITS)
    run = experiment.runs[0]
    maps = UnitMaps().measure(experiment, MapSize(60, 40)).maps
    assert [m.title for m in maps] == ["unit 1", "unit 2", "unit 3", "unit 4", "output"]
    W1, b1 = run.network.params["W1"], run.network.params["b1"]
    bounds = maps[0].bounds
    xs, ys = np.linspace(bounds[0], bounds[1], 60), np.linspace(bounds[2], bounds[3], 40)
    gx, gy = np.meshgrid(xs, ys)
    for i, unit_map in enumerate(maps[:4]):
        # tanh(w·x + b) scaled to [0, 1]: above one half exactly on one side of w·x + b = 0
        side = (W1[i, 0] * gx + W1[i, 1] * gy + b1[i, 0]) > 0
        assert np.array_equal(unit_map.output > 0.5, side)
        assert unit_map.caption == f"w {run.network.params['W2'][0, i]:+.2f}"


def test_the_play_step_reports_a_diverging_setting():
    spec = with_values(PLAY, {"run.learning_rate": 10.0, "run.activation": "relu",
                              "run.hidden": (50,)})
    result = boundaries.play_facts(spec)["result"]
    english, korean = result.text("en"), result.text("ko")
    assert english.startswith(("train", "stuck")) or "diverges" in english
    assert korean.startswith("훈련") or "멈췄다" in korean or "발산" in korean


@pytest.mark.parametrize("dataset, line", [("flower", True), ("circles", False)])
def test_the_collapse_text_says_line_only_when_the_folded_unit_draws_one(dataset, line):
    spec = with_values(COLLAPSE, {"data.name": dataset})
    experiment = run_to(spec)
    W, b = collapsed_linear_map(experiment.runs[0].network)
    p = 1 / (1 + np.exp(-(W @ experiment.data.X + b)))
    sentence = nonlinear.collapse_facts(spec)["boundary"].text("en")
    assert (float(np.ptp(p)) >= nonlinear.FLAT) == line
    assert ("straight line" in sentence) == line and ("no boundary" in sentence) != line


# -- a wrecked run says so (boundaries 4) ----------------------------------------------------------
def test_relu_at_alpha_10_is_stuck_with_every_unit_dead_and_the_text_says_so():
    """Measured on the flower, [2, 4, 1] ReLU at α 10 from the step's start: every unit dead,
    cost flat at 1.0444, 50 %, ‖W2‖ 132, no weight past the bound: not diverged, and no
    longer "done" without a word."""
    from lessons.views import take_frame
    lesson = get_lesson("boundaries")
    spec = with_values(PLAY, {"run.activation": "relu", "run.learning_rate": 10.0})
    experiment = run_to(spec)
    (run,) = experiment.runs
    assert not run.diverged and run.dead_layer == 1 and experiment.dead_layer == 1
    assert run.costs[-1] == pytest.approx(run.costs[-1000], abs=1e-9)  # flat
    assert take_frame(experiment, ()).dead_layer == 1
    text = lesson.text(3, spec)
    assert "stuck, every unit of layer 1 dead" in text and "train 50.0%" in text
    assert "멈췄다" in lesson.text(3, spec, lang="ko")
    # the step as it starts (tanh, α 1.2) trains: nothing dead, the plain result
    default = run_to(PLAY)
    assert default.dead_layer is None and "stuck" not in lesson.text(3, PLAY)


def test_the_diverge_checkpoint_says_what_stops_the_run():
    """At α 10 the step's run stops at iteration 10 on a weight past the bound while its cost
    is still finite: the text names both ways a run stops, with the engine's bound, as the
    grade does; it no longer says every number overflows."""
    from engine.training import MAX_WEIGHT
    from lessons.registry import GRADERS
    lesson = get_lesson("boundaries")
    index = lesson.step_index("06-check-diverge")
    spec = with_values(lesson.steps[index].spec, {"run.learning_rate": 10.0})
    experiment = run_to(spec)
    (run,) = experiment.runs
    assert run.diverged and not run.trainer.diverged_by_cost
    text = lesson.text(index, spec)
    assert f"weight passes {MAX_WEIGHT:g}" in text and "no\nlonger a finite number" in text
    assert "overflow" not in text
    passed, why = GRADERS.get("diverges")().grade(spec, experiment)
    assert passed and f"a weight passed {MAX_WEIGHT:g}" in why


@pytest.mark.parametrize("activation, scale", [("tanh", ("a[1]", "-1", "1")),
                                               ("sigmoid", ("a[1]", "0", "1")),
                                               ("relu", ("a[1]", "0", "max"))])
def test_unit_maps_say_they_colour_a1_on_gs_range_and_the_output_yhat(activation, scale):
    experiment = with_values(UNITS, {"run.activation": activation}).build()
    maps = UnitMaps().measure(experiment, MapSize(20, 10))
    assert maps.scales == (scale, ("ŷ", "0", "1"))
