"""Parameter initialisation, drawn in layer order from an explicit RandomState.

The order matters: the course does ``np.random.seed(s)`` and then, for l = 1..L,
``W[l] = np.random.randn(n[l], n[l-1]) * factor`` (biases are zeros and draw nothing). Drawing
the same way from ``RandomState(s)`` gives the course's weights bit for bit.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

INIT_NAMES = ("zeros", "small", "large", "xavier", "he", "constant")

# The course's factors: `randn * 0.01` (Planar data, and the recommended default) and
# `randn * 10` (the Initialization assignment's "large random" init). For `constant` it is the
# value of every weight: with 0.5 the course's [2, 4, 1] tanh network on flower (|x| up to 4)
# starts mostly unsaturated (18 % of its hidden (unit, example) pairs) and visibly learns.
DEFAULT_SCALE = {"small": 0.01, "large": 10.0, "constant": 0.5}


def weight_factor(method: str, n_prev: int, scale: float | None = None) -> float:
    """The number each `randn` draw of W[l] is multiplied by; for ``constant`` (which draws
    nothing) the value of every weight."""
    if method in DEFAULT_SCALE:
        return DEFAULT_SCALE[method] if scale is None else float(scale)
    if method == "xavier":
        return float(np.sqrt(1.0 / n_prev))
    if method == "he":
        return float(np.sqrt(2.0 / n_prev))
    if method == "zeros":
        return 0.0
    raise ValueError(f"unknown init {method!r}; choose one of: {', '.join(INIT_NAMES)}")


def initialize_parameters(
    layer_dims: Sequence[int],
    method: str = "small",
    seed: int | np.random.RandomState = 0,
    scale: float | None = None,
) -> dict[str, np.ndarray]:
    """Parameters ``{"W1": (n1, n0), "b1": (n1, 1), ...}`` for ``layer_dims = [n0, n1, ..., nL]``.

    method: ``zeros``; ``small`` = randn * 0.01; ``large`` = randn * 10 (``scale`` overrides the
    factor of both); ``xavier`` = randn * sqrt(1/n[l-1]); ``he`` = randn * sqrt(2/n[l-1]);
    ``constant`` = every weight equal to ``scale`` (default 0.5).
    Biases start at zero whatever the method: random weights already break the symmetry.

    ``zeros`` and ``constant`` draw nothing and leave every unit of a layer identical. From
    zeros the weights of a tanh or ReLU network never move (g(0) = 0, so every dW is 0; only
    the output bias learns); from a constant it learns, but its hidden units get identical
    updates and stay identical. That is exact in exact arithmetic; in floating point it holds
    bit for bit only while the BLAS matrix product rounds every row alike. With OpenBLAS
    0.3.31 (Haswell kernels) it did for layers of 4, 8, 16 and 20 units (multiples of 4); in a
    layer of 3, 5 or 33 units the rows drifted apart by rounding (unit spread ~1e-16 after a
    step or two), which training then amplified (to 2e-9 after 10000 steps of a [2, 4, 3, 1]
    tanh network at lr 1.2: still identical to the eye, but not bit for bit).
    """
    if method not in INIT_NAMES:
        raise ValueError(f"unknown init {method!r}; choose one of: {', '.join(INIT_NAMES)}")
    rng = seed if isinstance(seed, np.random.RandomState) else np.random.RandomState(seed)
    params: dict[str, np.ndarray] = {}
    for l in range(1, len(layer_dims)):
        n, n_prev = int(layer_dims[l]), int(layer_dims[l - 1])
        if method == "zeros":
            params[f"W{l}"] = np.zeros((n, n_prev))
        elif method == "constant":
            params[f"W{l}"] = np.full((n, n_prev), weight_factor(method, n_prev, scale))
        else:
            params[f"W{l}"] = rng.randn(n, n_prev) * weight_factor(method, n_prev, scale)
        params[f"b{l}"] = np.zeros((n, 1))
    return params
