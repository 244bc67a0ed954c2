"""Training experiments: one or more networks trained side by side on the same data.

The UI's worker calls ``advance(k)`` in chunks and posts ``snapshot(...)``; a snapshot is
*complete* (the whole downsampled history of every run), so a UI that drops stale snapshots
loses no points. Everything is seeded: the same spec gives the same numbers every time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from engine import data
from engine.network import Network
from engine.training import Trainer


@dataclass(frozen=True)
class RunSpec:
    """One network to train. ``hidden`` are the hidden-layer sizes ([] = logistic regression)."""

    label: str
    hidden: tuple[int, ...] = (4,)
    activation: str = "tanh"
    output: str = "sigmoid"
    init: str = "small"
    init_seed: int = 2
    init_scale: float | None = None
    learning_rate: float = 1.2


@dataclass(frozen=True)
class DataSpec:
    name: str = "flower"
    m: int | None = None
    noise: float | None = None
    seed: int | None = None

    def load(self) -> data.Dataset:
        return data.load(self.name, m=self.m, noise=self.noise, seed=self.seed)


@dataclass(frozen=True)
class RunSnapshot:
    label: str
    iterations: np.ndarray   # x of the (downsampled) cost curve
    costs: np.ndarray        # y of the cost curve
    cost: float              # newest cost (nan before the first step)
    accuracy: float | None   # fraction, classification only
    diverged: bool
    output_min: float        # range of A[L] over the training set
    output_max: float
    fit: np.ndarray | None = None  # regression: the model's output over ``TrainingSnapshot.fit_x``


@dataclass(frozen=True)
class TrainingSnapshot:
    iteration: int
    total: int
    runs: tuple[RunSnapshot, ...]
    finished: bool
    fit_x: np.ndarray | None = None   # regression: where the fitted curve is evaluated
    data_x: np.ndarray | None = None  # regression: the data points under it
    data_y: np.ndarray | None = None


def downsample(values: list[float], max_points: int) -> tuple[np.ndarray, np.ndarray]:
    """Evenly spaced samples of a history (always keeping the newest): about two points per
    terminal column is all a plot can show."""
    n = len(values)
    if n == 0:
        return np.zeros(0), np.zeros(0)
    if n <= max_points:
        idx = np.arange(n)
    else:
        idx = np.unique(np.linspace(0, n - 1, max(2, max_points)).round().astype(int))
    return idx.astype(float), np.asarray(values, dtype=float)[idx]


@dataclass
class TrainingExperiment:
    runs: tuple[RunSpec, ...]
    dataset: DataSpec = field(default_factory=DataSpec)
    total_iterations: int = 2000

    def __post_init__(self):
        self.data = self.dataset.load()
        self.reset()

    @property
    def regression(self) -> bool:
        return self.data.task == "regression"

    def reset(self) -> None:
        """Fresh networks from the same seeds: the run starts over identically."""
        X, Y = self.data.X, self.data.Y
        self.trainers = [
            Trainer(
                Network(
                    [X.shape[0], *spec.hidden, Y.shape[0]],
                    spec.activation,
                    spec.output,
                    init=spec.init,
                    init_seed=spec.init_seed,
                    init_scale=spec.init_scale,
                ),
                X,
                Y,
                spec.learning_rate,
            )
            for spec in self.runs
        ]
        self.iteration = 0

    @property
    def finished(self) -> bool:
        return self.iteration >= self.total_iterations or all(t.diverged for t in self.trainers)

    def advance(self, steps: int) -> int:
        """Train every run ``steps`` more iterations (never past ``total_iterations``)."""
        steps = min(steps, self.total_iterations - self.iteration)
        if steps <= 0:
            return 0
        for trainer in self.trainers:
            trainer.run(steps)
        self.iteration += steps
        return steps

    def run_to_end(self) -> None:
        self.advance(self.total_iterations - self.iteration)

    def snapshot(self, max_points: int = 200, fit_points: int = 100) -> TrainingSnapshot:
        runs = []
        fit_x = None
        if self.regression:
            x = self.data.X[0]
            fit_x = np.linspace(x.min(), x.max(), fit_points)
        for spec, trainer in zip(self.runs, self.trainers):
            xs, ys = downsample(trainer.costs, max_points)
            with np.errstate(all="ignore"):
                AL = trainer.network.predict_proba(self.data.X)
                fit = None if fit_x is None else trainer.network.predict_proba(fit_x[None, :])[0]
            finite = AL[np.isfinite(AL)]
            runs.append(
                RunSnapshot(
                    label=spec.label,
                    iterations=xs,
                    costs=ys,
                    cost=trainer.costs[-1] if trainer.costs else math.nan,
                    # Class 1 where A[L] > 0.5, as Network.predict: from the AL just computed.
                    accuracy=None if self.regression or trainer.diverged
                    else float(np.mean((AL > 0.5) == self.data.Y)),
                    diverged=trainer.diverged,
                    output_min=float(finite.min()) if finite.size else math.nan,
                    output_max=float(finite.max()) if finite.size else math.nan,
                    fit=fit,
                )
            )
        return TrainingSnapshot(
            iteration=self.iteration,
            total=self.total_iterations,
            runs=tuple(runs),
            finished=self.finished,
            fit_x=fit_x,
            data_x=self.data.X[0] if self.regression else None,
            data_y=self.data.Y[0] if self.regression else None,
        )


def first_iteration_below(costs: list[float], threshold: float) -> int | None:
    """The first iteration whose cost is below ``threshold`` (None if it never gets there)."""
    for i, c in enumerate(costs):
        if c < threshold:
            return i
    return None
