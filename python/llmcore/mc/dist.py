# SPDX-License-Identifier: BSD-3-Clause
"""Distributions for uncertain inputs (SPEC.md §9): any numeric input of ``simulate`` or
``sensitivity`` may be one of these instead of a number.

>>> from llmcore import dist
>>> dist.uniform(0.3, 0.55); dist.ci(50, 600); dist.rows("hardware", ["a100-80gb", "h100-sxm"])

Every distribution is sampled by its inverse CDF from one uniform per (scenario, input), so
ranks can be correlated through a Gaussian copula. Each object encodes itself as a kind code
plus six parameters (and a table for tabulated/discrete kinds) for the compiled core
(cpp/include/llmcore/dist/transform.hpp); :mod:`llmcore.reference.dist` samples the same
encoding in numpy.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from llmcore import catalog
from llmcore._engine.constants import DIST_KINDS
from llmcore._util.errors import unknown
from llmcore.mc.dist_tables import (
    component_knots,
    gamma_knots,
    histogram_knots,
    mixture_knots,
    student_t_knots,
    truncate_knots,
)
from llmcore.reference import dist as _ref_dist

__all__ = [
    "KIND_CODES",
    "Distribution",
    "Rows",
    "bernoulli",
    "beta",
    "choice",
    "ci",
    "empirical",
    "gamma",
    "histogram",
    "lognormal",
    "loguniform",
    "mixture",
    "normal",
    "pert",
    "poisson",
    "rows",
    "student_t",
    "triangular",
    "uniform",
]

# Kind name -> code of cpp/include/llmcore/dist/transform.hpp's enum Kind, as the core exports it.
KIND_CODES: dict[str, int] = DIST_KINDS

PERT_TABLE_POINTS = 4097  # quantile table size for PERT (linear interpolation in u)


def _num(name: str, v: Any) -> float:
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, not {type(v).__name__} {v!r}")
    try:
        x = float(v)
    except OverflowError:
        raise ValueError(f"{name} must be finite, got a number beyond the double range") from None
    if not math.isfinite(x):
        raise ValueError(f"{name} must be finite, got {x!r}")
    return x


def _phi(z: float) -> float:
    return 0.5 * math.erfc(-z / math.sqrt(2.0))


@dataclass(frozen=True)
class Encoded:
    kind: int
    params: tuple[float, ...]  # six
    table: np.ndarray | None = None
    cdf: np.ndarray | None = None


@dataclass(frozen=True)
class Distribution:
    """Base class. ``support`` is the closed interval every draw lies in."""

    name: str
    args: tuple[Any, ...]
    support: tuple[float, float]
    _enc: Encoded = field(repr=False, compare=False)
    discrete: tuple[float, ...] | None = field(default=None, repr=False, compare=False)

    def encode(self) -> Encoded:
        return self._enc

    def __repr__(self) -> str:
        return f"dist.{self.name}({', '.join(repr(a) for a in self.args)})"


def _make(
    name: str,
    args: tuple[Any, ...],
    support: tuple[float, float],
    kind: str,
    params: Sequence[float],
    table: Any = None,
    cdf: Any = None,
    discrete: tuple[float, ...] | None = None,
) -> Distribution:
    p = tuple(float(x) for x in params) + (0.0,) * (6 - len(params))
    enc = Encoded(
        KIND_CODES[kind],
        p,
        None if table is None else np.ascontiguousarray(table, dtype=np.float64),
        None if cdf is None else np.ascontiguousarray(cdf, dtype=np.float64),
    )
    return Distribution(name, args, support, enc, discrete)


def _ordered(name: str, lo: float, hi: float) -> None:
    if not lo < hi:
        raise ValueError(f"{name}: need lo < hi, got lo={lo!r}, hi={hi!r}")


def uniform(lo: float, hi: float) -> Distribution:
    """Uniform on [lo, hi]."""
    lo, hi = _num("uniform lo", lo), _num("uniform hi", hi)
    _ordered("uniform", lo, hi)
    return _make("uniform", (lo, hi), (lo, hi), "uniform", (lo, hi - lo))


def loguniform(lo: float, hi: float) -> Distribution:
    """log(x) uniform on [log lo, log hi]; 0 < lo < hi."""
    lo, hi = _num("loguniform lo", lo), _num("loguniform hi", hi)
    _ordered("loguniform", lo, hi)
    if lo <= 0:
        raise ValueError(f"loguniform: lo must be > 0, got {lo!r}")
    return _make(
        "loguniform", (lo, hi), (lo, hi), "loguniform", (math.log(lo), math.log(hi) - math.log(lo))
    )


def normal(
    mean: float, sd: float, lo: float | None = None, hi: float | None = None
) -> Distribution:
    """Normal(mean, sd), optionally truncated to [lo, hi] (either end may be None)."""
    mean, sd = _num("normal mean", mean), _num("normal sd", sd)
    if sd <= 0:
        raise ValueError(f"normal: sd must be > 0, got {sd!r}")
    a = -math.inf if lo is None else _num("normal lo", lo)
    b = math.inf if hi is None else _num("normal hi", hi)
    if not a < b:
        raise ValueError(f"normal: need lo < hi, got lo={a!r}, hi={b!r}")
    ua, ub = _phi((a - mean) / sd), _phi((b - mean) / sd)
    if ub - ua < 1e-12:
        raise ValueError(
            f"normal: truncation [{a!r}, {b!r}] holds probability {ub - ua:.3g} of "
            f"Normal({mean!r}, {sd!r}); choose bounds nearer the mean"
        )
    args = (mean, sd) if lo is None and hi is None else (mean, sd, lo, hi)
    return _make("normal", args, (a, b), "normal", (mean, sd, ua, ub - ua, a, b))


def lognormal(mu: float, sigma: float) -> Distribution:
    """exp(Normal(mu, sigma)): mu and sigma of log(x)."""
    mu, sigma = _num("lognormal mu", mu), _num("lognormal sigma", sigma)
    if sigma <= 0:
        raise ValueError(f"lognormal: sigma must be > 0, got {sigma!r}")
    return _make("lognormal", (mu, sigma), (0.0, math.inf), "lognormal", (mu, sigma))


def ci(lo: float, hi: float, p: float = 0.9) -> Distribution:
    """The lognormal whose central `p` interval is [lo, hi] (a normal when lo <= 0)."""
    lo, hi, p = _num("ci lo", lo), _num("ci hi", hi), _num("ci p", p)
    _ordered("ci", lo, hi)
    if not 0 < p < 1:
        raise ValueError(f"ci: p must be in (0, 1), got {p!r}")
    z = statistics.NormalDist().inv_cdf(0.5 + p / 2)
    if not z > 0:  # 0.5 + p/2 rounds to 0.5: no interval width to match
        raise ValueError(f"ci: p = {p!r} is too small to define an interval; use p >= 1e-15")
    if lo > 0:
        d = lognormal((math.log(lo) + math.log(hi)) / 2, (math.log(hi) - math.log(lo)) / (2 * z))
    else:
        d = normal((lo + hi) / 2, (hi - lo) / (2 * z))
    return Distribution("ci", (lo, hi, p), d.support, d.encode())


def triangular(lo: float, mode: float, hi: float) -> Distribution:
    """Triangular on [lo, hi] with its peak at mode."""
    lo, mode, hi = (_num(f"triangular {n}", v) for n, v in (("lo", lo), ("mode", mode), ("hi", hi)))
    _ordered("triangular", lo, hi)
    if not lo <= mode <= hi:
        raise ValueError(f"triangular: need lo <= mode <= hi, got {lo!r}, {mode!r}, {hi!r}")
    return _make(
        "triangular",
        (lo, mode, hi),
        (lo, hi),
        "triangular",
        (lo, mode, hi, (mode - lo) / (hi - lo)),
    )


def _beta_quantiles(a: float, b: float, m: int) -> np.ndarray:
    """Quantiles of Beta(a, b), a, b >= 1, at u = k/(m-1): CDF by the trapezoid rule on a fine
    grid (2^18 intervals; the density is bounded for a, b >= 1), inverted by interpolation."""
    x = np.linspace(0.0, 1.0, (1 << 18) + 1)
    with np.errstate(divide="ignore"):  # a or b == 1 (mode at an end): no 0·log(0) = NaN
        la = (a - 1) * np.log(x) if a != 1 else np.zeros_like(x)
        lb = (b - 1) * np.log1p(-x) if b != 1 else np.zeros_like(x)
    logpdf = la + lb
    peak = float(np.max(logpdf))
    if peak < -300.0:  # a sharp peak (large lamb): scale it to 1 so the density cannot underflow
        logpdf -= peak
    pdf = np.exp(logpdf)
    cdf = np.concatenate([[0.0], np.cumsum((pdf[1:] + pdf[:-1]) / 2)])
    cdf /= cdf[-1]
    q = np.interp(np.linspace(0.0, 1.0, m), cdf, x)
    q[0], q[-1] = 0.0, 1.0
    return np.maximum.accumulate(q)


def pert(lo: float, mode: float, hi: float, lamb: float = 4.0) -> Distribution:
    """(Modified) PERT on [lo, hi]: lo + (hi-lo)·Beta(1 + lamb·(mode-lo)/(hi-lo), 1 +
    lamb·(hi-mode)/(hi-lo)); mean (lo + lamb·mode + hi)/(lamb + 2).

    Sampled from its quantile function tabulated at 4097 points (linear interpolation);
    the table error is below 1e-6 of the range away from the extreme tails."""
    lo, mode, hi = (_num(f"pert {n}", v) for n, v in (("lo", lo), ("mode", mode), ("hi", hi)))
    lamb = _num("pert lamb", lamb)
    _ordered("pert", lo, hi)
    if not lo <= mode <= hi:
        raise ValueError(f"pert: need lo <= mode <= hi, got {lo!r}, {mode!r}, {hi!r}")
    if lamb <= 0:
        raise ValueError(f"pert: lamb must be > 0, got {lamb!r}")
    a = 1 + lamb * (mode - lo) / (hi - lo)
    b = 1 + lamb * (hi - mode) / (hi - lo)
    with np.errstate(all="ignore"):
        table = lo + (hi - lo) * _beta_quantiles(a, b, PERT_TABLE_POINTS)
    table[-1] = hi
    if not np.isfinite(table).all() or not table[0] < table[-1]:
        raise ValueError(
            f"pert: lo={lo!r}, mode={mode!r}, hi={hi!r}, lamb={lamb!r} cannot be tabulated in "
            "double precision (non-finite quantiles); use a smaller lamb or a wider range"
        )
    args = (lo, mode, hi) if lamb == 4.0 else (lo, mode, hi, lamb)
    return _make("pert", args, (lo, hi), "table", (), table=table)


def beta(a: float, b: float, lo: float = 0.0, hi: float = 1.0) -> Distribution:
    """lo + (hi-lo)·Beta(a, b), for a, b >= 1 (a bounded density; mean lo + (hi-lo)·a/(a+b)).

    Sampled from its quantile function tabulated at 4097 points, as :func:`pert` (which is
    this with a, b set from a mode). Shapes below 1 (a density unbounded at an end) are not
    offered: a table in u cannot follow them."""
    a, b = _num("beta a", a), _num("beta b", b)
    lo, hi = _num("beta lo", lo), _num("beta hi", hi)
    _ordered("beta", lo, hi)
    if not (a >= 1 and b >= 1):
        raise ValueError(f"beta: needs a >= 1 and b >= 1 (bounded density), got a={a!r}, b={b!r}")
    with np.errstate(all="ignore"):
        table = lo + (hi - lo) * _beta_quantiles(a, b, PERT_TABLE_POINTS)
    table[-1] = hi
    if not np.isfinite(table).all():
        raise ValueError(f"beta: a={a!r}, b={b!r} cannot be tabulated in double precision")
    args = (a, b) if (lo, hi) == (0.0, 1.0) else (a, b, lo, hi)
    return _make("beta", args, (lo, hi), "table", (), table=table)


def _bounds(name: str, lo: float | None, hi: float | None) -> tuple[float, float]:
    a = -math.inf if lo is None else _num(f"{name} lo", lo)
    b = math.inf if hi is None else _num(f"{name} hi", hi)
    if not a < b:
        raise ValueError(f"{name}: need lo < hi, got lo={a!r}, hi={b!r}")
    return a, b


def _knotted(
    name: str,
    args: tuple[Any, ...],
    knots: tuple[np.ndarray, np.ndarray],
    bounds: tuple[float, float],
    natural: tuple[float, float],
) -> Distribution:
    """A distribution sampled from (cdf, x) knots, truncated to `bounds` where they are
    finite; `natural` is its untruncated support."""
    (cdf, x), (lo, hi) = knots, bounds
    if np.isfinite(lo) or np.isfinite(hi):
        mass = np.diff(np.interp([lo, hi], x, cdf))[0]
        if not mass > 1e-12:
            raise ValueError(
                f"{name}: truncation [{lo!r}, {hi!r}] holds probability {mass:.3g}; choose "
                "bounds where the distribution has mass"
            )
        cdf, x = truncate_knots(cdf, x, max(lo, x[0]), min(hi, x[-1]))
    if not np.isfinite(x).all():
        raise ValueError(f"{name}{args!r} cannot be tabulated in double precision")
    support = (
        float(x[0]) if np.isfinite(lo) else natural[0],
        float(x[-1]) if np.isfinite(hi) else natural[1],
    )
    return _make(name, args, support, "piecewise", (), x, cdf)


def gamma(
    shape: float, scale: float = 1.0, lo: float | None = None, hi: float | None = None
) -> Distribution:
    """Gamma with `shape` k >= 0.5 and `scale` θ > 0 (mean kθ, variance kθ²), optionally
    truncated to [lo, hi]. Its inverse CDF is tabulated at about 16000 knots dense in the
    tails (u = Φ(z) for z every 0.001 up to |z| = 8.3, and every u = 1 - j·2^-53 for
    j <= 256, from the CDF integrated numerically; mc/dist_tables.py) and sampled linearly
    between them: within 1e-5 relative of the exact quantile for 1e-6 <= u <= 1 - 1e-6 and
    3e-5 out to the extreme draws (tests/mc/test_dist_data.py, against scipy)."""
    k, th = _num("gamma shape", shape), _num("gamma scale", scale)
    if not (k > 0 and th > 0):
        raise ValueError(f"gamma: shape and scale must be > 0, got {k!r}, {th!r}")
    if not 0.5 <= k <= 1e6:
        # below 0.5 the lower tail (x ~ u^(1/k)) is too steep for knots linear in u
        raise ValueError(f"gamma: shape must be in [0.5, 1e6] to be tabulated, got {k!r}")
    a, b = _bounds("gamma", lo, hi)
    cdf, x = gamma_knots(k)
    args = (k, th) if lo is None and hi is None else (k, th, lo, hi)
    return _knotted("gamma", args, (cdf, x * th), (a, b), (0.0, math.inf))


def student_t(
    df: float,
    loc: float = 0.0,
    scale: float = 1.0,
    lo: float | None = None,
    hi: float | None = None,
) -> Distribution:
    """Student's t with `df` >= 1 degrees of freedom, shifted by `loc` and scaled by `scale`,
    optionally truncated to [lo, hi]; tabulated as :func:`gamma`, with the same accuracy."""
    nu, m, sc = _num("student_t df", df), _num("student_t loc", loc), _num("student_t scale", scale)
    if not 1.0 <= nu <= 1e6:
        raise ValueError(f"student_t: df must be in [1, 1e6], got {nu!r}")
    if not sc > 0:
        raise ValueError(f"student_t: scale must be > 0, got {sc!r}")
    a, b = _bounds("student_t", lo, hi)
    cdf, x = student_t_knots(nu)
    args = (nu, m, sc) if lo is None and hi is None else (nu, m, sc, lo, hi)
    return _knotted("student_t", args, (cdf, m + sc * x), (a, b), (-math.inf, math.inf))


def bernoulli(p: float) -> Distribution:
    """1 with probability p, else 0."""
    p = _num("bernoulli p", p)
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"bernoulli: p must be in [0, 1], got {p!r}")
    return _discrete("bernoulli", (p,), np.array([0.0, 1.0]), np.array([1.0 - p, p]))


# Poisson: values 0..K with K where the upper tail is below this (past double resolution of
# the CDF at 1); mean at most this many (a table of about mean + 40·sqrt(mean) values)
_POISSON_TAIL = 1e-17
_POISSON_MAX_MEAN = 1e6


def poisson(lam: float) -> Distribution:
    """Counts with mean and variance `lam` (0 < lam <= 1e6): the exact pmf, tabulated from
    0 to where its upper tail falls below 1e-17."""
    lam = _num("poisson lam", lam)
    if not 0.0 < lam <= _POISSON_MAX_MEAN:
        raise ValueError(f"poisson: lam must be in (0, {_POISSON_MAX_MEAN:g}], got {lam!r}")
    hi = int(lam + 40.0 * math.sqrt(lam) + 40.0)
    k = np.arange(hi + 1, dtype=np.float64)
    logpmf = k * math.log(lam) - lam - np.array([math.lgamma(x + 1.0) for x in k])
    pmf = np.exp(logpmf)
    tail = np.cumsum(pmf[::-1])[::-1]  # P(X >= k)
    keep = int(np.flatnonzero(tail >= _POISSON_TAIL)[-1]) + 1
    lo = int(np.flatnonzero(np.cumsum(pmf) >= _POISSON_TAIL)[0])
    k, pmf = k[lo:keep], pmf[lo:keep]
    return _discrete("poisson", (lam,), k, pmf / pmf.sum())


def _discrete(
    name: str, args: tuple[Any, ...], values: np.ndarray, p: np.ndarray, sort: bool = True
) -> Distribution:
    if sort:  # ascending values keep the inverse CDF monotone (copula ranks)
        order = np.argsort(values, kind="stable")
        values, p = values[order], p[order]
    cdf = np.cumsum(p) / p.sum()
    cdf[-1] = 1.0
    return _make(
        name,
        args,
        (float(values.min()), float(values.max())),
        "discrete",
        (),
        table=values,
        cdf=cdf,
        discrete=tuple(float(v) for v in values),
    )


def _probs(name: str, p: Any, n: int) -> np.ndarray:
    if p is None:
        return np.full(n, 1.0 / n)
    pa = np.asarray(p, dtype=np.float64)
    if pa.shape != (n,):
        raise ValueError(
            f"{name}: p must have one probability per value ({n}), got shape {pa.shape}"
        )
    if not np.all(np.isfinite(pa)) or np.any(pa < 0):
        bad = int(np.argmax(~(np.isfinite(pa) & (pa >= 0))))
        raise ValueError(f"{name}: p[{bad}] = {pa[bad]!r} must be a finite probability >= 0")
    if abs(pa.sum() - 1.0) > 1e-6:
        raise ValueError(f"{name}: probabilities must sum to 1, got {pa.sum()!r}")
    return pa


def choice(values: Sequence[Any], p: Sequence[float] | None = None) -> Distribution:
    """One of `values` with probabilities `p` (default equal). Values are numbers, or catalog
    ids when given for a catalog keyword such as ``hardware=`` (then it is :func:`rows`)."""
    vals = list(values)
    if not vals:
        raise ValueError("choice: needs at least one value")
    if all(isinstance(v, str) for v in vals):
        return _ChoiceOfIds(vals, p)  # type: ignore[return-value]
    arr = np.array([_num(f"choice values[{k}]", v) for k, v in enumerate(vals)])
    return _discrete(
        "choice",
        (tuple(arr.tolist()), None if p is None else tuple(p)),
        arr,
        _probs("choice", p, len(arr)),
    )


def _finite_array(name: str, what: str, v: Any) -> np.ndarray:
    arr = np.asarray(v, dtype=np.float64).ravel()
    if not np.all(np.isfinite(arr)):
        bad = int(np.argmax(~np.isfinite(arr)))
        raise ValueError(f"{name}: {what}[{bad}] = {arr[bad]!r} is not finite")
    return arr


def empirical(samples: Sequence[float], weights: Sequence[float] | None = None) -> Distribution:
    """Resampling of the given samples: each equally likely, or with probability
    proportional to `weights` (one finite weight >= 0 per sample, not all 0)."""
    arr = _finite_array("empirical", "samples", samples)
    if arr.size == 0:
        raise ValueError("empirical: needs at least one sample")
    if weights is None:
        return _discrete(
            "empirical", (f"<{arr.size} samples>",), arr, np.full(arr.size, 1 / arr.size)
        )
    w = _finite_array("empirical", "weights", weights)
    if w.shape != arr.shape:
        raise ValueError(f"empirical: {w.size} weights for {arr.size} samples; give one each")
    if np.any(w < 0) or not w.sum() > 0:
        bad = int(np.argmax(w < 0)) if np.any(w < 0) else 0
        raise ValueError(f"empirical: weights[{bad}] = {w[bad]!r}: weights must be >= 0, not all 0")
    return _discrete("empirical", (f"<{arr.size} weighted samples>",), arr, w / w.sum())


def histogram(edges: Sequence[float], counts: Sequence[float]) -> Distribution:
    """The density uniform within each bin [edges[k], edges[k+1]) with probability
    proportional to counts[k] (weights of any scale; empty bins allowed, never drawn from).
    Sampled exactly: its inverse CDF is linear within each bin (the core's piecewise kind)."""
    e = _finite_array("histogram", "edges", edges)
    c = _finite_array("histogram", "counts", counts)
    if e.size < 2 or c.size != e.size - 1:
        raise ValueError(
            f"histogram: need len(edges) = len(counts) + 1 >= 2, got {e.size}, {c.size}"
        )
    if np.any(np.diff(e) <= 0):
        bad = int(np.argmax(np.diff(e) <= 0)) + 1
        raise ValueError(f"histogram: edges must increase; edges[{bad}] = {e[bad]!r}")
    if np.any(c < 0) or not c.sum() > 0:
        bad = int(np.argmax(c < 0)) if np.any(c < 0) else 0
        raise ValueError(f"histogram: counts[{bad}] = {c[bad]!r}: counts must be >= 0, not all 0")
    cdf, x = histogram_knots(e, c)
    args = (f"<{c.size} bins on [{e[0]:g}, {e[-1]:g}]>",)
    return _make("histogram", args, (float(x[0]), float(x[-1])), "piecewise", (), x, cdf)


def mixture(
    components: Sequence[Distribution], weights: Sequence[float] | None = None
) -> Distribution:
    """Draw from component k with probability weights[k] (default equal). Components are
    either all discrete (choice, bernoulli, poisson, empirical: the result is exact) or all
    continuous (any family, bounded or not): the mixture's CDF is built on its components'
    inverse-CDF knots (16385 each, dense in the tails: u = Φ(z) for z on a grid of step
    0.001 up to |z| = 8.3) and sampled linearly between them, within 1e-5 (relative, or
    absolute near 0) of the exact quantile, 3e-5 in the extreme tails
    (tests/mc/test_dist_data.py).
    Still one uniform through an inverse CDF, so the copula and sampler="sobol" work."""
    comps = list(components)
    if not comps or not all(isinstance(d, Distribution) for d in comps):
        raise TypeError(
            "mixture: components must be a non-empty list of llmcore.dist distributions"
        )
    w = _probs("mixture", weights, len(comps))
    if all(d.discrete is not None for d in comps):
        vals = np.concatenate([np.asarray(d.discrete) for d in comps])
        p = np.concatenate(
            [wk * np.diff(np.asarray(d.encode().cdf), prepend=0.0) for wk, d in zip(w, comps)]
        )
        return _discrete("mixture", (tuple(comps), tuple(w.tolist())), vals, p)
    for k, d in enumerate(comps):
        if d.discrete is not None:
            raise ValueError(
                f"mixture: components[{k}] = {d!r} is discrete; a mixture takes all discrete "
                "or all continuous components"
            )
    parts = []
    for wk, d in zip(w, comps):
        enc = d.encode()

        def quantile(u: np.ndarray, enc: Encoded = enc) -> np.ndarray:
            return _ref_dist.transform(enc.kind, enc.params, enc.table, enc.cdf, u)

        parts.append((float(wk), *component_knots(quantile, d.support)))
    cdf, x = mixture_knots(parts)
    support = (min(d.support[0] for d in comps), max(d.support[1] for d in comps))
    return _make("mixture", (tuple(comps), tuple(w.tolist())), support, "piecewise", (), x, cdf)


@dataclass(frozen=True)
class Rows:
    """A whole catalog row drawn jointly: every input the row fills comes from the same row."""

    keyword: str
    ids: tuple[str, ...]
    p: tuple[float, ...]

    def __repr__(self) -> str:
        return f"dist.rows({self.keyword!r}, {list(self.ids)!r}, p={list(self.p)!r})"


def _ChoiceOfIds(ids: list[str], p: Any) -> Rows:
    return Rows("", tuple(ids), tuple(_probs("choice", p, len(ids)).tolist()))


def rows(kind: str, ids: Sequence[str], p: Sequence[float] | None = None) -> Rows:
    """Draw one of the catalog rows `ids` of catalog `kind` ("hardware", "region") per
    scenario, with probabilities `p`; sets every input of the model that the row fills."""
    kw = {v: k for k, v in catalog.KEYWORDS.items()}.get(kind, kind)
    if kw not in catalog.KEYWORDS:
        raise unknown("catalog kind", kind, list(catalog.KEYWORDS))
    ids = [ids] if isinstance(ids, str) else list(ids)
    if not ids:
        raise ValueError("rows: needs at least one id")
    # the stored ids ("H100-SXM" is h100-sxm); unknown ids raise with suggestions
    ids = [catalog.resolve(catalog.KEYWORDS[kw], i) for i in ids]
    return Rows(kw, tuple(ids), tuple(_probs("rows", p, len(ids)).tolist()))


def discrete_of(values: np.ndarray, p: Sequence[float], name: str) -> Distribution:
    """Internal: a catalog field drawn by row (unsorted: every field must pick the same row)."""
    return _discrete(name, (), np.asarray(values, dtype=np.float64), np.asarray(p), sort=False)
