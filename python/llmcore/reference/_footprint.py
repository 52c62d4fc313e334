# SPDX-License-Identifier: BSD-3-Clause
"""The energy boundary, water and carbon layers, transcribed from the issue-15 method
(Google 2025, arXiv 2508.15734 §3; Li et al. 2023, arXiv 2304.03271; EcoLogits' usage
impacts). Busy accelerator-seconds in, energy per layer (Wh) and impacts out."""

from __future__ import annotations

import numpy as np


def layers(
    busy_accel_s,
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
):
    # busy draw = TDP x (idle + (1 - idle) x load); host = given, else fraction x TDP;
    # an idle provisioned accelerator draws its idle power plus its host's.
    busy_w = accel_power_w * (accel_idle_fraction + (1 - accel_idle_fraction) * accel_load)
    host_w = np.where(np.isnan(host_power_w), host_power_fraction * accel_power_w, host_power_w)
    idle_w = accel_power_w * accel_idle_fraction + host_w
    hours = busy_accel_s / 3600
    accel = hours * busy_w
    host = hours * host_w
    idle = hours * (1 - utilization) / utilization * idle_w  # idle time t(1-u)/u
    overhead = (pue - 1) * (accel + host + idle)
    # boundary codes: 0 accelerator, 1 server, 2 provisioned, 3 facility
    it = accel + np.where(boundary >= 1, host, 0.0)
    it = it + np.where(boundary >= 2, idle, 0.0)
    total = np.where(boundary >= 3, it * pue, it)
    kwh = total / 1000
    return {
        "busy_w": busy_w,
        "accel": accel,
        "host": host,
        "idle": idle,
        "overhead": overhead,
        "it": it,
        "total": total,
        "water_onsite_l": it / 1000 * wue_l_per_kwh,
        "water_offsite_l": kwh * grid_water_l_per_kwh,
        "co2_g": kwh * grid_gco2_per_kwh,
        "co2_market_g": kwh * market_gco2_per_kwh,
        "primary_energy_mj": kwh * primary_energy_mj_per_kwh,
        "adpe_kg": kwh * adpe_kgsbeq_per_kwh,
    }


def embodied_g(embodied_kgco2_per_accel, busy_accel_s, accel_lifetime_years, utilization):
    """Manufacturing CO2 (g) of busy_accel_s of use over a life of busy hours."""
    return (
        embodied_kgco2_per_accel
        * 1000
        * (busy_accel_s / 3600)
        / (accel_lifetime_years * 8760 * utilization)
    )
