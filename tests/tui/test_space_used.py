"""A panel uses its space (issue 19 §1, §3): maps as large as the panel's width lets them
keep the data's aspect, the rows they cannot use given to a plot of the same runs, at
160x48 and at 80x24, for every step with a map (a new lesson's too)."""

from __future__ import annotations

import pytest

import lessons.model
from lessons import LESSONS
from lessons.view_data import BoundaryMaps
from lessons.views import IfRoom
from tui.widgets.boundary_map import BoundaryMapView, layout_for
from tui.widgets.curve_plot import CurvePlot
from tui.widgets.shared_place import PLOT_ROWS, ROOM_ROWS
from waiting import settled

MAP_STEPS = [(lesson.id, si) for lesson in LESSONS for si, step in enumerate(lesson.steps)
             if any(view.data_type is BoundaryMaps for view in step.views)]
# The share of the panel's cells the maps' pixels cover, at least. Measured before issue 19's
# fit at 160x48: 0.15 (boundaries step 4, a map of 35 x 17 over a plot of as many rows) to
# 0.73; after: 0.29 to 0.73. At 80x24: 0.17 (boundaries step 7: a checkpoint with its knob
# lines and table, the map before its run) to 0.38, the same before and after. A panel is
# taller than wide in square pixels, so two maps side by side cover about 0.4 at most. At
# 120x40 after: 0.20 (boundaries step 4, its map over its plot) to 0.63.
MAP_SHARE = {(160, 48): 0.28, (120, 40): 0.2, (80, 24): 0.17}
# Rows of a panel left blank below its views, at most (maps' unused rows count as blank):
# at 160x48 before, up to 17 under width-bound maps (two maps of 40 x 20 in 42 rows); after,
# at most 9 (boundaries step 2: seven maps of 20 x 10, too few rows left for a plot).
BLANK_ROWS = dict.fromkeys(MAP_SHARE, ROOM_ROWS - 1)


@pytest.fixture(autouse=True)
def no_text_runs(monkeypatch):
    """The texts' numbers unmeasured ("…"): the panel is what these tests look at, and a
    text's runs took up to 10 s a step."""
    def unmeasured(step, spec=None):
        spec = step.spec if spec is None else spec
        slots = dict.fromkeys(step.facts.provides if step.facts else (), "…")
        return {**slots, **lessons.model.settings_slots(spec)}

    monkeypatch.setattr(lessons.model, "step_facts", unmeasured)


def blank_rows(panel) -> int:
    """The panel's rows that show nothing: below its last view, and a map view's rows below
    what its maps draw."""
    blank = panel.size.height - sum(c.outer_size.height for c in panel.children if c.display)
    for widget in panel.view_widgets:
        if isinstance(widget, BoundaryMapView) and widget.display:
            region = widget.region
            blank += region.height - widget.rows_wanted(region.width, region.height)
    return blank


@pytest.mark.parametrize("size", list(MAP_SHARE), ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lesson_id,si", MAP_STEPS,
                         ids=[f"{lid}-{si + 1}" for lid, si in MAP_STEPS])
async def test_maps_fill_the_panel_and_leave_no_rows_blank(make_app, lesson_id, si, size):
    app = make_app(lesson=lesson_id, step=si)
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        panel = app.panel
        area = panel.size.width * panel.size.height
        maps = [w for w in panel.view_widgets if isinstance(w, BoundaryMapView)]
        drawn = sum(box.width * box.height for w in maps if w.display
                    for box in w.layout_info.boxes)
        assert drawn / area >= MAP_SHARE[size], (drawn / area, [w.layout_info for w in maps])
        assert blank_rows(panel) <= BLANK_ROWS[size]
        if size == (160, 48):  # every map at once: no flipping through them
            assert not any(w.flips for w in maps)


async def test_maps_bound_by_the_width_give_their_rows_to_the_runs_cost(make_app):
    """Activations step 9's two maps side by side at 160x48 used 25 of the 41 rows they had:
    now their view takes those 25, the maps at the same size, and the runs' cost curves
    (``IfRoom``: shown only where there is room) take the rest."""
    app = make_app(lesson="activations", step=8)
    async with app.run_test(size=(160, 48)) as pilot:
        await settled(pilot)
        panel = app.panel
        assert any(isinstance(view, IfRoom) for view in panel.step.views)
        (maps,) = panel.query(BoundaryMapView)
        (plot,) = panel.query(CurvePlot)
        assert plot.display and plot.size.height >= ROOM_ROWS
        width, height = maps.size
        assert height == maps.rows_wanted(width, height)
        with_all_rows = layout_for(maps.data, width, height + plot.size.height)
        assert maps.layout_info.size == with_all_rows.size


async def test_a_step_plot_keeps_its_rows_and_the_map_takes_the_rest(make_app):
    """Boundaries step 4 (one map over its cost plot) at 160x48: the map had half the rows
    (35 x 17); the plot keeps ``PLOT_ROWS`` and the map grows into the rest."""
    app = make_app(lesson="boundaries", step=3)
    async with app.run_test(size=(160, 48)) as pilot:
        await settled(pilot)
        panel = app.panel
        (maps,) = panel.query(BoundaryMapView)
        (plot,) = panel.query(CurvePlot)
        width, height = maps.size
        rows = height + plot.size.height
        assert plot.size.height >= PLOT_ROWS and height > rows // 2
        half = layout_for(maps.data, width, rows // 2)
        assert maps.layout_info.map_height > half.map_height


async def test_a_view_shown_where_there_is_room_waits_in_a_small_panel(make_app):
    """At 80x24 two maps use the rows: no cost plot squeezed under them."""
    app = make_app(lesson="activations", step=8)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        (plot,) = app.panel.query(CurvePlot)
        assert not plot.display


async def test_a_table_of_one_networks_arrays_has_the_network_drawn_beside_it(make_app):
    """Backprop step 1 (a table of shapes, 40 of 46 rows blank at 160x48): the network whose
    arrays the table reads, drawn below it, its layers as the table lists them; a knob that
    changes the network changes the drawing."""
    from tui.widgets.network_diagram import NetworkDiagramView

    app = make_app(lesson="backprop", step=0)
    async with app.run_test(size=(160, 48)) as pilot:
        await settled(pilot)
        panel = app.panel
        (diagram,) = panel.query(NetworkDiagramView)
        assert diagram.display and diagram.size.height >= ROOM_ROWS
        assert diagram.data.layer_dims == tuple(panel.spec.net.layer_dims)
        assert blank_rows(panel) == 0
        await pilot.press("u")  # more units in each hidden layer
        await settled(pilot)
        assert diagram.data.layer_dims == tuple(panel.spec.net.layer_dims)
        assert diagram.data.layer_dims[1] > 4


async def test_a_resize_gives_the_rows_back_and_takes_them_again(make_app):
    """160x48 -> 80x24 -> 160x48 on activations step 9: the cost plot goes and the maps take
    the stylesheet's height again (their rows are not kept from the large panel), then both
    come back as they were."""
    app = make_app(lesson="activations", step=8)
    async with app.run_test(size=(160, 48)) as pilot:
        await settled(pilot)
        (maps,) = app.panel.query(BoundaryMapView)
        (plot,) = app.panel.query(CurvePlot)
        large = (maps.size, plot.size, maps.layout_info)
        await pilot.resize_terminal(80, 24)
        await settled(pilot)
        assert not plot.display
        assert maps.styles.height.is_fraction  # 1fr: the stylesheet's
        assert blank_rows(app.panel) <= BLANK_ROWS[(80, 24)]
        await pilot.resize_terminal(160, 48)
        await settled(pilot)
        assert plot.display and (maps.size, plot.size, maps.layout_info) == large
