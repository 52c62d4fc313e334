# SPDX-License-Identifier: BSD-3-Clause
"""evaluate honours the forced SIMD level (_core.mc_simd, the CPU drivers' one ISA dispatch)
and gives the same bits at every level this CPU has, like the Monte Carlo loops."""

from __future__ import annotations

import numpy as np
import pytest

import llmcore as lc
from llmcore._engine import backends as _backends

CORE = _backends.core()


@pytest.fixture
def levels():
    best = CORE.mc_simd(-1)
    try:
        yield list(range(best + 1))
    finally:
        CORE.mc_simd(-1)


def _inputs(n: int) -> dict:
    rng = np.random.default_rng(4)
    return {
        "params": np.exp(rng.uniform(np.log(1e8), np.log(1e12), n)),
        "tokens": np.exp(rng.uniform(np.log(1e10), np.log(1e13), n)),
        "peak_flop_per_s": rng.uniform(1e14, 2e15, n),
        "mfu": rng.uniform(0.2, 0.6, n),
        "n_accel": rng.integers(1, 4096, n).astype(float),
        "pue": rng.uniform(1.05, 1.5, n),
        "grid_gco2_per_kwh": rng.uniform(20, 800, n),
        "accel_power_w": 700.0,
    }


@pytest.mark.parametrize(
    "model,inputs",
    [
        ("training", None),
        (
            "scaling",
            {
                "params": np.geomspace(1e8, 1e12, 1001),
                "tokens": np.geomspace(1e10, 1e13, 1001),
                "compute_flop": 1e23,
                "target_loss": np.linspace(1.8, 3.0, 1001),
                "inference_tokens": 1e12,
            },
        ),
    ],
)
def test_evaluate_identical_on_every_level(levels, model, inputs) -> None:
    inputs = _inputs(3001) if inputs is None else inputs
    runs = []
    for level in levels:
        assert CORE.mc_simd(level) == level
        res = lc.evaluate(model, inputs, backend="cpu")
        runs.append({k: np.asarray(v).view(np.uint64).copy() for k, v in res.items()})
    for r in runs[1:]:
        assert r.keys() == runs[0].keys()
        for k in r:
            np.testing.assert_array_equal(r[k], runs[0][k], err_msg=k)


def test_validation_on_every_level(levels) -> None:
    bad = _inputs(2000)
    bad["mfu"][1234] = 1.5
    for level in levels:
        CORE.mc_simd(level)
        with pytest.raises(ValueError, match="1234"):
            lc.evaluate("training", bad, backend="cpu")
