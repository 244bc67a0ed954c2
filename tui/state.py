"""Where the learner left off: lesson, step, the steps seen, the checkpoints passed and the
answers given at each, under XDG_STATE_HOME.

The file is hostile input like any other: whatever is found at its path (bytes that are not
UTF-8, JSON nested thousands deep, 50 MB, a FIFO, a directory, a dangling symlink, a field of
the wrong type) gives a fresh start and a notice, never a traceback nor a hang. It is opened
without blocking, checked to be a regular file before a byte is read, read up to a cap, parsed
and then validated field by field. A file that cannot be used is kept aside (renamed to
``position.json.damaged-<time>``) and the notice says where; it is never written over. A
missing file is simply a fresh start.

Written atomically (a temporary file in the same folder, then ``os.replace``), so a crash
mid-write never leaves half a file. Two apps open at once share the file: each save reads what
is there, merges (see :func:`merged`) and writes, holding an advisory lock on the folder so no
other save comes between the read and the write.
"""

from __future__ import annotations

import copy
import errno
import json
import os
import stat
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from lessons.i18n import LANGUAGES, tr

try:
    import fcntl
except ImportError:  # not on Windows: saves there are not locked (the merge still runs)
    fcntl = None

STATE_FILE_NAME = "position.json"
# A real position is a few hundred bytes, a learner who saw every step of a hundred lessons a
# few KB: anything longer is not one, and is not read into memory.
MAX_BYTES = 256 * 1024
MAX_STEP = 1000  # step indices are below this (a lesson has about a dozen steps)
MAX_NAME = 64  # lesson ids and theme names are at most this long
MAX_TRIES = 10_000  # answers counted at one checkpoint (a count, not a log: it stops there)
# Another app holds the lock for the few milliseconds of a save; past this the save goes on
# without it (a process stopped mid-save must not stop this one).
LOCK_WAIT = 2.0


def state_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "dnn-tutor"


@dataclass
class Position:
    lesson: str | None = None
    step: int = 0
    seen: dict[str, list[int]] = field(default_factory=dict)  # lesson id -> steps visited
    welcomed: bool = False
    theme: str | None = None  # the theme chosen last (ctrl+p), restored at the next launch
    # lesson id -> the indices of its checkpoint steps passed (a file from before checkpoints
    # has none: it loads with none passed)
    passed: dict[str, list[int]] = field(default_factory=dict)
    # The language chosen last ("en", "ko"; --lang or the palette). A file from before
    # languages has none; an unknown one is ignored.
    lang: str | None = None
    # lesson id -> {checkpoint step index (as a JSON key, a string): answers graded there}.
    # Only a first answer passes (lessons.checkpoints.Attempt), so the count outlives the
    # app: answering again after a restart is a 2nd try, not a fresh 1st. A file from before
    # it has none.
    tries: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            dict(lesson=self.lesson, step=self.step, seen=self.seen, welcomed=self.welcomed,
                 theme=self.theme, passed=self.passed, lang=self.lang, tries=self.tries),
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> "Position":
        """The position in ``text``; :class:`Unusable` (a ValueError) if it is not one.

        Keys a later version may add are ignored, and so is a language this one does not
        know; every known field must have its type and range, or the whole file is unusable
        (a half-trusted file would be a position the learner never had)."""
        try:
            raw = json.loads(text)  # NaN and Infinity load as floats: no field takes one
        except RecursionError:
            raise Unusable("deep") from None
        except json.JSONDecodeError:
            raise Unusable("json") from None
        except ValueError:  # an integer of more digits than Python converts (4300)
            raise Unusable("number") from None
        if not isinstance(raw, dict):
            raise Unusable("object")
        lesson, step, theme = raw.get("lesson"), raw.get("step", 0), raw.get("theme")
        seen, passed = raw.get("seen", {}), raw.get("passed", {})
        welcomed, lang = raw.get("welcomed", False), raw.get("lang")
        tries = raw.get("tries", {})
        for name, ok in (("lesson", lesson is None or _is_name(lesson)),
                         ("step", _is_step(step)),
                         ("seen", _is_steps_by_lesson(seen)),
                         ("welcomed", isinstance(welcomed, bool)),
                         ("theme", theme is None or _is_name(theme)),
                         ("passed", _is_steps_by_lesson(passed)),
                         ("lang", lang is None or isinstance(lang, str)),
                         ("tries", _is_tries_by_lesson(tries))):
            if not ok:
                raise Unusable("field", field=name)
        return cls(lesson, step, _normalized(seen), welcomed, theme, _normalized(passed),
                   lang if lang in LANGUAGES else None, tries)

    def mark_seen(self, lesson: str, step: int) -> None:
        _add(self.seen, lesson, step)

    def mark_passed(self, lesson: str, step: int) -> bool:
        """Record a checkpoint passed; True if it was not passed before."""
        return _add(self.passed, lesson, step)

    def tries_at(self, lesson: str, step: int) -> int:
        """Answers graded so far at a checkpoint step."""
        return self.tries.get(lesson, {}).get(str(step), 0)

    def mark_tries(self, lesson: str, step: int, tries: int) -> bool:
        """Record the answers graded at a checkpoint (they only grow); True if it changed."""
        if tries <= self.tries_at(lesson, step):
            return False
        self.tries.setdefault(lesson, {})[str(step)] = min(tries, MAX_TRIES)
        return True


def _is_name(value) -> bool:
    if not (isinstance(value, str) and 0 < len(value) <= MAX_NAME and value.isprintable()):
        return False
    try:
        value.encode("utf-8")  # a lone surrogate ("\ud800" in the JSON) is no name
    except UnicodeEncodeError:
        return False
    return True


def _is_step(value) -> bool:
    # bool is an int in Python: true is not step 1
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < MAX_STEP


def _is_steps_by_lesson(value) -> bool:
    return isinstance(value, dict) and all(
        _is_name(k) and isinstance(v, list) and all(_is_step(i) for i in v)
        for k, v in value.items())


def _is_tries_by_lesson(value) -> bool:
    return isinstance(value, dict) and all(
        _is_name(k) and isinstance(v, dict) and all(
            isinstance(step, str) and step.isdigit() and step.isascii()
            and len(step) <= 4 and _is_step(int(step))
            and isinstance(n, int) and not isinstance(n, bool) and 0 < n <= MAX_TRIES
            for step, n in v.items())
        for k, v in value.items())


def _normalized(steps_by_lesson: dict[str, list[int]]) -> dict[str, list[int]]:
    return {lesson: sorted(set(steps)) for lesson, steps in steps_by_lesson.items()}


def _add(steps_by_lesson: dict[str, list[int]], lesson: str, step: int) -> bool:
    steps = steps_by_lesson.setdefault(lesson, [])
    if step in steps:
        return False
    steps.append(step)
    steps.sort()
    return True


def merged(base: Position, ours: Position, disk: Position | None) -> Position:
    """What to write when this app saves ``ours``, having last loaded or saved ``base``, while
    ``disk`` is what the file holds now (another app may have saved since).

    Steps seen and checkpoints passed only grow: the union of both. For the place (lesson
    and step, one pair), the theme and the language the newest wins, and the newest is told
    apart without clocks: the app saves the moment one of them changes, so a value this app
    changed since ``base`` was changed just now and wins; one it did not change may have
    been changed by the other app since, so the file's wins. (Simply "the last save wins"
    would let an app that only switched theme send the other app's learner back to a step
    it left long ago.)"""
    if disk is None:
        return copy.deepcopy(ours)

    def newest(name: str):
        return getattr(ours if getattr(ours, name) != getattr(base, name) else disk, name)

    lesson, step = ((ours.lesson, ours.step) if (ours.lesson, ours.step) != (base.lesson,
                    base.step) else (disk.lesson, disk.step))
    return Position(lesson, step, _union(disk.seen, ours.seen), disk.welcomed or ours.welcomed,
                    newest("theme"), _union(disk.passed, ours.passed), newest("lang"),
                    _most_tries(disk.tries, ours.tries))


def _most_tries(a: dict[str, dict[str, int]], b: dict[str, dict[str, int]]
                ) -> dict[str, dict[str, int]]:
    """Answers only grow: each checkpoint's larger count."""
    return {lesson: {step: max(a.get(lesson, {}).get(step, 0), b.get(lesson, {}).get(step, 0))
                     for step in {**a.get(lesson, {}), **b.get(lesson, {})}}
            for lesson in {**a, **b}}


def _union(a: dict[str, list[int]], b: dict[str, list[int]]) -> dict[str, list[int]]:
    return {lesson: sorted(set(a.get(lesson, [])) | set(b.get(lesson, [])))
            for lesson in {**a, **b}}


# -- why a file cannot be used, said when it is shown -----------------------------------------
class Unusable(ValueError):
    """Something is at the position file's path that is not a position.

    Its text is made when it is shown (:meth:`text`), in the language of that moment: the
    file is read before the language is known (the language is kept in it)."""

    def __init__(self, why: str, **values) -> None:
        super().__init__(why, values)
        self.why, self.values = why, values

    def text(self) -> str:
        return _REASONS[self.why](self.values)


_REASONS = {
    "open": lambda v: tr("it could not be opened: {error}", **v),
    "dangling": lambda v: tr("it is a link to a file that does not exist"),
    "special": lambda v: tr("it is not a regular file"),
    "size": lambda v: tr("it is larger than {limit} KB", **v),
    "utf8": lambda v: tr("it is not UTF-8 text"),
    "json": lambda v: tr("it is not valid JSON"),
    "deep": lambda v: tr("it is nested too deeply"),
    "number": lambda v: tr("it holds a number too long to read"),
    "object": lambda v: tr("it is not a JSON object"),
    "field": lambda v: tr("its field {field} has the wrong type or value", **v),
}


@dataclass(frozen=True)
class Notice:
    """What the app tells the learner about the position file; ``str()`` gives the text.

    ``kept``: where an unusable file was moved; ``stuck``: why it could not be moved (then
    it stays where it is and is not written over); neither: it was only read (``--list``)."""

    path: Path
    reason: Unusable
    kept: Path | None = None
    stuck: str | None = None

    def __str__(self) -> str:
        reason = self.reason.text()
        if self.kept is not None:
            return tr("Kept a damaged position file aside as {kept} ({reason}); starting "
                      "fresh.", kept=_shown(self.kept), reason=reason)
        if self.stuck is not None:
            return tr("The position file {path} cannot be used ({reason}) nor moved aside "
                      "({error}); starting fresh, and it is not written over.",
                      path=_shown(self.path), reason=reason, error=self.stuck)
        return tr("Ignored a damaged position file {path} ({reason}); the tutor keeps it "
                  "aside when it next opens.", path=_shown(self.path), reason=reason)


def _shown(path: Path) -> str:
    """A path as the notice prints it: as it is, or quoted when it holds a control character
    (a line break, a terminal escape) that would otherwise act on the screen."""
    text = str(path)
    return text if text.isprintable() else ascii(text)


# -- reading ----------------------------------------------------------------------------------
_NOT_THERE = (errno.ENOENT, errno.ENOTDIR)  # no file, or a folder on the way is not one


def read_position(path: Path) -> Position | None:
    """The position in the file, None if nothing is there; :class:`Unusable` otherwise."""
    flags = (os.O_RDONLY | os.O_NONBLOCK  # a FIFO opens at once instead of waiting for a writer
             | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if error.errno in _NOT_THERE:
            if not os.path.islink(path):
                return None
            raise Unusable("dangling") from None
        raise Unusable("open", error=error.strerror or str(error)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # a FIFO, a directory, a device: never read
            raise Unusable("special")
        if info.st_size > MAX_BYTES:
            raise Unusable("size", limit=MAX_BYTES // 1024)
        data = _read_at_most(fd, MAX_BYTES + 1)  # the size said may be wrong (/proc)
        if len(data) > MAX_BYTES:
            raise Unusable("size", limit=MAX_BYTES // 1024)
    except OSError as error:
        raise Unusable("open", error=error.strerror or str(error)) from None
    finally:
        os.close(fd)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Unusable("utf8") from None
    return Position.from_json(text)


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks, size = [], 0
    while size < limit:
        chunk = os.read(fd, limit - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _keep_aside(path: Path) -> Path:
    """Rename what is at ``path`` to a name of its own beside it (never over an earlier one:
    a rename replaces a file silently); OSError if it cannot be moved."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(100):
        kept = path.with_name(f"{path.name}.damaged-{stamp}" + (f"-{n}" if n else ""))
        if not os.path.lexists(kept):
            os.rename(path, kept)
            return kept
    raise FileExistsError(errno.EEXIST, "every name for it is taken", str(path))


@contextmanager
def _locked(folder: Path):
    """An exclusive advisory lock on ``folder`` (flock on the folder itself: no lock file to
    leave behind) for a read-then-write, waited for at most LOCK_WAIT seconds. Best effort:
    without a folder, without fcntl, or after the wait, the body runs unlocked."""
    fd = None
    if fcntl is not None:
        try:
            fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
                         | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            fd = None
    try:
        if fd is not None:
            deadline = time.monotonic() + LOCK_WAIT
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        break
                    time.sleep(0.005)
                except OSError:  # a file system without locks
                    break
        yield
    finally:
        if fd is not None:
            os.close(fd)  # releases the lock


# -- the store --------------------------------------------------------------------------------
class PositionStore:
    def __init__(self, path: Path | None = None):
        self.path = path or state_dir() / STATE_FILE_NAME
        # The position as this app last loaded or saved it: what it changed since (see merged)
        self._base = Position()

    def load(self) -> tuple[Position, Notice | None]:
        """The stored position, and a notice if something was there that could not be used
        (it is kept aside first)."""
        with _locked(self.path.parent):
            position, notice = self._read_keeping_aside()
        if position is None:  # welcomed already if a file was there: they have been here
            position = Position(welcomed=notice is not None)
        self._base = copy.deepcopy(position)
        return position, notice

    def peek(self) -> tuple[Position, Notice | None]:
        """The stored position, read only: nothing is moved, locked or written (``--list``).
        An unusable file is no progress, with a notice that says so."""
        try:
            return read_position(self.path) or Position(), None
        except Unusable as reason:
            return Position(), Notice(self.path, reason)

    def save(self, position: Position) -> str | None:
        """Merge with what is stored and write atomically; returns a message instead of raising
        (e.g. read-only home), also when an unusable file had to be kept aside first."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with _locked(self.path.parent):
                disk, notice = self._read_keeping_aside()
                if notice is not None and notice.kept is None:
                    return str(notice)  # it could not be moved: never written over
                self._write(merged(self._base, position, disk))
        except OSError as error:
            return tr("Could not save your place to {path}: {error}", path=_shown(self.path),
                      error=error.strerror or error)
        self._base = copy.deepcopy(position)
        return None if notice is None else str(notice)

    def _read_keeping_aside(self) -> tuple[Position | None, Notice | None]:
        try:
            return read_position(self.path), None
        except Unusable as reason:
            try:
                return None, Notice(self.path, reason, kept=_keep_aside(self.path))
            except OSError as error:
                return None, Notice(self.path, reason, stuck=error.strerror or str(error))

    def _write(self, position: Position) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".position-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(position.to_json())
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


class BackgroundSaver:
    """Saves the position on a thread of its own, so that no key waits for the disk: a save
    (lock, read, merge, write, fsync) took 7-18 ms on a busy machine, on the UI loop at
    every step shown (each n and p). Saves are written in order, only the newest one waiting;
    ``flush`` waits for it, ``close`` (the app's exit) too, then ends the thread. The thread
    lives as long as the saver: starting one waits until it runs, which is what a save must
    not do. ``on_error`` is called on the thread with the store's message."""

    def __init__(self, store: PositionStore, on_error: Callable[[str], None]):
        self._store = store
        self._on_error = on_error
        self._changed = threading.Condition()
        self._pending: Position | None = None
        self._writing = False
        self._closed = False
        self._thread = threading.Thread(target=self._write_pending, name="position-saver",
                                        daemon=True)
        self._thread.start()

    def save(self, position: Position) -> None:
        snapshot = copy.deepcopy(position)  # the app goes on changing its own
        with self._changed:
            self._pending = snapshot
            self._changed.notify_all()

    def _write_pending(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._pending is not None or self._closed)
                if self._pending is None:
                    return  # closed, and everything written
                position, self._pending = self._pending, None
                self._writing = True
            error = self._store.save(position)
            with self._changed:
                self._writing = False
                self._changed.notify_all()
            if error:
                self._on_error(error)

    def flush(self, timeout: float = 10.0) -> None:
        with self._changed:
            self._changed.wait_for(lambda: self._pending is None and not self._writing,
                                   timeout)

    def close(self, timeout: float = 10.0) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()
        self._thread.join(timeout)
