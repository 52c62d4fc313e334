# SPDX-License-Identifier: BSD-3-Clause
"""Sobol indices of correlated inputs (issue 19): the full and independent indices of Mara
et al. (2015) under the Gaussian copula, against their closed form for a sum of correlated
normals (test-only path: a Study and a Python function, as in test_sensitivity.py), and
through lc.sensitivity(correlation=...): backends agree, the result says what it assumed."""

from __future__ import annotations

import math

import numpy as np
import pytest

import llmcore as lc
from llmcore._models import get_model
from llmcore.mc import dist
from llmcore.mc.sobol_correlated import correlated_indices
from llmcore.mc.study import build_study

SLOTS = ("params", "tokens", "flops_per_param_token")


def test_sum_of_correlated_normals_matches_the_closed_form():
    # Y = X1 + X2 + X3, unit normals, Pearson rho between X1 and X2, X3 independent:
    # V = 3 + 2 rho; full S1 = ST of X1 = (1 + rho)^2 / V; independent = (1 - rho^2) / V.
    spearman = 0.6
    rho = 2 * math.sin(math.pi * spearman / 6)  # the copula's normal correlation
    given = {k: dist.normal(100.0, 1.0, lo=1.0) for k in SLOTS}
    study = build_study(
        get_model("training"),
        dict(given, mfu=0.4, peak_flop_per_s=1e15),
        seed=8,
        correlation={("params", "tokens"): spearman},
    )
    names = get_model("training").input_names
    cols = [names.index(k) for k in SLOTS]

    def f(x):
        return {"y": sum(x[c] - 100.0 for c in cols)}

    (t,), (var,) = correlated_indices(study, ("y",), 1 << 15, 32, np.zeros(1), f)
    v = 3 + 2 * rho
    full = np.array([(1 + rho) ** 2, (1 + rho) ** 2, 1]) / v
    ind = np.array([1 - rho**2, 1 - rho**2, 1]) / v
    assert var == pytest.approx(v, rel=0.03)
    for col, truth in (("S1", full), ("ST", full), ("S1_ind", ind), ("ST_ind", ind)):
        err = np.abs(t[col] - truth)
        assert np.all(err <= 3 * t[f"{col}_conf"] + 2e-3), (col, t[col], truth)
    # the full indices sum past 1 (shared variance counted twice), the independent below
    assert t["S1"].sum() > 1.05 and t["S1_ind"].sum() < 0.95


INPUTS = {
    "params": 175e9,
    "tokens": 300e9,
    "hardware": "h100-sxm",
    "mfu": dist.uniform(0.3, 0.55),
    "pue": dist.triangular(1.05, 1.1, 1.4),
    "grid_gco2_per_kwh": dist.ci(50, 600),
}
CORR = {("mfu", "pue"): -0.5}


def test_sensitivity_with_correlation_reports_both_kinds_and_says_so():
    kw = dict(n=2048, seed=3, outputs=["co2_kg"], correlation=CORR)
    c = lc.sensitivity("training", INPUTS, backend="cpu", **kw)
    r = lc.sensitivity("training", INPUTS, backend="reference", **kw)
    t = c["co2_kg"]
    for col in ("S1", "ST", "S1_ind", "ST_ind", "S1_conf", "ST_ind_conf"):
        np.testing.assert_allclose(t[col], r["co2_kg"][col], rtol=1e-9, atol=1e-12)
    f = c.factors
    g = f.index("grid_gco2_per_kwh")  # not correlated: both kinds are the usual index
    assert t["S1"][g] == t["S1_ind"][g] and t["ST"][g] == t["ST_ind"][g]
    for name in ("mfu", "pue"):  # negatively correlated, opposite effects on energy:
        j = f.index(name)  # each partly cancels what it drives in the other
        assert t["S1"][j] < t["S1_ind"][j] + 3 * t["S1_conf"][j]
    assert "Mara et al." in c.notes[0] and "mfu, pue" in c.notes[0]
    assert "note: correlated inputs" in repr(c)
    assert c.to_dict()["evaluations"] == 2 * 2048 * 5
    assert list(c.to_pandas().columns)[4:] == ["S1_ind", "S1_ind_conf", "ST_ind", "ST_ind_conf"]


def test_correlation_with_groups_or_second_order_is_a_clear_error():
    for extra in ({"second_order": True}, {"input_groups": {"g": ["mfu", "pue"]}}):
        with pytest.raises(ValueError, match="correlation: the full/independent"):
            lc.sensitivity("training", INPUTS, n=512, correlation=CORR, **extra)


CHAIN_INPUTS = {
    "params": dist.loguniform(1e9, 1e11),
    "tokens": dist.lognormal(math.log(3e11), 0.3),
    "hardware": "h100-sxm",
    "mfu": dist.uniform(0.3, 0.55),
    "grid_gco2_per_kwh": dist.ci(50, 600),
    "energy_wh_per_query": 0.3,
    "co2_g_per_query": 0.1,
    "cost_per_query": 0.002,
    "queries_per_day": dist.loguniform(1e5, 1e8),
}


def test_a_chain_with_correlation_runs_on_the_reference_only():
    kw = dict(n=512, seed=1, outputs=["total_co2_kg"], correlation={("params", "tokens"): 0.7})
    r = lc.sensitivity(["training", "lifecycle"], CHAIN_INPUTS, backend="reference", **kw)
    t = r["total_co2_kg"]
    assert np.isfinite(t["S1"]).all() and np.isfinite(t["ST_ind"]).all()
    assert "params, tokens" in r.notes[0]
    with pytest.raises(ValueError, match="backend='reference'"):
        lc.sensitivity(["training", "lifecycle"], CHAIN_INPUTS, backend="cpu", **kw)
