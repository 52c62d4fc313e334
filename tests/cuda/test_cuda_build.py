# SPDX-License-Identifier: BSD-3-Clause
"""The CUDA build and its behaviour without a device (runs everywhere).

A CUDA-enabled module must import on a machine without a driver or GPU, list no 'cuda'
backend, say why, and refuse backend='cuda' with BackendUnavailable.
"""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest

import llmcore as lc
from llmcore._engine import backends as _backends
from llmcore._util.errors import BackendUnavailable

core = _backends.core()
HAS_DEVICE = core.cuda_device_count() > 0
no_device = pytest.mark.skipif(HAS_DEVICE, reason="a CUDA device is present")

# The binding ABI is the same with and without CUDA (cuda_stub.cpp when LLMCORE_CUDA=OFF).
CUDA_ENTRY_POINTS = (
    "cuda_device_count",
    "cuda_unavailable_reason",
    "cuda_pointer_device",
    "cuda_stream_wait",
    "cuda_validate",
    "cuda_evaluate",
    "cuda_evaluate_host",
)


def test_entry_points_exist_in_every_build() -> None:
    for name in CUDA_ENTRY_POINTS:
        assert callable(getattr(core, name)), name


def test_build_info_reports_cuda() -> None:
    """LLMCORE_EXPECT_CUDA_BUILD=1/0 states what the build must be; without it, a machine
    with nvcc on PATH is expected to have built the CUDA drivers (LLMCORE_CUDA=AUTO)."""
    info = core.build_info()
    assert isinstance(info["cuda"], bool)
    expect = os.environ.get("LLMCORE_EXPECT_CUDA_BUILD")
    if expect is None:
        if shutil.which("nvcc") is None:
            pytest.skip("no nvcc here and LLMCORE_EXPECT_CUDA_BUILD unset")
        expect = "1"
    assert info["cuda"] is (expect not in ("", "0")), (
        f"build_info()['cuda'] = {info['cuda']}; set LLMCORE_EXPECT_CUDA_BUILD=0 for an "
        "LLMCORE_CUDA=OFF build"
    )


@no_device
def test_no_device_means_no_cuda_backend() -> None:
    assert core.cuda_device_count() == 0
    assert "cuda" not in lc.backends()
    info = {i.name: i for i in lc.backends(details=True)}["cuda"]
    assert info.available is False
    reason = core.cuda_unavailable_reason()
    assert info.detail == reason
    if core.build_info()["cuda"]:
        assert reason.startswith(("no CUDA driver/device: ", "no CUDA device found")), reason
    else:
        assert "compiled without CUDA" in reason


@no_device
def test_backend_cuda_is_refused_with_the_reason() -> None:
    with pytest.raises(BackendUnavailable, match="backend 'cuda' is not available here") as e:
        lc.evaluate("training", params=7e10, tokens=1.4e12, hardware="a100-80gb", backend="cuda")
    assert core.cuda_unavailable_reason() in str(e.value)


@no_device
def test_backend_cuda_from_the_environment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLMCORE_BACKEND", "cuda")
    with pytest.raises(BackendUnavailable):
        lc.evaluate("training", params=7e10, tokens=1.4e12, hardware="a100-80gb")


@no_device
def test_auto_stays_on_the_cpu_for_any_size() -> None:
    assert _backends.resolve("auto", n=_backends.CUDA_AUTO_MIN_SCENARIOS * 4) == "cpu"
    assert _backends.resolve(None, n=1) == "cpu"


@no_device
def test_pointer_queries_without_a_device() -> None:
    assert core.cuda_pointer_device(0) == -1
    assert core.cuda_pointer_device(np.zeros(4).ctypes.data) == -1


def test_auto_threshold_is_a_sane_constant() -> None:
    assert isinstance(_backends.CUDA_AUTO_MIN_SCENARIOS, int)
    assert _backends.CUDA_AUTO_MIN_SCENARIOS >= 1 << 16


@pytest.mark.skipif(core.build_info()["cuda"], reason="CUDA compiled: the stub is not linked")
def test_stub_entry_points_raise() -> None:
    with pytest.raises(RuntimeError, match="compiled without CUDA"):
        core.cuda_stream_wait(0, 0, 1)
