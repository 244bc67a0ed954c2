"""Mechanisms of the derivatives of activation functions (claims C9, C10, C11, C12): a
derivation shown a line at a time and evaluated at a probe z, a finite difference beside the
analytic slope, the count of pre-activations exactly 0 in a real run, the learner's own
derivative checked numerically, and two slopes compared at one z
(``lessons/course/derivatives/lesson.toml``)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from engine.activations import get_activation

from .. import looks
from ..checkpoints import Prediction, grader, right_on
from ..experiments import Run, TrainingExperiment
from ..explorers import Explorer
from ..facts import fact, run_to
from ..i18n import tr
from ..wording import Phrase, listing, sentence
from ..knobs import Knob
from ..registry import COLUMNS, EXPERIMENT_KINDS, KNOBS, VIEWS
from ..views import Column, View
from ..view_data import Answer, Curves, Derivation, DerivationRow, Line, Notes


def _expressions():
    """The expression reader and the derivations, loaded when a derivation step is shown
    (their regular expressions and tables are ~8 ms of launch otherwise)."""
    from .. import expressions

    return expressions


Z_PROBES = tuple(round(-4.0 + 0.5 * i, 1) for i in range(17))


# -- a derivation, a line at a time --------------------------------------------------------------
@EXPERIMENT_KINDS.register("derivation")
@dataclass(frozen=True)
class DerivationSpec(Explorer):
    """Which derivation (``function``), how many lines are shown, and the probe ``z``."""

    function: str = "sigmoid"
    shown: int = 1
    z: float = 0.5

    @property
    def total(self) -> int:
        return len(_expressions().DERIVATIONS[self.function])


@VIEWS.register("derivation_lines")
class DerivationView(View):
    data_type = Derivation

    def measure(self, spec: DerivationSpec, size=None) -> Derivation:
        lines = _expressions().DERIVATIONS[spec.function][:spec.shown]
        values = _expressions().line_values(spec.function, spec.z)
        rows = tuple(DerivationRow(line.text, line.reason, f"{value:.6f}")
                     for line, value in zip(lines, values))
        a = float(get_activation(spec.function)(np.array([spec.z]))[0])
        return Derivation(f"{looks.label(spec.function)}'(z)", rows,
                          f"z = {spec.z:+.1f}, a = {a:.4f}", spec.total)


@KNOBS.register("derivation_reveal")
def reveal_knob(total: int) -> Knob:
    """The lines of a derivation of ``total`` lines shown: one more, one fewer."""
    return Knob("shown", "lines", tuple(range(1, total + 1)), "down,enter", down_key="up",
                key_display="↓/↑", fmt=lambda n: f"{n}/{total}",
                describe="the next line of the derivation: ↓ or Enter; ↑ hides the last",
                ends=("the first line is the definition", "that was the last line"))


@KNOBS.register("probe_z")
def probe_z() -> Knob:
    return Knob("z", "z", Z_PROBES, "right", down_key="left", key_display="←/→",
                fmt=lambda z: f"{z:+.1f}", describe="move the probe z: → right, ← left")


# -- ReLU's kink: the cursor along z -------------------------------------------------------------
@KNOBS.register("kink_cursor")
def kink_cursor() -> Knob:
    """The explorer's cursor, -5 … 5 by 0.25 (z = 0 on it: the kink)."""
    return Knob("cursor", "z", tuple(round(-5.0 + 0.25 * i, 2) for i in range(41)), "right",
                down_key="left", key_display="←/→", fmt=lambda z: f"{z:+.2f}",
                describe="move the cursor along z")


# -- a finite difference over the analytic slope ---------------------------------------------------
@EXPERIMENT_KINDS.register("finite_difference")
@dataclass(frozen=True)
class FiniteDifference(Explorer):
    """g'(z) beside the centred difference (g(z + h) - g(z - h)) / 2h, on a grid of z."""

    function: str = "sigmoid"
    h: float = 1e-3
    leaky_slope: float = 0.01

    @property
    def g(self):
        return get_activation(self.function, self.leaky_slope)

    def grid(self, points: int = 81) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        z = np.linspace(-4.0, 4.0, points)  # includes z = 0 (points odd)
        g = self.g
        analytic = g.derivative(z)
        numeric = (g(z + self.h) - g(z - self.h)) / (2 * self.h)
        return z, analytic, numeric


@VIEWS.register("finite_difference_plot")
class FiniteDifferencePlot(View):
    data_type = Curves

    def measure(self, fd: FiniteDifference, size=None) -> Curves:
        z, analytic, numeric = fd.grid()
        color = looks.color(fd.function)
        label = looks.label(fd.function)
        return Curves((Line(tr("{label}' (analytic)", label=label), z, analytic, color=color),
                       Line(tr("finite difference"), z, numeric, color=5, kind="scatter")),
                      title=tr("{label}'(z), two ways", label=label), xlabel="z",
                      must_show_y=(0.0, 1.0))


@VIEWS.register("finite_difference_notes")
class FiniteDifferenceNotes(View):
    data_type = Notes

    def measure(self, fd: FiniteDifference, size=None) -> Notes:
        z, analytic, numeric = fd.grid()
        away = np.abs(z) > 2 * fd.h  # the kink of ReLU and leaky ReLU is its own story
        gap = float(np.max(np.abs(analytic - numeric)[away]))
        lines = [tr("(g(z + h) - g(z - h)) / 2h with h = {h}", h=f"{fd.h:g}"),
                 tr("largest gap to g'(z) away from 0: {gap}", gap=f"{gap:.1e}")]
        if fd.function in ("relu", "leaky_relu"):
            at_zero = float(numeric[np.argmin(np.abs(z))])
            lines.append(tr("at z = 0 the difference gives {value}, the convention says {slope}:",
                            value=f"{at_zero:.4g}",
                            slope=f"{float(fd.g.derivative(np.array([0.0]))[0]):g}"))
            lines.append(tr("the kink has no slope; one is chosen"))
        return Notes(tuple(lines))


# -- z exactly 0 in a real run ------------------------------------------------------------------------
def _exact_zeros(run: Run, experiment: TrainingExperiment) -> Phrase:
    """How many hidden pre-activations are exactly 0 now, of how many (worded when shown)."""
    cache = run.forward()
    Z = [cache.Z[l] for l in range(1, run.network.L)]
    zeros = sum(int(np.count_nonzero(z == 0.0)) for z in Z)
    return Phrase(sentence, ("{n} of {total}", (("n", f"{zeros:,}"),
                                                ("total", f"{sum(z.size for z in Z):,}"))))


EXACT_ZEROS = COLUMNS.register("exact_zeros", Column(
    "z = 0 exactly", lambda run, experiment: str(_exact_zeros(run, experiment))))


@fact("exact_zeros", "random_zeros", "zero_init_zeros")
def exact_zeros_facts(spec) -> dict:
    """The hidden pre-activations exactly 0 at the end of each run: from random weights (the
    first run), from all-zero weights (the second)."""
    experiment = run_to(spec)
    random_start, zero_start = experiment.runs
    return dict(random_zeros=_exact_zeros(random_start, experiment),
                zero_init_zeros=_exact_zeros(zero_start, experiment))


# -- the learner derives -----------------------------------------------------------------------------
@EXPERIMENT_KINDS.register("derive_exercise")
@dataclass(frozen=True)
class DeriveExercise(Explorer):
    """The function whose slope the learner types, and the answer typed: ``answered_for`` is
    the function it was typed for, so switching the function (a knob) leaves an old answer
    unjudged instead of grading it against another function's slope."""

    function: str = "sigmoid"
    answer: str = ""
    answered_for: str = ""
    # Which of the learner's answers ``answer`` is (1: the first, the one that counts).
    attempt: int = field(default=1, compare=False)

    def answered(self, text: str, attempt: int) -> "DeriveExercise":
        return replace(self, answer=text, answered_for=self.function, attempt=attempt)


@VIEWS.register("answer_check")
class AnswerCheck(View):
    data_type = Answer

    def measure(self, exercise: DeriveExercise, size=None) -> Answer:
        label = looks.label(exercise.function)
        prompt = tr("With a = {label}(z), write {label}'(z) in terms of a "
                    "(a, z, numbers, + - * / ^ and brackets):", label=label)
        if not exercise.answer.strip() or exercise.answered_for != exercise.function:
            return Answer(prompt, "answer", attempt=exercise.attempt)
        verdict = _expressions().check_derivative(exercise.answer, exercise.function)
        if verdict.right:
            message = tr("right: it equals the slope at every point checked")
        else:
            message = verdict.message
        # Text that cannot be read (a typo) is not an answer: it is not graded nor counted.
        graded = verdict.right or verdict.z is not None
        return Answer(prompt, "answer", exercise.answer,
                      right_on(exercise.attempt, f"{exercise.answer}: {message}",
                               verdict.right and graded),
                      verdict.right if graded else None, exercise.attempt)


@fact("derive_points", "points", "low", "high")
def derive_points_facts(spec) -> dict:
    """The points a typed derivative is checked at: how many, from where to where."""
    expressions = _expressions()
    return dict(points=len(expressions.Z_GRID) + len(expressions.Z_RANDOM),
                low=f"{expressions.Z_GRID[0]:g}", high=f"{expressions.Z_GRID[-1]:g}")


# -- checkpoint: two slopes at one z ---------------------------------------------------------------
@EXPERIMENT_KINDS.register("slopes_at")
@dataclass(frozen=True)
class SlopesAt(Explorer):
    """sigmoid and tanh over z, a cursor at ``z``, their slopes drawn once ``show_slopes``."""

    functions: tuple[str, ...] = ("sigmoid", "tanh")
    z: float = 3.0
    show_slopes: bool = False

    def slope(self, name: str) -> float:
        return float(get_activation(name).derivative(np.array([self.z]))[0])

    def value(self, name: str) -> float:
        return float(get_activation(name)(np.array([self.z]))[0])

    def text_slots(self) -> dict:
        return dict(z=f"{self.z:g}")


@VIEWS.register("slopes_plot")
class SlopesPlot(View):
    """The functions before the learner has chosen; their slopes after (the question is
    about the slopes, and a plot of both would hide one colour under the other)."""

    data_type = Curves

    def measure(self, spec: SlopesAt, size=None) -> Curves:
        z = np.linspace(-5.0, 5.0, 161)
        lines = []
        for name in spec.functions:
            g, look = get_activation(name), looks.ACTIVATIONS[name]
            if spec.show_slopes:
                lines.append(Line(look.label + "'", z, g.derivative(z), color=look.color))
            else:
                lines.append(Line(look.label, z, g(z), color=look.color))
        names = listing([looks.label(n) + ("'" if spec.show_slopes else "")
                         for n in spec.functions])
        return Curves(tuple(lines), title=names, xlabel="z", vlines=(spec.z,),
                      xlim=(-5.0, 5.0),
                      ylim=(-0.05, 1.05) if spec.show_slopes else (-1.1, 1.1),
                      must_show_y=(0.0, 0.25, 1.0) if spec.show_slopes else (0.0, 1.0))


@grader("sigmoid_vs_tanh_slope")
def sigmoid_vs_tanh_slope() -> Prediction:
    """At the explorer's z (``SlopesAt``): is sigmoid's slope larger (0), tanh's (1), or are
    they equal (2)? Why: each function's a and its slope written with a."""

    def outcome(spec: SlopesAt) -> int:
        sigmoid, tanh = spec.slope("sigmoid"), spec.slope("tanh")
        return 2 if np.isclose(sigmoid, tanh) else 0 if sigmoid > tanh else 1

    def why(spec: SlopesAt) -> tuple[str, ...]:
        a_s, a_t = spec.value("sigmoid"), spec.value("tanh")
        s, t = spec.slope("sigmoid"), spec.slope("tanh")
        return (f"sigmoid: a = {a_s:.4f}, a(1 - a) = {s:.4f}",
                f"tanh: a = {a_t:.4f}, 1 - a² = {t:.4f}")  # formulas: the same in Korean

    return Prediction(outcome, why)
