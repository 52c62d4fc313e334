# SPDX-License-Identifier: BSD-3-Clause
"""Issue 13 item 1: a thread that cannot be created (memory or process limits) must not abort
the interpreter; the work runs on the threads that exist, with the same results."""

from __future__ import annotations

import subprocess
import sys

import pytest

import llmcore as lc

pytestmark = pytest.mark.skipif("cpu" not in lc.backends(), reason="compiled core missing")

# After the imports and the inputs, cap the address space a little above what is mapped: the
# 64 thread stacks (8 MiB each) cannot all be reserved, so most std::thread creations fail.
SETUP = """
import resource
import numpy as np, llmcore as lc
from llmcore.mc import dist

def cap(headroom_mib):
    vm = int(open("/proc/self/statm").read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (vm + (headroom_mib << 20), resource.RLIM_INFINITY))
"""

EVALUATE = (
    SETUP
    + """
x = np.logspace(9, 12, 400_000)
args = {"params": x, "tokens": 1e11, "hardware": "a100-80gb", "n_accel": 8}
want = lc.evaluate("training", args, threads=1, outputs=["flop", "energy_kwh"])
cap(48)  # 64 stacks of 8 MiB cannot all be reserved
got = lc.evaluate("training", args, threads=64, outputs=["flop", "energy_kwh"])
assert all((got[k] == want[k]).all() for k in want), "different results"
print("ok")
"""
)

SIMULATE = (
    SETUP
    + """
mc = {"params": dist.loguniform(1e9, 1e12), "tokens": 1e11, "hardware": "a100-80gb"}
want = lc.simulate("training", mc, n=200_000, seed=1, threads=1, outputs=["flop"])
cap(96)  # 32 stacks of 8 MiB cannot all be reserved
got = lc.simulate("training", mc, n=200_000, seed=1, threads=32, outputs=["flop"])
assert (got["flop"].mean, got["flop"].count) == (want["flop"].mean, want["flop"].count)
print("ok")
"""
)


@pytest.mark.parametrize("script", [EVALUATE, SIMULATE], ids=["evaluate", "simulate"])
def test_failed_thread_creation_runs_the_work_inline(script: str) -> None:
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "ok"
