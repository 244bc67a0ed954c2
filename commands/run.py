"""The options that say what a run is (data, model, training), shared by ``dnn-tutor train``,
``export`` and ``playground``; their limits; and ``resolve``, which checks the options that are
wrong only together and draws the data.

``--data FILE`` trains on the learner's own CSV (x1,x2,label or x,y rows; see
``engine.data.load_csv``) instead of a built-in dataset: the options that describe a built-in
dataset are then refused, and a bad file is one line naming the row and the problem, exit 2,
as a bad option is.

Bad values exit with status 2 and ONE line on stderr saying what is wrong and what is allowed;
every size has an upper bound a 2-core laptop trains within (the MAX_* limits below, listed by
``--help``), products included (examples x hidden units, examples x weights).
"""

from __future__ import annotations

import argparse
import inspect
from dataclasses import dataclass
from typing import Callable

from engine.activations import ACTIVATION_NAMES
from engine.data import DATASETS, MAX_FILE_ROWS, DataFileError, Dataset, load, load_csv
from engine.features import FEATURE_NAMES, check_features
from engine.initializers import DEFAULT_SCALE, INIT_NAMES
from engine.network import Network
from engine.training import Trainer
from lessons.i18n import Localized, tr
from lessons.wording import fill

from .args import (OneLineArgumentParser, OptionGroup, choice_type, choices_type, cut,
                   float_type, int_type)

OUTPUT_NAMES = ("sigmoid", "linear")
MAX_SEED = 2**32 - 1  # what RandomState accepts

# -- limits: what a 2-core laptop draws and trains -----------------------------------------------
# Past these a run is not a lesson any more but a MemoryError, a machine swapping, or hours of
# waiting; each is refused with one line that names it (and listed in --help). Measured on a
# 2-core machine with one BLAS thread, one full-batch step at each bound takes at most ~0.6 s
# and ~300 MB (README, "Limits"): [2, 50, 1] on 100 000 examples (MAX_ACTIVATIONS) 0.36 s,
# 270 MB; [2, 1000, 1000, 1] on 997 (MAX_PASS_WORK) 0.30 s; ten layers of 1000 on 100
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
                f"(or \"\" for no hidden layer), got {cut(repr(text))}")
        if len(part) > 9 or int(part) > MAX_UNITS:
            raise argparse.ArgumentTypeError(
                f"--layers: at most {MAX_UNITS} units a layer, got {cut(part)}")
        sizes.append(int(part))
    return sizes


def parse_features(text: str) -> tuple[str, ...]:
    """``"x1^2,x2^2"`` -> ``("x1^2", "x2^2")``: names from engine.features, each once, at
    least one; any other is refused with a line naming it and the allowed names."""
    names = tuple(part.strip().lower() for part in text.split(","))
    try:
        return check_features(names)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"--features: {cut(str(exc), 200)}") from None


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
    parse = choice_type("--dataset", tuple(DATASETS), "dataset")

    def parse_dataset(text: str) -> str:
        return text if isinstance(text, _Unset) else parse(text)

    parse_dataset.__name__ = "--dataset"
    return parse_dataset


def add_run_arguments(parser: argparse.ArgumentParser,
                      prints: bool = True) -> OptionGroup:
    """Add the options that say what a run is (data, model, training), shared by
    ``dnn-tutor train``, ``export`` and ``playground``; returns the "training" group, for a
    command's own options. ``prints=False`` (the playground, which prints nothing) leaves out
    ``--print-every``, so that it is refused there as an unknown option."""
    data = parser.add_argument_group(tr("data"))
    data.add_argument("--dataset", default=DEFAULT_DATASET, metavar="NAME",
                      type=_dataset_type(),
                      help=tr("one of: {names} (default: flower)", names=", ".join(DATASETS)))
    data.add_argument("--data", metavar="FILE",
                      help=tr("your own data instead of a dataset: a CSV file of x1,x2,label "
                              "rows (label 0 or 1) or of x,y rows (a regression), a header row "
                              "optional; --dataset, --samples, --noise, --seed and a test set "
                              "then do not apply"))
    data.add_argument("--standardize", action="store_true",
                      help=tr("with --data: each feature shifted and scaled to mean 0 and "
                              "standard deviation 1"))
    data.add_argument("--samples", metavar="M",
                      type=int_type("--samples", 1, _SAMPLES, MAX_SAMPLES),
                      help=tr("training examples, 1..{most} (default: the dataset's)",
                              most=MAX_SAMPLES))
    data.add_argument("--noise", metavar="X",
                      type=float_type("--noise", "a number >= 0", lambda v: v >= 0),
                      help=tr("noise level (default: the dataset's), at most: {limits}",
                              limits=", ".join(f"{name} {limit:g}"
                                               for name, limit in MAX_NOISE.items())))
    data.add_argument("--seed", type=int_type("--seed", 0, _SEED, MAX_SEED), metavar="S",
                      help=tr("seed of the training set (default: the dataset's, flower 1)"))
    data.add_argument("--test-samples", default=0, metavar="M",
                      type=int_type("--test-samples", 0, f"an integer from 0 to {MAX_SAMPLES}",
                                     MAX_SAMPLES),
                      help=tr("test examples, 0..{most} (default: 0, no test set)",
                              most=MAX_SAMPLES))
    data.add_argument("--test-seed", type=int_type("--test-seed", 0, _SEED, MAX_SEED),
                      metavar="S", help=tr("seed of the test set (default: training seed + 1, "
                                           "so then --seed is at most 2**32-2)"))

    model = parser.add_argument_group(tr("model"), description=fill(tr(
        "At most {weights} weights, and for the larger set (training or test) at most "
        "{activations} examples x hidden units and {work} examples x weights: "
        "a full-batch step then takes up to ~0.6s and ~300 MB on a 2-core laptop.",
        weights=MAX_WEIGHTS, activations=MAX_ACTIVATIONS, work=MAX_PASS_WORK), 77))
    model.add_argument("--layers", type=parse_layers, default=[4], metavar="SIZES",
                       help=tr("hidden layer sizes, comma-separated, e.g. 20,20; '' for none "
                               "(logistic regression); up to {layers} layers of up "
                               "to {units} units (default: 4)", layers=MAX_HIDDEN_LAYERS,
                               units=MAX_UNITS))
    model.add_argument("--features", type=parse_features, metavar="NAMES",
                       help=tr("the network's inputs, comma-separated, from: "
                               "{names} (as TensorFlow Playground's), "
                               "computed from each point (x1, x2); e.g. x1^2,x2^2 (default: "
                               "x1,x2, the point itself)", names=", ".join(FEATURE_NAMES)))
    # argparse passes a string default through `type` too: the default is ("tanh",).
    model.add_argument("--activation", default="tanh", metavar="NAMES",
                       type=choices_type("--activation", ACTIVATION_NAMES, "activation"),
                       help=tr("hidden activation, one of: {names}; one "
                               "name for every hidden layer, or one per hidden layer, "
                               "comma-separated, e.g. relu,tanh for --layers 8,4 (default: "
                               "tanh)", names=", ".join(ACTIVATION_NAMES)))
    model.add_argument("--leaky-slope", default=0.01, metavar="F",
                       type=float_type("--leaky-slope", "a number > 0 and < 1",
                                        lambda v: 0 < v < 1),
                       help=tr("leaky_relu's slope for z < 0: g(z) = max(F z, z) (default: 0.01)"))
    model.add_argument("--output", metavar="NAME",
                       type=choice_type("--output", OUTPUT_NAMES, "output activation"),
                       help=tr("output activation: sigmoid (cross-entropy cost) or linear (mean "
                               "squared error) (default: sigmoid; linear for 'curve' and for a "
                               "--data file of x,y rows)"))
    model.add_argument("--init", default="small", metavar="NAME",
                       type=choice_type("--init", INIT_NAMES, "initialisation"),
                       help=tr("zeros; small = randn*0.01; large = randn*10; xavier = "
                               "randn*sqrt(1/n[l-1]); he = randn*sqrt(2/n[l-1]); constant = "
                               "every weight {constant} (default: small)",
                               constant=f"{DEFAULT_SCALE['constant']:g}"))
    model.add_argument("--init-scale", metavar="F",
                       type=float_type("--init-scale", f"a number > 0 and <= {MAX_INIT_SCALE:g}",
                                        lambda v: 0 < v <= MAX_INIT_SCALE),
                       help=tr("the factor of small/large instead of {small}/{large}, or the "
                               "weight of constant instead of {constant}; at most {most}",
                               small=f"{DEFAULT_SCALE['small']:g}",
                               large=f"{DEFAULT_SCALE['large']:g}",
                               constant=f"{DEFAULT_SCALE['constant']:g}",
                               most=f"{MAX_INIT_SCALE:g}"))
    model.add_argument("--init-seed", type=int_type("--init-seed", 0, _SEED, MAX_SEED),
                       default=2, metavar="S",
                       help=tr("seed of the initial weights (default: 2, the course's)"))

    # "training" alone is a run's state in the catalog (훈련 중): this title says its own word.
    training = parser.add_argument_group(tr(Localized({"en": "training", "ko": "훈련"})))
    training.add_argument("--lr", default=1.2, metavar="ALPHA",
                          type=float_type("--lr", "a number > 0", lambda v: v > 0),
                          help=tr("learning rate (default: 1.2)"))
    training.add_argument("--iterations", default=10000, metavar="N",
                          type=int_type("--iterations", 1, _ITERATIONS, MAX_ITERATIONS),
                          help=tr("gradient-descent steps, 1..{most} (default: 10000)",
                                  most=MAX_ITERATIONS))
    if prints:
        training.add_argument("--print-every", default=1000, metavar="N",
                              type=int_type("--print-every", 1, _ITERATIONS, MAX_ITERATIONS),
                              help=tr("print the cost every N iterations, 1..{most} "
                                      "(default: 1000)", most=MAX_ITERATIONS))
    training.add_argument("--l2", default=0.0, metavar="LAMBDA",
                          type=float_type("--l2", "a number >= 0", lambda v: v >= 0),
                          help=tr("L2 regularisation strength (default: 0)"))
    training.add_argument("--batch-size", metavar="B",
                          type=int_type("--batch-size", 1, _SAMPLES, MAX_SAMPLES),
                          help=tr("mini-batch size, 1..{most}; the training set's size "
                                  "or more is the full batch (default: the full batch)",
                                  most=MAX_SAMPLES))
    # resolve() reports errors found only once the options meet (init scale with another
    # init, data the dataset refuses) through this parser, as one line like the others.
    parser.set_defaults(train_parser=parser)
    return training


def fail(args: argparse.Namespace, message: str):
    """Exit 2 with ``message`` as one line, through the parser of the command ``args`` came
    from (its name in front), or as ``dnn-tutor train``'s."""
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
        fail(args, f"--dataset {args.dataset} ({which} set): {exc}")


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
    features: tuple[str, ...] | None = None   # the network's inputs (None: X itself)

    def network(self, args: argparse.Namespace) -> Network:
        return Network(self.layer_dims, self.hidden, self.output, init=args.init,
                       init_seed=args.init_seed, init_scale=args.init_scale,
                       leaky_slope=args.leaky_slope, features=self.features)

    def trainer(self, args: argparse.Namespace) -> Trainer:
        return Trainer(self.network(args), self.train.X, self.train.Y, args.lr, l2=args.l2,
                       batch_size=args.batch_size)


def resolve(args: argparse.Namespace) -> Run:
    """Check the options that are wrong only together and load the data, as ``dnn-tutor
    train`` does; an error exits 2 with one line (through the command's parser)."""
    if args.init_scale is not None and args.init not in DEFAULT_SCALE:
        fail(args, f"--init-scale sets the factor of --init small or large, or the weight of "
                    f"--init constant; not of --init {args.init}")
    try:
        hidden = hidden_activations(args)
    except ValueError as exc:
        fail(args, str(exc))
    conflict = data_file_conflict(args)
    if conflict:
        fail(args, conflict)
    path = getattr(args, "data", None)
    test = test_seed = None
    if path is not None:
        try:
            train = load_csv(path, standardize=args.standardize)
        except DataFileError as exc:
            fail(args, str(exc))
        seed = noise = None
        what = f"{path} is a regression file (x,y rows)"
    else:
        problem = noise_problem(args.dataset, args.noise)
        if problem:
            fail(args, problem)
        seed = _dataset_default(args.dataset, "seed") if args.seed is None else args.seed
        if args.test_samples > 0:
            test_seed = seed + 1 if args.test_seed is None else args.test_seed
            if test_seed > MAX_SEED:  # refused, not wrapped round: the run is the one asked for
                fail(args, f"--seed {seed}: the test set is drawn with --seed + 1 = "
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
        fail(args, f"--output sigmoid needs 0/1 labels; {what}: use --output linear")
    features = getattr(args, "features", None)
    if features is not None and train.X.shape[0] != 2:
        fail(args, f"--features are functions of a point (x1, x2); {what}, with one input x")
    layer_dims = [train.X.shape[0] if features is None else len(features), *args.layers, 1]
    sets = [(train.X.shape[1], f"{path}'s rows" if path else "training examples")]
    if test is not None:
        sets.append((test.X.shape[1], "test examples"))
    problem = size_problem(*max(sets, key=lambda s: s[0]), layer_dims)
    if problem:
        fail(args, problem)
    return Run(train, test, noise, seed, test_seed, layer_dims, hidden, output, features)


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
    shown = cut(",".join(map(str, hidden)) or "''")
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


