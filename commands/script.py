"""The script ``dnn-tutor export`` writes: the run of ``dnn-tutor train`` as a short,
self-contained NumPy script.

The script is for a learner to read beside the course's notebooks: the course's notation
(X is (n_x, m), W1, b1, dZ, ...) and function names (``initialize_parameters``,
``forward_propagation``, ``compute_cost``, ``backward_propagation``, ``update_parameters``,
``predict``, ``model``), written for this one run only: the chosen dataset's generator, the
chosen initialisation, the activations the network uses, the L2 term and the mini-batches only
when asked for, and the options as constants at the top.

It prints exactly what ``dnn-tutor train`` prints for the same options (text mode), the same
bytes: the data are drawn by the engine's own generators (``engine.generators``, copied from
its source with what they use, so they cannot drift), or, with ``--data FILE``, read from the
same file by a small loader of its own; and every array operation is the engine's, in the
engine's order (``1 / (1 + e^-z)``, the cross-entropy from the logits Z[L],
``(dZ @ A_prev.T) / m`` ...), since a different order rounds differently and, over thousands
of steps, prints different digits. The network's code is written out from templates, one per
option (``commands.templates``). tests/commands/test_export.py checks the script against the
engine, piece by piece and output for output.
"""

from __future__ import annotations

import argparse
import ast
import dis
import inspect
import sys
import textwrap
from types import CodeType, FunctionType, ModuleType

import numpy as np

from engine import data as data_module
from engine import features as engine_features
from engine import generators
from engine.initializers import DEFAULT_SCALE

from .args import OneLineArgumentParser
from .run import Run, add_run_arguments, resolve
from .templates import network_code, quoted, section, unique


# Options that are not part of the run, so not part of the command line in the header.
_NOT_RUN_OPTIONS = ("output_file", "train_parser", "json", "probes")


def command_line(args: argparse.Namespace, command: str = "export") -> str:
    """``dnn-tutor <command> ...`` with the options of ``args`` that differ from their
    defaults, in the order --help lists them, values written the canonical way (one
    --activation name when all hidden layers share it)."""
    return " ".join(_command_words(args, command))


def _command_words(args: argparse.Namespace, command: str) -> list[str]:
    """command_line's words: each option with its value as one word (``--data 'my data.csv'``
    is two), values quoted by ``quoted(shell=True)``; a value that begins with ``-`` is written
    ``--option=value``, as argparse would take it for an option otherwise."""
    # The options of a run, in --help's order, at their defaults (export adds only -o).
    parser = OneLineArgumentParser()
    add_run_arguments(parser)
    defaults = vars(parser.parse_args([]))
    words = ["dnn-tutor", command]
    for dest, default in defaults.items():  # argparse sets them in the options' order
        value = getattr(args, dest, default)
        if dest in _NOT_RUN_OPTIONS or value == default:
            continue
        if dest == "activation" and len(set(value)) == 1:
            value = value[:1]
            if value == default:
                continue
        option = "--" + dest.replace("_", "-")
        if isinstance(value, bool):  # a flag: --standardize
            words.append(option)
            continue
        if isinstance(value, (list, tuple)):
            text = ",".join(map(str, value))
        else:
            text = repr(value) if isinstance(value, float) else str(value)
        word = quoted(text, shell=True)
        words += [f"{option}={word}"] if text.startswith("-") else [option, word]
    return words


# -- the script ---------------------------------------------------------------------------------
def export_script(args: argparse.Namespace) -> str:
    """The script of the run ``args`` describe (a Namespace of the train or export parser)."""
    run = resolve(args)  # the same checks and one-line errors as dnn-tutor train
    # Trainer decides whether the mini-batches apply (not when --batch-size >= m).
    batch_size = run.trainer(args).batch_size
    data_file = getattr(args, "data", None)
    imports = "import csv\n\nimport numpy as np" if data_file else "import numpy as np"
    head = [_header(args, run), _ONE_BLAS_THREAD, imports, _constants(args, run, batch_size)]
    if data_file is None:
        data = [section("the data (engine/generators.py, as the engine draws them)"),
                _copied(generators.GENERATORS[args.dataset])]
    else:
        data = [section(f"the data: the rows of {quoted(data_file)}"), _LOAD_DATA]
        if args.standardize:
            data.append(_copied(data_module.standardize))
    if run.features is not None:
        data += [section("the network's inputs: features of each point (engine/features.py)"),
                 _copied(engine_features.features)]
    parts = [*data, *network_code(args, run, batch_size), _main(args, run, batch_size)]
    # Two blank lines around top-level definitions (PEP 8).
    return ("\n\n".join(head) + "\n\n\n"
            + "\n\n\n".join(textwrap.dedent(part).strip("\n") for part in parts) + "\n")


# As dnn-tutor's own runs (commands.process.one_blas_thread), without threadpoolctl: the
# script needs only NumPy. The variables count only if set before NumPy loads its BLAS.
_ONE_BLAS_THREAD = """\
import os

# One BLAS thread, as dnn-tutor uses: matrices this small gain nothing from more, and on a
# small machine the threads only fight each other. Set before numpy is imported (read then).
os.environ.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
                  VECLIB_MAXIMUM_THREADS="1")"""


def _comment_block(lines: list[str | list[str]]) -> str:
    """``# ``-comment lines; a command (a list of words) is folded with shell continuations
    (`` \\``) so it can still be pasted into a shell."""
    out = []
    for line in lines:
        if isinstance(line, list):
            out += ["#     " + piece for piece in _fold_options(line, 69)]
        else:
            out.append(("# " + line).rstrip())
    return "\n".join(out)


def _fold_options(words: list[str], width: int) -> list[str]:
    """The words of ``dnn-tutor export --a 1 --b 2 ...`` as lines of at most ~``width``
    characters, each ending in `` \\`` but the last, breaking only before an option (never
    inside a value, which may hold spaces and ``--``)."""
    pieces, current = [], ""
    for word in words:
        if word.startswith("--") and current and len(current) + len(word) + 12 > width:
            pieces.append(current + " \\")
            current = "    " + word
        else:
            current = f"{current} {word}" if current else word
    return pieces + [current]


def _header(args: argparse.Namespace, run: Run) -> str:
    dims = run.layer_dims
    shape = f"a {dims} network" if len(dims) > 2 else f"logistic regression {dims}"
    if run.output == "linear":
        shape = f"a {dims} network" + (" (linear regression)" if len(dims) == 2 else "")
    comments = _comment_block([
        "Made by:", _command_words(args, "export"),
        "", "Run it with `python <this file>` (it needs only numpy): it prints exactly what",
        _command_words(args, "train"),
        "prints, the same digits.",
    ])
    g = " -> ".join(unique(run.hidden) if len(set(run.hidden)) == 1 else run.hidden)
    hidden = (f"Hidden layer{'s' if len(run.hidden) > 1 else ''}: {g}; output"
              if run.hidden else "Output")
    cost = "cross-entropy" if run.output == "sigmoid" else "mean squared error"
    inputs = ""
    if run.features is not None:
        inputs = (f"\n        Inputs: the features {', '.join(run.features)} of each point "
                  f"(x1, x2), so n_x = {len(run.features)}.")
    data = quoted(run.train.name)
    return comments + "\n" + textwrap.dedent(f'''\
        """{shape[0].upper() + shape[1:]} on the {data} data, by gradient descent.

        {hidden}: {run.output}, with the {cost} cost.{inputs}
        In the course's notation: X is (n_x, m), one column per example, and Y is (1, m); W[l]
        is (n[l], n[l-1]) and b[l] is (n[l], 1), stored as parameters["W1"], parameters["b1"],
        ...; their gradients are grads["dW1"], grads["db1"], ...
        """''')


def _constants(args: argparse.Namespace, run: Run, batch_size: int | None) -> str:
    used = {*run.hidden, run.output}
    if getattr(args, "data", None) is not None:
        what = "x1,x2,label" if run.train.task == "classification" else "x,y"
        rows: list[tuple[str, object, str]] = [
            ("DATA_FILE", args.data, f"the training set: {run.train.X.shape[1]} rows of {what}"
             + (", each feature standardized" if args.standardize else ""))]
    else:
        rows = [
            ("SAMPLES", run.train.X.shape[1], "m, the examples of the training set"),
            ("NOISE", run.noise, "the data's noise level" if run.noise is not None else
             "None: no noise drawn (not the draws of 0.0)"),
            ("SEED", run.seed, "seed of the training set"),
        ]
    if run.test is not None:
        rows += [("TEST_SAMPLES", run.test.X.shape[1], "the examples of the test set"),
                 ("TEST_SEED", run.test_seed, "seed of the test set")]
    if run.features is not None:
        rows.append(("FEATURES", list(run.features), "the network's inputs, computed from each "
                     "point (x1, x2)"))
    rows += [("LAYER_DIMS", run.layer_dims, "n[0] = n_x, the hidden layers' sizes, n[L] = 1"),
             ("ACTIVATIONS", [*run.hidden, run.output],
              "g[1], ..., g[L]: the hidden layers', then the output's")]
    if "leaky_relu" in used:
        rows.append(("LEAKY_SLOPE", args.leaky_slope, "leaky_relu's slope for z < 0"))
    if args.init in _INIT_SCALE_WORDS:
        scale = args.init_scale if args.init_scale is not None else DEFAULT_SCALE[args.init]
        rows.append(("INIT_SCALE", scale, _INIT_SCALE_WORDS[args.init]))
    if args.init not in ("zeros", "constant"):
        rows.append(("INIT_SEED", args.init_seed, "seed of the initial weights"))
    rows += [("LEARNING_RATE", args.lr, "alpha"),
             ("NUM_ITERATIONS", args.iterations, "gradient-descent steps"),
             ("PRINT_EVERY", args.print_every, "print the cost every PRINT_EVERY steps")]
    if args.l2 > 0:
        rows.append(("LAMBD", args.l2, "lambda, the strength of the L2 regularisation"))
    if batch_size is not None:
        rows.append(("MINI_BATCH_SIZE", batch_size, "examples per gradient step"))
    lines = ["# This run's options (dnn-tutor's defaults where the command gave none)."]
    for name, value, note in rows:
        line = f"{name} = {_literal(value)}"
        above = len(line) > 30 or len(note) > 48  # what does not fit in 79 columns
        lines += [f"# {note}:", line] if above else [line.ljust(30) + f"  # {note}"]
    if args.batch_size is not None and batch_size is None:
        lines.append(f"# (--batch-size {args.batch_size} >= m: every step sees the whole "
                     "training set)")
    return "\n".join(lines)


def _literal(value: object) -> str:
    """A constant's value as Python: text through ``quoted``, lists item by item."""
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, list):
        return "[" + ", ".join(map(_literal, value)) + "]"
    return repr(value)


_INIT_SCALE_WORDS = {
    "small": "W[l] = randn * INIT_SCALE",
    "large": "W[l] = randn * INIT_SCALE",
    "constant": "every weight",
}


# -- the data: the engine's own code ---------------------------------------------------------------
def _copied(function: FunctionType) -> str:
    """``function``'s source as the engine has it, after what it uses from its own module
    (constants, then functions, each once, in the order first used): the script runs the
    engine's code itself, so the two cannot drift apart. The script imports NumPy as ``np``;
    anything else a copied function used from its module would not be there, so it is an
    error here rather than a NameError in the learner's script."""
    module = sys.modules[function.__module__]
    constants: list[str] = []
    functions: list[str] = []
    seen: set[str] = {function.__name__}

    def copy(fn: FunctionType) -> None:
        for name in _global_names(fn.__code__):
            if name in seen or name not in vars(module):
                continue  # a builtin, or copied already
            seen.add(name)
            value = vars(module)[name]
            if name == "np" and value is np:
                continue
            if isinstance(value, FunctionType) and value.__module__ == module.__name__:
                copy(value)
                functions.append(inspect.getsource(value))
            elif type(value) in (int, float, str):
                constants.append(_assignment(module, name))
            else:
                raise TypeError(f"{fn.__qualname__} uses {name} ({type(value).__name__}) "
                                f"from {module.__name__}, which a script cannot copy")

    copy(function)
    pieces = ["\n".join(constants)] if constants else []
    return "\n\n\n".join(piece.strip("\n") for piece in
                         [*pieces, *functions, inspect.getsource(function)])


def _assignment(module: ModuleType, name: str) -> str:
    """The lines of ``module``'s source that set the constant ``name``, with the comment right
    above them."""
    lines = inspect.getsource(module).splitlines()
    for node in ast.parse("\n".join(lines)).body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name) and node.targets[0].id == name):
            start = node.lineno - 1
            while start > 0 and lines[start - 1].startswith("#"):
                start -= 1
            return "\n".join(lines[start:node.end_lineno])
    raise LookupError(f"{module.__name__} sets {name} in no plain assignment a script can copy")


def _global_names(code: CodeType) -> list[str]:
    """The global names ``code`` reads (its nested functions' and comprehensions' too), in
    the order it first reads them."""
    names = [ins.argval for ins in dis.get_instructions(code)
             if ins.opname in ("LOAD_GLOBAL", "LOAD_NAME")]
    for const in code.co_consts:
        if isinstance(const, CodeType):
            names += _global_names(const)
    return list(dict.fromkeys(names))


# --data FILE: the file was checked (engine.data.load_csv) when the script was written, so
# this reads it without the checks, the same way: the same rows, the same float() of each
# value, the same arrays (contiguous, as the engine's: the same rounding afterwards).
_LOAD_DATA = '''
def is_number(text):
    """True for a value float() reads (a header has none)."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def load_data(path):
    """The rows of the CSV file at path in course layout: x1,x2,label rows give X (2, m) and
    the 0/1 labels Y (1, m); x,y rows give X (1, m) and the values Y (1, m).

    A first row without a single number is a header; blank lines are skipped.
    """
    rows = []
    with open(path, newline="", encoding="utf-8-sig", errors="replace") as file:
        for fields in csv.reader(file):
            if not "".join(fields).strip():
                continue  # a blank line
            if not rows and not any(is_number(field) for field in fields):
                continue  # the header
            rows.append([float(field) for field in fields])
    table = np.array(rows, dtype=np.float64)  # (m, columns): one row per example
    X = np.ascontiguousarray(table[:, :-1].T)
    Y = np.ascontiguousarray(table[:, -1:].T)
    return X, Y
'''


def _main(args: argparse.Namespace, run: Run, batch_size: int | None) -> str:
    make = generators.GENERATORS[args.dataset].__name__
    extra = (", LAMBD" if args.l2 > 0 else "") + (", MINI_BATCH_SIZE" if batch_size else "")
    lines = ['if __name__ == "__main__":']
    if getattr(args, "data", None) is not None:
        lines.append("    train_X, train_Y = load_data(DATA_FILE)")
        if args.standardize:
            lines.append("    train_X = standardize(train_X)")
    else:
        lines.append(f"    train_X, train_Y = {make}(m=SAMPLES, noise=NOISE, seed=SEED)")
    if run.test is not None:
        lines.append(f"    test_X, test_Y = {make}(m=TEST_SAMPLES, noise=NOISE, seed=TEST_SEED)")
    if run.features is not None:
        lines.append("    train_X = features(train_X, FEATURES)  # X is now (n_x, m): one row "
                     "a feature")
        if run.test is not None:
            lines.append("    test_X = features(test_X, FEATURES)")
    lines += ["    parameters = model(train_X, train_Y, LAYER_DIMS, LEARNING_RATE, NUM_ITERATIONS,",
              f"                       PRINT_EVERY{extra})",
              "    if parameters is not None:  # None: it diverged, and said so",
              "        # Large but finite weights may still overflow on the way to A[L].",
              '        with np.errstate(all="ignore"):',
              '            print_score("Train", train_X, train_Y, parameters)']
    if run.test is not None:
        lines.append('            print_score("Test", test_X, test_Y, parameters)')
    return "\n".join(lines)

