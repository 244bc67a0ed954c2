"""Every step of every lesson in Korean at 80x24 (``DnnTutorApp(lang="ko")``), pinned as in
tests/tui/test_snapshots.py: Hangul takes two cells, so the text, the tables, the knob line
and the footer are pinned where they must still align. Plus the help screen and the lesson
list in Korean. Only what every machine draws alike, as there (tests/tui/steady.py)."""

from __future__ import annotations

import pytest

from steady import steady_facts  # noqa: F401 (a fixture)
from test_snapshots import IDS, STEPS, settle, trained

pytestmark = pytest.mark.usefixtures("steady_facts")


@pytest.mark.parametrize("lesson_id,si", STEPS, ids=IDS)
def test_step_80x24_ko(snap_compare, make_app, sync_plots, lesson_id, si):
    app = make_app(lesson=lesson_id, step=si, lang="ko")
    assert snap_compare(app, terminal_size=(80, 24), run_before=trained)


def test_help_screen_ko(snap_compare, make_app, sync_plots):
    app = make_app(lesson="activations", step=4, lang="ko")
    assert snap_compare(app, terminal_size=(80, 24), press=["question_mark"], run_before=settle)


def test_lesson_list_ko(snap_compare, make_app, sync_plots):
    app = make_app(lesson="activations", step=2, lang="ko")
    assert snap_compare(app, terminal_size=(80, 24), press=["l"], run_before=settle)


def test_welcome_ko(snap_compare, store, sync_plots):
    from tui.app import DnnTutorApp

    app = DnnTutorApp(store=store, lang="ko")
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


@pytest.mark.parametrize("case", ["default-80x24", "diverged-80x24"])
def test_playground_ko(snap_compare, make_app, sync_plots, case):
    import shlex

    from commands.playground import spec_from_argv
    from test_playground_snapshots import CASES, steadily

    command, size, keys = CASES[case]
    app = make_app(playground=spec_from_argv(shlex.split(command)), lang="ko")

    assert snap_compare(app, terminal_size=size, run_before=steadily(keys))
