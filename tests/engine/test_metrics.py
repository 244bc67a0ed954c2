"""Accuracy and MSE, defined once in engine.metrics and used by the Trainer and the CLI."""

import dataclasses
import warnings

import numpy as np
import pytest

from engine import Network, Score, Trainer, evaluate
from engine import accuracy as network_accuracy
from engine.data import load
from engine.metrics import accuracy, mean_squared_error, score_kind


@pytest.fixture(scope="module")
def flower():
    return load("flower")


def test_accuracy_is_strictly_greater_than_one_half():
    AL = np.array([[0.5, 0.5000001, 0.2, 0.9, np.nan, 1.0]])
    Y = np.array([[0.0, 1.0, 0.0, 0.0, 0.0, 1.0]])
    # 0.5 predicts 0 (right), 0.5000001 predicts 1 (right), 0.2 -> 0 (right), 0.9 -> 1
    # (wrong), NaN -> 0 (right), 1.0 -> 1 (right)
    assert accuracy(AL, Y) == 5 / 6
    assert accuracy(np.array([[0.5]]), np.array([[1.0]])) == 0.0


def test_mean_squared_error():
    AL = np.array([[1.0, 2.0, 4.0]])
    Y = np.array([[1.0, 0.0, 1.0]])
    assert mean_squared_error(AL, Y) == (0 + 4 + 9) / 3
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert mean_squared_error(np.array([[1e300, 0.0]]), np.zeros((1, 2))) == np.inf


def test_shapes_must_match():
    # (1, m) against (m, 1) would silently broadcast to (m, m)
    with pytest.raises(ValueError, match="shape"):
        accuracy(np.zeros((1, 3)), np.zeros((3, 1)))
    with pytest.raises(ValueError, match="shape"):
        mean_squared_error(np.zeros((1, 3)), np.zeros((1, 4)))


def test_evaluate_sigmoid_output_is_accuracy(flower):
    net = Network([2, 4, 1], "tanh", init="small", init_seed=2)
    trainer = Trainer(net, flower.X, flower.Y, 1.2)
    trainer.run(500)
    score = evaluate(net, flower.X, flower.Y)
    AL = net.predict_proba(flower.X)
    assert score == Score("accuracy", float(np.mean((AL > 0.5) == flower.Y)))
    assert score.value == network_accuracy(net, flower.X, flower.Y) == trainer.accuracy()
    assert trainer.evaluate() == score
    assert str(score) == f"accuracy {100 * score.value:.2f}%" and score.label == "accuracy"


@pytest.mark.parametrize("dataset", ["flower", "curve"])
def test_evaluate_linear_output_is_mse_even_on_labels(dataset):
    data = load(dataset)
    net = Network([data.X.shape[0], 8, 1], "tanh", "linear", init="xavier", init_seed=0)
    Trainer(net, data.X, data.Y, 0.05).run(100)
    score = evaluate(net, data.X, data.Y)
    AL = net.predict_proba(data.X)
    assert score.kind == "mse" and score.label == "MSE"
    assert score.value == float(np.mean((AL - data.Y) ** 2))
    assert score_kind(net) == "mse"


def test_score_is_frozen_and_checked():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Score("mse", 1.0).value = 2.0  # type: ignore[misc]
    with pytest.raises(ValueError):
        Score("r2", 0.5)
    assert str(Score("mse", 0.0123456789)) == "MSE 0.012346"


def test_trainer_accuracy_uses_the_metric_not_the_raw_output(flower):
    # Before: mean(predict(X) == Y), which for a non-sigmoid output compared raw numbers
    # with labels. Now the one definition, (A[L] > 0.5) == Y, whatever the output.
    net = Network([2, 3, 1], "tanh", "linear", init="xavier", init_seed=1)
    AL = net.predict_proba(flower.X)
    assert network_accuracy(net, flower.X, flower.Y) == float(np.mean((AL > 0.5) == flower.Y))


def test_evaluate_a_diverged_network_gives_no_warning(flower):
    net = Network([2, 3, 1], "tanh", "linear", init="large", init_scale=1e300, init_seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        score = evaluate(net, flower.X, flower.Y)
    assert score.kind == "mse" and not np.isfinite(score.value)
