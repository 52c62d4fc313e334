# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md §2 `inference`, transcribed."""

from __future__ import annotations


def evaluate(
    params,
    flops_per_param_token,
    peak_flop_per_s,
    mfu,
    n_accel,
    price_per_accel_hour,
    accel_power_w,
    pue,
    grid_gco2_per_kwh,
    electricity_price_per_kwh,
    tokens_per_query,
    utilization,
    list_price_per_1k_tokens,
):
    flop_per_token = flops_per_param_token * params
    tokens_per_s = n_accel * peak_flop_per_s * mfu / flop_per_token
    s_per_1k_tokens = 1000 / tokens_per_s / utilization
    cost_per_1k_tokens = s_per_1k_tokens * n_accel * price_per_accel_hour / 3600
    energy_wh_per_1k_tokens = s_per_1k_tokens * n_accel * accel_power_w * pue / 3600
    co2_g_per_1k_tokens = energy_wh_per_1k_tokens / 1000 * grid_gco2_per_kwh
    electricity_cost_per_1k_tokens = energy_wh_per_1k_tokens / 1000 * electricity_price_per_kwh
    scale = tokens_per_query / 1000
    return {
        "flop_per_token": flop_per_token,
        "tokens_per_s": tokens_per_s,
        "s_per_1k_tokens": s_per_1k_tokens,
        "cost_per_1k_tokens": cost_per_1k_tokens,
        "energy_wh_per_1k_tokens": energy_wh_per_1k_tokens,
        "co2_g_per_1k_tokens": co2_g_per_1k_tokens,
        "electricity_cost_per_1k_tokens": electricity_cost_per_1k_tokens,
        "cost_per_query": cost_per_1k_tokens * scale,
        "energy_wh_per_query": energy_wh_per_1k_tokens * scale,
        "co2_g_per_query": co2_g_per_1k_tokens * scale,
        "electricity_cost_per_query": electricity_cost_per_1k_tokens * scale,
        "gross_margin": 1 - cost_per_1k_tokens / list_price_per_1k_tokens,
        "breakeven_utilization": utilization * cost_per_1k_tokens / list_price_per_1k_tokens,
    }
