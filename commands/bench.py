"""How fast is the engine? ``python -m commands.bench``

For two networks it times the engine's ``Trainer.run`` against a minimal hand-written NumPy
loop for the same network and data (the course's own style: forward, cost, backward, update,
written inline), in the same process, alternating the two and keeping the best of several
repeats, so a noisy shared machine affects both alike. It prints microseconds per training
step, steps per second, how long the course's 10000 iterations take, and the ratio engine/hand.

    (a) flower, [2, 4, 1], tanh hidden, sigmoid output, full batch of 400 points (the course's)
    (b) moons, [2, 20, 20, 20, 1], ReLU hidden, sigmoid output, full batch of 1000 points
    (c) BLAS threads: ``dnn-tutor train --layers 50,50,50,50,50 --activation tanh
        --iterations 1500`` (its training, without the printing) with NumPy's BLAS at its
        default number of threads and capped to one (what the tutor does:
        ``commands.process.one_blas_thread``), alternating, and the ratio. ``--busy N`` keeps N
        other processes spinning meanwhile, as a machine under load (a served class, a
        browser, the app's own UI thread). ``--blas`` runs (c) only.

(a) and (b) run with one BLAS thread, as the tutor does.

Both compute the sigmoid the same way, 1 / (1 + e^-z) (the course's formula, and the engine's,
which only adds a ``np.errstate`` to silence the overflow below z = -709.78), so the comparison
is like for like.

This is a benchmark, not a test: it prints figures and never fails on timing.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager

import numpy as np

from engine.data import load
from engine.network import Network
from engine.training import Trainer

GOAL = 1.25  # the engine should stay within 1.25x of the hand-written loop


# -- the hand-written loops -------------------------------------------------------------------
def hand_flower(params: dict, X: np.ndarray, Y: np.ndarray, lr: float, steps: int) -> float:
    """The course's planar-data model (one tanh hidden layer), written out inline."""
    W1, b1, W2, b2 = (params[k].copy() for k in ("W1", "b1", "W2", "b2"))
    m = X.shape[1]
    cost = 0.0
    with np.errstate(all="ignore"):
        for _ in range(steps):
            Z1 = W1 @ X + b1
            A1 = np.tanh(Z1)
            Z2 = W2 @ A1 + b2
            A2 = 1 / (1 + np.exp(-Z2))
            cost = -np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m
            dZ2 = A2 - Y
            dW2 = dZ2 @ A1.T / m
            db2 = np.sum(dZ2, axis=1, keepdims=True) / m
            dZ1 = (W2.T @ dZ2) * (1 - A1 * A1)
            dW1 = dZ1 @ X.T / m
            db1 = np.sum(dZ1, axis=1, keepdims=True) / m
            W1 -= lr * dW1
            b1 -= lr * db1
            W2 -= lr * dW2
            b2 -= lr * db2
    return float(cost)


def hand_deep_relu(params: dict, X: np.ndarray, Y: np.ndarray, lr: float, steps: int) -> float:
    """The course's L-layer model (ReLU hidden layers, sigmoid output), written out inline."""
    L = len(params) // 2
    W = [None] + [params[f"W{l}"].copy() for l in range(1, L + 1)]
    b = [None] + [params[f"b{l}"].copy() for l in range(1, L + 1)]
    m = X.shape[1]
    cost = 0.0
    with np.errstate(all="ignore"):
        for _ in range(steps):
            A = [X]
            Z = [None]
            for l in range(1, L):
                Z.append(W[l] @ A[l - 1] + b[l])
                A.append(np.maximum(0, Z[l]))
            Z.append(W[L] @ A[L - 1] + b[L])
            AL = 1 / (1 + np.exp(-Z[L]))
            A.append(AL)
            cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
            dZ = AL - Y
            for l in range(L, 0, -1):
                dW = dZ @ A[l - 1].T / m
                db = np.sum(dZ, axis=1, keepdims=True) / m
                if l > 1:
                    # The course's relu_backward: copy, then zero where Z < 0 (ReLU'(0) = 1).
                    # Faster here than multiplying by the mask (Z >= 0).
                    dZ = W[l].T @ dZ
                    dZ[Z[l - 1] < 0] = 0
                W[l] -= lr * dW
                b[l] -= lr * db
    return float(cost)


# -- timing -----------------------------------------------------------------------------------
def _time(fn, steps: int) -> float:
    t0 = time.perf_counter()
    fn(steps)
    return time.perf_counter() - t0


def compare(name, make_net, X, Y, lr, hand, steps, repeats):
    """Best-of-``repeats`` seconds per step for the engine and the hand loop, alternating."""

    def engine_run(n):
        Trainer(make_net(), X, Y, lr).run(n)

    params = make_net().params

    def hand_run(n):
        hand(params, X, Y, lr, n)

    engine_run(20)  # warm up caches and lazy imports for both
    hand_run(20)
    best_engine = best_hand = float("inf")
    for _ in range(repeats):
        best_engine = min(best_engine, _time(engine_run, steps) / steps)
        best_hand = min(best_hand, _time(hand_run, steps) / steps)

    # Same network, same data: after a few steps both should agree on the cost.
    trainer = Trainer(make_net(), X, Y, lr)
    trainer.run(50)
    check = abs(trainer.costs[-1] - hand(params, X, Y, lr, 50))
    return best_engine, best_hand, check


def _report(title, engine_s, hand_s, check, out):
    ratio = engine_s / hand_s
    verdict = "within" if ratio <= GOAL else "OVER"
    print(title, file=out)
    for label, s in (("engine", engine_s), ("hand  ", hand_s)):
        print(f"  {label}  {s * 1e6:8.1f} µs/step  {1 / s:9.0f} steps/s  "
              f"10000 course iterations: {s * 1e4:.2f} s", file=out)
    print(f"  ratio engine/hand: {ratio:.2f}x ({verdict} the {GOAL}x goal); "
          f"cost difference after 50 steps: {check:.1e}", file=out)


# -- (c) BLAS threads ---------------------------------------------------------------------------
BLAS_RUN = ["--layers", "50,50,50,50,50", "--activation", "tanh", "--iterations", "1500"]


@contextmanager
def busy_processes(count: int):
    """``count`` other processes spinning on a core each while the block runs."""
    procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    try:
        time.sleep(0.2 if procs else 0)  # let them start spinning
        yield
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


def blas_threads(repeats: int, busy: int, out) -> None:
    """Seconds of BLAS_RUN's training with the BLAS's default threads and with one,
    alternating in this one process; prints best and median of each and their ratio."""
    from threadpoolctl import threadpool_info, threadpool_limits

    from .args import OneLineArgumentParser
    from .run import resolve
    from .train import add_train_arguments

    args = add_train_arguments(OneLineArgumentParser(prog="dnn-tutor train")).parse_args(BLAS_RUN)
    run = resolve(args)
    blas = [info for info in threadpool_info() if info["user_api"] == "blas"]
    default = ", ".join(f"{info['internal_api']} {info['num_threads']}" for info in blas)

    def timed() -> float:
        trainer = run.trainer(args)
        t0 = time.perf_counter()
        trainer.run(args.iterations)
        return time.perf_counter() - t0

    uncapped, capped = [], []
    with busy_processes(busy):
        for _ in range(repeats):
            uncapped.append(timed())
            with threadpool_limits(limits=1, user_api="blas"):
                capped.append(timed())
    print(f"(c) BLAS threads: dnn-tutor train {' '.join(BLAS_RUN)} (training only), "
          f"best of {repeats}, {busy} busy process{'es' if busy != 1 else ''} beside", file=out)
    for label, times in ((f"default ({default or 'no BLAS found'})", uncapped),
                         ("capped (1 thread)", capped)):
        print(f"  {label:<28} best {min(times):6.2f} s   median {statistics.median(times):6.2f} s",
              file=out)
    print(f"  ratio default/capped: best {min(uncapped) / min(capped):.2f}x, median "
          f"{statistics.median(uncapped) / statistics.median(capped):.2f}x", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m commands.bench",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5, help="best of this many (default 5)")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="multiply the number of steps per repeat (default 1)")
    parser.add_argument("--busy", type=int, default=0, metavar="N",
                        help="(c): N processes spinning meanwhile, as a loaded machine")
    parser.add_argument("--blas", action="store_true", help="run (c), BLAS threads, only")
    args = parser.parse_args(argv)
    out = sys.stdout

    blas = {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS", "OMP_", "MKL_"))}
    print(f"numpy {np.__version__}, Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs; BLAS env: {blas or 'none set'}", file=out)
    if args.blas:
        blas_threads(args.repeats, args.busy, out)
        return 0
    print(f"best of {args.repeats}, engine and hand loop alternating\n", file=out)

    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):  # as the tutor runs
        engine_vs_hand(args, out)
    print(file=out)
    blas_threads(args.repeats, args.busy, out)
    return 0


def engine_vs_hand(args, out) -> None:
    flower = load("flower")
    steps = max(1, int(2000 * args.scale))
    e, h, c = compare(
        "flower",
        lambda: Network([2, 4, 1], "tanh", "sigmoid", init="small", init_seed=2),
        flower.X, flower.Y, 1.2, hand_flower, steps, args.repeats,
    )
    _report(f"(a) flower [2, 4, 1] tanh -> sigmoid, full batch m=400, {steps} steps a repeat",
            e, h, c, out)

    moons = load("moons", m=1000, noise=0.2, seed=0)
    steps = max(1, int(400 * args.scale))
    e, h, c = compare(
        "deep",
        lambda: Network([2, 20, 20, 20, 1], "relu", "sigmoid", init="he", init_seed=3),
        moons.X, moons.Y, 0.05, hand_deep_relu, steps, args.repeats,
    )
    print(file=out)
    _report(f"(b) moons [2, 20, 20, 20, 1] relu -> sigmoid, full batch m=1000, {steps} steps "
            "a repeat", e, h, c, out)


if __name__ == "__main__":
    sys.exit(main())
