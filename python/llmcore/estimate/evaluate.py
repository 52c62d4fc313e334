# SPDX-License-Identifier: BSD-3-Clause
"""The generic layer: evaluate any model on any backend, chunked in Python."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from llmcore import reference

from llmcore._engine import backends as _backends

from llmcore._engine import cuda as _cuda_path
from llmcore._engine.arrays import flat_column as _flat_column  # the one definition, in _arrays
from llmcore._engine.arrays import is_device_array
from llmcore._util.errors import InvalidInputError
from llmcore.estimate.inputs import (
    Resolved,
    check_values,
    raise_first_bad,
    range_table,
    requested_outputs,
    resolve_inputs,
)
from llmcore._models import STATUS_BITS, get_model
from llmcore.estimate.result import Result

__all__ = ["evaluate"]

_NAN = float("nan")


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
    ranges = range_table(res)

    def check() -> None:
        raise_first_bad(res, core.validate(cols, ranges, n, threads))

    # Into caller-owned out= arrays nothing may be written before every input is known to be
    # valid: a separate pre-pass. Into fresh arrays the check is fused into the compute pass
    # (inputs are read once) and the arrays are discarded if anything was invalid.
    fused = out is None
    if not fused:
        check()
    arrays = _out_arrays(res, names, out, n)
    slots = [arrays.get(o) for o in model.output_names]
    mid = _backends.model_id(model.name)
    counts = [0] * len(STATUS_BITS)
    chunk = max(1, _backends.KNOBS["chunk"])
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        part_in = [c if isinstance(c, float) else c[start:stop] for c in cols]
        part_out = [None if s is None else s[start:stop] for s in slots]
        ok, got = core.evaluate(mid, part_in, ranges if fused else None, part_out, None,
                                stop - start, threads, _backends.KNOBS["grain"])
        if not ok:
            check()
            raise AssertionError("llmcore: fused range check and validate() disagree")
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
    bits = full["_status"].reshape(-1)
    # An unreachable target's NaN outputs are its answer (flagged), not a numerical failure;
    # the CPU driver counts the same way.
    flagged = (bits & (1 << 1)) != 0
    counts = [int((~finite & ~flagged).sum())]
    counts += [int(((bits >> b) & 1).sum()) for b in range(1, len(STATUS_BITS))]
    return arrays, counts


def evaluate(model: str | Sequence[str], inputs: Mapping[str, Any] | None = None, /, *,
             backend: str = "auto", out: Mapping[str, Any] | None = None, outputs: Any = None,
             threads: int | None = None, currency: str | None = None,
             **kwargs: Any) -> Result:
    """Evaluate `model` for every scenario of `inputs` (broadcast like numpy).

    Parameters
    ----------
    model : str or list of str
        A model name from :func:`llmcore.models`, or a list of them: a chain in which each
        output feeds the same-named input of later models (see :mod:`llmcore.compose`).
    inputs : mapping, optional
        Input name -> number or array; catalog keywords (``hardware``, ``region``) take ids.
        Keyword arguments are merged in (``model=`` among them is the model-preset catalog
        keyword: `model` and `inputs` themselves are positional-only).
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
    currency : str, optional
        Report money outputs (unit "USD") in this currency of the ``fx`` catalog, at its
        dated rate (``Result.currency``, ``Result.fx_rate``, ``Result.fx_date``). Money
        inputs are always US dollars.

    Returns
    -------
    Result
        Mapping output name -> float (scalar inputs) or numpy array; for a list of models a
        :class:`llmcore.compose.ChainResult` holding every model's outputs.
    """
    if isinstance(model, (list, tuple)):
        from llmcore.estimate.chain import evaluate_chain

        if out is not None:
            raise TypeError("out= is not supported when evaluating a chain of models")
        return evaluate_chain(model, inputs, backend=backend,  # type: ignore[return-value]
                              outputs=outputs, threads=threads, currency=currency, **kwargs)
    info = get_model(model)
    fx = _fx(currency)
    given = dict(inputs or {})
    given.update(kwargs)
    if threads is not None and (not isinstance(threads, int) or threads < 0):
        raise TypeError(f"threads must be a non-negative int, not {threads!r}")
    res = resolve_inputs(info, given)
    names = requested_outputs(info, res.present, outputs)
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
    if fx[1] != 1.0:
        _convert_money(info, outs, fx[1])
    used = {k: v for k, v in res.values.items() if v is not None}
    return Result(info, outs, inputs=used, shape=res.shape, backend=which, status_counts=status,
                  currency=fx[0], fx_rate=fx[1], fx_date=fx[2])


def _fx(currency: str | None) -> tuple[str, float, str | None]:
    """(currency code, units per USD, date of the rate); USD when none is asked for."""
    if currency is None:
        return "USD", 1.0, None
    if not isinstance(currency, str):
        raise TypeError(f"currency must be a currency code (str), not {currency!r}")
    from llmcore.catalog import fx_rate

    rate, date, _ = fx_rate(currency)
    return currency.upper(), rate, date


def _convert_money(info: Any, outs: dict[str, Any], rate: float) -> None:
    """Post-processing: outputs whose unit is USD, times the dated rate (in place for out=)."""
    for k, v in outs.items():
        if info.output(k).unit == "USD":
            if isinstance(v, np.ndarray):
                v *= rate
            else:
                outs[k] = v * rate
