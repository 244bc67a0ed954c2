"""One layer's forward step with live numbers: z = W x + b, then a = g(z) (claim C1)."""

from __future__ import annotations

from rich.table import Table
from textual.binding import Binding
from textual.widgets import Static

from lessons.explorers import ACTIVATION_LABELS, LayerStep

from .base import Panel, unless_removed


def _num(v: float) -> str:
    return f"{v:.2f}"


class LayerPanel(Panel):
    BINDINGS = [
        Binding("g", "next_activation", "Next g", tooltip="Apply the next activation function"),
        Binding("x", "new_example", "New x", tooltip="Draw the next example x"),
    ]

    DEFAULT_CSS = """
    LayerPanel #layer-table { height: auto; padding: 0 1; }
    LayerPanel #layer-formula { height: auto; padding: 1 1 0 1; color: $text-muted; }
    """

    def __init__(self, step, **kwargs):
        super().__init__(step, **kwargs)
        self.layer_step = LayerStep(**self.settings)

    def compose(self):
        yield Static(id="layer-table")
        yield Static(id="layer-formula")

    def on_mount(self) -> None:
        self.redraw()

    @unless_removed
    def redraw(self) -> None:
        layer = self.layer_step
        z, a, W, b, x = layer.z, layer.a, layer.W, layer.b, layer.x
        g = layer.g
        table = Table(box=None, padding=(0, 1), show_edge=False, pad_edge=False,
                      title=f"example {layer.example}   g = {ACTIVATION_LABELS[g.name]}",
                      title_justify="left")
        table.add_column("i", justify="right", style="dim")
        for j in range(layer.n_x):
            table.add_column("W" if j == 0 else "", justify="right")
        table.add_column("x", justify="right")
        table.add_column("b", justify="right")
        table.add_column("z", justify="right", style="bold")
        table.add_column("a", justify="right", style="bold")
        for i in range(max(layer.n_units, layer.n_x)):
            if i < layer.n_units:
                cells = [_num(w) for w in W[i]]
                tail = [_num(b[i, 0]), _num(z[i, 0]), _num(a[i, 0])]
            else:
                cells, tail = [""] * layer.n_x, ["", "", ""]
            x_cell = _num(x[i, 0]) if i < layer.n_x else ""
            unit = str(i + 1) if i < layer.n_units else ""
            table.add_row(unit, *cells, x_cell, *tail)
        self.query_one("#layer-table", Static).update(table)
        formula = Table.grid(padding=(0, 2))
        formula.add_column(style="bold", no_wrap=True)
        formula.add_column()
        formula.add_row("z = W x + b", f"W {W.shape} · x {x.shape} + b {b.shape}")
        formula.add_row("a = g(z)", g.formula)
        # Unit 1 spelled out, so the table's first row can be checked by hand.
        terms = " + ".join(f"({W[0, j]:.2f})({x[j, 0]:.2f})" for j in range(layer.n_x))
        formula.add_row("", "")
        formula.add_row("z₁", f"{terms} + ({b[0, 0]:.2f}) = {z[0, 0]:.2f}")
        formula.add_row("a₁", f"g({z[0, 0]:.2f}) = {a[0, 0]:.2f}")
        self.query_one("#layer-formula", Static).update(formula)

    def action_next_activation(self) -> None:
        self.layer_step.next_activation()
        self.redraw()

    def action_new_example(self) -> None:
        self.layer_step.new_example()
        self.redraw()

    def reset(self) -> None:
        self.layer_step = LayerStep(**self.settings)
        self.redraw()
