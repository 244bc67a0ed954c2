"""A derivation revealed line by line, and a question answered by typing."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from lessons.i18n import tr
from lessons.view_data import Answer, Derivation

from .strips import fit


def short_value(value: str, width: int) -> str:
    """``value`` in ``width`` cells: a list of numbers "(3, 5) [-0.33 -0.08 -0.22 …]" loses
    whole numbers from its end (never a number cut into another one); anything else is
    cut with an ellipsis."""
    if cell_len(value) <= width:
        return value
    head, bracket, inner = value.partition("[")
    numbers = [n for n in inner.rstrip("]").split() if n != "…"]
    for keep in range(len(numbers) - 1, 0, -1):
        shorter = f"{head}{bracket}{' '.join(numbers[:keep])} …]"
        if bracket and cell_len(shorter) <= width:
            return shorter
    return fit(value, width)


class DerivationView(Static):
    """Each line of a ``Derivation`` with, under it, its value at the probe point and why it
    follows from the line before; the newest line bold; the derivation's note at the end.

    It takes the room the panel gives it (``height: 1fr``) and keeps every revealed line in
    it: when they do not all fit in full, the earlier lines (the forward pass, while the
    backward pass is revealed) are kept as one line each, "text = value", and only the
    newest keeps its reason; only if even that does not fit do the oldest give way, said by
    a first line "(… k lines above)"."""

    DEFAULT_CSS = """
    DerivationView {
        height: 1fr;
        padding: 0 1;
    }
    """

    deferred = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.data: Derivation | None = None
        self.hidden = 0  # revealed lines that gave way (0 at any size they all fit)

    def measure_size(self) -> None:
        return None

    def show(self, data: Derivation) -> None:
        self.data = data
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _text(self, data: Derivation, compact: bool, skip: int = 0, width: int = 0) -> Text:
        text = Text()
        text.append(tr("{title}   at {at}", title=tr(data.title), at=tr(data.at)) + "\n",
                    style="bold")
        if skip:
            text.append(tr("(… {n} lines above)", n=skip) + "\n", style="dim")
        for i, row in enumerate(data.rows):
            if i < skip:
                continue
            newest = i == len(data.rows) - 1
            if compact and not newest:  # one row: a value too long loses numbers ("…")
                text.append(row.text, style="")
                text.append(short_value(f"   {row.value}", width - cell_len(row.text)) + "\n",
                            style="dim")
                continue
            text.append(row.text + "\n", style="bold" if newest else "")
            text.append(f"    {row.value}", style="bold" if newest else "dim")
            text.append(f"   {tr(row.reason)}\n", style="italic dim")
        revealed = len(data.rows) if data.revealed is None else data.revealed
        if revealed < data.total:
            text.append(tr("({n} of {total} lines: ↓ for the next)", n=revealed,
                           total=data.total), style="dim")
        elif data.note:
            text.append(f"({tr(data.note)})", style="dim")
        return text

    def _rows_needed(self, text: Text, width: int) -> int:
        return len(text.wrap(self.app.console, max(width, 1)))

    def _fit(self) -> None:
        data = self.data
        if data is None:
            return
        width, height = self.content_region.width, self.content_region.height
        text = self._text(data, compact=False)
        self.hidden = 0
        if self.is_mounted and width and height and self._rows_needed(text, width) > height:
            text = self._text(data, compact=True, width=width)
            skip = 0
            while self._rows_needed(text, width) > height and skip < len(data.rows) - 1:
                skip += 1
                text = self._text(data, compact=True, skip=skip, width=width)
            self.hidden = skip
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
