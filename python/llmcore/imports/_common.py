# SPDX-License-Identifier: BSD-3-Clause
"""What the importers share: the warning for skipped entries, reading (gzipped) JSON, the
file's date, prices per 1000 tokens and the long-context tier."""

from __future__ import annotations

import datetime as _dt
import gzip
import warnings
from pathlib import Path
from typing import Any

from llmcore._util.data_files import parse_json, read_text
from llmcore._util.errors import user_stacklevel


class CatalogImportWarning(UserWarning):
    """Entries of an imported file were skipped (not a text model, free, no token price, or
    failing the catalog's row checks); one warning per file counts them by reason."""


_SKIPPED_NAMED = 5  # skipped entries named (with the reason) per reason in one warning

# the four token prices, with the suffix of their long-context rates
_TOKEN_PRICES = (
    "price_per_1k_input_tokens",
    "price_per_1k_output_tokens",
    "price_per_1k_cached_input_tokens",
    "price_per_1k_cache_write_tokens",
)


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
