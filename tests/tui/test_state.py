"""The position file (tui/state.py) is hostile input: whatever is found at its path gives a fresh
start and a notice, never a traceback nor a hang; an unusable file is kept aside, never written
over; two apps saving to one file keep each other's progress; ``--list`` only reads it."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

import tui.state
from lessons.i18n import set_language
from tui.app import DnnTutorApp
from tui.cli import main
from tui.state import MAX_BYTES, Position, PositionStore, read_position
from waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
GOOD = Position("activations", 2, {"activations": [0, 1, 2]}, True, "textual-light",
                {"backprop": [6]}, "ko")


def field(**raw) -> bytes:
    return json.dumps(dict(json.loads(GOOD.to_json()), **raw)).encode()


# (what is in the file, why it is unusable)
HOSTILE = {
    "binary": (bytes(range(256)) * 4, "utf8"),
    "invalid utf-8": (b'{"lesson": "\xff\xfe"}', "utf8"),
    "utf-16": ('{"step": 1}'.encode("utf-16"), "utf8"),
    "nested 1000 deep": (b"[" * 1000 + b"]" * 1000, "deep"),
    "nested 120000 deep": (b"[" * 120000 + b"]" * 120000, "deep"),
    "objects nested 1000 deep": (b'{"a":' * 1000 + b"{}" + b"}" * 1000, "deep"),
    "not json": (b"{damaged", "json"),
    "empty": (b"", "json"),
    "a 5000-digit step": (b'{"step": ' + b"9" * 5000 + b"}", "number"),
    "a list": (b'["a list"]', "object"),
    "a string": (b'"position"', "object"),
    "step 10**400": (field(step=10 ** 400), "field"),
    "step NaN": (b'{"step": NaN}', "field"),
    "step -Infinity": (b'{"step": -Infinity}', "field"),
    "step -1": (field(step=-1), "field"),
    "step 1.0": (field(step=1.0), "field"),
    "step true": (field(step=True), "field"),
    "step '3'": (field(step="3"), "field"),
    "step past the cap": (field(step=tui.state.MAX_STEP), "field"),
    "lesson 3": (field(lesson=3), "field"),
    "lesson empty": (field(lesson=""), "field"),
    "lesson too long": (field(lesson="x" * 65), "field"),
    "lesson with a line break": (field(lesson="a\nb"), "field"),
    "lesson a lone surrogate": (b'{"lesson": "\\ud800"}', "field"),
    "seen a number per lesson": (field(seen={"a": 1}), "field"),
    "seen booleans": (field(seen={"a": [True]}), "field"),
    "seen negative": (field(seen={"a": [-1]}), "field"),
    "seen a list": (field(seen=[0, 1]), "field"),
    "seen a huge step": (field(seen={"a": [10 ** 30]}), "field"),
    "passed strings": (field(passed={"a": ["1"]}), "field"),
    "passed an empty lesson id": (field(passed={"": [1]}), "field"),
    "welcomed 'yes'": (field(welcomed="yes"), "field"),
    "welcomed 1": (field(welcomed=1), "field"),
    "theme 7": (field(theme=7), "field"),
    "theme nested": (field(theme={"a": "b"}), "field"),
    "lang 5": (field(lang=5), "field"),
}


def write(store: PositionStore, data: bytes) -> None:
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_bytes(data)


def kept_files(store: PositionStore) -> list[Path]:
    return sorted(store.path.parent.glob(store.path.name + ".damaged-*"))


def within(seconds: float, run):
    """``run()``'s result, failing (not hanging) if it takes longer than ``seconds``."""
    result = {}
    worker = threading.Thread(target=lambda: result.update(value=run()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "it hung"
    return result["value"]


def assert_kept_aside(store: PositionStore, position, notice, why: str) -> Path:
    assert position == Position(welcomed=True)  # fresh; the welcome skipped: they were here
    assert notice is not None and notice.reason.why == why and notice.stuck is None
    assert not os.path.lexists(store.path)
    (kept,) = kept_files(store)
    assert notice.kept == kept and str(kept) in str(notice)
    return kept


@pytest.mark.parametrize("data,why", HOSTILE.values(), ids=HOSTILE.keys())
def test_an_unusable_file_is_kept_aside_with_a_notice(store, data, why):
    write(store, data)
    position, notice = store.load()
    kept = assert_kept_aside(store, position, notice, why)
    assert kept.read_bytes() == data
    assert "starting fresh" in str(notice)
    # The next save writes a good file beside it; the kept one is untouched.
    position.mark_seen("activations", 0)
    assert store.save(position) is None
    assert store.load() == (Position(seen={"activations": [0]}, welcomed=True), None)
    assert kept.read_bytes() == data


def test_a_50_mb_file_is_not_read(store, monkeypatch):
    write(store, b"")
    with open(store.path, "r+b") as handle:
        handle.truncate(50 * 1024 * 1024)
    read = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: read.append(n) or real_read(fd, n))
    position, notice = store.load()
    assert read == []  # refused on its size alone
    assert_kept_aside(store, position, notice, "size")
    assert f"larger than {MAX_BYTES // 1024} KB" in str(notice)


def test_a_file_that_says_it_is_small_is_read_only_up_to_the_cap(store, monkeypatch):
    """Files under /proc say 0 bytes and go on: the read stops at the cap whatever fstat said."""
    write(store, b" " * (MAX_BYTES + 10))
    real_fstat = os.fstat

    def says_empty(fd):
        info = real_fstat(fd)
        return os.stat_result((*info[:6], 0, *info[7:]))  # st_size = 0

    monkeypatch.setattr(os, "fstat", says_empty)
    position, notice = store.load()
    assert_kept_aside(store, position, notice, "size")


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_directory(path: Path) -> None:
    path.mkdir()
    (path / "inside").write_text("kept with it")


def make_dangling_symlink(path: Path) -> None:
    path.symlink_to(path.parent / "no-such-file")


def make_symlink_loop(path: Path) -> None:
    path.symlink_to(path.name)


def make_link_to_a_device(path: Path) -> None:
    path.symlink_to("/dev/null")


SPECIAL = {"a FIFO": (make_fifo, "special"), "a directory": (make_directory, "special"),
           "a dangling symlink": (make_dangling_symlink, "dangling"),
           "a symlink loop": (make_symlink_loop, "open"),
           "a link to /dev/null": (make_link_to_a_device, "special")}


@pytest.mark.parametrize("make,why", SPECIAL.values(), ids=SPECIAL.keys())
def test_what_is_not_a_file_is_kept_aside_without_hanging(store, make, why):
    store.path.parent.mkdir(parents=True)
    make(store.path)
    try:
        position, notice = within(10, store.load)
    finally:  # today's code waits in open() for a writer to the FIFO: give it one
        if store.path.is_fifo():
            try:
                os.close(os.open(store.path, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass
    kept = assert_kept_aside(store, position, notice, why)
    assert os.path.islink(kept) or kept.exists()  # the thing itself moved, not its target
    assert store.save(Position(lesson="backprop")) is None
    assert store.load()[0].lesson == "backprop"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file: see the simulated "
                                              "test below")
def test_an_unreadable_file_is_kept_aside(store):
    write(store, GOOD.to_json().encode())
    store.path.chmod(0)
    position, notice = store.load()
    kept = assert_kept_aside(store, position, notice, "open")
    assert "Permission denied" in str(notice)
    kept.chmod(0o600)
    assert read_position(kept) == GOOD  # nothing lost


def test_an_unreadable_file_is_kept_aside_simulated(store, monkeypatch):
    """As chmod 000 does for anyone but root: opening the file fails with EACCES."""
    write(store, GOOD.to_json().encode())
    real_open = os.open

    def refusing(path, flags, *args, **kwargs):
        if Path(path) == store.path:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    position, notice = store.load()
    kept = assert_kept_aside(store, position, notice, "open")
    assert "Permission denied" in str(notice)
    monkeypatch.undo()
    assert read_position(kept) == GOOD


def test_a_missing_file_is_a_fresh_start_without_a_notice(store):
    assert store.load() == (Position(), None)
    assert store.peek() == (Position(), None)
    assert not store.path.parent.exists()  # reading creates nothing


def test_a_good_file_loads_as_it_was_saved(store):
    assert store.save(GOOD) is None
    assert store.load() == (GOOD, None)
    assert read_position(store.path) == GOOD


def test_a_later_version_s_file_still_loads(store):
    """Keys it does not know and a language it does not have are ignored, not damage."""
    write(store, field(lang="ja", shortcuts={"x": [1, 2]}, version=3))
    position, notice = store.load()
    assert notice is None and position.lang is None and position.seen == GOOD.seen


def test_steps_are_kept_sorted_and_once(store):
    write(store, field(seen={"a": [3, 1, 3]}))
    assert store.load()[0].seen == {"a": [1, 3]}


def test_an_earlier_kept_file_is_never_replaced(store, monkeypatch):
    monkeypatch.setattr(tui.state.time, "strftime", lambda _format: "20250101-000000")
    for data in (b"first", b"second", b"third"):
        write(store, data)
        assert store.load()[1].kept is not None
    assert [p.read_bytes() for p in kept_files(store)] == [b"first", b"second", b"third"]
    assert [p.name[len("position.json"):] for p in kept_files(store)] == [
        ".damaged-20250101-000000", ".damaged-20250101-000000-1", ".damaged-20250101-000000-2"]


def test_a_file_that_cannot_be_moved_aside_is_never_written_over(store, monkeypatch):
    write(store, b"\xff damaged")

    def refuse(*_args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "rename", refuse)
    position, notice = store.load()
    assert position == Position(welcomed=True) and notice.kept is None
    assert notice.stuck == "Permission denied"
    assert "not written over" in str(notice) and str(store.path) in str(notice)
    position.mark_seen("activations", 0)
    message = store.save(position)
    assert message is not None and "not written over" in message
    assert store.path.read_bytes() == b"\xff damaged"
    monkeypatch.undo()  # the folder is writable again: the next save moves it, then writes
    message = store.save(position)
    assert message is not None and "Kept a damaged position file aside" in message
    assert [p.read_bytes() for p in kept_files(store)] == [b"\xff damaged"]
    assert store.load()[0].seen == {"activations": [0]}


def test_a_file_damaged_while_the_app_runs_is_kept_aside_by_the_next_save(store):
    position, _ = store.load()
    write(store, b"[" * 5000)
    position.mark_seen("activations", 1)
    message = store.save(position)
    assert "nested too deeply" in message and len(kept_files(store)) == 1
    assert store.load()[0].seen == {"activations": [1]}


def test_the_notice_is_said_in_the_language_it_is_shown_in(store):
    write(store, b"\xff")
    _position, notice = store.load()  # read before the language is known (it is in the file)
    set_language("ko")
    text = str(notice)
    assert "손상된 위치 파일" in text and "UTF-8 텍스트가 아니다" in text
    assert str(notice.kept) in text


def test_a_path_with_control_characters_is_quoted_in_the_notice(tmp_path):
    store = PositionStore(tmp_path / "a\x1b[2Jb" / "position.json")
    write(store, b"{")
    text = str(store.load()[1])
    assert "\x1b" not in text and "\\x1b[2Jb" in text


# -- two apps on one file -----------------------------------------------------------------------
def test_two_stores_keep_each_other_s_steps_and_checkpoints(store):
    other = PositionStore(store.path)
    ours, _ = store.load()
    theirs, _ = other.load()
    ours.lesson, ours.step = "activations", 1
    ours.mark_seen("activations", 0)
    ours.mark_seen("activations", 1)
    assert store.save(ours) is None
    theirs.lesson, theirs.step = "backprop", 6
    theirs.mark_seen("backprop", 6)
    theirs.mark_passed("backprop", 6)
    assert other.save(theirs) is None
    ours.lesson, ours.step = "activations", 2
    ours.mark_seen("activations", 2)
    ours.mark_passed("activations", 2)
    assert store.save(ours) is None
    position, notice = PositionStore(store.path).load()
    assert notice is None
    assert position.seen == {"activations": [0, 1, 2], "backprop": [6]}
    assert position.passed == {"activations": [2], "backprop": [6]}
    assert (position.lesson, position.step) == ("activations", 2)  # the last step moved to


def test_a_save_that_did_not_move_keeps_the_other_app_s_place(store):
    """An app that only switched theme (or language) does not send the learner back to the
    step it showed when the other app has moved on since."""
    other = PositionStore(store.path)
    ours, _ = store.load()
    theirs, _ = other.load()
    theirs.lesson, theirs.step, theirs.lang = "backprop", 4, "ko"
    assert other.save(theirs) is None
    ours.theme = "nord"
    assert store.save(ours) is None
    position = PositionStore(store.path).load()[0]
    assert (position.lesson, position.step, position.theme, position.lang) == (
        "backprop", 4, "nord", "ko")
    ours.lang = "en"  # changed here now: the newest
    assert store.save(ours) is None
    assert PositionStore(store.path).load()[0].lang == "en"


def test_welcomed_anywhere_is_welcomed(store):
    other = PositionStore(store.path)
    ours, _ = store.load()
    theirs, _ = other.load()
    ours.welcomed = True
    assert store.save(ours) is None
    theirs.mark_seen("activations", 0)
    assert other.save(theirs) is None
    assert PositionStore(store.path).load()[0].welcomed


SAVER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from tui.state import PositionStore
    store = PositionStore(Path(sys.argv[1]))
    position, _notice = store.load()
    print("ready", flush=True)
    sys.stdin.readline()  # both start saving together
    for step in range(int(sys.argv[3])):
        position.mark_seen(sys.argv[2], step)
        position.step = step
        assert store.save(position) is None
""")


def test_two_processes_saving_at_once_lose_nothing(store):
    saves = 150
    store.path.parent.mkdir(parents=True)
    procs = [subprocess.Popen([sys.executable, "-c", SAVER, str(store.path), lesson,
                               str(saves)], cwd=ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
             for lesson in ("first", "second")]
    for proc in procs:
        assert proc.stdout.readline() == "ready\n"
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    position, notice = store.load()
    assert notice is None
    assert position.seen == {"first": list(range(saves)), "second": list(range(saves))}
    assert sorted(p.name for p in store.path.parent.iterdir()) == ["position.json"]


def test_a_save_waits_for_the_other_app_s_save_then_keeps_it(store, monkeypatch):
    """The read-merge-write holds the folder's lock: a save that finds it held waits, then
    reads what the holder wrote (without the lock it would write over it)."""
    store.load()
    store.path.parent.mkdir(parents=True)
    waiting, real_sleep = threading.Event(), time.sleep
    monkeypatch.setattr(time, "sleep", lambda seconds: (waiting.set(), real_sleep(seconds)))
    holder = os.open(store.path.parent, os.O_RDONLY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)  # the other app, mid-save
        saved = []
        saving = threading.Thread(target=lambda: saved.append(
            store.save(Position(seen={"ours": [1]}))), daemon=True)
        saving.start()
        assert waiting.wait(5), "the save did not wait for the lock"
        store.path.write_text(Position(seen={"theirs": [2]}).to_json())
    finally:
        os.close(holder)  # the other app's save is done
    saving.join(10)
    assert saved == [None]
    assert PositionStore(store.path).load()[0].seen == {"ours": [1], "theirs": [2]}


def test_a_lock_held_too_long_does_not_stop_a_save(store, monkeypatch):
    monkeypatch.setattr(tui.state, "LOCK_WAIT", 0.05)
    store.path.parent.mkdir(parents=True)
    holder = os.open(store.path.parent, os.O_RDONLY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)  # another process stopped mid-save, say
        assert within(10, lambda: store.save(GOOD)) is None
    finally:
        os.close(holder)
    assert store.load() == (GOOD, None)


# -- dnn-tutor --list only reads it ---------------------------------------------------------------
@pytest.mark.parametrize("make", [lambda p: p.write_bytes(b"\xff" * 10), make_fifo,
                                  lambda p: p.write_bytes(b"[" * 100000)],
                         ids=["not utf-8", "a FIFO", "nested"])
def test_list_ignores_an_unusable_file_and_leaves_it_there(capsys, monkeypatch, tmp_path, make):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    path = tmp_path / "dnn-tutor" / "position.json"
    path.parent.mkdir()
    make(path)
    try:
        assert within(10, lambda: main(["--list"])) == 0
    finally:
        if path.is_fifo():
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass
    out, err = capsys.readouterr()
    assert "seen 0/11 steps, passed 0/2 checkpoints" in out
    assert err.count("\n") == 1 and "Ignored a damaged position file" in err
    assert str(path) in err
    assert sorted(p.name for p in path.parent.iterdir()) == ["position.json"]  # not moved


# -- the app --------------------------------------------------------------------------------------
@pytest.mark.parametrize("folder,lang", [("state", None), ("st[/]ate [b]", None),
                                         ("st\udcffate", None), ("state", "ko")],
                         ids=["plain", "markup in the path", "not UTF-8 in the path", "ko"])
async def test_the_app_draws_and_says_where_the_damaged_file_was_kept(monkeypatch, tmp_path,
                                                                      folder, lang):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / folder))
    store = PositionStore()
    damaged = b'{"lesson": "activations", "step": 3, "seen": {"activations": [\xff]}}'
    write(store, damaged)
    app = DnnTutorApp(welcome=False, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app._notifications)
        (kept,) = kept_files(store)
        (notice,) = list(app._notifications)
        assert notice.severity == "warning" and notice.message.isprintable()
        assert tui.state._shown(kept) in notice.message
        if lang == "ko":
            assert notice.title == "위치 파일" and "처음부터 시작한다" in notice.message
        else:
            assert notice.title == "Position file" and "starting fresh" in notice.message
        assert (app.lesson_index, app.step_index) == (0, 0)
        assert app.query_one("#step-title").content  # drawn: the first step is shown
        await pilot.press("n")
    assert kept.read_bytes() == damaged
    position, again = PositionStore().load()
    assert again is None and position.seen == {"activations": [0, 1]}


def test_answers_counted_at_a_checkpoint_only_grow_and_are_merged(store):
    """Only a first answer passes, so the count of answers outlives the app and a second
    app's saves: each checkpoint keeps the larger count."""
    other = PositionStore(store.path)
    ours, _ = store.load()
    theirs, _ = other.load()
    assert ours.mark_tries("backprop", 5, 1) and not ours.mark_tries("backprop", 5, 1)
    assert store.save(ours) is None
    assert theirs.mark_tries("backprop", 5, 3) and theirs.mark_tries("derivatives", 5, 1)
    assert other.save(theirs) is None
    assert ours.mark_tries("backprop", 5, 2)
    assert store.save(ours) is None
    position, notice = PositionStore(store.path).load()
    assert notice is None and position.tries_at("backprop", 5) == 3
    assert position.tries_at("derivatives", 5) == 1 and position.tries_at("derivatives", 6) == 0


@pytest.mark.parametrize("tries", [[1], {"backprop": [1]}, {"backprop": {"x": 1}},
                                   {"backprop": {"5": 0}}, {"backprop": {"5": True}},
                                   {"backprop": {"5": "2"}}, {"backprop": {"-1": 1}},
                                   {"backprop": {"5": 10 ** 9}}])
def test_a_damaged_tries_field_is_a_damaged_file(store, tries):
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text(json.dumps({"lesson": "backprop", "tries": tries}))
    position, notice = store.load()
    assert notice is not None and "tries" in str(notice) and position.tries == {}


def test_the_background_saver_writes_the_newest_position_and_says_why_it_could_not(store,
                                                                                  monkeypatch):
    """Saves off the UI loop: in order, the newest one written, ``flush`` waits for it; a
    failed save is reported with the store's message; the position is copied when saved
    (the app goes on changing its own); ``close`` writes what waits, then ends the thread."""
    errors: list[str] = []
    saver = tui.state.BackgroundSaver(store, errors.append)
    slow_save = PositionStore.save

    def save(self, position):
        time.sleep(0.05)  # a slow disk: the saves below queue up behind the first
        return slow_save(self, position)

    monkeypatch.setattr(PositionStore, "save", save)
    position = Position()
    for step in range(5):
        position.mark_seen("activations", step)
        position.step = step
        saver.save(position)
    position.step = 99  # after the last save: not written
    saver.flush()
    assert store.load()[0].step == 4 and store.load()[0].seen == {"activations": [0, 1, 2, 3, 4]}
    assert errors == []
    monkeypatch.setattr(PositionStore, "save", lambda self, position: "could not save")
    saver.save(position)
    saver.close()
    assert errors == ["could not save"] and not saver._thread.is_alive()
