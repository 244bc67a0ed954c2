"""The lesson screen: the lesson list, the step's title and text beside its live panel, the
keys that move through the course, and the learner's place in it (saved at every step)."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Callable, Mapping

from rich.cells import cell_len
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive, reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import get_current_worker

from lessons.i18n import language, tr
from lessons.outline import CourseOutline, LessonOutline

from .keygate import KEY_GATE
from .language import LanguageChanged
from .screens import HelpScreen, binding_rows, knob_rows, reused_help
from .state import Position
from .textual_private import DrawnAfterBatch
from .widgets.keybar import KeyBar
from .widgets.lesson_list import LessonList
from .widgets.lesson_text import LessonText, TextScroll
from .widgets.strips import fit

if TYPE_CHECKING:
    from lessons import Course, Lesson
    from lessons.playground import PlaygroundSpec

    from textual.widget import AwaitMount

    from .panel import StepPanel

WIDE_WIDTH = 120  # from this width the lesson list is shown by default
COMPACT_LIST_BELOW = 150  # from WIDE_WIDTH to here the list beside the lesson is narrower
# Beside the text at least this many columns (list shown or not), the text column is as
# narrow as lets its text fit its height, within TEXT_COLUMN (narrowest, widest): the panel
# takes the rest. At 160x48 a text used ~15 of 46 rows at 50 columns while maps and curves
# were cramped. Below (80x24), the column keeps its share and the text scrolls.
FIT_TEXT_FROM = 84
TEXT_COLUMN = ((30, 38), 60)  # narrowest below / from 110 columns, widest
TEXT_SLACK = 2  # rows kept free: the numbers a run fills in lengthen the text a little
MIN_LESSON_TITLE = 8  # a lesson title cut shorter than this says nothing: then none at all
TEXT_DEBOUNCE = 0.2  # seconds a text's run waits, in case the learner turns the knob again
PROGRESS_INTERVAL = 0.25  # seconds between two updates of the line saying the run goes on
SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
PANEL_MOUNT_WAIT = 0.25  # seconds the screen waits for a new step's panel before repainting
HELP_SCREEN = "lesson-help"  # the help screen's name among the app's installed screens


def title_line(lesson: str, step: str, width: int) -> Text:
    """The lesson's title (bold) then the step's part, in ``width`` cells: what does not fit
    is cut from the lesson's title first (the learner is on the step, and the list names the
    lesson), then from the end of the step's; every cut ends with an ellipsis, never a word
    cut silently."""
    if cell_len(lesson) + cell_len(step) <= width:
        return Text.assemble((lesson, "bold"), step)
    room = width - cell_len(step)
    if room >= MIN_LESSON_TITLE:
        return Text.assemble((fit(lesson, room), "bold"), step)
    return Text(fit(step.removeprefix(" · "), width))


class StepTitle(Static):
    """The line above the text: lesson title and step, cut to the width (``title_line``)."""

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self._parts = ("", "")

    def show(self, lesson: str, step: str) -> None:
        self._parts = (lesson, step)
        self._fill()

    def on_resize(self) -> None:
        self._fill()

    def _fill(self) -> None:
        self.update(title_line(*self._parts, self._width()), layout=False)

    def _width(self) -> int:
        return self.content_size.width or self.app.size.width

    @property
    def step_whole(self) -> bool:
        """The step's part (its number and whole title) is on the line, uncut."""
        lesson, step = self._parts
        return bool(step) and title_line(lesson, step, self._width()).plain.endswith(step)


NOTHING_HERE = (
    Binding("space,s,greater_than_sign,less_than_sign", "nothing_here('train')", "",
            show=False),
    Binding("m", "nothing_here('maps')", "", show=False),
)
# The screen's actions that act on the step's panel: none until it is there (the course
# loading, ``LessonScreen.course``).
PANEL_ACTIONS = ("reset", "defaults", "nothing_here", "open_playground")
NOTHING_HERE_NOTES = {"train": "this step does not train",
                      "maps": "this step has no maps to flip through"}


class LessonScreen(DrawnAfterBatch, Screen[None]):
    """The course, one step at a time: ``step_at`` is the step shown; moving there shows its
    text and a fresh panel and keeps the place (``save``: the app's position store)."""

    # The progress line lies over the text's first lines (its heading, which the title line
    # repeats, kept while the line shows: ``_place_heading``) and takes no room: a line added to the text and taken away again left a
    # scrollbar (the text, one column narrower, then needed one more line than fits).
    DEFAULT_CSS = """
    LessonScreen #text-progress {
        position: absolute;
        offset: 0 0;
        width: 100%;
        height: auto;
        padding: 0 1;
        background: $panel;
    }
    """

    # At 80 columns the footer holds about eight keys: it shows the ones a learner needs on
    # every step (with the app's ? and q); the rest are listed by ?.
    BINDINGS = [
        Binding("n,pagedown", "next_step", "next", tooltip="Next step", id="next-step"),
        Binding("p,pageup", "prev_step", "prev", tooltip="Previous step", id="prev-step"),
        Binding("r", "reset", "reset", tooltip="Reset: the run from its start (a step that "
                "does not train: its own settings)", id="reset"),
        Binding("0", "defaults", "defaults", show=False,
                tooltip="Every knob of this step back to its own value", id="defaults"),
        Binding("right_square_bracket", "next_lesson", "lesson+", key_display="]",
                show=False, tooltip="Next lesson", id="next-lesson"),
        Binding("left_square_bracket", "prev_lesson", "lesson-", key_display="[",
                show=False, tooltip="Previous lesson", id="prev-lesson"),
        Binding("l", "toggle_list", "lessons", show=False,
                tooltip="Show or hide the lesson list", id="toggle-list"),
        # The text column scrolls by these while the panel keeps the focus (its knobs take
        # the plain arrows); shown in the footer only while part of the text is below.
        Binding("shift+down", "scroll_text(1)", "more", key_display="⇧↓",
                tooltip="The step's text: the next page (when it goes on below)",
                id="text-down"),
        Binding("shift+up", "scroll_text(-1)", "text up", key_display="⇧↑", show=False,
                tooltip="The step's text: the page before", id="text-up"),
        Binding("P", "open_playground", "playground", key_display="P", show=False,
                tooltip="The playground: every option of dnn-tutor train as a knob",
                id="playground"),
        # A step's panel answers these when they apply (it has the focus, so its bindings
        # come first); here they only say why nothing happens, instead of silence.
        *NOTHING_HERE,
    ]

    # (lesson, step) shown; the keys that apply (prev, lesson-, lesson+) follow it.
    # None repaints the screen itself (its widgets redraw what changes): a repaint of the
    # screen made every key that moves a full-screen update.
    step_at: reactive[tuple[int, int]] = reactive((0, 0), init=False, bindings=True,
                                                   repaint=False)
    # From 120 columns the list stands beside the lesson; below, it opens over the text.
    wide: reactive[bool] = reactive(False, init=False, repaint=False)
    # Textual's, without its repaint of the whole screen at every focus move: a step change
    # moves the focus from the old panel to the new one, and every one of those keys was a
    # full-screen update. The widgets that look focused restyle themselves (``:focus``).
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    # The learner's ``l``: the list shown or hidden at any width; None: as the width says.
    list_wanted: reactive[bool | None] = reactive(None, init=False, repaint=False)

    class CourseLoaded(Message):
        """The course has loaded (its first step's panel is being mounted)."""

    def __init__(self, outline: CourseOutline, course: Course | None, position: Position,
                 start: tuple[int, int], save: Callable[[], None]):
        """``course`` None: it loads in a thread once the first screen is up, from the
        outline meanwhile (the title, the text with "…" for its numbers, the list); the
        step's panel comes when it has loaded."""
        super().__init__()
        self.outline = outline
        self.course = course
        self.position = position  # the app's: changed here, saved by ``save``
        self._save = save
        self.set_reactive(LessonScreen.step_at, start)  # shown on mount
        self.panel: StepPanel | None = None
        # What the learner set with the knobs, per step, while the app runs.
        self._specs: dict[tuple[int, int], object] = {}
        # While the text waits for its numbers: the training steps the run filling them has
        # taken (counted by the text worker's thread, read by the progress line's timer).
        self.text_waiting = False
        self._text_steps = 0
        # The facts the text worker measured last: ((lesson, step, spec), the slots' values).
        self._facts: tuple[tuple, Mapping] | None = None
        self._spin = 0
        self._fitted_step: tuple[int, int] | None = None  # the text column fitted for
        self._fitted_to: tuple[Size, str] | None = None  # (content size, text) fitted last
        self._mount_batch: asyncio.Task | None = None  # see ``_repaint_when_mounted``

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield LessonList(self.outline, id="lesson-list")
            with Vertical(id="lesson-body"):
                yield StepTitle(id="step-title")
                with Horizontal(id="content"):
                    with Vertical(id="text-column"):
                        with TextScroll(id="text-scroll"):
                            yield LessonText(id="text")
                            yield Static(id="text-progress")
                        yield Static(id="text-more")
                    with Vertical(id="panel-holder"):
                        if self.course is None:  # until it has loaded (``load_course``)
                            yield Static(tr("loading the lessons…"), id="panel-loading")
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        self.query_one("#text-progress").display = False
        self.query_one("#text-more").display = False
        self._progress_timer = self.set_interval(PROGRESS_INTERVAL, self._show_progress,
                                                 pause=True)
        self.wide = self.app.size.width >= WIDE_WIDTH
        self._place_list()
        self._show_step()
        self.refresh_bindings()

    def load_course(self) -> None:
        """Without a course yet: load it (the app calls this once its first screen is up:
        a thread importing NumPy holds the interpreter most of the time, and started from
        here on mount it delayed that screen until it was done)."""
        if self.course is None:
            self._load_course()

    @work(thread=True, exclusive=True, group="course")
    def _load_course(self) -> None:
        """The course and the panel's modules (NumPy, the engine, plotext), off the UI loop:
        keys are answered meanwhile."""
        from commands.process import one_blas_thread
        from lessons import COURSE

        from . import panel  # noqa: F401  (imported here, not on the loop)

        one_blas_thread()  # as for every command (``tui.cli``), once NumPy is loaded

        self.app.call_from_thread(self._course_loaded, COURSE)

    def _course_loaded(self, course: Course) -> None:
        self.course = course
        self.query_one("#panel-loading").remove()
        self._show_step()
        self.refresh_bindings()
        self.post_message(self.CourseLoaded())

    def on_resize(self, event: events.Resize) -> None:
        self.wide = event.size.width >= WIDE_WIDTH
        self.query_one(LessonList).set_class(event.size.width < COMPACT_LIST_BELOW, "compact")
        self.call_after_refresh(self._fit_text_column)

    def on_screen_resume(self) -> None:
        # The terminal may have changed size while another screen was over this one.
        self.wide = self.app.size.width >= WIDE_WIDTH

    @property
    def list_shown(self) -> bool:
        return self.wide if self.list_wanted is None else self.list_wanted

    def watch_wide(self) -> None:
        self._place_list()

    def watch_list_wanted(self) -> None:
        self._place_list(toggled=True)

    def _place_list(self, toggled: bool = False) -> None:
        """``toggled``: by the learner's ``l``, the terminal's size unchanged."""
        lesson_list = self.query_one(LessonList)
        lesson_list.set_class(not self.wide, "overlay")
        lesson_list.set_class(self.app.size.width < COMPACT_LIST_BELOW, "compact")
        moves_content = self.wide and lesson_list.display != self.list_shown
        lesson_list.display = self.list_shown
        content = self.query_one("#content").size
        if toggled and moves_content and content:
            # The list beside the text: the content's width next is known now, so the text
            # column is fitted in the layout that shows the list, not in a second layout of
            # the whole screen after it (~30 ms of the ~65 ms of ``l`` at 120x40).
            list_width = int(lesson_list.styles.width.resolve(self.size, self.app.size))
            self._fit_text_column(content.with_width(
                content.width + (-list_width if self.list_shown else list_width)))
        # Fitted to the content as laid out (a no-op when it was foreseen right).
        self.call_after_refresh(self._fit_text_column)

    @property
    def text_chrome(self) -> int:
        """Columns of the text column that are not the text's: its border, and the
        scrollbar's column (kept whether it shows or not: app.tcss)."""
        scroll = self.query_one(TextScroll)
        return (self.query_one("#text-column").styles.gutter.width
                + scroll.styles.scrollbar_size_vertical)

    def _fit_text_column(self, content: Size | None = None) -> None:
        """The text column's width: at a large size the narrowest (in ``TEXT_COLUMN``) at
        which the text fits the column's height with TEXT_SLACK rows to spare, else the
        widest; below FIT_TEXT_FROM its share of the stylesheet (the text scrolls).
        ``content``: the size the content will have (default: the one it has)."""
        column = self.query_one("#text-column")
        if content is None:
            content = self.query_one("#content").size
        self._place_heading()
        if content.width < FIT_TEXT_FROM or not content.height:
            if column.styles.width is not None and column.has_class("fitted"):
                column.remove_class("fitted")
                column.styles.width = None  # the stylesheet's 2fr again
            return
        text = self.query_one("#text", LessonText)
        if self._fitted_to == (content, text.source) and column.has_class("fitted"):
            return  # as foreseen (``_place_list``): the same width, ~4 ms of wrapping spared
        self._fitted_to = (content, text.source)
        (narrow, wide_narrow), widest = TEXT_COLUMN
        lo = wide_narrow if content.width >= 110 else narrow
        hi = max(lo, min(widest, content.width * 2 // 5))
        chrome = self.text_chrome  # the column's border and the text's scrollbar
        rows = content.height - TEXT_SLACK
        if text.rows_at(hi - chrome) > rows:
            width = hi
        else:  # the narrowest that fits: fewer rows the wider, so halve the range
            while lo < hi:
                mid = (lo + hi) // 2
                if text.rows_at(mid - chrome) <= rows:
                    hi = mid
                else:
                    lo = mid + 1
            width = hi
        column.add_class("fitted")
        if column.styles.width is None or column.styles.width.value != width:
            column.styles.width = width

    def _place_heading(self) -> None:
        """Below FIT_TEXT_FROM (80x24) the text starts under its heading when the title line
        above shows the step's title whole: the same words twice cost a row, two when the
        heading wrapped. While the text waits for its numbers the heading stays: the
        progress line lies over it."""
        narrow = self.query_one("#content").size.width < FIT_TEXT_FROM
        repeated = narrow and self.query_one("#step-title", StepTitle).step_whole
        self.query_one("#text", LessonText).show_heading(not repeated or self.text_waiting)

    # -- the current step --------------------------------------------------------------------
    @property
    def lesson_index(self) -> int:
        return self.step_at[0]

    @property
    def step_index(self) -> int:
        return self.step_at[1]

    @property
    def lesson(self) -> Lesson:
        """The lesson shown (only once the course has loaded: ``self.course``)."""
        return self.course.lessons[self.lesson_index]

    @property
    def lesson_outline(self) -> LessonOutline:
        return self.outline.lessons[self.lesson_index]

    @property
    def panel_spec(self):
        """What the step's panel runs (None before it is there)."""
        return None if self.panel is None else self.panel.spec

    def go_to(self, lesson_index: int, step_index: int) -> None:
        self.step_at = (lesson_index, step_index)  # the same step: nothing happens

    def watch_step_at(self) -> None:
        self._show_step()

    def _show_step(self) -> None:
        lesson, si = self.lesson_outline, self.step_index
        if self.panel is not None:
            self.panel.stop()
            if self.focused is self.panel:
                # Else Textual focuses the next widget when it goes (the lesson list, drawn
                # again focused, then again unfocused when the new panel takes the focus).
                self.set_focus(None, scroll_visible=False)
            self.panel.remove()
            self.panel = None
        if self.course is not None:
            from .panel import StepPanel

            self.panel = StepPanel(self.lesson.steps[si], self._specs.get(self.step_at),
                                   tries=self.position.tries_at(lesson.id, si))
            self._repaint_when_mounted(self.query_one("#panel-holder").mount(self.panel))
        self._show_title()
        self._refresh_text()
        self.query_one("#text-scroll").scroll_home(animate=False)
        self.position.lesson, self.position.step = lesson.id, si
        self.position.mark_seen(lesson.id, si)
        self._save()
        self._refresh_list()

    def _repaint_when_mounted(self, mounting: AwaitMount) -> None:
        """No repaint until the new panel has mounted (it takes the focus on mount), at most
        PANEL_MOUNT_WAIT: the step's title, text, list and panel then come in one layout.
        The screen repainted the title and text while the panel was composed, and its
        layout then waited for the next screen update (Textual's are 1/60 s apart): ~17 ms
        of a ~60 ms ``n`` at 120x40."""
        batch = self.app.batch_update()
        batch.__enter__()
        KEY_GATE.hold()  # the training threads wait for the repaint after the batch

        async def mounted() -> None:
            await mounting

        async def end_batch() -> None:
            try:
                await asyncio.wait_for(mounted(), PANEL_MOUNT_WAIT)
            except asyncio.TimeoutError:
                pass  # repainted without it: the panel is drawn when it comes
            finally:
                batch.__exit__(None, None, None)
                self.app.call_after_refresh(KEY_GATE.release)

        self._mount_batch = asyncio.create_task(end_batch())  # kept: a task must be held

    def _refresh_list(self) -> None:
        self.query_one(LessonList).refresh_items(self.position, self.lesson_index,
                                                 self.step_index)

    def _show_title(self) -> None:
        lesson, si = self.lesson_outline, self.step_index
        self.query_one("#step-title", StepTitle).show(
            tr(lesson.title),
            tr(" · step {i}/{n}: {step}", i=si + 1, n=len(lesson.steps),
               step=tr(lesson.steps[si].title)))
        self._place_heading()

    def on_language_changed(self, _message: LanguageChanged) -> None:
        """The title, the text and the list again in the new language (the panel and the
        key bar hear of it themselves)."""
        self._show_title()
        self._fitted_step = None  # the text in the new language: fitted again
        self._refresh_text()
        self._refresh_list()

    def _focus_panel(self) -> None:
        if self.panel is not None and self.panel.is_attached and self.app.screen is self:
            self.panel.focus()

    # -- the step's text ---------------------------------------------------------------------
    def _refresh_text(self) -> None:
        """The step's text for what its panel runs now: at once if its numbers are known,
        else with "…" for them while the run that gives them is computed off the UI loop.
        Until the run on screen has ended, its results are "…" too (``Lesson.text``).
        Before the course has loaded: the text with "…" for every number."""
        if self.panel is None:
            self._show_text(self.lesson_index, self.step_index, None,
                            self.lesson_outline.draft_text(self.step_index, language()),
                            final=False)
            return
        lesson, si, spec, lang = self.lesson, self.step_index, self.panel.spec, language()
        ended = self.panel.run_ended
        if self._facts is not None and self._facts[0] == (self.lesson_index, si, spec):
            text = lesson.text_from(si, self._facts[1], lang, run_ended=ended)
        elif lesson.text_is_ready(si, spec):
            text = lesson.text(si, spec, lang=lang, run_ended=ended)
        else:
            # Seconds of runs (a deep network: ~5 s unloaded, ~20 s under load): the text
            # shows at once with "…" for its numbers, and a line says the run is under way.
            self._show_text(self.lesson_index, si, spec, lesson.draft_text(si, spec, lang=lang),
                            final=False)
            self._load_facts(self.lesson_index, si, spec)
            return
        self._show_text(self.lesson_index, si, spec, text)

    def _show_progress(self) -> None:
        """The line over the text while its numbers are computed: a spinner and the training
        steps taken so far (it moves: the work goes on); hidden once the numbers are in."""
        line = self.query_one("#text-progress", Static)
        line.display = self.text_waiting
        self._place_heading()
        if not self.text_waiting:
            self._progress_timer.pause()
            return
        self._progress_timer.resume()
        self._spin = (self._spin + 1) % len(SPINNER)
        line.update(f"[dim]{SPINNER[self._spin]} " + tr(
            "numbers (…) from a run: {steps} steps so far",
            steps=f"{self._text_steps:,}") + "[/dim]")

    def _count_text_step(self, worker) -> bool:
        """The text worker's stop check, asked before every training step: counts it (and
        lets a key being handled go first, as the step's own run does: ``KeyGate``)."""
        KEY_GATE.wait()
        if not worker.is_cancelled:
            self._text_steps += 1
        return worker.is_cancelled

    @work(thread=True, exclusive=True, group="text", exit_on_error=False)
    def _load_facts(self, lesson_index: int, step_index: int, spec) -> None:
        # A learner turning a knob several times sends several specs: only the last one's
        # run is worth computing (wait a moment before starting one).
        worker = get_current_worker()
        time.sleep(TEXT_DEBOUNCE)
        if worker.is_cancelled:
            return
        # The runs take seconds (17 s for one step on a loaded machine) and the app's exit
        # waits for this thread: cancelled (the learner moved on, or quit), they stop
        # between two of their steps.
        from engine.training import Stopped, stop_when

        try:
            with stop_when(lambda: self._count_text_step(worker)):
                facts = self.course.lessons[lesson_index].steps[step_index].slots(spec)
        except Stopped:
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._facts_loaded, lesson_index, step_index, spec, facts)

    def _facts_loaded(self, lesson_index: int, step_index: int, spec, facts) -> None:
        """The numbers of the text shown now, measured: kept (a run ending or a language
        changed fills the text from them at once) and shown."""
        if (lesson_index, step_index, spec) != (*self.step_at, self.panel_spec):
            return  # the learner has moved on, or turned a knob since
        self._facts = ((lesson_index, step_index, spec), facts)
        self._refresh_text()

    def on_step_panel_run_ended(self, message: StepPanel.RunEnded) -> None:
        """The run on screen ended (its results fill in) or starts again (they go back to
        "…")."""
        if message.panel is self.panel:
            self._refresh_text()

    def _show_text(self, lesson_index: int, step_index: int, spec, text: str,
                   final: bool = True) -> None:
        """``final``: the text with its numbers (else the draft, while they are computed)."""
        if (lesson_index, step_index, spec) != (*self.step_at, self.panel_spec):
            return  # the learner has moved on, or turned a knob since
        if not final:
            self._text_steps = 0
        self.text_waiting = not final
        self._show_progress()
        lesson_text = self.query_one("#text", LessonText)
        if lesson_text.source != text:
            lesson_text.update(text)
            if not final or self._fitted_step != self.step_at:
                # Fitted to the step's first text (numbers "…"), not again as they fill
                # in: the panel does not jump mid-run (TEXT_SLACK leaves them room).
                self._fitted_step = self.step_at
                self._fit_text_column()

    # -- what the panel says -----------------------------------------------------------------
    def on_step_panel_checkpoint_passed(self, message: StepPanel.CheckpointPassed) -> None:
        """A checkpoint passed: kept with the position (saved at once), shown in the list."""
        if message.panel is not self.panel or not message.panel.step.checkpoint:
            return
        if self.position.mark_passed(self.lesson.id, self.step_index):
            self._save()
            self._refresh_list()

    def on_step_panel_answered(self, message: StepPanel.Answered) -> None:
        """An answer given at a checkpoint: counted with the position (saved at once), so
        a later answer, after a restart too, is a later try."""
        if message.panel is not self.panel or not message.panel.step.checkpoint:
            return
        if self.position.mark_tries(self.lesson.id, self.step_index, message.tries):
            self._save()

    def on_step_panel_spec_changed(self, message: StepPanel.SpecChanged) -> None:
        if message.panel is self.panel:
            self._specs[self.step_at] = message.spec
            self._refresh_text()

    # -- keys --------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A key that cannot apply here is hidden (False), not shown greyed out: the footer
        # has room for few keys at 80 columns.
        if action == "scroll_text":
            scroll = self.query_one(TextScroll)
            return scroll.more_below if parameters[0] > 0 else scroll.scroll_y > 0
        if action in PANEL_ACTIONS and self.panel is None:
            return False  # the course is loading: no panel yet to reset
        if action == "prev_step":
            return self.step_at != (0, 0)
        if action == "prev_lesson":
            return self.lesson_index > 0
        if action == "next_lesson":
            return self.lesson_index < len(self.outline.lessons) - 1
        return True

    def action_next_step(self) -> None:
        if self.step_index < len(self.lesson_outline.steps) - 1:
            self.go_to(self.lesson_index, self.step_index + 1)
        elif self.lesson_index < len(self.outline.lessons) - 1:
            self.go_to(self.lesson_index + 1, 0)
        else:
            self.notify(tr("You have reached the end of the course."), timeout=8)

    def action_prev_step(self) -> None:
        if self.step_index > 0:
            self.go_to(self.lesson_index, self.step_index - 1)
        elif self.lesson_index > 0:
            previous = self.lesson_index - 1
            self.go_to(previous, len(self.outline.lessons[previous].steps) - 1)

    def action_next_lesson(self) -> None:
        if self.lesson_index < len(self.outline.lessons) - 1:
            self.go_to(self.lesson_index + 1, 0)

    def action_prev_lesson(self) -> None:
        if self.lesson_index > 0:
            self.go_to(self.lesson_index - 1, 0)

    def action_reset(self) -> None:
        self.panel.reset()

    def action_scroll_text(self, direction: int) -> None:
        self.query_one(TextScroll).page(direction)

    @on(TextScroll.MoreBelow)
    def _more_below(self, message: TextScroll.MoreBelow) -> None:
        """The mark under the text and the footer's key: shown while text is below."""
        more = self.query_one("#text-more", Static)
        more.update(Text(tr("▼ more below: ⇧↓"), style="dim"))
        more.display = message.more
        self.refresh_bindings()

    def action_defaults(self) -> None:
        if self.panel.spec != self.panel.step.spec:
            self.panel.set_spec(self.panel.step.spec)

    def action_toggle_list(self) -> None:
        self.list_wanted = not self.list_shown
        lesson_list = self.query_one(LessonList)
        if not self.wide:
            # Over the text, the list is what the keys are for until it closes.
            if self.list_wanted:
                lesson_list.focus()
            else:
                self._focus_panel()
        elif self.focused is lesson_list and not self.list_wanted:
            self._focus_panel()

    @on(LessonList.Dismissed)
    def _list_dismissed(self) -> None:
        self.action_toggle_list()

    @on(LessonList.OptionSelected)
    def _option_chosen(self, event: LessonList.OptionSelected) -> None:
        parts = (event.option.id or "").split("-")
        if parts[0] == "lesson":
            self.go_to(int(parts[1]), 0)
        elif parts[0] == "step":
            self.go_to(int(parts[1]), int(parts[2]))
        if not self.wide and self.list_shown:
            self.action_toggle_list()
        if parts[0] == "playground":
            self.open_playground()

    def action_open_playground(self) -> None:
        self.open_playground()

    def action_nothing_here(self, what: str) -> None:
        self.notify(tr(NOTHING_HERE_NOTES[what]), timeout=3)

    def open_playground(self, spec: PlaygroundSpec | None = None) -> None:
        """The playground over the lessons (the step's run paused); Escape comes back."""
        from lessons.playground import PlaygroundSpec

        from .playground import PlaygroundScreen

        if any(isinstance(screen, PlaygroundScreen) for screen in self.app.screen_stack):
            return
        if self.panel is not None:
            self.panel.stop()
        self.app.push_screen(PlaygroundScreen(spec or PlaygroundSpec()),
                             callback=lambda _: self.call_after_refresh(self._focus_panel))

    def help_screen(self) -> HelpScreen:
        """Every key (the app's and these, then the step's own) and the step's knobs: one
        help screen for the app's life, filled again for the step shown (``reused_help``)."""
        everywhere = [b for b in self.BINDINGS if b not in NOTHING_HERE]
        sections = [(tr("everywhere"), [*everywhere, *self.app.BINDINGS])]
        if self.panel is None:  # the course is loading
            rows, knobs = binding_rows(self.app, sections), []
        else:
            rows = binding_rows(self.app, [*sections, (tr("this step"), self.panel.own_bindings)],
                                self.panel.binding_applies)
            knobs = knob_rows(self.panel)
        return reused_help(self.app, HELP_SCREEN, rows, knobs)
