# SPDX-License-Identifier: BSD-3-Clause
"""The report's one number format, for tables, text and plot labels alike.

Four significant figures; below a million, plain decimals with thousands separators
(1,291, 553.9, 0.003515); from a million up, an SI prefix (1.398 M, 28.81 G, up to P);
below 1e-4 and from 1e18 up, a power of ten (6.559e-5, 1.56e23). A value that rounds to
zero shows as "0", never "-0.00"."""

from __future__ import annotations

import math

__all__ = ["SIG", "num", "pct", "with_unit"]

SIG = 4
_PREFIXES = ((1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"))


def _decimals(v: float, sig: int) -> int:
    """Digits after the point that keep `sig` significant figures of v (v != 0)."""
    return max(0, sig - 1 - math.floor(math.log10(abs(v))))


def num(v: float | int | None, sig: int = SIG) -> str:
    """v to `sig` significant figures, in the report's one format ("" for None)."""
    if v is None:
        return ""
    v = float(v)
    if math.isnan(v):
        return "n/a"
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    if v == 0:
        return "0"
    a = abs(v)
    for scale, prefix in _PREFIXES:
        if a >= scale * (1 - 0.5 * 10 ** (1 - sig)):  # 999,999.9 rounds up to 1 M
            m = v / scale
            if abs(float(f"{m:.{sig - 1}e}")) >= 1000:  # past the largest prefix (1e18 up)
                break
            return f"{_strip(f'{m:.{_decimals(m, sig)}f}')} {prefix}"
    if a < 1e-4 or a >= 1e15:
        mant, exp = f"{v:.{sig - 1}e}".split("e")
        return f"{_strip(mant)}e{int(exp)}"
    # round to `sig` figures first (887,156.8 -> 887,200); rounding may add a digit
    r = float(f"{v:.{sig - 1}e}")
    text = _strip(f"{r:,.{_decimals(r, sig)}f}")
    return "0" if text in ("-0", "0") else text


def _strip(text: str) -> str:
    """Drop trailing zeros after a decimal point (and the point itself)."""
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def with_unit(v: float | int | None, unit: str, sig: int = SIG) -> str:
    """The number with its unit ("71.21 days", "1.398 M USD", "42 %" for unit "%")."""
    text = num(v, sig)
    if not text or not unit:
        return text
    return f"{text} {unit}"


def pct(v: float | None, sig: int = 3) -> str:
    """A relative difference as a signed percentage: "+0.42 %", "-45.7 %", "0 %"."""
    if v is None:
        return ""
    text = num(100 * v, sig) if abs(v) >= 1e-4 else "0"
    if text == "0":
        return "0 %"
    return f"{'' if text.startswith('-') else '+'}{text} %"
