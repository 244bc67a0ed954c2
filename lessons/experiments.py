"""Training experiments: one or more networks trained side by side on the same data.

A ``TrainingSpec`` is frozen data: the dataset, one ``RunSpec`` every run shares, and the
``Variant``s that differ from it in the one thing compared. Runs compared in a step therefore
share data, seeds and everything else by construction. ``spec.build()`` makes the live
``TrainingExperiment``, which the UI's worker advances a chunk at a time; the step's views
measure it (``lessons.views``) into a frame.

Everything is seeded: the same spec gives the same numbers every time.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import os
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from engine import data
from engine import probes as engine_probes
from engine.activations import ACTIVATION_NAMES
from engine.features import check_features
from engine.initializers import INIT_NAMES
from engine.network import ForwardCache, Network
from engine.training import Trainer

from . import looks
from .i18n import tr, tr_in
from .protocols import SpecDefaults


@functools.lru_cache(maxsize=32)
def built_in_data(name: str, m: int | None, noise: float | None,
                  seed: int | None) -> data.Dataset:
    """A built-in data set, made once per (name, m, noise, seed) while the app runs: making
    "flower" took 5-11 ms, on the UI loop at every step shown and every knob turned (each
    builds its experiment), and again for every run a text's numbers need. Read-only: every
    experiment shares it (a change in place would raise, not leak into another run)."""
    dataset = data.load(name, m=m, noise=noise, seed=seed)
    dataset.X.flags.writeable = False
    dataset.Y.flags.writeable = False
    return dataset


@dataclass(frozen=True)
class DataSpec:
    """A dataset by name; ``None`` fields take the dataset's defaults. ``test_m`` > 0 draws a
    test set from the same generator with ``test_seed`` (default: the training seed + 1).

    With ``path``: the learner's own CSV file (``engine.data.load_csv``, each feature
    standardized with ``standardize``) instead, and no test set; ``name`` then only names it
    and the other fields do not apply."""

    name: str = "flower"
    m: int | None = None
    noise: float | None = None
    seed: int | None = None
    test_m: int = 0
    test_seed: int | None = None
    path: str | None = None
    standardize: bool = False

    def __post_init__(self):
        if self.path is None and self.name not in data.DATASETS:
            raise ValueError(f"unknown dataset {self.name!r}; known: {', '.join(data.DATASETS)}")
        if self.m is not None and self.m < 1:
            raise ValueError(f"m is the number of examples, at least 1, got {self.m}")
        if self.test_m < 0:
            raise ValueError(f"test_m is a number of test examples (0: none), got {self.test_m}")
        if self.noise is not None and not (0 <= self.noise < float("inf")):
            raise ValueError(f"noise is a number >= 0, got {self.noise}")

    @property
    def train_seed(self) -> int:
        if self.seed is not None:
            return self.seed
        return inspect.signature(data.DATASETS[self.name]).parameters["seed"].default

    @property
    def n_x(self) -> int:
        """The number of features (a file's are its columns: it is read)."""
        return self.load().X.shape[0] if self.path is not None else data.N_FEATURES[self.name]

    @property
    def task(self) -> str:
        """"classification" or "regression": a file's kind is its columns'."""
        if self.path is not None:
            return self.load().task
        return "regression" if self.name in data.REGRESSION_DATASETS else "classification"

    def load(self) -> data.Dataset:
        if self.path is not None:
            return load_file(self.path, self.standardize)
        return built_in_data(self.name, self.m, self.noise, self.train_seed)

    def load_test(self) -> data.Dataset | None:
        if self.test_m <= 0 or self.path is not None:
            return None
        seed = self.train_seed + 1 if self.test_seed is None else self.test_seed
        return built_in_data(self.name, self.test_m, self.noise, seed)


# (absolute path, standardize) -> (the file's stat when read, its Dataset)
_FILES: dict[tuple[str, bool], tuple[tuple[int, int], data.Dataset]] = {}


def load_file(path: str, standardize: bool = False) -> data.Dataset:
    """``engine.data.load_csv``, read once: again only when the file's modification time or
    size changed. Raises DataFileError for a bad file, unless a good version of it was read
    before (the file changed or went away under a playground open on it): then that one,
    so a run never stops half way for want of its data."""
    key = (os.path.abspath(path), standardize)
    cached = _FILES.get(key)
    try:
        stat = os.stat(path)
        version = (stat.st_mtime_ns, stat.st_size)
        if cached is not None and cached[0] == version:
            return cached[1]
        dataset = data.load_csv(path, standardize=standardize)
    except (OSError, data.DataFileError):
        if cached is not None:
            return cached[1]
        return data.load_csv(path, standardize=standardize)  # the one-line reason
    _FILES[key] = (version, dataset)
    return dataset


@dataclass(frozen=True)
class RunSpec:
    """One network and how it is trained. ``hidden`` are the hidden-layer sizes (() is
    logistic regression)."""

    hidden: tuple[int, ...] = (4,)
    activation: str = "tanh"
    output: str = "sigmoid"
    init: str = "small"
    init_seed: int = 2
    init_scale: float | None = None
    learning_rate: float = 1.2
    leaky_slope: float = 0.01
    # Runs compared at rates of their own (one each, "a rate that suits it") are scaled
    # together by this one factor, a knob.
    rate_scale: float = 1.0
    # One activation per hidden layer (the playground's); None: ``activation`` for all.
    activations: tuple[str, ...] | None = None
    l2: float = 0.0                 # L2 regularisation strength λ
    batch_size: int | None = None   # None: the full batch
    # The network's inputs, hand-made from each point (engine.features); None: the point.
    features: tuple[str, ...] | None = None

    def __post_init__(self):
        problems = []
        if any(n < 1 for n in self.hidden):
            problems.append(f"hidden sizes are positive, got {list(self.hidden)}")
        for name in (self.activation, *(self.activations or ()), self.output):
            if name not in ACTIVATION_NAMES:
                problems.append(f"unknown activation {name!r}; known: "
                                + ", ".join(ACTIVATION_NAMES))
        if self.activations is not None and len(self.activations) != len(self.hidden):
            problems.append(f"{len(self.activations)} activations for {len(self.hidden)} "
                            "hidden layers")
        if self.init not in INIT_NAMES:
            problems.append(f"unknown init {self.init!r}; known: {', '.join(INIT_NAMES)}")
        for name in ("learning_rate", "rate_scale"):
            if not 0 < getattr(self, name) < float("inf"):
                problems.append(f"{name} is a number > 0, got {getattr(self, name)}")
        if not 0 <= self.l2 < float("inf") or not 0 <= self.leaky_slope < 1:
            problems.append("l2 is a number >= 0 and leaky_slope one in [0, 1)")
        if self.batch_size is not None and self.batch_size < 1:
            problems.append(f"batch_size is at least 1, got {self.batch_size}")
        if self.features is not None:
            try:
                check_features(self.features)
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            raise ValueError("; ".join(problems))

    @property
    def hidden_activations(self) -> tuple[str, ...]:
        """The activation g[l] of each hidden layer l = 1..L-1."""
        if self.activations is not None:
            return self.activations
        return (self.activation,) * len(self.hidden)

    @property
    def rate(self) -> float:
        """The learning rate the run trains with."""
        return self.learning_rate * self.rate_scale

    def input_size(self, n_x: int) -> int:
        """n[0] of the network on data of ``n_x`` inputs: the number of features, if chosen."""
        return n_x if self.features is None else len(self.features)

    def network(self, n_x: int, n_y: int) -> Network:
        return Network([self.input_size(n_x), *self.hidden, n_y], list(self.hidden_activations),
                       self.output, init=self.init, init_seed=self.init_seed,
                       init_scale=self.init_scale, leaky_slope=self.leaky_slope,
                       features=self.features)

    def describe(self, lang: str | None = None) -> str:
        """e.g. ``4 tanh → sigmoid``; ``logistic regression`` with no hidden layer; ``on x1^2,
        x2^2`` after it with hand-made features."""
        on = "" if self.features is None else tr_in(lang, " on {features}",
                                                    features=", ".join(self.features))
        if not self.hidden:
            return tr_in(lang, "logistic regression") + on
        sizes = ",".join(map(str, self.hidden))
        names = dict.fromkeys(self.hidden_activations)  # once each, in order
        return f"{sizes} {','.join(tr_in(lang, looks.label(n)) for n in names)} → {tr_in(lang, self.output)}{on}"


@dataclass(frozen=True)
class Variant:
    """One run of a comparison: the shared RunSpec with ``changes`` applied."""

    label: str
    changes: tuple[tuple[str, Any], ...] = ()
    color: int | None = None   # default: the activation's colour if compared, else by position

    @classmethod
    def of(cls, label: str, color: int | None = None, **changes) -> "Variant":
        return cls(label, tuple(sorted(changes.items())), color)


@dataclass(frozen=True)
class TrainingSpec(SpecDefaults):
    data: DataSpec = DataSpec()
    run: RunSpec = RunSpec()
    variants: tuple[Variant, ...] = ()   # none: a single run of ``run``
    iterations: int = 2000
    # Measure the cost on the test set after every advance too (a data spec with test_m),
    # so a learner sees the two part.
    test_cost: bool = False

    trains = True
    edited = 0      # the run a network drawing shows (see RunsSpec)
    cursor = None   # no unit picked out in a network drawing

    def __post_init__(self):
        changed = {tuple(sorted(k for k, _ in v.changes)) for v in self.variants}
        if len(changed) > 1:
            raise ValueError("runs compared in one step must differ in the same fields, got "
                             + " vs ".join(map(str, sorted(changed))))
        for v in self.variants:
            for name, _ in v.changes:
                if name not in {f.name for f in dataclasses.fields(RunSpec)}:
                    raise ValueError(f"variant {v.label!r} changes {name!r}, not a RunSpec field")

    @property
    def compared(self) -> tuple[str, ...]:
        """The RunSpec fields the runs differ in (empty for a single run)."""
        return tuple(k for k, _ in self.variants[0].changes) if self.variants else ()

    def runs(self) -> list[tuple[str, int, RunSpec]]:
        """(label, colour slot, spec) of every run, in order."""
        if not self.variants:
            return [(self.run.describe("en"), looks.color(self.run.activation)
                     if self.run.hidden else 0, self.run)]
        out = []
        for i, v in enumerate(self.variants):
            spec = dataclasses.replace(self.run, **dict(v.changes))
            color = v.color
            if color is None:
                color = looks.color(spec.activation) if "activation" in self.compared else i
            out.append((v.label, color, spec))
        return out

    def build(self) -> "TrainingExperiment":
        return TrainingExperiment(self)


class Run:
    """One network being trained, with what its views measure."""

    def __init__(self, label: str, color: int, spec: RunSpec, train: data.Dataset):
        # ``label`` names the run in English (what demonstrations look runs up by);
        # ``shown_label`` is what the learner reads, worded when it is drawn.
        self.label, self.color, self.spec = label, color, spec
        self.network = spec.network(train.X.shape[0], train.Y.shape[0])
        self.trainer = Trainer(self.network, train.X, train.Y, spec.rate, l2=spec.l2,
                               batch_size=spec.batch_size)
        # (iteration, cost on the test set) pairs, when the experiment tracks them.
        self.test_costs: list[tuple[int, float]] = []
        self._cache_key: tuple | None = None
        self._cache: ForwardCache | None = None
        self._grads_key: tuple | None = None
        self._grads: dict[str, np.ndarray] = {}

    @property
    def shown_label(self) -> str:
        """The label in the current language: a lesson's own through the catalog, a label
        made from the spec (``4 tanh → sigmoid``) made again."""
        if self.label == self.spec.describe("en"):
            return self.spec.describe()
        return tr(self.label)

    @property
    def diverged(self) -> bool:
        return self.trainer.diverged

    @property
    def diverged_at(self) -> int | None:
        """The iteration it diverged at (``Trainer.diverged_at``: every view says this one)."""
        return self.trainer.diverged_at

    @property
    def costs(self) -> list[float]:
        return self.trainer.costs

    @property
    def dead_layer(self) -> int | None:
        """The first hidden layer whose units are all dead now (``engine.probes.dead_layer``:
        the output is the same for every example and that layer and those below get no
        gradient), on the training set; None when there is none, or the run diverged."""
        if self.diverged:
            return None
        return engine_probes.dead_layer(self.network, self.forward().Z)

    def gradients(self) -> dict[str, np.ndarray]:
        """dW, db, dZ of every layer at the current parameters (the step about to be taken),
        computed once per iteration however many views read them."""
        key = (self.trainer.iteration, self.trainer.diverged)
        if key != self._grads_key:
            with np.errstate(all="ignore"):
                self._grads = self.network.backward(self.forward(), self.trainer.Y,
                                                    self.trainer.loss)
            self._grads_key = key
        return self._grads

    def forward(self) -> ForwardCache:
        """The forward pass over the training set for the current parameters, computed once
        per iteration however many views read it."""
        key = (self.trainer.iteration, self.trainer.diverged)
        if key != self._cache_key:
            with np.errstate(all="ignore"):
                _, self._cache = self.network.forward(self.trainer.X)
            self._cache_key = key
        return self._cache


class RunsSpec(Protocol):
    """What a ``TrainingExperiment`` trains: a TrainingSpec, or the playground's spec."""

    data: DataSpec
    iterations: int
    test_cost: bool                      # the test cost is measured as it trains
    edited: int                          # the run the knobs edit (the one drawn as a network)
    cursor: tuple[int, int] | None       # a unit picked out in the network drawn, if any

    def runs(self) -> list[tuple[str, int, RunSpec]]: ...


class TrainingExperiment:
    trains = True
    not_ready = ""   # a training run can always go

    def __init__(self, spec: RunsSpec):
        self.spec = spec
        self.data = spec.data.load()
        self.test = spec.data.load_test()
        self.reset()

    @property
    def regression(self) -> bool:
        return self.data.task == "regression"

    @property
    def total(self) -> int:
        return self.spec.iterations

    def reset(self) -> None:
        """Fresh networks from the same seeds: the run starts over identically."""
        self.runs = [Run(label, color, spec, self.data) for label, color, spec in self.spec.runs()]
        self.iteration = 0
        if self.tracks_test_cost:
            self._record_test_costs()

    @property
    def trainers(self) -> list[Trainer]:
        return [run.trainer for run in self.runs]

    @property
    def work_per_iteration(self) -> int:
        """Multiply-adds of one iteration's forward pass, every run's network over its
        examples (a batch's, with mini-batches): what the UI weighs to choose how many
        iterations to train between two looks at cancellation."""
        work = 0
        for trainer in self.trainers:
            dims = trainer.network.layer_dims
            examples = trainer.batch_size or trainer.X.shape[1]
            work += examples * sum(n * n_before for n, n_before in zip(dims[1:], dims[:-1]))
        return work

    @property
    def diverged(self) -> bool:
        return any(run.diverged for run in self.runs)

    @property
    def dead_layer(self) -> int | None:
        """When every run has a hidden layer whose units are all dead (``Run.dead_layer``):
        the first such layer among them, the state a status line names; else None."""
        layers = [run.dead_layer for run in self.runs]
        return None if None in layers else min(layers)

    @property
    def finished(self) -> bool:
        return self.iteration >= self.total or all(run.diverged for run in self.runs)

    def advance(self, steps: int) -> int:
        """Train every run ``steps`` more iterations (never past the total)."""
        steps = min(steps, self.total - self.iteration)
        if steps <= 0:
            return 0
        for run in self.runs:
            run.trainer.run(steps)
        if all(run.diverged for run in self.runs):
            # Stopped where the last run diverged, not at the chunk's end: the status line
            # says the iteration the map and the verdict say.
            steps = max(run.diverged_at for run in self.runs) - self.iteration
        self.iteration += steps
        if self.tracks_test_cost:
            self._record_test_costs()
        return steps

    @property
    def tracks_test_cost(self) -> bool:
        """A spec that asks for it (``test_cost``) and has a test set: the test cost is
        measured after every advance, so a learner sees it part from the training cost."""
        return self.test is not None and self.spec.test_cost

    def _record_test_costs(self) -> None:
        for run in self.runs:
            if run.diverged:
                continue
            with np.errstate(all="ignore"):
                # The same J as training's (the L2 term too), so the two curves compare.
                cost = run.network.cost(self.test.X, self.test.Y, run.trainer.loss,
                                        run.trainer.l2)
            run.test_costs.append((run.trainer.iteration, cost))

    def run_to(self, iteration: int) -> "TrainingExperiment":
        self.advance(iteration - self.iteration)
        return self

    def run_to_end(self) -> "TrainingExperiment":
        return self.run_to(self.total)


def first_iteration_below(costs: list[float], threshold: float) -> int | None:
    """The first iteration whose cost is below ``threshold`` (None if it never gets there)."""
    for i, c in enumerate(costs):
        if c < threshold:
            return i
    return None


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
