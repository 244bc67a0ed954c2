"""What fits and what answers at 80x24: a step's title line, cut only with an ellipsis and
only where the cut cannot change what it says; keys that do nothing on a step say so; "s"
trains exactly its 100 iterations after a pause; every step walked, its pictures legible and
its text not repeating the title line."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from lessons import LESSONS
from lessons.i18n import tr
from textual.containers import VerticalScroll

from tui.app import DnnTutorApp
from tui.lesson_screen import MIN_LESSON_TITLE, StepTitle, title_line
from tui.screens import HelpScreen, WelcomeScreen
from tui.widgets.boundary_map import LEGIBLE_COLS, LEGIBLE_ROWS, BoundaryMapView
from tui.widgets.curve_plot import CurvePlot
from tui.widgets.lesson_text import LessonText

STEPS = [(lesson, si) for lesson in LESSONS for si in range(len(lesson.steps))]


@pytest.mark.parametrize("lesson,si", STEPS,
                         ids=[f"{lesson.id}-{si + 1}" for lesson, si in STEPS])
def test_a_step_title_is_cut_with_an_ellipsis_and_keeps_the_step(lesson, si):
    title = tr(lesson.title)
    step = tr(" · step {i}/{n}: {step}", i=si + 1, n=len(lesson.steps),
              step=tr(lesson.steps[si].title))
    for width in range(12, 130):
        line = title_line(title, step, width).plain
        assert cell_len(line) <= width
        if line == title + step:
            continue
        if width >= cell_len(step) + MIN_LESSON_TITLE:
            # The lesson's title gave way, cut with an ellipsis; the step's part is whole.
            assert line.endswith(step)
            assert line.removesuffix(step).endswith("…")
            assert line.startswith(title[:MIN_LESSON_TITLE - 1])
        elif line != step.removeprefix(" · "):
            # No room for a lesson title worth reading: the step's part alone, cut at its
            # end with an ellipsis.
            assert line.endswith("…")
            assert step.removeprefix(" · ").startswith(line[:-1])


@pytest.mark.parametrize("key,note", [("space", "this step does not train"),
                                      ("s", "this step does not train"),
                                      ("m", "this step has no maps to flip through")])
async def test_a_key_that_does_nothing_here_says_so(make_app, key, note):
    app = make_app(lesson="derivatives", step=0)  # a derivation: no training, no map
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.panel.trains
        await pilot.press(key)
        await pilot.pause()
        assert [n.message for n in app._notifications] == [tr(note)]


async def test_a_training_step_trains_on_space_without_a_notice(make_app):
    app = make_app(lesson="boundaries", step=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("s")
        await pilot.pause()
        assert app.panel.frame.iteration == 100
        assert not list(app._notifications)


async def test_s_after_a_pause_trains_exactly_100(make_app):
    app = make_app(lesson="why-nonlinear", step=0)  # small networks, 3000 iterations
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        app.panel.pace = 30  # slow enough never to reach the end, fast enough to be mid-run
        for _ in range(2):
            await pilot.press("space")
            await pilot.pause(0.05)
            await pilot.press("space")
            await app.workers.wait_for_complete()
            before = app.panel.experiment.iteration
            assert 0 < before < 2900
            await pilot.press("s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.panel.experiment.iteration == before + 100
            assert app.panel.shown_frame.iteration == before + 100


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
@pytest.mark.parametrize("si", [1, 2])  # back-propagation steps 2 and 3
async def test_a_derivation_keeps_every_line_revealed_in_view(make_app, si, size):
    """The forward pass stays in view while the backward pass is revealed (it scrolled out
    of view), and the count is of every line revealed (it stayed at "5 of 10")."""
    from lessons.view_data import Derivation
    from tui.widgets.derivation import DerivationView

    app = make_app(lesson="backprop", step=si)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        view = app.panel.query_one(DerivationView)
        total = next(v for v in app.panel.frame.views if isinstance(v, Derivation)).total
        for shown in range(2, total + 1):
            await pilot.press("down")
            await pilot.pause()
            data = next(v for v in app.panel.shown_frame.views if isinstance(v, Derivation))
            assert len(data.rows) == shown
            lines = view.plain.splitlines()
            for row in data.rows:  # each line's own row, the first ones too
                assert any(line.startswith(row.text) for line in lines), row.text
            assert view.hidden == 0 and cut(app.panel) == []
            if shown < total:
                assert f"({shown} of {total} lines" in view.plain


# -- nothing cut at 80x24 -------------------------------------------------------------------------
def cut(root) -> list[str]:
    """Widgets under ``root`` whose content is taller than their region and that do not
    scroll, or whose region reaches outside their parent's: what a learner cannot read."""
    out = []
    for widget in root.walk_children(with_self=True):
        if not widget.display or not widget.region.area:
            continue
        scrolls = widget.styles.overflow_y in ("auto", "scroll")
        if widget.virtual_size.height > widget.region.height and not scrolls:
            out.append(f"{widget!r}: {widget.virtual_size.height} rows in {widget.region}")
        parent = widget.parent
        scrolled = parent is not None and parent.styles.overflow_y in ("auto", "scroll")
        if (parent is not None and parent is not root.screen and parent is not root.app
                and parent.region.area
                and not scrolled and not parent.region.contains_region(widget.region)):
            out.append(f"{widget!r}: {widget.region} outside {parent.region}")
    return out


async def opened(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_welcome_fits_at_80x24_and_lists_the_text_scroll(store, lang):
    from textual.widgets import Static

    app = DnnTutorApp(store=store, lang=lang)  # a fresh state file: the welcome
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert cut(app.screen) == []
        (box,) = app.screen.query(Static)
        # Every row drawn: the box as tall as its text, and within the screen.
        assert box.region.height == box.virtual_size.height
        assert app.screen.region.contains_region(box.parent.region)
        shown = "\n".join(box.render_line(y).text for y in range(box.region.height))
        assert "⇧↓ / ⇧↑" in shown and tr("scroll the step's text (when it goes on below)") in shown


async def test_help_fits_at_80x24_its_key_list_scrolls(make_app):
    app = make_app(lesson="activations", step=4)  # a training step with knobs
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert cut(app.screen) == []  # the title, the foot and the frame whole; the list scrolls
        keys = app.screen.query_one(VerticalScroll)
        assert app.screen.region.contains_region(keys.parent.region)


CHECKPOINTS = [(lesson.id, si) for lesson in LESSONS for si in lesson.checkpoints]


@pytest.mark.parametrize("lesson_id,si", CHECKPOINTS,
                         ids=[f"{lid}-{si + 1}" for lid, si in CHECKPOINTS])
async def test_a_checkpoint_fits_at_80x24_before_its_answer(make_app, lesson_id, si):
    app = make_app(lesson=lesson_id, step=si)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert cut(app.panel) == []


async def test_all_five_with_their_slopes_fit_at_80x24(make_app):
    app = make_app(lesson="activations", step=1)  # "Five shapes": every function
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("d")
        await opened(pilot)
        assert app.panel.experiment.shown == "all" and app.panel.experiment.show_derivative
        assert cut(app.panel) == []


async def test_a_table_whose_title_wraps_keeps_every_row(make_app):
    """Back-propagation's check with b (g'(Z) dropped): the verdict "backprop is wrong" wraps
    its title onto a second line at 80x24; every layer's row stays in view (the output
    layer's "ok" row was cut off)."""
    from tui.widgets.readouts import TableView

    app = make_app(lesson="backprop", step=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        table = app.panel.query_one(TableView)
        layers = table.plain.count("\n") + 1
        await pilot.press("b")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert "WRONG" in table.plain and "ok" in table.plain
        assert table.plain.count("\n") + 1 == layers
        assert len(table._data.title) > table.content_size.width  # the title wraps here
        # The title's lines, the header, then one line per layer: all of it in the region.
        assert table.region.height >= 2 + 1 + layers


# -- every step walked at 80x24 ------------------------------------------------------------------
PLOT_ROWS = 6  # a plot's frame, two rows of curve, its x ticks and label: CurvePlot's min-height


async def settled(pilot) -> None:
    """The step's panel has drawn its first frame at its size (not the text's numbers: their
    runs take seconds, and the rules hold while they are "…")."""
    for _ in range(4):
        await pilot.pause()


def shown(panel, kind):
    return [w for w in panel.query(kind) if w.display and w.region.area]


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
async def test_every_step_is_legible_at_80x24(make_app, lesson):
    app = make_app(lesson=lesson.id, step=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        screen = app.screen
        for si, step in enumerate(lesson.steps):
            if si:
                await pilot.press("n")
            await settled(pilot)
            where = f"{lesson.id} step {si + 1}"
            panel = app.panel
            assert panel.step is step, where
            for view in shown(panel, BoundaryMapView):
                layout = view.layout_info
                assert layout is not None and layout.boxes, where
                assert layout.map_width >= LEGIBLE_COLS, (where, layout)
                assert layout.map_height >= LEGIBLE_ROWS, (where, layout)
            for plot in shown(panel, CurvePlot):
                assert plot.region.height >= PLOT_ROWS, where
            assert cut(panel) == [], where
            # The title line shows the step's title whole: the text starts with its body,
            # unless the progress line lies over its first row (the heading kept under it).
            title = screen.query_one("#step-title", StepTitle)
            text = screen.query_one("#text", LessonText)
            step_title = tr(step.title)
            assert title.render_line(0).text.rstrip().endswith(step_title), where
            if not screen.text_waiting:
                first = text.render_line(0).text.strip()
                assert first and not step_title.startswith(first), (where, first)


async def test_a_short_panel_shows_the_map_and_its_plot_in_turns(make_app):
    """Boundaries 4 at 80x24: the map alone (it was 8 columns by 4 rows under the plot), the
    footer's m brings the plot in its place and back; at 120x40 both stand."""
    app = make_app(lesson="boundaries", step=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await settled(pilot)
        panel = app.panel
        (view,) = panel.query(BoundaryMapView)
        (plot,) = panel.query(CurvePlot)
        assert view.display and not plot.display
        assert view.layout_info.map_width >= 2 * LEGIBLE_COLS
        await pilot.press("m")
        await settled(pilot)
        assert plot.display and not view.display
        assert plot.region.height >= 2 * PLOT_ROWS
        await pilot.press("m")
        await settled(pilot)
        assert view.display and not plot.display
        await pilot.resize_terminal(120, 40)
        await settled(pilot)
        assert view.display and plot.display


def _derivation_steps():
    from lessons.view_data import Derivation

    return [(lesson.id, si) for lesson in LESSONS for si, step in enumerate(lesson.steps)
            if any(view.data_type is Derivation for view in step.views)]


@pytest.mark.parametrize("lesson_id,si", _derivation_steps(),
                         ids=[f"{lid}-{si + 1}" for lid, si in _derivation_steps()])
async def test_a_derivation_line_too_long_wraps_under_itself(make_app, lesson_id, si):
    """At 80x24 a value and its reason that do not fit one line go one under the other,
    indented, and what wraps stays indented: only the derivation's own lines (and its title
    and note) start at the left edge ("- h)) / 2h" did, read as a line of its own)."""
    from lessons.view_data import Derivation
    from tui.widgets.derivation import DerivationView

    app = make_app(lesson=lesson_id, step=si)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        view = app.panel.query_one(DerivationView)
        total = next(v for v in app.panel.frame.views if isinstance(v, Derivation)).total
        for _ in range(total):
            await pilot.press("down")
        await pilot.pause()
        data = next(v for v in app.panel.shown_frame.views if isinstance(v, Derivation))
        width = view.content_region.width
        lines = view.plain.splitlines()
        assert [line for line in lines if cell_len(line) > width] == []
        at_edge = [line for line in lines if line and not line.startswith(" ")]
        own = (tr(data.title), "(")
        stray = [line for line in at_edge if not line.startswith(own)
                 and not any(line.startswith(row.text) or row.text.startswith(line.rstrip())
                             for row in data.rows)]
        assert stray == []
