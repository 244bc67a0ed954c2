"""The lesson list: lessons in course order with the learner's progress, the current lesson's
steps under it, and the playground last."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from lessons.i18n import tr
from lessons.outline import CourseOutline, LessonOutline

from ..state import Position
from ..textual_private import option_lines

# A checkpoint passed, in the lesson list and its progress line (a neutral-width character:
# "★" takes two cells in terminals that set East Asian ambiguous width to wide).
PASSED_MARK = "✦"


def passed_checkpoints(position: Position, lesson: LessonOutline) -> set[int]:
    """The lesson's checkpoint steps the learner has passed (a stored index that is no
    longer a checkpoint, after the course changed, does not count)."""
    return set(position.passed.get(lesson.id, [])) & set(lesson.checkpoints)


def progress_text(position: Position, lesson: LessonOutline) -> str:
    """e.g. ``   seen 5/9, ✦ 1/2 passed``: steps seen, checkpoints passed."""
    seen = len(set(position.seen.get(lesson.id, [])) & set(range(len(lesson.steps))))
    text = tr("   seen {seen}/{n}", seen=seen, n=len(lesson.steps))
    if lesson.checkpoints:
        text += tr(", {mark} {passed}/{n} passed", mark=PASSED_MARK,
                   passed=len(passed_checkpoints(position, lesson)), n=len(lesson.checkpoints))
    return text


class LessonList(OptionList):
    """Lessons in course order with their progress; the current lesson's steps under it
    (the others' open when chosen: 46 options took ~45 ms of the first frame to draw).

    From 120 columns it stands beside the lesson; below that it opens over the text (``l``)
    with the focus, and closes when a step is chosen or on Escape (``Dismissed``)."""

    BINDINGS = [Binding("escape", "close", "close", tooltip="Close the lesson list",
                        show=False)]

    # Moving the highlight repaints the two options it moves between (``watch_highlighted``):
    # OptionList's own repaints the whole list, ~3.5 ms of every step change at 120x40.
    highlighted: reactive[int | None] = reactive(None, repaint=False)

    class Dismissed(Message):
        """Escape in the list while it is open over the text: close it."""

    def __init__(self, outline: CourseOutline, *, id: str | None = None):
        super().__init__(id=id)
        self.outline = outline

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        super().watch_highlighted(new)
        if not self.is_mounted:
            return
        for index in {old, new} - {None}:
            lines = option_lines(self, index) if index < self.option_count else None
            if lines is None:  # not measured yet: its first layout draws every option
                continue
            y, height = lines
            self.refresh(Region(0, y - round(self.scroll_offset.y), self.size.width, height))

    def action_close(self) -> None:
        if self.has_class("overlay"):
            self.post_message(self.Dismissed())

    # OptionList pages by its own height; with the layout hidden (terminal too small) that
    # height is 0 and Textual 8.2.8's page_down raises KeyError. Nothing to page then.
    def action_page_down(self) -> None:
        if self.scrollable_content_region.height > 0:
            super().action_page_down()

    def action_page_up(self) -> None:
        if self.scrollable_content_region.height > 0:
            super().action_page_up()

    def refresh_items(self, position: Position, lesson_index: int, step_index: int) -> None:
        options = []
        highlight = 0
        for li, lesson in enumerate(self.outline.lessons):
            # The title wraps as the list's width allows; the progress has a line of its own
            # (short enough for the narrowest list: 28 cells beside the text at 120 columns).
            entry = Text.assemble((f"{li + 1}. {tr(lesson.title)}", "bold"),
                                  "\n" + progress_text(position, lesson))
            options.append(Option(entry, id=f"lesson-{li}"))
            if li != lesson_index:
                continue
            passed = passed_checkpoints(position, lesson)
            for si, step in enumerate(lesson.steps):
                mark = "✓" if si in position.seen.get(lesson.id, []) else " "
                if si in passed:
                    mark = PASSED_MARK
                if li == lesson_index and si == step_index:
                    highlight = len(options)
                # Rich Text keeps the indent (a plain string's leading spaces are dropped).
                options.append(Option(Text(f"  {mark} {si + 1}. {tr(step.title)}"),
                                      id=f"step-{li}-{si}"))
        options.append(Option(Text.assemble((tr("Playground"), "bold"),
                                            ("\n" + tr("every option as a knob (P)"), "dim")),
                              id="playground"))
        if [option.id for option in options] == [option.id for option in self.options]:
            # The same entries (a step of the same lesson): only the prompts that changed
            # (a step's mark, the lesson's count); rebuilt, every entry was drawn again on
            # each step change, a third of the key's time.
            for option in options:
                if self.get_option(option.id).prompt != option.prompt:
                    self.replace_option_prompt(option.id, option.prompt)
        else:
            self.clear_options()
            self.add_options(options)
        self.highlighted = highlight
