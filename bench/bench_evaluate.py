# SPDX-License-Identifier: BSD-3-Clause
"""Batch evaluation: `training` over N scenarios with 10 array inputs, llmcore CPU vs numpy
and vs the memory roof.

    python bench/bench_evaluate.py [--n 1e7] [--repeats 7] [--threads 0]

Writes bench/results/evaluate_cpu.json with the machine, commit, thread count, medians, the
ratio to the best pure-numpy implementation and the fraction of the memory roof, all measured
in the same process and run. The roof is `_core.bench_stream_roof`: one fused pass over the
same bytes (the 10 input columns read, the requested output columns written, same threads
and stores) with a trivial body; "out" runs write into preallocated arrays, "fresh" runs
allocate them inside the timed call, as `lc.evaluate` without out= does.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from baselines import HEADLINE, NUMPY_OUTPUTS, training_headline_numpy, training_numpy

import llmcore as lc
from harness import time_each, write
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
    # no host share: the energy is then TDP x hours x PUE, what the numpy baselines compute
    # (the footprint's layers are still evaluated by llmcore, so numpy does less work)
    x.update(host_power_w=0.0)
    for name in ARRAYS:
        info = next(i for i in lc.models()[0].inputs if i.name == name)
        lo, hi = info.typical
        x[name] = rng.uniform(max(lo, 1.0 if name == "n_accel" else lo), hi, n)
    return x


def round_ratio(t: dict, num: str, den: str) -> float:
    """Median over rounds of t[num] / t[den] (seconds, so den's speed over num's)."""
    return statistics.median(a / b for a, b in zip(t[num]["runs_s"], t[den]["runs_s"], strict=True))


def compute_ceiling(x: dict, outs: tuple, repeats: int) -> dict:
    """The compute pass alone: the core's evaluate over a cache-resident slice (8192
    scenarios, inputs and outputs in L2), one thread, called directly (no Python per
    scenario), less the cost of a call of one scenario (the binding's fixed cost, about a
    fifth of a slice's time). Times `threads` this rate is the most the batch path could
    reach if memory were free: when it is below the memory roof, the roof is out of reach by
    compute."""
    core = _backends.core()
    info = lc.models()[0]
    m, calls = 1 << 13, 64

    def make(k: int):
        cols = [
            x[i.name][:k].copy() if isinstance(x.get(i.name), np.ndarray) else x.get(i.name, np.nan)
            for i in info.inputs
        ]
        slots = [np.empty(k) if o in outs else None for o in info.output_names]

        def run() -> None:
            for _ in range(calls):
                core.evaluate(0, cols, None, slots, None, k, 1)

        return run

    t = time_each({"compute": make(m), "one_scenario": make(1)}, repeats)
    per_slice = statistics.median(
        a - b for a, b in zip(t["compute"]["runs_s"], t["one_scenario"]["runs_s"], strict=True)
    )
    return {
        "slice": m,
        "calls": calls,
        **t["compute"],
        "call_overhead_s": t["one_scenario"]["median_s"] / calls,
        "scenarios_per_s_1thread": m * calls / per_slice,
        "ns_per_scenario_1thread": per_slice / (m * calls) * 1e9,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=float, default=1e7)
    ap.add_argument("--repeats", type=int, default=11)
    ap.add_argument("--threads", type=int, default=0)
    a = ap.parse_args()
    n = int(a.n)
    x = inputs(n)
    names = lc.models()[0].output_names
    core = _backends.core()
    threads = a.threads or core.default_threads()
    cases = {
        "headline_5_outputs": (HEADLINE, training_headline_numpy),
        "all_outputs": (tuple(k for k in names if k in NUMPY_OUTPUTS), training_numpy),
    }
    res = {
        "workload": f"training, {n} scenarios, {len(ARRAYS)} array inputs "
        f"({', '.join(ARRAYS)}), other inputs scalar, float64",
        "threads": threads,
        "n": n,
        "cases": {},
    }
    cols = [x[k] for k in ARRAYS]  # the roof reads the array inputs (scalars add no traffic)
    for case, (outs, baseline) in cases.items():
        out_np = {k: np.empty(n) for k in (NUMPY_OUTPUTS if baseline is training_numpy else outs)}
        out_lc = {k: np.empty(n) for k in outs}

        def run_numpy(baseline=baseline, out_np=out_np) -> None:
            baseline(x, out_np)

        def run_llmcore(out_lc=out_lc) -> None:
            lc.evaluate("training", x, out=out_lc, outputs=list(out_lc), threads=threads)

        def run_llmcore_fresh(outs=outs) -> None:
            lc.evaluate("training", x, outputs=list(outs), threads=threads)

        roof_out = [np.empty(n) for _ in outs]

        def run_roof(roof_out=roof_out) -> None:
            core.bench_stream_roof(cols, roof_out, n, threads)

        def run_roof_fresh(outs=outs) -> None:
            core.bench_stream_roof(cols, [np.empty(n) for _ in outs], n, threads)

        run_numpy()
        run_llmcore()
        for k in out_lc:  # the benchmark checks correctness against its baseline
            np.testing.assert_allclose(out_lc[k], out_np[k], rtol=1e-12, err_msg=k)
        # interleaved repeats: a slow spell of the machine hits every variant alike
        t = time_each(
            {
                "numpy": run_numpy,
                "llmcore_cpu": run_llmcore,
                "llmcore_cpu_fresh": run_llmcore_fresh,
                "roof": run_roof,
                "roof_fresh": run_roof_fresh,
            },
            a.repeats,
        )
        nbytes = 8 * n * (len(ARRAYS) + len(outs))
        r = {
            "outputs": list(outs),
            "bytes_per_scenario": nbytes // n,
            **{
                k: {
                    **v,
                    "scenarios_per_s": n / v["median_s"],
                    "GB_per_s": nbytes / v["median_s"] / 1e9,
                }
                for k, v in t.items()
            },
            # Each ratio is the median over rounds of the ratio within the round (one run
            # of each variant, back to back): the machine's speed drifts between rounds
            # (the roof alone varied 2-4x between runs), far less within one.
            "ratio_to_numpy": round_ratio(t, "numpy", "llmcore_cpu"),
            "fraction_of_roof": round_ratio(t, "roof", "llmcore_cpu"),
            "fraction_of_roof_fresh": round_ratio(t, "roof", "llmcore_cpu_fresh"),
            "fraction_of_fresh_roof_fresh": round_ratio(t, "roof_fresh", "llmcore_cpu_fresh"),
            "fraction_of_roof_best_of_runs": t["roof"]["min_s"] / t["llmcore_cpu"]["min_s"],
        }
        r["compute_only"] = compute_ceiling(x, outs, a.repeats)
        r["compute_only"]["scenarios_per_s_all_threads"] = (
            r["compute_only"]["scenarios_per_s_1thread"] * threads
        )
        r["compute_ceiling_over_roof"] = (
            r["compute_only"]["scenarios_per_s_all_threads"] / r["roof"]["scenarios_per_s"]
        )
        res["cases"][case] = r
        print(
            f"{case}: numpy {r['numpy']['scenarios_per_s'] / 1e6:.1f} M/s, llmcore out= "
            f"{r['llmcore_cpu']['scenarios_per_s'] / 1e6:.1f} M/s, fresh "
            f"{r['llmcore_cpu_fresh']['scenarios_per_s'] / 1e6:.1f} M/s, roof "
            f"{r['roof']['scenarios_per_s'] / 1e6:.1f} M/s ({r['roof']['GB_per_s']:.1f} GB/s; "
            f"{threads} threads): {r['ratio_to_numpy']:.2f}x numpy, "
            f"{100 * r['fraction_of_roof']:.0f}% of the roof with out=, "
            f"{100 * r['fraction_of_roof_fresh']:.0f}% into fresh arrays; compute alone "
            f"{r['compute_only']['ns_per_scenario_1thread']:.1f} ns/scenario/thread "
            f"({r['compute_ceiling_over_roof']:.2f}x the roof's rate)"
        )
    # The compute pass per output tier (cpp/include/llmcore/engine/output_tiers.hpp): one
    # output from each of training's tiers alone, then every output.
    tiers = {
        "headline (wall_days)": ("wall_days",),
        "totals (inhouse_cost)": ("inhouse_cost",),
        "all but the breakdown (tokens_per_param)": ("tokens_per_param",),
        "every output": tuple(names),
    }
    res["compute_ns_per_scenario_by_tier"] = {
        k: compute_ceiling(x, outs, a.repeats)["ns_per_scenario_1thread"]
        for k, outs in tiers.items()
    }
    print(
        "compute pass by tier (ns/scenario/thread): "
        + ", ".join(f"{k} {v:.1f}" for k, v in res["compute_ns_per_scenario_by_tier"].items())
    )
    path = write("evaluate_cpu", res, keep_runs=True)
    print(f"-> {path}")


if __name__ == "__main__":
    main()
