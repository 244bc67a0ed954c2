"""Measurements lessons show about a network: symmetry, saturation, dead units, statistics,
and the model's output over a 2-D grid for decision-boundary maps.

"Saturated" and "dead" are defined once, in ``engine.activations`` (``Activation.saturated``,
``Activation.dead``): a (unit, example) is saturated where g'(z) < 5 % of g's largest slope
(sigmoid and tanh only); a ReLU unit is dead when z < 0 for every example.

``layer_probes`` gives the per-layer record that both ``dnn-tutor train --probes`` and the
lessons show.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from .activations import negative_for_every_example
from .network import Network


def unit_spread(W: np.ndarray, b: np.ndarray | None = None) -> float:
    """How different the units of one layer are: the root-mean-square distance of each unit's
    row [W[l][i], b[l][i]] from the layer's mean row.

    It is exactly 0.0 when all rows are equal: the symmetry that all-zero (or constant)
    initialisation creates and gradient descent never breaks in exact arithmetic (every unit
    computes the same function and receives the same update). A layer of one unit has nothing
    to differ from, so its spread is 0 by definition (the output layer of a binary classifier).
    """
    rows = W if b is None else np.hstack([W, b])
    if rows.shape[0] <= 1 or bool((rows == rows[0]).all()):
        # Exactly 0 for equal rows, whatever rounding the mean below would add.
        return 0.0
    centred = rows - rows.mean(axis=0, keepdims=True)
    return float(np.sqrt(np.mean(np.sum(centred * centred, axis=1))))


def hidden_unit_spreads(network: Network) -> list[float]:
    """unit_spread of every hidden layer (1..L-1); the output layer has one unit and is left out."""
    p = network.params
    return [unit_spread(p[f"W{l}"], p[f"b{l}"]) for l in range(1, network.L)]


def negative_everywhere(Z: np.ndarray) -> int:
    """How many units (rows of Z, one column per example) have z < 0 for every example.

    For a ReLU layer these are its dead units (``Activation.dead``); for a leaky ReLU layer the
    same units are merely slow (slope 0.01), which is what a lesson may want to contrast.
    """
    return int(np.sum(negative_for_every_example(Z)))


def dead_layer(network: Network, Z: list) -> int | None:
    """The first hidden layer l (1..L-1) whose every unit is dead (``Activation.dead``) on
    the examples of ``Z`` (a forward pass's ``Z[l]``), or None. Such a layer's a[l] is 0 for
    every example, so the output is the same for every example; and g'(z) = 0 everywhere
    in it, so dZ[l] = 0: no gradient reaches W[l], b[l] or any layer below, which therefore
    never change again (training on these examples, without L2 on the weights). Measured:
    the flower's [2, 4, 1] ReLU at α 10 has all 4 units dead by the end in 5 of 6 init seeds
    (cost flat at 1.0444, 50 %; the sixth passes the weight bound: diverged)."""
    for l in range(1, network.L):
        dead = network.activations[l - 1].dead(Z[l])
        if dead is not None and dead.size and bool(dead.all()):
            return l
    return None


@dataclass(frozen=True)
class LayerProbe:
    """What ``layer_probes`` measures about layer ``layer`` (1..L) on a set of examples.

    unit_spread: ``unit_spread(W[l], b[l])``; 0.0 exactly when every unit is identical, and
        for a one-unit layer by definition.
    saturated: share (0..1) of the (unit, example) pairs where g is saturated, g'(z) below
        5 % of its largest slope; None for an activation that never saturates (ReLU, leaky
        ReLU, linear).
    dead: how many units have z < 0 for every example; None unless the layer is ReLU.
    grad_norm: Frobenius norm ||dW[l]|| of the gradient given; None without gradients.
    """

    layer: int
    activation: str
    unit_spread: float
    saturated: float | None
    dead: int | None
    grad_norm: float | None

    def as_dict(self) -> dict:
        """The fields as a dict, in order: layer, activation, unit_spread, saturated, dead,
        grad_norm."""
        return asdict(self)


def layer_probes(
    network: Network, X: np.ndarray, grads: dict[str, np.ndarray] | None = None
) -> list[LayerProbe]:
    """One ``LayerProbe`` per layer l = 1..L of ``network`` on the examples ``X`` (n_x, m).

    ``grads`` (``{"dW1": ..., ...}``, as ``Network.backward`` or ``Trainer.last_grads`` give)
    fills ``grad_norm``. No warning for a diverged network: its numbers come out NaN/inf.
    """
    params = network.params
    probes = []
    with np.errstate(all="ignore"):
        _, cache = network.forward(X)
        for l, g in enumerate(network.activations, start=1):
            Z, A = cache.Z[l], cache.A[l]
            dead = g.dead(Z)
            probes.append(LayerProbe(
                layer=l,
                activation=g.name,
                unit_spread=unit_spread(params[f"W{l}"], params[f"b{l}"]),
                saturated=float(np.mean(g.saturated(Z, A))) if g.saturates else None,
                dead=None if dead is None else int(np.sum(dead)),
                grad_norm=None if grads is None else float(np.linalg.norm(grads[f"dW{l}"])),
            ))
    return probes


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
    return layer_grids(network, bounds, nx, ny, network.L)[0]


def layer_grids(
    network: Network,
    bounds: tuple[float, float, float, float],
    nx: int,
    ny: int,
    layer: int,
) -> list[Grid]:
    """Each unit of ``layer``'s activation a[layer] over an nx × ny grid spanning ``bounds``,
    one forward pass for all of them (what one hidden unit "sees" of the plane)."""
    x_min, x_max, y_min, y_max = bounds
    xs = np.linspace(x_min, x_max, nx)
    ys = np.linspace(y_min, y_max, ny)
    gx, gy = np.meshgrid(xs, ys)
    points = np.vstack([gx.ravel(), gy.ravel()])
    with np.errstate(all="ignore"):
        _, cache = network.forward(points)
    return [Grid(xs, ys, row.reshape(ny, nx)) for row in cache.A[layer]]


def collapsed_linear_map(network: Network) -> tuple[np.ndarray, np.ndarray]:
    """For a network whose hidden layers are all linear: the one layer (W, b) it equals,
    Z[L] = W x + b (with a sigmoid output, A[L] = σ(W x + b): one logistic unit).

    W = W[L] ··· W[1] and b = W[L] ··· W[2] b[1] + ... + b[L]: with g(z) = z every layer is
    affine and a composition of affine maps is affine (claim C7).
    """
    return fold_linear_layers(network.params, network.L)


def fold_linear_layers(params: dict[str, np.ndarray], k: int) -> tuple[np.ndarray, np.ndarray]:
    """Layers 1..k folded into one: (W[k] ··· W[1], the bias they add up to), so that
    Z[k] = W x + b when layers 1..k-1 have g(z) = z. Built one layer at a time, as the
    induction goes: W ← W[l] W, b ← W[l] b + b[l]."""
    W, b = params["W1"], params["b1"]
    for l in range(2, k + 1):
        W = params[f"W{l}"] @ W
        b = params[f"W{l}"] @ b + params[f"b{l}"]
    return W, b
