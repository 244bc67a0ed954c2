"""The live panel beside a step's text. One class per kind of panel (``Step.panel``).

A panel is focusable, so its own keys (BINDINGS) are live and shown in the footer while it
is on screen. Panels that train override the training hooks; the app calls them for space,
``r`` and when the step is left.
"""

from __future__ import annotations

import functools

from textual.containers import Vertical
from textual.css.query import NoMatches

from lessons.base import Step


def unless_removed(method):
    """Skip a redraw that arrives after the panel began to be removed (the learner pressed
    n twice quickly: the first panel's children are gone before its own Mount is handled)."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except NoMatches:
            if self.is_attached and not self._pruning and not self._closing:
                raise
            return None

    return wrapper


class Panel(Vertical, can_focus=True):
    DEFAULT_CSS = """
    Panel {
        width: 1fr;
        height: 1fr;
    }
    """

    trains = False  # does space / r apply?

    def __init__(self, step: Step, *, id: str | None = None):
        super().__init__(id=id, classes="panel")
        self.step = step
        self.settings = dict(step.settings)

    def on_mount(self) -> None:
        # The current step's panel takes the keys as soon as it exists (unless a modal
        # screen is open over the lesson).
        app = self.app
        if getattr(app, "panel", None) is self and app.screen is app.screen_stack[0]:
            self.focus()

    # -- training hooks (only panels that train override these) -------------------------------
    @property
    def running(self) -> bool:
        return False

    def toggle_training(self) -> None:
        pass

    def reset(self) -> None:
        pass

    def stop(self) -> None:
        """Stop any work at once: called when the step is left and when the app quits."""
