"""How each activation function is shown: its display name and its colour, in one table.

The function itself (value, derivative, range, formula) is the engine's
(``engine.activations``); this table adds only what a screen needs. Every plot, map title and
table that names an activation takes its label and colour from here, so "tanh" is the same
colour in the shapes plot, in a run compared against sigmoid and in a readout.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.activations import ACTIVATION_NAMES, Activation, get_activation


@dataclass(frozen=True)
class ActivationLook:
    name: str    # the engine's name
    label: str   # what a learner reads
    color: int   # series colour slot (see lessons.views)

    def function(self, leaky_slope: float = 0.01) -> Activation:
        return get_activation(self.name, leaky_slope)

    def range_text(self, leaky_slope: float = 0.01) -> str:
        """The range as the engine defines it (leaky ReLU's depends on its slope)."""
        return self.function(leaky_slope).range_text


ACTIVATIONS: dict[str, ActivationLook] = {
    look.name: look
    for look in (
        ActivationLook("sigmoid", "sigmoid", 0),
        ActivationLook("tanh", "tanh", 1),
        ActivationLook("relu", "ReLU", 2),
        ActivationLook("leaky_relu", "leaky ReLU", 3),
        ActivationLook("linear", "linear", 4),
    )
}
assert tuple(ACTIVATIONS) == ACTIVATION_NAMES  # every engine activation has a look


def label(name: str) -> str:
    return ACTIVATIONS[name].label


def color(name: str) -> int:
    return ACTIVATIONS[name].color
