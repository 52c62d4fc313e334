# SPDX-License-Identifier: BSD-3-Clause
"""Issue 15: energy boundaries, water and carbon (design/energy.md), on every backend.

Worked examples written from the method's definitions (footprint.hpp), not from the code."""

from __future__ import annotations

import numpy as np
import pytest

import llmcore as lc
from llmcore.mc import dist

BOUNDARIES = ["accelerator", "server", "provisioned", "facility"]


def test_training_layers_by_hand(backend: str) -> None:
    # 1,000 busy H100-hours at load 0.5, idle 10 % of TDP, host 150 W, utilisation 0.8, PUE 1.2
    kw = dict(
        accel_hours=1000.0,
        peak_flop_per_s=989e12,
        accel_power_w=700.0,
        accel_load=0.5,
        accel_idle_fraction=0.1,
        host_power_w=150.0,
        utilization=0.8,
        pue=1.2,
        wue_l_per_kwh=0.5,
        grid_water_l_per_kwh=3.0,
        grid_gco2_per_kwh=400.0,
        market_gco2_per_kwh=50.0,
        backend=backend,
    )
    busy_w = 700 * (0.1 + 0.9 * 0.5)  # 385 W
    accel, host = 1000 * busy_w / 1000, 1000 * 150 / 1000  # kWh
    idle = 1000 * (0.2 / 0.8) * (70 + 150) / 1000
    it = accel + host + idle
    r = lc.training(**kw, boundary=np.arange(4.0))
    np.testing.assert_allclose(r["accel_avg_power_w"], busy_w, rtol=1e-12)
    np.testing.assert_allclose(r["accel_energy_kwh"], accel, rtol=1e-12)
    np.testing.assert_allclose(r["host_energy_kwh"], host, rtol=1e-12)
    np.testing.assert_allclose(r["idle_energy_kwh"], idle, rtol=1e-12)
    np.testing.assert_allclose(r["overhead_energy_kwh"], 0.2 * it, rtol=1e-12)
    totals = [accel, accel + host, it, it * 1.2]
    np.testing.assert_allclose(r["energy_kwh"], totals, rtol=1e-12)
    np.testing.assert_allclose(r["it_energy_kwh"], [accel, accel + host, it, it], rtol=1e-12)
    # water: on-site per kWh of IT energy, off-site per kWh at the boundary
    np.testing.assert_allclose(r["water_onsite_l"], np.array(r["it_energy_kwh"]) * 0.5)
    np.testing.assert_allclose(r["water_offsite_l"], np.array(totals) * 3.0, rtol=1e-12)
    np.testing.assert_allclose(r["co2_kg"], np.array(totals) * 0.4, rtol=1e-12)
    np.testing.assert_allclose(r["co2_market_kg"], np.array(totals) * 0.05, rtol=1e-12)


def test_boundary_by_name_equals_its_code(backend: str) -> None:
    base = dict(model="llama-3.1-8b", hardware="h100-sxm", batch=32, backend=backend)
    by_code = lc.serving(**base, boundary=np.arange(4.0))
    for k, name in enumerate(BOUNDARIES):
        r = lc.serving(**base, boundary=name)
        assert r["energy_wh_per_query"] == by_code["energy_wh_per_query"][k]
    comp = lc.serving(**base, boundary="Comprehensive")
    assert comp["energy_wh_per_query"] == by_code["energy_wh_per_query"][3]
    # wider boundaries never count less
    assert (np.diff(by_code["energy_wh_per_query"]) >= 0).all()


def test_bad_boundary_names_the_input() -> None:
    with pytest.raises(KeyError, match="facility"):
        lc.serving(model="llama-3.1-8b", hardware="h100-sxm", boundary="facilty")
    with pytest.raises(ValueError, match=r"boundary.*2\.5.*index \(1,\)"):
        lc.training(accel_hours=1.0, peak_flop_per_s=1e15, boundary=np.array([1.0, 2.5]))


def test_serving_per_query_layers(backend: str) -> None:
    r = lc.serving(
        model="llama-3.1-8b",
        hardware="h100-sxm",
        batch=16,
        utilization=0.5,
        pue=1.1,
        host_power_w=100.0,
        embodied_kgco2_per_accel=500.0,
        accel_lifetime_years=5.0,
        backend=backend,
    )
    busy_s = 1 * r["latency_s"] / 16  # accelerator-seconds per query
    assert r["host_wh_per_query"] == pytest.approx(busy_s * 100 / 3600, rel=1e-12)
    assert r["idle_wh_per_query"] == pytest.approx(busy_s * (70 + 100) / 3600, rel=1e-12)
    it = r["accel_wh_per_query"] + r["host_wh_per_query"] + r["idle_wh_per_query"]
    assert r["energy_wh_per_query"] == pytest.approx(it * 1.1, rel=1e-12)
    assert r["overhead_wh_per_query"] == pytest.approx(it * 0.1, rel=1e-12)
    # embodied: 500 kg over the busy half of five years
    life_h = 5 * 8760 * 0.5
    assert r["embodied_co2_g_per_query"] == pytest.approx(500e3 * busy_s / 3600 / life_h)
    # the roofline load lies between memory_bound_load and 1: draw between 0.6 TDP and TDP
    assert 700 * (0.1 + 0.9 * 0.55) <= r["accel_avg_power_w"] <= 700


def test_water_needs_its_factors() -> None:
    # no WUE or grid water given and none filled: water is left out, never 0
    r = lc.serving(model="llama-3.1-8b", hardware="h100-sxm")
    assert not any(k.startswith("water") for k in r)
    w = lc.serving(model="llama-3.1-8b", hardware="h100-sxm", wue_l_per_kwh=0.3)
    assert "water_onsite_ml_per_query" in w and "water_ml_per_query" not in w
    # asked for by name, it is an error naming the row that lacks the factor
    with pytest.raises(ValueError, match="europe-west4 has no wue_l_per_kwh"):
        lc.serving(
            model="llama-3.1-8b", hardware="h100-sxm", region="europe-west4",
            electricity_price_per_kwh=0.1, outputs=["water_onsite_ml_per_query"],
        )  # fmt: skip


def test_region_fills_water_and_life_cycle_factors() -> None:
    row = lc.catalog.get("regions", "swedencentral")
    r = lc.serving(
        model="llama-3.1-8b", hardware="h100-sxm", region="swedencentral",
        electricity_price_per_kwh=0.1,
    )  # fmt: skip
    it = r["accel_wh_per_query"] + r["host_wh_per_query"] + r["idle_wh_per_query"]
    assert r["water_onsite_ml_per_query"] == pytest.approx(it * row["wue_l_per_kwh"])
    assert r["water_offsite_ml_per_query"] == pytest.approx(
        r["energy_wh_per_query"] * row["grid_water_l_per_kwh"]
    )
    assert r["adpe_mg_sbeq_per_query"] == pytest.approx(
        r["energy_wh_per_query"] / 1000 * row["adpe_kgsbeq_per_kwh"] * 1e6
    )


def test_inference_idle_capacity_is_not_counted_at_full_power(backend: str) -> None:
    kw = dict(params=7e9, hardware="a100-80gb", host_power_w=0.0, pue=1.0, backend=backend)
    full = lc.inference(**kw, utilization=1.0)
    half = lc.inference(**kw, utilization=0.5)
    assert half["accel_wh_per_1k_tokens"] == full["accel_wh_per_1k_tokens"]
    # as much idle time as busy time, at the idle draw (10 % of 400 W)
    assert half["idle_wh_per_1k_tokens"] == pytest.approx(
        full["accel_wh_per_1k_tokens"] * 0.1, rel=1e-12
    )
    assert half["cost_per_1k_tokens"] == pytest.approx(2 * full["cost_per_1k_tokens"])


def test_deployment_and_lifecycle_water(backend: str) -> None:
    d = lc.deployment(
        measured_energy_kwh=914.0,
        measured_queries=230_768,
        wue_l_per_kwh=0.5,
        grid_water_l_per_kwh=2.0,
        market_gco2_per_kwh=0.0,
        backend=backend,
    )
    wh = 914e3 / 230_768
    assert d["water_ml_per_query"] == pytest.approx(wh * 2.5, rel=1e-12)
    assert d["co2_market_g_per_query"] == 0.0
    life = lc.lifecycle(
        train_water_l=700_000.0,
        water_ml_per_query=10.0,
        queries_per_day=1e6,
        lifetime_days=100.0,
        backend=backend,
    )
    assert life["inference_water_l"] == pytest.approx(1e6 * 100 * 10 / 1000)
    assert life["total_water_l"] == pytest.approx(700_000 + 1e6)
    assert life["bottles_500ml"] == pytest.approx((700_000 + 1e6) / 0.5)
    assert "total_water_l" not in lc.lifecycle(train_water_l=1.0, queries_per_day=1.0)


def test_simulate_takes_a_boundary_by_name() -> None:
    given = dict(
        model="llama-3.1-8b",
        hardware="h100-sxm",
        batch=dist.uniform(8, 64),
        boundary="accelerator",
    )
    sim = lc.simulate("serving", given, n=4000, seed=3, outputs=["energy_wh_per_query"])
    acc = lc.simulate(
        "serving", {**given, "boundary": "facility"}, n=4000, seed=3,
        outputs=["energy_wh_per_query"],
    )  # fmt: skip
    assert sim["energy_wh_per_query"].mean < acc["energy_wh_per_query"].mean
