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
    "LLMNUM-TOKENS-PER-WORD": R(
        "query",
        lambda v: {"prompt_words": v["words"], "generated_words": 0.0, "language": "english"},
        "input_tokens",
    ),
    "LLMNUM-JA-TOKENS-PER-CHAR": R(
        "arithmetic", lambda v: {"values": [v["tokens"], v["chars"]]}, "ratio"
    ),
    # the same query priced at two models' prices: the first scenario over the second
    "LLMNUM-GPT4-VS-GPT35": R(
        "query",
        lambda v: {
            "prompt_words": v["prompt_words"],
            "generated_words": v["generated_words"],
            "price_per_1k_input_tokens": [v["gpt4_input_per_1k"], v["gpt35_per_1k"]],
            "price_per_1k_output_tokens": [v["gpt4_output_per_1k"], v["gpt35_per_1k"]],
        },
        "price_per_query",
        reduce="ratio",
    ),
    "LLMNUM-13B-TRAIN-COST": R(
        "training",
        lambda v: {
            "params": v["params"],
            "tokens": v["tokens"],
            "peak_flop_per_s": v["a100_peak"],
            # LLaMA-65B's measured rate as a model FLOPs utilisation at 6 FLOP/param/token
            "mfu": 6 * v["llama65b_params"] * v["llama65b_tokens_per_s_per_gpu"] / v["a100_peak"],
            "price_per_accel_hour": v["price_per_gpu_hour"],
        },
        "cloud_cost",
    ),
    "LLMNUM-SERVING-MEMORY-7B": R(
        "serving",
        lambda v: {
            "model": v["model"],
            "hardware": v["hardware"],
            "params": v["params"],
            "bytes_per_param": v["bytes_per_param"],
        },
        "weight_bytes",
        scale=1e-9,
    ),
    # the same deployment at batch 25 and at batch 1: the first over the second
    "LLMNUM-BATCHING-10X": R(
        "serving",
        lambda v: {
            "model": v["model"],
            "hardware": v["hardware"],
            "batch": [v["batch"], 1.0],
            "output_tokens": v["output_tokens"],
        },
        "queries_per_s",
        reduce="ratio",
    ),
    "LLMNUM-KV-PER-TOKEN-13B": R(
        "architecture", lambda v: {"model": v["model"]}, "kv_bytes_per_token", scale=1e-6
    ),
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
