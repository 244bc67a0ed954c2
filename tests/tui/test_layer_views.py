"""The per-layer views: histograms (resampling keeps mass, bars follow counts, layout at
48 x 10, bad data) and meters (linear and log bars, zero / NaN, alarm colour), tiny sizes,
and both widgets in an app that resizes and changes theme (Pilot)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.theme import BUILTIN_THEMES

from lessons.view_data import Histogram, Histograms, Meter, Meters
from tui.widgets import view_widget
from tui.widgets.layer_views import (
    NO_DATA,
    OUT_OF_RANGE,
    HistogramsView,
    MetersView,
    _Styles,
    bar_levels,
    build_histograms,
    build_meters,
    layer_colors,
    meter_bar,
    meter_fraction,
    number_label,
    plan_histograms,
    resample_counts,
)
from tui.widgets.palette import contrast, palette_from_theme

FULL = "█"


def theme_variables(name: str) -> dict[str, str]:
    return BUILTIN_THEMES[name].to_color_system().generate()


@pytest.fixture(scope="module")
def dark() -> _Styles:
    return _Styles(layer_colors(theme_variables("textual-dark")))


def cells(strip) -> list[tuple[str, object]]:
    out = []
    for segment in strip:
        out.extend((ch, segment.style) for ch in segment.text)
    return out


def rgb(color) -> tuple[int, int, int]:
    return tuple(color.get_truecolor())


def hist(counts, label="layer 1", caption="sat 0%", lo=-1.0, hi=1.0, color=None):
    counts = np.asarray(counts, dtype=float)
    return Histogram(label, np.linspace(lo, hi, counts.size + 1), counts, caption, color)


def hists(*rows, x_range=(-1.0, 1.0), title="activations") -> Histograms:
    return Histograms(title, tuple(rows), x_range, "A[l]")


def tanh_layers(scale: float) -> Histograms:
    """Activations of a 5 x 50 tanh network at init, as a lesson's probe would give."""
    from engine.network import Network

    rng = np.random.RandomState(0)
    X = rng.randn(2, 300)
    X = (X - X.mean(1, keepdims=True)) / X.std(1, keepdims=True)
    net = Network([2, 50, 50, 50, 50, 50, 1], "tanh", init="small", init_scale=scale,
                  init_seed=1)
    _, cache = net.forward(X)
    rows = []
    for layer in range(1, 6):
        counts, edges = np.histogram(cache.A[layer], bins=40, range=(-1, 1))
        sat = float((np.abs(cache.A[layer]) > 0.9).mean())
        rows.append(Histogram(f"layer {layer}", edges, counts, f"sat {sat:.0%}"))
    return hists(*rows, title=f"tanh, init scale {scale:g}")


def grad_meters() -> Meters:
    values = (1e-1, 3e-3, 2e-5, 1e-8, 0.0)
    return Meters("gradient norms", tuple(
        Meter(f"layer {i + 1}", v, "0 exactly" if v == 0 else f"{v:.1e}", alarm=v == 0)
        for i, v in enumerate(values)), full=1.0, log=True, decades=9)


# -- resampling --------------------------------------------------------------------------------
@pytest.mark.parametrize("bins, columns", [(40, 33), (40, 7), (40, 40), (5, 31), (3, 100),
                                           (1, 1), (97, 13)])
def test_resampling_preserves_total_mass(bins, columns):
    rng = np.random.RandomState(bins * 1000 + columns)
    counts = rng.randint(0, 50, bins).astype(float)
    edges = np.sort(rng.uniform(-1, 1, bins + 1))   # uneven bins inside the range
    out = resample_counts(edges, counts, -1.0, 1.0, columns)
    assert out.shape == (columns,)
    assert out.sum() == pytest.approx(counts.sum())
    assert (out >= 0).all()


def test_resampling_onto_the_same_bins_is_the_identity_and_moves_mass_with_x():
    counts = np.array([0, 1, 2, 3, 4, 0, 9, 0], dtype=float)
    edges = np.linspace(-1, 1, 9)
    assert np.allclose(resample_counts(edges, counts, -1, 1, 8), counts)
    # Half as many columns: neighbouring pairs summed, in order.
    assert np.allclose(resample_counts(edges, counts, -1, 1, 4), [1, 5, 4, 9])
    # Mass outside the range is left out; inside it stays where it was.
    right = resample_counts(edges, counts, 0, 1, 4)
    assert np.allclose(right, [4, 0, 9, 0]) and right.sum() == 13


@pytest.mark.parametrize("edges, counts", [
    ([0, np.nan, 1], [1, 1]),            # NaN edge
    ([-np.inf, 0, 1], [1, 1]),           # inf edge
    ([0, 1, 2], [1, 1, 1]),              # sizes disagree
    ([0, 1, 2], [1, np.nan]),            # NaN count
    ([], []),                            # nothing
    ([1, 0, 2], [1, 1]),                 # descending
])
def test_unusable_data_is_not_resampled(edges, counts):
    assert resample_counts(edges, counts, 0.0, 1.0, 10) is None


# -- histogram bars ----------------------------------------------------------------------------
def bar_cells(strips, layout, i):
    """The bar cells (char, style) of histogram ``i``, rows top to bottom."""
    top = layout.top(i)
    return [cells(strips[top + r])[layout.bar_x:layout.bar_x + layout.bars]
            for r in range(layout.rows)]


@pytest.mark.parametrize("height, rows", [(3, 1), (4, 2), (5, 3)])
def test_bar_heights_follow_counts(dark, height, rows):
    counts = [0, 1, 2, 4, 8, 16, 8, 0]
    data = hists(hist(counts))
    width = 7 + 1 + 8 + 1 + 6        # label, bars (one per bin), caption
    strips, layout = build_histograms(data, width, height, dark)
    assert layout.rows == rows and layout.bars == 8
    grid = bar_cells(strips, layout, 0)
    # Eighths filled per column, summed over its rows.
    blocks = " ▁▂▃▄▅▆▇█"
    filled = [sum(blocks.index(grid[r][c][0]) for r in range(rows)) for c in range(8)]
    assert filled[5] == 8 * rows                      # the tallest bin: a full bar
    assert all(grid[r][5][0] == FULL for r in range(rows))
    assert filled[0] == filled[7] == 0                # empty bins: nothing
    assert filled[1] <= filled[2] <= filled[3] <= filled[4] <= filled[5]
    assert filled[4] == 4 * rows and filled[6] == filled[4]
    assert filled[1] >= 1


def test_thin_tails_show_in_a_dimmer_shade(dark):
    counts = np.zeros(21)
    counts[10], counts[0], counts[20] = 10_000, 1, 2    # a spike and two stray values
    strips, layout = build_histograms(hists(hist(counts)), 8 + 1 + 21 + 7, 3, dark)
    row = bar_cells(strips, layout, 0)[0]
    assert row[10][0] == FULL
    assert row[0][0] == row[20][0] == "▁"               # visible...
    assert row[0][1].color != row[10][1].color          # ...but not like a peak
    assert row[5][0] == " "
    heights, weak = bar_levels(counts, 8)
    assert weak[0] and weak[20] and not weak[10] and not weak[5]


def test_a_collapsed_layer_is_one_bar_at_zero(dark):
    # tanh at init scale 0.01, measured with one bin per column (measure_size): one spike.
    data = tanh_layers(0.01)
    layout = plan_histograms(data, 48, 10)
    assert layout.bars % 2 == 1                          # 0 is the middle of a column
    rows = []
    for h in data.rows:
        a = np.repeat(0.5 * (h.edges[:-1] + h.edges[1:]), h.counts.astype(int))
        counts, edges = np.histogram(a, bins=layout.bars, range=(-1, 1))
        rows.append(Histogram(h.label, edges, counts, h.caption))
    strips, layout = build_histograms(hists(*rows), 48, 10, dark)
    for i in range(1, 5):                                # layers 2..5
        row = "".join(ch for ch, _ in bar_cells(strips, layout, i)[0])
        assert row.strip() == FULL and row.index(FULL) == layout.bars // 2


def test_saturated_layers_pile_up_at_the_ends(dark):
    strips, layout = build_histograms(tanh_layers(10), 48, 10, dark)
    for i in range(5):
        row = "".join(ch for ch, _ in bar_cells(strips, layout, i)[0])
        assert row[0] == row[-1] == FULL
        assert FULL not in row[3:-3]


def test_five_layers_fit_48_by_10(dark):
    data = tanh_layers(1)
    strips, layout = build_histograms(data, 48, 10, dark)
    assert len(strips) == 10 and all(s.cell_length == 48 for s in strips)
    assert layout.title and layout.axis and layout.shown == 5 and layout.rows == 1
    assert layout.bars >= 28
    text = [s.text for s in strips]
    assert text[0].startswith("tanh, init scale 1")
    for i, h in enumerate(data.rows):
        line = text[layout.top(i)]
        assert line.startswith(h.label) and line.rstrip().endswith(h.caption)
    axis = text[layout.top(4) + 1]
    assert axis[layout.bar_x:].startswith("-1") and " 0 " in axis and "A[l]" in axis
    # Touching histograms alternate their track shade.
    tracks = {bar_cells(strips, layout, i)[0][-2][1].bgcolor for i in range(2)}
    assert len(tracks) == 2


def test_more_room_gives_taller_histograms_with_gaps(dark):
    data = tanh_layers(1)
    assert plan_histograms(data, 48, 7).rows == 1
    two = plan_histograms(data, 48, 16)
    assert (two.rows, two.gap) == (2, 1)
    three = plan_histograms(data, 48, 21)
    assert (three.rows, three.gap) == (3, 1)
    assert plan_histograms(data, 48, 40).rows == 3


@pytest.mark.parametrize("row, note", [
    (Histogram("layer 1", np.array([0.0, np.nan, 1.0]), np.array([3.0, 4.0])), NO_DATA),
    (Histogram("layer 1", np.array([0.0, 1.0]), np.array([0.0])), NO_DATA),
    (Histogram("layer 1", np.array([]), np.array([])), NO_DATA),
    (Histogram("layer 1", np.array([5.0, 6.0]), np.array([7.0])), OUT_OF_RANGE),
])
def test_bad_or_empty_histograms_say_so(dark, row, note):
    data = hists(row, hist([1, 2, 3], label="layer 2"))
    strips, layout = build_histograms(data, 40, 6, dark)
    assert note in strips[layout.top(0)].text
    assert FULL in strips[layout.top(1)].text          # the good row is still drawn


def test_unusable_x_range_falls_back_to_the_edges(dark):
    data = hists(hist([1, 5, 1], lo=0, hi=3), x_range=(math.nan, math.inf))
    strips, layout = build_histograms(data, 30, 4, dark)
    assert FULL in strips[layout.top(0)].text
    assert "3" in strips[layout.top(0) + layout.rows].text   # the axis: the edges' span
    none = Histograms("t", (Histogram("a", np.array([np.nan, np.nan]), np.array([1.0])),),
                      (np.nan, np.nan))
    strips, _ = build_histograms(none, 30, 4, dark)
    assert NO_DATA in strips[1].text


@pytest.mark.parametrize("value, text", [(-1.0, "-1"), (0.5, "0.5"), (-498.3, "-498"),
                                         (0.011, "0.011"), (1e-7, "1e-7"), (math.nan, "?")])
def test_axis_ends_are_short(value, text):
    assert number_label(value) == text


# -- meters ------------------------------------------------------------------------------------
def test_linear_meter_is_value_over_full():
    assert meter_fraction(0.25, 1.0) == 0.25
    assert meter_fraction(3.0, 2.0) == 1.0               # clipped
    assert meter_bar(0.5, 4) == "██  "
    assert meter_bar(0.5 + 1 / 32, 4) == "██▏ "          # eighths of a cell
    assert meter_bar(1e-9, 4) == "▏   "                   # above zero: visible


def test_log_meter_value_ten_times_smaller_is_one_decade_shorter(dark):
    assert meter_fraction(1e-2, 1.0, log=True, decades=6) == pytest.approx(4 / 6)
    assert meter_fraction(1e-3, 1.0, log=True, decades=6) == pytest.approx(3 / 6)
    assert meter_fraction(1.0, 1.0, log=True, decades=6) == 1.0
    assert meter_fraction(1e-7, 1.0, log=True, decades=6) == 0.0   # below the scale
    # Drawn: the bars differ by one decade's length (bar width / decades).
    data = Meters("g", (Meter("a", 1e-2, "x"), Meter("b", 1e-3, "x")), log=True, decades=4)
    strips, layout = build_meters(data, 4 + 32 + 4, 3, dark)

    def eighths(y):
        bar = strips[y].text[layout.bar_x:layout.bar_x + layout.bars]
        return sum(" ▏▎▍▌▋▊▉█".index(ch) for ch in bar)

    decade = layout.bars * 8 / 4
    assert eighths(1) - eighths(2) == pytest.approx(decade, abs=1)
    assert eighths(1) == pytest.approx(layout.bars * 8 * 2 / 4, abs=1)


@pytest.mark.parametrize("value", [0.0, -1.0, math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("log", [False, True])
def test_zero_negative_and_broken_values_are_an_empty_bar(dark, value, log):
    assert meter_fraction(value, 1.0, log=log) == 0.0
    data = Meters("g", (Meter("layer 1", value, "0 exactly", alarm=True),), log=log)
    strips, layout = build_meters(data, 48, 2, dark)
    line = strips[1].text
    assert line[layout.bar_x:layout.bar_x + layout.bars].strip() == ""
    assert line.startswith("layer 1") and "0 exactly" in line


def test_alarm_rows_are_in_the_error_colour(dark):
    strips, layout = build_meters(grad_meters(), 48, 6, dark)
    normal, alarm = cells(strips[1]), cells(strips[5])
    colors = dark.colors
    assert rgb(normal[layout.bar_x][1].color) == colors.primary
    assert rgb(alarm[layout.bar_x][1].color) == colors.error
    assert rgb(alarm[0][1].color) == colors.error        # the label too
    assert rgb(normal[0][1].color) != colors.error
    assert colors.error != colors.primary


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord", "gruvbox",
                                   "solarized-light", "dracula", "catppuccin-latte"])
def test_colours_read_on_their_theme(theme):
    colors = layer_colors(theme_variables(theme))
    assert contrast(colors.error, colors.background) >= 4.5
    assert contrast(colors.error, colors.track) >= 3.0
    assert contrast(colors.primary, colors.track) >= 3.0
    assert contrast(colors.track, colors.background) > 1.05   # the band shows
    assert colors.track != colors.track_alt


def test_meters_fit_48_columns(dark):
    strips, layout = build_meters(grad_meters(), 48, 6, dark)
    assert all(s.cell_length == 48 for s in strips)
    assert layout.bars >= 24
    texts = [s.text for s in strips]
    assert texts[0].startswith("gradient norms") and texts[0].rstrip().endswith("log 1e-9…1")
    for meter, text in zip(grad_meters().rows, texts[1:]):
        assert text.startswith(meter.label) and text.rstrip().endswith(meter.text)


def test_labels_get_up_to_a_third_of_the_width(dark):
    data = Meters("spread", (Meter("4 units layer 1", 0.5, "5.00e-01"),
                             Meter("randn × 10 layer 12", 0.0, "0 exactly", alarm=True)))
    strips, layout = build_meters(data, 48, 3, dark)
    assert layout.label_width == 16 and layout.bars >= 20
    assert strips[1].text.startswith("4 units layer 1 ")
    assert strips[2].text.startswith("randn × 10 laye…")
    narrow, _ = build_meters(data, 30, 3, dark)        # narrow: at most 10 columns
    assert narrow[1].text.startswith("4 units l…")


@pytest.mark.parametrize("full, decades", [(math.inf, 6), (math.nan, 6), (0.0, 6),
                                           (1.0, 10_000), (1.0, 0), (-1.0, -3)])
def test_odd_scales_do_not_raise(dark, full, decades):
    data = Meters("g", (Meter("a", 0.5, "x"), Meter("b", 1e-300, "y")), full=full, log=True,
                  decades=decades)
    strips, _ = build_meters(data, 40, 3, dark)
    assert len(strips) == 3
    lin = Meters("g", (Meter("a", 0.5, "x"),), full=full)
    assert len(build_meters(lin, 40, 2, dark)[0]) == 2


# -- any size ----------------------------------------------------------------------------------
@pytest.mark.parametrize("width", [0, 1, 2, 5, 9, 14, 20])
@pytest.mark.parametrize("height", [0, 1, 2, 3, 5, 8])
def test_tiny_sizes_do_not_raise(dark, width, height):
    for data, build in ((tanh_layers(1), build_histograms), (grad_meters(), build_meters),
                        (hists(), build_histograms), (Meters("", ()), build_meters)):
        strips, _ = build(data, width, height, dark)
        assert len(strips) == (height if width > 0 else 0)
        assert all(s.cell_length == width for s in strips)


# -- the widgets in an app ---------------------------------------------------------------------
class LayerApp(App[None]):
    CSS = "#panel { width: 48; height: 1fr; }"

    def compose(self) -> ComposeResult:
        with Vertical(id="panel"):
            yield HistogramsView(id="hist")
            yield MetersView(id="meters")


def test_the_registry_names_these_widgets():
    assert view_widget(Histograms) is HistogramsView
    assert view_widget(Meters) is MetersView
    assert HistogramsView.deferred is False and MetersView.deferred is False


async def test_widgets_show_resize_and_follow_the_theme():
    app = LayerApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "textual-dark"
        view, meters = app.query_one(HistogramsView), app.query_one(MetersView)
        assert view.measure_size() is None and meters.measure_size() is None   # no data yet
        data = tanh_layers(10)
        view.show(data)
        meters.show(grad_meters())
        await pilot.pause()
        assert meters.size.height == 6                     # 1 + rows
        assert meters.size.width == 48
        assert view.size.height == 24 - 6
        assert "tanh, init scale 10" in view.plain and "layer 5" in view.plain
        assert "0 exactly" in meters.plain
        assert view.render_line(1) is view.strips[1]       # prebuilt, handed out
        rows_before = view.layout_info.rows
        assert view.measure_size() == view.layout_info.bars

        # A smaller terminal: fewer rows per histogram, still every layer.
        builds = view.builds
        await pilot.resize_terminal(80, 14)
        await pilot.pause()
        assert view.builds > builds
        assert view.size.height == 14 - 6
        assert view.layout_info.rows < rows_before and view.layout_info.shown == 5
        assert len(view.strips) == view.size.height
        # A tall one: it stops at its tallest picture (max-height), no blank lines.
        await pilot.resize_terminal(80, 50)
        await pilot.pause()
        assert view.size.height == 1 + 5 * 3 + 4 + 1

        dark_bar = view.colors.primary
        dark_alarm = meters.colors.error
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        light = layer_colors(theme_variables("textual-light"))
        assert view.colors.primary != dark_bar and meters.colors.error != dark_alarm
        assert contrast(view.colors.primary, view.colors.track) >= 3.0
        assert contrast(meters.colors.error, meters.colors.background) >= 4.5
        assert meters.colors.background == light.background
        # The strips were rebuilt with the new colours.
        layout = view.layout_info
        bar = cells(view.strips[layout.top(0)])[layout.bar_x][1]
        assert rgb(bar.color) == view.colors.primary
        assert view.render_line(layout.top(0)) is view.strips[layout.top(0)]


async def test_a_histograms_colour_slot_is_its_series_colour():
    app = LayerApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(HistogramsView)
        view.show(hists(hist([1, 4, 1], color=2), hist([1, 4, 1], label="layer 2")))
        await pilot.pause()
        layout = view.layout_info
        first = cells(view.strips[layout.top(0) + layout.rows - 1])
        second = cells(view.strips[layout.top(1) + layout.rows - 1])
        peak = layout.bar_x + layout.bars // 2
        assert rgb(first[peak][1].color) == view.colors.series[2]
        assert rgb(second[peak][1].color) == view.colors.primary
        series = palette_from_theme(app.theme_variables).series
        assert len(view.colors.series) == len(series)


async def test_columns_do_not_shift_when_a_caption_gets_shorter():
    app = LayerApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(HistogramsView)
        view.show(hists(hist([1, 2], caption="sat 100%")))
        await pilot.pause()
        bars = view.layout_info.bars
        view.show(hists(hist([1, 2], caption="sat 9%")))
        await pilot.pause()
        assert view.layout_info.bars == bars
        # Other rows (other labels): the columns fit the new data.
        view.show(hists(hist([1, 2], label="l1", caption="")))
        await pilot.pause()
        assert view.layout_info.bars > bars


async def test_show_before_mount_keeps_the_data():
    view = HistogramsView()
    view.show(tanh_layers(1))         # not mounted: no error, drawn when mounted
    assert view.strips == [] and view.data is not None
    meters = MetersView()
    meters.show(grad_meters())
    assert meters.strips == []


@pytest.mark.parametrize("title", ["g", "gradient sizes now (4 tanh → sigmoid)",
                                   "units' spread (0: all alike)"])
def test_a_log_scale_is_labelled_at_80x24_a_long_title_gives_way(dark, title):
    data = Meters(title, (Meter("layer 1", 1e-3, "1.0e-03"),), log=True, decades=8, full=10)
    strips, _ = build_meters(data, 48, 2, dark)  # the panel's width at 80x24
    head = strips[0].text.rstrip()
    assert head.endswith("  log 1e-7…10")
    assert head.startswith(title) or head.startswith(title[:5]) and "…  log" in head
async def test_the_init_summary_fits_its_panel_at_80x24_whatever_the_knobs(make_app):
    # initialization 6: every line of the summary (five layers) in the width the panel gives
    # it at 80 columns, for every scale and activation its knobs offer: a wrapped line would
    # make "the summary's last two lines" four.
    from rich.cells import cell_len

    from lessons.mechanisms.initialization import SCALES, DeepAtInit, DeepSummary
    from tui.widgets.readouts import NotesView

    app = make_app(lesson="initialization", step=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        width = app.query_one(NotesView).content_region.width
    assert width > 0
    for activation in ("tanh", "sigmoid", "relu"):
        for scale in SCALES:
            lines = DeepSummary().measure(DeepAtInit(scale=scale, activation=activation)).lines
            assert max(map(cell_len, lines)) <= width, (scale, activation, lines)


@pytest.mark.parametrize("rows, width, columns", [(16, 48, 2), (11, 48, 2), (6, 48, 1),
                                                  (16, 40, 1)])
def test_many_meters_go_in_two_columns_where_they_fit_every_label_whole(dark, rows, width,
                                                                         columns):
    """backprop 5 at h = 15: 16 meters a group, two groups in a panel of 22 rows."""
    from tui.widgets.layer_views import meters_height

    data = Meters("gradient norms", tuple(
        Meter(f"|dW{i + 1}|", 10.0 ** -i, f"{10.0 ** -i:.2e}") for i in range(rows)),
        full=10.0, log=True, decades=9)
    height = meters_height(rows, width)
    assert height == 1 + -(-rows // columns)
    strips, _ = build_meters(data, width, height, dark)
    text = "\n".join(strip.text for strip in strips)
    for meter in data.rows:  # every meter on its own line, its label and number whole
        assert sum(line.count(meter.label + " ") for line in text.splitlines()) == 1
        assert meter.text in text
