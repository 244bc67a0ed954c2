"""The dnn-tutor app: lesson list, the step's text beside its live panel, and the keys."""

from __future__ import annotations

import gc

from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.widgets import Footer, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from lessons import LESSONS, Lesson

from .commands import LessonCommands
from .panels import Panel, make_panel
from .screens import HelpScreen, WelcomeScreen
from .state import Position, PositionStore

MIN_WIDTH, MIN_HEIGHT = 80, 24
WIDE_WIDTH = 120  # from this width the lesson list is shown by default


def freeze_startup_objects() -> None:
    """Make garbage collection cheap for the rest of the session.

    A Textual app keeps tens of thousands of long-lived objects (widgets, styles, plot
    state); every full collection walked them all, ~100 ms of pause about every third key.
    Freezing what exists after the first screen and collecting less often removes most of
    that. Only for a real launch: in tests it would keep every finished app alive.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)


class LessonList(OptionList):
    """Lessons in course order with their progress, each followed by its steps."""

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
        for li, lesson in enumerate(LESSONS):
            seen = len(position.seen.get(lesson.id, []))
            options.append(Option(f"{li + 1}. {lesson.title}  {seen}/{len(lesson.steps)}",
                                  id=f"lesson-{li}"))
            for si, step in enumerate(lesson.steps):
                mark = "✓" if si in position.seen.get(lesson.id, []) else " "
                if li == lesson_index and si == step_index:
                    highlight = len(options)
                options.append(Option(f"  {mark} {si + 1}. {step.title}", id=f"step-{li}-{si}"))
        self.clear_options()
        self.add_options(options)
        self.highlighted = highlight


class DnnTutorApp(App[None]):
    TITLE = "dnn-tutor"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {LessonCommands}

    BINDINGS = [
        Binding("n,pagedown", "next_step", "Next", tooltip="Next step", id="next-step"),
        Binding("p,pageup", "prev_step", "Prev", tooltip="Previous step", id="prev-step"),
        Binding("right_square_bracket", "next_lesson", "Lesson+", key_display="]",
                tooltip="Next lesson", id="next-lesson"),
        Binding("left_square_bracket", "prev_lesson", "Lesson-", key_display="[",
                tooltip="Previous lesson", id="prev-lesson"),
        Binding("space", "toggle_training", "Train/pause", key_display="space",
                tooltip="Start or pause training", id="toggle-training"),
        Binding("r", "reset", "Reset", tooltip="Reset the experiment", id="reset"),
        Binding("l", "toggle_list", "Lessons", tooltip="Show or hide the lesson list",
                id="toggle-list"),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="All keys",
                id="help"),
        Binding("q", "quit", "Quit", tooltip="Quit (your place is kept)", id="quit",
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
    ):
        super().__init__()
        self._tune_gc = tune_gc
        self.store = store or PositionStore()
        self.position, self._load_notice = self.store.load()
        self.lesson_index, self.step_index = self._start_position(lesson, step)
        self._welcome = (not self.position.welcomed) if welcome is None else welcome
        self.panel: Panel | None = None
        self._list_forced: bool | None = None  # None = follow the terminal width

    def _start_position(self, lesson_id: str | None, step: int | None) -> tuple[int, int]:
        ids = [lesson.id for lesson in LESSONS]
        if lesson_id is not None:  # validated by the command line
            li = ids.index(lesson_id)
            return li, min(max(step or 0, 0), len(LESSONS[li].steps) - 1)
        if self.position.lesson in ids:
            li = ids.index(self.position.lesson)
            return li, min(self.position.step, len(LESSONS[li].steps) - 1)
        return 0, 0

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield LessonList(id="lesson-list")
            with Vertical(id="lesson-body"):
                yield Static(id="step-title")
                with Horizontal(id="content"):
                    with VerticalScroll(id="text-scroll"):
                        yield Markdown(id="text")
                    yield Vertical(id="panel-holder")
        yield Static(
            f"Make the terminal at least {MIN_WIDTH}x{MIN_HEIGHT} to use dnn-tutor.\n\n"
            "(q quits)",
            id="too-small",
        )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self._tune_gc:
            self.call_after_refresh(freeze_startup_objects)
        self._apply_size()
        self.show_step()
        if self._load_notice:
            self.notify(self._load_notice, title="Position file", severity="warning", timeout=8)
        if self._welcome:
            self.push_screen(WelcomeScreen(), callback=lambda _: self._mark_welcomed())

    def _mark_welcomed(self) -> None:
        self.position.welcomed = True
        self._save()
        if self.panel is not None:
            self.panel.focus()

    def on_resize(self, event: events.Resize) -> None:
        self._apply_size(event.size)

    def _apply_size(self, size: Size | None = None) -> None:
        width, height = size or self.size
        self.screen.set_class(width < MIN_WIDTH or height < MIN_HEIGHT, "too-small")
        show_list = width >= WIDE_WIDTH if self._list_forced is None else self._list_forced
        self.query_one("#lesson-list").display = show_list

    # -- the current step --------------------------------------------------------------------
    @property
    def lesson(self) -> Lesson:
        return LESSONS[self.lesson_index]

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
        self.panel = make_panel(step)
        self.query_one("#panel-holder").mount(self.panel)  # it takes focus on mount
        claims = " ".join(step.claims)
        self.query_one("#step-title", Static).update(
            f"[b]{lesson.title}[/b]  step {si + 1}/{len(lesson.steps)}: {step.title}"
            f"  [dim]{claims}[/dim]"
        )
        lesson_index = self.lesson_index
        if lesson.text_is_ready(si):
            self._show_text(lesson_index, si, lesson.text(si))
        else:
            # Show the text at once; its numbers come from a run computed off the UI loop.
            self._show_text(lesson_index, si, lesson.draft_text(si))
            self._load_text(lesson_index, si)
        self.position.lesson, self.position.step = lesson.id, si
        self.position.mark_seen(lesson.id, si)
        self._save()
        self.query_one(LessonList).refresh_items(self.position, self.lesson_index, si)
        self.refresh_bindings()

    def _focus_panel(self) -> None:
        if self.panel is not None and self.panel.is_attached and self.screen is self.screen_stack[0]:
            self.panel.focus()

    @work(thread=True, exclusive=True, group="text", exit_on_error=False)
    def _load_text(self, lesson_index: int, step_index: int) -> None:
        # A step's text may quote numbers from a training run (a fraction of a second): the
        # run happens here, off the UI loop.
        text = LESSONS[lesson_index].text(step_index)
        self.call_from_thread(self._show_text, lesson_index, step_index, text)

    def _show_text(self, lesson_index: int, step_index: int, text: str) -> None:
        if (lesson_index, step_index) == (self.lesson_index, self.step_index):
            self.query_one("#text", Markdown).update(text)
            self.query_one("#text-scroll").scroll_home(animate=False)

    def _save(self) -> None:
        error = self.store.save(self.position)
        if error and not getattr(self, "_save_warned", False):
            self._save_warned = True
            self.notify(error, severity="warning", timeout=8)

    # -- keys --------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        last_lesson = len(LESSONS) - 1
        if action == "prev_step":
            return None if (self.lesson_index, self.step_index) == (0, 0) else True
        if action == "next_step":
            at_end = (self.lesson_index == last_lesson
                      and self.step_index == len(self.lesson.steps) - 1)
            return None if at_end else True
        if action == "prev_lesson":
            return None if self.lesson_index == 0 else True
        if action == "next_lesson":
            return None if self.lesson_index == last_lesson else True
        if action == "toggle_training":
            return True if self.panel is not None and self.panel.trains else None
        return True

    def action_next_step(self) -> None:
        if self.step_index < len(self.lesson.steps) - 1:
            self.go_to(self.lesson_index, self.step_index + 1)
        elif self.lesson_index < len(LESSONS) - 1:
            self.go_to(self.lesson_index + 1, 0)

    def action_prev_step(self) -> None:
        if self.step_index > 0:
            self.go_to(self.lesson_index, self.step_index - 1)
        elif self.lesson_index > 0:
            self.go_to(self.lesson_index - 1, len(LESSONS[self.lesson_index - 1].steps) - 1)

    def action_next_lesson(self) -> None:
        if self.lesson_index < len(LESSONS) - 1:
            self.go_to(self.lesson_index + 1, 0)

    def action_prev_lesson(self) -> None:
        if self.lesson_index > 0:
            self.go_to(self.lesson_index - 1, 0)

    def action_toggle_training(self) -> None:
        if self.panel is not None and self.panel.trains:
            self.panel.toggle_training()

    def action_reset(self) -> None:
        if self.panel is not None:
            self.panel.reset()

    def action_toggle_list(self) -> None:
        # Focus stays where it is (tab reaches the list): moving it would rebuild the footer,
        # which costs more than the toggle itself.
        lesson_list = self.query_one("#lesson-list")
        self._list_forced = not lesson_list.display
        lesson_list.display = self._list_forced
        if not self._list_forced and self.focused is lesson_list:
            self._focus_panel()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.binding_rows()))

    def binding_rows(self) -> list[tuple[str, str, str]]:
        """Every key with its description: the app's, then the current panel's."""
        rows = []
        sources = [("everywhere", self.BINDINGS)]
        if self.panel is not None:
            sources.append(("this step", type(self.panel).BINDINGS))
        for where, bindings in sources:
            for binding in bindings:
                keys = binding.key_display or binding.key
                keys = ", ".join(self.get_key_display(Binding(k, "")) for k in keys.split(","))
                rows.append((keys, binding.tooltip or binding.description, where))
        rows.append(("ctrl+p", "Command palette: jump to a lesson or step, change theme",
                     "everywhere"))
        return rows

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        parts = option_id.split("-")
        if parts[0] == "lesson":
            self.go_to(int(parts[1]), 0)
        elif parts[0] == "step":
            self.go_to(int(parts[1]), int(parts[2]))

    async def action_quit(self) -> None:
        if self.panel is not None:
            self.panel.stop()
        self.workers.cancel_all()
        self.exit()

