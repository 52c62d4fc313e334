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
    "board power (TDP) per accelerator; the busy draw follows accel_load, the host is host_power_w",
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

# Mixture-of-experts routing (serving's read share, parallelism's expert parallelism); absent
# for dense models.
N_EXPERTS = inp(
    "n_experts",
    "count",
    "routed experts per mixture-of-experts layer",
    optional=True,
    range=">= 1",
    catalog="model",
    typical=(1, 256),
    log=True,
)
EXPERTS_PER_TOKEN = inp(
    "experts_per_token",
    "count",
    "routed experts each token runs through",
    optional=True,
    range=">= 1",
    catalog="model",
    typical=(1, 8),
)

# --- the energy boundary, water and carbon accounting (cpp/include/llmcore/models/footprint.hpp)
BOUNDARIES = ("accelerator", "server", "provisioned", "facility")
BOUNDARY = inp(
    "boundary",
    "choice",
    "what the energy counts: 'accelerator' (busy accelerators only), 'server' (+ host CPU, "
    "DRAM, NIC and fans), 'provisioned' (+ idle provisioned capacity), 'facility' (+ "
    "data-centre overhead, x PUE; alias 'comprehensive', Google 2025's boundary)",
    3.0,
    range="[0, 3]",
    typical=(0, 3),
    choices=BOUNDARIES,
    choice_aliases=(("comprehensive", "facility"), ("gpu", "accelerator"), ("it", "provisioned")),
)
ACCEL_IDLE_FRACTION = inp(
    "accel_idle_fraction",
    "fraction",
    "an idle accelerator's draw as a share of its TDP (H100 SXM: about 70 W of 700 W)",
    0.1,
    range="[0, 1]",
    typical=(0.03, 0.3),
)
_LOAD_DOC = (
    "a busy accelerator's draw between idle (0) and TDP (1): "
    "TDP x (idle_fraction + (1 - idle_fraction) x load)"
)
ACCEL_LOAD_TDP = inp(
    "accel_load",
    "fraction",
    _LOAD_DOC + "; 1 counts busy accelerators at TDP, as Meta's model cards and most "
    "published training footprints do",
    1.0,
    range="[0, 1]",
    typical=(0.3, 1),
)
HOST_POWER_W = inp(
    "host_power_w",
    "W",
    "the server's non-accelerator power (CPU, DRAM, NIC, fans) per accelerator while busy; "
    "absent = host_power_fraction x accel_power_w",
    optional=True,
    range=">= 0",
    typical=(0, 800),
)
HOST_POWER_FRACTION = inp(
    "host_power_fraction",
    "fraction",
    "host power per accelerator as a share of the accelerator's TDP, used when host_power_w "
    "is absent (0.21: EcoLogits' 1.2 kW for an 8 x H100 server without its GPUs, "
    "1200 / (8 x 700 W))",
    0.21,
    range="[0, 5]",
    typical=(0, 1),
)
WUE = inp(
    "wue_l_per_kwh",
    "L/kWh",
    "on-site water usage effectiveness: litres evaporated per kWh of IT energy",
    optional=True,
    range=">= 0",
    catalog="region",
    supplementary=True,
    typical=(0, 3),
)
GRID_WATER = inp(
    "grid_water_l_per_kwh",
    "L/kWh",
    "off-site water consumed generating one kWh of the grid's electricity",
    optional=True,
    range=">= 0",
    catalog="region",
    supplementary=True,
    typical=(0, 10),
)
MARKET = inp(
    "market_gco2_per_kwh",
    "gCO2/kWh",
    "market-based emission factor (after contractual instruments such as PPAs and RECs)",
    optional=True,
    range=">= 0",
    catalog="region",
    supplementary=True,
    typical=(0, 900),
)
PRIMARY_ENERGY = inp(
    "primary_energy_mj_per_kwh",
    "MJ/kWh",
    "primary energy per kWh of the grid's electricity",
    optional=True,
    range=">= 0",
    catalog="region",
    supplementary=True,
    typical=(3.6, 15),
)
ADPE = inp(
    "adpe_kgsbeq_per_kwh",
    "kg Sb eq/kWh",
    "abiotic depletion potential (elements) per kWh of the grid's electricity",
    optional=True,
    range=">= 0",
    catalog="region",
    supplementary=True,
    typical=(1e-9, 1e-6),
    log=True,
)
UTILIZATION = inp(
    "utilization",
    "fraction",
    "share of the provisioned accelerators' time spent on this work; the rest is idle "
    "capacity (Google 2025 counts a tenth of a median prompt's energy as idle machines)",
    1.0,
    range="(0, 1]",
    typical=(0.05, 1),
)
EMBODIED = inp(
    "embodied_kgco2_per_accel",
    "kgCO2",
    "manufacturing carbon per accelerator",
    optional=True,
    range=">= 0",
    catalog="hardware",
    typical=(10, 3000),
)
LIFETIME = inp(
    "accel_lifetime_years",
    "years",
    "service life over which hardware is amortised",
    4.0,
    typical=(1, 8),
)


def footprint_inputs(load: object = ACCEL_LOAD_TDP) -> tuple:
    """The inputs of LLMCORE_FOOTPRINT_INPUTS, in its order (`load`: this model's accel_load)."""
    return (
        BOUNDARY,
        ACCEL_IDLE_FRACTION,
        load,
        HOST_POWER_W,
        HOST_POWER_FRACTION,
        WUE,
        GRID_WATER,
        MARKET,
        PRIMARY_ENERGY,
        ADPE,
    )


POWER_NEEDS = ("accel_power_w",)
WUE_NEEDS = (*POWER_NEEDS, "wue_l_per_kwh")
GRID_WATER_NEEDS = (*POWER_NEEDS, "grid_water_l_per_kwh")
MARKET_NEEDS = (*POWER_NEEDS, "market_gco2_per_kwh")
PE_NEEDS = (*POWER_NEEDS, "primary_energy_mj_per_kwh")
ADPE_NEEDS = (*POWER_NEEDS, "adpe_kgsbeq_per_kwh")
EMBODIED_NEEDS = ("embodied_kgco2_per_accel",)
