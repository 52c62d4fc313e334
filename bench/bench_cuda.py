# SPDX-License-Identifier: BSD-3-Clause
"""CUDA batch-evaluation benchmark (PERFORMANCE.md protocol: best of N, device synchronised
before the clock stops, JSON to bench/results/).

Measures, for every model:
  * device-resident inputs/outputs (CuPy): effective bandwidth (bytes of array inputs read
    + outputs written) as a fraction of the measured device-to-device copy bandwidth;
  * the host-fed path (numpy in, numpy out, backend="cuda") against the CPU backend over a
    range of sizes, which is what CUDA_AUTO_MIN_SCENARIOS (llmcore/_engine/backends.py)
    should follow.

Usage: python bench/bench_cuda.py [--n 50000000] [--repeat 5]. Exits 0 with a message when
there is no CUDA device or no CuPy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

import llmcore as lc
from llmcore._engine import backends as _backends
from llmcore._models import MODELS, ModelInfo

RESULTS = Path(__file__).resolve().parent / "results"


def best_of(fn: Callable[[], Any], repeat: int, sync: Callable[[], None]) -> float:
    fn()  # warm-up: module load, allocator pools, first-launch costs
    sync()
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        sync()
        best = min(best, time.perf_counter() - t0)
    return best


def typical_value(i: Any) -> float:
    lo, hi = max(i.typical[0], i.lo), min(i.typical[1], i.hi)
    mid = math.sqrt(lo * hi) if i.log and lo > 0 else 0.5 * (lo + hi)
    return float(mid)


def case(model: ModelInfo, n: int, xp: Any, all_arrays: bool) -> dict[str, Any]:
    """Valid inputs: every input an array (all_arrays) or only the first one, the rest scalars."""
    out: dict[str, Any] = {}
    for k, i in enumerate(model.inputs):
        v = typical_value(i)
        if all_arrays or k == 0:
            out[i.name] = xp.full(n, v, dtype=xp.float64) * xp.linspace(0.999, 1.0, n)
        else:
            out[i.name] = v
    return out


def device_copy_bandwidth(cp: Any, n: int, repeat: int) -> float:
    a = cp.ones(n, dtype=cp.float64)
    b = cp.empty_like(a)
    t = best_of(lambda: cp.copyto(b, a), repeat, cp.cuda.Device().synchronize)
    return 2 * a.nbytes / t  # read + write


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=50_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    if "cuda" not in lc.backends():
        info = {i.name: i for i in lc.backends(details=True)}["cuda"]
        print(f"bench_cuda: no CUDA backend here ({info.detail}); nothing measured.")
        return 0
    try:
        import cupy as cp
    except ImportError:
        print("bench_cuda: CuPy is not installed (pip install 'llmcore[cuda]'); nothing measured.")
        return 0
    sync = cp.cuda.Device().synchronize
    n = args.n
    copy_bw = device_copy_bandwidth(cp, n, args.repeat)
    rows: list[dict[str, Any]] = []
    for name, model in MODELS.items():
        for all_arrays in (True, False):
            dev = case(model, n, cp, all_arrays)
            n_arr = sum(isinstance(v, cp.ndarray) for v in dev.values())
            r = lc.evaluate(name, dev, backend="cuda")
            n_out = len(r)
            t = best_of(
                lambda name=name, dev=dev: lc.evaluate(name, dev, backend="cuda"), args.repeat, sync
            )
            moved = 8 * n * (n_arr + n_out)
            rows.append(
                {
                    "model": name,
                    "path": "device",
                    "all_arrays": all_arrays,
                    "n": n,
                    "seconds": t,
                    "scenarios_per_s": n / t,
                    "bytes": moved,
                    "bandwidth_B_per_s": moved / t,
                    "fraction_of_copy_bandwidth": moved / t / copy_bw,
                }
            )
            del dev
        # host-fed vs CPU across sizes: where the crossover for backend="auto" lies
        for m in sorted({10**4, 10**5, 10**6, min(n, 10**7)}):
            host = case(model, m, np, True)
            for backend in ("cuda", "cpu"):
                t = best_of(
                    lambda name=name, host=host, backend=backend: lc.evaluate(
                        name, host, backend=backend
                    ),
                    args.repeat,
                    sync,
                )
                rows.append(
                    {
                        "model": name,
                        "path": f"host->{backend}",
                        "all_arrays": True,
                        "n": m,
                        "seconds": t,
                        "scenarios_per_s": m / t,
                    }
                )
    props = cp.cuda.runtime.getDeviceProperties(cp.cuda.Device().id)
    doc = {
        "benchmark": "bench_cuda",
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "device": props["name"].decode() if isinstance(props["name"], bytes) else props["name"],
        "host": platform.node(),
        "python": sys.version.split()[0],
        "build": _backends.core().build_info(),
        "cuda_auto_min_scenarios": _backends.CUDA_AUTO_MIN_SCENARIOS,
        "d2d_copy_bandwidth_B_per_s": copy_bw,
        "repeat": args.repeat,
        "rows": rows,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"cuda-{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(doc, indent=1))
    for row in rows:
        extra = (
            f"  {row['fraction_of_copy_bandwidth']:.0%} of D2D copy"
            if "fraction_of_copy_bandwidth" in row
            else ""
        )
        print(
            f"{row['model']:>10} {row['path']:>10} n={row['n']:>10} "
            f"{row['scenarios_per_s']:.3g}/s{extra}"
        )
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
