"""Readouts: a small table of named numbers that update live."""

from __future__ import annotations

from typing import Iterable, Sequence

from rich.table import Table
from rich.text import Text
from textual.widgets import Static


class Readouts(Static):
    """Rows of ``(label, value, ...)``; the first row may be a header (``header=...``)."""

    rows: list[tuple[str, ...]] = []

    DEFAULT_CSS = """
    Readouts {
        height: auto;
        width: 1fr;
        padding: 0 1;
    }
    """

    def show_rows(
        self,
        rows: Iterable[Sequence[str | Text]],
        header: Sequence[str] | None = None,
    ) -> None:
        table = Table.grid(padding=(0, 2))
        rows = list(rows)
        shape = (len(rows), bool(header))
        self.rows = [tuple(str(cell) for cell in row) for row in rows]
        width = max((len(r) for r in rows), default=len(header or ()))
        for i in range(width):
            table.add_column(justify="left" if i == 0 else "right", no_wrap=True)
        if header:
            table.add_row(*(Text(h, style="bold") for h in header))
        for row in rows:
            table.add_row(*row)
        # The height is "auto" and cells never wrap: only another number of rows changes
        # it. Without a layout a live update (~10 a second while training) repaints this
        # widget instead of re-arranging the whole screen.
        self.update(table, layout=shape != getattr(self, "_shape", None))
        self._shape = shape

    @property
    def plain(self) -> str:
        """The rows as plain text, one line each (what tests and benchmarks read)."""
        return "\n".join("  ".join(row) for row in self.rows)
