"""The answer checker: a safe formula reader, a numerical derivative check, and the derivations
(each line equal to the next, symbolically with sympy and numerically)."""

from __future__ import annotations

import dataclasses
import re
import time
import warnings
from pathlib import Path

import numpy as np
import dataclasses

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.activations import get_activation
from lessons import expressions
from lessons.expressions import (DERIVATIONS, MAX_LENGTH, DerivationLine, Expression,
                                 ExpressionError, Verdict, check_derivative, line_values, parse)

SIGMOID = get_activation("sigmoid")
TANH = get_activation("tanh")

# -- the derivations ------------------------------------------------------------------------------
Z = sympy.Symbol("z", real=True)
FORMULAS = {  # g(z) as the course writes it
    "sigmoid": 1 / (1 + sympy.exp(-Z)),
    "tanh": (sympy.exp(Z) - sympy.exp(-Z)) / (sympy.exp(Z) + sympy.exp(-Z)),
}
SYMPY_NAMES = {"exp": sympy.exp, "log": sympy.log, "sqrt": sympy.sqrt, "tanh": sympy.tanh,
               "e": sympy.E, "pi": sympy.pi}


def symbolic(name: str, expr: str) -> sympy.Expr:
    """A line's expr in sympy, with a replaced by g(z)."""
    return sympy.sympify(expr, locals={**SYMPY_NAMES, "z": Z, "a": FORMULAS[name]})


PAIRS = [(name, i) for name, lines in DERIVATIONS.items() for i in range(len(lines) - 1)]


def test_derivations_cover_sigmoid_and_tanh():
    assert set(DERIVATIONS) == {"sigmoid", "tanh"}
    for lines in DERIVATIONS.values():
        assert all(isinstance(line, DerivationLine) for line in lines)
        assert len(lines) >= 3


def test_the_sigmoid_derivation_is_the_course_notes_six_lines():
    assert [line.text for line in DERIVATIONS["sigmoid"]] == [
        "g'(z) = d/dz (1 / (1 + e⁻ᶻ))",
        "= (1 / (1 + e⁻ᶻ))² · e⁻ᶻ",
        "= (1 / (1 + e⁻ᶻ)) · (e⁻ᶻ / (1 + e⁻ᶻ))",
        "= (1 / (1 + e⁻ᶻ)) · ((1 + e⁻ᶻ - 1) / (1 + e⁻ᶻ))",
        "= (1 / (1 + e⁻ᶻ)) · (1 - 1 / (1 + e⁻ᶻ))",
        "= a · (1 - a)",
    ]
    assert DERIVATIONS["tanh"][-1].text == "= 1 - a²"


def test_the_sigmoid_derivation_takes_the_route_its_claim_names():
    """C9: "derived step by step from the quotient". The course note's second line follows
    from the chain rule or from the quotient rule; the reason shown is the claim's route."""
    from lessons import COURSE

    assert "quotient" in COURSE.claims["C9"]
    assert DERIVATIONS["sigmoid"][1].reason.startswith("quotient rule")


@pytest.mark.parametrize("name", sorted(DERIVATIONS))
def test_lines_read_as_one_line_of_math_with_a_short_reason(name):
    lines = DERIVATIONS[name]
    assert lines[0].text.startswith("g'(z) = d/dz (")
    for line in lines[1:]:
        assert line.text.startswith("= ")
    for line in lines:
        assert "\n" not in line.text and "\n" not in line.reason
        assert 0 < len(line.reason) <= 60
        assert isinstance(parse(line.expr), Expression)  # the safe reader accepts every line


@pytest.mark.parametrize("name,i", PAIRS, ids=[f"{n}-{i + 1}={i + 2}" for n, i in PAIRS])
def test_each_line_equals_the_next_symbolically(name, i):
    lhs = symbolic(name, DERIVATIONS[name][i].expr)
    rhs = symbolic(name, DERIVATIONS[name][i + 1].expr)
    assert sympy.simplify(lhs - rhs) == 0


@pytest.mark.parametrize("name", sorted(DERIVATIONS))
def test_the_first_lines_value_is_the_derivative_of_g(name):
    first = symbolic(name, DERIVATIONS[name][0].expr)
    assert sympy.simplify(first - sympy.diff(FORMULAS[name], Z)) == 0


@pytest.mark.parametrize("name", sorted(DERIVATIONS))
def test_a_line_that_is_not_an_identity_is_caught_symbolically(name):
    # The check above could fail: a plausible slip (a wrong sign) is not simplified to 0.
    last = symbolic(name, DERIVATIONS[name][-1].expr)
    slip = symbolic(name, DERIVATIONS[name][-1].expr.replace("1-", "1+").replace("1 - ", "1 + "))
    assert sympy.simplify(last - slip) != 0


@pytest.mark.parametrize("name", sorted(DERIVATIONS))
@pytest.mark.parametrize("z", [-20.0, -7.5, -3.0, -1.0, -0.25, 0.0, 0.5, 1.5, 4.0, 9.0, 20.0])
def test_every_line_has_the_same_value_at_z(name, z):
    values = line_values(name, z)
    g = get_activation(name)
    expected = float(g.derivative(np.array(z)))
    assert len(values) == len(DERIVATIONS[name])
    # Lines that subtract nearly equal numbers lose digits at |z| = 20: about 1e-16 absolute.
    np.testing.assert_allclose(values, expected, rtol=1e-6, atol=1e-9)
    if abs(z) <= 9:
        np.testing.assert_allclose(values[1:], expected, rtol=1e-6)
        # the measured first line: a centred difference, off by ~1e-11 (rounding in g / h)
        np.testing.assert_allclose(values[0], expected, rtol=1e-6, atol=1e-10)


@pytest.mark.parametrize("name", sorted(DERIVATIONS))
def test_lines_agree_on_a_fine_grid(name):
    for z in np.linspace(-20, 20, 161):
        values = line_values(name, float(z))
        np.testing.assert_allclose(values, values[-1], rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", sorted(DERIVATIONS))
def test_the_last_line_is_a_right_answer(name):
    assert check_derivative(DERIVATIONS[name][-1].expr, get_activation(name)).right


# -- the checker ----------------------------------------------------------------------------------
RIGHT = [
    ("sigmoid", "a*(1-a)"), ("sigmoid", "a - a**2"), ("sigmoid", "a-a^2"), ("sigmoid", "(1-a)*a"),
    ("sigmoid", "exp(-z)/(1+exp(-z))**2"), ("sigmoid", "a(1-a)"), ("sigmoid", "a(1 - a)"),
    ("sigmoid", "a·(1 − a)"), ("sigmoid", "e^-z/(1+e^-z)^2"), ("sigmoid", "  a*(1-a)  "),
    ("sigmoid", "sigmoid(z)*(1-sigmoid(z))"), ("sigmoid", "σ(z)(1 - σ(z))"),
    ("tanh", "1-a**2"), ("tanh", "1 - tanh(z)**2"), ("tanh", "(1-a)*(1+a)"), ("tanh", "(1-a)(1+a)"),
    ("tanh", "1 - a²"), ("tanh", "1-a^2"), ("tanh", "4/(exp(z)+exp(-z))^2"),
]
WRONG = [
    ("sigmoid", "a*(1+a)"), ("sigmoid", "1-a"), ("sigmoid", "a**2"), ("sigmoid", "2*a*(1-a)"),
    ("sigmoid", "a*(1-a) + 1e-5"), ("sigmoid", "1-a**2"),
    ("tanh", "1+a**2"), ("tanh", "1-a"), ("tanh", "a*(1-a)"), ("tanh", "2*(1-a**2)"),
]


@pytest.mark.parametrize("name,answer", RIGHT)
def test_equivalent_forms_are_right(name, answer):
    verdict = check_derivative(answer, get_activation(name))
    assert verdict.right, verdict.message
    assert verdict.message.startswith("right")
    assert verdict.z is verdict.expected is verdict.got is None


@pytest.mark.parametrize("name,answer", WRONG)
def test_wrong_forms_are_wrong_with_the_worst_z(name, answer):
    g = get_activation(name)
    verdict = check_derivative(answer, g)
    assert not verdict.right
    assert verdict.message.startswith("not quite: at z = ")
    assert verdict.z is not None and -6 <= verdict.z <= 6
    assert verdict.expected == pytest.approx(float(g.derivative(np.array(verdict.z))))
    got = float(parse(answer).evaluate({"a": g(np.array(verdict.z)), "z": verdict.z}))
    assert verdict.got == pytest.approx(got)
    assert abs(verdict.got - verdict.expected) > 1e-6 * abs(verdict.expected)
    # The worst point of the default grid: no grid point is further off.
    grid = np.linspace(-6, 6, 241)
    off = np.abs(parse(answer).evaluate({"a": g(grid), "z": grid}) - g.derivative(grid))
    assert abs(verdict.got - verdict.expected) >= off.max() - 1e-12


def test_the_wrong_message_reads_as_promised():
    verdict = check_derivative("2*a*(1-a)", SIGMOID)
    assert verdict == Verdict(False, "not quite: at z = 0.00, g'(z) = 0.2500 but your "
                                     "expression gives 0.5000", 0.0, 0.25, 0.5)


def test_a_tiny_difference_is_printed_with_enough_digits_to_see():
    verdict = check_derivative("a*(1-a) + 1e-5", SIGMOID)
    pattern = r"= ([\d.]+) but your expression gives ([\d.]+)"
    expected, got = re.findall(pattern, verdict.message)[0]
    assert expected != got


@pytest.mark.parametrize("answer", ["log(a-1)", "1/(a-a)", "sqrt(-a)", "a*(1-a) + 0*log(z)",
                                    "exp(1000*z)", "(-a)**0.5", "a*(1-a)/(z-z)"])
def test_nan_or_inf_is_wrong_there_and_no_runtime_warning_escapes(answer):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        verdict = check_derivative(answer, SIGMOID)
        value = parse(answer).evaluate({"a": np.array([0.5, -1.0]), "z": np.array([0.0, 0.0])})
    assert not verdict.right
    assert not np.isfinite(verdict.got)
    assert np.isfinite(verdict.expected)
    assert value.shape == (2,)


def test_z_points_can_be_given():
    assert check_derivative("0.25", SIGMOID, z_points=[0.0]).right
    verdict = check_derivative("0.25", SIGMOID, z_points=np.array([0.0, 1.5]))
    assert not verdict.right and verdict.z == 1.5
    assert verdict.message == ("not quite: at z = 1.50, g'(z) = 0.1491 but your expression "
                               "gives 0.2500")


def test_the_activation_may_be_named():
    assert check_derivative("1 - a^2", "tanh").right


# -- malformed answers ----------------------------------------------------------------------------
MALFORMED = [
    ("", "empty answer"),
    ("   ", "empty answer"),
    ("a*(", "unbalanced parentheses"),
    ("a)", "unbalanced parentheses"),
    ("a**", "incomplete"),
    ("__import__('os')", "unknown function '__import__'"),
    ("a.real", "attribute"),
    ("[a]", "brackets"),
    ("a[0]", "brackets"),
    ("{a}", "braces"),
    ("lambda: 1", "'lambda' is not allowed"),
    ("import os", "'import' is not allowed"),
    ("x", "unknown name 'x': use a (and z)"),
    ("az", "write a*z"),
    ("a if a else 1", "'if' is not allowed"),
    ("2**10**10", "exponent"),
    ("a**11", "exponent"),
    ("a**(1/0)", "exponent"),
    ("a" * 500, "too long"),
    ("open('f')", "unknown function 'open'"),
    ("a;1", "';' is not allowed (column 2)"),
    ("a = 1", "'='"),
    ("g'(z) = a(1-a)", "quotes"),
    ("exp(a, z)", "one argument"),
    ("exp(x=1)", "one plain argument"),
    ("exp", "is a function"),
    ("a()", "empty parentheses"),
    ("a, z", "commas"),
    ("a % 2", "'%' is not allowed"),
    ("a // 2", "'//' is not allowed"),
    ("a == 1", "comparisons"),
    ("not a", "'not' is not allowed"),
    ("a and z", "'and' is not allowed"),
    ("~a", "'~' is not allowed"),
    ("(b := 1)", "':=' is not allowed"),
    ("True", "'True' is not allowed"),
    ("1e999", "too large"),
    ("1/2a", "ambiguous"),
    ("e^2z", "ambiguous"),
    ("1/a(1-a)", "ambiguous"),
    ("2 3", "missing operator"),
    ("a €", "invalid character"),
    ("a\n+1", "one line"),
    ("a +* 2", "column 4"),
    ("(" * 300, "too long"),
    ("a.__class__.__bases__[0].__subclasses__()", "not allowed"),
]


@pytest.mark.parametrize("text,fragment", MALFORMED, ids=[repr(t[:20]) for t, _ in MALFORMED])
def test_malformed_answers_get_a_clear_one_line_message_quickly(text, fragment):
    start = time.perf_counter()
    with pytest.raises(ExpressionError) as info:
        parse(text)
    verdict = check_derivative(text, SIGMOID)
    assert time.perf_counter() - start < 1.0
    message = info.value.message
    assert fragment in message
    assert "\n" not in message and len(message) <= 120
    assert verdict == Verdict(False, message)


def test_syntax_error_columns_refer_to_the_text_as_typed():
    # '^' and '·' become '**' and '*' before Python reads the text; the column does not move.
    with pytest.raises(ExpressionError, match=r"column 9"):
        parse("a^2·(1 +* a)")
    with pytest.raises(ExpressionError, match=r"\(column 5\)"):
        parse("a^2*(1-a")


def test_long_but_harmless_answers_are_fine():
    assert parse("-" * 150 + "a").evaluate({"a": 2.0}) == 2.0
    assert parse("(" * 99 + "a" + ")" * 99).evaluate({"a": 2.0}) == 2.0
    assert parse("a" + "**a" * 66).evaluate({"a": 1.0}) == 1.0
    assert parse("a" + "+a" * 99).evaluate({"a": 1.0}) == 100.0
    with pytest.raises(ExpressionError, match="too long"):
        parse("a" + "+a" * 100)
    assert len("a" + "+a" * 99) <= MAX_LENGTH


@settings(max_examples=300, deadline=1000)
@given(st.text(alphabet="az0123456789.e+-*/^() ,;'[]_xpqlgsrt=<!:", max_size=60))
def test_no_text_makes_the_checker_raise_or_warn(text):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        verdict = check_derivative(text, TANH)
    assert isinstance(verdict, Verdict) and verdict.message
    assert "\n" not in verdict.message


# -- the reader -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text,value", [
    ("a^2", 0.25), ("a**2", 0.25), ("2a", 1.0), ("2(1-a)", 1.0), ("a(1-a)", 0.25),
    ("(1-a)a", 0.25), ("a z", 1.0), ("2a^2", 0.5), ("a²", 0.25), ("a³(1-a)", 0.0625),
    ("a²z", 0.5), ("−a", -0.5), ("6÷3", 2.0), ("2×a", 1.0), ("e", np.e), ("pi", np.pi),
    ("π", np.pi), ("ln(e)", 1.0), ("log(e^2)", 2.0), ("sqrt(4)", 2.0), ("abs(-a)", 0.5),
    ("sigmoid(0)", 0.5), ("σ(0)", 0.5), ("tanh(0)+cosh(0)+sinh(0)", 1.0), ("2^3^2", 512.0),
    ("-a^2", -0.25), ("1e-3", 0.001), ("2e", 2 * np.e), ("2e-z", 2 * np.e - 2.0),
    ("2exp(0)", 2.0), ("e^-z", np.exp(-2.0)), ("a**z", 0.25), ("1/(2*a)", 1.0), (".5a", 0.25),
])
def test_what_the_reader_accepts(text, value):
    assert float(parse(text).evaluate({"a": 0.5, "z": 2.0})) == pytest.approx(value)


def test_evaluate_is_vectorised_and_broadcasts():
    z = np.linspace(-3, 3, 7)
    a = np.tanh(z)
    np.testing.assert_allclose(parse("1 - a^2").evaluate({"a": a, "z": z}), 1 - a * a)
    constant = parse("0.25").evaluate({"a": a, "z": z})
    assert constant.shape == (7,) and np.all(constant == 0.25)
    assert parse("a + z").evaluate({"a": np.ones((2, 1)), "z": np.arange(3.0)}).shape == (2, 3)
    assert parse("a*(1-a)").variables == frozenset({"a"})
    with pytest.raises(ValueError, match="z"):
        parse("a*z").evaluate({"a": a})


def test_variables_can_be_chosen():
    assert parse("x^2", names=frozenset({"x"})).evaluate({"x": 3.0}) == 9.0
    with pytest.raises(ExpressionError, match="unknown name 'z': use x"):
        parse("z", names=frozenset({"x"}))


def test_the_reader_never_hands_the_text_to_python():
    source = Path(expressions.__file__).read_text(encoding="utf-8")
    assert not re.search(r"(?<![\w.])(eval|exec|compile|__import__)\s*\(", source)
    assert not re.search(r"^\s*(import|from)\s+(textual|rich|plotext)", source, re.MULTILINE)


@pytest.mark.parametrize("name", sorted(DERIVATIONS))
def test_the_first_line_is_measured_on_g_not_taken_from_a_formula(name):
    """The chain-rule (or quotient-rule) step is checked against the slope of g itself: a
    wrong formula on the first line would not change its value."""
    first = DERIVATIONS[name][0]
    assert first.measured and not any(line.measured for line in DERIVATIONS[name][1:])
    broken = dataclasses.replace(first, expr="0*z")
    original = DERIVATIONS[name]
    try:
        DERIVATIONS[name] = (broken, *original[1:])
        assert line_values(name, 0.7)[0] == pytest.approx(float(
            get_activation(name).derivative(np.array(0.7))), rel=1e-8)
    finally:
        DERIVATIONS[name] = original
