# SPDX-License-Identifier: BSD-3-Clause
"""Monte Carlo at scale: `lc.simulate` with bench_simulate's workload (training, 10 sampled
inputs, 5 outputs, streaming summaries) at n = 1e6, 1e7, ... up to 1e10 scenarios, each run
in a fresh subprocess so that its peak resident memory (VmHWM) is its own.

    python bench/bench_scale.py [--max-n 1e10] [--runs 5] [--long-runs 1] [--threads 0]

A benchmark, never a timed test. It shows whether time is linear in n (seconds per scenario
constant; the slope of log time on log n, fitted over the medians, near 1) and memory flat
(peak RSS at the largest n within a few MB of the smallest). Writes
bench/results/scale_mc.json (medians of --runs runs for n <= 1e8, --long-runs for larger n)
and prints a summary; the machine's load average at start and end is recorded, since a
shared machine slows every run alike but not every n alike.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from harness import write

HERE = Path(__file__).resolve()
SHORT = 10**8  # n up to here: --runs runs each; above: --long-runs


def proc_status_kib(key: str) -> int:
    """A `VmXxx:` field of /proc/self/status in KiB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def child(n: int, threads: int) -> dict:
    """One timed `lc.simulate` in this (fresh) process: wall time and memory."""
    from bench_simulate import INPUTS, OUTPUTS

    import llmcore as lc

    sim = dict(seed=1, outputs=OUTPUTS, threads=threads, quantiles=(0.05, 0.5, 0.95))
    lc.simulate("training", INPUTS, n=1 << 16, exact_quantiles=False, **sim)  # warm-up
    rss_before = proc_status_kib("VmRSS")
    hwm_before = proc_status_kib("VmHWM")
    t0 = time.perf_counter()
    r = lc.simulate("training", INPUTS, n=n, exact_quantiles=False, **sim)
    wall = time.perf_counter() - t0
    # a value of the result, so the run cannot be optimised away and can be compared
    p50 = {k: float(r[k].quantile(0.5)) for k in OUTPUTS}
    return {
        "n": n,
        "wall_s": wall,
        "rss_before_kib": rss_before,
        "hwm_before_kib": hwm_before,
        "peak_rss_kib": proc_status_kib("VmHWM"),
        "rss_after_kib": proc_status_kib("VmRSS"),
        "p50": p50,
    }


def run_child(n: int, threads: int) -> dict:
    cmd = [sys.executable, str(HERE), "--child", str(n), "--threads", str(threads)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"n={n}: child failed ({out.returncode}):\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-n", type=float, default=1e10)
    ap.add_argument("--min-n", type=float, default=1e6)
    ap.add_argument("--runs", type=int, default=5, help="runs per n for n <= 1e8")
    ap.add_argument("--long-runs", type=int, default=1, help="runs per n for n > 1e8")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--child", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--name", default="scale_mc")
    a = ap.parse_args()
    if a.threads == 0:
        from llmcore._engine import backends

        a.threads = backends.core().default_threads()
    if a.child:
        print(json.dumps(child(a.child, a.threads)))
        return
    ns = [10**e for e in range(6, 11) if a.min_n <= 10**e <= a.max_n]
    load_start = os.getloadavg()
    t_start = time.time()
    rows = []
    for n in ns:
        k = a.runs if n <= SHORT else a.long_runs
        runs = []
        for _ in range(k):
            runs.append(run_child(n, a.threads))
            print(f"  n={n:.0e}: {runs[-1]['wall_s']:.2f} s, load {os.getloadavg()[0]:.1f}")
        walls = [r["wall_s"] for r in runs]
        med = statistics.median(walls)
        peaks = [r["peak_rss_kib"] for r in runs]
        if any(r["p50"] != runs[0]["p50"] for r in runs):  # same seed: same bits
            raise RuntimeError(f"n={n}: runs disagree: {[r['p50'] for r in runs]}")
        rows.append(
            {
                "n": n,
                "runs": k,
                "median_s": med,
                "min_s": min(walls),
                "runs_s": walls,
                "scenarios_per_s": n / med,
                "ns_per_scenario": med / n * 1e9,
                "peak_rss_MiB_median": statistics.median(peaks) / 1024,
                "peak_rss_MiB_max": max(peaks) / 1024,
                "rss_before_run_MiB_median": statistics.median(r["rss_before_kib"] for r in runs)
                / 1024,
                "rss_growth_during_run_MiB_max": max(
                    (r["peak_rss_kib"] - r["rss_before_kib"]) for r in runs
                )
                / 1024,
                "p50": runs[0]["p50"],
            }
        )
        print(
            f"n={n:.0e}: median {med:.2f} s over {k} run(s), {n / med / 1e6:.1f} M/s, "
            f"{med / n * 1e9:.2f} ns/scenario, peak RSS {rows[-1]['peak_rss_MiB_max']:.1f} MiB"
        )
    load_end = os.getloadavg()
    lx = np.log([r["n"] for r in rows])
    ly = np.log([r["median_s"] for r in rows])
    slope = float(np.polyfit(lx, ly, 1)[0]) if len(rows) >= 2 else None
    big = [r for r in rows if r["n"] >= 10**7]  # n = 1e6 is ~0.05 s: start-up costs show
    slope_big = (
        float(np.polyfit(np.log([r["n"] for r in big]), np.log([r["median_s"] for r in big]), 1)[0])
        if len(big) >= 2
        else None
    )
    res = {
        "workload": "lc.simulate('training'), bench_simulate.INPUTS (10 sampled inputs), "
        "5 outputs, quantiles (0.05, 0.5, 0.95) from the streaming histograms "
        "(exact_quantiles=False), seed 1; each run in a fresh subprocess after a 2^16 warm-up",
        "threads": a.threads,
        "runs_note": f"median of {a.runs} runs for n <= 1e8; {a.long_runs} run(s) for n > 1e8 "
        "(each takes minutes)",
        "machine_shared": "the machine was shared with other agents' builds and tests "
        "during the run: times are slower than on an idle machine and noisier",
        "load_avg_start": load_start,
        "load_avg_end": load_end,
        "elapsed_s": time.time() - t_start,
        "memory_measure": "VmHWM of the child process (/proc/self/status): peak resident set "
        "of the whole Python process, imports and warm-up included",
        "rows": rows,
        "loglog_slope_all": slope,
        "loglog_slope_n_ge_1e7": slope_big,
        "ns_per_scenario_range": [
            min(r["ns_per_scenario"] for r in rows),
            max(r["ns_per_scenario"] for r in rows),
        ],
        "peak_rss_MiB_smallest_n": rows[0]["peak_rss_MiB_max"],
        "peak_rss_MiB_largest_n": rows[-1]["peak_rss_MiB_max"],
        "peak_rss_growth_MiB": rows[-1]["peak_rss_MiB_max"] - rows[0]["peak_rss_MiB_max"],
    }
    path = write(a.name, res)
    print(
        f"log-log slope {slope}, (n >= 1e7: {slope_big}); peak RSS "
        f"{res['peak_rss_MiB_smallest_n']:.1f} -> {res['peak_rss_MiB_largest_n']:.1f} MiB; "
        f"load {load_start[0]:.1f} -> {load_end[0]:.1f}  -> {path}"
    )


if __name__ == "__main__":
    main()
