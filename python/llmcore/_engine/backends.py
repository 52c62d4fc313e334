# SPDX-License-Identifier: BSD-3-Clause
"""Backend discovery and choice. The only module that imports the compiled core."""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from typing import Any

from llmcore._util.errors import BackendUnavailable, unknown

try:
    # By name: the compiled module is not in the source tree that the import contracts
    # (.importlinter) read; tests/test_layers.py checks that nothing else imports it.
    _core: Any = importlib.import_module("llmcore._core")

    _IMPORT_ERROR: ImportError | None = None
except ImportError as exc:  # source checkout without a build, or a broken install
    _core = None
    _IMPORT_ERROR = exc

__all__ = [
    "CUDA_AUTO_MIN_SCENARIOS",
    "KNOBS",
    "BackendInfo",
    "backends",
    "core",
    "core_available",
    "model_id",
    "resolve",
    "threads_arg",
]

NAMES = ("cpu", "cuda", "reference")

# Test-only knobs (DESIGN.md §4.15): small chunks and grains make tiny hypothesis examples
# cross chunk and thread boundaries.
KNOBS: dict[str, int] = {"chunk": 1 << 22, "grain": 1 << 15}

# backend="auto" sends host inputs to the GPU from this many scenarios on. Below it the
# launch, pinned-buffer setup and PCIe transfers (every array input and output crosses the
# bus) cost more than the CPU loop. NOT MEASURED: it was written on a machine without a
# GPU; bench/bench_cuda.py measures the crossover and this should follow its results.
# Inputs already in device memory always run on the device.
CUDA_AUTO_MIN_SCENARIOS = 1 << 22


@dataclass(frozen=True)
class BackendInfo:
    name: str
    available: bool
    detail: str


def core() -> Any:
    """The compiled module, or BackendUnavailable with a hint and the ImportError as cause."""
    if _core is None:
        raise BackendUnavailable(
            "the compiled core llmcore._core is not available (did you forget to build it? "
            "`pip install .` compiles it; backend='reference' runs without it)"
        ) from _IMPORT_ERROR
    return _core


MAX_THREADS = 4096  # far above any machine; the core takes a C int


def threads_arg(threads: object) -> int:
    """A ``threads=`` argument checked: None or 0 = the default, else 1..MAX_THREADS."""
    if threads is None:
        return 0
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 0:
        raise TypeError(f"threads must be a non-negative int, not {threads!r}")
    if threads > MAX_THREADS:
        raise ValueError(f"threads must be at most {MAX_THREADS}, got {threads}")
    return threads


def core_available() -> bool:
    """Whether the compiled module imported."""
    return _core is not None


def _infos() -> list[BackendInfo]:
    if _core is None:
        why = f"compiled core missing: {_IMPORT_ERROR}"
        return [
            BackendInfo("cpu", False, why),
            BackendInfo("cuda", False, why),
            BackendInfo("reference", True, "pure Python/numpy oracle"),
        ]
    threads = _core.default_threads()
    n_dev = _core.cuda_device_count()
    cuda_detail = (
        f"{n_dev} device(s)" if n_dev else _core.cuda_unavailable_reason() or "no CUDA device"
    )
    return [
        BackendInfo("cpu", True, f"C++ core, {threads} thread(s)"),
        BackendInfo("cuda", n_dev > 0, cuda_detail),
        BackendInfo("reference", True, "pure Python/numpy oracle"),
    ]


def backends(details: bool = False) -> list[str] | list[BackendInfo]:
    """The compiled backends this machine offers, e.g. ``["cpu"]``.

    With ``details=True``: a BackendInfo for every backend (the reference included),
    saying why an unavailable one cannot run.
    """
    infos = _infos()
    if details:
        return infos
    return [i.name for i in infos if i.available and i.name != "reference"]


def backend_infos() -> list[BackendInfo]:
    """:func:`backends` with ``details=True``, typed as such."""
    return _infos()


def resolve(name: str | None, n: int | None = None, on_device: bool = False) -> str:
    """'auto' -> the compiled core, never the reference: CUDA for device inputs (required)
    or for at least CUDA_AUTO_MIN_SCENARIOS scenarios when a device is usable, else the
    CPU. A named backend must be usable here (BackendUnavailable says why not)."""
    if name is None or name == "auto":
        name = os.environ.get("LLMCORE_BACKEND", "auto") or "auto"
    if not isinstance(name, str):
        raise TypeError(f"backend must be a str, not {type(name).__name__}")
    if name == "auto":
        core()
        if not on_device and (n is None or n < CUDA_AUTO_MIN_SCENARIOS):
            return "cpu"
        cuda = {i.name: i for i in _infos()}["cuda"]
        if cuda.available:
            return "cuda"
        if on_device:
            raise BackendUnavailable(
                f"inputs are in CUDA device memory but backend 'cuda' is not available here: "
                f"{cuda.detail} (pass backend='cpu' to copy them to the host)"
            )
        return "cpu"
    if name not in NAMES:
        raise unknown("backend", name, (*NAMES, "auto"))
    if name == "reference":
        return name
    info = {i.name: i for i in _infos()}[name]
    if not info.available:
        if name == "cpu":
            core()
        raise BackendUnavailable(f"backend {name!r} is not available here: {info.detail}")
    return name


_ids: dict[str, int] = {}


def model_id(name: str) -> int:
    if not _ids:
        _ids.update({m[0]: k for k, m in enumerate(core().models())})
    return _ids[name]
