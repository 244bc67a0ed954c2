"""Screens over the lessons: the first-launch welcome, the too-small notice, and the help screen
(every key, from the bindings, and the step's knobs)."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Callable, Sequence

from rich.cells import cell_len
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from lessons.i18n import language, tr

from .widgets.lesson_text import TextScroll

if TYPE_CHECKING:
    from lessons.knobs import Knob

    from .panel import StepPanel

WELCOME_KEYS = (
    ("n / p", "next / previous step (also PgDn / PgUp)"),
    ("] / [", "next / previous lesson"),
    ("space", "start / pause training; < > slower / faster"),
    ("r", "reset the experiment"),
    ("keys", "each knob and its keys: the line over the views"),
    ("⇧↓ / ⇧↑", "scroll the step's text (when it goes on below)"),
    ("l", "show / hide the lesson list"),
    ("ctrl+p", "jump to any lesson or step; change theme"),
    ("?", "every key, for the step you are on"),
    ("q", "quit (your place is kept)"),
)


def welcome_text() -> Group:
    keys = Table(box=None, padding=(0, 2), show_header=False)
    keys.add_column(style="bold", no_wrap=True)
    keys.add_column()
    for key, does in WELCOME_KEYS:
        keys.add_row(tr(key), tr(does))
    return Group(
        Text(tr("Welcome to dnn-tutor"), style="bold"),
        Text(""),
        Text(tr("Watch a neural network learn: every number and plot here is computed "
                "by a small NumPy network while you look.")),
        Text(""),
        keys,
        Text(""),
        Text(tr("Press Enter to begin."), style="bold"),
    )


class WelcomeScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("enter,escape,space", "dismiss", "Begin", tooltip="Close and start the lesson"),
    ]

    DEFAULT_CSS = """
    WelcomeScreen { align: center middle; }
    WelcomeScreen > Vertical {
        width: 72; max-width: 95%; height: auto; max-height: 95%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(welcome_text())

    def action_dismiss(self) -> None:
        self.dismiss(None)


HELP_TEXT_WIDTH = 64  # within the help box's inner width at 80 columns, less its scrollbar


def columns_text(header: tuple[str, str, str] | None, rows: list[tuple[str, str, str]],
                 width: int = HELP_TEXT_WIDTH, title: str = "", key_width: int = 0) -> Text:
    """Rows of (key, what it does, a note) as aligned text under a bold ``header`` row (or
    none): the middle column wraps under itself. Plain Text, not a rich Table: a Table is
    measured and rendered again for every repaint, which made opening the help screen take
    ~100 ms. ``key_width``: at least this wide a key column (sections aligned alike)."""
    head = [header] if header else []
    key_width = max(key_width, *(cell_len(r[0]) for r in [*head, *rows]))
    note_width = max(cell_len(r[2]) for r in [*head, *rows])
    middle = max(20, width - key_width - note_width - (4 if note_width else 2))
    text = Text(no_wrap=True, overflow="crop")  # wrapped here, under its own column
    if title:
        text.append(title + "\n", style="bold")
    for i, (key, does, note) in enumerate([*head, *rows]):
        lines = wrap_cells(does, middle) or [""]
        style = "bold" if i == 0 and header else ""
        text.append(ljust_cells(key, key_width), style="bold")
        text.append("  " + ljust_cells(lines[0], middle), style=style)
        if note_width:
            text.append("  " + note, style="bold" if i == 0 and header else "dim")
        for more in lines[1:]:
            text.append("\n" + " " * (key_width + 2) + more, style=style)
        text.append("\n")
    text.rstrip()
    return text


def ljust_cells(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal cells (a Hangul syllable is two)."""
    return text + " " * (width - cell_len(text))


def wrap_cells(text: str, width: int) -> list[str]:
    """``textwrap.wrap`` by cells: words onto lines of at most ``width`` cells (a word longer
    than a line is split by cells)."""
    if cell_len(text) == len(text):
        return textwrap.wrap(text, width)  # one cell a character: as before
    lines: list[str] = []
    line = ""
    for word in text.split():
        while cell_len(word) > width:  # a word wider than a line: split it by cells
            head = ""
            for char in word:
                if cell_len(head + char) > width:
                    break
                head += char
            if line:
                lines.append(line)
                line = ""
            lines.append(head)
            word = word[len(head):]
        candidate = f"{line} {word}" if line else word
        if cell_len(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def bindings_text(rows: list[tuple[str, str, str]]) -> Text:
    """The keys under a heading per place they work (everywhere, this step): a third
    column saying so on every row took a quarter of the width and wrapped most lines."""
    key_width = max(cell_len(key) for key, _does, _where in rows)
    text = Text(no_wrap=True, overflow="crop")
    places = list(dict.fromkeys(where for _key, _does, where in rows))
    for i, place in enumerate(places):
        if i:
            text.append("\n\n")
        text.append_text(columns_text(
            None, [(key, does, "") for key, does, where in rows if where == place],
            title=place, key_width=key_width))
    return text


def knobs_text(rows: list[tuple[str, str, str]]) -> Text:
    # The ladder can be long: it goes on its own line under the knob.
    flat = []
    for keys, turns, value in rows:
        flat.append((keys, turns, ""))
        flat.append(("", value, ""))
    return columns_text((tr("keys"), tr("turns (turning one starts the run again)"), ""), flat,
                        title=tr("This step's knobs"))


class TooSmallScreen(ModalScreen[None]):
    """Over everything while the terminal is smaller than the app can use."""

    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; background: $background; }
    TooSmallScreen Static { width: 1fr; content-align: center middle; text-align: center;
                            text-style: bold; color: $foreground; }
    """

    def __init__(self, width: int, height: int):
        super().__init__()
        self.message = tr("Make the terminal at least {width}x{height} to use dnn-tutor.\n\n"
                          "(q quits)", width=width, height=height)

    def compose(self) -> ComposeResult:
        yield Static(self.message, id="too-small")


def binding_rows(app: App, sources: Sequence[tuple[str, Sequence[Binding]]],
                 applies: Callable[[Binding], bool] = lambda _binding: True,
                 ) -> list[tuple[str, str, str]]:
    """Every key of ``sources`` (where, its bindings) once, with what it does and where, in
    order; then the command palette's key. A key bound more than once (a short panel's m:
    the plot in the map's place, or the map in the plot's; else the next maps) is listed
    with what it does now: its first binding that ``applies``, as Textual runs the first
    whose action applies; if none does, its first."""
    runs: dict[str, Binding] = {}
    for _where, bindings in sources:
        for binding in bindings:
            for key in binding.key.split(","):
                if key not in runs or (applies(binding) and not applies(runs[key])):
                    runs[key] = binding
    rows = []
    for where, bindings in sources:
        for binding in bindings:
            if not any(runs[key] is binding for key in binding.key.split(",")):
                continue
            keys = binding.key_display or binding.key
            keys = ", ".join(app.get_key_display(Binding(k, "")) for k in keys.split(",")
                             if binding.key_display or runs[k] is binding)
            does = tr(binding.tooltip or binding.description)
            if rows and rows[-1][1:] == (does, where):
                # A pair said in one sentence (a knob's h and H: "more h, fewer H"): one row.
                keys = f"{rows.pop()[0]}, {keys}"
            rows.append((keys, does, where))
    rows.append(("ctrl+p", tr("Command palette: jump to a lesson or step, change theme"),
                 tr("everywhere")))
    return rows


def knob_rows(panel: StepPanel) -> list[tuple[str, str, str]]:
    """The panel's knobs: keys, what each turns, its value now and its ladder."""
    spec = panel.spec
    rows = []
    for knob in panel.step.knobs_for(spec):
        rows.append((knob.keys_text, tr(knob.describe or knob.label),
                     tr("now {value}; ladder: {ladder}", value=knob.shown(knob.value_in(spec)),
                        ladder=ladder_text(knob))))
    return rows


def ladder_text(knob: Knob) -> str:
    """A knob's values for the help screen; a long ladder (seeds, widths) by its ends."""
    values = [knob.shown(v) for v in knob.values]
    if len(values) <= 14:
        return ", ".join(values)
    return tr("{first} … {last} ({n} values)", first=", ".join(values[:3]), last=values[-1],
              n=len(values))


def reused_help(app: App, name: str, rows: list[tuple[str, str, str]],
                knobs: list[tuple[str, str, str]]) -> HelpScreen:
    """The help screen installed in ``app`` as ``name``, filled with ``rows`` and ``knobs``
    (``HelpScreen.show``); the first time, a new one installed: closing it then keeps it for
    the next ``?``, which composing and mounting a new one made ~55-75 ms."""
    if app.is_screen_installed(name):
        screen = app.get_screen(name)
        assert isinstance(screen, HelpScreen), name  # only help screens go by these names
        screen.show(rows, knobs)
        return screen
    screen = HelpScreen(rows, knobs)
    app.install_screen(screen, name)
    return screen


class HelpScreen(Screen[None]):
    """Lists every key (the app's and the current step's) and the step's knobs.

    A full screen, not a modal one: a modal screen shows the lesson dimmed beneath it, so
    opening it re-rendered the whole lesson screen too (~150 ms instead of ~40)."""

    BINDINGS = [Binding("escape,question_mark", "dismiss", "Close", tooltip="Close help")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; background: $background; }
    HelpScreen > Vertical {
        width: 76; max-width: 95%; height: auto; max-height: 95%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; padding-bottom: 1; }
    HelpScreen #help-foot { color: $text-muted; padding-top: 1; }
    HelpScreen #help-more { text-align: right; text-style: bold; display: none; }
    HelpScreen #help-knobs { padding-top: 1; }
    """

    def __init__(self, rows: list[tuple[str, str, str]],
                 knobs: list[tuple[str, str, str]] = ()):
        super().__init__()
        self.rows = rows
        self.knobs = list(knobs)
        self._filled_in: str | None = None  # the language of the texts shown

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="help-title")
            with TextScroll(id="help-keys"):
                yield Static(id="help-bindings")
                yield Static(id="help-knobs")
            yield Static(id="help-more")
            yield Static(id="help-foot")

    def on_mount(self) -> None:
        self._fill()
        # The list scrolls at 80x24 (a step with knobs has ~35 rows for ~17): its keys
        # (↓, PgDn, End) work at once, and a mark says when more is below.
        self.query_one(TextScroll).focus()

    def show(self, rows: list[tuple[str, str, str]],
             knobs: list[tuple[str, str, str]] = ()) -> None:
        """The keys of the step now (another step, a knob turned, another language): the
        same screen filled again, shown from its top. Opening help reuses one screen: composing
        and mounting a new one took three layouts of the whole screen (~55 ms of a ~60 ms
        ``?`` at 120x40)."""
        knobs = list(knobs)
        if (rows, knobs, language()) != (self.rows, self.knobs, self._filled_in):
            self.rows, self.knobs = rows, knobs
            if self.is_mounted:
                self._fill()
        if self.is_mounted:
            self.query_one(TextScroll).scroll_home(animate=False)

    def _fill(self) -> None:
        """Every text of the screen from ``rows`` and ``knobs``, in the language now."""
        self._filled_in = language()
        self.query_one("#help-title", Static).update(tr("Keys"))
        self.query_one("#help-bindings", Static).update(bindings_text(self.rows))
        knobs = self.query_one("#help-knobs", Static)
        knobs.display = bool(self.knobs)
        knobs.update(knobs_text(self.knobs) if self.knobs else "")
        self.query_one("#help-more", Static).update(tr("▼ more below: ↓ or PgDn"))
        self.query_one("#help-foot", Static).update(Text(tr(
            "Mouse works too: click a lesson or step in the list. Esc closes this help.")))

    def on_text_scroll_more_below(self, message: TextScroll.MoreBelow) -> None:
        self.query_one("#help-more").display = message.more

    def action_dismiss(self) -> None:
        self.dismiss(None)
