"""A lesson folder -> a ``Lesson``, and every problem in it as ``file:line: what is wrong``.

A lesson is a folder::

    lesson.toml      its id, title, summary, claims, languages and steps (see README,
                     "Write a lesson"; the built-in lessons under lessons/course/ are examples)
    en/01-....md     each step's text, one file a language; its "# heading" is the title
    ko/01-....md

``lesson.toml`` is data only: what it names (an experiment kind, a view, a knob, a fact, a
grader) is looked up in ``lessons.registry``, and what it gives (a field of an experiment, a
view's setting) is checked against the type the mechanism declares. Nothing in it is ever
evaluated as code. ``check_lesson`` collects every problem; ``load_lesson`` raises
``LessonError`` with all of them, never a traceback from half-way.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import re
import tomllib
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from .checkpoints import Challenge, ChallengeCheck, Predict, PredictionCheck
from .experiments import TrainingSpec
from .i18n import LANGUAGES, Localized
from .knobs import Knob
from .outline import COURSE_DIR, LESSON_FILE, SLOT, heading, read_course_file
from .model import (Lesson, Step, checkpoint_problems, fill_slots, key_problems,
                    pace_problems, settings_slots, slots, spec_problems)
from .views import with_room_views
from .protocols import ChallengeGrader, ExperimentSpec, Fact, PredictGrader, View
from .registry import (EXPERIMENT_KINDS, FACTS, FORMATS, GRADERS, KNOBS, VIEWS, Registry,
                       UnknownName)

MAX_LESSON_FILE = 256 * 1024   # bytes: a lesson.toml is a few KB; more is not a lesson
MAX_TEXT_FILE = 64 * 1024      # bytes: a step's text is read whole at every visit
ID = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
TEXT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}\.md")

LESSON_KEYS = ("id", "title", "summary", "claims", "languages", "steps")
STEP_KEYS = ("text", "claims", "experiment", "views", "knobs", "pace", "facts", "checkpoint")
CHECKPOINT_KEYS = {
    "predict": ("kind", "question", "choices", "grader", "reveal"),
    "challenge": ("kind", "goal", "grader"),
    "derive": ("kind",),
}


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class LessonError(Exception):
    """A lesson that cannot be loaded, with every problem found in it."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems)
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(map(str, self.problems))


class SettingError(ValueError):
    """Problems with what is being read (the reader adds file and line): ``found`` holds
    (the setting it is about or None, what is wrong) pairs. A mechanism's builder raises it
    (or any ValueError) for a setting it refuses."""

    def __init__(self, message: str | None = None, key: str | None = None,
                 found: list[tuple[str | None, str]] | None = None):
        self.found = list(found or []) + ([(key, message)] if message is not None else [])
        super().__init__("; ".join(text for _key, text in self.found))


# -- where in the file: lines of [[steps]] blocks and their keys --------------------------------
class _Lines:
    """Line numbers in a lesson.toml, found by reading its text: tomllib gives values, not
    places. A step's block runs from its ``[[steps]]`` line to the next; a key is the first
    line at or after a place that assigns it (``key =``) or opens its table."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.steps = [i for i, line in enumerate(self.lines)
                      if re.match(r"\s*\[\[\s*steps\s*\]\]", line)]

    def _block(self, step: int | None) -> tuple[int, int]:
        if step is None:
            return 0, (self.steps[0] if self.steps else len(self.lines))
        if step >= len(self.steps):
            return 0, len(self.lines)
        start = self.steps[step]
        end = self.steps[step + 1] if step + 1 < len(self.steps) else len(self.lines)
        return start, end

    def find(self, step: int | None, *keys: str, value: str | None = None) -> int:
        """1-based line of ``keys`` (a path: "experiment", "hidden") in a step's block (the
        top of the file for ``step`` None), then of ``value`` quoted after it."""
        start, end = self._block(step)
        at = start
        for key in keys:
            pattern = re.compile(rf"(^|[\s{{,.\[]){re.escape(key)}\s*(=|\]|\.)")
            for i in range(at, end):
                if pattern.search(self.lines[i]):
                    at = i
                    break
        if value is not None:
            for i in range(at, end):
                if f'"{value}"' in self.lines[i] or f"'{value}'" in self.lines[i]:
                    at = i
                    break
        return at + 1


# -- typed values from TOML ---------------------------------------------------------------------
def _type_name(hint) -> str:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in typing.get_args(hint) if a is not type(None))
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return f"a list of {_type_name(args[0])}s"
        return f"a list of {len(args)} values"
    return {int: "integer", float: "number", str: "text", bool: "true or false"}.get(
        hint, getattr(hint, "__name__", str(hint)))


def coerce(value: Any, hint: Any, what: str) -> Any:
    """``value`` read from TOML as the annotated type ``hint`` (lists become tuples, an int a
    float, a table a dataclass); ``SettingError`` naming ``what`` when it is not one."""
    origin = typing.get_origin(hint)
    if hint is Any or hint is typing.Any:
        return value
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(hint):
            if arg is type(None):
                continue
            try:
                return coerce(value, arg, what)
            except SettingError:
                pass
        raise SettingError(f"{what} expects {_type_name(hint)}, got {value!r}")
    if origin is tuple:
        args = typing.get_args(hint)
        if not isinstance(value, list):
            raise SettingError(f"{what} expects {_type_name(hint)}, got {value!r}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(coerce(v, args[0], what) for v in value)
        if len(value) != len(args):
            raise SettingError(f"{what} expects {_type_name(hint)}, got {value!r}")
        return tuple(coerce(v, a, what) for v, a in zip(value, args))
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            raise SettingError(f"{what} expects a table, got {value!r}")
        return from_table(hint, value, what)
    if hint is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif hint is str and isinstance(value, dict):
        return localized(value, what, ("en",))  # a text given in each language
    elif hint in (str, bool):
        if isinstance(value, hint):
            return value
    else:
        return value  # a type the loader does not know: the constructor decides
    raise SettingError(f"{what} expects {_type_name(hint)}, got {value!r}")


@functools.lru_cache(maxsize=None)
def _hints(thing) -> dict[str, Any]:
    """The resolved annotations of a class or function (resolving the strings is slow: once
    each)."""
    return typing.get_type_hints(thing)


def from_table(cls: type, table: Mapping[str, Any], what: str, **given) -> Any:
    """``cls(**table)`` for a dataclass (or a class without settings), each value checked
    against its field's type; an unknown field names the known ones."""
    if not dataclasses.is_dataclass(cls):
        if table:
            raise SettingError(f"{what} takes no settings, got {', '.join(table)}")
        return cls(**given)
    hints = _hints(cls)
    fields = [f.name for f in dataclasses.fields(cls) if f.init and f.name not in given]
    values, found = {}, []
    for key, value in table.items():
        if key not in fields:
            found.append((key, f"{what}: unknown setting {key!r}; known: {', '.join(fields)}"))
            continue
        try:
            values[key] = coerce(value, hints[key], f"{what}: {key}")
        except SettingError as error:
            found += [(inner or key, text) for inner, text in error.found]
    if found:
        raise SettingError(found=found)
    try:
        return cls(**values, **given)
    except SettingError as error:
        raise SettingError(found=[(k, f"{what}: {t}") for k, t in error.found]) from None
    except (ValueError, TypeError) as error:
        raise SettingError(f"{what}: {error}") from None


def call_with(factory: Callable, params: Mapping[str, Any], what: str) -> Any:
    """``factory(**params)``, refusing parameters it does not take with their names."""
    try:
        signature = inspect.signature(factory)
        signature.bind(**params)
    except TypeError:
        known = [p for p in signature.parameters]
        raise SettingError(f"{what}: takes {', '.join(known) or 'no settings'}; got "
                       + ", ".join(params)) from None
    hints = _hints(factory) if not isinstance(factory, type) else {}
    values, found = {}, []
    for key, value in params.items():
        try:
            values[key] = coerce(value, hints.get(key, Any), f"{what}: {key}")
        except SettingError as error:
            found += [(inner or key, text) for inner, text in error.found]
    if found:
        raise SettingError(found=found)
    try:
        return factory(**values)
    except SettingError as error:
        raise SettingError(found=[(k, t if t.startswith(what) else f"{what}: {t}")
                                  for k, t in error.found]) from None
    except (ValueError, TypeError) as error:
        raise SettingError(f"{what}: {error}") from None


def named(entry: Any, key: str, registry: Registry, what: str) -> tuple[str, dict]:
    """``"name"`` or ``{ <key> = "name", setting = ... }`` -> (name, settings)."""
    if isinstance(entry, str):
        return entry, {}
    if isinstance(entry, dict) and isinstance(entry.get(key), str):
        settings = dict(entry)
        return settings.pop(key), settings
    raise SettingError(f"{what} is a name or a table with {key} = \"name\", got {entry!r}")


def lookup(registry: Registry, name: str):
    try:
        return registry.get(name)
    except UnknownName as error:
        raise SettingError(str(error)) from None


def localized(value: Any, what: str, languages: tuple[str, ...]) -> str:
    """A text (English, translated by the app's catalog if it has it) or a table with one
    text per language of the lesson."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        missing = [lang for lang in languages if not isinstance(value.get(lang), str)]
        unknown = [lang for lang in value if lang not in LANGUAGES]
        if unknown:
            raise SettingError(f"{what}: unknown language {', '.join(unknown)} (known: "
                           f"{', '.join(LANGUAGES)})")
        if missing:
            raise SettingError(f"{what}: no text in {', '.join(missing)}")
        return Localized({lang: value[lang] for lang in value})
    raise SettingError(f"{what} is a text or a table of texts by language, got {value!r}")


def filled(text: str, values: Mapping[str, Any], what: str) -> str:
    """``{{slots}}`` of a question or goal filled from the run's settings, in each language."""
    texts = text.texts if isinstance(text, Localized) else {"en": text}
    out = {}
    for lang, one in texts.items():
        try:
            out[lang] = fill_slots(one, values, lang)
        except KeyError:
            missing = sorted(slots(one) - set(values))
            raise SettingError(f"{what}: no fact fills {{{{{missing[0]}}}}} (this step has: "
                           f"{', '.join(sorted(values))})") from None
    return Localized(out) if isinstance(text, Localized) else out["en"]


# -- the pieces of a step ------------------------------------------------------------------------
def build_experiment(table: Any) -> ExperimentSpec:
    if not isinstance(table, dict) or not isinstance(table.get("kind"), str):
        raise SettingError("experiment is a table with kind = \"...\" (see the registered kinds: "
                       + ", ".join(EXPERIMENT_KINDS.names()) + ")")
    settings = dict(table)
    kind = settings.pop("kind")
    builder = lookup(EXPERIMENT_KINDS, kind)
    if isinstance(builder, type):
        spec = from_table(builder, settings, f"experiment {kind!r}")
    else:
        spec = call_with(builder, settings, f"experiment {kind!r}")
    if not isinstance(spec, ExperimentSpec):
        raise SettingError(f"experiment kind {kind!r} did not make an experiment spec")
    return spec


def build_view(entry: Any) -> View:
    name, settings = named(entry, "view", VIEWS, "a view")
    factory = lookup(VIEWS, name)
    view = (from_table(factory, settings, f"view {name!r}") if isinstance(factory, type)
            else call_with(factory, settings, f"view {name!r}"))
    if not isinstance(view, View):
        raise SettingError(f"view {name!r} is not a view (no data_type and measure)")
    return view


CUSTOM_KNOB = ("param", "label", "ladder", "key", "down_key", "wrap", "format", "describe",
               "key_display", "ends")


def build_knob(entry: Any, languages: tuple[str, ...]) -> Knob:
    if isinstance(entry, dict) and "knob" not in entry:
        unknown = [key for key in entry if key not in CUSTOM_KNOB]
        if unknown:
            raise SettingError(f"a knob: unknown setting {', '.join(map(repr, unknown))}; known: "
                           + ", ".join(CUSTOM_KNOB) + " (or knob = \"name\" for a registered one)")
        for key in ("param", "label", "ladder", "key"):
            if key not in entry:
                raise SettingError(f"a knob of its own needs {key} (it has {', '.join(entry)})")
        ladder = entry["ladder"]
        if not isinstance(ladder, list) or not ladder:
            raise SettingError(f"knob {entry['label']!r}: ladder is a list of values")
        fmt = lookup(FORMATS, entry.get("format", "plain"))
        ends = tuple(localized(e, "knob ends", languages) for e in entry.get("ends", ("", "")))
        values = tuple(tuple(v) if isinstance(v, list) else v for v in ladder)
        return Knob(str(entry["param"]), localized(entry["label"], "knob label", languages),
                    values, str(entry["key"]), entry.get("down_key"),
                    bool(entry.get("wrap", False)), fmt,
                    localized(entry.get("describe", ""), "knob describe", languages),
                    ends if len(ends) == 2 else ("", ""), key_display=entry.get("key_display", ""))
    name, settings = named(entry, "knob", KNOBS, "a knob")
    return call_with(lookup(KNOBS, name), settings, f"knob {name!r}")


def build_grader(entry: Any, kind: str):
    name, settings = named(entry, "grader", GRADERS, "grader")
    grader = call_with(lookup(GRADERS, name), settings, f"grader {name!r}")
    expected = PredictGrader if kind == "predict" else ChallengeGrader
    if not isinstance(grader, expected):
        raise SettingError(f"grader {name!r} does not grade a {kind} checkpoint")
    return grader, settings


# -- a lesson ------------------------------------------------------------------------------------
class _Reader:
    def __init__(self, folder: Path, claims: Mapping[str, str]):
        self.folder = folder
        self.path = folder / LESSON_FILE
        self.claims = claims
        self.problems: list[Problem] = []
        self.lines = _Lines("")

    def problem(self, message: str, line: int = 1, path: Path | None = None) -> None:
        self.problems.append(Problem(path or self.path, line, message))

    def read(self) -> Lesson | None:
        raw = self._read_toml()
        if raw is None:
            return None
        unknown = [key for key in raw if key not in LESSON_KEYS]
        for key in unknown:
            self.problem(f"unknown key {key!r}; a lesson has: {', '.join(LESSON_KEYS)}",
                         self.lines.find(None, key))
        lesson_id = raw.get("id")
        if not isinstance(lesson_id, str) or not ID.fullmatch(lesson_id):
            self.problem("id is lower-case letters, digits and '-' (at most 40), e.g. "
                         f"\"my-lesson\"; got {lesson_id!r}", self.lines.find(None, "id"))
            lesson_id = None
        languages = self._languages(raw.get("languages", ["en"]))
        title = self._value(lambda: localized(raw.get("title"), "title", languages),
                            self.lines.find(None, "title"))
        summary = self._value(lambda: localized(raw.get("summary", ""), "summary", languages),
                              self.lines.find(None, "summary"))
        claims = self._claims(raw.get("claims", []), None)
        entries = raw.get("steps")
        if not isinstance(entries, list) or not entries:
            self.problem("a lesson needs at least one [[steps]]", self.lines.find(None, "steps"))
            entries = []
        steps = []
        for index, entry in enumerate(entries):
            step = self._step(index, entry, languages)
            if step is not None:
                steps.append(step)
        names = [step.name for step in steps]
        for name in sorted({n for n in names if names.count(n) > 1}):
            self.problem(f"two steps use the text {name}.md")
        if claims is not None and len(steps) == len(entries):
            shown = {c for step in steps for c in step.claims}
            if set(claims) != shown:
                self.problem(f"claims {', '.join(claims)} but the steps show "
                             f"{', '.join(sorted(shown)) or 'none'}",
                             self.lines.find(None, "claims"))
        if self.problems:
            return None
        return Lesson(lesson_id, title, tuple(claims), tuple(steps), summary, self.folder,
                      languages)

    def _read_toml(self) -> dict | None:
        try:
            data = _read_bytes(self.path, MAX_LESSON_FILE)
        except SettingError as error:
            self.problem(str(error))
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[:error.start].count(b"\n") + 1
            self.problem("not UTF-8 text", line)
            return None
        self.lines = _Lines(text)
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            match = re.search(r"line (\d+)", str(error))
            self.problem(f"not valid TOML: {error}", int(match.group(1)) if match else 1)
            return None

    def _value(self, make: Callable[[], Any], line: int, step: int | None = None,
               *where: str) -> Any:
        """``make()``, or None with its problems reported: each at the line of the setting
        it names (looked for after ``where`` in the step's block), else at ``line``."""
        try:
            return make()
        except SettingError as error:
            for key, text in error.found:
                at = self.lines.find(step, *where, key) if key and where else line
                self.problem(text, at)
            return None

    def _languages(self, value) -> tuple[str, ...]:
        if (not isinstance(value, list) or "en" not in value
                or any(lang not in LANGUAGES for lang in value)):
            self.problem(f"languages is a list of {', '.join(LANGUAGES)} with en in it, got "
                         f"{value!r}", self.lines.find(None, "languages"))
            return ("en",)
        return tuple(dict.fromkeys(value))

    def _claims(self, value, step: int | None) -> list[str] | None:
        line = self.lines.find(step, "claims")
        if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
            self.problem(f"claims is a list of claim ids like \"C1\", got {value!r}", line)
            return None
        unknown = [c for c in value if c not in self.claims]
        for claim in unknown:
            self.problem(f"claim {claim!r} does not exist (the course's claims: "
                         f"{', '.join(self.claims)})", self.lines.find(step, "claims", value=claim))
        return None if unknown else value

    def _step(self, index: int, entry: Any, languages: tuple[str, ...]) -> Step | None:
        where = self.lines.find(index)
        before = len(self.problems)
        if not isinstance(entry, dict):
            self.problem("a step is a table ([[steps]])", where)
            return None
        for key in entry:
            if key not in STEP_KEYS:
                self.problem(f"unknown key {key!r}; a step has: {', '.join(STEP_KEYS)}",
                             self.lines.find(index, key))
        text_name = entry.get("text")
        if not isinstance(text_name, str) or not TEXT_NAME.fullmatch(text_name):
            self.problem("text is the file name of the step's Markdown, e.g. \"01-intro.md\" "
                         f"(letters, digits, . _ -), got {text_name!r}",
                         self.lines.find(index, "text"))
            text_name = None
        claims = self._claims(entry.get("claims", []), index)
        spec = self._value(lambda: build_experiment(entry.get("experiment")),
                           self.lines.find(index, "experiment"), index, "experiment")
        views = self._list(entry, "views", index, build_view)
        knobs = self._list(entry, "knobs", index, lambda e: build_knob(e, languages))
        pace = entry.get("pace", 100)
        if pace == "max":
            pace = None
        facts = None
        if "facts" in entry:
            facts = self._value(lambda: lookup(FACTS, entry["facts"]) if isinstance(
                entry["facts"], str) else _raise("facts is the name of a registered fact"),
                self.lines.find(index, "facts"))
            if facts is not None and not isinstance(facts, Fact):
                self.problem(f"fact {entry['facts']!r} has no provides", where)
        checkpoint = entry.get("checkpoint")
        kind = None
        if checkpoint is not None and spec is not None:
            result = self._value(lambda: self._checkpoint(checkpoint, spec, languages),
                                 self.lines.find(index, "checkpoint"))
            if result is not None:
                kind, spec, check_view = result
                if check_view is not None:
                    views = (check_view, *views)
        texts = self._texts(index, text_name, languages)
        for message in pace_problems(pace):
            self.problem(message, self.lines.find(index, "pace"))
        for message in key_problems(knobs):
            self.problem(message, self.lines.find(index, "knobs"))
        if spec is None:
            return None
        for message in spec_problems(spec, knobs):
            self.problem(message, self.lines.find(index, "knobs"))
        for message in checkpoint_problems(kind, spec, views):
            self.problem(message, self.lines.find(index, "checkpoint"))
        if len(self.problems) > before or text_name is None:
            return None
        # A large panel's spare rows: what helps the step there (``with_room_views``).
        views = with_room_views(tuple(views), spec)
        step = _unchecked_step(text_name, texts, spec, views, knobs, pace, claims, facts, kind)
        self._check_slots(index, step, texts)
        return None if len(self.problems) > before else step

    def _list(self, entry, key: str, index: int, build: Callable) -> tuple:
        value = entry.get(key, [])
        if not isinstance(value, list):
            self.problem(f"{key} is a list", self.lines.find(index, key))
            return ()
        out = []
        for item in value:
            name = item if isinstance(item, str) else (
                item.get("view") or item.get("knob") or item.get("label")
                if isinstance(item, dict) else None)
            line = self.lines.find(index, key, value=name if isinstance(name, str) else None)
            built = self._value(lambda: build(item), line)
            if built is not None:
                out.append(built)
        return tuple(out)

    def _checkpoint(self, table, spec, languages):
        if not isinstance(table, dict) or table.get("kind") not in CHECKPOINT_KEYS:
            raise SettingError("checkpoint is a table with kind = \"predict\", \"challenge\" or "
                           "\"derive\"")
        kind = table["kind"]
        unknown = [key for key in table if key not in CHECKPOINT_KEYS[kind]]
        if unknown:
            raise SettingError(f"a {kind} checkpoint: unknown key {', '.join(map(repr, unknown))}; "
                           f"it has: {', '.join(CHECKPOINT_KEYS[kind])}")
        if kind == "derive":
            return kind, spec, None
        if "grader" not in table:
            raise SettingError(f"a {kind} checkpoint needs a grader (registered: "
                           + ", ".join(GRADERS.names()) + ")")
        grader, settings = build_grader(table["grader"], kind)
        values = {**settings_slots(spec), **dict(grader.slots)}
        if kind == "predict":
            question = filled(localized(table.get("question"), "question", languages), values,
                              "question")
            choices = table.get("choices")
            if not isinstance(choices, list):
                raise SettingError("choices is a list of 2 to 4 texts")
            choices = tuple(filled(localized(c, "a choice", languages), values, "a choice")
                            for c in choices)
            reveal = table.get("reveal", {})
            if not isinstance(reveal, dict):
                raise SettingError("reveal is a table of the settings changed once a choice is made")
            try:
                predict = Predict(question, choices, spec, grader.outcome, grader.why,
                                  tuple(sorted((k, _tuples(v)) for k, v in reveal.items())),
                                  slots=tuple(grader.slots))
                predict.shown() if reveal else None
            except (ValueError, TypeError, AttributeError) as error:
                raise SettingError(f"predict: {error}") from None
            return kind, predict, PredictionCheck()
        if not isinstance(spec, TrainingSpec):
            raise SettingError("a challenge grades a training experiment (kind = \"training\")")
        goal = filled(localized(table.get("goal"), "goal", languages), values, "goal")
        fields = {f.name: getattr(spec, f.name) for f in dataclasses.fields(TrainingSpec)}
        return kind, Challenge(**fields, goal=goal, grade=grader.grade), ChallengeCheck()

    def _texts(self, index: int, name: str | None, languages) -> dict[str, str]:
        if name is None:
            return {}
        texts = {}
        for lang in languages:
            path = self.folder / lang / name
            try:
                data = _read_bytes(path, MAX_TEXT_FILE)
                texts[lang] = data.decode("utf-8")
            except SettingError as error:
                self.problem(f"{lang}/{name}: {error} (the lesson's languages: "
                             f"{', '.join(languages)})", self.lines.find(index, "text"))
                continue
            except UnicodeDecodeError:
                self.problem("not UTF-8 text", 1, path)
                continue
            if heading(texts[lang]) is None:
                self.problem("the first line is the step's title, as a heading: "
                             "\"# A title\"", 1, path)
        return texts

    def _check_slots(self, index: int, step: Step, texts: Mapping[str, str]) -> None:
        known = step.slot_names()
        for lang, text in texts.items():
            for number, line in enumerate(text.splitlines(), start=1):
                for slot in SLOT.findall(line):
                    if slot not in known:
                        self.problem(f"no fact fills {{{{{slot}}}}} (this step has: "
                                     f"{', '.join(sorted(known)) or 'none'})", number,
                                     self.folder / lang / step.text)


def _raise(message: str):
    raise SettingError(message)


def _tuples(value):
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def _unchecked_step(text_name, texts, spec, views, knobs, pace, claims, facts, kind) -> Step:
    """A Step without its own checks (the reader reports them as problems with lines)."""
    step = object.__new__(Step)
    values = dict(name=text_name.removesuffix(".md"), text=text_name,
                  title=_title(texts), spec=spec, views=tuple(views), knobs=tuple(knobs),
                  pace=pace, claims=tuple(claims or ()), facts=facts, checkpoint=kind)
    for key, value in values.items():
        object.__setattr__(step, key, value)
    return step


def _title(texts: Mapping[str, str]) -> str:
    titles = {lang: heading(text) or "" for lang, text in texts.items()}
    return Localized(titles) if "en" in titles else ""


def _read_bytes(path: Path, limit: int) -> bytes:
    """A regular file's bytes, at most ``limit``: never a FIFO or a device (which could
    block), never a file too large to be what it should be."""
    import os
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise SettingError("missing") from None
    except OSError as error:
        raise SettingError(f"cannot be read ({error.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SettingError("not a regular file")
        if info.st_size > limit:
            raise SettingError(f"larger than {limit // 1024} KB")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise SettingError(f"larger than {limit // 1024} KB")
    return data


def check_lesson(folder: Path, claims: Mapping[str, str],
                 build: bool = False) -> tuple[Lesson | None, list[Problem]]:
    """The lesson in ``folder`` and every problem found in it (the lesson is None if any).
    With ``build``, every step's experiment is also built, run one iteration and measured by
    each of its views, as the app would the first time it shows the step."""
    reader = _Reader(Path(folder), claims)
    lesson = reader.read()
    if lesson is not None and build:
        for index, step in enumerate(lesson.steps):
            message = _try_step(step)
            if message:
                reader.problem(message, reader.lines.find(index))
        if reader.problems:
            lesson = None
    return lesson, reader.problems


def _try_step(step: Step) -> str | None:
    """What goes wrong when the step is first shown (None: nothing)."""
    from .views import take_frame

    try:
        experiment = step.spec.build()
        if step.trains and not experiment.not_ready:
            experiment.advance(1)
        take_frame(experiment, step.views)
    except Exception as error:  # a lesson's check reports whatever a mechanism raises
        return (f"step {step.name}: it fails when shown: {type(error).__name__}: {error} "
                "(do its views draw this kind of experiment?)")
    return None


def load_lesson(folder: Path, claims: Mapping[str, str]) -> Lesson:
    lesson, problems = check_lesson(folder, claims)
    if problems:
        raise LessonError(problems)
    return lesson


# -- the course ----------------------------------------------------------------------------------
def lesson_folders(folder: Path) -> list[Path]:
    """``folder`` itself when it holds a lesson.toml, else the folders in it that do (by
    name): ``--lessons`` takes one lesson or a folder of them."""
    folder = Path(folder)
    if (folder / LESSON_FILE).is_file():
        return [folder]
    if not folder.is_dir():
        return []
    return sorted(child for child in folder.iterdir() if (child / LESSON_FILE).is_file())
