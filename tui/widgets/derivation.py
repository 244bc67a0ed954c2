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

    def _parts(self, text: Text, parts: list[tuple[str, str]], width: int,
               lead: str = "") -> None:
        """``parts`` (text, style) three spaces apart on one line when they fit ``width``;
        else each on a line of its own, indented under the first, and a part too long for
        its line wrapped under its own start. At 80x24 "measured on g: (g(z + h) - g(z" then
        "- h)) / 2h" at the left edge read as two statements."""
        line = lead + "   ".join(part for part, _ in parts)
        if not width or cell_len(line) <= width:
            text.append(lead)
            for k, (part, style) in enumerate(parts):
                text.append(("   " if k else "") + part, style=style)
            text.append("\n")
            return
        for k, (part, style) in enumerate(parts):
            indent = lead + ("  " if k else "")
            room = max(8, width - cell_len(indent))
            for j, piece in enumerate(Text(part, style=style).wrap(self.app.console, room)):
                piece.rstrip()  # the space a line broke at
                text.append(indent + ("  " if j else ""))
                text.append_text(piece)
                text.append("\n")

    def _text(self, data: Derivation, compact: bool, skip: int = 0, width: int = 0) -> Text:
        text = Text()
        self._parts(text, [(tr(data.title), "bold"), (tr("at {at}", at=tr(data.at)), "bold")],
                    width)
        if skip:
            text.append(tr("(… {n} lines above)", n=skip) + "\n", style="dim")
        for i, row in enumerate(data.rows):
            if i < skip:
                continue
            newest = i == len(data.rows) - 1
            if compact and not newest and cell_len(row.text) + 8 > width:
                self._parts(text, [(row.text, ""), (row.value, "dim")], width)
                continue  # too long for one row: wrapped under itself, as when not compact
            if compact and not newest:  # one row: a value too long loses numbers ("…")
                text.append(row.text, style="")
                text.append(short_value(f"   {row.value}", width - cell_len(row.text)) + "\n",
                            style="dim")
                continue
            self._parts(text, [(row.text, "bold" if newest else "")], width)
            self._parts(text, [(row.value, "bold" if newest else "dim"),
                               (tr(row.reason), "italic dim")], width, lead="    ")
        revealed = len(data.rows) if data.revealed is None else data.revealed
        if revealed < data.total:
            self._parts(text, [(tr("({n} of {total} lines: ↓ for the next)", n=revealed,
                                   total=data.total), "dim")], width)
        elif data.note:
            self._parts(text, [(f"({tr(data.note)})", "dim")], width)
        text.rstrip()
        return text

    def _rows_needed(self, text: Text, width: int) -> int:
        return len(text.wrap(self.app.console, max(width, 1)))

    def _fit(self) -> None:
        data = self.data
        if data is None:
            return
        width, height = self.content_region.width, self.content_region.height
        text = self._text(data, compact=False, width=width)
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
