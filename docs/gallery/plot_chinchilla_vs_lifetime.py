"""
Chinchilla-optimal or lifetime-optimal?
=======================================

Chinchilla's allocation (Hoffmann et al. 2022) minimises *training* compute for a loss. A
model that will serve many tokens is cheaper over its life if it is smaller and trained
longer (Sardana & Frankle 2023): `scaling` finds the size that minimises training plus
inference FLOP for the same loss. With the default fit (Chinchilla's approach 3 constants)
the compute-optimal model for Chinchilla's loss is smaller than Chinchilla itself; other
fits are rows of the `scaling_fits` catalog (``fit=``).
"""

import matplotlib.pyplot as plt
import numpy as np

import llmcore as lc

chin = lc.scaling(params=70e9, tokens=1.4e12)
target = chin["loss"]
print(f"Chinchilla (70 B parameters, 1.4 T tokens): loss {target:.3f} (published 1.94)")

served = np.logspace(9, 15, 61)  # tokens served over the model's life
r = lc.scaling(target_loss=target, inference_tokens=served)
opt = lc.scaling(compute_flop=r["min_compute_for_loss"][0])
print(
    f"compute-optimal model for that loss: {opt['opt_params'] / 1e9:.1f} B parameters, "
    f"{opt['opt_tokens'] / 1e12:.2f} T tokens"
)
for k in (0, 30, 45, 60):
    print(
        f"serving {served[k]:.0e} tokens: {r['lifetime_params'][k] / 1e9:5.1f} B parameters "
        f"on {r['lifetime_tokens'][k] / 1e12:6.2f} T tokens, "
        f"{r['lifetime_saving'][k]:.0%} less lifetime compute"
    )

# %%
# As the tokens served grow, the best model shrinks and trains on more tokens per parameter.
fig, (a1, a2) = plt.subplots(1, 2, figsize=(8, 3.4))
a1.semilogx(served, r["lifetime_params"] / 1e9, label="lifetime-optimal")
a1.axhline(opt["opt_params"] / 1e9, color="grey", ls="--", label="compute-optimal")
a1.set_xlabel("tokens served over the model's life")
a1.set_ylabel("parameters (billions)")
a1.legend(fontsize=8)
a2.semilogx(served, 100 * r["lifetime_saving"])
a2.set_xlabel("tokens served over the model's life")
a2.set_ylabel("lifetime compute saved (%)")
fig.suptitle(f"same loss as Chinchilla ({target:.2f} nats/token)", fontsize=10)
fig.tight_layout()
