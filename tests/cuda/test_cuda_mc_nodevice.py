# SPDX-License-Identifier: BSD-3-Clause
"""The CUDA Monte Carlo path where there is no device (every CI machine without a GPU):
backend="cuda" raises BackendUnavailable with the reason, "auto" stays on the CPU, the
bindings take `device=` in every build, and the build says whether the kernels are in."""

from __future__ import annotations

import numpy as np
import pytest

import llmcore as lc
from llmcore._engine import backends as _backends
from llmcore._engine import cuda_mc as _cuda_mc
from llmcore._util.errors import BackendUnavailable
from llmcore.mc import dist

HAS_DEVICE = "cuda" in lc.backends()
no_device = pytest.mark.skipif(HAS_DEVICE, reason="a CUDA device is present")
INPUTS = {
    "params": dist.loguniform(1e9, 1e11),
    "tokens": 3e11,
    "hardware": "h100-sxm",
    "mfu": dist.uniform(0.3, 0.5),
}


def test_build_info_reports_mc_kernels() -> None:
    info = _backends.core().build_info()
    # The Monte Carlo kernels are part of every CUDA build (CMakeLists.txt's llmcore_cuda).
    assert info["cuda_mc"] is info["cuda"]


@no_device
def test_simulate_cuda_unavailable() -> None:
    reason = {i.name: i for i in lc.backends(details=True)}["cuda"].detail
    with pytest.raises(BackendUnavailable, match="backend 'cuda' is not available") as e:
        lc.simulate("training", INPUTS, n=1000, seed=1, backend="cuda")
    assert reason in str(e.value)


@no_device
def test_sensitivity_cuda_unavailable() -> None:
    with pytest.raises(BackendUnavailable, match="cuda"):
        lc.sensitivity("training", INPUTS, n=1024, seed=1, backend="cuda")


@no_device
def test_auto_stays_on_cpu_without_device(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LLMCORE_BACKEND", raising=False)
    assert _cuda_mc.resolve("auto", 10**12) == "cpu"
    assert _cuda_mc.resolve(None, 10) == "cpu"
    assert lc.simulate("training", INPUTS, n=300, seed=1, quantiles=()).backend == "cpu"


def test_auto_threshold_and_named_backends(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LLMCORE_BACKEND", raising=False)
    assert _cuda_mc.resolve("auto", _cuda_mc.MC_AUTO_MIN_SCENARIOS - 1) == "cpu"
    assert _cuda_mc.resolve("cpu", 10**12) == "cpu"
    assert _cuda_mc.resolve("reference", 10) == "reference"
    monkeypatch.setenv("LLMCORE_BACKEND", "cpu")  # an explicit choice beats "auto"'s rule
    assert _cuda_mc.resolve("auto", 10**12) == "cpu"
    with pytest.raises(KeyError):
        _cuda_mc.resolve("gpu", 10)


def test_device_chunks_bound_the_records() -> None:
    assert _cuda_mc.chunk_size("cpu", None, 10) is None
    assert _cuda_mc.chunk_size("cuda", 4096, 10) == 4096  # the caller's choice wins
    big = _cuda_mc.chunk_size("cuda", None, 3)
    assert big == _cuda_mc.CUDA_CHUNK and big % 256 == 0
    small = _cuda_mc.chunk_size("cuda", None, 18 * 41)  # Sobol records of a wide study
    assert small % 256 == 0 and small // 256 * 18 * 41 <= _cuda_mc.RECORD_BUDGET
    assert _cuda_mc.device("cuda") == 0 and _cuda_mc.device("cpu") == -1


def test_bindings_take_device_in_every_build() -> None:
    core = _backends.core()
    ctr = np.arange(40, dtype=np.uint32).reshape(10, 4)
    key = np.array([1, 2], np.uint32)
    np.testing.assert_array_equal(
        core.philox4x32_10(ctr, key, device=-1), core.philox4x32_10(ctr, key)
    )
    if not HAS_DEVICE:  # the stub (no CUDA) or the runtime (no device) refuses, cleanly
        with pytest.raises(RuntimeError):
            core.philox4x32_10(ctr, key, device=0)
    assert isinstance(core.cuda_mc_grid(), int)


@no_device
def test_cuda_from_the_environment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLMCORE_BACKEND", "cuda")
    with pytest.raises(BackendUnavailable):
        lc.simulate("training", INPUTS, n=100, seed=1)
    with pytest.raises(BackendUnavailable):
        lc.sensitivity("training", INPUTS, n=256, seed=1)
