"""Experiments that do not train: one layer's forward step, and the activation shapes.

Each is a frozen spec whose every number is a pure function of its fields, so a knob that
changes a field (the activation, the example, the cursor, the slope) gives the whole new state,
and the same fields always give the same screen. ``build()`` returns the spec itself: there is
nothing to run.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from engine.activations import ACTIVATION_NAMES, Activation, get_activation

from . import looks
from .protocols import ExperimentDefaults, SpecDefaults


class Explorer(SpecDefaults, ExperimentDefaults):
    """An experiment that does not train: a frozen spec whose every number is a pure function
    of its fields, so it is its own experiment (``build`` returns it)."""

    def build(self):
        return self

    def text_slots(self) -> dict:
        """The settings a text or a prediction's question quotes (``{{depth}}``), as the
        learner reads them: none unless the explorer names some."""
        return {}


@dataclass(frozen=True)
class LayerStep(Explorer):
    """One layer, one example: z = W x + b, then a = g(z) (claim C1).

    W and b are drawn from RandomState(seed); example k is the k-th draw of x after them, so
    the sequence a learner steps through is the same every time.
    """

    n_x: int = 2
    n_units: int = 3
    seed: int = 1
    activation: str = "relu"
    example: int = 1


    @cached_property
    def _draws(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        rng = np.random.RandomState(self.seed)
        W = np.round(rng.randn(self.n_units, self.n_x), 2)
        b = np.round(rng.randn(self.n_units, 1) * 0.5, 2)
        x = None
        for _ in range(self.example):
            x = np.round(rng.randn(self.n_x, 1), 2)
        return W, b, x

    @property
    def W(self) -> np.ndarray:
        return self._draws[0]

    @property
    def b(self) -> np.ndarray:
        return self._draws[1]

    @property
    def x(self) -> np.ndarray:
        return self._draws[2]

    @property
    def g(self) -> Activation:
        return get_activation(self.activation)

    @property
    def z(self) -> np.ndarray:
        return self.W @ self.x + self.b

    @property
    def a(self) -> np.ndarray:
        return self.g(self.z)


@dataclass(frozen=True)
class Curve:
    name: str    # the activation's name (one of ACTIVATION_NAMES)
    label: str
    xs: np.ndarray
    ys: np.ndarray
    derivative: bool = False
    # NaN in ``ys`` between dashes: drawn over another curve, both stay visible in turn.
    dashed: bool = False


def dashes(ys: np.ndarray, run: int = 6) -> np.ndarray:
    """``ys`` with every other run of ``run`` points NaN: a line plot draws it dashed (about
    three columns a dash at 161 points on an 80-column screen)."""
    out = np.array(ys, dtype=float)
    out[(np.arange(out.size) // run) % 2 == 1] = np.nan
    return out


def rescaled_sigmoid(z: np.ndarray) -> np.ndarray:
    """2σ(2z) - 1 from the engine's sigmoid: squeezed along z by 2, stretched from (0, 1) to
    (-1, 1). It is tanh(z) (the explorer draws both and measures the gap)."""
    return 2 * get_activation("sigmoid")(2 * z) - 1


@dataclass(frozen=True)
class ActivationExplorer(Explorer):
    """The activation-shapes panel's state: which functions, derivative on/off, cursor, slope.

    ``shown`` is one name of ACTIVATION_NAMES or "all".
    """

    shown: str = "all"
    show_derivative: bool = False
    cursor: float = 1.0
    leaky_slope: float = 0.01
    z_min: float = -5.0
    z_max: float = 5.0


    def activations(self) -> list[Activation]:
        names = ACTIVATION_NAMES if self.shown == "all" else (self.shown,)
        return [get_activation(n, self.leaky_slope) for n in names]

    @property
    def shows_leaky(self) -> bool:
        return self.shown in ("all", "leaky_relu")

    @property
    def shows_rescaled_sigmoid(self) -> bool:
        """tanh drawn alone: 2σ(2z) - 1 is drawn over it, dashed (in "all" the five curves
        already crowd the plot)."""
        return self.shown == "tanh"

    def tanh_gap(self, points: int = 1001) -> float:
        """The largest |tanh(z) - (2σ(2z) - 1)| over the plot's z range, from the engine's
        tanh and sigmoid: rounding only (~1e-16), the identity is exact."""
        z = np.linspace(self.z_min, self.z_max, points)
        return float(np.max(np.abs(get_activation("tanh")(z) - rescaled_sigmoid(z))))

    def text_slots(self) -> dict:
        """``{{slope}}``: leaky ReLU's slope below 0 as the knob has it, so a text that
        writes ``max({{slope}}z, z)`` follows the knob; ``{{tanh_gap}}``: the gap the
        formulas print under tanh."""
        return dict(slope=f"{self.leaky_slope:g}", tanh_gap=f"{self.tanh_gap():.1e}")

    def curves(self, points: int = 201) -> list[Curve]:
        z = np.linspace(self.z_min, self.z_max, points)
        out = []
        for g in self.activations():
            label = looks.label(g.name)
            out.append(Curve(g.name, label, z, g(z)))
            if g.name == "tanh" and self.shows_rescaled_sigmoid:
                out.append(Curve("sigmoid", "2σ(2z) - 1", z, dashes(rescaled_sigmoid(z)),
                                 dashed=True))
            if self.show_derivative:
                out.append(Curve(g.name, label + "'", z, g.derivative(z), derivative=True))
        return out

    def readings(self) -> list[dict]:
        """At the cursor: g(z) and g'(z) for each shown activation, with its range and formula."""
        z = np.array([self.cursor])
        rows = []
        for g in self.activations():
            rows.append(
                dict(
                    key=g.name,
                    name=looks.label(g.name),
                    z=self.cursor,
                    value=float(g(z)[0]),
                    derivative=float(g.derivative(z)[0]),
                    range=g.range_text,
                    formula=g.formula,
                    derivative_formula=g.derivative_formula,
                )
            )
        return rows
