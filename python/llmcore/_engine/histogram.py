# SPDX-License-Identifier: BSD-3-Clause
"""Histogram layout of the streaming summaries, and the quantile logic on top of it:
estimates from the log-binned histogram, and exact order statistics by regenerate-and-refine
passes over key ranges (PERFORMANCE.md: no samples stored).

Layout mirrors cpp/include/llmcore/stats/log_histogram.hpp (reference/stats.py too).
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

import numpy as np

from llmcore.reference.stats import N0, NB, NBINS, P0, SUB_BITS, bins

__all__ = [
    "NBINS",
    "bin_edges",
    "bin_keys",
    "hist_prob_above",
    "hist_quantile",
    "key_value",
    "refine_ranks",
]

_SHIFT = 52 - SUB_BITS
_TMAX = 1 << (12 + SUB_BITS)
SUBBINS = 4096
_KEY_INF = 0xFFF0000000000000  # key of +inf
COLLECT_CAP = 1 << 21  # values kept per query in the final pass (16 MiB)


def bin_keys(b: int) -> tuple[int, int]:
    """Key range [klo, khi) of compact bin b."""
    if b == 0:
        t0, t1 = 0, N0
    elif b <= NB:
        t0 = N0 + b - 1
        t1 = t0 + 1
    elif b == NB + 1:
        t0, t1 = N0 + NB, P0
    elif b <= 2 * NB + 1:
        t0 = P0 + b - NB - 2
        t1 = t0 + 1
    else:
        t0, t1 = P0 + NB, _TMAX
    # The top bin ends at +inf's key: finite values only, and the bound fits in uint64.
    return t0 << _SHIFT, min(t1 << _SHIFT, _KEY_INF)


def key_value(k: int) -> float:
    """The double whose key is k (inverse of the sign-folding)."""
    bits = k ^ (1 << 63) if k >> 63 else (~k) & 0xFFFFFFFFFFFFFFFF
    return struct.unpack("<d", struct.pack("<Q", bits))[0]


def bin_edges(b: int, lo: float, hi: float) -> tuple[float, float]:
    """Value interval of bin b, clipped to the observed [lo, hi] (for the open-ended bins)."""
    klo, khi = bin_keys(b)
    a = lo if b == 0 else max(key_value(klo), lo)
    z = hi if b == NBINS - 1 else min(key_value(khi), hi)
    return a, z


def hist_quantile(hist: np.ndarray, lo: float, hi: float, q: float) -> float:
    """numpy-style (linear) quantile estimated from the histogram: relative error bounded
    by the bin width (2^-SUB_BITS), exact at the extremes."""
    n = int(hist.sum())
    if n == 0:
        return float("nan")
    h = (n - 1) * q
    k = int(np.floor(h))
    a = _rank_estimate(hist, lo, hi, k)
    b = _rank_estimate(hist, lo, hi, min(k + 1, n - 1))
    return a + (h - k) * (b - a)


def _rank_estimate(hist: np.ndarray, lo: float, hi: float, k: int) -> float:
    n = int(hist.sum())
    if k <= 0:
        return lo
    if k >= n - 1:
        return hi
    cum = np.cumsum(hist)
    b = int(np.searchsorted(cum, k, side="right"))
    below = int(cum[b - 1]) if b else 0
    a, z = bin_edges(b, lo, hi)
    return a + (z - a) * (k - below + 0.5) / int(hist[b])


def hist_prob_above(hist: np.ndarray, lo: float, hi: float, x: float) -> float:
    """P(value > x) from the histogram, linear within the bin that holds x."""
    n = int(hist.sum())
    if n == 0:
        return float("nan")
    if x < lo:
        return 1.0
    if x >= hi:
        return 0.0
    b = int(bins(np.array([x]))[0])
    above = float(hist[b + 1 :].sum())
    a, z = bin_edges(b, lo, hi)
    frac = 0.0 if z <= a else min(max((z - x) / (z - a), 0.0), 1.0)
    return (above + frac * float(hist[b])) / n


Pass = Callable[[list[tuple[int, int, int, int, int, bool]]], tuple[np.ndarray, list[Any]]]


def _select(values: np.ndarray, ks: list[int]) -> np.ndarray:
    """`values` with the k-th smallest at position k for every k in `ks` (np.partition)."""
    v = np.asarray(values, dtype=np.float64)
    ks = sorted(set(ks))
    if not all(0 <= k < v.size for k in ks):  # a count mismatch: the caller says so
        return v
    return np.partition(v, ks)


def refine_ranks(
    hists: dict[int, np.ndarray],
    targets: list[tuple[int, int]],
    run_pass: Pass,
    max_passes: int = 8,
) -> dict[tuple[int, int], float]:
    """Exact order statistics: targets are (output slot, 0-based rank among finite values).

    Each pass regenerates every scenario (run_pass) and, per pending target, either counts
    values into SUBBINS sub-ranges of its key range or, once few enough remain, collects
    them; keys are integers so ranges nest exactly."""
    state: dict[tuple[int, int], list[int]] = {}
    done: dict[tuple[int, int], float] = {}
    for out, rank in targets:
        cum = np.cumsum(hists[out])
        b = int(np.searchsorted(cum, rank, side="right"))
        klo, khi = bin_keys(b)
        state[(out, rank)] = [klo, khi, int(cum[b - 1]) if b else 0, int(hists[out][b])]
    for _ in range(max_passes):
        for t, (klo, khi, _below, _cnt) in list(state.items()):
            if khi - klo == 1:
                done[t] = key_value(klo)
                del state[t]
        if not state:
            break
        queries: dict[tuple[int, int, int], int] = {}
        qlist: list[tuple[int, int, int, int, int, bool]] = []
        for (out, _r), (klo, khi, _b, cnt) in state.items():
            if (out, klo, khi) in queries:
                continue
            collect = cnt <= COLLECT_CAP
            nsub = 1 if collect else SUBBINS
            width = khi - klo if collect else -(-(khi - klo) // nsub)
            queries[(out, klo, khi)] = len(qlist)
            qlist.append((out, klo, khi, width, nsub, collect))
        sub, vals = run_pass(qlist)
        offs = np.concatenate([[0], np.cumsum([q[4] for q in qlist])])
        # The order statistics each collected query answers, selected together: a
        # partition is linear in the values where a sort is n log n.
        wanted: dict[int, list[int]] = {}
        for (out, rank), (klo, khi, below, _cnt) in state.items():
            qi = queries[(out, klo, khi)]
            if qlist[qi][5]:
                wanted.setdefault(qi, []).append(rank - below)
        picked = {qi: _select(vals[qi], ks) for qi, ks in wanted.items()}
        for (out, rank), st in list(state.items()):
            klo, khi, below, cnt = st[0], st[1], st[2], st[3]
            qi = queries[(out, klo, khi)]
            _, _, _, width, nsub, collect = qlist[qi]
            if collect:
                v = picked[qi]
                if v.size != cnt:
                    raise RuntimeError(
                        "exact quantile pass saw a different sample "
                        f"({v.size} values vs {cnt}); the run is not reproducible"
                    )
                done[(out, rank)] = float(v[rank - below])
                del state[(out, rank)]
                continue
            counts = sub[offs[qi] : offs[qi + 1]]
            cum = np.cumsum(counts)
            j = int(np.searchsorted(cum, rank - below, side="right"))
            st[:] = [
                klo + j * width,
                min(klo + (j + 1) * width, khi),
                below + (int(cum[j - 1]) if j else 0),
                int(counts[j]),
            ]
    if state:  # pragma: no cover - key ranges shrink 4096x per pass: cannot happen
        raise RuntimeError("exact quantiles did not converge")
    return done
