# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md §3a `architecture`, transcribed, with the optional dimensions of current models
(head_dim, multi-head latent attention, shared experts, dense and interleaved layers, rotary
positions) as design/architecture_counts.md states them."""

from __future__ import annotations

import numpy as np


def _given(x, fallback):
    """An optional input (NaN = absent) or its fallback."""
    return np.where(np.isnan(x), fallback, x)


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
    n_heads,
    head_dim,
    q_lora_rank,
    kv_lora_rank,
    qk_nope_head_dim,
    qk_rope_head_dim,
    v_head_dim,
    n_shared_experts,
    moe_ffn_mult,
    first_k_dense,
    moe_layer_freq,
    learned_positions,
    active_excludes_input_embedding,
):
    d = d_model
    # --- attention, per layer ---
    # ordinary (multi-head / grouped-query): W_q and W_o are d x (n_heads*head_dim), or d x d
    # without head_dim; W_k and W_v are d x (kv_fraction*d)
    q_cols = np.where(np.isnan(head_dim), d, n_heads * head_dim)
    kv_cols = kv_fraction * d
    gqa_attn = 2 * d * q_cols + 2 * d * kv_cols
    # multi-head latent attention (DeepSeek-V2 section 2.1), per layer:
    #   queries: d -> q_lora_rank -> n_heads*(nope + rope), or d -> n_heads*(nope + rope)
    #   keys/values: d -> kv_lora_rank + rope; kv_lora_rank -> n_heads*(nope + v)
    #   output: n_heads*v -> d
    hd = _given(head_dim, d / n_heads)
    nope = _given(qk_nope_head_dim, hd)
    rope = _given(qk_rope_head_dim, 0.0)
    v = _given(v_head_dim, hd)
    q_mla = np.where(
        q_lora_rank > 0,
        q_lora_rank * (d + n_heads * (nope + rope)),
        d * n_heads * (nope + rope),
    )
    kv_mla = d * (kv_lora_rank + rope) + kv_lora_rank * n_heads * (nope + v)
    mla_attn = q_mla + kv_mla + n_heads * v * d
    mla = ~np.isnan(kv_lora_rank)
    attn_params = n_layers * np.where(mla, mla_attn, gqa_attn)

    # --- feed-forward ---
    matrices = np.where(gated_ffn != 0, 3.0, 2.0)
    dense_layer = matrices * (d * d) * ffn_mult
    one_expert = matrices * (d * d) * _given(moe_ffn_mult, ffn_mult)
    # one expert = dense; otherwise floor((n_layers - first_k_dense) / moe_layer_freq) layers
    # are mixture-of-experts layers: routed + shared experts and a d x n_experts router
    n_moe = np.where(
        n_experts > 1,
        np.floor(np.maximum(n_layers - first_k_dense, 0) / moe_layer_freq),
        0.0,
    )
    moe_layer = (n_experts + n_shared_experts) * one_expert + d * n_experts
    ffn_params = (n_layers - n_moe) * dense_layer + n_moe * moe_layer

    # --- norms, embeddings ---
    # Megatron's 13*d per layer; latent attention adds its two latent norms
    norm_bias_params = n_layers * (13 * d + np.where(mla, q_lora_rank + kv_lora_rank, 0.0))
    position_table = np.where(learned_positions != 0, seq_len, 0.0)
    embed_params = (vocab_size * (2 - tied_embeddings) + position_table) * d
    params = attn_params + ffn_params + norm_bias_params + embed_params

    # experts a token skips (experts_per_token above n_experts counts as all of them)
    skipped = n_moe * (n_experts - np.minimum(experts_per_token, n_experts)) * one_expert
    input_embedding = np.where(
        active_excludes_input_embedding != 0, vocab_size * (1 - tied_embeddings) * d, 0.0
    )
    active_params = params - skipped - input_embedding

    # attention FLOP per token (PaLM): 6 * L * s * (score width + value width) over the query
    # heads; multi-head: 12 * L * d * s
    widths = np.where(mla, n_heads * (nope + rope + v), 2 * q_cols)
    # KV cache: K and V, kv_fraction*d each; latent attention caches the latent and the key
    cached = np.where(mla, kv_lora_rank + rope, 2 * kv_cols)
    return {
        "attn_params": attn_params,
        "ffn_params": ffn_params,
        "norm_bias_params": norm_bias_params,
        "embed_params": embed_params,
        "params": params,
        "active_params": active_params,
        "attention_flop_per_token": 6 * n_layers * seq_len * widths,
        "kv_bytes_per_token": n_layers * cached * kv_bytes_per_elem,
        # Narayanan et al. 2021, eq. (3), divided by the B·s tokens of a step
        "recompute_flop_per_token": 96
        * n_layers
        * d_model**2
        * (1 + seq_len / (6 * d_model) + vocab_size / (16 * n_layers * d_model)),
    }
