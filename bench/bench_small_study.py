# SPDX-License-Identifier: BSD-3-Clause
"""Small studies end to end (issue 18: "N <= 1e5, < 1 ms"): lc.simulate of the
bench_simulate study (10 sampled inputs, 5 outputs) at n = 1e2 .. 1e5, from the Python call
to the result object, streaming summaries and with exact quantiles; lc.sensitivity with as
many model evaluations (n // 12 base scenarios, d + 2 = 12 evaluations each). The fixed
cost (the line through the smallest and largest n, at n = 0) is reported beside the cost per
scenario, so that the floor of a small study is visible.

    python bench/bench_small_study.py [--repeats 15]

Writes bench/results/small_study.json.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_simulate import INPUTS, OUTPUTS

import llmcore as lc
from harness import write
from llmcore._engine import backends as _backends

SIZES = (100, 1_000, 10_000, 100_000)


def per_call_ms(fn, repeats: int) -> dict[str, float]:
    fn()
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t0) * 1e3)
    return {"median_ms": statistics.median(runs), "min_ms": min(runs), "runs_ms": runs}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=15)
    a = ap.parse_args()
    threads = _backends.core().default_threads()
    variants = {
        "simulate_streaming": lambda n: lc.simulate(
            "training", INPUTS, n=n, seed=1, outputs=OUTPUTS, exact_quantiles=False
        ),
        "simulate_exact_quantiles": lambda n: lc.simulate(
            "training", INPUTS, n=n, seed=1, outputs=OUTPUTS
        ),
        # n // 12 base scenarios: n model evaluations, as many as simulate's n
        "sensitivity": lambda n: lc.sensitivity(
            "training", INPUTS, n=n // 12, seed=1, outputs=OUTPUTS
        ),
    }
    # sensitivity needs >= 258 base scenarios (2 batch-means groups of whole blocks)
    sizes = {name: SIZES for name in variants} | {"sensitivity": (4_000, 10_000, 100_000)}
    res: dict = {}
    for name, call in variants.items():
        rows = {}
        for n in sizes[name]:
            rows[str(n)] = per_call_ms(lambda n=n, call=call: call(n), a.repeats)
            print(f"{name:26s} n={n:>7d}  {rows[str(n)]['median_ms']:8.3f} ms")
        lo, hi = sizes[name][0], sizes[name][-1]
        big, small = rows[str(hi)]["median_ms"], rows[str(lo)]["median_ms"]
        per = (big - small) * 1e6 / (hi - lo)  # ns per scenario (evaluation)
        res[name] = {
            "by_n": rows,
            "ns_per_scenario": per,
            "fixed_ms": small - per * lo * 1e-6,
            "largest_n_under_1ms": max(
                (n for n in sizes[name] if rows[str(n)]["median_ms"] < 1.0), default=None
            ),
        }
    path = write(
        "small_study",
        {
            "workload": "bench_simulate.INPUTS (10 sampled inputs), 5 outputs; sensitivity with "
            "n // 12 base scenarios (12 evaluations each, d = 10)",
            "threads": threads,
            "repeats": a.repeats,
            "goal_ms": 1.0,
            "results": res,
        },
    )
    print(f"-> {path}")


if __name__ == "__main__":
    main()
