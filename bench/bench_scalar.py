# SPDX-License-Identifier: BSD-3-Clause
"""One scalar call of each estimator: microseconds per call (issue 18 item 4).

    python bench/bench_scalar.py [--calls 2000] [--repeats 7]

Each estimator is called with scalar inputs (a catalog id where the model takes one), as a
user's loop would; the median of `repeats` rounds of `calls` calls is reported, with the time
of the compiled core's own call (`_core.evaluate` on one scenario) measured in the same run,
so that the Python overhead is visible. Writes bench/results/scalar_calls.json.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

import llmcore as lc
from harness import write
from llmcore._engine import backends as _backends

CALLS = {
    "training": dict(params=70e9, tokens=1.4e12, hardware="a100-80gb", n_accel=1024),
    "inference": dict(params=70e9, hardware="h100-sxm"),
    "query": dict(prompt_words=50, generated_words=400),
    "architecture": dict(model="llama-3-70b"),
    "serving": dict(model="llama-2-13b", hardware="a100-80gb"),
    "scaling": dict(params=70e9, tokens=1.4e12),
    "deployment": dict(measured_energy_kwh=1000.0, measured_queries=1e6),
    "lifecycle": dict(
        train_energy_kwh=1e6, energy_wh_per_query=0.3, queries_per_day=1e7, co2_g_per_query=0.1
    ),
    "parallelism": dict(model="llama-3-70b", hardware="h100-sxm", tp=8, pp=4, dp=32),
    "kaplan": dict(params=1e9, tokens=1e10),
    "allocation": dict(compute_flop=3.8e25, allocation="llama-3"),
    "data_constrained": dict(params=6.34e9, tokens=242e9, unique_tokens=25e9),
    "embedding": dict(tokens=1e9, tokens_per_s=9000, instance="g4dn.4xlarge"),
    "finetune": dict(params=7e9, tokens=1e7, hardware="a100-80gb", price_per_accel_hour=2.0),
}


def per_call_us(fn, calls: int, repeats: int) -> dict[str, float]:
    for k in range(max(calls // 10, 10)):
        fn(k)
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for k in range(calls):
            fn(k)
        runs.append((time.perf_counter() - t0) / calls * 1e6)
    return {"median_us": statistics.median(runs), "min_us": min(runs), "runs_us": runs}


def varied(kw: dict) -> tuple[str | None, float]:
    """The first numeric input of a call (it changes from call to call), and its value."""
    for k, v in kw.items():
        if isinstance(v, float):
            return k, v
    return None, 0.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=7)
    a = ap.parse_args()
    core = _backends.core()
    results = {}
    for name, kw in CALLS.items():
        fn = getattr(lc, name)
        try:
            fn(**kw)
        except (lc.InvalidInputError, lc.UnknownNameError) as exc:  # cannot make it: say so
            results[name] = {"error": str(exc)}
            continue
        key, base = varied(kw)

        def call(k, fn=fn, kw=kw, key=key, base=base, **extra):
            if key is not None:
                kw = {**kw, key: base * (1 + 1e-9 * (k % 1000))}
            return fn(**kw, **extra)

        fast = per_call_us(call, a.calls, a.repeats)
        full = per_call_us(lambda k, call=call: call(k, threads=1), a.calls // 4, a.repeats)
        results[name] = {**fast, "varied_input": key, "full_path": full}
        results[name]["full_over_fast"] = full["median_us"] / fast["median_us"]
        print(
            f"{name:<18} {fast['median_us']:8.1f} us per call "
            f"(full path {full['median_us']:.1f} us)"
        )
    # the compiled core alone, one scenario of training (the floor under any Python path)
    info = lc.models()[0]
    cols = [float(i.default) if i.default is not None else 1.0 for i in info.inputs]
    outs = [np.empty(1) for _ in info.outputs]
    core_us = per_call_us(
        lambda k: core.evaluate(0, cols, None, outs, None, 1, 1), a.calls, a.repeats
    )
    ranges = np.array([[-np.inf, np.inf, 0.0]] * len(cols))
    one_us = per_call_us(lambda k: core.evaluate_one(0, cols, ranges, 1, 0), a.calls, a.repeats)
    print(f"{'core (training)':<18} {core_us['median_us']:8.1f} us per call (arrays)")
    print(f"{'core (training)':<18} {one_us['median_us']:8.1f} us per call (evaluate_one)")
    path = write(
        "scalar_calls",
        {
            "workload": "one call with scalar inputs per estimator (catalog ids where taken)",
            "goal_us": 15.0,
            "estimators": results,
            "core_evaluate_one_scenario": core_us,
            "core_evaluate_one": one_us,
            "load_avg_1min": os.getloadavg()[0],
        },
    )
    print(f"-> {path}")


if __name__ == "__main__":
    main()
