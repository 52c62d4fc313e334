# SPDX-License-Identifier: BSD-3-Clause
"""The generic layer: evaluate any model on any backend, chunked in Python."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np

from . import _backends, _cuda_path, reference
from ._arrays import flat_column as _flat_column  # the one definition, in _arrays
from ._arrays import is_device_array
from ._errors import InvalidInputError
from ._inputs import Resolved, bad_value_error, check_values, index_in, resolve_inputs
from ._models import STATUS_BITS, get_model
from .result import Result

__all__ = ["evaluate"]

_NAN = float("nan")


def _requested(res: Resolved, outputs: Any) -> tuple[str, ...]:
    avail = res.available_outputs()
    if outputs is None:
        return avail
    names = (outputs,) if isinstance(outputs, str) else tuple(outputs)
    for name in names:
        info = res.model.output(name)  # UnknownNameError with suggestions
        if name not in avail:
            missing = [n for n in info.needs if n not in res.present]
            raise InvalidInputError(
                f"{res.model.name}: output {name!r} needs input(s) {', '.join(missing)}, "
                "which were not given", input=missing[0])
    return names


def _out_arrays(res: Resolved, names: tuple[str, ...], out: Mapping[str, Any] | None,
                n: int) -> dict[str, np.ndarray]:
    arrays = {}
    for name in names:
        a = None if out is None else out.get(name)
        if a is None:
            arrays[name] = np.empty(n, dtype=np.float64)
            continue
        if not isinstance(a, np.ndarray) or a.dtype != np.float64 or a.shape != res.shape \
                or not a.flags.c_contiguous or not a.flags.writeable:
            raise InvalidInputError(
                f"out[{name!r}] must be a writable C-contiguous float64 array of shape "
                f"{res.shape}", input=name)
        arrays[name] = a.reshape(-1)
    return arrays


def _run_cpu(res: Resolved, names: tuple[str, ...], out: Mapping[str, Any] | None,
             threads: int) -> tuple[dict[str, np.ndarray], list[int]]:
    core = _backends.core()
    model = res.model
    n = int(np.prod(res.shape)) if res.shape else 1
    cols = [_flat_column(res.values[i.name], res.shape) for i in model.inputs]
    ranges = np.array([[i.lo, i.hi, (1 if i.lo_open else 0) | (2 if i.hi_open else 0)
                        | (4 if res.values[i.name] is None else 0)] for i in model.inputs])
    bad = core.validate(cols, ranges, n, threads)
    if bad is not None:
        k, flat, value = bad
        own = res.values[model.inputs[k].name]
        own_shape = np.shape(own)
        idx = index_in(res.shape, flat, own_shape) if own_shape else None
        raise bad_value_error(model, model.inputs[k].name, value, idx)
    arrays = _out_arrays(res, names, out, n)
    slots = [arrays.get(o) for o in model.output_names]
    mid = _backends.model_id(model.name)
    counts = [0] * len(STATUS_BITS)
    chunk = max(1, _backends.KNOBS["chunk"])
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        part_in = [c if isinstance(c, float) else c[start:stop] for c in cols]
        part_out = [None if s is None else s[start:stop] for s in slots]
        got = core.evaluate(mid, part_in, part_out, None, stop - start, threads,
                            _backends.KNOBS["grain"])
        counts = [a + b for a, b in zip(counts, got)]
    return arrays, counts


def _run_reference(res: Resolved, names: tuple[str, ...],
                   out: Mapping[str, Any] | None) -> tuple[dict[str, np.ndarray], list[int]]:
    check_values(res)
    n = int(np.prod(res.shape)) if res.shape else 1
    args = {k: (_NAN if v is None else v) for k, v in res.values.items()}
    full = reference.evaluate(res.model.name, args)
    arrays = _out_arrays(res, names, out, n)
    finite = np.ones(n, dtype=bool)
    for name in names:
        arrays[name][:] = full[name].reshape(-1)
        finite &= np.isfinite(arrays[name])
    return arrays, [int((~finite).sum()), 0, 0]


def evaluate(model: str, inputs: Mapping[str, Any] | None = None, *, backend: str = "auto",
             out: Mapping[str, Any] | None = None, outputs: Any = None,
             threads: int | None = None, **kwargs: Any) -> Result:
    """Evaluate `model` for every scenario of `inputs` (broadcast like numpy).

    Parameters
    ----------
    model : str
        A model name from :func:`llmcore.models`.
    inputs : mapping, optional
        Input name -> number or array; catalog keywords (``hardware``, ``region``) take ids.
        Keyword arguments are merged in.
    backend : {"auto", "cpu", "cuda", "reference"}
        "auto" uses the compiled core and never falls back to the reference: the CUDA
        device when inputs are in device memory or the batch is large (see
        ``_backends.CUDA_AUTO_MIN_SCENARIOS``), else the CPU. Device inputs (CuPy or any
        ``__cuda_array_interface__``/DLPack array) give CuPy outputs on the same device.
    out : mapping of output name -> preallocated float64 array, optional
    outputs : str or sequence of str, optional
        Compute only these outputs (default: every output the given inputs allow).
    threads : int, optional
        CPU threads (default: ``LLMCORE_NUM_THREADS`` or all cores).

    Returns
    -------
    Result
        Mapping output name -> float (scalar inputs) or numpy array.
    """
    info = get_model(model)
    given = dict(inputs or {})
    given.update(kwargs)
    if threads is not None and (not isinstance(threads, int) or threads < 0):
        raise TypeError(f"threads must be a non-negative int, not {threads!r}")
    res = resolve_inputs(info, given)
    names = _requested(res, outputs)
    on_device = res.on_device or any(is_device_array(a) for a in (out or {}).values())
    which = _backends.resolve(backend, n=int(np.prod(res.shape)), on_device=on_device)
    if which == "cuda":
        arrays, counts = _cuda_path.run(res, names, out, threads or 0)
        res = _cuda_path.with_owners(res)  # Result.inputs holds the caller's device arrays
    else:
        if res.on_device:  # a host backend named explicitly: bring device inputs over
            res = _cuda_path.to_host(res)
        if which == "reference":
            arrays, counts = _run_reference(res, names, out)
        else:
            arrays, counts = _run_cpu(res, names, out, threads or 0)
    status = {STATUS_BITS[b]: int(c) for b, c in enumerate(counts)}
    if status["non_finite"]:
        warnings.warn(f"{info.name}: {status['non_finite']} scenario(s) gave non-finite outputs "
                      "from valid inputs (overflow at extreme magnitudes?)", RuntimeWarning,
                      stacklevel=2)
    if res.shape:
        outs: dict[str, Any] = {k: (out[k] if out is not None and k in out else
                                    v.reshape(res.shape)) for k, v in arrays.items()}
    else:
        outs = {k: float(v[0]) for k, v in arrays.items()}
    used = {k: v for k, v in res.values.items() if v is not None}
    return Result(info, outs, inputs=used, shape=res.shape, backend=which, status_counts=status)
