"""The course's outline: lesson and step titles, texts and checkpoints, read without NumPy.

The app's first screen (the lesson list, the step's title, its text) needs only this, so it
is drawn before NumPy, the engine and the lessons' experiments have loaded: loading them took
about half of the launch (``python -m tui.bench``, "launch ratio"). A loaded ``Course`` gives
the same outline (``Course.outline``); the built-in one is read here straight from
``course.toml``, each ``lesson.toml`` and the steps' Markdown headings, unchecked: the loader
(``lessons.loader``) checks every one of them when the course itself loads.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from .i18n import Localized

COURSE_DIR = Path(__file__).parent / "course"  # the built-in lessons
COURSE_FILE = "course.toml"
LESSON_FILE = "lesson.toml"
SLOT = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
PLACEHOLDER = "…"  # a slot whose number is still to come


def heading(markdown: str) -> str | None:
    """The text of the first line when it is a ``# heading``, else None."""
    first = next((line for line in markdown.splitlines() if line.strip()), "")
    match = re.match(r"#\s+(.+?)\s*#*\s*$", first)
    return match.group(1) if match else None


def title_of(texts: Mapping[str, str]) -> Localized:
    """A step's title: the heading of its text in each language."""
    return Localized({lang: heading(text) or "" for lang, text in texts.items()})


def read_course_file(folder: Path = COURSE_DIR) -> tuple[tuple[str, ...], dict[str, str]]:
    """The course's lesson ids in teaching order, and its claims (id -> the claim)."""
    data = tomllib.loads((folder / COURSE_FILE).read_text(encoding="utf-8"))
    return tuple(data["lessons"]), dict(data["claims"])


def text_path(folder: Path, languages: tuple[str, ...], text: str, lang: str) -> Path:
    """A step's text in ``lang``, or in English when the lesson has none in it."""
    return folder / (lang if lang in languages else "en") / text


@dataclass(frozen=True)
class StepOutline:
    title: str          # Localized: the heading of its text in each language
    text: str           # the text's file name in each language folder
    checkpoint: bool = False


@dataclass(frozen=True)
class LessonOutline:
    id: str
    title: str                    # Localized
    steps: tuple[StepOutline, ...]
    claims: tuple[str, ...] = ()  # the course's claims it shows (C1 ... C18)
    summary: str = ""             # Localized
    folder: Path | None = None    # where its texts are: <folder>/<lang>/<step.text>
    languages: tuple[str, ...] = ("en",)

    @property
    def checkpoints(self) -> tuple[int, ...]:
        """The indices of the steps that are checkpoints."""
        return tuple(i for i, step in enumerate(self.steps) if step.checkpoint)

    def draft_text(self, index: int, lang: str = "en") -> str:
        """Step ``index``'s text at once, with "…" where numbers from a run will go."""
        path = text_path(self.folder, self.languages, self.steps[index].text, lang)
        return SLOT.sub(PLACEHOLDER, path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class CourseOutline:
    lessons: tuple[LessonOutline, ...]

    @property
    def ids(self) -> list[str]:
        return [lesson.id for lesson in self.lessons]


def read_lesson_outline(folder: Path) -> LessonOutline:
    raw = tomllib.loads((folder / LESSON_FILE).read_text(encoding="utf-8"))
    languages = tuple(dict.fromkeys(raw.get("languages", ["en"])))

    def localized(value: str | dict) -> str:  # as the loader reads it (``loader.localized``)
        return Localized(value) if isinstance(value, dict) else value

    steps = []
    for entry in raw["steps"]:
        texts = {lang: text_path(folder, languages, entry["text"], lang).read_text(
            encoding="utf-8") for lang in languages}
        steps.append(StepOutline(title_of(texts), entry["text"], "checkpoint" in entry))
    return LessonOutline(raw["id"], localized(raw["title"]), tuple(steps),
                         tuple(raw.get("claims", ())), localized(raw.get("summary", "")),
                         folder, languages)


@functools.cache
def built_in_outline() -> CourseOutline:
    """The built-in course's outline, from its files (NumPy is not loaded for it); read once
    (the command line checks ``--lesson`` against it, then the app shows it)."""
    order, _claims = read_course_file(COURSE_DIR)
    return CourseOutline(tuple(read_lesson_outline(COURSE_DIR / lesson_id)
                               for lesson_id in order))
