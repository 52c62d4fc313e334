# SPDX-License-Identifier: BSD-3-Clause
"""Distributions given by data (issue 19): weighted empirical, histogram, mixtures. Their
inverse CDFs against closed forms (and scipy where installed), the compiled draws equal
to the reference's, and the errors name the bad argument and index. Tolerances: a
histogram is exact (1e-12); gamma, Student t and continuous mixtures are within 1e-5 of the
exact quantiles (relative; absolute near 0) for 1e-6 <= u <= 1 - 1e-6 and 3e-5 out to the
extreme draws u = 2^-53 (knots every 0.001 in z, linear in u between)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import llmcore as lc
from llmcore.mc import dist
from llmcore.reference import dist as ref_dist

U = (np.arange(1 << 16) + 0.5) / (1 << 16)  # midpoints: the mean of Q(u) is the mean of x


def _knot_mean(d):
    """E[x] of a piecewise-linear inverse CDF, exactly: the knots' trapezoids."""
    enc = d.encode()
    c, x = np.asarray(enc.cdf), np.asarray(enc.table)
    return float(np.sum(np.diff(c) * (x[1:] + x[:-1]) / 2))


def _q(d, u=U):
    enc = d.encode()
    return ref_dist.transform(enc.kind, enc.params, enc.table, enc.cdf, u)


def test_weighted_empirical_probabilities():
    d = dist.empirical([3.0, 1.0, 2.0], weights=[1.0, 2.0, 5.0])
    x = _q(d)
    for v, p in ((1.0, 2 / 8), (2.0, 5 / 8), (3.0, 1 / 8)):
        assert abs(np.mean(x == v) - p) < 1e-4
    res = lc.simulate(
        "training",
        {
            "params": 7e10,
            "tokens": 1e12,
            "hardware": "a100-80gb",
            "n_accel": dist.empirical([256, 512], weights=[3, 1]),
        },
        n=1 << 14,
        seed=1,
        outputs=["cloud_cost"],
        samples=True,
        sampler="sobol",
    )
    assert abs(np.mean(res.input_samples["n_accel"] == 256) - 0.75) < 1e-3


def test_histogram_matches_its_closed_form():
    edges, counts = [0.0, 1.0, 2.0, 4.0, 5.0], [2.0, 0.0, 6.0, 2.0]
    d = dist.histogram(edges, counts)
    p = np.array(counts) / sum(counts)
    mids = (np.array(edges[:-1]) + np.array(edges[1:])) / 2
    x = _q(d)
    np.testing.assert_allclose(_knot_mean(d), np.sum(p * mids), rtol=1e-12)
    assert d.support == (0.0, 5.0) and not ((x > 1.0) & (x < 2.0)).any()  # the empty bin
    # quantiles inside bins are exact: u = 0.1 -> 0.5, u = 0.5 -> 2 + 2 * (0.3 / 0.6)
    np.testing.assert_allclose(_q(d, np.array([0.1, 0.5, 0.9])), [0.5, 3.0, 4.5], rtol=1e-12)


def test_mixtures():
    disc = dist.mixture([dist.choice([1.0, 2.0]), dist.bernoulli(0.5)], weights=[0.6, 0.4])
    x = _q(disc)
    for v, p in ((0.0, 0.2), (1.0, 0.5), (2.0, 0.3)):
        assert abs(np.mean(x == v) - p) < 1e-4
    cont = dist.mixture([dist.uniform(0, 1), dist.uniform(2, 3)], weights=[0.3, 0.7])
    np.testing.assert_allclose(_q(cont, np.array([0.15, 0.65])), [0.5, 2.5], rtol=1e-12)
    np.testing.assert_allclose(_knot_mean(cont), 0.3 * 0.5 + 0.7 * 2.5, rtol=1e-12)
    # unbounded components: the CDF of the closed form at the sampled quantiles is u
    norm = dist.mixture([dist.normal(0, 1), dist.lognormal(1, 0.5)], weights=[0.4, 0.6])
    u = np.concatenate([np.geomspace(1e-12, 0.5, 200), 1 - np.geomspace(1e-12, 0.5, 200)])
    phi = np.vectorize(lambda z: 0.5 * math.erfc(-z / math.sqrt(2)))

    def cdf(x):
        with np.errstate(divide="ignore"):
            return 0.4 * phi(x) + 0.6 * np.where(x > 0, phi((np.log(np.abs(x)) - 1) / 0.5), 0.0)

    lo, hi = np.full(u.size, -40.0), np.full(u.size, 1e4)
    for _ in range(80):  # bisection for the exact quantiles
        mid = (lo + hi) / 2
        below = cdf(mid) < u
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    exact = (lo + hi) / 2
    np.testing.assert_allclose(_q(norm, u), exact, rtol=3e-5, atol=1e-5)


def test_mixture_of_gamma_and_t_against_scipy():
    st = pytest.importorskip("scipy.stats")
    d = dist.mixture([dist.gamma(2.5, 1.0), dist.student_t(3.0, 5.0, 1.0)], weights=[0.25, 0.75])
    u = np.concatenate([np.geomspace(1e-12, 0.5, 200), 1 - np.geomspace(1e-12, 0.5, 200)])

    def cdf(x):
        return 0.25 * st.gamma(2.5).cdf(x) + 0.75 * st.t(3.0, loc=5.0).cdf(x)

    lo, hi = np.full(u.size, -1e5), np.full(u.size, 1e5)
    for _ in range(100):  # bisection for the exact quantiles
        mid = (lo + hi) / 2
        below = cdf(mid) < u
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    np.testing.assert_allclose(_q(d, u), (lo + hi) / 2, rtol=3e-5, atol=1e-5)


TAIL_U = np.concatenate(
    [np.geomspace(2.0**-53, 0.4, 300), [0.5], 1.0 - np.geomspace(0.4, 2.0**-52, 300)]
)


def test_gamma_and_t_against_closed_forms():
    # shape 1 is the exponential; df 1 and 2 have closed-form quantiles
    u = TAIL_U
    np.testing.assert_allclose(_q(dist.gamma(1.0, 3.0), u), -3.0 * np.log1p(-u), rtol=1e-6)
    cauchy = np.where(u < 0.5, -1 / np.tan(np.pi * u), 1 / np.tan(np.pi * (1 - u)))
    np.testing.assert_allclose(_q(dist.student_t(1.0), u), cauchy, rtol=3e-5, atol=1e-9)
    t2 = (2 * u - 1) / np.sqrt(2 * u * (1 - u))
    np.testing.assert_allclose(_q(dist.student_t(2.0, 5.0, 2.0), u), 5.0 + 2.0 * t2, rtol=3e-5)
    np.testing.assert_allclose(_knot_mean(dist.gamma(2.5, 2.0)), 5.0, rtol=1e-6)
    tt = dist.student_t(4.0, lo=-1.0, hi=3.0)
    assert tt.support == (-1.0, 3.0) and _q(tt, np.array([2.0**-53, 1 - 2.0**-53])).tolist() == [
        pytest.approx(-1.0, abs=1e-12),
        pytest.approx(3.0, abs=1e-12),
    ]


@pytest.mark.parametrize("shape", [0.5, 2.5, 50.0, 1e4])
def test_gamma_against_scipy(shape):
    st = pytest.importorskip("scipy.stats")
    want = st.gamma(shape, scale=2.0).ppf(TAIL_U)
    np.testing.assert_allclose(_q(dist.gamma(shape, 2.0), TAIL_U), want, rtol=3e-5)
    mid = (TAIL_U > 1e-6) & (TAIL_U < 1 - 1e-6)
    np.testing.assert_allclose(_q(dist.gamma(shape, 2.0), TAIL_U[mid]), want[mid], rtol=1e-5)


@pytest.mark.parametrize("df", [1.5, 3.0, 7.5, 30.0, 1e4])
def test_student_t_against_scipy(df):
    st = pytest.importorskip("scipy.stats")
    u = TAIL_U[(TAIL_U > 1e-13) & (TAIL_U < 1 - 1e-13)]  # where scipy's t.ppf is accurate
    want = st.t(df, loc=1.0, scale=0.5).ppf(u)
    got = _q(dist.student_t(df, 1.0, 0.5), u)
    np.testing.assert_allclose(got, want, rtol=3e-5, atol=5e-6)  # 1e-5 of the scale
    lo, hi = -2.0, 1.5
    tr = dist.student_t(df, 1.0, 0.5, lo=lo, hi=hi)
    f = st.t(df, loc=1.0, scale=0.5).cdf
    v = np.linspace(0.01, 0.99, 99)
    want = st.t(df, loc=1.0, scale=0.5).ppf(f(lo) + v * (f(hi) - f(lo)))
    np.testing.assert_allclose(_q(tr, v), want, rtol=1e-5, atol=5e-6)


def test_compiled_draws_equal_the_reference():
    ins = {
        "params": 7e10,
        "tokens": 1e12,
        "hardware": "a100-80gb",
        "n_accel": 512,
        "mfu": dist.mixture([dist.uniform(0.2, 0.3), dist.pert(0.4, 0.5, 0.6)], [0.5, 0.5]),
        "pue": dist.histogram([1.05, 1.1, 1.3], [3, 1]),
        "grid_gco2_per_kwh": dist.gamma(4.0, 100.0),
        "electricity_price_per_kwh": dist.student_t(3.0, 0.1, 0.01, lo=0.02),
    }
    kw = dict(n=2048, seed=4, outputs=["cloud_cost"], samples=True, quantiles=())
    for sampler in ("random", "sobol"):
        c = lc.simulate("training", ins, sampler=sampler, **kw)
        r = lc.simulate("training", ins, sampler=sampler, backend="reference", **kw)
        for k in ("mfu", "pue", "grid_gco2_per_kwh", "electricity_price_per_kwh"):
            np.testing.assert_array_equal(c.input_samples[k], r.input_samples[k])


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: dist.empirical([1.0, 2.0], weights=[1.0]), "2 samples"),
        (lambda: dist.empirical([1.0, 2.0], weights=[1.0, -1.0]), r"weights\[1\]"),
        (lambda: dist.histogram([0.0, 2.0, 1.0], [1, 1]), r"edges\[2\]"),
        (lambda: dist.histogram([0.0, 1.0], [1, 1]), "len"),
        (lambda: dist.histogram([0.0, 1.0, 2.0], [1, float("nan")]), r"counts\[1\]"),
        (lambda: dist.mixture([dist.uniform(0, 1), dist.choice([1.0])]), r"components\[1\]"),
        (lambda: dist.mixture([dist.uniform(0, 1)], weights=[0.5]), "sum to 1"),
        (lambda: dist.gamma(0.0, 1.0), "shape and scale"),
        (lambda: dist.student_t(0.5), "df must be"),
        (lambda: dist.student_t(3.0, lo=1e6, hi=2e6), "probability"),
    ],
)
def test_bad_arguments(make, match):
    with pytest.raises(ValueError, match=match):
        make()
