"""``dnn-tutor playground``'s command line: the options of ``dnn-tutor train`` that say what a
run is, into the ``PlaygroundSpec`` the playground opens (``spec_from_args``), and back from a
spec to train's parsed options (``train_args``, what ``commands.script`` exports).

The playground's knobs can stretch any setup (more layers, another dataset, a test set), so a
command line is refused, with one line, when a value could not stay within train's limits
wherever the knobs take it (``_limits_problem``).
"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

from lessons.experiments import DataSpec, RunSpec
from lessons.playground import (DEFAULT_TEST_SAMPLES, MAX_HIDDEN_LAYERS, MAX_SAMPLES, MAX_WIDTH,
                                PlaygroundSpec, train_argv)

from .args import OneLineArgumentParser
from .run import (MAX_NOISE, MAX_SEED, add_run_arguments, data_file_conflict,
                  hidden_activations, noise_problem)
from .train import add_train_arguments


class PlaygroundError(ValueError):
    """A command line the playground cannot open, with the reason in one line."""


def train_args(spec: PlaygroundSpec) -> argparse.Namespace:
    """The edited configuration as ``dnn-tutor train``'s parsed arguments (what
    ``commands.script.export_script`` takes). What train would refuse (the file changed since
    the playground opened it) raises PlaygroundError with train's one line, here and in
    ``export_script``, instead of printing it and exiting: the playground shows it and goes
    on."""

    class RaisingParser(OneLineArgumentParser):
        def exit(self, status=0, message=None):
            raise PlaygroundError((message or "").strip())

    parser = add_train_arguments(RaisingParser(prog="dnn-tutor train"))
    return parser.parse_args(train_argv(spec.data, spec.run, spec.iterations))


def add_playground_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """``dnn-tutor playground``'s options: those of train that say what the run is, with a
    test set by default. What only prints (--json, --probes, --print-every) is not among
    them: the playground prints nothing, so argparse refuses them as it refuses a typo."""
    add_run_arguments(parser, prints=False)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.description = textwrap.fill(
        "Open the playground with the setup these options give (those of 'dnn-tutor train' "
        f"but what only prints; up to {MAX_HIDDEN_LAYERS} hidden layers of up to {MAX_WIDTH} "
        f"units, up to {MAX_SAMPLES} training and {MAX_SAMPLES} test examples, noise up to "
        f"{_max_noise():g} on every dataset; a test set of {DEFAULT_TEST_SAMPLES} unless "
        "--test-samples says otherwise, none on a --data file). Every option is then a knob; "
        "the playground shows the command line that reopens what you set.", width=79)
    parser.epilog = ("examples:\n  dnn-tutor playground --dataset spiral --layers 8,8,8 "
                     "--activation relu --init he --lr 0.03\n"
                     "  dnn-tutor playground --dataset curve --layers 16 --lr 0.05\n"
                     "  dnn-tutor playground --data points.csv --standardize --layers 8")
    parser.set_defaults(test_samples=None)
    return parser


def spec_from_argv(argv: list[str]) -> PlaygroundSpec:
    """The playground ``dnn-tutor playground ARGV`` opens (for tests and scripts; bad
    options exit 2 as on the command line)."""
    parser = add_playground_arguments(OneLineArgumentParser(prog="dnn-tutor playground"))
    return spec_from_args(parser.parse_args(argv))


def _max_noise() -> float:
    """The noise every dataset takes: the data knob keeps the noise when it switches sets."""
    return min(MAX_NOISE.values())


def _limits_problem(args: argparse.Namespace) -> str | None:
    """The one line that refuses a value the playground's knobs could not keep within train's
    limits, or None: the knobs stretch any setup (more layers, another dataset, a test set),
    so each value must suit all that the knobs reach from it."""
    layers = tuple(args.layers)
    if len(layers) > MAX_HIDDEN_LAYERS:
        return (f"--layers: the playground draws up to {MAX_HIDDEN_LAYERS} hidden layers, got "
                f"{len(layers)} (dnn-tutor train takes more)")
    if any(n > MAX_WIDTH for n in layers):
        return (f"--layers: the playground draws up to {MAX_WIDTH} units a layer, got "
                f"{max(layers)} (dnn-tutor train takes more)")
    for option, value in (("--samples", args.samples), ("--test-samples", args.test_samples)):
        if value is not None and value > MAX_SAMPLES:
            return (f"{option}: the playground takes up to {MAX_SAMPLES} examples (its knobs "
                    f"reach {MAX_HIDDEN_LAYERS} layers of {MAX_WIDTH} units), got {value} "
                    "(dnn-tutor train takes more)")
    if args.noise is not None and args.noise > _max_noise():
        if MAX_NOISE[args.dataset] <= _max_noise():  # the dataset's own bound: its line
            return noise_problem(str(args.dataset), args.noise)
        return (f"--noise: the playground takes up to {_max_noise():g}, what every dataset "
                f"takes (the data knob keeps the noise), got {args.noise:g}")
    if args.seed == MAX_SEED and args.test_seed is None:
        return (f"--seed {args.seed}: the playground's test set is drawn with --seed + 1, past "
                "2**32-1 (the largest seed NumPy's RandomState takes): give a smaller --seed, "
                "or a --test-seed")
    return None


def spec_from_args(args: argparse.Namespace) -> PlaygroundSpec:
    """The playground for ``dnn-tutor playground [train options]``; raises PlaygroundError
    for what the playground cannot show or keep within train's limits (more than 6 hidden
    layers, wider than 32, more than MAX_SAMPLES examples, ...: ``_limits_problem``) and for
    options that do not go with --data, and DataFileError (a ValueError) for a bad file."""
    problem = data_file_conflict(args) or _limits_problem(args)
    if problem:
        raise PlaygroundError(problem)
    layers = tuple(args.layers)
    path = args.data
    if path is not None:
        # Named after the file (an export is playground_<name>.py); no test set from a file.
        data = DataSpec(Path(path).stem or "data", path=path, standardize=args.standardize)
        rows = data.load().X.shape[1]  # DataFileError (a ValueError) for a bad file
        if rows > MAX_SAMPLES:
            raise PlaygroundError(f"--data: the playground takes up to {MAX_SAMPLES} rows (its "
                                  f"knobs reach {MAX_HIDDEN_LAYERS} layers of {MAX_WIDTH} "
                                  f"units), {path} has {rows} (dnn-tutor train takes more)")
    else:
        test_m = DEFAULT_TEST_SAMPLES if args.test_samples is None else args.test_samples
        data = DataSpec(str(args.dataset), m=args.samples, noise=args.noise, seed=args.seed,
                        test_m=test_m, test_seed=args.test_seed)
    args.test_samples = data.test_m  # for train's own checks (resolve) after this
    output = args.output or ("linear" if data.task == "regression" else "sigmoid")
    if args.features is not None and data.task == "regression":
        raise PlaygroundError("--features are functions of a point (x1, x2); a regression's "
                              "data have one input x")
    run = RunSpec(hidden=layers, activations=tuple(hidden_activations(args)), output=output,
                  init=args.init, init_seed=args.init_seed, init_scale=args.init_scale,
                  learning_rate=args.lr, leaky_slope=args.leaky_slope,
                  l2=args.l2, batch_size=args.batch_size, features=args.features)
    return PlaygroundSpec(data=data, run=run, iterations=args.iterations)
