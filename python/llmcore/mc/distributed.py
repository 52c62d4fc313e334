# SPDX-License-Identifier: BSD-3-Clause
"""``simulate(..., client=client)`` / ``sensitivity(..., client=client)`` (optional:
``pip install llmcore[dask]``; design/dask.md).

The scenario index range is cut into tasks of whole fold segments (``mc_exec.SEGMENT``); each
task calls the compiled core on its worker and returns mergeable summaries (integer
histograms and counts, min/max, per-segment moments); the client folds them in segment
order, the same fold a local run does, so the result is the local run's bit for bit. Exact
quantiles' refinement passes run as tasks too (counts add; collected values are sorted).
Dask is imported only when a client is given.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from llmcore._engine import mc_exec
from llmcore._engine.mc_exec import Plan, SobolPlan

__all__ = ["DaskRunner"]

TASKS_PER_WORKER = 4  # default split: a few tasks per worker keeps them all busy


def _need_distributed() -> Any:
    try:
        import distributed
    except ImportError as e:  # pragma: no cover - the tests skip without dask
        raise ImportError("client= needs dask.distributed: pip install 'llmcore[dask]'") from e
    return distributed


class DaskRunner:
    """Runs scenario ranges as tasks on a ``distributed.Client``'s cluster."""

    def __init__(self, client: Any, task_size: int | None = None):
        distributed = _need_distributed()
        if not isinstance(client, distributed.Client):
            raise TypeError(f"client must be a dask.distributed.Client, not {client!r}")
        if task_size is not None and (
            isinstance(task_size, bool)
            or not isinstance(task_size, (int, np.integer))
            or task_size < 1
        ):
            raise ValueError(f"task_size must be a positive int, got {task_size!r}")
        self.client, self.task_size = client, task_size

    def ranges(self, n: int, segment: int) -> list[tuple[int, int]]:
        """Task ranges: whole segments each (the last one may be short)."""
        if self.task_size is None:
            workers = max(1, len(self.client.scheduler_info().get("workers", {})))
            size = -(-n // (TASKS_PER_WORKER * workers))
        else:
            size = int(self.task_size)
        size = max(1, -(-size // segment)) * segment
        return [(a, min(a + size, n)) for a in range(0, n, size)]

    def _run(self, fn: Any, plan: Any, n: int, progress: Any, *extra: Any) -> list[Any]:
        from distributed import as_completed

        rng = self.ranges(n, plan.segment)
        # The plan is a few KiB (distribution tables): it travels inside each task.
        futs = [self.client.submit(fn, plan, a, b, *extra, pure=False) for a, b in rng]
        index = {f.key: k for k, f in enumerate(futs)}
        out: list[Any] = [None] * len(futs)
        done = 0
        for f in as_completed(futs):
            k = index[f.key]
            out[k] = f.result()
            done += rng[k][1] - rng[k][0]
            if progress is not None:
                progress(done)
        return out

    def summary(self, plan: Plan, n: int, progress: Any = None) -> dict[str, np.ndarray]:
        return mc_exec.fold(self._run(mc_exec.summary_range, plan, n, progress))

    def refine(
        self,
        plan: Plan,
        n: int,
        qlist: list[tuple[int, int, int, int, int, bool]],
        progress: Any = None,
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        return mc_exec.merge_refine(self._run(_refine_task, plan, n, progress, qlist))

    def sobol(self, plan: SobolPlan, n: int, progress: Any = None) -> tuple[np.ndarray, np.ndarray]:
        return mc_exec.fold_sobol(self._run(mc_exec.sobol_range, plan, n, progress))


def _refine_task(
    plan: Plan, start: int, stop: int, qlist: list[Any]
) -> tuple[np.ndarray, list[np.ndarray]]:
    return mc_exec.refine_range(plan, start, stop, qlist)
