# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md §1 `training` metadata (field order = cpp/include/llmcore/models/training.hpp)."""

from __future__ import annotations

from llmcore._models import _common as c
from llmcore._models._info import ModelInfo, inp, out

_PT = ("params", "tokens")
_POWER = ("accel_power_w",)
_PRICE = c.PRICE_NEEDS
_GRID = (*_POWER, *c.GRID_NEEDS)
_EMBODIED = ("embodied_kgco2_per_accel",)
_ELEC = (*_POWER, *c.ELECTRICITY_NEEDS)
_CAPEX = ("accel_purchase_price",)

TRAINING = ModelInfo(
    name="training",
    section="§1",
    doc="One training run: compute, wall time, accelerator-hours, cloud and in-house cost, "
    "energy, operational and embodied CO2, memory.",
    inputs=(
        inp(
            "params",
            "count",
            "model parameters (required unless accel_hours is given)",
            optional=True,
            typical=(1e6, 2e12),
            log=True,
        ),
        inp(
            "tokens",
            "count",
            "training tokens (required unless accel_hours is given)",
            optional=True,
            typical=(1e8, 2e13),
            log=True,
        ),
        inp(
            "flops_per_param_token",
            "FLOP",
            "training FLOP per parameter per token",
            6.0,
            typical=(2, 8),
        ),
        inp(
            "attention_flop_per_token",
            "FLOP",
            "FLOP per token beyond the parameter term (PaLM's 12·L·H·Q·T)",
            0.0,
            range=">= 0",
            typical=(0, 1e10),
        ),
        inp(
            "accel_hours",
            "h",
            "accelerator-hours actually used, when known",
            optional=True,
            typical=(1e2, 1e8),
            log=True,
        ),
        c.PEAK_FLOP_PER_S,
        inp(
            "mfu",
            "fraction",
            "model FLOPs utilisation: fraction of peak achieved",
            0.4,
            range="(0, 1]",
            typical=(0.05, 0.8),
        ),
        inp(
            "n_accel",
            "count",
            "accelerators running in parallel (no default: the wall-clock time needs it)",
            optional=True,
            range=">= 1",
            typical=(1, 4096),
            log=True,
        ),
        c.ACCEL_POWER_W,
        c.PUE,
        c.GRID,
        c.PRICE_PER_ACCEL_HOUR,
        c.ELECTRICITY_PRICE,
        inp(
            "accel_purchase_price",
            "USD",
            "capex per accelerator incl. its share of server and network",
            optional=True,
            range=">= 0",
            catalog="hardware",
            typical=(1e3, 6e4),
        ),
        c.LIFETIME,
        c.EMBODIED,
        inp(
            "bytes_per_param_train", "bytes", "training state per parameter", 20.0, typical=(2, 24)
        ),
        c.ACCEL_MEMORY_BYTES,
        c.UTILIZATION,
        *c.footprint_inputs(),
    ),
    outputs=(
        out("flop", "FLOP", "training compute"),
        out("wall_s", "s", "wall-clock time", "n_accel"),
        out("wall_days", "d", "wall-clock time", "n_accel"),
        out("accel_hours", "h", "accelerator-hours"),
        out("implied_mfu", "fraction", "MFU implied by measured hours", "accel_hours", *_PT),
        out("cloud_cost", "USD", "cloud cost at price_per_accel_hour", *_PRICE),
        out("cost_per_1k_tokens", "USD", "cloud cost per 1000 training tokens", "tokens", *_PRICE),
        out("it_energy_kwh", "kWh", "IT energy inside the boundary", *_POWER),
        out("energy_kwh", "kWh", "energy at the boundary (facility: x PUE)", *_POWER),
        out("co2_kg", "kg", "operational CO2, location-based", *_GRID),
        out("embodied_co2_kg", "kg", "embodied CO2 of the accelerators, amortised", *_EMBODIED),
        out("total_co2_kg", "kg", "operational plus embodied CO2", *_GRID, *_EMBODIED),
        out("electricity_cost", "USD", "electricity cost", *_ELEC),
        out("hardware_cost", "USD", "depreciation of owned accelerators", *_CAPEX),
        out("inhouse_cost", "USD", "hardware depreciation plus electricity", *_ELEC, *_CAPEX),
        out("memory_bytes", "bytes", "training state", "params"),
        out(
            "min_accel_memory",
            "count",
            "accelerators needed to hold the training state",
            "params",
            "accel_memory_bytes",
        ),
        out("tokens_per_param", "ratio", "training tokens per parameter", *_PT),
        out("accel_avg_power_w", "W", "modelled draw of one busy accelerator", *_POWER),
        out("accel_energy_kwh", "kWh", "busy accelerators' energy", *_POWER),
        out("host_energy_kwh", "kWh", "host (CPU, DRAM, NIC, fans) energy", *_POWER),
        out("idle_energy_kwh", "kWh", "idle reserved capacity's energy", *_POWER),
        out("overhead_energy_kwh", "kWh", "data-centre overhead ((PUE - 1) x IT)", *_POWER),
        out("water_onsite_l", "L", "on-site (cooling) water", *c.WUE_NEEDS),
        out(
            "water_offsite_l", "L", "water consumed generating the electricity", *c.GRID_WATER_NEEDS
        ),
        out("water_l", "L", "on-site plus off-site water", *c.WUE_NEEDS, "grid_water_l_per_kwh"),
        out("co2_market_kg", "kg", "operational CO2, market-based", *c.MARKET_NEEDS),
        out("primary_energy_gj", "GJ", "primary energy of the electricity", *c.PE_NEEDS),
        out("adpe_kg_sbeq", "kg Sb eq", "abiotic depletion of the electricity", *c.ADPE_NEEDS),
    ),
    require_any=(_PT, ("accel_hours",)),
)
