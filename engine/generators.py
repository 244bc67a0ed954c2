"""The datasets' generators: plain NumPy, in the course's layout.

X is (n_x, m), one column per example, and Y is (1, m) (labels 0.0 and 1.0 for a
classification). Each generator draws only from its own np.random.RandomState(seed), in a fixed
order, so a seed gives the same data bit for bit. The legacy RandomState on purpose: it is
what the course's notebooks (np.random.seed) and scikit-learn's make_circles/make_moons use, so
their data come out exactly without depending on either, and its stream is frozen across NumPy
versions.

The arguments are not checked here: ``engine.data`` checks them and names the result (a
``Dataset``). ``dnn-tutor export`` copies these functions into its scripts as they are written
here (commands/script.py), so they use nothing but NumPy, Python and each other.
"""

import numpy as np

# TensorFlow Playground's noise slider goes from 0 to 50 %.
PLAYGROUND_MAX_NOISE = 0.5


def course_layout(points, labels):
    """(m, 2) points and (m,) labels -> X (2, m) and Y (1, m), one column per example."""
    X = np.ascontiguousarray(points.T, dtype=np.float64)
    Y = np.asarray(labels, dtype=np.float64).reshape(1, -1)
    return X, Y


def flower(m, noise, seed):
    """The course's load_planar_dataset (Week 3): two interleaved petals, class 0 then 1.

    With m = 400, noise = 0.2 and seed = 1 these are the notebook's data, bit for bit. For odd
    m the notebook leaves a stray all-zero point; here the extra point goes to class 1, which
    changes nothing for even m.
    """
    rng = np.random.RandomState(seed)
    a = 4  # maximum ray length of the petals
    counts = (m // 2, m - m // 2)
    X = np.zeros((m, 2))
    Y = np.zeros(m)
    start = 0
    for j, n in enumerate(counts):
        ix = slice(start, start + n)
        # The notebook's draw order and arithmetic: theta noise, then radius noise.
        t = np.linspace(j * 3.12, (j + 1) * 3.12, n) + rng.randn(n) * noise
        r = a * np.sin(4 * t) + rng.randn(n) * noise
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
        start += n
    return course_layout(X, Y)


def sklearn_shuffle_and_noise(rng, X, y, noise):
    """What sklearn.utils.shuffle and the noise line of make_circles/make_moons do."""
    indices = np.arange(X.shape[0])
    rng.shuffle(indices)
    X, y = X[indices], y[indices]
    if noise is not None:
        # Drawn with the (m, 2) shape, i.e. x then y noise per point.
        X += rng.normal(scale=noise, size=X.shape)
    return X, y


def circles(m, noise, seed, factor=0.8):
    """scikit-learn's make_circles(m, noise=noise, random_state=seed): the outer circle is
    class 0 (m // 2 points), the inner one (radius factor) class 1.

    The sklearn 1.9 source step by step (shuffle, then the noise drawn on the (m, 2) array),
    so the points are the same. noise=None draws no noise at all, which is not the same
    random stream as noise=0.
    """
    rng = np.random.RandomState(seed)
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
    return course_layout(*sklearn_shuffle_and_noise(rng, X, y, noise))


def moons(m, noise, seed):
    """scikit-learn's make_moons(m, noise=noise, random_state=seed): the upper moon is
    class 0 (m // 2 points), the lower one class 1."""
    rng = np.random.RandomState(seed)
    n_out = m // 2
    n_in = m - n_out
    outer_x = np.cos(np.linspace(0, np.pi, n_out))
    outer_y = np.sin(np.linspace(0, np.pi, n_out))
    inner_x = 1 - np.cos(np.linspace(0, np.pi, n_in))
    inner_y = 1 - np.sin(np.linspace(0, np.pi, n_in)) - 0.5
    X = np.vstack([np.append(outer_x, inner_x), np.append(outer_y, inner_y)]).T
    y = np.hstack([np.zeros(n_out), np.ones(n_in)])
    return course_layout(*sklearn_shuffle_and_noise(rng, X, y, noise))


def xor(m, noise, seed):
    """TensorFlow Playground's XOR: class 1 where x*y >= 0, else class 0.

    Per point the Playground draws x, y, noiseX, noiseY (uniform in [-5, 5)); an (m, 4)
    block in row-major order is that same sequence. Noise only flips labels near the axes:
    the points themselves are kept noise-free, as in the Playground.
    """
    rng = np.random.RandomState(seed)
    u = rng.uniform(-5, 5, size=(m, 4))
    padding = 0.3  # keeps points off the axes so noise-free labels are clean
    x = u[:, 0] + np.where(u[:, 0] > 0, padding, -padding)
    y = u[:, 1] + np.where(u[:, 1] > 0, padding, -padding)
    noise_x = u[:, 2] * noise
    noise_y = u[:, 3] * noise
    label = (x + noise_x) * (y + noise_y) >= 0
    return course_layout(np.column_stack([x, y]), label)


def gaussian(m, noise, seed):
    """TensorFlow Playground's two Gaussians: around (2, 2) class 1 (the first m // 2
    points), around (-2, -2) class 0.

    The noise, 0..0.5, maps linearly to a variance 0.5..4. Points are drawn x then y.
    """
    rng = np.random.RandomState(seed)
    variance = 0.5 + (4 - 0.5) * (noise / PLAYGROUND_MAX_NOISE)  # d3's linear scale
    n_pos = m // 2
    centers = np.empty((m, 2))
    centers[:n_pos] = 2.0
    centers[n_pos:] = -2.0
    # One broadcast call = m*2 scalar normal(center, sd) calls in row-major order.
    X = rng.normal(loc=centers, scale=np.sqrt(variance))
    y = np.arange(m) < n_pos
    return course_layout(X, y)


def spiral(m, noise, seed):
    """TensorFlow Playground's two-arm spiral: arm 1 class 1, arm 2 (turned by pi) class 0.

    Each point adds uniform(-1, 1) * noise to x then y. For odd m the second arm gets the
    extra point; the radius step stays m / 2, as in the Playground.
    """
    rng = np.random.RandomState(seed)
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
    return course_layout(np.concatenate(parts), y)


def regression_curve(m, noise, seed):
    """1-D regression: y = 0.5 x + sin(1.5 x) + N(0, 1) * noise, x sorted in [-3, 3).

    A trend plus a wiggle, so a linear model visibly underfits and a small network fits it;
    x is sorted so the points can be drawn as a line. Returns X (1, m) and Y (1, m).
    """
    rng = np.random.RandomState(seed)
    x = np.sort(rng.uniform(-3, 3, size=m))
    y = 0.5 * x + np.sin(1.5 * x) + rng.normal(size=m) * noise
    return x.reshape(1, m), y.reshape(1, m)


# The generator of each of engine.data's datasets, by the dataset's name.
GENERATORS = {"flower": flower, "circles": circles, "moons": moons, "xor": xor,
              "gaussian": gaussian, "spiral": spiral, "curve": regression_curve}
