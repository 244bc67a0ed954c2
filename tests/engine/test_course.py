"""The engine reproduces the course's published numbers (issue 2).

Week 3, "Planar data classification with one hidden layer", and Week 5 (course 2),
"Initialization". Costs are compared at the iterations the notebooks print.
"""

import numpy as np
import pytest

from engine import Network, Trainer
from engine.data import circles, load


@pytest.fixture(scope="module")
def flower():
    return load("flower")


def train(X, Y, layer_dims, hidden, lr, iterations, init, init_seed):
    net = Network(layer_dims, hidden, "sigmoid", init=init, init_seed=init_seed)
    trainer = Trainer(net, X, Y, lr)
    assert trainer.run(iterations) == iterations
    return trainer


# -- Planar data: nn_model(X, Y, n_h=4, num_iterations=10000, print_cost=True) -------------------
COURSE_COSTS = {
    0: 0.693048, 1000: 0.288083, 2000: 0.254385, 3000: 0.233864,
    4000: 0.226792, 5000: 0.222644, 6000: 0.219731, 7000: 0.217504,
}
# Later prints differ in the fourth decimal between numpy builds (the issue says so).
COURSE_COSTS_LATE = {8000: 0.219450, 9000: 0.218606}


def test_planar_flower_four_tanh_units(flower):
    trainer = train(flower.X, flower.Y, [2, 4, 1], "tanh", 1.2, 10000, "small", 2)
    for i, cost in COURSE_COSTS.items():
        assert trainer.costs[i] == pytest.approx(cost, abs=1e-6), i
    for i, cost in COURSE_COSTS_LATE.items():
        assert trainer.costs[i] == pytest.approx(cost, abs=1e-4), i
    # The notebook prints "Accuracy: 90%" (an int() of the percentage) and the issue quotes
    # 90.75 from the course's text; this engine gets 90.5% (362 of 400). One example either way
    # is 0.25 points, so allow one point around 90.75.
    assert 0.8975 <= trainer.accuracy() <= 0.9175


# -- Planar data: "Tuning hidden layer size", 5000 iterations --------------------------------------
HIDDEN_SIZES = {1: 67.5, 2: 67.25, 3: 90.75, 4: 90.5, 5: 91.25, 20: 90.0, 50: 90.25}


@pytest.mark.parametrize("n_h, accuracy", HIDDEN_SIZES.items())
def test_hidden_layer_sizes(flower, n_h, accuracy):
    trainer = train(flower.X, flower.Y, [2, n_h, 1], "tanh", 1.2, 5000, "small", 2)
    assert abs(100 * trainer.accuracy() - accuracy) <= 1.0


def test_logistic_regression_on_flower_stays_near_chance(flower):
    # The course fits sklearn's LogisticRegressionCV and reports 47%; gradient descent on the
    # same linear model cannot do much better on two interleaved petals.
    trainer = train(flower.X, flower.Y, [2, 1], [], 1.2, 2000, "zeros", 0)
    assert trainer.accuracy() < 0.55


# -- Initialization assignment: circles, [2, 10, 5, 1] ReLU, lr 0.01, 15000 iterations -------------
@pytest.fixture(scope="module")
def init_data():
    return circles(300, noise=0.05, seed=1), circles(100, noise=0.05, seed=2)


def init_model(init_data, init):
    train_set, test_set = init_data
    trainer = train(train_set.X, train_set.Y, [2, 10, 5, 1], "relu", 0.01, 15000, init, 3)
    return trainer, trainer.accuracy(), trainer.accuracy(test_set.X, test_set.Y)


def test_initialization_zeros(init_data):
    trainer, train_acc, test_acc = init_model(init_data, "zeros")
    for i in range(0, 15000, 1000):
        assert trainer.costs[i] == pytest.approx(0.693147, abs=1e-6), i
    assert train_acc == 0.5 and test_acc == 0.5


def test_initialization_large_random(init_data):
    _, train_acc, test_acc = init_model(init_data, "large")
    assert abs(train_acc - 0.83) <= 0.02 and abs(test_acc - 0.86) <= 0.02


def test_initialization_he(init_data):
    trainer, train_acc, test_acc = init_model(init_data, "he")
    assert trainer.costs[0] == pytest.approx(0.883054, abs=1e-6)
    assert trainer.costs[1000] == pytest.approx(0.687983, abs=1e-6)
    assert trainer.costs[14000] == pytest.approx(0.073579, abs=1e-6)
    assert round(100 * train_acc, 1) == 99.3 and test_acc == 0.96
