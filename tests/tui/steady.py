"""What a snapshot may pin of a training run: only what every machine computes alike.

BLAS kernels and NumPy's SIMD loops differ by CPU, so one seeded run differs in its last bits
from one machine to another. Most runs forget such differences; a run that is sensitive to
rounding (large weights, saturated units, a rate at the edge) magnifies them until what it
shows differs: the same snapshots showed "randn × 10  0.7515  50.7%" on one machine and
"4.9912  57.0%" on another. So a snapshot pins a run only while it is *steady*, and a text's
number measured on a run that is not is shown as ``…`` (``steady_facts``); tests/lessons
checks those numbers against the engine.

Steady is measured on this machine: the run beside a twin whose initial weights and biases
are one ulp up (``numpy.nextafter``), both trained with the same code. Their costs part where
rounding starts to matter. Measured on 4 CPU configurations (OpenBLAS kernels SkylakeX,
Haswell and Prescott; NumPy's AVX-512, AVX2 and SSE4 loops), the twin parted from the run at
the iteration another machine did: to within 1 on the lessons' runs (at 1e-9: 42, 111, 201,
230, 2 against 42, 111, 200–201, 230–231, 2), at 7764 on the course's flower run where the
machines parted at 7761–7780 (tests/tui/test_steady.py), and never where no machine did.
"""

from __future__ import annotations

import math
import re
import threading
from functools import lru_cache

import numpy as np
import pytest

import lessons.model
import lessons.facts
from lessons.checkpoints import Predict
from lessons.model import settings_slots
from lessons.wording import Phrase
from tui.panel import STEP_KEY_ITERATIONS

# Costs of run and twin closer than this (relative) are the same. A steady run's twin stays
# within ~1e-15; where a run parts, the gap grew from 1e-9 to 1e-6 in 4 to 80 iterations
# (measured), and a shown digit needs ~1e-4.
SAME = 1e-9
CHUNK = 50  # iterations run and twin take between comparisons
# The twin parted within 16 iterations of the machines measured; MARGIN allows for those and
# for machines not measured (ARM's kernels): a run is steady up to MARGIN before its twin parts.
MARGIN = 50


def _same(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b or abs(a - b) <= SAME * max(abs(a), abs(b))


def _twin(spec):
    experiment = spec.build()
    for run in experiment.runs:
        for p in run.network.params.values():
            p[...] = np.nextafter(p, np.inf)
    return experiment


def inner(spec):
    """The training spec a step runs (a prediction's is inside it)."""
    return spec.inner if isinstance(spec, Predict) else spec


@lru_cache(maxsize=None)
def parting(spec, iterations: int) -> int | None:
    """The first iteration (0 … ``iterations``) where a run of ``spec`` and its twin cost
    different amounts, or None: steady through ``iterations``, which includes the cost of the
    parameters reached after ``iterations`` steps (what a paused panel draws)."""
    first = iterations + 1
    for run, twin in zip(spec.build().runs, _twin(spec).runs):
        a, b = run.trainer, twin.trainer
        i = 0  # costs compared so far
        while i < first:
            if len(a.costs) < first and not (a.diverged and b.diverged):
                chunk = min(CHUNK, first - len(a.costs))
                a.run(chunk), b.run(chunk)  # in step: a run that parts early stops early
            end = min(first, max(len(a.costs), len(b.costs)))
            if i == end:  # both stopped (diverged alike)
                break
            while i < end:
                if i >= len(a.costs) or i >= len(b.costs) or not _same(a.costs[i], b.costs[i]):
                    first = i
                    break
                i += 1
    return None if first > iterations else first


def steady_through(spec, iterations: int) -> bool:
    """Steady for MARGIN iterations past ``iterations``: another machine may part a little
    before the twin does."""
    return parting(spec, iterations + MARGIN) is None


def steady_presses(spec, most: int) -> int:
    """How many presses of ``s`` (at most ``most``) the snapshot may train ``spec``: the most
    that leave it steady. A run that parts before the first press is pinned as it opens."""
    total = spec.iterations
    for presses in range(most, 0, -1):
        if steady_through(spec, min(presses * STEP_KEY_ITERATIONS, total)):
            return presses
    return 0


# -- a text's numbers --------------------------------------------------------------------------
NUMBER = re.compile(r"[-+−]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?")


def masked(value) -> str | Phrase:
    """A number of an unsteady run, as the snapshot shows it: ``…`` whatever its digits (one
    width for "99.5%" and "100.0%", so the text wraps alike everywhere; not ``#``, which
    starts a Markdown heading at the start of a line). A phrase stays one, masked when it is
    worded in the text's language (the cache below is shared by both languages)."""
    if isinstance(value, Phrase):
        return Phrase(masked_words, (value,))
    return NUMBER.sub("…", str(value))


def masked_words(phrase: Phrase, lang: str | None = None) -> str:
    return NUMBER.sub("…", phrase.text(lang))


_TEXT_FACTS: dict[tuple, dict] = {}  # (step, spec) -> its slots: a step's text is read often


@pytest.fixture
def steady_facts(monkeypatch):
    """Step texts whose measured numbers come from runs that are not steady to their end show
    those numbers as ``…``; everything else in the text, and every setting it quotes, as is."""
    read = threading.local()
    finished = lessons.facts._finished

    def recording(spec):
        specs = getattr(read, "specs", None)  # None: read for something else than a text
        if specs is not None:
            specs.append(spec)
        return finished(spec)

    def facts(step, spec=None):
        spec = step.spec if spec is None else spec
        key = (step.title, step.text, spec)
        if key not in _TEXT_FACTS:
            _TEXT_FACTS[key] = steady_or_masked(step, spec)
        return _TEXT_FACTS[key]

    def steady_or_masked(step, spec):
        read.specs = specs = []
        try:
            measured = dict(step.facts(spec)) if step.facts else {}
        finally:
            read.specs = None
        settings = {**settings_slots(spec),  # the spec's and the fact's settings: not runs'
                    **{k: v for k, v in measured.items()
                       if step.facts and k in step.facts.settings}}
        values = {**settings, **measured}
        if all(steady_through(s, s.iterations) for s in specs):
            return values
        return {**values, **{key: masked(value) for key, value in measured.items()
                             if key not in settings}}

    monkeypatch.setattr(lessons.facts, "_finished", recording)
    monkeypatch.setattr(lessons.model, "step_facts", facts)


def assert_steady(spec) -> None:
    """A snapshot that runs ``spec`` to its end pins its end: it must be steady there."""
    spec = spec.shown() if isinstance(spec, Predict) else spec
    if spec.trains:
        where = parting(spec, spec.iterations)
        assert where is None, (f"this run parts from its twin at iteration {where} of "
                               f"{spec.iterations}: its end differs from machine to machine")
