"""Mechanisms of the derivatives of activation functions (claims C9, C10, C11, C12): a
derivation shown a line at a time and evaluated at a probe z, a finite difference beside the
analytic slope, the count of pre-activations exactly 0 in a real run, the learner's own
derivative checked numerically, and two slopes compared at one z
(``lessons/course/derivatives/lesson.toml``)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from engine.activations import get_activation
from engine.losses import CrossEntropy

from .. import looks
from ..checkpoints import Prediction, grader, right_on
from ..experiments import Run, TrainingExperiment
from ..explorers import Explorer
from ..facts import fact, run_to
from ..i18n import tr
from ..wording import Phrase, listing, term
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


# -- dZ[L] = A[L] - Y: the cross-entropy cost through the sigmoid ----------------------------------
@dataclass(frozen=True)
class CheckedLine:
    """A line of a derivation whose lines are different quantities (a loss, then its slopes):
    ``expr`` is its formula in a = σ(z), y and z (``expressions.parse`` reads it), ``check``
    names the engine measurement it is compared with (``OutputDerivation.measure``), one the
    formula did not produce."""

    text: str
    reason: str
    expr: str
    check: str


# The course's derivation of the output layer's dZ, one example first (a, y scalars), then
# the m examples at once. Lines 4-6 are one quantity, dL/dz, rewritten.
OUTPUT_LINES: tuple[CheckedLine, ...] = (
    CheckedLine("L(a, y) = -(y log a + (1 - y) log(1 - a))",
                "cross-entropy, one example", "-(y*log(a) + (1-y)*log(1-a))",
                "cost"),
    CheckedLine("dL/da = -y/a + (1 - y)/(1 - a)",
                "log a → 1/a, log(1 - a) → -1/(1 - a)", "-y/a + (1-y)/(1-a)",
                "cost_in_a"),
    CheckedLine("da/dz = a(1 - a)", "the sigmoid's slope, derived before", "a*(1-a)",
                "sigmoid_in_z"),
    CheckedLine("dL/dz = dL/da · da/dz", "chain rule: z → a → L",
                "(-y/a + (1-y)/(1-a)) * a*(1-a)", "cost_in_z"),
    CheckedLine("= -y(1 - a) + (1 - y)a", "multiply: a and 1 - a cancel",
                "-y*(1-a) + (1-y)*a", "cost_in_z"),
    CheckedLine("= a - y", "-y + ya + a - ya", "a - y", "cost_in_z"),
    CheckedLine("dZ[L] = A[L] - Y", "m = {m} examples at once, one column each", "a - y",
                "cost_in_Z"),
)


def _cost(Z: np.ndarray, Y: np.ndarray) -> float:
    """The engine's cross-entropy J of the logits Z (it reads Z, never a: stable for any z)."""
    return CrossEntropy().cost(Z, get_activation("sigmoid")(Z), Y)


def _logit(a: float) -> float:
    """The z with σ(z) = a: the engine's cost takes z, so L(a) is read as J(logit(a))."""
    return float(np.log(a) - np.log1p(-a))


@EXPERIMENT_KINDS.register("output_derivation")
@dataclass(frozen=True)
class OutputDerivation(Explorer):
    """dZ[L] = A[L] - Y from the cross-entropy loss and the sigmoid, ``shown`` lines of it,
    one example at the probe ``z`` with label ``y``; the last line on the m examples of the
    backward pass of back-propagation (``BackwardSteps``: its output layer, dZ[L] there)."""

    shown: int = 1
    z: float = 0.5
    y: int = 1

    @property
    def total(self) -> int:
        return len(OUTPUT_LINES)

    def output_layer(self) -> tuple[np.ndarray, np.ndarray]:
        """Z[L] and Y of the m examples: a [2, 3, 3, 1] tanh network on 5 flower examples."""
        from .backprop import BackwardSteps

        cache, _, Y = BackwardSteps().pass_
        return cache.Z[len(cache.Z) - 1], Y

    def value(self, line: CheckedLine) -> np.ndarray:
        """The line's formula, at the probe (a scalar) or, for dZ[L], at every example."""
        if line.check == "cost_in_Z":
            Z, Y = self.output_layer()
        else:
            Z, Y = np.array(self.z), np.array(float(self.y))
        with np.errstate(all="ignore"):
            A = get_activation("sigmoid")(Z)
        return _expressions().parse(line.expr, frozenset({"a", "y", "z"})).evaluate(
            {"a": A, "y": Y, "z": Z})

    def measure(self, check: str) -> np.ndarray:
        """What the engine says the line is, by a means the formula did not use: its cost, or
        a centred difference (step SLOPE_STEP) of its cost or its sigmoid."""
        h = _expressions().SLOPE_STEP
        z, y = np.array([[self.z]]), np.array([[float(self.y)]])
        if check == "cost":
            return np.array(_cost(z, y))
        if check == "cost_in_a":
            a = float(get_activation("sigmoid")(z)[0, 0])
            # A step small beside a and 1 - a: L(a) curves as 1/a² near a = 0 (and 1), where
            # a fixed h would leave an error in the sixth digit shown.
            h_a = h * min(a, 1 - a)
            up, down = np.array([[_logit(a + h_a)]]), np.array([[_logit(a - h_a)]])
            return np.array((_cost(up, y) - _cost(down, y)) / (2 * h_a))
        if check == "sigmoid_in_z":
            g = get_activation("sigmoid")
            return np.array(float(g(z + h)[0, 0] - g(z - h)[0, 0]) / (2 * h))
        if check == "cost_in_z":
            return np.array((_cost(z + h, y) - _cost(z - h, y)) / (2 * h))
        if check == "cost_in_Z":
            Z, Y = self.output_layer()
            slopes = np.zeros_like(Z)
            for i in np.ndindex(Z.shape):
                step = np.zeros_like(Z)
                step[i] = h
                slopes[i] = (_cost(Z + step, Y) - _cost(Z - step, Y)) / (2 * h)
            return Z.shape[1] * slopes  # J is the mean over m: m ∂J/∂Z[L] is each L's slope
        raise ValueError(f"unknown check {check!r}")

    def rows(self) -> list[DerivationRow]:
        from .backprop import numbers, shape_text  # backprop imports this module

        rows = []
        for line in OUTPUT_LINES[:self.shown]:
            value, check = self.value(line), self.measure(line.check)
            if line.check == "cost_in_Z":
                shown = tr("{value}  engine {check}",
                           value=f"{shape_text(value)} {numbers(value)}", check=numbers(check))
            else:
                shown = tr("{value}  engine {check}", value=f"{float(value):+.6f}",
                           check=f"{float(check):+.6f}")
            reason = line.reason
            if line.check == "cost_in_Z":
                reason = tr(reason, m=value.shape[1])
            rows.append(DerivationRow(line.text, reason, shown))
        return rows


def where_output_dz_is_derived() -> tuple[int, int]:
    """The lesson and the step (both counted from 1, in the course's order) that derive
    dZ[L] = A[L] - Y: what back-propagation's first line points back to."""
    from .. import COURSE

    for n, lesson in enumerate(COURSE.lessons, start=1):
        for k, step in enumerate(lesson.steps, start=1):
            if isinstance(step.spec, OutputDerivation):
                return n, k
    raise LookupError("no step of the course derives dZ[L] = A[L] - Y")


@VIEWS.register("output_derivation_lines")
class OutputDerivationView(View):
    data_type = Derivation

    def measure(self, spec: OutputDerivation, size=None) -> Derivation:
        a = float(get_activation("sigmoid")(np.array([spec.z]))[0])
        rows = spec.rows()
        # The newest lines (each takes three rows at 80 columns): a line uses the two before.
        return Derivation(tr("dZ[L], sigmoid and cross-entropy"), tuple(rows[-4:]),
                          f"z = {spec.z:+.1f}, a = {a:.4f}, y = {spec.y}", spec.total,
                          note="each line beside the engine's own number: its cost, or a "
                               "centred difference of its cost or its sigmoid",
                          revealed=len(rows))


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
    return Phrase(term, ("{n} of {total}", (("n", f"{zeros:,}"),
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


@fact("derive_points", settings=("points", "low", "high"))
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
