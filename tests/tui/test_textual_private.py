"""The guard on Textual's internals (``tui/textual_private.py``): the installed Textual is one
its uses were written for, and each use still does what the app relies on."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from tui import textual_private
from tui.textual_private import WRITTEN_FOR, bind_keys, textual_version


def test_textual_is_a_version_the_private_uses_were_written_for():
    assert textual_private.known_version(), (
        f"Textual {textual_version()} is installed, but tui/textual_private.py was written "
        f"for Textual {', '.join(WRITTEN_FOR)}. Check each use its docstring lists against "
        f"this version's source (and whether a public way now exists), then add "
        f"{textual_version()!r} to WRITTEN_FOR.")


class Keyed(Widget, can_focus=True):
    BINDINGS = [Binding("a", "note('class')", "class key")]

    def __init__(self, *, id: str):
        super().__init__(id=id)
        self.notes: list[str] = []

    def action_note(self, what: str) -> None:
        self.notes.append(what)


class KeyedApp(App[None]):
    def compose(self) -> ComposeResult:
        first = Keyed(id="first")
        bind_keys(first, [Binding("b", "note('own')", "own key", id="own"),
                          Binding("a", "note('second a')", "second a")])
        yield first
        yield Keyed(id="second")


async def test_keys_bound_on_one_widget_are_its_own():
    app = KeyedApp()
    async with app.run_test() as pilot:
        first, second = app.query_one("#first", Keyed), app.query_one("#second", Keyed)
        first.focus()
        await pilot.pause()
        assert app.screen.active_bindings["b"].binding.id == "own"
        await pilot.press("b", "a")
        assert first.notes == ["own", "class"]  # a key bound twice: the class's comes first
        second.focus()
        await pilot.pause()
        assert "b" not in app.screen.active_bindings  # the other instance: its class's keys
        await pilot.press("b", "a")
        assert second.notes == ["class"]


class BatchedScreen(textual_private.DrawnAfterBatch, Screen):
    def compose(self) -> ComposeResult:
        from textual.widgets import Static

        yield Static("hello", id="hello")


class BatchedApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(BatchedScreen())


async def test_a_screen_draws_nothing_in_a_batch_update_and_everything_after_it():
    """Textual draws a layout made in a batch update (its startup holds one), then drops the
    frame; ``DrawnAfterBatch`` skips that drawing and draws once the batch has ended, with
    nothing else asking for it."""
    from textual.widgets import Static

    app = BatchedApp()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BatchedScreen)
        drawn: list[int] = []
        render_update = screen._compositor.render_update

        def counted(*args, **kwargs):
            drawn.append(app._batch_count)
            return render_update(*args, **kwargs)

        screen._compositor.render_update = counted
        with app.batch_update():
            screen.query_one("#hello", Static).update("changed in the batch")
            screen.refresh(layout=True)
            screen._refresh_layout()  # as a resize in the batch does
            for _ in range(5):
                await pilot.pause(0.02)
            assert drawn == []  # nothing drawn to be dropped
        for _ in range(20):
            if drawn:
                break
            await pilot.pause(0.02)
        assert drawn and set(drawn) == {0}
