# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md §6 worked examples, on every backend."""

from __future__ import annotations

import pytest

import llmcore as lc


def test_bloom_api_wh_per_query(backend: str) -> None:
    r = lc.deployment(measured_energy_kwh=914, measured_queries=230_768, backend=backend)
    assert r["energy_wh_per_query"] == pytest.approx(3.96, abs=0.005)
    # at 39 JPY/kWh about 0.16 JPY per query
    jpy = lc.deployment(
        measured_energy_kwh=914,
        measured_queries=230_768,
        electricity_price_per_kwh=39,
        backend=backend,
    )
    assert jpy["electricity_cost_per_query"] == pytest.approx(0.16, abs=0.01)
    tokyo = lc.deployment(
        measured_energy_kwh=914, measured_queries=230_768, region="tokyo", backend=backend
    )
    assert tokyo["electricity_cost_per_query"] * 146 == pytest.approx(0.155, rel=0.01)


def test_bert_scaled_to_gpt3_size(backend: str) -> None:
    r = lc.deployment(
        measured_energy_kwh=40 / 3.6e6,
        measured_queries=1,
        ref_params=110e6,
        params=176e9,
        backend=backend,
    )
    assert r["energy_wh_per_query"] == pytest.approx(17.8, abs=0.05)


def test_household_day(backend: str) -> None:
    r = lc.deployment(
        measured_energy_kwh=0.104, measured_queries=1, household_kwh_per_day=6, backend=backend
    )
    assert r["queries_per_household_day"] == pytest.approx(58, abs=0.5)
    # the region row gives Tokyo's 6 kWh day as well
    t = lc.deployment(
        measured_energy_kwh=0.104, measured_queries=1, region="tokyo", backend=backend
    )
    assert t["queries_per_household_day"] == r["queries_per_household_day"]


def test_fleet_share(backend: str) -> None:
    r = lc.deployment(
        measured_energy_kwh=3.0e-3,
        measured_queries=1,
        queries_per_day=1e9,
        price_per_query=0.01,
        electricity_price_per_kwh=0.1,
        backend=backend,
    )
    assert r["fleet_twh_per_year"] == pytest.approx(1e9 * 365 * 3.0 / 1e12)
    assert r["fleet_share_of_world"] == pytest.approx(r["fleet_twh_per_year"] / 29_000)
    assert r["electricity_share_of_price"] == pytest.approx(3.0e-3 * 0.1 / 0.01)


def test_params_needs_ref_params() -> None:
    with pytest.raises(ValueError, match="ref_params"):
        lc.deployment(measured_energy_kwh=1, measured_queries=1, params=1e9)
