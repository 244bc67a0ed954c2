"""The network's code in an exported script, written out from templates: one per option, for
this one run only (the initialisation chosen, the activations the network uses, the L2 term and
the mini-batches when asked for), in the course's notation and function names.

Templates and not the engine's own classes: those serve every run at once, and the script has
to read as the course's functions. Every array operation is the engine's, in the engine's order
(``1 / (1 + e^-z)``, the cross-entropy from the logits Z[L], ``(dZ @ A_prev.T) / m`` ...),
since a different order rounds differently and, over thousands of steps, prints different
digits; tests/commands/test_export.py runs each piece against the engine's.
"""

from __future__ import annotations

import argparse
import shlex
import textwrap

from engine.training import BOUND_CHECK_EVERY, MAX_WEIGHT

from .run import Run


def quoted(text: str, *, shell: bool = False) -> str:
    """``text`` (a file name, a label: anything a user chose) as it may appear in the script.
    Every piece of user text that reaches the script goes through here.

    A Python string literal in printable ASCII: ``ascii(text)``, which escapes every character
    that is not printable ASCII (line breaks, NUL, lone surrogates from undecodable bytes,
    bidi controls, an emoji, Hangul...), always in single quotes, with ``"`` written
    ``\\x22``. So in code it is the same text, and in a ``#`` comment or a triple-quoted
    docstring nothing in it can end the line, the comment or the string (no line break, no
    ``\"\"\"``); and the script stays ASCII, which any editor, terminal or locale shows.

    With ``shell=True``, for the command line in the header comment: the shell's own word
    (``shlex.quote``) when ``text`` is printable ASCII, as that is one line a comment holds and
    a shell reads back exactly; otherwise the Python literal (a POSIX shell has no word for it
    that is one line of ASCII).
    """
    if shell and text.isascii() and text.isprintable():
        return shlex.quote(text)
    literal = ascii(text)
    if literal.startswith('"'):  # ascii's choice for a text with ' and no "
        literal = "'" + literal[1:-1].replace("'", "\\'") + "'"
    return literal.replace('"', "\\x22")


def unique(names: list[str]) -> list[str]:
    """The names in the order of first use, each once."""
    return list(dict.fromkeys(names))


def section(title: str) -> str:
    """A section's title: a comment line ruled to 79 columns."""
    return f"# -- {title} ".ljust(79, "-").rstrip()


def network_code(args: argparse.Namespace, run: Run, batch_size: int | None) -> list[str]:
    """The script's parts after its data, up to its main block: initialisation, activations,
    forward propagation and the cost, backward propagation and the update, training, the
    score; each part a top-level definition or a section's title."""
    used = [*run.hidden, run.output]
    parts = [
        section("initialisation"),
        _initialize_parameters(args.init),
        section("the activations g(z), and dZ = dA * g'(Z) for the hidden layers"),
        *[_ACTIVATION_SOURCE[name][0] for name in unique(used)],
        *[_ACTIVATION_SOURCE[name][1] for name in unique(run.hidden)],
        section("forward propagation and the cost"),
        _LINEAR_ACTIVATION_FORWARD.replace("    BRANCHES\n", _branches(
            used, "A", {name: f"{_ACTIVATION_SOURCE[name][2]}(Z)" for name in used})),
        _FORWARD_PROPAGATION,
        _COMPUTE_COST[run.output, args.l2 > 0],
        section("backward propagation and the update"),
        _backward(run, args.l2 > 0),
        _UPDATE_PARAMETERS,
        section("training"),
    ]
    if batch_size is not None:
        parts.append(_RANDOM_MINI_BATCHES)
    return parts + [_ALL_FINITE, _model(args, run, batch_size), section("the score"),
                    _PREDICT[run.output]]


def _branches(names: list[str], target: str, calls: dict[str, str]) -> str:
    """``if activation == "a": target = call(...)`` / ``elif ...`` for each name used, then an
    error for any other: the script knows only the activations of its network."""
    lines = []
    for i, name in enumerate(unique(names)):
        lines.append(f'{"if" if i == 0 else "elif"} activation == {quoted(name)}:')
        lines.append(f"    {target} = {calls[name]}")
    lines += ["else:", '    raise ValueError(f"this script has no activation {activation!r}")']
    return textwrap.indent("\n".join(lines), "    ") + "\n"


# -- templates: initialisation ------------------------------------------------------------------

_INIT = {  # init -> (what it is, the W[l] expression)
    "zeros": ("Zeros: W[l] = 0 and b[l] = 0. Nothing is drawn, and every unit of a layer "
              "starts\n    the same as the others (the symmetry that random weights break).",
              "np.zeros((n, n_prev))"),
    "constant": ("Every weight equal to INIT_SCALE, b[l] = 0. Nothing is drawn, and every "
                 "unit of a\n    layer starts the same as the others.",
                 "np.full((n, n_prev), INIT_SCALE)"),
    "small": ("Small random weights: W[l] = randn(n[l], n[l-1]) * INIT_SCALE, b[l] = 0.",
              "rng.randn(n, n_prev) * INIT_SCALE"),
    "large": ("Large random weights: W[l] = randn(n[l], n[l-1]) * INIT_SCALE, b[l] = 0.",
              "rng.randn(n, n_prev) * INIT_SCALE"),
    "xavier": ("Xavier: W[l] = randn(n[l], n[l-1]) * sqrt(1 / n[l-1]), b[l] = 0.",
               "rng.randn(n, n_prev) * np.sqrt(1 / n_prev)"),
    "he": ("He: W[l] = randn(n[l], n[l-1]) * sqrt(2 / n[l-1]), b[l] = 0.",
           "rng.randn(n, n_prev) * np.sqrt(2 / n_prev)"),
}


def _initialize_parameters(init: str) -> str:
    what, W = _INIT[init]
    if init in ("zeros", "constant"):
        signature, rng, drawn = "layer_dims", "", ""
    else:
        signature = "layer_dims, seed"
        rng = "    rng = np.random.RandomState(seed)\n"
        drawn = ("\n\n    The weights are drawn in layer order from RandomState(seed), as "
                 "np.random.seed(seed)\n    and then np.random.randn do in the notebooks.")
    return (f'def initialize_parameters({signature}):\n    """{what}{drawn}\n    """\n{rng}'
            "    parameters = {}\n"
            "    for l in range(1, len(layer_dims)):\n"
            "        n, n_prev = layer_dims[l], layer_dims[l - 1]\n"
            f'        parameters["W" + str(l)] = {W}\n'
            '        parameters["b" + str(l)] = np.zeros((n, 1))\n'
            "    return parameters\n")


# -- templates: activations ---------------------------------------------------------------------
# name -> (g, its backward, the function's name in the script)
_ACTIVATION_SOURCE = {
    "sigmoid": ('''
def sigmoid(Z):
    """sigma(z) = 1 / (1 + e^-z). Where z < -709.78, e^-z overflows to inf and
    1 / (1 + inf) = 0 is the right value: that overflow is no reason for a warning."""
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-Z))
''', '''
def sigmoid_backward(dA, A):
    """dZ = dA * sigma'(Z), with sigma'(z) = a (1 - a) from A = sigma(Z)."""
    return dA * (A * (1 - A))
''', "sigmoid"),
    "tanh": ('''
def tanh(Z):
    """tanh(z) = (e^z - e^-z) / (e^z + e^-z)."""
    return np.tanh(Z)
''', '''
def tanh_backward(dA, A):
    """dZ = dA * tanh'(Z), with tanh'(z) = 1 - a^2 from A = tanh(Z)."""
    return dA * (1 - A * A)
''', "tanh"),
    "relu": ('''
def relu(Z):
    """ReLU(z) = max(0, z)."""
    return np.maximum(Z, 0.0)
''', '''
def relu_backward(dA, Z):
    """dZ = dA * ReLU'(Z), with ReLU'(z) = 1 where z >= 0 (at z = 0 by the course's
    convention) and 0 where z < 0."""
    return dA * (Z >= 0).astype(float)
''', "relu"),
    "leaky_relu": ('''
def leaky_relu(Z, slope=LEAKY_SLOPE):
    """LeakyReLU(z) = max(slope z, z): z where z >= 0, slope z where z < 0."""
    return np.where(Z >= 0, Z, slope * Z)
''', '''
def leaky_relu_backward(dA, Z, slope=LEAKY_SLOPE):
    """dZ = dA * LeakyReLU'(Z), with LeakyReLU'(z) = 1 where z >= 0 (at z = 0 by the
    course's convention) and slope where z < 0."""
    return dA * np.where(Z >= 0, 1.0, slope)
''', "leaky_relu"),
    "linear": ('''
def identity(Z):
    """The activation called linear: g(z) = z."""
    return Z
''', '''
def identity_backward(dA):
    """dZ = dA * g'(Z) with g'(z) = 1: dA itself."""
    return dA
''', "identity"),
}

# What each activation's backward needs from the cache (A_prev, W, Z, A).
_BACKWARD_CALL = {
    "sigmoid": "sigmoid_backward(dA, A)",
    "tanh": "tanh_backward(dA, A)",
    "relu": "relu_backward(dA, Z)",
    "leaky_relu": "leaky_relu_backward(dA, Z)",
    "linear": "identity_backward(dA)",
}


# -- templates: forward, cost, backward, update -------------------------------------------------

_LINEAR_ACTIVATION_FORWARD = '''
def linear_activation_forward(A_prev, W, b, activation):
    """One layer: the linear step Z = W A_prev + b, then A = g(Z).

    W @ A_prev is the notebooks' np.dot(W, A_prev). The cache keeps what backward needs.
    """
    Z = W @ A_prev + b
    BRANCHES
    cache = (A_prev, W, Z, A)
    return A, cache
'''

_FORWARD_PROPAGATION = '''
def forward_propagation(X, parameters):
    """A[0] = X, then A[l] = g[l](W[l] A[l-1] + b[l]) for l = 1..L, g[l] = ACTIVATIONS[l-1].

    Returns A[L] and the caches of the L layers.
    """
    caches = []
    A = X
    L = len(parameters) // 2  # the layers with parameters
    for l in range(1, L + 1):
        A, cache = linear_activation_forward(
            A, parameters["W" + str(l)], parameters["b" + str(l)], ACTIVATIONS[l - 1])
        caches.append(cache)
    return A, caches
'''

_CROSS_ENTROPY_DOC = '''\
    """Cross-entropy J = -(1/m) sum [y log(a) + (1 - y) log(1 - a)] of AL = sigma(ZL)SUFFIX.

    Computed from the logits ZL = Z[L]: per example, max(z, 0) - z y + log(1 + e^-|z|) is
    the same number, and stays finite where a rounds to 0 or 1 and log(a) or log(1 - a)
    would be -inf.
    """
    m = Y.shape[1]
    per_example = np.maximum(ZL, 0.0) - ZL * Y + np.log1p(np.exp(-np.abs(ZL)))
'''

_L2_COST = '''
    L = len(parameters) // 2
    L2_regularization_cost = (lambd / (2 * m)) * sum(
        float(np.sum(parameters["W" + str(l)] ** 2)) for l in range(1, L + 1))
'''

_COMPUTE_COST = {
    ("sigmoid", False): "def compute_cost(AL, Y, ZL):\n"
                        + _CROSS_ENTROPY_DOC.replace("SUFFIX", "")
                        + "    return float(np.sum(per_example)) / m\n",
    ("sigmoid", True): "def compute_cost(AL, Y, ZL, parameters, lambd):\n"
                       + _CROSS_ENTROPY_DOC.replace(
                           "SUFFIX", ",\n    plus the L2 term (lambd / 2m) sum_l ||W[l]||^2")
                       + "    cross_entropy_cost = float(np.sum(per_example)) / m"
                       + _L2_COST
                       + "    return cross_entropy_cost + L2_regularization_cost\n",
    ("linear", False): '''
def compute_cost(AL, Y):
    """Mean squared error J = (1/2m) sum (a - y)^2 of the linear output AL."""
    m = Y.shape[1]
    diff = AL - Y
    return float(np.sum(diff * diff)) / (2 * m)
''',
    ("linear", True): '''
def compute_cost(AL, Y, parameters, lambd):
    """Mean squared error J = (1/2m) sum (a - y)^2 of the linear output AL, plus the L2
    term (lambd / 2m) sum_l ||W[l]||^2."""
    m = Y.shape[1]
    diff = AL - Y
    mse_cost = float(np.sum(diff * diff)) / (2 * m)''' + _L2_COST + '''\
    return mse_cost + L2_regularization_cost
''',
}

_LINEAR_BACKWARD = '''
def linear_backward(dZ, cacheLAMBD):
    """The linear step backward: dW = (1/m) dZ A_prev.TL2_DOC,
    db = (1/m) sum of dZ over the examples, dA_prev = W.T dZ."""
    A_prev, W, Z, A = cache
    m = A_prev.shape[1]
    dW = (dZ @ A_prev.T) / mL2_TERM
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dA_prev, dW, db
'''

_LINEAR_ACTIVATION_BACKWARD = '''
def linear_activation_backward(dA, cache, activationLAMBD):
    """One hidden layer backward: dZ = dA * g'(Z), then the linear step."""
    A_prev, W, Z, A = cache
    BRANCHES
    return linear_backward(dZ, cacheLAMBD)
'''

_OUTPUT_DZ = {
    "sigmoid": ("For cross-entropy with a sigmoid output, dZ[L] = dJ/dZ[L] simplifies to "
                "A[L] - Y\n    (per example: the 1/m is in dW and db)."),
    "linear": ("For the mean squared error of a linear output, dZ[L] = (A[L] - Y) g'(Z[L]) = "
               "A[L] - Y\n    (g'(z) = 1; per example: the 1/m is in dW and db)."),
}


def _backward(run: Run, l2: bool) -> str:
    lambd = ", lambd" if l2 else ""
    linear = (_LINEAR_BACKWARD.replace("LAMBD", lambd)
              .replace("L2_DOC", " + (lambd/m) W" if l2 else "")
              .replace("L2_TERM", " + (lambd / m) * W" if l2 else ""))
    parts = [linear]
    if run.hidden:
        parts.append(_LINEAR_ACTIVATION_BACKWARD.replace("LAMBD", lambd).replace(
            "    BRANCHES\n", _branches(run.hidden, "dZ", _BACKWARD_CALL)))
        layers = textwrap.indent(textwrap.dedent(f'''\
            grads = {{}}
            L = len(caches)
            dZ = AL - Y
            dA_prev, grads["dW" + str(L)], grads["db" + str(L)] = linear_backward(
                dZ, caches[L - 1]{lambd})
            for l in reversed(range(1, L)):
                dA_prev, grads["dW" + str(l)], grads["db" + str(l)] = linear_activation_backward(
                    dA_prev, caches[l - 1], ACTIVATIONS[l - 1]{lambd})
            return grads'''), "    ")
    else:
        layers = textwrap.indent(textwrap.dedent(f'''\
            grads = {{}}
            dZ = AL - Y
            _, grads["dW1"], grads["db1"] = linear_backward(dZ, caches[0]{lambd})
            return grads'''), "    ")
    parts.append(f'def backward_propagation(AL, Y, caches{lambd}):\n'
                 f'    """The gradients dW[l], db[l] for l = L..1, by the chain rule.\n\n'
                 f'    {_OUTPUT_DZ[run.output]}\n    """\n{layers}\n')
    return "\n\n\n".join(textwrap.dedent(part).strip("\n") for part in parts)


_UPDATE_PARAMETERS = '''
def update_parameters(parameters, grads, learning_rate):
    """Gradient descent: W[l] -= learning_rate * dW[l], b[l] -= learning_rate * db[l]."""
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters["W" + str(l)] -= learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] -= learning_rate * grads["db" + str(l)]
    return parameters
'''

# -- templates: training and the score ----------------------------------------------------------

_RANDOM_MINI_BATCHES = '''
def random_mini_batches(X, Y, mini_batch_size, seed=0):
    """Mini-batches of (X, Y), without end: each epoch a new permutation of the m examples,
    drawn from RandomState(seed), cut into batches of mini_batch_size (the last one smaller
    when m is not a multiple of it)."""
    rng = np.random.RandomState(seed)
    m = X.shape[1]
    while True:
        permutation = rng.permutation(m)
        for k in range(0, m, mini_batch_size):
            batch = permutation[k:k + mini_batch_size]
            yield X[:, batch], Y[:, batch]
'''

# dnn-tutor train's rule (engine.training.MAX_WEIGHT, looked at every BOUND_CHECK_EVERY
# iterations): a weight past it has blown up.
_ALL_FINITE = f'''
def all_finite(parameters):
    """True while every W[l] and b[l] holds finite numbers no larger than {MAX_WEIGHT:g}."""
    return all((np.abs(p) <= {MAX_WEIGHT:g}).all() for p in parameters.values())
'''


def _model(args: argparse.Namespace, run: Run, batch_size: int | None) -> str:
    extra = (", lambd" if args.l2 > 0 else "") + (", mini_batch_size" if batch_size else "")
    lambd = ", lambd" if args.l2 > 0 else ""
    signature = f"X, Y, layer_dims, learning_rate, num_iterations, print_every{extra}"
    if len(signature) > 70:
        signature = signature.replace("print_every, ", "print_every,\n          ")
    seed = "layer_dims, INIT_SEED" if args.init not in ("zeros", "constant") else "layer_dims"
    hint = "try a smaller --lr" + (" or --init-scale" if args.init == "large" else "")
    cost_args = "AL, Y_batch" + (", caches[-1][2]" if run.output == "sigmoid" else "")
    if args.l2 > 0:
        cost_args += ", parameters, lambd"
    if batch_size:
        batches = "    mini_batches = random_mini_batches(X, Y, mini_batch_size)\n"
        step_data = "            X_batch, Y_batch = next(mini_batches)\n"
    else:
        batches = step_data = ""
    text = (
        f"def model({signature}):\n"
        '    """Gradient descent from initialize_parameters; prints the cost of every\n'
        "    print_every-th step (computed before that step's update) as dnn-tutor train does.\n"
        "    Returns the parameters, or None when the run diverged (which it prints).\n"
        '    """\n'
        f"    parameters = initialize_parameters({seed})\n"
        f"{batches}"
        "    # A diverging run overflows on its way to inf or NaN: that is reported in a line,\n"
        "    # so NumPy's warnings about it are silenced.\n"
        '    with np.errstate(all="ignore"):\n'
        "        for i in range(num_iterations):\n"
        f"{step_data}"
        "            AL, caches = forward_propagation(X_batch, parameters)\n"
        f"            cost = compute_cost({cost_args})\n"
        "            if i % print_every == 0:\n"
        '                print(f"Cost after iteration {i}: {cost:f}")\n'
        "            if not np.isfinite(cost):\n"
        f'                print(f"Diverged at iteration {{i}} (cost became {{cost}}): {hint}")\n'
        "                return None\n"
        f"            grads = backward_propagation(AL, Y_batch, caches{lambd})\n"
        "            parameters = update_parameters(parameters, grads, learning_rate)\n"
        f"            if (i + 1) % {BOUND_CHECK_EVERY} == 0 and not all_finite(parameters):\n"
        "                print(f\"Diverged at iteration {i + 1} \"\n"
        f'                      "(parameters became inf/nan or blew up): {hint}")\n'
        "                return None\n"
        "    return parameters\n"
    )
    # Without mini-batches every step sees the whole training set (X, Y).
    return text if batch_size else text.replace("X_batch", "X").replace("Y_batch", "Y")


_PREDICT = {
    "sigmoid": '''
def predict(X, parameters):
    """Class 1 where A[L] > 0.5 (strictly, as the course's predict), else class 0."""
    AL, _ = forward_propagation(X, parameters)
    return AL > 0.5


def print_score(name, X, Y, parameters):
    """The accuracy: the share of the examples predicted right."""
    accuracy = float(np.mean(predict(X, parameters) == Y))
    print(f"{name} accuracy: {100 * accuracy:.2f}%")
''',
    "linear": '''
def predict(X, parameters):
    """The linear output A[L] itself: a regression predicts the value."""
    AL, _ = forward_propagation(X, parameters)
    return AL


def print_score(name, X, Y, parameters):
    """The mean squared error mean((A[L] - Y)^2): twice the cost J, without the L2 term."""
    diff = predict(X, parameters) - Y
    print(f"{name} MSE: {float(np.mean(diff * diff)):.6f}")
''',
}
