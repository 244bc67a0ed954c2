"""Lessons still written as Python modules, adapted to the data model while they are being
rewritten as folders (``lessons/course/<id>/lesson.toml``). Goes when the last one has."""

from __future__ import annotations

import importlib
from pathlib import Path

from .facts import MeasuredFacts
from .model import Lesson, Step, title_of

MODULES = {"activations": "activations",
           "derivatives": "derivatives", "initialization": "initialization",
           "backprop": "backprop"}


def legacy_lesson(lesson_id: str, folder: Path) -> Lesson:
    old = importlib.import_module(f"lessons.{MODULES[lesson_id]}").LESSON
    steps = []
    for s in old.steps:
        texts = {lang: (folder / lang / s.text).read_text(encoding="utf-8")
                 for lang in ("en", "ko") if (folder / lang / s.text).exists()}
        steps.append(Step(s.text.removesuffix(".md"), s.text, title_of(texts), s.experiment,
                          s.views, s.knobs, s.pace, s.claims,
                          MeasuredFacts(s.facts, ()) if s.facts else None, s.checkpoint))
    return Lesson(old.id, old.title, old.claims, tuple(steps), old.summary, folder, ("en", "ko"))
