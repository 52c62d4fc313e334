# SPDX-License-Identifier: BSD-3-Clause
"""From keyword arguments to one validated value per model input.

Order of precedence for each input: explicit keyword, catalog row (hardware=, region=),
documented default; optional inputs may stay absent (None), required ones raise.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Real
from typing import Any

import numpy as np

from llmcore import catalog
from llmcore._engine.arrays import DeviceArray, device_array, is_device_array
from llmcore._engine.resolved import Resolved
from llmcore._models import InputInfo, ModelInfo
from llmcore._util.errors import InvalidInputError, unknown

__all__ = [
    "Missing",
    "check_input_keys",
    "missing_messages",
    "resolve_inputs",
    "resolve_with_missing",
]


def check_input_keys(given: Mapping[Any, Any], what: str = "inputs") -> None:
    """Input names are strings: any other key is a TypeError that names it."""
    for key in given:
        if not isinstance(key, str):
            raise TypeError(
                f"{what}: input names must be strings, got the key {key!r} ({type(key).__name__})"
            )


def _huge(name: str, v: Any, model: str) -> InvalidInputError:
    digits = len(str(abs(int(v)))) if isinstance(v, int) else None
    size = f"an integer of {digits} digits" if digits else repr(v)
    return InvalidInputError(
        f"{model}: input {name!r} = {size} does not fit a double (magnitude above "
        "1.8e308); it is out of range",
        input=name,
        value=v,
    )


def _as_number(name: str, v: Any, model: str) -> float | np.ndarray | DeviceArray:
    if is_device_array(v):
        return device_array(v, f"{model}: input {name!r}")
    if isinstance(v, (bool, np.bool_, str, bytes)):
        raise TypeError(
            f"{model}: input {name!r} must be a number or an array of numbers, "
            f"not {type(v).__name__} {v!r}"
        )
    if isinstance(v, np.ma.MaskedArray):  # a mask the core cannot see: refuse, never drop it
        raise TypeError(
            f"{model}: input {name!r} is a masked array; fill it (a.filled(value)) or keep "
            "only the unmasked scenarios (a.compressed()) first"
        )
    if isinstance(v, Real):
        try:
            return float(v)
        except OverflowError:
            raise _huge(name, v, model) from None
    try:
        a = np.asarray(v)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(f"{model}: input {name!r} could not be read as an array: {exc}") from exc
    if a.dtype.kind not in "iuf":
        raise TypeError(f"{model}: input {name!r} must be numeric, got an array of dtype {a.dtype}")
    if a.ndim == 0:
        return float(a)
    return a.astype(np.float64, copy=False)


def _choice(i: InputInfo, v: Any, model: str) -> Any:
    """A named choice (boundary="server") as the core's code; names in an array map element
    by element; a number must be one of the codes."""
    if isinstance(v, str):
        return i.choice_code(v)
    if is_device_array(v):
        return v
    a = np.asarray(v)
    if a.dtype.kind in "UO":
        codes = {u: i.choice_code(str(u)) for u in np.unique(a.astype(str))}
        return np.vectorize(codes.__getitem__, otypes=[float])(a.astype(str))
    if a.dtype.kind in "iuf":
        f = a.astype(float, copy=False)
        off = np.isfinite(f) & (f != np.round(f))
        if off.any():
            k = int(np.flatnonzero(off.reshape(-1))[0])
            bad = float(f.reshape(-1)[k])
            idx = tuple(int(x) for x in np.unravel_index(k, f.shape)) if f.ndim else None
            where = f" at index {idx}" if idx else ""
            raise InvalidInputError(
                f"{model}: input {i.name!r} = {bad!r}{where} is not one of the codes "
                f"0..{len(i.choices) - 1} ({', '.join(i.choices)}); give a name",
                input=i.name,
                value=bad,
                index=idx,
            )
    return v


@dataclass(frozen=True)
class Missing:
    """Catalog rows named by keyword `kw` that lack field `input`, and how many scenarios
    use them (the whole batch when every row lacks it)."""

    input: str
    kw: str
    ids: tuple[str, ...]
    scenarios: int


def missing_messages(
    info: ModelInfo, missing: list[Missing], names: tuple[str, ...], all_outputs: bool
) -> list[str]:
    """The missing-data warnings a call owes: one per input no one gave and some catalog row
    lacked, when an output it computes needs it (every output's need, unless the input is
    supplementary, when the caller asked for no outputs by name)."""
    texts = []
    for m in missing:
        every = all_outputs and not info.input(m.input).supplementary
        asked = set() if all_outputs else set(names)
        hit = [o.name for o in info.outputs if m.input in o.needs and (o.name in asked or every)]
        if hit:
            texts.append(
                f"{info.name}: {m.kw} {', '.join(m.ids)} has no {m.input} "
                f"({info.input(m.input).doc}); {', '.join(hit)} not computed for "
                f"{m.scenarios} scenario(s). Give {m.input}=... to compute them."
            )
    return texts


@dataclass
class _Fill:
    values: dict[str, Any]  # field -> float (one id) or array (per scenario, NaN = lacks it)
    sources: dict[str, str]
    missing: list[Missing]


def _catalog_fill(model: ModelInfo, kw: str, ids: Any) -> _Fill:
    """Inputs of `model` filled by the catalog row(s) named by keyword `kw`, each scenario from
    its own row: a field some rows lack is NaN (absent) for their scenarios only."""
    kind = catalog.KEYWORDS[kw]
    names = model.filled_by(kw)
    fillable = catalog.fillable(kind) & names
    if isinstance(ids, str):
        row = catalog.fill_fields(kind, ids)
        one: dict[str, Any] = {k: v for k, v in row.items() if k in names}
        lack = [Missing(f, kw, (ids,), 1) for f in sorted(fillable - set(one))]
        return _Fill(one, dict.fromkeys(one, f"{kind} {ids}"), lack)
    arr = np.asarray(ids)
    if arr.dtype.kind not in "UO" or arr.ndim == 0:
        raise TypeError(f"{kw} must be a catalog id (str) or an array of ids, not {ids!r}")
    uniq, inv = np.unique(arr.astype(str), return_inverse=True)
    rows = [catalog.fill_fields(kind, str(u)) for u in uniq]
    per_id = np.bincount(inv.reshape(-1), minlength=len(uniq))
    values: dict[str, Any] = {}
    missing = []
    for f in sorted(fillable):
        without = [k for k, r in enumerate(rows) if f not in r]
        col = np.array([r.get(f, math.nan) for r in rows])  # all NaN: every row lacks it
        values[f] = col[inv].reshape(arr.shape)
        if without:
            n = int(per_id[without].sum())
            missing.append(Missing(f, kw, tuple(str(uniq[k]) for k in without), n))
    source = f"{kind} per scenario ({', '.join(map(str, uniq))})"
    return _Fill(values, dict.fromkeys(values, source), missing)


def resolve_inputs(model: ModelInfo, given: Mapping[str, Any]) -> Resolved:
    return resolve_with_missing(model, given)[0]


def resolve_with_missing(
    model: ModelInfo, given: Mapping[str, Any]
) -> tuple[Resolved, list[Missing]]:
    """`resolve_inputs`, and the catalog rows that lacked a field no one gave (for the
    missing-data warning)."""
    names = model.input_names
    filled: dict[str, Any] = {}
    sources: dict[str, str] = {}
    lacking: dict[str, Missing] = {}
    ids: dict[str, Any] = {}
    usable = [k for k in catalog.KEYWORDS if catalog.applies(k, model)]
    check_input_keys(given, model.name)
    for key in given:
        if key not in names and key not in usable:
            if key in catalog.KEYWORDS:  # a catalog keyword that fills nothing here
                raise unknown(
                    f"catalog keyword of {model.name} ({key}= fills none of its inputs)",
                    key,
                    usable,
                )
            raise unknown(f"input of {model.name}", key, list(names) + usable)
    for key in catalog.KEYWORDS:  # catalog order: instance before hardware, which overrides
        v = given.get(key)
        if v is not None:
            ids[key] = v
            fill = _catalog_fill(model, key, v)
            for m in fill.missing:  # unless an earlier keyword (instance=) filled it
                if m.input not in filled:
                    lacking[m.input] = m
            for f in fill.values:  # a later row that has the field answers for it
                if f in lacking and not any(x.input == f for x in fill.missing):
                    del lacking[f]
            for f, new in fill.values.items():
                old = filled.get(f)
                if old is not None and isinstance(new, np.ndarray) and np.isnan(new).any():
                    new = np.where(np.isnan(new), old, new)  # an earlier row still answers
                filled[f] = new
            sources.update(fill.sources)
    values: dict[str, float | np.ndarray | DeviceArray | None] = {}
    for i in model.inputs:
        v = given.get(i.name)
        if v is not None:
            sources[i.name] = "given"
            lacking.pop(i.name, None)
        elif i.name in filled:
            v = filled[i.name]
            if i.default is not None and isinstance(v, np.ndarray) and np.isnan(v).any():
                v = np.where(np.isnan(v), i.default, v)  # rows lacking it take the default
                lacking.pop(i.name, None)
        elif i.default is not None:
            v = i.default
            sources[i.name] = "default"
            lacking.pop(i.name, None)
        if v is None:
            if i.required:
                hint = (
                    f"; give it, or a {i.catalog} id such as {i.catalog}="
                    f"'{catalog.list(catalog.KEYWORDS[i.catalog])[0]}'"
                    if i.catalog
                    else ""
                )
                raise InvalidInputError(
                    f"{model.name}: missing required input {i.name!r} ({i.unit}: {i.doc}){hint}",
                    input=i.name,
                )
            values[i.name] = None
            continue
        if i.choices:
            v = _choice(i, v, model.name)
        values[i.name] = _as_number(i.name, v, model.name)
    have = {k for k, v in values.items() if v is not None}
    if model.require_any and not any(set(g) <= have for g in model.require_any):
        alts = " or ".join("+".join(g) for g in model.require_any)
        raise InvalidInputError(f"{model.name}: needs {alts}", input=model.require_any[0][0])
    for a, b in model.implies:
        if a in have and b not in have:
            raise InvalidInputError(
                f"{model.name}: input {a!r} needs {b!r} as well ({model.input(b).doc})", input=b
            )
    shapes = {k: v.shape for k, v in values.items() if isinstance(v, (np.ndarray, DeviceArray))}
    try:
        shape = np.broadcast_shapes(*shapes.values()) if shapes else ()
    except ValueError:
        desc = ", ".join(f"{k}{s}" for k, s in shapes.items())
        raise InvalidInputError(
            f"{model.name}: input shapes do not broadcast: {desc}", input=next(iter(shapes))
        ) from None
    partial = frozenset(k for k, v in values.items() if k in lacking and isinstance(v, np.ndarray))
    used = {k: src for k, src in sources.items() if values.get(k) is not None}
    res = Resolved(model, values, tuple(shape), ids, absent_ok=partial, sources=used)
    return res, list(lacking.values())
