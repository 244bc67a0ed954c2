"""A fix for Textual's compositor and double-width (Hangul, CJK) characters under overlays.

The compositor cuts every line of the screen at the edges of every widget, renders each
widget's strip divided at those cuts, and keeps, for each piece, the front-most widget's
fragment. Dividing a strip at a cut that falls inside a double-width character replaces that
character with two spaces (``Segment.split_cells``), even when the same widget wins the pieces
on both sides: a Korean word in the lesson list open over the text lost a syllable wherever
an edge of a widget beneath it crossed it (Textual issue #6357: still open, and 8.2.8 the
latest release, when this was last checked).

Here a cut inside a double-width character is left out when the widget being drawn wins both
pieces around it; the piece after it gets an empty strip, so no widget behind claims it. A
strip without a double-width character is divided exactly as before (so screens in English
render the same segments as without this fix).

``_render_chops`` replaces Textual's private ``Compositor._render_chops``: it is Textual 8.2.8's,
with the cuts above left out. tests/tui/test_private_apis.py fails on any Textual version not
listed below, so whoever upgrades first checks whether #6357 is fixed (then this module and its
call in tui/app.py go, and the pin in pyproject.toml rises) or copies the new method again.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual._compositor import Compositor
from textual.strip import Strip

# The Textual versions whose Compositor._render_chops this replaces.
TEXTUAL_VERSIONS = ("8.2.8",)

_PATCHED = False


def _inside_wide(strip: Strip) -> set[int]:
    """Offsets (cells from the strip's start) that fall inside a double-width character."""
    inside, x = set(), 0
    for segment in strip:
        text = segment.text
        if cell_len(text) == len(text):
            x += len(text)
            continue
        for char in text:
            width = cell_len(char)
            if width == 2:
                inside.add(x + 1)
            x += width
    return inside


def _render_chops(self, crop, is_rendered_line):
    cuts = self.cuts
    chops = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    renders = self._get_renders(crop)
    intersection = type(crop).intersection
    empty = Strip([], 0)

    for region, clip, strips in renders:
        render_region = intersection(region, clip)
        render_x = render_region.x
        first_cut, last_cut = render_region.column_span

        for y, strip in zip(render_region.line_range, strips):
            if not is_rendered_line(y):
                continue
            chops_line = chops[y]
            final_cuts = [cut for cut in cuts[y] if (last_cut >= cut >= first_cut)]
            skipped: list[int] = []
            if len(final_cuts) > 2 and strip.cell_length != sum(len(s.text) for s in strip):
                inside = _inside_wide(strip)
                kept = [final_cuts[0]]
                for i, cut in enumerate(final_cuts[1:-1], start=1):
                    # This render wins the piece before the cut and the one after it.
                    if (cut - render_x in inside and chops_line.get(kept[-1]) is None
                            and chops_line.get(cut) is None):
                        skipped.append(cut)
                    else:
                        kept.append(cut)
                kept.append(final_cuts[-1])
                final_cuts = kept
            cut_strips = strip.divide([cut - render_x for cut in final_cuts[1:]])
            get_chops_line = chops_line.get
            for cut, piece in zip(final_cuts, cut_strips):
                if get_chops_line(cut) is None:
                    chops_line[cut] = piece
            for cut in skipped:
                chops_line[cut] = empty
    return chops


def apply() -> None:
    """Install the fix (once)."""
    global _PATCHED
    if not _PATCHED:
        Compositor._render_chops = _render_chops
        _PATCHED = True
