# SPDX-License-Identifier: BSD-3-Clause
"""Batch evaluation: `training` over N scenarios with 10 array inputs, llmcore CPU vs numpy.

    python bench/bench_evaluate.py [--n 1e7] [--repeats 7] [--threads 0]

Writes bench/results/evaluate_cpu.json with the machine, commit, thread count, medians and
the ratio to the best pure-numpy implementation measured in the same process.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from baselines import HEADLINE, training_headline_numpy, training_numpy

import llmcore as lc
from harness import time_it, write
from llmcore._engine import backends as _backends

ARRAYS = (
    "params",
    "tokens",
    "peak_flop_per_s",
    "mfu",
    "n_accel",
    "accel_power_w",
    "pue",
    "grid_gco2_per_kwh",
    "price_per_accel_hour",
    "embodied_kgco2_per_accel",
)


def inputs(n: int) -> dict:
    rng = np.random.default_rng(0)
    x = {i.name: float(i.default) for i in lc.models()[0].inputs if i.default is not None}
    x.update(accel_memory_bytes=80e9, electricity_price_per_kwh=0.1, accel_purchase_price=2e4)
    for name in ARRAYS:
        info = next(i for i in lc.models()[0].inputs if i.name == name)
        lo, hi = info.typical
        x[name] = rng.uniform(max(lo, 1.0 if name == "n_accel" else lo), hi, n)
    return x


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=float, default=1e7)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--threads", type=int, default=0)
    a = ap.parse_args()
    n = int(a.n)
    x = inputs(n)
    names = lc.models()[0].output_names
    skip = {"implied_mfu"}  # needs measured hours: not part of this workload
    threads = a.threads or _backends.core().default_threads()
    cases = {
        "headline_5_outputs": (HEADLINE, training_headline_numpy),
        "all_outputs": (tuple(k for k in names if k not in skip), training_numpy),
    }
    res = {
        "workload": f"training, {n} scenarios, {len(ARRAYS)} array inputs "
        f"({', '.join(ARRAYS)}), other inputs scalar, float64",
        "threads": threads,
        "n": n,
        "cases": {},
    }
    for case, (outs, baseline) in cases.items():
        out_np = {
            k: np.empty(n) for k in (names if baseline is training_numpy else outs) if k not in skip
        }
        out_lc = {k: np.empty(n) for k in outs}

        def run_numpy(baseline=baseline, out_np=out_np) -> None:
            baseline(x, out_np)

        def run_llmcore(out_lc=out_lc) -> None:
            lc.evaluate("training", x, out=out_lc, outputs=list(out_lc), threads=threads)

        run_numpy()
        run_llmcore()
        for k in out_lc:  # the benchmark checks correctness against its baseline
            np.testing.assert_allclose(out_lc[k], out_np[k], rtol=1e-12, err_msg=k)
        t_np = time_it(run_numpy, a.repeats)
        t_lc = time_it(run_llmcore, a.repeats)
        r = {
            "outputs": list(outs),
            "numpy": {**t_np, "scenarios_per_s": n / t_np["median_s"]},
            "llmcore_cpu": {**t_lc, "scenarios_per_s": n / t_lc["median_s"]},
            "ratio_to_numpy": t_np["median_s"] / t_lc["median_s"],
        }
        res["cases"][case] = r
        print(
            f"{case}: numpy {r['numpy']['scenarios_per_s'] / 1e6:.1f} M/s, llmcore "
            f"{r['llmcore_cpu']['scenarios_per_s'] / 1e6:.1f} M/s ({threads} threads): "
            f"{r['ratio_to_numpy']:.2f}x numpy"
        )
    path = write("evaluate_cpu", res)
    print(f"-> {path}")


if __name__ == "__main__":
    main()
