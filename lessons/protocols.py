"""What each mechanism a lesson names must provide: the contracts, stated once.

A step runs an **experiment spec** (frozen data) whose ``build()`` makes the **experiment**
the panel advances; its **views** measure the experiment into view data (``lessons.view_data``)
that the UI draws; its text quotes **facts** measured on a run of the spec; a checkpoint's
**grader** reads the finished run. Every registered mechanism (``lessons.registry``) is checked
against these protocols when it is registered and when ``dnn-tutor lesson check`` reads a
lesson, so a type checker and the loader agree on what "an experiment" means, and the UI
never has to ask ``getattr(spec, "...", default)`` what a spec can do.

``SpecDefaults`` and ``ExperimentDefaults`` give the optional parts their neutral values: a
spec that does not train, an experiment that is always ready.
"""

from __future__ import annotations

from typing import Any, Mapping, Protocol, runtime_checkable


@runtime_checkable
class Experiment(Protocol):
    """What a panel runs and its views measure.

    One that does not train (an explorer) is a pure function of its spec; one that trains is
    advanced a chunk of iterations at a time by the UI's worker."""

    trains: bool

    @property
    def iteration(self) -> int: ...       # iterations run so far (0 for one that does not train)

    @property
    def total(self) -> int: ...           # iterations a full run has

    @property
    def finished(self) -> bool: ...

    @property
    def diverged(self) -> bool: ...

    @property
    def dead_layer(self) -> int | None: ...  # a hidden layer all of whose units are dead

    @property
    def not_ready(self) -> str: ...       # why it cannot run yet ("" when it can)

    @property
    def work_per_iteration(self) -> int: ...  # multiply-adds of one iteration (0: none to weigh)

    def advance(self, steps: int) -> int: ...   # run up to ``steps`` more; returns how many

    def reset(self) -> None: ...          # back to iteration 0, the same seeds


@runtime_checkable
class HoldsResults(Protocol):
    """An experiment whose views may not show everything yet (a prediction's run, until it
    ends): ``held_for(view)`` is the experiment that view measures now."""

    def held_for(self, view: Any) -> Any: ...


@runtime_checkable
class HoldsNetwork(Protocol):
    """An experiment that is one network on a data set (a step reading its arrays' shapes or
    checking its gradients): a panel with room draws that network (``net``, an
    ``engine.network.Network``) over the plane of ``network_data``'s points."""

    @property
    def net(self) -> Any: ...

    @property
    def network_data(self) -> Any: ...


@runtime_checkable
class Answerable(Protocol):
    """A spec that holds a typed answer: ``answered(text, attempt)`` is the spec with the
    learner's ``attempt``-th answer ``text`` in it (judged by the step's answer view)."""

    def answered(self, text: str, attempt: int) -> Any: ...


@runtime_checkable
class ExperimentSpec(Protocol):
    """Frozen data that says what a step runs; knobs make new specs from it
    (``lessons.knobs.with_values``)."""

    trains: bool

    def build(self) -> Experiment: ...

    def same_training(self, other: Any) -> bool:
        """True when ``other`` trains exactly as this spec and differs only in what the views
        show (a cursor): the run goes on instead of starting over."""
        ...


@runtime_checkable
class View(Protocol):
    """A picture on a step's panel: ``measure`` turns the experiment's state now into one value
    of ``data_type`` (``size`` is what the UI can show; None: a default)."""

    data_type: type
    height: str | None

    def measure(self, experiment: Any, size: Any = None) -> Any: ...


@runtime_checkable
class Fact(Protocol):
    """Numbers a step's text quotes through ``{{slots}}``, measured on a run of the spec the
    panel shows; ``provides`` names every slot it fills (checked without running), and
    ``results`` those of them the run on screen produces: a text shows them once that run
    has ended (the rest are its settings, shown at once)."""

    provides: tuple[str, ...]
    results: tuple[str, ...]

    def __call__(self, spec: Any) -> Mapping[str, Any]: ...


@runtime_checkable
class PredictGrader(Protocol):
    """A prediction's judge: the index of the choice the finished run produced, and one or two
    lines that say why in the run's own numbers; ``slots`` are its settings as the question
    and the text quote them (``threshold``)."""

    slots: tuple[tuple[str, Any], ...]

    def outcome(self, experiment: Any) -> int: ...

    def why(self, experiment: Any) -> tuple[str, ...]: ...


@runtime_checkable
class ChallengeGrader(Protocol):
    """A challenge's judge: (passed, one line saying why) for a finished run of ``spec``;
    ``slots`` are its settings as the goal quotes them."""

    slots: tuple[tuple[str, Any], ...]

    def grade(self, spec: Any, experiment: Any) -> tuple[bool, str]: ...


class SpecDefaults:
    """The optional parts of an experiment spec, at their neutral values."""

    trains = False

    def same_training(self, other: Any) -> bool:
        return False


class ExperimentDefaults:
    """The optional parts of an experiment, for one that does not train or is always ready."""

    trains = False
    iteration = 0
    total = 0
    finished = True
    diverged = False
    dead_layer = None
    not_ready = ""
    work_per_iteration = 0

    def advance(self, steps: int) -> int:
        return 0

    def reset(self) -> None:
        pass
