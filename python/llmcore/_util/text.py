# SPDX-License-Identifier: BSD-3-Clause
"""Plain-text tables with aligned columns (for the CLI and reports)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["fmt", "table"]


def fmt(v: Any) -> str:
    if isinstance(v, int) and not isinstance(v, bool):
        v = float(v)
    if isinstance(v, float):
        if v != v:
            return "nan"
        if v == 0 or 1e-3 <= abs(v) < 1e7:
            if abs(v) >= 1e6:
                return f"{v:,.0f}"
            return f"{v:,.1f}" if abs(v) >= 1e4 else f"{v:.6g}"
        return f"{v:.4g}"
    return str(v)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], right: Sequence[int] = ()) -> str:
    cells = [[fmt(c) for c in r] for r in rows]
    widths = [max([len(h), *(len(r[k]) for r in cells)]) for k, h in enumerate(headers)]

    def line(r: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(w) if k in right else c.ljust(w) for k, (c, w) in enumerate(zip(r, widths))
        ).rstrip()

    sep = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), sep, *(line(r) for r in cells)])
