# SPDX-License-Identifier: BSD-3-Clause
"""``api_prices`` rows from LiteLLM's ``model_prices_and_context_window.json``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from llmcore import catalog
from llmcore._util.data_files import as_float
from llmcore._util.match import norm
from llmcore.imports._common import (
    _file_date,
    _is_number,
    _long_context,
    _per_1k,
    _read_json,
    _Skipped,
)

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

_ABOVE = re.compile(r"^(?P<field>.+)_above_(?P<k>\d+)k_tokens$")


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
