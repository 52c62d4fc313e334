# SPDX-License-Identifier: BSD-3-Clause
"""Money outputs in another currency, at the dated rate of the ``fx`` catalog."""

from __future__ import annotations

from typing import Any

import numpy as np

from llmcore.catalog import fx_rate, resolve

__all__ = ["convert_money", "fx"]


def fx(currency: str | None) -> tuple[str, float, str | None]:
    """(currency code, units per USD, date of the rate); USD when none is asked for."""
    if currency is None:
        return "USD", 1.0, None
    if not isinstance(currency, str):
        raise TypeError(f"currency must be a currency code (str), not {currency!r}")
    rate, date, _ = fx_rate(currency)
    return resolve("fx", currency), rate, date  # the stored code: "euro" and "eur" are EUR


def convert_money(info: Any, outs: dict[str, Any], rate: float) -> None:
    """Post-processing: outputs whose unit is USD, times the dated rate (in place for out=)."""
    for k, v in outs.items():
        if info.output(k).unit == "USD":
            if isinstance(v, np.ndarray):
                v *= rate
            else:
                outs[k] = v * rate
