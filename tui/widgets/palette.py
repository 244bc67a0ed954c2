"""The app's one palette for plots, maps and tables: one definition of a series colour.

A view names a colour by *slot* (``lessons.view_data``); ``palette_from_theme`` turns the slots
into Okabe & Ito's colour-blind-safe colours, made readable on the theme's canvas, so every
series stays tellable apart on dark and light themes and for every colour vision. The colour helpers the
widgets share live here too: a theme variable as RGB, a widget's own colours, a Style of RGB
colours, blends and contrasts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.color import Color as RichColor
from rich.style import Style
from textual.color import Color

if TYPE_CHECKING:
    from textual.widget import Widget

MIN_CONTRAST = 3.0  # WCAG's ratio for graphics and large text, against the plot's canvas

RGB = tuple[int, int, int]


def theme_rgb(variables: dict[str, str], name: str) -> RGB | None:
    """The theme variable ``name`` (``App.theme_variables``) as RGB; None when the theme
    has no such variable or it is not a colour."""
    try:
        return Color.parse(variables[name]).rgb
    except Exception:  # missing, or not a colour
        return None


def widget_rgb(widget: Widget) -> tuple[RGB | None, RGB | None]:
    """The widget's own resolved (background, text) colours, None where it has none."""
    style = widget.rich_style
    background = style.bgcolor.get_truecolor() if style.bgcolor else None
    text = style.color.get_truecolor() if style.color else None
    return (tuple(background) if background else None, tuple(text) if text else None)


def rgb_style(fg: RGB | None = None, bg: RGB | None = None, bold: bool = False) -> Style:
    """A rich Style of these colours (None: the colour underneath)."""
    return Style(color=None if fg is None else RichColor.from_rgb(*fg),
                 bgcolor=None if bg is None else RichColor.from_rgb(*bg),
                 bold=bold or None)


def blend(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(int(round(x + (y - x) * t)) for x, y in zip(a, b))  # type: ignore[return-value]


def _luminance(c: RGB) -> float:
    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio of two colours (1 = none, 21 = black on white)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def is_dark(color: RGB) -> bool:
    return _luminance(color) < 0.18


def readable(color: RGB, against: RGB, dark: bool, ratio: float) -> RGB:
    """``color`` lightened (dark theme) or darkened (light theme) until it reaches
    ``ratio`` of contrast against ``against`` (or as far as it goes)."""
    target = (255, 255, 255) if dark else (0, 0, 0)
    for step in range(11):
        candidate = blend(color, target, step * 0.07)
        if contrast(candidate, against) >= ratio:
            return candidate
    return blend(color, target, 0.7)


@dataclass(frozen=True)
class Palette:
    canvas: RGB
    ticks: RGB
    muted: RGB
    series: tuple[RGB, ...]


# Okabe & Ito's colour-blind-safe palette (black left out: it is a canvas colour), in the
# order of the series slots: a function keeps its slot (lessons.looks), so its colour, on
# every theme. Seven colours: the seven runs of "Hidden-layer sizes" all differ.
OKABE_ITO: tuple[RGB, ...] = (
    (86, 180, 233),   # sky blue
    (230, 159, 0),    # orange
    (0, 158, 115),    # bluish green
    (213, 94, 0),     # vermillion
    (204, 121, 167),  # reddish purple
    (240, 228, 66),   # yellow
    (0, 114, 178),    # blue
)
# The two classes of a map: the pair of the palette that every colour vision tells apart.
CLASS_COLORS: tuple[RGB, RGB] = (OKABE_ITO[1], OKABE_ITO[6])


def palette_from_theme(variables: dict[str, str]) -> Palette:
    def rgb(name: str, fallback: str) -> RGB:
        # A theme without that variable: a readable default.
        return theme_rgb(variables, name) or Color.parse(fallback).rgb

    canvas = rgb("surface", "#1e1e1e")
    foreground = rgb("foreground", "#e0e0e0")
    muted = Color(*foreground).blend(Color(*canvas), 0.45).rgb
    # The same hues on every theme, each darkened (light theme) or lightened (dark theme) as
    # far as it needs to read on the canvas (the yellow does not on white).
    dark = is_dark(canvas)
    series = [readable(c, canvas, dark, MIN_CONTRAST) for c in OKABE_ITO]
    return Palette(canvas, foreground, muted, tuple(series))
