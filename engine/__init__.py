"""dnn-tutor's engine: a small, pure-NumPy neural network in the course's notation.

It never imports Textual, plotext, ``lessons``, ``commands`` or ``tui``: the lessons, the
commands and the benchmarks run it without a terminal. The command line, the script export and
the benchmark are in ``commands/``.

Importing the package loads nothing (``__version__`` is all the command line's parser needs,
and it is built before NumPy loads): each name below is imported from its module when first
asked for.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .activations import ACTIVATION_NAMES, Activation, get_activation
    from .gradcheck import gradient_check
    from .initializers import INIT_NAMES, initialize_parameters
    from .losses import get_loss
    from .metrics import Score, evaluate
    from .network import ForwardCache, Network
    from .training import Trainer, accuracy

__version__ = "0.1.0"

# name -> the module that defines it
_EXPORTS = {
    "ACTIVATION_NAMES": "activations", "Activation": "activations",
    "get_activation": "activations", "gradient_check": "gradcheck",
    "INIT_NAMES": "initializers", "initialize_parameters": "initializers",
    "get_loss": "losses", "Score": "metrics", "evaluate": "metrics",
    "ForwardCache": "network", "Network": "network", "Trainer": "training",
    "accuracy": "training",
}


def __getattr__(name: str):
    if name not in _EXPORTS:  # a submodule (``from engine import data``) is imported then
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value


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
