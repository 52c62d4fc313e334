# SPDX-License-Identifier: BSD-3-Clause
"""The CUDA backend on a device: differential against the reference for every model, and
device arrays (CuPy) read in place and returned on the device. Every test is marked
`cuda` (skipped without a device; a failure under LLMCORE_REQUIRE_CUDA=1).

Tolerance: RTOL["cuda"] in tests/harness.py (1e-12 relative vs the reference, the same as
the CPU backend). The kernels are built with --fmad=false, so arithmetic is the CPU's
operation for operation; CUDA's pow/exp/log are within 2 ulp of glibc's, far inside 1e-12.
Status counts and NaN positions must match exactly.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import llmcore as lc
from llmcore._engine import backends as _backends
from llmcore._models import MODELS

from ..harness import RTOL, HostMemoryAsDevice, assert_same_outcome, run_all_backends
from ..strategies import bad_inputs, inputs

pytestmark = pytest.mark.cuda
MODEL_NAMES = list(MODELS)
T = {"params": 7e10, "tokens": 1.4e12, "hardware": "a100-80gb"}


def cupy() -> Any:
    return pytest.importorskip("cupy")


def close(a: Any, b: Any) -> None:
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=RTOL["cuda"], atol=0)


# ---------------------------------------------------------------- host-fed, vs reference


@pytest.mark.parametrize("model", MODEL_NAMES)
@given(data=st.data())
def test_host_inputs_agree_with_reference(
    model: str, data: st.DataObject, small_chunks: None
) -> None:
    case = data.draw(inputs(MODELS[model]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        results = run_all_backends(model, case, ["reference", "cpu", "cuda"])
    assert_same_outcome(results, model, case)


@pytest.mark.parametrize("model", MODEL_NAMES)
@given(data=st.data())
def test_host_invalid_inputs_raise_the_same(model: str, data: st.DataObject) -> None:
    case, name = data.draw(bad_inputs(MODELS[model]))
    results = run_all_backends(model, case, ["reference", "cuda"])
    assert isinstance(results["cuda"], ValueError) and repr(name) in str(results["cuda"])
    assert_same_outcome(results)


# ---------------------------------------------------------------- device-resident inputs


@pytest.mark.parametrize("model", MODEL_NAMES)
@given(data=st.data())
def test_device_inputs_agree_with_reference(model: str, data: st.DataObject) -> None:
    cp = cupy()
    case = data.draw(inputs(MODELS[model]))
    dev = {k: cp.asarray(v) if isinstance(v, np.ndarray) else v for k, v in case.items()}
    ref = lc.evaluate(model, case, backend="reference")
    if not any(isinstance(v, np.ndarray) for v in case.values()):
        return  # all scalars: nothing lives on the device
    got = lc.evaluate(model, dev, backend="cuda")
    assert got.status_counts == ref.status_counts
    for k in ref:
        assert isinstance(got[k], cp.ndarray) and got[k].shape == ref[k].shape
        np.testing.assert_allclose(
            cp.asnumpy(got[k]), ref[k], rtol=RTOL["cuda"], atol=0, equal_nan=True, err_msg=k
        )


@pytest.mark.parametrize("model", MODEL_NAMES)
@given(data=st.data())
def test_device_invalid_inputs_raise_like_the_cpu(model: str, data: st.DataObject) -> None:
    cp = cupy()
    case, _ = data.draw(bad_inputs(MODELS[model]))
    dev = {k: cp.asarray(v) if isinstance(v, np.ndarray) else v for k, v in case.items()}
    with pytest.raises(ValueError) as cpu_err:
        lc.evaluate(model, case, backend="cpu")
    if not any(isinstance(v, np.ndarray) for v in case.values()):
        return
    with pytest.raises(ValueError) as gpu_err:
        lc.evaluate(model, dev, backend="cuda")
    assert type(gpu_err.value) is type(cpu_err.value)
    assert str(gpu_err.value) == str(cpu_err.value)


def test_auto_keeps_device_inputs_on_the_device() -> None:
    cp = cupy()
    r = lc.evaluate("training", dict(T, params=cp.linspace(1e9, 1e11, 1000)))
    assert r.backend == "cuda" and isinstance(r["flop"], cp.ndarray)
    assert r["flop"].device.id == cp.cuda.Device().id


def test_strided_and_reversed_inputs_are_read_in_place() -> None:
    cp = cupy()
    base = cp.linspace(1e9, 1e11, 40)
    host = cp.asnumpy(base)
    for dev, h in (
        (base[::2], host[::2]),
        (base[::-1], host[::-1]),
        (base.reshape(4, 10)[:, 3], host.reshape(4, 10)[:, 3]),
    ):
        got = lc.evaluate("training", dict(T, params=dev), backend="cuda")
        want = lc.evaluate("training", dict(T, params=h), backend="cpu")
        for k in want:
            close(cp.asnumpy(got[k]), want[k])


def test_fortran_order_and_broadcasting_are_copied_correctly() -> None:
    cp = cupy()
    p = np.asfortranarray(np.linspace(1e9, 1e11, 12).reshape(3, 4))
    tok = np.linspace(1e11, 1e12, 4).reshape(1, 4)
    got = lc.evaluate(
        "training", dict(T, params=cp.asarray(p), tokens=cp.asarray(tok)), backend="cuda"
    )
    want = lc.evaluate("training", dict(T, params=p, tokens=tok), backend="cpu")
    assert got["flop"].shape == (3, 4)
    for k in want:
        close(cp.asnumpy(got[k]), want[k])


def test_mixed_host_and_device_inputs() -> None:
    cp = cupy()
    p = np.linspace(1e9, 1e11, 100)
    got = lc.evaluate(
        "training", dict(T, params=cp.asarray(p), tokens=np.full(100, 1e12)), backend="cuda"
    )
    want = lc.evaluate("training", dict(T, params=p, tokens=np.full(100, 1e12)), backend="cpu")
    close(cp.asnumpy(got["cloud_cost"]), want["cloud_cost"])


def test_zero_size_device_inputs() -> None:
    cp = cupy()
    r = lc.evaluate("training", dict(T, params=cp.empty(0)), backend="cuda")
    assert r.shape == (0,) and isinstance(r["flop"], cp.ndarray) and r["flop"].size == 0


class ReadOnly:
    """A device array that declares itself read-only through the interface."""

    def __init__(self, a: Any) -> None:
        self._a = a
        cai = dict(a.__cuda_array_interface__)
        cai["data"] = (cai["data"][0], True)
        self.__cuda_array_interface__ = cai


def test_read_only_inputs_are_fine_but_read_only_outputs_are_not() -> None:
    cp = cupy()
    p = cp.linspace(1e9, 1e11, 10)
    r = lc.evaluate("training", dict(T, params=ReadOnly(p)), backend="cuda")
    close(cp.asnumpy(r["flop"]), lc.evaluate("training", dict(T, params=cp.asnumpy(p)))["flop"])
    with pytest.raises(ValueError, match="writable"):
        lc.evaluate(
            "training",
            dict(T, params=p),
            backend="cuda",
            outputs="flop",
            out={"flop": ReadOnly(cp.empty(10))},
        )


def test_out_device_arrays_are_filled_in_place() -> None:
    cp = cupy()
    p = cp.linspace(1e9, 1e11, 10)
    buf = cp.full(10, cp.nan)
    r = lc.evaluate(
        "training", dict(T, params=p), backend="cuda", outputs="flop", out={"flop": buf}
    )
    assert r["flop"] is buf and not bool(cp.isnan(buf).any())


def test_wrong_dtype_is_a_type_error() -> None:
    cp = cupy()
    with pytest.raises(TypeError, match="float64"):
        lc.evaluate("training", dict(T, params=cp.ones(4, dtype=cp.float32) * 1e10), backend="cuda")


def test_memory_not_on_a_device_is_refused() -> None:
    cupy()
    with pytest.raises(ValueError, match="not on a CUDA device"):
        lc.evaluate("training", dict(T, params=HostMemoryAsDevice(np.ones(4))), backend="cuda")


def test_arrays_on_two_devices_are_refused() -> None:
    cp = cupy()
    if cp.cuda.runtime.getDeviceCount() < 2:
        pytest.skip("needs two devices")
    with cp.cuda.Device(0):
        a = cp.ones(4) * 1e10
    with cp.cuda.Device(1):
        b = cp.ones(4) * 1e12
    with pytest.raises(ValueError, match="different devices"):
        lc.evaluate("training", dict(T, params=a, tokens=b), backend="cuda")


def test_inputs_produced_on_another_stream() -> None:
    cp = cupy()
    s = cp.cuda.Stream(non_blocking=True)
    with s:
        p = cp.linspace(1e9, 1e11, 1 << 20)
        r = lc.evaluate("training", dict(T, params=p), backend="cuda")
    want = lc.evaluate("training", dict(T, params=cp.asnumpy(p)), backend="cpu")
    close(cp.asnumpy(r["flop"]), want["flop"])


def test_host_path_crosses_many_chunks(small_chunks: None) -> None:
    p = np.linspace(1e9, 1e11, 1000)
    got = lc.evaluate("training", dict(T, params=p), backend="cuda")
    want = lc.evaluate("training", dict(T, params=p), backend="cpu")
    assert isinstance(got["flop"], np.ndarray)
    for k in want:
        close(got[k], want[k])


def test_auto_sends_large_host_batches_to_the_device() -> None:
    assert _backends.resolve("auto", n=_backends.CUDA_AUTO_MIN_SCENARIOS) == "cuda"
    assert _backends.resolve("auto", n=1) == "cpu"


def test_a_device_is_listed() -> None:
    assert "cuda" in lc.backends()
    info = {i.name: i for i in lc.backends(details=True)}["cuda"]
    assert info.available and "device" in info.detail
