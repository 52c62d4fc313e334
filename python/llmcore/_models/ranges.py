# SPDX-License-Identifier: BSD-3-Clause
"""How an input's valid range reads in messages and help."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["range_text"]


def range_text(i: Any) -> str:
    if i.hi == np.inf:
        return f"{'>' if i.lo_open else '>='} {i.lo:g}"
    return f"{'(' if i.lo_open else '['}{i.lo:g}, {i.hi:g}{')' if i.hi_open else ']'}"
