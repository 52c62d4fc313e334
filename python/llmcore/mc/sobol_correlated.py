# SPDX-License-Identifier: BSD-3-Clause
"""Sobol indices of correlated inputs: the full and independent indices of Mara, Tarantola
and Annoni (2015, Environ. Model. Softw. 72:173-183) under the Gaussian copula.

Why these and not Shapley effects: under a Gaussian copula the Rosenblatt transform that
Mara et al. need is a Cholesky factor of the reordered normal correlation, so each index is
an ordinary Saltelli/Jansen estimate (``sobol_math``) on independent uniforms w, with the
same batch-means intervals; Shapley effects need a conditional sample for every subset
(Song, Nelson & Staum 2016), far more evaluations per factor. The four indices also say
more: how much of a factor's effect it carries on its own and how much through the inputs
it is correlated with.

For the m copula inputs c_0..c_{m-1} (each its own factor) ordering k is the cyclic shift
(c_k, c_{k+1}, ..., c_{k-1}): w of the first is its marginal rank, each next one is the rank
of its input given the earlier ones (z = L_k Φ⁻¹(w), L_k = chol of the reordered
correlation). Indices of w in ordering k give
    S1_full, ST_full of c_k (first: its effect including what it drives in the others) and
    S1_ind, ST_ind of c_{k-1} (last: its effect beyond what the others explain).
Factors outside the copula have S1_full = S1_ind and ST_full = ST_ind, the usual indices.
Cost: m·n·(d+2) evaluations; the points are made and evaluated in chunks (memory flat), the
sums grouped by scenario block as in the core, so the result does not depend on the chunk.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from llmcore.mc.point_eval import inputs_at
from llmcore.mc.sobol_math import indices, sums_of
from llmcore.reference.dist import ncdf, ninv
from llmcore.reference.philox import uniforms

__all__ = ["CHUNK", "correlated_indices"]

CHUNK = 1 << 15  # scenarios per evaluated chunk: (d + 2) input matrices of this many


def _orderings(spec: tuple[Any, ...]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Copula rows and, per cyclic ordering k, the lower Cholesky factor of the normal
    correlation in that order."""
    rows = np.asarray(spec[6], np.int64)
    m = rows.size
    lo = np.asarray(spec[7], np.float64).reshape(m, m)
    corr = lo @ lo.T
    chols = []
    for k in range(m):
        perm = np.roll(np.arange(m), -k)
        chols.append(np.linalg.cholesky(corr[np.ix_(perm, perm)]))
    return rows, chols


def _uniforms(spec: tuple[Any, ...], start: int, count: int, stream: int) -> np.ndarray:
    kinds, slots, key = spec[0], spec[1], spec[5]
    idx = np.arange(start, start + count, dtype=np.uint64)
    k2 = (int(key[0]), int(key[1]))
    u = np.full((len(kinds), count), 0.5)
    for k, kind in enumerate(kinds):
        if kind != 0:
            u[k] = uniforms(idx, int(slots[k]), stream, k2)
    return u


def _through_copula(w: np.ndarray, rows: np.ndarray, chol: np.ndarray, k: int) -> np.ndarray:
    perm = rows[np.roll(np.arange(rows.size), -k)]
    u = w.copy()
    u[perm] = ncdf(chol @ ninv(w[perm]))
    return u


def correlated_indices(
    sub: Any,
    names: tuple[str, ...],
    n: int,
    groups: int,
    shift: np.ndarray,
    evaluate: Callable[[np.ndarray], Any],
    progress: Callable[[int], Any] | None = None,
) -> tuple[list[dict[str, np.ndarray]], list[float]]:
    """Per output: S1, ST (full), S1_ind, ST_ind and their 95% half-widths, per factor, and
    the output variance. `evaluate(x)` maps inputs (spec rows x n) to outputs by name."""
    spec, fac, d = sub.spec, np.asarray(sub.fac), len(sub.factors)
    rows, chols = _orderings(spec)
    accs = []
    for k, chol in enumerate(chols):
        acc = np.zeros(0)
        for s in range(0, n, CHUNK):
            c = min(CHUNK, n - s)
            wa, wb = _uniforms(spec, s, c, 0), _uniforms(spec, s, c, 1)

            def run(w: np.ndarray, k: int = k, chol: np.ndarray = chol) -> Any:
                return evaluate(inputs_at(spec, _through_copula(w, rows, chol, k)))

            fab = []
            for j in range(d):
                w = wa.copy()
                w[fac == j] = wb[fac == j]
                fab.append(run(w))
            part = sums_of(run(wa), run(wb), fab, None, names, shift, groups, c, start=s)
            acc = part if acc.size == 0 else acc + part
            if progress is not None:
                progress(k * n + s + c)
        accs.append(acc)
    per = [indices(a, d) for a in accs]
    variances = per[0][1]
    tables = []
    m = rows.size
    for r in range(len(names)):
        base = per[0][0][r]
        cols = ("S1", "S1_conf", "ST", "ST_conf")
        ind = ("S1_ind", "S1_ind_conf", "ST_ind", "ST_ind_conf")
        t = {col: base[col].copy() for col in cols}
        t.update({name: base[col].copy() for col, name in zip(cols, ind)})
        for k in range(m):
            first, last = int(fac[rows[k]]), int(fac[rows[(k - 1) % m]])
            got = per[k][0][r]
            for col, name in zip(cols, ind):
                t[col][first] = got[col][first]
                t[name][last] = got[col][last]
        tables.append(t)
    return tables, variances
