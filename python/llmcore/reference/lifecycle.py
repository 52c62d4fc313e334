# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md §7 `lifecycle`, transcribed (all per-query inputs absent: no inference; CO2 per
query not given: energy per query x grid intensity; neither: NaN, flagged missing_input)."""

from __future__ import annotations

import numpy as np

from llmcore.reference._status import MISSING_INPUT


def _share(part, total):
    # 0/0 is defined: nothing spent, no share
    return np.where(total == 0, 0.0, part / total)


def evaluate(
    train_energy_kwh,
    train_co2_kg,
    train_cost,
    energy_wh_per_query,
    co2_g_per_query,
    cost_per_query,
    queries_per_day,
    lifetime_days,
    household_kwh_per_year,
    car_gco2_per_km,
    km_to_moon_and_back,
    grid_gco2_per_kwh,
    train_water_l,
    water_ml_per_query,
):
    wh = np.nan_to_num(energy_wh_per_query, nan=0.0)
    queries = queries_per_day * lifetime_days
    inference_energy_kwh = queries * wh / 1000
    counted = ~(
        np.isnan(energy_wh_per_query) & np.isnan(co2_g_per_query) & np.isnan(cost_per_query)
    )
    co2_q = np.where(
        np.isnan(co2_g_per_query), energy_wh_per_query / 1000 * grid_gco2_per_kwh, co2_g_per_query
    )
    co2_q = np.where(counted, co2_q, 0.0)
    inference_co2_kg = queries * co2_q / 1000
    inference_cost = queries * np.nan_to_num(cost_per_query, nan=0.0)
    total_energy_kwh = train_energy_kwh + inference_energy_kwh
    total_co2_kg = train_co2_kg + inference_co2_kg
    total_cost = train_cost + inference_cost
    # breakeven: 0 without training (energy_wh_per_query, when given, is > 0)
    breakeven_queries = np.where(train_energy_kwh == 0, 0.0, train_energy_kwh * 1000 / wh)
    car_km = total_co2_kg * 1000 / car_gco2_per_km
    total_water_l = train_water_l + queries * water_ml_per_query / 1000
    return {
        "queries": queries,
        "inference_energy_kwh": inference_energy_kwh,
        "inference_co2_kg": inference_co2_kg,
        "inference_cost": inference_cost,
        "total_energy_kwh": total_energy_kwh,
        "total_co2_kg": total_co2_kg,
        "total_cost": total_cost,
        "inference_share_of_energy": _share(inference_energy_kwh, total_energy_kwh),
        "inference_share_of_co2": _share(inference_co2_kg, total_co2_kg),
        "inference_share_of_cost": _share(inference_cost, total_cost),
        "amortised_wh_per_query": total_energy_kwh * 1000 / queries,
        "amortised_co2_g_per_query": total_co2_kg * 1000 / queries,
        "amortised_cost_per_query": total_cost / queries,
        "breakeven_queries": breakeven_queries,
        "breakeven_days": breakeven_queries / queries_per_day,
        "household_years": total_energy_kwh / household_kwh_per_year,
        "car_km": car_km,
        "moon_round_trips": car_km / km_to_moon_and_back,
        "inference_water_l": queries * water_ml_per_query / 1000,
        "total_water_l": total_water_l,
        "inference_share_of_water": np.where(
            total_water_l == 0, 0.0, queries * water_ml_per_query / 1000 / total_water_l
        ),
        "bottles_500ml": total_water_l / 0.5,
        "_status": np.where(np.isnan(co2_q), MISSING_INPUT, 0),
    }
