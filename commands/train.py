"""``dnn-tutor train``: train a network headless and print the cost the way the course does.

    $ dnn-tutor train
    Cost after iteration 0: 0.693048
    Cost after iteration 1000: 0.288083
    ...
    Train accuracy: 90.75%

Only the standard library and NumPy: no Textual, no plotext, so it starts fast, runs anywhere
and can be scripted (``--json`` prints one JSON object a line).

The options that say what the run is, their limits and their one-line errors are
``commands.run``'s (shared with ``export`` and ``playground``); ``--json`` and ``--probes`` are
train's own.

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

A run that diverges (the cost or the parameters turn inf/NaN, e.g. after too large a
``--lr``) is a result of the experiment, not a failure of the command: it is reported in a line
``Diverged at iteration N ...`` (``"diverged": true`` with ``--json``, accuracies null) and the
exit status is still 0.

``run_train_guarded`` (what ``python -m commands.train`` runs) also ends two ways quietly,
without a traceback (``commands.process``): ctrl-c prints ``interrupted at iteration N`` on
stderr and exits 130; a closed stdout (``dnn-tutor train | head -1``) stops the run silently
with status 141.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import TextIO

import numpy as np

from engine.metrics import Score, evaluate, score_kind
from engine.probes import LayerProbe, layer_probes
from engine.training import Trainer
from lessons.i18n import tr
from lessons.wording import fill

from .args import OneLineArgumentParser
from .process import EXIT_BROKEN_PIPE, EXIT_INTERRUPTED, discard_output, one_blas_thread
from .run import add_run_arguments, resolve


def add_train_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the options of ``dnn-tutor train`` to ``parser`` (a subparser, usually)."""
    parser.description = fill(tr(
        "Train a network headless and print 'Cost after iteration N' like the course, then "
        "the accuracy (the MSE for a linear output, as for the regression set 'curve'). "
        "With no options: the "
        "course's planar 'flower' data, 4 tanh hidden units, randn*0.01 with seed 2, "
        "lr 1.2, 10000 iterations. A run that diverges is reported and exits 0."), 79)
    # The examples keep their lines (the description is filled above, by cells).
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = "\n".join([
        tr("examples:"),
        "  dnn-tutor train                                  # " + tr("the course's planar data model"),
        "  dnn-tutor train --layers ''                      # " + tr("logistic regression"),
        "  dnn-tutor train --dataset circles --samples 300 --noise 0.05 --seed 1 \\",
        "      --test-samples 100 --layers 10,5 --activation relu --init he \\",
        "      --init-seed 3 --lr 0.01 --iterations 15000  # " + tr("the Initialization assignment"),
        "  dnn-tutor train --layers 8,8,4 --activation relu,tanh,sigmoid --init he",
        "  dnn-tutor train --dataset curve --layers 16 --lr 0.05 --json",
        "  dnn-tutor train --data points.csv --standardize --layers 8 --lr 0.3  # " + tr("your data"),
        "  dnn-tutor train --init zeros --probes --iterations 2001  # " + tr("a frozen network"),
    ])
    training = add_run_arguments(parser)
    training.add_argument("--json", action="store_true",
                          help=tr("print one JSON object a line instead of text"))
    training.add_argument("--probes", action="store_true",
                          help=tr("under each cost: per layer, the units' spread, the share "
                                  "saturated, the dead ReLU units and ||dW||, measured at that "
                                  "iteration"))
    return parser


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
        at = trainer.diverged_at
        what = (f"cost became {trainer.costs[-1]}" if trainer.diverged_by_cost
                else "parameters became inf/nan or blew up")
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
        iteration = exc.iteration if isinstance(exc, TrainingInterrupted) else None
        where = ("before training started" if iteration is None
                 else f"at iteration {iteration}")
        try:
            sys.stderr.write(f"interrupted {where}\n")
            sys.stderr.flush()
        except (OSError, ValueError):  # stderr closed too: nothing left to tell
            pass
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        discard_output(out)
        return EXIT_BROKEN_PIPE


def main(argv: list[str] | None = None) -> int:
    """``python -m commands.train``: the same as ``dnn-tutor train``."""
    try:
        parser = add_train_arguments(OneLineArgumentParser(prog="dnn-tutor train"))
        args = parser.parse_args(argv)
        one_blas_thread()
    except KeyboardInterrupt:  # ctrl-c before training: as quiet as during it
        return EXIT_INTERRUPTED
    return run_train_guarded(args, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
