# SPDX-License-Identifier: BSD-3-Clause
"""Monte Carlo and Sobol on a CUDA device against the CPU backend, in the same run
(PERFORMANCE.md protocol: medians of repeated runs, machine and commit recorded).

Workload: bench_simulate.py's training study (10 sampled inputs, 5 outputs with moments,
log histograms and exact quantiles), and Sobol indices of the same study. For each n the
CPU and CUDA backends run the same seed; the script also records how far apart their
summaries are (the tolerances design/cuda.md states), and the smallest n at which CUDA
wins, which is what llmcore._engine.cuda_mc.MC_AUTO_MIN_SCENARIOS should follow.

    python bench/bench_cuda_mc.py [--n 1e8] [--sobol-n 4e6] [--runs 3] [--threads 0]

Writes bench/results/cuda_mc-<UTC time>.json. Exits 0 with a message without a device.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import llmcore as lc
from llmcore._engine import backends as _backends
from llmcore._engine import cuda_mc as _cuda_mc

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_simulate import INPUTS, OUTPUTS

import harness


def sim(n: int, backend: str, threads: int, exact: bool = True) -> Any:
    return lc.simulate(
        "training",
        INPUTS,
        n=n,
        seed=11,
        outputs=OUTPUTS,
        backend=backend,
        threads=threads,
        exact_quantiles=exact,
    )


def sob(n: int, backend: str, threads: int) -> Any:
    return lc.sensitivity(
        "training", INPUTS, n=n, seed=11, outputs=OUTPUTS[:2], backend=backend, threads=threads
    )


def max_rel(a: float, b: float) -> float:
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


def compare_sim(c: Any, g: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "hist_equal": True,
        "count_equal": True,
        "minmax_rel": 0.0,
        "mean_rel": 0.0,
        "std_rel": 0.0,
        "quantile_rel": 0.0,
    }
    for k in OUTPUTS:
        out["hist_equal"] &= bool((c[k].hist == g[k].hist).all())
        out["count_equal"] &= c[k].count == g[k].count
        out["minmax_rel"] = max(
            out["minmax_rel"], max_rel(c[k].min, g[k].min), max_rel(c[k].max, g[k].max)
        )
        out["mean_rel"] = max(out["mean_rel"], max_rel(c[k].mean, g[k].mean))
        out["std_rel"] = max(out["std_rel"], max_rel(c[k].std, g[k].std))
        for q, v in c[k].exact_quantiles.items():
            out["quantile_rel"] = max(out["quantile_rel"], max_rel(v, g[k].exact_quantiles[q]))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=float, default=1e8)
    ap.add_argument("--sobol-n", type=float, default=4e6)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0)
    args = ap.parse_args()
    if "cuda" not in lc.backends():
        info = {i.name: i for i in lc.backends(details=True)}["cuda"]
        print(f"bench_cuda_mc: no CUDA backend here ({info.detail}); nothing measured.")
        return 0
    rows: list[dict[str, Any]] = []
    top = int(args.n)
    sizes = sorted({1 << 14, 1 << 16, 1 << 18, 1 << 20, 1 << 22, top})
    crossover = None
    for n in sizes:
        t: dict[str, float] = {}
        for backend in ("cpu", "cuda"):
            # Summaries only (the streaming pass) and with exact quantiles (+ refinement passes).
            for exact in (False, True):
                r = harness.time_it(
                    lambda n=n, b=backend, e=exact: sim(n, b, args.threads, e), repeats=args.runs
                )
                t[f"{backend}/{exact}"] = r["median_s"]
                rows.append(
                    {
                        "what": "simulate",
                        "backend": backend,
                        "exact_quantiles": exact,
                        "n": n,
                        **r,
                        "scenarios_per_s": n / r["median_s"],
                    }
                )
        if crossover is None and t["cuda/True"] < t["cpu/True"]:
            crossover = n
        print(
            f"simulate n={n:>11,}  cpu {n / t['cpu/False']:.3g}/s  cuda "
            f"{n / t['cuda/False']:.3g}/s  (exact quantiles: cpu {t['cpu/True']:.3f}s, "
            f"cuda {t['cuda/True']:.3f}s)"
        )
    agreement = compare_sim(sim(1 << 22, "cpu", args.threads), sim(1 << 22, "cuda", 0))
    ns = int(args.sobol_n)
    for backend in ("cpu", "cuda"):
        r = harness.time_it(lambda b=backend: sob(ns, b, args.threads), repeats=args.runs)
        evals = ns * (len(sob(256, "cpu", 1).factors) + 2)
        rows.append(
            {
                "what": "sobol",
                "backend": backend,
                "n": ns,
                **r,
                "evaluations_per_s": evals / r["median_s"],
            }
        )
        print(
            f"sobol n={ns:,} {backend}: {r['median_s']:.3f}s, {evals / r['median_s']:.3g} evals/s"
        )
    sc, sg = sob(1 << 18, "cpu", args.threads), sob(1 << 18, "cuda", 0)
    sobol_diff = max(
        abs(sc.S1[o][f] - sg.S1[o][f]) + abs(sc.ST[o][f] - sg.ST[o][f])
        for o in sc.S1
        for f in sc.factors
    )
    payload = {
        "device": _backends.core().cuda_unavailable_reason() or "cuda device 0",
        "build": _backends.core().build_info(),
        "mc_auto_min_scenarios": _cuda_mc.MC_AUTO_MIN_SCENARIOS,
        "measured_crossover_n": crossover,
        "agreement_n4M": agreement,
        "sobol_max_abs_index_diff_n262k": sobol_diff,
        "threads": args.threads,
        "rows": rows,
    }
    try:  # the device's name, when CuPy is there to ask
        import cupy as cp

        props = cp.cuda.runtime.getDeviceProperties(0)
        payload["device"] = (
            props["name"].decode() if isinstance(props["name"], bytes) else props["name"]
        )
    except ImportError:
        pass
    path = harness.write(f"cuda_mc-{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%SZ}", payload)
    print(
        f"crossover (exact quantiles): n = {crossover}; agreement: {agreement}; "
        f"Sobol index diff {sobol_diff:.2e}\nwrote {path}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
