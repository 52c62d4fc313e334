# SPDX-License-Identifier: BSD-3-Clause
"""The package's one progress bar: a line on stderr, or a callback(done, total, label).

Monte Carlo reports absolute counts per phase (``set``), table and sweep runs report chunks
as they finish (``update``/``wrap_chunks``); both draw the same line.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")

__all__ = ["Progress"]


class Progress:
    def __init__(
        self,
        total: int,
        desc: str = "",
        stream: Any = None,
        enabled: bool | None = None,
        callback: Callable[[int, int, str], Any] | None = None,
    ):
        self.total = max(int(total), 0)
        self.desc = desc
        self.stream = stream or sys.stderr
        self.callback = callback
        # Shown on a terminal unless asked for either way; never drawn beside a callback.
        self.enabled = callback is None and (self.stream.isatty() if enabled is None else enabled)
        self.done = 0
        self.t0 = time.perf_counter()
        self._last = 0.0

    @classmethod
    def option(cls, progress: bool | Callable[..., Any], total: int) -> Progress:
        """From a user's ``progress=`` argument: True draws the bar, a callable receives
        (done, total, label), False shows nothing."""
        if callable(progress):
            return cls(total, callback=progress)
        return cls(total, enabled=bool(progress))

    def set(self, done: int, label: str | None = None) -> None:
        """`done` of the total are finished, in phase `label`."""
        if label is not None:
            self.desc = label
        self.done = done
        if self.callback is not None:
            self.callback(done, self.total, self.desc)
            return
        self._draw(force=done >= self.total)

    def update(self, k: int) -> None:
        self.set(self.done + k)

    def wrap_chunks(self, chunks: Iterable[tuple[int, int, T]]) -> Iterator[tuple[int, int, T]]:
        for start, stop, item in chunks:
            yield start, stop, item
            self.update(stop - start)

    def _draw(self, force: bool) -> None:
        now = time.perf_counter()
        if not self.enabled or (now - self._last < 0.1 and not force):
            return
        self._last = now
        frac = min(self.done / self.total, 1.0) if self.total else 1.0
        bar = "#" * int(30 * frac)
        rate = self.done / max(now - self.t0, 1e-9)
        self.stream.write(f"\r{self.desc:<10} [{bar:<30}] {frac:6.1%} {rate:,.0f}/s")
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()
