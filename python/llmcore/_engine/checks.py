# SPDX-License-Identifier: BSD-3-Clause
"""Input range checks: the table the compiled pre-passes take, and the one error a bad value
raises (input, value and first bad index), whichever backend found it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from llmcore._engine.constants import RANGE_FLAGS
from llmcore._engine.resolved import Resolved
from llmcore._models import ModelInfo
from llmcore._models.ranges import range_text
from llmcore._util.errors import InvalidInputError

__all__ = [
    "absent_mask",
    "bad_value_error",
    "check_out_keys",
    "check_values",
    "index_in",
    "missing_scenarios",
    "out_arrays",
    "raise_first_bad",
    "range_table",
]


def index_in(shape: tuple[int, ...], flat: int, own: tuple[int, ...]) -> tuple[int, ...]:
    """Flat index in the broadcast `shape` -> index in the input's `own` shape."""
    full = np.unravel_index(flat, shape) if shape else ()
    tail = full[len(full) - len(own) :] if own else ()
    return tuple(int(x) if s != 1 else 0 for x, s in zip(tail, own))


def bad_value_error(
    model: ModelInfo, name: str, value: float, index: tuple[int, ...] | None
) -> InvalidInputError:
    i = model.input(name)
    what = "is NaN" if value != value else "is out of range"
    where = "" if index is None else f" at index {index if len(index) != 1 else index[0]}"
    return InvalidInputError(
        f"{model.name}: input {name!r} = {value!r}{where} {what}; expected {range_text(i)} "
        f"({i.unit}: {i.doc})",
        input=name,
        value=value,
        index=index,
    )


def range_table(res: Resolved) -> np.ndarray:
    """(n_inputs, 3) lo, hi, flags for the compiled pre-passes (flags as llmcore/range.hpp:
    1 open below, 2 open above, 4 skip = absent optional input, 8 absent_ok = NaN entries
    accepted: inputs in ``res.absent_ok``)."""
    return np.array(
        [
            [
                i.lo,
                i.hi,
                (RANGE_FLAGS["lo_open"] if i.lo_open else 0)
                | (RANGE_FLAGS["hi_open"] if i.hi_open else 0)
                | (RANGE_FLAGS["skip"] if res.values[i.name] is None else 0)
                | (
                    RANGE_FLAGS["absent_ok"]
                    if i.name in res.absent_ok and res.values[i.name] is not None
                    else 0
                ),
            ]
            for i in res.model.inputs
        ]
    )


def absent_mask(res: Resolved) -> int:
    """Bit k set where model input k may be absent per scenario (NaN, ``res.absent_ok``): the
    compiled drivers' ``absent_mask`` (a NaN there makes a non-finite output missing_input)."""
    return sum(
        1 << k
        for k, i in enumerate(res.model.inputs)
        if i.name in res.absent_ok and res.values[i.name] is not None
    )


def missing_scenarios(res: Resolved, n: int) -> np.ndarray:
    """Per flat scenario: whether an input in ``res.absent_ok`` is NaN (absent) there."""
    miss = np.zeros(n, dtype=bool)
    for i in res.model.inputs:
        v = res.host_value(i.name) if i.name in res.absent_ok else None
        if v is None:
            continue
        a = np.isnan(np.asarray(v, dtype=np.float64))
        miss |= np.broadcast_to(a, res.shape).reshape(-1)
    return miss


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
            ok = (
                np.isfinite(a)
                & ((a > i.lo) if i.lo_open else (a >= i.lo))
                & ((a < i.hi) if i.hi_open else (a <= i.hi))
            )
        if i.name in res.absent_ok:  # NaN = this scenario lacks the input (±inf still bad)
            ok |= np.isnan(a)
        if not ok.all():
            flat = int(np.argmin(ok.ravel()))
            idx = tuple(int(x) for x in np.unravel_index(flat, a.shape)) if a.ndim else None
            raise bad_value_error(res.model, i.name, float(a.ravel()[flat]), idx)


def check_out_keys(model: ModelInfo, names: tuple[str, ...], out: Mapping[str, Any] | None) -> None:
    """Every ``out=`` key must be an output this call computes: an unknown name raises
    UnknownNameError (with the closest names), a known output that is not computed (left out
    by ``outputs=``, or lacking its inputs) raises ValueError; nothing is silently ignored."""
    if out is None:
        return
    if not isinstance(out, Mapping):
        raise TypeError(f"out= must be a mapping of output name -> array, not {type(out).__name__}")
    for key in out:
        if not isinstance(key, str):
            raise TypeError(f"{model.name}: out= keys must be output names (str), not {key!r}")
        model.output(key)  # UnknownNameError with suggestions
        if key not in names:
            raise ValueError(
                f"{model.name}: out[{key!r}] was given but output {key!r} is not computed by "
                f"this call (computed: {', '.join(names) or 'none'}); add it to outputs= or "
                "drop it from out="
            )


def out_arrays(
    res: Resolved, names: tuple[str, ...], out: Mapping[str, Any] | None, n: int
) -> dict[str, np.ndarray]:
    arrays = {}
    for name in names:
        a = None if out is None else out.get(name)
        if a is None:
            arrays[name] = np.empty(n, dtype=np.float64)
            continue
        if (
            not isinstance(a, np.ndarray)
            or a.dtype != np.float64
            or a.shape != res.shape
            or not a.flags.c_contiguous
            or not a.flags.writeable
            or not a.flags.aligned  # the core stores doubles: a misaligned store is UB
        ):
            raise InvalidInputError(
                f"out[{name!r}] must be a writable, aligned, C-contiguous float64 array of "
                f"shape {res.shape}",
                input=name,
            )
        arrays[name] = a.reshape(-1)
    return arrays
