"""The mechanisms a ``lesson.toml`` names, each registered once in Python under a name.

A lesson is data (``lessons/course/<id>/lesson.toml`` and its Markdown texts); what the data
names is code registered here: the kinds of experiment a step can run, the views that draw
it, the run-table columns, the knobs, the value formats of a custom knob, the facts a text
quotes and the graders of checkpoints. A step that needs a mechanism nobody registered yet
gets it in Python, once (``lessons/mechanisms/``), and then any lesson may name it.

Lookups load every mechanism module first, so a name is known however the registry is
reached; an unknown name is a ``KeyError`` whose message lists the names that exist (and the
closest one), which ``dnn-tutor lesson check`` prints as it is.
"""

from __future__ import annotations

import difflib
from typing import Callable, Generic, Iterator, TypeVar

T = TypeVar("T")


class UnknownName(KeyError):
    """A name no mechanism was registered under; ``str()`` is the whole message."""

    def __str__(self) -> str:
        return str(self.args[0])


class Registry(Generic[T]):
    """Names -> mechanisms of one sort (``what``: "view", "fact" ...)."""

    def __init__(self, what: str):
        self.what = what
        self._items: dict[str, T] = {}

    def register(self, name: str, item: T | None = None):
        """``REGISTRY.register("name", item)``, or as a decorator ``@REGISTRY.register("name")``.
        A name is registered once: a second registration is a bug, not an override."""

        def add(thing: T) -> T:
            if name in self._items:
                raise ValueError(f"{self.what} {name!r} is registered twice")
            self._items[name] = thing
            return thing

        return add if item is None else add(item)

    def get(self, name: str) -> T:
        load_mechanisms()
        try:
            return self._items[name]
        except KeyError:
            raise UnknownName(self.unknown(name)) from None

    def unknown(self, name: str) -> str:
        """The message for a name that is not registered: the closest names, then all."""
        load_mechanisms()
        close = difflib.get_close_matches(str(name), self._items, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return (f"unknown {self.what} {name!r}{hint}; known: "
                + ", ".join(sorted(self._items)))

    def __contains__(self, name: object) -> bool:
        load_mechanisms()
        return name in self._items

    def names(self) -> list[str]:
        load_mechanisms()
        return sorted(self._items)

    def items(self) -> Iterator[tuple[str, T]]:
        load_mechanisms()
        return iter(sorted(self._items.items()))


# What an experiment kind builds from a step's ``[experiment]`` table (``lessons.loader``).
EXPERIMENT_KINDS: Registry[Callable] = Registry("experiment kind")
VIEWS: Registry[type] = Registry("view")
COLUMNS: Registry = Registry("column")
KNOBS: Registry[Callable] = Registry("knob")
FORMATS: Registry[Callable] = Registry("format")
FACTS: Registry = Registry("fact")
GRADERS: Registry = Registry("grader")

_loaded = False


def load_mechanisms() -> None:
    """Import every module that registers mechanisms (once)."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    from . import mechanisms  # noqa: F401  (registers on import)
