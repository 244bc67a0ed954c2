"""Every use dnn-tutor makes of Textual's private internals, in one place.

Written for the Textual versions in ``WRITTEN_FOR``; ``tests/tui/test_textual_private.py``
fails with a clear message on any other, so that an upgrade checks each use below (against
the new version's source) before raising the pin in pyproject.toml.

- ``option_lines``: where an ``OptionList``'s option is drawn (its first line and how many),
  which Textual keeps in private caches (``_index_to_line``, ``_heights``), so that moving
  the highlight repaints the two options it moved between, not the whole list.
- ``DrawnAfterBatch``: a screen that does not draw while a batch update holds the display.
  Textual's startup holds one (``App._process_messages``) around the first screen's mount,
  and a layout inside it draws the whole screen (``Screen._compositor_refresh``, called
  later) only for ``App._display`` to drop the frame: ~23 ms of dnn-tutor's ~300 ms launch
  at 120x40, drawn again right after the batch.
- ``bind_keys``: keys bound on one widget instance. Textual binds keys per class
  (``BINDINGS``) and, for the app only, with ``App.bind``; a widget cannot add bindings of
  its own at run time (Textual issue #5477, open). A step's knobs, its prediction's choices
  and its answer key come from the lesson's data, so its panel adds them to the map Textual
  builds for each instance from the class's ``BINDINGS`` (``DOMNode._bindings``).
"""

from __future__ import annotations

from typing import Iterable

from textual.binding import Binding
from textual.dom import DOMNode

WRITTEN_FOR = ("8.2.8",)


def textual_version() -> str:
    # Imported here: importlib.metadata costs ~40 ms at launch, and only the test asks.
    from importlib.metadata import version

    return version("textual")


def known_version() -> bool:
    """True when the installed Textual is one the uses below were written for."""
    return textual_version() in WRITTEN_FOR


def bind_keys(node: DOMNode, bindings: Iterable[Binding]) -> None:
    """Add ``bindings`` to ``node`` alone, after its class's own, in order (a key bound
    twice keeps both: the first whose action applies runs, as for ``BINDINGS``).

    Call it before the node is mounted: the footer and ``check_action`` read the map as it
    is then. The map is the node's own copy (``BindingsMap.copy``), but its lists are shared
    with the class: a key the class binds too gets a new list, never an appended one."""
    keys = node._bindings.key_to_bindings
    for binding in bindings:
        keys[binding.key] = [*keys.get(binding.key, ()), binding]


def option_lines(option_list, index: int) -> tuple[int, int] | None:
    """(first line, number of lines) of option ``index`` in ``option_list``'s content (its
    lines measured first, as Textual's own ``scroll_to_highlight`` does); None before the
    list has a size to measure them at."""
    option_list._update_lines()
    try:
        return option_list._index_to_line[index], option_list._heights[index]
    except KeyError:
        return None


class DrawnAfterBatch:
    """Mixed into a ``Screen`` (before it: ``class S(DrawnAfterBatch, Screen)``): its frames
    are not drawn while a batch update holds the display (they would be dropped); it is
    drawn once the batch has ended. Not a Screen itself: no screen of its own to open."""

    # How often a screen that skipped a frame looks whether the batch has ended.
    BATCH_LOOK = 1 / 60

    _drawing_owed = False

    def _compositor_refresh(self) -> None:
        if self.app._batch_count:
            if not self._drawing_owed:
                self._drawing_owed = True
                self.set_timer(self.BATCH_LOOK, self._draw_owed)
            return
        super()._compositor_refresh()

    def _draw_owed(self) -> None:
        if self.app._batch_count:
            self.set_timer(self.BATCH_LOOK, self._draw_owed)
            return
        self._drawing_owed = False
        self.refresh()  # the whole screen, at its next update
