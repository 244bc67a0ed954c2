"""Panel kinds by name: a lesson step's ``panel`` field picks one of these."""

from __future__ import annotations

from .activation import ActivationPanel
from .base import Panel
from .layer import LayerPanel
from .training import TrainingPanel

PANELS: dict[str, type[Panel]] = {
    "layer": LayerPanel,
    "activation": ActivationPanel,
    "training": TrainingPanel,
}


def make_panel(step) -> Panel:
    try:
        kind = PANELS[step.panel]
    except KeyError:
        raise KeyError(f"step {step.title!r} asks for an unknown panel {step.panel!r}") from None
    return kind(step)


__all__ = ["PANELS", "Panel", "make_panel"]
