# SPDX-License-Identifier: BSD-3-Clause
"""The best pure-numpy implementation of each benchmarked case: the ratio's denominator.

Written for speed, not clarity: preallocated outputs, in-place ufuncs with out=, shared
sub-expressions computed once, no temporaries that numpy can avoid.
"""

from __future__ import annotations

import numpy as np


def training_numpy(x: dict[str, np.ndarray | float], out: dict[str, np.ndarray]) -> None:
    """Every training output of SPEC §1 (model-FLOP path, no measured hours)."""
    n_accel, pue = x["n_accel"], x["pue"]
    flop = out["flop"]
    np.multiply(x["flops_per_param_token"], x["params"], out=flop)
    np.add(flop, x["attention_flop_per_token"], out=flop)
    np.multiply(flop, x["tokens"], out=flop)
    wall = out["wall_s"]
    np.multiply(x["peak_flop_per_s"], x["mfu"], out=wall)
    np.multiply(wall, n_accel, out=wall)
    np.divide(flop, wall, out=wall)
    np.divide(wall, 86400.0, out=out["wall_days"])
    hours = out["accel_hours"]
    np.multiply(wall, n_accel, out=hours)
    np.divide(hours, 3600.0, out=hours)
    np.multiply(hours, x["price_per_accel_hour"], out=out["cloud_cost"])
    np.divide(out["cloud_cost"], x["tokens"], out=out["cost_per_1k_tokens"])
    np.multiply(out["cost_per_1k_tokens"], 1000.0, out=out["cost_per_1k_tokens"])
    np.multiply(hours, x["accel_power_w"], out=out["it_energy_kwh"])
    np.divide(out["it_energy_kwh"], 1000.0, out=out["it_energy_kwh"])
    np.multiply(out["it_energy_kwh"], pue, out=out["energy_kwh"])
    np.multiply(out["energy_kwh"], x["grid_gco2_per_kwh"], out=out["co2_kg"])
    np.divide(out["co2_kg"], 1000.0, out=out["co2_kg"])
    share = out["hardware_cost"]  # reused as scratch for the life share first
    np.multiply(x["accel_lifetime_years"], 8760.0, out=share)
    np.divide(hours, share, out=share)
    np.multiply(x["embodied_kgco2_per_accel"], share, out=out["embodied_co2_kg"])
    np.add(out["co2_kg"], out["embodied_co2_kg"], out=out["total_co2_kg"])
    np.multiply(out["energy_kwh"], x["electricity_price_per_kwh"], out=out["electricity_cost"])
    np.multiply(x["accel_purchase_price"], share, out=share)
    np.add(share, out["electricity_cost"], out=out["inhouse_cost"])
    np.multiply(x["bytes_per_param_train"], x["params"], out=out["memory_bytes"])
    np.divide(out["memory_bytes"], x["accel_memory_bytes"], out=out["min_accel_memory"])
    np.ceil(out["min_accel_memory"], out=out["min_accel_memory"])
    np.divide(x["tokens"], x["params"], out=out["tokens_per_param"])


# what training_numpy writes: the outputs of SPEC §1 before issue 15's footprint layers
NUMPY_OUTPUTS = (
    "flop",
    "wall_s",
    "wall_days",
    "accel_hours",
    "cloud_cost",
    "cost_per_1k_tokens",
    "it_energy_kwh",
    "energy_kwh",
    "co2_kg",
    "embodied_co2_kg",
    "total_co2_kg",
    "electricity_cost",
    "hardware_cost",
    "inhouse_cost",
    "memory_bytes",
    "min_accel_memory",
    "tokens_per_param",
)

HEADLINE = ("wall_days", "accel_hours", "cloud_cost", "energy_kwh", "co2_kg")


def training_headline_numpy(x: dict[str, np.ndarray | float], out: dict[str, np.ndarray]) -> None:
    """PERFORMANCE.md workload (i): the five headline training outputs only."""
    hours = out["accel_hours"]
    np.multiply(x["flops_per_param_token"], x["params"], out=hours)
    np.add(hours, x["attention_flop_per_token"], out=hours)
    np.multiply(hours, x["tokens"], out=hours)  # flop
    days = out["wall_days"]
    np.multiply(x["peak_flop_per_s"], x["mfu"], out=days)
    np.divide(hours, days, out=hours)  # accelerator-seconds = flop / (peak * mfu)
    np.divide(hours, x["n_accel"], out=days)
    np.divide(days, 86400.0, out=days)
    np.divide(hours, 3600.0, out=hours)
    np.multiply(hours, x["price_per_accel_hour"], out=out["cloud_cost"])
    e = out["energy_kwh"]
    np.multiply(hours, x["accel_power_w"], out=e)
    np.multiply(e, x["pue"], out=e)
    np.divide(e, 1000.0, out=e)
    np.multiply(e, x["grid_gco2_per_kwh"], out=out["co2_kg"])
    np.divide(out["co2_kg"], 1000.0, out=out["co2_kg"])
