"""One line of a widget drawn with the Line API: pieces placed at columns in any order, then
laid out left to right (a piece that would overlap an earlier one is dropped) and padded to
the width. The maps and the per-layer views compose their labels, bars and axes with it."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip


class PlacedLine:
    __slots__ = ("items", "width", "pad")

    def __init__(self, width: int, pad: Style):
        self.items: list[tuple[int, int, list[Segment]]] = []
        self.width = width
        self.pad = pad

    def free(self, a: int, b: int, gap: int = 1) -> bool:
        """True when columns a..b (and ``gap`` around them) hold nothing yet."""
        return 0 <= a and b <= self.width and all(
            b + gap <= x or a >= x + n + gap for x, n, _ in self.items)

    def put(self, x: int, text: str, style: Style, width: int | None = None) -> int:
        """Write ``text`` at column ``x``, cut to ``width`` cells and to the line; returns the
        cells written."""
        if x < 0 or x >= self.width:
            return 0
        room = self.width - x if width is None else min(width, self.width - x)
        if cell_len(text) > room:
            text = set_cell_size(text, room)
        if text:
            self.items.append((x, cell_len(text), [Segment(text, style)]))
        return cell_len(text)

    def extend(self, x: int, segments: list[Segment], length: int | None = None) -> None:
        """Place prebuilt segments (``length`` cells; counted when not given) at ``x``, if
        they fit the line."""
        if length is None:
            length = sum(cell_len(segment.text) for segment in segments)
        if 0 <= x and x + length <= self.width and length:
            self.items.append((x, length, segments))

    def strip(self) -> Strip:
        segments: list[Segment] = []
        at = 0
        for x, length, pieces in sorted(self.items, key=lambda item: item[0]):
            if x < at:
                continue
            if x > at:
                segments.append(Segment(" " * (x - at), self.pad))
            segments.extend(pieces)
            at = x + length
        if at < self.width:
            segments.append(Segment(" " * (self.width - at), self.pad))
        return Strip(segments, self.width)
