"""The network diagram's probe: tiles are the network's own activations over the plane, the
cursor is clamped into the network, the detail carries the exact weights, and a diverged run
probes without a warning."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pytest

from engine.network import Network
from engine.probes import grid_bounds
from lessons.diagram import (DiagramSize, NetworkDiagram, NetworkPicture, clamp_cursor,
                             number_text)
from lessons.experiments import DataSpec, RunSpec, TrainingSpec


@dataclass(frozen=True)
class CursorSpec(TrainingSpec):
    """A training spec with a cursor, as the playground's has."""

    cursor: tuple[int, int] | None = None


RUN = RunSpec(hidden=(8, 8, 8), activation="relu", init="he", learning_rate=0.1)


def spiral(cursor=None, steps: int = 50):
    spec = CursorSpec(DataSpec("spiral", m=100), RUN, iterations=100, cursor=cursor)
    return spec.build().run_to(steps)


def activations_on_grid(network, bounds, nx: int, ny: int) -> list[np.ndarray]:
    """A[l] of every layer on an nx x ny grid, (n[l], ny, nx), straight from the network."""
    xs = np.linspace(bounds[0], bounds[1], nx)
    ys = np.linspace(bounds[2], bounds[3], ny)
    X = np.array([[x, y] for y in ys for x in xs]).T   # row by row, x fastest
    _, cache = network.forward(X)
    return [cache.A[l].reshape(-1, ny, nx) for l in range(1, network.L + 1)]


def test_tiles_are_the_networks_activations_on_the_grid():
    experiment = spiral()
    network = experiment.runs[0].network
    size = DiagramSize(tile_nx=7, tile_ny=5, focus_nx=9, focus_ny=6)
    picture = NetworkDiagram().measure(experiment, size)
    assert isinstance(picture, NetworkPicture)
    assert picture.layer_dims == (2, 8, 8, 8, 1)
    assert picture.activations == ("relu", "relu", "relu", "sigmoid")
    assert picture.bounds == grid_bounds(experiment.data.X)
    A = activations_on_grid(network, picture.bounds, 7, 5)
    for l, (tiles, a) in enumerate(zip(picture.unit_maps, A), start=1):
        assert tiles.shape == (network.layer_dims[l], 5, 7)
        if l < network.L:  # ReLU: from 0 to what the plane shows of each unit
            top = a.reshape(a.shape[0], -1).max(axis=1)
            for j in range(a.shape[0]):
                if top[j] > 0:
                    np.testing.assert_allclose(tiles[j] * top[j], a[j], rtol=1e-12, atol=1e-12)
                else:  # a unit dead on the whole plane: constant, drawn neutral
                    assert (tiles[j] == 0.5).all()
        else:              # sigmoid: its own range, [0, 1]
            np.testing.assert_allclose(tiles, a, rtol=0, atol=1e-15)
        assert np.nanmin(tiles) >= 0 and np.nanmax(tiles) <= 1


def test_the_weights_and_biases_are_copies():
    experiment = spiral(cursor=(2, 3))
    network = experiment.runs[0].network
    picture = NetworkDiagram().measure(experiment)
    for l in range(1, network.L + 1):
        assert np.array_equal(picture.weights[l - 1], network.params[f"W{l}"])
        assert np.array_equal(picture.biases[l - 1], network.params[f"b{l}"])
    before = picture.weights[1].copy(), picture.focus.weights.copy()
    experiment.advance(10)  # training goes on; the snapshot must not move
    assert np.array_equal(picture.weights[1], before[0])
    assert np.array_equal(picture.focus.weights, before[1])


@pytest.mark.parametrize("cursor, expected", [
    ((2, 3), (2, 3)),
    ((0, 0), (1, 0)),      # below the first layer
    ((-4, 2), (1, 2)),
    ((9, 5), (4, 0)),      # past the output layer, which has one unit
    ((3, 99), (3, 7)),     # past the last unit
    ((2, -1), (2, 0)),
    (None, None),
])
def test_the_cursor_is_clamped_into_the_network(cursor, expected):
    assert clamp_cursor(cursor, (2, 8, 8, 8, 1)) == expected
    picture = NetworkDiagram().measure(spiral(cursor=cursor))
    assert picture.cursor == expected
    if expected is None:
        assert picture.focus is None
    else:
        assert (picture.focus.layer, picture.focus.unit) == expected


def test_an_experiment_without_a_cursor_has_no_focus():
    experiment = TrainingSpec(DataSpec("spiral", m=100), RUN, iterations=10).build()
    picture = NetworkDiagram().measure(experiment)
    assert picture.cursor is None and picture.focus is None


def test_the_focus_shows_the_exact_incoming_weights_and_bias():
    experiment = spiral(cursor=(2, 3))
    network = experiment.runs[0].network
    focus = NetworkDiagram().measure(experiment).focus
    W, b = network.params["W2"], network.params["b2"]
    assert np.array_equal(focus.weights, W[3])
    assert focus.bias == b[3, 0]
    assert focus.weight_label == "W2[4,:]"      # row j = 3 is the course's unit 4
    assert focus.bias_label == "b2[4]"
    assert focus.title == "unit 4 of layer 2 · ReLU"
    assert len(focus.weight_texts) == 8
    for text, w in zip(focus.weight_texts, W[3]):
        assert text == number_text(w)
        assert float(text) == pytest.approx(round(float(w), 3), abs=1e-12)
        assert text.strip()[0] in "+-0"
    assert float(focus.bias_text) == pytest.approx(round(float(b[3, 0]), 3), abs=1e-12)


def test_the_focus_map_is_the_unit_on_a_finer_grid():
    experiment = spiral(cursor=(1, 5))
    network = experiment.runs[0].network
    size = DiagramSize(tile_nx=4, tile_ny=4, focus_nx=30, focus_ny=20)
    picture = NetworkDiagram().measure(experiment, size)
    focus = picture.focus
    a = activations_on_grid(network, picture.bounds, 30, 20)[0][5]
    assert focus.output.shape == (20, 30)
    assert focus.scale == (0.0, float(a.max()))
    np.testing.assert_allclose(focus.output * a.max(), a, rtol=1e-12, atol=1e-12)
    assert picture.points and picture.points[0].X is experiment.data.X


def test_tanh_units_are_scaled_over_their_range():
    spec = CursorSpec(DataSpec("flower", m=80), RunSpec(hidden=(3,), activation="tanh"),
                      iterations=20, cursor=(1, 0))
    experiment = spec.build().run_to(10)
    picture = NetworkDiagram().measure(experiment, DiagramSize(5, 4, 6, 4))
    a = activations_on_grid(experiment.runs[0].network, picture.bounds, 5, 4)[0]
    np.testing.assert_allclose(picture.unit_maps[0], (a + 1) / 2, rtol=0, atol=1e-15)
    assert picture.focus.scale == (-1.0, 1.0)
    assert picture.focus.scale_texts == ("-1.000", "+1.000")


def test_a_1d_input_gives_one_row_over_x():
    spec = CursorSpec(DataSpec("curve", m=60), RunSpec(hidden=(5, 4), activation="tanh",
                                                        output="linear", learning_rate=0.05),
                      iterations=30, cursor=(3, 0))
    experiment = spec.build().run_to(20)
    network = experiment.runs[0].network
    picture = NetworkDiagram().measure(experiment, DiagramSize(tile_nx=11, tile_ny=6,
                                                             focus_nx=25, focus_ny=8))
    x = experiment.data.X[0]
    assert picture.regression and picture.input_names == ("x",)
    assert picture.bounds[:2] == (float(x.min()), float(x.max()))
    assert picture.points == ()
    _, cache = network.forward(np.linspace(x.min(), x.max(), 11)[None, :])
    assert [m.shape for m in picture.unit_maps] == [(5, 1, 11), (4, 1, 11), (1, 1, 11)]
    np.testing.assert_allclose(picture.unit_maps[0][:, 0], (cache.A[1] + 1) / 2, atol=1e-15)
    out = cache.A[3][0]   # linear output: from its lowest to its highest value over x
    np.testing.assert_allclose(picture.unit_maps[2][0, 0],
                               (out - out.min()) / (out.max() - out.min()), atol=1e-12)
    assert picture.focus.output.shape == (1, 25)
    assert picture.focus.scale[1] > picture.focus.scale[0]


def test_a_diverged_run_probes_without_warnings():
    spec = CursorSpec(DataSpec("flower"), RunSpec(hidden=(4,), activation="relu", init="he",
                                                  learning_rate=100), iterations=500,
                      cursor=(2, 0))
    experiment = spec.build().run_to(300)
    assert experiment.runs[0].diverged
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        picture = NetworkDiagram().measure(experiment)
    assert picture.diverged
    for tiles in picture.unit_maps:
        finite = tiles[np.isfinite(tiles)]
        assert ((finite >= 0) & (finite <= 1)).all()


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_weights_are_no_value_and_dashes(bad):
    experiment = spiral(cursor=(2, 1))
    network = experiment.runs[0].network
    network.params["W2"][:] = bad
    network.params["b2"][:] = bad
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        picture = NetworkDiagram().measure(experiment)
    assert not np.isnan(picture.unit_maps[0]).any()     # layer 1 is untouched
    for tiles in picture.unit_maps[1:] + (picture.focus.output,):
        values = tiles[~np.isnan(tiles)]
        assert ((values >= 0) & (values <= 1)).all()
        if np.isnan(bad):
            assert values.size == 0                      # NaN flows on: no value anywhere
    assert picture.focus.weight_texts == ("—",) * 8
    assert picture.focus.bias_text == "—"


def test_more_than_two_inputs_are_refused():
    experiment = spiral()
    experiment.runs[0].network = Network([3, 2, 1])
    with pytest.raises(ValueError, match="1-D or 2-D"):
        NetworkDiagram().measure(experiment)
