"""Where the tutor uses another library below its public API, one adapter module does, written
for the versions it lists: tui/wide_chars.py (Textual's compositor), tui/plotext_internals.py
(plotext and textual-plotext), tui/argparse_help.py (argparse's help formatter). On any other
version these tests fail and say what to check before adding it to the list."""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import version

from rich.cells import cell_len

from tui import argparse_help, plotext_internals, wide_chars


def check_known(package: str, versions: tuple[str, ...], adapter: str, what: str) -> None:
    installed = version(package)
    assert installed in versions, (
        f"{package} {installed} is installed, but {adapter} was written for "
        f"{', '.join(versions)}: {what}; then add {installed} to the list there")


def test_textual_is_a_version_the_compositor_fix_knows():
    check_known("textual", wide_chars.TEXTUAL_VERSIONS, "tui/wide_chars.py",
                "see whether Textual issue #6357 is fixed in it (then drop the fix and raise "
                "the pin in pyproject.toml) or compare its Compositor._render_chops with the "
                "copy there")


def test_plotext_is_a_version_the_curves_know():
    check_known("plotext", plotext_internals.PLOTEXT_VERSIONS, "tui/plotext_internals.py",
                "check Figure._set_size, _set_sizes, _build_matrix, monitor.matrix and "
                "_utility.colors_to_ansi against it")
    check_known("textual-plotext", plotext_internals.TEXTUAL_PLOTEXT_VERSIONS,
                "tui/plotext_internals.py", "check that its Plot still sizes itself as "
                "new_plot does (PlotextPlot.render)")


def test_python_is_a_version_the_help_formatter_knows():
    running = sys.version_info[:2]
    assert running in argparse_help.PYTHON_VERSIONS, (
        f"Python {running[0]}.{running[1]} runs, but tui/argparse_help.py was written for "
        f"{', '.join(f'{a}.{b}' for a, b in argparse_help.PYTHON_VERSIONS)}: compare "
        "argparse.HelpFormatter._split_lines and _format_usage with the overrides there; then "
        "add it to PYTHON_VERSIONS")


def test_the_plot_canvas_is_read_cell_for_cell():
    plt = plotext_internals.new_plot(30, 10)
    plt.plot([0.0, 1.0, 2.0], [0.0, 2.0, 1.0], marker="braille")
    rows = plotext_internals.canvas_runs(plt)
    assert len(rows) == 10
    assert all(sum(cell_len(chars) for chars, _style in runs) == 30 for runs in rows)
    drawn = "".join(chars for runs in rows for chars, _style in runs)
    assert any("\u2801" <= char <= "\u28ff" for char in drawn)  # the line, in braille dots


def test_the_help_is_wrapped_by_cells_with_its_usage_in_the_language():
    parser = argparse.ArgumentParser(prog="dnn-tutor", formatter_class=lambda prog: (
        argparse_help.CellHelpFormatter(prog, width=40)))
    parser.add_argument("--lang", help="레슨과 앱의 언어 " * 6)
    text = parser.format_help()
    assert text.startswith("usage: dnn-tutor")
    assert all(cell_len(line) <= 40 for line in text.splitlines())
    assert "".join(text.split()).count("레슨과앱의언어") == 6  # every word kept
