# SPDX-License-Identifier: BSD-3-Clause
"""Catalogs shipped with llmcore; every row has a source and a date.

Kinds: hardware, regions, instances (cloud), api_prices (dated snapshots), scaling_fits,
fx (exchange rates), facts, hardware_efficiency, compression, and any other
``data/<kind>.toml``. Ids fill estimator inputs (``hardware="a100-80gb"``,
``region="tokyo"``, ``instance="p4d.24xlarge"``, ``prices="davinci-2022"``,
``fit="chinchilla"``): any numeric field of the row whose name is an input of the model
fills it, unless the caller gives it. Money in catalogs is USD unless a field says otherwise.
"""

from __future__ import annotations

import builtins
import contextlib
import sys
import warnings
from importlib import resources
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from llmcore._util.errors import unknown
from llmcore.catalog._files import read_tables
from llmcore.catalog._validate import check_row, normalize_row

__all__ = [
    "KEYWORDS",
    "CatalogOverrideWarning",
    "add",
    "applies",
    "check_row",
    "fill_fields",
    "fillable",
    "fx_rate",
    "get",
    "kinds",
    "list",
    "load",
    "reset",
    "to_pandas",
]

_builtin_list = list

# keyword accepted by the estimators -> catalog kind it looks up. "instance" comes first:
# it fills hardware fields that an explicit hardware= then overrides.
KEYWORDS: dict[str, str] = {
    "instance": "instances",
    "hardware": "hardware",
    "region": "regions",
    "prices": "api_prices",
    "fit": "scaling_fits",
    "model": "models",
}
_KIND_ALIASES = {
    "region": "regions",
    "hw": "hardware",
    "instance": "instances",
    "prices": "api_prices",
    "fit": "scaling_fits",
    "fits": "scaling_fits",
    "currency": "fx",
    "currencies": "fx",
    "model": "models",
}

_rows: dict[str, dict[str, dict[str, Any]]] = {}
_fillable: dict[str, frozenset[str]] = {}  # kind -> fillable(kind), cleared when rows change
# kind -> id -> where the row now in _rows came from (a built-in file, a user file, "add()")
_origins: dict[str, dict[str, str]] = {}
_OVERRIDES_NAMED = 10  # overridden rows named in one warning


class CatalogOverrideWarning(UserWarning):
    """A user file or add() call replaced a row that came from elsewhere (a built-in row or
    another file); the new row is used."""


def _builtin_files() -> dict[str, Any]:
    data = resources.files(__name__).joinpath("data")
    return {p.name[:-5]: p for p in data.iterdir() if p.name.endswith(".toml")}


def _kind(kind: str) -> str:
    if not isinstance(kind, str):
        raise TypeError(f"catalog kind must be a str, not {type(kind).__name__}")
    return _KIND_ALIASES.get(kind, kind)


def _table(kind: str) -> dict[str, dict[str, Any]]:
    kind = _kind(kind)
    if kind not in _rows:
        files = _builtin_files()
        if kind not in files:
            raise unknown("catalog kind", kind, set(files) | set(_rows))
        data = tomllib.loads(files[kind].read_text("utf-8"))
        origin = f"built-in {files[kind].name}"
        rows = {}
        for rid, row in data.items():
            rows[rid] = normalize_row(row)
            check_row(kind, rid, rows[rid], origin)
        _rows[kind] = rows
        _origins[kind] = dict.fromkeys(rows, origin)
    return _rows[kind]


def kinds() -> builtins.list[str]:
    """The catalog kinds (built-in and loaded)."""
    return sorted(set(_builtin_files()) | set(_rows))


def list(kind: str) -> builtins.list[str]:
    """Ids of one catalog kind, e.g. ``list("hardware")``."""
    return sorted(_table(kind))


def get(kind: str, id: str) -> dict[str, Any]:
    """One row (a copy) with its fields, source and date."""
    if not isinstance(id, str):
        raise TypeError(f"catalog id must be a str, not {type(id).__name__}")
    table = _table(kind)
    try:
        return {"id": id, **table[id]}
    except KeyError:
        raise unknown(f"{_kind(kind)} id", id, table) from None


def fill_fields(kind: str, id: str) -> dict[str, float]:
    """The numeric fields a row contributes to estimator inputs.

    An instance row expands to its accelerator's hardware row, then its own n_accel and
    price_per_accel_hour (which take precedence over the hardware's typical price).
    """
    row = get(kind, id)
    fields: dict[str, float] = {}
    if _kind(kind) == "instances":
        fields.update(fill_fields("hardware", str(row["accelerator"])))
    fields.update(
        {
            k: float(v)
            for k, v in row.items()
            if isinstance(v, (int, float)) and not isinstance(v, bool)
        }
    )
    return fields


def fx_rate(currency: str) -> tuple[float, str, str]:
    """(units of `currency` per USD, date, source) from the fx catalog."""
    row = get("fx", currency.upper() if isinstance(currency, str) else currency)
    return float(row["units_per_usd"]), str(row["date"]), str(row["source"])


def load(path: str | Path, kind: str | None = None) -> builtins.list[str]:
    """Add or override rows from a user's TOML, JSON or CSV file.

    TOML/JSON: ``[kind.id]`` tables (or ``{kind: {id: row}}``; a list of rows with an
    ``id`` field also works); with `kind` the file holds just that kind's rows. CSV: one
    row per line with an ``id`` column; needs `kind`. Every row needs ``source`` and
    ``date``; values must be numbers or strings within plausible ranges for their units.
    ``source`` is a non-empty string; ``date`` a non-empty string or a date (a native TOML
    date is stored as its ISO string). A row with an existing id replaces it, with a
    :class:`CatalogOverrideWarning` when that row came from elsewhere (a built-in row or
    another file); loading the same file again does not warn. Data only: nothing in the file
    is executed. Returns the ``kind/id`` names loaded. All rows are checked before any is
    added.
    """
    p = Path(path)
    tables = read_tables(p, _kind(kind) if kind else None)
    return _add_tables(tables, str(p))


def add(kind: str, rows: dict[str, dict[str, Any]], origin: str = "add()") -> builtins.list[str]:
    """Add or override rows given as ``{id: {field: value, ...}}`` (checked like load()).

    `origin` names where the rows come from, in errors and in the
    :class:`CatalogOverrideWarning` raised when a row from another origin is replaced.
    """
    return _add_tables({kind: rows}, origin)


def _add_tables(tables: dict[str, Any], origin: str) -> builtins.list[str]:
    staged: dict[str, dict[str, dict[str, Any]]] = {}
    for k, rows in tables.items():
        k = _kind(k)
        with contextlib.suppress(KeyError):  # a new kind of the user's own
            _table(k)  # builtin rows first, so the user's override them
        checked = staged.setdefault(k, {})
        if not isinstance(rows, dict):
            raise TypeError(
                f"catalog {k} rows from {origin} must be a dict of id -> row, "
                f"not {type(rows).__name__}"
            )
        for rid, row in rows.items():
            row = normalize_row(row)
            check_row(k, str(rid), row, origin)
            if k == "instances":
                get("hardware", str(row.get("accelerator", "")))
            checked[str(rid)] = row
    loaded = []
    overridden = []
    for k, rows in staged.items():
        origins = _origins.setdefault(k, {})
        for rid in rows:
            was = origins.get(rid)
            if rid in _rows.get(k, {}) and was is not None and was != origin:
                overridden.append(f"{k}/{rid} (was from {was})")
            origins[rid] = origin
        _rows.setdefault(k, {}).update(rows)
        loaded += [f"{k}/{rid}" for rid in rows]
    _fillable.clear()  # an instance row's fields depend on its hardware row: drop them all
    if overridden:
        more = len(overridden) - _OVERRIDES_NAMED
        named = ", ".join(overridden[:_OVERRIDES_NAMED]) + (f" and {more} more" if more > 0 else "")
        warnings.warn(
            f"catalog rows from {origin} override existing rows: {named}",
            CatalogOverrideWarning,
            stacklevel=3,
        )
    return loaded


def reset() -> None:
    """Forget loaded user rows: the next access rereads the built-in files."""
    _rows.clear()
    _origins.clear()
    _fillable.clear()


def to_pandas(kind: str) -> Any:
    """One kind as a DataFrame indexed by id (needs pandas)."""
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - optional dependency
        raise ImportError("to_pandas() needs pandas: pip install pandas") from exc
    table = _table(kind)
    df = pd.DataFrame.from_dict(table, orient="index")
    df.index.name = "id"
    return df


def fillable(kind: str) -> frozenset[str]:
    """Every field some row of `kind` fills (fill_fields over its rows), kept until the rows
    change: estimators ask on every call."""
    kind = _kind(kind)
    if kind not in _fillable:
        _fillable[kind] = frozenset(f for rid in _table(kind) for f in fill_fields(kind, rid))
    return _fillable[kind]


def applies(keyword: str, model: Any) -> bool:
    """Whether catalog `keyword` (e.g. "instance") can fill any input of `model`."""
    if any(getattr(i, "catalog", None) == keyword for i in model.inputs):
        return True
    try:
        fields = fillable(KEYWORDS[keyword])
    except KeyError:
        return False
    return bool(fields & set(model.input_names))
