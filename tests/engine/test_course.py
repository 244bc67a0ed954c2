"""The engine reproduces the course's published numbers (issue 2).

Week 3, "Planar data classification with one hidden layer", and Week 5 (course 2),
"Initialization". Costs are compared at the iterations the notebooks print.
"""

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
# The course's published prints, 6 decimals ("Cost after iteration i: %f").
COURSE_COSTS = {
    0: 0.693048, 1000: 0.288083, 2000: 0.254385, 3000: 0.233864, 4000: 0.226792,
    5000: 0.222644, 6000: 0.219731, 7000: 0.217504, 8000: 0.219454, 9000: 0.218607,
}
# The last bits of a run differ by CPU (BLAS kernels and NumPy's SIMD loops). Measured on 8
# configurations (numpy 2.4.6's OpenBLAS 0.3.31 forced to SkylakeX, Haswell, Nehalem and
# Prescott kernels, each with NumPy's AVX-512 loops and with AVX2 or SSE4 only:
# OPENBLAS_CORETYPE, NPY_DISABLE_CPU_FEATURES), the costs agree to 1e-12 up to iteration
# 7723: up to 7000 every machine prints the course's numbers. Then the cost rises again
# (0.2175 -> 0.2195), the run turns sensitive to rounding, and each machine prints its own:
#   8000: 0.219411 … 0.219513 (spread 1.0e-4; the course 0.219454, an AMD EPYC 0.219420)
#   9000: 0.218546 … 0.218623 (spread 7.7e-5; the course 0.218607)
# So after 7000 a print is the course's within twice the measured spread.
EXACT_UP_TO = 7000
LATE_TOLERANCE = 2e-4


def test_planar_flower_four_tanh_units(flower):
    trainer = train(flower.X, flower.Y, [2, 4, 1], "tanh", 1.2, 10000, "small", 2)
    for i, cost in COURSE_COSTS.items():
        if i <= EXACT_UP_TO:  # the course's print, digit for digit
            assert f"{trainer.costs[i]:f}" == f"{cost:f}", i
        else:
            assert abs(trainer.costs[i] - cost) <= LATE_TOLERANCE, i
    assert trainer.costs[8000] > trainer.costs[7000] + 1e-3  # the rise, on every machine
    # The course prints "Accuracy: 90%" (an int() of the percentage). The engine's 400
    # examples right: 363 (90.75 %) or 362 (90.5 %) by machine (measured as above).
    assert int(100 * trainer.accuracy()) == 90
    assert abs(round(trainer.accuracy() * 400) - 363) <= 2


# -- Planar data: "Tuning hidden layer size", 5000 iterations --------------------------------------
# The course's published accuracies (%).
COURSE_HIDDEN_SIZES = {1: 67.5, 2: 67.25, 3: 90.75, 4: 90.5, 5: 91.25, 20: 90.0, 50: 90.25}
# With 20 and 50 units the run is sensitive to rounding: measured as above, 360 or 362 and 361
# or 363 examples right of 400 by machine (the course's 360 and 361 among them). Those are
# the course's within 1.0 percentage point (4 examples: twice the spread); the others exactly.
SENSITIVE_HIDDEN_SIZES = {20, 50}


@pytest.mark.parametrize("n_h, accuracy", COURSE_HIDDEN_SIZES.items())
def test_hidden_layer_sizes(flower, n_h, accuracy):
    trainer = train(flower.X, flower.Y, [2, n_h, 1], "tanh", 1.2, 5000, "small", 2)
    right = round(trainer.accuracy() * 400)  # examples classified right
    assert trainer.accuracy() == right / 400
    if n_h in SENSITIVE_HIDDEN_SIZES:
        assert abs(100 * trainer.accuracy() - accuracy) <= 1.0
    else:
        assert right == accuracy * 4  # the course's number exactly


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


# The notebook prints these costs in full (repr); published copies differ from each other in
# the last digit or two, so "the same number" is a relative 1e-12 here.
COURSE_HE_COSTS = [
    0.8830537463419761, 0.6879825919728063, 0.6751286264523371, 0.6526117768893807,
    0.6082958970572938, 0.5304944491717495, 0.4138645817071794, 0.3117803464844441,
    0.23696215330322562, 0.18597287209206836, 0.1501555628037182, 0.12325079292273548,
    0.09917746546525937, 0.0845705595402428, 0.07357895962677366,
]


def test_initialization_zeros(init_data):
    trainer, train_acc, test_acc = init_model(init_data, "zeros")
    for i in range(0, 15000, 1000):
        assert trainer.costs[i] == 0.6931471805599453, i  # the course's print: log 2
    assert train_acc == 0.5 and test_acc == 0.5


def test_initialization_large_random(init_data):
    # The course's accuracies exactly. Not its costs: it prints inf at iteration 0 (log(0) of a
    # sigmoid rounded to 1; the engine's cost from the logits is finite), and later costs
    # differ from the 3rd-4th decimal (course 0.6250983 at 1000, the engine 0.6251516).
    _, train_acc, test_acc = init_model(init_data, "large")
    assert train_acc == 0.83 and test_acc == 0.86


def test_initialization_he(init_data):
    trainer, train_acc, test_acc = init_model(init_data, "he")
    for k, cost in enumerate(COURSE_HE_COSTS):
        assert trainer.costs[1000 * k] == pytest.approx(cost, rel=1e-12, abs=0), 1000 * k
    # "Accuracy: 0.9933333333333333" and "Accuracy: 0.96"
    assert train_acc == 298 / 300 and test_acc == 0.96
