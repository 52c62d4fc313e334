# SPDX-License-Identifier: BSD-3-Clause
"""Properties of `serving` (SPEC.md §3) on every backend."""

from __future__ import annotations

import numpy as np

import llmcore as lc

BASE = {"model": "llama-2-13b", "hardware": "a100-80gb"}


def test_cost_linear_in_price(backend: str) -> None:
    price = np.array([0.5, 1.0, 2.0, 4.0])
    r = lc.serving(**BASE, price_per_accel_hour=price, batch=8, backend=backend)
    np.testing.assert_allclose(
        r["cost_per_query"] / price, r["cost_per_query"][0] / 0.5, rtol=1e-14
    )
    np.testing.assert_allclose(
        r["cost_per_1k_output_tokens"], r["cost_per_query"] * 1000 / 500, rtol=1e-14
    )


def test_memory_bound_flag_consistent(backend: str) -> None:
    batch = np.array([1.0, 4, 16, 64, 256, 1024])
    r = lc.serving(**BASE, batch=batch, prompt_tokens=0, output_tokens=16, backend=backend)
    rate = 312e12 * 0.45  # serving's default mfu
    # weights plus attention over the average context (0 + 16 / 2 tokens): 4·L·d per token
    step_compute = batch * (2 * 13e9 + 4 * 40 * 5120 * 8) / rate
    bound = r["step_s"] > step_compute * (1 + 1e-12)
    np.testing.assert_array_equal(r["memory_bound"] == 1.0, bound)
    # small batches read weights (memory-bound), large ones are compute-bound
    assert r["memory_bound"][0] == 1 and r["memory_bound"][-1] == 0
    # throughput never falls with batch, and saturates once compute binds
    assert (np.diff(r["output_tokens_per_s"]) >= 0).all()


def test_latency_pieces(backend: str) -> None:
    r = lc.serving(
        **BASE,
        batch=np.array([1.0, 32.0]),
        accel_power_w=400,
        accel_load=1.0,  # busy at TDP
        host_power_w=0.0,  # no host: the accelerators' own energy x PUE
        pue=1.2,
        grid_gco2_per_kwh=400,
        backend=backend,
    )
    np.testing.assert_allclose(r["latency_s"], r["prefill_s"] + 500 * r["step_s"], rtol=1e-14)
    np.testing.assert_array_equal(r["time_to_first_token_s"], r["prefill_s"])
    np.testing.assert_allclose(r["queries_per_s"] * r["latency_s"], [1, 32], rtol=1e-14)
    np.testing.assert_allclose(
        r["energy_wh_per_query"], 400 * 1.2 / 3600 * r["latency_s"] / [1, 32], rtol=1e-14
    )
    np.testing.assert_allclose(r["co2_g_per_query"], r["energy_wh_per_query"] * 0.4, rtol=1e-14)


def test_fits_matches_memory(backend: str) -> None:
    n = np.array([1.0, 2.0, 4.0])
    r = lc.serving(model="llama-2-70b", hardware="a100-80gb", n_accel=n, backend=backend)
    np.testing.assert_array_equal(r["fits"] == 1, r["memory_bytes"] <= n * 80e9)
    assert r.status_counts["does_not_fit"] == int((r["fits"] == 0).sum())


def test_max_batch_is_where_the_kv_cache_stops_fitting(backend: str) -> None:
    prompt = np.array([500.0, 4000.0, 32000.0])
    r = lc.serving(**BASE, prompt_tokens=prompt, backend=backend)
    mb = r["max_batch"]
    assert (np.diff(mb) < 0).all()  # longer contexts: fewer sequences fit
    at = lc.serving(**BASE, prompt_tokens=prompt, batch=np.maximum(mb, 1), backend=backend)
    over = lc.serving(**BASE, prompt_tokens=prompt, batch=mb + 1, backend=backend)
    np.testing.assert_array_equal(at["fits"][mb >= 1], 1.0)
    np.testing.assert_array_equal(over["fits"], 0.0)
