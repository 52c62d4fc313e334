# SPDX-License-Identifier: BSD-3-Clause
"""Second-order and grouped Sobol indices (issue 19): the estimator on the Ishigami and
Sobol G functions against their analytic indices (within the reported intervals) and
against SALib; the compiled sums equal to the reference's; groups consistent with the
catalog-row draws that already move inputs together; bit-identity across threads/chunks.

The package runs sensitivity on models only, so the analytic functions go through the
test-only path the first-order tests use: a Study of uniform inputs sampled by the
reference samplers and a Python function in place of the model (``reference_sums``)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import llmcore as lc
from llmcore._models import get_model
from llmcore.mc import dist
from llmcore.mc.sensitivity import indices, reference_sums
from llmcore.mc.study import build_study

A, B = 7.0, 0.1
SLOTS = ("params", "tokens", "flops_per_param_token", "attention_flop_per_token")


def unit_study(d: int, seed: int):
    """A study whose first d factors are uniform on [1, 2] (x = value - 1 in [0, 1])."""
    given = {k: dist.uniform(1.0, 2.0) for k in SLOTS[:d]}
    given.update({k: 1.0 for k in SLOTS[d:]})
    study = build_study(get_model("training"), dict(given, mfu=0.4, peak_flop_per_s=1e15), seed)
    names = get_model("training").input_names
    return study, [names.index(k) for k in SLOTS[:d]]


def ishigami_truth():
    v1 = 0.5 * (1 + B * math.pi**4 / 5) ** 2
    v2 = A * A / 8
    v13 = 8 * B * B * math.pi**8 / 225
    v = v1 + v2 + v13
    s2 = np.array([[np.nan, 0, v13], [0, np.nan, 0], [v13, 0, np.nan]]) / v
    return np.array([v1, v2, 0]) / v, np.array([v1 + v13, v2, v13]) / v, s2


def ishigami(cols):
    def f(x):
        x1, x2, x3 = (math.pi * (2 * (x[c] - 1.0) - 1.0) for c in cols)
        return {"f": np.sin(x1) + A * np.sin(x2) ** 2 + B * x3**4 * np.sin(x1)}

    return f


G_A = np.array([0.0, 1.0, 4.5, 9.0])


def sobol_g_truth():
    vi = 1 / (3 * (1 + G_A) ** 2)
    v = np.prod(1 + vi) - 1
    st = np.array([vi[i] * np.prod(np.delete(1 + vi, i)) for i in range(4)]) / v
    return vi / v, st, np.outer(vi, vi) / v + np.diag(np.full(4, np.nan))


def sobol_g(cols):
    def f(x):
        u = [x[c] - 1.0 for c in cols]
        return {"f": np.prod([(np.abs(4 * ui - 2) + a) / (1 + a) for ui, a in zip(u, G_A)], 0)}

    return f


def within(est, conf, truth, k=3.0, slack=2e-3):
    """Every finite analytic value lies within k of the reported 95% half-widths."""
    m = np.isfinite(truth)
    assert np.all(np.isfinite(conf[m])) and np.all(conf[m] > 0)
    assert np.all(np.abs(est[m] - truth[m]) <= k * conf[m] + slack), (est, conf, truth)


@pytest.mark.parametrize("case", ["ishigami", "sobol_g"])
def test_second_order_indices_match_the_analytic_ones(case):
    d = 3 if case == "ishigami" else 4
    study, cols = unit_study(d, seed=2024 + d)
    fn, truth = (ishigami, ishigami_truth) if case == "ishigami" else (sobol_g, sobol_g_truth)
    acc = reference_sums(study, ("f",), 1 << 15, 32, np.zeros(1), evaluate=fn(cols), second=True)
    (t,), _ = indices(acc, d)
    s1, st, s2 = truth()
    within(t["S1"], t["S1_conf"], s1)
    within(t["ST"], t["ST_conf"], st)
    within(t["S2"], t["S2_conf"], s2)
    np.testing.assert_allclose(t["S2"], t["S2"].T)  # symmetric, NaN diagonal
    assert np.isnan(np.diag(t["S2"])).all()
    if case == "ishigami":  # the one interaction is found, and no other
        assert abs(t["S2"][0, 2] - s2[0, 2]) < 0.05 and t["S2_conf"][0, 2] < 0.05


def test_second_order_sums_keep_the_first_order_ones():
    study, cols = unit_study(3, seed=9)
    one = reference_sums(study, ("f",), 4096, 16, np.zeros(1), evaluate=ishigami(cols))
    two = reference_sums(study, ("f",), 4096, 16, np.zeros(1), evaluate=ishigami(cols), second=True)
    np.testing.assert_array_equal(two[..., : one.shape[-1]], one)
    assert two.shape[-1] == one.shape[-1] + 3


def test_agrees_with_salib_sobol_on_ishigami():
    salib = pytest.importorskip("SALib")
    from SALib.analyze import sobol as sa_sobol
    from SALib.sample import sobol as sa_sample

    del salib
    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[0.0, 1.0]] * 3}
    x = sa_sample.sample(problem, 1 << 13, calc_second_order=True, seed=3)
    y = ishigami([0, 1, 2])(x.T + 1.0)["f"]
    sa = sa_sobol.analyze(problem, y, calc_second_order=True, seed=3)
    study, cols = unit_study(3, seed=3)
    acc = reference_sums(
        study, ("f",), 1 << 14, 32, np.zeros(1), evaluate=ishigami(cols), second=True
    )
    (t,), _ = indices(acc, 3)
    # two independent estimates of the same indices: apart by less than their joint width
    for ours, conf, theirs, tconf in (
        (t["S1"], t["S1_conf"], sa["S1"], sa["S1_conf"]),
        (t["ST"], t["ST_conf"], sa["ST"], sa["ST_conf"]),
    ):
        assert np.all(np.abs(ours - theirs) <= 2 * np.hypot(conf, tconf) + 1e-3)
    iu = np.triu_indices(3, 1)
    gap = np.abs(t["S2"][iu] - sa["S2"][iu])
    assert np.all(gap <= 2 * np.hypot(t["S2_conf"][iu], sa["S2_conf"][iu]) + 1e-3)


INPUTS = {
    "params": 175e9,
    "tokens": 300e9,
    "hardware": dist.rows("hardware", ["a100-80gb", "h100-sxm"], p=[0.5, 0.5]),
    "mfu": dist.uniform(0.3, 0.55),
    "pue": dist.triangular(1.05, 1.1, 1.4),
    "grid_gco2_per_kwh": dist.ci(50, 600),
}


def test_compiled_second_order_equals_reference():
    kw = dict(n=1500, seed=4, outputs=["co2_kg", "cloud_cost"], second_order=True)
    c = lc.sensitivity("training", INPUTS, **kw)
    r = lc.sensitivity("training", INPUTS, backend="reference", **kw)
    for o in c:
        for col in ("S1", "ST", "S2", "S2_conf"):
            np.testing.assert_allclose(c[o][col], r[o][col], rtol=1e-8, atol=1e-12)
    assert c.to_dict()["evaluations"] == 1500 * (2 * 4 + 1)
    # cloud cost is hardware x 1/mfu: pue and carbon intensity interact with nothing (an
    # estimate of 0 within its interval: D1_j + D1_k - D2_jk only cancels in expectation)
    t, f = c["cloud_cost"], c.factors
    p, g = f.index("pue"), f.index("grid_gco2_per_kwh")
    assert abs(t["S2"][p, g]) <= 3 * t["S2_conf"][p, g] and t["S2_conf"][p, g] < 0.05
    assert abs(c.S2["cloud_cost"][("hardware", "mfu")]) < 0.1
    df = c.to_pandas(order=2)
    assert len(df) == 2 * 6 and list(df.columns) == ["S2", "S2_conf"]


def test_second_order_bits_do_not_depend_on_threads_or_chunks():
    a = lc.sensitivity("training", INPUTS, n=3000, seed=5, threads=1, second_order=True)
    b = lc.sensitivity("training", INPUTS, n=3000, seed=5, threads=3, chunk=512, second_order=True)
    for o in a:
        for col in a[o]:
            np.testing.assert_array_equal(a[o][col], b[o][col])


def test_second_order_identical_on_every_simd_level(simd_levels):
    runs = [
        lc.sensitivity("training", INPUTS, n=1024, seed=7, second_order=True, outputs=["co2_kg"])
        for _ in simd_levels()
    ]
    for r in runs[1:]:
        for col in ("S1", "ST", "S2", "S2_conf"):
            np.testing.assert_array_equal(r["co2_kg"][col], runs[0]["co2_kg"][col])


def test_groups_are_unions_of_factors():
    groups = {"site": ["pue", "grid_gco2_per_kwh"]}
    g = lc.sensitivity("training", INPUTS, n=2048, seed=6, input_groups=groups)
    assert g.factors == ["hardware", "mfu", "site"]
    assert g.groups == {"site": ["pue", "grid_gco2_per_kwh"]}
    r = lc.sensitivity("training", INPUTS, n=2048, seed=6, input_groups=groups, backend="reference")
    for col in ("S1", "ST", "S1_conf", "ST_conf"):
        np.testing.assert_allclose(g["co2_kg"][col], r["co2_kg"][col], rtol=1e-8, atol=1e-12)
    # the cloud bill depends on neither: the group's total index is exactly 0
    assert g.ST["cloud_cost"]["site"] == 0.0
    # the group's closed index is at least roughly the sum of its members' first orders
    one = lc.sensitivity("training", INPUTS, n=2048, seed=6)
    site = one.S1["co2_kg"]["pue"] + one.S1["co2_kg"]["grid_gco2_per_kwh"]
    assert g.S1["co2_kg"]["site"] >= site - 0.1


def test_a_row_draw_joins_a_group_whole():
    # peak_flop_per_s is set by the hardware draw: naming it brings the whole draw
    g = lc.sensitivity(
        "training", INPUTS, n=512, seed=1, input_groups={"compute": ["peak_flop_per_s", "mfu"]}
    )
    assert g.factors == ["compute", "pue", "grid_gco2_per_kwh"]
    assert g.groups["compute"] == ["hardware", "mfu"]
    assert "group compute: hardware, mfu" in repr(g)


@pytest.mark.parametrize(
    ("groups", "match"),
    [
        ({"a": ["pue"], "b": ["pue"]}, "is in groups 'a' and 'b'"),
        ({"a": ["params"]}, "'params' is not an uncertain input"),
        ({"a": ["nope"]}, "'nope' is not an uncertain input"),
        ({"mfu": ["pue"]}, "group name 'mfu' is also an ungrouped factor"),
        ({"a": []}, "is empty"),
        ({"a": "pue"}, "must be a list"),
        ([("a", ["pue"])], "must be a non-empty mapping"),
    ],
)
def test_bad_groups_are_clear_errors(groups, match):
    with pytest.raises((ValueError, TypeError), match=match):
        lc.sensitivity("training", INPUTS, n=512, input_groups=groups)


def test_second_order_needs_two_factors_and_a_bool():
    with pytest.raises(ValueError, match="at least 2 factors"):
        lc.sensitivity(
            "training",
            INPUTS,
            n=512,
            second_order=True,
            input_groups={"all": ["hardware", "mfu", "pue", "grid_gco2_per_kwh"]},
        )
    with pytest.raises(TypeError, match="second_order must be True or False"):
        lc.sensitivity("training", INPUTS, n=512, second_order="yes")
    with pytest.raises(ValueError, match="no second-order indices"):
        _ = lc.sensitivity("training", INPUTS, n=512).S2
