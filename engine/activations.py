"""Activation functions g(z): value, derivative g'(z), range and formula text.

Each activation is an object so a lesson can show everything about it from one place:
``g(z)``, ``g.derivative(z)``, ``g.value_range``, ``g.formula``. Derivatives at a kink follow
the course's convention: ReLU'(0) = 1 and leaky ReLU'(0) = 1.

All of them are stable for any finite input: no overflow, no runtime warning.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

INF = math.inf


@dataclass(frozen=True)
class Activation:
    """Base class: subclasses implement ``__call__`` and ``derivative``."""

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
        """Where the unit is saturated: its gradient is almost zero though it is not dead.

        Only the S-shaped activations saturate; for the others this is all False.
        """
        return np.zeros(np.shape(z), dtype=bool)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Sigmoid(Activation):
    name: str = "sigmoid"
    formula: str = "σ(z) = 1 / (1 + e^-z)"
    derivative_formula: str = "σ'(z) = a(1 - a)"
    value_range: tuple[float, float] = (0.0, 1.0)
    range_text: str = "(0, 1)"

    def __call__(self, z):
        # 1/(1+e^-z) written through tanh: one ufunc, exact, and no overflow for z = -1e4
        # (e^-z would overflow to inf and warn).
        return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))

    def derivative(self, z, a=None):
        a = self(z) if a is None else a
        return a * (1.0 - a)

    def saturated(self, z, a=None):
        a = self(z) if a is None else a
        return (a < 0.01) | (a > 0.99)


@dataclass(frozen=True)
class Tanh(Activation):
    name: str = "tanh"
    formula: str = "tanh(z) = (e^z - e^-z) / (e^z + e^-z)"
    derivative_formula: str = "tanh'(z) = 1 - a²"
    value_range: tuple[float, float] = (-1.0, 1.0)
    range_text: str = "(-1, 1)"

    def __call__(self, z):
        return np.tanh(z)

    def derivative(self, z, a=None):
        a = np.tanh(z) if a is None else a
        return 1.0 - a * a

    def saturated(self, z, a=None):
        a = np.tanh(z) if a is None else a
        return np.abs(a) > 0.99


@dataclass(frozen=True)
class ReLU(Activation):
    name: str = "relu"
    formula: str = "ReLU(z) = max(0, z)"
    derivative_formula: str = "ReLU'(z) = 0 if z < 0, 1 if z ≥ 0"
    value_range: tuple[float, float] = (0.0, INF)
    range_text: str = "[0, inf)"

    def __call__(self, z):
        return np.maximum(z, 0.0)

    def derivative(self, z, a=None):
        # z >= 0 gives 1: at exactly z = 0 the course sets the derivative to 1 by convention.
        return (np.asarray(z) >= 0).astype(float)


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
        object.__setattr__(self, "formula", f"LeakyReLU(z) = max({s}z, z)")
        object.__setattr__(
            self, "derivative_formula", f"LeakyReLU'(z) = {s} if z < 0, 1 if z ≥ 0"
        )
        if self.slope == 0.0:
            object.__setattr__(self, "value_range", (0.0, INF))
            object.__setattr__(self, "range_text", "[0, inf)")

    def __call__(self, z):
        z = np.asarray(z, dtype=float)
        return np.where(z >= 0, z, self.slope * z)

    def derivative(self, z, a=None):
        return np.where(np.asarray(z) >= 0, 1.0, self.slope)


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
