# SPDX-License-Identifier: BSD-3-Clause
"""Chains and Dask in Monte Carlo: throughput of simulate("training") against
simulate(["training", "lifecycle"]) (the chained driver), Sobol of both, and the same
simulate through a local two-process Dask cluster (overhead of tasks and the client fold).

    python bench/bench_mc_chain.py [--n 8.4e6] [--runs 3] [--no-dask]

Writes bench/results/mc-chain-<UTC time>.json (medians, scenarios per second).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import statistics
import time
from pathlib import Path

import numpy as np

import llmcore as lc
from llmcore.mc import dist

TRAIN = {
    "params": dist.lognormal(np.log(7e10), 0.5),
    "tokens": dist.lognormal(np.log(1.4e12), 0.3),
    "grid_gco2_per_kwh": dist.ci(50, 600),
    "mfu": dist.uniform(0.3, 0.55),
    "pue": dist.triangular(1.05, 1.1, 1.4),
    "hardware": dist.rows("hardware", ["a100-80gb", "h100-sxm"], p=[0.5, 0.5]),
    "n_accel": dist.choice([256, 512, 1024, 2048]),
}
LIFE = {
    "energy_wh_per_query": dist.lognormal(np.log(0.3), 0.5),
    "co2_g_per_query": dist.uniform(0.05, 0.3),
    "cost_per_query": 0.002,
    "queries_per_day": dist.loguniform(1e5, 1e8),
}
OUT_T = ["cloud_cost", "co2_kg", "wall_days", "total_co2_kg"]
OUT_C = [*OUT_T[:3], "training.total_co2_kg", "total_co2_kg", "breakeven_days"]


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=float, default=2 * (1 << 22))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-dask", action="store_true")
    args = ap.parse_args()
    n = int(args.n)
    sim = dict(n=n, seed=1, quantiles=(0.05, 0.5, 0.95), exact_quantiles=False)
    cases = {
        "training": lambda: lc.simulate("training", TRAIN, outputs=OUT_T, **sim),
        "training->lifecycle": lambda: lc.simulate(
            ["training", "lifecycle"], TRAIN | LIFE, outputs=OUT_C, **sim
        ),
        "sobol training": lambda: lc.sensitivity(
            "training", TRAIN, n=n // 8, seed=1, outputs=OUT_T
        ),
        "sobol training->lifecycle": lambda: lc.sensitivity(
            ["training", "lifecycle"], TRAIN | LIFE, n=n // 8, seed=1, outputs=OUT_C
        ),
    }
    results = {}
    for name, fn in cases.items():
        fn()  # warm-up
        t = timed(fn, args.runs)
        evals = n if not name.startswith("sobol") else n // 8
        results[name] = {
            "median_s": statistics.median(t),
            "runs": t,
            "M_scenarios_per_s": evals / statistics.median(t) / 1e6,
        }
        print(f"{name:<28} {results[name]['M_scenarios_per_s']:8.2f} M/s")
    if not args.no_dask:
        from distributed import Client, LocalCluster

        with (
            LocalCluster(
                n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
            ) as cluster,
            Client(cluster) as client,
        ):
            for name, fn in {
                "dask training": lambda: lc.simulate(
                    "training", TRAIN, outputs=OUT_T, client=client, threads=1, **sim
                ),
                "dask training exact quantiles": lambda: lc.simulate(
                    "training",
                    TRAIN,
                    outputs=OUT_T,
                    client=client,
                    threads=1,
                    **(sim | {"exact_quantiles": True}),
                ),
                "local training exact quantiles": lambda: lc.simulate(
                    "training", TRAIN, outputs=OUT_T, **(sim | {"exact_quantiles": True})
                ),
            }.items():
                fn()
                t = timed(fn, args.runs)
                results[name] = {
                    "median_s": statistics.median(t),
                    "runs": t,
                    "M_scenarios_per_s": n / statistics.median(t) / 1e6,
                }
                print(f"{name:<28} {results[name]['M_scenarios_per_s']:8.2f} M/s")
    now = _dt.datetime.now(_dt.timezone.utc)
    out = {
        "benchmark": "Monte Carlo chains and Dask",
        "utc": now.isoformat(timespec="seconds"),
        "n": n,
        "cpus": os.cpu_count(),
        "load": os.getloadavg(),
        "results": results,
    }
    path = Path(__file__).parent / "results" / f"mc-chain-{now:%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(out, indent=1))
    print(path)


if __name__ == "__main__":
    main()
