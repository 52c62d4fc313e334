# SPDX-License-Identifier: BSD-3-Clause
"""The CUDA path's Python orchestration (python/llmcore/_cuda_path.py), run WITHOUT a GPU.

"Device memory" here is host memory behind fake CuPy arrays; the fake core reads it through
the pointers and strides that _cuda_path hands to the binding, and evaluates with the real
CPU backend. What is checked: which layouts are read in place and which are copied, that
every pointer/stride combination reads the right elements, error types and messages, where
outputs live, which streams are waited on. The kernels themselves are tested on a GPU
(tests/test_cuda.py).
"""

from __future__ import annotations

import ctypes
import warnings
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import llmcore as lc
from llmcore._engine import arrays as _arrays
from llmcore._engine import backends as _backends
from llmcore._engine import cuda as _cuda_path
from llmcore._engine.constants import STATUS_BITS
from llmcore._models import MODELS

from ..harness import HostMemoryAsDevice
from ..strategies import bad_inputs, inputs

try:
    from numpy.lib.array_utils import byte_bounds
except ImportError:  # numpy < 2
    byte_bounds = np.byte_bounds  # type: ignore[attr-defined]

T = {"params": 7e10, "tokens": 1.4e12, "hardware": "a100-80gb"}
_DEVICE_MEMORY: list[tuple[int, int, np.ndarray]] = []  # (low, high, owner)


class FakeCupyArray:
    """Host memory that says it is on device 0."""

    def __init__(self, a: Any) -> None:
        self._a = np.asarray(a)
        if self._a.size:
            lo, hi = byte_bounds(self._a)
            _DEVICE_MEMORY.append((lo, hi, self._a))

    @property
    def __cuda_array_interface__(self) -> dict[str, Any]:
        a = self._a
        return {
            "shape": a.shape,
            "typestr": a.dtype.str,
            "version": 3,
            "stream": 1,
            "data": (a.__array_interface__["data"][0] if a.size else 0, not a.flags.writeable),
            "strides": None if a.flags.c_contiguous else a.strides,
        }

    data = property(lambda self: SimpleNamespace(ptr=self._a.__array_interface__["data"][0]))
    shape = property(lambda self: self._a.shape)
    size = property(lambda self: self._a.size)

    def reshape(self, *shape: Any) -> FakeCupyArray:
        return FakeCupyArray(self._a.reshape(*shape))

    def __getitem__(self, idx: Any) -> FakeCupyArray:
        return FakeCupyArray(self._a[idx])

    def __float__(self) -> float:
        return float(self._a)


class FakeDevice:
    def __init__(self, id: int = 0) -> None:
        self.id = id

    def __enter__(self) -> FakeDevice:
        return self

    def __exit__(self, *exc: Any) -> None:
        pass


def _as_fake(x: Any) -> FakeCupyArray:
    return x if isinstance(x, FakeCupyArray) else FakeCupyArray(np.array(x, dtype=float))


fake_cupy = SimpleNamespace(
    float64=np.float64,
    ndarray=FakeCupyArray,
    empty=lambda n, dtype: FakeCupyArray(np.full(n, np.nan)),
    asarray=_as_fake,
    ascontiguousarray=lambda x: FakeCupyArray(np.ascontiguousarray(x._a)),
    broadcast_to=lambda x, shape: FakeCupyArray(np.broadcast_to(x._a, shape)),
    asnumpy=lambda x: np.array(x._a),
    cuda=SimpleNamespace(Device=FakeDevice, get_current_stream=lambda: SimpleNamespace(ptr=0)),
)


def _read(col: Any, n: int) -> Any:
    """What a kernel reads: a float, or n doubles at ptr + 8*stride*i."""
    if isinstance(col, float):
        return col
    ptr, stride = col
    if stride == 0:
        return ctypes.c_double.from_address(ptr).value
    return np.array([ctypes.c_double.from_address(ptr + 8 * stride * i).value for i in range(n)])


class FakeCore:
    """The real compiled core, with the cuda_* entry points emulated on the CPU."""

    def __init__(self, real: Any) -> None:
        self._real = real
        self.waits: list[tuple[int, int, int]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def cuda_device_count(self) -> int:
        return 1

    def cuda_unavailable_reason(self) -> str:
        return ""

    def cuda_pointer_device(self, ptr: int) -> int:
        return 0 if any(lo <= ptr < hi for lo, hi, _ in _DEVICE_MEMORY) else -1

    def cuda_stream_wait(self, device: int, stream: int, producer: int) -> None:
        self.waits.append((device, stream, producer))

    def cuda_validate(
        self, cols: list[Any], ranges: np.ndarray, n: int, device: int, stream: int
    ) -> Any:
        return self._real.validate([_read(c, n) for c in cols], ranges, n)

    def _cpu(self, mid: int, host: list[Any], slots: list[Any], n: int) -> list[int]:
        name, ins, outs = self._real.models()[mid]
        given = {k: v for k, v in zip(ins, host) if not (isinstance(v, float) and v != v)}
        want = [o for o, s in zip(outs, slots) if s is not None]
        r = lc.evaluate(name, given, backend="cpu", outputs=want)
        for o, s in zip(outs, slots):
            if s is None:
                continue
            vals = np.ascontiguousarray(np.broadcast_to(r[o], (n,)), dtype=float)
            if isinstance(s, np.ndarray):
                s[:] = vals
            else:
                ctypes.memmove(s, vals.ctypes.data, 8 * n)
        return [r.status_counts[STATUS_BITS[b]] for b in range(len(STATUS_BITS))]

    def cuda_evaluate(
        self,
        mid: int,
        cols: list[Any],
        slots: list[Any],
        status: Any,
        n: int,
        device: int,
        stream: int,
        absent_mask: int = 0,
    ) -> list[int]:
        assert absent_mask == 0  # these cases have no absent_ok input
        return self._cpu(mid, [_read(c, n) for c in cols], slots, n)

    def cuda_evaluate_host(
        self,
        mid: int,
        cols: list[Any],
        slots: list[Any],
        status: Any,
        n: int,
        chunk: int,
        device: int = 0,
        absent_mask: int = 0,
    ) -> list[int]:
        assert chunk >= 1 and absent_mask == 0  # these cases have no absent_ok input
        return self._cpu(mid, list(cols), slots, n)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeCore:
    core = FakeCore(_backends.core())
    monkeypatch.setattr(_backends, "_core", core)
    monkeypatch.setattr(_cuda_path, "cupy_module", lambda why: fake_cupy)
    monkeypatch.setattr(_arrays, "cupy_module", lambda why: fake_cupy)
    yield core
    _DEVICE_MEMORY.clear()


def cpu(**kw: Any) -> Any:
    return lc.evaluate("training", dict(T, **kw), backend="cpu")


def same(got: Any, want: Any) -> None:
    assert list(got) == list(want)
    for k in want:
        g = got[k]._a if isinstance(got[k], FakeCupyArray) else got[k]
        np.testing.assert_array_equal(g, want[k], err_msg=k)


# ---------------------------------------------------------------- host mode


def test_host_inputs_stay_numpy(fake: FakeCore) -> None:
    p = np.linspace(1e9, 1e11, 10)
    r = lc.evaluate("training", dict(T, params=p), backend="cuda")
    assert r.backend == "cuda" and isinstance(r["flop"], np.ndarray)
    same(r, cpu(params=p))


def test_host_inputs_are_validated_before_anything_runs(fake: FakeCore) -> None:
    p = np.array([1e9, -1.0, 1e10])
    with pytest.raises(ValueError) as cuda_err:
        lc.evaluate("training", dict(T, params=p), backend="cuda")
    with pytest.raises(ValueError) as cpu_err:
        cpu(params=p)
    assert str(cuda_err.value) == str(cpu_err.value)


# ---------------------------------------------------------------- device mode


@pytest.mark.parametrize("model", list(MODELS))
@given(data=st.data())
def test_every_model_through_device_columns(
    fake: FakeCore, model: str, data: st.DataObject
) -> None:
    case = data.draw(inputs(MODELS[model]))
    dev = {k: FakeCupyArray(v) if isinstance(v, np.ndarray) else v for k, v in case.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", lc.MissingDataWarning)  # compared below
        warnings.simplefilter("ignore", lc.InconsistentInputsWarning)
        want = lc.evaluate(model, case, backend="cpu")
        got = lc.evaluate(model, dev, backend="cuda")
    assert got.status_counts == want.status_counts
    same(got, want)


@pytest.mark.parametrize("model", list(MODELS))
@given(data=st.data())
def test_every_model_invalid_device_inputs(fake: FakeCore, model: str, data: st.DataObject) -> None:
    case, _ = data.draw(bad_inputs(MODELS[model]))
    dev = {k: FakeCupyArray(v) if isinstance(v, np.ndarray) else v for k, v in case.items()}
    with pytest.raises(ValueError) as cpu_err:
        lc.evaluate(model, case, backend="cpu")
    with pytest.raises(ValueError) as gpu_err:
        lc.evaluate(model, dev, backend="cuda")
    assert type(gpu_err.value) is type(cpu_err.value)
    assert str(gpu_err.value) == str(cpu_err.value)


@pytest.mark.parametrize("layout", ["contiguous", "strided", "reversed", "column", "single"])
def test_device_layouts_read_in_place(fake: FakeCore, layout: str) -> None:
    base = np.linspace(1e9, 1e11, 40)
    view = {
        "contiguous": base,
        "strided": base[::3],
        "reversed": base[::-1],
        "column": base.reshape(8, 5)[:, 2],
        "single": base[:1],
    }[layout]
    arr = FakeCupyArray(view)
    r = lc.evaluate("training", dict(T, params=arr), backend="cuda")
    assert isinstance(r["flop"], FakeCupyArray)
    assert r.inputs["params"] is arr  # the caller's object, not the parsed description
    same(r, cpu(params=view.copy()))


def test_fortran_order_and_broadcasting_are_copied(fake: FakeCore) -> None:
    p = np.asfortranarray(np.linspace(1e9, 1e11, 12).reshape(3, 4))
    tok = np.linspace(1e11, 1e12, 4).reshape(1, 4)
    r = lc.evaluate(
        "training", dict(T, params=FakeCupyArray(p), tokens=FakeCupyArray(tok)), backend="cuda"
    )
    assert r.shape == (3, 4) and r["flop"].shape == (3, 4)
    same(r, cpu(params=p, tokens=tok))


def test_mixed_host_and_device_inputs(fake: FakeCore) -> None:
    p = np.linspace(1e9, 1e11, 6)
    tok = np.linspace(1e11, 1e12, 6)
    r = lc.evaluate("training", dict(T, params=FakeCupyArray(p), tokens=tok))  # auto
    assert r.backend == "cuda"
    same(r, cpu(params=p, tokens=tok))


def test_producer_streams_are_waited_on(fake: FakeCore) -> None:
    lc.evaluate("training", dict(T, params=FakeCupyArray(np.full(3, 1e10))), backend="cuda")
    assert fake.waits == [(0, 0, 1)]


def test_zero_size(fake: FakeCore) -> None:
    r = lc.evaluate("training", dict(T, params=FakeCupyArray(np.empty(0))), backend="cuda")
    assert r.shape == (0,) and r["flop"].size == 0


def test_device_invalid_value_message_matches_cpu(fake: FakeCore) -> None:
    p = np.array([[1e9, 2e9], [3e9, np.nan]])
    with pytest.raises(ValueError) as gpu_err:
        lc.evaluate("training", dict(T, params=FakeCupyArray(p)), backend="cuda")
    with pytest.raises(ValueError) as cpu_err:
        cpu(params=p)
    assert str(gpu_err.value) == str(cpu_err.value) and "(1, 1)" in str(gpu_err.value)


def test_out_device_arrays(fake: FakeCore) -> None:
    p = np.linspace(1e9, 1e11, 5)
    buf = FakeCupyArray(np.full(5, np.nan))
    r = lc.evaluate(
        "training",
        dict(T, params=FakeCupyArray(p)),
        backend="cuda",
        outputs="flop",
        out={"flop": buf},
    )
    assert r["flop"] is buf
    np.testing.assert_array_equal(buf._a, cpu(params=p)["flop"])
    ro = np.full(5, np.nan)
    ro.flags.writeable = False
    with pytest.raises(ValueError, match="writable"):
        lc.evaluate(
            "training",
            dict(T, params=FakeCupyArray(p)),
            backend="cuda",
            outputs="flop",
            out={"flop": FakeCupyArray(ro)},
        )
    with pytest.raises(ValueError, match="must be a device array"):
        lc.evaluate(
            "training",
            dict(T, params=FakeCupyArray(p)),
            backend="cuda",
            outputs="flop",
            out={"flop": np.empty(5)},
        )


def test_memory_not_on_a_device_is_refused(fake: FakeCore) -> None:
    with pytest.raises(ValueError, match="not on a CUDA device"):
        lc.evaluate("training", dict(T, params=HostMemoryAsDevice(np.ones(4))), backend="cuda")


def test_device_inputs_to_the_cpu_backend_are_copied(fake: FakeCore) -> None:
    p = np.linspace(1e9, 1e11, 4)
    r = lc.evaluate("training", dict(T, params=FakeCupyArray(p)), backend="cpu")
    assert isinstance(r["flop"], np.ndarray)
    same(r, cpu(params=p))
