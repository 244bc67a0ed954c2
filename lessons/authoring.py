"""``dnn-tutor lesson new DIR`` and ``dnn-tutor lesson check DIR``: a teacher's lesson from a
working start, and every problem in one before a class sees it.

``new`` writes a one-step lesson (the spiral, a ReLU network with a learning-rate knob, the
cost curve and the map) that loads as it is, with comments that say how to add a step, a
checkpoint and a language. ``check`` reads a lesson folder (or a folder of them) as the app
would, builds every step's experiment, and prints each problem as ``file:line: what is
wrong``; the app refuses a broken lesson with the same lines.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import translations
from .loader import LESSON_FILE, Problem, check_lesson, lesson_folders, read_course_file

LESSON_TEMPLATE = '''\
# A lesson of your own: {id}. Every [[steps]] block is one step, in order. Open it with
#   dnn-tutor --lessons {folder}
# and check it (every problem as file:line) with
#   dnn-tutor lesson check {folder}
# The names below (kinds, views, knobs, facts, graders) are mechanisms the tutor has
# registered; `dnn-tutor lesson check --names` lists them all.

id = "{id}"
title = "{title}"
summary = "A ReLU network bends its boundary round the spiral."
claims = ["C18"]           # the course's claims this lesson shows (dnn-tutor --list)
languages = ["en"]         # add "ko" with a ko/ folder of texts for Korean

[[steps]]
text = "01-spiral.md"      # en/01-spiral.md; its "# heading" is the step's title
claims = ["C18"]
pace = 100                 # iterations a second while the learner watches
views = ["cost_curves", "decision_maps", {{ view = "run_table", columns = ["cost", "accuracy"] }}]
knobs = ["learning_rate"]  # e raises the learning rate, E lowers it
[steps.experiment]
kind = "training"
iterations = 1500
data = {{ name = "spiral" }}
run = {{ hidden = [16, 16], activation = "relu", init = "he", learning_rate = 0.3 }}

# A second step that asks before it shows: copy this block, uncomment it, and write
# en/02-predict.md.
#
# [[steps]]
# text = "02-predict.md"
# claims = ["C18"]
# pace = 300
# views = ["cost_curves"]
# [steps.experiment]
# kind = "training"
# iterations = 1500
# data = {{ name = "spiral" }}
# run = {{ hidden = [16, 16], init = "he", learning_rate = 0.3 }}
# compare = [
#     {{ label = "ReLU", activation = "relu" }},
#     {{ label = "tanh", activation = "tanh" }},
# ]
# [steps.checkpoint]
# kind = "predict"
# question = "Which gets its cost below {{{{threshold}}}} within {{{{iterations}}}} steps?"
# choices = ["only ReLU", "only tanh", "both", "neither"]
# grader = {{ grader = "who_gets_below", threshold = 0.3 }}
'''

TEXT_TEMPLATE = '''\
# The spiral, bent

A network {{{{network}}}} with ReLU units
learns the spiral at α {{{{lr}}}}.

Press space and watch the map: the
boundary bends round the arms.

Turn α with e and E: too small and it
crawls, too large and the cost jumps.
'''


def new_lesson(folder: Path) -> list[Path]:
    """Write a working one-step lesson into ``folder`` (created; it must not hold a lesson
    or anything else yet); returns the files written. ValueError says why it cannot."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ValueError(f"{folder} already exists and is not an empty folder: give a new one")
    lesson_id = re.sub(r"[^a-z0-9-]+", "-", folder.resolve().name.lower()).strip("-")[:40]
    lesson_id = lesson_id or "my-lesson"
    title = lesson_id.replace("-", " ").capitalize()
    (folder / "en").mkdir(parents=True, exist_ok=True)
    lesson = folder / LESSON_FILE
    text = folder / "en" / "01-spiral.md"
    lesson.write_text(LESSON_TEMPLATE.format(id=lesson_id, title=title, folder=folder),
                      encoding="utf-8")
    text.write_text(TEXT_TEMPLATE.format(), encoding="utf-8")
    return [lesson, text]


def check_folders(folders: list[Path]) -> tuple[list[str], list[Problem]]:
    """Every lesson in ``folders`` (each a lesson or a folder of them), read and built:
    a line per lesson that is fine, and every problem found."""
    _order, claims = read_course_file()
    fine, problems = [], []
    for given in map(Path, folders):
        found = lesson_folders(given)
        if not found:
            problems.append(Problem(given, 1, "no lesson.toml here nor in the folders in it "
                                              "(dnn-tutor lesson new DIR writes one)"))
        for folder in found:
            lesson, found_problems = check_lesson(folder, claims, build=True)
            if lesson is not None:  # each translation against the English it translates
                names = [step.text for step in lesson.steps]
                for lang in lesson.languages:
                    if lang != "en":
                        found_problems += translations.stale(folder, lang, names)
            problems += found_problems
            if lesson is not None and not found_problems:
                fine.append(f"{folder}: {lesson.id}, {len(lesson.steps)} step"
                            f"{'' if len(lesson.steps) == 1 else 's'}, fine")
    return fine, problems


def registered_names() -> list[str]:
    """What a lesson.toml may name, by sort: for ``lesson check --names``."""
    from .registry import (COLUMNS, EXPERIMENT_KINDS, FACTS, FORMATS, GRADERS, KNOBS, VIEWS)

    lines = []
    for registry in (EXPERIMENT_KINDS, VIEWS, COLUMNS, KNOBS, FORMATS, FACTS, GRADERS):
        lines.append(f"{registry.what}s: " + ", ".join(registry.names()))
    return lines
