"""The knob line above a step's views: each knob's value and keys, packed onto as many rows
as the width needs (a knob is never split across two rows)."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


def pack(entries: list[Text], width: int, gap: str = "  ") -> list[Text]:
    rows: list[Text] = []
    for entry in entries:
        if rows and rows[-1].cell_len + len(gap) + entry.cell_len <= width:
            rows[-1].append(gap)
            rows[-1].append_text(entry)
        else:
            rows.append(entry.copy())
    return rows


class KnobLine(Widget):
    DEFAULT_CSS = """
    KnobLine {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    """

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.entries: list[Text] = []

    def show(self, entries: list[Text]) -> None:
        self.entries = entries
        self.refresh(layout=True)

    @property
    def plain(self) -> str:
        return "  ".join(entry.plain for entry in self.entries)

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(1, len(pack(self.entries, width)))

    def render(self) -> Text:
        return Text("\n").join(pack(self.entries, max(1, self.content_size.width)))
