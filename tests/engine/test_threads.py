# SPDX-License-Identifier: BSD-3-Clause
"""Thread safety and thread-count invariance of the compiled backend."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import llmcore as lc

pytestmark = pytest.mark.skipif("cpu" not in lc.backends(), reason="compiled core missing")


def _case(seed: int) -> dict:
    rng = np.random.default_rng(seed)
    n = 50_000
    return dict(
        params=rng.uniform(1e9, 1e12, n),
        tokens=rng.uniform(1e10, 1e13, n),
        mfu=rng.uniform(0.1, 0.6, n),
        hardware="a100-80gb",
        grid_gco2_per_kwh=300.0,
    )


def test_concurrent_calls_from_python_threads() -> None:
    cases = [_case(s) for s in range(8)]
    expected = [lc.training(**c, threads=1)["co2_kg"] for c in cases]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda c: lc.training(**c)["co2_kg"], cases * 3))
    for k, g in enumerate(got):
        np.testing.assert_array_equal(g, expected[k % 8])


@pytest.mark.parametrize("threads", [1, 2, 3, 16])
def test_thread_count_does_not_change_results(threads: int, small_chunks: None) -> None:
    c = _case(1)
    np.testing.assert_array_equal(
        lc.training(**c, threads=threads)["co2_kg"], lc.training(**c, threads=1)["co2_kg"]
    )


def test_env_thread_count() -> None:
    code = "from llmcore._engine import backends; print(backends.core().default_threads())"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "LLMCORE_NUM_THREADS": "3"},
        check=True,
    )
    assert out.stdout.strip() == "3"
