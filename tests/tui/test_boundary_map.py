"""The decision-boundary map widget: colours follow the output, pixel order, points, NaN,
layouts of several maps, tiny sizes, map_size, and theme changes (Pilot)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.theme import BUILTIN_THEMES

from lessons.view_data import BoundaryMap, BoundaryMaps, MapSize, PointSet
from tui.widgets.boundary_map import (
    BLOCK,
    GLYPH_TEST,
    GLYPH_TRAIN,
    LEGIBLE_COLS,
    LEGIBLE_ROWS,
    LEVELS,
    BoundaryMapView,
    MapPalette,
    build_strips,
    contrast,
    map_colors,
    page_note,
    plan_layout,
    resample,
)
from tui.widgets.palette import palette_from_theme

BOUNDS = (0.0, 10.0, 0.0, 10.0)


def theme_variables(name: str) -> dict[str, str]:
    return BUILTIN_THEMES[name].to_color_system().generate()


@pytest.fixture(scope="module")
def dark() -> MapPalette:
    return MapPalette(map_colors(theme_variables("textual-dark")))


def rgb(color) -> tuple[int, int, int]:
    return tuple(color.get_truecolor())


def cells(strip) -> list[tuple[str, object]]:
    """(character, style) of every cell of a strip."""
    out = []
    for segment in strip:
        out.extend((ch, segment.style) for ch in segment.text)
    return out


def cell(strips, x: int, y: int):
    return cells(strips[y])[x]


def one_map(output, points=(), title="run", caption="train 90%", color=None,
            bounds=BOUNDS) -> BoundaryMaps:
    return BoundaryMaps((BoundaryMap(title, bounds, np.asarray(output, dtype=float),
                                     tuple(points), caption=caption, color=color),))


def build(data: BoundaryMaps, palette: MapPalette, width: int = 40, height: int = 16):
    """Strips and layout, with grids resampled to the layout's size if need be."""
    return build_strips(data, width, height, palette)


def sized(value, width=40, height=16, n=1) -> np.ndarray:
    size = plan_layout(width, height, n).size
    return np.full((size.ny, size.nx), value, dtype=float)


def dist(a, b) -> int:
    return sum(abs(x - y) for x, y in zip(a, b))


# -- colours -----------------------------------------------------------------------------------
@pytest.mark.parametrize("value, side", [(0.0, 0), (0.1, 0), (0.9, 1), (1.0, 1)])
def test_pixel_colour_follows_the_output(dark, value, side):
    strips, layout = build(one_map(sized(value)), dark)
    box = layout.boxes[0]
    char, style = cell(strips, box.x + 3, box.y + 2)
    assert char == BLOCK
    colors = dark.colors
    strong = (colors.class0, colors.class1)
    for pixel in (rgb(style.color), rgb(style.bgcolor)):
        # Nearer its own class colour than the other's, and not the neutral colour.
        assert dist(pixel, strong[side]) < dist(pixel, strong[1 - side])
        assert pixel != colors.neutral


def test_half_is_neutral_and_ends_are_the_strongest_tints(dark):
    colors = dark.colors
    pixels = {}
    for value in (0.0, 0.25, 0.5, 0.75, 1.0):
        strips, layout = build(one_map(sized(value)), dark)
        box = layout.boxes[0]
        pixels[value] = rgb(cell(strips, box.x, box.y)[1].color)
    assert pixels[0.5] == colors.neutral
    # Further from neutral the further the output is from 0.5, on each side.
    assert dist(pixels[0.0], colors.neutral) > dist(pixels[0.25], colors.neutral) > 0
    assert dist(pixels[1.0], colors.neutral) > dist(pixels[0.75], colors.neutral) > 0
    # Soft tints: the strong class colours stay clearly apart from them (points on top).
    assert contrast(colors.class0, pixels[0.0]) >= 2.0
    assert contrast(colors.class1, pixels[1.0]) >= 2.0


def test_row_zero_is_the_bottom_of_the_plane(dark):
    grid = sized(1.0)
    grid[0, :] = 0.0           # the bottom pixel row: class 0
    strips, layout = build(one_map(grid), dark)
    box = layout.boxes[0]
    colors = dark.colors
    class0_tint, class1_tint = colors.levels[0], colors.levels[-1]
    bottom_char, bottom = cell(strips, box.x + 1, box.y + box.height - 1)
    top_char, top = cell(strips, box.x + 1, box.y)
    # "▀": foreground = the upper pixel, background = the lower one.
    assert bottom_char == top_char == BLOCK
    assert rgb(bottom.bgcolor) == class0_tint and rgb(bottom.color) == class1_tint
    assert rgb(top.color) == rgb(top.bgcolor) == class1_tint

    grid = sized(1.0)
    grid[-1, :] = 0.0          # the last row is the top of the plane
    strips, layout = build(one_map(grid), dark)
    _, top = cell(strips, box.x + 1, box.y)
    assert rgb(top.color) == class0_tint and rgb(top.bgcolor) == class1_tint


def test_columns_follow_x(dark):
    grid = sized(1.0)
    grid[:, 0] = 0.0           # the first column is x_min: the left edge
    strips, layout = build(one_map(grid), dark)
    box = layout.boxes[0]
    assert rgb(cell(strips, box.x, box.y)[1].color) == dark.colors.levels[0]
    assert rgb(cell(strips, box.x + 1, box.y)[1].color) == dark.colors.levels[-1]


def test_a_grid_of_another_size_is_resampled(dark):
    grid = np.zeros((4, 4))
    grid[:, 2:] = 1.0          # left half class 0, right half class 1
    strips, layout = build(one_map(grid), dark)
    box = layout.boxes[0]
    left = rgb(cell(strips, box.x, box.y + 1)[1].color)
    right = rgb(cell(strips, box.x + box.width - 1, box.y + 1)[1].color)
    assert left == dark.colors.levels[0] and right == dark.colors.levels[-1]


# -- points ------------------------------------------------------------------------------------
def points(xy, labels, test=False) -> PointSet:
    return PointSet(np.asarray(xy, dtype=float).T.reshape(2, -1),
                    np.asarray(labels, dtype=float).reshape(1, -1), test=test)


def test_points_land_in_their_cells_with_class_colour_and_glyph(dark):
    data = one_map(sized(0.5), points=[
        points([(0.0, 0.0)], [1]),                    # bottom-left corner, class 1, train
        points([(10.0, 10.0)], [0], test=True),        # top-right corner, class 0, test
    ])
    strips, layout = build(data, dark)
    box = layout.boxes[0]
    char, style = cell(strips, box.x, box.y + box.height - 1)
    assert char == GLYPH_TRAIN and rgb(style.color) == dark.colors.class1
    assert rgb(style.bgcolor) == dark.colors.neutral  # over the cell's own tint
    char, style = cell(strips, box.x + box.width - 1, box.y)
    assert char == GLYPH_TEST and rgb(style.color) == dark.colors.class0
    glyphs = [c for y in range(box.y, box.y + box.height)
              for c, _ in cells(strips[y])[box.x:box.x + box.width] if c != BLOCK]
    assert sorted(glyphs) == sorted([GLYPH_TRAIN, GLYPH_TEST])


def test_a_point_in_the_middle_of_the_plane(dark):
    strips, layout = build(one_map(sized(0.0), points=[points([(5.0, 5.0)], [1])]), dark)
    box = layout.boxes[0]
    nx, ny = box.width, 2 * box.height
    col = round(0.5 * (nx - 1))
    row = (ny - 1 - round(0.5 * (ny - 1))) // 2
    char, style = cell(strips, box.x + col, box.y + row)
    assert char == GLYPH_TRAIN and rgb(style.color) == dark.colors.class1
    assert rgb(style.bgcolor) == dark.colors.levels[0]


def test_points_outside_the_bounds_are_skipped(dark):
    data = one_map(sized(0.5), points=[
        points([(-0.1, 5.0), (10.1, 5.0), (5.0, -3.0), (5.0, 11.0), (np.nan, 5.0)],
               [0, 1, 0, 1, 0]),
    ])
    strips, layout = build(data, dark)
    box = layout.boxes[0]
    for y in range(box.y, box.y + box.height):
        assert all(c == BLOCK for c, _ in cells(strips[y])[box.x:box.x + box.width])


def test_a_cell_with_both_classes_shows_the_majority_or_a_tie(dark):
    majority = one_map(sized(0.5), points=[points([(0, 0), (0, 0), (0, 0)], [0, 0, 1])])
    strips, layout = build(majority, dark)
    box = layout.boxes[0]
    _, style = cell(strips, box.x, box.y + box.height - 1)
    assert rgb(style.color) == dark.colors.class0
    tie = one_map(sized(0.5), points=[points([(0, 0), (0, 0)], [0, 1])])
    strips, _ = build(tie, dark)
    _, style = cell(strips, box.x, box.y + box.height - 1)
    assert rgb(style.color) == dark.colors.text


def test_legend_names_classes_and_glyphs_when_there_is_room(dark):
    data = one_map(sized(0.5, 80, 20), points=[points([(1, 1)], [0]),
                                                points([(2, 2)], [1], test=True)])
    strips, _ = build(data, dark, 80, 20)
    text = "\n".join(s.text for s in strips)
    assert "class 0" in text and "class 1" in text
    assert f"{GLYPH_TRAIN} train" in text and f"{GLYPH_TEST} test" in text


def test_the_legend_names_what_the_colours_stand_for(dark):
    """A model's map is coloured by ŷ from 0 to 1; hidden units' maps (initialization 3, 4;
    boundaries 3) by a[1] on g's range, tanh's from -1: the legend says each."""
    data = one_map(sized(0.5, 80, 20), points=[points([(1, 1)], [0])])
    text = "\n".join(s.text for s in build(data, dark, 80, 20)[0])
    assert "ŷ 0" in text and "a[1]" not in text
    units = BoundaryMaps(data.maps, scales=(("a[1]", "-1", "1"), ("ŷ", "0", "1")))
    text = "\n".join(s.text for s in build(units, dark, 80, 20)[0])
    assert "a[1] -1" in text and "ŷ 0" in text


def test_title_in_the_run_colour_and_caption_under_the_map(dark):
    data = one_map(sized(0.5), title="run B", caption="train 91.0%", color=2)
    strips, layout = build(data, dark)
    box = layout.boxes[0]
    title_line = strips[box.y - 1]
    x = title_line.text.index("run B")
    series = palette_from_theme(theme_variables("textual-dark")).series
    assert rgb(cell([title_line], x, 0)[1].color) == series[2]
    below = "\n".join(s.text for s in strips[box.y + box.height:])
    assert "train 91.0%" in below
    # Axis ends are marked: x2's max at the top, its min at the bottom, x1's under the map.
    assert strips[box.y].text[:box.x].strip() == "10"
    assert strips[box.y + box.height - 1].text[:box.x].strip() == "0"
    xaxis = strips[box.y + box.height].text[box.x:box.x + box.width]
    assert xaxis.startswith("0 ") and xaxis.endswith(" 10")


# -- NaN ---------------------------------------------------------------------------------------
def test_nan_output_draws_as_no_value_without_warnings(dark):
    grid = sized(0.2)
    grid[:, : grid.shape[1] // 2] = np.nan
    grid[0, -1] = np.inf
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        strips, layout = build(one_map(grid, points=[points([(1, 1)], [1])]), dark)
        build(one_map(np.full((3, 3), np.nan)), dark)
        build(one_map(np.empty((0, 0))), dark)
    box = layout.boxes[0]
    nan_pixels = {rgb(cell(strips, box.x + i, box.y)[1].color) for i in range(2)}
    assert nan_pixels == set(dark.colors.nan)          # a checker of two shades
    assert not nan_pixels & set(dark.colors.levels)     # unlike any output value
    assert "no value" in "\n".join(s.text for s in build(
        one_map(grid), dark, 100, 20)[0])


# -- layout ------------------------------------------------------------------------------------
def test_three_maps_side_by_side_within_the_width(dark):
    grid = sized(0.3, 64, 12, 3)
    data = BoundaryMaps(tuple(BoundaryMap(f"run {i}", BOUNDS, grid, caption=f"{i}")
                              for i in range(3)))
    strips, layout = build(data, dark, 64, 12)
    assert (layout.rows, layout.cols) == (1, 3)
    boxes = layout.boxes
    assert len(boxes) == 3 and len({b.y for b in boxes}) == 1
    for left, right in zip(boxes, boxes[1:]):
        assert left.x + left.width < right.x          # a gap between maps
    assert boxes[-1].x + boxes[-1].width <= 64
    assert boxes[0].height >= LEGIBLE_ROWS and boxes[0].width >= LEGIBLE_COLS
    assert all(s.cell_length == 64 for s in strips) and len(strips) == 12
    title_line = strips[boxes[0].y - 1].text
    assert all(f"run {i}" in title_line for i in range(3))


def test_many_maps_in_a_tall_widget_use_two_rows(dark):
    layout = plan_layout(100, 40, 7)
    assert layout.rows == 2 and layout.cols == 4
    assert len(layout.boxes) == 7
    assert max(b.x + b.width for b in layout.boxes) <= 100
    assert max(b.y + b.height for b in layout.boxes) <= 40
    # In a wide, short widget they stay on one row.
    assert plan_layout(160, 12, 7).rows == 1


def test_maps_with_different_bounds_each_get_their_axis(dark):
    grid = sized(0.5, 80, 14, 2)
    data = BoundaryMaps((BoundaryMap("a", BOUNDS, grid), BoundaryMap("b", (-3, 3, -2, 2), grid)))
    strips, layout = build(data, dark, 80, 14)
    text = "\n".join(s.text for s in strips)
    assert "-3.0" in text and "-2.0" in text and "10" in text
    assert layout.boxes[1].x - layout.boxes[0].x - layout.boxes[0].width > 2  # its gutter


@pytest.mark.parametrize("n", [1, 2, 3, 7])
def test_tiny_sizes_never_raise(dark, n):
    data = BoundaryMaps(tuple(BoundaryMap("a long title", BOUNDS, np.full((4, 4), 0.7),
                                          (points([(5, 5)], [1]),), caption="caption")
                              for _ in range(n)))
    for width in range(0, 9):
        for height in range(0, 7):
            strips, layout = build(data, dark, width, height)
            assert len(strips) == (height if width else 0)
            assert all(s.cell_length == width for s in strips)
            size = layout.size
            assert size.nx >= 0 and size.ny >= 0


def test_small_map_keeps_title_axes_and_caption(dark):
    # A 22 x 10 widget: a map of 12 x 6 cells (square data: 12 x 12 pixels) still gets its
    # title, x2/x1 ends and caption.
    strips, layout = build(one_map(sized(0.5, 22, 10), title="tanh", caption="90%"), dark,
                           22, 10)
    box = layout.boxes[0]
    assert box.width >= 12 and box.height >= 6
    text = "\n".join(s.text for s in strips)
    assert "tanh" in text and "90%" in text
    assert strips[box.y].text[:box.x].strip() == "10"


# -- the widget in an app ----------------------------------------------------------------------
class MapApp(App[None]):
    CSS = "#box { width: 60; height: 20; }"

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield BoundaryMapView(id="map")


async def test_map_size_follows_the_widget_size():
    app = MapApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(BoundaryMapView)
        box = app.query_one("#box")
        small = view.map_size(1)
        assert small.nx > 20 and small.ny % 2 == 0
        box.styles.width, box.styles.height = 80, 24
        await pilot.pause()
        bigger = view.map_size(1)
        assert bigger.nx > small.nx and bigger.ny > small.ny
        three = view.map_size(3)
        assert three.nx < bigger.nx
        # A grid of exactly map_size fills the map: the layout agrees.
        grid = np.full((three.ny, three.nx), 0.5)
        view.show(BoundaryMaps(tuple(BoundaryMap(f"r{i}", BOUNDS, grid) for i in range(3))))
        assert view.layout_info.size == three
        assert view.measure_size() == three
        box.styles.width, box.styles.height = 2, 1
        await pilot.pause()
        tiny = view.map_size(3)
        assert tiny.nx >= 1 and tiny.ny >= 2


async def test_before_layout_map_size_is_the_default():
    view = BoundaryMapView()
    assert view.map_size(2) == MapSize()
    view.show(one_map(np.zeros((2, 2))))  # not mounted: kept for later, no error
    assert view.strips == []


async def test_shows_data_and_follows_the_theme():
    app = MapApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "textual-dark"
        await pilot.pause()
        view = app.query_one(BoundaryMapView)
        size = view.map_size(1)
        grid = np.zeros((size.ny, size.nx))
        view.show(one_map(grid, points=[points([(5, 5)], [1])]))
        await pilot.pause()
        box = view.layout_info.boxes[0]
        before = rgb(cell(view.strips, box.x, box.y)[1].color)
        assert before == map_colors(theme_variables("textual-dark")).levels[0]
        assert view.render_line(box.y) is view.strips[box.y]   # prebuilt, handed out
        palette = view.palette

        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        assert view.palette is not palette                      # rebuilt
        after = rgb(cell(view.strips, box.x, box.y)[1].color)
        assert after != before
        light = map_colors(theme_variables("textual-light"))
        assert after == light.levels[0]
        assert dist(after, light.class0) < dist(after, light.class1)
        # What the screen draws is the rebuilt strip.
        assert view.render_line(box.y) is view.strips[box.y]


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord", "gruvbox",
                                   "catppuccin-latte", "solarized-light", "dracula"])
def test_class_colours_read_on_dark_and_light_themes(theme):
    colors = map_colors(theme_variables(theme))
    for strong, tint in ((colors.class0, colors.levels[0]), (colors.class1, colors.levels[-1])):
        assert contrast(strong, colors.neutral) >= 2.0    # points show on neutral ground
        assert contrast(strong, tint) >= 1.8               # and on their own class's tint
    assert dist(colors.class0, colors.class1) > 150        # the classes differ
    assert len(set(colors.levels)) == LEVELS               # every level its own shade
    assert not set(colors.nan) & set(colors.levels)


# -- aspect, legibility, flipping ----------------------------------------------------------------
@pytest.mark.parametrize("width,height", [(42, 12), (42, 16), (75, 30), (120, 40)])
@pytest.mark.parametrize("n", [1, 2, 7])
@pytest.mark.parametrize("aspect", [0.5, 1.0, 2.0])
def test_maps_keep_the_data_aspect(width, height, n, aspect):
    # One pixel is one column wide and half a row high: square pixels when a map of mw x mh
    # cells covers x and y ranges in the ratio mw : 2 mh.
    layout = plan_layout(width, height, n, aspect=aspect)
    mw, mh = layout.map_width, layout.map_height
    assert mw > 0 and mh > 0
    # Rounding to whole cells: within one cell of the exact ratio.
    assert abs(mw - aspect * 2 * mh) <= max(1.0, 2 * aspect)


@pytest.mark.parametrize("width,height", [(42, 12), (42, 16), (60, 14)])
def test_too_many_maps_for_the_room_are_shown_a_few_at_a_time(width, height):
    layout = plan_layout(width, height, 7)
    assert layout.paged and 1 <= len(layout.boxes) < 7
    if len(layout.boxes) > 1:  # more than one only when each is legible
        assert layout.map_width >= LEGIBLE_COLS and layout.map_height >= LEGIBLE_ROWS


def test_all_maps_shown_when_each_is_legible():
    layout = plan_layout(120, 40, 7)
    assert not layout.paged and len(layout.boxes) == 7
    assert layout.map_width >= LEGIBLE_COLS and layout.map_height >= LEGIBLE_ROWS


def test_a_flip_through_says_which_maps_it_shows(dark):
    maps = tuple(BoundaryMap(f"run {i}", BOUNDS, sized(0.2 * (i % 5), 42, 12, 7))
                 for i in range(7))
    strips, layout = build(BoundaryMaps(maps), dark, 42, 12)
    shown = len(layout.boxes)
    assert layout.paged
    text = "\n".join(s.text for s in strips)
    assert page_note(0, shown, 7) in text and "run 0" in text and f"run {shown}" not in text
    first = shown * (6 // shown)  # the last page
    strips, _ = build_strips(BoundaryMaps(maps), 42, 12, dark, first)
    text = "\n".join(s.text for s in strips)
    assert "run 6" in text and "run 0 " not in text and page_note(first, shown, 7) in text


def test_resampled_pixels_sit_where_the_probe_puts_them():
    # The probe samples x on linspace(min, max, n); a coarser or finer map takes, for each
    # of its own pixels, the sample nearest to that pixel's x: edges stay edges.
    xs = np.linspace(0.0, 10.0, 37)
    output = np.tile(xs, (5, 1))
    for nx in (7, 20, 37, 60):
        got = resample(output, 5, nx)[0]
        want = np.linspace(0.0, 10.0, nx)
        assert got[0] == 0.0 and got[-1] == 10.0
        assert np.all(np.abs(got - want) <= (xs[1] - xs[0]) / 2 + 1e-9)


async def test_m_flips_through_maps_too_many_for_the_room(make_app):
    # "Hidden-layer sizes": seven runs, at 80x24 a few maps at a time; m shows the next ones
    # and comes back round to the first.
    app = make_app(lesson="boundaries", step=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = app.panel.query_one(BoundaryMapView)
        layout = view.layout_info
        assert view.flips and layout.n_maps == 7
        shown = len(layout.boxes)
        titles = []
        for _ in range(-(-7 // shown)):
            titles.append(view.plain.splitlines()[layout.boxes[0].y - 1].split()[0:2])
            await pilot.press("m")
            await pilot.pause()
        assert view.plain.splitlines()[layout.boxes[0].y - 1].split()[0:2] == titles[0]
        assert len({tuple(t) for t in titles}) == len(titles)  # each page its own maps


# -- one colour-blind-safe palette -------------------------------------------------------------
# Machado et al. (2009), severity 1.0, on linear-ish RGB: enough to tell whether two colours
# collapse into one for a protanope, a deuteranope or a tritanope.
CVD = {
    "protan": np.array([[0.152, 1.053, -0.205], [0.115, 0.786, 0.099], [-0.004, -0.048, 1.052]]),
    "deutan": np.array([[0.367, 0.861, -0.228], [0.280, 0.673, 0.047], [-0.012, 0.043, 0.969]]),
    "tritan": np.array([[1.256, -0.077, -0.179], [-0.078, 0.931, 0.148], [0.005, 0.691, 0.304]]),
}


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord", "gruvbox"])
@pytest.mark.parametrize("vision", [None, *CVD])
def test_class_colours_differ_for_every_colour_vision(theme, vision):
    colors = map_colors(theme_variables(theme))
    pair = [np.array(c, float) for c in (colors.class0, colors.class1)]
    if vision:
        pair = [np.clip(CVD[vision] @ c, 0, 255) for c in pair]
    assert np.abs(pair[0] - pair[1]).sum() > 120


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord", "gruvbox"])
def test_series_colours_are_distinct_and_readable_on_every_theme(theme):
    palette = palette_from_theme(theme_variables(theme))
    series = palette.series
    assert len(series) >= 7  # the seven runs of "Hidden-layer sizes"
    for i, a in enumerate(series):
        assert contrast(a, palette.canvas) >= 3.0
        for b in series[i + 1:]:
            assert dist(a, b) > 60


@pytest.mark.parametrize("width,height,n", [(76, 42, 5), (100, 40, 7), (60, 40, 3)])
def test_a_caption_has_its_own_line_when_the_last_row_is_short(dark, width, height, n):
    """Five maps in two columns: the fourth is the last of its column but not of the grid.
    Its caption stays on its own line, not over the next row's titles, and no x axis is
    drawn over another map's caption ("w +3.02-4.7" at 160x48)."""
    maps = tuple(BoundaryMap(f"unit {i + 1}", BOUNDS, np.full((8, 8), 0.5), (),
                             caption=f"w +{i}.00") for i in range(n))
    strips, layout = build_strips(BoundaryMaps(maps), width, height, dark)
    assert layout.rows * layout.cols > n >= layout.cols  # a short last row
    texts = [strip.text for strip in strips]
    for box, bmap in zip(layout.boxes, maps):
        caption_row = texts[box.y + box.height]
        title_row = texts[box.y - 1]
        if bmap.caption not in caption_row:
            caption_row = texts[box.y + box.height + 1]  # under the shared x axis
            assert box.index // layout.cols == (len(layout.boxes) - 1) // layout.cols
        assert caption_row[box.x:box.x + box.width].rstrip() == bmap.caption
        assert title_row[box.x:box.x + box.width].rstrip() == bmap.title


@pytest.mark.parametrize("width, shown", [(30, "train 47.0%  test 47.5%"),
                                          (22, "train 47.0% test 47.5%"),
                                          (20, "train 47.0% …"), (11, "train 47.0%"),
                                          (8, "train …")])
def test_a_map_caption_too_wide_loses_whole_parts_never_part_of_a_number(width, shown):
    from tui.widgets.boundary_map import fit_caption

    assert fit_caption("train 47.0%  test 47.5%", width) == shown
