# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md §2 `inference`, transcribed; energy layers as reference/_footprint.py."""

from __future__ import annotations

from llmcore.reference._footprint import embodied_g, layers


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
    embodied_kgco2_per_accel,
    accel_lifetime_years,
    boundary,
    accel_idle_fraction,
    accel_load,
    host_power_w,
    host_power_fraction,
    wue_l_per_kwh,
    grid_water_l_per_kwh,
    market_gco2_per_kwh,
    primary_energy_mj_per_kwh,
    adpe_kgsbeq_per_kwh,
):
    flop_per_token = flops_per_param_token * params
    tokens_per_s = n_accel * peak_flop_per_s * mfu / flop_per_token
    s_per_1k_tokens = 1000 / tokens_per_s / utilization
    cost_per_1k_tokens = s_per_1k_tokens * n_accel * price_per_accel_hour / 3600
    busy_s = n_accel * 1000 / tokens_per_s  # busy accelerator-seconds per 1k tokens
    f = layers(
        busy_s,
        accel_power_w,
        accel_idle_fraction,
        accel_load,
        host_power_w,
        host_power_fraction,
        utilization,
        pue,
        boundary,
        wue_l_per_kwh,
        grid_water_l_per_kwh,
        grid_gco2_per_kwh,
        market_gco2_per_kwh,
        primary_energy_mj_per_kwh,
        adpe_kgsbeq_per_kwh,
    )
    energy_wh_per_1k_tokens = f["total"]
    co2_g_per_1k_tokens = f["co2_g"]
    electricity_cost_per_1k_tokens = energy_wh_per_1k_tokens / 1000 * electricity_price_per_kwh
    scale = tokens_per_query / 1000
    water_on = f["water_onsite_l"] * 1000
    water_off = f["water_offsite_l"] * 1000
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
        "accel_avg_power_w": f["busy_w"],
        "accel_wh_per_1k_tokens": f["accel"],
        "host_wh_per_1k_tokens": f["host"],
        "idle_wh_per_1k_tokens": f["idle"],
        "overhead_wh_per_1k_tokens": f["overhead"],
        "water_onsite_ml_per_1k_tokens": water_on,
        "water_offsite_ml_per_1k_tokens": water_off,
        "water_ml_per_1k_tokens": water_on + water_off,
        "water_ml_per_query": (water_on + water_off) * scale,
        "co2_market_g_per_1k_tokens": f["co2_market_g"],
        "embodied_co2_g_per_1k_tokens": embodied_g(
            embodied_kgco2_per_accel, busy_s, accel_lifetime_years, utilization
        ),
        "primary_energy_kj_per_1k_tokens": f["primary_energy_mj"] * 1000,
        "adpe_mg_sbeq_per_1k_tokens": f["adpe_kg"] * 1e6,
    }
