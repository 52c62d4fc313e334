# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md worked examples for training (§1), inference (§2) and query (§4), on every backend."""

from __future__ import annotations

import math

import pytest

import llmcore as lc


def test_gpt3_training_on_tpu_v4(backend: str) -> None:
    r = lc.training(
        params=175e9,
        tokens=300e9,
        hardware="tpu-v4",
        mfu=0.462,
        price_per_accel_hour=8.12 / 4,
        backend=backend,
    )
    assert r["flop"] == pytest.approx(6 * 175e9 * 300e9, rel=1e-15)
    assert r["cloud_cost"] == pytest.approx(1_398_072, rel=1e-6)  # published $1,398,072
    assert round(r["cost_per_1k_tokens"], 4) == 0.0047


def test_training_memory_accelerators(backend: str) -> None:
    r = lc.training(
        params=175e9, tokens=300e9, peak_flop_per_s=312e12, accel_memory_bytes=80e9, backend=backend
    )
    assert r["memory_bytes"] == pytest.approx(3.5e12)
    assert r["min_accel_memory"] == 44


def test_llama_65b_model_card(backend: str) -> None:
    r = lc.training(
        accel_hours=1_022_362,
        hardware="a100-80gb",
        accel_power_w=400,
        host_power_w=0,  # the card counts GPU power only ("peak power capacity per GPU")
        pue=1.1,
        grid_gco2_per_kwh=385,
        backend=backend,
    )
    assert r["energy_kwh"] / 1000 == pytest.approx(449.8, abs=0.05)
    assert r["co2_kg"] / 1000 == pytest.approx(173, abs=0.5)
    # without params and tokens the outputs that need them are absent, not NaN
    assert "tokens_per_param" not in r and "cost_per_1k_tokens" not in r
    assert r["accel_hours"] == pytest.approx(1_022_362)


def test_measured_hours_give_implied_mfu(backend: str) -> None:
    # GPT-3 on TPU v4: the hours of the worked example imply back the MFU it assumed.
    hours = 6 * 175e9 * 300e9 / (275e12 * 0.462) / 3600
    r = lc.training(
        params=175e9, tokens=300e9, accel_hours=hours, hardware="tpu-v4", backend=backend
    )
    assert r["implied_mfu"] == pytest.approx(0.462, rel=1e-12)


def test_gpt3_inference_on_8xa100(backend: str) -> None:
    r = lc.inference(
        params=175e9,
        hardware="a100-80gb",
        n_accel=8,
        mfu=0.213,
        price_per_accel_hour=19.22 / 8,
        list_price_per_1k_tokens=0.02,
        backend=backend,
    )
    assert round(r["cost_per_1k_tokens"], 4) == 0.0035
    assert r["gross_margin"] == pytest.approx(0.8, abs=0.03)
    assert r["breakeven_utilization"] == pytest.approx(1 - r["gross_margin"], rel=1e-12)


def test_inference_without_list_price_has_no_margin(backend: str) -> None:
    r = lc.inference(params=7e9, hardware="a10g", backend=backend)
    assert "gross_margin" not in r and "breakeven_utilization" not in r
    assert math.isfinite(r["cost_per_1k_tokens"])


def test_chat_equivalent_query(backend: str) -> None:
    r = lc.query(samples=5, backend=backend)
    assert round(r["price_per_query"], 3) == 0.055
    r = lc.query(samples=5, cache_hit_rate=0.3, gross_margin=0.75, backend=backend)
    assert round(r["cost_per_query"], 3) == 0.010


def test_search_query_counts_links(backend: str) -> None:
    r = lc.query(links=3, retrieved_words_per_link=1000, generated_words=100, backend=backend)
    assert r["input_words"] == 50 + 3000
    assert r["output_words"] == 300
