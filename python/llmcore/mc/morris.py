# SPDX-License-Identifier: BSD-3-Clause
"""Morris elementary-effects screening (Morris 1991; μ* of Campolongo et al. 2007): cheap
ranking of many uncertain inputs, r·(d+1) model evaluations for d factors.

Design: r trajectories on a p-level grid of *probability levels* t = (k + 1/2)/p, k < p
(p even), one per factor; each trajectory starts at a random grid point and moves each
factor once, in random order, by p/2 levels (Δt = 1/2) up or down. A point's inputs are
each input's inverse CDF at its factor's level (the inputs of one catalog-row draw share it,
as in simulate), so every level maps to a finite value even for unbounded distributions;
SALib's grid k/(p-1) puts levels 0 and 1 on the infinite tails of a normal. An elementary
effect is Δf / Δt (output units per unit of probability): μ, μ* = mean |EE|, σ over the r
trajectories, and μ*'s confidence interval by bootstrap of trajectories as SALib does.
The points come from numpy's Philox seeded with the study's seed: the same seed, the same
trajectories and effects, on every backend. Correlations are not given to Morris: the
screening varies one input at a time by design (``sensitivity(correlation=...)`` treats
them).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from llmcore._engine import backends as _backends
from llmcore._models import get_model
from llmcore.estimate.inputs import check_input_keys
from llmcore.mc.chain import chain_subject
from llmcore.mc.factor_groups import group_factors
from llmcore.mc.point_eval import inputs_at, outputs_at
from llmcore.mc.subject import single_subject

__all__ = ["MorrisResult", "elementary_effects", "morris", "morris_points"]

_COLS = ("mu", "mu_star", "sigma", "mu_star_conf")


def morris_points(d: int, r: int, levels: int, seed: int) -> np.ndarray:
    """r trajectories of d + 1 points in probability levels: (r, d + 1, d)."""
    rng = np.random.Generator(np.random.Philox(seed))
    half = levels // 2
    out = np.empty((r, d + 1, d))
    for t in range(r):
        k = rng.integers(0, half, d) + np.where(rng.random(d) < 0.5, 0, half)  # start level
        step = np.where(k < half, half, -half)  # up from the lower half, down from the upper
        pt = (k + 0.5) / levels
        out[t, 0] = pt
        for m, f in enumerate(rng.permutation(d), start=1):
            k[f] += step[f]
            pt = pt.copy()
            pt[f] = (k[f] + 0.5) / levels
            out[t, m] = pt
    return out


def elementary_effects(points: np.ndarray, y: np.ndarray) -> np.ndarray:
    """EE (r, d) from trajectories (r, d + 1, d) and outputs (r, d + 1): each step moves one
    factor; its effect is Δf over that factor's Δt (NaN where an output is not finite)."""
    r, m, d = points.shape
    ee = np.full((r, d), np.nan)
    for t in range(r):
        for s in range(1, m):
            dx = points[t, s] - points[t, s - 1]
            (f,) = np.flatnonzero(dx)
            ee[t, f] = (y[t, s] - y[t, s - 1]) / dx[f]
    return ee


def _stats(ee: np.ndarray, resamples: int, conf: float, seed: int) -> dict[str, np.ndarray]:
    d = ee.shape[1]
    out = {c: np.full(d, np.nan) for c in _COLS}
    z = statistics.NormalDist().inv_cdf(0.5 + conf / 2)
    rng = np.random.Generator(np.random.Philox(seed + 1))  # its own stream: not the points'
    for j in range(d):
        e = ee[:, j][np.isfinite(ee[:, j])]
        if e.size == 0:
            continue
        out["mu"][j], out["mu_star"][j] = e.mean(), np.abs(e).mean()
        if e.size >= 2:
            out["sigma"][j] = e.std(ddof=1)
            boot = np.abs(e[rng.integers(0, e.size, (resamples, e.size))]).mean(axis=1)
            out["mu_star_conf"][j] = z * boot.std(ddof=1)
    return out


class MorrisResult(Mapping[str, Any]):
    """Mapping output -> dict of mu, mu_star, sigma, mu_star_conf (arrays over factors)."""

    def __init__(self, model: str, r: int, levels: int, seed: int, backend: str,
                 factors: list[str], table: dict[str, dict[str, np.ndarray]],
                 finite: dict[str, np.ndarray], notes: list[str]):  # fmt: skip
        self.model, self.r, self.levels, self.seed, self.backend = model, r, levels, seed, backend
        self.factors, self._table, self.finite, self.notes = factors, table, finite, notes
        self.evaluations = r * (len(factors) + 1)

    def __getitem__(self, key: str) -> dict[str, np.ndarray]:
        return self._table[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    @property
    def mu_star(self) -> dict[str, dict[str, float]]:
        return {o: dict(zip(self.factors, map(float, t["mu_star"]))) for o, t in self.items()}

    def ranking(self, output: str) -> list[str]:
        """Factors by decreasing μ*."""
        t = self._table[output]["mu_star"]
        return [self.factors[j] for j in np.argsort(-np.nan_to_num(t, nan=-np.inf), kind="stable")]

    def to_pandas(self) -> Any:
        import pandas as pd

        rows = [
            {"output": o, "factor": f, **{c: float(t[c][j]) for c in _COLS}}
            for o, t in self._table.items()
            for j, f in enumerate(self.factors)
        ]
        return pd.DataFrame(rows).set_index(["output", "factor"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model, "method": "morris", "r": self.r, "levels": self.levels,
            "seed": self.seed, "backend": self.backend, "evaluations": self.evaluations,
            "indices": {
                o: {f: {c: float(t[c][j]) for c in _COLS} for j, f in enumerate(self.factors)}
                for o, t in self._table.items()
            },
            "notes": self.notes,
        }  # fmt: skip

    def __repr__(self) -> str:
        lines = [f"<MorrisResult {self.model} r={self.r} levels={self.levels} {self.backend}>"]
        w = max(len(f) for f in self.factors)
        for o, t in self._table.items():
            lines.append(f"  {o}  (μ* ± 95%, σ; by μ*)")
            for f in self.ranking(o):
                j = self.factors.index(f)
                lines.append(
                    f"    {f:<{w}}  μ* {t['mu_star'][j]:.4g} ± {t['mu_star_conf'][j]:.2g}  "
                    f"μ {t['mu'][j]:+.4g}  σ {t['sigma'][j]:.4g}"
                )
        lines += [f"  note: {x}" for x in self.notes]
        return "\n".join(lines)


def _check_int(name: str, v: Any, lo: int) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < lo:
        raise ValueError(f"{name} must be an int >= {lo}, got {v!r}")
    return int(v)


def morris(
    model: str | list[str],
    inputs: Mapping[str, Any] | None = None,
    *,
    r: int = 20,
    levels: int = 4,
    seed: int | None = None,
    outputs: Any = None,
    backend: str = "auto",
    threads: int | None = None,
    resamples: int = 1000,
    conf_level: float = 0.95,
    correlation: Any = None,
    input_groups: Mapping[str, Any] | None = None,
    **kwargs: Any,
) -> MorrisResult:
    """Morris screening of each uncertain input (factor): μ, μ*, σ of its elementary
    effects over `r` trajectories on a `levels`-level grid (even), μ*'s `conf_level`
    half-width by `resamples` bootstrap draws. Inputs as for :func:`llmcore.simulate`; a
    chain of models runs on backend="reference" only. Cost: r·(d+1) evaluations.
    ``input_groups`` as in :func:`llmcore.sensitivity`: a group's inputs take the same
    probability level and move together (SALib's groups)."""
    if correlation:  # refused, not dropped: one-at-a-time steps break a joint distribution
        raise ValueError(
            "morris: correlation cannot be honoured (elementary effects move one input at "
            "a time); use sensitivity(..., correlation=...) for full and independent indices"
        )
    given = dict(inputs or {})
    check_input_keys(given)
    given.update(kwargs)
    r = _check_int("r", r, 2)
    levels = _check_int("levels", levels, 2)
    if levels % 2:
        raise ValueError(f"levels must be even (steps of levels/2), got {levels}")
    resamples = _check_int("resamples", resamples, 2)
    if not isinstance(conf_level, float) or not 0 < conf_level < 1:
        raise ValueError(f"conf_level must be a float in (0, 1), got {conf_level!r}")
    if isinstance(model, str):
        sub = single_subject(get_model(model), given, seed, None, outputs)
    elif backend != "reference":
        raise ValueError("morris on a chain of models runs on backend='reference' only")
    else:
        sub = chain_subject(model, given, seed, None, outputs)
    if not sub.factors:
        raise ValueError(f"{sub.name}: no input is a distribution; morris needs at least one")
    which = "reference" if backend == "reference" else _backends.resolve(backend, n=0)
    factors, fac = list(sub.factors), np.asarray(sub.fac)
    if input_groups is not None:
        factors, fac, _ = group_factors(factors, fac, sub.sampled, input_groups)
    d = len(factors)
    pts = morris_points(d, r, levels, sub.seed)
    u = np.full((len(fac), r * (d + 1)), 0.5)
    for k in range(len(fac)):
        if fac[k] >= 0:
            u[k] = pts[:, :, fac[k]].reshape(-1)
    outs = outputs_at(sub, which, inputs_at(sub.spec, u), threads)
    table, finite = {}, {}
    for name in sub.names:
        y = np.broadcast_to(np.asarray(outs[name], np.float64), (r * (d + 1),))
        ee = elementary_effects(pts, y.reshape(r, d + 1))
        finite[name] = np.isfinite(ee).sum(axis=0)
        table[name] = _stats(ee, resamples, conf_level, sub.seed)
    notes = []
    if any((f < r).any() for f in finite.values()):
        notes.append("some elementary effects were not finite and were left out (finite)")
    return MorrisResult(sub.name, r, levels, sub.seed, which, factors, table,
                        finite, notes)  # fmt: skip
