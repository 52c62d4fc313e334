# SPDX-License-Identifier: BSD-3-Clause
"""From keyword arguments to one validated value per model input.

Order of precedence for each input: explicit keyword, catalog row (hardware=, region=),
documented default; optional inputs may stay absent (None), required ones raise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Real
from typing import Any

import numpy as np

from llmcore import catalog
from llmcore._engine.arrays import DeviceArray, device_array, is_device_array
from llmcore._util.errors import InvalidInputError, unknown
from llmcore._models import ModelInfo

__all__ = ["Resolved", "resolve_inputs", "check_values", "range_text", "index_in",
           "range_table", "raise_first_bad"]


@dataclass
class Resolved:
    model: ModelInfo
    # None = optional input absent; DeviceArray = CUDA memory, left where it is
    values: dict[str, float | np.ndarray | DeviceArray | None]
    shape: tuple[int, ...]
    ids: dict[str, Any]  # catalog keywords used, e.g. {"hardware": "a100-80gb"}

    @property
    def present(self) -> set[str]:
        return present_inputs(self.values)

    def available_outputs(self) -> tuple[str, ...]:
        return available_outputs(self.model, self.present)

    @property
    def on_device(self) -> bool:
        """Whether any input is in CUDA device memory."""
        return any(isinstance(v, DeviceArray) for v in self.values.values())


def present_inputs(values: dict[str, Any]) -> set[str]:
    """Inputs that have a value (absent optional inputs are None)."""
    return {k for k, v in values.items() if v is not None}


def available_outputs(model: ModelInfo, present: set[str]) -> tuple[str, ...]:
    """The outputs whose `needs` the present inputs satisfy, in model order."""
    return tuple(o.name for o in model.outputs if all(n in present for n in o.needs))


def requested_outputs(model: ModelInfo, present: set[str], outputs: Any) -> tuple[str, ...]:
    """`outputs` (a name, names, or None for every available one), checked: unknown names
    raise UnknownNameError, outputs whose inputs are absent raise InvalidInputError."""
    avail = available_outputs(model, present)
    if outputs is None:
        return avail
    names = (outputs,) if isinstance(outputs, str) else tuple(outputs)
    for name in names:
        info = model.output(name)  # UnknownNameError with suggestions
        if name not in avail:
            missing = [n for n in info.needs if n not in present]
            raise InvalidInputError(
                f"{model.name}: output {name!r} needs input(s) {', '.join(missing)}, "
                "which were not given", input=missing[0])
    return names


def range_text(i: Any) -> str:
    if i.hi == np.inf:
        return f"{'>' if i.lo_open else '>='} {i.lo:g}"
    return f"{'(' if i.lo_open else '['}{i.lo:g}, {i.hi:g}{')' if i.hi_open else ']'}"


def _as_number(name: str, v: Any, model: str) -> float | np.ndarray | DeviceArray:
    if is_device_array(v):
        return device_array(v, f"{model}: input {name!r}")
    if isinstance(v, (bool, np.bool_)) or isinstance(v, (str, bytes)):
        raise TypeError(f"{model}: input {name!r} must be a number or an array of numbers, "
                        f"not {type(v).__name__} {v!r}")
    if isinstance(v, Real):
        return float(v)
    try:
        a = np.asarray(v)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(f"{model}: input {name!r} could not be read as an array: {exc}") from exc
    if a.dtype.kind not in "iuf":
        raise TypeError(f"{model}: input {name!r} must be numeric, got an array of dtype "
                        f"{a.dtype}")
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
    values: dict[str, float | np.ndarray | None] = {}
    for i in model.inputs:
        v = given.get(i.name)
        if v is None:
            v = filled.get(i.name, i.default)
        if v is None:
            if i.required:
                hint = f"; give it, or a {i.catalog} id such as {i.catalog}=" \
                       f"'{catalog.list(catalog.KEYWORDS[i.catalog])[0]}'" if i.catalog else ""
                raise InvalidInputError(
                    f"{model.name}: missing required input {i.name!r} ({i.unit}: {i.doc}){hint}",
                    input=i.name)
            values[i.name] = None
            continue
        values[i.name] = _as_number(i.name, v, model.name)
    have = {k for k, v in values.items() if v is not None}
    if model.require_any and not any(set(g) <= have for g in model.require_any):
        alts = " or ".join("+".join(g) for g in model.require_any)
        raise InvalidInputError(f"{model.name}: needs {alts}", input=model.require_any[0][0])
    for a, b in model.implies:
        if a in have and b not in have:
            raise InvalidInputError(f"{model.name}: input {a!r} needs {b!r} as well "
                                    f"({model.input(b).doc})", input=b)
    shapes = {k: v.shape for k, v in values.items() if isinstance(v, (np.ndarray, DeviceArray))}
    try:
        shape = np.broadcast_shapes(*shapes.values()) if shapes else ()
    except ValueError:
        desc = ", ".join(f"{k}{s}" for k, s in shapes.items())
        raise InvalidInputError(f"{model.name}: input shapes do not broadcast: {desc}",
                                input=next(iter(shapes))) from None
    return Resolved(model, values, tuple(shape), ids)


def index_in(shape: tuple[int, ...], flat: int, own: tuple[int, ...]) -> tuple[int, ...]:
    """Flat index in the broadcast `shape` -> index in the input's `own` shape."""
    full = np.unravel_index(flat, shape) if shape else ()
    tail = full[len(full) - len(own):] if own else ()
    return tuple(int(x) if s != 1 else 0 for x, s in zip(tail, own))


def bad_value_error(model: ModelInfo, name: str, value: float,
                    index: tuple[int, ...] | None) -> InvalidInputError:
    i = model.input(name)
    what = "is NaN" if value != value else "is out of range"
    where = "" if index is None else f" at index {index if len(index) != 1 else index[0]}"
    return InvalidInputError(
        f"{model.name}: input {name!r} = {value!r}{where} {what}; expected {range_text(i)} "
        f"({i.unit}: {i.doc})", input=name, value=value, index=index)


def range_table(res: Resolved) -> np.ndarray:
    """(n_inputs, 3) lo, hi, flags for the compiled pre-passes (flags as llmcore/range.hpp:
    1 open below, 2 open above, 4 skip = absent optional input)."""
    return np.array([[i.lo, i.hi, (1 if i.lo_open else 0) | (2 if i.hi_open else 0)
                      | (4 if res.values[i.name] is None else 0)] for i in res.model.inputs])


def raise_first_bad(res: Resolved, bad: tuple[int, int, float] | None) -> None:
    """Raise the error for a compiled pre-pass result (input position, flat index, value)."""
    if bad is None:
        return
    k, flat, value = bad
    name = res.model.inputs[k].name
    own_shape = tuple(getattr(res.values[name], "shape", ()))
    idx = index_in(res.shape, flat, own_shape) if own_shape else None
    raise bad_value_error(res.model, name, value, idx)


def check_values(res: Resolved) -> None:
    """numpy validation pass (used by the reference backend; the compiled one has its own)."""
    for i in res.model.inputs:
        v = res.values[i.name]
        if v is None:
            continue
        a = np.asarray(v)
        with np.errstate(invalid="ignore"):
            ok = np.isfinite(a) & ((a > i.lo) if i.lo_open else (a >= i.lo)) & \
                ((a < i.hi) if i.hi_open else (a <= i.hi))
        if not ok.all():
            flat = int(np.argmin(ok.ravel()))
            idx = tuple(int(x) for x in np.unravel_index(flat, a.shape)) if a.ndim else None
            raise bad_value_error(res.model, i.name, float(a.ravel()[flat]), idx)
