"""Checkpoints: where a lesson stops showing and asks, and the engine answers.

A step is a checkpoint when its ``checkpoint`` says which kind (``lessons.model.Step``):

- ``"predict"``: a question with 2–4 choices asked *before* a run. The step's experiment is a
  ``Predict``: the question, the choices and the experiment to run (``inner``: a
  ``TrainingSpec`` or an explorer). The learner chooses (keys 1..n in the UI: the choice is
  the spec's ``chosen``), the run goes, and when it has finished ``outcome`` reads the
  right choice from the run and ``why`` says why in the run's own numbers.
- ``"challenge"``: a goal over a training run whose knobs the learner turns. The step's
  experiment is a ``Challenge`` (a ``TrainingSpec`` with a goal); ``grade`` reads the finished
  run, and the spec's constraints ("at most 2 hidden layers of 8 units": the knobs may go
  further, the grade then says why that does not count).
- ``"derive"``: the learner types a derivative (``lessons.mechanisms.derivatives.AnswerCheck``),
  checked by ``lessons.expressions``.

The first answer counts: a prediction or a typed derivative passes only when its first
graded answer is right (``Attempt``); a later right one is "right on the 2nd try". The
answers given are counted by the app and kept with the learner's position; the spec carries
the number of the answer it holds (``attempt``), so the verdict can say which try it was.

No right answer is written anywhere, in the code or in a text: ``outcome`` and ``grade``
compute it from the run, so a change to the engine or to a run's settings changes the answer
with it (and a test checks each one against the engine, computed another way).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Callable

from . import facts as facts_module
from .experiments import TrainingExperiment, TrainingSpec
from .i18n import tr
from .wording import ordinal
from .protocols import SpecDefaults
from .knobs import with_values
from .views import RunTable, View, Withheld
from .view_data import Answer, Question, Verdict


# A checkpoint's kind and the view data that asks it: a predict step shows a Question, a
# challenge a Verdict, a derive step an Answer the learner types.
CHECKPOINT_VIEWS: dict[str, type] = {"predict": Question, "challenge": Verdict, "derive": Answer}


# -- predict, then run -------------------------------------------------------------------------
@dataclass(frozen=True)
class Predict(SpecDefaults):
    """A question asked before ``inner`` runs; its answer is read from the finished run.

    ``outcome(experiment)`` is the index of the right choice and ``why(experiment)`` one or two
    lines with the run's numbers, both given the finished inner experiment. ``reveal`` are
    field changes made to ``inner`` once a choice is made (an explorer showing the slopes only
    after the learner has committed, say). ``chosen`` is not part of what the spec *is*
    (``compare=False``): the text and its numbers are the same whatever the learner chose.
    """

    question: str
    choices: tuple[str, ...]
    inner: Any
    outcome: Callable[[Any], int]
    why: Callable[[Any], tuple[str, ...]]
    reveal: tuple[tuple[str, Any], ...] = ()
    chosen: int | None = field(default=None, compare=False)
    # Which answer of the learner's ``chosen`` is (1: the first, the one that counts).
    attempt: int = field(default=1, compare=False)
    # Settings of the grader a text may quote ({{threshold}}), beside the run's own.
    slots: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self):
        if not 2 <= len(self.choices) <= 4:
            raise ValueError(f"{self.question!r}: 2 to 4 choices, not {len(self.choices)}")
        if self.chosen is not None and not 0 <= self.chosen < len(self.choices):
            raise ValueError(f"choice {self.chosen} of {len(self.choices)}")

    @property
    def trains(self) -> bool:
        return self.inner.trains

    @property
    def iterations(self) -> int | None:
        """How long the run asked about is (None: it does not train)."""
        return self.inner.iterations if isinstance(self.inner, TrainingSpec) else None

    def chose(self, index: int, attempt: int) -> "Predict":
        """The spec with the learner's ``attempt``-th answer, ``index``, made."""
        return dataclasses.replace(self, chosen=index, attempt=attempt)

    @property
    def keys_text(self) -> str:
        """The keys that answer, e.g. ``1-3``."""
        return f"1-{len(self.choices)}"

    def shown(self):
        """The inner spec the panel runs: with ``reveal`` applied once a choice is made."""
        if self.chosen is None or not self.reveal:
            return self.inner
        return with_values(self.inner, dict(self.reveal))

    def build(self) -> "PredictExperiment":
        return PredictExperiment(self)


class PredictExperiment:
    """The inner experiment, with the learner's choice and the verdict of its run.

    Everything a view reads (runs, data, iteration, an explorer's curves …) is the inner
    experiment's: views written for a training run or an explorer draw a prediction's run
    unchanged."""

    def __init__(self, spec: Predict):
        self.spec = spec
        self.inner = spec.shown().build()
        self._setup = None  # the inner experiment at iteration 0, built when first held
        self._verdict_key: tuple | None = None
        self._verdict: tuple[int, tuple[str, ...]] | None = None

    def __getattr__(self, name: str):
        # Delegation, not guessing: whatever this class does not define is the inner
        # experiment's (its runs, data, curves), which the step's views measure.
        inner = self.__dict__.get("inner")
        if inner is None:
            raise AttributeError(name)
        return getattr(inner, name)

    @property
    def trains(self) -> bool:
        return self.spec.trains

    @property
    def chosen(self) -> int | None:
        return self.spec.chosen

    @property
    def not_ready(self) -> str:
        """What the learner is told when asking the run to go before choosing ("" once
        chosen)."""
        if self.chosen is None:
            return tr("choose first: {keys}, then the run decides", keys=self.spec.keys_text)
        return ""

    @property
    def finished(self) -> bool:
        return self.inner.finished

    @property
    def work_per_iteration(self) -> int:
        return self.inner.work_per_iteration

    def advance(self, steps: int) -> int:
        return self.inner.advance(steps) if self.trains else 0

    def reset(self) -> None:
        if self.trains:
            self.inner.reset()

    @property
    def decided(self) -> bool:
        """The learner has chosen and the run has said its part."""
        return self.chosen is not None and (not self.trains or self.finished)

    @property
    def holding(self) -> bool:
        """The run has started but not ended: what it is asked about stays hidden (the
        views show the start) until it has finished."""
        return self.trains and 0 < self.inner.iteration and not self.decided

    def held_for(self, view) -> Any:
        """What ``view`` measures now: this experiment, or while the run is ``holding`` the
        same run at its start, its table of results withheld ("…": the header shows the
        iteration reached, so the start's numbers would read as that iteration's); the
        question itself is always measured here."""
        if not self.holding or isinstance(view, PredictionCheck):
            return self
        if self._setup is None:
            self._setup = self.spec.shown().build()
        return Withheld(self._setup) if isinstance(view, RunTable) else self._setup

    def verdict(self) -> tuple[int, tuple[str, ...]]:
        """(the right choice, why) from the finished run, computed once a run."""
        key = (self.inner.iteration, self.inner.diverged)
        if self._verdict is None or key != self._verdict_key:
            answer = int(self.spec.outcome(self.inner))
            if not 0 <= answer < len(self.spec.choices):
                raise ValueError(f"{self.spec.question!r}: the run chose {answer}")
            why = self.spec.why(self.inner)
            self._verdict = (answer, (why,) if isinstance(why, str) else tuple(why))
            self._verdict_key = key
        return self._verdict


class PredictionCheck(View):
    """The question, the choices, the learner's choice and (once the run has finished) the
    verdict with the run's numbers."""

    data_type = Question

    def measure(self, experiment: PredictExperiment, size=None) -> Question:
        spec = experiment.spec
        if not experiment.decided:
            return Question(spec.question, spec.choices, spec.chosen, attempt=spec.attempt,
                            running=experiment.holding)
        answer, why = experiment.verdict()
        return Question(spec.question, spec.choices, spec.chosen, spec.chosen == answer, why,
                        answer, spec.attempt)


def outcome_of(spec: Predict) -> tuple[int, tuple[str, ...]]:
    """The right choice and why, from a run of ``spec``'s inner experiment to its end (what
    a learner's run would show; tests and facts use it)."""
    inner = spec.inner
    experiment = facts_module.run_to(inner) if isinstance(inner, TrainingSpec) else inner.build()
    why = spec.why(experiment)
    return int(spec.outcome(experiment)), ((why,) if isinstance(why, str) else tuple(why))


def inner_slots(spec: Predict) -> dict:
    """The settings of a prediction's run a text may quote ({{iterations}}, {{lr}} …)."""
    return facts_module.spec_slots(spec.inner)


# -- challenges ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Challenge(TrainingSpec):
    """A training run with a goal: the learner turns the knobs, trains, and ``grade(spec,
    experiment)`` -> (passed, line) reads the finished run. It *is* a ``TrainingSpec``, so
    its knobs, views and facts are those of any training step."""

    goal: str = ""
    grade: Callable[["Challenge", TrainingExperiment], tuple[bool, str]] | None = None

    def __post_init__(self):
        super().__post_init__()
        if not self.goal or self.grade is None:
            raise ValueError("a challenge needs a goal and a grade")


class ChallengeCheck(View):
    """The goal, and once the run has finished, whether it met it and why."""

    data_type = Verdict

    def measure(self, experiment: TrainingExperiment, size=None) -> Verdict:
        spec = experiment.spec
        if not experiment.finished:
            when = tr("turn the knobs, then space: graded at iteration {total}"
                      if experiment.iteration == 0 else
                      "graded when the run ends, at iteration {total}", total=experiment.total)
            return Verdict(spec.goal, None, when)
        passed, line = spec.grade(spec, experiment)
        return Verdict(spec.goal, bool(passed), line)


# -- graders: what a lesson.toml names as a checkpoint's grader ------------------------------
@dataclass(frozen=True)
class Prediction:
    """A prediction's grader (``lessons.protocols.PredictGrader``) from its two functions of
    the finished experiment: the index of the choice it produced, and why. ``slots`` are
    its settings as a text quotes them (``{{threshold}}``)."""

    outcome: Callable[[Any], int]
    why: Callable[[Any], tuple[str, ...]]
    slots: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Goal:
    """A challenge's grader (``lessons.protocols.ChallengeGrader``): ``grade(spec,
    experiment)`` -> (passed, why)."""

    grade: Callable[[Any, Any], tuple[bool, str]]
    slots: tuple[tuple[str, Any], ...] = ()


def grader(name: str):
    """Register a grader factory (its keyword arguments are the settings a lesson.toml may
    give it, e.g. ``grader = { grader = "first_below", threshold = 0.4 }``)."""
    from .registry import GRADERS

    def register(factory):
        GRADERS.register(name, factory)
        return factory

    return register


# -- what counts as passed ------------------------------------------------------------------------
@dataclass(frozen=True)
class Attempt:
    """One graded answer at a checkpoint: which one it was (1: the first) and whether it was
    right. Only a right first answer passes: trying every choice, or typing until the check
    says right, then shows "right on the nth try" but never passes."""

    number: int
    right: bool

    @property
    def passed(self) -> bool:
        return self.right and self.number == 1


def right_on(attempt: int, line: str, right: bool) -> str:
    """``line`` (a verdict), saying so when it is right but not at the first answer (which
    is the one that counts)."""
    if not right or attempt == 1:
        return line
    return tr("Right on the {nth} try (only a first answer passes): {line}",
              nth=ordinal(attempt), line=line)


def attempt_in(views) -> Attempt | None:
    """The graded answer a frame's view data show (a prediction the run has decided, a
    derivative the check has read), None if none."""
    for data in views:
        if isinstance(data, (Question, Answer)) and data.right is not None:
            return Attempt(data.attempt, data.right)
    return None


def passed_in(views) -> bool:
    """Whether a frame's view data show a passed checkpoint: a prediction the run proved
    right at the first answer, a challenge met, a derivative typed right at the first
    answer. (A challenge is a goal to reach by turning knobs: trying again is its point.)"""
    attempt = attempt_in(views)
    if attempt is not None:
        return attempt.passed
    return any(isinstance(data, Verdict) and data.passed is True for data in views)
