"""Mechanisms of "hand-made features against learned ones" (the last step of the boundaries
lesson, claim C18): logistic regression on the point (x1, x2) and on features of it
(x1^2, x2^2), the same one unit, on the same circles.
"""

from __future__ import annotations

import numpy as np

from engine.features import RAW_FEATURES
from engine.probes import grid_bounds, output_grid

from ..facts import fact, run_to
from ..views import percent, test_accuracy, train_accuracy


@fact("features_versus_line", "line_train", "line_test", "line_range", "feat_train", "feat_test",
      settings=("raw", "features"))
def features_facts(spec) -> dict:
    """The inputs of the two runs, named from their specs (the first: the point itself);
    each run's train and test accuracy at the end (— for a run that diverged); and the range
    of the first run's output A[L] over the plane its map shows (near 0.5 everywhere: a grey
    map, no line)."""
    experiment = run_to(spec)
    out = {}
    for (name, slot), run in zip((("raw", "line"), ("features", "feat")), experiment.runs):
        out[name] = ", ".join(run.spec.features or RAW_FEATURES)
        for which, measure in (("train", train_accuracy), ("test", test_accuracy)):
            out[f"{slot}_{which}"] = "—" if run.diverged else percent(measure(run, experiment))
    # The plane of the decision map: around the training and the test points.
    points = [experiment.data.X] + ([experiment.test.X] if experiment.test is not None else [])
    line = experiment.runs[0]
    output = output_grid(line.network, grid_bounds(np.hstack(points)), 40, 40).output
    out["line_range"] = ("—" if line.diverged else
                         f"{float(np.min(output)):.3f}–{float(np.max(output)):.3f}")
    return out
