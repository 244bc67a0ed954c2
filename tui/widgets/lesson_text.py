"""A step's text: the small part of Markdown the lesson texts use, drawn as one widget.

The texts use a title (``# ...``), paragraphs, ``-`` and ``1.`` lists, ``**bold**``,
``*italic*`` and ```code```. Textual's ``Markdown`` widget draws those as a tree of widgets,
and importing its parser and building the tree cost ~60 ms of launch and ~25 ms of every step
change; this widget draws the same as styled text in one pass, list items wrapped under their
own text.
"""

from __future__ import annotations

import re

from rich.console import Console, ConsoleOptions, RenderResult
from rich.style import Style
from rich.text import Text
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from .palette import MIN_CONTRAST, is_dark, readable, theme_rgb

_INLINE = re.compile(r"\*\*(?P<bold>.+?)\*\*|`(?P<code>[^`]+)`|\*(?P<italic>[^*]+?)\*")
# How many (text, width) -> rows answers ``LessonText.rows_at`` keeps: a step's fit tries
# ~5 widths at each of 2 content widths; 256 is dozens of steps, a few kilobytes.
ROWS_KEPT = 256
_ITEM = re.compile(r"^(?P<mark>[-*]|\d+\.)\s+(?P<text>.*)$")


def inline(source: str, code_style: Style) -> Text:
    """``**bold**``, ``*italic*`` and ```code``` inside one paragraph."""
    text = Text()
    at = 0
    for match in _INLINE.finditer(source):
        text.append(source[at:match.start()])
        if match.group("bold") is not None:
            inner = inline(match.group("bold"), code_style)
            inner.stylize("bold")
            text.append_text(inner)
        elif match.group("code") is not None:
            text.append(match.group("code"), style=code_style)
        else:
            text.append(match.group("italic"), style="italic")
        at = match.end()
    text.append(source[at:])
    return text


def blocks(source: str) -> list[tuple[str, str, str]]:
    """(kind, marker, text) per block: kind "title", "para" or "item"; lines of a paragraph
    or of an item joined with spaces."""
    out: list[tuple[str, str, str]] = []
    for line in source.splitlines():
        stripped = line.strip()
        item = _ITEM.match(stripped)
        if not stripped:
            out.append(("gap", "", ""))
        elif stripped.startswith("#"):
            out.append(("title", "", stripped.lstrip("#").strip()))
        elif item:
            mark = "•" if item.group("mark") in "-*" else item.group("mark")
            out.append(("item", mark, item.group("text")))
        elif out and out[-1][0] in ("para", "item"):  # a paragraph or item goes on
            kind, mark, text = out[-1]
            out[-1] = (kind, mark, f"{text} {stripped}")
        else:
            out.append(("para", "", stripped))
    merged: list[tuple[str, str, str]] = []
    for block in out:  # one gap between blocks, none at the ends
        if block[0] == "gap" and (not merged or merged[-1][0] == "gap"):
            continue
        merged.append(block)
    while merged and merged[-1][0] == "gap":
        merged.pop()
    return merged


class _Rendered:
    """The blocks wrapped to the width they are drawn at."""

    def __init__(self, source: str, code_style: Style, heading: bool = True):
        self.blocks = blocks(source)
        if not heading:  # the title, and the gap under it
            while self.blocks and self.blocks[0][0] in ("title", "gap"):
                self.blocks.pop(0)
        self.code_style = code_style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = Text()
        for prefix, wrapped in self._wrapped(console, options.max_width):
            if wrapped is None:  # a gap
                lines.append("\n")
                continue
            for i, line in enumerate(wrapped):
                lines.append(prefix if i == 0 else " " * len(prefix))
                lines.append_text(line)
                lines.append("\n")
        lines.rstrip()
        yield lines

    def rows(self, console: Console, width: int) -> int:
        """How many lines ``__rich_console__`` makes at ``width``, without making them (the
        text column is fitted by trying widths: ~1 ms a width saved)."""
        return sum(1 if wrapped is None else len(wrapped)
                   for _, wrapped in self._wrapped(console, width))

    def _wrapped(self, console: Console, width: int):
        """(prefix, the block's lines) per block; (``""``, None) for a gap."""
        for kind, mark, body in self.blocks:
            if kind == "gap":
                yield "", None
                continue
            text = inline(body, self.code_style)
            if kind == "title":
                text.stylize("bold")
                text.justify = "center"
                yield "", text.wrap(console, width, justify="center")
                continue
            prefix = f" {mark} " if kind == "item" else ""
            yield prefix, text.wrap(console, max(8, width - len(prefix)))


class LessonText(Widget):
    """Shows a step's Markdown text (``update(source)``)."""

    DEFAULT_CSS = """
    LessonText {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.source = ""
        # False: the text starts below its ``# heading`` (the screen's title line shows it
        # whole, and at 80x24 the row is worth a line of the text).
        self.heading = True
        self._rows: dict[tuple, int] = {}  # ``rows_at``'s answers

    def update(self, source: str) -> None:
        self.source = source
        self.refresh(layout=True)

    def show_heading(self, shown: bool) -> None:
        if shown != self.heading:
            self.heading = shown
            self.refresh(layout=True)

    def render(self) -> _Rendered:
        return _Rendered(self.source, self._code_style(), self.heading)

    def rows_at(self, width: int) -> int:
        """The rows the text takes drawn ``width`` cells wide, padding included. Kept per
        text and width: a step's text is fitted again each time it is shown (``n`` then
        ``p``), and at two content widths when the lesson list opens and closes (``l``)."""
        inner = max(1, width - self.styles.padding.width)
        rendered = self.render()
        key = (self.source, self.heading, rendered.code_style, inner)
        rows = self._rows.get(key)
        if rows is None:
            if len(self._rows) >= ROWS_KEPT:
                self._rows.clear()
            rows = self._rows[key] = rendered.rows(self.app.console, inner)
        return rows

    def _code_style(self) -> Style:
        """Code in the theme's accent colour, darkened or lightened until it reads on the
        background (textual-light's orange does not as it is)."""
        variables = self.app.theme_variables
        accent = theme_rgb(variables, "accent")
        background = theme_rgb(variables, "background")
        if accent is None or background is None:  # a theme without them: plain bold
            return Style(bold=True)
        rgb = readable(accent, background, is_dark(background), MIN_CONTRAST)
        return Style(bold=True, color=f"rgb({rgb[0]},{rgb[1]},{rgb[2]})")


class TextScroll(VerticalScroll):
    """The step's text, scrolled: it says when part of the text is below the fold
    (``MoreBelow``), so the screen can show a mark and the key that brings it up."""

    class MoreBelow(Message):
        def __init__(self, more: bool):
            super().__init__()
            self.more = more

    # Some of the text is below the fold (a text cut at 80x24 read as complete before).
    more_below: reactive[bool] = reactive(False, init=False)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._measure()

    def on_resize(self) -> None:  # the column's size changed
        self._measure()

    def watch_virtual_size(self) -> None:
        # The text's height changed (filled in, another step's): Textual sends Resize only
        # when the widget's own region changes, so a text that grew below the fold in the
        # same column left the mark off (and the footer without its key).
        self._measure()

    def _measure(self) -> None:
        self.more_below = round(self.scroll_y) < self.max_scroll_y

    def watch_more_below(self, more: bool) -> None:
        self.post_message(self.MoreBelow(more))

    def page(self, direction: int) -> None:
        """A page down (1) or up (-1), keeping two lines of the last one for context."""
        step = max(1, self.scrollable_content_region.height - 2)
        self.scroll_to(y=self.scroll_y + direction * step, animate=False)
