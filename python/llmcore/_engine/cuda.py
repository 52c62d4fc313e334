# SPDX-License-Identifier: BSD-3-Clause
"""backend="cuda" for evaluate(): host-fed and device-resident batches.

* Host mode (every input a number or a numpy array): validated on the host by the CPU
  pre-pass, then streamed through the device in chunks (the C++ driver double-buffers
  pinned staging so copies overlap kernels); outputs are numpy arrays.
* Device mode (any input or ``out=`` array in CUDA memory): needs CuPy. Device inputs are
  read in place (see arrays.py for the layout rules), host inputs are uploaded, the
  pre-pass runs on the device, and outputs are CuPy arrays on the inputs' device, produced
  on CuPy's current stream, which first waits for each input's producer stream.

The call returns once the kernel has finished: the status counts are read back to warn
about non-finite outputs (API contract), which needs a synchronisation.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from llmcore._engine import backends as _backends
from llmcore._engine.arrays import (
    DeviceArray,
    cupy_module,
    device_array,
    flat_column,
    is_device_array,
    owner,
)
from llmcore._engine.checks import (
    absent_mask,
    check_values,
    out_arrays,
    raise_first_bad,
    range_table,
)
from llmcore._engine.constants import STATUS_BITS
from llmcore._engine.resolved import Resolved
from llmcore._util.errors import InvalidInputError

__all__ = ["run", "to_host", "with_owners"]


def to_host(res: Resolved) -> Resolved:
    """`res` with device inputs copied to numpy (a host backend was named explicitly)."""
    cp = cupy_module("device inputs given to a host backend must be copied to the host")
    values = {
        k: (cp.asnumpy(cp.asarray(v.obj)) if isinstance(v, DeviceArray) else v)
        for k, v in res.values.items()
    }
    return dataclasses.replace(res, values=values)


def with_owners(res: Resolved) -> Resolved:
    """`res` with each DeviceArray replaced by the caller's object (for Result.inputs)."""
    values = {k: owner(v) for k, v in res.values.items()}
    return dataclasses.replace(res, values=values)


def run(
    res: Resolved, names: tuple[str, ...], out: Mapping[str, Any] | None, threads: int
) -> tuple[dict[str, Any], list[int]]:
    if res.on_device or any(is_device_array(a) for a in (out or {}).values()):
        return _run_device(res, names, out)
    return _run_host(res, names, out, threads)


def _run_host(
    res: Resolved, names: tuple[str, ...], out: Mapping[str, Any] | None, threads: int
) -> tuple[dict[str, np.ndarray], list[int]]:
    core = _backends.core()
    model = res.model
    n = math.prod(res.shape)
    cols = [flat_column(res.host_value(i.name), res.shape) for i in model.inputs]
    if n == 0:  # the pre-pass reads no element: validate the scalars as the reference does
        check_values(res)
    raise_first_bad(res, core.validate(cols, range_table(res), n, threads))
    arrays = out_arrays(res, names, out, n)
    slots = [arrays.get(o) for o in model.output_names]
    counts = core.cuda_evaluate_host(
        _backends.model_id(model.name),
        cols,
        slots,
        None,
        n,
        max(1, _backends.KNOBS["chunk"]),
        0,
        absent_mask=absent_mask(res),
    )
    return arrays, list(counts)


def _device_of(core: Any, model: str, name: str, a: DeviceArray) -> int:
    dev = int(core.cuda_pointer_device(a.ptr))
    if dev < 0:
        raise InvalidInputError(
            f"{model}: {name} exposes __cuda_array_interface__ but its "
            "memory is not on a CUDA device llmcore can see",
            input=name,
        )
    return dev


def _run_device(
    res: Resolved, names: tuple[str, ...], out: Mapping[str, Any] | None
) -> tuple[dict[str, Any], list[int]]:
    cp = cupy_module("inputs or outputs in CUDA device memory")
    core = _backends.core()
    model = res.model
    shape, n = res.shape, math.prod(res.shape)
    outs: dict[str, DeviceArray] = {}
    for k in names:
        a = None if out is None else out.get(k)
        if a is None:
            continue
        if not is_device_array(a):
            raise InvalidInputError(
                f"{model.name}: out[{k!r}] must be a device array when inputs are in device memory",
                input=k,
            )
        outs[k] = device_array(a, f"{model.name}: out[{k!r}]")
    devices = {
        f"input {k!r}": _device_of(core, model.name, k, v)
        for k, v in res.values.items()
        if isinstance(v, DeviceArray) and v.size
    }
    devices.update(
        {f"out[{k!r}]": _device_of(core, model.name, k, v) for k, v in outs.items() if v.size}
    )
    if len(set(devices.values())) > 1:
        where = ", ".join(f"{k} on device {d}" for k, d in devices.items())
        raise InvalidInputError(
            f"{model.name}: device arrays on different devices ({where})", input=next(iter(devices))
        )
    device = next(iter(devices.values()), cp.cuda.Device().id)
    with cp.cuda.Device(device):
        stream = int(cp.cuda.get_current_stream().ptr)
        for v in [*res.values.values(), *outs.values()]:
            if isinstance(v, DeviceArray) and v.stream is not None:
                core.cuda_stream_wait(device, stream, v.stream)
        arrays = {}
        for k in names:
            o = outs.get(k)
            if o is None:
                arrays[k] = cp.empty(n, dtype=cp.float64)
                continue
            if o.readonly or o.shape != shape or not o.c_contiguous:
                raise InvalidInputError(
                    f"{model.name}: out[{k!r}] must be a writable "
                    f"C-contiguous float64 device array of shape {shape}",
                    input=k,
                )
            arrays[k] = out[k]  # type: ignore[index]
        if n == 0:
            return arrays, [0] * len(STATUS_BITS)
        keep: list[Any] = []  # temporaries the kernel reads; freed after the synchronising call
        cols = [_device_column(cp, res.values[i.name], shape, keep) for i in model.inputs]
        raise_first_bad(res, core.cuda_validate(cols, range_table(res), n, device, stream))
        ptr = {k: (outs[k].ptr if k in outs else int(arrays[k].data.ptr)) for k in names}
        slots = [ptr.get(o) for o in model.output_names]
        counts = core.cuda_evaluate(
            _backends.model_id(model.name),
            cols,
            slots,
            None,
            n,
            device,
            stream,
            absent_mask=absent_mask(res),
        )
    return arrays, list(counts)


def _device_column(cp: Any, v: Any, shape: tuple[int, ...], keep: list[Any]) -> Any:
    """One input as the CUDA binding takes it: a float, or (device pointer, element stride)."""
    if not isinstance(v, DeviceArray):
        col = flat_column(v, shape)
        if isinstance(col, float):
            return col
        d = cp.asarray(col)
        keep.append(d)
        return (int(d.data.ptr), 1)
    if v.size == 1:
        return (v.ptr, 0)  # one value broadcast in place
    s = v.linear_stride() if v.shape == shape else None
    if s is not None:
        return (v.ptr, s)  # read in place, strided or not
    # Broadcasting or a layout without a constant stride: one contiguous copy on the device.
    d = cp.ascontiguousarray(cp.broadcast_to(cp.asarray(v.obj), shape)).reshape(-1)
    keep.append(d)
    return (int(d.data.ptr), 1)
