# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md §6 `deployment` metadata (field order = cpp/.../models/deployment.hpp)."""

from __future__ import annotations

from llmcore._models import _common as c
from llmcore._models._info import ModelInfo, inp, out

# World electricity: about 29,000 TWh in 2023 (IEA, Electricity 2024: global demand
# ~27,000-29,000 TWh; Ember Global Electricity Review 2024: generation ~29,900 TWh), rounded.
WORLD_TWH_PER_YEAR = 29_000.0

DEPLOYMENT = ModelInfo(
    name="deployment",
    section="§6",
    doc="Per-query energy from a measured deployment scaled by params**exponent, priced at a "
    "tariff, compared with an API price and a household's day; fleet TWh/yr and its share "
    "of world electricity.",
    inputs=(
        inp(
            "measured_energy_kwh",
            "kWh",
            "energy the measured deployment used",
            typical=(1e-6, 1e6),
            log=True,
        ),
        inp("measured_queries", "count", "queries it served meanwhile", typical=(1, 1e9), log=True),
        inp(
            "ref_params",
            "count",
            "parameters of the measured model (needed to scale)",
            optional=True,
            typical=(1e6, 2e12),
            log=True,
        ),
        inp(
            "params",
            "count",
            "parameters of the model to estimate (default ref_params)",
            optional=True,
            catalog="model",
            typical=(1e6, 2e12),
            log=True,
        ),
        inp(
            "params_exponent",
            "exponent",
            "energy ∝ params**exponent",
            1.0,
            range=">= 0",
            typical=(0.5, 1.5),
        ),
        c.ELECTRICITY_PRICE,
        inp(
            "price_per_query",
            "USD",
            "what a user pays per query",
            optional=True,
            typical=(1e-5, 1.0),
            log=True,
        ),
        inp(
            "household_kwh_per_day",
            "kWh",
            "a household's daily electricity use",
            6.0,
            catalog="region",
            typical=(1, 40),
        ),
        c.GRID,
        inp(
            "queries_per_day",
            "count",
            "fleet queries per day",
            0.0,
            range=">= 0",
            typical=(0, 1e10),
        ),
        inp(
            "world_twh_per_year",
            "TWh",
            "world electricity use per year (about 29,000 TWh in "
            "2023: IEA Electricity 2024 / Ember 2024, rounded)",
            WORLD_TWH_PER_YEAR,
            typical=(1e4, 5e4),
        ),
        c.WUE,
        c.GRID_WATER,
        c.MARKET,
    ),
    outputs=(
        out("energy_wh_per_query", "Wh", "energy per query at params"),
        out(
            "electricity_cost_per_query", "USD", "electricity cost per query", *c.ELECTRICITY_NEEDS
        ),
        out(
            "electricity_share_of_price",
            "fraction",
            "electricity cost / price per query",
            "price_per_query",
            *c.ELECTRICITY_NEEDS,
        ),
        out(
            "queries_per_household_day", "count", "queries that use a household's daily electricity"
        ),
        out("co2_g_per_query", "g", "operational CO2 per query", *c.GRID_NEEDS),
        out("fleet_twh_per_year", "TWh", "fleet energy per year"),
        out("fleet_share_of_world", "fraction", "fleet energy / world electricity"),
        out(
            "water_onsite_ml_per_query",
            "mL",
            "on-site water per query (measured energy taken as IT energy)",
            "wue_l_per_kwh",
        ),
        out(
            "water_offsite_ml_per_query",
            "mL",
            "water consumed generating the query's electricity",
            "grid_water_l_per_kwh",
        ),
        out(
            "water_ml_per_query",
            "mL",
            "on-site plus off-site water per query",
            "wue_l_per_kwh",
            "grid_water_l_per_kwh",
        ),
        out("co2_market_g_per_query", "g", "market-based CO2 per query", "market_gco2_per_kwh"),
    ),
    implies=(("params", "ref_params"),),
)
