"""Hand-made input features, as TensorFlow Playground offers them.

A point of the plane is (x1, x2); the network may be fed other functions of it instead of (or
beside) x1 and x2 themselves: x1^2, x2^2, x1*x2, sin(x1), sin(x2). With the features
x1^2 and x2^2 even logistic regression, whose boundary is a straight line in its inputs,
draws a circle in the plane: w1 x1^2 + w2 x2^2 + b = 0. The network's input size n_x is then
the number of features chosen, and every point it sees (the data's, a decision map's grid)
goes through the same features first (``engine.network.Network``'s ``features``).

``dnn-tutor export`` copies ``features`` into its scripts as it is written here
(commands/script.py), so it uses nothing but NumPy and this module's constants.
"""

import numpy as np

# The features by name, in TensorFlow Playground's order; each is a function of X (2, m).
FEATURE_NAMES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")
# What a network sees without hand-made features: the point itself.
RAW_FEATURES = ("x1", "x2")


def features(X, names):
    """X (2, m), one point (x1, x2) per column -> (len(names), m): one row per named feature,
    in the order of ``names`` (from FEATURE_NAMES)."""
    x1, x2 = X[0], X[1]
    rows = {"x1": x1, "x2": x2, "x1^2": x1 * x1, "x2^2": x2 * x2, "x1*x2": x1 * x2,
            "sin(x1)": np.sin(x1), "sin(x2)": np.sin(x2)}
    return np.ascontiguousarray(np.vstack([rows[name] for name in names]))


def check_features(names) -> tuple[str, ...]:
    """``names`` as a tuple, or a ValueError naming the first unknown or repeated one (and
    the allowed names); at least one."""
    names = tuple(names)
    if not names:
        raise ValueError(f"at least one feature; choose from: {', '.join(FEATURE_NAMES)}")
    for i, name in enumerate(names):
        if name not in FEATURE_NAMES:
            raise ValueError(f"unknown feature {name!r}; choose from: "
                             f"{', '.join(FEATURE_NAMES)}")
        if name in names[:i]:
            raise ValueError(f"feature {name!r} given twice")
    return names
