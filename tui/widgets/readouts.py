"""Numbers and text that update live: a ``Table`` view and a ``Notes`` view."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Group
from rich.style import Style
from rich.table import Table as RichTable
from rich.text import Text
from textual.widgets import Static

from lessons.view_data import Cell, Notes, Table

from .palette import palette_from_theme


COLUMN_GAP = 2  # cells between two columns of a table


def fitted_header(data: Table, width: int) -> tuple[str, ...]:
    """The table's headings, a heading wider than its column's cells broken onto a second
    line at a space (the widest first) while the table is wider than ``width``: a heading
    is never cut ("테스트 정확도" at 80x24 read "테스트 정확…", and its cells were cut too)."""
    header = list(data.header)
    columns = max([len(header), *(len(row) for row in data.rows)])
    header += [""] * (columns - len(header))
    cells = [max((cell_len(row[i].text) for row in data.rows if i < len(row)), default=0)
             for i in range(columns)]

    def heading_width(i: int) -> int:
        return max(cell_len(line) for line in header[i].split("\n"))

    def table_width() -> int:
        return sum(max(cells[i], heading_width(i)) for i in range(columns)) + COLUMN_GAP * (
            columns - 1)

    while table_width() > width:
        wider = [i for i in range(columns) if heading_width(i) > cells[i]
                 and " " in header[i].split("\n")[-1]]
        if not wider:
            break
        i = max(wider, key=heading_width)
        *done, last = header[i].split("\n")
        words = last.split(" ")
        # The break that leaves the widest line shortest.
        best = min(range(1, len(words)), key=lambda k: max(
            cell_len(" ".join(words[:k])), cell_len(" ".join(words[k:]))))
        header[i] = "\n".join([*done, " ".join(words[:best]), " ".join(words[best:])])
    return tuple(header[:len(data.header)])


def cell_style(cell: Cell, palette) -> Style:
    color = None
    if cell.alarm:
        color = "red"
    elif cell.color is not None:
        rgb = palette.series[cell.color % len(palette.series)]
        color = f"rgb({rgb[0]},{rgb[1]},{rgb[2]})"
    return Style(color=color, bold=cell.bold or cell.alarm)


def table_renderable(data: Table, header: tuple[str, ...], palette):
    """The table drawn with ``header`` (``fitted_header``): its title, then the columns."""
    table = RichTable.grid(padding=(0, COLUMN_GAP))
    width = max([len(data.header), *(len(r) for r in data.rows)])
    for i in range(width):
        label = i == 0 and data.first_is_label
        # A heading on two lines (``fitted_header``): the others beside its last line.
        table.add_column(justify="left" if label else "right", no_wrap=True,
                         vertical="bottom")
    table.add_row(*(Text(h, style="bold") for h in header))
    for row in data.rows:
        table.add_row(*(Text(c.text, style=cell_style(c, palette)) for c in row))
    return table if not data.title else Group(Text(data.title, style="bold"), table)


class TableView(Static):
    """A ``lessons.views.Table``: a header, then rows; a cell's colour slot is the theme's
    series colour (the colour of its run or function, as in the plots)."""

    DEFAULT_CSS = """
    TableView {
        height: auto;
        width: 1fr;
        padding: 0 1;
    }
    """

    deferred = False

    def __init__(self, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self._data: Table | None = None
        self._shape: tuple | None = None

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._draw())

    def measure_size(self) -> None:
        return None

    def on_resize(self) -> None:
        self._draw()  # the title may wrap onto another number of lines at the new width

    def show(self, data: Table) -> None:
        self._data = data
        self._draw()

    @property
    def plain(self) -> str:
        """The rows as plain text, one line each (what tests and benchmarks read)."""
        if self._data is None:
            return ""
        return "\n".join("  ".join(cell.text for cell in row) for row in self._data.rows)

    def _draw(self) -> None:
        data = self._data
        if data is None or not self.is_mounted:
            return
        palette = palette_from_theme(self.app.theme_variables)
        header = fitted_header(data, self.content_size.width or 10**6)
        body = table_renderable(data, header, palette)
        # The height is "auto" and cells never wrap: only another number of rows, or a
        # title or heading that wraps onto another number of lines, changes it (backprop's
        # check: "→ backprop is wrong" wraps where "agrees" did not, and the last row was
        # cut). Without a layout a live update (~10 a second while training) repaints this
        # widget instead of re-arranging the whole screen.
        shape = (len(data.rows), self._title_lines(data.title),
                 max((h.count("\n") for h in header), default=0))
        self.update(body, layout=shape != self._shape)
        self._shape = shape


    def _title_lines(self, title: str) -> int:
        """The lines ``title`` takes at this widget's width now (0: no title)."""
        if not title:
            return 0
        width = self.content_size.width
        if width <= 0:  # not laid out yet: the first layout measures it
            return 1
        return len(Text(title).wrap(self.app.console, width))


class NotesView(Static):
    """A ``lessons.views.Notes``: a few lines of text with live numbers."""

    DEFAULT_CSS = """
    NotesView {
        height: auto;
        width: 1fr;
        padding: 0 1;
        color: $text-muted;
    }
    """

    deferred = False

    def __init__(self, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self._line_count: int | None = None  # of the notes shown: another count needs a layout

    def measure_size(self) -> None:
        return None

    def show(self, data: Notes) -> None:
        lines = len(data.lines)
        self.update(Text("\n".join(data.lines)), layout=lines != self._line_count)
        self._line_count = lines

    @property
    def plain(self) -> str:
        return str(self.content)
