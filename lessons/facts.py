"""Numbers for step texts, taken from the same run the panel shows.

A text may quote two kinds of number, both through ``{{slots}}``:

- what the spec *sets* (``{{lr}}``, ``{{units}}``, ``{{iterations}}``, ``{{dataset}}``, ...):
  ``spec_slots`` reads them from the spec, so a text never disagrees with its run's settings;
- what a run *measured*: a step's ``facts(spec)`` reads them from ``run_to(spec, i)``, the same
  seeded experiment the panel trains, stopped at iteration ``i``. A text that quotes a number
  names the iteration it belongs to (usually the end, ``{{iterations}}``).

A fact's **results** are what the run on screen produces (costs, accuracies, iterations where
a cost fell, verdicts): the text shows "…" for them until that run has ended
(``lessons.model.Lesson.text``), so it never announces what the panel has not reached. Its
**settings** are known before the run: the spec's configuration computed (a threshold, the
rates), or what another step's run showed. ``@fact`` is where each mechanism says which is
which.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Mapping

from . import looks
from .experiments import TrainingExperiment, TrainingSpec
from .explorers import Explorer
from .wording import Phrase, term

_RUN_LOCK = threading.Lock()


@lru_cache(maxsize=32)
def _finished(spec: TrainingSpec) -> TrainingExperiment:
    return spec.build().run_to_end()


def run_to(spec: TrainingSpec, iteration: int | None = None) -> TrainingExperiment:
    """The experiment of ``spec`` trained to ``iteration`` (default: its end). Read only:
    finished runs are cached and shared."""
    if iteration is None or iteration >= spec.iterations:
        with _RUN_LOCK:  # two texts asking for the same run compute it once
            return _finished(spec)
    return spec.build().run_to(iteration)


def spec_slots(spec) -> dict:
    """The settings of a spec that a text (or a prediction's question) may quote: a training
    spec's, below; an explorer's, those its ``text_slots`` names."""
    if isinstance(spec, Explorer):
        return dict(spec.text_slots())
    if not isinstance(spec, TrainingSpec):
        return {}
    run = spec.run
    n_x = run.input_size(spec.data.n_x)  # the data are not drawn for it
    return dict(
        iterations=spec.iterations,
        dataset=Phrase(term, (spec.data.name,)),  # a dataset's name, worded
        lr=f"{run.rate:g}",
        units=", ".join(map(str, run.hidden)) if run.hidden else Phrase(term, ("none",)),
        network=str([n_x, *run.hidden, 1]),   # e.g. [2, 4, 1]: the layer sizes n[0] … n[L]
        activation=looks.label(run.activation),
        init=run.init,
        slope=f"{run.leaky_slope:g}",
    )


@dataclass(frozen=True)
class MeasuredFacts:
    """A fact (``lessons.protocols.Fact``): a function of the spec that measures what a text
    quotes, and the names of the slots it fills, results and settings (so a lesson's slots
    are checked without running anything; tests check the names and the measure agree)."""

    measure: Callable[[Any], Mapping[str, Any]]
    results: tuple[str, ...]
    settings: tuple[str, ...] = ()

    def __post_init__(self):
        both = set(self.results) & set(self.settings)
        if both:
            raise ValueError(f"{', '.join(sorted(both))}: a result or a setting, not both")

    @property
    def provides(self) -> tuple[str, ...]:
        return (*self.results, *self.settings)

    def __call__(self, spec) -> Mapping[str, Any]:
        return self.measure(spec)


def fact(name: str, *results: str, settings: tuple[str, ...] = ()):
    """Register a function of the spec as the fact ``name`` that fills ``results`` (what the
    run on screen produces: hidden until it ends) and ``settings`` (known before it runs:
    shown at once). A name not said to be a setting is a result: a slot wrongly held back
    shows "…" a while; one wrongly shown at once would announce the run."""
    from .registry import FACTS

    def register(measure: Callable[[Any], Mapping[str, Any]]):
        FACTS.register(name, MeasuredFacts(measure, results, tuple(settings)))
        return measure

    return register
