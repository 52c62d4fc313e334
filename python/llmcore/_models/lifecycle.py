# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md §7 `lifecycle` metadata (field order = cpp/.../models/lifecycle.hpp)."""

from __future__ import annotations

from llmcore._models import _common as c
from llmcore._models._info import InputInfo, ModelInfo, inp, out

_R = "region"
_E = ("energy_wh_per_query",)
_W = ("train_water_l", "water_ml_per_query")


def _q(name: str, unit: str, doc: str, range: str = ">= 0") -> InputInfo:
    return inp(
        name,
        unit,
        doc + " (absent: no inference counted)",
        optional=True,
        range=range,
        typical=(1e-3, 100),
        log=True,
    )


LIFECYCLE = ModelInfo(
    name="lifecycle",
    section="§7",
    doc="Training amortised over a model's service life: inference share, break-even "
    "queries, amortised per-query figures, and equivalences (household-years, car-km, "
    "trips to the Moon and back).",
    inputs=(
        inp("train_energy_kwh", "kWh", "training energy", 0.0, range=">= 0", typical=(0, 1e8)),
        inp("train_co2_kg", "kg", "training CO2", 0.0, range=">= 0", typical=(0, 1e8)),
        inp("train_cost", "USD", "training cost", 0.0, range=">= 0", typical=(0, 1e9)),
        # > 0 when given: break-even against free inference would be "never" (inf)
        _q("energy_wh_per_query", "Wh", "energy per query", "> 0"),
        _q("co2_g_per_query", "g", "CO2 per query"),
        _q("cost_per_query", "USD", "cost per query"),
        inp("queries_per_day", "count", "queries served per day", typical=(1, 1e10), log=True),
        inp("lifetime_days", "d", "service life", 365.0, typical=(1, 3650)),
        inp(
            "household_kwh_per_year",
            "kWh",
            "a household's yearly electricity use",
            3600.0,
            catalog=_R,
            typical=(1000, 12000),
        ),
        inp("car_gco2_per_km", "g/km", "a car's CO2 per km", 120.4, catalog=_R, typical=(50, 300)),
        inp(
            "km_to_moon_and_back",
            "km",
            "Earth-Moon round trip (2 · 384,400 km)",
            768_800.0,
            typical=(7e5, 8e5),
        ),
        c.GRID,  # derives CO2 per query from energy per query when not given
        inp(
            "train_water_l",
            "L",
            "training water (on-site plus off-site)",
            optional=True,
            range=">= 0",
            typical=(0, 1e8),
        ),
        inp(
            "water_ml_per_query",
            "mL",
            "water per query (on-site plus off-site)",
            optional=True,
            range=">= 0",
            typical=(1e-3, 100),
            log=True,
        ),
    ),
    outputs=(
        out("queries", "count", "queries over the service life"),
        out("inference_energy_kwh", "kWh", "inference energy over the life"),
        out("inference_co2_kg", "kg", "inference CO2 over the life"),
        out("inference_cost", "USD", "inference cost over the life"),
        out("total_energy_kwh", "kWh", "training plus inference energy"),
        out("total_co2_kg", "kg", "training plus inference CO2"),
        out("total_cost", "USD", "training plus inference cost"),
        out("inference_share_of_energy", "fraction", "inference / total energy (0 if total 0)"),
        out("inference_share_of_co2", "fraction", "inference / total CO2 (0 if total 0)"),
        out("inference_share_of_cost", "fraction", "inference / total cost (0 if total 0)"),
        out("amortised_wh_per_query", "Wh", "total energy per query"),
        out("amortised_co2_g_per_query", "g", "total CO2 per query"),
        out("amortised_cost_per_query", "USD", "total cost per query"),
        out(
            "breakeven_queries",
            "count",
            "queries whose inference energy equals training's (0 without training)",
            *_E,
        ),
        out("breakeven_days", "d", "days to reach breakeven_queries", *_E),
        out("household_years", "count", "household-years of electricity (total energy)"),
        out("car_km", "km", "car-km emitting total_co2_kg"),
        out("moon_round_trips", "count", "car trips to the Moon and back"),
        out("inference_water_l", "L", "inference water over the life", "water_ml_per_query"),
        out("total_water_l", "L", "training plus inference water", *_W),
        out("inference_share_of_water", "fraction", "inference / total water (0 if total 0)", *_W),
        out("bottles_500ml", "count", "500 mL bottles of total water (Li et al. 2023's unit)", *_W),
    ),
    flagged=(
        (
            "missing_input",
            (
                "inference_co2_kg",
                "total_co2_kg",
                "inference_share_of_co2",
                "amortised_co2_g_per_query",
                "car_km",
                "moon_round_trips",
            ),
        ),
    ),
)
