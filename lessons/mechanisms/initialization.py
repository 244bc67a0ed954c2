"""Mechanisms of random initialisation: a deep network just initialised (the explorer, its
histograms and summary, its knobs), the facts of the lesson's training runs, and the graders
of its checkpoints (``lessons/course/initialization/lesson.toml``).

Why all-zero weights fail (every hidden unit computes the same thing and gets the same
update, so the symmetry never breaks), why random weights fix it while biases may start at
zero, and why their scale matters: too small and a deep network's signal fades layer by layer,
too large and tanh or sigmoid units saturate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from engine import data as datasets
from engine.activations import ACTIVATION_NAMES
from engine.network import ForwardCache, Network
from engine.probes import hidden_unit_spreads

from .. import looks
from ..checkpoints import Goal, Prediction, grader
from ..explorers import Explorer
from ..facts import fact, run_to
from ..wording import Phrase, cells, listing, term
from ..i18n import tr
from ..knobs import Knob
from ..registry import EXPERIMENT_KINDS, FORMATS, KNOBS, VIEWS
from ..view_data import Histogram, Histograms, Notes
from ..views import View, percent, test_accuracy, train_accuracy


# -- at initialisation: a deep network's activations and gradients, layer by layer ----------------
SCALES = ("0.01", "0.1", "1", "10", "xavier", "he")


def scale_text(scale: str) -> str:
    return {"xavier": "Xavier √(1/n)", "he": "He √(2/n)"}.get(scale, f"randn × {scale}")


FORMATS.register("init_scale", scale_text)


@EXPERIMENT_KINDS.register("deep_at_init")
@dataclass(frozen=True)
class DeepAtInit(Explorer):
    """A deep network (``hidden`` layers, ``activation``) just initialised at ``scale``, on
    the flower data standardised: nothing trains; every number is one forward and one
    backward pass. Knobs: the scale and the activation."""

    scale: str = "0.01"
    activation: str = "tanh"
    hidden: tuple[int, ...] = (50, 50, 50, 50, 50)
    init_seed: int = 1

    def __post_init__(self):  # a lesson.toml's mistakes named at once, not at the first draw
        problems = []
        if self.scale not in SCALES:
            problems.append(f"scale is one of {', '.join(SCALES)}, got {self.scale!r}")
        if self.activation not in ACTIVATION_NAMES:
            problems.append(f"unknown activation {self.activation!r}; known: "
                            + ", ".join(ACTIVATION_NAMES))
        if problems:
            raise ValueError("; ".join(problems))

    def text_slots(self) -> dict:
        """What the text calls the network: its units' activation (a knob), its depth and
        width, so no word names a network the panel no longer shows."""
        return dict(activation=looks.label(self.activation), depth=len(self.hidden),
                    width=self.hidden[0])

    @cached_property
    def data(self) -> datasets.Dataset:
        flower = datasets.load("flower")
        return datasets.Dataset("flower, standardised", datasets.standardize(flower.X),
                                flower.Y, "classification")

    @cached_property
    def network(self) -> Network:
        init, factor = ((self.scale, None) if self.scale in ("xavier", "he")
                        else ("small", float(self.scale)))
        return Network([2, *self.hidden, 1], self.activation, "sigmoid", init=init,
                       init_seed=self.init_seed, init_scale=factor)

    @cached_property
    def cache(self) -> ForwardCache:
        with np.errstate(all="ignore"):
            return self.network.forward(self.data.X)[1]

    @cached_property
    def grads(self) -> dict[str, np.ndarray]:
        with np.errstate(all="ignore"):
            return self.network.backward(self.cache, self.data.Y)

    @cached_property
    def cost(self) -> float:
        with np.errstate(all="ignore"):
            return self.network.cost_from_cache(self.cache, self.data.Y)

    def _fan_in_gain(self, l: int) -> float:
        """n[l-1] Var(W[l]) mean(A[l-1]²): the variance of z[l] that the course's argument
        for the scale predicts from the layer below."""
        W, A_prev = self.network.params[f"W{l}"], self.cache.A[l - 1]
        return W.shape[1] * np.var(W) * np.mean(A_prev ** 2)

    def layer_rows(self) -> list[dict]:
        """Per hidden layer: saturated share, mean g'(z), |dW|, the spread of a, Var(z) measured
        and as n Var(w) E[a²] predicts it."""
        rows = []
        for l in range(1, self.network.L):
            g = self.network.activations[l - 1]
            Z, A = self.cache.Z[l], self.cache.A[l]
            with np.errstate(all="ignore"):
                rows.append(dict(
                    layer=l,
                    saturated=float(np.mean(g.saturated(Z, A))) if g.saturates else None,
                    slope=float(np.mean(g.derivative(Z, A))),
                    a_std=float(np.std(A)),
                    dW=float(np.linalg.norm(self.grads[f"dW{l}"])),
                    var_z=float(np.var(Z)),
                    # Var(z) = n Var(w) E[a²] for weights drawn independently of the
                    # input a of the layer below (zero mean): the gain a scale sets.
                    var_z_predicted=float(self._fan_in_gain(l)),
                ))
        return rows


def _histogram(values: np.ndarray, lo: float, hi: float, bins: int = 40):
    finite = values[np.isfinite(values)]
    counts, edges = np.histogram(np.clip(finite, lo, hi), bins=bins, range=(lo, hi))
    return edges, counts


@VIEWS.register("activation_histograms")
class ActivationHistograms(View):
    """a[l] of every hidden layer over the batch, on g's range."""

    data_type = Histograms

    def measure(self, deep: DeepAtInit, size: int | None = None) -> Histograms:
        bins = size or 40  # one bin a column the widget can draw
        g = deep.network.activations[0]
        lo, hi = g.value_range
        if not math.isfinite(hi):  # ReLU: up to what the layers reach
            hi = max(1e-3, max(float(np.max(deep.cache.A[l])) for l in range(1, deep.network.L)))
        rows = []
        for row in deep.layer_rows():
            A = deep.cache.A[row["layer"]].ravel()
            edges, counts = _histogram(A, lo, hi, bins)
            # The spread in numbers too: at 0.01 every layer is a spike at 0 on this axis,
            # but each is ten times narrower than the one before.
            rows.append(Histogram(tr("layer {l}", l=row["layer"]), edges, counts,
                                  f"σ {row['a_std']:.1e}", color=looks.color(deep.activation)))
        return Histograms(f"a[l], {looks.label(deep.activation)}, {scale_text(deep.scale)}",
                          tuple(rows), (lo, hi), "a")


@VIEWS.register("gradient_histograms")
class GradientHistograms(View):
    """dZ[l] of every hidden layer, on one shared range: a gradient that fades shows as a
    spike at 0."""

    data_type = Histograms

    def measure(self, deep: DeepAtInit, size: int | None = None) -> Histograms:
        bins = size or 40
        L = deep.network.L
        values = [deep.grads[f"dZ{l}"].ravel() for l in range(1, L)]
        finite = [v[np.isfinite(v)] for v in values]
        top = max((float(np.max(np.abs(v))) for v in finite if v.size), default=1.0) or 1.0
        rows = []
        for l, v in zip(range(1, L), values):
            edges, counts = _histogram(v, -top, top, bins)
            rows.append(Histogram(tr("layer {l}", l=l), edges, counts,
                                  f"|dW| {np.linalg.norm(deep.grads[f'dW{l}']):.1e}"))
        return Histograms(tr("dZ[l], the gradient reaching each layer"), tuple(rows), (-top, top),
                          "dZ")


@VIEWS.register("deep_summary")
class DeepSummary(View):
    """The starting cost, and each layer's mean slope g'(z) and saturated share."""

    data_type = Notes

    def measure(self, deep: DeepAtInit, size=None) -> Notes:
        rows = deep.layer_rows()
        # ReLU at × 10 starts near J = 1e9: in full it would not fit the panel at 80 columns.
        cost = f"{deep.cost:.3f}" if deep.cost < 1e4 else f"{deep.cost:.1e}"
        lines = [tr("starting cost J = {cost}   (log 2 = 0.693)", cost=cost),
                 tr("mean g'(z) by layer: {values}",
                    values=" ".join(f"{r['slope']:.2f}" for r in rows))]
        if rows[0]["saturated"] is not None:
            lines.append(tr("saturated by layer:  {values}",
                            values=" ".join(f"{r['saturated']:.0%}" for r in rows)))
        lines.extend(variance_lines(rows))
        return Notes(tuple(lines))


def compact(x: float) -> str:
    """``x`` to one significant digit with a bare exponent (2e-4, 3e1, 1e0): ``.0e``'s
    2e-04 takes a column more per number, and five layers of it do not fit the panel at 80
    columns."""
    if x == 0 or not math.isfinite(x):
        return f"{x:g}"
    mantissa, exponent = f"{x:.0e}".split("e")
    return f"{mantissa}e{int(exponent)}"


VARIANCE_LABELS = ("Var(z) by layer:", "n Var(w) mean(a²):")


def variance_lines(rows: list[dict]) -> tuple[str, str]:
    """Var(z) measured and as n Var(w) mean(a²) predicts it, layer by layer, one above the
    other: each layer's two numbers in one column, so the eye compares them. One significant
    digit: they agree to about that."""
    measured = [compact(r["var_z"]) for r in rows]
    predicted = [compact(r["var_z_predicted"]) for r in rows]
    widths = [max(len(a), len(b)) for a, b in zip(measured, predicted)]
    labels = [tr(label) for label in VARIANCE_LABELS]
    indent = max(map(cells, labels)) + 1  # in cells: a Hangul syllable takes two
    return tuple(label + " " * (indent - cells(label))
                 + " ".join(n.rjust(w) for n, w in zip(numbers, widths))
                 for label, numbers in zip(labels, (measured, predicted)))


# -- the explorer's knobs --------------------------------------------------------------------------
@KNOBS.register("deep_init_scale")
def deep_init_scale() -> Knob:
    # The ladder is a list of starts, not sizes (× 10 is larger than Xavier or He, which
    # come after it): its ends are the first and the last on the list, not the smallest
    # and largest init.
    return Knob("scale", "init", SCALES, "i", fmt=scale_text,
                describe="the initial weights: next i, previous I (0.01 … 10, Xavier, He)",
                ends=("randn × 0.01 is the first start on the list (i goes on)",
                      "He √(2/n) is the last start on the list (I goes back)"))


@KNOBS.register("deep_init_activation")
def deep_init_activation() -> Knob:
    return Knob("activation", "g", ("tanh", "sigmoid", "relu"), "a", wrap=True,
                fmt=looks.label, describe="the hidden activation: next a, previous A")


# -- facts the texts quote, from the runs the panels show -----------------------------------------
@fact("course_inits", "zeros", "large", "he")
def course_facts(spec) -> dict:
    """Train / test accuracy of the course's three starts (zeros, randn × 10, He), in order."""
    experiment = run_to(spec)
    out = {}
    for key, run in zip(("zeros", "large", "he"), experiment.runs):
        out[key] = (f"{percent(train_accuracy(run, experiment))} / "
                    f"{percent(test_accuracy(run, experiment))}")
    return out


@fact("zero_start", "cost", "moved")
def zeros_facts(spec) -> dict:
    """The final cost of the (first) run, and which parameters moved from where they started."""
    experiment = run_to(spec)
    run = experiment.runs[0]
    moved = [name for name, start in spec.build().runs[0].network.params.items()
             if not np.array_equal(start, run.network.params[name])]
    return dict(cost=f"{run.costs[-1]:.6f}", moved=Phrase(listing, (tuple(moved),)))


@fact("constant_start", "four_cost", "one_cost", "four_accuracy", "one_accuracy")
def constant_facts(spec) -> dict:
    """Four units from one constant start beside one unit: final costs and accuracies."""
    experiment = run_to(spec)
    four, one = experiment.runs
    return dict(four_cost=f"{four.costs[-1]:.3f}", one_cost=f"{one.costs[-1]:.3f}",
                four_accuracy=percent(train_accuracy(four, experiment)),
                one_accuracy=percent(train_accuracy(one, experiment)))


@fact("run_accuracy", "accuracy")
def random_facts(spec) -> dict:
    """The training accuracy of the (first) run at its end."""
    experiment = run_to(spec)
    run = experiment.runs[0]
    return dict(accuracy=percent(train_accuracy(run, experiment)))


# ``majority`` is the data's (the share of the larger class), known before any run.
@fact("logistic_from_zeros", "lr_accuracy", "lr_cost", "hidden_cost", "versus",
      settings=("majority", "answer"))
def logistic_facts(spec) -> dict:
    """Logistic regression (the first run) beside a hidden layer (the second), both from
    zeros; and the accuracy of always answering the larger class, which logistic regression
    can fall below (measured on the flower: 47 % against 50 %): it minimises the log-loss,
    not the count of errors."""
    experiment = run_to(spec)
    lr, hidden = experiment.runs
    accuracy = train_accuracy(lr, experiment)
    share = float(np.mean(experiment.data.Y))
    majority = max(share, 1.0 - share)
    # On balanced data (the flower: 200 of each) there is no larger class: any one class
    # scores the same, so the text says "one class" there (as the percentages show it).
    balanced = percent(majority) == percent(0.5)
    return dict(lr_accuracy=percent(accuracy), lr_cost=f"{lr.costs[-1]:.3f}",
                hidden_cost=f"{hidden.costs[-1]:.6f}", majority=percent(majority),
                answer=Phrase(term, ("one class" if balanced else "the larger class",)),
                versus=versus(accuracy, majority))


def versus(accuracy: float, base: float) -> Phrase:
    """"below", "above" or "equal to": ``accuracy`` against ``base`` as the screen shows
    them (``percent``), so "below" never sits beside two equal numbers; worded when the text
    is filled, in its language."""
    shown, base_shown = (float(percent(x).rstrip("%")) for x in (accuracy, base))
    return Phrase(term, ("below" if shown < base_shown else "above" if shown > base_shown
                         else "equal to",))


@fact("deep_inits", "small_cost", "xavier_cost", "large_start", "large_cost")
def deep_facts(spec) -> dict:
    """A deep network from randn × 0.01, Xavier and randn × 10, in that order."""
    experiment = run_to(spec)
    small, xavier, large = experiment.runs
    return dict(small_cost=f"{small.costs[-1]:.6f}", xavier_cost=f"{xavier.costs[-1]:.3f}",
                large_start=f"{large.costs[0]:.1f}", large_cost=f"{large.costs[-1]:.2f}")


# -- graders ---------------------------------------------------------------------------------------
def zero_sigmoid_outcome(experiment) -> int:
    network = experiment.runs[0].network
    if not np.any(network.params["W1"]):
        return 0
    return 1 if hidden_unit_spreads(network)[0] == 0.0 else 2


def zero_sigmoid_why(experiment) -> tuple[str, ...]:
    run = experiment.runs[0]
    W1 = run.network.params["W1"]
    spread = hidden_unit_spreads(run.network)[0]
    return (tr("largest |W1| {W1} (it started at 0); units' spread {spread}.",
               W1=f"{np.max(np.abs(W1)):.3f}",
               spread=tr("0 exactly") if spread == 0 else f"{spread:.2e}"),
            tr("cost {start} → {end} at {total}.", start=f"{run.costs[0]:.3f}",
               end=f"{run.costs[-1]:.3f}", total=experiment.total))


@grader("hidden_unit_symmetry")
def hidden_unit_symmetry() -> Prediction:
    """One run: what its first hidden layer's units did. Choices in this order: nothing moved
    (W1 still all 0), they moved but stayed identical (spread 0 exactly), they moved apart.
    Why: the largest |W1|, the units' spread, and the cost from start to end."""
    return Prediction(zero_sigmoid_outcome, zero_sigmoid_why)


@grader("init_scale_cost_below")
def init_scale_cost_below(threshold: float) -> Goal:
    """One run from W = randn × s (``run.init_scale``): passed when its cost ends below
    ``threshold``; the line says when it diverged or never left log 2 (nothing learned)."""

    def grade(spec, experiment) -> tuple[bool, str]:
        run = experiment.runs[0]
        s = f"randn × {spec.run.init_scale:g}"
        if run.diverged:
            return False, tr("{s}: diverged", s=s)
        start, end = run.costs[0], run.costs[-1]
        line = tr("{s}: cost {start} → {end}", s=s, start=f"{start:.3f}", end=f"{end:.3f}")
        if end < threshold:
            return True, tr("{line}, below {threshold}", line=line, threshold=f"{threshold:g}")
        if abs(end - math.log(2)) < 0.005:
            return False, tr("{line}: still log 2, nothing learned", line=line)
        return False, tr("{line}: not below {threshold}", line=line, threshold=f"{threshold:g}")

    return Goal(grade, slots=(("threshold", f"{threshold:g}"),))
