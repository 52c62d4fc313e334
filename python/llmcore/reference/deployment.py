# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md §6 `deployment`, transcribed."""

from __future__ import annotations

import numpy as np


def evaluate(
    measured_energy_kwh,
    measured_queries,
    ref_params,
    params,
    params_exponent,
    electricity_price_per_kwh,
    price_per_query,
    household_kwh_per_day,
    grid_gco2_per_kwh,
    queries_per_day,
    world_twh_per_year,
    wue_l_per_kwh,
    grid_water_l_per_kwh,
    market_gco2_per_kwh,
):
    # params defaults to ref_params: no scaling unless both are known
    scaled = ~np.isnan(ref_params) & ~np.isnan(params)
    scale = np.where(scaled, (params / ref_params) ** params_exponent, 1.0)
    energy_wh_per_query = measured_energy_kwh * 1000 / measured_queries * scale
    electricity_cost_per_query = energy_wh_per_query / 1000 * electricity_price_per_kwh
    fleet_twh_per_year = queries_per_day * 365 * energy_wh_per_query / 1e12
    return {
        "energy_wh_per_query": energy_wh_per_query,
        "electricity_cost_per_query": electricity_cost_per_query,
        "electricity_share_of_price": electricity_cost_per_query / price_per_query,
        "queries_per_household_day": household_kwh_per_day * 1000 / energy_wh_per_query,
        "co2_g_per_query": energy_wh_per_query / 1000 * grid_gco2_per_kwh,
        "fleet_twh_per_year": fleet_twh_per_year,
        "fleet_share_of_world": fleet_twh_per_year / world_twh_per_year,
        # the measured energy is IT energy: Wh x L/kWh = mL
        "water_onsite_ml_per_query": energy_wh_per_query * wue_l_per_kwh,
        "water_offsite_ml_per_query": energy_wh_per_query * grid_water_l_per_kwh,
        "water_ml_per_query": energy_wh_per_query * wue_l_per_kwh
        + energy_wh_per_query * grid_water_l_per_kwh,
        "co2_market_g_per_query": energy_wh_per_query / 1000 * market_gco2_per_kwh,
    }
