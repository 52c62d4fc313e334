# SPDX-License-Identifier: BSD-3-Clause
"""Algebraic properties that must hold whatever the numbers (hypothesis over metadata ranges)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import llmcore as lc
from llmcore._models import MODELS

from ..strategies import value

T = MODELS["training"]
I = MODELS["inference"]


def _scalar(name: str, model=T):
    return value(model.input(name))


@given(
    params=_scalar("params"),
    tokens=_scalar("tokens"),
    k=st.floats(0.1, 10),
    mfu=_scalar("mfu"),
    price=_scalar("price_per_accel_hour"),
)
def test_training_cost_linear_in_tokens(params, tokens, k, mfu, price) -> None:
    kw = dict(params=params, peak_flop_per_s=312e12, mfu=mfu, price_per_accel_hour=price)
    a = lc.training(tokens=tokens, **kw)["cloud_cost"]
    b = lc.training(tokens=k * tokens, **kw)["cloud_cost"]
    np.testing.assert_allclose(b, k * a, rtol=1e-12)


@given(
    params=_scalar("params"),
    tokens=_scalar("tokens"),
    pue=_scalar("pue"),
    power=_scalar("accel_power_w"),
    n=st.integers(1, 10_000),
)
def test_training_energy_identities_and_hours_invariant_in_n(params, tokens, pue, power, n):
    kw = dict(params=params, tokens=tokens, peak_flop_per_s=312e12, pue=pue, accel_power_w=power)
    one = lc.training(n_accel=1, **kw)
    many = lc.training(n_accel=float(n), **kw)
    np.testing.assert_allclose(many["energy_kwh"], many["it_energy_kwh"] * pue, rtol=1e-15)
    np.testing.assert_allclose(many["accel_hours"], one["accel_hours"], rtol=1e-12)
    np.testing.assert_allclose(many["wall_s"] * n, one["wall_s"], rtol=1e-12)


@given(
    params=_scalar("params", I), tpq=_scalar("tokens_per_query", I), util=_scalar("utilization", I)
)
def test_inference_per_query_scales_per_1k(params, tpq, util) -> None:
    r = lc.inference(
        params=params,
        peak_flop_per_s=312e12,
        tokens_per_query=tpq,
        utilization=util,
        price_per_accel_hour=2.0,
        accel_power_w=400,
    )
    np.testing.assert_allclose(
        r["cost_per_query"], r["cost_per_1k_tokens"] * tpq / 1000, rtol=1e-12
    )
    np.testing.assert_allclose(
        r["energy_wh_per_query"], r["energy_wh_per_1k_tokens"] * tpq / 1000, rtol=1e-12
    )
    full = lc.inference(params=params, peak_flop_per_s=312e12, price_per_accel_hour=2.0)
    np.testing.assert_allclose(
        r["cost_per_1k_tokens"] * util, full["cost_per_1k_tokens"], rtol=1e-12
    )


@given(cache=st.floats(0, 0.99), margin=st.floats(0, 0.99), samples=st.integers(1, 20))
def test_query_cost_is_price_after_cache_and_margin(cache, margin, samples) -> None:
    r = lc.query(cache_hit_rate=cache, gross_margin=margin, samples=samples)
    np.testing.assert_allclose(
        r["cost_per_query"], r["price_per_query"] * (1 - cache) * (1 - margin), rtol=1e-12
    )
    assert r["cost_per_query"] <= r["price_per_query"]


@given(
    n_in=st.floats(0, 1e7),
    n_out=st.floats(0, 1e6),
    cached=st.floats(0, 1),
    write=st.floats(0, 1),
    price=st.floats(1e-5, 0.1),
    read_ratio=st.floats(0, 1),
    batch=st.floats(0, 1),
)
def test_query_bill_is_its_parts_and_cache_reads_save(
    n_in, n_out, cached, write, price, read_ratio, batch
) -> None:
    kw = {
        "input_tokens_per_query": n_in,
        "output_tokens_per_query": n_out,
        "price_per_1k_input_tokens": price,
        "price_per_1k_cached_input_tokens": price * read_ratio,
        "cache_write_share": write,
        "batch_share": batch,
        "batch_discount": 0.5,
    }
    r = lc.query(cached_input_share=cached, **kw)
    parts = ("input", "cached_input", "cache_write", "output")
    total = sum(r[f"{p}_price_per_query"] for p in parts)
    np.testing.assert_allclose(r["price_per_query"], total, rtol=1e-12)
    tokens = r["cached_input_tokens"] + r["cache_write_tokens"]
    assert tokens <= n_in * (1 + 1e-12)
    # reads at or below the input price never cost more than no cache at all
    none = lc.query(cached_input_share=0.0, **kw)
    assert r["price_per_query"] <= none["price_per_query"] * (1 + 1e-12)
    # batch traffic at half price: between half and all of the full bill
    full = lc.query(cached_input_share=cached, **{**kw, "batch_share": 0.0})
    np.testing.assert_allclose(
        r["price_per_query"], full["price_per_query"] * (1 - batch / 2), rtol=1e-12
    )
