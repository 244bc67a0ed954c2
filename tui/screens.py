"""Modal screens: the first-launch welcome and the help screen (every key, from the bindings)."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

WELCOME_KEYS = (
    ("n / p", "next / previous step (also PgDn / PgUp)"),
    ("] / [", "next / previous lesson"),
    ("space", "start / pause training"),
    ("r", "reset the experiment"),
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
        keys.add_row(key, does)
    return Group(
        Text("Welcome to dnn-tutor", style="bold"),
        Text(""),
        Text("Watch a neural network learn: every number and plot here is computed "
             "by a small NumPy network while you look."),
        Text(""),
        keys,
        Text(""),
        Text("Press Enter to begin.", style="bold"),
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


def bindings_table(rows: list[tuple[str, str, str]]) -> Table:
    table = Table(box=None, padding=(0, 2), show_header=True, header_style="bold")
    table.add_column("key", no_wrap=True, style="bold")
    table.add_column("does")
    table.add_column("where", style="dim")
    for key, description, where in rows:
        table.add_row(key, description, where)
    return table


class HelpScreen(ModalScreen[None]):
    """Lists every key: the app's, the lesson screen's and the current panel's."""

    BINDINGS = [Binding("escape,question_mark", "dismiss", "Close", tooltip="Close help")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 76; max-width: 95%; height: auto; max-height: 95%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; padding-bottom: 1; }
    HelpScreen #help-foot { color: $text-muted; padding-top: 1; }
    """

    def __init__(self, rows: list[tuple[str, str, str]]):
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Keys", id="help-title")
            with VerticalScroll():
                yield Static(bindings_table(self.rows))
            yield Static(Text("Mouse works too: click a lesson or step in the list. "
                              "Esc closes this help."), id="help-foot")

    def action_dismiss(self) -> None:
        self.dismiss(None)
