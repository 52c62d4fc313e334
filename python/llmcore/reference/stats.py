# SPDX-License-Identifier: BSD-3-Clause
"""Reference summaries of a sample held in memory: what the streaming accumulators of the
compiled core must reproduce (moments, extremes, log-binned histogram counts, exceedances,
quantiles by numpy)."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["bins", "keys", "summary"]

SUB_BITS, EMIN, EMAX = 5, -100, 156  # mirrors cpp/include/llmcore/stats/log_histogram.hpp
NB = (EMAX - EMIN) << SUB_BITS
NBINS = 2 * NB + 3
_TOP = 1 << (11 + SUB_BITS)
_Q0 = (EMIN + 1023) << SUB_BITS
P0, N0 = _TOP + _Q0, _TOP - _Q0 - NB


def keys(x: Any) -> np.ndarray:
    """Order-preserving unsigned keys of doubles (sign-folded bit patterns)."""
    b = np.ascontiguousarray(x, dtype=np.float64).view(np.uint64)
    sign = (b >> np.uint64(63)).astype(bool)
    return np.where(sign, ~b, b | np.uint64(1 << 63))


def bins(x: Any) -> np.ndarray:
    """Compact histogram bin of each value (layout in log_histogram.hpp)."""
    t = (keys(x) >> np.uint64(52 - SUB_BITS)).astype(np.int64)
    return np.select(
        [t < N0, t < N0 + NB, t < P0, t < P0 + NB],
        [0, 1 + (t - N0), NB + 1, NB + 2 + (t - P0)],
        2 * NB + 2,
    )


def summary(x: Any, thresholds: Any = (), quantiles: Any = ()) -> dict[str, Any]:
    """Every streamed statistic of one output's sample, non-finite values left out."""
    x = np.asarray(x, dtype=np.float64).ravel()
    f = x[np.isfinite(x)]
    thr = np.asarray(thresholds, dtype=np.float64).ravel()
    return {
        "count": f.size,
        "nonfinite": x.size - f.size,
        "mean": float(f.mean()) if f.size else np.nan,
        "m2": float(((f - f.mean()) ** 2).sum()) if f.size else 0.0,  # two-pass
        "min": float(f.min()) if f.size else np.inf,
        "max": float(f.max()) if f.size else -np.inf,
        "hist": np.bincount(bins(f), minlength=NBINS).astype(np.int64),
        "exceed": np.array([(f > t).sum() for t in thr], dtype=np.int64),
        "cond_sum": np.array([f[f > t].sum() for t in thr]),
        "quantiles": {float(q): float(np.quantile(f, q)) for q in quantiles} if f.size else {},
    }
