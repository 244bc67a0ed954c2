"""dnn-tutor's engine: a small, pure-NumPy neural network in the course's notation.

It never imports Textual, plotext, ``lessons``, ``commands`` or ``tui``: the lessons, the
commands and the benchmarks run it without a terminal. The command line, the script export and
the benchmark are in ``commands/``.
"""

import os

# One BLAS thread, set before NumPy loads (a value the user set wins). The engine's matrices
# are small (50 x 400 at most) and its work runs beside a UI and a training thread: on a busy
# 2-core machine OpenBLAS's threads wait for one another. Measured there (load average 5):
# the runs behind the text of "Why 0.01" took 185 s with OpenBLAS's default two threads and
# 10 s with one; the first frame of "Too small, too large" 200 ms, then 55 ms.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from .activations import ACTIVATION_NAMES  # noqa: E402 (NumPy loads after the setting), Activation, get_activation
from .gradcheck import gradient_check
from .initializers import INIT_NAMES, initialize_parameters
from .losses import get_loss
from .metrics import Score, evaluate
from .network import ForwardCache, Network
from .training import Trainer, accuracy

__version__ = "0.1.0"

__all__ = [
    "ACTIVATION_NAMES",
    "Activation",
    "ForwardCache",
    "INIT_NAMES",
    "Network",
    "Score",
    "Trainer",
    "accuracy",
    "evaluate",
    "get_activation",
    "get_loss",
    "gradient_check",
    "initialize_parameters",
    "__version__",
]
