"""A teacher's lesson: written by ``dnn-tutor lesson new``, checked by ``lesson check`` (every
problem as file:line), added with ``--lessons``; and the built-in lessons pass the same check."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from lessons import COURSE, LESSONS, LessonError, with_lessons
from lessons.authoring import check_folders, new_lesson
from lessons.loader import COURSE_DIR, check_lesson
from lessons.registry import FACTS
from tui.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_info:
        code = exit_info.code
    out, err = capsys.readouterr()
    return code, out, err


def write(folder: Path, toml: str, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "lesson.toml").write_text(textwrap.dedent(toml), encoding="utf-8")
    for name, text in texts.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# -- lesson new ------------------------------------------------------------------------------------
def test_a_new_lesson_loads_checks_and_lists(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    folder = tmp_path / "spiral-lesson"
    code, out, _err = run(capsys, "lesson", "new", str(folder))
    assert code == 0 and "lesson.toml" in out
    code, out, err = run(capsys, "lesson", "check", str(folder))
    assert code == 0 and not err and "spiral-lesson, 1 step, fine" in out
    code, out, _err = run(capsys, "--lessons", str(folder), "--list")
    assert code == 0
    assert re.search(rf"^{len(LESSONS) + 1}\. spiral-lesson\s+Spiral lesson", out, re.M)
    course = with_lessons([folder])
    lesson = course.get("spiral-lesson")
    assert course.lessons[:-1] == COURSE.lessons and lesson.steps[0].title == "The spiral, bent"
    assert "[2, 16, 16, 1]" in lesson.text(0)  # its slots filled from its own run


def test_new_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    code, _out, err = run(capsys, "lesson", "new", str(tmp_path / "taken"))
    assert code == 2 and "not an empty folder" in err and err.count("\n") == 1
    assert (tmp_path / "taken" / "notes.txt").read_text() == "mine"


def test_the_app_opens_a_teachers_lesson(tmp_path, monkeypatch):
    import asyncio

    from tui.app import DnnTutorApp

    folder = tmp_path / "mine"
    new_lesson(folder)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    app = DnnTutorApp(course=with_lessons([folder]), lesson="mine", step=0, welcome=False)

    async def look():
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            return str(app.query_one("#step-title").render())

    assert "The spiral, bent" in asyncio.run(look())


# -- lesson check: every problem, where it is -------------------------------------------------------
BROKEN = """\
    id = "Bad Id"
    title = "x"
    claims = ["C99"]
    languages = ["en", "ko"]
    color = 3

    [[steps]]
    text = "01.md"
    claims = ["C1"]
    views = ["cost_curve", { view = "run_table", columns = ["cost", "acuracy"] }]
    knobs = ["learning_rate", { param = "run.learning_rate", label = "lr2", ladder = [0.1, 0.2], key = "e" }]
    pace = 7
    [steps.experiment]
    kind = "training"
    iterations = "many"
    data = { name = "flowr" }
    run = { hidden = [4], activation = "tahn" }

    [[steps]]
    text = "02.md"
    experiment = { kind = "activation_explorer", shown = "all" }
    knobs = [{ knob = "learning_rate" }, { param = "cursor", label = "z", ladder = [0.0, 2.0], key = "q" }]
    """


def test_check_names_every_problem_with_its_line(tmp_path, capsys):
    folder = write(tmp_path / "broken", BROKEN, {"en/01.md": "# One\n", "en/02.md": "no title\n"})
    code, _out, err = run(capsys, "lesson", "check", str(folder))
    assert code == 2
    toml = folder / "lesson.toml"
    expected = [
        (toml, 1, "id is lower-case letters"),
        (toml, 3, "claim 'C99' does not exist"),
        (toml, 5, "unknown key 'color'"),
        (toml, 8, "ko/01.md: missing"),
        (toml, 10, "unknown view 'cost_curve' (did you mean 'cost_curves'?)"),
        (toml, 10, "unknown column 'acuracy' (did you mean 'accuracy'?)"),
        (toml, 11, "two knobs on one key"),
        (toml, 12, "pace 7 is not one of"),
        (toml, 15, "iterations expects integer, got 'many'"),
        (toml, 16, "unknown dataset 'flowr'"),
        (toml, 17, "unknown activation 'tahn'"),
        (folder / "en" / "02.md", 1, "the first line is the step's title"),
        (toml, 22, "knob key q is the app's own"),
        (toml, 22, "knob 'α': 'ActivationExplorer' object has no attribute 'run'"),
        (toml, 22, "knob 'z': the spec's value 1.0 is not on its ladder"),
    ]
    lines = err.splitlines()
    for path, line, text in expected:
        assert any(entry.startswith(f"{path}:{line}: ") and text in entry for entry in lines), \
            (path, line, text, lines)
    assert "Traceback" not in err


def test_a_slot_no_fact_fills_is_named_in_the_text(tmp_path):
    folder = write(tmp_path / "slots", """\
        id = "slots"
        title = "Slots"
        [[steps]]
        text = "01.md"
        experiment = { kind = "training", iterations = 10 }
        """, {"en/01.md": "# One\n\nThe rate is {{lr}}.\nThe cost is {{final_cost}}.\n"})
    _lesson, problems = check_lesson(folder, COURSE.claims)
    assert [str(p) for p in problems] == [
        f"{folder / 'en' / '01.md'}:4: no fact fills {{{{final_cost}}}} (this step has: "
        "activation, dataset, init, iterations, lr, network, slope, units)"]


def test_a_step_whose_views_cannot_draw_its_experiment_fails_the_check(tmp_path):
    folder = write(tmp_path / "mismatch", """\
        id = "mismatch"
        title = "Mismatch"
        [[steps]]
        text = "01.md"
        experiment = { kind = "activation_explorer" }
        views = ["decision_maps"]
        """, {"en/01.md": "# One\n"})
    fine, problems = check_folders([folder])
    assert not fine and len(problems) == 1
    assert "step 01: it fails when shown" in problems[0].message and problems[0].line == 3


@pytest.mark.parametrize("text,expected", [
    ("id = \n", "not valid TOML"),
    ("\xff\xfe".encode("latin-1").decode("latin-1"), "not valid TOML"),
])
def test_a_file_that_is_not_toml_is_one_problem(tmp_path, text, expected):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "lesson.toml").write_text(text, encoding="utf-8")
    _lesson, problems = check_lesson(folder, COURSE.claims)
    assert len(problems) == 1 and expected in problems[0].message


def test_hostile_files_are_refused_without_reading_them(tmp_path):
    import os

    folder = tmp_path / "hostile"
    folder.mkdir()
    os.mkfifo(folder / "lesson.toml")  # would block a plain open()
    _lesson, problems = check_lesson(folder, COURSE.claims)
    assert [p.message for p in problems] == ["not a regular file"]
    (folder / "lesson.toml").unlink()
    (folder / "lesson.toml").write_bytes(b"#" * (300 * 1024))
    _lesson, problems = check_lesson(folder, COURSE.claims)
    assert [p.message for p in problems] == ["larger than 256 KB"]


def test_the_app_refuses_a_broken_lesson_with_the_same_lines(tmp_path, capsys):
    folder = write(tmp_path / "broken", BROKEN, {"en/01.md": "# One\n", "en/02.md": "# Two\n"})
    code, _out, err = run(capsys, "--lessons", str(folder))
    assert code == 2 and "a lesson cannot be loaded" in err
    assert f"{folder / 'lesson.toml'}:10: unknown view 'cost_curve'" in err
    assert "Traceback" not in err


def test_a_lesson_id_already_taken_is_refused(tmp_path):
    folder = tmp_path / "activations"
    new_lesson(folder)
    with pytest.raises(LessonError, match="id 'activations' is taken"):
        with_lessons([folder])


# -- the built-in lessons ------------------------------------------------------------------------------
def test_every_built_in_lesson_passes_the_check_and_builds():
    fine, problems = check_folders([COURSE_DIR])
    assert not problems, "\n".join(map(str, problems))
    assert len(fine) == len(LESSONS)


def test_every_fact_fills_exactly_the_slots_it_says():
    for lesson in LESSONS:
        for step in lesson.steps:
            if step.facts is not None:
                assert set(step.facts(step.spec)) == set(step.facts.provides), step.name
    assert FACTS.names()
