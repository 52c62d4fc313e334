# SPDX-License-Identifier: BSD-3-Clause
"""Distributions: parameter validation, the compiled sampler vs the reference (tolerance
policy below), marginal statistics, catalog rows and the Gaussian copula.

Tolerance policy: raw Philox words and uniforms are bit-identical (test_philox.py); inputs
transformed without exp/log (uniform, triangular, PERT table, choice, rows, empirical) are
bit-identical; those through the compiled core's own log/exp (loguniform, normal tails,
lognormal, ci) agree with the reference's numpy log/exp within rtol 1e-13.
"""

from __future__ import annotations

import math
import re
import statistics

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import llmcore as lc
from llmcore._models import get_model
from llmcore.mc import dist
from llmcore.mc.study import build_study
from llmcore.reference import dist as ref_dist

BASE = {"params": 1e9, "tokens": 1e10, "peak_flop_per_s": 1e15}
TRAINING = get_model("training")


def draws(d, n=2000, seed=3, name="grid_gco2_per_kwh", **extra):
    """The same scenarios from the compiled core and from the reference samplers."""
    inputs = {**BASE, name: d, **extra}
    res = lc.simulate(
        "training", inputs, n=n, seed=seed, samples=True, outputs=["flop"], quantiles=()
    )
    study = build_study(TRAINING, inputs, seed)
    ref = ref_dist.sample(study.spec, 0, n)[TRAINING.input_names.index(name)]
    return res.input_samples[name], ref


EXACT = [
    dist.uniform(3, 7),
    dist.triangular(1, 2, 9),
    dist.triangular(1, 1, 9),
    dist.pert(10, 20, 60),
    dist.choice([5, 1, 3], [0.2, 0.5, 0.3]),
    dist.empirical([4.0, 1.0, 1.0, 9.5]),
    dist.bernoulli(0.3),
    dist.poisson(4.5),
    dist.beta(2, 5, 10, 60),
]
CLOSE = [
    dist.loguniform(1, 1e4),
    dist.lognormal(2, 0.7),
    dist.ci(50, 600),
    dist.normal(100, 30, lo=0),
    dist.normal(100, 1, lo=0, hi=1e9),
    dist.normal(5, 2, lo=4, hi=4.5),
]


@pytest.mark.parametrize("d", EXACT, ids=repr)
def test_compiled_equals_reference_exactly(d):
    got, ref = draws(d)
    np.testing.assert_array_equal(got, ref)


@pytest.mark.parametrize("d", CLOSE, ids=repr)
def test_compiled_matches_reference_closely(d):
    got, ref = draws(d)
    np.testing.assert_allclose(got, ref, rtol=1e-13, atol=0)
    lo, hi = d.support
    assert np.all((got >= lo) & (got <= hi))


@given(st.floats(-3, 3), st.floats(0.05, 2.0), st.integers(0, 2**32))
def test_lognormal_hypothesis(mu, sigma, seed):
    got, ref = draws(dist.lognormal(mu, sigma), n=300, seed=seed)
    np.testing.assert_allclose(got, ref, rtol=1e-13)


@given(st.floats(0.0, 100.0), st.floats(0.01, 50.0), st.floats(0.0, 1.0), st.integers(0, 9999))
def test_triangular_hypothesis(lo, width, f, seed):
    d = dist.triangular(lo, lo + f * width, lo + width)
    got, ref = draws(d, n=300, seed=seed)
    np.testing.assert_array_equal(got, ref)
    assert got.min() >= lo and got.max() <= lo + width


def test_uniform_is_the_raw_uniform():
    res = lc.simulate(
        "training",
        {**BASE, "mfu": dist.uniform(0, 1)},
        n=500,
        seed=11,
        samples=True,
        outputs=["flop"],
        quantiles=(),
    )
    from llmcore.reference.philox import uniforms

    key = tuple(int(k) for k in np.random.SeedSequence(11).generate_state(2, np.uint32))
    slot = TRAINING.input_names.index("mfu")
    np.testing.assert_array_equal(
        res.input_samples["mfu"], uniforms(np.arange(500, dtype=np.uint64), slot, 0, key)
    )


def test_acklam_normal_quantile_accuracy():
    p = np.concatenate(
        [np.logspace(-15, -1, 200), np.linspace(0.01, 0.99, 999), 1 - np.logspace(-15, -1, 200)]
    )
    exact = np.array([statistics.NormalDist().inv_cdf(float(x)) for x in p])
    got = ref_dist.ninv(p)
    assert np.all(np.abs(got - exact) <= 1.2e-9 * np.abs(exact) + 1e-15)


def _mean_ok(x, mean, sd):
    assert abs(x.mean() - mean) < 5 * sd / math.sqrt(x.size), (x.mean(), mean)


@pytest.mark.parametrize(
    "d,mean,var",
    [
        (dist.uniform(2, 5), 3.5, 9 / 12),
        (dist.triangular(1, 2, 6), 3.0, (1 + 4 + 36 - 2 - 6 - 12) / 18),
        (dist.pert(10, 20, 60), (10 + 80 + 60) / 6, (25 - 10) * (60 - 25) / 7),
        (dist.lognormal(1, 0.5), math.exp(1 + 0.125), (math.exp(0.25) - 1) * math.exp(2 + 0.25)),
        (dist.choice([1, 2, 10], [0.5, 0.3, 0.2]), 0.5 + 0.6 + 2, 0.5 + 1.2 + 20 - 3.1**2),
        # issue 19: Bernoulli p(1-p); Poisson mean = var = lam; Beta a/(a+b), ab/((a+b)^2(a+b+1))
        (dist.bernoulli(0.3), 0.3, 0.21),
        (dist.poisson(4.5), 4.5, 4.5),
        (dist.poisson(250.0), 250.0, 250.0),
        (dist.beta(2, 5), 2 / 7, 10 / (49 * 8)),
        (dist.beta(3, 1.5, 10, 60), 10 + 50 * 3 / 4.5, 2500 * 4.5 / (4.5**2 * 5.5)),
    ],
)
def test_marginal_moments(d, mean, var):
    got, _ = draws(d, n=40000, seed=5)
    _mean_ok(got, mean, math.sqrt(var))
    assert abs(got.var() / var - 1) < 0.05


def test_ci_central_interval():
    got, _ = draws(dist.ci(50, 600, p=0.8), n=40000, seed=2)
    inside = np.mean((got >= 50) & (got <= 600))
    assert abs(inside - 0.8) < 0.01
    d = dist.ci(-1, 3)  # lo <= 0: a normal
    assert d.encode().kind == dist.KIND_CODES["normal"]


def test_truncated_normal_bounds_and_mass():
    got, _ = draws(dist.normal(1.0, 1.0, lo=0.5, hi=3.0), n=20000, seed=4)
    assert got.min() >= 0.5 and got.max() <= 3.0
    # median of the truncated normal: Φ^-1 of the midpoint of [Φ(a'), Φ(b')]
    nd = statistics.NormalDist()
    m = 1.0 + nd.inv_cdf((nd.cdf(-0.5) + nd.cdf(2.0)) / 2)
    assert abs(np.median(got) - m) < 0.03


def test_rows_draw_whole_rows():
    ids = ["a100-80gb", "h100-sxm", "v100"]
    res = lc.simulate(
        "training",
        {"params": 1e9, "tokens": 1e10, "hardware": dist.rows("hardware", ids, p=[0.2, 0.5, 0.3])},
        n=20000,
        seed=9,
        samples=True,
        outputs=["flop"],
        quantiles=(),
    )
    peak = res.input_samples["peak_flop_per_s"]
    price = res.input_samples["price_per_accel_hour"]
    pairs = {(a, b) for a, b in zip(peak, price)}
    want = {
        (
            lc.catalog.get("hardware", i)["peak_flop_per_s"],
            lc.catalog.get("hardware", i)["price_per_accel_hour"],
        )
        for i in ids
    }
    assert pairs == want  # never a peak of one row with the price of another
    h100 = lc.catalog.get("hardware", "h100-sxm")["price_per_accel_hour"]
    assert abs(np.mean(price == h100) - 0.5) < 0.02


def test_explicit_input_beats_row_and_choice_of_ids():
    res = lc.simulate(
        "training",
        {
            "params": 1e9,
            "tokens": 1e10,
            "hardware": dist.choice(["a100-80gb", "h100-sxm"]),
            "price_per_accel_hour": 2.0,
        },
        n=300,
        seed=1,
        samples=True,
        outputs=["flop"],
        quantiles=(),
    )
    assert "price_per_accel_hour" not in res.input_samples
    assert set(np.unique(res.input_samples["peak_flop_per_s"])) <= {
        lc.catalog.get("hardware", i)["peak_flop_per_s"] for i in ("a100-80gb", "h100-sxm")
    }


def _spearman(a, b):
    ra, rb = np.argsort(np.argsort(a)), np.argsort(np.argsort(b))
    return np.corrcoef(ra, rb)[0, 1]


def test_copula_rank_correlation_and_reference():
    inputs = {
        **BASE,
        "mfu": dist.uniform(0.3, 0.55),
        "pue": dist.triangular(1.05, 1.1, 1.4),
        "grid_gco2_per_kwh": dist.ci(50, 600),
    }
    corr = {("mfu", "pue"): -0.6, ("pue", "grid_gco2_per_kwh"): 0.4}
    res = lc.simulate(
        "training",
        inputs,
        n=20000,
        seed=8,
        samples=True,
        outputs=["flop"],
        quantiles=(),
        correlation=corr,
    )
    x = res.input_samples
    assert abs(_spearman(x["mfu"], x["pue"]) + 0.6) < 0.03
    assert abs(_spearman(x["pue"], x["grid_gco2_per_kwh"]) - 0.4) < 0.03
    assert abs(_spearman(x["mfu"], x["grid_gco2_per_kwh"])) < 0.05 + 0.6 * 0.4
    assert x["mfu"].min() >= 0.3 and x["mfu"].max() <= 0.55
    study = build_study(TRAINING, inputs, 8, corr)
    ref = ref_dist.sample(study.spec, 0, 2000)
    for name in ("mfu", "pue", "grid_gco2_per_kwh"):
        np.testing.assert_allclose(
            x[name][:2000], ref[TRAINING.input_names.index(name)], rtol=1e-12
        )


def test_copula_rejects_inconsistent_matrix():
    inputs = {
        **BASE,
        "mfu": dist.uniform(0.3, 0.55),
        "pue": dist.uniform(1, 2),
        "grid_gco2_per_kwh": dist.uniform(1, 2),
    }
    bad = {
        ("mfu", "pue"): 0.9,
        ("pue", "grid_gco2_per_kwh"): 0.9,
        ("mfu", "grid_gco2_per_kwh"): -0.9,
    }
    with pytest.raises(ValueError, match="not positive definite"):
        lc.simulate("training", inputs, n=10, correlation=bad)
    with pytest.raises(ValueError, match=r"\[-1, 1\]"):
        lc.simulate("training", inputs, n=10, correlation={("mfu", "pue"): 1.5})
    with pytest.raises(ValueError, match="not drawn"):
        lc.simulate("training", inputs, n=10, correlation={("mfu", "n_accel"): 0.5})
    with pytest.raises(KeyError, match="did you mean"):
        lc.simulate("training", inputs, n=10, correlation={("mfu", "peu"): 0.5})


@pytest.mark.parametrize(
    "make,exc,msg",
    [
        (lambda: dist.uniform(2, 1), ValueError, "lo < hi"),
        (lambda: dist.uniform("a", 1), TypeError, "number"),
        (lambda: dist.uniform(0, float("inf")), ValueError, "finite"),
        (lambda: dist.loguniform(0, 1), ValueError, "> 0"),
        (lambda: dist.normal(0, 0), ValueError, "sd must be > 0"),
        (lambda: dist.normal(0, 1, lo=50, hi=60), ValueError, "probability"),
        (lambda: dist.lognormal(0, -1), ValueError, "sigma"),
        (lambda: dist.ci(1, 10, p=1.0), ValueError, "p must be"),
        (lambda: dist.triangular(1, 5, 3), ValueError, "mode"),
        (lambda: dist.pert(1, 0, 3), ValueError, "mode"),
        (lambda: dist.choice([]), ValueError, "at least one"),
        (lambda: dist.choice([1, 2], [0.5]), ValueError, "one probability"),
        (lambda: dist.choice([1, 2], [0.5, 0.6]), ValueError, "sum to 1"),
        (lambda: dist.choice([1, 2], [-0.5, 1.5]), ValueError, r"p\[0\]"),
        (lambda: dist.empirical([1.0, float("nan")]), ValueError, r"samples\[1\]"),
        (lambda: dist.rows("hardware", ["h100-sxn"]), KeyError, "did you mean"),
        (lambda: dist.rows("hardwar", ["h100-sxm"]), KeyError, "catalog kind"),
    ],
)
def test_parameter_errors(make, exc, msg):
    with pytest.raises(exc, match=msg):
        make()


def test_support_must_fit_the_input_range():
    with pytest.raises(ValueError, match=r"mfu.*leaves the valid range"):
        lc.simulate("training", {**BASE, "mfu": dist.uniform(0.5, 1.5)}, n=10)
    with pytest.raises(ValueError, match="truncate"):
        lc.simulate("training", {**BASE, "pue": dist.normal(1.2, 0.1)}, n=10)
    with pytest.raises(ValueError, match=r"can draw 0\.0"):
        lc.simulate("training", {**BASE, "mfu": dist.choice([0.0, 0.5])}, n=10)
    lc.simulate("training", {**BASE, "pue": dist.normal(1.2, 0.1, lo=1)}, n=10)


def test_pert_table_is_monotone_and_spans_range():
    t = dist.pert(2, 3, 10).encode().table
    assert t[0] == 2 and t[-1] == 10 and np.all(np.diff(t) >= 0)


@pytest.mark.parametrize(
    "inputs,msg",
    [
        # every draw underflows to 0, which params (> 0) excludes
        ({"params": dist.lognormal(-745, 1)}, r"'params'.*exp underflows to 0"),
        ({"params": dist.lognormal(705, 1)}, r"'params'.*draws inf"),
        # mean ± 8.3 sd all round to 1e20: a constant posing as a distribution
        ({"params": dist.normal(1e20, 1, lo=1)}, r"'params'.*single value 1e\+20"),
    ],
)
def test_draws_evaluate_would_reject_are_refused(inputs, msg):
    for model in ("training", ["training", "lifecycle"]):
        with pytest.raises(lc.InvalidInputError, match=msg) as e:
            lc.simulate(model, {**BASE, **inputs}, n=10, seed=1)
        assert e.value.input == next(iter(inputs))
    with pytest.raises(lc.InvalidInputError, match=msg):
        lc.sensitivity("training", {**BASE, **inputs}, n=512, seed=1)


@pytest.mark.parametrize("mode", [0.2, 0.4, 0.6])
@pytest.mark.parametrize("lamb", [4.0, 2000.0, 1e12])
def test_sharp_or_one_sided_pert_is_finite(mode, lamb):
    # lamb=2000 underflowed the Beta density (an all-NaN table); mode at an end made 0·log 0
    d = dist.pert(0.2, mode, 0.6, lamb=lamb)
    t = d.encode().table
    assert np.isfinite(t).all() and t[0] == 0.2 and t[-1] == 0.6 and np.all(np.diff(t) >= 0)
    res = lc.simulate("training", {**BASE, "mfu": d}, n=2000, seed=1, outputs=["flop"])
    assert res["flop"].count == 2000
    got, ref = draws(d, n=500, name="mfu")
    assert np.isfinite(got).all() and np.all((got >= 0.2) & (got <= 0.6))
    np.testing.assert_allclose(got, ref, rtol=1e-13)
    if lamb == 2000.0:  # mean (lo + lamb·mode + hi)/(lamb + 2)
        assert got.mean() == pytest.approx((0.8 + lamb * mode) / (lamb + 2), abs=2e-3)


def test_pert_that_cannot_be_tabulated_is_refused():
    with pytest.raises(ValueError, match="cannot be tabulated"):
        dist.pert(-1e308, 0.0, 1e308)  # hi - lo overflows


def test_numbers_beyond_double_and_tiny_ci_levels_are_value_errors():
    with pytest.raises(ValueError, match="uniform hi must be finite"):
        dist.uniform(0, 10**400)
    with pytest.raises(lc.InvalidInputError, match=r"'params' does not fit a double"):
        lc.simulate("training", {**BASE, "params": 10**400}, n=10)
    for lo in (1, -1):  # lognormal and normal branches: z = 0 divided by before
        with pytest.raises(ValueError, match="too small"):
            dist.ci(lo, 2, p=1e-17)
    assert dist.ci(1, 2, p=1e-15).name == "ci"


@pytest.mark.parametrize("key", [1, None, ("params", "tokens")])
def test_non_string_input_keys_are_a_type_error(key):
    inputs = {key: 2, **BASE, "params": dist.uniform(1e9, 2e9)}
    for model in ("training", ["training", "lifecycle"]):
        with pytest.raises(TypeError, match=re.escape(repr(key))):
            lc.simulate(model, inputs, n=10)
    with pytest.raises(TypeError, match=re.escape(repr(key))):
        lc.sensitivity("training", inputs, n=512)
    with pytest.raises(TypeError, match=re.escape(repr(key))):
        build_study(TRAINING, inputs)


def test_poisson_pmf_and_bernoulli_ends():
    # P(X = k) of the table against the pmf by its definition
    d = dist.poisson(3.0).encode()
    pmf = np.diff(np.concatenate([[0.0], d.cdf]))
    for k in range(8):
        assert pmf[k] == pytest.approx(math.exp(-3.0) * 3.0**k / math.factorial(k), rel=1e-12)
    assert 1 - d.cdf[-2] < 1e-15 and d.table[0] == 0.0
    got, _ = draws(dist.bernoulli(0.0), n=500)
    assert not got.any()
    got, _ = draws(dist.bernoulli(1.0), n=500)
    assert got.all()


@pytest.mark.parametrize(
    "make,match",
    [
        (lambda: dist.bernoulli(1.5), "bernoulli"),
        (lambda: dist.poisson(0), "poisson"),
        (lambda: dist.poisson(2e6), "poisson"),
        (lambda: dist.beta(0.5, 2), "a >= 1"),
        (lambda: dist.beta(2, 2, 5, 1), "lo < hi"),
    ],
)
def test_new_distributions_reject_bad_parameters(make, match):
    with pytest.raises(ValueError, match=match):
        make()
