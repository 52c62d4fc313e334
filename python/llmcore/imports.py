# SPDX-License-Identifier: BSD-3-Clause
"""Catalog rows from other tools' files: price tables (LiteLLM, genai-prices) and Hugging
Face configs.

* :func:`litellm_prices` reads LiteLLM's ``model_prices_and_context_window.json`` (USD per
  token) into ``api_prices`` rows (USD per 1000 tokens, the ``query`` input names).
* :func:`genai_prices` reads pydantic's genai-prices data (its package, or
  ``prices/data.json``; USD per million tokens) into the same rows.
* :func:`hf_config` reads a Hugging Face ``config.json`` into a ``models`` row: the
  dimensions under the ``architecture`` input names, and params / active_params by that
  estimator (SPEC §3a).

Both read local files only (no network) and return the rows; ``register=True`` also adds
them to the catalog so that ids work as estimator keywords.
"""

from __future__ import annotations

import datetime as _dt
import gzip
import re
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

from llmcore import catalog
from llmcore._models import MODELS
from llmcore._util.data_files import as_float, parse_json, read_text
from llmcore._util.errors import user_stacklevel
from llmcore._util.match import norm
from llmcore.estimate import estimators as est

__all__ = [
    "CatalogImportWarning",
    "architecture_params",
    "genai_prices",
    "hf_config",
    "litellm_prices",
    "model_params",
]


class CatalogImportWarning(UserWarning):
    """Entries of an imported file were skipped (not a text model, free, no token price, or
    failing the catalog's row checks); one warning per file counts them by reason."""


_SKIPPED_NAMED = 5  # skipped entries named (with the reason) per reason in one warning

# LiteLLM field -> llmcore field (USD per token -> USD per 1000 tokens)
_LITELLM_PRICES = {
    "input_cost_per_token": "price_per_1k_input_tokens",
    "output_cost_per_token": "price_per_1k_output_tokens",
    "cache_read_input_token_cost": "price_per_1k_cached_input_tokens",
    "cache_creation_input_token_cost": "price_per_1k_cache_write_tokens",
}
_LITELLM_COUNTS = ("max_tokens", "max_input_tokens", "max_output_tokens")
# LiteLLM modes that price text tokens; every other mode is skipped under its own name
_TEXT_MODES = {None, "chat", "completion", "responses", "realtime"}
_MODE_REASON = {
    "embedding": "embedding model",
    "image_generation": "image model",
    "image_edit": "image model",
    "audio_transcription": "audio model",
    "audio_speech": "audio model",
    "video_generation": "video model",
}
# the four token prices, with the suffix of their long-context rates
_TOKEN_PRICES = (
    "price_per_1k_input_tokens",
    "price_per_1k_output_tokens",
    "price_per_1k_cached_input_tokens",
    "price_per_1k_cache_write_tokens",
)
_ABOVE = re.compile(r"^(?P<field>.+)_above_(?P<k>\d+)k_tokens$")


def _file_date(p: Path, date: str | None) -> str:
    if date:
        return date
    return _dt.date.fromtimestamp(p.stat().st_mtime).isoformat()


def _read_json(p: Path) -> Any:
    """A JSON file, or a gzip-compressed one (``.gz``), parsed; failures name the file."""
    if p.suffix != ".gz":
        return parse_json(read_text(p), p)
    try:
        raw = gzip.decompress(p.read_bytes())
    except (OSError, EOFError) as exc:
        raise ValueError(f"cannot read {p}: {exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{p}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return parse_json(text, p)


def _per_1k(v: float, per: float) -> float:
    """A price per `per` tokens as USD per 1000 tokens, to 12 significant digits (1.5e-5 per
    token is 0.015, not 0.015000000000000001)."""
    return float(f"{v * 1000 / per:.12g}")


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


class _Skipped:
    """Skipped entries grouped by reason, reported in one warning."""

    def __init__(self) -> None:
        self.by_reason: dict[str, list[str]] = {}

    def add(self, reason: str, name: str) -> None:
        self.by_reason.setdefault(reason, []).append(name)

    def warn(self, where: object, what: str, imported: int) -> None:
        total = sum(len(v) for v in self.by_reason.values())
        if not total:
            return
        parts = []
        for reason, names in sorted(self.by_reason.items(), key=lambda kv: -len(kv[1])):
            more = len(names) - _SKIPPED_NAMED
            parts.append(
                f"{reason}: {len(names)} ("
                + "; ".join(names[:_SKIPPED_NAMED])
                + (f"; and {more} more" if more > 0 else "")
                + ")"
            )
        warnings.warn(
            f"{where}: imported {imported}, skipped {total} {what} "
            f"entr{'y' if total == 1 else 'ies'} — " + " | ".join(parts),
            CatalogImportWarning,
            stacklevel=user_stacklevel(),
        )


def _long_context(row: dict[str, Any], long: dict[str, dict[float, float]]) -> str | None:
    """Add the long-context tier to `row` from `long` (field -> {threshold: price per 1k}):
    the lowest threshold; a token price without its own rate there keeps its base rate (as
    the sources' own calculators do). Returns a note when higher tiers were left out."""
    starts = sorted({t for rates in long.values() for t in rates})
    if not starts:
        return None
    at = starts[0]
    row["long_context_threshold_tokens"] = at
    for f in _TOKEN_PRICES:
        rate = long.get(f, {}).get(at)
        if rate is None:
            rate = row.get(f)
        if rate is not None:
            row[f + "_long"] = rate
    if len(starts) > 1:
        return f"tiers above {', '.join(f'{s:g}' for s in starts[1:])} tokens not carried"
    return None


def _litellm_row(entry: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """(row, "") or (None, the reason it is skipped). Numbers must be finite (as_float)."""
    mode = entry.get("mode")
    if mode not in _TEXT_MODES:
        return None, _MODE_REASON.get(str(mode), f"{mode} model")
    row: dict[str, Any] = {}
    long: dict[str, dict[float, float]] = {}
    batch: dict[str, float] = {}
    for key, v in entry.items():
        if not _is_number(v):
            continue
        if key in _LITELLM_PRICES:
            row[_LITELLM_PRICES[key]] = _per_1k(as_float(v, key), 1)
        elif key in _LITELLM_COUNTS and v > 0:
            row[key] = as_float(v, key)
        elif key in ("input_cost_per_token_batches", "output_cost_per_token_batches"):
            batch[key.split("_")[0]] = as_float(v, key)
        elif (m := _ABOVE.match(key)) and m["field"] in _LITELLM_PRICES:
            field = _LITELLM_PRICES[m["field"]]
            long.setdefault(field, {})[float(m["k"]) * 1000] = _per_1k(as_float(v, key), 1)
    i, o = row.get("price_per_1k_input_tokens"), row.get("price_per_1k_output_tokens")
    if i is None or o is None:
        return None, "no input or output price per token"
    if i == 0 and o == 0:
        return None, "free (zero prices)"
    if o == 0:
        return None, "zero output price"
    # the batch API's discount, where input and output get the same one
    if "input" in batch and "output" in batch and i > 0:
        d_in, d_out = 1 - batch["input"] * 1000 / i, 1 - batch["output"] * 1000 / o
        if abs(d_in - d_out) < 1e-9 and 0 <= d_in < 1:
            row["batch_discount"] = round(d_in, 12)
    note = _long_context(row, long)
    if note:
        row["_note"] = note
    return row, ""


def litellm_prices(
    path: str | Path, *, date: str | None = None, register: bool = True, prefix: str = ""
) -> dict[str, dict[str, Any]]:
    """``api_prices`` rows from LiteLLM's ``model_prices_and_context_window.json``.

    Reads the file (``.json``, or ``.json.gz``) as LiteLLM publishes it: USD per token, to
    USD per 1000 tokens under the ``query`` input names: input, output, cache-read
    (``price_per_1k_cached_input_tokens``) and cache-write prices, the long-context tier
    (the lowest ``*_above_<N>k_tokens`` threshold; a price without its own rate there keeps
    its base rate), the batch discount (where ``*_cost_per_token_batches`` give input and
    output the same one), and the token limits. `date` is the date of the snapshot
    (default: the file's modification date); ids are the file's model names, with `prefix`.
    A name that differs from an earlier one only in case or separators (catalog ids match
    ignoring both) is skipped too.

    Every usable entry is imported. The others are skipped, with one
    :class:`CatalogImportWarning` counting them by reason (embedding, image, audio or video
    model, another mode, free, zero output price, no price per token, failing the catalog's
    row checks) and naming a few of each.
    """
    p = Path(path)
    data = _read_json(p)
    if not isinstance(data, dict):
        raise ValueError(f"{p}: expected an object of model name -> fields")
    when = _file_date(p, date)
    rows: dict[str, dict[str, Any]] = {}
    keys: dict[str, str] = {}  # ids match ignoring case and separators: keep the first
    skipped = _Skipped()
    for name, entry in data.items():
        if name == "sample_spec" or not isinstance(entry, dict):
            continue
        rid = prefix + name
        try:
            row, reason = _litellm_row(entry)
        except ValueError as e:
            skipped.add("failed the catalog checks", f"{rid!r} ({e})")
            continue
        if row is None:
            skipped.add(reason, repr(rid))
            continue
        note = row.pop("_note", None)
        for k in ("litellm_provider", "mode"):
            if isinstance(entry.get(k), str):
                row["provider" if k == "litellm_provider" else k] = entry[k]
        row["source"] = f"LiteLLM model_prices_and_context_window.json ({p.name})" + (
            f"; {note}" if note else ""
        )
        row["date"] = when
        try:
            catalog.check_row("api_prices", rid, row, str(p))
        except (ValueError, TypeError) as e:  # InvalidInputError is a ValueError
            skipped.add("failed the catalog checks", f"{rid!r} ({e})")
            continue
        first = keys.setdefault(norm(rid), rid)
        if first != rid:
            skipped.add("the same id as an earlier entry up to case", f"{rid!r} (as {first!r})")
            continue
        rows[rid] = row
    skipped.warn(p, "LiteLLM", len(rows))
    if register:
        catalog.add("api_prices", rows, origin=str(p))
    return rows


# genai-prices keys (USD per million tokens) -> llmcore fields (USD per 1000 tokens)
_GENAI_PRICES = {
    "input_mtok": "price_per_1k_input_tokens",
    "output_mtok": "price_per_1k_output_tokens",
    "cache_read_mtok": "price_per_1k_cached_input_tokens",
    "cache_write_mtok": "price_per_1k_cache_write_tokens",
}


def _plain(obj: Any) -> Any:
    """genai-prices' package objects (dataclasses, ModelPrice, Decimal, dates) as the JSON
    its ``prices/data.json`` holds: dicts, lists, numbers and strings; None fields dropped."""
    if isinstance(obj, Decimal):
        return float(obj)
    if isinstance(obj, (_dt.date, _dt.time)):
        return obj.isoformat()
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items() if v is not None}
    if hasattr(obj, "__dict__"):
        return {
            k.rstrip("_"): _plain(v)
            for k, v in vars(obj).items()
            if v is not None and not k.startswith("_") and k != "match"
        }
    return obj


def _genai_data(path: str | Path | None) -> tuple[list[Any], str, str | None]:
    """(providers as JSON-like data, where they come from, the default date or None)."""
    if path is not None:
        p = Path(path)
        data = _read_json(p)
        if not isinstance(data, list):
            raise ValueError(f"{p}: expected genai-prices' list of providers (prices/data.json)")
        return data, f"genai-prices {p.name}", _file_date(p, None)
    try:
        from genai_prices import __version__ as version
        from genai_prices.data import providers
    except ImportError as exc:
        raise ImportError(
            "genai_prices() without a path reads the genai-prices package: "
            "pip install 'llmcore[prices]' (or give the path of its prices/data.json)"
        ) from exc
    return [_plain(pr) for pr in providers], f"genai-prices {version} package data", None


def _hours(c: dict[str, Any]) -> float:
    """Hours of the day a time-of-day constraint covers ("00:30:00Z" to "16:30:00Z": 16)."""

    def h(t: Any) -> float:
        hh, mm = str(t)[:5].split(":")
        return int(hh) + int(mm) / 60

    span = h(c["end_time"]) - h(c["start_time"])
    return span % 24


def _genai_active(prices: Any, at: str) -> tuple[dict[str, Any] | None, str | None]:
    """(the standard prices in force on date `at`, a note): the last conditional price whose
    start date has passed; where prices differ by time of day (DeepSeek's off-peak
    discount), the one in force for most of the day, noting the other left out."""
    if isinstance(prices, dict):
        return prices, None
    if not isinstance(prices, list) or not prices:
        return None, None
    cps = [cp for cp in prices if isinstance(cp, dict) and isinstance(cp.get("prices"), dict)]
    if not cps:
        return None, None
    timed: list[tuple[float, dict[str, Any]]] = []
    dated: list[dict[str, Any]] = []
    for cp in cps:
        c = cp.get("constraint")
        if isinstance(c, dict) and "start_time" in c and "end_time" in c:
            timed.append((_hours(c), cp["prices"]))
        elif not isinstance(c, dict) or str(c.get("start_date", "")) <= at:
            dated.append(cp["prices"])
    base = dated[-1] if dated else cps[0]["prices"]
    if not timed:
        return base, None
    options = [(24 - sum(h for h, _ in timed), base), *timed]
    best = max(options, key=lambda o: o[0])
    return best[1], f"the standard rate ({best[0]:g} h a day); time-of-day rates not carried"


def _genai_base(v: Any) -> float | None:
    if _is_number(v):
        return float(v)
    if isinstance(v, dict) and _is_number(v.get("base")):
        return float(v["base"])
    return None


def _genai_row(model: dict[str, Any], at: str) -> tuple[dict[str, Any] | None, str]:
    prices, timed = _genai_active(model.get("prices"), at)
    if not isinstance(prices, dict):
        return None, "no token prices"
    row: dict[str, Any] = {}
    long: dict[str, dict[float, float]] = {}
    for key, field in _GENAI_PRICES.items():
        v = prices.get(key)
        base = _genai_base(v)
        if base is None:
            continue
        row[field] = _per_1k(as_float(base, key), 1e6)
        if isinstance(v, dict):
            for t in v.get("tiers") or ():
                if (
                    isinstance(t, dict)
                    and _is_number(t.get("start"))
                    and _is_number(t.get("price"))
                ):
                    start = float(t["start"])
                    long.setdefault(field, {})[start] = _per_1k(as_float(t["price"], key), 1e6)
    i, o = row.get("price_per_1k_input_tokens"), row.get("price_per_1k_output_tokens")
    if i is None or o is None:
        other = sorted(k for k in prices if k not in _GENAI_PRICES)
        if i is not None:
            return None, "embedding or input-only (no output price)"
        return None, "no token prices" + (f" ({other[0]} …)" if other else "")
    if i == 0 and o == 0:
        return None, "free (zero prices)"
    if o == 0:
        return None, "zero output price"
    for pv in model.get("price_variants") or ():
        if not isinstance(pv, dict) or pv.get("when") != {"processing": "batch"}:
            continue
        c = pv.get("constraint")
        if isinstance(c, dict) and str(c.get("start_date", "")) > at:
            continue
        bp = pv.get("prices") or {}
        bi, bo = _genai_base(bp.get("input_mtok")), _genai_base(bp.get("output_mtok"))
        if bi is not None and bo is not None and i > 0:
            d_in, d_out = 1 - bi / 1000 / i, 1 - bo / 1000 / o
            if abs(d_in - d_out) < 1e-9 and 0 <= d_in < 1:
                row["batch_discount"] = round(d_in, 12)
    notes = [n for n in (timed, _long_context(row, long)) if n]
    if notes:
        row["_note"] = "; ".join(notes)
    if _is_number(model.get("context_window")) and model["context_window"] > 0:
        row["max_input_tokens"] = float(model["context_window"])
    return row, ""


def genai_prices(
    path: str | Path | None = None,
    *,
    date: str | None = None,
    register: bool = True,
    prefix: str = "",
    providers: Any = None,
) -> dict[str, dict[str, Any]]:
    """``api_prices`` rows from pydantic's genai-prices data.

    Without `path`, from the installed ``genai-prices`` package (``pip install
    'llmcore[prices]'``); with it, from its ``prices/data.json`` (or ``.json.gz``). Ids are
    ``provider/model`` (genai-prices' ids) with `prefix`. Rows carry input, output,
    cache-read and cache-write prices, the long-context tier (the first tier; genai-prices
    prices the whole request at a tier once its input tokens pass the start, as ``query``
    does; a price without tiers keeps its rate there), the batch discount (a ``processing:
    batch`` variant giving input and output the same discount) and the context window.
    Conditional prices are taken as in force on `date` (default: today for the package, the
    file's modification date for a file); time-of-day prices (off-peak) are not standard.
    `providers` keeps only those provider ids. Entries without token prices, free ones and
    those failing the row checks are skipped, counted by reason in one
    :class:`CatalogImportWarning`.
    """
    data, origin, file_date = _genai_data(path)
    when = date or file_date or _dt.date.today().isoformat()
    keep = (
        None if providers is None else {providers} if isinstance(providers, str) else set(providers)
    )
    rows: dict[str, dict[str, Any]] = {}
    keys: dict[str, str] = {}  # ids match ignoring case and separators: keep the first
    skipped = _Skipped()
    for prov in data:
        if not isinstance(prov, dict) or not isinstance(prov.get("id"), str):
            continue
        pid = prov["id"]
        if keep is not None and pid not in keep:
            continue
        for model in prov.get("models") or ():
            if not isinstance(model, dict) or not isinstance(model.get("id"), str):
                continue
            rid = f"{prefix}{pid}/{model['id']}"
            try:
                row, reason = _genai_row(model, when)
            except ValueError as e:
                skipped.add("failed the catalog checks", f"{rid!r} ({e})")
                continue
            if row is None:
                skipped.add(reason, repr(rid))
                continue
            note = row.pop("_note", None)
            row["provider"] = str(prov.get("name") or pid)
            row["source"] = f"{origin}, provider {pid}, model {model['id']}" + (
                f"; {note}" if note else ""
            )
            row["date"] = when
            try:
                catalog.check_row("api_prices", rid, row, origin)
            except (ValueError, TypeError) as e:
                skipped.add("failed the catalog checks", f"{rid!r} ({e})")
                continue
            first = keys.setdefault(norm(rid), rid)
            if first != rid:
                skipped.add("the same id as an earlier entry up to case", f"{rid!r} (as {first!r})")
                continue
            rows[rid] = row
    skipped.warn(path if path is not None else origin, "genai-prices", len(rows))
    if register:
        catalog.add("api_prices", rows, origin=origin)
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
