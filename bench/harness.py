# SPDX-License-Identifier: BSD-3-Clause
"""Benchmark harness: medians of repeated runs, machine and commit recorded, JSON out."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=Path(__file__).parent,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine() -> dict[str, Any]:
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


def time_it(fn: Callable[[], Any], repeats: int = 7, warmup: int = 1) -> dict[str, float]:
    """Seconds per call: median, min and all runs (the machine is noisy: report medians)."""
    for _ in range(warmup):
        fn()
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return {"median_s": statistics.median(runs), "min_s": min(runs), "runs_s": runs}


def time_each(fns: dict[str, Callable[[], Any]], repeats: int = 7) -> dict[str, dict]:
    """`time_it` for several variants, their runs interleaved (one of each per round), so
    that the machine's slow spells fall on all of them alike."""
    for fn in fns.values():
        fn()
    runs: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(repeats):
        for k, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            runs[k].append(time.perf_counter() - t0)
    return {
        k: {"median_s": statistics.median(v), "min_s": min(v), "runs_s": v} for k, v in runs.items()
    }


def write(name: str, payload: dict[str, Any], *, keep_runs: bool = False) -> Path:
    """bench/results/<name>.json; with keep_runs also <name>-<UTC time>.json, so that the
    runs of a noisy machine can be compared (bench/goals.py reports the median run)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    data = {
        "benchmark": name,
        "commit": commit(),
        "machine": machine(),
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        **payload,
    }
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2) + "\n")
    if keep_runs:
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        (RESULTS / f"{name}-{stamp}.json").write_text(json.dumps(data, indent=2) + "\n")
    return path
