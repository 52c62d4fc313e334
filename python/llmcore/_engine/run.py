# SPDX-License-Identifier: BSD-3-Clause
"""Running one resolved batch on a backend: the CPU core, the CUDA device or the reference,
with the output arrays, the range checks and the status counts each needs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from llmcore import reference
from llmcore._engine import backends as _backends
from llmcore._engine import cuda as _cuda
from llmcore._engine.arrays import chunk_keys, column_part, is_column, is_device_array
from llmcore._engine.checks import (
    absent_mask,
    check_values,
    missing_scenarios,
    out_arrays,
    raise_first_bad,
    range_table,
)
from llmcore._engine.constants import STATUS_BITS
from llmcore._engine.resolved import Resolved
from llmcore._models import ModelInfo

__all__ = [
    "answered",
    "execute",
    "nonfinite_outputs",
    "reference_status_counts",
    "run_cpu",
    "run_reference",
]

_NAN = float("nan")
# Scenarios per core call when some input is a broadcast copy (4 MiB per copied input): the
# copies stay small beside the result, and the call overhead stays far below the compute.
_COPY_CHUNK = 1 << 19
_BIT = {name: bit for bit, name in STATUS_BITS.items()}


def run_cpu(
    res: Resolved, names: tuple[str, ...], out: Mapping[str, Any] | None, threads: int
) -> tuple[dict[str, np.ndarray], list[int]]:
    core = _backends.core()
    model = res.model
    n = int(np.prod(res.shape)) if res.shape else 1
    shape = res.shape or (1,)
    values = [res.host_value(i.name) for i in model.inputs]
    ranges = range_table(res)
    absent = absent_mask(res)
    if n == 0:  # no block runs the fused check: validate the scalars as the reference does
        check_values(res)
    chunk = max(1, _backends.KNOBS["chunk"])
    if any(not is_column(v, shape) for v in values):
        chunk = min(chunk, _COPY_CHUNK)
    pieces = list(chunk_keys(shape, chunk)) if n else []

    def inputs(key: tuple[Any, ...]) -> list[float | np.ndarray]:
        # Inputs of the broadcast shape (or scalars) are read in place; broadcast ones are
        # copied one piece at a time (never to the full size: an outer product of two
        # 3000-vectors needs its result, not 2 x 72 MB of copies).
        return [column_part(v, shape, key) for v in values]

    def check() -> None:
        for start, stop, key in pieces:
            bad = core.validate(inputs(key), ranges, stop - start, threads)
            if bad is not None:
                raise_first_bad(res, (bad[0], bad[1] + start, bad[2]))

    # The range check is fused into the compute pass, block by block, so the inputs are read
    # once (issue 18). On a bad input the fresh arrays are discarded; caller-owned out=
    # arrays may hold the blocks computed before it (documented, as numpy's ufuncs do), and
    # the pre-pass then words the error with the first bad index.
    arrays = out_arrays(res, names, out, n)
    slots = [arrays.get(o) for o in model.output_names]
    mid = _backends.model_id(model.name)
    counts = [0] * len(STATUS_BITS)
    for start, stop, key in pieces:
        part_in = inputs(key)
        part_out = [None if s is None else s[start:stop] for s in slots]
        ok, got = core.evaluate(
            mid,
            part_in,
            ranges,
            part_out,
            None,
            stop - start,
            threads,
            _backends.KNOBS["grain"],
            absent_mask=absent,
        )
        if not ok:
            check()
            raise AssertionError("llmcore: fused range check and validate() disagree")
        counts = [a + b for a, b in zip(counts, got)]
        del part_in  # this piece's copies go before the next piece's are made
    return arrays, counts


def run_reference(
    res: Resolved, names: tuple[str, ...], out: Mapping[str, Any] | None
) -> tuple[dict[str, np.ndarray], list[int]]:
    check_values(res)
    n = int(np.prod(res.shape)) if res.shape else 1
    args = {k: (_NAN if v is None else v) for k, v in res.values.items()}
    full = reference.evaluate(res.model.name, args)
    arrays = out_arrays(res, names, out, n)
    for name in names:
        arrays[name][:] = full[name].reshape(-1)
    bits = np.broadcast_to(full["_status"], res.shape).reshape(-1)
    bad = nonfinite_outputs(res.model, bits, {k: arrays[k] for k in names})
    counts = reference_status_counts(bits, bad, missing_scenarios(res, n))
    return arrays, [int(c) for c in counts]


def answered(info: ModelInfo, status: np.ndarray, name: str) -> np.ndarray:
    """Per scenario: whether output `name` is one its own status flags answer for (the
    model's ``flagged`` outputs of a bit set in `status`; engine::flagged_outputs in C++):
    such a NaN is the model's flagged answer, not a numerical failure."""
    status = np.asarray(status)
    mask = sum(1 << _BIT[bit] for bit, names in info.flagged if name in names)
    return (status & mask) != 0


def nonfinite_outputs(
    info: ModelInfo, status: np.ndarray, outputs: Mapping[str, np.ndarray]
) -> np.ndarray:
    """Per scenario: whether one of `outputs` (name -> values) is not finite where the
    scenario's own flags do not answer for it (the `nonfinite` of reference_status_counts)."""
    bad = np.zeros(np.shape(status), bool)
    for name, v in outputs.items():
        bad |= ~np.isfinite(v) & ~answered(info, status, name)
    return bad


def reference_status_counts(
    status: np.ndarray, nonfinite: np.ndarray, missing: np.ndarray | None = None
) -> np.ndarray:
    """Scenarios per status bit from the reference's per-scenario bits and the scenarios with a
    non-finite requested output that their own flags do not answer for (nonfinite_outputs),
    by the core's one rule: those are non_finite, unless the scenario lacks an input
    (`missing`: an input the spec's absent mask names is NaN there, e.g.
    ``np.isnan(x[rows]).any(axis=0)`` over the sampled inputs x): then missing_input."""
    status = np.asarray(status)
    bad = np.asarray(nonfinite, bool)
    miss = np.zeros(bad.shape, bool) if missing is None else np.asarray(missing, bool)
    counts = [int(((status >> b) & 1).sum()) for b in range(len(STATUS_BITS))]
    counts[_BIT["non_finite"]] = int((bad & ~miss).sum())
    counts[_BIT["missing_input"]] += int((bad & miss).sum())
    return np.array(counts, np.int64)


def execute(
    res: Resolved, names: tuple[str, ...], out: Mapping[str, Any] | None, backend: str, threads: int
) -> tuple[dict[str, Any], list[int], Resolved, str]:
    """Evaluate `names` of `res` on the backend `backend` resolves to: (output arrays, status
    counts, `res` as the result should record it, the backend used)."""
    on_device = res.on_device or any(is_device_array(a) for a in (out or {}).values())
    which = _backends.resolve(backend, n=int(np.prod(res.shape)), on_device=on_device)
    if which == "cuda":
        arrays, counts = _cuda.run(res, names, out, threads)
        return arrays, counts, _cuda.with_owners(res), which  # Result.inputs: caller's arrays
    if res.on_device:  # a host backend named explicitly: bring device inputs over
        res = _cuda.to_host(res)
    if which == "reference":
        arrays, counts = run_reference(res, names, out)
    else:
        arrays, counts = run_cpu(res, names, out, threads)
    return arrays, counts, res, which
