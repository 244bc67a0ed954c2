"""What a lesson is: an id, a title, the seed claims it shows, and ordered steps.

A step is a Markdown text (``lessons/content/<lang>/<lesson id>/<file>``) beside a panel made
of **views** (``lessons.views``) that measure the step's **experiment** (a frozen spec:
``TrainingSpec``, ``ActivationExplorer``, ``LayerStep``), the **knobs** a learner may turn, and
for a step that trains, the **pace** it is watched at. The UI builds every panel from these, so
a new lesson is a module here and nothing in ``tui/``.

Numbers a text quotes are never typed in: the text holds ``{{name}}`` slots filled from the
spec the panel runs (``lessons.facts``), so when a knob changes the run, the text follows.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from . import facts as facts_module
from .knobs import PACES, Knob
from .view_data import Answer, Question, Verdict

CONTENT_DIR = Path(__file__).parent / "content"

_SLOT = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")

# A checkpoint's kind and the view that asks it (lessons.checkpoints): a predict step shows a
# Question, a challenge a Verdict, a derive step an Answer the learner types.
CHECKPOINT_VIEWS: dict[str, type] = {"predict": Question, "challenge": Verdict, "derive": Answer}


@dataclass(frozen=True)
class Step:
    title: str
    text: str                     # file name under content/<lang>/<lesson id>/
    experiment: Any               # a frozen spec with .build() and .trains
    views: tuple = ()             # view specs (lessons.probes), drawn top to bottom
    knobs: tuple[Knob, ...] = ()
    pace: int | None = 100        # iterations a second, for a step that trains (PACES)
    claims: tuple[str, ...] = ()
    # Numbers the text's {{slots}} quote, measured on a run of the spec the panel shows.
    facts: Callable[[Any], Mapping[str, Any]] | None = None
    # "predict", "challenge" or "derive" when the step asks the learner (CHECKPOINT_VIEWS).
    checkpoint: str | None = None

    def __post_init__(self):
        for knob in self.knobs_for(self.experiment):
            knob.index_in(self.experiment)  # a default off its ladder is a lesson bug
            field = knob.param.removeprefix("run.")
            if knob.param.startswith("run.") and field in getattr(self.experiment, "compared", ()):
                raise ValueError(f"step {self.title!r}: knob {knob.label!r} turns what its "
                                 "runs compare")
        if self.pace not in PACES:
            raise ValueError(f"step {self.title!r}: pace {self.pace} is not one of {PACES}")
        keys = [k for knob in self.knobs for k in (*knob.up_keys, knob.down) if k]
        if len(keys) != len(set(keys)):
            raise ValueError(f"step {self.title!r}: two knobs share a key ({keys})")
        if self.checkpoint is not None and self.checkpoint not in CHECKPOINT_VIEWS:
            raise ValueError(f"step {self.title!r}: checkpoint {self.checkpoint!r} is not one "
                             f"of {tuple(CHECKPOINT_VIEWS)}")
        asks = {kind for kind, data_type in CHECKPOINT_VIEWS.items()
                if any(view.data_type is data_type for view in self.views)}
        if asks != ({self.checkpoint} if self.checkpoint else set()):
            raise ValueError(f"step {self.title!r}: checkpoint {self.checkpoint!r} but its "
                             f"views ask {sorted(asks) or 'nothing'}")

    @property
    def trains(self) -> bool:
        return bool(getattr(self.experiment, "trains", False))

    def knobs_for(self, spec) -> list[Knob]:
        """The knobs that apply to ``spec`` now (a knob may apply only to some values)."""
        return [k for k in self.knobs if k.applies is None or k.applies(spec)]


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    claims: tuple[str, ...]
    steps: tuple[Step, ...]
    summary: str = ""

    @property
    def checkpoints(self) -> tuple[int, ...]:
        """The indices of the steps that are checkpoints."""
        return tuple(i for i, step in enumerate(self.steps) if step.checkpoint)

    def raw_text(self, index: int, lang: str = "en") -> str:
        return read_content(lang, self.id, self.steps[index].text)

    def text(self, index: int, spec=None, lang: str = "en") -> str:
        """Step ``index``'s Markdown with its slots filled from a run of ``spec`` (default:
        the step's own experiment)."""
        raw = self.raw_text(index, lang)
        if not _SLOT.search(raw):
            return raw
        return fill_slots(raw, step_facts(self.steps[index], spec))

    def draft_text(self, index: int, lang: str = "en") -> str:
        """The text at once, with "…" where numbers from a run will go (shown while the run
        that fills them is computed)."""
        return _SLOT.sub("…", self.raw_text(index, lang))

    def text_is_ready(self, index: int, spec=None) -> bool:
        """True when ``text(index, spec)`` needs no run (no slots, or its facts are cached)."""
        step = self.steps[index]
        if not _SLOT.search(self.raw_text(index)):
            return True
        return _facts_key(step, spec) in _FACTS_CACHE


def read_content(lang: str, lesson_id: str, name: str) -> str:
    path = CONTENT_DIR / lang / lesson_id / name
    if not path.exists() and lang != "en":
        path = CONTENT_DIR / "en" / lesson_id / name
    return path.read_text(encoding="utf-8")


def fill_slots(text: str, facts: Mapping[str, Any]) -> str:
    def value(match: re.Match) -> str:
        key = match.group(1)
        if key not in facts:
            raise KeyError(f"the text asks for {{{{{key}}}}} but the step's facts have no {key!r}")
        return str(facts[key])

    return _SLOT.sub(value, text)


def slots(text: str) -> set[str]:
    return set(_SLOT.findall(text))


# A step's facts come from a deterministic (seeded) run of a spec: one run per spec a process.
_FACTS_CACHE: dict[tuple, Mapping[str, Any]] = {}
_FACTS_LOCK = threading.Lock()


def _facts_key(step: Step, spec) -> tuple:
    return (step.title, step.text, spec if spec is not None else step.experiment)


def step_facts(step: Step, spec=None) -> Mapping[str, Any]:
    """The slots a step's text may use: the spec's own settings, then the measured facts."""
    spec = step.experiment if spec is None else spec
    key = _facts_key(step, spec)
    with _FACTS_LOCK:
        cached = _FACTS_CACHE.get(key)
    if cached is None:
        cached = {**facts_module.spec_slots(spec), **(step.facts(spec) if step.facts else {})}
        with _FACTS_LOCK:
            _FACTS_CACHE[key] = cached
    return cached
