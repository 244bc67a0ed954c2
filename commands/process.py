"""What a command does to its process: one BLAS thread, and ending quietly.

Every ``dnn-tutor`` command ends without a traceback on ctrl-c (status 130, 128 + SIGINT, as
shells report it) and on a closed stdout (``dnn-tutor train | head -1``: status 141, 128 +
SIGPIPE, what ``cat``/``yes`` report in the same pipe, so a ``set -o pipefail`` script sees
the same thing for it as for them).
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE


def discard_output(out: TextIO) -> None:
    """Point ``out``'s file descriptor (stdout's, failing that) at /dev/null, so the flush
    Python does at exit finds somewhere to write instead of printing "Exception ignored ...
    BrokenPipeError"."""
    for stream in (out, sys.stdout):
        try:
            fd = stream.fileno()
        except (AttributeError, OSError, ValueError):
            continue
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, fd)
        finally:
            os.close(devnull)
        return


def one_blas_thread() -> None:
    """Limit NumPy's BLAS to one thread for the rest of the process (the app, its served tabs,
    ``train``, ``export``: ``tui.cli.main`` and ``commands.train.main`` call this).

    The tutor's matrices are small (a few hundred by a few hundred at most in a lesson):
    splitting each product across threads gains nothing, and the threads compete with the
    app's own and with each other. On a 2-core machine under load, ``dnn-tutor train --layers
    50,50,50,50,50 --activation tanh --iterations 1500`` took 2.6 s with one BLAS thread and
    16.0 s with two (``python -m commands.bench --blas`` prints the ratio on this machine).

    threadpoolctl, not OPENBLAS_NUM_THREADS and the like: those are read only when NumPy
    loads its BLAS, and by the time any of our code runs NumPy may be loaded already (the
    parser imports the engine; a test or a notebook imported it first); threadpoolctl sets the
    loaded library's own limit at run time, whichever BLAS it is (OpenBLAS, MKL, BLIS,
    Accelerate). The limit is the library's, not the thread's: the app's training worker
    gets it too. An exported script has no threadpoolctl: it sets the environment before it
    imports NumPy (commands.script)."""
    import numpy  # noqa: F401  (loads its BLAS: the limit is set on the libraries loaded)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
