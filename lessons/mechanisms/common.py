"""The general mechanisms: training runs, the views and columns of any training step, the
usual knobs, the formats of a knob a lesson declares itself, and the graders and facts of
any training run."""

from __future__ import annotations

import dataclasses
import typing
from typing import Any

import numpy as np

from engine.data import DATASETS
from engine.training import MAX_WEIGHT

from .. import knobs, looks
from ..checkpoints import Goal, Prediction, grader
from ..experiments import DataSpec, RunSpec, TrainingSpec, Variant, first_iteration_below
from ..facts import fact
from ..i18n import tr
from ..wording import Phrase, term, when_first
from ..loader import SettingError, _hints, coerce
from ..views import (ACCURACY, ALL_NEGATIVE, CLOSEST_TO_0, CLOSEST_TO_1, COST, DEAD_UNITS,
                      HIDDEN_MEAN, MSE, OUTPUT_RANGE, RANK, TEST_ACCURACY, TEST_SCORE,
                      TRAIN_SCORE, CostCurves, DecisionMaps, FitCurve, GradientMeters, RunTable,
                      SpreadMeters, TrainTestCurves, UnitMaps, percent, train_accuracy)
from ..registry import COLUMNS, EXPERIMENT_KINDS, FORMATS, KNOBS, VIEWS


# -- experiments ---------------------------------------------------------------------------------
@EXPERIMENT_KINDS.register("training")
def training(iterations: int = 2000, data: DataSpec = DataSpec(), run: RunSpec = RunSpec(),
             compare: Any = (), test_cost: bool = False) -> TrainingSpec:
    """One network trained on ``data`` as ``run`` says; with ``compare``, one run per entry
    (``{ label = "tanh", activation = "tanh" }``: the shared ``run`` with these changes; an
    optional ``color`` slot tells apart two runs of one activation)."""
    if not isinstance(compare, (list, tuple)):
        raise SettingError("compare is a list of runs: { label = \"...\", <run setting> = ... }")
    hints = _hints(RunSpec)
    variants = []
    for entry in compare:
        if not isinstance(entry, dict) or not isinstance(entry.get("label"), str):
            raise SettingError(f"compare: each run is a table with a label, got {entry!r}")
        changes = dict(entry)
        label = changes.pop("label")
        color = changes.pop("color", None)
        if color is not None and not isinstance(color, int):
            raise SettingError(f"compare {label!r}: color is a colour slot number, got {color!r}")
        unknown = [key for key in changes if key not in hints]
        if unknown:
            raise SettingError(f"compare {label!r}: unknown run setting "
                               f"{', '.join(map(repr, unknown))}; known: {', '.join(hints)}")
        values = {key: coerce(value, hints[key], f"compare {label!r}: {key}")
                  for key, value in changes.items()}
        dataclasses.replace(run, **values)  # the run as it will be: its own checks
        variants.append(Variant.of(label, color, **values))
    return TrainingSpec(data, run, tuple(variants), iterations, test_cost)


# -- views of a training step --------------------------------------------------------------------
for name, view in (("cost_curves", CostCurves), ("fit_curve", FitCurve),
                   ("decision_maps", DecisionMaps), ("unit_maps", UnitMaps),
                   ("train_test_curves", TrainTestCurves), ("gradient_meters", GradientMeters),
                   ("spread_meters", SpreadMeters)):
    VIEWS.register(name, view)

for name, column in (("cost", COST), ("rank", RANK), ("accuracy", ACCURACY),
                     ("test_accuracy", TEST_ACCURACY), ("mse", MSE), ("train_score", TRAIN_SCORE),
                     ("test_score", TEST_SCORE), ("output_range", OUTPUT_RANGE),
                     ("closest_to_0", CLOSEST_TO_0), ("closest_to_1", CLOSEST_TO_1),
                     ("hidden_mean", HIDDEN_MEAN), ("dead_units", DEAD_UNITS),
                     ("all_negative", ALL_NEGATIVE)):
    COLUMNS.register(name, column)


@VIEWS.register("run_table")
def run_table(columns: tuple[str, ...] = ()) -> RunTable:
    """One row per run: its label, then the named columns (``COLUMNS``)."""
    from ..registry import UnknownName

    try:
        return RunTable(tuple(COLUMNS.get(name) for name in columns))
    except UnknownName as error:
        raise SettingError(str(error)) from None


# -- knobs ---------------------------------------------------------------------------------------
KNOBS.register("learning_rate", knobs.learning_rate)
KNOBS.register("hidden_units", knobs.hidden_units)
KNOBS.register("rate_scale", knobs.rate_scale)
KNOBS.register("hidden_layers", knobs.hidden_layers)
KNOBS.register("layer_width", knobs.layer_width)
KNOBS.register("hidden_activation", knobs.hidden_activation)
KNOBS.register("leaky_slope", knobs.leaky_slope)


@KNOBS.register("dataset")
def dataset(names: tuple[str, ...] = tuple(n for n in DATASETS if n != "curve"),
            param: str = "data.name") -> knobs.Knob:
    unknown = [n for n in names if n not in DATASETS]
    if unknown:
        raise SettingError(f"unknown dataset {', '.join(unknown)}; known: {', '.join(DATASETS)}")
    return knobs.Knob(param, "data", names, "d", wrap=True,
                      describe="the dataset: next d, previous D")


@KNOBS.register("noise")
def noise(ladder: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3, 0.5)) -> knobs.Knob:
    return knobs.Knob("data.noise", "noise", (None, *ladder), "v",
                      fmt=lambda v: "default" if v is None else f"{v:g}",
                      describe="the data's noise: more v, less V (default: the dataset's own)")


# -- formats of a knob a lesson declares itself ------------------------------------------------------
FORMATS.register("plain", str)
FORMATS.register("g", lambda value: f"{value:g}")
FORMATS.register("signed", lambda value: f"{value:+.2f}")
FORMATS.register("activation", looks.label)
FORMATS.register("on_off", lambda on: "on" if on else "off")
FORMATS.register("list", lambda values: ",".join(map(str, values)))


# -- graders of any comparison -------------------------------------------------------------------
@grader("who_gets_below")
def who_gets_below(threshold: float) -> Prediction:
    """Two runs: which gets its cost below ``threshold`` before the end? Choices in this
    order: only the first, only the second, both, neither."""

    def reached(experiment) -> list[bool]:
        return [first_iteration_below(run.costs, threshold) is not None
                for run in experiment.runs]

    def outcome(experiment) -> int:
        first, second = reached(experiment)
        return {(True, False): 0, (False, True): 1, (True, True): 2, (False, False): 3}[
            (first, second)]

    def why(experiment) -> tuple[str, ...]:
        return tuple(
            tr("{run}: below {threshold} {when}; cost {cost} at {total}.", run=run.shown_label,
               threshold=f"{threshold:g}", cost=f"{run.costs[-1]:.3f}", total=experiment.total,
               when=when_first(first_iteration_below(run.costs, threshold), experiment.total))
            for run in experiment.runs)

    return Prediction(outcome, why, slots=(("threshold", f"{threshold:g}"),))


@grader("lowest_cost")
def lowest_cost() -> Prediction:
    """Which run ends with the lowest cost? The choices are the runs, in order (a run that
    diverged never wins). Why: each run's final cost and accuracy."""

    def outcome(experiment) -> int:
        costs = [run.costs[-1] if not run.diverged else float("inf") for run in experiment.runs]
        return int(np.argmin(costs))

    def why(experiment) -> tuple[str, ...]:
        return tuple(tr("{run}: cost {cost}, {accuracy}", run=run.shown_label,
                        cost=f"{run.costs[-1]:.3f}",
                        accuracy=percent(train_accuracy(run, experiment)))
                     for run in experiment.runs)

    return Prediction(outcome, why)


@grader("diverges")
def diverges() -> Goal:
    """A challenge to make the run diverge (too large a learning rate): passed when its cost
    overflowed or a weight blew up; why: at which iteration (the one every view says), or
    the cost from start to end."""

    def grade(spec, experiment) -> tuple[bool, str]:
        run = experiment.runs[0]
        rate = f"α {spec.run.rate:g}"
        if run.diverged:
            how = (tr("the cost overflowed") if run.trainer.diverged_by_cost
                   else tr("a weight passed {bound:g}", bound=MAX_WEIGHT))
            return True, tr("{rate}: diverged at iteration {at}: {how}", rate=rate,
                            at=run.diverged_at, how=how)
        return False, tr("{rate}: cost {start} → {end}, no divergence (e: a larger α)",
                         rate=rate, start=f"{run.costs[0]:.3f}", end=f"{run.costs[-1]:.3f}")

    return Goal(grade)


# -- facts of any training step ------------------------------------------------------------------
@fact("data_settings", settings=("noise", "test_m"))
def data_settings(spec) -> dict:
    """The data's settings beyond its name (``{{dataset}}`` is the run's own slot)."""
    noise = spec.data.noise
    return dict(noise=Phrase(term, ("default",)) if noise is None else f"{noise:g}",
                test_m=spec.data.test_m)
