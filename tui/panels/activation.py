"""Activation shapes with their derivatives, a cursor along z, and leaky ReLU's slope."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from lessons.explorers import ACTIVATION_LABELS, ActivationExplorer

from ..widgets import CurvePlot, PlotData, Readouts, Series
from ..widgets.curve_plot import palette_from_theme
from .base import Panel, unless_removed


# The y range each view needs (z runs over -5..5); the unbounded ones share (-1.2, 5.2).
Y_LIMITS = {"sigmoid": (-0.1, 1.1), "tanh": (-1.2, 1.2)}


class ActivationPanel(Panel):
    BINDINGS = [
        Binding("a", "next_function", "Next g", tooltip="Show the next activation (or all)"),
        Binding("d", "toggle_derivative", "g'", tooltip="Draw the derivative over the function"),
        Binding("left", "cursor(-1)", "z-", tooltip="Move the cursor left along z"),
        Binding("right", "cursor(1)", "z+", tooltip="Move the cursor right along z"),
        Binding("plus,equals_sign", "slope(1)", "Slope+", tooltip="Steeper leaky-ReLU slope"),
        Binding("minus", "slope(-1)", "Slope-", tooltip="Flatter leaky-ReLU slope"),
    ]

    DEFAULT_CSS = """
    ActivationPanel CurvePlot { height: 1fr; }
    ActivationPanel Readouts { height: auto; max-height: 7; }
    ActivationPanel #formula { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, step, **kwargs):
        super().__init__(step, **kwargs)
        self.explorer = ActivationExplorer(**self.settings)

    def compose(self):
        yield CurvePlot(id="activation-plot")
        yield Readouts(id="activation-readouts")
        yield Static(id="formula")

    def on_mount(self) -> None:
        self.redraw()
        # The readout names are coloured like their curves: follow a theme change too.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.redraw())

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "slope":
            return True if any(g.name == "leaky_relu" for g in self.explorer.activations()) else None
        return True

    @unless_removed
    def redraw(self) -> None:
        ex = self.explorer
        palette = palette_from_theme(self.app.theme_variables)
        order = list(ACTIVATION_LABELS)
        series = []
        several = ex.shown == "all"
        for curve in ex.curves(points=161):
            color = order.index(curve.name)
            if curve.derivative and not several:
                color += 3  # alone, a derivative gets a colour of its own
            series.append(Series(curve.label, curve.xs, curve.ys, color=color,
                                 dim=curve.derivative and several))
        title = "all five" if several else ACTIVATION_LABELS[ex.shown]
        if ex.show_derivative:
            title += " and g'(z)" if not several else " (g' dimmed)"
        lo, hi = Y_LIMITS.get(ex.shown, (-1.2, 5.2))
        self.query_one(CurvePlot).show(
            PlotData(tuple(series), title=title, vlines=(ex.cursor,), ylim=(lo, hi),
                     xlim=(ex.z_min, ex.z_max), legend=not several)
        )
        rows = []
        for r in ex.readings():
            rgb = palette.series[order.index(r["key"]) % len(palette.series)]
            name = Text(r["name"], style=f"bold rgb({rgb[0]},{rgb[1]},{rgb[2]})")
            rows.append((name, f"{r['value']:+.4f}", f"{r['derivative']:+.4f}", r["range"]))
        header = (f"z = {ex.cursor:+.2f}", "g(z)", "g'(z)", "range")
        self.query_one(Readouts).show_rows(rows, header=header)
        formula = ""
        if not several:
            g = ex.activations()[0]
            formula = f"{g.formula}\n{g.derivative_formula}"
        self.query_one("#formula", Static).update(formula)

    def action_next_function(self) -> None:
        self.explorer.next_shown()
        self.redraw()
        self.refresh_bindings()  # the slope keys apply only while leaky ReLU is shown

    def action_toggle_derivative(self) -> None:
        self.explorer.show_derivative = not self.explorer.show_derivative
        self.redraw()

    def action_cursor(self, delta: int) -> None:
        self.explorer.move_cursor(delta)
        self.redraw()

    def action_slope(self, delta: int) -> None:
        self.explorer.change_slope(delta)
        self.redraw()

    def reset(self) -> None:
        self.explorer = ActivationExplorer(**self.settings)
        self.redraw()
