"""A table at 80x24 shows every heading and every cell whole: a heading wider than its
column's numbers goes onto two lines rather than being cut ("테스트 정확…", "파라미…", and
the cells then cut too: "0.75…", "tanh 16,…")."""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path

import pytest
from rich.console import Console
from textual.theme import BUILTIN_THEMES

from lessons import LESSONS
from lessons.i18n import language, set_language
from lessons.view_data import Table
from lessons.views import take_frame
from tui.app import DnnTutorApp
from tui.state import PositionStore
from tui.widgets.palette import palette_from_theme
from tui.widgets.readouts import TableView, fitted_header, table_renderable

PALETTE = palette_from_theme(BUILTIN_THEMES["textual-dark"].to_color_system().generate())
TABLE_STEPS = [(lesson, si) for lesson in LESSONS for si, step in enumerate(lesson.steps)
               if any(view.data_type is Table for view in step.views)]


@functools.cache
def table_width_at_80x24(tmp: str) -> int:
    """The columns a step's table has at 80x24 (the panel's width: every step's the same)."""
    async def measure() -> int:
        app = DnnTutorApp(store=PositionStore(Path(tmp) / "position.json"), welcome=False,
                          lesson="boundaries", step=4)
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            return app.panel.query_one(TableView).content_size.width

    return asyncio.run(measure())


def rendered(data: Table, width: int) -> list[str]:
    console = Console(width=width, color_system=None, legacy_windows=False)
    with console.capture() as capture:
        console.print(table_renderable(data, fitted_header(data, width), PALETTE))
    return capture.get().splitlines()


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("lesson,si", TABLE_STEPS,
                         ids=[f"{lesson.id}-{si + 1}" for lesson, si in TABLE_STEPS])
def test_every_heading_and_cell_of_a_table_is_whole_at_80x24(tmp_path_factory, lesson, si,
                                                             lang):
    width = table_width_at_80x24(str(tmp_path_factory.getbasetemp()))
    assert 40 <= width < 80
    before = language()
    set_language(lang)
    try:
        step = lesson.steps[si]
        frame = take_frame(step.spec.build(), step.views)
        tables = [data for data in frame.views if isinstance(data, Table)]
        assert tables
        for data in tables:
            lines = rendered(data, width)
            text = "\n".join(lines)
            header_lines = [line for line in lines
                            if not any(row[0].text in line for row in data.rows)]
            for heading in data.header:  # each word of it whole, none ending in "…"
                for word in heading.split():
                    assert any(word in line for line in header_lines), (word, text)
            assert not any(line.rstrip().endswith("…") for line in header_lines[-2:]), text
            for row in data.rows:
                assert any(all(cell.text in line for cell in row) for line in lines), text
    finally:
        set_language(before)
