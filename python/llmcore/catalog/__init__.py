# SPDX-License-Identifier: BSD-3-Clause
"""Catalogs shipped with llmcore: hardware, grid regions, model presets. Every row has a
source and a date.

Ids fill estimator inputs (``hardware="a100-80gb"``, ``region="us-average"``): any field of
the row whose name is an input of the model fills it, unless the caller gives it.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .._errors import InvalidInputError, unknown

__all__ = ["get", "list", "load", "kinds", "KEYWORDS"]

_builtin_list = list

# keyword accepted by the estimators -> catalog kind it looks up
KEYWORDS: dict[str, str] = {"hardware": "hardware", "region": "regions", "model": "models"}
_FILES = {"hardware": "hardware.toml", "regions": "regions.toml", "models": "models.toml"}
_KIND_ALIASES = {"region": "regions", "hw": "hardware", "model": "models"}
_REQUIRED = ("source", "date")

_rows: dict[str, dict[str, dict[str, Any]]] = {}


def _check_row(kind: str, rid: str, row: dict[str, Any], origin: str) -> None:
    for f in _REQUIRED:
        if not row.get(f):
            raise InvalidInputError(f"catalog {kind}/{rid} in {origin}: missing {f!r}", input=f)
    for k, v in row.items():
        if isinstance(v, bool) or (not isinstance(v, (int, float, str))):
            raise InvalidInputError(f"catalog {kind}/{rid} in {origin}: field {k!r} must be "
                                    f"a number or a string, got {v!r}", input=k, value=v)
        if isinstance(v, (int, float)) and not (v >= 0 and v != float("inf")):
            raise InvalidInputError(f"catalog {kind}/{rid} in {origin}: field {k!r}={v!r} must "
                                    "be finite and >= 0", input=k, value=v)


def _table(kind: str) -> dict[str, dict[str, Any]]:
    kind = _KIND_ALIASES.get(kind, kind)
    if kind not in _rows:
        if kind not in _FILES:
            raise unknown("catalog kind", kind, _FILES)
        text = resources.files(__name__).joinpath("data", _FILES[kind]).read_text("utf-8")
        data = tomllib.loads(text)
        for rid, row in data.items():
            _check_row(kind, rid, row, _FILES[kind])
        _rows[kind] = data
    return _rows[kind]


def kinds() -> list[str]:
    """The catalog kinds."""
    return sorted(set(_FILES) | set(_rows))


def list(kind: str) -> list[str]:  # noqa: A001 - public name from API.md
    """Ids of one catalog kind, e.g. ``list("hardware")``."""
    return sorted(_table(kind))


def get(kind: str, id: str) -> dict[str, Any]:  # noqa: A002
    """One row (a copy) with its fields, source and date."""
    if not isinstance(id, str):
        raise TypeError(f"catalog id must be a str, not {type(id).__name__}")
    table = _table(kind)
    try:
        return {"id": id, **table[id]}
    except KeyError:
        raise unknown(f"{_KIND_ALIASES.get(kind, kind)} id", id, table) from None


def load(path: str | Path, kind: str | None = None) -> list[str]:
    """Add or override rows from a TOML file of ``[kind.id]`` tables (or ``[id]`` with `kind`).

    Every row needs ``source`` and ``date``; values must be numbers or strings. Returns
    the ids loaded. Data only: nothing in the file is executed.
    """
    p = Path(path)
    data = tomllib.loads(p.read_text("utf-8"))
    tables = {kind: data} if kind else data
    loaded = []
    for k, rows in tables.items():
        k = _KIND_ALIASES.get(k, k)
        if k in _FILES:
            _table(k)
        for rid, row in rows.items():
            _check_row(k, rid, row, str(p))
            _rows.setdefault(k, {})[rid] = row
            loaded.append(f"{k}/{rid}")
    return loaded
