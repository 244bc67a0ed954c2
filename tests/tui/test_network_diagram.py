"""The network diagram widget (Pilot): edge colours follow the weights' signs and sizes, the
cursor's tile is framed and shown in detail, a layer too tall shows "+k", NaN tiles are "no
value", small widgets still draw, and measure_size matches what is drawn."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from textual.app import App, ComposeResult
from textual.theme import BUILTIN_THEMES

from test_boundary_map import cells, rgb

from lessons.diagram import DiagramSize, NetworkDiagram, NetworkPicture
from lessons.experiments import DataSpec, RunSpec, TrainingSpec
from tui.widgets import view_widget
from tui.widgets.boundary_map import NAN_A, NAN_B, map_colors
from tui.widgets.network_diagram import (EDGE_LEVELS, MIN_DETAIL_WIDTH, NetworkDiagramView,
                                         contrast, edge_ramp, plan_diagram)


@dataclass(frozen=True)
class CursorSpec(TrainingSpec):
    cursor: tuple[int, int] | None = None


def experiment(hidden, cursor=None, data="spiral", activation="tanh", **params):
    output = "linear" if data == "curve" else "sigmoid"
    spec = CursorSpec(DataSpec(data, m=60), RunSpec(hidden=hidden, activation=activation,
                                                    output=output, init="he"),
                      iterations=10, cursor=cursor)
    built = spec.build()
    network = built.runs[0].network
    for name, value in params.items():
        network.params[name][...] = value
    return built


class DiagramApp(App[None]):
    def __init__(self, box: tuple[int, int] | None = None):
        super().__init__()
        self.box = box

    def compose(self) -> ComposeResult:
        view = NetworkDiagramView()
        if self.box:
            view.styles.width, view.styles.height = self.box
        yield view


async def drawn(pilot, built) -> tuple[NetworkDiagramView, NetworkPicture]:
    """The experiment probed at the widget's size and shown."""
    view = pilot.app.query_one(NetworkDiagramView)
    await pilot.pause()
    # Twice, as the panel does: the first size is a guess (no network shown yet), the second
    # is asked once it knows the network's shape.
    for _ in range(2):
        picture = NetworkDiagram().measure(built, view.measure_size())
        view.show(picture)
        await pilot.pause()
    return view, picture


def is_edge(ch: str) -> bool:
    return "\u2801" <= ch <= "\u28ff"


def gap_cells(view: NetworkDiagramView, gap: int) -> list[tuple[int, int, str, object]]:
    """(x, y, char, style) of every edge cell between column ``gap`` and ``gap + 1``."""
    layout = view.layout_info
    left, right = layout.columns[gap], layout.columns[gap + 1]
    found = []
    for y, strip in enumerate(view.strips):
        if y == layout.legend_y:
            continue
        row = cells(strip)
        for x in range(left.x + left.width, right.x):
            ch, style = row[x]
            if is_edge(ch):
                found.append((x, y, ch, style))
    return found


def test_the_registry_knows_the_widget():
    assert view_widget(NetworkPicture) is NetworkDiagramView
    assert NetworkDiagram.data_type is NetworkPicture


# -- edges ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(160, 48), (80, 24)])
async def test_edges_take_the_colour_of_the_weights_sign(size):
    # [2, 1, 1]: x1 -> unit positive, x2 -> unit zero (no edge), unit -> output negative.
    built = experiment((1,), W1=[[2.0, 0.0]], W2=[[-3.0]])
    async with DiagramApp().run_test(size=size) as pilot:
        view, _ = await drawn(pilot, built)
        edge_colors = view.palette.edge_colors
        negative, positive = set(edge_colors[:EDGE_LEVELS]), set(edge_colors[EDGE_LEVELS:])
        assert not negative & positive
        first, second = gap_cells(view, 0), gap_cells(view, 1)
        assert first and second
        assert {rgb(style.color) for *_, style in first} <= positive
        assert {rgb(style.color) for *_, style in second} <= negative
        # Each is the largest |w| of its layer: the strongest level, drawn bold.
        assert all(style.bold for *_, style in first + second)
        assert rgb(first[0][3].color) == edge_colors[-1]
        # No edge from x2 (its weight is 0): every edge cell lies in the upper half of the
        # input's rows... the x2 label's row holds none at the left end of the gap.
        inputs = view.layout_info.columns[0]
        x2_row = inputs.ys[1] + (2 * view.layout_info.tile_h - 1) // 4
        start = inputs.x + inputs.width
        assert not any(x == start and y == x2_row for x, y, *_ in first)


async def test_a_weak_edge_is_fainter_than_a_strong_one():
    # [2, 2, 1]: x1 -> unit 1 strong, x2 -> unit 2 an eighth of it (the faint level).
    built = experiment((2,), W1=[[4.0, 0.0], [0.0, 0.5]], W2=[[1.0, 1.0]])
    async with DiagramApp().run_test(size=(160, 48)) as pilot:
        view, _ = await drawn(pilot, built)
        colors = view.palette.edge_colors
        found = gap_cells(view, 0)
        strong = [(y, style) for _, y, _, style in found if rgb(style.color) == colors[-1]]
        faint = [(y, style) for _, y, _, style in found
                 if rgb(style.color) == colors[EDGE_LEVELS]]
        assert strong and faint
        assert len(found) == len(strong) + len(faint)
        assert max(y for y, _ in strong) < min(y for y, _ in faint)   # x1's edge is above
        assert all(s.bold for _, s in strong) and not any(s.bold for _, s in faint)
        background = view.palette.colors.background
        assert contrast(colors[-1], background) > contrast(colors[EDGE_LEVELS], background)


@pytest.mark.parametrize("theme", sorted(BUILTIN_THEMES))
def test_edge_colours_read_on_the_background(theme):
    colors = map_colors(BUILTIN_THEMES[theme].to_color_system().generate())
    for sign_color in (colors.class0, colors.class1):
        ramp = edge_ramp(sign_color, colors)
        for level, color in enumerate(ramp, start=1):
            if level > 1:   # the weakest quarter is faint on purpose
                assert contrast(color, colors.background) >= 3.0
        steps = [contrast(color, colors.background) for color in ramp]
        assert steps == sorted(steps) and len(set(ramp)) == EDGE_LEVELS


# -- the cursor and its detail ---------------------------------------------------------------------
async def test_the_cursor_tile_is_framed_and_shown_in_detail():
    built = experiment((4,), cursor=(1, 2))
    async with DiagramApp().run_test(size=(160, 48)) as pilot:
        view, picture = await drawn(pilot, built)
        layout, frame = view.layout_info, view.palette.frame
        column = layout.columns[1]
        y = column.ys[column.units.index(2)]
        rows = [cells(strip) for strip in view.strips]
        for r in range(layout.tile_h):
            assert rows[y + r][column.x] == ("▐", frame)
            assert rows[y + r][column.x + layout.tile_w + 1] == ("▌", frame)
        assert rows[y - 1][column.x][0] == "▗" and rows[y + layout.tile_h][column.x][0] == "▝"
        framed = sum(ch == "▐" and style == frame for row in rows for ch, style in row)
        assert framed == layout.tile_h   # one tile only
        # The detail on the right: the unit's title, its map, its weights and bias.
        detail = layout.detail
        assert detail is not None and detail.x > column.x and detail.map_h >= 3
        text = "\n".join(strip.text for strip in view.strips)
        focus = picture.focus
        assert "unit 3 of layer 1 · tanh" in text
        assert focus.weight_label in text and focus.bias_label in text
        for t in focus.weight_texts + (focus.bias_text,):
            assert t.strip() in text
        # Weights are coloured by sign.
        first = rows[detail.text_y + int(detail.caption)]
        numbers = [(ch, s) for ch, s in first[detail.text_x:] if ch in "+-"]
        for (sign, style), w in zip(numbers, focus.weights):
            assert sign == ("+" if w > 0 else "-")
            assert style == view.palette.number_style(float(w))


async def test_the_detail_is_hidden_in_a_small_region_and_summarised():
    built = experiment((8, 8, 8), cursor=(2, 2), activation="relu")
    async with DiagramApp(box=(46, 12)).run_test(size=(80, 24)) as pilot:
        view, picture = await drawn(pilot, built)
        layout = view.layout_info
        assert view.size.width == 46 and view.size.height == 12
        assert layout.detail is None and layout.tile_h == 1
        # Every unit still has its tile.
        assert [c.units for c in layout.columns[1:]] == [tuple(range(8))] * 3 + [(0,)]
        summary = view.strips[layout.summary_y].text
        assert summary.startswith("unit 3 of layer 2 · ReLU")
        assert picture.focus.weight_label in summary
        assert picture.focus.weight_texts[0].strip() in summary


async def test_the_detail_goes_under_a_narrow_tall_diagram():
    built = experiment((4,) * 5, cursor=(2, 1))    # too many layers for a detail beside
    async with DiagramApp(box=(50, 30)).run_test(size=(80, 40)) as pilot:
        view, _ = await drawn(pilot, built)
        detail = view.layout_info.detail
        assert detail is not None and detail.x == 0 and detail.y > 10
        assert detail.map_h > 0 and detail.text_x > detail.map_x
        assert "unit 2 of layer 2" in view.strips[detail.y].text


async def test_no_cursor_no_detail():
    built = experiment((4,), cursor=None)
    async with DiagramApp().run_test(size=(100, 30)) as pilot:
        view, _ = await drawn(pilot, built)
        layout = view.layout_info
        assert layout.detail is None and layout.summary_y is None
        assert not any("unit" in strip.text for strip in view.strips)
        assert view.measure_size().focus_nx == 2   # nothing large to compute


# -- many units, NaN ----------------------------------------------------------------------------
async def test_a_layer_too_tall_shows_plus_k():
    built = experiment((40,), cursor=(1, 39))
    async with DiagramApp().run_test(size=(80, 24)) as pilot:
        view, _ = await drawn(pilot, built)
        column = view.layout_info.columns[1]
        assert column.hidden > 0 and len(column.units) + column.hidden == 40
        assert 39 in column.units          # the window follows the cursor
        assert f"+{column.hidden}" in view.strips[column.marker_y].text
        assert view.layout_info.columns[2].hidden == 0


async def test_six_layers_of_32_fit_the_playground_region():
    built = experiment((32,) * 6, cursor=(3, 5), activation="relu")
    async with DiagramApp(box=(90, 30)).run_test(size=(160, 48)) as pilot:
        view, _ = await drawn(pilot, built)
        layout = view.layout_info
        assert [c.layer for c in layout.columns] == list(range(8))
        assert all(c.x + c.width <= 90 for c in layout.columns)
        assert all(len(c.units) >= 20 for c in layout.columns[1:-1])
        assert layout.detail is not None
        assert "+" in view.strips[layout.columns[1].marker_y].text


async def test_nan_tiles_are_drawn_as_no_value():
    nan = np.nan
    built = experiment((3,), cursor=(1, 0), W1=[[nan, nan]] * 3, b1=nan)
    async with DiagramApp().run_test(size=(120, 36)) as pilot:
        view, picture = await drawn(pilot, built)
        assert np.isnan(picture.unit_maps[0]).all()
        layout, palette = view.layout_info, view.palette
        no_value = {palette.pixel[NAN_A], palette.pixel[NAN_B]}
        for column in layout.columns[1:]:
            for y in column.ys:
                for r in range(layout.tile_h):
                    row = cells(view.strips[y + r])
                    for ch, style in row[column.x + 1:column.x + 1 + layout.tile_w]:
                        assert ch == "▀"
                        assert rgb(style.color) in no_value and rgb(style.bgcolor) in no_value
        assert not gap_cells(view, 0)      # NaN weights draw no edge
        text = "\n".join(strip.text for strip in view.strips)
        assert "—" in text and "no value" in text


# -- sizes ---------------------------------------------------------------------------------------
async def test_probe_size_is_what_is_drawn():
    built = experiment((8, 8, 8), cursor=(1, 0))
    async with DiagramApp().run_test(size=(160, 48)) as pilot:
        view, picture = await drawn(pilot, built)
        layout, size = view.layout_info, view.measure_size()
        assert size == DiagramSize(layout.tile_w, 2 * layout.tile_h, layout.detail.map_w,
                                   2 * layout.detail.map_h)
        assert picture.unit_maps[0].shape[1:] == (size.tile_ny, size.tile_nx)
        assert picture.focus.output.shape == (size.focus_ny, size.focus_nx)
        assert layout == plan_diagram(160, 48, (2, 8, 8, 8, 1), (1, 0))
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert view.measure_size() != size and view.layout_info.tile_h < layout.tile_h


def test_tiny_sizes_do_not_fail():
    built = experiment((8, 8), cursor=(2, 7))
    picture = NetworkDiagram().measure(built)
    from tui.widgets.network_diagram import DiagramPalette, build_diagram

    palette = DiagramPalette(map_colors(BUILTIN_THEMES["textual-dark"].to_color_system()
                                        .generate()))
    for width, height in [(0, 0), (1, 1), (5, 3), (12, 4), (20, 2), (MIN_DETAIL_WIDTH, 8)]:
        strips, _ = build_diagram(picture, width, height, palette)
        assert len(strips) == height
        assert all(strip.cell_length == width for strip in strips)


async def test_a_1d_input_draws_its_curve():
    built = experiment((4,), cursor=(1, 1), data="curve")
    async with DiagramApp().run_test(size=(120, 36)) as pilot:
        view, picture = await drawn(pilot, built)
        assert picture.input_names == ("x",)
        layout, curve = view.layout_info, view.palette.colors.text
        detail = layout.detail
        rows = [cells(view.strips[detail.map_y + r])[detail.map_x:detail.map_x + detail.map_w]
                for r in range(detail.map_h)]
        # Every column of the large map holds the curve in one of its pixels.
        for c in range(detail.map_w):
            assert any(rgb(style.color) == curve or (style.bgcolor and rgb(style.bgcolor) == curve)
                       for row in rows for ch, style in [row[c]])


async def test_the_theme_change_redraws():
    built = experiment((4,), cursor=(1, 0), W1=[[1.0, -1.0]] * 4)
    async with DiagramApp().run_test(size=(100, 30)) as pilot:
        view, _ = await drawn(pilot, built)
        before, builds = view.palette.edge_colors, view.builds
        pilot.app.theme = "textual-light"
        await pilot.pause()
        assert view.builds > builds and view.palette.edge_colors != before
        assert gap_cells(view, 0)
