"""Mechanisms of "why layers need nonlinear activations" (claims C7, C2;
``lessons/course/why-nonlinear/lesson.toml``).

Without a nonlinear g, layers fold into one: W[L] ··· W[1] x + (the biases carried through)
is a single linear step, so a deep linear network draws the same straight boundary as one
logistic unit. The views here compute that fold live from the network's own parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from engine.activations import get_activation
from engine.probes import collapsed_linear_map, fold_linear_layers

from ..checkpoints import Prediction, grader
from ..experiments import TrainingExperiment
from ..explorers import Explorer
from ..facts import fact, run_to
from ..i18n import tr, tr_in
from ..knobs import Knob, with_values
from ..wording import Phrase, count, term
from ..registry import EXPERIMENT_KINDS, KNOBS, VIEWS
from ..views import View, difference, percent, rank_cost, rank_of, train_accuracy
from ..view_data import Notes


# -- the fold, numbers written out --------------------------------------------------------------------
def vector_text(v: np.ndarray) -> str:
    return "[" + " ".join(f"{x:+.2f}" for x in np.ravel(v)) + "]"


def matrix_lines(M: np.ndarray) -> list[str]:
    """A small matrix as rows of signed numbers, one line each."""
    return ["[" + " ".join(f"{x:+.2f}" for x in row) + "]" for row in np.atleast_2d(M)]


def side_by_side(*blocks: list[str], joins: tuple[str, ...]) -> list[str]:
    """Matrices printed next to each other (``A B = C``), each block padded to its width,
    ``joins[i]`` between block i and i + 1 on the first line."""
    height = max(len(b) for b in blocks)
    widths = [max(len(line) for line in b) for b in blocks]
    out = []
    for r in range(height):
        parts = []
        for i, (block, width) in enumerate(zip(blocks, widths)):
            parts.append((block[r] if r < len(block) else "").ljust(width))
            if i < len(joins):
                parts.append(joins[i] if r == 0 else " " * len(joins[i]))
        out.append("".join(parts).rstrip())
    return out


@EXPERIMENT_KINDS.register("linear_stack")
@dataclass(frozen=True)
class LinearStack(Explorer):
    """A network whose layers all have g(z) = z, with seeded, rounded weights small enough to
    read (every layer 2 x 2 by default), folded one layer at a time.

    ``folded`` is how many layers have been folded into one so far (1 … L): a knob.
    """

    layer_dims: tuple[int, ...] = (2, 2, 2, 2, 2)
    seed: int = 1
    folded: int = 2

    @property
    def L(self) -> int:
        return len(self.layer_dims) - 1

    @cached_property
    def params(self) -> dict[str, np.ndarray]:
        rng = np.random.RandomState(self.seed)
        params = {}
        for l in range(1, self.L + 1):
            n, n_prev = self.layer_dims[l], self.layer_dims[l - 1]
            params[f"W{l}"] = np.round(rng.randn(n, n_prev) * 0.8, 1)
            params[f"b{l}"] = np.round(rng.randn(n, 1) * 0.5, 1)
        return params

    @cached_property
    def x(self) -> np.ndarray:
        return np.round(np.random.RandomState(self.seed + 1).randn(self.layer_dims[0], 1), 2)

    def layer_by_layer(self, k: int) -> np.ndarray:
        """A[k] computed the long way: z = W a + b, a = z, layer after layer."""
        a = self.x
        for l in range(1, k + 1):
            a = self.params[f"W{l}"] @ a + self.params[f"b{l}"]
        return a


@KNOBS.register("folded_layers")
def folded_layers() -> Knob:
    """How many layers of a linear stack are folded into one."""
    return Knob("folded", "folded", (1, 2, 3, 4), "f", fmt=lambda k: count(k, "layer"),
                describe="fold one more layer in: f, one fewer: F")



# Folded and layer by layer differ by a few ulps of values near 1 (measured 1.1e-16 and 2.2e-16
# by CPU); below this the difference is rounding, whatever its digits.
ROUNDING = 1e-13  # 100 times a few ulps of 1


@VIEWS.register("fold")
class FoldView(View):
    """Layers 1 … k of a linear stack folded into one layer, with its numbers."""

    data_type = Notes

    def measure(self, stack: LinearStack, size=None) -> Notes:
        p, k = stack.params, stack.folded
        W, b = fold_linear_layers(p, k)
        names = " ".join(f"W{l}" for l in range(k, 0, -1))
        lines = []
        if k == 1:
            lines.append(tr("One layer: a[1] = W1 x + b1"))
            lines += side_by_side(matrix_lines(p["W1"]), matrix_lines(p["b1"]),
                                  joins=("  b1 = ",))
        else:
            W_prev, b_prev = fold_linear_layers(p, k - 1)
            lines.append(tr("a[{k}] = W{k} a[{j}] + b{k}, and a[{j}] = W' x + b':", k=k, j=k - 1))
            lines.append(f"W{k} W' = {names}:")
            lines += side_by_side(matrix_lines(p[f"W{k}"]), matrix_lines(W_prev),
                                  matrix_lines(W), joins=(" ", " = "))
            lines.append(f"W{k} b' + b{k}:")
            lines += side_by_side(matrix_lines(p[f"W{k}"]), matrix_lines(b_prev),
                                  matrix_lines(p[f"b{k}"]), matrix_lines(b),
                                  joins=(" ", " + ", " = "))
        direct = W @ stack.x + b
        long_way = stack.layer_by_layer(k)
        lines.append("")
        lines.append(tr("on x = {x}:", x=vector_text(stack.x)))
        lines.append(tr("  layer by layer a[{k}] = {a}", k=k, a=vector_text(long_way)))
        lines.append(tr("  folded W x + b  = {a}", a=vector_text(direct)))
        gap = difference(np.max(np.abs(direct - long_way)), ROUNDING)
        lines.append(tr("  largest difference {gap}", gap=gap))
        return Notes(tuple(lines))


# -- a deep linear network beside a deep tanh one ------------------------------------------------
@VIEWS.register("linear_collapse")
class CollapseView(View):
    """The first run (linear hidden layers) folded into one logistic unit, live."""

    data_type = Notes

    def measure(self, experiment: TrainingExperiment, size=None) -> Notes:
        run = experiment.runs[0]
        if run.diverged:
            return Notes((tr("diverged: r resets"),))
        W, b = collapsed_linear_map(run.network)
        sigmoid = get_activation("sigmoid")
        with np.errstate(all="ignore"):
            one_unit = sigmoid(W @ experiment.data.X + b)
        deep = run.forward().A[-1]
        names = " ".join(f"W{l}" for l in range(run.network.L, 0, -1))
        return Notes((
            tr("{names} = {W}   bias {b}", names=names, W=vector_text(W), b=f"{b[0, 0]:+.3f}"),
            tr("one unit σ(W x + b) vs the {run} net:", run=run.shown_label),
            tr("largest difference {gap} over {m} examples",
               gap=difference(float(np.max(np.abs(one_unit - deep))), ROUNDING),
               m=deep.shape[1]),
        ))


FLAT = 0.02  # outputs spread less than this over the data: the map is flat, no boundary


def boundary_sentence(W: np.ndarray, b: float, X: np.ndarray) -> Phrase:
    """What the folded unit σ(W x + b) draws: a straight boundary, or, when W is so near 0
    that its outputs barely vary over the data, a flat map with no boundary in it. Worded
    when the text is filled (facts are measured once for every language)."""
    sigmoid = get_activation("sigmoid")
    with np.errstate(all="ignore"):
        p = sigmoid(W @ X + b)
    flat = float(np.max(p) - np.min(p)) < FLAT
    return Phrase(boundary_words, (float(np.mean(p)) if flat else None,))


def boundary_words(flat_p: float | None, lang: str | None = None) -> str:
    """``boundary_sentence`` in words: ``flat_p`` is the flat map's p, None for a line."""
    if flat_p is not None:
        return tr_in(lang, "Here W is nearly 0: for these data the lowest cost one linear "
                           "unit reaches is p ≈ {p} everywhere, so the map is flat with no "
                           "boundary at all, however long it trains.", p=f"{flat_p:.2f}")
    return tr_in(lang, "So the boundary stays a straight line however long it trains.")


@fact("collapse", "linear_accuracy", "tanh_accuracy", "boundary")
def collapse_facts(spec) -> dict:
    experiment = run_to(spec)
    linear, tanh = experiment.runs
    W, b = collapsed_linear_map(linear.network)
    return dict(linear_accuracy=percent(train_accuracy(linear, experiment)),
                tanh_accuracy=percent(train_accuracy(tanh, experiment)),
                boundary=boundary_sentence(W, float(b[0, 0]), experiment.data.X))


# -- no activation is best everywhere ------------------------------------------------------------
# The other dataset of the race: the ranking changes with it.
OTHER_DATASET = {"circles": "moons", "moons": "circles"}


def ranking(experiment: TrainingExperiment) -> str:
    """The runs from the lowest cost to the highest, tied ones (views.TIE_SHARE) joined by
    "=", e.g. ``ReLU = leaky ReLU, tanh, sigmoid``."""
    ranks = {run.label: rank_of(run, experiment.runs) for run in experiment.runs}
    groups: dict[int, list[str]] = {}
    for run in sorted(experiment.runs, key=rank_cost):
        groups.setdefault(ranks[run.label], []).append(run.label)
    return ", ".join(" = ".join(labels) for _rank, labels in sorted(groups.items()))


def rates_text(spec) -> str:
    """Each compared run's learning rate as it trains (its own, times the rate scale)."""
    return ", ".join(f"{label} {run.rate:g}" for label, _color, run in spec.runs())


@fact("no_best", "ranking", "other_ranking", settings=("rates", "other_dataset"))
def no_best_facts(spec) -> dict:
    experiment = run_to(spec)
    other = OTHER_DATASET[spec.data.name]
    elsewhere = run_to(with_values(spec, {"data.name": other}))
    return dict(rates=rates_text(spec), ranking=ranking(experiment),
                other_dataset=Phrase(term, (other,)),
                other_ranking=ranking(elsewhere))


# -- checkpoints --------------------------------------------------------------------------------------
ACCURACY_BAND = 0.02


@grader("deep_linear_accuracy")
def deep_linear_accuracy() -> Prediction:
    """Logistic regression (the first run) beside a deep network of linear layers (the
    second): is the deep one more accurate by over 2 points (0), within 2 (1), or less
    accurate by over 2 (2)? Why: both runs' numbers, and the deep one folded into one line."""

    def outcome(experiment: TrainingExperiment) -> int:
        logistic, deep = (train_accuracy(run, experiment) for run in experiment.runs)
        return (0 if deep > logistic + ACCURACY_BAND else
                2 if deep < logistic - ACCURACY_BAND else 1)

    def why(experiment: TrainingExperiment) -> tuple[str, ...]:
        logistic, deep = experiment.runs
        W, _b = collapsed_linear_map(deep.network)
        names = " ".join(f"W{l}" for l in range(deep.network.L, 0, -1))
        return tuple(tr("{run}: {accuracy}, cost {cost}", run=run.shown_label,
                        accuracy=percent(train_accuracy(run, experiment)),
                        cost=f"{run.costs[-1]:.3f}") for run in (deep, logistic)) + (
            tr("{names} = {W}: one line.", names=names, W=vector_text(W)),)

    return Prediction(outcome, why)


# The circles' ranking is what the step before showed: given here, not this run's result.
@fact("flower_race", settings=("circles_ranking", "rates"))
def flower_race_facts(spec) -> dict:
    """The race's rates, and the ranking of the "No activation is best" step's run (on the
    circles) it is set against."""
    from .. import get_lesson

    no_best = get_lesson("why-nonlinear").step("03-no-best").spec
    return dict(circles_ranking=ranking(run_to(no_best)), rates=rates_text(spec.inner))
