"""``dnn-tutor export``: the run of ``dnn-tutor train`` as a short, self-contained NumPy script.

    $ dnn-tutor export --layers 8,4 --activation relu,tanh -o run.py
    wrote run.py
    $ python run.py          # prints what `dnn-tutor train --layers 8,4 ...` prints

The command: its options, and where the script goes (stdout, or a plain file that is never the
run's own data). The script itself is ``commands.script``'s.
"""

from __future__ import annotations

import argparse
import errno
import os
import stat
import sys
import textwrap
from typing import TextIO

from .process import EXIT_BROKEN_PIPE, discard_output
from .run import add_run_arguments, fail
from .script import export_script


def add_export_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the options of ``dnn-tutor export`` to ``parser``: those of ``dnn-tutor train`` that
    say what the run is (not --json or --probes, which the script does not print), and
    ``-o/--output-file``."""
    parser.description = textwrap.fill(
        "Write the run that 'dnn-tutor train' would make with the same options as a short, "
        "self-contained Python script that needs only NumPy, in the course's notation and "
        "function names, and prints exactly what 'dnn-tutor train' prints.", width=79)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = (
        "examples:\n"
        "  dnn-tutor export > planar.py && python planar.py  # the course's planar data model\n"
        "  dnn-tutor export --layers 8,4 --activation relu,tanh --init he -o deep.py\n"
        "  dnn-tutor export --dataset curve --layers 16 --lr 0.05 --iterations 2000\n"
        "  dnn-tutor export --data points.csv --standardize --layers 8 -o mine.py")
    add_run_arguments(parser)
    parser.add_argument("-o", "--output-file", metavar="FILE",
                        help="write the script to FILE (default: print it)")
    return parser


def run_export(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Write the script of ``args`` to ``out`` (default: sys.stdout at the time of the call),
    or to ``args.output_file`` (then one line ``wrote FILE`` on stderr); returns the exit
    status. Bad options, a file it will not or cannot write: exit 2 with one line."""
    out = sys.stdout if out is None else out
    script = export_script(args)
    path = getattr(args, "output_file", None)
    if path is None:
        try:
            out.write(script)
            out.flush()
        except BrokenPipeError:  # `dnn-tutor export | head`: end quietly, as train does
            discard_output(out)
            return EXIT_BROKEN_PIPE
        return 0
    try:
        write_script(path, script, data_file=getattr(args, "data", None))
    except OSError as exc:
        fail(args, f"--output-file: cannot write {path}: {exc.strerror or exc}")
    print(f"wrote {path}", file=sys.stderr)
    return 0


_IS_THE_DATA = "it is the --data file (the script would overwrite its own data)"
_IS_A_LINK = "it is a symbolic link (a script is written to a plain file only)"
_NOT_A_FILE = "it is not a regular file"


def write_script(path: str | os.PathLike, script: str, *, data_file: str | None = None,
                 new: bool = False) -> None:
    """Write ``script`` to the plain file at ``path``, created if missing, else replaced.

    Refused, with an OSError whose ``strerror`` says why in a few words: a symbolic link
    (dangling or not, it may point anywhere: a learner's data, a dotfile), anything but a
    regular file (a directory; a FIFO, which would block), and the run's own ``data_file``
    however it is named (``./f.csv``, a link, a hard link: the same file is the same device
    and inode). With ``new``, only a file that does not exist yet is written: FileExistsError
    otherwise (a link counts as existing). Nothing is created or emptied when refused.
    """
    if data_file is not None and _same_file(path, data_file):
        raise OSError(errno.EINVAL, _IS_THE_DATA)
    if not new and os.path.islink(path):  # (new: O_EXCL finds it there: FileExistsError)
        raise OSError(errno.ELOOP, _IS_A_LINK)
    flags = (os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK
             | (os.O_EXCL if new else 0))
    try:  # O_NOFOLLOW and O_NONBLOCK: a link or a FIFO put there since the checks above
        fd = os.open(path, flags, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OSError(errno.ELOOP, _IS_A_LINK) from None
        if exc.errno == errno.ENXIO:  # a FIFO nobody reads
            raise OSError(errno.ENXIO, _NOT_A_FILE) from None
        raise
    with os.fdopen(fd, "wb") as file:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode):
            raise OSError(errno.EINVAL, _NOT_A_FILE)
        if data_file is not None and _same_file(found, data_file):  # swapped in meanwhile
            raise OSError(errno.EINVAL, _IS_THE_DATA)
        os.ftruncate(fd, 0)  # only now: a refused file is left as it was
        file.write(script.encode("utf-8"))


def _same_file(a: str | os.PathLike | os.stat_result, b: str | os.PathLike) -> bool:
    """Whether ``a`` (a path or an fstat) and the path ``b`` are one file; False when either
    is not there to compare."""
    try:
        return os.path.samestat(a if isinstance(a, os.stat_result) else os.stat(a), os.stat(b))
    except (OSError, ValueError):  # ValueError: a NUL in a name
        return False
