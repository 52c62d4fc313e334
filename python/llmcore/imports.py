# SPDX-License-Identifier: BSD-3-Clause
"""Catalog rows from other tools' files: LiteLLM price tables and Hugging Face configs.

* :func:`litellm_prices` reads LiteLLM's ``model_prices_and_context_window.json`` (USD per
  token) into ``api_prices`` rows (USD per 1000 tokens, the ``query`` input names).
* :func:`hf_config` reads a Hugging Face ``config.json`` into a ``models`` row: the
  dimensions under the ``architecture`` input names, and params / active_params by SPEC §3a.

Both read local files only (no network) and return the rows; ``register=True`` also adds
them to the catalog so that ids work as estimator keywords.
"""

from __future__ import annotations

import datetime as _dt
import warnings
from pathlib import Path
from typing import Any

from llmcore import catalog
from llmcore._models import MODELS
from llmcore._util.data_files import as_float, parse_json, read_text
from llmcore._util.match import norm
from llmcore.estimate import estimators as est

__all__ = ["CatalogImportWarning", "architecture_params", "hf_config", "litellm_prices"]


class CatalogImportWarning(UserWarning):
    """Some entries of an imported file failed the catalog's row checks and were skipped."""


_SKIPPED_NAMED = 5  # skipped entries named (with the reason) in one warning

# LiteLLM field -> (llmcore field, factor to USD per 1000 tokens)
_LITELLM_PRICES = {
    "input_cost_per_token": "price_per_1k_input_tokens",
    "output_cost_per_token": "price_per_1k_output_tokens",
    "cache_read_input_token_cost": "price_per_1k_cached_input_tokens",
}
_LITELLM_COUNTS = ("max_tokens", "max_input_tokens", "max_output_tokens")


def _file_date(p: Path, date: str | None) -> str:
    if date:
        return date
    return _dt.date.fromtimestamp(p.stat().st_mtime).isoformat()


def litellm_prices(
    path: str | Path, *, date: str | None = None, register: bool = True, prefix: str = ""
) -> dict[str, dict[str, Any]]:
    """``api_prices`` rows from a LiteLLM price file; entries without token prices skipped.

    `date` is the date of the snapshot (default: the file's modification date); ids are the
    file's model names, with `prefix` prepended. Entries that fail the catalog's row checks
    (a price outside the plausible range, say), and names that differ from an earlier one
    only in case or separators (catalog ids match ignoring both), are skipped with one
    :class:`CatalogImportWarning` naming how many and the first few with the reason; the
    rest are imported.
    """
    p = Path(path)
    data = parse_json(read_text(p), p)
    if not isinstance(data, dict):
        raise ValueError(f"{p}: expected an object of model name -> fields")
    when = _file_date(p, date)
    rows: dict[str, dict[str, Any]] = {}
    keys: dict[str, str] = {}  # ids match ignoring case and separators: keep the first
    skipped: list[str] = []
    for name, entry in data.items():
        if name == "sample_spec" or not isinstance(entry, dict):
            continue
        row: dict[str, Any] = {}
        try:
            for src, dst in _LITELLM_PRICES.items():
                v = entry.get(src)
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    row[dst] = as_float(v, src) * 1000
            for k in _LITELLM_COUNTS:
                v = entry.get(k)
                if isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0:
                    row[k] = as_float(v, k)
        except ValueError as e:
            skipped.append(f"{prefix + name!r} ({e})")
            continue
        if "price_per_1k_input_tokens" not in row or "price_per_1k_output_tokens" not in row:
            continue
        row["list_price_per_1k_tokens"] = row["price_per_1k_output_tokens"]
        for k in ("litellm_provider", "mode"):
            if isinstance(entry.get(k), str):
                row["provider" if k == "litellm_provider" else k] = entry[k]
        row["source"] = f"LiteLLM model_prices_and_context_window.json ({p.name})"
        row["date"] = when
        try:
            catalog.check_row("api_prices", prefix + name, row, str(p))
        except (ValueError, TypeError) as e:  # InvalidInputError is a ValueError
            skipped.append(f"{prefix + name!r} ({e})")
            continue
        first = keys.setdefault(norm(prefix + name), prefix + name)
        if first != prefix + name:
            skipped.append(
                f"{prefix + name!r} (the same id as {first!r}, up to case and separators)"
            )
            continue
        rows[prefix + name] = row
    if skipped:
        more = len(skipped) - _SKIPPED_NAMED
        warnings.warn(
            f"{p}: skipped {len(skipped)} LiteLLM "
            f"entr{'y' if len(skipped) == 1 else 'ies'} that failed the catalog checks: "
            + "; ".join(skipped[:_SKIPPED_NAMED])
            + (f"; and {more} more" if more > 0 else ""),
            CatalogImportWarning,
            stacklevel=2,
        )
    if register:
        catalog.add("api_prices", rows, origin=str(p))
    return rows


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
    and experts); the same formula the ``architecture`` estimator evaluates."""
    attn = n_layers * d_model**2 * (2 + 2 * kv_fraction)
    ffn = n_layers * d_model**2 * ffn_mult * (3 if gated_ffn else 2) * n_experts
    norm = n_layers * 13 * d_model
    embed = (vocab_size * (2 - tied_embeddings) + seq_len) * d_model
    params = attn + ffn + norm + embed
    return params, params - ffn * (1 - experts_per_token / n_experts)


def _params(dims: dict[str, float]) -> tuple[float, float]:
    """Through the ``architecture`` estimator when this build has it (one definition of the
    formula); otherwise :func:`architecture_params`."""
    if "architecture" in MODELS:
        r = est.architecture(**dims, outputs=["params", "active_params"])
        return float(r["params"]), float(r["active_params"])
    return architecture_params(**dims)


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


def hf_config(
    path: str | Path, *, id: str | None = None, date: str | None = None, register: bool = True
) -> dict[str, Any]:
    """A ``models`` row from a Hugging Face ``config.json``.

    Fields: n_layers, d_model, n_heads, n_kv_heads, kv_fraction, ffn_mult, gated_ffn,
    vocab_size, seq_len (max_position_embeddings), tied_embeddings, n_experts,
    experts_per_token, and params / active_params from SPEC §3a's formula (which counts a
    learned position embedding of seq_len rows; rotary models have none, a < 1 % excess).
    """
    p = Path(path)
    cfg = parse_json(read_text(p), p)
    if not isinstance(cfg, dict):
        raise ValueError(f"{p}: expected a JSON object")
    n_layers = _first(cfg, "num_hidden_layers", "n_layer", "num_layers", where=p)
    d_model = _first(cfg, "hidden_size", "n_embd", "d_model", where=p)
    if not n_layers or not d_model:
        raise ValueError(
            f"{p}: needs num_hidden_layers and hidden_size (or n_layer/n_embd) of at least 1"
        )
    heads = _first(cfg, "num_attention_heads", "n_head", where=p)
    kv_heads = _first(cfg, "num_key_value_heads", "multi_query_group_num", where=p) or heads
    inter = _first(cfg, "moe_intermediate_size", "intermediate_size", "n_inner", "ffn_dim", where=p)
    experts = _first(cfg, "num_local_experts", "n_routed_experts", "num_experts", where=p) or 1
    per_tok = _first(cfg, "num_experts_per_tok", "moe_topk", where=p) or 1
    model_type = str(cfg.get("model_type", ""))
    gated = 1 if model_type in _GATED or str(cfg.get("hidden_act", "")) in ("silu", "swiglu") else 0
    row: dict[str, Any] = {
        "n_layers": float(n_layers),
        "d_model": float(d_model),
        "ffn_mult": float(inter) / d_model if inter else 4.0,
        "gated_ffn": float(gated),
        "kv_fraction": float(kv_heads) / heads if heads else 1.0,
        "vocab_size": float(_first(cfg, "vocab_size", where=p) or 0),
        "seq_len": float(
            _first(cfg, "max_position_embeddings", "n_positions", "seq_length", where=p) or 0
        ),
        "tied_embeddings": 1.0 if cfg.get("tie_word_embeddings", True) else 0.0,
        "n_experts": float(experts),
        "experts_per_token": float(per_tok),
    }
    params, active = _params(dict(row))
    if heads:
        row["n_heads"] = float(heads)
        row["n_kv_heads"] = float(kv_heads)
    row["params"] = params
    row["active_params"] = active
    if model_type:
        row["model_type"] = model_type
    row["source"] = f"Hugging Face config.json ({p.name}); params by SPEC §3a's formula"
    row["date"] = _file_date(p, date)
    rid = id or str(
        cfg.get("_name_or_path")
        or (p.parent.name if p.name == "config.json" and p.parent.name else p.stem)
    )
    if register:
        catalog.add("models", {rid: row}, origin=str(p))
    return {"id": rid, **row}
