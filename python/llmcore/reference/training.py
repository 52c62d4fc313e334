# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md §1 `training`, transcribed."""

from __future__ import annotations

import numpy as np

from llmcore.reference._footprint import layers


def evaluate(
    params,
    tokens,
    flops_per_param_token,
    attention_flop_per_token,
    accel_hours,
    peak_flop_per_s,
    mfu,
    n_accel,
    accel_power_w,
    pue,
    grid_gco2_per_kwh,
    price_per_accel_hour,
    electricity_price_per_kwh,
    accel_purchase_price,
    accel_lifetime_years,
    embodied_kgco2_per_accel,
    bytes_per_param_train,
    accel_memory_bytes,
    utilization,
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
    # flop = (flops_per_param_token * params + attention_flop_per_token) * tokens
    flop = (flops_per_param_token * params + attention_flop_per_token) * tokens
    measured = ~np.isnan(accel_hours)
    # accel_hours = flop / (peak_flop_per_s * mfu) / 3600, or the measured hours when given;
    # wall_s = accel_hours * 3600 / n_accel (absent n_accel: no wall-clock time)
    # implied_mfu = flop / (accel_hours * 3600 * peak_flop_per_s);
    # without params and tokens, flop = accel_hours * 3600 * peak_flop_per_s * mfu
    implied_mfu = flop / (accel_hours * 3600 * peak_flop_per_s)
    flop = np.where(measured & np.isnan(flop), accel_hours * 3600 * peak_flop_per_s * mfu, flop)
    hours = np.where(measured, accel_hours, flop / (peak_flop_per_s * mfu) / 3600)
    wall_s = hours * 3600 / n_accel
    wall_days = wall_s / 86400
    cloud_cost = hours * price_per_accel_hour
    cost_per_1k_tokens = cloud_cost / tokens * 1000
    f = layers(
        hours * 3600,
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
    it_energy_kwh = f["it"] / 1000
    energy_kwh = f["total"] / 1000
    co2_kg = f["co2_g"] / 1000
    embodied_co2_kg = embodied_kgco2_per_accel * hours / (accel_lifetime_years * 8760)
    electricity_cost = energy_kwh * electricity_price_per_kwh
    hardware_cost = accel_purchase_price * hours / (accel_lifetime_years * 8760)
    memory_bytes = bytes_per_param_train * params
    return {
        "flop": flop,
        "wall_s": wall_s,
        "wall_days": wall_days,
        "accel_hours": hours,
        "implied_mfu": implied_mfu,
        "cloud_cost": cloud_cost,
        "cost_per_1k_tokens": cost_per_1k_tokens,
        "it_energy_kwh": it_energy_kwh,
        "energy_kwh": energy_kwh,
        "co2_kg": co2_kg,
        "embodied_co2_kg": embodied_co2_kg,
        "total_co2_kg": co2_kg + embodied_co2_kg,
        "electricity_cost": electricity_cost,
        "hardware_cost": hardware_cost,
        "inhouse_cost": hardware_cost + electricity_cost,
        "memory_bytes": memory_bytes,
        "min_accel_memory": np.ceil(memory_bytes / accel_memory_bytes),
        "tokens_per_param": tokens / params,
        "accel_avg_power_w": f["busy_w"],
        "accel_energy_kwh": f["accel"] / 1000,
        "host_energy_kwh": f["host"] / 1000,
        "idle_energy_kwh": f["idle"] / 1000,
        "overhead_energy_kwh": f["overhead"] / 1000,
        "water_onsite_l": f["water_onsite_l"],
        "water_offsite_l": f["water_offsite_l"],
        "water_l": f["water_onsite_l"] + f["water_offsite_l"],
        "co2_market_kg": f["co2_market_g"] / 1000,
        "primary_energy_gj": f["primary_energy_mj"] / 1000,
        "adpe_kg_sbeq": f["adpe_kg"],
    }
