"""dnn-tutor's engine: a small, pure-NumPy neural network in the course's notation.

It never imports Textual, plotext, ``lessons``, ``commands`` or ``tui``: the lessons, the
commands and the benchmarks run it without a terminal. The command line, the script export and
the benchmark are in ``commands/``.
"""

from .activations import ACTIVATION_NAMES, Activation, get_activation
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
