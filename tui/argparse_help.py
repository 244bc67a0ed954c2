"""argparse's help in the learner's language: the one place that leans on argparse's internals.

argparse has no public way to wrap help by terminal cells (a Hangul syllable takes two) nor to
say "usage:" in another language, so ``CellHelpFormatter`` overrides two private methods of
``argparse.HelpFormatter``, ``_split_lines`` and ``_format_usage``, as they are in the Python
versions below. tests/tui/test_private_apis.py fails on any other version, so whoever moves
to it checks these two against that version's argparse first. Everything else the command line
needs from argparse (titled sections, the commands' parser class) is public.
"""

from __future__ import annotations

import argparse

# The Pythons whose argparse.HelpFormatter these overrides were written against.
PYTHON_VERSIONS = ((3, 11), (3, 12), (3, 13))


class CellHelpFormatter(argparse.HelpFormatter):
    """argparse's help, wrapped by terminal cells (a Hangul syllable takes two), with its
    own word "usage:" in the current language."""

    def _split_lines(self, text, width):
        from lessons.wording import cells, wrap_cells

        if cells(text) == len(text):
            return super()._split_lines(text, width)
        return wrap_cells(text, width)

    def _format_usage(self, usage, actions, groups, prefix):
        from rich.cells import cell_len

        from lessons.i18n import tr

        prefix = tr("usage: ") if prefix is None else prefix
        # argparse indents the usage's next lines by the prefix's len(): measured in cells,
        # with a stand-in as wide as the prefix, then the prefix put back.
        stand_in = "u" * cell_len(prefix)
        text = super()._format_usage(usage, actions, groups, stand_in)
        return prefix + text[len(stand_in):]


class CellRawDescriptionHelpFormatter(argparse.RawDescriptionHelpFormatter, CellHelpFormatter):
    """``CellHelpFormatter`` that keeps the description's and the epilog's lines as written
    (a command's examples, one a line)."""
