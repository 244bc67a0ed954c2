"""Knobs: the parameters a learner may turn in a step, each with its keys and ladder of values.

A knob names a field of the step's experiment spec by a dotted path (``"run.learning_rate"``,
``"data.name"``, ``"leaky_slope"``); turning it builds the spec again with the next value of
its ladder (``with_values``) and the experiment starts over from it. Nothing here knows about
keys being pressed: the UI binds ``key`` / ``down_key`` and calls ``turn``.

The pace ladder lives here too: how many training iterations a second a learner watches.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from engine.activations import ACTIVATION_NAMES

from . import looks
from .i18n import tr

# -- ladders -------------------------------------------------------------------------------------
LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.05, 0.1, 0.3, 0.5, 1.0, 1.2, 2.0, 3.0, 10.0)
HIDDEN_UNITS = tuple((n,) for n in (1, 2, 3, 4, 5, 8, 10, 16, 20, 50))
LEAKY_SLOPES = (0.0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5)
Z_CURSOR = tuple(round(-5.0 + 0.25 * i, 2) for i in range(41))

# Iterations a second; None is "as fast as the machine goes" (benchmarks, impatient learners).
PACES: tuple[int | None, ...] = (1, 3, 10, 30, 100, 300, 1000, None)


# Keys the app and a step's panel answer themselves (next/previous step, reset, quit, train,
# pace, a prediction's choices, typing an answer ...): a knob may not take one. tests/tui
# checks that every key the app binds is in this list.
RESERVED_KEYS: tuple[str, ...] = (
    "n", "p", "pagedown", "pageup", "r", "0", "left_square_bracket", "right_square_bracket",
    "l", "P", "question_mark", "q", "space", "s", "greater_than_sign", "less_than_sign",
    "1", "2", "3", "4", "t", "m", "escape", "tab", "ctrl+p", "shift+down", "shift+up")


def pace_text(pace: int | None) -> str:
    return "max" if pace is None else f"{pace}/s"


@dataclass(frozen=True)
class Knob:
    """One parameter a learner may change.

    ``values`` is the ladder; ``key`` moves up it and ``down_key`` down (default: the upper
    case of ``key``; ``""`` for none, e.g. a toggle). A ladder with ``wrap`` goes round
    (choices like an activation); one without stops at its ends, and ``ends`` says what the
    learner is told there (e.g. "slope 0 is plain ReLU").
    """

    param: str
    label: str
    values: tuple
    key: str
    down_key: str | None = None
    wrap: bool = False
    fmt: Callable[[Any], str] = str
    describe: str = ""                 # one line for the help screen
    ends: tuple[str, str] = ("", "")   # said when the bottom / top of the ladder is reached
    # Shown and turnable only while this holds for the spec (e.g. the slope, for leaky ReLU).
    applies: Callable[[Any], bool] | None = None
    key_display: str = ""              # e.g. "←/→"; default "key/down_key"
    # A knob may turn one aspect of a field (the number of hidden layers, or their width,
    # both in ``run.hidden``): ``get`` reads it from the field, ``put(field, value)`` writes.
    get: Callable[[Any], Any] | None = None
    put: Callable[[Any, Any], Any] | None = None

    @property
    def up_keys(self) -> tuple[str, ...]:
        """``key`` may name several keys, comma-separated (``"down,enter"``)."""
        return tuple(k.strip() for k in self.key.split(","))

    @property
    def down(self) -> str:
        if self.down_key is not None:
            return self.down_key
        first = self.up_keys[0]
        return first.upper() if len(first) == 1 and first.isalpha() else ""

    @property
    def keys_text(self) -> str:
        if self.key_display:
            return self.key_display
        return f"{self.up_keys[0]}/{self.down}" if self.down else self.up_keys[0]

    def shown(self, value) -> str:
        """``value`` as the learner reads it: formatted, then in the current language (a
        dataset's or an activation's name, "default", "on"; numbers are left as they are)."""
        return tr(self.fmt(value))

    def value_in(self, spec) -> Any:
        field = get_path(spec, self.param)
        return field if self.get is None else self.get(field)

    def index_in(self, spec) -> int:
        value = self.value_in(spec)
        try:
            return self.values.index(value)
        except ValueError:
            raise ValueError(
                f"knob {self.label!r}: the spec's value {value!r} is not on its ladder "
                f"{self.values!r}") from None

    def turn(self, spec, delta: int) -> tuple[Any, str | None]:
        """The spec with this knob moved ``delta`` steps, and a note when an end stopped it."""
        i = self.index_in(spec) + delta
        if self.wrap:
            i %= len(self.values)
        elif i < 0 or i >= len(self.values):
            end = self.ends[0 if i < 0 else 1]
            edge = self.values[0 if i < 0 else -1]
            note = tr(end) if end else tr(
                "{label} is at its smallest: {value}" if i < 0 else
                "{label} is at its largest: {value}", label=tr(self.label), value=self.shown(edge))
            return spec, note
        value = self.values[i]
        if self.put is not None:
            value = self.put(get_path(spec, self.param), value)
        return with_values(spec, {self.param: value}), None

    def text(self, spec) -> str:
        return f"{self.label} {self.shown(self.value_in(spec))}"


# -- dotted paths into frozen specs ------------------------------------------------------------
# The path "" is the spec itself: a knob whose aspect spans several fields (a layer's width at
# the playground's cursor) reads and writes the whole spec with its ``get`` / ``put``.
def get_path(spec, path: str) -> Any:
    value = spec
    for name in path.split(".") if path else ():
        value = getattr(value, name)
    return value


def with_values(spec, values: Mapping[str, Any]):
    """A copy of the frozen dataclass ``spec`` with each dotted path set to its value."""
    for path, value in values.items():
        if not path:
            spec = value
            continue
        head, _, rest = path.partition(".")
        if rest:
            value = with_values(getattr(spec, head), {rest: value})
        spec = dataclasses.replace(spec, **{head: value})
    return spec


# -- the knobs lessons use most ------------------------------------------------------------------
def _lr_text(value: float) -> str:
    return f"{value:g}"


def learning_rate(param: str = "run.learning_rate") -> Knob:
    return Knob(param, "α", LEARNING_RATES, "e", fmt=_lr_text,
                describe="learning rate α: up e, down E (0.001 … 10)")


def hidden_units(param: str = "run.hidden") -> Knob:
    return Knob(param, "units", HIDDEN_UNITS, "u", fmt=lambda h: ",".join(map(str, h)),
                describe="hidden units: more u, fewer U")


def rate_scale(param: str = "run.rate_scale") -> Knob:
    """One factor on every run's own learning rate (runs compared at rates of their own)."""
    return Knob(param, "α ×", (0.1, 0.3, 1.0, 3.0), "k", fmt=lambda f: f"{f:g}",
                describe="every run's learning rate times this factor: more k, less K")


def hidden_layers(param: str = "run.hidden", most: int = 4) -> Knob:
    """How many hidden layers, each as wide as the first (4 units when there was none)."""
    return Knob(param, "layers", tuple(range(most + 1)), "h", get=len,
                put=lambda hidden, n: ((hidden[0] if hidden else 4),) * n,
                describe="hidden layers: more h, fewer H (0: logistic regression)")


def layer_width(param: str = "run.hidden") -> Knob:
    """The width of every hidden layer (applies while there is one)."""
    return Knob(param, "units", tuple(n for (n,) in HIDDEN_UNITS), "u",
                get=lambda hidden: hidden[0] if hidden else 0,
                put=lambda hidden, n: (n,) * len(hidden),
                applies=lambda spec: bool(get_path(spec, param)),
                describe="units in every hidden layer: more u, fewer U")


def hidden_activation(param: str = "run.activation",
                      names: tuple[str, ...] = ACTIVATION_NAMES) -> Knob:
    return Knob(param, "g", names, "a", wrap=True, fmt=looks.label,
                describe="hidden activation g: next a, previous A")


def leaky_slope(param: str = "run.leaky_slope", applies=None) -> Knob:
    return Knob(param, "slope", LEAKY_SLOPES, "plus", down_key="minus", fmt=lambda s: f"{s:g}",
                key_display="+/-", applies=applies,
                describe="leaky ReLU's slope for z < 0: steeper +, flatter -",
                ends=("slope 0 makes leaky ReLU plain ReLU: the smallest slope here",
                      "slope 0.5 is the largest here: at 1 the function would be linear"))
