"""Deterministic toy datasets for the lessons.

Layout follows Andrew Ng's course: ``X`` is ``(n_x, m)`` with one column per
example, ``Y`` is ``(1, m)`` float64 (labels 0.0/1.0 for classification).

Every generator takes an explicit ``seed`` and draws only from a private
``np.random.RandomState(seed)``.  The legacy generator is used on purpose: it
is what the course notebooks (``np.random.seed``) and scikit-learn's
``make_circles``/``make_moons`` use, so we can reproduce their data bit for
bit without depending on either, and its stream is frozen across NumPy
versions.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Callable

import numpy as np

__all__ = [
    "Dataset",
    "flower",
    "circles",
    "moons",
    "xor",
    "gaussian",
    "spiral",
    "regression_curve",
    "DATASETS",
    "load",
    "standardize",
]

_TASKS = ("classification", "regression")

# TensorFlow Playground's noise slider goes from 0 to 50 %.
_PLAYGROUND_MAX_NOISE = 0.5


# eq=False: the fields are arrays, so generated __eq__/__hash__ would raise
# ("truth value of an array is ambiguous" / "unhashable type").
@dataclass(frozen=True, eq=False)
class Dataset:
    """A named dataset in course layout: X (n_x, m), Y (1, m)."""

    name: str
    X: np.ndarray
    Y: np.ndarray
    task: str  # "classification" or "regression"

    def __post_init__(self) -> None:
        # Fail at construction rather than deep inside a training loop.
        if self.task not in _TASKS:
            raise ValueError(f"task must be one of {_TASKS}, got {self.task!r}")
        if self.X.ndim != 2 or self.Y.shape != (1, self.X.shape[1]):
            raise ValueError(
                f"expected X (n_x, m) and Y (1, m), got X {self.X.shape} "
                f"and Y {self.Y.shape}"
            )


# ---------------------------------------------------------------- validation


def _check_m(m: object) -> int:
    if isinstance(m, bool) or not isinstance(m, numbers.Integral):
        raise ValueError(f"m (number of examples) must be an integer, got {m!r}")
    if m < 1:
        raise ValueError(f"m (number of examples) must be at least 1, got {m}")
    return int(m)


def _check_noise(noise: object, name: str, upper: float | None = None) -> float:
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real):
        raise ValueError(f"noise for {name!r} must be a number, got {noise!r}")
    noise = float(noise)
    if not noise >= 0:  # also rejects NaN
        raise ValueError(f"noise for {name!r} must be >= 0, got {noise}")
    if upper is not None and noise > upper:
        raise ValueError(
            f"noise for {name!r} must be between 0 and {upper} "
            f"(TensorFlow Playground's range), got {noise}"
        )
    return noise


def _rng(seed: object) -> np.random.RandomState:
    # None would silently seed from the OS and break reproducibility.
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise ValueError(f"seed must be an integer, got {seed!r}")
    return np.random.RandomState(int(seed))


def _classification(name: str, X: np.ndarray, y: np.ndarray) -> Dataset:
    """Pack (m, 2) points and (m,) labels into course layout."""
    return Dataset(
        name=name,
        X=np.ascontiguousarray(X.T, dtype=np.float64),
        Y=np.asarray(y, dtype=np.float64).reshape(1, -1),
        task="classification",
    )


# ---------------------------------------------------------------- generators


def flower(m: int = 400, seed: int = 1, noise: float = 0.2) -> Dataset:
    """The course's ``load_planar_dataset`` (Week 3): two interleaved petals.

    With the defaults this is bitwise identical to the notebook's data.  For
    odd ``m`` the notebook leaves a stray all-zero point; we give the extra
    point to class 1 instead, which changes nothing for even ``m``.
    """
    m = _check_m(m)
    noise = _check_noise(noise, "flower")
    rng = _rng(seed)
    a = 4  # maximum ray length of the petals
    counts = (m // 2, m - m // 2)
    X = np.zeros((m, 2))
    Y = np.zeros(m)
    start = 0
    for j, n in enumerate(counts):
        ix = slice(start, start + n)
        # Same draw order and arithmetic as the notebook: theta noise, then radius.
        t = np.linspace(j * 3.12, (j + 1) * 3.12, n) + rng.randn(n) * noise
        r = a * np.sin(4 * t) + rng.randn(n) * noise
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
        start += n
    return _classification("flower", X, Y)


def circles(
    m: int = 100, noise: float | None = None, seed: int = 0, factor: float = 0.8
) -> Dataset:
    """scikit-learn's ``make_circles(m, noise=noise, random_state=seed)``.

    Outer circle label 0 (m // 2 points), inner circle label 1.  Mirrors the
    sklearn 1.9 source step by step (shuffle, then noise drawn on the (m, 2)
    array) so the points match exactly.  ``noise=None`` draws no noise at all,
    which is not the same random stream as ``noise=0``.
    """
    m = _check_m(m)
    if noise is not None:
        noise = _check_noise(noise, "circles")
    if isinstance(factor, bool) or not isinstance(factor, numbers.Real):
        raise ValueError(f"factor must be a number, got {factor!r}")
    if not 0 <= factor < 1:
        raise ValueError(f"factor must be in [0, 1), got {factor}")
    rng = _rng(seed)
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
    return _classification("circles", *_sklearn_shuffle_and_noise(rng, X, y, noise))


def moons(m: int = 100, noise: float | None = None, seed: int = 0) -> Dataset:
    """scikit-learn's ``make_moons(m, noise=noise, random_state=seed)``.

    Upper moon label 0 (m // 2 points), lower moon label 1.
    """
    m = _check_m(m)
    if noise is not None:
        noise = _check_noise(noise, "moons")
    rng = _rng(seed)
    n_out = m // 2
    n_in = m - n_out
    outer_x = np.cos(np.linspace(0, np.pi, n_out))
    outer_y = np.sin(np.linspace(0, np.pi, n_out))
    inner_x = 1 - np.cos(np.linspace(0, np.pi, n_in))
    inner_y = 1 - np.sin(np.linspace(0, np.pi, n_in)) - 0.5
    X = np.vstack([np.append(outer_x, inner_x), np.append(outer_y, inner_y)]).T
    y = np.hstack([np.zeros(n_out), np.ones(n_in)])
    return _classification("moons", *_sklearn_shuffle_and_noise(rng, X, y, noise))


def _sklearn_shuffle_and_noise(
    rng: np.random.RandomState, X: np.ndarray, y: np.ndarray, noise: float | None
) -> tuple[np.ndarray, np.ndarray]:
    """What ``sklearn.utils.shuffle`` + the noise line of make_circles/moons do."""
    indices = np.arange(X.shape[0])
    rng.shuffle(indices)
    X, y = X[indices], y[indices]
    if noise is not None:
        # Drawn with the (m, 2) shape, i.e. x then y noise per point.
        X += rng.normal(scale=noise, size=X.shape)
    return X, y


def xor(m: int = 500, noise: float = 0.0, seed: int = 0) -> Dataset:
    """TensorFlow Playground's XOR: label 1 where x*y >= 0, else 0.

    Per point the Playground draws x, y, noiseX, noiseY (uniform in [-5, 5));
    we draw an (m, 4) block, whose row-major order is that same sequence.
    Noise only flips labels near the axes: stored points are noise-free, as
    in the Playground.
    """
    m = _check_m(m)
    noise = _check_noise(noise, "xor", _PLAYGROUND_MAX_NOISE)
    rng = _rng(seed)
    u = rng.uniform(-5, 5, size=(m, 4))
    padding = 0.3  # keeps points off the axes so noise-free labels are clean
    x = u[:, 0] + np.where(u[:, 0] > 0, padding, -padding)
    y = u[:, 1] + np.where(u[:, 1] > 0, padding, -padding)
    noise_x = u[:, 2] * noise
    noise_y = u[:, 3] * noise
    label = (x + noise_x) * (y + noise_y) >= 0
    return _classification("xor", np.column_stack([x, y]), label)


def gaussian(m: int = 500, noise: float = 0.0, seed: int = 0) -> Dataset:
    """TensorFlow Playground's two Gaussians: around (2, 2) label 1, (-2, -2) label 0.

    Noise maps linearly from [0, 0.5] to a variance in [0.5, 4].  Points are
    drawn x then y, class 1 first (m // 2 points), then class 0.
    """
    m = _check_m(m)
    noise = _check_noise(noise, "gaussian", _PLAYGROUND_MAX_NOISE)
    rng = _rng(seed)
    variance = 0.5 + (4 - 0.5) * (noise / _PLAYGROUND_MAX_NOISE)  # d3 linear scale
    n_pos = m // 2
    centers = np.empty((m, 2))
    centers[:n_pos] = 2.0
    centers[n_pos:] = -2.0
    # One broadcast call = m*2 scalar normal(center, sd) calls in row-major order.
    X = rng.normal(loc=centers, scale=math.sqrt(variance))
    y = np.arange(m) < n_pos
    return _classification("gaussian", X, y)


def spiral(m: int = 500, noise: float = 0.0, seed: int = 0) -> Dataset:
    """TensorFlow Playground's two-arm spiral: arm 1 label 1, arm 2 (rotated by pi) label 0.

    Each point adds uniform(-1, 1) * noise to x then y.  For odd m the second
    arm gets the extra point; the radius step stays ``m / 2`` as in the
    Playground.
    """
    m = _check_m(m)
    noise = _check_noise(noise, "spiral", _PLAYGROUND_MAX_NOISE)
    rng = _rng(seed)
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
    return _classification("spiral", np.concatenate(parts), y)


def regression_curve(m: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """1-D regression: y = 0.5*x + sin(1.5*x) + N(0, 1)*noise, x sorted in [-3, 3).

    A trend plus a wiggle, so a linear model visibly underfits and a small
    network fits it.  x is sorted so the points can be drawn as a line.
    """
    m = _check_m(m)
    noise = _check_noise(noise, "curve")
    rng = _rng(seed)
    x = np.sort(rng.uniform(-3, 3, size=m))
    y = 0.5 * x + np.sin(1.5 * x) + rng.normal(size=m) * noise
    return Dataset(name="curve", X=x.reshape(1, m), Y=y.reshape(1, m), task="regression")


# ---------------------------------------------------------------- registry


DATASETS: dict[str, Callable[..., Dataset]] = {
    "flower": flower,
    "circles": circles,
    "moons": moons,
    "xor": xor,
    "gaussian": gaussian,
    "spiral": spiral,
    "curve": regression_curve,
}


def standardize(X: np.ndarray) -> np.ndarray:
    """Each feature (row of X) shifted to mean 0 and scaled to standard deviation 1."""
    std = X.std(axis=1, keepdims=True)
    return (X - X.mean(axis=1, keepdims=True)) / np.where(std > 0, std, 1.0)


def load(
    name: str, m: int | None = None, noise: float | None = None, seed: int | None = None
) -> Dataset:
    """Build dataset ``name``; any argument left as None takes that dataset's default."""
    try:
        make = DATASETS[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown dataset {name!r}; choose one of: {', '.join(DATASETS)}"
        ) from None
    given = {"m": m, "noise": noise, "seed": seed}
    return make(**{k: v for k, v in given.items() if v is not None})
