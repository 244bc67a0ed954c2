"""Interactive, non-training experiments: one layer's forward step, and the activation shapes.

Pure state + NumPy: the UI only draws what these compute, so they can be tested headless.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from engine.activations import ACTIVATION_NAMES, Activation, get_activation

# The leaky-ReLU slopes +/- step through.
SLOPES = (0.0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5)

ACTIVATION_LABELS = {
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "ReLU",
    "leaky_relu": "leaky ReLU",
    "linear": "linear",
}


class LayerStep:
    """One layer, one example: z = W x + b, then a = g(z) (claim C1).

    W and b are drawn from RandomState(seed); each new example is the next draw of the same
    stream, so the sequence a learner sees is the same every time.
    """

    def __init__(self, n_x: int = 2, n_units: int = 3, seed: int = 1, activation: str = "relu"):
        self.n_x, self.n_units, self.seed = n_x, n_units, seed
        self.activation_name = activation
        self.reset()

    def reset(self) -> None:
        self._rng = np.random.RandomState(self.seed)
        self.W = np.round(self._rng.randn(self.n_units, self.n_x), 2)
        self.b = np.round(self._rng.randn(self.n_units, 1) * 0.5, 2)
        self.example = 0
        self.new_example()

    def new_example(self) -> None:
        self.x = np.round(self._rng.randn(self.n_x, 1), 2)
        self.example += 1

    def next_activation(self) -> None:
        names = ACTIVATION_NAMES
        self.activation_name = names[(names.index(self.activation_name) + 1) % len(names)]

    @property
    def g(self) -> Activation:
        return get_activation(self.activation_name)

    @property
    def z(self) -> np.ndarray:
        return self.W @ self.x + self.b

    @property
    def a(self) -> np.ndarray:
        return self.g(self.z)


@dataclass
class Curve:
    name: str  # the activation's name (one of ACTIVATION_NAMES)
    label: str
    xs: np.ndarray
    ys: np.ndarray
    derivative: bool = False


@dataclass
class ActivationExplorer:
    """The activation-shapes panel's state: which functions, derivative on/off, cursor, slope.

    ``shown`` is one name of ACTIVATION_NAMES or "all".
    """

    shown: str = "all"
    show_derivative: bool = False
    cursor: float = 1.0
    leaky_slope: float = 0.01
    z_min: float = -5.0
    z_max: float = 5.0
    cursor_step: float = 0.25
    choices: tuple[str, ...] = field(default=("all", *ACTIVATION_NAMES))

    def activations(self) -> list[Activation]:
        names = ACTIVATION_NAMES if self.shown == "all" else (self.shown,)
        return [get_activation(n, self.leaky_slope) for n in names]

    def next_shown(self, delta: int = 1) -> None:
        i = self.choices.index(self.shown)
        self.shown = self.choices[(i + delta) % len(self.choices)]

    def move_cursor(self, delta: int) -> None:
        z = self.cursor + delta * self.cursor_step
        self.cursor = float(np.clip(round(z, 6), self.z_min, self.z_max))

    def change_slope(self, delta: int) -> None:
        """Step along SLOPES: 0 (plain ReLU), the usual 0.01, then steeper ones to 0.5."""
        i = int(np.argmin([abs(s - self.leaky_slope) for s in SLOPES]))
        self.leaky_slope = SLOPES[int(np.clip(i + delta, 0, len(SLOPES) - 1))]

    def curves(self, points: int = 201) -> list[Curve]:
        z = np.linspace(self.z_min, self.z_max, points)
        out = []
        for g in self.activations():
            label = ACTIVATION_LABELS[g.name]
            out.append(Curve(g.name, label, z, g(z)))
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
                    name=ACTIVATION_LABELS[g.name],
                    z=self.cursor,
                    value=float(g(z)[0]),
                    derivative=float(g.derivative(z)[0]),
                    range=g.range_text,
                    formula=g.formula,
                    derivative_formula=g.derivative_formula,
                )
            )
        return rows
