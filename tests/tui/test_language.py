"""The app in Korean: chosen with --lang or the command palette, remembered with the position,
and a footer that still shows ? and q at 80x24."""

from __future__ import annotations

import json

from lessons import get_lesson
from lessons.i18n import language
from tui.app import DnnTutorApp
from tui.state import Position
from waiting import wait_until

LESSON = get_lesson("activations")


async def test_korean_title_footer_and_knobs(make_app):
    app = make_app(lesson="activations", step=1, lang="ko")
    async with app.run_test(size=(80, 24)):
        assert language() == "ko"
        header = str(app.query_one("#step-title").content)
        assert "활성화 함수" in header and "단계 2/11" in header and "다섯 가지 모양" in header
        line = app.query_one("#keys").line
        assert "다음" in line and "? 도움말" in line and "q 종료" in line
        assert "기울기 g'" in app.panel.query_one("#knobs").plain


async def test_footer_in_korean_at_80x24_shows_help_and_quit(make_app):
    for lesson in ("activations", "boundaries"):
        app = make_app(lesson=lesson, step=4, lang="ko")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            bar = app.query_one("#keys")
            shown = "".join(seg.text for seg in bar.render_line(0)._segments)
            assert "?" in shown and "q" in shown, shown


async def test_palette_switches_the_language_at_once(make_app, store):
    app = make_app(lesson="activations", step=4)
    async with app.run_test(size=(100, 30)) as pilot:
        header = str(app.query_one("#step-title").content)
        assert "Activation functions" in header
        await pilot.press("ctrl+p")
        await pilot.press(*"Language: ")
        for char in "한국어":
            await pilot.press(char)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: language() == "ko")
        await pilot.pause()
        header = str(app.query_one("#step-title").content)
        assert "활성화 함수" in header and "단계 5/11" in header
        assert "도움말" in app.query_one("#keys").line
        await wait_until(pilot, lambda: "#" in app.query_one("#text").source
                         and any("\uac00" <= c <= "\ud7a3" for c in app.query_one("#text").source))
        assert json.loads(store.path.read_text())["lang"] == "ko"
        app.set_lang("en")
        await pilot.pause()
        assert "Activation functions" in str(app.query_one("#step-title").content)
        assert "? help" in app.query_one("#keys").line


async def test_the_language_is_remembered_across_launches(store):
    app = DnnTutorApp(store=store, welcome=False, lang="ko")
    async with app.run_test(size=(80, 24)):
        pass
    assert store.load()[0].lang == "ko"
    again = DnnTutorApp(store=store, welcome=False)  # no --lang: the one chosen last
    async with again.run_test(size=(80, 24)):
        assert language() == "ko"
        assert "단계" in str(again.query_one("#step-title").content)


async def test_an_old_position_file_without_a_language_loads(store):
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text(json.dumps(dict(lesson="activations", step=2, seen={},
                                          welcomed=True)), encoding="utf-8")
    position, notice = store.load()
    assert notice is None and position.lang is None and position.step == 2
    assert Position.from_json(json.dumps({"lang": "xx"})).lang is None  # unknown: ignored
    app = DnnTutorApp(store=store, welcome=False)
    async with app.run_test(size=(80, 24)):
        assert language() == "en" and app.step_index == 2


async def test_korean_in_the_list_over_the_text_keeps_every_syllable(make_app):
    """The lesson list open over the text at 80 columns: Textual's compositor dropped a
    double-width syllable wherever an edge of a widget beneath crossed it (tui/wide_chars)."""
    import io

    from rich.console import Console

    app = make_app(lesson="activations", step=2, lang="ko")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        console = Console(width=80, height=24, file=io.StringIO(), record=True,
                          force_terminal=True, color_system="truecolor")
        console.print(app.screen._compositor.render_update(full=True))
        screen = console.export_text()
        assert "샘플 하나" in screen and "다섯 가지 모양" in screen and "한 줄씩" in screen
