# SPDX-License-Identifier: BSD-3-Clause
"""Array inputs. The ONE place that reads ``__cuda_array_interface__`` (and DLPack's device).

Host arrays are flattened to C-contiguous float64 columns (:func:`flat_column`). Device
arrays are described by a :class:`DeviceArray` (pointer, shape, byte strides, read-only flag,
stream) without touching their memory; ``_engine/cuda.py`` decides how to read them.

Policy (API contract, tested in tests/engine/test_arrays.py):

* dtype must be float64 (``'<f8'``): anything else is a ``TypeError`` (no silent cast on
  the device);
* masked arrays, a null pointer with elements, a misaligned pointer, stream 0 (forbidden by
  the interface, ambiguous) and malformed interfaces are ``ValueError``;
* strides are accepted: an array whose C-order elements lie at a constant stride (1-D
  strided, reversed, C-contiguous N-D) is read in place; any other layout is copied on the
  device by CuPy (the CUDA path's job, not the parser's);
* zero-size arrays are fine (the pointer may then be 0).
"""

from __future__ import annotations

import itertools
import math
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from llmcore._util.errors import BackendUnavailable

__all__ = [
    "DeviceArray",
    "chunk_keys",
    "column_part",
    "cupy_module",
    "device_array",
    "flat_column",
    "is_column",
    "is_device_array",
    "owner",
]

_ITEMSIZE = 8
_F8 = {"<f8"} if sys.byteorder == "little" else {">f8"}
_F8.add("=f8")
# DLPack device types (dlpack.h): kDLCUDA and kDLCUDAManaged hold device memory;
# kDLCUDAHost (3) is pinned host memory, which numpy reads like any host array.
_DLPACK_CUDA = (2, 13)
_NAN = float("nan")


@dataclass(frozen=True)
class DeviceArray:
    """A float64 array in CUDA device memory, as its producer described it."""

    obj: Any  # the producer's object; holding it keeps the memory alive
    ptr: int
    shape: tuple[int, ...]
    strides: tuple[int, ...]  # bytes, always filled in (C order when the producer said None)
    readonly: bool
    stream: int | None  # producer's stream (1 legacy default, 2 per-thread), None: no sync

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    @property
    def c_contiguous(self) -> bool:
        return self.size <= 1 or self.strides == _c_strides(self.shape)

    def linear_stride(self) -> int | None:
        """Element stride s with C-order element i at ``ptr + 8*s*i``, or None if the layout
        has no such constant stride (then it must be copied to be read as one column)."""
        if self.size <= 1:
            return 0  # at most one element: any stride reads it
        dims = [(n, s) for n, s in zip(self.shape, self.strides) if n != 1]
        inner = dims[-1][1]
        for (_, outer), (n_in, s_in) in itertools.pairwise(dims):
            if outer != s_in * n_in:
                return None
        if inner % _ITEMSIZE:
            return None
        return inner // _ITEMSIZE


def _c_strides(shape: tuple[int, ...]) -> tuple[int, ...]:
    strides, step = [], _ITEMSIZE
    for n in reversed(shape):
        strides.append(step)
        step *= max(n, 1)
    return tuple(reversed(strides))


def _dlpack_device(obj: Any) -> tuple[int, int] | None:
    fn = getattr(obj, "__dlpack_device__", None)
    if fn is None or not hasattr(obj, "__dlpack__"):
        return None
    try:
        kind, dev = fn()
    except Exception:
        return None
    return int(kind), int(dev)


def is_device_array(obj: Any) -> bool:
    """True for objects whose memory is on a CUDA device (CuPy, Numba, PyTorch, JAX...)."""
    if isinstance(obj, (np.ndarray, float, int, str, bytes)) or obj is None:
        return False
    if hasattr(obj, "__cuda_array_interface__"):
        return True
    dl = _dlpack_device(obj)
    return dl is not None and dl[0] in _DLPACK_CUDA


def _fail(what: str, msg: str) -> ValueError:
    return ValueError(f"{what}: {msg}")


def _int(x: Any) -> bool:
    return isinstance(x, (int, np.integer)) and not isinstance(x, (bool, np.bool_))


def device_array(obj: Any, what: str = "array") -> DeviceArray:
    """Parse `obj`'s ``__cuda_array_interface__`` (versions 0-3), or import a CUDA DLPack
    object through CuPy. `what` names the array in error messages."""
    if not hasattr(obj, "__cuda_array_interface__"):
        dl = _dlpack_device(obj)
        if dl is None or dl[0] not in _DLPACK_CUDA:
            raise TypeError(f"{what}: {type(obj).__name__} is not a CUDA device array")
        obj = cupy_module(f"{what} is a DLPack CUDA array").from_dlpack(obj)
    cai = obj.__cuda_array_interface__
    if not isinstance(cai, dict):
        raise _fail(what, f"__cuda_array_interface__ must be a dict, not {type(cai).__name__}")
    missing = [k for k in ("shape", "typestr", "data", "version") if k not in cai]
    if missing:
        raise _fail(what, f"__cuda_array_interface__ lacks {', '.join(missing)}")
    version = cai["version"]
    if not _int(version) or not 0 <= version <= 3:
        raise _fail(what, f"unsupported __cuda_array_interface__ version {version!r}")
    shape = cai["shape"]
    if not isinstance(shape, (tuple, list)) or not all(_int(n) and n >= 0 for n in shape):
        raise _fail(what, f"shape must be a tuple of non-negative ints, got {shape!r}")
    shape = tuple(int(n) for n in shape)
    typestr = cai["typestr"]
    if typestr not in _F8:
        raise TypeError(
            f"{what}: device arrays must have dtype float64 ('<f8'), got "
            f"{typestr!r}; convert it first (e.g. x.astype(cupy.float64))"
        )
    data = cai["data"]
    if (
        not isinstance(data, (tuple, list))
        or len(data) != 2
        or not _int(data[0])
        or not isinstance(data[1], (bool, np.bool_))
    ):
        raise _fail(what, f"data must be (pointer, readonly), got {data!r}")
    ptr, readonly = int(data[0]), bool(data[1])
    size = math.prod(shape)
    if size and ptr == 0:
        raise _fail(what, "null data pointer for a non-empty array")
    if ptr % _ITEMSIZE:
        raise _fail(what, f"data pointer {ptr:#x} is not aligned to 8 bytes")
    if cai.get("mask") is not None:
        raise _fail(what, "masked device arrays are not supported")
    strides = cai.get("strides")
    if strides is None:
        strides = _c_strides(shape)
    elif (
        not isinstance(strides, (tuple, list))
        or len(strides) != len(shape)
        or not all(_int(s) for s in strides)
    ):
        raise _fail(what, f"strides must be None or {len(shape)} ints, got {strides!r}")
    stream = cai.get("stream") if version >= 3 else None
    if stream is not None and (not _int(stream) or stream == 0):
        raise _fail(
            what,
            f"stream must be None or a non-zero int (0 is disallowed by the "
            f"CUDA array interface), got {stream!r}",
        )
    return DeviceArray(
        obj,
        ptr,
        shape,
        tuple(int(s) for s in strides),
        readonly,
        None if stream is None else int(stream),
    )


def owner(v: Any) -> Any:
    """What the user gave: the producer's object for a device array, else `v` itself."""
    return v.obj if isinstance(v, DeviceArray) else v


def flat_column(v: float | np.ndarray | None, shape: tuple[int, ...]) -> float | np.ndarray:
    """A host input as the core reads it: a float (broadcast, absent = NaN) or an aligned,
    C-contiguous float64 array of the broadcast shape, flattened. (Aligned: an array over a
    byte buffer at an odd offset, np.frombuffer's or an unpickled one's, is copied; the core
    reads doubles, and a misaligned load is undefined behaviour, which the sanitizer build
    reports.)"""
    return column_part(v, shape, ())


def chunk_keys(shape: tuple[int, ...], chunk: int) -> Iterator[tuple[int, int, tuple[Any, ...]]]:
    """(start, stop, key) covering the C-order flat range [0, prod(shape)) in pieces of at
    most `chunk` elements (at least half of it unless the shape ends sooner), where
    ``a[key]`` of any array broadcast to `shape` holds exactly elements [start, stop): whole
    rows of the first axis whose trailing block fits, the axes before it indexed one by one."""
    n = math.prod(shape)
    if not shape or n == 0:
        yield 0, n, ()
        return
    inner = [math.prod(shape[k + 1 :]) for k in range(len(shape))]
    axis = next(k for k, s in enumerate(inner) if s <= chunk)
    rows = max(1, chunk // inner[axis])
    start = 0
    for lead in itertools.product(*(range(d) for d in shape[:axis])):
        for r in range(0, shape[axis], rows):
            r1 = min(shape[axis], r + rows)
            stop = start + (r1 - r) * inner[axis]
            yield start, stop, (*lead, slice(r, r1))
            start = stop


def is_column(v: float | np.ndarray | None, shape: tuple[int, ...]) -> bool:
    """Whether column_part reads `v` without copying (a scalar, or a C-contiguous float64
    array of the full shape)."""
    if v is None or isinstance(v, float) or v.size == 1:
        return True
    return (
        v.shape == shape
        and v.dtype == np.float64
        and bool(v.flags.c_contiguous)
        and bool(v.flags.aligned)
    )


def column_part(
    v: float | np.ndarray | None, shape: tuple[int, ...], key: tuple[Any, ...]
) -> float | np.ndarray:
    """What flat_column(v, shape)[start:stop] holds for a chunk_keys piece, without building
    the whole column: a broadcast input (an outer product's (n, 1) and (1, m)) is copied one
    piece at a time, never to the full broadcast size; a full-shape C-contiguous float64
    array is a view. Copies are aligned as well as contiguous (see flat_column)."""
    if v is None:
        return _NAN
    if isinstance(v, float):
        return v
    if v.size == 1:
        return float(v.reshape(()))
    part = np.broadcast_to(v, shape)[key] if key else np.broadcast_to(v, shape)
    return np.require(part, np.float64, ["C", "A"]).reshape(-1)


def cupy_module(why: str) -> Any:
    """CuPy, or BackendUnavailable saying how to get it (an optional dependency)."""
    try:
        import cupy
    except ImportError as exc:
        raise BackendUnavailable(f"{why}: that needs CuPy (pip install 'llmcore[cuda]')") from exc
    return cupy
