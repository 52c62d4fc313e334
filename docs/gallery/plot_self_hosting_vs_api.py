"""
Self-hosting or an API?
=======================

Llama 3.1 8B on one rented A100 80 GB against an API's price for the same model. Two estimators, two
questions (see "Which estimator answers my question?"): `inference` is the compute-bound
floor, every token at a fixed MFU; `serving` is the roofline of decoding at a given batch,
memory-bound at small batches. Self-hosting pays only when the batch is large *and* the
accelerator is kept busy.
"""

import matplotlib.pyplot as plt
import numpy as np

import llmcore as lc

api_id = "together/meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo@2026-11"
api = lc.catalog.get("api_prices", api_id)
api_per_1k = api["price_per_1k_output_tokens"]
print(f"API: {api_id}: {api_per_1k * 1000:.2f} USD per million output tokens ({api['date']})")

batch = np.array([1, 2, 4, 8, 16, 32, 64, 128])
sv = lc.serving(
    model="llama-3.1-8b", hardware="a100-80gb", batch=batch, prompt_tokens=500, output_tokens=500
)
floor = lc.inference(params=8e9, hardware="a100-80gb", mfu=0.5)
print(f"hardware price used: {sv.assumptions['price_per_accel_hour']}")
for b, c, fits in zip(batch, sv["cost_per_1k_output_tokens"], sv["fits"]):
    print(
        f"batch {b:>3}: {c * 1000:7.2f} USD per million output tokens"
        f"{'' if fits else '  (does not fit in 80 GB)'}"
    )
print(
    f"compute-bound floor (inference, MFU 0.5): "
    f"{floor['cost_per_1k_tokens'] * 1000:.2f} USD per million tokens"
)

# %%
# Self-hosted cost per token falls with the batch until compute binds; at half
# utilisation it doubles.
fig, ax = plt.subplots(figsize=(6.4, 4))
ax.loglog(batch, sv["cost_per_1k_output_tokens"] * 1000, "o-", label="serving, fully used")
ax.loglog(batch, sv["cost_per_1k_output_tokens"] * 2000, "o--", label="serving, 50 % used")
ax.axhline(
    floor["cost_per_1k_tokens"] * 1000,
    color="grey",
    ls=":",
    label="inference (compute-bound floor)",
)
ax.axhline(api_per_1k * 1000, color="k", label="API price (Llama 3.1 8B, Together)")
ax.set_xlabel("concurrent requests (batch)")
ax.set_ylabel("USD per million output tokens")
ax.legend(fontsize=8)
fig.tight_layout()
