# SPDX-License-Identifier: BSD-3-Clause
"""Reference samplers: the encoded distributions of :mod:`llmcore.dist` drawn in numpy.

Transcribed from SPEC.md §9 and the published methods: Philox4x32-10 uniforms
(reference/philox.py), inverse CDFs, Acklam's normal quantile (2003, |rel. error| < 1.15e-9),
and a Gaussian copula for rank correlation. Uses numpy's log/exp where the compiled core
uses its own fdlibm-style ones: transformed values agree to a few ulp (tests state it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from llmcore.reference import sobol
from llmcore.reference.philox import uniforms

__all__ = ["ncdf", "ninv", "sample", "transform"]

_A = (
    -3.969683028665376e01,
    2.209460984245205e02,
    -2.759285104469687e02,
    1.383577518672690e02,
    -3.066479806614716e01,
    2.506628277459239e00,
)
_B = (
    -5.447609879822406e01,
    1.615858368580409e02,
    -1.556989798598866e02,
    6.680131188771972e01,
    -1.328068155288572e01,
)
_C = (
    -7.784894002430293e-03,
    -3.223964580411365e-01,
    -2.400758277161838e00,
    -2.549732539343734e00,
    4.374664141464968e00,
    2.938163982698783e00,
)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)
_PLOW = 0.02425


def ninv(p: Any) -> np.ndarray:
    """Acklam's rational approximation of the standard normal quantile, p in (0, 1)."""
    p = np.asarray(p, dtype=np.float64)
    q = p - 0.5
    r = q * q
    central = (
        (((((_A[0] * r + _A[1]) * r + _A[2]) * r + _A[3]) * r + _A[4]) * r + _A[5])
        * q
        / (((((_B[0] * r + _B[1]) * r + _B[2]) * r + _B[3]) * r + _B[4]) * r + 1.0)
    )
    pt = np.where(p < 0.5, p, 1.0 - p)
    t = np.sqrt(-2.0 * np.log(np.minimum(pt, _PLOW)))
    tail = (((((_C[0] * t + _C[1]) * t + _C[2]) * t + _C[3]) * t + _C[4]) * t + _C[5]) / (
        (((_D[0] * t + _D[1]) * t + _D[2]) * t + _D[3]) * t + 1.0
    )
    tail = np.where(p < 0.5, tail, -tail)
    return np.where(pt < _PLOW, tail, central)


def ncdf(z: Any) -> np.ndarray:
    """Standard normal CDF, clamped into (0, 1)."""
    erfc = np.frompyfunc(math.erfc, 1, 1)
    u = 0.5 * np.asarray(erfc(-np.asarray(z, dtype=np.float64) / math.sqrt(2.0)), np.float64)
    eps = 2.0**-53
    return np.clip(u, eps, 1.0 - eps)


def _exp(x: np.ndarray) -> np.ndarray:
    return np.where(x < -708.0, 0.0, np.exp(np.minimum(x, 710.0)))


def transform(kind: int, p: Sequence[float], table: Any, cdf: Any, u: Any) -> np.ndarray:
    """Inverse CDF of one encoded distribution at uniforms u."""
    u = np.asarray(u, dtype=np.float64)
    if kind == 0:
        return np.full(u.shape, p[0])
    if kind == 1:
        return p[0] + p[1] * u
    if kind == 2:
        return _exp(p[0] + p[1] * u)
    if kind == 3:
        return np.clip(p[0] + p[1] * ninv(p[2] + p[3] * u), p[4], p[5])
    if kind == 4:
        return _exp(p[0] + p[1] * ninv(u))
    if kind == 5:
        lo, mode, hi = p[0], p[1], p[2]
        return np.where(
            u < p[3],
            lo + np.sqrt(u * (hi - lo) * (mode - lo)),
            hi - np.sqrt((1.0 - u) * (hi - lo) * (hi - mode)),
        )
    if kind == 6:
        tab = np.asarray(table)
        t = u * (tab.size - 1)
        k = np.minimum(t.astype(np.int64), tab.size - 2)
        return tab[k] + (t - k) * (tab[k + 1] - tab[k])
    if kind == 7:
        k = np.searchsorted(np.asarray(cdf), u, side="right")  # first k with u < cdf[k]
        return np.asarray(table)[np.minimum(k, len(table) - 1)]
    if kind == 8:  # linear between knots (cdf[k], table[k]); the first k with u < cdf[k]
        c, x = np.asarray(cdf), np.asarray(table)
        k = np.clip(np.searchsorted(c, u, side="right"), 1, c.size - 1)
        return x[k - 1] + (u - c[k - 1]) / (c[k] - c[k - 1]) * (x[k] - x[k - 1])
    raise ValueError(f"unknown distribution kind {kind}")


def sample(spec: tuple[Any, ...], start: int, count: int, stream: int = 0) -> np.ndarray:
    """Inputs (n_inputs, count) of scenarios start .. start+count-1 for a spec tuple
    (kinds, slots, params, tables, cdfs, key, corr, chol[, absent mask[, sampler]]) as built
    by llmcore.mc.study; the optional absent mask does not change what is drawn; sampler 1
    draws scrambled Sobol' uniforms (reference/sobol.py) instead of Philox ones."""
    kinds, slots, params, tables, cdfs, key, corr, chol = spec[:8]
    draw = sobol.uniforms if len(spec) > 9 and int(spec[9]) == 1 else uniforms
    idx = np.arange(start, start + count, dtype=np.uint64)
    key = (int(key[0]), int(key[1]))
    u = np.empty((len(kinds), count))
    for k, kind in enumerate(kinds):
        u[k] = 0.5 if kind == 0 else draw(idx, int(slots[k]), stream, key)
    corr = np.asarray(corr, dtype=np.int64)
    if corr.size:
        z = ninv(u[corr])
        u[corr] = ncdf(np.asarray(chol).reshape(corr.size, corr.size) @ z)
    return (
        np.stack(
            [
                transform(int(kind), params[k], tables[k], cdfs[k], u[k])
                for k, kind in enumerate(kinds)
            ]
        )
        if len(kinds)
        else u
    )
