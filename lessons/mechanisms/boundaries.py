"""Mechanisms of "linear versus deep decision boundaries" (claim C18;
``lessons/course/boundaries/lesson.toml``).

One layer (logistic regression) separates the plane with a line; hidden layers with a
nonlinear g bend the boundary, and more units or layers fit finer structure. Every map is the
network's own output over the plane, computed while it trains.
"""

from __future__ import annotations

from engine.training import MAX_WEIGHT

from ..checkpoints import Goal, grader
from ..experiments import first_iteration_below
from ..i18n import tr, tr_in
from ..wording import Phrase, count, listing, term, when_first
from ..facts import fact, run_to
from ..registry import COLUMNS
from ..views import Column, percent, test_accuracy, train_accuracy


# -- the size of a network ---------------------------------------------------------------------------
def parameter_count(layer_dims) -> int:
    """Every W[l] (n[l] × n[l-1]) and b[l] (n[l] × 1) of a network with these layer sizes."""
    return sum(n * (n_before + 1) for n, n_before in zip(layer_dims[1:], layer_dims[:-1]))


PARAMETERS = COLUMNS.register("parameters", Column(
    "params", lambda run, experiment: f"{parameter_count(run.network.layer_dims):,}",
    setting=True))


# -- facts the texts quote ---------------------------------------------------------------------------
@fact("line_bend_detail", "line", "bend", "deep", settings=("bend_params", "deep_params"))
def comparison_facts(spec) -> dict:
    """Train and test accuracy of the three runs: a line, a bend, finer detail; and the
    parameter counts of the last two (the deeper net is also the larger: the text says so)."""
    experiment = run_to(spec)
    out = {}
    for name, run in zip(("line", "bend", "deep"), experiment.runs):
        if run.spec.hidden:
            out[f"{name}_params"] = f"{parameter_count(run.network.layer_dims):,}"
        if run.diverged:
            out[name] = Phrase(term, ("diverged",))
        else:
            out[name] = Phrase(term, ("{train} (test {test})", (
                ("train", percent(train_accuracy(run, experiment))),
                ("test", percent(test_accuracy(run, experiment))))))
    return out


# The course's hidden-layer sizes, one run each: the text quotes acc_1 … acc_50.
HIDDEN_SIZES = (1, 2, 3, 4, 5, 20, 50)


@fact("hidden_sizes", *(f"acc_{n}" for n in HIDDEN_SIZES))
def sweep_facts(spec) -> dict:
    experiment = run_to(spec)
    out = {}
    for run, n in zip(experiment.runs, HIDDEN_SIZES):
        out[f"acc_{n}"] = percent(train_accuracy(run, experiment))
    return out


@fact("train_accuracy", "accuracy")
def units_facts(spec) -> dict:
    """The (first) run's accuracy on its training set at the end."""
    experiment = run_to(spec)
    return dict(accuracy=percent(train_accuracy(experiment.runs[0], experiment)))


def play_verdict(diverged: bool, dead_layer: int | None, train: str, test: str,
                 lang: str | None = None) -> str:
    """What became of the learner's run, in ``lang``: it diverged (the cost overflowed or a
    weight passed the bound), it is stuck (every unit of a hidden layer dead:
    ``engine.probes.dead_layer``), or its train and test accuracy."""
    if diverged:
        return tr_in(lang, "it diverges: lower α (E)")
    if dead_layer is not None:
        return tr_in(lang, "stuck, every unit of layer {l} dead (z < 0 for every point): the "
                           "output is the same everywhere and no gradient reaches layer {l} or "
                           "below; train {train}, test {test}; lower α (E)",
                 l=dead_layer, train=train, test=test)
    return tr_in(lang, "train {train}, test {test}", train=train, test=test)


@fact("play_result", "result")
def play_facts(spec) -> dict:
    """Train and test accuracy of the learner's own network, or that it diverged or got
    stuck with a layer of dead units (a ReLU run at α 10: cost flat, 50 %)."""
    experiment = run_to(spec)
    run = experiment.runs[0]
    if run.diverged:
        return dict(result=Phrase(play_verdict, (True, None, "—", "—")))
    return dict(result=Phrase(play_verdict, (
        False, run.dead_layer, percent(train_accuracy(run, experiment)),
        percent(test_accuracy(run, experiment)))))


# Depth or width: the cost both runs must get below, the moment the text compares (measured:
# see the step's comment in lesson.toml).
DEPTH_THRESHOLD = 0.3


@fact("depth_versus_width", "wide_below", "deep_below", "wide_train", "deep_train", "wide_test",
      "deep_test", settings=("wide", "deep", "params", "threshold"))
def depth_width_facts(spec) -> dict:
    """One wide hidden layer (the first run) against a deeper net (the second): their units a
    layer and parameter counts, when each first got its cost below DEPTH_THRESHOLD, and each
    one's train and test accuracy at the end (— for a run that diverged)."""
    experiment = run_to(spec)
    out = {}
    counts = []
    for name, run in zip(("wide", "deep"), experiment.runs):
        # units a layer, each size once: "16" for two layers of 16 (the text says how many)
        out[name] = ", ".join(dict.fromkeys(map(str, run.spec.hidden)))
        counts.append(parameter_count(run.network.layer_dims))
        at = None if run.diverged else first_iteration_below(run.costs, DEPTH_THRESHOLD)
        out[f"{name}_below"] = Phrase(when_first, (at, experiment.total))
        for which, measure in (("train", train_accuracy), ("test", test_accuracy)):
            out[f"{name}_{which}"] = "—" if run.diverged else percent(measure(run, experiment))
    out["params"] = (f"{counts[0]:,}" if counts[0] == counts[1]
                     else " / ".join(f"{c:,}" for c in counts))
    out["threshold"] = f"{DEPTH_THRESHOLD:g}"
    return out


@fact("weight_bound", settings=("bound",))
def weight_bound_facts(spec) -> dict:
    """The weight size past which a run counts as diverged (``engine.training.MAX_WEIGHT``),
    as the diverge checkpoint's text and grade say it."""
    return dict(bound=f"{MAX_WEIGHT:g}")


# -- checkpoints --------------------------------------------------------------------------------------
@grader("small_net_test_accuracy")
def small_net_test_accuracy(goal: float = 0.95, most_layers: int = 2,
                            most_units: int = 8) -> Goal:
    """A test accuracy of at least ``goal`` with at most ``most_layers`` hidden layers of at
    most ``most_units`` units. The knobs may go further: a network too large does not count,
    and the grade says why."""

    def grade(spec, experiment) -> tuple[bool, str]:
        run = experiment.runs[0]
        if run.diverged:
            return False, tr("diverged: no boundary at all (a smaller α: E)")
        accuracy = test_accuracy(run, experiment)
        hidden = spec.run.hidden
        too_big = []
        if len(hidden) > most_layers:
            too_big.append(tr("{layers} (at most {most})",
                              layers=count(len(hidden), "hidden layer"), most=most_layers))
        if hidden and max(hidden) > most_units:
            too_big.append(tr("{units} a layer (at most {most})",
                              units=count(max(hidden), "unit"), most=most_units))
        line = tr("test {accuracy} with {network}", accuracy=percent(accuracy),
                  network=spec.run.describe())
        if too_big:
            return False, tr("{line}, but it does not count: {why}", line=line,
                             why=listing(too_big))
        if accuracy >= goal:
            return True, tr("{line}: at least {goal}", line=line, goal=f"{goal:.0%}")
        return False, tr("{line}: below {goal}", line=line, goal=f"{goal:.0%}")

    return Goal(grade, slots=(("test_goal", f"{goal:.0%}"), ("most_layers", most_layers),
                              ("most_units", most_units)))
