"""``dnn-tutor claims [--seeds N]``: every claim of the course measured on the run of the step
that shows it, over N data and initialisation seeds (``lessons.demonstrations``). A teacher
runs it before class: a claim that holds in fewer than 90 % of the seeds is one the step
shows only by the luck of its seed.

Progress goes to stderr (a line per claim as it starts), the table to stdout.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TextIO

from .args import int_type

MAX_SEEDS = 100          # 100 seeds take ~6 minutes on one core; more is a batch job
ENOUGH = 0.9             # "holds": in at least this share of the seeds


def add_claims_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.description = ("Run every claim's demonstration (C1 ... C18, each on the run of "
                          "the lesson step that shows it) over N data and initialisation "
                          "seeds, and print in how many it holds and the measured spread.")
    parser.add_argument("--seeds", metavar="N", default=10,
                        type=int_type("--seeds", 1, f"an integer from 1 to {MAX_SEEDS}",
                                      MAX_SEEDS),
                        help="how many (data seed, init seed) pairs: 1 ... N (default 10)")
    return parser


def spread(values: list[float]) -> str:
    """min..max of the measured values (one value: itself)."""
    low, high = min(values), max(values)
    return f"{low:.3g}" if low == high else f"{low:.3g}..{high:.3g}"


def run_claims(args: argparse.Namespace, out: TextIO | None = None,
               progress: TextIO | None = None) -> int:
    # sys.stdout/stderr read now, not at import: a test (or a caller) may have replaced them.
    out, progress = out or sys.stdout, progress or sys.stderr
    from lessons import COURSE
    from lessons.demonstrations import DEMONSTRATIONS, seeds

    pairs = seeds(args.seeds)
    started = time.perf_counter()
    holding = 0
    for demo in DEMONSTRATIONS:
        step = demo.find_step(COURSE)
        lesson = COURSE.get(demo.lesson)
        print(f"{demo.claim}: {len(pairs)} seeds ...", file=progress, flush=True)
        results = [demo.measure(step, data_seed, init_seed) for data_seed, init_seed in pairs]
        k = sum(result.holds for result in results)
        holding += k >= ENOUGH * len(pairs)
        failed = [seed for (seed, _), result in zip(pairs, results) if not result.holds]
        print(f"{demo.claim:<4} {lesson.id}/{step.name}: {step.title}", file=out)
        print(f"     measures: {demo.measures}", file=out)
        print(f"     holds in {k} of {len(pairs)}; {demo.unit}: "
              f"{spread([r.value for r in results])}"
              + (f"; fails at seed {', '.join(map(str, failed))}" if failed else ""), file=out)
    print(f"{holding} of {len(DEMONSTRATIONS)} claims hold in at least {ENOUGH:.0%} of "
          f"{len(pairs)} seeds", file=out)
    print(f"done in {time.perf_counter() - started:.1f} s", file=progress)
    return 0
