"""Keys answered in one repaint (issue 19 §4, key latency): each extra layout of the whole
screen costs its own time plus a wait for Textual's next screen update (1/60 s apart). These
test the structure that keeps a key to one: the help screen made once, the text column fitted
in the layout that shows the lesson list, a step's panel mounted before anything is repainted,
plot builds waiting for the key's repaint. Not timings (``python -m tui.bench`` measures)."""

from __future__ import annotations

import pytest
from textual.screen import Screen

from tui import lesson_screen as lesson_screen_module
from tui.keygate import KEY_GATE
from tui.screens import HelpScreen, knob_rows
from tui.widgets import curve_plot as curve_plot_module
from waiting import drained, wait_until

TRAINING_STEP = ("activations", 6)  # "tanh vs sigmoid": a plot, a knob, it trains


async def test_help_is_one_screen_filled_again_for_each_step(make_app):
    app = make_app(lesson=TRAINING_STEP[0], step=TRAINING_STEP[1])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.panel is not None and app.panel.is_mounted)
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        knobs_here = str(help_screen.query_one("#help-knobs").render())
        assert help_screen.query_one("#help-knobs").display
        await pilot.press("escape")
        await pilot.press("n")  # a step without knobs (its own keys differ)
        await wait_until(pilot, lambda: app.panel is not None and app.panel.is_mounted
                         and app.step_index == TRAINING_STEP[1] + 1)
        await pilot.press("question_mark")
        assert app.screen is help_screen  # not composed and mounted again
        assert not help_screen.query_one("#help-knobs").display or str(
            help_screen.query_one("#help-knobs").render()) != knobs_here
        assert help_screen.rows == app.lesson_screen.help_screen().rows  # the step's keys
        await pilot.press("escape")
        app.set_lang("ko")
        await pilot.press("question_mark")
        assert app.screen is help_screen
        assert "Keys" not in str(help_screen.query_one("#help-title").render())


@pytest.mark.parametrize("size", [(120, 40), (160, 48)])
async def test_the_text_column_is_fitted_in_the_layout_that_shows_the_list(make_app,
                                                                          monkeypatch, size):
    """``l`` beside the text: the column's width is set before the list's layout, to what
    fitting it to the content as laid out then gives; the fit after the layout changes
    nothing (else a second layout of the whole screen follows)."""
    app = make_app(lesson=TRAINING_STEP[0], step=TRAINING_STEP[1])
    fits: list[tuple[bool, object, object]] = []  # (foreseen, width before, width after)
    fit = lesson_screen_module.LessonScreen._fit_text_column

    def recorded(screen, content=None):
        column = screen.query_one("#text-column")
        before = column.styles.width
        fit(screen, content)
        fits.append((content is not None, before, column.styles.width))

    monkeypatch.setattr(lesson_screen_module.LessonScreen, "_fit_text_column", recorded)
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: app.panel is not None and app.panel.is_mounted)
        await drained(app)
        await pilot.pause()
        for shown in (not app.lesson_screen.list_shown, app.lesson_screen.list_shown):
            fits.clear()
            await pilot.press("l")
            await pilot.pause()
            assert app.lesson_screen.list_shown == shown
            foreseen = [f for f in fits if f[0]]
            after = [f for f in fits if not f[0]]
            assert len(foreseen) == 1 and after, fits
            assert all(before == width for _, before, width in after), fits


async def test_a_step_change_is_repainted_only_with_its_panel_mounted(make_app, monkeypatch):
    """``n``/``p``: no repaint shows the new step's title and text before its panel is there
    (that repaint made the panel's layout wait for the next screen update)."""
    app = make_app(lesson=TRAINING_STEP[0], step=TRAINING_STEP[1])
    painted: list[bool] = []  # at each repaint after the key: the new panel mounted then
    refresh = Screen._compositor_refresh

    def recorded(screen):
        if watching and screen is app.lesson_screen:
            painted.append(app.panel is not None and app.panel is not old
                           and app.panel.is_mounted)
        return refresh(screen)

    monkeypatch.setattr(Screen, "_compositor_refresh", recorded)
    watching, old = False, None
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.panel is not None and app.panel.is_mounted)
        for key in ("n", "p", "n"):
            await pilot.pause()
            painted.clear()
            watching, old = True, app.panel
            await pilot.press(key)
            await wait_until(pilot, lambda: painted and app.panel is not old
                             and app.panel.is_mounted)
            watching = False
            assert painted and all(painted), (key, painted)


async def test_a_plot_build_waits_for_the_key_gate(monkeypatch):
    """The thread that builds a plot looks at the key gate before building (a build holds
    the GIL for ~10-20 ms, which a key's layout waited for)."""
    order: list[str] = []
    monkeypatch.setattr(curve_plot_module.KEY_GATE, "wait", lambda: order.append("gate"))

    def build(*args):
        order.append("build")
        return []

    monkeypatch.setattr(curve_plot_module, "build_plot_runs", build)

    class App:
        def call_from_thread(self, *args):
            order.append("applied")

    plot = curve_plot_module.CurvePlot()
    monkeypatch.setattr(curve_plot_module.CurvePlot, "app", property(lambda self: App()))
    plot._build_in_thread(None, 10, 5, None, 1, None)
    assert order == ["gate", "build", "applied"]
    assert curve_plot_module.KEY_GATE is KEY_GATE  # the app's one gate


async def test_the_playground_help_is_one_screen_too(make_app):
    from lessons.playground import PlaygroundSpec

    app = make_app(playground=PlaygroundSpec())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "PlaygroundScreen")
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("e")  # α up: the knobs' values in help change
        await pilot.press("question_mark")
        assert app.screen is help_screen
        assert help_screen.knobs == knob_rows(app.screen_stack[-2].panel)  # α's value now
        assert help_screen is not app.lesson_screen.help_screen()  # the lessons' own
