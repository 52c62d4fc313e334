# SPDX-License-Identifier: BSD-3-Clause
"""From keyword arguments to one validated value per model input.

Order of precedence for each input: explicit keyword, catalog row (hardware=, region=),
documented default; optional inputs may stay absent (None), required ones raise.
"""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Real
from typing import Any

import numpy as np

from llmcore import catalog
from llmcore._engine.arrays import DeviceArray, device_array, is_device_array
from llmcore._engine.resolved import Resolved
from llmcore._models import ModelInfo
from llmcore._util.errors import InvalidInputError, unknown

__all__ = ["resolve_inputs"]


def _as_number(name: str, v: Any, model: str) -> float | np.ndarray | DeviceArray:
    if is_device_array(v):
        return device_array(v, f"{model}: input {name!r}")
    if isinstance(v, (bool, np.bool_, str, bytes)):
        raise TypeError(
            f"{model}: input {name!r} must be a number or an array of numbers, "
            f"not {type(v).__name__} {v!r}"
        )
    if isinstance(v, Real):
        return float(v)
    try:
        a = np.asarray(v)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(f"{model}: input {name!r} could not be read as an array: {exc}") from exc
    if a.dtype.kind not in "iuf":
        raise TypeError(f"{model}: input {name!r} must be numeric, got an array of dtype {a.dtype}")
    if a.ndim == 0:
        return float(a)
    return a.astype(np.float64, copy=False)


def _catalog_fill(model: ModelInfo, kw: str, ids: Any) -> dict[str, Any]:
    """Inputs of `model` filled by the catalog row(s) named by keyword `kw`."""
    kind = catalog.KEYWORDS[kw]
    names = set(model.input_names)
    if isinstance(ids, str):
        return {k: v for k, v in catalog.fill_fields(kind, ids).items() if k in names}
    arr = np.asarray(ids)
    if arr.dtype.kind not in "UO" or arr.ndim == 0:
        raise TypeError(f"{kw} must be a catalog id (str) or an array of ids, not {ids!r}")
    uniq, inv = np.unique(arr.astype(str), return_inverse=True)
    rows = [catalog.fill_fields(kind, str(u)) for u in uniq]
    fields = set.intersection(*[set(r) for r in rows]) & names
    return {f: np.array([r[f] for r in rows])[inv].reshape(arr.shape) for f in fields}


def resolve_inputs(model: ModelInfo, given: Mapping[str, Any]) -> Resolved:
    names = model.input_names
    filled: dict[str, Any] = {}
    ids: dict[str, Any] = {}
    for key in given:
        if key not in catalog.KEYWORDS and key not in names:
            raise unknown(f"input of {model.name}", key, list(names) + list(catalog.KEYWORDS))
    for key in catalog.KEYWORDS:  # catalog order: instance before hardware, which overrides
        v = given.get(key)
        if v is not None:
            ids[key] = v
            filled.update(_catalog_fill(model, key, v))
    values: dict[str, float | np.ndarray | DeviceArray | None] = {}
    for i in model.inputs:
        v = given.get(i.name)
        if v is None:
            v = filled.get(i.name, i.default)
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
    return Resolved(model, values, tuple(shape), ids)
