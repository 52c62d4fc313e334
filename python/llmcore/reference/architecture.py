# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md §3a `architecture`, transcribed."""

from __future__ import annotations

import numpy as np


def evaluate(
    n_layers,
    d_model,
    vocab_size,
    seq_len,
    ffn_mult,
    gated_ffn,
    kv_fraction,
    n_experts,
    experts_per_token,
    tied_embeddings,
    kv_bytes_per_elem,
):
    # attn_params = n_layers * d_model**2 * (2 + 2 * kv_fraction)
    attn_params = n_layers * (d_model * d_model) * (2 + 2 * kv_fraction)
    # ffn_params = n_layers * d_model**2 * ffn_mult * (3 if gated_ffn else 2) * n_experts
    ffn_params = (
        n_layers * (d_model * d_model) * ffn_mult * np.where(gated_ffn != 0, 3.0, 2.0) * n_experts
    )
    norm_bias_params = n_layers * 13 * d_model
    embed_params = (vocab_size * (2 - tied_embeddings) + seq_len) * d_model
    params = attn_params + ffn_params + norm_bias_params + embed_params
    # experts_per_token above n_experts counts as all experts
    active_params = params - ffn_params * (1 - np.minimum(experts_per_token, n_experts) / n_experts)
    return {
        "attn_params": attn_params,
        "ffn_params": ffn_params,
        "norm_bias_params": norm_bias_params,
        "embed_params": embed_params,
        "params": params,
        "active_params": active_params,
        "attention_flop_per_token": 12 * n_layers * d_model * seq_len,
        "kv_bytes_per_token": 2 * n_layers * d_model * kv_fraction * kv_bytes_per_elem,
        # Narayanan et al. 2021, eq. (3), divided by the B·s tokens of a step
        "recompute_flop_per_token": 96
        * n_layers
        * d_model**2
        * (1 + seq_len / (6 * d_model) + vocab_size / (16 * n_layers * d_model)),
    }
