"""Tests for engine.data: shapes, determinism, and exact agreement with the
course notebook, scikit-learn and TensorFlow Playground definitions."""

import math

import numpy as np
import pytest

from engine import data
from engine.data import DATASETS, Dataset, load

ALL_NAMES = ["flower", "circles", "moons", "xor", "gaussian", "spiral", "curve"]
CLASSIFICATION = [n for n in ALL_NAMES if n != "curve"]
# Noise levels that every dataset accepts and that actually perturb the data.
SOME_NOISE = {n: 0.1 for n in ALL_NAMES}


def assert_bitwise_equal(a, b):
    assert a.shape == b.shape and a.dtype == b.dtype
    # tobytes also tells 0.0 from -0.0, which assert_array_equal does not.
    assert a.tobytes() == np.ascontiguousarray(b).tobytes()


# --------------------------------------------------------------------- basics


def test_registry_names_and_order():
    assert list(DATASETS) == ALL_NAMES
    assert DATASETS["curve"] is data.regression_curve


@pytest.mark.parametrize("name", ALL_NAMES)
@pytest.mark.parametrize("m", [1, 2, 7, 50])
def test_shapes_dtypes_and_labels(name, m):
    ds = load(name, m=m)
    assert isinstance(ds, Dataset) and ds.name == name
    n_x = 1 if name == "curve" else 2
    assert ds.X.shape == (n_x, m) and ds.Y.shape == (1, m)
    assert ds.X.dtype == np.float64 and ds.Y.dtype == np.float64
    assert np.all(np.isfinite(ds.X)) and np.all(np.isfinite(ds.Y))
    if name == "curve":
        assert ds.task == "regression"
    else:
        assert ds.task == "classification"
        assert set(np.unique(ds.Y)) <= {0.0, 1.0}


@pytest.mark.parametrize("name", CLASSIFICATION)
@pytest.mark.parametrize("m", [100, 101])
def test_label_balance(name, m):
    # Every classification set is split m // 2 / m - m // 2 between the classes.
    Y = load(name, m=m, noise=SOME_NOISE[name]).Y
    if name == "xor":
        # XOR labels come from quadrants, so only roughly balanced.
        assert 0.35 < Y.mean() < 0.65
    else:
        assert sorted([int((Y == 0).sum()), int((Y == 1).sum())]) == [m // 2, m - m // 2]


@pytest.mark.parametrize("name", ALL_NAMES)
def test_same_seed_same_data_different_seed_different_data(name):
    noise = SOME_NOISE[name]
    a = load(name, noise=noise, seed=5)
    b = load(name, noise=noise, seed=5)
    c = load(name, noise=noise, seed=6)
    assert_bitwise_equal(a.X, b.X)
    assert_bitwise_equal(a.Y, b.Y)
    assert not np.array_equal(a.X, c.X)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_global_random_state_untouched(name):
    np.random.seed(123)
    before = np.random.get_state()[1].copy(), np.random.get_state()[2]
    load(name, noise=SOME_NOISE[name])
    after = np.random.get_state()[1], np.random.get_state()[2]
    assert np.array_equal(before[0], after[0]) and before[1] == after[1]


def test_load_none_means_defaults():
    for name, make in DATASETS.items():
        assert_bitwise_equal(load(name).X, make().X)
    assert_bitwise_equal(load("circles", m=30).X, data.circles(30).X)  # noise stays None
    assert_bitwise_equal(load("flower", seed=3).X, data.flower(seed=3).X)


def test_dataset_is_frozen_and_validated():
    ds = data.xor(m=10)
    with pytest.raises(AttributeError):
        ds.name = "other"
    assert ds != data.xor(m=10) and ds == ds  # identity equality, never array truthiness
    with pytest.raises(ValueError, match="task"):
        Dataset("x", np.zeros((2, 3)), np.zeros((1, 3)), "clustering")
    with pytest.raises(ValueError, match=r"Y \(1, m\)"):
        Dataset("x", np.zeros((2, 3)), np.zeros((1, 4)), "classification")


# ----------------------------------------------------------------- validation


def test_unknown_name_message():
    with pytest.raises(ValueError) as exc:
        load("mnist")
    assert str(exc.value) == (
        "unknown dataset 'mnist'; choose one of: "
        "flower, circles, moons, xor, gaussian, spiral, curve"
    )


@pytest.mark.parametrize("name", ALL_NAMES)
@pytest.mark.parametrize("m", [0, -3])
def test_m_must_be_positive(name, m):
    with pytest.raises(ValueError, match=f"m \\(number of examples\\) must be at least 1, got {m}"):
        load(name, m=m)


@pytest.mark.parametrize("m", [2.5, "10", True])
def test_m_must_be_an_integer(m):
    with pytest.raises(ValueError, match="must be an integer"):
        data.moons(m)


@pytest.mark.parametrize("name", ALL_NAMES)
@pytest.mark.parametrize("noise", [-0.01, float("nan")])
def test_noise_must_be_non_negative(name, noise):
    with pytest.raises(ValueError, match=f"noise for '{name}' must be >= 0"):
        load(name, noise=noise)


@pytest.mark.parametrize("name", ["xor", "gaussian", "spiral"])
def test_playground_noise_range(name):
    load(name, m=10, noise=0.0)
    load(name, m=10, noise=0.5)  # both ends of the range are allowed
    with pytest.raises(ValueError) as exc:
        load(name, m=10, noise=0.51)
    assert str(exc.value) == (
        f"noise for '{name}' must be between 0 and 0.5 "
        "(TensorFlow Playground's range), got 0.51"
    )


def test_other_datasets_allow_large_noise():
    for name in ["flower", "circles", "moons", "curve"]:
        load(name, m=10, noise=2.0)


def test_circles_factor_range():
    data.circles(10, factor=0.0)
    for bad in (1.0, -0.1):
        with pytest.raises(ValueError, match=r"factor must be in \[0, 1\)"):
            data.circles(10, factor=bad)


def test_seed_must_be_an_integer():
    with pytest.raises(ValueError, match="seed must be an integer"):
        data.xor(seed=None)


# ---------------------------------------------------------------- flower


def _course_load_planar_dataset():
    """Verbatim copy of the course's planar_utils.load_planar_dataset body."""
    np.random.seed(1)
    m = 400  # number of examples
    N = int(m / 2)  # number of points per class
    D = 2  # dimensionality
    X = np.zeros((m, D))  # data matrix where each row is a single example
    Y = np.zeros((m, 1), dtype="uint8")  # labels vector (0 for red, 1 for blue)
    a = 4  # maximum ray of the flower
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + np.random.randn(N) * 0.2  # theta
        r = a * np.sin(4 * t) + np.random.randn(N) * 0.2  # radius
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    X = X.T
    Y = Y.T
    return X, Y


def test_flower_is_bitwise_the_course_dataset():
    saved = np.random.get_state()
    try:
        X_course, Y_course = _course_load_planar_dataset()
    finally:
        np.random.set_state(saved)
    ds = data.flower()
    assert_bitwise_equal(ds.X, X_course)
    assert_bitwise_equal(ds.Y, Y_course.astype(np.float64))
    # Pinned so a change in the reference copy can't hide a change here.
    assert ds.X[:, 0].tolist() == [1.204442292254319, 3.5761141481288448]
    assert ds.X[:, 199].tolist() == [-0.5858464101358456, -3.091259938950624]
    assert ds.X[:, 200].tolist() == [-1.0704958072229525, 3.682524609580073]
    assert ds.X[:, 399].tolist() == [0.7307808250007513, 3.0683292081876545]
    assert math.fsum(ds.X.ravel()) == 10.087983277441655
    assert ds.Y[0, :200].sum() == 0 and ds.Y[0, 200:].sum() == 200


def test_flower_odd_m_has_no_stray_zero_point():
    ds = data.flower(m=5)
    assert ds.Y.tolist() == [[0, 0, 1, 1, 1]]
    assert np.all(np.abs(ds.X).sum(axis=0) > 0)


# ------------------------------------------------- circles / moons (sklearn)

# Fixtures from scikit-learn 1.9.1 (NumPy 2.4.6), produced once by
#   X, y = make_circles(m, noise=noise, random_state=RandomState(seed))   # or make_moons
# head/last are rows of sklearn's (m, 2) X, labels is "".join(map(str, y)),
# sum_X is math.fsum(X.ravel()) (order-independent, so exact).
SKLEARN_FIXTURES = [
    dict(
        name="circles", m=300, noise=0.05, seed=1,
        head=[(-0.07741354010048114, 0.8526022642742742),
              (0.43186959584803564, -0.8721450395952108),
              (0.07916502322979652, 0.8406610985900007),
              (-0.6309210111612984, 0.3962870667686345),
              (-0.2730997935130471, -1.0550613480012183)],
        last=(-0.061145412565262895, 0.9298264080659127),
        labels="101100101110100001100010001011011000010111100111010111100111110101010110"
               "000010001010011111100011011010010110001100100110111000010110111101100000"
               "001010101110011010110101101111010010100010111001100101001011011110101001"
               "010001111010011001010010011000011010110110100000000100011110000011001111"
               "111000011010",
        sum_X=0.10318058999808989, sum_Y=150,
    ),
    dict(
        name="circles", m=100, noise=0.05, seed=2,
        head=[(-0.5242373850862546, -0.6091036148461817),
              (-0.8508922630636758, -0.5214512721012066),
              (0.5540839520797971, 0.4871108447794652),
              (-1.0079642422777233, 0.1692031805153818),
              (-0.3466989102961085, 0.9057751478352405)],
        last=(0.3438483715909715, -0.9192735912720769),
        labels="1010000000111000001100101001111000010110011110001101011010101111111111101111001001000010110001100100",
        sum_X=-0.41825307066078393, sum_Y=50,
    ),
    dict(
        name="moons", m=200, noise=0.2, seed=0,
        head=[(0.7434611761955393, 0.46465632837724596),
              (1.6575566177861694, -0.6320315690978895),
              (-0.15878874793151554, 0.2558446471363228),
              (-1.0887519983835072, -0.3969431539482845),
              (1.7680519965450283, -0.2544321270607858)],
        last=(1.5215204998025176, -0.12589229565958063),
        labels="011011010101110001001101011110001101100110011000110110100100101010010010"
               "111010011011100011001011110111000100100000010110001010011100011110101100"
               "00110111001011001101110111000011100010111001000000101101",
        sum_X=148.95806682913354, sum_Y=100,
    ),
    dict(
        name="circles", m=7, noise=None, seed=3,
        head=[(4.898587196589413e-17, 0.8),
              (-1.4695761589768238e-16, -0.8),
              (-0.8, 9.797174393178826e-17),
              (0.8, 0.0),
              (-0.4999999999999998, 0.8660254037844387)],
        last=(-0.5000000000000004, -0.8660254037844384),
        labels="1111000",
        sum_X=1.1102230246251565e-16, sum_Y=4,
    ),
]


@pytest.mark.parametrize(
    "fx", SKLEARN_FIXTURES, ids=lambda f: f"{f['name']}-m{f['m']}-noise{f['noise']}-seed{f['seed']}"
)
def test_matches_scikit_learn(fx):
    ds = DATASETS[fx["name"]](fx["m"], noise=fx["noise"], seed=fx["seed"])
    np.testing.assert_array_equal(ds.X[:, :5].T, np.array(fx["head"]))
    np.testing.assert_array_equal(ds.X[:, -1], np.array(fx["last"]))
    assert "".join(str(int(v)) for v in ds.Y[0]) == fx["labels"]
    assert math.fsum(ds.X.ravel()) == fx["sum_X"]
    assert ds.Y.sum() == fx["sum_Y"]


def test_course_initialization_circles():
    # np.random.seed(1); make_circles(n_samples=300, noise=.05) uses the global
    # RandomState seeded with 1 -- the same stream as circles(300, 0.05, seed=1).
    train = data.circles(300, 0.05, seed=1)
    test = data.circles(100, 0.05, seed=2)
    assert train.X.shape == (2, 300) and test.X.shape == (2, 100)
    assert train.X[:, 0].tolist() == list(SKLEARN_FIXTURES[0]["head"][0])
    assert test.X[:, 0].tolist() == list(SKLEARN_FIXTURES[1]["head"][0])


def test_circles_geometry_without_noise():
    ds = data.circles(200, factor=0.5)
    radius = np.hypot(*ds.X)
    np.testing.assert_allclose(radius[ds.Y[0] == 0], 1.0, rtol=0, atol=1e-15)
    np.testing.assert_allclose(radius[ds.Y[0] == 1], 0.5, rtol=0, atol=1e-15)


def test_moons_geometry_without_noise():
    ds = data.moons(200)
    upper = ds.X[:, ds.Y[0] == 0]
    lower = ds.X[:, ds.Y[0] == 1]
    np.testing.assert_allclose(np.hypot(*upper), 1.0, rtol=0, atol=1e-15)
    np.testing.assert_allclose(np.hypot(lower[0] - 1, lower[1] - 0.5), 1.0, rtol=0, atol=1e-15)
    assert upper[1].min() >= 0 and lower[1].max() <= 0.5


def test_noise_none_and_zero_differ_only_in_random_stream():
    # sklearn draws (and adds) zero noise for noise=0.0, so the points agree.
    np.testing.assert_array_equal(data.moons(50, noise=None).X, data.moons(50, noise=0.0).X)


# ----------------------------------------- TensorFlow Playground (dataset.ts)
# Scalar, line-by-line translations of dataset.ts with Math.random replaced by
# the RandomState; the vectorised implementations must draw in the same order.


def _ts_xor(m, noise, seed):
    rng = np.random.RandomState(seed)
    pts, labels = [], []
    for _ in range(m):
        x = rng.uniform(-5, 5)
        padding = 0.3
        x += padding if x > 0 else -padding
        y = rng.uniform(-5, 5)
        y += padding if y > 0 else -padding
        noise_x = rng.uniform(-5, 5) * noise
        noise_y = rng.uniform(-5, 5) * noise
        labels.append(1.0 if (x + noise_x) * (y + noise_y) >= 0 else 0.0)
        pts.append((x, y))
    return np.array(pts).T, np.array([labels])


def _ts_gaussian(m, noise, seed):
    rng = np.random.RandomState(seed)
    variance = 0.5 + (4 - 0.5) * (noise / 0.5)
    pts, labels = [], []
    for cx, cy, label, count in ((2, 2, 1.0, m // 2), (-2, -2, 0.0, m - m // 2)):
        for _ in range(count):
            x = rng.normal(cx, math.sqrt(variance))
            y = rng.normal(cy, math.sqrt(variance))
            pts.append((x, y))
            labels.append(label)
    return np.array(pts).T, np.array([labels])


def _ts_spiral(m, noise, seed):
    rng = np.random.RandomState(seed)
    n = m / 2
    pts, labels = [], []
    for delta_t, label, count in ((0.0, 1.0, m // 2), (math.pi, 0.0, m - m // 2)):
        for i in range(count):
            r = i / n * 5
            t = 1.75 * i / n * 2 * math.pi + delta_t
            x = r * math.sin(t) + rng.uniform(-1, 1) * noise
            y = r * math.cos(t) + rng.uniform(-1, 1) * noise
            pts.append((x, y))
            labels.append(label)
    return np.array(pts).T, np.array([labels])


@pytest.mark.parametrize("m,noise,seed", [(500, 0.0, 0), (501, 0.5, 7), (1, 0.3, 2)])
def test_xor_matches_playground_draw_order(m, noise, seed):
    ds = data.xor(m, noise, seed)
    X, Y = _ts_xor(m, noise, seed)
    assert_bitwise_equal(ds.X, X)
    assert_bitwise_equal(ds.Y, Y)


@pytest.mark.parametrize("m,noise,seed", [(500, 0.0, 0), (501, 0.5, 7), (1, 0.3, 2)])
def test_gaussian_matches_playground_draw_order(m, noise, seed):
    ds = data.gaussian(m, noise, seed)
    X, Y = _ts_gaussian(m, noise, seed)
    assert_bitwise_equal(ds.X, X)
    assert_bitwise_equal(ds.Y, Y)


@pytest.mark.parametrize("m,noise,seed", [(500, 0.0, 0), (501, 0.5, 7), (1, 0.3, 2)])
def test_spiral_matches_playground_draw_order(m, noise, seed):
    ds = data.spiral(m, noise, seed)
    X, Y = _ts_spiral(m, noise, seed)
    # np.sin/np.cos may differ from math.sin/cos in the last ulp; a draw-order
    # mistake would show up as differences of order `noise`.
    np.testing.assert_allclose(ds.X, X, rtol=0, atol=1e-12)
    assert_bitwise_equal(ds.Y, Y)


def test_xor_labels_are_sign_product_without_noise():
    ds = data.xor(1000, noise=0.0, seed=3)
    x, y = ds.X
    np.testing.assert_array_equal(ds.Y[0], (x * y >= 0).astype(float))
    # Padding keeps every point at least 0.3 away from both axes.
    assert np.abs(ds.X).min() >= 0.3 and np.abs(ds.X).max() <= 5.3


def test_xor_noise_flips_labels_but_not_points():
    clean = data.xor(1000, noise=0.0, seed=3)
    noisy = data.xor(1000, noise=0.5, seed=3)
    assert_bitwise_equal(clean.X, noisy.X)
    flipped = clean.Y != noisy.Y
    assert 0 < flipped.sum() < 500


def test_gaussian_class_means_and_spread():
    ds = data.gaussian(4000, noise=0.0, seed=1)
    pos = ds.X[:, ds.Y[0] == 1]
    neg = ds.X[:, ds.Y[0] == 0]
    np.testing.assert_allclose(pos.mean(axis=1), [2, 2], atol=0.05)
    np.testing.assert_allclose(neg.mean(axis=1), [-2, -2], atol=0.05)
    np.testing.assert_allclose(pos.var(axis=1), [0.5, 0.5], rtol=0.1)
    wide = data.gaussian(4000, noise=0.5, seed=1)
    np.testing.assert_allclose(wide.X[:, wide.Y[0] == 1].var(axis=1), [4, 4], rtol=0.1)


def test_spiral_geometry_without_noise():
    ds = data.spiral(500, noise=0.0)
    arm1 = ds.X[:, :250]
    arm2 = ds.X[:, 250:]
    assert ds.Y[0, :250].tolist() == [1.0] * 250 and ds.Y[0, 250:].tolist() == [0.0] * 250
    # Radius grows linearly from 0 to just under 5; arm 2 is arm 1 rotated by pi.
    np.testing.assert_allclose(np.hypot(*arm1), np.arange(250) / 250 * 5, atol=1e-12)
    np.testing.assert_allclose(arm2, -arm1, atol=1e-12)
    assert np.hypot(*ds.X).max() < 5


def test_spiral_noise_is_bounded():
    clean = data.spiral(400, noise=0.0, seed=4)
    noisy = data.spiral(400, noise=0.5, seed=4)
    delta = np.abs(noisy.X - clean.X)
    assert delta.max() <= 0.5 and delta.max() > 0.4


# ----------------------------------------------------------------- curve


def test_curve_is_sorted_smooth_plus_noise():
    ds = data.regression_curve(500, noise=0.1, seed=2)
    x = ds.X[0]
    assert np.all(np.diff(x) >= 0) and x.min() >= -3 and x.max() <= 3
    residual = ds.Y[0] - (0.5 * x + np.sin(1.5 * x))
    assert abs(residual.mean()) < 0.02 and 0.08 < residual.std() < 0.12
    clean = data.regression_curve(500, noise=0.0, seed=2)
    np.testing.assert_array_equal(clean.X, ds.X)
    np.testing.assert_allclose(clean.Y[0], 0.5 * x + np.sin(1.5 * x), rtol=0, atol=1e-15)


def test_standardize_gives_each_feature_mean_0_and_deviation_1():
    from engine.data import standardize

    X = np.vstack([np.linspace(-3, 9, 50), np.full(50, 4.0)])  # a constant row stays finite
    S = standardize(X)
    np.testing.assert_allclose(S[0].mean(), 0, atol=1e-12)
    np.testing.assert_allclose(S[0].std(), 1, rtol=1e-12)
    np.testing.assert_array_equal(S[1], 0.0)


def test_every_built_in_set_has_the_features_it_says():
    from engine.data import DATASETS, N_FEATURES, load

    for name in DATASETS:
        assert load(name, m=10).X.shape[0] == N_FEATURES[name], name
