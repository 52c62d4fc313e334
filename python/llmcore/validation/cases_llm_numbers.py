# SPDX-License-Identifier: BSD-3-Clause
"""How the figures of "Numbers every LLM developer should know" are recomputed.

The cases themselves (inputs with units, published value, source, status) are in
``validation/data/llm_numbers_cases.json``; the document is ray-project/llm-numbers'
README (last updated 2023-05-17, prices retrieved from openai.com/pricing on 2023-05-08).
Each recipe here names the public estimator, its inputs as a function of the case's own
inputs ``v``, and the output, as in ``cases.py``.
"""

from __future__ import annotations

from llmcore.validation.cases import Recipe

__all__ = ["RECIPES"]

R = Recipe


def _ft_tokens(v: dict[str, float]) -> float:
    """Words at the document's 0.75 words per token (its footnote 5)."""
    return v["words"] / v["words_per_token"]


RECIPES: dict[str, Recipe] = {
    # --- embedding and fine-tuning (issue 17: the `embedding` and `finetune` estimators)
    "LLMNUM-EMBED-API-VS-SELF": R(
        "embedding",
        lambda v: {
            k: v[k]
            for k in ("tokens", "tokens_per_s", "price_per_accel_hour", "api_price_per_1k_tokens")
        },
        "api_to_self_hosted_ratio",
    ),
    "LLMNUM-EMBED-GEN-VS-EMBED": R(
        "embedding",
        lambda v: {
            k: v[k]
            for k in (
                "tokens",
                "tokens_per_s",
                "api_price_per_1k_tokens",
                "generation_price_per_1k_tokens",
            )
        },
        "generation_to_embedding_ratio",
    ),
    "LLMNUM-EMBED-MEMORY": R(
        "embedding",
        lambda v: {k: v[k] for k in ("tokens", "tokens_per_s", "params", "bytes_per_param")},
        "memory_bytes",
        scale=1e-9,
        note="weights only",
    ),
    "LLMNUM-FT-VS-SCRATCH": R(
        "finetune",
        lambda v: {
            "params": v["params"],
            "tokens": _ft_tokens(v),
            "epochs": v["epochs"],
            "pretraining_tokens": v["pretraining_tokens"],
        },
        "pretraining_cost_ratio",
        note="full fine-tuning, same hardware and MFU as pretraining",
    ),
    "LLMNUM-FT-SHAKESPEARE-API": R(
        "finetune",
        lambda v: {
            "params": 175e9,  # Davinci's size does not enter the API bill
            "tokens": _ft_tokens(v),
            "epochs": v["epochs"],
            "api_training_price_per_1k_tokens": v["api_training_price_per_1k_tokens"],
        },
        "api_training_cost",
    ),
    "LLMNUM-FT-API-SERVING-6X": R(
        "finetune",
        lambda v: {
            k: v[k]
            for k in (
                "params",
                "tokens",
                "api_finetuned_price_per_1k_tokens",
                "api_base_price_per_1k_tokens",
            )
        },
        "api_serving_price_ratio",
    ),
    "LLMNUM-FT-SELF-HOSTED-1X": R(
        "finetune",
        lambda v: {
            "finetune_method": "lora",
            **{
                k: v[k]
                for k in ("params", "tokens", "n_layers", "d_model", "lora_rank", "lora_matrices")
            },
        },
        "serving_params_ratio",
        note="LoRA adapters served unmerged (merged: exactly 1)",
    ),
}
