"""A derivation revealed line by line, and a question answered by typing."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from lessons.i18n import tr
from lessons.view_data import Answer, Derivation


class DerivationView(Static):
    """Each line of a ``Derivation`` with, under it, its value at the probe point and why it
    follows from the line before; the newest line bold; the derivation's note at the end."""

    DEFAULT_CSS = """
    DerivationView {
        height: auto;
        padding: 0 1;
    }
    """

    deferred = False

    def measure_size(self) -> None:
        return None

    def show(self, data: Derivation) -> None:
        text = Text()
        text.append(tr("{title}   at {at}", title=tr(data.title), at=tr(data.at)) + "\n",
                    style="bold")
        for i, row in enumerate(data.rows):
            newest = i == len(data.rows) - 1
            text.append(row.text + "\n", style="bold" if newest else "")
            text.append(f"    {row.value}", style="bold" if newest else "dim")
            text.append(f"   {tr(row.reason)}\n", style="italic dim")
        revealed = len(data.rows) if data.revealed is None else data.revealed
        if revealed < data.total:
            text.append(tr("({n} of {total} lines: ↓ for the next)", n=revealed,
                           total=data.total), style="dim")
        elif data.note:
            text.append(f"({tr(data.note)})", style="dim")
        self.update(text)

    @property
    def plain(self) -> str:
        return str(self.content)


class AnswerInput(Input):
    """The answer's input line. While it has the focus every printable key is a letter (q
    too): the key bar then shows only how to send the answer and how to leave the input."""

    BINDINGS = [
        Binding("enter", "submit", "check", tooltip="Check the answer"),
        Binding("escape", "leave", "leave the answer",
                tooltip="Leave the answer: the step's keys (and q) work again"),
    ]

    def action_leave(self) -> None:
        # The keys go back to the step: its panel, the nearest ancestor that takes focus.
        panel = next((node for node in self.ancestors
                      if isinstance(node, Widget) and node.can_focus), None)
        self.screen.set_focus(panel)


class AnswerView(Vertical):
    """A prompt, an input line and the verdict. Enter in the input sends the text to the
    panel (``Answered``), which stores it in the experiment spec and so gets the verdict
    back in the next frame; Escape leaves the input (``AnswerInput``)."""

    DEFAULT_CSS = """
    AnswerView {
        height: auto;
        padding: 0 1;
    }
    AnswerView Input {
        margin: 1 0;
    }
    AnswerView #verdict.right {
        color: $success;
    }
    AnswerView #verdict.wrong {
        color: $error;
    }
    """

    deferred = False

    class Answered(Message):
        def __init__(self, view: "AnswerView", field: str, text: str):
            super().__init__()
            self.view = view
            self.field = field
            self.text = text

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.data: Answer | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="prompt")
        yield AnswerInput(placeholder=tr("type here, then Enter (Esc leaves)"), id="answer")
        yield Static(id="verdict")

    def measure_size(self) -> None:
        return None

    def show(self, data: Answer) -> None:
        self.data = data
        self.query_one("#prompt", Static).update(tr(data.prompt))
        verdict = self.query_one("#verdict", Static)
        verdict.update(data.verdict)
        verdict.set_class(data.right is True, "right")
        verdict.set_class(data.right is False, "wrong")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.data is not None:
            self.post_message(self.Answered(self, self.data.field, event.value))
