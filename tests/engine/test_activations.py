"""Activations: values, ranges, derivatives (against finite differences), kinks, stability."""

import math
import warnings
from decimal import Decimal, localcontext

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.activations import ACTIVATION_NAMES, SATURATION_FRACTION, get_activation

Z = np.array([-5.0, -2.0, -0.5, -1e-3, 0.0, 1e-3, 0.5, 2.0, 5.0])


def test_values_at_known_points():
    sigmoid, tanh, relu, leaky, linear = (get_activation(n) for n in ACTIVATION_NAMES)
    assert sigmoid(np.array([0.0]))[0] == 0.5
    assert np.allclose(sigmoid(Z), 1 / (1 + np.exp(-Z)), rtol=1e-15, atol=1e-16)
    assert np.allclose(tanh(Z), np.tanh(Z))
    assert np.array_equal(relu(Z), np.maximum(Z, 0))
    assert np.allclose(leaky(Z), np.where(Z >= 0, Z, 0.01 * Z))
    assert np.array_equal(linear(Z), Z)


@pytest.mark.parametrize("name", ACTIVATION_NAMES)
def test_values_stay_in_the_stated_range(name):
    g = get_activation(name)
    low, high = g.value_range
    a = g(np.linspace(-50, 50, 1001))
    assert np.all(a >= low) and np.all(a <= high)
    assert g.range_text and g.formula and g.derivative_formula


def test_range_texts():
    assert get_activation("sigmoid").range_text == "(0, 1)"
    assert get_activation("tanh").range_text == "(-1, 1)"
    assert get_activation("relu").range_text == "[0, inf)"
    assert get_activation("relu").value_range == (0.0, np.inf)
    assert get_activation("linear").value_range == (-np.inf, np.inf)


@pytest.mark.parametrize("name", ACTIVATION_NAMES)
@settings(max_examples=40, deadline=None)
@given(z=st.floats(-6, 6).filter(lambda v: abs(v) > 1e-3))
def test_derivative_matches_finite_differences(name, z):
    # Away from the kink at 0, where ReLU and leaky ReLU have no derivative.
    g = get_activation(name)
    h = 1e-6
    zz = np.array([z])
    numeric = (g(zz + h) - g(zz - h)) / (2 * h)
    assert np.allclose(g.derivative(zz), numeric, rtol=1e-6, atol=1e-8)


def test_derivative_at_the_kink_is_one():
    # The seed's convention: ReLU'(0) = leaky ReLU'(0) = 1.
    zero = np.array([0.0])
    assert get_activation("relu").derivative(zero)[0] == 1.0
    assert get_activation("leaky_relu").derivative(zero)[0] == 1.0
    assert get_activation("relu").derivative(np.array([-1e-12]))[0] == 0.0
    assert get_activation("leaky_relu").derivative(np.array([-1e-12]))[0] == 0.01


def test_sigmoid_and_tanh_derivatives_from_a():
    a = get_activation("sigmoid")(Z)
    assert np.allclose(get_activation("sigmoid").derivative(Z), a * (1 - a))
    assert np.array_equal(get_activation("sigmoid").derivative(Z, a), a * (1 - a))
    t = np.tanh(Z)
    assert np.allclose(get_activation("tanh").derivative(Z), 1 - t**2)
    assert np.array_equal(get_activation("tanh").derivative(Z, t), 1 - t * t)


def test_leaky_slope_is_adjustable_and_the_formula_follows():
    g = get_activation("leaky_relu", leaky_slope=0.2)
    assert np.allclose(g(np.array([-10.0, 3.0])), [-2.0, 3.0])
    assert np.allclose(g.derivative(np.array([-10.0, 3.0])), [0.2, 1.0])
    assert "0.2" in g.formula and "0.2" in g.derivative_formula
    default = get_activation("leaky_relu")
    assert default.slope == 0.01 and "0.01" in default.formula
    assert "0.2" not in default.formula
    with pytest.raises(ValueError):
        get_activation("leaky_relu", leaky_slope=1.5)


@pytest.mark.parametrize("name", ACTIVATION_NAMES)
def test_extreme_inputs_give_no_warning(name):
    g = get_activation(name)
    z = np.array([-1e4, -1e300, 1e4, 1e300])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = g(z)
        d = g.derivative(z)
    assert np.all(np.isfinite(a)) and np.all(np.isfinite(d))


def test_sigmoid_saturates_to_exactly_zero_and_one():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = get_activation("sigmoid")(np.array([-1e4, 1e4]))
    assert a[0] == 0.0 and a[1] == 1.0


def test_unknown_name_lists_the_choices():
    with pytest.raises(ValueError, match="unknown activation 'softplus'") as info:
        get_activation("softplus")
    for name in ACTIVATION_NAMES:
        assert name in str(info.value)


def test_aliases():
    assert get_activation("Leaky-ReLU").name == "leaky_relu"
    assert get_activation("leaky").name == "leaky_relu"
    g = get_activation("tanh")
    assert get_activation(g) is g


# -- sigmoid: accurate for every finite z (issue: the tanh form lost it below z = -20) ---------
def exact_sigmoid(z: float) -> Decimal:
    """σ(z) from the float z (converted exactly) in 60-digit decimal arithmetic."""
    with localcontext() as ctx:
        ctx.prec = 60
        return 1 / (1 + (-Decimal(z)).exp())


SIGMOID_POINTS = np.concatenate([
    np.linspace(-700, 700, 2801),
    [-708.3, -650.5, -100.25, -40.0, -37.5, -37.4, -36.9, -25.0, -20.0, -19.999, -1e-3,
     -1e-10, -5e-324, 0.0, 1e-300, 1e-10, 1e-3, 20.0, 36.7, 40.0, 699.99],
])


def test_sigmoid_relative_error_below_1e_12_everywhere():
    z = SIGMOID_POINTS
    a = get_activation("sigmoid")(z)
    exact = [exact_sigmoid(float(v)) for v in z]
    rel = [abs((Decimal(float(x)) - e) / e) for x, e in zip(a, exact)]
    worst = max(rel)
    assert worst < Decimal("1e-12"), (worst, z[rel.index(worst)])
    # Far out on the left the old 0.5 * (1 + tanh(z / 2)) returned exactly 0.
    assert np.all(a > 0)


def test_sigmoid_against_the_sign_split_formula_per_element():
    # math.exp element by element, split by sign so that neither branch overflows.
    z = np.linspace(-700, 700, 7001)
    a = get_activation("sigmoid")(z)
    ref = np.array([1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v))
                    for v in z])
    assert np.max(np.abs(a - ref) / ref) < 1e-12


def test_sigmoid_beyond_the_normal_range_gives_no_warning():
    sigmoid = get_activation("sigmoid")
    z = np.array([-709.0, -709.78, -709.79, -745.0, -746.0, -1e4, -np.inf, 36.8, 1e4, np.inf])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = sigmoid(z)
        d = sigmoid.derivative(z)
    # Below -709.78 e^-z overflows; σ(z) < 6e-309 there, and what we return is that small.
    assert np.all(a[:5] <= 1.0e-307) and np.all(a[:5] >= 0)
    assert np.all(a[5:7] == 0.0) and np.all(a[7:] == 1.0)
    assert np.all(np.isfinite(d)) and np.all(d >= 0)
    assert sigmoid(np.array([np.nan]))[0] != sigmoid(np.array([np.nan]))[0]  # NaN stays NaN


def test_sigmoid_scalar_input_keeps_working():
    sigmoid = get_activation("sigmoid")
    assert float(sigmoid(0.0)) == 0.5
    assert float(sigmoid(-800.0)) == 0.0
    assert math.isclose(float(sigmoid(-30.0)), float(exact_sigmoid(-30.0)), rel_tol=1e-14)


def test_sigmoid_derivative_is_a_times_one_minus_a_and_accurate():
    sigmoid = get_activation("sigmoid")
    z = np.linspace(-700, 60, 7601)
    a = sigmoid(z)
    d = sigmoid.derivative(z)
    assert np.array_equal(d, a * (1 - a))               # the same number backward uses
    assert np.array_equal(sigmoid.derivative(z, a), d)
    for v, dv in zip(z, d):
        e = exact_sigmoid(float(v))
        exact = e * (1 - e)
        if v <= 0:  # a (1 - a) keeps full relative accuracy where a <= 1/2
            assert abs(Decimal(float(dv)) - exact) <= Decimal("1e-12") * exact, v
        else:       # 1 - a cancels: bounded absolute error (a rounds to 1 beyond 36.7)
            assert abs(Decimal(float(dv)) - exact) < Decimal("2e-16"), v


# -- one definition of "saturated" --------------------------------------------------------------
def test_saturation_constants():
    assert SATURATION_FRACTION == 0.05
    sigmoid, tanh, relu, leaky, linear = (get_activation(n) for n in ACTIVATION_NAMES)
    assert sigmoid.max_derivative == 0.25 and tanh.max_derivative == 1.0
    assert sigmoid.saturates and tanh.saturates
    assert not (relu.saturates or leaky.saturates or linear.saturates)
    # max_derivative really is the largest slope
    z = np.linspace(-10, 10, 20001)
    assert np.max(sigmoid.derivative(z)) == 0.25 and np.max(tanh.derivative(z)) == 1.0


# Where g'(z) = 5 % of the largest slope, solved by hand: tanh'(z) = 1 - tanh²(z) = 0.05 at
# tanh(z) = sqrt(0.95); σ(z) = (1 + tanh(z/2)) / 2, so σ'(z) = (1 - tanh²(z/2)) / 4 = 0.0125
# at twice that z.
TANH_EDGE = math.atanh(math.sqrt(0.95))   # 2.1783
SIGMOID_EDGE = 2 * TANH_EDGE              # 4.3565


@pytest.mark.parametrize("name, edge", [("sigmoid", SIGMOID_EDGE), ("tanh", TANH_EDGE)])
def test_saturated_exactly_beyond_five_percent_of_the_top_slope(name, edge):
    g = get_activation(name)
    eps = 1e-9
    z = np.array([-edge - eps, -edge + eps, 0.0, edge - eps, edge + eps, -50.0, 50.0])
    assert g.saturated(z).tolist() == [True, False, False, False, True, True, True]
    # the same from a = g(z), as probes pass it
    assert g.saturated(z, g(z)).tolist() == [True, False, False, False, True, True, True]
    a_edge = float(g(np.array([edge]))[0])
    if name == "sigmoid":
        assert math.isclose(a_edge, (1 + math.sqrt(0.95)) / 2, rel_tol=1e-12)  # 0.98734
    else:
        assert math.isclose(a_edge, math.sqrt(0.95), rel_tol=1e-12)            # 0.97468


@pytest.mark.parametrize("name", ["relu", "leaky_relu", "linear"])
def test_relu_leaky_and_linear_never_saturate(name):
    g = get_activation(name)
    z = np.array([-1e6, -50.0, -1.0, 0.0, 1.0, 50.0, 1e6])
    assert not g.saturated(z).any()
    assert g.saturated(z).shape == z.shape


# -- "dead": a ReLU unit with z < 0 for every example --------------------------------------------
def test_dead_relu_units():
    Z = np.array([
        [-1.0, -2.0, -1e-300],   # dead: negative for every example
        [-1.0, 0.0, -3.0],       # alive: ReLU'(0) = 1 passes gradient at z == 0
        [-1.0, 2.0, -3.0],       # alive for one example
        [5.0, 5.0, 5.0],
    ])
    assert get_activation("relu").dead(Z).tolist() == [True, False, False, False]


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "leaky_relu", "linear"])
def test_only_relu_has_dead_units(name):
    Z = np.full((3, 4), -1e4)  # a sigmoid here is exactly 0 with g' = 0: saturated, not dead
    assert get_activation(name).dead(Z) is None


def test_leaky_relu_with_slope_zero_is_relu_and_can_die():
    Z = np.array([[-1.0, -2.0], [-1.0, 0.0]])
    assert get_activation("leaky_relu", leaky_slope=0.0).dead(Z).tolist() == [True, False]
