"""What a lesson is once loaded (``lessons.loader`` reads it from its folder).

A **lesson** has an id, a title, the seed claims it shows and ordered **steps**. A step is a
Markdown text (``<folder>/<lang>/<file>``, whose ``# heading`` is the step's title) beside a
panel: the **views** that measure the step's **experiment spec**, the **knobs** a learner may
turn, and for a step that trains, the **pace** it is watched at. Numbers a text quotes are
never typed in: ``{{name}}`` slots are filled from the spec the panel runs (its settings, and
the step's **facts**, measured on the same seeded run), so when a knob changes the run, the
text follows. A **course** is the lessons in order and the claims they show.
"""

from __future__ import annotations

import functools
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from . import facts as facts_module
from .checkpoints import CHECKPOINT_VIEWS, Predict
from .experiments import TrainingSpec
from .i18n import Localized, language, tr_in
from .korean import resolve
from .knobs import PACES, RESERVED_KEYS, Knob
from .outline import PLACEHOLDER, SLOT, CourseOutline, LessonOutline, StepOutline, text_path
from .protocols import ExperimentSpec, Fact, View
from .wording import Phrase

# In place of the first sentence a text leaves out while its run has not ended.
WAITING_HINT = "(The results appear here when the run ends.)"

# A slot that is a sentence of its own (a verdict after a full stop or at a paragraph's start,
# then a space or the text's end): a draft leaves it out rather than read as a sentence of
# dots ("sigmoid 4α …. …").
SENTENCE_SLOT = re.compile(r"(?:\A|(?<=[.!?]\s)|(?<=\n\n))\{\{\s*(\w+)\s*\}\}(?:[ \t]+|(?=\s)|\Z)")

# A paragraph's sentences: up to a full stop (or ! ?) before a space, or to the paragraph's
# end; then the spaces before the next one. A heading is a paragraph of its own.
SENTENCE = re.compile(r"\S.*?(?:[.!?](?=\s|\Z)|\Z)\s*", re.S)
PARAGRAPH_BREAK = re.compile(r"(^#[^\n]*(?:\n|\Z)|\n[ \t]*\n\s*)", re.M)


def without_held_sentences(raw: str, held) -> str:
    """``raw`` without the held slots that stand as a sentence of their own (SENTENCE_SLOT):
    what a draft shows of them while its numbers are computed."""
    return SENTENCE_SLOT.sub(lambda m: "" if m.group(1) in held else m.group(0), raw)


def without_result_sentences(raw: str, held, hint: str) -> str:
    """``raw`` without each sentence that quotes a held slot, the first one's place taken by
    ``hint``: what a text shows while its run has not ended. Its results held as "…", such a
    sentence read as fragments of punctuation ("ReLU …, tanh …, ….", "tanh's ….")."""
    out, said = [], False
    for part in PARAGRAPH_BREAK.split(raw):
        if PARAGRAPH_BREAK.fullmatch(part) or not any(n in held for n in SLOT.findall(part)):
            out.append(part)
            continue
        kept = []
        for sentence in SENTENCE.finditer(part):
            if not any(name in held for name in SLOT.findall(sentence.group())):
                kept.append(sentence.group())
            elif not said:
                kept.append(hint + sentence.group()[len(sentence.group().rstrip()):])
                said = True
        out.append("".join(kept).rstrip() + part[len(part.rstrip()):])
    # A paragraph left empty leaves no gap of its own.
    return re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", "".join(out)).lstrip("\n")


@dataclass(frozen=True, eq=False)
class Step:
    name: str                     # the text file's stem, e.g. "07-tanh-vs-sigmoid"
    text: str                     # the text's file name in each language folder
    title: str                    # the text's heading (Localized: one per language)
    spec: ExperimentSpec          # what the step runs, as the step starts
    views: tuple[View, ...] = ()  # drawn top to bottom
    knobs: tuple[Knob, ...] = ()
    pace: int | None = 100        # iterations a second, for a step that trains (PACES)
    claims: tuple[str, ...] = ()
    facts: Fact | None = None     # the measured numbers its text quotes
    checkpoint: str | None = None  # "predict", "challenge" or "derive" (CHECKPOINT_VIEWS)

    def __post_init__(self):
        problems = step_problems(self)
        if problems:
            raise ValueError(f"step {self.name!r}: " + "; ".join(problems))

    @property
    def trains(self) -> bool:
        return self.spec.trains

    def knobs_for(self, spec) -> list[Knob]:
        """The knobs that apply to ``spec`` now (a knob may apply only to some values)."""
        return [k for k in self.knobs if k.applies is None or k.applies(spec)]

    def slots(self, spec=None) -> dict[str, Any]:
        """Every slot a text of this step may quote, measured on a run of ``spec``."""
        return step_facts(self, spec)

    def slot_names(self) -> set[str]:
        """The slots this step fills, known without running anything."""
        return set(settings_slots(self.spec)) | set(self.facts.provides if self.facts else ())

    def result_slots(self) -> frozenset[str]:
        """The slots the step's run produces (its facts' ``results``): its text shows "…"
        for them until the run on screen has ended. A step that does not train has none:
        what it shows is all there at once."""
        if not self.trains or self.facts is None:
            return frozenset()
        return frozenset(self.facts.results)


def step_problems(step: Step) -> list[str]:
    """What is wrong with a step's panel: one sentence each (the loader adds where)."""
    return ([*pace_problems(step.pace), *key_problems(step.knobs, reserved=()),
             *spec_problems(step.spec, step.knobs)]
            + checkpoint_problems(step.checkpoint, step.spec, step.views))


def pace_problems(pace) -> list[str]:
    if pace in PACES:
        return []
    return [f"pace {pace!r} is not one of "
            + ", ".join("\"max\"" if p is None else str(p) for p in PACES)]


def key_problems(knobs: tuple[Knob, ...], reserved: tuple[str, ...] = RESERVED_KEYS) -> list[str]:
    """Two knobs on one key, or a knob on a key a lesson's screen answers itself (the
    playground, a screen of its own, has its own keys)."""
    problems = []
    keys = [k for knob in knobs for k in (*knob.up_keys, knob.down) if k]
    shared = sorted({k for k in keys if keys.count(k) > 1})
    if shared:
        problems.append(f"two knobs on one key: {', '.join(shared)}")
    taken = sorted(set(keys) & set(reserved))
    if taken:
        problems.append(f"knob key {', '.join(taken)} is the app's own (the app's keys: "
                        f"{' '.join(reserved)})")
    return problems


def spec_problems(spec, knobs: tuple[Knob, ...]) -> list[str]:
    """Knobs that do not fit the spec: a value off the ladder, a field it lacks, or what the
    compared runs differ in."""
    problems = []
    compared = spec.compared if isinstance(spec, TrainingSpec) else ()
    for knob in knobs:
        if knob.applies is not None and not knob.applies(spec):
            continue
        try:
            knob.index_in(spec)
        except (ValueError, AttributeError, TypeError) as error:
            problems.append(f"knob {knob.label!r}: {error}" if isinstance(error, AttributeError)
                            else str(error))
            continue
        if knob.param.startswith("run.") and knob.param.removeprefix("run.") in compared:
            problems.append(f"knob {knob.label!r} turns {knob.param.removeprefix('run.')}, "
                            "which the compared runs differ in")
    return problems


def checkpoint_problems(checkpoint, spec, views) -> list[str]:
    problems = []
    if checkpoint is not None and checkpoint not in CHECKPOINT_VIEWS:
        problems.append(f"checkpoint {checkpoint!r} is not one of "
                        + ", ".join(CHECKPOINT_VIEWS))
    asks = {kind for kind, data_type in CHECKPOINT_VIEWS.items()
            if any(view.data_type is data_type for view in views)}
    if checkpoint in CHECKPOINT_VIEWS and asks != {checkpoint}:
        problems.append(f"a {checkpoint} checkpoint needs its view; the views ask "
                        f"{', '.join(sorted(asks)) or 'nothing'}")
    elif checkpoint is None and asks:
        problems.append(f"the views ask ({', '.join(sorted(asks))}) but the step has no "
                        "checkpoint")
    if checkpoint == "predict" and not isinstance(spec, Predict):
        problems.append("a predict checkpoint runs a Predict spec")
    return problems


@dataclass(frozen=True, eq=False)
class Lesson:
    id: str
    title: str                    # Localized
    claims: tuple[str, ...]
    steps: tuple[Step, ...]
    summary: str = ""             # Localized
    folder: Path | None = None    # where its texts are: <folder>/<lang>/<step.text>
    languages: tuple[str, ...] = ("en",)

    @property
    def checkpoints(self) -> tuple[int, ...]:
        """The indices of the steps that are checkpoints (one definition: the outline's)."""
        return self.outline.checkpoints

    def step_index(self, name: str) -> int:
        """The index of the step named ``name`` (its text's stem)."""
        for i, step in enumerate(self.steps):
            if step.name == name:
                return i
        raise KeyError(f"lesson {self.id!r} has no step {name!r}; its steps: "
                       + ", ".join(step.name for step in self.steps))

    def step(self, name: str) -> Step:
        return self.steps[self.step_index(name)]

    @functools.cached_property
    def outline(self) -> LessonOutline:
        """What the app's first screen shows of it (``lessons.outline``)."""
        return LessonOutline(self.id, self.title, tuple(
            StepOutline(step.title, step.text, bool(step.checkpoint)) for step in self.steps),
            self.claims, self.summary, self.folder, self.languages)

    def text_path(self, index: int, lang: str = "en") -> Path:
        """The step's text in ``lang``, or in English when the lesson has none in it."""
        return text_path(self.folder, self.languages, self.steps[index].text, lang)

    def raw_text(self, index: int, lang: str = "en") -> str:
        return self.text_path(index, lang).read_text(encoding="utf-8")

    def text(self, index: int, spec=None, lang: str = "en", run_ended: bool = True) -> str:
        """Step ``index``'s Markdown with its slots filled from a run of ``spec`` (default:
        the step's own). ``run_ended``: the run on screen has ended (finished, or every run
        diverged); until then the step's results are "…" and only its settings are filled,
        so the text never quotes what the panel has not reached."""
        raw = self.raw_text(index, lang)
        if not SLOT.search(raw):
            return raw
        return self.text_from(index, step_facts(self.steps[index], spec), lang, run_ended)

    def text_from(self, index: int, facts: Mapping[str, Any], lang: str = "en",
                  run_ended: bool = True) -> str:
        """``text`` from facts already measured (``Step.slots``)."""
        held = () if run_ended else self.steps[index].result_slots()
        raw = without_result_sentences(self.raw_text(index, lang), held,
                                       tr_in(lang, WAITING_HINT))
        return fill_slots(raw, facts, lang)

    def draft_text(self, index: int, spec=None, lang: str = "en") -> str:
        """The text at once (shown while the run that fills it is computed): the settings
        of ``spec`` (default: the step's own) filled, since they are read from the spec and
        known before any run (an α is a setting, not a result); "…" where numbers from a run
        will go, including anything a fact fills."""
        step = self.steps[index]
        from_facts = set(step.facts.provides) if step.facts else set()
        known = {name: value for name, value in settings_slots(
            step.spec if spec is None else spec).items() if name not in from_facts}
        raw = self.raw_text(index, lang)
        raw = without_held_sentences(raw, slots(raw) - set(known))
        return fill_slots(raw, {**{name: PLACEHOLDER for name in slots(raw)}, **known}, lang)

    def text_is_ready(self, index: int, spec=None, lang: str = "en") -> bool:
        """True when ``text(index, spec)`` needs no run (no slots, or its facts are cached)."""
        if not SLOT.search(self.raw_text(index, lang)):
            return True
        with _FACTS_LOCK:
            return _facts_key(self.steps[index], spec) in _FACTS_CACHE


@dataclass(frozen=True)
class Course:
    """The lessons in the order they are taught, and the seed's claims they show."""

    lessons: tuple[Lesson, ...]
    claims: Mapping[str, str] = field(default_factory=dict)  # claim id -> the claim

    @functools.cached_property
    def outline(self) -> CourseOutline:
        return CourseOutline(tuple(lesson.outline for lesson in self.lessons))

    def __iter__(self):
        return iter(self.lessons)

    def __len__(self) -> int:
        return len(self.lessons)

    def __getitem__(self, index: int) -> Lesson:
        return self.lessons[index]

    @property
    def ids(self) -> list[str]:
        return [lesson.id for lesson in self.lessons]

    def index(self, lesson_id: str) -> int:
        try:
            return self.ids.index(lesson_id)
        except ValueError:
            raise KeyError(f"unknown lesson {lesson_id!r}; choose one of: "
                           + ", ".join(self.ids)) from None

    def get(self, lesson_id: str) -> Lesson:
        return self.lessons[self.index(lesson_id)]


def fill_slots(text: str, facts: Mapping[str, Any], lang: str | None = None) -> str:
    """``text`` with each ``{{slot}}`` filled; a generated phrase (``wording.Phrase``) is
    worded in ``lang``, the text's language."""
    def value(match: re.Match) -> str:
        key = match.group(1)
        if key not in facts:
            raise KeyError(f"the text asks for {{{{{key}}}}} but the step's facts have no {key!r}")
        fact = facts[key]
        return fact.text(lang) if isinstance(fact, Phrase) else str(fact)

    filled = SLOT.sub(value, text)
    # A Korean text writes "{{lr}}(으)로": the particle its number takes, once it is known.
    return resolve(filled) if (lang or language()) == "ko" else filled


def slots(text: str) -> set[str]:
    return set(SLOT.findall(text))


class LruDict(OrderedDict):
    """A dict that keeps only its ``maxsize`` most recently used entries (``get`` and
    setting an item count as a use): a cache that a long session cannot grow without end."""

    def __init__(self, maxsize: int):
        super().__init__()
        self.maxsize = maxsize

    def get(self, key, default=None):
        if key not in self:
            return default
        self.move_to_end(key)
        return super().__getitem__(key)

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.maxsize:
            self.popitem(last=False)


# A step's facts come from a deterministic (seeded) run of a spec: computed once per spec a
# process, so a step visited again (or a knob turned back) shows its numbers at once. The
# facts are a few short strings each; the runs behind them are kept apart, fewer
# (``facts._finished``). 256 entries: every step of the course at a dozen knob settings
# would not fill it.
FACTS_CACHE_SIZE = 256
_FACTS_CACHE: dict[tuple, Mapping[str, Any]] = LruDict(FACTS_CACHE_SIZE)
_FACTS_LOCK = threading.Lock()


def _facts_key(step: Step, spec) -> tuple:
    return (id(step), spec if spec is not None else step.spec)


def settings_slots(spec) -> dict[str, Any]:
    """The settings a text may quote: a prediction's are those of the run it asks about and
    its grader's."""
    if isinstance(spec, Predict):
        return {**facts_module.spec_slots(spec.inner), **dict(spec.slots)}
    return facts_module.spec_slots(spec)


def step_facts(step: Step, spec=None) -> Mapping[str, Any]:
    """The slots a step's text may use: the spec's own settings, then the measured facts."""
    spec = step.spec if spec is None else spec
    key = _facts_key(step, spec)
    with _FACTS_LOCK:
        cached = _FACTS_CACHE.get(key)
    if cached is None:
        cached = {**settings_slots(spec), **(step.facts(spec) if step.facts else {})}
        with _FACTS_LOCK:
            _FACTS_CACHE[key] = cached
    return cached
