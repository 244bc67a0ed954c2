"""A monkey at the keyboard: thousands of seeded random keys from the app's own bindings,
across every step, at 80x24. Nothing may raise, and the app must still answer afterwards."""

from __future__ import annotations

import unicodedata

import numpy as np
from textual import events
from textual.keys import _get_unicode_name_from_key

from lessons import LESSONS
from lessons.checkpoints import Predict
from tui.app import DnnTutorApp
from tui.lesson_screen import LessonScreen
from tui.panel import TRAINING_BINDINGS

# Enough keys to visit every step many times over with its knobs turned and runs started,
# reset and left; a key costs ~50 ms (the footer is rebuilt), so this bounds the test to
# about a minute of the suite.
KEYS_PER_RUN = 1000


def binding_keys() -> list[str]:
    keys = set()
    for binding in [*DnnTutorApp.BINDINGS, *LessonScreen.BINDINGS, *TRAINING_BINDINGS]:
        keys.update(k.strip() for k in binding.key.split(","))
    for lesson in LESSONS:
        for step in lesson.steps:
            for knob in step.knobs:
                keys.update(k for k in (*knob.up_keys, knob.down) if k)
            if isinstance(step.spec, Predict):  # a prediction's choices (checkpoints)
                keys.update(str(i + 1) for i in range(len(step.spec.choices)))
    keys.discard("q")  # quitting ends the test early; quitting is tested on its own
    # Keys that open and close the modal screens, move focus, and a few that nothing binds.
    # Not ctrl+p: random typing plus Enter in the command palette legitimately runs its
    # system commands (quit, save a screenshot to the working directory); the palette's
    # jump is tested on its own.
    keys.update({"escape", "enter", "tab", "up", "down", "z", "9"})
    return sorted(keys)


async def press_without_idle_wait(pilot, key: str) -> None:
    """Like ``pilot.press`` but without its wait for an idle CPU, which a training thread
    never gives: post the key, then wait until the screen has handled its messages."""
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(key))
    except KeyError:
        char = key if len(key) == 1 else None
    pilot.app.post_message(events.Key(key, char))
    await pilot.pause(0)


async def test_random_keys_do_not_break_the_app(make_app):
    rng = np.random.RandomState(0)
    keys = binding_keys()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for key in rng.choice(keys, size=KEYS_PER_RUN):
            await press_without_idle_wait(pilot, str(key))
            assert not app._exit, f"the app quit on {key!r}"

        # Close whatever is open, then check the app still answers.
        for _ in range(3):
            await pilot.press("escape")
        await app.workers.wait_for_complete()
        app.go_to(0, 0)
        app.go_to(0, 1)  # a fresh activation panel, focused
        await pilot.pause()
        before = app.panel.spec.cursor
        await pilot.press("right")
        assert app.step_index == 1
        assert app.panel.spec.cursor == before + 0.25
    assert app.return_code in (None, 0)
