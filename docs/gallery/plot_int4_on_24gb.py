"""
Which models fit in 24 GB at 4 bits?
====================================

A 24 GB card (RTX 4090) holds the weights of a 7 B model in 16 bits, but what about 13 B,
32 B or 70 B? `serving` counts the weights at `bytes_per_param` (2 for 16-bit, 1 for
8-bit, 0.5 for 4-bit) plus the KV cache of the batch, and says whether it fits and how fast
one request decodes (memory-bound: the weights are read once per token).
"""

import matplotlib.pyplot as plt
import numpy as np

import llmcore as lc

models = ["llama-3.1-8b", "llama-2-13b", "qwen2.5-14b", "qwen2.5-32b", "llama-3.1-70b"]
bits = {"16-bit": 2.0, "8-bit": 1.0, "4-bit": 0.5}
mem = np.zeros((len(models), len(bits)))
for i, m in enumerate(models):
    for j, (label, b) in enumerate(bits.items()):
        s = lc.serving(
            model=m, hardware="rtx-4090", bytes_per_param=b, prompt_tokens=2000, output_tokens=500
        )
        mem[i, j] = s["memory_bytes"] / 1e9
        tok = f"{s['output_tokens_per_s']:5.1f} tokens/s" if s["fits"] else "does not fit"
        print(f"{m:>14} {label:>6}: {mem[i, j]:6.1f} GB, {tok}")

# %%
# Weights plus a 2,500-token KV cache, against the card's 24 GB.
fig, ax = plt.subplots(figsize=(6.4, 3.8))
x = np.arange(len(models))
for j, label in enumerate(bits):
    ax.bar(x + (j - 1) * 0.27, mem[:, j], 0.27, label=label)
ax.axhline(24, color="k", ls="--", label="RTX 4090, 24 GB")
ax.set_xticks(x, models, rotation=20, ha="right", fontsize=8)
ax.set_yscale("log")
ax.set_ylabel("memory (GB)")
ax.legend(fontsize=8)
fig.tight_layout()
