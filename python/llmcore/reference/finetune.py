# SPDX-License-Identifier: BSD-3-Clause
"""Issue 17 `finetune`, transcribed: full fine-tuning at 6N FLOP per token and 16 bytes per
trained parameter (Rajbhandari et al. 2020, ZeRO §3.1); LoRA (Hu et al. 2021, arXiv
2106.09685) with r(d + d) parameters per adapted d x d matrix, forward 2N plus activation
gradients 2N through the frozen weights plus 6 per adapter parameter. LoRA without n_layers
or d_model: NaN, flagged missing_input."""

from __future__ import annotations

import numpy as np

from llmcore.reference._status import MISSING_INPUT


def evaluate(
    params,
    tokens,
    epochs,
    finetune_method,
    lora_rank,
    lora_matrices,
    n_layers,
    d_model,
    bytes_per_param,
    train_bytes_per_param,
    peak_flop_per_s,
    mfu,
    n_accel,
    price_per_accel_hour,
    pretraining_tokens,
    api_training_price_per_1k_tokens,
    api_base_price_per_1k_tokens,
    api_finetuned_price_per_1k_tokens,
):
    n = params
    lora = finetune_method >= 1  # choice code: 0 full, 1 lora
    adapters = n_layers * lora_matrices * 2 * lora_rank * d_model
    trainable = np.where(lora, adapters, n)
    flop_per_token = np.where(lora, 4 * n + 6 * adapters, 6 * n)
    train_flop = flop_per_token * tokens * epochs
    accel_hours = train_flop / (peak_flop_per_s * mfu) / 3600
    memory = np.where(
        lora, n * bytes_per_param + adapters * train_bytes_per_param, n * train_bytes_per_param
    )
    return {
        "trainable_params": trainable,
        "trainable_fraction": trainable / n,
        "flop_per_token": flop_per_token,
        "train_flop": train_flop,
        "accel_hours": accel_hours,
        "wall_hours": accel_hours / n_accel,
        "cost": accel_hours * price_per_accel_hour,
        "memory_bytes": memory,
        "pretraining_cost_ratio": train_flop / (6 * n * pretraining_tokens),
        "serving_params_ratio": np.where(lora, (n + adapters) / n, 1.0),
        "api_training_cost": tokens * epochs / 1000 * api_training_price_per_1k_tokens,
        "api_serving_price_ratio": api_finetuned_price_per_1k_tokens / api_base_price_per_1k_tokens,
        "_status": np.where(lora & np.isnan(adapters), MISSING_INPUT, 0),
    }
