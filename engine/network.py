"""A fully connected network in the course's notation.

``layer_dims = [n0, n1, ..., nL]`` with ``n0 = n_x``; ``W[l]`` is ``(n[l], n[l-1])``, ``b[l]`` is
``(n[l], 1)``, stored as ``params["W1"], params["b1"], ...``. ``X`` is ``(n_x, m)``.

    forward:   Z[l] = W[l] A[l-1] + b[l],   A[l] = g[l](Z[l]),   A[0] = X
    backward:  dZ[l] = dA[l] * g[l]'(Z[l])     (dZ[L] comes from the loss)
               dW[l] = (1/m) dZ[l] A[l-1]ᵀ,   db[l] = (1/m) Σ dZ[l],   dA[l-1] = W[l]ᵀ dZ[l]

With no hidden layer (``layer_dims = [n_x, 1]``) this is logistic regression.

With ``features`` (names from ``engine.features``), the network takes points X (2, m) of the
plane and its first layer sees their features: A[0] = features(X), and n0 = n_x is the number
of features. Every caller (training, a decision map's grid, a probe) passes the points, so all
of them see the same features.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from .activations import Activation, get_activation
from .features import check_features
from .features import features as feature_rows
from .initializers import initialize_parameters
from .losses import get_loss


@dataclass
class ForwardCache:
    """What the forward pass computed, kept for backward and for lessons to show.

    ``A[0]`` is X; ``Z[l]`` and ``A[l]`` for l = 1..L (``Z[0]`` is None so indices match).
    """

    Z: list = field(default_factory=list)
    A: list = field(default_factory=list)


class Network:
    def __init__(
        self,
        layer_dims: Sequence[int],
        hidden_activation: str | Activation | Sequence[str | Activation] = "tanh",
        output_activation: str | Activation = "sigmoid",
        *,
        init: str = "small",
        init_seed: int | np.random.RandomState = 0,
        init_scale: float | None = None,
        leaky_slope: float = 0.01,
        params: dict[str, np.ndarray] | None = None,
        features: Sequence[str] | None = None,
    ):
        dims = tuple(int(n) for n in layer_dims)
        if len(dims) < 2:
            raise ValueError("a network needs at least an input and an output size")
        if any(n < 1 for n in dims):
            raise ValueError(f"layer sizes must be positive, got {list(dims)}")
        self.layer_dims = dims
        # None: A[0] = X itself; else the names of the features A[0] holds, one row each.
        self.features = None if features is None else check_features(features)
        if self.features is not None and len(self.features) != dims[0]:
            raise ValueError(f"{len(self.features)} features but n_x = {dims[0]}")
        L = len(dims) - 1
        if isinstance(hidden_activation, (str, Activation)):
            hidden = [hidden_activation] * (L - 1)
        else:
            hidden = list(hidden_activation)
            if len(hidden) != L - 1:
                raise ValueError(f"{L - 1} hidden layers but {len(hidden)} hidden activations")
        self.activations: list[Activation] = [
            get_activation(g, leaky_slope) for g in [*hidden, output_activation]
        ]
        if params is None:
            params = initialize_parameters(dims, init, init_seed, init_scale)
        self.params = params
        # The names "W1", "b1", "dW1", ... per layer, built once: formatting them in every
        # step costs more than the arithmetic of a small network like the course's [2, 4, 1].
        self._keys = [
            (f"W{l}", f"b{l}", f"dW{l}", f"db{l}", f"dZ{l}") for l in range(1, len(dims))
        ]

    # -- structure ---------------------------------------------------------------------------
    @property
    def L(self) -> int:
        """Number of layers with parameters (hidden layers + the output layer)."""
        return len(self.layer_dims) - 1

    @property
    def input_size(self) -> int:
        """Rows of the X the network takes: 2 (x1, x2) with features, else n_x."""
        return 2 if self.features is not None else self.layer_dims[0]

    @property
    def output_activation(self) -> Activation:
        return self.activations[-1]

    def param_names(self) -> list[str]:
        return [f"{p}{l}" for l in range(1, self.L + 1) for p in ("W", "b")]

    def copy(self) -> "Network":
        return Network(
            self.layer_dims,
            self.activations[:-1],
            self.activations[-1],
            params={k: v.copy() for k, v in self.params.items()},
            features=self.features,
        )

    def describe(self) -> str:
        """e.g. ``[2, 4, 1] tanh → sigmoid``."""
        hidden = sorted({g.name for g in self.activations[:-1]})
        body = "/".join(hidden) + " → " if hidden else ""
        return f"{list(self.layer_dims)} {body}{self.output_activation.name}"

    # -- forward and backward ----------------------------------------------------------------
    def forward(self, X: np.ndarray) -> tuple[np.ndarray, ForwardCache]:
        params = self.params
        A = X if self.features is None else feature_rows(X, self.features)
        Zs: list = [None]
        As: list = [A]
        for (W, b, *_), g in zip(self._keys, self.activations):
            Z = params[W] @ A + params[b]
            A = g(Z)
            Zs.append(Z)
            As.append(A)
        return A, ForwardCache(Zs, As)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return self.forward(X)[0]

    def backward(
        self, cache: ForwardCache, Y: np.ndarray, loss="cross_entropy", l2: float = 0.0
    ) -> dict[str, np.ndarray]:
        """Gradients by the chain rule, layer by layer from L down to 1.

        Returns ``{"dW1": ..., "db1": ..., "dZ1": ..., ...}``; ``dZ`` is kept so a lesson can step
        through the backward pass. ``l2`` adds (λ/m)·W[l] to each dW[l].
        """
        loss = get_loss(loss)
        # Cross-entropy's dZ[L] = A - Y holds only for a sigmoid output: refuse the others.
        loss.check_output(self.activations[-1])
        params = self.params
        m = Y.shape[1]
        L = self.L
        grads: dict[str, np.ndarray] = {}
        dZ = loss.output_dZ(cache.Z[L], cache.A[L], Y, self.activations[-1])
        for l in range(L, 0, -1):
            W_key, _, dW_key, db_key, dZ_key = self._keys[l - 1]
            A_prev = cache.A[l - 1]
            W = params[W_key]
            grads[dZ_key] = dZ
            dW = (dZ @ A_prev.T) / m
            if l2:
                dW = dW + (l2 / m) * W
            grads[dW_key] = dW
            # Σ over the examples; the method is the same reduction as np.sum, with less overhead.
            grads[db_key] = dZ.sum(axis=1, keepdims=True) / m
            if l > 1:
                g = self.activations[l - 2]
                dA_prev = W.T @ dZ
                dZ = dA_prev * g.derivative(cache.Z[l - 1], cache.A[l - 1])
        return grads

    def cost(self, X: np.ndarray, Y: np.ndarray, loss="cross_entropy", l2: float = 0.0) -> float:
        """The cost J of the network on ``(X, Y)`` (plus (λ/2m) Σ ||W[l]||² with ``l2``).

        Cross-entropy needs a sigmoid output (A[L] a probability): with any other output it is
        refused with a ValueError, as ``Trainer`` does; pass ``loss="mse"`` for those.
        """
        get_loss(loss).check_output(self.output_activation)  # before a useless forward pass
        AL, cache = self.forward(X)
        return self.cost_from_cache(cache, Y, loss, l2)

    def cost_from_cache(self, cache: ForwardCache, Y, loss="cross_entropy", l2: float = 0.0):
        loss = get_loss(loss)
        loss.check_output(self.activations[-1])
        J = loss.cost(cache.Z[-1], cache.A[-1], Y)
        if l2:
            m = Y.shape[1]
            J += (l2 / (2 * m)) * sum(
                float(np.sum(self.params[f"W{l}"] ** 2)) for l in range(1, self.L + 1)
            )
        return J

    def update(self, grads: dict[str, np.ndarray], learning_rate: float) -> None:
        """Gradient descent: W[l] := W[l] - α dW[l],  b[l] := b[l] - α db[l]."""
        params = self.params
        for W, b, dW, db, _ in self._keys:
            params[W] -= learning_rate * grads[dW]
            params[b] -= learning_rate * grads[db]
