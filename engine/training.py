"""Gradient-descent training that runs a few steps at a time.

A lesson (or a UI worker) calls ``trainer.run(k)`` repeatedly and reads ``trainer.costs``
between chunks. A run whose cost turns NaN or inf, or whose weights blow up past
``MAX_WEIGHT`` (checked every ``BOUND_CHECK_EVERY`` iterations), *diverges*:
``trainer.diverged`` becomes True and further ``run`` calls do nothing. That is a state to show, not an exception, and NumPy's
overflow warnings are silenced for the step (``np.errstate``) so none reaches the screen.
"""

from __future__ import annotations

import math
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

import numpy as np

from . import metrics
from .losses import CrossEntropy, MeanSquaredError, get_loss
from .metrics import Score
from .network import Network


# A weight this large means the run has blown up even while its cost stays finite: a ReLU
# network at α 10 whose units all died can keep a cost near 1 with ||W1|| = 4.4e11
# (measured on the flower, [4] ReLU, He). Training that works on the course's data (inputs of
# order 1 to 10) stays far below it: the largest weight measured was 66 (tanh at α 10).
MAX_WEIGHT = 1e6
BOUND_CHECK_EVERY = 10  # weights checked after iterations 10, 20, ... (the cost: every step)


def weights_in_bounds(p: np.ndarray) -> bool:
    """Every entry finite and no larger in size than ``MAX_WEIGHT``."""
    return bool(np.all(np.abs(p) <= MAX_WEIGHT))  # NaN compares False: out of bounds


class Stopped(BaseException):
    """Raised by ``Trainer.run`` when the thread's stop check (``stop_when``) says so. A
    BaseException, like asyncio's CancelledError: no ``except Exception`` on the way holds
    it up."""


_stop_check = threading.local()


@contextmanager
def stop_when(check: Callable[[], bool]) -> Iterator[None]:
    """Within the block, every run on this thread asks ``check()`` before each step and
    raises ``Stopped`` when it answers True. For work whose result may stop being wanted
    half-way (a UI filling a text from whole runs: up to ~17 s on a loaded machine, which
    otherwise held the app's exit)."""
    previous = getattr(_stop_check, "check", None)
    _stop_check.check = check
    try:
        yield
    finally:
        _stop_check.check = previous


class Trainer:
    """Trains ``network`` on ``(X, Y)``: one step = forward, cost, backward, update.

    ``costs[i]`` is the cost computed in step i, before its update, which is what the course
    prints as "Cost after iteration i". With ``batch_size`` set, each step uses the next
    mini-batch of a permutation drawn from ``RandomState(shuffle_seed)`` each epoch.
    """

    def __init__(
        self,
        network: Network,
        X: np.ndarray,
        Y: np.ndarray,
        learning_rate: float = 1.2,
        *,
        loss: str | None = None,
        l2: float = 0.0,
        batch_size: int | None = None,
        shuffle_seed: int = 0,
    ):
        if not learning_rate > 0 or not math.isfinite(learning_rate):
            raise ValueError(f"learning rate must be a positive number, got {learning_rate}")
        if X.shape[1] != Y.shape[1]:
            raise ValueError(f"X has {X.shape[1]} examples but Y has {Y.shape[1]}")
        if X.shape[0] != network.input_size:
            made = "" if network.features is None else " (x1, x2: it makes its own features)"
            raise ValueError(f"X has {X.shape[0]} features but the network expects "
                             f"{network.input_size}{made}")
        self.network = network
        self.X = X
        self.Y = Y
        self.learning_rate = float(learning_rate)
        if loss is None:
            loss = "cross_entropy" if network.output_activation.name == "sigmoid" else "mse"
        self.loss: CrossEntropy | MeanSquaredError = get_loss(loss)
        self.loss.check_output(network.output_activation)
        self.l2 = float(l2)
        self.batch_size = batch_size if batch_size and batch_size < X.shape[1] else None
        self._shuffle_rng = np.random.RandomState(shuffle_seed)
        self._batches: list[np.ndarray] = []
        self.iteration = 0
        self.costs: list[float] = []
        self.diverged = False
        self.last_grads: dict[str, np.ndarray] | None = None

    def _next_batch(self) -> tuple[np.ndarray, np.ndarray]:
        if self.batch_size is None:
            return self.X, self.Y
        if not self._batches:
            order = self._shuffle_rng.permutation(self.X.shape[1])
            self._batches = [order[i:i + self.batch_size]
                             for i in range(0, len(order), self.batch_size)][::-1]
        idx = self._batches.pop()
        return self.X[:, idx], self.Y[:, idx]

    def run(self, steps: int = 1) -> int:
        """Run up to ``steps`` steps; returns how many ran (fewer if the run diverged)."""
        net, loss, lr, l2 = self.network, self.loss, self.learning_rate, self.l2
        stop = getattr(_stop_check, "check", None)
        done = 0
        with np.errstate(all="ignore"):
            while done < steps and not self.diverged:
                if stop is not None and stop():
                    raise Stopped
                X, Y = self._next_batch()
                _, cache = net.forward(X)
                J = net.cost_from_cache(cache, Y, loss, l2)
                self.costs.append(J)
                if not math.isfinite(J):
                    self.diverged = True
                    break
                grads = net.backward(cache, Y, loss, l2)
                net.update(grads, lr)
                self.last_grads = grads
                self.iteration += 1
                done += 1
                # At fixed iterations, not at a chunk's end: where a run diverges must not
                # depend on how the app or `train` cut it into chunks (the pace, the print
                # interval). Not every step: on the course's small nets that costs 28 %.
                if self.iteration % BOUND_CHECK_EVERY == 0 and not all(
                        weights_in_bounds(p) for p in net.params.values()):
                    self.diverged = True
        return done

    # -- reading the result ------------------------------------------------------------------
    @property
    def diverged_at(self) -> int | None:
        """The iteration at which the run diverged (None while it has not): the number of the
        update whose result was found non-finite or out of bounds. A cost that overflows is
        the cost of the parameters after update ``iteration`` (0: the data overflow before
        any update); a weight out of bounds is found at the check after that update (a
        multiple of BOUND_CHECK_EVERY). Every screen and print says this one number."""
        return self.iteration if self.diverged else None

    @property
    def diverged_by_cost(self) -> bool:
        """Whether the run stopped because its cost overflowed (else a weight blew up)."""
        return self.diverged and bool(self.costs) and not math.isfinite(self.costs[-1])

    def accuracy(self, X: np.ndarray | None = None, Y: np.ndarray | None = None) -> float:
        """Fraction of examples classified right (0..1), as the course's predict computes it
        (``metrics.accuracy``); meaningful only for a sigmoid output. Default: the training set.
        """
        X = self.X if X is None else X
        Y = self.Y if Y is None else Y
        return accuracy(self.network, X, Y)

    def evaluate(self, X: np.ndarray | None = None, Y: np.ndarray | None = None) -> Score:
        """``metrics.evaluate``: accuracy for a sigmoid output, MSE otherwise. Default: the
        training set."""
        X = self.X if X is None else X
        Y = self.Y if Y is None else Y
        return metrics.evaluate(self.network, X, Y)


def accuracy(network: Network, X: np.ndarray, Y: np.ndarray) -> float:
    """``metrics.accuracy`` of the network's output A[L] on ``(X, Y)``: the fraction of
    examples where (A[L] > 0.5) equals Y. Meaningful only for a sigmoid output; use
    ``metrics.evaluate`` to get the score that fits any output."""
    with np.errstate(all="ignore"):
        AL = network.predict_proba(X)
    return metrics.accuracy(AL, Y)
