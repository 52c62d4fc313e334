"""
GPT-3 trained in Sweden or in Estonia
=====================================

Where a model is trained changes its operational carbon more than anything else about it.
GPT-3 (175 billion parameters, 300 billion tokens) on V100s at Patterson et al.'s measured
24.6 TFLOP/s per GPU, in the region rows of the catalog: today's grids (Ember/OWID 2023,
life-cycle) and the historical figures behind the seed's "more than 60×" claim.
"""

import matplotlib.pyplot as plt
import numpy as np

import llmcore as lc
from llmcore import dist

regions = ["sweden", "estonia", "sweden-seed", "estonia-seed"]
# only CO2 is asked for: the historical rows hold no tariff, which other outputs would need
base = dict(params=175e9, tokens=300e9, hardware="v100", mfu=24.6e12 / 125e12, outputs=["co2_kg"])
for reg in regions:
    r = lc.training(**base, region=reg)
    row = lc.catalog.get("regions", reg)
    print(
        f"{reg:>13}: {r['co2_kg'] / 1000:8.1f} t CO2 at {row['grid_gco2_per_kwh']:g} "
        f"gCO2/kWh ({row['date']})"
    )

now = [lc.training(**base, region=r)["co2_kg"] for r in ("estonia", "sweden")]
seed = [lc.training(**base, region=r)["co2_kg"] for r in ("estonia-seed", "sweden-seed")]
print(
    f"Estonia / Sweden: {now[0] / now[1]:.1f}x on today's grids, "
    f"{seed[0] / seed[1]:.0f}x on the historical figures (seed: > 60x)"
)

# %%
# The ratio hardly depends on the run; the tonnes do. With MFU, board power and PUE
# uncertain, Monte Carlo gives each region an interval.
uncertain = dict(
    params=175e9,
    tokens=300e9,
    hardware="v100",
    mfu=dist.uniform(0.15, 0.3),
    accel_power_w=dist.uniform(250, 330),
    pue=dist.uniform(1.05, 1.3),
)
q = {}
for reg in regions:
    s = lc.simulate("training", dict(uncertain, region=reg), n=5000, seed=2, outputs="co2_kg")
    e = s["co2_kg"].exact_quantiles
    q[reg] = np.array([e[0.05], e[0.5], e[0.95]]) / 1000

fig, ax = plt.subplots(figsize=(6.4, 3.6))
mid = np.array([q[r][1] for r in regions])
err = np.array([[q[r][1] - q[r][0], q[r][2] - q[r][1]] for r in regions]).T
ax.barh(regions, mid, xerr=err, color=["#4c72b0", "#c44e52", "#8fa9d6", "#e09a9c"], capsize=4)
ax.set_xscale("log")
ax.set_xlabel("operational CO2 of GPT-3's training (t), median and 5–95 %")
ax.invert_yaxis()
fig.tight_layout()
