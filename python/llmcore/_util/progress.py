# SPDX-License-Identifier: BSD-3-Clause
"""A dependency-free progress bar on stderr, shown only on a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")


class Progress:
    def __init__(self, total: int, desc: str = "", stream: Any = None,
                 enabled: bool | None = None):
        self.total = max(int(total), 0)
        self.desc = desc
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.done = 0
        self.t0 = time.perf_counter()
        self._last = 0.0

    def update(self, k: int) -> None:
        self.done += k
        now = time.perf_counter()
        if not self.enabled or (now - self._last < 0.1 and self.done < self.total):
            return
        self._last = now
        frac = self.done / self.total if self.total else 1.0
        bar = "#" * int(30 * frac)
        rate = self.done / max(now - self.t0, 1e-9)
        self.stream.write(f"\r{self.desc} [{bar:<30}] {frac:6.1%} {rate:,.0f}/s")
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()

    def wrap_chunks(self, chunks: Iterable[tuple[int, int, T]]) -> Iterator[tuple[int, int, T]]:
        for start, stop, item in chunks:
            yield start, stop, item
            self.update(stop - start)
