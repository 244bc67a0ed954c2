"""``dnn-tutor lesson check`` reports a step whose Korean text is missing or older than its
English one: older meaning the English words changed since the translation was recorded
(``dnn-tutor lesson translated``), whatever the files' times; re-wrapping the English is no
change."""

from __future__ import annotations

import shutil

import pytest

from lessons.authoring import check_folders
from lessons.loader import COURSE_DIR
from lessons.translations import fingerprint, read_record
from tui.cli import main


@pytest.fixture
def lesson(tmp_path):
    """A copy of the backprop lesson (short, every step Korean), translations recorded."""
    folder = tmp_path / "backprop"
    shutil.copytree(COURSE_DIR / "backprop", folder)
    assert main(["lesson", "translated", str(folder)]) == 0
    return folder


def messages(folder) -> list[str]:
    return [str(p) for p in check_folders([folder])[1]]


def test_every_built_in_translation_is_recorded_as_current():
    for folder in sorted(p.parent for p in COURSE_DIR.glob("*/lesson.toml")):
        record = read_record(folder, "ko")
        for en in (folder / "en").glob("*.md"):
            assert record.get(en.name) == fingerprint(en.read_text(encoding="utf-8")), en


def test_a_recorded_lesson_is_fine(lesson):
    assert messages(lesson) == []


def test_an_english_text_changed_after_the_translation_is_reported(lesson):
    en = lesson / "en" / "02-unit.md"
    en.write_text(en.read_text(encoding="utf-8").replace("# ", "# Changed: ", 1),
                  encoding="utf-8")
    found = messages(lesson)
    assert len(found) == 1 and "ko/02-unit.md" in found[0] and "older than en/02-unit.md" in found[0]
    assert main(["lesson", "translated", str(lesson), "02-unit.md"]) == 0
    assert messages(lesson) == []


def test_rewrapping_the_english_changes_nothing(lesson):
    en = lesson / "en" / "02-unit.md"
    text = en.read_text(encoding="utf-8")
    title, body = text.split("\n", 1)
    body = body.strip().replace(" ", "\n", 3).replace("\n\n\n", "\n\n")  # lines cut elsewhere
    en.write_text(f"{title}\n\n{body}\n\n", encoding="utf-8")
    assert fingerprint(en.read_text(encoding="utf-8")) == fingerprint(text)
    assert messages(lesson) == []


def test_an_unrecorded_translation_is_reported(lesson):
    (lesson / "ko" / "translated.toml").unlink()
    found = messages(lesson)
    assert len(found) == 7 and all("not recorded as a translation" in m for m in found)


def test_a_missing_korean_text_is_reported(lesson):
    (lesson / "ko" / "03-deep.md").unlink()
    found = messages(lesson)
    assert any("ko/03-deep.md: missing" in m for m in found)
