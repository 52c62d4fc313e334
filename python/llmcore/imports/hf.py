# SPDX-License-Identifier: BSD-3-Clause
"""``models`` rows from Hugging Face ``config.json`` files, and parameter counts of a row
through the ``architecture`` estimator (the one definition of the formula)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from llmcore import catalog
from llmcore._models import MODELS
from llmcore._util.data_files import as_float, parse_json, read_text
from llmcore.estimate import estimators as est
from llmcore.imports._common import _file_date

_GATED = {
    "llama",
    "mistral",
    "mixtral",
    "qwen2",
    "qwen2_moe",
    "qwen3",
    "qwen3_moe",
    "gemma",
    "gemma2",
    "phi3",
    "deepseek_v2",
    "deepseek_v3",
    "olmo",
    "olmo2",
    "falcon_mamba",
}


def architecture_params(
    n_layers: float,
    d_model: float,
    *,
    vocab_size: float = 0,
    seq_len: float = 0,
    ffn_mult: float = 4,
    gated_ffn: float = 0,
    kv_fraction: float = 1,
    n_experts: float = 1,
    experts_per_token: float = 1,
    tied_embeddings: float = 1,
) -> tuple[float, float]:
    """(params, active_params) by SPEC §3a's bookkeeping (Megatron's, with GQA, gated FFN
    and experts): the ``architecture`` estimator with these inputs (a learned position
    table of seq_len rows, as SPEC §3a counts it)."""
    r = est.architecture(
        n_layers=n_layers,
        d_model=d_model,
        vocab_size=vocab_size,
        seq_len=seq_len,
        ffn_mult=ffn_mult,
        gated_ffn=gated_ffn,
        kv_fraction=kv_fraction,
        n_experts=n_experts,
        experts_per_token=experts_per_token,
        tied_embeddings=tied_embeddings,
        outputs=["params", "active_params"],
    )
    return float(r["params"]), float(r["active_params"])


_ARCHITECTURE_INPUTS = frozenset(MODELS["architecture"].input_names)


def model_params(row: Any) -> tuple[float, float]:
    """(params, active_params) of a ``models`` row (a dict of its fields) counted from its
    dimensions by the ``architecture`` estimator (SPEC §3a; design/architecture_counts.md):
    the row's fields named like its inputs fill them (head_dim, latent attention, shared
    experts, first_k_dense, moe_layer_freq, ...), and its ``position`` ("learned",
    "rotary", ...) sets learned_positions, as ``lc.architecture(model=id)`` does for a
    catalog row. Missing n_layers or d_model raise InvalidInputError (a ValueError); a
    dimension given as text raises TypeError.
    """
    given = {k: v for k, v in row.items() if k in _ARCHITECTURE_INPUTS}
    for k, v in catalog.derived_fields("models", row).items():
        given.setdefault(k, v)
    r = est.architecture(**given, outputs=["params", "active_params"])
    return float(r["params"]), float(r["active_params"])


def _first(cfg: dict[str, Any], *keys: str, where: Path) -> float | None:
    """The first of `keys` that holds a number, as a finite float (None if none does)."""
    for k in keys:
        v = cfg.get(k)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            f = as_float(v, f"{where}: {k}")
            if f < 0:
                raise ValueError(f"{where}: {k} = {v!r} must be >= 0")
            return f
    return None


# model_type values whose position encoding is rotary (or relative): no learned table
_ROTARY = _GATED | {
    "llama4",
    "llama4_text",
    "gemma3",
    "gemma3_text",
    "gpt_oss",
    "gpt_neox",
    "gptj",
    "falcon",
    "cohere",
    "cohere2",
    "phimoe",
    "qwen2_moe",
    "starcoder2",
    "internlm2",
    "stablelm",
}
# model_type values with gated (three-matrix) feed-forward layers besides _GATED
_GATED_MORE = {"llama4", "llama4_text", "gemma3", "gemma3_text", "gpt_oss", "cohere", "phimoe"}


def _text_config(cfg: dict[str, Any]) -> dict[str, Any]:
    """A multimodal config's language-model part (``text_config``, as in Llama 4 and Gemma
    3) laid over the top level; a plain config as it is."""
    inner = cfg.get("text_config")
    if isinstance(inner, dict):
        return {**cfg, **inner}
    return cfg


def hf_config(
    path: str | Path, *, id: str | None = None, date: str | None = None, register: bool = True
) -> dict[str, Any]:
    """A ``models`` row from a Hugging Face ``config.json``.

    Fields: n_layers, d_model, n_heads, n_kv_heads, head_dim, kv_fraction, ffn_mult,
    gated_ffn, vocab_size, seq_len (max_position_embeddings), tied_embeddings, position
    ("learned" or "rotary"), and for mixtures of experts n_experts, experts_per_token,
    moe_ffn_mult, n_shared_experts, first_k_dense, moe_layer_freq; for multi-head latent
    attention (DeepSeek) q_lora_rank, kv_lora_rank, qk_nope_head_dim, qk_rope_head_dim,
    v_head_dim. A nested ``text_config`` (Llama 4, Gemma 3) is read for the language model.

    params / active_params are counted by the ``architecture`` estimator from those fields
    (:func:`model_params`): rotary models (``rope_theta`` or ``rope_scaling`` present, or a
    rotary model_type) have no learned position table. kv_fraction is the key/value width
    over d_model, n_kv_heads·head_dim/d_model (for latent attention (kv_lora_rank +
    qk_rope_head_dim) / (2·d_model)), so that 2·n_layers·d_model·kv_fraction is the KV cache
    per token; it may exceed 1 (keys wider than d_model).
    """
    p = Path(path)
    top = parse_json(read_text(p), p)
    if not isinstance(top, dict):
        raise ValueError(f"{p}: expected a JSON object")
    cfg = _text_config(top)
    n_layers = _first(cfg, "num_hidden_layers", "n_layer", "num_layers", where=p)
    d_model = _first(cfg, "hidden_size", "n_embd", "d_model", where=p)
    if not n_layers or not d_model:
        raise ValueError(
            f"{p}: needs num_hidden_layers and hidden_size (or n_layer/n_embd) of at least 1"
        )
    heads = _first(cfg, "num_attention_heads", "n_head", where=p)
    kv_heads = _first(cfg, "num_key_value_heads", "multi_query_group_num", where=p) or heads or 0.0
    head_dim = _first(cfg, "head_dim", where=p) or (d_model / heads if heads else None)
    experts = _first(cfg, "num_local_experts", "n_routed_experts", "num_experts", where=p) or 1.0
    moe = experts > 1
    per_tok = _first(cfg, "num_experts_per_tok", "experts_per_token", "moe_topk", where=p) or 1.0
    # dense FFN width; Llama 4 names its dense layers' width intermediate_size_mlp and its
    # experts' intermediate_size
    inter = _first(cfg, "intermediate_size_mlp", "intermediate_size", "n_inner", "ffn_dim", where=p)
    moe_inter = _first(cfg, "moe_intermediate_size", "intermediate_size", where=p) if moe else None
    model_type = str(cfg.get("model_type", ""))
    gated = (
        model_type in _GATED
        or model_type in _GATED_MORE
        or str(cfg.get("hidden_act", "")) in ("silu", "swiglu")
    )
    rotary = (
        cfg.get("rope_theta") is not None
        or cfg.get("rope_scaling") is not None
        or model_type in _ROTARY
    )
    row: dict[str, Any] = {
        "n_layers": float(n_layers),
        "d_model": float(d_model),
        "ffn_mult": float(inter) / d_model if inter else 4.0,
        "gated_ffn": 1.0 if gated else 0.0,
        "kv_fraction": 1.0,
        "vocab_size": float(_first(cfg, "vocab_size", where=p) or 0),
        "seq_len": float(
            _first(cfg, "max_position_embeddings", "n_positions", "seq_length", where=p) or 0
        ),
        "tied_embeddings": 1.0 if cfg.get("tie_word_embeddings", True) else 0.0,
        "position": "rotary" if rotary else "learned",
    }
    if heads:
        hd = head_dim or d_model / heads
        kv = kv_heads or heads
        row["n_heads"] = float(heads)
        row["n_kv_heads"] = float(kv)
        row["head_dim"] = float(hd)
        row["kv_fraction"] = kv * hd / d_model
    kv_lora = _first(cfg, "kv_lora_rank", where=p)
    if kv_lora:
        for k in ("q_lora_rank", "qk_nope_head_dim", "qk_rope_head_dim", "v_head_dim"):
            v = _first(cfg, k, where=p)
            if v is not None:  # absent: the estimator's fallback (design/architecture_counts.md)
                row[k] = float(v)
        row["kv_lora_rank"] = float(kv_lora)
        row["kv_fraction"] = (kv_lora + row.get("qk_rope_head_dim", 0.0)) / (2 * d_model)
    if moe:
        row["n_experts"] = float(experts)
        row["experts_per_token"] = float(per_tok)
        if moe_inter:
            row["moe_ffn_mult"] = float(moe_inter) / d_model
        shared = _first(cfg, "n_shared_experts", "num_shared_experts", where=p)
        if shared is None and model_type.startswith("llama4"):
            shared = 1.0  # Llama 4's MoE layers add one shared expert of the experts' width
        if shared:
            row["n_shared_experts"] = float(shared)
        first_dense = _first(cfg, "first_k_dense_replace", where=p)
        if first_dense:
            row["first_k_dense"] = float(first_dense)
        freq = _first(
            cfg, "moe_layer_freq", "decoder_sparse_step", "interleave_moe_layer_step", where=p
        )
        if freq and freq > 1:
            row["moe_layer_freq"] = float(freq)
    if model_type in ("deepseek_v2", "deepseek_v3", "gpt_oss"):
        row["active_excludes_input_embedding"] = 1.0
    params, active = model_params(row)
    row["params"] = params
    row["active_params"] = active
    if model_type:
        row["model_type"] = model_type
    row["source"] = (
        f"Hugging Face config.json ({p.name}); params counted by the architecture estimator"
    )
    row["date"] = _file_date(p, date)
    rid = id or str(
        top.get("_name_or_path")
        or (p.parent.name if p.name == "config.json" and p.parent.name else p.stem)
    )
    if register:
        catalog.add("models", {rid: row}, origin=str(p))
    return {"id": rid, **row}
