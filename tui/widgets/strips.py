"""Widgets drawn from prebuilt lines: ``StripView`` builds its ``Strip``s in ``show()`` and
again on a resize or a theme change; ``render_line`` only hands them out. The maps, the
per-layer views and the network diagram are drawn this way. ``fit`` cuts a label to its room."""

from __future__ import annotations

from typing import Any, Callable

from rich.cells import cell_len, set_cell_size
from textual.strip import Strip
from textual.widget import Widget


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells, with an ellipsis when cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…" if width > 1 else set_cell_size(text, 1)


class StripView(Widget):
    """A view widget whose lines are built in ``show()`` and on resize / theme change.

    A subclass makes its styles from the theme (``_make_styles``: an object with a ``base``
    style, the blank around the lines) and builds its lines from the data, the size and those
    styles (``_build_strips``)."""

    deferred = False   # drawn at once in show(): a panel need not wait for it

    def __init__(self, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self._data = None
        self._strips: list[Strip] = []
        self._styles = None  # made from the theme on the first build after a change
        self.builds = 0      # how many times the strips were built (tests, benchmarks)

    # -- public ----------------------------------------------------------------------------------
    def show(self, data, on_drawn: Callable[[], None] | None = None) -> None:
        """Draw ``data`` now (the next frame shows it); ``on_drawn`` runs right after, for
        callers that treat all views alike."""
        self._data = data
        self._build()
        if on_drawn is not None:
            on_drawn()

    def measure_size(self) -> Any:
        return None

    @property
    def data(self):
        return self._data

    @property
    def strips(self) -> list[Strip]:
        """The prebuilt lines, top to bottom (tests read them)."""
        return self._strips

    @property
    def plain(self) -> str:
        """The picture as plain text, one line each, right-trimmed."""
        return "\n".join(strip.text.rstrip() for strip in self._strips)

    # -- Textual ---------------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._on_theme_changed)

    def _on_theme_changed(self, _theme) -> None:
        self._styles = None
        self._build()

    def on_resize(self) -> None:
        self._build()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        pad = self._styles.base if self._styles else self.rich_style
        if y < len(self._strips):
            strip = self._strips[y]
            return strip if strip.cell_length == width else strip.crop_extend(0, width, pad)
        return Strip.blank(width, pad)

    # -- building --------------------------------------------------------------------------------
    def _build(self) -> None:
        if not self.is_mounted:
            return
        if self._styles is None:
            self._styles = self._make_styles()
        width, height = self.size.width, self.size.height
        if self._data is None or width <= 0 or height <= 0:
            self._strips = self._no_strips()
        else:
            self._strips = self._build_strips(self._data, width, height, self._styles)
        self.builds += 1
        self.refresh()

    def _no_strips(self) -> list[Strip]:
        """Nothing to draw (no data yet, or no room)."""
        return []

    def _make_styles(self):
        raise NotImplementedError

    def _build_strips(self, data, width: int, height: int, styles) -> list[Strip]:
        raise NotImplementedError
