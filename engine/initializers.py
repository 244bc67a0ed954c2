"""Parameter initialisation, drawn in layer order from an explicit RandomState.

The order matters: the course does ``np.random.seed(s)`` and then, for l = 1..L,
``W[l] = np.random.randn(n[l], n[l-1]) * factor`` (biases are zeros and draw nothing). Drawing
the same way from ``RandomState(s)`` gives the course's weights bit for bit.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

INIT_NAMES = ("zeros", "small", "large", "xavier", "he")

# The course's factors: `randn * 0.01` (Planar data, and the recommended default) and
# `randn * 10` (the Initialization assignment's "large random" init).
DEFAULT_SCALE = {"small": 0.01, "large": 10.0}


def weight_factor(method: str, n_prev: int, scale: float | None = None) -> float:
    """The number each `randn` draw of W[l] is multiplied by."""
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
    factor of both); ``xavier`` = randn * sqrt(1/n[l-1]); ``he`` = randn * sqrt(2/n[l-1]).
    Biases start at zero whatever the method: random weights already break the symmetry.
    """
    if method not in INIT_NAMES:
        raise ValueError(f"unknown init {method!r}; choose one of: {', '.join(INIT_NAMES)}")
    rng = seed if isinstance(seed, np.random.RandomState) else np.random.RandomState(seed)
    params: dict[str, np.ndarray] = {}
    for l in range(1, len(layer_dims)):
        n, n_prev = int(layer_dims[l]), int(layer_dims[l - 1])
        if method == "zeros":
            params[f"W{l}"] = np.zeros((n, n_prev))
        else:
            params[f"W{l}"] = rng.randn(n, n_prev) * weight_factor(method, n_prev, scale)
        params[f"b{l}"] = np.zeros((n, 1))
    return params
