"""Every use dnn-tutor makes of Textual's private internals, in one place.

Written for the Textual versions in ``WRITTEN_FOR``; ``tests/tui/test_textual_private.py``
fails with a clear message on any other, so that an upgrade checks each use below (against
the new version's source) before raising the pin in pyproject.toml.

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
