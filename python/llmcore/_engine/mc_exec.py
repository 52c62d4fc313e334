# SPDX-License-Identifier: BSD-3-Clause
"""Where Monte Carlo scenarios run: ranges of scenario indices through the compiled core,
returning mergeable summaries, and the one fold that merges them.

The fixed reduction tree (design/monte_carlo.md, design/dask.md): [0, n) is cut into
SEGMENTs of 2^22 scenarios. Inside a segment the core folds its 256-scenario block records
in block order, starting from zero; segments are then folded in segment order by `fold`.
Integer parts (histograms, counts, exceedances) and min/max merge in any order. A local
run and a distributed run (llmcore.dask: tasks own whole segments) therefore perform the
same floating-point operations in the same order: identical bits, moments included. Chunks
(compiled calls, for progress and Ctrl-C) are cut inside segments, so they never matter.

`Plan.target` is what the core evaluates: a model id, or a chain (model ids, per-stage
input maps, number of sampled inputs) built by mc/chain.py. Everything here is picklable
and runs on a Dask worker as well as locally.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from llmcore._engine import backends as _backends
from llmcore._engine import histogram
from llmcore._engine.constants import MC_BLOCK, STATUS_BITS, sobol_record_len

__all__ = [
    "SEGMENT",
    "Plan",
    "fold",
    "fold_sobol",
    "refine_range",
    "segments",
    "sobol_range",
    "summary_range",
]

CHUNK = 1 << 20  # default scenarios per compiled call
SEGMENT = 1 << 22  # scenarios per fold segment (a multiple of any chunk it is cut into)

Progress = Callable[[int], None]


class _Aligned:
    """Unpickling (on a Dask worker) copies unaligned numpy arrays: the arrays of a message
    may lie at any byte offset, the core reads ints and doubles from them, and a misaligned
    load is undefined behaviour (the sanitizer build, .ci/sanitize, reports it)."""

    def __setstate__(self, state: dict[str, Any]) -> None:
        for k, v in state.items():
            object.__setattr__(self, k, _aligned(v))


def _aligned(v: Any) -> Any:
    """`v` with every numpy array inside tuples and lists aligned (copied where it is not)."""
    if isinstance(v, np.ndarray):
        return v if v.flags.aligned else v.copy()
    if isinstance(v, (tuple, list)):
        return type(v)(_aligned(x) for x in v)
    return v


@dataclass(frozen=True)
class Plan(_Aligned):
    """One study as the core takes it; picklable (sent to Dask workers)."""

    target: Any  # int model id, or (ids, maps, n_sampled) for a chain
    spec: tuple[Any, ...]
    req: np.ndarray  # int32 output positions (flat over a chain's stages)
    thr: np.ndarray  # n_req x n_thr thresholds (NaN: unused)
    threads: int = 0
    chunk: int | None = None
    # Read when the plan is made (tests shrink it to exercise many segments cheaply).
    segment: int = field(default_factory=lambda: SEGMENT)
    device: int = -1  # -1: the CPU driver; >= 0: the CUDA driver on that device


def segments(start: int, stop: int, segment: int) -> Iterator[tuple[int, int]]:
    """(segment start, segment stop) pieces of [start, stop), cut at global boundaries."""
    s = start
    while s < stop:
        e = min((s // segment + 1) * segment, stop)
        yield s, e
        s = e


def chunks(start: int, stop: int, chunk: int | None, segment: int) -> Iterator[tuple[int, int]]:
    """(start, count) calls covering [start, stop), never crossing a segment boundary."""
    size = CHUNK if chunk is None else int(chunk)
    size = min(-(-size // MC_BLOCK) * MC_BLOCK, segment)
    for s0, s1 in segments(start, stop, segment):
        for a in range(s0, s1, size):
            yield a, min(size, s1 - a)


def new_state(n_req: int, n_thr: int) -> dict[str, np.ndarray]:
    mm = np.empty((n_req, 2))
    mm[:, 0], mm[:, 1] = np.inf, -np.inf
    return {
        "moments": np.zeros((n_req, 3)),
        "minmax": mm,
        "hist": np.zeros((n_req, histogram.NBINS), np.int64),
        "exceed": np.zeros((n_req, n_thr), np.int64),
        "cond_sum": np.zeros((n_req, n_thr)),
        "nonfinite": np.zeros(n_req, np.int64),
        "status": np.zeros(len(STATUS_BITS), np.int64),
    }


def summary_range(
    plan: Plan, start: int, stop: int, progress: Progress | None = None
) -> dict[str, Any]:
    """Scenarios [start, stop) (start block-aligned): integer parts merged, and per segment
    its own moments and conditional sums (folded later, in segment order, by `fold`)."""
    core = _backends.core()
    n_req, n_thr = plan.thr.shape
    state = new_state(n_req, n_thr)
    seg_m, seg_c = [], []
    for s0, s1 in segments(start, stop, plan.segment):
        state["moments"] = np.zeros((n_req, 3))
        state["cond_sum"] = np.zeros((n_req, n_thr))
        for a, cnt in chunks(s0, s1, plan.chunk, plan.segment):
            core.simulate_chunk(
                plan.target, plan.spec, a, cnt, plan.req, plan.thr, state, plan.threads, plan.device
            )
            if progress is not None:
                progress(a + cnt)
        seg_m.append(state["moments"])
        seg_c.append(state["cond_sum"])
    state["seg_moments"] = np.array(seg_m).reshape(len(seg_m), n_req, 3)
    state["seg_cond"] = np.array(seg_c).reshape(len(seg_c), n_req, n_thr)
    del state["moments"], state["cond_sum"]
    return state


def _merge(
    a: tuple[float, float, float], b: tuple[float, float, float]
) -> tuple[float, float, float]:
    """Chan et al.'s merge, operation for operation as cpp/include/llmcore/stats/moments.hpp."""
    if b[0] == 0:
        return a
    if a[0] == 0:
        return b
    n = a[0] + b[0]
    d = b[1] - a[1]
    return n, a[1] + d * (b[0] / n), a[2] + b[2] + d * d * (a[0] * b[0] / n)


def fold(parts: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    """Merge summary_range results given in scenario order into one summary state."""
    n_req, n_thr = parts[0]["exceed"].shape
    out = new_state(n_req, n_thr)
    for p in parts:
        out["minmax"][:, 0] = np.minimum(out["minmax"][:, 0], p["minmax"][:, 0])
        out["minmax"][:, 1] = np.maximum(out["minmax"][:, 1], p["minmax"][:, 1])
        for k in ("hist", "exceed", "nonfinite", "status"):
            out[k] += p[k]
        for sm, sc in zip(p["seg_moments"], p["seg_cond"]):
            for r in range(n_req):
                out["moments"][r] = _merge(tuple(out["moments"][r]), tuple(sm[r]))
            out["cond_sum"] += sc
    return out


def refine_range(
    plan: Plan,
    start: int,
    stop: int,
    qlist: list[tuple[int, int, int, int, int, bool]],
    progress: Progress | None = None,
) -> tuple[np.ndarray, list[np.ndarray]]:
    """One exact-quantile pass over [start, stop): sub-bin counts and collected values per
    query; qlist's output slots index plan.req. Counts add and values are sorted later, so
    ranges merge in any order."""
    core = _backends.core()
    ql = [(int(plan.req[o]), klo, khi, w, ns, c) for (o, klo, khi, w, ns, c) in qlist]
    sub = np.zeros(sum(q[4] for q in ql), np.int64)
    vals: list[list[np.ndarray]] = [[] for _ in ql]
    for a, cnt in chunks(start, stop, plan.chunk, plan.segment):
        s, got = core.simulate_refine(
            plan.target, plan.spec, a, cnt, ql, plan.threads, plan.device, histogram.COLLECT_CAP
        )
        sub += s
        for k, v in enumerate(got):
            vals[k].append(v)
        if progress is not None:
            progress(a + cnt)
    return sub, [np.concatenate(v) if v else np.zeros(0) for v in vals]


def merge_refine(
    parts: list[tuple[np.ndarray, list[np.ndarray]]],
) -> tuple[np.ndarray, list[np.ndarray]]:
    sub = sum((p[0] for p in parts[1:]), parts[0][0].copy())
    vals = [np.concatenate([p[1][k] for p in parts]) for k in range(len(parts[0][1]))]
    return sub, vals


@dataclass(frozen=True)
class SobolPlan(_Aligned):
    target: Any
    spec: tuple[Any, ...]
    req: np.ndarray
    shift: np.ndarray
    fac: np.ndarray
    n_fac: int
    groups: int
    threads: int = 0
    chunk: int | None = None
    segment: int = field(default_factory=lambda: SEGMENT)
    device: int = -1
    second: bool = False  # also the pair sums of second-order indices


def sobol_range(
    plan: SobolPlan, start: int, stop: int, progress: Progress | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Per segment of [start, stop) its own Saltelli/Jansen sums (groups x n_req x (5+2d)),
    and the status counts."""
    core = _backends.core()
    shape = (plan.groups, len(plan.req), sobol_record_len(plan.n_fac, plan.second))
    status = np.zeros(len(STATUS_BITS), np.int64)
    accs = []
    for s0, s1 in segments(start, stop, plan.segment):
        acc = np.zeros(shape)
        for a, cnt in chunks(s0, s1, plan.chunk, plan.segment):
            core.sobol_chunk(
                plan.target,
                plan.spec,
                a,
                cnt,
                plan.req,
                plan.shift,
                plan.fac,
                plan.n_fac,
                plan.groups,
                acc,
                status,
                plan.threads,
                plan.device,
                plan.second,
            )
            if progress is not None:
                progress(a + cnt)
        accs.append(acc)
    return np.array(accs).reshape((len(accs), *shape)), status


def fold_sobol(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Segment sums added in scenario order (the fixed reduction tree)."""
    acc = np.zeros(parts[0][0].shape[1:])
    status = np.zeros(len(STATUS_BITS), np.int64)
    for accs, st in parts:
        for a in accs:
            acc += a
        status += st
    return acc, status


class LocalRunner:
    """Runs every range in this process (the compiled core's own threads)."""

    def summary(
        self, plan: Plan, n: int, progress: Progress | None = None
    ) -> dict[str, np.ndarray]:
        return fold([summary_range(plan, 0, n, progress)])

    def refine(
        self,
        plan: Plan,
        n: int,
        qlist: list[tuple[int, int, int, int, int, bool]],
        progress: Progress | None = None,
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        return refine_range(plan, 0, n, qlist, progress)

    def sobol(
        self, plan: SobolPlan, n: int, progress: Progress | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        return fold_sobol([sobol_range(plan, 0, n, progress)])


LOCAL = LocalRunner()
