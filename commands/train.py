"""``dnn-tutor train``: train a network headless and print the cost the way the course does.

    $ dnn-tutor train
    Cost after iteration 0: 0.693048
    Cost after iteration 1000: 0.288083
    ...
    Train accuracy: 90.75%

Only the standard library and NumPy: no Textual, no plotext, so it starts fast, runs anywhere
and can be scripted (``--json`` prints one JSON object a line).

``--data FILE`` trains on the learner's own CSV (x1,x2,label or x,y rows; see
``engine.data.load_csv``) instead of a built-in dataset: the options that describe a built-in
dataset are then refused, and a bad file is one line naming the row and the problem, exit 2,
as a bad option is.

"Cost after iteration N" is the cost computed in step N, before that step's update.

With ``--json``: ``{"iteration": N, "cost": x}`` per print (``cost`` null once it is inf/NaN),
then one final object: ``diverged`` (bool), ``iterations`` (steps run), ``train_accuracy`` and
``test_accuracy`` (fractions 0..1; null without a test set, for a linear output, or after a
divergence), for a linear output ``train_mse`` / ``test_mse`` instead, and ``diverged_at``
when it diverged.

The score is ``engine.metrics.evaluate``'s: the accuracy for a sigmoid output (class 1 where
A[L] > 0.5, as the course's ``predict``), the MSE, mean((A[L]-Y)²), for a linear output (the
cost J is half of it), also on 0/1 labels: a regression output never gets an accuracy.

With ``--probes``, under each cost line, one row per layer l = 1..L, measured on the
parameters of iteration N (before step N's update) over the whole training set, with the
gradient computed in step N (``engine.probes.layer_probes``): ``unit_spread`` (0 when every
unit of the layer is identical), ``saturated`` (share of (unit, example) pairs where g' is
below 5 % of its largest slope; sigmoid and tanh only), ``dead`` (units with z < 0 for every
example; ReLU only), ``grad_norm`` = ||dW[l]||. In text, a small table; with ``--json`` the
print objects get ``"layers": [{"layer": 1, "activation": ..., "unit_spread": ...,
"saturated": ..., "dead": ..., "grad_norm": ...}, ...]``, null where a value is not
applicable or not finite.

Bad values exit with status 2 and ONE line on stderr saying what is wrong and what is allowed;
every size has an upper bound a 2-core laptop trains within (the MAX_* limits below, listed by
``--help``), products included (examples x hidden units, examples x weights).

A run that diverges (the cost or the parameters turn inf/NaN, e.g. after too large a
``--lr``) is a result of the experiment, not a failure of the command: it is reported in a line
``Diverged at iteration N ...`` (``"diverged": true`` with ``--json``, accuracies null) and the
exit status is still 0.

``run_train_guarded`` (what ``python -m engine.cli`` runs) also ends two ways quietly, without
a traceback: ctrl-c prints ``interrupted at iteration N`` on stderr and exits 130 (128 +
SIGINT, as shells report it); a closed stdout (``dnn-tutor train | head -1``) stops the run
silently with status 141 (128 + SIGPIPE, what ``cat``/``yes`` report in the same pipe, so a
``set -o pipefail`` script sees the same thing for it as for them).
"""

from __future__ import annotations

import argparse
import inspect
import json
import math
import os
import re
import sys
import textwrap
from dataclasses import dataclass
from typing import Callable, TextIO

import numpy as np

from .activations import ACTIVATION_NAMES
from .data import DATASETS, MAX_FILE_ROWS, DataFileError, Dataset, load, load_csv
from .initializers import DEFAULT_SCALE, INIT_NAMES
from .metrics import Score, evaluate, score_kind
from .network import Network
from .probes import LayerProbe, layer_probes
from .training import Trainer

OUTPUT_NAMES = ("sigmoid", "linear")
MAX_SEED = 2**32 - 1  # what RandomState accepts

# -- limits: what a 2-core laptop draws and trains -----------------------------------------------
# Past these a run is not a lesson any more but a MemoryError, a machine swapping, or hours of
# waiting; each is refused with one line that names it (and listed in --help). Measured on a
# 2-core machine with one BLAS thread, one full-batch step at each bound takes at most ~0.6 s
# and ~300 MB (README, "Limits"): [2, 50, 1] on 100 000 examples (MAX_ACTIVATIONS) 0.36 s,
# 270 MB; [2, 1000, 1000, 1] on 1000 (MAX_PASS_WORK) 0.30 s; ten layers of 1000 on 100
# (9 million weights) 0.56 s, 280 MB; 100 layers of 10 on 1000 0.05 s.
MAX_SAMPLES = MAX_FILE_ROWS     # examples in the training set, and in the test set (100 000)
MAX_HIDDEN_LAYERS = 100         # ~0.4 ms a layer a step, however narrow
MAX_UNITS = 1000                # units in one hidden layer
MAX_WEIGHTS = 10_000_000        # weights of the whole network (80 MB, as much per gradient)
# The products, for the largest set (training or test) passed through the network at once:
MAX_ACTIVATIONS = 5_000_000     # examples x hidden units: the memory of a forward pass
MAX_PASS_WORK = 1_000_000_000   # examples x weights: the multiply-adds of a forward pass
MAX_ITERATIONS = 1_000_000      # and as many costs kept (~30 MB); ~40 s for the course's model
MAX_INIT_SCALE = 100.0          # the course's "large" is 10; past 100 nothing new happens
# The noise a dataset takes: up to where it has drowned the pattern (the size of the pattern:
# the petals are 4 long, the circles and moons 2 across, the curve 5 high), or TensorFlow
# Playground's 0..0.5 for its own sets (engine.data refuses more).
MAX_NOISE = {"flower": 4.0, "circles": 2.0, "moons": 2.0, "xor": 0.5, "gaussian": 0.5,
             "spiral": 0.5, "curve": 5.0}


class OneLineArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line: ``<prog>: error: <what is wrong>``.

    argparse normally prints the whole usage first; a learner who typed ``--lr abc`` needs only
    the line that says what is wrong and what is allowed. Exit status 2, as argparse's.
    """

    def error(self, message: str):  # type: ignore[override]
        message = " ".join(str(message).split())  # whatever it says, on one line
        # argparse's own messages echo the value too ("invalid int value: '999...'"): a
        # pasted megabyte stays a line a learner can read.
        message = re.sub(r"\S{80,}", lambda word: _cut(word.group(0)), message)
        # argparse words type errors "argument --lr: <our message>"; our messages already
        # name the option, so drop the prefix; otherwise keep the option's name in front.
        match = re.match(r"argument (\S+): (.*)", message)
        if match:
            names, rest = match.group(1).split("/"), match.group(2)
            message = rest if rest.startswith(tuple(names)) else f"{names[-1]}: {rest}"
        self.exit(2, f"{self.prog}: error: {message}\n")


# -- value types: each raises ArgumentTypeError with a message naming the option --------------
def _cut(text: str, limit: int = 40) -> str:
    """``text`` for an error line, cut short: a 4000-digit number need not be echoed whole."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


def _int_type(option: str, minimum: int, what: str, maximum: int | None = None) -> Callable:
    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:  # also a number past int()'s 4300 digits
            raise argparse.ArgumentTypeError(
                f"{option} expects {what}, got {_cut(repr(text))}") from None
        if value < minimum or (maximum is not None and value > maximum):
            raise argparse.ArgumentTypeError(
                f"{option} must be {what}, got {_cut(text.strip())}")
        return value

    parse.__name__ = option
    return parse


def _float_type(option: str, what: str, ok: Callable[[float], bool]) -> Callable:
    def parse(text: str) -> float:
        try:
            value = float(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{option} expects a number, got {_cut(repr(text))}") from None
        if not math.isfinite(value) or not ok(value):
            raise argparse.ArgumentTypeError(
                f"{option} must be {what}, got {_cut(text.strip())}")
        return value

    parse.__name__ = option
    return parse


def _choice_type(option: str, choices: tuple[str, ...], noun: str) -> Callable:
    def parse(text: str) -> str:
        key = text.strip().lower().replace("-", "_")
        if key not in choices:
            raise argparse.ArgumentTypeError(
                f"{option}: unknown {noun} {_cut(repr(text))}; choose one of: "
                f"{', '.join(choices)}")
        return key

    parse.__name__ = option
    return parse


def _choices_type(option: str, choices: tuple[str, ...], noun: str) -> Callable:
    """Like ``_choice_type``, for one name or a comma-separated list: a tuple of names."""
    one = _choice_type(option, choices, noun)

    def parse(text: str) -> tuple[str, ...]:
        parts = text.split(",")
        if any(not part.strip() for part in parts):
            raise argparse.ArgumentTypeError(
                f"{option} expects one {noun} or a comma-separated list of them "
                f"({', '.join(choices)}), got {_cut(repr(text))}")
        return tuple(one(part) for part in parts)

    parse.__name__ = option
    return parse


def parse_layers(text: str) -> list[int]:
    """``"20,20"`` -> ``[20, 20]``; ``""`` -> ``[]`` (no hidden layer: logistic regression).
    At most MAX_HIDDEN_LAYERS sizes, each at most MAX_UNITS."""
    if not text.strip():
        return []
    parts = [part.strip() for part in text.split(",")]
    if len(parts) > MAX_HIDDEN_LAYERS:
        raise argparse.ArgumentTypeError(
            f"--layers: at most {MAX_HIDDEN_LAYERS} hidden layers, got {len(parts)}")
    sizes = []
    for part in parts:
        # ASCII digits only: str.isdigit() also takes '²' and '٣', which int() refuses or reads.
        if not (part.isascii() and part.isdigit()) or int(part) < 1:
            raise argparse.ArgumentTypeError(
                "--layers: sizes must be positive integers separated by commas "
                f"(or \"\" for no hidden layer), got {_cut(repr(text))}")
        if len(part) > 9 or int(part) > MAX_UNITS:
            raise argparse.ArgumentTypeError(
                f"--layers: at most {MAX_UNITS} units a layer, got {_cut(part)}")
        sizes.append(int(part))
    return sizes


_SEED = "an integer from 0 to 2**32-1"
_SAMPLES = f"an integer from 1 to {MAX_SAMPLES}"
_ITERATIONS = f"an integer from 1 to {MAX_ITERATIONS}"


class _Unset(str):
    """A default that was not typed: equal to its value everywhere (``== "flower"``, a dict
    key, JSON), yet ``resolve`` can tell it from ``--dataset flower`` typed, which --data
    refuses. argparse passes a string default through the option's type: it comes back as
    it is."""


DEFAULT_DATASET = _Unset("flower")


def _dataset_type() -> Callable:
    parse = _choice_type("--dataset", tuple(DATASETS), "dataset")

    def parse_dataset(text: str) -> str:
        return text if isinstance(text, _Unset) else parse(text)

    parse_dataset.__name__ = "--dataset"
    return parse_dataset


def add_train_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the options of ``dnn-tutor train`` to ``parser`` (a subparser, usually)."""
    parser.description = textwrap.fill(
        "Train a network headless and print 'Cost after iteration N' like the course, then "
        "the accuracy (the MSE for a linear output, as for the regression set 'curve'). "
        "With no options: the "
        "course's planar 'flower' data, 4 tanh hidden units, randn*0.01 with seed 2, "
        "lr 1.2, 10000 iterations. A run that diverges is reported and exits 0.",
        width=79,
    )
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = (
        "examples:\n"
        "  dnn-tutor train                                  # the course's planar data model\n"
        "  dnn-tutor train --layers ''                      # logistic regression\n"
        "  dnn-tutor train --dataset circles --samples 300 --noise 0.05 --seed 1 \\\n"
        "      --test-samples 100 --layers 10,5 --activation relu --init he \\\n"
        "      --init-seed 3 --lr 0.01 --iterations 15000  # the Initialization assignment\n"
        "  dnn-tutor train --layers 8,8,4 --activation relu,tanh,sigmoid --init he\n"
        "  dnn-tutor train --dataset curve --layers 16 --lr 0.05 --json\n"
        "  dnn-tutor train --data points.csv --standardize --layers 8 --lr 0.3  # your data\n"
        "  dnn-tutor train --init zeros --probes --iterations 2001  # a frozen network"
    )
    training = add_run_arguments(parser)
    training.add_argument("--json", action="store_true",
                          help="print one JSON object a line instead of text")
    training.add_argument("--probes", action="store_true",
                          help="under each cost: per layer, the units' spread, the share "
                               "saturated, the dead ReLU units and ||dW||, measured at that "
                               "iteration")
    return parser


def add_run_arguments(parser: argparse.ArgumentParser,
                      prints: bool = True) -> argparse._ArgumentGroup:
    """Add the options that say what a run is (data, model, training), shared by
    ``dnn-tutor train``, ``export`` and ``playground``; returns the "training" group, for a
    command's own options. ``prints=False`` (the playground, which prints nothing) leaves out
    ``--print-every``, so that it is refused there as an unknown option."""
    data = parser.add_argument_group("data")
    data.add_argument("--dataset", default=DEFAULT_DATASET, metavar="NAME",
                      type=_dataset_type(),
                      help=f"one of: {', '.join(DATASETS)} (default: flower)")
    data.add_argument("--data", metavar="FILE",
                      help="your own data instead of a dataset: a CSV file of x1,x2,label "
                           "rows (label 0 or 1) or of x,y rows (a regression), a header row "
                           "optional; --dataset, --samples, --noise, --seed and a test set "
                           "then do not apply")
    data.add_argument("--standardize", action="store_true",
                      help="with --data: each feature shifted and scaled to mean 0 and "
                           "standard deviation 1")
    data.add_argument("--samples", metavar="M",
                      type=_int_type("--samples", 1, _SAMPLES, MAX_SAMPLES),
                      help=f"training examples, 1..{MAX_SAMPLES} (default: the dataset's)")
    data.add_argument("--noise", metavar="X",
                      type=_float_type("--noise", "a number >= 0", lambda v: v >= 0),
                      help="noise level (default: the dataset's), at most: " + ", ".join(
                          f"{name} {limit:g}" for name, limit in MAX_NOISE.items()))
    data.add_argument("--seed", type=_int_type("--seed", 0, _SEED, MAX_SEED), metavar="S",
                      help="seed of the training set (default: the dataset's, flower 1)")
    data.add_argument("--test-samples", default=0, metavar="M",
                      type=_int_type("--test-samples", 0, f"an integer from 0 to {MAX_SAMPLES}",
                                     MAX_SAMPLES),
                      help=f"test examples, 0..{MAX_SAMPLES} (default: 0, no test set)")
    data.add_argument("--test-seed", type=_int_type("--test-seed", 0, _SEED, MAX_SEED),
                      metavar="S", help="seed of the test set (default: training seed + 1, "
                                        "so then --seed is at most 2**32-2)")

    model = parser.add_argument_group("model", description=textwrap.fill(
        f"At most {MAX_WEIGHTS} weights, and for the larger set (training or test) at most "
        f"{MAX_ACTIVATIONS} examples x hidden units and {MAX_PASS_WORK} examples x weights: "
        "a full-batch step then takes up to ~0.6s and ~300 MB on a 2-core laptop.", width=77,
        break_on_hyphens=False))
    model.add_argument("--layers", type=parse_layers, default=[4], metavar="SIZES",
                       help="hidden layer sizes, comma-separated, e.g. 20,20; '' for none "
                            f"(logistic regression); up to {MAX_HIDDEN_LAYERS} layers of up "
                            f"to {MAX_UNITS} units (default: 4)")
    # argparse passes a string default through `type` too: the default is ("tanh",).
    model.add_argument("--activation", default="tanh", metavar="NAMES",
                       type=_choices_type("--activation", ACTIVATION_NAMES, "activation"),
                       help=f"hidden activation, one of: {', '.join(ACTIVATION_NAMES)}; one "
                            "name for every hidden layer, or one per hidden layer, "
                            "comma-separated, e.g. relu,tanh for --layers 8,4 (default: tanh)")
    model.add_argument("--leaky-slope", default=0.01, metavar="F",
                       type=_float_type("--leaky-slope", "a number > 0 and < 1",
                                        lambda v: 0 < v < 1),
                       help="leaky_relu's slope for z < 0: g(z) = max(F z, z) (default: 0.01)")
    model.add_argument("--output", metavar="NAME",
                       type=_choice_type("--output", OUTPUT_NAMES, "output activation"),
                       help="output activation: sigmoid (cross-entropy cost) or linear (mean "
                            "squared error) (default: sigmoid; linear for 'curve' and for a "
                            "--data file of x,y rows)")
    model.add_argument("--init", default="small", metavar="NAME",
                       type=_choice_type("--init", INIT_NAMES, "initialisation"),
                       help="zeros; small = randn*0.01; large = randn*10; xavier = "
                            "randn*sqrt(1/n[l-1]); he = randn*sqrt(2/n[l-1]); constant = "
                            f"every weight {DEFAULT_SCALE['constant']:g} (default: small)")
    model.add_argument("--init-scale", metavar="F",
                       type=_float_type("--init-scale", f"a number > 0 and <= {MAX_INIT_SCALE:g}",
                                        lambda v: 0 < v <= MAX_INIT_SCALE),
                       help="the factor of small/large instead of "
                            f"{DEFAULT_SCALE['small']:g}/{DEFAULT_SCALE['large']:g}, or the "
                            f"weight of constant instead of {DEFAULT_SCALE['constant']:g}; "
                            f"at most {MAX_INIT_SCALE:g}")
    model.add_argument("--init-seed", type=_int_type("--init-seed", 0, _SEED, MAX_SEED),
                       default=2, metavar="S",
                       help="seed of the initial weights (default: 2, the course's)")

    training = parser.add_argument_group("training")
    training.add_argument("--lr", default=1.2, metavar="ALPHA",
                          type=_float_type("--lr", "a number > 0", lambda v: v > 0),
                          help="learning rate (default: 1.2)")
    training.add_argument("--iterations", default=10000, metavar="N",
                          type=_int_type("--iterations", 1, _ITERATIONS, MAX_ITERATIONS),
                          help=f"gradient-descent steps, 1..{MAX_ITERATIONS} (default: 10000)")
    if prints:
        training.add_argument("--print-every", default=1000, metavar="N",
                              type=_int_type("--print-every", 1, _ITERATIONS, MAX_ITERATIONS),
                              help=f"print the cost every N iterations, 1..{MAX_ITERATIONS} "
                                   "(default: 1000)")
    training.add_argument("--l2", default=0.0, metavar="LAMBDA",
                          type=_float_type("--l2", "a number >= 0", lambda v: v >= 0),
                          help="L2 regularisation strength (default: 0)")
    training.add_argument("--batch-size", metavar="B",
                          type=_int_type("--batch-size", 1, _SAMPLES, MAX_SAMPLES),
                          help=f"mini-batch size, 1..{MAX_SAMPLES}; the training set's size "
                               "or more is the full batch (default: the full batch)")
    # resolve() reports errors found only once the options meet (init scale with another
    # init, data the dataset refuses) through this parser, as one line like the others.
    parser.set_defaults(train_parser=parser)
    return training


def _fail(args: argparse.Namespace, message: str):
    parser = getattr(args, "train_parser", None)
    if parser is None:
        parser = OneLineArgumentParser(prog="dnn-tutor train")
    parser.error(message)


def _dataset_default(name: str, parameter: str):
    """What the generator of dataset ``name`` uses for ``parameter`` when none is given."""
    return inspect.signature(DATASETS[name]).parameters[parameter].default


# What --data replaces: the options that describe a built-in dataset, and whether each was
# given (the playground's --test-samples is None when not given; 0 asks for no test set).
_BUILT_IN_OPTIONS = (
    ("--dataset", lambda args: not isinstance(args.dataset, _Unset)),
    ("--samples", lambda args: args.samples is not None),
    ("--noise", lambda args: args.noise is not None),
    ("--seed", lambda args: args.seed is not None),
    ("--test-samples", lambda args: (args.test_samples or 0) > 0),
    ("--test-seed", lambda args: args.test_seed is not None),
)


def data_file_conflict(args: argparse.Namespace) -> str | None:
    """The one line that refuses options which do not go with --data (or --standardize
    without it), or None."""
    path = getattr(args, "data", None)
    if path is None:
        if getattr(args, "standardize", False):
            return ("--standardize applies to --data FILE only: the built-in datasets are "
                    "drawn at their own scale")
        return None
    for option, given in _BUILT_IN_OPTIONS:
        if given(args):
            return (f"{option} describes a built-in dataset and does not apply with --data: "
                    f"the data are the rows of {path}")
    return None


def _load(args, m, seed, which: str):
    try:
        return load(args.dataset, m=m, noise=args.noise, seed=seed)
    except ValueError as exc:
        _fail(args, f"--dataset {args.dataset} ({which} set): {exc}")


def hidden_activations(args: argparse.Namespace) -> list[str]:
    """One activation name per hidden layer (``args.layers``): ``--activation`` gives one name
    for all of them, or exactly one per hidden layer. Any other count is a ValueError that
    names both counts."""
    names = (args.activation,) if isinstance(args.activation, str) else tuple(args.activation)
    layers = list(args.layers)
    if len(names) == 1:
        return list(names) * len(layers)
    if len(names) != len(layers):
        shown = ",".join(map(str, layers)) or "''"
        raise ValueError(
            f"--activation gives {len(names)} activations ({','.join(names)}) but --layers "
            f"{shown} has {len(layers)} hidden layer{'' if len(layers) == 1 else 's'}: give "
            "one name for all of them or one per hidden layer")
    return list(names)


@dataclass(frozen=True, eq=False)
class Run:
    """What the options of a run come to once they meet (``resolve``): the data sets, the
    dataset's defaults filled in where an option was not given, and the network's shape."""

    train: Dataset
    test: Dataset | None
    noise: float | None     # the dataset's default if none was given (None: no noise drawn)
    seed: int | None        # seed of the training set (None: --data, nothing drawn)
    test_seed: int | None   # None without a test set
    layer_dims: list[int]   # [n_x, *hidden sizes, 1]
    hidden: list[str]       # one activation per hidden layer
    output: str             # "sigmoid" (cross-entropy cost) or "linear" (MSE cost)

    def network(self, args: argparse.Namespace) -> Network:
        return Network(self.layer_dims, self.hidden, self.output, init=args.init,
                       init_seed=args.init_seed, init_scale=args.init_scale,
                       leaky_slope=args.leaky_slope)

    def trainer(self, args: argparse.Namespace) -> Trainer:
        return Trainer(self.network(args), self.train.X, self.train.Y, args.lr, l2=args.l2,
                       batch_size=args.batch_size)


def resolve(args: argparse.Namespace) -> Run:
    """Check the options that are wrong only together and load the data, as ``dnn-tutor
    train`` does; an error exits 2 with one line (through the command's parser)."""
    if args.init_scale is not None and args.init not in DEFAULT_SCALE:
        _fail(args, f"--init-scale sets the factor of --init small or large, or the weight of "
                    f"--init constant; not of --init {args.init}")
    try:
        hidden = hidden_activations(args)
    except ValueError as exc:
        _fail(args, str(exc))
    conflict = data_file_conflict(args)
    if conflict:
        _fail(args, conflict)
    path = getattr(args, "data", None)
    test = test_seed = None
    if path is not None:
        try:
            train = load_csv(path, standardize=args.standardize)
        except DataFileError as exc:
            _fail(args, str(exc))
        seed = noise = None
        what = f"{path} is a regression file (x,y rows)"
    else:
        problem = noise_problem(args.dataset, args.noise)
        if problem:
            _fail(args, problem)
        seed = _dataset_default(args.dataset, "seed") if args.seed is None else args.seed
        if args.test_samples > 0:
            test_seed = seed + 1 if args.test_seed is None else args.test_seed
            if test_seed > MAX_SEED:  # refused, not wrapped round: the run is the one asked for
                _fail(args, f"--seed {seed}: the test set is drawn with --seed + 1 = "
                            f"{test_seed}, past 2**32-1 (the largest seed NumPy's RandomState "
                            "takes): give a smaller --seed, or a --test-seed")
        # Every size was bounded by its option: drawing the data costs at most ~0.1 s.
        train = _load(args, args.samples, seed, "training")
        if test_seed is not None:
            test = _load(args, args.test_samples, test_seed, "test")
        noise = _dataset_default(args.dataset, "noise") if args.noise is None else args.noise
        what = f"'{args.dataset}' is a regression set"
    output = args.output or ("sigmoid" if train.task == "classification" else "linear")
    if output == "sigmoid" and train.task != "classification":
        _fail(args, f"--output sigmoid needs 0/1 labels; {what}: use --output linear")
    layer_dims = [train.X.shape[0], *args.layers, 1]
    sets = [(train.X.shape[1], f"{path}'s rows" if path else "training examples")]
    if test is not None:
        sets.append((test.X.shape[1], "test examples"))
    problem = size_problem(*max(sets, key=lambda s: s[0]), layer_dims)
    if problem:
        _fail(args, problem)
    return Run(train, test, noise, seed, test_seed, layer_dims, hidden, output)


_PLAYGROUND_SETS = ("xor", "gaussian", "spiral")


def noise_problem(dataset: str, noise: float | None) -> str | None:
    """The one line that refuses ``noise`` for ``dataset`` (past MAX_NOISE), or None."""
    limit = MAX_NOISE[dataset]
    if noise is None or noise <= limit:
        return None
    why = ("TensorFlow Playground's range" if dataset in _PLAYGROUND_SETS
           else "more only hides the pattern further")
    return f"--noise: at most {limit:g} for --dataset {dataset} ({why}), got {noise:g}"


def size_problem(examples: int, which: str, layer_dims: list[int]) -> str | None:
    """The one line that refuses a network of ``layer_dims`` too big to pass ``examples``
    through at once (the larger set, training or test, named by ``which``), or None."""
    hidden = layer_dims[1:-1]
    shown = _cut(",".join(map(str, hidden)) or "''")
    weights = sum(n * n_prev for n_prev, n in zip(layer_dims, layer_dims[1:]))
    if weights > MAX_WEIGHTS:
        return (f"--layers {shown} has {weights} weights; at most {MAX_WEIGHTS}: fewer or "
                "narrower layers")
    for product, limit, what in (
            (examples * sum(hidden), MAX_ACTIVATIONS, "activations (examples x hidden units)"),
            (examples * weights, MAX_PASS_WORK, "multiply-adds (examples x weights)")):
        if product > limit:
            return (f"--layers {shown} on {examples} {which} is {product} {what} a pass; at "
                    f"most {limit}: fewer or narrower layers, or fewer examples")
    return None


def _finite_or_none(x: float | None) -> float | None:
    return float(x) if x is not None and math.isfinite(x) else None


# -- probes --------------------------------------------------------------------------------
def _probe_json(probe: LayerProbe) -> dict:
    """A LayerProbe for JSON: non-finite floats (a diverged run) as null."""
    d = probe.as_dict()
    for key in ("unit_spread", "saturated", "grad_norm"):
        d[key] = _finite_or_none(d[key])
    return d


_PROBE_HEADER = (f"  {'layer':>5}  {'activation':<10}  {'spread':>9}  {'saturated':>9}  "
                 f"{'dead':>4}  {'|dW|':>9}")


def _probe_rows(probes: list[LayerProbe]) -> list[str]:
    """The text table under a cost line: 58 columns, '-' where a value does not apply."""

    def number(x: float | None) -> str:
        return "-" if x is None else "0" if x == 0 else f"{x:.3g}"

    rows = [_PROBE_HEADER]
    for p in probes:
        saturated = "-" if p.saturated is None else f"{100 * p.saturated:.1f}%"
        dead = "-" if p.dead is None else str(p.dead)
        rows.append(f"  {p.layer:>5}  {p.activation:<10}  {number(p.unit_spread):>9}  "
                    f"{saturated:>9}  {dead:>4}  {number(p.grad_norm):>9}")
    return rows


class TrainingInterrupted(KeyboardInterrupt):
    """ctrl-c during ``run_train``: a KeyboardInterrupt that knows the iteration it stopped at
    (the step that was running; ``iteration`` steps had completed)."""

    def __init__(self, iteration: int | None):
        super().__init__(iteration)
        self.iteration = iteration


def _score_line(name: str, score: Score) -> str:
    """``Train accuracy: 90.50%`` or ``Test MSE: 0.012345``."""
    value = f"{100 * score.value:.2f}%" if score.kind == "accuracy" else f"{score.value:.6f}"
    return f"{name.capitalize()} {score.label}: {value}"


def run_train(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    """Train as ``args`` say, printing to ``out``; returns the exit status (0).

    ctrl-c raises ``TrainingInterrupted`` (a KeyboardInterrupt); a closed ``out`` raises
    BrokenPipeError. ``run_train_guarded`` turns both into a quiet exit.
    """
    run = resolve(args)
    trainer = run.trainer(args)
    try:
        return _train_and_report(args, out, run.train, run.test, trainer)
    except KeyboardInterrupt:
        raise TrainingInterrupted(trainer.iteration) from None


def _train_and_report(args, out: TextIO, train, test, trainer: Trainer) -> int:
    net = trainer.network
    probes_wanted = getattr(args, "probes", False)

    def emit(text_line: str, obj: dict) -> None:
        out.write((json.dumps(obj) if args.json else text_line) + "\n")
        out.flush()

    # Print costs[N] for N = 0, k, 2k, ... as soon as step N has run, so the output streams.
    for start in range(0, args.iterations, args.print_every):
        chunk = min(args.print_every, args.iterations - start)
        if probes_wanted:
            # The parameters of iteration `start`, before step `start` updates them.
            before = layer_probes(net, train.X)
        trainer.run(1)
        if len(trainer.costs) > start:
            cost = trainer.costs[start]
            line = f"Cost after iteration {start}: {cost:f}"
            obj: dict = {"iteration": start, "cost": _finite_or_none(cost)}
            if probes_wanted:
                # ||dW[l]|| of the gradient computed in step `start`: none if the step stopped
                # at a non-finite cost before its backward pass.
                stepped = trainer.iteration == start + 1
                norms = [float(np.linalg.norm(trainer.last_grads[f"dW{p.layer}"]))
                         if stepped and trainer.last_grads is not None else None
                         for p in before]
                probes = [LayerProbe(p.layer, p.activation, p.unit_spread, p.saturated, p.dead,
                                     norm) for p, norm in zip(before, norms)]
                line = "\n".join([line, *_probe_rows(probes)])
                obj["layers"] = [_probe_json(p) for p in probes]
            emit(line, obj)
        if trainer.diverged:
            break
        trainer.run(chunk - 1)
        if trainer.diverged:
            break

    result: dict = {"diverged": trainer.diverged, "iterations": trainer.iteration}
    if trainer.diverged:
        if trainer.costs and not math.isfinite(trainer.costs[-1]):
            at, what = len(trainer.costs) - 1, f"cost became {trainer.costs[-1]}"
        else:
            at, what = trainer.iteration, "parameters became inf/nan"
        result["diverged_at"] = at
        hint = "try a smaller --lr" + (" or --init-scale" if args.init == "large" else "")
        if not args.json:
            emit(f"Diverged at iteration {at} ({what}): {hint}", {})
    # engine.metrics decides: accuracy for a sigmoid output, MSE for a linear one.
    metric = score_kind(net)
    lines = []
    for label, data in (("train", train), ("test", test)):
        value = None
        if data is not None and not trainer.diverged:
            score = evaluate(net, data.X, data.Y)
            value = score.value
            lines.append(_score_line(label, score))
        result[f"{label}_{metric}"] = value
    if metric != "accuracy":  # the keys the format promises, null for a linear output
        result.setdefault("train_accuracy", None)
        result.setdefault("test_accuracy", None)
    if args.json:
        emit("", result)
    else:
        for line in lines:
            emit(line, {})
    return 0


# -- ending quietly: ctrl-c and a closed pipe ---------------------------------------------------
EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE


def _discard_output(out: TextIO) -> None:
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


def run_train_guarded(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """``run_train``, ending quietly on ctrl-c and on a closed stdout; returns the exit status.

    ctrl-c: one line ``interrupted at iteration N`` on stderr (N = the step that was running,
    as many steps had completed), status 130. A reader that closes the pipe early
    (``dnn-tutor train | head -1``): no traceback, no "Exception ignored" message, status 141.
    Otherwise ``run_train``'s status (0); bad options still exit 2 through argparse.
    """
    out = sys.stdout if out is None else out
    try:
        return run_train(args, out)
    except KeyboardInterrupt as exc:
        iteration = getattr(exc, "iteration", None)
        where = ("before training started" if iteration is None
                 else f"at iteration {iteration}")
        try:
            sys.stderr.write(f"interrupted {where}\n")
            sys.stderr.flush()
        except (OSError, ValueError):  # stderr closed too: nothing left to tell
            pass
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _discard_output(out)
        return EXIT_BROKEN_PIPE


def one_blas_thread() -> None:
    """Limit NumPy's BLAS to one thread for the rest of the process (the app, its served tabs,
    ``train``, ``export``: ``tui.cli.main`` and ``main`` below call this).

    The tutor's matrices are small (a few hundred by a few hundred at most in a lesson):
    splitting each product across threads gains nothing, and the threads compete with the
    app's own and with each other. On a 2-core machine under load, ``dnn-tutor train --layers
    50,50,50,50,50 --activation tanh --iterations 1500`` took 2.6 s with one BLAS thread and
    16.0 s with two (``python -m engine.bench`` prints the ratio on this machine).

    threadpoolctl, not OPENBLAS_NUM_THREADS and the like: those are read only when NumPy
    loads its BLAS, and by the time any of our code runs NumPy may be loaded already (the
    parser imports the engine; a test or a notebook imported it first); threadpoolctl sets the
    loaded library's own limit at run time, whichever BLAS it is (OpenBLAS, MKL, BLIS,
    Accelerate). The limit is the library's, not the thread's: the app's training worker
    gets it too. An exported script has no threadpoolctl: it sets the environment before it
    imports NumPy (engine.export)."""
    from threadpoolctl import threadpool_limits

    # It limits the libraries loaded so far: NumPy's BLAS is, by this module's own import.
    threadpool_limits(limits=1, user_api="blas")


def main(argv: list[str] | None = None) -> int:
    """``python -m engine.cli``: the same as ``dnn-tutor train``."""
    try:
        parser = add_train_arguments(OneLineArgumentParser(prog="dnn-tutor train"))
        args = parser.parse_args(argv)
        one_blas_thread()
    except KeyboardInterrupt:  # ctrl-c before training: as quiet as during it
        return EXIT_INTERRUPTED
    return run_train_guarded(args, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
