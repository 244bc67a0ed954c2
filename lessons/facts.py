"""Numbers for step texts, taken from the same run the panel shows.

A text may quote two kinds of number, both through ``{{slots}}``:

- what the spec *sets* (``{{lr}}``, ``{{units}}``, ``{{iterations}}``, ``{{dataset}}``, ...):
  ``spec_slots`` reads them from the spec, so a text never disagrees with its run's settings;
- what a run *measured*: a step's ``facts(spec)`` reads them from ``run_to(spec, i)``, the same
  seeded experiment the panel trains, stopped at iteration ``i``. A text that quotes a number
  names the iteration it belongs to (usually the end, ``{{iterations}}``), so it never passes
  for what the panel shows mid-run.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Mapping

from . import looks
from .experiments import TrainingExperiment, TrainingSpec
from .explorers import Explorer
from .wording import Phrase, sentence

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
        dataset=Phrase(sentence, (spec.data.name, ())),  # a dataset's name, worded
        lr=f"{run.rate:g}",
        units=", ".join(map(str, run.hidden)) if run.hidden else Phrase(sentence, ("none", ())),
        network=str([n_x, *run.hidden, 1]),   # e.g. [2, 4, 1]: the layer sizes n[0] … n[L]
        activation=looks.label(run.activation),
        init=run.init,
        slope=f"{run.leaky_slope:g}",
    )


@dataclass(frozen=True)
class MeasuredFacts:
    """A fact (``lessons.protocols.Fact``): a function of the spec that measures what a text
    quotes, and the names of the slots it fills (so a lesson's slots are checked without
    running anything; tests check the two agree)."""

    measure: Callable[[Any], Mapping[str, Any]]
    provides: tuple[str, ...]

    def __call__(self, spec) -> Mapping[str, Any]:
        return self.measure(spec)


def fact(name: str, *provides: str):
    """Register a function of the spec as the fact ``name`` that fills ``provides``."""
    from .registry import FACTS

    def register(measure: Callable[[Any], Mapping[str, Any]]):
        FACTS.register(name, MeasuredFacts(measure, provides))
        return measure

    return register
