"""The `dnn-tutor` command line (the app itself is not started: bad arguments exit first)."""

from __future__ import annotations

import pytest

from lessons import LESSONS
from tui.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def test_an_unknown_lesson_is_refused_with_the_choices(capsys):
    code, _out, err = run(capsys, "--lesson", "no-such-lesson")
    assert code == 2 and "unknown lesson 'no-such-lesson'" in err and "activations" in err


@pytest.mark.parametrize("argv,message", [
    (("--step", "2"), "--step needs --lesson"),
    (("--lesson", "activations", "--step", "99"), "--step must be between 1 and"),
    (("--lesson", "activations", "--step", "x"), "--step"),
])
def test_bad_steps_exit_2_with_one_line(capsys, argv, message):
    code, _out, err = run(capsys, *argv)
    assert code == 2 and message in err and err.count("\n") == 1


def test_list_names_every_planned_lesson_and_its_claims(capsys):
    assert main(["--list"]) == 0
    out = capsys.readouterr().out
    for lesson in LESSONS:
        assert lesson.id in out
        assert ", ".join(lesson.claims) in out


def test_list_and_help_in_korean(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert main(["--lang", "ko", "--list"]) == 0
    out = capsys.readouterr().out
    assert "레슨 (열기: dnn-tutor --lesson ID [--step N])" in out
    assert "활성화 함수 (단계 11개, 확인 문제 2개)" in out and "activations" in out
    code, out, _err = run(capsys, "--lang", "ko", "--help")
    assert code == 0
    assert "신경망이 배우는 것을 터미널에서 지켜보자." in out and "옵션:" in out
    assert "레슨 목록을 출력하고 끝낸다" in out and "--lang {en,ko}" in out


def test_help_stays_english_without_lang(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    code, out, _err = run(capsys, "--help")
    assert code == 0 and "print the lessons and exit" in out and "options:" in out
    assert main(["--list"]) == 0
    assert "Lessons (open one with" in capsys.readouterr().out
