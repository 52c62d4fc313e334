# SPDX-License-Identifier: BSD-3-Clause
"""Issue 17 `finetune` metadata (field order = cpp/include/llmcore/models/finetune.hpp).

Full fine-tuning (6N FLOP per token, 16 bytes per parameter with mixed-precision Adam, ZeRO
§3.1) or LoRA (Hu et al. 2021: rank-r adapters on W_q and W_v; 4N + 6 x trainable FLOP per
token) on owned or rented accelerators, and fine-tuning through an API
(design/finetune_embedding.md)."""

from __future__ import annotations

from llmcore._models import _common as c
from llmcore._models._info import ModelInfo, inp, out

_M = "model"
_PEAK = ("peak_flop_per_s",)
METHODS = ("full", "lora")
_SRC_LORA = "Hu et al. 2021, arXiv 2106.09685"

FINETUNE = ModelInfo(
    name="finetune",
    section="issue 17",
    doc="Fine-tuning a pretrained model: trainable parameters, FLOP, accelerator-hours, cost "
    "and training memory (weights, gradients and Adam states; activations not counted) for "
    "full fine-tuning or LoRA; the cost ratio to pretraining the same model; an API's "
    "training bill and its fine-tuned over base serving price.",
    inputs=(
        inp("params", "count", "model parameters N", catalog=_M, typical=(1e8, 1e12), log=True),
        inp("tokens", "tokens", "tokens in the fine-tuning dataset", typical=(1e4, 1e11), log=True),
        inp("epochs", "count", "passes over the dataset", 1.0, typical=(1, 10)),
        inp(
            "finetune_method",
            "choice",
            f"'full' (every weight trained) or 'lora' (low-rank adapters, {_SRC_LORA})",
            0.0,
            range="[0, 1]",
            typical=(0, 1),
            choices=METHODS,
        ),
        inp(
            "lora_rank", "count", f"LoRA rank r ({_SRC_LORA})", 8.0, range=">= 1", typical=(1, 256)
        ),
        inp(
            "lora_matrices",
            "count",
            f"d_model x d_model matrices adapted per layer (2: W_q and W_v, {_SRC_LORA} §7.1)",
            2.0,
            range=">= 1",
            typical=(1, 8),
        ),
        inp(
            "n_layers",
            "count",
            "transformer layers (LoRA only)",
            optional=True,
            range=">= 1",
            catalog=_M,
            typical=(1, 160),
            log=True,
        ),
        inp(
            "d_model",
            "count",
            "hidden size (LoRA only)",
            optional=True,
            range=">= 1",
            catalog=_M,
            typical=(64, 32768),
            log=True,
        ),
        inp(
            "bytes_per_param",
            "bytes",
            "bytes per frozen weight under LoRA (2 = 16-bit)",
            2.0,
            typical=(0.5, 4),
        ),
        inp(
            "train_bytes_per_param",
            "bytes",
            "bytes per trained parameter: 16 for mixed-precision Adam (fp16 weight and "
            "gradient, fp32 master weight, momentum, variance; Rajbhandari et al. 2020, ZeRO "
            "§3.1)",
            16.0,
            typical=(4, 20),
        ),
        inp(
            "peak_flop_per_s",
            "FLOP/s",
            "peak dense throughput per accelerator",
            optional=True,
            catalog="hardware",
            typical=(1e13, 2e15),
            log=True,
        ),
        inp(
            "mfu",
            "fraction",
            "model FLOPs utilisation (as `training`)",
            0.4,
            range="(0, 1]",
            typical=(0.05, 0.8),
        ),
        inp("n_accel", "count", "accelerators", 1.0, range=">= 1", typical=(1, 1024), log=True),
        c.PRICE_PER_ACCEL_HOUR,
        inp(
            "pretraining_tokens",
            "tokens",
            "tokens the model was pretrained on, for the ratio to training from scratch",
            optional=True,
            typical=(1e9, 2e13),
            log=True,
        ),
        inp(
            "api_training_price_per_1k_tokens",
            "USD",
            "an API's fine-tuning price per 1000 training tokens (billed per epoch)",
            optional=True,
            range=">= 0",
            typical=(1e-4, 0.1),
            log=True,
        ),
        inp(
            "api_base_price_per_1k_tokens",
            "USD",
            "the API's price per 1000 tokens of the base model",
            optional=True,
            typical=(1e-4, 0.1),
            log=True,
        ),
        inp(
            "api_finetuned_price_per_1k_tokens",
            "USD",
            "the API's price per 1000 tokens of the fine-tuned model",
            optional=True,
            range=">= 0",
            typical=(1e-4, 0.5),
            log=True,
        ),
    ),
    outputs=(
        out("trainable_params", "count", "N (full) or n_layers x matrices x 2 r d_model (LoRA)"),
        out("trainable_fraction", "fraction", "trainable parameters over N"),
        out("flop_per_token", "FLOP", "6N (full) or 4N + 6 x trainable (LoRA)"),
        out("train_flop", "FLOP", "FLOP per token x tokens x epochs"),
        out("accel_hours", "h", "train FLOP / (peak x mfu)", *_PEAK),
        out("wall_hours", "h", "accelerator-hours / n_accel", *_PEAK),
        out("cost", "USD", "accelerator-hours x price", *_PEAK, *c.PRICE_NEEDS),
        out(
            "memory_bytes",
            "bytes",
            "weights, gradients and optimizer states (activations not counted)",
        ),
        out(
            "pretraining_cost_ratio",
            "ratio",
            "train FLOP / (6 N x pretraining tokens): the cost ratio on the same hardware",
            "pretraining_tokens",
        ),
        out(
            "serving_params_ratio",
            "ratio",
            "weights read when serving the fine-tuned model over the base's: 1 for full "
            "fine-tuning (and merged LoRA), 1 + trainable/N for unmerged adapters",
        ),
        out(
            "api_training_cost",
            "USD",
            "tokens x epochs / 1000 x the API's training price",
            "api_training_price_per_1k_tokens",
        ),
        out(
            "api_serving_price_ratio",
            "ratio",
            "the API's fine-tuned over base price per token",
            "api_base_price_per_1k_tokens",
            "api_finetuned_price_per_1k_tokens",
        ),
    ),
    flagged=(
        (
            "missing_input",
            (
                "trainable_params",
                "trainable_fraction",
                "flop_per_token",
                "train_flop",
                "accel_hours",
                "wall_hours",
                "cost",
                "memory_bytes",
                "pretraining_cost_ratio",
                "serving_params_ratio",
            ),
        ),
    ),
)
