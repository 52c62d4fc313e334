# SPDX-License-Identifier: BSD-3-Clause
"""Ctrl-C stops a long Monte Carlo run within about a second, leaving nothing running."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

import llmcore as lc

pytestmark = pytest.mark.skipif("cpu" not in lc.backends(), reason="compiled core missing")

LONG_RUN = """
import sys, llmcore as lc
from llmcore.mc import dist
print("start", flush=True)
try:
    lc.simulate("training", {"params": dist.loguniform(1e9, 1e12), "tokens": 3e11,
                             "hardware": "a100-80gb", "mfu": dist.uniform(0.3, 0.5)},
                n=10**11, seed=1)
except KeyboardInterrupt:
    print("interrupted", flush=True)
    sys.exit(3)
"""


def test_sigint_stops_simulate_quickly() -> None:
    with subprocess.Popen(
        [sys.executable, "-c", LONG_RUN], stdout=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "start"
        time.sleep(1.0)  # well inside a run that would take hours
        sent = time.perf_counter()
        proc.send_signal(signal.SIGINT)
        try:
            rc = proc.wait(timeout=10)
        finally:
            proc.kill()
        waited = time.perf_counter() - sent
        rest = proc.stdout.read().strip()
    assert rc == 3 and rest == "interrupted"
    assert waited < 2.0, f"took {waited:.2f} s to stop"


PEAK = """
import resource, sys, llmcore as lc
from llmcore.mc import dist
lc.simulate("training", {"params": dist.loguniform(1e9, 1e12), "tokens": 3e11,
                         "hardware": "a100-80gb", "mfu": dist.uniform(0.3, 0.5)},
            n=int(sys.argv[1]), seed=1, exact_quantiles=False)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def test_memory_stays_flat_as_n_grows() -> None:
    def peak_kib(n: float) -> int:
        out = subprocess.run(
            [sys.executable, "-c", PEAK, str(int(n))], capture_output=True, text=True, check=True
        )
        return int(out.stdout.strip())

    small, large = peak_kib(1e5), peak_kib(3e7)  # 300x the scenarios
    assert large - small < 32 * 1024, (small, large)  # < 32 MiB more (samples would be GBs)
