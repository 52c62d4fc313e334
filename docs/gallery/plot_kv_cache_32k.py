"""
The KV cache at a 32k context
=============================

How much memory does a long context take? `architecture` gives the KV-cache bytes per token
from a model's dimensions (grouped-query attention shrinks it by n_kv_heads / n_heads);
`serving` adds the weights and says whether a batch fits.
"""

import matplotlib.pyplot as plt
import numpy as np

import llmcore as lc

ctx = 32_768
models = ["llama-2-13b", "llama-3.1-8b", "llama-3.1-70b", "mistral-7b", "qwen2.5-72b"]
per_token = {}
for m in models:
    a = lc.architecture(model=m)
    per_token[m] = a["kv_bytes_per_token"]
    print(
        f"{m:>14}: {a['kv_bytes_per_token'] / 1e6:5.3f} MB per token, "
        f"{a['kv_bytes_per_token'] * ctx / 1e9:5.1f} GB for one 32k-token sequence "
        f"(16-bit cache)"
    )

# %%
# Llama 3.1 70B in 16-bit on a node of eight H100 80 GB: how many 32k-token requests fit?
batch = np.arange(1, 65)
s = lc.serving(
    model="llama-3.1-70b",
    hardware="h100-sxm",
    n_accel=8,
    batch=batch,
    prompt_tokens=ctx - 1000,
    output_tokens=1000,
)
fits = batch[s["fits"] == 1]
weights = float(np.max(s["weight_bytes"]))  # the same for every batch
print(f"weights {weights / 1e9:.0f} GB; at most {fits.max()} sequences of 32k fit in 8 x 80 GB")

fig, ax = plt.subplots(figsize=(6.4, 3.8))
ax.plot(batch, np.full(batch.shape, weights / 1e9), label="weights")
ax.plot(batch, s["memory_bytes"] / 1e9, label="weights + KV cache")
ax.axhline(8 * 80, color="k", ls="--", label="8 × H100 80 GB")
ax.set_xlabel("concurrent 32k-token sequences")
ax.set_ylabel("memory (GB)")
ax.legend(fontsize=8)
fig.tight_layout()
