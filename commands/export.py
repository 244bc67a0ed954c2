"""``dnn-tutor export``: the run of ``dnn-tutor train`` as a short, self-contained NumPy script.

    $ dnn-tutor export --layers 8,4 --activation relu,tanh -o run.py
    wrote run.py
    $ python run.py          # prints what `dnn-tutor train --layers 8,4 ...` prints

The script is for a learner to read beside the course's notebooks: the course's notation
(X is (n_x, m), W1, b1, dZ, ...) and function names (``initialize_parameters``,
``forward_propagation``, ``compute_cost``, ``backward_propagation``, ``update_parameters``,
``predict``, ``model``), written for this one run only: the chosen dataset's generator, the
chosen initialisation, the activations the network uses, the L2 term and the mini-batches only
when asked for, and the options as constants at the top.

It prints exactly what ``dnn-tutor train`` prints for the same options (text mode), the same
bytes: the data are drawn from the same ``RandomState(seed)`` calls in the same order (or, with
``--data FILE``, read from the same file by a small loader of its own), and every
array operation is the engine's, in the engine's order (``1 / (1 + e^-z)``, the cross-entropy
from the logits Z[L], ``(dZ @ A_prev.T) / m`` ...), since a different order rounds differently
and, over thousands of steps, prints different digits. The code is written out from templates
here, one per option, not copied from the engine's source at run time: it has to read well on
its own. tests/engine/test_export.py checks the two against each other.
"""

from __future__ import annotations

import argparse
import errno
import os
import shlex
import stat
import sys
import textwrap
from typing import TextIO

from .cli import (EXIT_BROKEN_PIPE, OneLineArgumentParser, Run, _discard_output, _fail,
                  add_run_arguments, resolve)
from .initializers import DEFAULT_SCALE

# -- the command ---------------------------------------------------------------------------------


def add_export_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the options of ``dnn-tutor export`` to ``parser``: those of ``dnn-tutor train`` that
    say what the run is (not --json or --probes, which the script does not print), and
    ``-o/--output-file``."""
    parser.description = textwrap.fill(
        "Write the run that 'dnn-tutor train' would make with the same options as a short, "
        "self-contained Python script that needs only NumPy, in the course's notation and "
        "function names, and prints exactly what 'dnn-tutor train' prints.", width=79)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = (
        "examples:\n"
        "  dnn-tutor export > planar.py && python planar.py  # the course's planar data model\n"
        "  dnn-tutor export --layers 8,4 --activation relu,tanh --init he -o deep.py\n"
        "  dnn-tutor export --dataset curve --layers 16 --lr 0.05 --iterations 2000\n"
        "  dnn-tutor export --data points.csv --standardize --layers 8 -o mine.py")
    add_run_arguments(parser)
    parser.add_argument("-o", "--output-file", metavar="FILE",
                        help="write the script to FILE (default: print it)")
    return parser


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
    defaults = vars(add_export_arguments(OneLineArgumentParser()).parse_args([]))
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


def run_export(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Write the script of ``args`` to ``out`` (default: sys.stdout at the time of the call),
    or to ``args.output_file`` (then one line ``wrote FILE`` on stderr); returns the exit
    status. Bad options, a file it will not or cannot write: exit 2 with one line."""
    out = sys.stdout if out is None else out
    script = export_script(args)
    path = getattr(args, "output_file", None)
    if path is None:
        try:
            out.write(script)
            out.flush()
        except BrokenPipeError:  # `dnn-tutor export | head`: end quietly, as train does
            _discard_output(out)
            return EXIT_BROKEN_PIPE
        return 0
    try:
        write_script(path, script, data_file=getattr(args, "data", None))
    except OSError as exc:
        _fail(args, f"--output-file: cannot write {path}: {exc.strerror or exc}")
    print(f"wrote {path}", file=sys.stderr)
    return 0


_IS_THE_DATA = "it is the --data file (the script would overwrite its own data)"
_IS_A_LINK = "it is a symbolic link (a script is written to a plain file only)"
_NOT_A_FILE = "it is not a regular file"


def write_script(path: str | os.PathLike, script: str, *, data_file: str | None = None,
                 new: bool = False) -> None:
    """Write ``script`` to the plain file at ``path``, created if missing, else replaced.

    Refused, with an OSError whose ``strerror`` says why in a few words: a symbolic link
    (dangling or not, it may point anywhere: a learner's data, a dotfile), anything but a
    regular file (a directory; a FIFO, which would block), and the run's own ``data_file``
    however it is named (``./f.csv``, a link, a hard link: the same file is the same device
    and inode). With ``new``, only a file that does not exist yet is written: FileExistsError
    otherwise (a link counts as existing). Nothing is created or emptied when refused.
    """
    if data_file is not None and _same_file(path, data_file):
        raise OSError(errno.EINVAL, _IS_THE_DATA)
    if not new and os.path.islink(path):  # (new: O_EXCL finds it there: FileExistsError)
        raise OSError(errno.ELOOP, _IS_A_LINK)
    flags = (os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK
             | (os.O_EXCL if new else 0))
    try:  # O_NOFOLLOW and O_NONBLOCK: a link or a FIFO put there since the checks above
        fd = os.open(path, flags, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OSError(errno.ELOOP, _IS_A_LINK) from None
        if exc.errno == errno.ENXIO:  # a FIFO nobody reads
            raise OSError(errno.ENXIO, _NOT_A_FILE) from None
        raise
    with os.fdopen(fd, "wb") as file:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode):
            raise OSError(errno.EINVAL, _NOT_A_FILE)
        if data_file is not None and _same_file(found, data_file):  # swapped in meanwhile
            raise OSError(errno.EINVAL, _IS_THE_DATA)
        os.ftruncate(fd, 0)  # only now: a refused file is left as it was
        file.write(script.encode("utf-8"))


def _same_file(a: str | os.PathLike | os.stat_result, b: str | os.PathLike) -> bool:
    """Whether ``a`` (a path or an fstat) and the path ``b`` are one file; False when either
    is not there to compare."""
    try:
        return os.path.samestat(a if isinstance(a, os.stat_result) else os.stat(a), os.stat(b))
    except (OSError, ValueError):  # ValueError: a NUL in a name
        return False


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
        data = [_section("the data (engine/data.py's generator)"), _DATASET_SOURCE[args.dataset]]
    else:
        data = [_section(f"the data: the rows of {quoted(data_file)}"), _LOAD_DATA]
        if args.standardize:
            data.append(_STANDARDIZE)
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


# As dnn-tutor's own runs (engine.cli.one_blas_thread), without threadpoolctl: the script needs
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


# -- templates: the data ------------------------------------------------------------------------
# Copied from engine/data.py (same draws, same arithmetic, same order), minus the checks of
# the arguments: the export has checked them already.

_COURSE_LAYOUT = '''
def course_layout(points, labels):
    """(m, 2) points and (m,) labels -> X (2, m) and Y (1, m), one column per example."""
    X = np.ascontiguousarray(points.T, dtype=np.float64)
    Y = np.asarray(labels, dtype=np.float64).reshape(1, -1)
    return X, Y
'''

_SKLEARN_SHUFFLE_AND_NOISE = '''
def sklearn_shuffle_and_noise(rng, X, y, noise):
    """What sklearn.utils.shuffle and the noise line of make_circles/make_moons do."""
    indices = np.arange(X.shape[0])
    rng.shuffle(indices)
    X, y = X[indices], y[indices]
    if noise is not None:
        # Drawn with the (m, 2) shape, i.e. x then y noise per point.
        X += rng.normal(scale=noise, size=X.shape)
    return X, y
'''

_DATASET_SOURCE = {
    "flower": _COURSE_LAYOUT + '''

def flower(m, noise, seed):
    """The course's load_planar_dataset (Week 3): two interleaved petals, class 0 then 1.

    For odd m the extra point goes to class 1 (the notebook leaves it all zero).
    """
    rng = np.random.RandomState(seed)
    a = 4  # maximum ray length of the petals
    counts = (m // 2, m - m // 2)
    X = np.zeros((m, 2))
    Y = np.zeros(m)
    start = 0
    for j, n in enumerate(counts):
        ix = slice(start, start + n)
        # The notebook's draw order and arithmetic: theta noise, then radius noise.
        t = np.linspace(j * 3.12, (j + 1) * 3.12, n) + rng.randn(n) * noise
        r = a * np.sin(4 * t) + rng.randn(n) * noise
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
        start += n
    return course_layout(X, Y)
''',
    "circles": _COURSE_LAYOUT + _SKLEARN_SHUFFLE_AND_NOISE + '''

def circles(m, noise, seed, factor=0.8):
    """scikit-learn's make_circles(m, noise=noise, random_state=seed): the outer circle is
    class 0 (m // 2 points), the inner one (radius factor) class 1."""
    rng = np.random.RandomState(seed)
    n_out = m // 2
    n_in = m - n_out
    # endpoint=False so the first and last points don't coincide.
    lin_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    lin_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.vstack(
        [
            np.append(np.cos(lin_out), np.cos(lin_in) * factor),
            np.append(np.sin(lin_out), np.sin(lin_in) * factor),
        ]
    ).T
    y = np.hstack([np.zeros(n_out), np.ones(n_in)])
    return course_layout(*sklearn_shuffle_and_noise(rng, X, y, noise))
''',
    "moons": _COURSE_LAYOUT + _SKLEARN_SHUFFLE_AND_NOISE + '''

def moons(m, noise, seed):
    """scikit-learn's make_moons(m, noise=noise, random_state=seed): the upper moon is
    class 0 (m // 2 points), the lower one class 1."""
    rng = np.random.RandomState(seed)
    n_out = m // 2
    n_in = m - n_out
    outer_x = np.cos(np.linspace(0, np.pi, n_out))
    outer_y = np.sin(np.linspace(0, np.pi, n_out))
    inner_x = 1 - np.cos(np.linspace(0, np.pi, n_in))
    inner_y = 1 - np.sin(np.linspace(0, np.pi, n_in)) - 0.5
    X = np.vstack([np.append(outer_x, inner_x), np.append(outer_y, inner_y)]).T
    y = np.hstack([np.zeros(n_out), np.ones(n_in)])
    return course_layout(*sklearn_shuffle_and_noise(rng, X, y, noise))
''',
    "xor": _COURSE_LAYOUT + '''

def xor(m, noise, seed):
    """TensorFlow Playground's XOR: class 1 where x*y >= 0, else class 0.

    Per point the Playground draws x, y, noiseX, noiseY (uniform in [-5, 5)); an (m, 4)
    block in row-major order is that same sequence. Noise only flips labels near the axes.
    """
    rng = np.random.RandomState(seed)
    u = rng.uniform(-5, 5, size=(m, 4))
    padding = 0.3  # keeps points off the axes so noise-free labels are clean
    x = u[:, 0] + np.where(u[:, 0] > 0, padding, -padding)
    y = u[:, 1] + np.where(u[:, 1] > 0, padding, -padding)
    noise_x = u[:, 2] * noise
    noise_y = u[:, 3] * noise
    label = (x + noise_x) * (y + noise_y) >= 0
    return course_layout(np.column_stack([x, y]), label)
''',
    "gaussian": _COURSE_LAYOUT + '''

def gaussian(m, noise, seed):
    """TensorFlow Playground's two Gaussians: around (2, 2) class 1 (the first m // 2
    points), around (-2, -2) class 0. The noise, 0..0.5, maps to a variance 0.5..4."""
    rng = np.random.RandomState(seed)
    variance = 0.5 + (4 - 0.5) * (noise / 0.5)
    n_pos = m // 2
    centers = np.empty((m, 2))
    centers[:n_pos] = 2.0
    centers[n_pos:] = -2.0
    # One broadcast call = m*2 scalar normal(center, sd) calls in row-major order.
    X = rng.normal(loc=centers, scale=np.sqrt(variance))
    y = np.arange(m) < n_pos
    return course_layout(X, y)
''',
    "spiral": _COURSE_LAYOUT + '''

def spiral(m, noise, seed):
    """TensorFlow Playground's two-arm spiral: arm 1 class 1, arm 2 (turned by pi) class 0.

    Each point adds uniform(-1, 1) * noise to x then y. For odd m the second arm gets the
    extra point.
    """
    rng = np.random.RandomState(seed)
    n = m / 2
    parts = []
    for count, delta_t in ((m // 2, 0.0), (m - m // 2, np.pi)):
        i = np.arange(count, dtype=np.float64)
        r = i / n * 5
        t = 1.75 * i / n * 2 * np.pi + delta_t
        u = rng.uniform(-1, 1, size=(count, 2))  # x then y noise per point
        parts.append(np.column_stack([r * np.sin(t) + u[:, 0] * noise,
                                      r * np.cos(t) + u[:, 1] * noise]))
    y = np.arange(m) < m // 2
    return course_layout(np.concatenate(parts), y)
''',
    "curve": '''
def regression_curve(m, noise, seed):
    """1-D regression: y = 0.5 x + sin(1.5 x) + N(0, 1) * noise, x sorted in [-3, 3).

    Returns X (1, m) and Y (1, m).
    """
    rng = np.random.RandomState(seed)
    x = np.sort(rng.uniform(-3, 3, size=m))
    y = 0.5 * x + np.sin(1.5 * x) + rng.normal(size=m) * noise
    return x.reshape(1, m), y.reshape(1, m)
''',
}

_DATASET_FUNCTION = {"curve": "regression_curve"}  # otherwise the dataset's own name

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

_STANDARDIZE = '''
def standardize(X):
    """Each feature (row of X) shifted to mean 0 and scaled to standard deviation 1 (a
    feature that does not vary is only shifted)."""
    std = X.std(axis=1, keepdims=True)
    return (X - X.mean(axis=1, keepdims=True)) / np.where(std > 0, std, 1.0)
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
    make = _DATASET_FUNCTION.get(args.dataset, args.dataset)
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
