"""The dnn-tutor app: lesson list, the step's text beside its live panel, and the keys."""

from __future__ import annotations

import gc
import time

from rich.text import Text
from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from engine.training import Stopped, stop_when
from lessons import COURSE, Course, Lesson
from lessons.i18n import LANGUAGE_NAMES, LANGUAGES, language, set_language, tr

from .commands import LessonCommands
from .panel import StepPanel
from .screens import HelpScreen, TooSmallScreen, WelcomeScreen
from .state import Position, PositionStore
from .widgets.keybar import KeyBar
from .widgets.lesson_text import LessonText
from .wide_chars import apply as fix_wide_chars

fix_wide_chars()  # Korean under the lesson list overlay (Textual issue #6357)

MIN_WIDTH, MIN_HEIGHT = 80, 24
WIDE_WIDTH = 120  # from this width the lesson list is shown by default
TEXT_DEBOUNCE = 0.2  # seconds a text's run waits, in case the learner turns the knob again


def freeze_startup_objects() -> None:
    """Make garbage collection cheap for the rest of the session.

    A Textual app keeps tens of thousands of long-lived objects (widgets, styles, plot
    state); every full collection walked them all, ~100 ms of pause about every third key.
    Freezing what exists after the first screen and collecting less often removes most of
    that. The collector was paused from the start of the process (``tui.cli``) so that the
    first screen came sooner; it runs again from here. Only for a real launch: in tests it
    would keep every finished app alive.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)
    gc.enable()


# A checkpoint passed, in the lesson list and its progress line (a neutral-width character:
# "★" takes two cells in terminals that set East Asian ambiguous width to wide).
PASSED_MARK = "✦"


def passed_checkpoints(position: Position, lesson: Lesson) -> set[int]:
    """The lesson's checkpoint steps the learner has passed (a stored index that is no
    longer a checkpoint, after the course changed, does not count)."""
    return set(position.passed.get(lesson.id, [])) & set(lesson.checkpoints)


def progress_text(position: Position, lesson: Lesson) -> str:
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
    with the focus, and closes when a step is chosen or on Escape."""

    BINDINGS = [Binding("escape", "close", "close", tooltip="Close the lesson list",
                        show=False)]

    def action_close(self) -> None:
        if self.has_class("overlay"):
            self.app.action_toggle_list()

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
        for li, lesson in enumerate(self.app.course.lessons):
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
        self.clear_options()
        self.add_options(options)
        self.highlighted = highlight


class DnnTutorApp(App[None]):
    TITLE = "dnn-tutor"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {LessonCommands}

    # At 80 columns the footer holds about eight keys: it shows the ones a learner needs on
    # every step (and ? and q always); the rest are listed by ?.
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
        Binding("P", "open_playground", "playground", key_display="P", show=False,
                tooltip="The playground: every option of dnn-tutor train as a knob",
                id="playground"),
        Binding("question_mark", "help", "help", key_display="?", tooltip="Every key",
                id="help"),
        # A priority binding: checked before any screen's or widget's own keys, so q quits
        # on every screen and modal (the welcome, the too-small screen, help, the
        # playground). Textual leaves it out where the focused widget takes q as text (a
        # step's answer input, the command palette): there it is a letter.
        Binding("q", "quit", "quit", tooltip="Quit (your place is kept)", id="quit",
                priority=True),
    ]

    def __init__(
        self,
        *,
        store: PositionStore | None = None,
        lesson: str | None = None,
        step: int | None = None,
        welcome: bool | None = None,
        tune_gc: bool = False,
        playground=None,
        lang: str | None = None,
        course: Course | None = None,
    ):
        super().__init__()
        self.course = course or COURSE  # the built-in lessons, and any a teacher added
        self._playground_spec = playground  # open on the playground (dnn-tutor playground)
        self._tune_gc = tune_gc
        self.store = store or PositionStore()
        self.position, self._load_notice = self.store.load()
        # The language asked for (--lang), else the one chosen last, else English; one asked
        # for is remembered with the position.
        if lang is None:
            lang = self.position.lang if self.position.lang in LANGUAGES else "en"
        elif lang != self.position.lang:
            self.position.lang = lang  # saved with the first step shown
        set_language(lang)
        self.lesson_index, self.step_index = self._start_position(lesson, step)
        self._welcome = (not self.position.welcomed) if welcome is None else welcome
        self.panel: StepPanel | None = None
        self._list_forced: bool | None = None  # None = follow the terminal width
        self._refreshed = False  # the first screen has been drawn
        # What the learner set with the knobs, per step, while the app runs.
        self._specs: dict[tuple[int, int], object] = {}

    def _start_position(self, lesson_id: str | None, step: int | None) -> tuple[int, int]:
        ids = self.course.ids
        if lesson_id is not None:  # validated by the command line
            li = ids.index(lesson_id)
            return li, min(max(step or 0, 0), len(self.course.lessons[li].steps) - 1)
        if self.position.lesson in ids:
            li = ids.index(self.position.lesson)
            return li, min(self.position.step, len(self.course.lessons[li].steps) - 1)
        return 0, 0

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield LessonList(id="lesson-list")
            with Vertical(id="lesson-body"):
                yield Static(id="step-title")
                with Horizontal(id="content"):
                    with VerticalScroll(id="text-scroll"):
                        yield LessonText(id="text")
                    yield Vertical(id="panel-holder")
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        if self._tune_gc:
            self.call_after_refresh(freeze_startup_objects)
        if self.position.theme in self.available_themes:
            self.theme = self.position.theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.show_step()
        if self._load_notice:
            # str(): said in the language just chosen; markup=False: the path is the user's
            self.notify(str(self._load_notice), title=tr("Position file"), severity="warning",
                        timeout=8, markup=False)
        # Screens pushed before the first refresh come out with their text in their
        # background colour (Textual 8.2.8): the welcome and the too-small screen wait for it.
        self.call_after_refresh(self._first_refresh_done)

    def _first_refresh_done(self) -> None:
        self._refreshed = True
        if self._playground_spec is not None:
            self._welcome = False  # asked for the playground: it comes first
            self.action_open_playground(self._playground_spec)
        self._apply_size()

    def _remember_theme(self, theme) -> None:
        if self.position.theme != theme.name:
            self.position.theme = theme.name
            self._save()

    def _mark_welcomed(self) -> None:
        self.position.welcomed = True
        self._save()

    def on_resize(self, event: events.Resize) -> None:
        self._apply_size(event.size)

    @property
    def too_small(self) -> bool:
        width, height = self.size
        return width < MIN_WIDTH or height < MIN_HEIGHT

    def _apply_size(self, size: Size | None = None) -> None:
        """Below 80x24 a screen over everything says how big to make the terminal; it goes
        when the terminal is big enough, and whatever was under it has its keys again."""
        width, height = size or self.size
        self._place_list(width)
        if not self._refreshed:
            return
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen(MIN_WIDTH, MIN_HEIGHT))
        elif not small and showing:
            self.pop_screen()
        if not small and self._welcome:
            # The welcome waits until it can be read (a first launch in a small terminal).
            self._welcome = False
            self.push_screen(WelcomeScreen(), callback=lambda _: self._mark_welcomed())

    def _place_list(self, width: int) -> None:
        lesson_list = self.query_one(LessonList)
        wide = width >= WIDE_WIDTH
        show = wide if self._list_forced is None else self._list_forced
        lesson_list.set_class(not wide, "overlay")
        lesson_list.display = show

    # -- the current step --------------------------------------------------------------------
    @property
    def lesson(self) -> Lesson:
        return self.course.lessons[self.lesson_index]

    def go_to(self, lesson_index: int, step_index: int) -> None:
        if (lesson_index, step_index) == (self.lesson_index, self.step_index) and self.panel:
            return
        self.lesson_index, self.step_index = lesson_index, step_index
        self.show_step()

    def show_step(self) -> None:
        lesson, si = self.lesson, self.step_index
        step = lesson.steps[si]
        if self.panel is not None:
            self.panel.stop()
            self.panel.remove()
        self.panel = StepPanel(step, self._specs.get((self.lesson_index, si)))
        self.query_one("#panel-holder").mount(self.panel)  # it takes focus on mount
        self._show_title()
        self._refresh_text()
        self.query_one("#text-scroll").scroll_home(animate=False)
        self.position.lesson, self.position.step = lesson.id, si
        self.position.mark_seen(lesson.id, si)
        self._save()
        self.query_one(LessonList).refresh_items(self.position, self.lesson_index, si)
        self.refresh_bindings()

    def _show_title(self) -> None:
        lesson, si = self.lesson, self.step_index
        self.query_one("#step-title", Static).update(
            f"[b]{tr(lesson.title)}[/b]"
            + tr(" · step {i}/{n}: {step}", i=si + 1, n=len(lesson.steps),
                 step=tr(lesson.steps[si].title))
        )

    @property
    def lang(self) -> str:
        return language()

    def set_lang(self, lang: str) -> None:
        """Switch the language while the app runs: every text, title, list, footer, knob line
        and status is drawn again in it, and it is remembered with the position."""
        if lang not in LANGUAGES:
            return
        set_language(lang)
        if self.position.lang != lang:
            self.position.lang = lang
            self._save()
        self._show_title()
        if self.panel is not None:
            self.panel.redraw_language()
        self._refresh_text()
        self.query_one(LessonList).refresh_items(self.position, self.lesson_index,
                                                 self.step_index)
        for screen in self.screen_stack:
            for bar in screen.query(KeyBar):
                bar.redraw()
            redraw = getattr(screen, "redraw_language", None)
            if redraw is not None:
                redraw()
        self.notify(tr("Language: {name}", name=LANGUAGE_NAMES[lang]), timeout=3)

    def _focus_panel(self) -> None:
        if self.panel is not None and self.panel.is_attached and self.screen is self.screen_stack[0]:
            self.panel.focus()

    def _refresh_text(self) -> None:
        """The step's text for what its panel runs now: at once if its numbers are known,
        else with "…" for them while the run that gives them is computed off the UI loop."""
        lesson, si, spec, lang = self.lesson, self.step_index, self.panel.spec, language()
        if lesson.text_is_ready(si, spec):
            self._show_text(self.lesson_index, si, spec, lesson.text(si, spec, lang=lang))
        else:
            self._show_text(self.lesson_index, si, spec, lesson.draft_text(si, lang=lang))
            self._load_text(self.lesson_index, si, spec, lang)

    @work(thread=True, exclusive=True, group="text", exit_on_error=False)
    def _load_text(self, lesson_index: int, step_index: int, spec, lang: str = "en") -> None:
        # A learner turning a knob several times sends several specs: only the last one's
        # run is worth computing (wait a moment before starting one).
        worker = get_current_worker()
        time.sleep(TEXT_DEBOUNCE)
        if worker.is_cancelled:
            return
        # The runs take seconds (17 s for one step on a loaded machine) and the app's exit
        # waits for this thread: cancelled (the learner moved on, or quit), they stop
        # between two of their steps.
        try:
            with stop_when(lambda: worker.is_cancelled):
                text = self.course.lessons[lesson_index].text(step_index, spec, lang=lang)
        except Stopped:
            return
        if not worker.is_cancelled and lang == language():
            self.call_from_thread(self._show_text, lesson_index, step_index, spec, text)

    def _show_text(self, lesson_index: int, step_index: int, spec, text: str) -> None:
        current = (self.lesson_index, self.step_index, self.panel.spec)
        if (lesson_index, step_index, spec) != current:
            return  # the learner has moved on, or turned a knob since
        lesson_text = self.query_one("#text", LessonText)
        if lesson_text.source != text:
            lesson_text.update(text)

    def on_step_panel_checkpoint_passed(self, message: StepPanel.CheckpointPassed) -> None:
        """A checkpoint passed: kept with the position (saved at once), shown in the list."""
        if message.panel is not self.panel or not message.panel.step.checkpoint:
            return
        if self.position.mark_passed(self.lesson.id, self.step_index):
            self._save()
            self.query_one(LessonList).refresh_items(self.position, self.lesson_index,
                                                     self.step_index)

    def on_step_panel_spec_changed(self, message: StepPanel.SpecChanged) -> None:
        if message.panel is self.panel:
            self._specs[(self.lesson_index, self.step_index)] = message.spec
            self._refresh_text()

    def _save(self) -> None:
        error = self.store.save(self.position)
        if error and not getattr(self, "_save_warned", False):
            self._save_warned = True
            self.notify(error, severity="warning", timeout=8, markup=False)

    # -- keys --------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A key that cannot apply here is hidden (False), not shown greyed out: the footer
        # has room for few keys at 80 columns.
        if action in LESSON_ACTIONS and self._in_playground:
            return False  # the lessons wait under the playground
        if action == "prev_step":
            return (self.lesson_index, self.step_index) != (0, 0)
        if action == "prev_lesson":
            return self.lesson_index > 0
        if action == "next_lesson":
            return self.lesson_index < len(self.course.lessons) - 1
        return True

    def action_next_step(self) -> None:
        if self.step_index < len(self.lesson.steps) - 1:
            self.go_to(self.lesson_index, self.step_index + 1)
        elif self.lesson_index < len(self.course.lessons) - 1:
            self.go_to(self.lesson_index + 1, 0)
        else:
            self.notify(tr("You have reached the end of the course."), timeout=8)

    def action_prev_step(self) -> None:
        if self.step_index > 0:
            self.go_to(self.lesson_index, self.step_index - 1)
        elif self.lesson_index > 0:
            self.go_to(self.lesson_index - 1, len(self.course.lessons[self.lesson_index - 1].steps) - 1)

    def action_next_lesson(self) -> None:
        if self.lesson_index < len(self.course.lessons) - 1:
            self.go_to(self.lesson_index + 1, 0)

    def action_prev_lesson(self) -> None:
        if self.lesson_index > 0:
            self.go_to(self.lesson_index - 1, 0)

    def action_reset(self) -> None:
        if self.panel is not None:
            self.panel.reset()

    def action_defaults(self) -> None:
        if self.panel is not None and self.panel.spec != self.panel.step.spec:
            self.panel.set_spec(self.panel.step.spec)

    def action_toggle_list(self) -> None:
        lesson_list = self.query_one(LessonList)
        self._list_forced = not lesson_list.display
        lesson_list.display = self._list_forced
        if lesson_list.has_class("overlay"):
            # Over the text, the list is what the keys are for until it closes.
            if self._list_forced:
                lesson_list.focus()
            else:
                self._focus_panel()
        elif self.focused is lesson_list and not self._list_forced:
            self._focus_panel()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.binding_rows(), self.knob_rows()))

    @property
    def _in_playground(self) -> bool:
        from .playground import PlaygroundScreen

        return any(isinstance(screen, PlaygroundScreen) for screen in self.screen_stack)

    def action_open_playground(self, spec=None) -> None:
        """The playground over the lessons (the step's run paused); Escape comes back."""
        from lessons.playground import PlaygroundSpec

        from .playground import PlaygroundScreen

        if self._in_playground:
            return
        if self.panel is not None:
            self.panel.stop()
        self.push_screen(PlaygroundScreen(spec or PlaygroundSpec()),
                         callback=lambda _: self.call_after_refresh(self._focus_panel))

    def binding_rows(self, panel=None, screen_bindings=()) -> list[tuple[str, str, str]]:
        """Every key with what it does: the app's (and a screen's), then the panel's own
        (training, knobs); the panel is the step's unless another is given."""
        rows = []
        panel = panel or self.panel
        here = tr("this step") if panel is self.panel else tr("playground")
        sources = [(tr("everywhere"), [b for b in self.BINDINGS
                                   if panel is self.panel or b.action not in LESSON_ACTIONS])]
        if screen_bindings:
            sources.append((here, screen_bindings))
        if panel is not None:
            sources.append((here, panel.own_bindings))
        for where, bindings in sources:
            for binding in bindings:
                keys = binding.key_display or binding.key
                keys = ", ".join(self.get_key_display(Binding(k, "")) for k in keys.split(","))
                rows.append((keys, tr(binding.tooltip or binding.description), where))
        rows.append(("ctrl+p", tr("Command palette: jump to a lesson or step, change theme"),
                     tr("everywhere")))
        return rows

    def knob_rows(self, panel=None) -> list[tuple[str, str, str]]:
        """The panel's knobs: keys, what each turns, its value now and its ladder."""
        panel = panel or self.panel
        if panel is None:
            return []
        spec = panel.spec
        rows = []
        for knob in panel.step.knobs_for(spec):
            ladder = ladder_text(knob)
            rows.append((knob.keys_text, tr(knob.describe or knob.label),
                         tr("now {value}; ladder: {ladder}", value=knob.fmt(knob.value_in(spec)),
                            ladder=ladder)))
        return rows

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        parts = option_id.split("-")
        if parts[0] == "lesson":
            self.go_to(int(parts[1]), 0)
        elif parts[0] == "step":
            self.go_to(int(parts[1]), int(parts[2]))
        lesson_list = self.query_one(LessonList)
        if lesson_list.has_class("overlay") and lesson_list.display:
            self.action_toggle_list()
        if parts[0] == "playground":
            self.action_open_playground()

    async def action_quit(self) -> None:
        if self.panel is not None:
            self.panel.stop()
        self.workers.cancel_all()
        self.exit()


def ladder_text(knob) -> str:
    """A knob's values for the help screen; a long ladder (seeds, widths) by its ends."""
    values = [knob.fmt(v) for v in knob.values]
    if len(values) <= 14:
        return ", ".join(values)
    return tr("{first} … {last} ({n} values)", first=", ".join(values[:3]), last=values[-1],
              n=len(values))


# What the lessons' keys do: hidden while the playground is over them.
LESSON_ACTIONS = {"next_step", "prev_step", "next_lesson", "prev_lesson", "toggle_list",
                  "reset", "defaults", "open_playground"}
