# SPDX-License-Identifier: BSD-3-Clause
"""Knots of the piecewise-linear inverse CDFs (the core's kPiecewise kind: x linear in u
between knots (cdf[k], x[k]), any spacing) of the distributions given by data or by
mixing (issue 19): a histogram (exact: knots at the bin edges, empty bins jumped over) and a
mixture (its CDF on the union of its components' knots, which are dense in the tails: at
u = Φ(z) for z on a uniform grid). Pure numpy; :mod:`llmcore.mc.dist` wraps them."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from llmcore.reference.dist import ncdf

__all__ = [
    "Z_KNOTS",
    "component_knots",
    "gamma_knots",
    "histogram_knots",
    "mixture_knots",
    "student_t_knots",
    "truncate_knots",
]

#: Knots per component in z = Φ^-1(u): 16385 over |z| <= 8.3 (step 0.001), past the extreme
#: uniforms (2^-53 is z = -8.21), so every draw lies between two knots.
Z_KNOTS = 16385
U_MIN, U_MAX = 2.0**-53, 1.0 - 2.0**-53  # the samplers' extreme uniforms


def histogram_knots(edges: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(cdf, x) knots of the density uniform within each bin: per bin with counts > 0 its
    two edges; an empty bin is a gap (two knots with one cdf value, never interpolated)."""
    keep = counts > 0
    cum = np.concatenate([[0.0], np.cumsum(counts[keep])]) / counts.sum()
    cum[-1] = 1.0
    lo, hi = edges[:-1][keep], edges[1:][keep]
    cdf = np.stack([cum[:-1], cum[1:]], 1).ravel()
    x = np.stack([lo, hi], 1).ravel()
    return cdf, x


def component_knots(
    quantile: Callable[[np.ndarray], np.ndarray], support: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray]:
    """(cdf, x) knots of one continuous distribution from its quantile function: at
    u = Φ(z), z uniform over [-8.3, 8.3] (kept inside the extreme uniforms), plus u = 0 and
    1 at the support's ends (or, unbounded, at the extreme draws)."""
    u = np.unique(np.clip(ncdf(np.linspace(-8.3, 8.3, Z_KNOTS)), U_MIN, U_MAX))
    with np.errstate(all="ignore"):
        x = quantile(u)
    lo = support[0] if np.isfinite(support[0]) else x[0]
    hi = support[1] if np.isfinite(support[1]) else x[-1]
    x = np.maximum.accumulate(np.concatenate([[lo], x, [hi]]))
    return np.concatenate([[0.0], u, [1.0]]), x


def mixture_knots(
    parts: list[tuple[float, np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray]:
    """(cdf, x) knots of a mixture of continuous parts (weight, cdf knots, x knots): the
    mixture CDF sum w·F(x) at the union of the parts' x knots, F linear between each
    part's knots (as the core samples it)."""
    x = np.unique(np.concatenate([xk for _, _, xk in parts]))
    cdf = np.zeros_like(x)
    for w, ck, xk in parts:
        # np.interp at a gap (equal x, two cdf values) takes the right value: the CDF
        # is right-continuous
        cdf += w * np.interp(x, xk, ck, left=0.0, right=1.0)
    cdf = np.maximum.accumulate(np.clip(cdf, 0.0, 1.0))
    cdf[0], cdf[-1] = 0.0, 1.0
    return cdf, x


# Far tails: the CDF's grid reaches P = 1e-22 on each side (the mass beyond, added from the
# tails' leading terms, is then far below the extreme uniforms' 1.1e-16).
_TAIL = 1e-22
_GRID = 1 << 18  # integration points of the CDF (in log x or log(1 + |t|))


def _z_probs() -> np.ndarray:
    """The knots' probabilities: Φ(z) for the z knots (unclamped: the lower tail keeps its
    relative precision), and every u = 1 - j·2^-53, j <= 256, where doubles are that coarse
    (the upper tail's draws are among them, so each lies on a knot)."""
    z = np.linspace(-8.3, 8.3, Z_KNOTS)
    pl = 0.5 * np.array([math.erfc(-v / math.sqrt(2.0)) for v in z])
    top = 1.0 - np.arange(1, 257) * 2.0**-53
    return np.unique(np.concatenate([pl[(pl > 0) & (pl < top[-1])], top]))


def _cum_trapezoid(f: np.ndarray, h: float) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum((f[1:] + f[:-1]) * (h / 2))])


def gamma_knots(shape: float) -> tuple[np.ndarray, np.ndarray]:
    """(cdf, x) knots of Gamma(shape, 1) at the z knots' probabilities. The CDF is the
    density of s = log x, exp(k·s - e^s - lgamma(k)), integrated by the trapezoid rule on
    2^18 points from both ends (lower tail from its series x^k / Γ(k + 1), upper tail
    e^-x x^(k-1) / Γ(k)); quantiles by interpolating s in log-probability."""
    k = shape
    lg = math.lgamma(k)
    s_lo = (math.log(_TAIL) + math.lgamma(k + 1.0)) / k - 1.0
    x_hi = k + 14.0 * math.sqrt(k) + 75.0
    s = np.linspace(s_lo, math.log(x_hi), _GRID)
    f = np.exp(k * s - np.exp(s) - lg)
    below = math.exp(k * s[0] - math.lgamma(k + 1.0))  # mass below the grid (series)
    above = math.exp((k - 1.0) * math.log(x_hi) - x_hi - lg)  # mass above it
    cum = _cum_trapezoid(f, s[1] - s[0])
    total = below + cum[-1] + above  # 1 up to the rule's error: normalised away
    lower = (below + cum) / total
    upper = (above + _cum_trapezoid(f[::-1], s[1] - s[0])[::-1]) / total  # summed from the top
    return _invert(s, lower, upper, np.exp)


def student_t_knots(df: float) -> tuple[np.ndarray, np.ndarray]:
    """(cdf, x) knots of Student's t with `df` degrees of freedom: the survival of |t|
    integrated in s = log(1 + t) from the far tail (whose mass c·t^-df / df is added), by
    symmetry below 0."""
    nu = df
    lc = math.lgamma((nu + 1) / 2) - math.lgamma(nu / 2) - 0.5 * math.log(nu * math.pi)
    # P(T > t) ~ exp(lc) nu^((nu-1)/2) t^-nu for large t
    t_hi = np.exp((lc + (nu - 1) / 2 * np.log(nu) - np.log(_TAIL)) / nu)
    s = np.linspace(0.0, np.log1p(t_hi), _GRID)
    h = s[1] - s[0]
    t = np.expm1(s)
    f = np.exp(lc - (nu + 1) / 2 * np.log1p(t * t / nu)) * (1.0 + t)
    tail = np.exp(lc + (nu - 1) / 2 * np.log(nu) - nu * np.log(t_hi))
    surv = tail + _cum_trapezoid(f[::-1], h)[::-1]  # P(T > t), t >= 0
    surv *= 0.5 / surv[0]
    # t >= 0 side: lower probability 1 - surv (accurate near 0.5), upper surv
    s_all = np.concatenate([-s[::-1], s[1:]])
    lower = np.concatenate([surv[::-1], 1.0 - surv[1:]])
    upper = np.concatenate([1.0 - surv[::-1], surv[1:]])

    def back(v: np.ndarray) -> np.ndarray:
        return np.sign(v) * np.expm1(np.abs(v))

    return _invert(s_all, lower, upper, back)


def _invert(
    s: np.ndarray, lower: np.ndarray, upper: np.ndarray, back: Callable[[np.ndarray], np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Quantiles at the z knots from a CDF tabulated at s (lower = P(X <= x), upper =
    P(X > x), each accurate in its own tail): s interpolated in log-probability, from the
    lower side below the median and the upper side above it; x = back(s)."""
    u = _z_probs()
    below = u <= 0.5
    with np.errstate(divide="ignore"):
        ll, lu = np.log(lower), np.log(upper)
        # above the median 1 - u is exact (Sterbenz), so the upper tail keeps its precision
        sq = np.where(
            below,
            np.interp(np.log(u), np.maximum.accumulate(ll), s),
            np.interp(-np.log1p(-u), np.maximum.accumulate(-lu), s),
        )
    x = np.maximum.accumulate(back(sq))
    return np.concatenate([[0.0], u, [1.0]]), np.concatenate([[x[0]], x, [x[-1]]])


def truncate_knots(
    cdf: np.ndarray, x: np.ndarray, lo: float, hi: float
) -> tuple[np.ndarray, np.ndarray]:
    """The knots of the distribution conditioned on [lo, hi]: knots inside, the ends added
    (their cdf by interpolation), cdf rescaled to run from 0 to 1."""
    f_lo, f_hi = np.interp([lo, hi], x, cdf)
    inside = (x > lo) & (x < hi)
    c = np.concatenate([[f_lo], cdf[inside], [f_hi]])
    xs = np.concatenate([[lo], x[inside], [hi]])
    c = (c - f_lo) / (f_hi - f_lo)
    c[0], c[-1] = 0.0, 1.0
    return np.maximum.accumulate(c), xs
