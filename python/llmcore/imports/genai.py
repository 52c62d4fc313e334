# SPDX-License-Identifier: BSD-3-Clause
"""``api_prices`` rows from genai-prices' data (the installed package or its data.json)."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
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
