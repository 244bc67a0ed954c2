"""engine.features: hand-made inputs, and a network that sees them."""

import numpy as np
import pytest

from engine.data import load
from engine.features import FEATURE_NAMES, check_features, features
from engine.network import Network
from engine.probes import output_grid
from engine.training import Trainer

X = np.array([[0.0, 1.0, -2.0, 0.5], [3.0, -1.0, 0.25, np.pi / 2]])


@pytest.mark.parametrize("name, value", [
    ("x1", X[0]), ("x2", X[1]), ("x1^2", X[0] ** 2), ("x2^2", X[1] ** 2),
    ("x1*x2", X[0] * X[1]), ("sin(x1)", np.sin(X[0])), ("sin(x2)", np.sin(X[1]))])
def test_each_feature_is_its_function_of_the_point(name, value):
    assert name in FEATURE_NAMES
    out = features(X, [name])
    assert out.shape == (1, 4)
    np.testing.assert_allclose(out[0], value, rtol=0, atol=1e-15)


def test_rows_follow_the_names_order():
    out = features(X, ["sin(x2)", "x1", "x1*x2"])
    assert out.shape == (3, 4) and out.flags.c_contiguous
    assert np.array_equal(out, np.vstack([np.sin(X[1]), X[0], X[0] * X[1]]))


@pytest.mark.parametrize("names, message", [
    ((), "at least one"), (("x1", "x3"), "'x3'"), (("x2", "x2"), "twice")])
def test_bad_names_are_refused(names, message):
    with pytest.raises(ValueError, match=message):
        check_features(names)


def test_a_network_on_features_takes_points_and_sees_their_features():
    net = Network([2, 3, 1], features=("x1^2", "x2^2"), init_seed=1)
    plain = Network([2, 3, 1], params={k: v.copy() for k, v in net.params.items()})
    assert net.input_size == 2
    AL, cache = net.forward(X)
    assert np.array_equal(cache.A[0], features(X, ("x1^2", "x2^2")))
    assert np.array_equal(AL, plain.forward(X ** 2)[0])
    assert net.copy().features == net.features
    with pytest.raises(ValueError, match="3 features but n_x = 2"):
        Network([2, 1], features=("x1", "x2", "x1^2"))


def test_a_network_with_three_features_trains_on_the_plane():
    net = Network([3, 1], features=("x1", "x2", "x1*x2"))
    assert net.input_size == 2 and net.layer_dims[0] == 3
    with pytest.raises(ValueError, match="3 features but the network expects 2 .x1, x2"):
        Trainer(net, np.zeros((3, 5)), np.zeros((1, 5)))


def test_circles_a_line_cannot_separate_are_separated_by_x1_squared_and_x2_squared():
    circles = load("circles", m=200, noise=0.05, seed=4)
    scores = {}
    for name, feats in (("line", None), ("squares", ("x1^2", "x2^2"))):
        trainer = Trainer(Network([2, 1], init="zeros", features=feats), circles.X, circles.Y)
        trainer.run(600)
        scores[name] = trainer.accuracy()
    assert scores["line"] < 0.6 < 0.95 < scores["squares"], scores
    # The map over the plane goes through the features too: the inside (class 1) of a
    # circle is high, the corners (class 0) low.
    net = Trainer(Network([2, 1], init="zeros", features=("x1^2", "x2^2")),
                  circles.X, circles.Y)
    net.run(600)
    grid = output_grid(net.network, (-1.5, 1.5, -1.5, 1.5), 5, 5).output
    assert grid[2, 2] > 0.9 and max(grid[0, 0], grid[4, 4], grid[0, 4]) < 0.1
