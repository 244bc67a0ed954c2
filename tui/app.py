"""The dnn-tutor app: what is app-wide (the course, the learner's position and its store, the
language, the theme, quit, help, the command palette, the screens over everything when the
terminal is too small or on a first launch) around the lesson screen (``tui.lesson_screen``),
its first screen."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.geometry import Size
from textual.message import Message

from lessons.i18n import LANGUAGE_NAMES, LANGUAGES, language, set_language, tr
from lessons.outline import CourseOutline, built_in_outline

from .commands import LessonCommands
from .keygate import KEY_GATE, KEY_HOLD_MAX
from .language import LanguageChanged
from .lesson_screen import LessonScreen
from .screens import HelpScreen, TooSmallScreen, WelcomeScreen
from .state import BackgroundSaver, PositionStore
from .wide_chars import apply as fix_wide_chars

if TYPE_CHECKING:
    from lessons import Course
    from lessons.playground import PlaygroundSpec

    from .panel import StepPanel

fix_wide_chars()  # Korean under the lesson list overlay (Textual issue #6357)

MIN_WIDTH, MIN_HEIGHT = 80, 24


class PositionNotSaved(Message):
    """The saver's thread could not write the position: ``error`` says why (once)."""

    def __init__(self, error: str):
        super().__init__()
        self.error = error


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
    KEY_GATE.tunes_interpreter = True  # and none while a key is handled


class DnnTutorApp(App[None]):
    TITLE = "dnn-tutor"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {LessonCommands}
    # The app's one mode: its screens stack on the lesson screen, which is made when the app
    # starts and has shown its first step before the app says it is ready.
    DEFAULT_MODE = "lessons"

    # The lessons' own keys are the lesson screen's; these two work on every screen.
    BINDINGS = [
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
        playground: PlaygroundSpec | None = None,
        lang: str | None = None,
        course: Course | None = None,
        course_later: bool = False,
    ):
        """``course``: the built-in lessons and any a teacher added (default: the built-in
        ones). ``course_later`` (the real launch): the built-in course loads in a thread
        after the first screen, drawn from its outline (``lessons.outline``) meanwhile:
        loading it (NumPy, the engine, every lesson checked) was half of the launch."""
        super().__init__()
        if course is None and not course_later:
            from lessons import COURSE

            course = COURSE
        self._course = course
        self.outline: CourseOutline = built_in_outline() if course is None else course.outline
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
        self._start = self._start_position(lesson, step)
        self._welcome = (not self.position.welcomed) if welcome is None else welcome
        self._refreshed = False  # the first screen has been drawn
        self._save_warned = False  # a failed save is said once
        self._saver = BackgroundSaver(self.store, lambda error: self.post_message(
            PositionNotSaved(error)))
        self.lesson_screen: LessonScreen | None = None
        self.add_mode(self.DEFAULT_MODE, self._make_lesson_screen)

    def _start_position(self, lesson_id: str | None, step: int | None) -> tuple[int, int]:
        ids = self.outline.ids
        if lesson_id is not None:  # validated by the command line
            li = ids.index(lesson_id)
            return li, min(max(step or 0, 0), len(self.outline.lessons[li].steps) - 1)
        if self.position.lesson in ids:
            li = ids.index(self.position.lesson)
            return li, min(self.position.step, len(self.outline.lessons[li].steps) - 1)
        return 0, 0

    def _make_lesson_screen(self) -> LessonScreen:
        self.lesson_screen = LessonScreen(self.outline, self._course, self.position,
                                          self._start, save=self.save_position)
        return self.lesson_screen

    @property
    def course(self) -> Course | None:
        """The lessons (None while they load: ``course_later``)."""
        return self.lesson_screen.course if self.lesson_screen else self._course

    # The lesson screen's place and panel, as the palette and the tests ask for them.
    @property
    def panel(self) -> StepPanel | None:
        return self.lesson_screen.panel if self.lesson_screen else None

    @property
    def lesson_index(self) -> int:
        return self.lesson_screen.lesson_index

    @property
    def step_index(self) -> int:
        return self.lesson_screen.step_index

    def go_to(self, lesson_index: int, step_index: int) -> None:
        self.lesson_screen.go_to(lesson_index, step_index)

    def open_playground(self, spec: PlaygroundSpec | None = None) -> None:
        self.lesson_screen.open_playground(spec)

    def on_load(self) -> None:
        # The theme chosen last, before anything is drawn (the lesson screen is mounted
        # before the app is).
        if self.position.theme in self.available_themes:
            self.theme = self.position.theme

    def on_mount(self) -> None:
        if self._tune_gc and self._course is not None:
            self.call_after_refresh(freeze_startup_objects)
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self._load_notice:
            # str(): said in the language just chosen; markup=False: the path is the user's
            self.notify(str(self._load_notice), title=tr("Position file"), severity="warning",
                        timeout=8, markup=False)
        # Screens pushed before the first refresh come out with their text in their
        # background colour (Textual 8.2.8): the welcome and the too-small screen wait for it.
        self.call_after_refresh(self._first_refresh_done)

    def on_lesson_screen_course_loaded(self) -> None:
        if self._tune_gc:  # the course's objects are long-lived too: frozen with the rest
            self.call_after_refresh(freeze_startup_objects)

    def _first_refresh_done(self) -> None:
        self._refreshed = True
        self.lesson_screen.load_course()  # when it was left to load after the first screen
        if self._playground_spec is not None:
            self._welcome = False  # asked for the playground: it comes first
            self.open_playground(self._playground_spec)
        self._apply_size()

    def _remember_theme(self, theme) -> None:
        if self.position.theme != theme.name:
            self.position.theme = theme.name
            self.save_position()

    def _mark_welcomed(self) -> None:
        self.position.welcomed = True
        self.save_position()

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
            self.save_position()
        for screen in self.screen_stack:  # every widget that draws words draws them again
            for node in screen.walk_children(with_self=True):
                node.post_message(LanguageChanged(lang))
        self.notify(tr("Language: {name}", name=LANGUAGE_NAMES[lang]), timeout=3)

    def save_position(self) -> None:
        self._saver.save(self.position)  # written off the loop (``BackgroundSaver``)

    def on_position_not_saved(self, message: PositionNotSaved) -> None:
        if not self._save_warned:
            self._save_warned = True
            self.notify(message.error, severity="warning", timeout=8, markup=False)

    def on_unmount(self) -> None:
        self._saver.close()  # the last place shown is on the disk before the process ends

    def get_system_commands(self, screen):
        """Textual's own commands (theme, quit, keys …), named in the current language."""
        for command in super().get_system_commands(screen):
            yield SystemCommand(tr(command.title), tr(command.help), command.callback,
                                command.discover)

    # -- keys --------------------------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            KEY_GATE.close()  # the training threads wait until it has been handled
            if KEY_GATE.tunes_interpreter:  # as it was, at the latest after this long
                self.set_timer(KEY_HOLD_MAX, KEY_GATE.untune_if_expired)
        await super().on_event(event)

    def on_key(self, _event: events.Key) -> None:
        # The key has come back to the app after the focused widget and the screen: its
        # bindings' actions have run. The training threads go on once the screen has been
        # repainted after them (``call_after_refresh``).
        self.call_after_refresh(KEY_GATE.open)

    def action_command_palette(self) -> None:
        """Textual's palette, its search line in the current language."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette",
                                            placeholder=tr("Search for commands…")))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(self.lesson_screen.help_screen())

    async def action_quit(self) -> None:
        self.workers.cancel_all()  # every run and text worker stops at its next look
        KEY_GATE.open_now()  # ... now: no repaint is coming for the gate to wait for
        self.exit()

