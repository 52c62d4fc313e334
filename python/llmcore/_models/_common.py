# SPDX-License-Identifier: BSD-3-Clause
"""Inputs shared by several models, described once.

Prices, tariffs and grid intensities have no default: absent unless given or filled by a
catalog row, so an output that needs one is not computed rather than computed as 0."""

from __future__ import annotations

from llmcore._models._info import inp

# What an output that uses one of them lists in its `needs`.
GRID_NEEDS = ("grid_gco2_per_kwh",)
PRICE_NEEDS = ("price_per_accel_hour",)
ELECTRICITY_NEEDS = ("electricity_price_per_kwh",)

PARAMS = inp("params", "count", "model parameters", range="> 0", typical=(1e6, 2e12), log=True)
PEAK_FLOP_PER_S = inp(
    "peak_flop_per_s",
    "FLOP/s",
    "peak dense throughput per accelerator",
    catalog="hardware",
    typical=(1e13, 2e15),
    log=True,
)
N_ACCEL = inp("n_accel", "count", "accelerators", 1.0, range=">= 1", typical=(1, 4096), log=True)
ACCEL_POWER_W = inp(
    "accel_power_w",
    "W",
    "average draw per accelerator incl. its share of the host",
    optional=True,
    range=">= 0",
    catalog="hardware",
    typical=(50, 1500),
)
PUE = inp(
    "pue", "ratio", "datacenter power usage effectiveness", 1.1, range=">= 1", typical=(1.0, 2.0)
)
GRID = inp(
    "grid_gco2_per_kwh",
    "gCO2/kWh",
    "grid carbon intensity",
    optional=True,
    range=">= 0",
    catalog="region",
    typical=(5, 900),
)
PRICE_PER_ACCEL_HOUR = inp(
    "price_per_accel_hour",
    "USD/h",
    "cloud price per accelerator-hour",
    optional=True,
    range=">= 0",
    catalog="hardware",
    typical=(0.1, 20),
)
ELECTRICITY_PRICE = inp(
    "electricity_price_per_kwh",
    "USD/kWh",
    "electricity tariff",
    optional=True,
    range=">= 0",
    catalog="region",
    typical=(0.01, 0.6),
)
ACCEL_MEMORY_BYTES = inp(
    "accel_memory_bytes",
    "bytes",
    "memory per accelerator",
    optional=True,
    catalog="hardware",
    typical=(8e9, 2e11),
    log=True,
)
