"""Measurements lessons show about a network: symmetry, saturation, dead units, statistics,
and the model's output over a 2-D grid for decision-boundary maps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .network import Network


def unit_spread(W: np.ndarray, b: np.ndarray | None = None) -> float:
    """How different the units of one layer are: the root-mean-square distance of each unit's
    row [W[l][i], b[l][i]] from the layer's mean row.

    It is exactly 0 when all rows are equal: the symmetry that all-zero initialisation creates
    and gradient descent can never break (every unit computes the same function and receives
    the same update).
    """
    rows = W if b is None else np.hstack([W, b])
    centred = rows - rows.mean(axis=0, keepdims=True)
    return float(np.sqrt(np.mean(np.sum(centred * centred, axis=1))))


def hidden_unit_spreads(network: Network) -> list[float]:
    """unit_spread of every hidden layer (1..L-1); the output layer has one unit and is left out."""
    p = network.params
    return [unit_spread(p[f"W{l}"], p[f"b{l}"]) for l in range(1, network.L)]


@dataclass
class LayerStats:
    layer: int
    activation: str
    units: int
    A_mean: float
    A_std: float
    saturated_share: float  # share of (unit, example) pairs where g is saturated
    dead_units: int          # units whose g'(Z) is 0 for every example
    W_norm: float
    dW_norm: float | None    # None when no gradient is given

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def layer_stats(
    network: Network, X: np.ndarray, grads: dict[str, np.ndarray] | None = None
) -> list[LayerStats]:
    """Per-layer activation and gradient statistics for the examples X."""
    with np.errstate(all="ignore"):
        _, cache = network.forward(X)
        stats = []
        for l, g in enumerate(network.activations, start=1):
            Z, A = cache.Z[l], cache.A[l]
            derivative = g.derivative(Z, A)
            stats.append(
                LayerStats(
                    layer=l,
                    activation=g.name,
                    units=Z.shape[0],
                    A_mean=float(np.mean(A)),
                    A_std=float(np.std(A)),
                    saturated_share=float(np.mean(g.saturated(Z, A))),
                    dead_units=int(np.sum(np.all(derivative == 0, axis=1))),
                    W_norm=float(np.linalg.norm(network.params[f"W{l}"])),
                    dW_norm=None if grads is None else float(np.linalg.norm(grads[f"dW{l}"])),
                )
            )
    return stats


def saturated_share(network: Network, X: np.ndarray) -> list[float]:
    return [s.saturated_share for s in layer_stats(network, X)]


def dead_units(network: Network, X: np.ndarray) -> list[int]:
    """Per layer, the units that pass no gradient for any example (a 'dead' ReLU)."""
    return [s.dead_units for s in layer_stats(network, X)]


@dataclass
class Grid:
    xs: np.ndarray       # (nx,) x1 coordinates of the columns
    ys: np.ndarray       # (ny,) x2 coordinates of the rows, bottom to top
    output: np.ndarray   # (ny, nx) the model's output A[L] at each grid point


def grid_bounds(X: np.ndarray, margin: float = 0.5) -> tuple[float, float, float, float]:
    """(x_min, x_max, y_min, y_max) around the data, with a margin, as the course's plots use."""
    return (float(X[0].min() - margin), float(X[0].max() + margin),
            float(X[1].min() - margin), float(X[1].max() + margin))


def output_grid(
    network: Network,
    bounds: tuple[float, float, float, float],
    nx: int,
    ny: int,
) -> Grid:
    """The model's output over an nx × ny grid spanning ``bounds`` (for decision boundaries)."""
    x_min, x_max, y_min, y_max = bounds
    xs = np.linspace(x_min, x_max, nx)
    ys = np.linspace(y_min, y_max, ny)
    gx, gy = np.meshgrid(xs, ys)
    points = np.vstack([gx.ravel(), gy.ravel()])
    with np.errstate(all="ignore"):
        out = network.predict_proba(points)[0]
    return Grid(xs, ys, out.reshape(ny, nx))


def collapsed_linear_map(network: Network) -> tuple[np.ndarray, np.ndarray]:
    """For a network whose layers are all linear: the one layer (W, b) it equals.

    W = W[L] ··· W[1] and b = W[L] ··· W[2] b[1] + ... + b[L]: with g(z) = z every layer is
    affine and a composition of affine maps is affine (claim C7).
    """
    p = network.params
    W = p["W1"]
    b = p["b1"]
    for l in range(2, network.L + 1):
        W = p[f"W{l}"] @ W
        b = p[f"W{l}"] @ b + p[f"b{l}"]
    return W, b
