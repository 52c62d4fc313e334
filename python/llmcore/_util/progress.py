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
_now = time.perf_counter  # the clock (tests replace it)

__all__ = ["Progress"]


class Progress:
    def __init__(
        self,
        total: int,
        desc: str = "",
        stream: Any = None,
        enabled: bool | None = None,
        callback: Callable[[int, int, str], Any] | None = None,
        delay: float = 0.0,
    ):
        self.total = max(int(total), 0)
        self.desc = desc
        self.stream = stream or sys.stderr
        self.callback = callback
        # Shown in interactive use (a terminal, or Python's interactive prompt) unless asked
        # for either way; never drawn beside a callback.
        auto = enabled is None
        self.enabled = callback is None and (_interactive(self.stream) if auto else bool(enabled))
        self.delay = delay  # seconds before the first line: short runs draw nothing
        self.done = 0
        self.t0 = _now()
        self._last = 0.0
        self._drawn = False

    @classmethod
    def option(cls, progress: bool | Callable[..., Any] | None, total: int) -> Progress:
        """From a user's ``progress=`` argument: True draws the bar, a callable receives
        (done, total, label), False shows nothing, None (the default) draws it in
        interactive use once the run has taken a second."""
        if callable(progress):
            return cls(total, callback=progress)
        if progress is None:
            return cls(total, enabled=None, delay=1.0)
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
        now = _now()
        if not self.enabled or (now - self._last < 0.1 and not force):
            return
        if now - self.t0 < self.delay and not self._drawn:
            return  # a run shorter than the delay shows nothing, not even its last line
        self._last = now
        self._drawn = True
        frac = min(self.done / self.total, 1.0) if self.total else 1.0
        bar = "#" * int(30 * frac)
        elapsed = max(now - self.t0, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if 0 < self.done < self.total else 0.0
        when = f"ETA {_clock(left)}" if self.done < self.total else f"in {_clock(elapsed)}"
        self.stream.write(f"\r{self.desc:<10} [{bar:<30}] {frac:6.1%} {_si(rate)}/s {when:<12}")
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


def _interactive(stream: Any) -> bool:
    """A terminal, or Python's interactive prompt (``python -i``, the REPL)."""
    try:
        if stream.isatty():
            return True
    except (AttributeError, ValueError):
        return False
    return hasattr(sys, "ps1") or bool(sys.flags.interactive)


def _clock(seconds: float) -> str:
    s = round(seconds)
    if s >= 3600:
        return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"
    return f"{s // 60}:{s % 60:02d}"


def _si(x: float) -> str:
    for unit, k in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if x >= k:
            return f"{x / k:.3g}{unit}"
    return f"{x:.3g}"
