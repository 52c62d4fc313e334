# SPDX-License-Identifier: BSD-3-Clause
"""Reading user catalog files: TOML, JSON or CSV, as data only (nothing is executed)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from llmcore._util.data_files import parse_json, parse_toml, read_text
from llmcore.catalog._validate import REQUIRED

__all__ = ["read_tables"]


def _number_or_text(s: str, field: str = "") -> Any:
    s = s.strip()
    if field in REQUIRED or field == "aliases":  # text: a date "2024" is not the number 2024
        return s
    try:
        return int(s) if s.lstrip("-").isdigit() else float(s)
    except ValueError:  # text, or an integer past int()'s digit limit (kept as text; checked later)
        return s


def _from_rows(rows: list[dict[str, Any]], origin: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for n, r in enumerate(rows):
        if not isinstance(r, dict) or not r.get("id"):
            raise ValueError(f"{origin}: row {n} has no 'id'")
        r = dict(r)
        out[str(r.pop("id"))] = r
    return out


def read_tables(path: Path, kind: str | None) -> dict[str, dict[str, dict[str, Any]]]:
    """kind -> id -> row. Without `kind` the file holds one table per kind."""
    suffix = path.suffix.lower()
    if suffix not in (".toml", ".json", ".csv"):
        raise ValueError(f"{path}: unknown catalog file type {suffix!r} (use .toml, .json, .csv)")
    text = read_text(path)  # a byte order mark (Excel's CSV) is not data
    if suffix == ".toml":
        data: Any = parse_toml(text, path)
    elif suffix == ".json":
        data = parse_json(text, path)
    elif suffix == ".csv":
        if kind is None:
            raise ValueError(f"{path}: a CSV file holds one kind; pass kind=")
        rows = []
        lines = text.splitlines()
        # leading '# ' lines: the context block of a table llmcore wrote (tables/files.py)
        skip = next((i for i, ln in enumerate(lines) if not ln.startswith("# ")), len(lines))
        reader = csv.DictReader(lines[skip:])
        for r in reader:
            if None in r:  # DictReader files cells past the header under the key None
                width = len(reader.fieldnames or [])
                raise ValueError(
                    f"{path}: line {skip + reader.line_num} has {width + len(r[None])} cells, "
                    f"the header {width}"
                )
            rows.append(
                {k: _number_or_text(v, k) for k, v in r.items() if v is not None and v.strip()}
            )
        return {kind: _from_rows(rows, str(path))}
    if kind is not None:
        data = {kind: data}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a table of kinds, got {type(data).__name__}")
    tables: dict[str, Any] = {}
    for k, rows in data.items():
        if isinstance(rows, list):
            rows = _from_rows(rows, str(path))  # type: ignore[assignment]
        if not isinstance(rows, dict):
            raise ValueError(f"{path}: {k!r} must be a table of rows")
        tables[k] = rows
    return tables
