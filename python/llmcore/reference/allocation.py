# SPDX-License-Identifier: BSD-3-Clause
"""Issue 17 `allocation`, transcribed: X*(C) = A·C^α and C = k·size·tokens (Llama 3 §3.2.1;
DeepSeek LLM §3)."""

from __future__ import annotations


def evaluate(
    compute_flop,
    tokens_coef,
    tokens_exp,
    size_coef,
    size_exp,
    flop_per_size_token,
    batch_coef,
    batch_exp,
    lr_coef,
    lr_exp,
):
    c, k = compute_flop, flop_per_size_token
    tokens = tokens_coef * c**tokens_exp
    size_t = c / (k * tokens)
    size = size_coef * c**size_exp
    return {
        "opt_tokens": tokens,
        "size_from_tokens": size_t,
        "tokens_per_size": tokens / size_t,
        "opt_size": size,
        "tokens_from_size": c / (k * size),
        "opt_batch_tokens": batch_coef * c**batch_exp,
        "opt_lr": lr_coef * c**lr_exp,
    }
