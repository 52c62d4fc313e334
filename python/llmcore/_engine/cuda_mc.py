# SPDX-License-Identifier: BSD-3-Clause
"""backend="cuda" for simulate() and sensitivity(): backend choice and chunk sizes.

The compiled bindings take ``device=`` (``-1``: the CPU driver; ``>= 0``: the CUDA driver
on that device, cpp/src/cuda/simulate_cuda.cu and sobol_cuda.cu), so the Python drivers in
simulate.py and sensitivity.py are the same loops for both backends: they only ask this
module which backend runs, on which device, in chunks of what size.

Scenario i is the same on both backends (same Philox counters, raw words bit-identical);
summaries match the CPU's exactly for integer parts (counts, histograms, exceedance
counts, min/max) whenever the outputs do, and otherwise within the tolerances stated in
design/cuda.md ("Monte Carlo") and checked by tests/cuda/test_cuda_mc.py.
"""

from __future__ import annotations

import os

from llmcore._engine import backends as _backends
from llmcore._engine.constants import MC_BLOCK

__all__ = ["MC_AUTO_MIN_SCENARIOS", "chunk_size", "device", "resolve"]

# backend="auto" runs Monte Carlo and Sobol on the GPU from this many scenarios when a
# device is usable. Unlike evaluate(), nothing per scenario crosses PCIe (only summaries,
# ~130 KiB per output and call), so the crossover is set by per-call overhead (allocation,
# launch, histogram copy: ~1 ms) against the CPU's throughput (~1e7-1e8 scenarios/s on a
# many-core host). ESTIMATE, NOT MEASURED: written on a machine without a GPU;
# bench/bench_cuda_mc.py measures both backends over n and this should follow it.
MC_AUTO_MIN_SCENARIOS = 1 << 18

# Scenarios per compiled call on the device: large enough to fill a GPU many times over and
# amortise the per-call allocation; capped below so the per-block records
# (chunk/256 x outputs x record length doubles) stay under RECORD_BUDGET.
CUDA_CHUNK = 1 << 24
RECORD_BUDGET = 1 << 22  # doubles (32 MiB) of per-block records per call


def _auto(backend: str | None) -> bool:
    if backend is None or backend == "auto":
        return (os.environ.get("LLMCORE_BACKEND", "auto") or "auto") == "auto"
    return False


def resolve(backend: str | None, n: int) -> str:
    """'cpu', 'cuda' or 'reference'. 'auto' -> 'cuda' from MC_AUTO_MIN_SCENARIOS scenarios
    when a device is usable, else 'cpu'; a named backend must be usable (BackendUnavailable
    with the reason, e.g. "backend 'cuda' is not available here: no CUDA device found")."""
    if _auto(backend):
        which = _backends.resolve("auto")
        if n >= MC_AUTO_MIN_SCENARIOS and "cuda" in _backends.backends():
            return "cuda"
        return which
    return _backends.resolve(backend)


def device(which: str) -> int:
    """The device argument of the compiled calls: -1 for the CPU driver, else the ordinal
    (device 0: the CUDA runtime's current device unless CUDA_VISIBLE_DEVICES says otherwise)."""
    return 0 if which == "cuda" else -1


def chunk_size(which: str, chunk: int | None, record_len: int) -> int | None:
    """Scenarios per call: the caller's `chunk` if given (a multiple of 256 after rounding),
    the CPU default (None) on the CPU, else CUDA_CHUNK capped by RECORD_BUDGET."""
    if chunk is not None or which != "cuda":
        return chunk
    per_block = max(1, record_len)
    cap = max(MC_BLOCK, (RECORD_BUDGET // per_block) * MC_BLOCK)
    return min(CUDA_CHUNK, cap)
