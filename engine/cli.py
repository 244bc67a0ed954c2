"""``dnn-tutor train``: train a network headless and print the cost the way the course does.

    $ dnn-tutor train
    Cost after iteration 0: 0.693048
    Cost after iteration 1000: 0.288083
    ...
    Train accuracy: 90.50%

Only the standard library and NumPy: no Textual, no plotext, so it starts fast, runs anywhere
and can be scripted (``--json`` prints one JSON object a line).

With ``--json``: ``{"iteration": N, "cost": x}`` per print (``cost`` null once it is inf/NaN),
then one final object: ``diverged`` (bool), ``iterations`` (steps run), ``train_accuracy`` and
``test_accuracy`` (fractions 0..1; null without a test set, for the regression set ``curve``,
or after a divergence), for ``curve`` also ``train_mse`` / ``test_mse``, and ``diverged_at``
when it diverged.

Accuracy counts class 1 where A[L] > 0.5, as the course's ``predict``; MSE is mean((A[L]-Y)²)
(the cost J is half of it).

Bad values exit with status 2 and ONE line on stderr saying what is wrong and what is allowed.

A run that diverges (the cost or the parameters turn inf/NaN, e.g. after too large a
``--lr``) is a result of the experiment, not a failure of the command: it is reported in a line
``Diverged at iteration N ...`` (``"diverged": true`` with ``--json``, accuracies null) and the
exit status is still 0.
"""

from __future__ import annotations

import argparse
import inspect
import json
import math
import re
import sys
import textwrap
from typing import Callable, TextIO

import numpy as np

from .activations import ACTIVATION_NAMES
from .data import DATASETS, load
from .initializers import INIT_NAMES
from .network import Network
from .training import Trainer

OUTPUT_NAMES = ("sigmoid", "linear")
MAX_SEED = 2**32 - 1  # what RandomState accepts


class OneLineArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line: ``<prog>: error: <what is wrong>``.

    argparse normally prints the whole usage first; a learner who typed ``--lr abc`` needs only
    the line that says what is wrong and what is allowed. Exit status 2, as argparse's.
    """

    def error(self, message: str):  # type: ignore[override]
        message = " ".join(str(message).split())  # whatever it says, on one line
        # argparse words type errors "argument --lr: <our message>"; our messages already
        # name the option, so drop the prefix; otherwise keep the option's name in front.
        match = re.match(r"argument (\S+): (.*)", message)
        if match:
            names, rest = match.group(1).split("/"), match.group(2)
            message = rest if rest.startswith(tuple(names)) else f"{names[-1]}: {rest}"
        self.exit(2, f"{self.prog}: error: {message}\n")


# -- value types: each raises ArgumentTypeError with a message naming the option --------------
def _int_type(option: str, minimum: int, what: str, maximum: int | None = None) -> Callable:
    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{option} expects {what}, got {text!r}") from None
        if value < minimum or (maximum is not None and value > maximum):
            raise argparse.ArgumentTypeError(f"{option} must be {what}, got {value}")
        return value

    parse.__name__ = option
    return parse


def _float_type(option: str, what: str, ok: Callable[[float], bool]) -> Callable:
    def parse(text: str) -> float:
        try:
            value = float(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{option} expects a number, got {text!r}") from None
        if not math.isfinite(value) or not ok(value):
            raise argparse.ArgumentTypeError(f"{option} must be {what}, got {text.strip()}")
        return value

    parse.__name__ = option
    return parse


def _choice_type(option: str, choices: tuple[str, ...], noun: str) -> Callable:
    def parse(text: str) -> str:
        key = text.strip().lower().replace("-", "_")
        if key not in choices:
            raise argparse.ArgumentTypeError(
                f"{option}: unknown {noun} {text!r}; choose one of: {', '.join(choices)}")
        return key

    parse.__name__ = option
    return parse


def parse_layers(text: str) -> list[int]:
    """``"20,20"`` -> ``[20, 20]``; ``""`` -> ``[]`` (no hidden layer: logistic regression)."""
    if not text.strip():
        return []
    sizes = []
    for part in text.split(","):
        part = part.strip()
        if not part.isdigit() or int(part) < 1:
            raise argparse.ArgumentTypeError(
                "--layers: sizes must be positive integers separated by commas "
                f"(or \"\" for no hidden layer), got {text!r}")
        sizes.append(int(part))
    return sizes


_SEED = "an integer from 0 to 2**32-1"


def add_train_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the options of ``dnn-tutor train`` to ``parser`` (a subparser, usually)."""
    parser.description = textwrap.fill(
        "Train a network headless and print 'Cost after iteration N' like the course, then "
        "the accuracy (or the MSE for the regression set 'curve'). With no options: the "
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
        "  dnn-tutor train --dataset curve --layers 16 --lr 0.05 --json"
    )
    data = parser.add_argument_group("data")
    data.add_argument("--dataset", default="flower", metavar="NAME",
                      type=_choice_type("--dataset", tuple(DATASETS), "dataset"),
                      help=f"one of: {', '.join(DATASETS)} (default: flower)")
    data.add_argument("--samples", type=_int_type("--samples", 1, "a positive integer"),
                      metavar="M", help="training examples (default: the dataset's)")
    data.add_argument("--noise", metavar="X",
                      type=_float_type("--noise", "a number >= 0", lambda v: v >= 0),
                      help="noise level (default: the dataset's; xor, gaussian, spiral: 0..0.5)")
    data.add_argument("--seed", type=_int_type("--seed", 0, _SEED, MAX_SEED), metavar="S",
                      help="seed of the training set (default: the dataset's, flower 1)")
    data.add_argument("--test-samples", type=_int_type("--test-samples", 0, "an integer >= 0"),
                      default=0, metavar="M", help="test examples (default: 0, no test set)")
    data.add_argument("--test-seed", type=_int_type("--test-seed", 0, _SEED, MAX_SEED),
                      metavar="S", help="seed of the test set (default: training seed + 1)")

    model = parser.add_argument_group("model")
    model.add_argument("--layers", type=parse_layers, default=[4], metavar="SIZES",
                       help="hidden layer sizes, comma-separated, e.g. 20,20; '' for none "
                            "(logistic regression) (default: 4)")
    model.add_argument("--activation", default="tanh", metavar="NAME",
                       type=_choice_type("--activation", ACTIVATION_NAMES, "activation"),
                       help=f"hidden activation: {', '.join(ACTIVATION_NAMES)} (default: tanh)")
    model.add_argument("--output", metavar="NAME",
                       type=_choice_type("--output", OUTPUT_NAMES, "output activation"),
                       help="output activation: sigmoid (cross-entropy cost) or linear (mean "
                            "squared error) (default: sigmoid, linear for 'curve')")
    model.add_argument("--init", default="small", metavar="NAME",
                       type=_choice_type("--init", INIT_NAMES, "initialisation"),
                       help="zeros; small = randn*0.01; large = randn*10; xavier = "
                            "randn*sqrt(1/n[l-1]); he = randn*sqrt(2/n[l-1]) (default: small)")
    model.add_argument("--init-scale", metavar="F",
                       type=_float_type("--init-scale", "a number > 0", lambda v: v > 0),
                       help="the factor of small/large instead of 0.01/10")
    model.add_argument("--init-seed", type=_int_type("--init-seed", 0, _SEED, MAX_SEED),
                       default=2, metavar="S",
                       help="seed of the initial weights (default: 2, the course's)")

    training = parser.add_argument_group("training")
    training.add_argument("--lr", default=1.2, metavar="ALPHA",
                          type=_float_type("--lr", "a number > 0", lambda v: v > 0),
                          help="learning rate (default: 1.2)")
    training.add_argument("--iterations", default=10000, metavar="N",
                          type=_int_type("--iterations", 1, "a positive integer"),
                          help="gradient-descent steps (default: 10000)")
    training.add_argument("--print-every", default=1000, metavar="N",
                          type=_int_type("--print-every", 1, "a positive integer"),
                          help="print the cost every N iterations (default: 1000)")
    training.add_argument("--l2", default=0.0, metavar="LAMBDA",
                          type=_float_type("--l2", "a number >= 0", lambda v: v >= 0),
                          help="L2 regularisation strength (default: 0)")
    training.add_argument("--batch-size", metavar="B",
                          type=_int_type("--batch-size", 1, "a positive integer"),
                          help="mini-batch size (default: the full batch)")
    training.add_argument("--json", action="store_true",
                          help="print one JSON object a line instead of text")
    # run_train reports errors found only once the options meet (init scale with another
    # init, data the dataset refuses) through this parser, as one line like the others.
    parser.set_defaults(train_parser=parser)
    return parser


def _fail(args: argparse.Namespace, message: str):
    parser = getattr(args, "train_parser", None)
    if parser is None:
        parser = OneLineArgumentParser(prog="dnn-tutor train")
    parser.error(message)


def _dataset_default_seed(name: str) -> int:
    return inspect.signature(DATASETS[name]).parameters["seed"].default


def _load(args, m, seed, which: str):
    try:
        return load(args.dataset, m=m, noise=args.noise, seed=seed)
    except ValueError as exc:
        _fail(args, f"--dataset {args.dataset} ({which} set): {exc}")


def _finite_or_none(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def _evaluate(net: Network, X: np.ndarray, Y: np.ndarray, task: str) -> float:
    """Accuracy (fraction) for classification, mean squared error for regression."""
    with np.errstate(all="ignore"):
        AL = net.predict_proba(X)
    if task == "classification":
        # Class 1 where A[L] > 0.5, as the course's predict; also for a linear output.
        return float(np.mean((AL > 0.5) == Y))
    return float(np.mean((AL - Y) ** 2))


def run_train(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    """Train as ``args`` say, printing to ``out``; returns the exit status (0)."""
    if args.init_scale is not None and args.init not in ("small", "large"):
        _fail(args, f"--init-scale sets the factor of --init small or large, not of "
                    f"--init {args.init}")
    seed = _dataset_default_seed(args.dataset) if args.seed is None else args.seed
    train = _load(args, args.samples, seed, "training")
    test = None
    if args.test_samples > 0:
        test_seed = seed + 1 if args.test_seed is None else args.test_seed
        test = _load(args, args.test_samples, test_seed, "test")
    output = args.output or ("sigmoid" if train.task == "classification" else "linear")
    if output == "sigmoid" and train.task != "classification":
        _fail(args, f"--output sigmoid needs 0/1 labels; '{args.dataset}' is a regression "
                    "set: use --output linear")

    net = Network([train.X.shape[0], *args.layers, 1], args.activation, output,
                  init=args.init, init_seed=args.init_seed, init_scale=args.init_scale)
    trainer = Trainer(net, train.X, train.Y, args.lr, l2=args.l2, batch_size=args.batch_size)

    def emit(text_line: str, obj: dict) -> None:
        out.write((json.dumps(obj) if args.json else text_line) + "\n")
        out.flush()

    # Print costs[N] for N = 0, k, 2k, ... as soon as step N has run, so the output streams.
    for start in range(0, args.iterations, args.print_every):
        chunk = min(args.print_every, args.iterations - start)
        trainer.run(1)
        if len(trainer.costs) > start:
            cost = trainer.costs[start]
            emit(f"Cost after iteration {start}: {cost:f}",
                 {"iteration": start, "cost": _finite_or_none(cost)})
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
    if train.task == "classification":
        metric, name, fmt = "accuracy", "accuracy", lambda v: f"{100 * v:.2f}%"
    else:
        metric, name, fmt = "mse", "MSE", lambda v: f"{v:.6f}"
    lines = []
    for label, data in (("train", train), ("test", test)):
        value = None
        if data is not None and not trainer.diverged:
            value = _evaluate(net, data.X, data.Y, train.task)
            lines.append(f"{label.capitalize()} {name}: {fmt(value)}")
        result[f"{label}_{metric}"] = value
    if train.task != "classification":  # the keys the format promises, null for regression
        result.setdefault("train_accuracy", None)
        result.setdefault("test_accuracy", None)
    if args.json:
        emit("", result)
    else:
        for line in lines:
            emit(line, {})
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m engine.cli``: the same as ``dnn-tutor train``."""
    parser = add_train_arguments(OneLineArgumentParser(prog="dnn-tutor train"))
    return run_train(parser.parse_args(argv), sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
