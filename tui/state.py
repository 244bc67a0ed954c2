"""Where the learner left off: lesson, step, the steps seen and the checkpoints passed, under
XDG_STATE_HOME.

Written atomically (a temporary file in the same folder, then ``os.replace``), so a crash
mid-write never leaves half a file. A missing, unreadable or corrupt file is not an error:
``load`` returns a fresh state and a notice the app shows once.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from lessons.i18n import LANGUAGES

STATE_FILE_NAME = "position.json"


def state_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "dnn-tutor"


@dataclass
class Position:
    lesson: str | None = None
    step: int = 0
    seen: dict[str, list[int]] = field(default_factory=dict)  # lesson id -> steps visited
    welcomed: bool = False
    theme: str | None = None  # the theme chosen last (ctrl+p), restored at the next launch
    # lesson id -> the indices of its checkpoint steps passed (a file from before checkpoints
    # has none: it loads with none passed)
    passed: dict[str, list[int]] = field(default_factory=dict)
    # The language chosen last ("en", "ko"; --lang or the palette). A file from before
    # languages has none; an unknown one is ignored.
    lang: str | None = None

    def to_json(self) -> str:
        return json.dumps(
            dict(lesson=self.lesson, step=self.step, seen=self.seen, welcomed=self.welcomed,
                 theme=self.theme, passed=self.passed, lang=self.lang),
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> "Position":
        raw = json.loads(text)
        if not isinstance(raw, dict):
            raise ValueError("not a JSON object")
        lesson = raw.get("lesson")
        step = raw.get("step", 0)
        seen = raw.get("seen", {})
        if lesson is not None and not isinstance(lesson, str):
            raise ValueError("lesson is not a string")
        if not isinstance(step, int) or step < 0:
            raise ValueError("step is not a non-negative integer")
        if not _steps_by_lesson(seen):
            raise ValueError("seen is not a map of lesson ids to step lists")
        theme = raw.get("theme")
        if theme is not None and not isinstance(theme, str):
            raise ValueError("theme is not a string")
        passed = raw.get("passed", {})
        if not _steps_by_lesson(passed):
            raise ValueError("passed is not a map of lesson ids to step lists")
        lang = raw.get("lang")
        if lang not in LANGUAGES:
            lang = None
        return cls(lesson, step, seen, bool(raw.get("welcomed", False)), theme, passed, lang)

    def mark_seen(self, lesson: str, step: int) -> None:
        _add(self.seen, lesson, step)

    def mark_passed(self, lesson: str, step: int) -> bool:
        """Record a checkpoint passed; True if it was not passed before."""
        return _add(self.passed, lesson, step)


def _steps_by_lesson(value) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(i, int) for i in v)
        for k, v in value.items())


def _add(steps_by_lesson: dict[str, list[int]], lesson: str, step: int) -> bool:
    steps = steps_by_lesson.setdefault(lesson, [])
    if step in steps:
        return False
    steps.append(step)
    steps.sort()
    return True


class PositionStore:
    def __init__(self, path: Path | None = None):
        self.path = path or state_dir() / STATE_FILE_NAME

    def load(self) -> tuple[Position, str | None]:
        """The stored position, and a notice if the file was there but could not be used."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return Position(), None
        except OSError as error:
            return Position(), f"Could not read {self.path} ({error.strerror}); starting fresh."
        try:
            return Position.from_json(text), None
        except (ValueError, TypeError) as error:
            return Position(welcomed=True), (
                f"Ignored a damaged position file {self.path} ({error}); starting fresh."
            )

    def save(self, position: Position) -> str | None:
        """Write atomically; returns an error message instead of raising (e.g. read-only home)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".position-", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(position.to_json())
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as error:
            return f"Could not save your place to {self.path}: {error.strerror or error}"
        return None
