# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md §2 `inference` metadata (field order = cpp/include/llmcore/models/inference.hpp)."""

from __future__ import annotations

from llmcore._models import _common as c
from llmcore._models._info import ModelInfo, inp, out

_LIST = ("list_price_per_1k_tokens",)
_POWER = ("accel_power_w",)

INFERENCE = ModelInfo(
    name="inference",
    section="§2",
    doc="Token economics of a compute-bound deployment: throughput, cost, energy, water and "
    "CO2 per 1k tokens and per query; margin and break-even utilisation against an API "
    "price. A lower bound: every token at mfu of peak FLOP/s, so memory-bound decode (small "
    "batches, long contexts) can take 5-50x longer than this says. For a request's time, "
    "energy, water and carbon use `serving` (roofline, fitted to measured serving); use "
    "this for a fleet's economics at a known utilisation.",
    inputs=(
        c.PARAMS,
        inp(
            "flops_per_param_token",
            "FLOP",
            "inference FLOP per parameter per token (2; 1 for encoder-decoder)",
            2.0,
            typical=(1, 4),
        ),
        c.PEAK_FLOP_PER_S,
        inp(
            "mfu",
            "fraction",
            "fraction of peak achieved while serving",
            0.3,
            range="(0, 1]",
            typical=(0.05, 0.8),
        ),
        inp(
            "n_accel",
            "count",
            "accelerators per replica",
            1.0,
            range=">= 1",
            typical=(1, 64),
            log=True,
        ),
        c.PRICE_PER_ACCEL_HOUR,
        c.ACCEL_POWER_W,
        c.PUE,
        c.GRID,
        c.ELECTRICITY_PRICE,
        inp(
            "tokens_per_query",
            "tokens",
            "tokens processed per query",
            1000.0,
            range=">= 0",
            typical=(10, 1e5),
            log=True,
        ),
        inp(
            "utilization",
            "fraction",
            "share of paid time spent serving; the rest is idle capacity (energy: the idle layer)",
            1.0,
            range="(0, 1]",
            typical=(0.05, 1),
        ),
        inp(
            "list_price_per_1k_tokens",
            "USD",
            "an API's list price to compare with",
            optional=True,
            typical=(1e-4, 0.1),
            log=True,
        ),
        c.EMBODIED,
        c.LIFETIME,
        *c.footprint_inputs(),
    ),
    outputs=(
        out("flop_per_token", "FLOP", "compute per generated token"),
        out("tokens_per_s", "tokens/s", "throughput of one replica"),
        out("s_per_1k_tokens", "s", "paid time per 1000 tokens"),
        out("cost_per_1k_tokens", "USD", "cost per 1000 tokens", *c.PRICE_NEEDS),
        out("energy_wh_per_1k_tokens", "Wh", "energy per 1000 tokens at the boundary", *_POWER),
        out("co2_g_per_1k_tokens", "g", "operational CO2 per 1000 tokens", *_POWER, *c.GRID_NEEDS),
        out(
            "electricity_cost_per_1k_tokens",
            "USD",
            "electricity cost per 1000 tokens",
            *_POWER,
            *c.ELECTRICITY_NEEDS,
        ),
        out("cost_per_query", "USD", "cost per query", *c.PRICE_NEEDS),
        out("energy_wh_per_query", "Wh", "energy per query at the boundary", *_POWER),
        out("co2_g_per_query", "g", "operational CO2 per query", *_POWER, *c.GRID_NEEDS),
        out(
            "electricity_cost_per_query",
            "USD",
            "electricity cost per query",
            *_POWER,
            *c.ELECTRICITY_NEEDS,
        ),
        out("gross_margin", "fraction", "1 - cost / list price", *_LIST, *c.PRICE_NEEDS),
        out(
            "breakeven_utilization",
            "fraction",
            "serving share at which self-hosting costs what the API charges",
            *_LIST,
            *c.PRICE_NEEDS,
        ),
        out("accel_avg_power_w", "W", "modelled draw of one busy accelerator", *_POWER),
        out("accel_wh_per_1k_tokens", "Wh", "busy accelerators' energy per 1000 tokens", *_POWER),
        out("host_wh_per_1k_tokens", "Wh", "host energy per 1000 tokens", *_POWER),
        out("idle_wh_per_1k_tokens", "Wh", "idle provisioned capacity per 1000 tokens", *_POWER),
        out("overhead_wh_per_1k_tokens", "Wh", "data-centre overhead per 1000 tokens", *_POWER),
        out("water_onsite_ml_per_1k_tokens", "mL", "on-site water per 1000 tokens", *c.WUE_NEEDS),
        out(
            "water_offsite_ml_per_1k_tokens",
            "mL",
            "water of electricity generation per 1000 tokens",
            *c.GRID_WATER_NEEDS,
        ),
        out(
            "water_ml_per_1k_tokens",
            "mL",
            "on-site plus off-site water per 1000 tokens",
            *c.WUE_NEEDS,
            "grid_water_l_per_kwh",
        ),
        out(
            "water_ml_per_query",
            "mL",
            "on-site plus off-site water per query",
            *c.WUE_NEEDS,
            "grid_water_l_per_kwh",
        ),
        out("co2_market_g_per_1k_tokens", "g", "market-based CO2 per 1000 tokens", *c.MARKET_NEEDS),
        out(
            "embodied_co2_g_per_1k_tokens",
            "g",
            "accelerators' manufacturing CO2 amortised, per 1000 tokens",
            *c.EMBODIED_NEEDS,
        ),
        out("primary_energy_kj_per_1k_tokens", "kJ", "primary energy per 1000 tokens", *c.PE_NEEDS),
        out(
            "adpe_mg_sbeq_per_1k_tokens",
            "mg Sb eq",
            "abiotic depletion per 1000 tokens",
            *c.ADPE_NEEDS,
        ),
    ),
)
