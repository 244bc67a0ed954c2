"""Activations: values, ranges, derivatives (against finite differences), kinks, stability."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.activations import ACTIVATION_NAMES, get_activation

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
