"""What a lesson is: an id, a title, the seed claims it shows, and ordered steps.

A step is a Markdown text (``lessons/content/<lang>/<lesson id>/<file>``) plus the panel it
shows beside the text and that panel's settings. The UI looks a panel up by its kind, so a
new lesson only adds a module here (and, for a new kind of panel, one widget in ``tui/``).

Numbers a text quotes about a run are never typed in: the text holds ``{{name}}`` slots and the
step's ``facts`` function computes them by running the engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

CONTENT_DIR = Path(__file__).parent / "content"

_SLOT = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


@dataclass(frozen=True)
class Step:
    title: str
    text: str                               # file name under content/<lang>/<lesson id>/
    panel: str                              # the kind of panel: "layer", "activation", "training"
    settings: Mapping[str, Any] = field(default_factory=dict)
    claims: tuple[str, ...] = ()
    # Computes the numbers the text's {{slots}} quote, from a run of the engine.
    facts: Callable[[], Mapping[str, Any]] | None = None


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    claims: tuple[str, ...]
    steps: tuple[Step, ...]
    summary: str = ""

    def text(self, index: int, lang: str = "en") -> str:
        """Step ``index``'s Markdown with its slots filled from the step's facts."""
        step = self.steps[index]
        raw = read_content(lang, self.id, step.text)
        if not _SLOT.search(raw):
            return raw
        facts = _cached_facts(self.id, index, step.facts)
        return fill_slots(raw, facts)


    def draft_text(self, index: int, lang: str = "en") -> str:
        """The text at once, with "…" where numbers from a run will go (shown while the run
        that fills them is computed)."""
        raw = read_content(lang, self.id, self.steps[index].text)
        return _SLOT.sub("…", raw)

    def text_is_ready(self, index: int) -> bool:
        """True when ``text(index)`` needs no run (no slots, or its facts are cached)."""
        step = self.steps[index]
        raw = read_content("en", self.id, step.text)
        if not _SLOT.search(raw) or step.facts is None:
            return True
        return (self.id, index, step.facts) in _FACTS_CACHE


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


_FACTS_CACHE: dict[tuple, Mapping[str, Any]] = {}


def _cached_facts(lesson_id: str, index: int, facts: Callable | None) -> Mapping[str, Any]:
    # A step's facts come from a deterministic (seeded) run, so one run per process is enough.
    if facts is None:
        return {}
    key = (lesson_id, index, facts)
    if key not in _FACTS_CACHE:
        _FACTS_CACHE[key] = dict(facts())
    return _FACTS_CACHE[key]
