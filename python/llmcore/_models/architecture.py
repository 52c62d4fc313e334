# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md §3a `architecture` metadata (field order = cpp/.../models/architecture.hpp)."""

from __future__ import annotations

from llmcore._models._info import ModelInfo, inp, out

_M = "model"  # a model-catalog row (model="llama-2-7b") fills these

ARCHITECTURE = ModelInfo(
    name="architecture",
    section="§3a",
    doc="A decoder-only transformer's parameters, active parameters, attention FLOP and KV-cache "
    "bytes per token from its dimensions (dense, grouped-query attention, head_dim, gated FFN, "
    "mixture-of-experts with shared experts and dense layers, multi-head latent attention, "
    "learned or rotary positions); Megatron's parameter bookkeeping.",
    inputs=(
        inp(
            "n_layers",
            "count",
            "transformer layers",
            range=">= 1",
            catalog=_M,
            typical=(1, 160),
            log=True,
        ),
        inp(
            "d_model",
            "count",
            "hidden size",
            range=">= 1",
            catalog=_M,
            typical=(64, 32768),
            log=True,
        ),
        inp(
            "vocab_size",
            "count",
            "vocabulary size (embedding rows)",
            0.0,
            range=">= 0",
            catalog=_M,
            typical=(0, 300_000),
        ),
        inp(
            "seq_len",
            "tokens",
            "context length, for position embeddings and the attention term",
            0.0,
            range=">= 0",
            catalog=_M,
            typical=(0, 131_072),
        ),
        inp("ffn_mult", "ratio", "d_ff / d_model", 4.0, catalog=_M, typical=(1, 8)),
        inp(
            "gated_ffn",
            "flag",
            "1 for SwiGLU-style three-matrix FFNs, 0 for two",
            0.0,
            range="[0, 1]",
            catalog=_M,
            typical=(0, 1),
        ),
        inp(
            "kv_fraction",
            "fraction",
            "key/value width over d_model, n_kv_heads·head_dim / d_model (grouped-query "
            "attention; 1 for multi-head attention with head_dim = d_model / n_heads)",
            1.0,
            range="> 0",
            catalog=_M,
            typical=(0.01, 1),
        ),
        inp(
            "n_experts",
            "count",
            "FFN experts per layer (1 = dense)",
            1.0,
            range=">= 1",
            catalog=_M,
            typical=(1, 128),
            log=True,
        ),
        inp(
            "experts_per_token",
            "count",
            "experts each token runs through (at most n_experts; more counts as all)",
            1.0,
            range=">= 1",
            catalog=_M,
            typical=(1, 8),
        ),
        inp(
            "tied_embeddings",
            "flag",
            "1 if input and output embeddings share weights",
            1.0,
            range="[0, 1]",
            catalog=_M,
            typical=(0, 1),
        ),
        inp(
            "kv_bytes_per_elem",
            "bytes",
            "bytes per cached K/V element (2 = 16-bit)",
            2.0,
            typical=(0.5, 4),
        ),
        inp(
            "n_heads",
            "count",
            "query heads (needed with head_dim or latent attention)",
            optional=True,
            range=">= 1",
            catalog=_M,
            typical=(1, 128),
            log=True,
        ),
        inp(
            "head_dim",
            "count",
            "per-head width where it differs from d_model / n_heads: queries and the "
            "attention output are n_heads·head_dim wide (absent: d_model)",
            optional=True,
            range=">= 1",
            catalog=_M,
            typical=(16, 512),
            log=True,
        ),
        inp(
            "q_lora_rank",
            "count",
            "latent attention: the query bottleneck's width (0 = a plain query projection)",
            0.0,
            range=">= 0",
            catalog=_M,
            typical=(0, 4096),
        ),
        inp(
            "kv_lora_rank",
            "count",
            "multi-head latent attention (DeepSeek V2/V3): the cached key/value latent's "
            "width; absent = ordinary attention",
            optional=True,
            range=">= 1",
            catalog=_M,
            typical=(16, 2048),
            log=True,
        ),
        inp(
            "qk_nope_head_dim",
            "count",
            "latent attention: per-head query/key width without rotary positions "
            "(absent: head_dim, else d_model / n_heads)",
            optional=True,
            range=">= 0",
            catalog=_M,
            typical=(0, 256),
        ),
        inp(
            "qk_rope_head_dim",
            "count",
            "latent attention: the rotary query/key width per head, one shared cached key "
            "(absent: 0)",
            optional=True,
            range=">= 0",
            catalog=_M,
            typical=(0, 128),
        ),
        inp(
            "v_head_dim",
            "count",
            "latent attention: per-head value width (absent: head_dim, else d_model / n_heads)",
            optional=True,
            range=">= 1",
            catalog=_M,
            typical=(16, 256),
            log=True,
        ),
        inp(
            "n_shared_experts",
            "count",
            "always-on experts per mixture-of-experts layer, as wide as the routed ones",
            0.0,
            range=">= 0",
            catalog=_M,
            typical=(0, 4),
        ),
        inp(
            "moe_ffn_mult",
            "ratio",
            "an expert's width / d_model (absent: ffn_mult)",
            optional=True,
            catalog=_M,
            typical=(0.1, 8),
        ),
        inp(
            "first_k_dense",
            "count",
            "leading dense layers before the mixture-of-experts layers",
            0.0,
            range=">= 0",
            catalog=_M,
            typical=(0, 8),
        ),
        inp(
            "moe_layer_freq",
            "count",
            "after first_k_dense, every k-th layer is a mixture-of-experts layer (the others "
            "dense): floor((n_layers - first_k_dense) / k) of them",
            1.0,
            range=">= 1",
            catalog=_M,
            typical=(1, 4),
        ),
        inp(
            "learned_positions",
            "flag",
            "1 for a learned seq_len x d_model position table (GPT-2/3), 0 for rotary or "
            "relative positions (a models row's position field sets it)",
            1.0,
            range="[0, 1]",
            catalog=_M,
            typical=(0, 1),
        ),
        inp(
            "active_excludes_input_embedding",
            "flag",
            "1 where active_params leaves an untied input embedding out (DeepSeek's and "
            "gpt-oss's convention)",
            0.0,
            range="[0, 1]",
            catalog=_M,
            typical=(0, 1),
        ),
    ),
    outputs=(
        out(
            "attn_params",
            "count",
            "attention projections: L·d·(2·q + 2·kv_fraction·d), q = n_heads·head_dim "
            "(d without head_dim): L·d²·(2 + 2·kv_fraction); latent attention's projections "
            "with kv_lora_rank",
        ),
        out(
            "ffn_params",
            "count",
            "feed-forward weights: dense layers, and in mixture-of-experts layers all routed "
            "and shared experts plus the d x n_experts router",
        ),
        out(
            "norm_bias_params",
            "count",
            "biases and layer norms, 13·L·d (Megatron), plus latent attention's norms",
        ),
        out(
            "embed_params",
            "count",
            "token (and output, if untied) embeddings, plus the position table if learned",
        ),
        out("params", "count", "total parameters"),
        out(
            "active_params",
            "count",
            "parameters used per token: without the routed experts a token skips (and the "
            "input embedding where active_excludes_input_embedding)",
        ),
        out(
            "attention_flop_per_token",
            "FLOP",
            "training attention FLOP per token, 6·L·seq_len·(query-key + value width over "
            "query heads): 12·L·d·seq_len for multi-head attention (PaLM)",
        ),
        out(
            "kv_bytes_per_token",
            "bytes",
            "KV cache per token of context: 2·L·kv_fraction·d elements, latent attention "
            "L·(kv_lora_rank + qk_rope_head_dim)",
        ),
        out(
            "recompute_flop_per_token",
            "FLOP",
            "hardware FLOP per training token with full "
            "activation recomputation, 96·L·d²·(1 + s/(6d) + V/(16·L·d)) (Narayanan et al. "
            "2021, for Megatron's dense GPT layers)",
        ),
    ),
    # giving a requires b: head_dim and latent attention are per query head; the latent
    # attention widths mean nothing without its latent
    implies=(
        ("head_dim", "n_heads"),
        ("kv_lora_rank", "n_heads"),
        ("qk_nope_head_dim", "kv_lora_rank"),
        ("qk_rope_head_dim", "kv_lora_rank"),
        ("v_head_dim", "kv_lora_rank"),
    ),
)
