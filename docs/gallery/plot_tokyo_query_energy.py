"""
Energy per query in Tokyo, in yen
=================================

What does the electricity of one LLM query cost a household in Tokyo? BLOOM's API
deployment measured 914 kWh over 230,768 queries (Luccioni, Viguier & Ligozat 2023);
`deployment` turns that into energy per query, prices it at the `tokyo` region row's
household tariff (39 JPY/kWh, 2023) and compares it with a 6 kWh single-person household
day. Money outputs come in yen at the fx catalog's dated rate.
"""

import matplotlib.pyplot as plt
import numpy as np

import llmcore as lc
from llmcore import dist

r = lc.deployment(measured_energy_kwh=914, measured_queries=230_768, region="tokyo", currency="JPY")
print(f"energy per query: {r['energy_wh_per_query']:.2f} Wh")
print(
    f"electricity per query: {r['electricity_cost_per_query']:.3f} {r.currency}"
    f" (1 USD = {r.fx_rate:g} JPY, {r.fx_date})"
)
print(f"queries per 6 kWh household day: {r['queries_per_household_day']:.0f}")
for name, used in sorted(r.assumptions.items()):
    print(f"  assumed {name} = {used['value']:g} ({used['source']})")

# %%
# The energy of a query grows with the model: scaled by parameters from BLOOM's 176
# billion (exponent uncertain, 0.8 to 1.2), with a Monte Carlo interval. Monte Carlo
# summaries are in USD: converted at the same dated rate.
jpy_per_usd, fx_date, _ = lc.catalog.fx_rate("JPY")

params = np.logspace(9, 12, 13)
lo, mid, hi = [], [], []
for p in params:
    s = lc.simulate(
        "deployment",
        dict(
            measured_energy_kwh=914,
            measured_queries=230_768,
            ref_params=176e9,
            params=p,
            region="tokyo",
            params_exponent=dist.uniform(0.8, 1.2),
        ),
        n=4000,
        seed=1,
        outputs="electricity_cost_per_query",
    )
    q = s["electricity_cost_per_query"].exact_quantiles
    for acc, level in ((lo, 0.05), (mid, 0.5), (hi, 0.95)):
        acc.append(q[level] * jpy_per_usd)

fig, ax = plt.subplots(figsize=(6.4, 3.8))
ax.fill_between(params, lo, hi, alpha=0.3, label="5–95 % (exponent 0.8–1.2)")
ax.loglog(params, mid, label="median")
ax.plot(
    [176e9],
    [r["electricity_cost_per_query"]],
    "o",
    color="k",
    label="BLOOM, measured (Luccioni et al. 2023)",
)
ax.set_xlabel("model parameters")
ax.set_ylabel("electricity per query (JPY)")
ax.set_title("Tokyo household tariff, 39 JPY/kWh")
ax.legend(fontsize=8)
fig.tight_layout()
