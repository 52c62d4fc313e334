# SPDX-License-Identifier: BSD-3-Clause
"""Results of ``simulate``: per-output streaming summaries, merged state of all chunks."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Any

import numpy as np

from llmcore._engine import histogram
from llmcore._util.errors import unknown

__all__ = ["OutputSummary", "SimulationResult"]


@dataclass
class OutputSummary:
    """Summary of one output over every scenario with a finite value.

    ``mean``, ``std`` (population, ddof=0 as numpy), ``min``, ``max``, ``count``,
    ``nonfinite``; ``quantile(q)`` (exact for the requested levels, else estimated from the
    histogram within 2^-5 relative); ``histogram`` (counts, edges) on log-spaced bins;
    ``prob_above(x)`` and ``mean_above(x)`` (exact for the thresholds asked for in
    ``simulate(thresholds=...)``, else estimated from the histogram).

    How far the Monte Carlo figures can be trusted (issue 19): ``mean_se`` (the standard
    error of the mean, sample std / sqrt(count)), ``mean_ci(level)`` and
    ``quantile_ci(q, level)``. The quantile interval is distribution-free: the order
    statistics at ranks n·q ± z·sqrt(n·q·(1-q)) (the normal approximation to the binomial
    interval, valid for n·q·(1-q) of about 10 or more), read from the exact quantiles where
    those levels were requested and from the histogram otherwise (whose resolution, 2^-5
    relative, then bounds how narrow the interval can look).
    """

    name: str
    unit: str
    count: int
    nonfinite: int
    mean: float
    std: float
    min: float
    max: float
    hist: np.ndarray = field(repr=False)
    exact_quantiles: dict[float, float] = field(default_factory=dict)
    exceed: dict[float, tuple[int, float]] = field(default_factory=dict, repr=False)
    samples: np.ndarray | None = field(default=None, repr=False)
    # Randomised QMC (simulate(sampler="sobol", replicates=R), R >= 2): per replicate the
    # mean ("mean") and each exact quantile level (float keys). mean_se and the intervals
    # then come from their spread (Student t, R - 1 degrees of freedom), not the iid formula
    # (which overstates a Sobol' run's error).
    replicates: dict[Any, np.ndarray] | None = field(default=None, repr=False)

    def quantile(self, q: Any) -> Any:
        """numpy-compatible (linear) quantile(s) of the finite values."""
        qs = np.asarray(q, dtype=np.float64)
        if np.any((qs < 0) | (qs > 1)) or np.any(np.isnan(qs)):
            raise ValueError(f"quantile levels must be in [0, 1], got {q!r}")
        vals = [self.exact_quantiles.get(float(x), None) for x in qs.ravel()]
        out = np.array(
            [
                v
                if v is not None
                else histogram.hist_quantile(self.hist, self.min, self.max, float(x))
                for v, x in zip(vals, qs.ravel())
            ]
        ).reshape(qs.shape)
        return float(out) if out.ndim == 0 else out

    @property
    def mean_se(self) -> float:
        """Standard error of the mean (sample std, ddof=1, over sqrt(count)); with RQMC
        replicates, the standard deviation of the replicates' means over sqrt(R)."""
        if self.replicates is not None:
            return _spread(self.replicates["mean"])
        if self.count < 2:
            return math.nan
        return self.std * math.sqrt(self.count / (self.count - 1)) / math.sqrt(self.count)

    def mean_ci(self, level: float = 0.95) -> tuple[float, float]:
        """Normal-theory confidence interval of the mean at `level`."""
        z = _t(level, len(self.replicates["mean"]) - 1) if self.replicates else _z(level)
        h = z * self.mean_se
        return (self.mean - h, self.mean + h)

    def quantile_ci(self, q: float, level: float = 0.95) -> tuple[float, float]:
        """Distribution-free confidence interval of the q-quantile at `level` (see the
        class docstring); (nan, nan) for fewer than 2 values."""
        q = float(q)
        if not 0.0 <= q <= 1.0:
            raise ValueError(f"quantile level must be in [0, 1], got {q!r}")
        if self.replicates is not None and q in self.replicates:
            v = self.replicates[q]
            h = _t(level, len(v) - 1) * _spread(v)
            return (float(np.mean(v)) - h, float(np.mean(v)) + h)
        n = self.count
        if n < 2:
            return (math.nan, math.nan)
        h = _z(level) * math.sqrt(n * q * (1.0 - q))
        lo, hi = max(0.0, (n * q - h) / n), min(1.0, (n * q + h) / n)
        return (float(self.quantile(lo)), float(self.quantile(hi)))

    @property
    def histogram(self) -> tuple[np.ndarray, np.ndarray]:
        """(counts, edges) over the occupied log-spaced bins (len(edges) = len(counts) + 1)."""
        nz = np.flatnonzero(self.hist)
        if nz.size == 0:
            return np.zeros(0, np.int64), np.zeros(1)
        b0, b1 = int(nz[0]), int(nz[-1])
        counts = self.hist[b0 : b1 + 1].copy()
        edges = [histogram.bin_edges(b, self.min, self.max)[0] for b in range(b0, b1 + 1)]
        edges.append(self.max)
        return counts, np.array(edges)

    def prob_above(self, x: float) -> float:
        """P(output > x)."""
        x = float(x)
        if x in self.exceed:
            return self.exceed[x][0] / self.count if self.count else math.nan
        return histogram.hist_prob_above(self.hist, self.min, self.max, x)

    def mean_above(self, x: float) -> float:
        """E[output | output > x] (exact only for thresholds given to simulate)."""
        x = float(x)
        if x not in self.exceed:
            raise KeyError(
                f"mean_above({x!r}): pass thresholds={{{self.name!r}: [{x!r}]}} to "
                "simulate to get conditional means"
            )
        k, s = self.exceed[x]
        return s / k if k else math.nan

    def to_dict(self, quantiles: Any = ()) -> dict[str, Any]:
        d: dict[str, Any] = {
            "mean": self.mean,
            "std": self.std,
            "min": self.min,
            "max": self.max,
            "count": self.count,
            "nonfinite": self.nonfinite,
            "mean_se": self.mean_se,
        }
        for q in sorted(set(self.exact_quantiles) | {float(q) for q in quantiles}):
            d[f"q{q:g}"] = self.quantile(q)
            d[f"q{q:g}_ci95_lo"], d[f"q{q:g}_ci95_hi"] = self.quantile_ci(q)
        for x, (k, s) in self.exceed.items():
            d[f"P(>{x:g})"] = k / self.count if self.count else math.nan
            d[f"E[|>{x:g}]"] = s / k if k else math.nan
        return d


def _z(level: float) -> float:
    """Two-sided standard normal quantile for a confidence `level` in (0, 1)."""
    level = float(level)
    if not 0.0 < level < 1.0:
        raise ValueError(f"confidence level must be in (0, 1), got {level!r}")
    return float(NormalDist().inv_cdf(0.5 + level / 2.0))


def _spread(v: np.ndarray) -> float:
    """Standard error of the mean of replicate estimates v."""
    return float(np.std(v, ddof=1) / math.sqrt(len(v))) if len(v) > 1 else math.nan


def _t(level: float, dof: int) -> float:
    """Two-sided Student t quantile: closed forms for 1 and 2 degrees of freedom, else the
    Cornish-Fisher expansion in the normal quantile (Abramowitz and Stegun 26.7.5; < 2e-3
    relative for dof >= 3 at the usual levels)."""
    z = _z(level)
    p = 0.5 + float(level) / 2.0
    if dof < 1:
        return math.nan
    if dof == 1:
        return math.tan(math.pi * (p - 0.5))
    if dof == 2:
        return (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / dof + g2 / dof**2 + g3 / dof**3 + g4 / dof**4


class SimulationResult(Mapping[str, OutputSummary]):
    """Mapping output name -> OutputSummary, plus ``n``, ``seed``, ``model``, ``backend``,
    ``inputs`` (what each input was: number or distribution), ``status_counts`` (scenarios
    flagged per status bit), ``input_samples`` (with ``samples=True``) and ``assumptions``
    (each input not given: the value or distribution used and where it came from)."""

    def __init__(
        self,
        model: str,
        n: int,
        seed: int,
        backend: str,
        inputs: dict[str, Any],
        outputs: dict[str, OutputSummary],
        status_counts: dict[str, int],
        quantiles: tuple[float, ...],
        input_samples: dict[str, np.ndarray] | None,
        assumptions: dict[str, dict[str, Any]] | None = None,
        samples_path: str | None = None,
    ):
        self.model, self.n, self.seed, self.backend = model, n, seed, backend
        self.inputs, self._outputs, self.status_counts = inputs, outputs, status_counts
        self.quantiles, self.input_samples = quantiles, input_samples
        self.assumptions = assumptions or {}
        self.samples_path = samples_path  # simulate(samples=<path>): the Parquet file
        # simulate(rel_error=...): whether its target was met within n (None: not asked)
        self.rel_error_reached: bool | None = None
        # simulate(sampler=..., replicates=...): "random" (Philox) or "sobol"; R scrambles
        self.sampler, self.replicates = "random", 1

    def __getitem__(self, key: str) -> OutputSummary:
        try:
            return self._outputs[key]
        except KeyError:
            raise unknown("output of this simulation", key, self._outputs) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._outputs)

    def __len__(self) -> int:
        return len(self._outputs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "n": self.n,
            "seed": self.seed,
            "backend": self.backend,
            "sampler": self.sampler,
            "replicates": self.replicates,
            "inputs": {
                k: (repr(v) if not isinstance(v, float) else v) for k, v in self.inputs.items()
            },
            "status_counts": dict(self.status_counts),
            "assumptions": {
                k: {
                    "value": a["value"] if isinstance(a["value"], float) else repr(a["value"]),
                    "source": a["source"],
                }
                for k, a in self.assumptions.items()
            },
            "outputs": {
                k: {"unit": v.unit, **v.to_dict(self.quantiles)} for k, v in self._outputs.items()
            },
        }

    def to_pandas(self) -> Any:
        """One row per output: unit, mean, std, min, max, quantiles, exceedances."""
        import pandas as pd

        rows = {k: {"unit": v.unit, **v.to_dict(self.quantiles)} for k, v in self._outputs.items()}
        return pd.DataFrame.from_dict(rows, orient="index")

    def plot(self, output: str | None = None, ax: Any = None, **kw: Any) -> Any:
        """Histogram of one output on a log x axis with the requested quantiles marked.
        Needs matplotlib (imported only here)."""
        try:
            import matplotlib.pyplot as plt
        except ImportError as exc:  # pragma: no cover - optional dependency
            raise ImportError("plot() needs matplotlib: pip install matplotlib") from exc
        name = output or next(iter(self._outputs))
        s = self[name]
        counts, edges = s.histogram
        own = ax is None
        if own:
            _, ax = plt.subplots()
        frac = counts / max(s.count, 1)
        if edges.size and edges[0] > 0:
            # Bins are 1/32 octave wide in mantissa steps, so their relative widths vary
            # by up to 2x: plot the density per decade to keep the shape honest.
            with np.errstate(divide="ignore", invalid="ignore"):
                dens = np.where(
                    edges[1:] > edges[:-1], frac / np.log10(edges[1:] / edges[:-1]), 0.0
                )
            ax.stairs(dens, edges, fill=True, **kw)
            ax.set_xscale("log")
            ax.set_ylabel("fraction of scenarios per decade")
        else:
            ax.stairs(frac, edges, fill=True, **kw)
            ax.set_ylabel("fraction of scenarios per bin")
        for q in self.quantiles:
            ax.axvline(s.quantile(q), color="k", lw=0.8, ls="--")
        ax.set_xlabel(f"{name} ({s.unit})")
        ax.set_title(f"{self.model}: {self.n:,} scenarios")
        if own:
            ax.figure.tight_layout()
        return ax

    def __repr__(self) -> str:
        head = f"<SimulationResult {self.model} n={self.n} seed={self.seed} backend={self.backend}>"
        w = max((len(k) for k in self._outputs), default=0)
        qs = self.quantiles
        rows = [
            f"  {k:<{w}}  mean {v.mean:.6g} ± {v.mean_se:.2g}  std {v.std:.6g}  "
            + "  ".join(f"q{q:g} {v.quantile(q):.6g}" for q in qs)
            + f"  {v.unit}"
            for k, v in self._outputs.items()
        ]
        return "\n".join([head, *rows])
