# SPDX-License-Identifier: BSD-3-Clause
"""Running the Python API for a request: off the event loop, one computation at a time
(the compiled core already uses every CPU thread for one run, and the warnings a run raises
are collected process-wide), and stopped between compiled chunks when its client leaves."""

from __future__ import annotations

import asyncio
import threading
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

from anyio import to_thread

__all__ = ["Cancelled", "Runner"]

T = TypeVar("T")
_POLL_S = 0.1  # how often a running request checks that its client is still there


class Cancelled(Exception):
    """The client went away: the run was stopped between two compiled chunks."""


class Runner:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.cancelled = 0  # runs stopped because their client left (GET /api/health)

    def call(self, fn: Callable[[], T], stop: threading.Event | None = None) -> tuple[T, list[str]]:
        """fn() under the lock, with the warnings it raised as text (one line each)."""
        with self._lock:
            if stop is not None and stop.is_set():
                raise Cancelled
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                out = fn()
        seen: list[str] = []
        for w in caught:
            text = str(w.message)
            if text not in seen:
                seen.append(text)
        return out, seen

    async def cancellable(
        self, fn: Callable[[Callable[..., Any]], T], disconnected: Callable[[], Any]
    ) -> tuple[T, list[str]]:
        """fn(progress) in a worker thread; `progress` (llmcore's progress= callable, called
        between compiled chunks) raises Cancelled once `disconnected()` says the client left.
        Chunks do not change results (bit-identical for any chunking), so a run that is not
        stopped is exactly the Python API's."""
        stop = threading.Event()

        def progress(done: int, total: int, label: str) -> None:
            if stop.is_set():
                raise Cancelled

        job = asyncio.ensure_future(to_thread.run_sync(self.call, lambda: fn(progress), stop))
        try:
            while True:
                done, _ = await asyncio.wait({job}, timeout=_POLL_S)
                if done:
                    return job.result()
                if await disconnected():
                    stop.set()
        except Cancelled:
            self.cancelled += 1
            raise
        finally:
            stop.set()  # a request cancelled by the server (shutdown) stops its run too
