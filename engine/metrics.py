"""How good a trained network is: accuracy and mean squared error, defined once here.

The CLI, the Trainer and the lessons all score a network through these functions, so a number
called "accuracy" means the same thing on every screen.

* ``accuracy(AL, Y)``: the fraction of examples where the prediction (A[L] > 0.5, strictly, as
  the course's ``predict``) equals the label. Meaningful only for a sigmoid output, whose A[L]
  is a probability of class 1.
* ``mean_squared_error(AL, Y)``: mean((A[L] - Y)²) over the examples. The MSE cost J is half
  of it, J = (1/2m) Σ (a - y)².
* ``evaluate(network, X, Y)``: the one that fits the network's output: accuracy for a sigmoid
  output, MSE for any other (a linear output is a regression, trained with the MSE cost, and is
  never scored with an accuracy).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .network import Network

SCORE_KINDS = ("accuracy", "mse")


def _check_shapes(AL: np.ndarray, Y: np.ndarray) -> None:
    if np.shape(AL) != np.shape(Y):
        # (1, m) against (m, 1) would broadcast to (m, m) and give a meaningless number.
        raise ValueError(f"A[L] has shape {np.shape(AL)} but Y has shape {np.shape(Y)}")


def accuracy(AL: np.ndarray, Y: np.ndarray) -> float:
    """Fraction (0..1) of examples where (A[L] > 0.5) equals Y (labels 0/1).

    Strictly greater, as the course's ``predict``: an output of exactly 0.5 predicts 0. A NaN
    output predicts 0 too. Meaningful only for a sigmoid output.
    """
    _check_shapes(AL, Y)
    return float(np.mean((np.asarray(AL) > 0.5) == np.asarray(Y)))


def mean_squared_error(AL: np.ndarray, Y: np.ndarray) -> float:
    """mean((A[L] - Y)²); inf or NaN (without a warning) for a diverged output."""
    _check_shapes(AL, Y)
    with np.errstate(all="ignore"):
        diff = np.asarray(AL, dtype=float) - np.asarray(Y, dtype=float)
        return float(np.mean(diff * diff))


@dataclass(frozen=True)
class Score:
    """A network's score on a data set: ``kind`` is "accuracy" (a fraction 0..1) or "mse"."""

    kind: str
    value: float

    def __post_init__(self):
        if self.kind not in SCORE_KINDS:
            raise ValueError(f"score kind must be one of {SCORE_KINDS}, got {self.kind!r}")

    @property
    def label(self) -> str:
        """"accuracy" or "MSE", as the CLI prints it."""
        return "accuracy" if self.kind == "accuracy" else "MSE"

    def __str__(self) -> str:
        """e.g. ``accuracy 90.50%`` or ``MSE 0.012345``."""
        if self.kind == "accuracy":
            return f"accuracy {100 * self.value:.2f}%"
        return f"MSE {self.value:.6f}"


def score_kind(network: Network) -> str:
    """"accuracy" for a sigmoid output, "mse" for any other."""
    return "accuracy" if network.output_activation.name == "sigmoid" else "mse"


def evaluate(network: Network, X: np.ndarray, Y: np.ndarray) -> Score:
    """Accuracy for a sigmoid output, MSE otherwise, of ``network`` on ``(X, Y)``.

    No warning for a diverged network: its outputs are NaN/inf, so its MSE is too and its
    accuracy counts every NaN as a prediction of 0.
    """
    with np.errstate(all="ignore"):
        AL = network.predict_proba(X)
    kind = score_kind(network)
    value = accuracy(AL, Y) if kind == "accuracy" else mean_squared_error(AL, Y)
    return Score(kind, value)
