# SPDX-License-Identifier: BSD-3-Clause
"""Issue 17 `embedding`, transcribed: instance hours at a measured throughput against an API's
price per 1k tokens (ray-project/llm-numbers, 2023-05-17); energy layers as
reference/_footprint.py."""

from __future__ import annotations

from llmcore.reference._footprint import layers


def evaluate(
    tokens,
    tokens_per_s,
    n_accel,
    price_per_accel_hour,
    utilization,
    api_price_per_1k_tokens,
    generation_price_per_1k_tokens,
    params,
    bytes_per_param,
    accel_power_w,
    pue,
    grid_gco2_per_kwh,
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
    busy_s = tokens / tokens_per_s
    hours = busy_s / utilization / 3600  # paid time includes idle capacity
    accel_hours = hours * n_accel
    cost = accel_hours * price_per_accel_hour
    api_cost = tokens / 1000 * api_price_per_1k_tokens
    f = layers(
        busy_s * n_accel,
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
    return {
        "hours": hours,
        "accel_hours": accel_hours,
        "self_hosted_cost": cost,
        "self_hosted_cost_per_1k_tokens": cost / tokens * 1000,
        "api_cost": api_cost,
        "api_to_self_hosted_ratio": api_cost / cost,
        "generation_to_embedding_ratio": generation_price_per_1k_tokens / api_price_per_1k_tokens,
        "memory_bytes": params * bytes_per_param,
        "accel_avg_power_w": f["busy_w"],
        "energy_wh": f["total"],
        "energy_wh_per_1k_tokens": f["total"] / tokens * 1000,
        "co2_g": f["co2_g"],
        "water_ml": (f["water_onsite_l"] + f["water_offsite_l"]) * 1000,
    }
