"""The playground: one network (or two, A beside B) with every option of ``dnn-tutor train``
as a knob, where the lessons guide and the playground lets the learner ask their own questions.

A ``PlaygroundSpec`` is frozen data like any step's experiment: the data, the configuration
the knobs edit (``run``), in A/B mode the other configuration (``other``), and a cursor on one
unit of the network drawn. Every knob turns one option ``dnn-tutor train`` accepts, so the
setup is always one command line away (``command_lines``) and can be exported as a NumPy
script that prints what ``train`` prints (``commands.playground.train_args`` →
``commands.script``). Parsing that command line is ``commands.playground``'s.

Per layer: the width and activation knobs edit the hidden layer under the cursor (TensorFlow
Playground's users keep asking for an activation per layer; here each layer has its own).

On the learner's own data (``--data FILE``): the points of the file, trained on like a built-in
dataset; the knobs that draw a built-in dataset (which one, its noise, samples, seed, the test
set) do not apply, and the kind of the file (x1,x2,label or x,y) decides the views and the
output unit.
"""

from __future__ import annotations

import dataclasses
import shlex
from dataclasses import dataclass

from engine.activations import ACTIVATION_NAMES
from engine.data import DATASETS
from engine.features import FEATURE_NAMES, RAW_FEATURES
from engine.initializers import DEFAULT_SCALE, INIT_NAMES

from . import looks, knobs
from .model import Step
from .protocols import SpecDefaults
from .diagram import NetworkDiagram
from .experiments import DataSpec, RunSpec, TrainingExperiment
from .knobs import Knob
from .views import (COST, TEST_SCORE, TRAIN_SCORE, FitCurve, PlaygroundMaps, RunTable,
                     TrainTestCurves)

MAX_HIDDEN_LAYERS = 6   # what the network diagram draws legibly at 160x48
MAX_WIDTH = 32
# Examples in the training set and in the test set. Lower than dnn-tutor train's 100 000: the
# knobs can grow any network to 6 layers of 32 units, and the playground must still draw it
# live. On 10 000 examples (and 10 000 test examples) that network takes ~0.13 s of CPU a
# step with one BLAS thread (~0.3 s on 20 000), and stays far inside train's limits
# (1.92 million of commands.run.MAX_ACTIVATIONS' 5 million).
MAX_SAMPLES = 10_000

# -- ladders (a value given on the command line joins its ladder: ``_ladder``) -------------------
SAMPLES = (None, 50, 100, 200, 300, 400, 500, 800, 1000, 2000)
TEST_SAMPLES = (0, 50, 100, 200, 400, 1000)
NOISE = (None, 0.0, 0.05, 0.1, 0.2, 0.3, 0.5)
DATA_SEEDS = (None, *range(100))
INIT_SEEDS = tuple(range(100))
WIDTHS = tuple(range(1, MAX_WIDTH + 1))
INIT_SCALES = (None, 0.001, 0.01, 0.1, 0.3, 1.0, 3.0, 10.0)
L2_STRENGTHS = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
BATCH_SIZES = (1, 8, 16, 32, 64, 128, 256, None)  # None: the full batch, the biggest
ITERATIONS = (100, 300, 1000, 2000, 3000, 5000, 10000, 20000, 50000)
LEAKY_SLOPES = tuple(s for s in knobs.LEAKY_SLOPES if s > 0)  # slope 0 is plain ReLU
OUTPUTS = ("sigmoid", "linear")

# What ``dnn-tutor train`` does with no options (commands.run's defaults), against which the
# command line lists only what differs.
TRAIN_DEFAULTS = dict(dataset="flower", samples=None, noise=None, seed=None, test_samples=0,
                      test_seed=None, layers=(4,), activation=("tanh",), output=None,
                      init="small", init_scale=None, init_seed=2, lr=1.2, iterations=10000,
                      l2=0.0, batch_size=None, leaky_slope=0.01, features=None)
# The playground's own default differs in one thing: a test set, so test points, test cost
# and test accuracy are there to watch.
DEFAULT_TEST_SAMPLES = 200


@dataclass(frozen=True)
class PlaygroundSpec(SpecDefaults):
    data: DataSpec = DataSpec("flower", test_m=DEFAULT_TEST_SAMPLES)
    run: RunSpec = RunSpec(hidden=(4,), activations=("tanh",))  # the configuration edited
    other: RunSpec | None = None    # A/B: the other configuration, trained beside it
    editing_b: bool = False         # in A/B mode: ``run`` is B (else A)
    iterations: int = TRAIN_DEFAULTS["iterations"]
    # (layer l = 1..L, unit j from 0) of the network drawn; the width and activation knobs
    # edit layer l when it is a hidden layer.
    cursor: tuple[int, int] = (1, 0)
    # The input feature the features knob switches on or off (as TensorFlow Playground's
    # column of inputs; which ones are on is the edited run's ``features``).
    feature: str = FEATURE_NAMES[0]

    trains = True
    test_cost = True    # the experiment records the test cost as it trains

    # -- the runs --------------------------------------------------------------------------------
    @property
    def compare(self) -> bool:
        return self.other is not None

    @property
    def a(self) -> RunSpec:
        return self.other if self.compare and self.editing_b else self.run

    @property
    def b(self) -> RunSpec | None:
        if not self.compare:
            return None
        return self.run if self.editing_b else self.other

    @property
    def edited(self) -> int:
        """The index of the run the knobs edit: B's (1) in A/B mode while B is edited."""
        return 1 if self.compare and self.editing_b else 0

    @property
    def edited_label(self) -> str:
        return ("B" if self.editing_b else "A") if self.compare else ""

    def runs(self) -> list[tuple[str, int, RunSpec]]:
        """(label, colour slot, spec) of every run: A and B in A/B mode (colours 0 and 1),
        else the one network, in its first layer's activation colour."""
        if self.compare:
            return [("A", 0, self.a), ("B", 1, self.b)]
        first = self.run.hidden_activations[:1]
        return [(self.run.describe("en"), looks.color(first[0]) if first else 0, self.run)]

    def build(self) -> TrainingExperiment:
        return TrainingExperiment(self)

    def same_training(self, other) -> bool:
        """True when ``other`` trains exactly as this spec: they differ only in the cursor or
        the input feature picked out (not in the features used)."""
        return (isinstance(other, PlaygroundSpec)
                and dataclasses.replace(other, cursor=self.cursor, feature=self.feature) == self)

    @property
    def regression(self) -> bool:
        return self.data.task == "regression"

    @property
    def on_file(self) -> bool:
        """Trained on the learner's own file (--data), not on a built-in dataset."""
        return self.data.path is not None

    # -- edits the knobs and keys make ------------------------------------------------------------
    @property
    def layer_count(self) -> int:
        """Layers with parameters: the hidden ones and the output layer (the course's L)."""
        return len(self.run.hidden) + 1

    @property
    def cursor_on_hidden(self) -> bool:
        return self.cursor[0] <= len(self.run.hidden)

    def move_cursor(self, d_layer: int, d_unit: int) -> "PlaygroundSpec":
        layer = min(max(self.cursor[0] + d_layer, 1), self.layer_count)
        width = self.run.hidden[layer - 1] if layer <= len(self.run.hidden) else 1
        unit = min(max(self.cursor[1] + d_unit, 0), width - 1)
        return dataclasses.replace(self, cursor=(layer, unit))

    def _with_run(self, run: RunSpec) -> "PlaygroundSpec":
        return dataclasses.replace(self, run=run).move_cursor(0, 0)  # keep the cursor inside

    def with_layer_count(self, n: int) -> "PlaygroundSpec":
        """``n`` hidden layers: new ones copy the last (4 tanh units when there was none)."""
        hidden, acts = self.run.hidden, self.run.hidden_activations
        last = (hidden[-1], acts[-1]) if hidden else (4, "tanh")
        hidden = (*hidden[:n], *(last[0],) * (n - len(hidden)))
        acts = (*acts[:n], *(last[1],) * (n - len(acts)))
        return self._with_run(dataclasses.replace(self.run, hidden=hidden, activations=acts))

    def with_layer(self, width: int | None = None, activation: str | None = None):
        """The hidden layer under the cursor with a new width or activation."""
        i = self.cursor[0] - 1
        hidden, acts = list(self.run.hidden), list(self.run.hidden_activations)
        if width is not None:
            hidden[i] = width
        if activation is not None:
            acts[i] = activation
        return self._with_run(dataclasses.replace(self.run, hidden=tuple(hidden),
                                                  activations=tuple(acts)))

    def with_dataset(self, name: str) -> "PlaygroundSpec":
        """Another dataset (both runs share it; a built-in one instead of a file). A regression
        set needs a linear output and a classification set had a sigmoid one, so the output
        follows the kind of data."""
        spec = dataclasses.replace(self, data=dataclasses.replace(
            self.data, name=name, path=None, standardize=False))
        if spec.regression != self.regression:
            # ... and a regression's one x has no features (x1^2 ...) to take.
            output = "linear" if spec.regression else "sigmoid"
            spec = dataclasses.replace(
                spec, run=dataclasses.replace(spec.run, output=output, features=None),
                other=spec.other and dataclasses.replace(spec.other, output=output,
                                                         features=None))
        return spec

    @property
    def features_apply(self) -> bool:
        """Features are functions of a point (x1, x2): not of a regression's one x."""
        return not self.regression

    @property
    def feature_used(self) -> bool:
        """Whether the edited network takes the picked-out feature as an input."""
        return self.feature in (self.run.features or RAW_FEATURES)

    def with_feature_used(self, used: bool) -> "PlaygroundSpec":
        """The edited network with the picked-out feature as an input, or without it; the last
        input stays (a network needs one). The inputs keep FEATURE_NAMES' order, and x1, x2
        alone is no hand-made feature at all (``features`` None: the command line says
        nothing)."""
        now = set(self.run.features or RAW_FEATURES)
        now = now | {self.feature} if used else now - {self.feature}
        if not now:
            return self
        features = tuple(name for name in FEATURE_NAMES if name in now)
        return self._with_run(dataclasses.replace(
            self.run, features=None if features == RAW_FEATURES else features))

    def with_init(self, init: str) -> "PlaygroundSpec":
        """Another initialisation; its scale goes back to the default (only small, large and
        constant have one)."""
        return self._with_run(dataclasses.replace(self.run, init=init, init_scale=None))

    def toggle_compare(self) -> "PlaygroundSpec":
        """A/B on: B starts as a copy of A and the knobs edit B. Off: keep the one edited."""
        if self.compare:
            return dataclasses.replace(self, other=None, editing_b=False)
        return dataclasses.replace(self, other=self.run, editing_b=True)

    def switch_edited(self) -> "PlaygroundSpec":
        if not self.compare:
            return self
        return dataclasses.replace(self, run=self.other, other=self.run,
                                   editing_b=not self.editing_b).move_cursor(0, 0)


# -- the knobs -----------------------------------------------------------------------------------
def _ladder(values: tuple, current) -> tuple:
    """``values`` with ``current`` in its place (a value given on the command line that the
    ladder lacks), so every knob starts on its ladder."""
    if current in values:
        return values
    numbers = tuple(sorted(v for v in (*values, current) if v is not None))
    if None not in values:
        return numbers
    # None ("default", "full batch") keeps its end of the ladder.
    return (None, *numbers) if values[0] is None else (*numbers, None)


def _default_or(fmt):
    return lambda v: "default" if v is None else fmt(v)


def _count(n) -> str:
    return f"{n:d}"


def playground_knobs(spec: PlaygroundSpec) -> tuple[Knob, ...]:
    """Every option of ``dnn-tutor train`` as a knob, grouped as ``--help`` groups them."""
    run, data = spec.run, spec.data
    leaky = lambda s: "leaky_relu" in s.run.hidden_activations  # noqa: E731
    built_in = lambda s: not s.on_file  # noqa: E731  (a file is the data as it is)
    return (
        # data
        Knob("", "data", tuple(DATASETS), "d", wrap=True, get=lambda s: s.data.name,
             put=PlaygroundSpec.with_dataset, applies=built_in,
             describe="the dataset (both runs): next d, previous D"),
        Knob("data.noise", "noise", _ladder(NOISE, data.noise), "v",
             fmt=_default_or(lambda v: f"{v:g}"), applies=built_in,
             describe="the data's noise: more v, less V (default: the dataset's own)"),
        Knob("data.m", "samples", _ladder(SAMPLES, data.m), "m", fmt=_default_or(_count),
             applies=built_in,
             describe="training examples: more m, fewer M (default: the dataset's)"),
        Knob("data.test_m", "test", _ladder(TEST_SAMPLES, data.test_m), "t", fmt=_count,
             applies=built_in, describe="test examples: more t, fewer T (0: no test set)"),
        Knob("data.seed", "data seed", _ladder(DATA_SEEDS, data.seed), "z",
             fmt=_default_or(_count), applies=built_in,
             describe="seed of the data: next z, previous Z"),
        # model
        Knob("", "layers", tuple(range(MAX_HIDDEN_LAYERS + 1)), "h",
             get=lambda s: len(s.run.hidden), put=PlaygroundSpec.with_layer_count,
             describe="hidden layers: more h, fewer H (0: logistic regression)"),
        Knob("", "units", WIDTHS, "u", get=lambda s: s.run.hidden[s.cursor[0] - 1],
             put=lambda s, n: s.with_layer(width=n), applies=PlaygroundSpec.cursor_on_hidden.fget,
             describe="units in the layer under the cursor (←/→): more u, fewer U"),
        Knob("", "g", ACTIVATION_NAMES, "a", wrap=True, fmt=looks.label,
             get=lambda s: s.run.hidden_activations[s.cursor[0] - 1],
             put=lambda s, g: s.with_layer(activation=g),
             applies=PlaygroundSpec.cursor_on_hidden.fget,
             describe="activation of the layer under the cursor (←/→): next a, previous A"),
        Knob("run.leaky_slope", "slope", _ladder(LEAKY_SLOPES, run.leaky_slope), "plus",
             down_key="minus", key_display="+/-", fmt=lambda s: f"{s:g}", applies=leaky,
             describe="leaky ReLU's slope for z < 0: steeper +, flatter -"),
        Knob("run.output", "output", OUTPUTS, "o", down_key="", wrap=True,
             applies=lambda s: not s.regression,
             describe="output unit: sigmoid (cross-entropy) or linear (MSE); o switches"),
        Knob("", "init", INIT_NAMES, "i", wrap=True, get=lambda s: s.run.init,
             put=PlaygroundSpec.with_init, describe="initialisation: next i, previous I"),
        Knob("run.init_scale", "scale", _ladder(INIT_SCALES, run.init_scale), "c",
             fmt=_default_or(lambda v: f"{v:g}"), applies=lambda s: s.run.init in DEFAULT_SCALE,
             describe="the factor of small/large (the weight of constant): more c, less C"),
        Knob("run.init_seed", "init seed", _ladder(INIT_SEEDS, run.init_seed), "w",
             fmt=_count, describe="seed of the initial weights: next w, previous W"),
        Knob("feature", "input", FEATURE_NAMES, "f", wrap=True,
             applies=PlaygroundSpec.features_apply.fget,
             describe="the input feature that k switches on or off: next f, previous F"),
        Knob("", "in use", (False, True), "k", down_key="", wrap=True,
             get=PlaygroundSpec.feature_used.fget, put=PlaygroundSpec.with_feature_used,
             fmt=lambda used: "on" if used else "off", applies=PlaygroundSpec.features_apply.fget,
             describe="the input feature under f as the network's input: k switches it on or "
                      "off (one stays on)"),
        # training
        Knob("run.learning_rate", "α", _ladder(knobs.LEARNING_RATES, run.learning_rate), "e",
             fmt=lambda v: f"{v:g}", describe="learning rate α: up e, down E"),
        Knob("run.l2", "λ (L2)", _ladder(L2_STRENGTHS, run.l2), "l", fmt=lambda v: f"{v:g}",
             describe="L2 regularisation strength λ: more l, less L"),
        Knob("run.batch_size", "batch", _ladder(BATCH_SIZES, run.batch_size), "b",
             fmt=lambda v: "full" if v is None else f"{v:d}",
             describe="mini-batch size: bigger b, smaller B (full: every example a step)"),
        Knob("iterations", "iterations", _ladder(ITERATIONS, spec.iterations), "j",
             fmt=_count, describe="gradient-descent steps: more j, fewer J"),
    )


class EditedNetwork(NetworkDiagram):
    """The network the knobs edit: B's in A/B mode while B is edited."""

    def measure(self, experiment, size=None):
        return NetworkDiagram(run=experiment.spec.edited).measure(experiment, size)


def playground_views(spec: PlaygroundSpec) -> tuple:
    """The data with the model over it, the costs, the scores, and the network drawn."""
    table = RunTable((COST, TRAIN_SCORE, TEST_SCORE))
    data = FitCurve() if spec.regression else PlaygroundMaps()
    return (data, TrainTestCurves(), table, EditedNetwork())


# A pace at which the default run (10 000 iterations) takes 10 s to watch.
PLAYGROUND_PACE = 1000


def playground_step(spec: PlaygroundSpec) -> Step:
    """The playground as a step: the UI's panel runs it like any other."""
    return Step("playground", "", "Playground", spec, views=playground_views(spec),
                knobs=playground_knobs(spec), pace=PLAYGROUND_PACE)


# -- the command line that reopens a setup (parsed back by commands.playground) -------------
def _number(value: float) -> str:
    """``value`` as short as it reads back exactly: ``0.3``, ``1e-05``, ``0.123456789`` (the
    command line and the export reproduce the run, so no digit may be rounded away)."""
    short = f"{value:g}"
    return short if float(short) == value else repr(value)


def _option(name: str, text: str) -> list[str]:
    """``--name text``, or ``--name=text`` for a text argparse would take for an option (a
    file named ``-points.csv``)."""
    return [f"--{name}={text}"] if text.startswith("-") else [f"--{name}", text]


def train_argv(data: DataSpec, run: RunSpec, iterations: int) -> list[str]:
    """The options of ``dnn-tutor train`` that give this run (only those not at train's
    defaults), in ``--help``'s order; they parse back to this run exactly."""
    d = TRAIN_DEFAULTS
    argv: list[str] = []

    def option(name: str, value, default, text=str) -> None:
        if value != default:
            argv.extend(_option(name, text(value)))

    if data.path is not None:  # the file is all there is to say about the data
        argv.extend(_option("data", data.path))
        if data.standardize:
            argv.append("--standardize")
    else:
        option("dataset", data.name, d["dataset"])
        option("samples", data.m, None)
        option("noise", data.noise, None, _number)
        option("seed", data.seed, None)
        option("test-samples", data.test_m, d["test_samples"])
        option("test-seed", data.test_seed, None)
    option("layers", run.hidden, d["layers"], lambda h: ",".join(map(str, h)))
    option("features", run.features, d["features"], ",".join)
    acts = run.hidden_activations
    if run.hidden and acts != d["activation"] * len(run.hidden):
        same = len(set(acts)) == 1
        argv.extend(["--activation", acts[0] if same else ",".join(acts)])
    default_output = "linear" if data.task == "regression" else "sigmoid"
    option("output", run.output, default_output)
    option("init", run.init, d["init"])
    option("init-scale", run.init_scale, None, _number)
    option("init-seed", run.init_seed, d["init_seed"])
    if "leaky_relu" in acts:
        option("leaky-slope", run.leaky_slope, d["leaky_slope"], _number)
    option("lr", run.learning_rate, d["lr"], _number)
    option("iterations", iterations, d["iterations"])
    option("l2", run.l2, d["l2"], _number)
    option("batch-size", run.batch_size, None)
    return argv


def command_lines(spec: PlaygroundSpec) -> list[tuple[str, str]]:
    """(label, ``dnn-tutor playground …``) that reopens each configuration exactly: one, or
    A and B."""
    out = []
    for label, _color, run in spec.runs():
        argv = train_argv(spec.data, run, spec.iterations)
        out.append((label if spec.compare else "", shlex.join(["dnn-tutor", "playground", *argv])))
    return out
