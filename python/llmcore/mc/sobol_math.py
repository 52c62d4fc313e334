# SPDX-License-Identifier: BSD-3-Clause
"""The Sobol estimators on the streamed sums, and the same sums from matrices in memory.

Per base scenario i: A_i (stream 0), B_i (stream 1), AB_i^j (A_i with factor j from B_i)
and, for second-order indices, BA_i^j (B_i with factor j from A_i), j < d - 1. The record
per output (C++ ``SobolRecord``), with a = f(A) - c, b = f(B) - c (shift c):

    n, Σa, Σa², Σb, Σb², D1_j = Σ(b - ab_j)², DT_j = Σ(a - ab_j)², [D2_jk = Σ(ba_j - ab_k)²]

With V the pooled variance of f(A) and f(B), Jansen (1999):

    S1_j = 1 - D1_j / (2nV)      ST_j = DT_j / (2nV)

BA_j and AB_k (j < k) share exactly factors j and k, so Cov(f(BA_j), f(AB_k)) is the closed
variance V_jk^c of the pair, V - D2_jk / (2n) in Jansen's form (Saltelli 2002 uses the
product form E[f(BA_j) f(AB_k)] - f0², SALib too: same target, this one is shift-free):

    S2_jk = V_jk^c / V - S1_j - S1_k = (D1_j + D1_k - D2_jk) / (2nV) - 1

Confidence intervals are batch means over G groups of scenario blocks (Student t, G - 1
degrees of freedom): they stream and merge where a bootstrap of single scenarios cannot.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from llmcore._engine.constants import MC_BLOCK, SOBOL_RECORD, sobol_pair, sobol_record_len
from llmcore.reference import dist as ref_dist

__all__ = ["indices", "jansen", "reference_sums", "sums_of"]


def _t975(dof: int) -> float:
    """Student t 0.975 quantile (Cornish-Fisher expansion; < 1e-4 off for dof >= 5)."""
    z = statistics.NormalDist().inv_cdf(0.975)
    v = float(dof)
    return z + (z**3 + z) / (4 * v) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * v * v)


def _second(sums: np.ndarray, d: int) -> bool:
    return len(sums) == sobol_record_len(d, True) and d > 1


def jansen(sums: np.ndarray, d: int) -> tuple[np.ndarray, np.ndarray, float, np.ndarray | None]:
    """S1 and ST (arrays of d), the variance V and, when the record has the pair sums, S2
    (d x d, symmetric, NaN on the diagonal) from one output's sums (layout above)."""
    s1, st, var, s2 = _jansen_rows(np.asarray(sums)[None, :], d)
    return s1[0], st[0], float(var[0]), None if s2 is None else s2[0]


def _jansen_rows(
    rows: np.ndarray, d: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    """jansen for each row of `rows` (k x record) at once: S1, ST (k x d), V (k) and S2
    (k x d x d). The same operations per row as the formulas above, in whole-array form (a
    study's confidence intervals take one per output and group)."""
    n, sa, saa, sb, sbb = (rows[:, c] for c in range(5))
    first = SOBOL_RECORD["first"]
    db, da = rows[:, first : first + d], rows[:, first + d : first + 2 * d]
    with np.errstate(all="ignore"):
        mean = (sa + sb) / (2 * n)
        var = (saa + sbb) / (2 * n) - mean * mean
        ok = (n >= 2) & (var > 0)
        den = (2 * n * var)[:, None]
        s1 = np.where(ok[:, None], 1.0 - db / den, np.nan)
        st = np.where(ok[:, None], da / den, np.nan)
        s2 = None
        if _second(rows[0], d):
            s2 = np.full((len(rows), d, d), np.nan)
            j, k = np.triu_indices(d, 1)
            at = [sobol_pair(d, int(a), int(b)) for a, b in zip(j, k, strict=True)]
            d2 = rows[:, np.asarray(at, dtype=np.intp)]
            v = np.where(ok[:, None], (db[:, j] + db[:, k] - d2) / den - 1.0, np.nan)
            s2[:, j, k] = v
            s2[:, k, j] = v
    # V: NaN without 2 scenarios, 0 where the output does not vary (indices undefined)
    return s1, st, np.where(n < 2, np.nan, np.where(ok, var, 0.0)), s2


def _group_sd(x: np.ndarray) -> np.ndarray:
    """Sample sd over groups (axis 0) of the finite entries; NaN with fewer than 2 (an output
    with no variance has undefined indices in every group)."""
    flat = x.reshape(x.shape[0], -1)
    ok = np.isfinite(flat)
    cnt = ok.sum(axis=0)
    with np.errstate(all="ignore"):
        mean = np.where(ok, flat, 0.0).sum(axis=0) / cnt
        dev = np.where(ok, flat - mean, 0.0)
        sd = np.sqrt((dev * dev).sum(axis=0) / (cnt - 1))
    return np.where(cnt >= 2, sd, np.nan).reshape(x.shape[1:])


def indices(acc: np.ndarray, d: int) -> tuple[list[dict[str, np.ndarray]], list[float]]:
    """Point estimates from the totals, 95% half-widths from the batch means of groups
    (acc: groups x outputs x record). Tables hold S1, S1_conf, ST, ST_conf and, with the
    pair sums, S2 and S2_conf (d x d)."""
    groups = acc.shape[0]
    tq = _t975(groups - 1)
    tables, variances = [], []
    for r in range(acc.shape[1]):
        s1, st, var, s2 = jansen(acc[:, r].sum(axis=0), d)
        g1, gt, _, g2 = _jansen_rows(acc[:, r], d)
        t = {
            "S1": s1,
            "S1_conf": tq * _group_sd(g1) / math.sqrt(groups),
            "ST": st,
            "ST_conf": tq * _group_sd(gt) / math.sqrt(groups),
        }
        if s2 is not None and g2 is not None:
            t["S2"] = s2
            t["S2_conf"] = tq * _group_sd(g2) / math.sqrt(groups)
        tables.append(t)
        variances.append(var)
    return tables, variances


def sums_of(
    fa: Any,
    fb: Any,
    fab: Sequence[Any],
    fba: Sequence[Any] | None,
    names: tuple[str, ...],
    shift: np.ndarray,
    groups: int,
    n: int,
    start: int = 0,
) -> np.ndarray:
    """The sums (groups x len(names) x record) of scenarios [start, start+n) from their
    evaluations: outputs by name of A, B, each AB_j and (second order) each BA_j, j < d-1.
    A scenario counts where all of them are finite, as in the core."""
    d = len(fab)
    second = fba is not None and d > 1
    grp = ((start + np.arange(n)) // MC_BLOCK) % groups
    acc = np.zeros((groups, len(names), sobol_record_len(d, second)))
    for r, name in enumerate(names):
        a = np.broadcast_to(fa[name], (n,)) - shift[r]
        b = np.broadcast_to(fb[name], (n,)) - shift[r]
        ab = [np.broadcast_to(f[name], (n,)) - shift[r] for f in fab]
        ba = [np.broadcast_to(f[name], (n,)) - shift[r] for f in fba or []] if second else []
        ok = np.isfinite(a) & np.isfinite(b)
        for v in ab + ba:
            ok &= np.isfinite(v)
        cols = (
            [np.ones(n), a, a * a, b, b * b]
            + [(b - v) ** 2 for v in ab]
            + [(a - v) ** 2 for v in ab]
            + [(ba[j] - ab[k]) ** 2 for j in range(len(ba)) for k in range(j + 1, d)]
        )
        for k, c in enumerate(cols):
            acc[:, r, k] = np.bincount(grp[ok], weights=c[ok], minlength=groups)
    return acc


def reference_sums(
    sub: Any,
    names: tuple[str, ...],
    n: int,
    groups: int,
    shift: np.ndarray,
    evaluate: Callable[..., Any] | None = None,
    second: bool = False,
) -> np.ndarray:
    """The core's sums computed from matrices in memory with the reference samplers.

    `sub`: a Subject (or a Study, with `evaluate`); `evaluate(x)` maps an inputs matrix
    (spec rows x n) to outputs by name (default: the subject's reference evaluation)."""
    d = len(sub.factors)
    xa = ref_dist.sample(sub.spec, 0, n, 0)
    xb = ref_dist.sample(sub.spec, 0, n, 1)
    ev = evaluate or sub.ref_eval

    def swapped(base: np.ndarray, other: np.ndarray, j: int) -> Any:
        x = base.copy()
        x[sub.fac == j] = other[sub.fac == j]
        return ev(x)

    fab = [swapped(xa, xb, j) for j in range(d)]
    fba = [swapped(xb, xa, j) for j in range(d - 1)] if second else None
    return sums_of(ev(xa), ev(xb), fab, fba, names, shift, groups, n)
