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
from functools import lru_cache

from . import catalog
from .experiments import TrainingExperiment, TrainingSpec

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
    """The settings of a training spec that a text may quote."""
    if not isinstance(spec, TrainingSpec):
        return {}
    run = spec.run
    n_x = spec.data.load().X.shape[0]
    return dict(
        iterations=spec.iterations,
        dataset=spec.data.name,
        lr=f"{run.rate:g}",
        units=", ".join(map(str, run.hidden)) if run.hidden else "none",
        network=str([n_x, *run.hidden, 1]),   # e.g. [2, 4, 1]: the layer sizes n[0] … n[L]
        activation=catalog.label(run.activation),
        init=run.init,
        slope=f"{run.leaky_slope:g}",
    )
