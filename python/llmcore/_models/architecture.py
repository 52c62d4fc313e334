# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md §3a `architecture` metadata (field order = cpp/.../models/architecture.hpp)."""

from __future__ import annotations

from llmcore._models._info import ModelInfo, inp, out

_M = "model"  # a model-catalog row (model="llama-2-7b") fills these

ARCHITECTURE = ModelInfo(
    name="architecture",
    section="§3a",
    doc="A decoder-only transformer's parameters, active parameters, attention FLOP and KV-cache "
    "bytes per token from its dimensions (dense, grouped-query attention, gated FFN, "
    "mixture-of-experts); Megatron's parameter bookkeeping.",
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
            "n_kv_heads / n_heads (grouped-query attention)",
            1.0,
            range="(0, 1]",
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
    ),
    outputs=(
        out("attn_params", "count", "attention projections: L·d²·(2 + 2·kv_fraction)"),
        out("ffn_params", "count", "feed-forward weights, all experts"),
        out("norm_bias_params", "count", "biases and layer norms, 13·L·d (Megatron)"),
        out("embed_params", "count", "token (and output, if untied) plus position embeddings"),
        out("params", "count", "total parameters"),
        out("active_params", "count", "parameters used per token (mixture-of-experts)"),
        out(
            "attention_flop_per_token",
            "FLOP",
            "training attention FLOP per token, 12·L·d·seq_len (PaLM)",
        ),
        out("kv_bytes_per_token", "bytes", "KV cache per token of context"),
        out(
            "recompute_flop_per_token",
            "FLOP",
            "hardware FLOP per training token with full "
            "activation recomputation, 96·L·d²·(1 + s/(6d) + V/(16·L·d)) (Narayanan et al. "
            "2021, for Megatron's dense GPT layers)",
        ),
    ),
)
