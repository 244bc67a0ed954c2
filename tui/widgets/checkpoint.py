"""Checkpoints on screen: a prediction's question and choices, a challenge's goal, and the
verdict the run gave (``lessons.views.Question``, ``lessons.views.Verdict``).

Text is wrapped by Rich to the widget's width (cell widths: "×", "≤" and "‖" take one cell
each); a widget re-lays itself out only when what it shows changes (the verdict arriving),
never on the ~10 frames a second of a run that leave it alone.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from lessons.i18n import tr
from lessons.wording import ordinal
from lessons.view_data import Question, Verdict

from ..language import LanguageChanged

VERDICT_CSS = """
    height: auto;
    padding: 0 1;
    & > Static {
        height: auto;
    }
    & #verdict.right {
        color: $success;
        text-style: bold;
    }
    & #verdict.wrong {
        color: $error;
        text-style: bold;
    }
    & #why {
        color: $text-muted;
    }
"""


class _Checkpoint(Vertical):
    """What the learner is asked (``HEAD``), then the verdict and why."""

    HEAD = "head"
    deferred = False

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.data = None

    def compose(self) -> ComposeResult:
        yield Static(id=self.HEAD)
        yield Static(id="verdict")
        yield Static(id="why")

    def measure_size(self) -> None:
        return None

    def show(self, data) -> None:
        if data == self.data:
            return  # unchanged while the run goes: no repaint, no layout
        self.data = data
        self._draw(data)

    def _draw(self, data) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def on_language_changed(self, _message: LanguageChanged) -> None:
        if self.data is not None:  # shown unchanged since: tr() again in the new language
            self._draw(self.data)

    def _verdict(self, text: str, right: bool | None, why: str) -> None:
        verdict = self.query_one("#verdict", Static)
        verdict.update(text)
        verdict.display = bool(text)
        verdict.set_class(right is True, "right")
        verdict.set_class(right is False, "wrong")
        why_line = self.query_one("#why", Static)
        why_line.update(why)
        why_line.display = bool(why)

    @property
    def plain(self) -> str:
        """Everything shown, as plain text (what tests read)."""
        return "\n".join(str(static.content) for static in self.query(Static)
                         if static.display)


class QuestionView(_Checkpoint):
    """The question, its choices numbered 1..n (the learner's marked ▶), then the verdict:
    "right" or "not this time" with the run's numbers, and the choice the run produced."""

    DEFAULT_CSS = "QuestionView {" + VERDICT_CSS + "}"
    HEAD = "question"

    def _draw(self, data: Question) -> None:
        text = Text()
        text.append(tr(data.prompt) + "\n", style="bold")
        # Once the run has answered, the learner's own choice stays and the others give
        # their rows to the picture below: the verdict names the right one, and the
        # choices were read before the run (at 80x24 a plot kept 3 rows of canvas).
        decided = data.right is not None
        lines = [i for i in range(len(data.choices)) if not decided or i == data.chosen]
        for i in lines:
            chosen = i == data.chosen
            mark = "▶" if chosen else " "
            line = Text(f"{mark} {i + 1}  ", style="bold" if chosen else "")
            style = "bold" if chosen else ""
            if data.answer is not None and i == data.answer:
                style += " underline"
            line.append(tr(data.choices[i]), style=style.strip())
            text.append_text(line)
            if i != lines[-1]:
                text.append("\n")
        if data.chosen is None:
            text.append("\n\n" + tr("Press 1-{n} to choose; the engine decides.",
                                      n=len(data.choices)), style="dim italic")
        elif data.right is None:
            text.append("\n\n" + tr("Your choice is in: the run's results show when it ends."
                                      if data.running else
                                      "Your choice is in: the run decides."), style="dim italic")
        self.query_one("#question", Static).update(text)
        if data.right is None:
            self._verdict("", None, "")
            return
        if data.right and data.attempt > 1:
            head = tr("Right on the {nth} try: {answer}. Only a first answer passes.",
                      nth=ordinal(data.attempt), answer=tr(data.choices[data.answer]))
        elif data.right:
            head = tr("Right: {answer}.", answer=tr(data.choices[data.answer]))
        else:
            head = tr("Not this time: the answer is {answer}.",
                      answer=tr(data.choices[data.answer]))
        self._verdict(head, data.right, "\n".join(data.why))


class VerdictView(_Checkpoint):
    """A challenge's goal, then "passed" or "not yet" with the grade's line (before the end
    of a run: when it will be graded)."""

    DEFAULT_CSS = "VerdictView {" + VERDICT_CSS + "}"
    HEAD = "goal"

    def _draw(self, data: Verdict) -> None:
        self.query_one("#goal", Static).update(Text(tr("Goal: {goal}", goal=tr(data.goal)),
                                                    style="bold"))
        if data.passed is None:
            self._verdict("", None, data.line)
            return
        self._verdict(tr("Passed.") if data.passed else tr("Not yet."), data.passed, data.line)
