# SPDX-License-Identifier: BSD-3-Clause
"""The assumptions of a table evaluated in chunks: each chunk's ``Result.assumptions``
folded into one record for the whole table, so that its metadata describes every row and
not only the first chunk's."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["merge_assumed"]

#: A catalog source naming the rows of an id column (estimate/inputs.py `_catalog_fill`).
_PER_SCENARIO = re.compile(r"(\S+) per scenario \((.*)\)")


def _one_value(v: Any) -> Any:
    """A chunk's value as one number or name, or "per row" where it varies by row."""
    if isinstance(v, np.ndarray):
        return v.item() if v.size == 1 else "per row"
    return v  # a float, or a named choice ("selective")


def merge_assumed(into: dict[str, dict[str, Any]], batch: Mapping[str, Any]) -> None:
    """Fold one chunk's assumptions into `into`: a value that differs between chunks (or
    by row within one) is reported as "per row", and every distinct source is kept."""
    for k, a in batch.items():
        value = _one_value(a["value"])
        old = into.get(k)
        if old is None:
            into[k] = {"value": value, "source": a["source"]}
            continue
        if old["value"] != value:
            old["value"] = "per row"
        old["source"] = _merge_source(old["source"], a["source"])


def _merge_source(a: str, b: str) -> str:
    """One source for two chunks: ``hardware per scenario (x)`` and ``(... y)`` become
    ``hardware per scenario (x, y)`` (ids sorted, as one chunk of every row reports them);
    other differing sources are both kept."""
    ma, mb = _PER_SCENARIO.fullmatch(a), _PER_SCENARIO.fullmatch(b)
    if ma and mb and ma[1] == mb[1]:
        ids = sorted(set(ma[2].split(", ")) | set(mb[2].split(", ")))
        return f"{ma[1]} per scenario ({', '.join(ids)})"
    return a if b in a.split("; ") else f"{a}; {b}"
