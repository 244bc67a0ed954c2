"""`dnn-tutor export`: the run as a NumPy script that prints what `dnn-tutor train` prints.

The main property: for any options, the exported script, run in a fresh interpreter, prints
the same bytes as `dnn-tutor train` (commands.train.run_train) with those options.
"""

import ast
import inspect
import io
import os
import runpy
import shlex
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commands.args import OneLineArgumentParser
from commands.export import add_export_arguments
from commands.run import hidden_activations
from commands.script import _copied, command_line, export_script
from commands.templates import quoted
from commands.train import add_train_arguments, run_train
from engine import features as engine_features
from engine.activations import ACTIVATION_NAMES, get_activation
from engine.data import DATASETS, load
from engine.generators import GENERATORS, course_layout, sklearn_shuffle_and_noise
from engine.initializers import DEFAULT_SCALE, INIT_NAMES, initialize_parameters
from tui.cli import main

TRAIN = add_train_arguments(OneLineArgumentParser(prog="dnn-tutor train"))
EXPORT = add_export_arguments(OneLineArgumentParser(prog="dnn-tutor export"))

COURSE_FUNCTIONS = {"initialize_parameters", "forward_propagation", "compute_cost",
                    "backward_propagation", "update_parameters", "predict", "model"}


def train_output(argv: list[str]) -> str:
    out = io.StringIO()
    assert run_train(TRAIN.parse_args(argv), out) == 0
    return out.getvalue()


def script_output(argv: list[str], folder: Path) -> str:
    """Export with ``argv``, run the script in a fresh interpreter, return its stdout."""
    path = folder / "run.py"
    path.write_text(export_script(TRAIN.parse_args(argv)), encoding="utf-8")
    result = subprocess.run([sys.executable, str(path)], cwd=folder, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return result.stdout


def load_script(argv: list[str], folder: Path) -> dict:
    """The script's functions and constants, without running its main block."""
    path = folder / "module.py"
    path.write_text(export_script(TRAIN.parse_args(argv)), encoding="utf-8")
    return runpy.run_path(str(path), run_name="exported")


# -- the same output, bit for bit ---------------------------------------------------------------
@st.composite
def train_argv(draw) -> list[str]:
    """Valid `dnn-tutor train` options over every dataset, init and activation."""
    dataset = draw(st.sampled_from(sorted(DATASETS)))
    argv = ["--dataset", dataset, "--samples", str(draw(st.integers(20, 120))),
            "--seed", str(draw(st.integers(0, 1000)))]
    if draw(st.booleans()):  # without it: the dataset's own noise (none at all for circles)
        argv += ["--noise", repr(draw(st.floats(0, 0.5)))]
    argv += ["--test-samples", str(draw(st.sampled_from([0, 0, 30])))]
    hidden = draw(st.lists(st.integers(1, 8), max_size=3))
    argv += ["--layers", ",".join(map(str, hidden))]
    names = st.sampled_from(ACTIVATION_NAMES)
    activations = draw(st.one_of(st.lists(names, min_size=1, max_size=1),
                                 st.lists(names, min_size=len(hidden), max_size=len(hidden))))
    if activations:
        argv += ["--activation", ",".join(activations)]
        if "leaky_relu" in activations and draw(st.booleans()):
            argv += ["--leaky-slope", repr(draw(st.floats(0.001, 0.9)))]
    outputs = ["linear"] if dataset == "curve" else ["sigmoid", "linear"]
    output = draw(st.sampled_from([None, *outputs]))
    if output:
        argv += ["--output", output]
    init = draw(st.sampled_from(INIT_NAMES))
    argv += ["--init", init, "--init-seed", str(draw(st.integers(0, 100)))]
    if init in DEFAULT_SCALE and draw(st.booleans()):
        argv += ["--init-scale", repr(10 ** draw(st.floats(-3, 1.5)))]
    argv += ["--lr", repr(10 ** draw(st.floats(-3, 3.5)))]  # the large ones diverge
    if draw(st.booleans()):
        argv += ["--l2", repr(draw(st.floats(0, 5)))]
    if draw(st.booleans()):
        argv += ["--batch-size", str(draw(st.integers(1, 130)))]  # >= m: the full batch
    argv += ["--iterations", str(draw(st.integers(1, 300))),
             "--print-every", str(draw(st.integers(1, 100)))]
    return argv


@settings(max_examples=20, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(argv=train_argv())
def test_the_script_prints_what_train_prints(argv, tmp_path_factory):
    assert script_output(argv, tmp_path_factory.mktemp("export")) == train_output(argv)


EXAMPLES = {
    "the default run": [],
    "per-layer activations": ["--layers", "8,8,4", "--activation", "relu,tanh,leaky_relu",
                              "--leaky-slope", "0.2", "--init", "he", "--lr", "0.3",
                              "--iterations", "1500", "--print-every", "500"],
    # Weights past MAX_WEIGHT (checked every step) while the cost is still finite.
    "diverging weights, a tanh curve": ["--dataset", "curve", "--layers", "16", "--lr", "5",
                                        "--iterations", "1000", "--print-every", "100"],
    # Large init: the cost overflows (iteration 4) before the weights' check (iteration 10).
    "diverging parameters": ["--dataset", "xor", "--samples", "42", "--layers", "7,7",
                             "--activation", "relu", "--output", "linear", "--init", "large",
                             "--lr", "6.8", "--iterations", "300", "--print-every", "3"],
    "mini-batches": ["--batch-size", "64", "--l2", "0.5", "--test-samples", "100",
                     "--iterations", "1000", "--print-every", "250"],
    "a linear output on curve": ["--dataset", "curve", "--layers", "8", "--lr", "0.05",
                                 "--test-samples", "50", "--iterations", "2000",
                                 "--print-every", "500"],
    "the Initialization assignment": [
        "--dataset", "circles", "--samples", "300", "--noise", "0.05", "--seed", "1",
        "--test-samples", "100", "--layers", "10,5", "--activation", "relu", "--init", "he",
        "--init-seed", "3", "--lr", "0.01", "--iterations", "2001"],
    "logistic regression from zeros": ["--layers", "", "--init", "zeros", "--iterations", "500",
                                       "--print-every", "100"],
    "hand-made features": ["--dataset", "circles", "--noise", "0.1", "--test-samples", "50",
                           "--layers", "", "--features", "x1^2,x2^2,x1*x2,sin(x1)",
                           "--iterations", "600", "--print-every", "200"],
    "features into hidden layers": ["--features", "sin(x2),x1", "--layers", "3",
                                    "--iterations", "300", "--print-every", "100"],
}


@pytest.mark.parametrize("argv", EXAMPLES.values(), ids=EXAMPLES.keys())
def test_examples_print_what_train_prints(argv, tmp_path):
    printed = script_output(argv, tmp_path)
    assert printed == train_output(argv)
    if not argv:  # the course's planar data model, as test_cli pins it
        lines = printed.splitlines()
        assert lines[0] == "Cost after iteration 0: 0.693048"
        assert lines[1] == "Cost after iteration 1000: 0.288083"
        assert lines[-1] == "Train accuracy: 90.75%" and len(lines) == 11


def test_both_kinds_of_divergence_are_covered():
    assert "(cost became " in train_output(DATA_EXAMPLES["a cost that overflows at once"])
    weights = "diverging weights, a tanh curve"
    assert "(parameters became inf/nan or blew up)" in train_output(EXAMPLES[weights])


# -- the script reads like the course ------------------------------------------------------------
def defined_functions(script: str) -> set[str]:
    return {node.name for node in ast.parse(script).body if isinstance(node, ast.FunctionDef)}


@pytest.mark.parametrize("argv", EXAMPLES.values(), ids=EXAMPLES.keys())
def test_only_numpy_and_the_course_names(argv):
    script = export_script(TRAIN.parse_args(argv))
    tree = ast.parse(script)
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module)
    # numpy and the standard library only (os: one BLAS thread, set before numpy loads)
    assert imported - set(sys.stdlib_module_names) == {"numpy"}
    assert script.isascii()
    assert COURSE_FUNCTIONS <= defined_functions(script)
    assert ast.get_docstring(tree)


def test_only_what_the_run_uses():
    plain = export_script(TRAIN.parse_args([]))
    names = defined_functions(plain)
    assert {"flower", "tanh", "tanh_backward", "sigmoid"} <= names
    assert not names & {"circles", "relu", "sigmoid_backward", "random_mini_batches"}
    assert "LAMBD" not in plain and "lambd" not in plain
    assert "INIT_SCALE = 0.01" in plain and "INIT_SEED = 2" in plain

    argv = ["--dataset", "moons", "--layers", "5,3", "--activation", "relu,sigmoid",
            "--init", "xavier", "--l2", "0.7", "--batch-size", "16"]
    script = export_script(TRAIN.parse_args(argv))
    names = defined_functions(script)
    assert {"moons", "relu", "relu_backward", "sigmoid_backward", "random_mini_batches"} <= names
    assert not names & {"flower", "tanh", "leaky_relu"}
    assert "LAMBD = 0.7" in script and "MINI_BATCH_SIZE = 16" in script
    assert "INIT_SCALE" not in script
    # --batch-size >= m: every step sees the whole set, as in the Trainer
    assert "random_mini_batches" not in export_script(TRAIN.parse_args(["--batch-size", "400"]))


def test_the_header_names_the_command_and_parses_back():
    argv = ["--layers", "8,4", "--activation", "relu,tanh", "--lr", "0.05", "--samples", "300"]
    args = TRAIN.parse_args(argv)
    script = export_script(args)
    header = script.split('"""')[0]
    assert "dnn-tutor export --samples 300 --layers 8,4" in header
    assert "dnn-tutor train --samples 300" in header
    again = TRAIN.parse_args(shlex.split(command_line(args, "train"))[2:])
    assert vars(again) | {"train_parser": None} == vars(args) | {"train_parser": None}


@pytest.mark.parametrize("argv, expected", [
    ([], "dnn-tutor export"),
    (["--layers", ""], "dnn-tutor export --layers ''"),
    (["--layers", "8,8", "--activation", "tanh,tanh"], "dnn-tutor export --layers 8,8"),
    (["--layers", "8,8", "--activation", "relu,relu"],
     "dnn-tutor export --layers 8,8 --activation relu"),
    (["--lr", "1e-5", "--init", "large", "--init-scale", "3"],
     "dnn-tutor export --init large --init-scale 3.0 --lr 1e-05"),
])
def test_command_line_is_canonical(argv, expected):
    args = TRAIN.parse_args(argv)
    assert command_line(args) == expected
    # the same run, written the canonical way
    again = EXPORT.parse_args(shlex.split(expected)[2:])
    assert hidden_activations(again) == hidden_activations(args)
    assert export_script(again) == export_script(args)


# -- each piece matches the engine's ------------------------------------------------------------
@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_the_data_generator_is_the_engines(dataset, tmp_path):
    script = load_script(["--dataset", dataset], tmp_path)
    make = script["regression_curve" if dataset == "curve" else dataset]
    for m, noise, seed in [(1, 0.0, 0), (7, 0.3, 5), (120, 0.5, 123)]:
        expected = load(dataset, m=m, noise=noise, seed=seed)
        X, Y = make(m=m, noise=noise, seed=seed)
        assert np.array_equal(X, expected.X) and np.array_equal(Y, expected.Y)
        assert X.flags.c_contiguous and Y.dtype == np.float64
    if dataset in ("circles", "moons"):  # no --noise: no noise drawn at all
        expected = load(dataset, m=50, seed=3)
        X, Y = make(m=50, noise=None, seed=3)
        assert np.array_equal(X, expected.X) and np.array_equal(Y, expected.Y)


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_the_data_are_drawn_by_the_engines_own_source(dataset):
    """Not a copy that could drift: the generator as engine/generators.py has it, after what
    it uses from there (each once, helpers first)."""
    script = export_script(TRAIN.parse_args(["--dataset", dataset]))
    make = GENERATORS[dataset]
    assert script.count(inspect.getsource(make)) == 1
    helpers = {"circles": [course_layout, sklearn_shuffle_and_noise],
               "moons": [course_layout, sklearn_shuffle_and_noise], "curve": []}
    at = [script.index(inspect.getsource(f)) for f in
          [*helpers.get(dataset, [course_layout]), make]]
    assert at == sorted(at)
    assert ("PLAYGROUND_MAX_NOISE = 0.5" in script) == (dataset == "gaussian")
    assert script.isascii() and set(DATASETS) == set(GENERATORS)


def test_what_a_script_cannot_copy_is_refused_when_exporting(tmp_path, monkeypatch):
    (tmp_path / "drawn.py").write_text(
        "import math\n\nimport numpy as np\n\nSCALE = 2.0  # a constant is copied\n\n\n"
        "def scaled(x):\n    return np.asarray(x) * SCALE\n\n\n"
        "def rooted(x):\n    return scaled(math.sqrt(x))\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import drawn

    text = _copied(drawn.scaled)
    assert text.startswith("SCALE = 2.0  # a constant is copied") and "def scaled" in text
    with pytest.raises(TypeError, match="rooted uses math .module. from drawn"):
        _copied(drawn.rooted)


@pytest.mark.parametrize("init", INIT_NAMES)
def test_initialize_parameters_is_the_engines(init, tmp_path):
    argv = ["--init", init, "--layers", "5,3"]
    if init in DEFAULT_SCALE:
        argv += ["--init-scale", "0.3"]
    script = load_script(argv, tmp_path)
    dims = [2, 5, 3, 1]
    scale = 0.3 if init in DEFAULT_SCALE else None
    expected = initialize_parameters(dims, init, 7, scale)
    got = script["initialize_parameters"](dims, 7) if "INIT_SEED" in script else \
        script["initialize_parameters"](dims)
    assert got.keys() == expected.keys()
    assert all(np.array_equal(got[k], expected[k]) for k in expected)


def test_activations_and_their_backward_are_the_engines(tmp_path):
    argv = ["--layers", "3,3,3,3,3", "--activation", ",".join(ACTIVATION_NAMES),
            "--leaky-slope", "0.3"]
    script = load_script(argv, tmp_path)
    rng = np.random.RandomState(0)
    Z = np.concatenate([rng.randn(3, 50) * 10, [[0.0, -0.0, 800.0], [-800.0, 1e-300, -1e-300],
                                                [40.0, -40.0, 5.0]]], axis=1)
    dA = rng.randn(*Z.shape)
    functions = {"linear": "identity"}
    for name in ACTIVATION_NAMES:
        g = get_activation(name, leaky_slope=0.3)
        f = functions.get(name, name)
        with np.errstate(all="ignore"):
            A = script[f](Z)
            dZ = {"sigmoid": lambda: script["sigmoid_backward"](dA, A),
                  "tanh": lambda: script["tanh_backward"](dA, A),
                  "relu": lambda: script["relu_backward"](dA, Z),
                  "leaky_relu": lambda: script["leaky_relu_backward"](dA, Z),
                  "linear": lambda: script["identity_backward"](dA)}[name]()
        assert np.array_equal(A, g(Z)), name
        assert np.array_equal(dZ, dA * g.derivative(Z, A)), name


# -- the command -----------------------------------------------------------------------------------
def export_fails(capsys, *argv, prog="dnn-tutor export") -> str:
    with pytest.raises(SystemExit) as info:
        main(["export", *argv])
    assert info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"{prog}: error: ")
    return lines[0]


@pytest.mark.parametrize("features, bad", [("x1,x3", "'x3'"), ("x1^2,,x2", "''"),
                                           ("x1,x1", "'x1' given twice")])
def test_a_bad_feature_is_one_line_naming_it_and_the_allowed(capsys, features, bad):
    line = export_fails(capsys, "--features", features)
    assert bad in line and "--features" in line
    if "twice" not in bad:
        assert "x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2)" in line


def test_features_need_a_point_of_the_plane(capsys):
    assert "functions of a point (x1, x2)" in export_fails(capsys, "--dataset", "curve",
                                                           "--features", "x1")


def test_the_features_are_the_engines(tmp_path):
    argv = ["--dataset", "moons", "--layers", "", "--features", "x1*x2,x2^2"]
    script = load_script(argv, tmp_path)
    X = load("moons", m=20, seed=3).X
    names = list(engine_features.FEATURE_NAMES)
    assert np.array_equal(script["features"](X, names), engine_features.features(X, names))
    assert script["FEATURES"] == ["x1*x2", "x2^2"] and script["LAYER_DIMS"] == [2, 1]
    assert "features(" not in export_script(TRAIN.parse_args(["--layers", ""]))


def test_wrong_number_of_activations_exits_2(capsys):
    line = export_fails(capsys, "--layers", "2,2", "--activation", "relu,tanh,sigmoid")
    assert "3 activations" in line and "2 hidden layers" in line


@pytest.mark.parametrize("argv", [
    ["--layers", "8,4,2", "--activation", "relu,tanh"],
    ["--init", "zeros", "--init-scale", "3"],
    ["--dataset", "curve", "--output", "sigmoid"],
    ["--dataset", "xor", "--noise", "0.9"],
    ["--leaky-slope", "1"],
    ["--lr", "0"],
])
def test_the_errors_of_train(capsys, argv):
    line = export_fails(capsys, *argv)
    with pytest.raises(SystemExit):
        main(["train", *argv])
    train_line = capsys.readouterr().err.strip()
    assert line.replace("dnn-tutor export", "dnn-tutor train") == train_line


def test_train_only_options_are_refused(capsys):
    # argparse's top parser reports unknown options, for train as well
    for option in ("--json", "--probes"):
        line = export_fails(capsys, option, prog="dnn-tutor")
        assert f"unrecognized arguments: {option}" in line


def test_unwritable_output_file_exits_2(capsys, tmp_path):
    line = export_fails(capsys, "-o", str(tmp_path / "missing" / "run.py"))
    assert "--output-file" in line and "run.py" in line
    line = export_fails(capsys, "--output-file", str(tmp_path))  # a directory
    assert "--output-file" in line


def test_output_file_is_written(capsys, tmp_path):
    path = tmp_path / "run.py"
    assert main(["export", "--iterations", "20", "-o", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == f"wrote {path}\n"
    assert path.read_text(encoding="utf-8") == export_script(
        TRAIN.parse_args(["--iterations", "20"]))


def test_the_script_goes_to_stdout(capsys):
    assert main(["export", "--layers", "3"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out == export_script(TRAIN.parse_args(["--layers", "3"]))


def test_help(capsys):
    with pytest.raises(SystemExit) as info:
        main(["export", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for option in ("--output-file", "--layers", "--activation", "--leaky-slope",
                   "--print-every", "--batch-size"):
        assert option in out
    assert "--json" not in out and "--probes" not in out


# -- the learner's own data (--data FILE) -------------------------------------------------------
DATA_FILES = Path(__file__).parents[1] / "engine" / "data_files"

DATA_EXAMPLES = {
    "a classification file, standardized, mini-batches": [
        "--data", str(DATA_FILES / "circle.csv"), "--standardize", "--layers", "5,3",
        "--activation", "relu,tanh", "--init", "he", "--lr", "0.3", "--batch-size", "4",
        "--l2", "0.1", "--iterations", "400", "--print-every", "50"],
    "a spreadsheet's CSV (BOM, quotes, CRLF)": [
        "--data", str(DATA_FILES / "spreadsheet.csv"), "--iterations", "300",
        "--print-every", "100"],
    "a regression file": ["--data", str(DATA_FILES / "curve.csv"), "--layers", "8",
                          "--lr", "0.05", "--iterations", "500", "--print-every", "100"],
    "a header that is not UTF-8": ["--data", str(DATA_FILES / "latin1_header.csv"),
                                   "--standardize", "--iterations", "50",
                                   "--print-every", "10"],
    "0/1 labels with a linear output": ["--data", str(DATA_FILES / "no_header.csv"),
                                        "--output", "linear", "--lr", "0.1",
                                        "--iterations", "200", "--print-every", "50"],
    # x of size 1e200 through ReLU units: the first cost overflows before any weight grows.
    "a cost that overflows at once": ["--data", str(DATA_FILES / "huge_x.csv"), "--output",
                                      "linear", "--activation", "relu", "--init", "he",
                                      "--iterations", "50", "--print-every", "10"],
}


@pytest.mark.parametrize("argv", DATA_EXAMPLES.values(), ids=DATA_EXAMPLES.keys())
def test_a_data_file_run_prints_what_train_prints(argv, tmp_path):
    assert script_output(argv, tmp_path) == train_output(argv)


def test_the_script_reads_the_file_by_the_path_given(tmp_path, monkeypatch):
    (tmp_path / "points.csv").write_bytes((DATA_FILES / "circle.csv").read_bytes())
    monkeypatch.chdir(tmp_path)
    argv = ["--data", "points.csv", "--iterations", "100", "--print-every", "20"]
    script = export_script(TRAIN.parse_args(argv))
    assert "DATA_FILE = 'points.csv'" in script and "on the 'points.csv' data" in script
    assert script_output(argv, tmp_path) == train_output(argv)


def test_a_data_file_script_reads_like_the_course():
    argv = DATA_EXAMPLES["a classification file, standardized, mini-batches"]
    args = TRAIN.parse_args(argv)
    script = export_script(args)
    tree = ast.parse(script)
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    assert imported == {"csv", "numpy", "os"} and script.isascii()  # os: one BLAS thread
    names = defined_functions(script)
    assert COURSE_FUNCTIONS | {"load_data", "standardize"} <= names
    assert not names & {"flower", "course_layout"}
    assert "SAMPLES" not in script and "SEED =" not in script.replace("INIT_SEED =", "")
    # the command line in the header names the file and the flag, and parses back
    assert f"--data {DATA_FILES / 'circle.csv'} --standardize" in command_line(args, "train")
    again = TRAIN.parse_args(shlex.split(command_line(args, "train"))[2:])
    assert export_script(again) == script
    assert "standardize" not in defined_functions(
        export_script(TRAIN.parse_args(argv[:2])))


def test_a_bad_data_file_is_one_line_for_export_too(capsys):
    path = DATA_FILES / "label_2.csv"
    line = export_fails(capsys, "--data", str(path))
    assert line == (f"dnn-tutor export: error: {path}: row 3: label is '2'; a classification "
                    "label is 0 or 1")


# -- no user text becomes code -------------------------------------------------------------------
# Any text: including lone surrogates (a file name's undecodable bytes), NUL, every control.
ANY_TEXT = st.text(st.characters(blacklist_categories=()), max_size=30)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(text=ANY_TEXT)
def test_quoted_is_the_same_text_and_cannot_leave_a_comment_or_a_docstring(text):
    literal = quoted(text)
    assert ast.literal_eval(literal) == text
    assert literal.isascii() and literal.isprintable()  # no line break, no NUL, no bidi control
    assert literal[0] == literal[-1] == "'" and '"' not in literal
    # in a comment, in a docstring, as a value: still one comment, one string, one value
    for source, statements in ((f"# {literal}\nX = 1\n", 1), (f"X = {literal}\n", 1),
                               (f'"""on the {literal} data."""\nX = 1\n', 2),
                               (f'"""{literal}"""\n', 1)):
        tree = ast.parse(source)
        assert len(tree.body) == statements, source
    # a docstring reads its escapes: the text itself, between the literal's quotes
    assert ast.get_docstring(ast.parse(f'"""{literal}"""'), clean=False) == f"'{text}'"
    # for the command line in a comment: the shell's own word when that is one ASCII line
    word = quoted(text, shell=True)
    assert word.isascii() and word.isprintable()
    if text.isascii() and text.isprintable():
        assert shlex.split(word) == [text]
    else:
        assert word == literal


@pytest.mark.parametrize("text, literal", [
    ("points.csv", "'points.csv'"),
    ("it's.csv", r"'it\'s.csv'"),
    ('x""".csv', r"'x\x22\x22\x22.csv'"),
    ("a\nb", r"'a\nb'"),
    ("back\\slash", r"'back\\slash'"),
    ("\U0001f600.csv", r"'\U0001f600.csv'"),  # not JSON's surrogate pair "\ud83d\ude00"
])
def test_quoted_examples(text, literal):
    assert quoted(text) == literal


# A name that, pasted raw into the script, runs code: on a line of its own, or after a quote.
INJECTION = '\nopen("PWNED", "w")\n#'
HOSTILE_NAMES = {
    "a newline": "two\nlines.csv",
    "a carriage return": "two\rlines.csv",
    "a single quote": "it's.csv",
    "a double quote": 'say "hi".csv',
    "three double quotes": 'x""".csv',
    "a backslash": "back\\slash\\N.csv",  # \N{...} in a docstring: a SyntaxError
    "a shell substitution": "$(touch PWNED).csv",
    "a non-BMP character": "\U0001f600 points.csv",
    "a leading dash": "-points.csv",
    "an undecodable byte": "\udcff.csv",  # b"\xff.csv" as Python reads it from a disk
    "a bidi control": "\u202ecsv.exe",
    "code after a newline": "x" + INJECTION + ".csv",
    "code after a docstring's end": 'x"""; open("PWNED", "w"); """.csv',
}


def header_command(script: str, which: str) -> str:
    """The command line of the header comment that runs ``dnn-tutor <which>``, unfolded."""
    lines = [line[len("#     "):] for line in script.splitlines() if line.startswith("#     ")]
    text = "\n".join(lines).replace(" \\\n", " ")
    return next(line for line in text.splitlines() if line.startswith(f"dnn-tutor {which} "))


@pytest.mark.parametrize("name", HOSTILE_NAMES.values(), ids=HOSTILE_NAMES.keys())
def test_a_hostile_data_file_name_stays_a_name(name, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes((DATA_FILES / "circle.csv").read_bytes())
    argv = [f"--data={name}", "--iterations", "50", "--print-every", "10"]
    assert main(["export", *argv, "-o", "run.py"]) == 0
    capsys.readouterr()
    script = (tmp_path / "run.py").read_text(encoding="utf-8")
    assert script.isascii()
    tree = ast.parse(script)  # it compiles
    constants = {node.targets[0].id: node.value for node in tree.body
                 if isinstance(node, ast.Assign)}
    assert ast.literal_eval(constants["DATA_FILE"]) == name
    assert f"on the '{name}' data" in ast.get_docstring(tree, clean=False)
    # Run as the learner would; -W error: not even a warning about an invalid escape.
    result = subprocess.run([sys.executable, "-W", "error", "run.py"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert result.stdout == train_output(argv)
    assert not (tmp_path / "PWNED").exists()
    # the header's command lines say the same run: parsed back, the same options
    for which in ("export", "train"):
        command = header_command(script, which)
        if name.isascii() and name.isprintable():  # a shell reads it back exactly
            again = EXPORT.parse_args(shlex.split(command)[2:])
            assert again.data == name and export_script(again) == script
        else:  # no shell word is one line of ASCII: the name as the script writes it
            assert f"--data {quoted(name)} " in command


# -- where the script goes (-o) ------------------------------------------------------------------
@pytest.fixture
def data_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "f.csv"
    path.write_bytes((DATA_FILES / "circle.csv").read_bytes())
    return path


@pytest.mark.parametrize("output", ["f.csv", "./f.csv", "{tmp}/f.csv", "sub/../f.csv",
                                    "link.csv", "hard.csv"])
def test_the_script_never_overwrites_its_own_data(capsys, data_file, output):
    (data_file.parent / "sub").mkdir()
    (data_file.parent / "link.csv").symlink_to("f.csv")
    (data_file.parent / "hard.csv").hardlink_to(data_file)
    before = data_file.read_bytes()
    line = export_fails(capsys, "--data", "f.csv", "-o",
                        output.format(tmp=data_file.parent))
    assert "--output-file" in line and "would overwrite its own data" in line
    assert data_file.read_bytes() == before


@pytest.mark.parametrize("kind", ["a dangling link", "a link to a file", "a directory",
                                  "a FIFO"])
def test_output_file_is_a_plain_file_or_refused(capsys, tmp_path, kind):
    output = tmp_path / "run.py"
    target = tmp_path / "target"
    if kind == "a dangling link":
        output.symlink_to(target)
    elif kind == "a link to a file":
        target.write_text("precious\n")
        output.symlink_to(target)
    elif kind == "a directory":
        output.mkdir()
    else:
        os.mkfifo(output)  # nobody reads it: writing would block forever
    line = export_fails(capsys, "--iterations", "20", "-o", str(output))
    assert line.startswith(f"dnn-tutor export: error: --output-file: cannot write {output}: ")
    if kind == "a dangling link":
        assert "symbolic link" in line and not target.exists()
    elif kind == "a link to a file":
        assert "symbolic link" in line and target.read_text() == "precious\n"


def test_an_existing_file_is_replaced(capsys, tmp_path):
    path = tmp_path / "run.py"
    path.write_text("x" * 100000)
    assert main(["export", "--iterations", "20", "-o", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == export_script(
        TRAIN.parse_args(["--iterations", "20"]))
