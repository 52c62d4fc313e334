# SPDX-License-Identifier: BSD-3-Clause
"""Variance-based sensitivity (SPEC.md §9): first-order and total Sobol indices.

Design: Saltelli (2010) with Jansen's (1999) estimators. Per base scenario i, A_i is
simulate's scenario i (stream 0) and B_i an independent one (stream 1); for each factor j
(an input with a distribution, or a catalog keyword drawn with dist.rows), AB_i^j is A_i with
factor j's inputs taken from B_i. Cost: n·(d+2) model evaluations, none stored: only the sums

    Σa, Σa², Σb, Σb², Σ(b - ab_j)², Σ(a - ab_j)²     (a = f(A) - c, b = f(B) - c, shift c)

are kept, in G groups of scenario blocks (group = block index mod G). Then, with
V = pooled variance of f(A) and f(B):

    S1_j = 1 - Σ(b - ab_j)² / (2 n V)        ST_j = Σ(a - ab_j)² / (2 n V)

Confidence intervals are batch means over the G groups (asymptotically normal; Student t
with G-1 degrees of freedom), which streams where a bootstrap of single scenarios cannot.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np

from llmcore._engine import backends as _backends
from llmcore._engine import cuda_mc as _cuda_mc
from llmcore._engine import mc_exec
from llmcore._engine.constants import MC_BLOCK, SOBOL_RECORD, STATUS_BITS, sobol_record_len
from llmcore._engine.run import reference_status_counts
from llmcore._models import get_model
from llmcore._util.progress import Progress
from llmcore.estimate.inputs import check_input_keys
from llmcore.mc import qmc
from llmcore.mc.chain import chain_subject
from llmcore.mc.distributed import DaskRunner
from llmcore.mc.subject import count, lacking, single_subject
from llmcore.reference import dist as ref_dist

__all__ = [
    "MAX_GROUPS",
    "MIN_BASE",
    "SensitivityResult",
    "jansen",
    "reference_sums",
    "sensitivity",
]

MAX_GROUPS = 1 << 16  # batch-means groups; their sums are held in memory

#: The fewest base scenarios: group g holds blocks g, g + groups, ... of MC_BLOCK scenarios,
#: and a confidence half-width needs two groups with two scenarios each (fewer: NaN).
MIN_BASE = MC_BLOCK + 2


def _t975(dof: int) -> float:
    """Student t 0.975 quantile (Cornish-Fisher expansion; < 1e-4 off for dof >= 5)."""
    z = statistics.NormalDist().inv_cdf(0.975)
    v = float(dof)
    return z + (z**3 + z) / (4 * v) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * v * v)


def jansen(sums: np.ndarray, d: int) -> tuple[np.ndarray, np.ndarray, float]:
    """S1 and ST (arrays of d) and the variance V from one output's sums (layout above)."""
    n, sa, saa, sb, sbb = sums[:5]
    first = SOBOL_RECORD["first"]
    db, da = sums[first : first + d], sums[first + d : first + 2 * d]
    if n < 2:
        return np.full(d, np.nan), np.full(d, np.nan), math.nan
    mean = (sa + sb) / (2 * n)
    var = (saa + sbb) / (2 * n) - mean * mean
    if not var > 0:
        return np.full(d, np.nan), np.full(d, np.nan), 0.0
    return 1.0 - db / (2 * n * var), da / (2 * n * var), float(var)


def reference_sums(
    sub: Any,
    names: tuple[str, ...],
    n: int,
    groups: int,
    shift: np.ndarray,
    evaluate: Callable[..., Any] | None = None,
) -> np.ndarray:
    """The same sums computed from matrices in memory with the reference samplers.

    `sub`: a Subject (or a Study, with `evaluate`); `evaluate(x)` maps an inputs matrix
    (spec rows x n) to outputs by name (default: the subject's reference evaluation)."""
    d = len(sub.factors)
    xa = ref_dist.sample(sub.spec, 0, n, 0)
    xb = ref_dist.sample(sub.spec, 0, n, 1)
    ev = evaluate or sub.ref_eval
    fa, fb = ev(xa), ev(xb)
    fab = []
    for j in range(d):
        x = xa.copy()
        x[sub.fac == j] = xb[sub.fac == j]
        fab.append(ev(x))
    grp = (np.arange(n) // MC_BLOCK) % groups
    acc = np.zeros((groups, len(names), sobol_record_len(d)))
    for r, name in enumerate(names):
        a = np.broadcast_to(fa[name], (n,)) - shift[r]
        b = np.broadcast_to(fb[name], (n,)) - shift[r]
        ab = [np.broadcast_to(f[name], (n,)) - shift[r] for f in fab]
        ok = np.isfinite(a) & np.isfinite(b)
        for v in ab:
            ok &= np.isfinite(v)
        cols = (
            [np.ones(n), a, a * a, b, b * b]
            + [(b - v) ** 2 for v in ab]
            + [(a - v) ** 2 for v in ab]
        )
        for k, c in enumerate(cols):
            acc[:, r, k] = np.bincount(grp[ok], weights=c[ok], minlength=groups)
    return acc


class SensitivityResult(Mapping[str, Any]):
    """Mapping output -> DataFrame-like dict of S1, S1_conf, ST, ST_conf per factor.

    ``S1[output][factor]``, ``ST[...]``; ``*_conf`` are 95% half-widths. ``to_pandas()``
    gives one row per (output, factor); ``plot(output)`` a bar chart with error bars."""

    def __init__(
        self,
        model: str,
        n: int,
        seed: int,
        backend: str,
        factors: list[str],
        table: dict[str, dict[str, np.ndarray]],
        variance: dict[str, float],
        status_counts: dict[str, int],
    ):
        self.model, self.n, self.seed, self.backend = model, n, seed, backend
        self.factors, self._table, self.variance = factors, table, variance
        self.status_counts = status_counts

    def __getitem__(self, key: str) -> dict[str, np.ndarray]:
        return self._table[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def _pick(self, col: str) -> dict[str, dict[str, float]]:
        return {
            o: dict(zip(self.factors, (float(x) for x in t[col]))) for o, t in self._table.items()
        }

    @property
    def S1(self) -> dict[str, dict[str, float]]:
        return self._pick("S1")

    @property
    def ST(self) -> dict[str, dict[str, float]]:
        return self._pick("ST")

    def to_pandas(self) -> Any:
        import pandas as pd

        rows = [
            {"output": o, "factor": f, **{c: float(t[c][j]) for c in t}}
            for o, t in self._table.items()
            for j, f in enumerate(self.factors)
        ]
        return pd.DataFrame(rows).set_index(["output", "factor"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "n": self.n,
            "seed": self.seed,
            "backend": self.backend,
            "evaluations": self.n * (len(self.factors) + 2),
            "indices": {
                o: {f: {c: float(t[c][j]) for c in t} for j, f in enumerate(self.factors)}
                for o, t in self._table.items()
            },
        }

    def plot(self, output: str | None = None, ax: Any = None) -> Any:
        import matplotlib.pyplot as plt

        name = output or next(iter(self._table))
        t = self._table[name]
        own = ax is None
        if own:
            _, ax = plt.subplots()
        x = np.arange(len(self.factors))
        ax.bar(x - 0.2, t["S1"], 0.4, yerr=t["S1_conf"], label="first order S1")
        ax.bar(x + 0.2, t["ST"], 0.4, yerr=t["ST_conf"], label="total ST")
        ax.set_xticks(x, self.factors, rotation=45, ha="right")
        ax.set_ylabel("Sobol index")
        ax.set_title(f"{self.model}: {name} (n={self.n:,})")
        ax.legend()
        if own:
            ax.figure.tight_layout()
        return ax

    def __repr__(self) -> str:
        lines = [f"<SensitivityResult {self.model} n={self.n} backend={self.backend}>"]
        w = max(len(f) for f in self.factors)
        for o, t in self._table.items():
            lines.append(f"  {o}")
            lines += [
                f"    {f:<{w}}  S1 {t['S1'][j]:+.3f} ± {t['S1_conf'][j]:.3f}   "
                f"ST {t['ST'][j]:+.3f} ± {t['ST_conf'][j]:.3f}"
                for j, f in enumerate(self.factors)
            ]
        return "\n".join(lines)


def _group_sd(x: np.ndarray) -> np.ndarray:
    """Sample sd over groups (axis 0) of the finite entries; NaN with fewer than 2 (an output
    with no variance has undefined indices in every group)."""
    out = np.full(x.shape[1], np.nan)
    for j in range(x.shape[1]):
        v = x[:, j][np.isfinite(x[:, j])]
        if v.size >= 2:
            out[j] = v.std(ddof=1)
    return out


def indices(acc: np.ndarray, d: int) -> tuple[list[dict[str, np.ndarray]], list[float]]:
    """Point estimates from the totals, 95% half-widths from the batch means of groups."""
    groups = acc.shape[0]
    tq = _t975(groups - 1)
    tables, variances = [], []
    for r in range(acc.shape[1]):
        s1, st, var = jansen(acc[:, r].sum(axis=0), d)
        per = [jansen(acc[g, r], d) for g in range(groups)]
        g1 = np.array([p[0] for p in per])
        gt = np.array([p[1] for p in per])
        c1 = tq * _group_sd(g1) / math.sqrt(groups)
        ct = tq * _group_sd(gt) / math.sqrt(groups)
        tables.append({"S1": s1, "S1_conf": c1, "ST": st, "ST_conf": ct})
        variances.append(var)
    return tables, variances


def sensitivity(
    model: str | list[str],
    inputs: Mapping[str, Any] | None = None,
    *,
    n: int | float = 1 << 14,
    seed: int | None = None,
    outputs: Any = None,
    backend: str = "auto",
    groups: int = 32,
    threads: int | None = None,
    chunk: int | None = None,
    progress: bool | Callable[..., Any] | None = None,
    client: Any = None,
    task_size: int | None = None,
    sampler: str = "random",
    **kwargs: Any,
) -> SensitivityResult:
    """First-order and total Sobol indices of each uncertain input (factor).

    Parameters are those of :func:`llmcore.simulate` (a chain of models too, and
    ``client=`` for Dask); inputs must be independent (no correlation). n base scenarios
    cost n·(d+2) model evaluations for d factors; backend "cuda" (or "auto" for large n
    with a GPU) runs them on the device. `groups` sets the batch-means groups for the 95%
    confidence half-widths (S1_conf, ST_conf). n must be at least ``MIN_BASE`` (258: two
    groups of blocks of 256 scenarios, two scenarios in the second) and at most
    ``MAX_SCENARIOS`` (2**62). ``sampler="sobol"``: A and B are the two halves of one
    scrambled Sobol' point (simulate's `sampler`); the batch-means intervals then tend to
    be wider than the error (groups of one low-discrepancy sequence are not independent).
    """
    given = dict(inputs or {})
    check_input_keys(given)
    given.update(kwargs)
    threads = _backends.threads_arg(threads)
    n = count(n)
    if chunk is not None:
        chunk = count(chunk, "chunk")
    if isinstance(groups, bool) or not isinstance(groups, int) or groups < 2:
        raise ValueError(f"groups must be an int >= 2, got {groups!r}")
    if groups > MAX_GROUPS:  # the per-group sums are held in memory: say so before allocating
        raise ValueError(f"groups must be at most {MAX_GROUPS:,} (batch means), got {groups:,}")
    if isinstance(model, str):
        sub = single_subject(get_model(model), given, seed, None, outputs)
    else:
        sub = chain_subject(model, given, seed, None, outputs)
    sub = qmc.prepare(sub, qmc.check_options(sampler, 1, n))
    if not sub.factors:
        raise ValueError(
            f"{sub.name}: no input is a distribution; sensitivity needs at least "
            "one uncertain input (llmcore.dist)"
        )
    names = sub.names
    which = _cuda_mc.resolve(backend, n)
    if n < MIN_BASE:
        raise ValueError(
            f"sensitivity needs n >= {MIN_BASE} base scenarios, got {n}: Jansen's estimators "
            f"need 2 scenarios and the batch-means confidence intervals 2 groups of at least 2 "
            f"(scenarios are grouped in blocks of {MC_BLOCK})"
        )
    if client is not None and which != "cpu":
        raise ValueError(f"client=: distributed runs use the compiled CPU core, not {which!r}")
    if which == "cuda" and not isinstance(model, str):
        raise ValueError("chains of models run on the CPU backend; use backend='cpu'")
    d = len(sub.factors)
    status = np.zeros(len(STATUS_BITS), np.int64)
    if which == "reference":
        _, f0 = sub.ref_outputs(0, 1, 0)
        shift = np.array([float(f0[o][0]) for o in names])
        shift[~np.isfinite(shift)] = 0.0
        acc = reference_sums(sub, names, n, groups, shift)
        xa, fa = sub.ref_outputs(0, n, 0)  # status counts are f(A)'s, as in the core
        status = reference_status_counts(fa["_status"], fa["_nonfinite"], lacking(sub.spec, xa))
    else:
        core = _backends.core()
        first = [None] * sub.n_out
        for k in sub.req:
            first[k] = np.empty(1)
        core.simulate_samples(
            sub.target, sub.spec, 0, 1, first, [None] * len(sub.spec[0]), None, threads or 0
        )
        shift = np.array([float(first[k][0]) for k in sub.req])
        shift[~np.isfinite(shift)] = 0.0
        dev = _cuda_mc.device(which)  # -1: CPU driver; else the CUDA driver on that device
        size = _cuda_mc.chunk_size(which, chunk, len(names) * sobol_record_len(d))
        plan = mc_exec.SobolPlan(
            sub.target, sub.spec, sub.req, shift, sub.fac, d, groups, threads or 0, size, device=dev
        )
        prog = Progress.option(progress, n)
        if client is not None:
            runner: Any = DaskRunner(client, task_size)
        else:
            runner = mc_exec.LOCAL
        acc, status = runner.sobol(plan, n, lambda done: prog.set(done, "sobol"))
    tables, variances = indices(acc, d)
    return SensitivityResult(
        sub.name,
        n,
        sub.seed,
        which,
        list(sub.factors),
        dict(zip(names, tables)),
        dict(zip(names, variances)),
        {STATUS_BITS[b]: int(c) for b, c in enumerate(status)},
    )
