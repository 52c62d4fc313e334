# SPDX-License-Identifier: BSD-3-Clause
"""The array-interface parser (python/llmcore/_arrays.py), on fake device objects: runs
without a GPU. The objects only *describe* memory; nothing here dereferences a pointer."""

from __future__ import annotations

import importlib.util
from typing import Any

import numpy as np
import pytest

import llmcore as lc
from llmcore._engine.arrays import DeviceArray, device_array, flat_column, is_device_array, owner
from llmcore._util.errors import BackendUnavailable

HAS_CUPY = importlib.util.find_spec("cupy") is not None
PTR = 0x7F00_0000_1000  # an aligned address; never read


class FakeCAI:
    """Exposes __cuda_array_interface__ only, like a Numba or PyTorch device array."""

    def __init__(self, **overrides: Any) -> None:
        cai: dict[str, Any] = {
            "shape": (4,),
            "typestr": "<f8",
            "data": (PTR, False),
            "version": 3,
            "strides": None,
            "stream": None,
        }
        cai.update(overrides)
        self.__cuda_array_interface__ = {k: v for k, v in cai.items() if v is not _DROP}


class FakeDLPack:
    def __init__(self, device: tuple[int, int]) -> None:
        self._device = device

    def __dlpack__(self, stream: Any = None) -> None:  # pragma: no cover - never consumed
        raise AssertionError("the parser must not consume the capsule without CuPy")

    def __dlpack_device__(self) -> tuple[int, int]:
        return self._device


_DROP = object()


def parse(**overrides: Any) -> DeviceArray:
    return device_array(FakeCAI(**overrides), "x")


# ---------------------------------------------------------------- what is a device array


def test_detection() -> None:
    assert is_device_array(FakeCAI())
    assert is_device_array(FakeDLPack((2, 0)))  # kDLCUDA
    assert is_device_array(FakeDLPack((13, 1)))  # kDLCUDAManaged
    assert not is_device_array(FakeDLPack((1, 0)))  # kDLCPU
    assert not is_device_array(FakeDLPack((3, 0)))  # pinned host memory
    for host in (np.zeros(3), 1.5, 2, None, [1.0, 2.0], "a"):
        assert not is_device_array(host)


# ---------------------------------------------------------------- fields


def test_fields_are_read() -> None:
    obj = FakeCAI(shape=(2, 3), data=(PTR, True), stream=2)
    a = device_array(obj, "x")
    assert a.obj is obj and owner(a) is obj
    assert (a.ptr, a.shape, a.readonly, a.stream) == (PTR, (2, 3), True, 2)
    assert a.strides == (24, 8)  # None means C order
    assert (a.ndim, a.size, a.c_contiguous) == (2, 6, True)


def test_explicit_strides_and_lists_are_accepted() -> None:
    a = parse(shape=[3], strides=[16])
    assert a.shape == (3,) and a.strides == (16,) and not a.c_contiguous


def test_stream_is_ignored_before_version_3() -> None:
    assert parse(version=2, stream=_DROP).stream is None
    assert parse(version=2, stream=5).stream is None
    assert parse(stream=_DROP).stream is None


@pytest.mark.parametrize(
    "shape,strides,expected",
    [
        ((5,), None, 1),
        ((5,), (16,), 2),  # every other element of a larger array
        ((5,), (-8,), -1),  # reversed view
        ((5,), (0,), 0),  # broadcast: one value
        ((2, 3), None, 1),  # C-contiguous N-D
        ((2, 3), (8, 16), None),  # Fortran order: no constant stride in C order
        ((2, 3), (64, 8), None),  # padded rows
        ((1, 4), (999, 16), 2),  # size-1 dimensions do not matter
        ((3, 1), (8, 8), 1),
        ((5,), (12,), None),  # not a whole number of elements
        ((1,), None, 0),
        ((0,), None, 0),
    ],
)
def test_linear_stride(shape: tuple[int, ...], strides: Any, expected: int | None) -> None:
    assert parse(shape=shape, strides=strides).linear_stride() == expected


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize("typestr", ["<f4", "<i8", "|b1", "<c16", ">f8"])
def test_wrong_dtype_is_a_type_error(typestr: str) -> None:
    with pytest.raises(TypeError, match="float64"):
        parse(typestr=typestr)


@pytest.mark.parametrize(
    "overrides,match",
    [
        ({"data": (0, False)}, "null data pointer"),
        ({"data": (PTR + 4, False)}, "aligned"),
        ({"data": (PTR,)}, "data must be"),
        ({"data": (PTR, 0)}, "data must be"),
        ({"mask": FakeCAI()}, "masked"),
        ({"stream": 0}, "stream"),
        ({"stream": True}, "stream"),
        ({"stream": "s"}, "stream"),
        ({"shape": (-1,)}, "shape"),
        ({"shape": 4}, "shape"),
        ({"strides": (8, 8)}, "strides"),
        ({"version": 9}, "version"),
        ({"version": _DROP}, "lacks version"),
        ({"typestr": _DROP}, "lacks typestr"),
    ],
)
def test_malformed_interfaces_are_value_errors(overrides: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match) as info:
        parse(**overrides)
    assert str(info.value).startswith("x: ")  # names the array


def test_interface_must_be_a_dict() -> None:
    obj = FakeCAI()
    obj.__cuda_array_interface__ = [1, 2]  # type: ignore[assignment]
    with pytest.raises(ValueError, match="dict"):
        device_array(obj)


def test_host_object_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="not a CUDA device array"):
        device_array(FakeDLPack((1, 0)))


def test_zero_size_may_have_a_null_pointer() -> None:
    a = parse(shape=(0,), data=(0, False))
    assert a.size == 0 and a.ptr == 0


@pytest.mark.skipif(HAS_CUPY, reason="CuPy installed: DLPack import is exercised in test_cuda")
def test_dlpack_without_cupy_says_how_to_get_it() -> None:
    with pytest.raises(BackendUnavailable, match="CuPy"):
        device_array(FakeDLPack((2, 0)))


# ---------------------------------------------------------------- host columns


def test_flat_column() -> None:
    assert np.isnan(flat_column(None, (3,)))
    assert flat_column(2.5, (3,)) == 2.5
    assert flat_column(np.array([[4.0]]), (2, 2)) == 4.0
    row = np.array([1.0, 2.0])
    got = flat_column(row, (3, 2))
    assert isinstance(got, np.ndarray) and got.flags.c_contiguous
    np.testing.assert_array_equal(got, np.tile(row, 3))
    np.testing.assert_array_equal(flat_column(np.arange(6.0)[::2], (3,)), [0.0, 2.0, 4.0])


def unaligned(values: Any, dtype: Any = np.float64) -> np.ndarray:
    """`values` in an array at an odd byte offset of its buffer (np.frombuffer's, or an
    unpickled array's): contiguous but not aligned."""
    a = np.asarray(values, dtype=dtype)
    u = np.frombuffer(bytearray(a.nbytes + 1), dtype=dtype, offset=1, count=a.size)
    u[...] = a.reshape(-1)
    assert not u.flags.aligned and u.flags.c_contiguous
    return u.reshape(a.shape)


def test_flat_column_of_an_unaligned_array_is_an_aligned_copy() -> None:
    # Found by the sanitizer build (.ci/sanitize): an unaligned contiguous float64 input
    # reached the core as it was, and UBSan reported a misaligned load in the model loops.
    u = unaligned(np.linspace(1.0, 2.0, 7))
    got = flat_column(u, (7,))
    assert isinstance(got, np.ndarray) and got.flags.aligned and got.flags.c_contiguous
    np.testing.assert_array_equal(got, u)
    p = unaligned(np.linspace(1e9, 2e9, 7))
    a = lc.training(params=p, tokens=1e12, hardware="a100-80gb", backend="cpu")
    b = lc.training(params=np.array(p), tokens=1e12, hardware="a100-80gb", backend="cpu")
    np.testing.assert_array_equal(a["cloud_cost"], b["cloud_cost"])


def test_unaligned_out_array_is_refused() -> None:
    out = unaligned(np.zeros(3))
    with pytest.raises(lc.InvalidInputError, match="aligned"):
        lc.training(
            params=np.full(3, 1e9), tokens=1e12, hardware="a100-80gb", out={"cloud_cost": out}
        )


# ---------------------------------------------------------------- through evaluate()

no_device = pytest.mark.skipif("cuda" in lc.backends(), reason="a CUDA device is present")


@no_device
def test_device_input_without_a_device_is_backend_unavailable() -> None:
    with pytest.raises(BackendUnavailable, match="device memory") as info:
        lc.evaluate("training", params=FakeCAI(), tokens=1e12, hardware="a100-80gb")
    assert "backend 'cuda' is not available" in str(info.value)


def test_device_input_dtype_is_checked_before_anything_runs() -> None:
    with pytest.raises(TypeError, match=r"training: input 'params'.*float64"):
        lc.evaluate("training", params=FakeCAI(typestr="<f4"), tokens=1e12, hardware="a100-80gb")


def test_device_input_shapes_take_part_in_broadcasting() -> None:
    with pytest.raises(ValueError, match="do not broadcast"):
        lc.evaluate(
            "training", params=FakeCAI(shape=(4,)), tokens=np.ones(3) * 1e12, hardware="a100-80gb"
        )


@no_device
@pytest.mark.skipif(HAS_CUPY, reason="CuPy installed")
def test_device_input_to_a_host_backend_needs_cupy() -> None:
    for backend in ("cpu", "reference"):
        with pytest.raises(BackendUnavailable, match="CuPy"):
            lc.evaluate(
                "training", params=FakeCAI(), tokens=1e12, hardware="a100-80gb", backend=backend
            )
