"""Gradient checking as the course defines it.

For every parameter θ_i, nudge it both ways by ε and compare the two-sided difference
(J(θ + ε) - J(θ - ε)) / 2ε with back-propagation's dθ_i:

    difference = ||g - g_approx|| / (||g|| + ||g_approx||)

Below about 1e-7 the backward pass is right; near 1e-3 or above, something is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .network import Network


@dataclass
class GradientCheck:
    difference: float
    grad: np.ndarray        # back-propagation's gradient, all parameters as one vector
    grad_approx: np.ndarray  # the two-sided finite differences, same order
    names: list[str]         # "W1[0,1]"-style label of each entry

    @property
    def passed(self) -> bool:
        return self.difference < 1e-7


def gradient_check(
    network: Network,
    X: np.ndarray,
    Y: np.ndarray,
    loss: str = "cross_entropy",
    l2: float = 0.0,
    epsilon: float = 1e-7,
) -> GradientCheck:
    """Compare backward's gradient with two-sided differences of the cost, entry by entry."""
    params = network.params
    with np.errstate(all="ignore"):
        _, cache = network.forward(X)
        grads = network.backward(cache, Y, loss, l2)
        g, approx, names = [], [], []
        for name in network.param_names():
            theta = params[name]
            for idx in np.ndindex(theta.shape):
                original = theta[idx]
                theta[idx] = original + epsilon
                J_plus = network.cost(X, Y, loss, l2)
                theta[idx] = original - epsilon
                J_minus = network.cost(X, Y, loss, l2)
                theta[idx] = original
                approx.append((J_plus - J_minus) / (2 * epsilon))
                g.append(grads["d" + name][idx])
                names.append(f"{name}[{','.join(map(str, idx))}]")
    g_vec, approx_vec = np.array(g), np.array(approx)
    denominator = np.linalg.norm(g_vec) + np.linalg.norm(approx_vec)
    difference = float(np.linalg.norm(g_vec - approx_vec) / denominator) if denominator else 0.0
    return GradientCheck(difference, g_vec, approx_vec, names)
