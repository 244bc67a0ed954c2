"""Activation functions g(z): value, derivative g'(z), range and formula text.

Each activation is an object so a lesson can show everything about it from one place:
``g(z)``, ``g.derivative(z)``, ``g.value_range``, ``g.formula``. Derivatives at a kink follow
the course's convention: ReLU'(0) = 1 and leaky ReLU'(0) = 1.

All of them are stable for any finite input: no overflow, no runtime warning.

Two ways a unit stops learning, defined once here and used by every probe and lesson:

* **saturated** (sigmoid and tanh only): at (unit, example) the slope has faded on one of the
  S-curve's tails, g'(z) < SATURATION_FRACTION · (g's largest slope, ``max_derivative``). With
  SATURATION_FRACTION = 0.05 that is a < 0.0127 or a > 0.9873 for sigmoid (|z| > 4.36) and
  |a| > 0.9747 for tanh (|z| > 2.18). ReLU, leaky ReLU and linear never saturate: their slope
  does not fade, it is constant on each side.
* **dead** (ReLU only): a unit whose z < 0 for *every* example, so it passes no gradient at all
  and gradient descent cannot revive it. With ReLU'(0) = 1, z == 0 still passes gradient.
  ReLU's flat side is a different idea from saturation: there g' is exactly 0, not small.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

INF = math.inf

# A (unit, example) is saturated where g'(z) < SATURATION_FRACTION * g.max_derivative.
SATURATION_FRACTION = 0.05


@dataclass(frozen=True)
class Activation:
    """Base class: subclasses implement ``__call__`` and ``derivative``.

    ``max_derivative`` is g's largest slope (sigmoid 1/4 at z = 0, the others 1);
    ``saturates`` says whether the slope fades on the tails (sigmoid, tanh), which is what
    ``saturated`` measures.
    """

    max_derivative: ClassVar[float] = 1.0
    saturates: ClassVar[bool] = False

    name: str = ""
    formula: str = ""
    derivative_formula: str = ""
    # (low, high) and whether each end is reached; the text is what the lesson prints.
    value_range: tuple[float, float] = (-INF, INF)
    range_text: str = "(-inf, inf)"

    def __call__(self, z: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def derivative(self, z: np.ndarray, a: np.ndarray | None = None) -> np.ndarray:
        """g'(z). ``a`` = g(z) may be passed when already computed (sigmoid, tanh use it)."""
        raise NotImplementedError  # pragma: no cover - abstract

    def saturated(self, z: np.ndarray, a: np.ndarray | None = None) -> np.ndarray:
        """Where g is saturated: g'(z) < SATURATION_FRACTION * max_derivative (5 % of g's
        largest slope), elementwise, for the activations that saturate (sigmoid, tanh).

        For ReLU, leaky ReLU and linear this is all False: they never saturate (see ``dead``).
        """
        if not self.saturates:
            return np.zeros(np.shape(z), dtype=bool)
        return self.derivative(z, a) < SATURATION_FRACTION * self.max_derivative

    def dead(self, Z: np.ndarray) -> np.ndarray | None:
        """Per unit (row of Z, one column per example): True where the unit is dead, i.e.
        z < 0 for every example. None when g has no dead units (everything but ReLU)."""
        return None

    def __str__(self) -> str:
        return self.name


def negative_for_every_example(Z: np.ndarray) -> np.ndarray:
    """Per unit (row of Z, one column per example): True where z < 0 for every example.
    For ReLU that is a dead unit: its slope is 0 on every example, so no gradient reaches it."""
    return np.all(np.asarray(Z) < 0, axis=1)


@dataclass(frozen=True)
class Sigmoid(Activation):
    name: str = "sigmoid"
    formula: str = "σ(z) = 1 / (1 + e^-z)"
    derivative_formula: str = "σ'(z) = a(1 - a)"
    value_range: tuple[float, float] = (0.0, 1.0)
    range_text: str = "(0, 1)"

    max_derivative: ClassVar[float] = 0.25
    saturates: ClassVar[bool] = True

    def __call__(self, z):
        # 1/(1 + e^-z) as written, and accurate to a few ulp for every z the result is a
        # normal number: for z < 0, e^-z is large but has full relative precision, and
        # 1/(1 + big) keeps it (0.5(1 + tanh(z/2)) loses it below z = -20 and is 0 below
        # -37.4). e^-z overflows only for z < -709.78, where σ(z) < 6e-309 is below the normal
        # range; then 1/(1 + inf) = 0, and the overflow warning is silenced here.
        t = np.negative(z, dtype=float)  # -z in a new array, worked on in place below
        with np.errstate(over="ignore", under="ignore"):
            if not isinstance(t, np.ndarray):  # a scalar or 0-d input gives a scalar
                return 1.0 / (1.0 + np.exp(t))
            np.exp(t, out=t)
        t += 1.0
        return np.reciprocal(t, out=t)

    def derivative(self, z, a=None):
        """σ'(z) = a(1 - a), from ``a`` when given (as backward does) so both agree exactly.

        Relatively accurate for z <= 0; for large z > 0 the 1 - a cancels (σ(z) rounds to 1
        beyond z = 36.7, where a(1 - a) is 0): an absolute error below 2e-16.
        """
        a = self(z) if a is None else a
        return a * (1.0 - a)


@dataclass(frozen=True)
class Tanh(Activation):
    name: str = "tanh"
    formula: str = "tanh(z) = (e^z - e^-z) / (e^z + e^-z)"
    derivative_formula: str = "tanh'(z) = 1 - a²"
    value_range: tuple[float, float] = (-1.0, 1.0)
    range_text: str = "(-1, 1)"

    max_derivative: ClassVar[float] = 1.0
    saturates: ClassVar[bool] = True

    def __call__(self, z):
        return np.tanh(z)

    def derivative(self, z, a=None):
        a = np.tanh(z) if a is None else a
        return 1.0 - a * a


@dataclass(frozen=True)
class ReLU(Activation):
    name: str = "relu"
    formula: str = "ReLU(z) = max(0, z)"
    derivative_formula: str = "ReLU'(z) = 0 (z < 0), 1 (z ≥ 0)"
    value_range: tuple[float, float] = (0.0, INF)
    range_text: str = "[0, inf)"

    def __call__(self, z):
        return np.maximum(z, 0.0)

    def derivative(self, z, a=None):
        # z >= 0 gives 1: at exactly z = 0 the course sets the derivative to 1 by convention.
        return (np.asarray(z) >= 0).astype(float)

    def dead(self, Z):
        return negative_for_every_example(Z)


@dataclass(frozen=True)
class LeakyReLU(Activation):
    name: str = "leaky_relu"
    slope: float = 0.01
    formula: str = ""
    derivative_formula: str = ""
    value_range: tuple[float, float] = (-INF, INF)
    range_text: str = "(-inf, inf)"

    def __post_init__(self):
        if not (0.0 <= self.slope < 1.0):
            raise ValueError(f"leaky ReLU slope must be in [0, 1), got {self.slope}")
        # The texts follow the slope, so a learner who changes it sees the new formula.
        s = f"{self.slope:g}"
        # At slope 0 it is plain ReLU: say so rather than print "max(0z, z)".
        product = "0" if self.slope == 0.0 else f"{s}z"
        object.__setattr__(self, "formula", f"LeakyReLU(z) = max({product}, z)"
                           + (": plain ReLU" if self.slope == 0.0 else ""))
        object.__setattr__(
            self, "derivative_formula", f"LeakyReLU'(z) = {s} (z < 0), 1 (z ≥ 0)"
        )
        if self.slope == 0.0:
            object.__setattr__(self, "value_range", (0.0, INF))
            object.__setattr__(self, "range_text", "[0, inf)")

    def __call__(self, z):
        z = np.asarray(z, dtype=float)
        return np.where(z >= 0, z, self.slope * z)

    def derivative(self, z, a=None):
        return np.where(np.asarray(z) >= 0, 1.0, self.slope)

    def dead(self, Z):
        # With slope 0 this *is* ReLU, and its units can die; with any slope > 0 they cannot.
        return negative_for_every_example(Z) if self.slope == 0.0 else None


@dataclass(frozen=True)
class Linear(Activation):
    name: str = "linear"
    formula: str = "g(z) = z"
    derivative_formula: str = "g'(z) = 1"

    def __call__(self, z):
        return np.asarray(z, dtype=float)

    def derivative(self, z, a=None):
        return np.ones(np.shape(z))


ACTIVATION_NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "linear")

_CLASSES = {
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "linear": Linear,
}


def get_activation(name: str | Activation, leaky_slope: float = 0.01) -> Activation:
    """The activation called ``name`` (one of ACTIVATION_NAMES); an Activation passes through."""
    if isinstance(name, Activation):
        return name
    key = name.lower().replace("-", "_").replace(" ", "_")
    if key == "leaky":
        key = "leaky_relu"
    if key not in _CLASSES:
        raise ValueError(
            f"unknown activation {name!r}; choose one of: {', '.join(ACTIVATION_NAMES)}"
        )
    if key == "leaky_relu":
        return LeakyReLU(slope=leaky_slope)
    return _CLASSES[key]()
