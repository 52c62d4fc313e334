# SPDX-License-Identifier: BSD-3-Clause
"""currency=: money outputs (unit USD) reported at the fx catalog's dated rate."""

from __future__ import annotations

import numpy as np
import pytest

import llmcore as lc
from llmcore import catalog

GPT3 = {"params": 175e9, "tokens": 300e9, "hardware": "tpu-v4", "mfu": 0.462, "region": "tokyo"}


def test_jpy_converts_money_outputs_only(backend):
    usd = lc.training(**GPT3, backend=backend)
    jpy = lc.training(**GPT3, backend=backend, currency="JPY")
    assert jpy.currency == "JPY" and jpy.fx_rate == 146.0 and jpy.fx_date == "2023"
    assert usd.currency == "USD" and usd.fx_rate == 1.0 and usd.fx_date is None
    for name in usd:
        unit = usd.model.output(name).unit
        if unit == "USD":
            assert jpy[name] == pytest.approx(usd[name] * 146, rel=1e-12), name
            assert jpy.units[name] == "JPY"
        else:
            assert jpy[name] == usd[name], name
            assert jpy.units[name] == unit
    # inputs stay in USD
    assert jpy.inputs["price_per_accel_hour"] == usd.inputs["price_per_accel_hour"]
    assert "JPY" in repr(jpy)


def test_seed_tokyo_electricity_in_yen():
    # Tokyo's tariff is 39 JPY/kWh; the catalog stores it in USD at 146 JPY/USD, so the
    # electricity cost of 1 kWh reported in JPY comes back near 39.
    r = lc.training(
        accel_hours=1,
        accel_power_w=1000,
        host_power_w=0,
        pue=1,
        peak_flop_per_s=1e12,
        region="tokyo",
        currency="jpy",
    )
    assert r.currency == "JPY"
    assert r["electricity_cost"] == pytest.approx(39, rel=0.01)


def test_arrays_and_out_buffers():
    params = np.array([1e9, 1e10, 1e11])
    out = {"cloud_cost": np.empty(3)}
    r = lc.evaluate(
        "training",
        {"params": params, "tokens": 1e11, "hardware": "a100-80gb"},
        out=out,
        currency="EUR",
    )
    usd = lc.training(params=params, tokens=1e11, hardware="a100-80gb")
    rate = catalog.fx_rate("EUR")[0]
    np.testing.assert_allclose(out["cloud_cost"], usd["cloud_cost"] * rate, rtol=1e-12)
    np.testing.assert_allclose(r["hardware_cost"], usd["hardware_cost"] * rate, rtol=1e-12)
    np.testing.assert_array_equal(r["flop"], usd["flop"])


def test_query_and_inference_money():
    q = lc.query(samples=5, currency="JPY")
    assert q["price_per_query"] == pytest.approx(0.0546666667 * 146, rel=1e-6)
    assert q["cost_share_of_revenue"] == lc.query(samples=5)["cost_share_of_revenue"]
    i = lc.inference(params=7e9, hardware="a10g", currency="USD")
    assert i.fx_rate == 1.0 and i.units["cost_per_1k_tokens"] == "USD"


def test_bad_currency():
    with pytest.raises(KeyError) as e:
        lc.query(currency="YEN")
    assert isinstance(e.value, lc.UnknownNameError)
    with pytest.raises(TypeError):
        lc.query(currency=146)
