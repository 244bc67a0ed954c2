"""The footer: the keys that matter now, on one line.

Textual's ``Footer`` recomposes a widget per key every time the bindings change (every step
change, every focus move): ~70 ms of a ~110 ms step change at 120x40. This bar draws the same
keys as one line of text, and only when the line would differ: ~1 ms.

It shows the bindings with ``show=True`` that apply now (``Screen.active_bindings``, which
asks each ``check_action``): disabled ones dimmed, hidden ones left out. Secondary keys are
``show=False`` and listed by ``?``.

While a text input on a screen above the bar's own has the keys (the command palette), the bar
shows that screen's keys instead: there every letter is typed (``q`` too), and the bar says
how to leave rather than listing letters that no longer work.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from lessons.i18n import tr

from ..language import LanguageChanged


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.line = ""  # the keys as plain text (tests read it)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.app.screen_change_signal.subscribe(self, self._screen_changed)
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._draw(force=True))

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)
        self.app.screen_change_signal.unsubscribe(self)

    def _screen_changed(self, screen) -> None:
        if screen is not self.screen:  # its focus moving (to its input) changes its keys
            screen.bindings_updated_signal.unsubscribe(self)
            screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        if self.is_attached:
            self._draw()

    def _bindings_changed(self, screen) -> None:
        if self.is_attached and screen is self.keys_screen:
            self._draw()

    @property
    def keys_screen(self):
        """The screen whose keys the bar shows: its own, or a screen above it whose text
        input has the keys."""
        top = self.app.screen
        if top is not self.screen and takes_text(top.focused):
            return top
        return self.screen

    def entries(self) -> list[tuple[str, str, bool]]:
        """(key as shown, description, enabled) of every key on the bar, in order."""
        seen_actions = set()
        out = []
        for active in self.keys_screen.active_bindings.values():
            binding = active.binding
            if not binding.show or binding.action in seen_actions:
                continue
            seen_actions.add(binding.action)  # "n" and "pagedown": one entry
            out.append((self.app.get_key_display(binding), tr(binding.description),
                        active.enabled))
        return out

    def on_language_changed(self, _message: LanguageChanged) -> None:
        self._draw(force=True)  # the labels in the new language

    def _draw(self, force: bool = False) -> None:
        entries = self.entries()
        line = "  ".join(f"{key} {what}" for key, what, _on in entries)
        if line == self.line and not force:
            return
        self.line = line
        key_style = f"bold {self.app.theme_variables.get('footer-key-foreground', '')}".strip()
        text = Text(no_wrap=True, overflow="ellipsis")
        for i, (key, what, enabled) in enumerate(entries):
            if i:
                text.append("  ")
            text.append(key, style=key_style if enabled else "dim")
            text.append(f" {what}", style="" if enabled else "dim")
        self.update(text, layout=False)


def takes_text(widget) -> bool:
    """True for a widget that types the letters pressed in it (an input)."""
    return widget is not None and widget.check_consume_key("q", "q")
