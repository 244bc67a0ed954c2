"""A launch is never a wait (issue 19 §4): the first screen (the step's title and text, the
lesson list, the key bar) is drawn before NumPy, the engine, the lessons' experiments and
plotext load; they load in a thread after it, and the step's panel comes then.

No timing here (``python -m tui.bench`` measures the launch ratio): what would make the
first screen wait is asserted instead, in a fresh process, as a learner starts it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from lessons import COURSE
from tui.app import DnnTutorApp
from tui.cli import build_parser
from waiting import drained, wait_until

ROOT = Path(__file__).resolve().parents[2]
# What loads after the first screen: each of these took tens of ms of the launch.
HEAVY = ("numpy", "engine.network", "lessons.model", "lessons.loader", "plotext", "tui.panel")

FIRST_FRAME = textwrap.dedent("""
    import sys

    import tui.app
    from tui.cli import main

    App = tui.app.DnnTutorApp
    first_refresh = App._first_refresh_done

    def probe(self):
        loaded = [name for name in sys.argv[1:] if name in sys.modules]
        print("loaded at the first frame:", *loaded, flush=True)
        print("title:", self.screen.query_one("#step-title").render(), flush=True)
        first_refresh(self)
        self.exit()

    App._first_refresh_done = probe
    run = App.run
    App.run = lambda self, **kwargs: run(self, headless=True, size=(120, 40))
    sys.argv[1:] = []
    sys.exit(main([]))
""")


def test_the_first_frame_is_drawn_before_numpy_and_the_lessons_load(tmp_path):
    """``dnn-tutor`` as a learner starts it (``tui.cli.main``, no arguments), headless:
    at its first frame none of the heavy modules has been imported, and the frame shows the
    step's title."""
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", FIRST_FRAME, *HEAVY], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "loaded at the first frame:" in lines, result.stdout
    first_title = COURSE.lessons[0].steps[0].title
    assert any(line.startswith("title:") and first_title in line for line in lines), lines


def test_the_parser_without_the_commands_arguments_says_the_same():
    """The launch's parser (``build_parser(False)``: no command named, so NumPy is not
    loaded for ``train``'s arguments) gives the same help as the full one."""
    assert build_parser(False).format_help() == build_parser(True).format_help()
    args = build_parser(False).parse_args(["--lesson", "backprop", "--step", "2"])
    assert (args.command, args.lesson, args.step) == (None, "backprop", 2)


async def test_the_course_loaded_later_brings_the_steps_panel(store):
    """Until the course has loaded: the title, the text (with "…" for its numbers) and the
    list, from the outline, and no panel; then the panel of the step shown, and the keys
    that act on it."""
    lesson = COURSE.get("initialization")
    app = DnnTutorApp(store=store, welcome=False, course_later=True, lesson=lesson.id, step=1)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.lesson_screen
        assert app.course is None or app.panel is not None
        await wait_until(pilot, lambda: app.panel is not None)
        assert app.course is COURSE
        assert app.panel.step is lesson.steps[1]
        assert not screen.query("#panel-loading")
        await drained(app)
        await pilot.pause()
        assert screen.query_one("#text").source == lesson.text(
            1, app.panel.spec, run_ended=app.panel.run_ended)
        assert screen.check_action("reset", ())
        await pilot.press("n")
        assert app.panel.step is lesson.steps[2]


async def test_before_the_course_loads_the_screen_shows_the_outline(store, monkeypatch):
    """The loading held back: the step's title and its draft text are shown, the panel's
    place says the lessons are loading, ``n`` moves on in the outline, and the keys that act
    on a panel do not apply yet."""
    from tui.lesson_screen import LessonScreen

    monkeypatch.setattr(LessonScreen, "load_course", lambda self: None)
    lesson = COURSE.get("backprop")
    app = DnnTutorApp(store=store, welcome=False, course_later=True, lesson=lesson.id, step=0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.lesson_screen
        await pilot.pause()
        assert app.panel is None and app.course is None
        assert screen.query_one("#panel-loading").display
        assert screen.query_one("#text").source == lesson.draft_text(0)
        assert str(lesson.steps[0].title) in str(screen.query_one("#step-title").render())
        assert not screen.check_action("reset", ())
        await pilot.press("n")
        assert app.step_index == 1
        assert screen.query_one("#text").source == lesson.draft_text(1)
        await pilot.press("question_mark")  # help lists the keys there are
        assert type(app.screen).__name__ == "HelpScreen"
