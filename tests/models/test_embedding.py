# SPDX-License-Identifier: BSD-3-Clause
"""Issue 17 `embedding`: self-hosted embedding against an API, on every backend."""

from __future__ import annotations

import numpy as np
import pytest

import llmcore as lc


def test_llm_numbers_ten_to_one(backend: str) -> None:
    # ray-project/llm-numbers: 9000 tokens/s on a g4dn.4xlarge at $1.20/h vs ada-002 at
    # $0.0004/1k tokens; GPT-3.5-Turbo at $0.002/1k
    r = lc.embedding(
        tokens=1e9,
        tokens_per_s=9000,
        price_per_accel_hour=1.20,
        api_price_per_1k_tokens=0.0004,
        generation_price_per_1k_tokens=0.002,
        backend=backend,
    )
    hours = 1e9 / 9000 / 3600
    assert r["hours"] == pytest.approx(hours, rel=1e-12)
    assert r["self_hosted_cost"] == pytest.approx(hours * 1.20, rel=1e-12)
    assert r["self_hosted_cost_per_1k_tokens"] == pytest.approx(1.20 / 3600 / 9, rel=1e-12)
    assert r["api_cost"] == pytest.approx(400.0, rel=1e-12)
    assert r["api_to_self_hosted_ratio"] == pytest.approx(10.8, rel=1e-12)
    assert r["generation_to_embedding_ratio"] == pytest.approx(5.0, rel=1e-12)
    assert "memory_bytes" not in r and "energy_wh" not in r  # no params, no power: absent


def test_instance_fills_the_price_and_idle_time_is_paid(backend: str) -> None:
    r = lc.embedding(
        tokens=3.24e7, tokens_per_s=9000, instance="g4dn.4xlarge", utilization=0.5, backend=backend
    )
    row = lc.catalog.get("instances", "g4dn.4xlarge")
    assert r["hours"] == pytest.approx(2.0, rel=1e-12)  # one busy hour at half utilisation
    assert r["self_hosted_cost"] == pytest.approx(2.0 * row["price_per_accel_hour"], rel=1e-12)


def test_energy_through_the_footprint_layers(backend: str) -> None:
    # one busy hour of one 70 W accelerator at TDP, no host, no idle, PUE 1.5 at the facility
    r = lc.embedding(
        tokens=3.6e6,
        tokens_per_s=1000,
        accel_power_w=70,
        host_power_w=0,
        pue=1.5,
        grid_gco2_per_kwh=400,
        params=109_486_464,
        backend=backend,
    )
    assert r["accel_avg_power_w"] == pytest.approx(70.0)
    assert r["energy_wh"] == pytest.approx(105.0, rel=1e-12)
    assert r["energy_wh_per_1k_tokens"] == pytest.approx(105.0 / 3600, rel=1e-12)
    assert r["co2_g"] == pytest.approx(0.105 * 400, rel=1e-12)
    assert r["memory_bytes"] == pytest.approx(109_486_464 * 4)  # float32 by default


def test_cost_scales_with_tokens_and_not_the_ratio(backend: str) -> None:
    r = lc.embedding(
        tokens=np.array([1e6, 1e7]),
        tokens_per_s=5000,
        price_per_accel_hour=2.0,
        api_price_per_1k_tokens=1e-4,
        backend=backend,
    )
    assert r["self_hosted_cost"][1] == pytest.approx(10 * r["self_hosted_cost"][0], rel=1e-12)
    assert r["api_to_self_hosted_ratio"][0] == pytest.approx(
        r["api_to_self_hosted_ratio"][1], rel=1e-12
    )


def test_throughput_is_required() -> None:
    with pytest.raises(ValueError, match="tokens_per_s"):
        lc.embedding(tokens=1e6)
