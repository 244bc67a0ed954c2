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
of steps, prints different digits. The network's code is written out from templates here, one
per option: the engine's classes serve every run at once, and the script has to read well on
its own as the course's functions. tests/commands/test_export.py checks the two against each
other.
"""

from __future__ import annotations

import argparse
import ast
import dis
import inspect
import shlex
import sys
import textwrap
from types import CodeType, FunctionType, ModuleType

import numpy as np

from engine import data as data_module
from engine import generators
from engine.initializers import DEFAULT_SCALE

from .args import OneLineArgumentParser
from .run import Run, add_run_arguments, resolve


# Options that are not part of the run, so not part of the command line in the header.
_NOT_RUN_OPTIONS = ("output_file", "train_parser", "json", "probes")


def quoted(text: str, *, shell: bool = False) -> str:
    """``text`` (a file name, a label: anything a user chose) as it may appear in the script.
    Every piece of user text that reaches the script goes through here.

    A Python string literal in printable ASCII: ``ascii(text)``, which escapes every character
    that is not printable ASCII (line breaks, NUL, lone surrogates from undecodable bytes,
    bidi controls, an emoji, Hangul...), always in single quotes, with ``"`` written
    ``\\x22``. So in code it is the same text, and in a ``#`` comment or a triple-quoted
    docstring nothing in it can end the line, the comment or the string (no line break, no
    ``\"\"\"``); and the script stays ASCII, which any editor, terminal or locale shows.

    With ``shell=True``, for the command line in the header comment: the shell's own word
    (``shlex.quote``) when ``text`` is printable ASCII, as that is one line a comment holds and
    a shell reads back exactly; otherwise the Python literal (a POSIX shell has no word for it
    that is one line of ASCII).
    """
    if shell and text.isascii() and text.isprintable():
        return shlex.quote(text)
    literal = ascii(text)
    if literal.startswith('"'):  # ascii's choice for a text with ' and no "
        literal = "'" + literal[1:-1].replace("'", "\\'") + "'"
    return literal.replace('"', "\\x22")


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
    used = [*run.hidden, run.output]
    data_file = getattr(args, "data", None)
    imports = "import csv\n\nimport numpy as np" if data_file else "import numpy as np"
    head = [_header(args, run), _ONE_BLAS_THREAD, imports, _constants(args, run, batch_size)]
    if data_file is None:
        data = [_section("the data (engine/generators.py, as the engine draws them)"),
                _copied(generators.GENERATORS[args.dataset])]
    else:
        data = [_section(f"the data: the rows of {quoted(data_file)}"), _LOAD_DATA]
        if args.standardize:
            data.append(_copied(data_module.standardize))
    parts = [
        *data,
        _section("initialisation"),
        _initialize_parameters(args.init),
        _section("the activations g(z), and dZ = dA * g'(Z) for the hidden layers"),
        *[_ACTIVATION_SOURCE[name][0] for name in _unique(used)],
        *[_ACTIVATION_SOURCE[name][1] for name in _unique(run.hidden)],
        _section("forward propagation and the cost"),
        _LINEAR_ACTIVATION_FORWARD.replace("    BRANCHES\n", _branches(
            used, "A", {name: f"{_ACTIVATION_SOURCE[name][2]}(Z)" for name in used})),
        _FORWARD_PROPAGATION,
        _COMPUTE_COST[run.output, args.l2 > 0],
        _section("backward propagation and the update"),
        _backward(run, args.l2 > 0),
        _UPDATE_PARAMETERS,
        _section("training"),
    ]
    if batch_size is not None:
        parts.append(_RANDOM_MINI_BATCHES)
    parts += [_ALL_FINITE, _model(args, run, batch_size), _section("the score"),
              _PREDICT[run.output], _main(args, run, batch_size)]
    # Two blank lines around top-level definitions (PEP 8).
    return ("\n\n".join(head) + "\n\n\n"
            + "\n\n\n".join(textwrap.dedent(part).strip("\n") for part in parts) + "\n")


# As dnn-tutor's own runs (commands.process.one_blas_thread), without threadpoolctl: the script needs
# only NumPy. The variables count only if set before NumPy loads its BLAS.
_ONE_BLAS_THREAD = """\
import os

# One BLAS thread, as dnn-tutor uses: matrices this small gain nothing from more, and on a
# small machine the threads only fight each other. Set before numpy is imported (read then).
os.environ.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
                  VECLIB_MAXIMUM_THREADS="1")"""


def _unique(names: list[str]) -> list[str]:
    """The names in the order of first use, each once."""
    return list(dict.fromkeys(names))


def _section(title: str) -> str:
    return f"# -- {title} ".ljust(79, "-").rstrip()


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
    g = " -> ".join(_unique(run.hidden) if len(set(run.hidden)) == 1 else run.hidden)
    hidden = (f"Hidden layer{'s' if len(run.hidden) > 1 else ''}: {g}; output"
              if run.hidden else "Output")
    cost = "cross-entropy" if run.output == "sigmoid" else "mean squared error"
    data = quoted(run.train.name)
    return comments + "\n" + textwrap.dedent(f'''\
        """{shape[0].upper() + shape[1:]} on the {data} data, by gradient descent.

        {hidden}: {run.output}, with the {cost} cost.
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


def _branches(names: list[str], target: str, calls: dict[str, str]) -> str:
    """``if activation == "a": target = call(...)`` / ``elif ...`` for each name used, then an
    error for any other: the script knows only the activations of its network."""
    lines = []
    for i, name in enumerate(_unique(names)):
        lines.append(f'{"if" if i == 0 else "elif"} activation == {quoted(name)}:')
        lines.append(f"    {target} = {calls[name]}")
    lines += ["else:", '    raise ValueError(f"this script has no activation {activation!r}")']
    return textwrap.indent("\n".join(lines), "    ") + "\n"




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


# -- templates: initialisation ------------------------------------------------------------------

_INIT = {  # init -> (what it is, the W[l] expression)
    "zeros": ("Zeros: W[l] = 0 and b[l] = 0. Nothing is drawn, and every unit of a layer "
              "starts\n    the same as the others (the symmetry that random weights break).",
              "np.zeros((n, n_prev))"),
    "constant": ("Every weight equal to INIT_SCALE, b[l] = 0. Nothing is drawn, and every "
                 "unit of a\n    layer starts the same as the others.",
                 "np.full((n, n_prev), INIT_SCALE)"),
    "small": ("Small random weights: W[l] = randn(n[l], n[l-1]) * INIT_SCALE, b[l] = 0.",
              "rng.randn(n, n_prev) * INIT_SCALE"),
    "large": ("Large random weights: W[l] = randn(n[l], n[l-1]) * INIT_SCALE, b[l] = 0.",
              "rng.randn(n, n_prev) * INIT_SCALE"),
    "xavier": ("Xavier: W[l] = randn(n[l], n[l-1]) * sqrt(1 / n[l-1]), b[l] = 0.",
               "rng.randn(n, n_prev) * np.sqrt(1 / n_prev)"),
    "he": ("He: W[l] = randn(n[l], n[l-1]) * sqrt(2 / n[l-1]), b[l] = 0.",
           "rng.randn(n, n_prev) * np.sqrt(2 / n_prev)"),
}


def _initialize_parameters(init: str) -> str:
    what, W = _INIT[init]
    if init in ("zeros", "constant"):
        signature, rng, drawn = "layer_dims", "", ""
    else:
        signature = "layer_dims, seed"
        rng = "    rng = np.random.RandomState(seed)\n"
        drawn = ("\n\n    The weights are drawn in layer order from RandomState(seed), as "
                 "np.random.seed(seed)\n    and then np.random.randn do in the notebooks.")
    return (f'def initialize_parameters({signature}):\n    """{what}{drawn}\n    """\n{rng}'
            "    parameters = {}\n"
            "    for l in range(1, len(layer_dims)):\n"
            "        n, n_prev = layer_dims[l], layer_dims[l - 1]\n"
            f'        parameters["W" + str(l)] = {W}\n'
            '        parameters["b" + str(l)] = np.zeros((n, 1))\n'
            "    return parameters\n")


# -- templates: activations ---------------------------------------------------------------------
# name -> (g, its backward, the function's name in the script)
_ACTIVATION_SOURCE = {
    "sigmoid": ('''
def sigmoid(Z):
    """sigma(z) = 1 / (1 + e^-z). Where z < -709.78, e^-z overflows to inf and
    1 / (1 + inf) = 0 is the right value: that overflow is no reason for a warning."""
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-Z))
''', '''
def sigmoid_backward(dA, A):
    """dZ = dA * sigma'(Z), with sigma'(z) = a (1 - a) from A = sigma(Z)."""
    return dA * (A * (1 - A))
''', "sigmoid"),
    "tanh": ('''
def tanh(Z):
    """tanh(z) = (e^z - e^-z) / (e^z + e^-z)."""
    return np.tanh(Z)
''', '''
def tanh_backward(dA, A):
    """dZ = dA * tanh'(Z), with tanh'(z) = 1 - a^2 from A = tanh(Z)."""
    return dA * (1 - A * A)
''', "tanh"),
    "relu": ('''
def relu(Z):
    """ReLU(z) = max(0, z)."""
    return np.maximum(Z, 0.0)
''', '''
def relu_backward(dA, Z):
    """dZ = dA * ReLU'(Z), with ReLU'(z) = 1 where z >= 0 (at z = 0 by the course's
    convention) and 0 where z < 0."""
    return dA * (Z >= 0).astype(float)
''', "relu"),
    "leaky_relu": ('''
def leaky_relu(Z, slope=LEAKY_SLOPE):
    """LeakyReLU(z) = max(slope z, z): z where z >= 0, slope z where z < 0."""
    return np.where(Z >= 0, Z, slope * Z)
''', '''
def leaky_relu_backward(dA, Z, slope=LEAKY_SLOPE):
    """dZ = dA * LeakyReLU'(Z), with LeakyReLU'(z) = 1 where z >= 0 (at z = 0 by the
    course's convention) and slope where z < 0."""
    return dA * np.where(Z >= 0, 1.0, slope)
''', "leaky_relu"),
    "linear": ('''
def identity(Z):
    """The activation called linear: g(z) = z."""
    return Z
''', '''
def identity_backward(dA):
    """dZ = dA * g'(Z) with g'(z) = 1: dA itself."""
    return dA
''', "identity"),
}

# What each activation's backward needs from the cache (A_prev, W, Z, A).
_BACKWARD_CALL = {
    "sigmoid": "sigmoid_backward(dA, A)",
    "tanh": "tanh_backward(dA, A)",
    "relu": "relu_backward(dA, Z)",
    "leaky_relu": "leaky_relu_backward(dA, Z)",
    "linear": "identity_backward(dA)",
}


# -- templates: forward, cost, backward, update -------------------------------------------------

_LINEAR_ACTIVATION_FORWARD = '''
def linear_activation_forward(A_prev, W, b, activation):
    """One layer: the linear step Z = W A_prev + b, then A = g(Z).

    W @ A_prev is the notebooks' np.dot(W, A_prev). The cache keeps what backward needs.
    """
    Z = W @ A_prev + b
    BRANCHES
    cache = (A_prev, W, Z, A)
    return A, cache
'''

_FORWARD_PROPAGATION = '''
def forward_propagation(X, parameters):
    """A[0] = X, then A[l] = g[l](W[l] A[l-1] + b[l]) for l = 1..L, g[l] = ACTIVATIONS[l-1].

    Returns A[L] and the caches of the L layers.
    """
    caches = []
    A = X
    L = len(parameters) // 2  # the layers with parameters
    for l in range(1, L + 1):
        A, cache = linear_activation_forward(
            A, parameters["W" + str(l)], parameters["b" + str(l)], ACTIVATIONS[l - 1])
        caches.append(cache)
    return A, caches
'''

_CROSS_ENTROPY_DOC = '''\
    """Cross-entropy J = -(1/m) sum [y log(a) + (1 - y) log(1 - a)] of AL = sigma(ZL)SUFFIX.

    Computed from the logits ZL = Z[L]: per example, max(z, 0) - z y + log(1 + e^-|z|) is
    the same number, and stays finite where a rounds to 0 or 1 and log(a) or log(1 - a)
    would be -inf.
    """
    m = Y.shape[1]
    per_example = np.maximum(ZL, 0.0) - ZL * Y + np.log1p(np.exp(-np.abs(ZL)))
'''

_L2_COST = '''
    L = len(parameters) // 2
    L2_regularization_cost = (lambd / (2 * m)) * sum(
        float(np.sum(parameters["W" + str(l)] ** 2)) for l in range(1, L + 1))
'''

_COMPUTE_COST = {
    ("sigmoid", False): "def compute_cost(AL, Y, ZL):\n"
                        + _CROSS_ENTROPY_DOC.replace("SUFFIX", "")
                        + "    return float(np.sum(per_example)) / m\n",
    ("sigmoid", True): "def compute_cost(AL, Y, ZL, parameters, lambd):\n"
                       + _CROSS_ENTROPY_DOC.replace(
                           "SUFFIX", ",\n    plus the L2 term (lambd / 2m) sum_l ||W[l]||^2")
                       + "    cross_entropy_cost = float(np.sum(per_example)) / m"
                       + _L2_COST
                       + "    return cross_entropy_cost + L2_regularization_cost\n",
    ("linear", False): '''
def compute_cost(AL, Y):
    """Mean squared error J = (1/2m) sum (a - y)^2 of the linear output AL."""
    m = Y.shape[1]
    diff = AL - Y
    return float(np.sum(diff * diff)) / (2 * m)
''',
    ("linear", True): '''
def compute_cost(AL, Y, parameters, lambd):
    """Mean squared error J = (1/2m) sum (a - y)^2 of the linear output AL, plus the L2
    term (lambd / 2m) sum_l ||W[l]||^2."""
    m = Y.shape[1]
    diff = AL - Y
    mse_cost = float(np.sum(diff * diff)) / (2 * m)''' + _L2_COST + '''\
    return mse_cost + L2_regularization_cost
''',
}

_LINEAR_BACKWARD = '''
def linear_backward(dZ, cacheLAMBD):
    """The linear step backward: dW = (1/m) dZ A_prev.TL2_DOC,
    db = (1/m) sum of dZ over the examples, dA_prev = W.T dZ."""
    A_prev, W, Z, A = cache
    m = A_prev.shape[1]
    dW = (dZ @ A_prev.T) / mL2_TERM
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dA_prev, dW, db
'''

_LINEAR_ACTIVATION_BACKWARD = '''
def linear_activation_backward(dA, cache, activationLAMBD):
    """One hidden layer backward: dZ = dA * g'(Z), then the linear step."""
    A_prev, W, Z, A = cache
    BRANCHES
    return linear_backward(dZ, cacheLAMBD)
'''

_OUTPUT_DZ = {
    "sigmoid": ("For cross-entropy with a sigmoid output, dZ[L] = dJ/dZ[L] simplifies to "
                "A[L] - Y\n    (per example: the 1/m is in dW and db)."),
    "linear": ("For the mean squared error of a linear output, dZ[L] = (A[L] - Y) g'(Z[L]) = "
               "A[L] - Y\n    (g'(z) = 1; per example: the 1/m is in dW and db)."),
}


def _backward(run: Run, l2: bool) -> str:
    lambd = ", lambd" if l2 else ""
    linear = (_LINEAR_BACKWARD.replace("LAMBD", lambd)
              .replace("L2_DOC", " + (lambd/m) W" if l2 else "")
              .replace("L2_TERM", " + (lambd / m) * W" if l2 else ""))
    parts = [linear]
    if run.hidden:
        parts.append(_LINEAR_ACTIVATION_BACKWARD.replace("LAMBD", lambd).replace(
            "    BRANCHES\n", _branches(run.hidden, "dZ", _BACKWARD_CALL)))
        layers = textwrap.indent(textwrap.dedent(f'''\
            grads = {{}}
            L = len(caches)
            dZ = AL - Y
            dA_prev, grads["dW" + str(L)], grads["db" + str(L)] = linear_backward(
                dZ, caches[L - 1]{lambd})
            for l in reversed(range(1, L)):
                dA_prev, grads["dW" + str(l)], grads["db" + str(l)] = linear_activation_backward(
                    dA_prev, caches[l - 1], ACTIVATIONS[l - 1]{lambd})
            return grads'''), "    ")
    else:
        layers = textwrap.indent(textwrap.dedent(f'''\
            grads = {{}}
            dZ = AL - Y
            _, grads["dW1"], grads["db1"] = linear_backward(dZ, caches[0]{lambd})
            return grads'''), "    ")
    parts.append(f'def backward_propagation(AL, Y, caches{lambd}):\n'
                 f'    """The gradients dW[l], db[l] for l = L..1, by the chain rule.\n\n'
                 f'    {_OUTPUT_DZ[run.output]}\n    """\n{layers}\n')
    return "\n\n\n".join(textwrap.dedent(part).strip("\n") for part in parts)


_UPDATE_PARAMETERS = '''
def update_parameters(parameters, grads, learning_rate):
    """Gradient descent: W[l] -= learning_rate * dW[l], b[l] -= learning_rate * db[l]."""
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters["W" + str(l)] -= learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] -= learning_rate * grads["db" + str(l)]
    return parameters
'''

# -- templates: training and the score ----------------------------------------------------------

_RANDOM_MINI_BATCHES = '''
def random_mini_batches(X, Y, mini_batch_size, seed=0):
    """Mini-batches of (X, Y), without end: each epoch a new permutation of the m examples,
    drawn from RandomState(seed), cut into batches of mini_batch_size (the last one smaller
    when m is not a multiple of it)."""
    rng = np.random.RandomState(seed)
    m = X.shape[1]
    while True:
        permutation = rng.permutation(m)
        for k in range(0, m, mini_batch_size):
            batch = permutation[k:k + mini_batch_size]
            yield X[:, batch], Y[:, batch]
'''

_ALL_FINITE = '''
def all_finite(parameters):
    """True while every W[l] and b[l] holds finite numbers only."""
    return all(np.isfinite(p).all() for p in parameters.values())
'''


def _model(args: argparse.Namespace, run: Run, batch_size: int | None) -> str:
    extra = (", lambd" if args.l2 > 0 else "") + (", mini_batch_size" if batch_size else "")
    lambd = ", lambd" if args.l2 > 0 else ""
    signature = f"X, Y, layer_dims, learning_rate, num_iterations, print_every{extra}"
    if len(signature) > 70:
        signature = signature.replace("print_every, ", "print_every,\n          ")
    seed = "layer_dims, INIT_SEED" if args.init not in ("zeros", "constant") else "layer_dims"
    hint = "try a smaller --lr" + (" or --init-scale" if args.init == "large" else "")
    cost_args = "AL, Y_batch" + (", caches[-1][2]" if run.output == "sigmoid" else "")
    if args.l2 > 0:
        cost_args += ", parameters, lambd"
    if batch_size:
        batches = "    mini_batches = random_mini_batches(X, Y, mini_batch_size)\n"
        step_data = "            X_batch, Y_batch = next(mini_batches)\n"
    else:
        batches = step_data = ""
    text = (
        f"def model({signature}):\n"
        '    """Gradient descent from initialize_parameters; prints the cost of every\n'
        "    print_every-th step (computed before that step's update) as dnn-tutor train does.\n"
        "    Returns the parameters, or None when the run diverged (which it prints).\n"
        '    """\n'
        f"    parameters = initialize_parameters({seed})\n"
        f"{batches}"
        "    # A diverging run overflows on its way to inf or NaN: that is reported in a line,\n"
        "    # so NumPy's warnings about it are silenced.\n"
        '    with np.errstate(all="ignore"):\n'
        "        for i in range(num_iterations):\n"
        f"{step_data}"
        "            AL, caches = forward_propagation(X_batch, parameters)\n"
        f"            cost = compute_cost({cost_args})\n"
        "            if i % print_every == 0:\n"
        '                print(f"Cost after iteration {i}: {cost:f}")\n'
        "            if not np.isfinite(cost):\n"
        f'                print(f"Diverged at iteration {{i}} (cost became {{cost}}): {hint}")\n'
        "                return None\n"
        f"            grads = backward_propagation(AL, Y_batch, caches{lambd})\n"
        "            parameters = update_parameters(parameters, grads, learning_rate)\n"
        "            # The cost is looked at every step; the parameters themselves, as\n"
        "            # dnn-tutor train does, after the first and the last step between prints.\n"
        "            first = i % print_every == 0\n"
        "            last = (i + 1) % print_every == 0 or i + 1 == num_iterations\n"
        "            if (first or last) and not all_finite(parameters):\n"
        "                print(f\"Diverged at iteration {i + 1} \"\n"
        f'                      "(parameters became inf/nan): {hint}")\n'
        "                return None\n"
        "    return parameters\n"
    )
    # Without mini-batches every step sees the whole training set (X, Y).
    return text if batch_size else text.replace("X_batch", "X").replace("Y_batch", "Y")


_PREDICT = {
    "sigmoid": '''
def predict(X, parameters):
    """Class 1 where A[L] > 0.5 (strictly, as the course's predict), else class 0."""
    AL, _ = forward_propagation(X, parameters)
    return AL > 0.5


def print_score(name, X, Y, parameters):
    """The accuracy: the share of the examples predicted right."""
    accuracy = float(np.mean(predict(X, parameters) == Y))
    print(f"{name} accuracy: {100 * accuracy:.2f}%")
''',
    "linear": '''
def predict(X, parameters):
    """The linear output A[L] itself: a regression predicts the value."""
    AL, _ = forward_propagation(X, parameters)
    return AL


def print_score(name, X, Y, parameters):
    """The mean squared error mean((A[L] - Y)^2): twice the cost J, without the L2 term."""
    diff = predict(X, parameters) - Y
    print(f"{name} MSE: {float(np.mean(diff * diff)):.6f}")
''',
}


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
    lines += ["    parameters = model(train_X, train_Y, LAYER_DIMS, LEARNING_RATE, NUM_ITERATIONS,",
              f"                       PRINT_EVERY{extra})",
              "    if parameters is not None:  # None: it diverged, and said so",
              "        # Large but finite weights may still overflow on the way to A[L].",
              '        with np.errstate(all="ignore"):',
              '            print_score("Train", train_X, train_Y, parameters)']
    if run.test is not None:
        lines.append('            print_score("Test", test_X, test_Y, parameters)')
    return "\n".join(lines)

