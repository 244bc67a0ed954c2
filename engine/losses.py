"""Costs J and the gradient they send into the output layer, dZ[L].

Cross-entropy is computed from the logits Z[L] rather than from A[L] = σ(Z[L]): the usual
-y·log(a) - (1-y)·log(1-a) hits log(0) once a sigmoid saturates to exactly 0 or 1, while
max(z, 0) - z·y + log(1 + e^-|z|) is the same number and is finite for every finite z.
"""

from __future__ import annotations

import numpy as np

from .activations import Activation, Sigmoid


class CrossEntropy:
    name = "cross_entropy"
    formula = "J = -(1/m) Σ [y·log(a) + (1-y)·log(1-a)]"

    def cost(self, ZL: np.ndarray, AL: np.ndarray, Y: np.ndarray) -> float:
        m = Y.shape[1]
        per_example = np.maximum(ZL, 0.0) - ZL * Y + np.log1p(np.exp(-np.abs(ZL)))
        return float(per_example.sum()) / m

    def output_dZ(self, ZL, AL, Y, g: Activation) -> np.ndarray:
        # dJ/dA · σ'(Z) simplifies to A - Y (per example; the 1/m is applied to dW and db).
        return AL - Y

    def check_output(self, g: Activation) -> None:
        if not isinstance(g, Sigmoid):
            raise ValueError(f"cross-entropy needs a sigmoid output layer, not {g.name}; "
                             "use the 'mse' loss for any other output")


class MeanSquaredError:
    name = "mse"
    formula = "J = (1/2m) Σ (a - y)²"

    def cost(self, ZL, AL, Y) -> float:
        m = Y.shape[1]
        diff = AL - Y
        return float((diff * diff).sum()) / (2 * m)

    def output_dZ(self, ZL, AL, Y, g: Activation) -> np.ndarray:
        return (AL - Y) * g.derivative(ZL, AL)

    def check_output(self, g: Activation) -> None:
        return None


LOSS_NAMES = ("cross_entropy", "mse")


def get_loss(name: str | CrossEntropy | MeanSquaredError):
    if not isinstance(name, str):
        return name
    if name in ("cross_entropy", "ce", "log"):
        return CrossEntropy()
    if name in ("mse", "mean_squared_error"):
        return MeanSquaredError()
    raise ValueError(f"unknown loss {name!r}; choose one of: {', '.join(LOSS_NAMES)}")
