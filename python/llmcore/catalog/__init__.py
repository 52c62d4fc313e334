# SPDX-License-Identifier: BSD-3-Clause
"""Catalogs shipped with llmcore; every row has a source and a date.

Kinds: hardware, regions, instances (cloud), api_prices (dated snapshots), scaling_fits,
interconnects (links and nodes: NVLink, PCIe, InfiniBand, Ethernet, TPU ICI; DGX systems),
languages (tokens per word and character by language), fx (exchange rates), facts,
hardware_efficiency, compression, and any other
``data/<kind>.toml``. Ids fill estimator inputs (``hardware="a100-80gb"``,
``region="tokyo"``, ``instance="p4d.24xlarge"``, ``prices="davinci-2022"``,
``fit="chinchilla"``): any numeric field of the row whose name is an input of the model
fills it, unless the caller gives it. Money in catalogs is USD unless a field says otherwise.

Ids are matched ignoring case, and spaces, ``_`` and ``-`` count as one separator
(``"H100_SXM"`` is ``h100-sxm``); stored ids keep their spelling. Rows also answer to their
aliases (a row's ``aliases`` field, and ``data/aliases.toml``). :func:`search` finds rows by
any part of an id, alias or name.
"""

from __future__ import annotations

import builtins
import contextlib
import functools
import sys
import warnings
from importlib import resources
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from llmcore._util.errors import InvalidInputError, unknown
from llmcore._util.match import TIERS, norm, rank
from llmcore.catalog._files import read_tables
from llmcore.catalog._names import ALIAS_FILE, Index, alias_table, build_index
from llmcore.catalog._validate import POSITIONS, check_row, normalize_row

__all__ = [
    "KEYWORDS",
    "CatalogOverrideWarning",
    "add",
    "aliases",
    "applies",
    "check_row",
    "derived_fields",
    "fill_fields",
    "fillable",
    "fx_rate",
    "generation",
    "get",
    "kinds",
    "list",
    "load",
    "origin",
    "reset",
    "resolve",
    "search",
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
    "interconnect": "interconnects",
    "allocation": "allocation_fits",
    "language": "languages",
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
    "interconnect": "interconnects",
    "allocation": "allocation_fits",
    "language": "languages",
}

_rows: dict[str, dict[str, dict[str, Any]]] = {}
_fillable: dict[str, frozenset[str]] = {}  # kind -> fillable(kind), cleared when rows change
# (keyword, id(model)) -> (model, applies()), cleared with _fillable; the model is kept so
# that its id is not reused
_applies: dict[tuple[str, int], tuple[Any, bool]] = {}
# kind -> id -> where the row now in _rows came from (a built-in file, a user file, "add()")
_origins: dict[str, dict[str, str]] = {}
_indexes: dict[str, Index] = {}  # kind -> ids and aliases by matching key (see _names.py)
# Bumped whenever rows change (add, load, reset): callers that cache what rows filled (the
# scalar fast path's plans) key on it.
_generation = [0]
_OVERRIDES_NAMED = 10  # overridden rows named in one warning
# search lists rows of the kinds estimators take first, in this order; then the others
_SEARCH_ORDER = (
    "hardware",
    "instances",
    "models",
    "interconnects",
    "regions",
    "api_prices",
    "scaling_fits",
    "fx",
)
# text fields search and suggestions also match: a row's name, and what it refers to (an
# instance's accelerator, a hardware_efficiency row's hardware, a price row's provider, ...)
_LABEL_FIELDS = ("name", "accelerator", "hardware", "model", "provider")


class CatalogOverrideWarning(UserWarning):
    """A user file or add() call replaced a row that came from elsewhere (a built-in row or
    another file); the new row is used."""


@functools.cache
def _builtin_files() -> dict[str, Any]:
    data = resources.files(__name__).joinpath("data")
    return {
        p.name[:-5]: p for p in data.iterdir() if p.name.endswith(".toml") and p.name != ALIAS_FILE
    }


def _kind(kind: str) -> str:
    """The kind's stored name: case and separators ignored ("API-Prices" is api_prices)."""
    if not isinstance(kind, str):
        raise TypeError(f"catalog kind must be a str, not {type(kind).__name__}")
    if kind in _rows:
        return kind
    k = kind.strip().casefold()
    k = _KIND_ALIASES.get(k, k)
    if k not in _rows and k not in _builtin_files():
        k = "_".join(norm(k).split("-"))
    return _KIND_ALIASES.get(k, k)


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
        origins = dict.fromkeys(rows, origin)
        _indexes[kind] = build_index(kind, rows, origins, alias_table().get(kind, {}), None)
        _rows[kind] = rows
        _origins[kind] = origins
    return _rows[kind]


def _index(kind: str) -> Index:
    table = _table(kind)
    kind = _kind(kind)
    if kind not in _indexes:  # pragma: no cover - every change stores its index
        _indexes[kind] = build_index(kind, table, _origins[kind], alias_table().get(kind, {}), ())
    return _indexes[kind]


def _labels(table: dict[str, dict[str, Any]]) -> dict[str, builtins.list[str]]:
    """Texts a row is also found by (not looked up by): its name and the ids it refers to."""
    return {
        rid: [v for f in _LABEL_FIELDS if isinstance(v := row.get(f), str)]
        for rid, row in table.items()
    }


def kinds() -> builtins.list[str]:
    """The catalog kinds (built-in and loaded)."""
    return sorted(set(_builtin_files()) | set(_rows))


def list(kind: str) -> builtins.list[str]:
    """Ids of one catalog kind, e.g. ``list("hardware")``."""
    return sorted(_table(kind))


def resolve(kind: str, id: str) -> str:
    """The stored id of the row that `id` names: the id itself, the id in other case or with
    other separators ("H100_SXM"), or an alias ("h100-sxm5"). Unknown ids raise
    UnknownNameError with the closest rows (same prefix, then substring, then near misses)."""
    if not isinstance(id, str):
        raise TypeError(f"catalog id must be a str, not {type(id).__name__}")
    table = _table(kind)
    if id in table:
        return id
    idx = _index(kind)
    rid = idx.keys.get(norm(id))
    if rid is None:
        raise unknown(f"{_kind(kind)} id", id, table, idx.aliases, _labels(table))
    return rid


def get(kind: str, id: str) -> dict[str, Any]:
    """One row (a copy) with its fields, source and date; `id` as :func:`resolve` takes it,
    the row's ``"id"`` as stored."""
    table = _table(kind)
    rid = id if isinstance(id, str) and id in table else resolve(kind, id)
    return {"id": rid, **table[rid]}


def origin(kind: str, id: str) -> str:
    """Where the row came from: "built-in <file>", a user file's path, or add()'s origin."""
    return _origins[_kind(kind)][resolve(kind, id)]


def aliases(kind: str, id: str) -> builtins.list[str]:
    """The other names the row answers to (its ``aliases`` field, then data/aliases.toml)."""
    return builtins.list(_index(kind).aliases.get(resolve(kind, id), ()))


def search(text: str, kind: str | None = None) -> builtins.list[dict[str, Any]]:
    """Rows whose id, alias or name (or the id of the hardware, model or provider a row refers
    to) matches `text`, best first, in every kind (or `kind`).

    Each hit is ``{"kind", "id", "name", "match", "aliases", "source", "date", "origin"}``;
    ``match`` says how it matched: "exact" (an id or alias, up to case and separators),
    "prefix" (an id or alias starts with the text), "word" (a word of an id, alias or name
    does), "substring", or "inside" (the id or an alias is inside the text). Rows of the
    kinds estimators take (hardware, instances, models, regions, api_prices, scaling_fits,
    fx) come before the reference tables; within each, better matches first. When nothing
    matches, near misses by edit distance are returned with match "near". Case and
    separators are ignored.
    """
    if not isinstance(text, str):
        raise TypeError(f"search text must be a str, not {type(text).__name__}")
    if not norm(text):
        raise InvalidInputError("catalog search: the text to search for is empty", input="text")
    kinds_ = [_kind(kind)] if kind is not None else kinds()
    for k in kinds_:
        _table(k)  # unknown kinds raise here, with suggestions
    hits: builtins.list[tuple[Any, ...]] = []
    for near in (False, True):
        for k in kinds_:
            table = _table(k)
            group = _SEARCH_ORDER.index(k) if k in _SEARCH_ORDER else len(_SEARCH_ORDER)
            reference = group == len(_SEARCH_ORDER) and not near  # near misses: closest first
            for rid, tier, closeness in rank(text, table, _index(k).aliases, _labels(table), near):
                hits.append((reference, tier, -closeness, group, k, rid))
        if hits:
            break
    out = []
    for _, tier, _, _, k, rid in sorted(hits):
        row = _rows[k][rid]
        out.append(
            {
                "kind": k,
                "id": rid,
                "name": row["name"] if isinstance(row.get("name"), str) else None,
                "match": TIERS[tier],
                "aliases": builtins.list(_indexes[k].aliases.get(rid, ())),
                "source": row["source"],
                "date": row["date"],
                "origin": _origins[k][rid],
            }
        )
    return out


def fill_fields(kind: str, id: str) -> dict[str, float]:
    """The numeric fields a row contributes to estimator inputs.

    An instance row expands to its accelerator's hardware row, then its own n_accel and
    price_per_accel_hour (which take precedence over the hardware's typical price). A models
    row's ``position`` ("learned", "rotary", ...) gives ``learned_positions`` (see
    :func:`derived_fields`).
    """
    row = get(kind, id)
    fields: dict[str, float] = {}
    if _kind(kind) == "instances":
        fields.update(fill_fields("hardware", str(row["accelerator"])))
    fields.update(derived_fields(kind, row))
    fields.update(
        {
            k: float(v)
            for k, v in row.items()
            if isinstance(v, (int, float)) and not isinstance(v, bool)
        }
    )
    return fields


def derived_fields(kind: str, row: dict[str, Any]) -> dict[str, float]:
    """Estimator inputs a row states in words: a models row's ``position`` is architecture's
    ``learned_positions`` flag (1 for "learned", 0 for "rotary", "relative", "alibi",
    "none"); a numeric ``learned_positions`` in the row wins."""
    pos = row.get("position")
    if _kind(kind) == "models" and isinstance(pos, str) and pos in POSITIONS:
        return {"learned_positions": POSITIONS[pos]}
    return {}


def fx_rate(currency: str) -> tuple[float, str, str]:
    """(units of `currency` per USD, date, source) from the fx catalog."""
    row = get("fx", currency.upper() if isinstance(currency, str) else currency)
    if "units_per_usd" not in row:  # a user's fx row without its rate
        raise InvalidInputError(
            f"catalog fx/{currency} has no units_per_usd (units of the currency per USD)",
            input="currency",
            value=currency,
        )
    return float(row["units_per_usd"]), str(row["date"]), str(row["source"])


def load(path: str | Path, kind: str | None = None) -> builtins.list[str]:
    """Add or override rows from a user's TOML, JSON or CSV file.

    TOML/JSON: ``[kind.id]`` tables (or ``{kind: {id: row}}``; a list of rows with an
    ``id`` field also works); with `kind` the file holds just that kind's rows. CSV: one
    row per line with an ``id`` column; needs `kind`. Every row needs ``source`` and
    ``date``; values must be numbers or strings within plausible ranges for their units.
    ``source`` is a non-empty string; ``date`` a non-empty string or a date (a native TOML
    date is stored as its ISO string). An optional ``aliases`` field lists other names of the
    row (in CSV, separated by ``;``). A row with an existing id (up to case and separators)
    replaces it, with a :class:`CatalogOverrideWarning` when that row came from elsewhere (a
    built-in row or another file); loading the same file again does not warn. Two rows whose
    ids differ only in case or separators, or an alias naming two rows, raise
    InvalidInputError. Data only: nothing in the file is executed. Returns the ``kind/id``
    names loaded. All rows are checked before any is added.
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
    plans = []
    for k, rows in staged.items():
        # Ids match ignoring case and separators: a row whose id matches an existing id
        # replaces that row (and keeps the new spelling). The merged rows are indexed (and
        # checked for clashes) before any kind changes.
        merged, origins = dict(_rows.get(k, {})), dict(_origins.get(k, {}))
        old_keys = _indexes[k].keys if k in _indexes else {}
        for rid in rows:
            old = old_keys.get(norm(rid))
            was_id = old is not None and norm(old) == norm(rid)  # not an alias of another row
            if was_id and old in merged:
                was = origins.pop(old)
                merged.pop(old)
                if was != origin:
                    renamed = "" if old == rid else f"{old} "
                    overridden.append(f"{k}/{rid} (was {renamed}from {was})")
        merged.update(rows)
        origins.update(dict.fromkeys(rows, origin))
        index = build_index(k, merged, origins, alias_table().get(k, {}), set(rows))
        overridden += index.shadowed
        plans.append((k, merged, origins, index))
    for k, merged, origins, index in plans:
        _rows[k], _origins[k], _indexes[k] = merged, origins, index
        loaded += [f"{k}/{rid}" for rid in staged[k]]
    _fillable.clear()  # an instance row's fields depend on its hardware row: drop them all
    _applies.clear()
    _generation[0] += 1
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
    _indexes.clear()
    _fillable.clear()
    _applies.clear()
    _generation[0] += 1


def generation() -> int:
    """A number that changes whenever catalog rows change (add(), load(), reset())."""
    return _generation[0]


def to_pandas(kind: str) -> Any:
    """One kind as a DataFrame indexed by id (needs pandas): every field of its rows (NaN
    where a row lacks one), then ``aliases`` (a list per row, its field and
    data/aliases.toml), ``source``, ``date`` and ``origin`` (where the row was loaded from:
    "built-in <file>", a user file's path, or add()'s origin)."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError(
            "catalog.to_pandas() needs pandas, which is not installed: pip install pandas"
        ) from exc
    table = _table(kind)
    idx = _index(kind)
    k = _kind(kind)
    last = ("aliases", "source", "date", "origin")
    df = pd.DataFrame.from_dict(table, orient="index")
    df = df.drop(columns=[c for c in last if c in df.columns])
    df["aliases"] = [builtins.list(idx.aliases.get(rid, ())) for rid in table]
    df["source"] = [row["source"] for row in table.values()]
    df["date"] = [row["date"] for row in table.values()]
    df["origin"] = [_origins[k][rid] for rid in table]
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
    key = (keyword, id(model))
    hit = _applies.get(key)
    if hit is None:
        hit = _applies[key] = (model, _applies_now(keyword, model))
    return hit[1]


def _applies_now(keyword: str, model: Any) -> bool:
    if any(getattr(i, "catalog", None) == keyword for i in model.inputs):
        return True
    try:
        fields = fillable(KEYWORDS[keyword])
    except KeyError:
        return False
    return bool(fields & set(model.input_names))
