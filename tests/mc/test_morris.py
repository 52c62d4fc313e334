# SPDX-License-Identifier: BSD-3-Clause
"""Morris screening (issue 19): the trajectory design, the elementary effects against
analytic ones (a linear function) and against SALib's analysis of the same points (Sobol G
function), and lc.morris on a model: backends agree, inputs without effect get μ* = 0."""

from __future__ import annotations

import numpy as np
import pytest

import llmcore as lc
from llmcore.mc import dist
from llmcore.mc.morris import _stats, elementary_effects, morris_points

G_A = np.array([0.0, 1.0, 4.5, 9.0, 99.0])


def sobol_g(x: np.ndarray) -> np.ndarray:  # x: (..., d) in [0, 1]
    return np.prod((np.abs(4 * x - 2) + G_A) / (1 + G_A), axis=-1)


@pytest.mark.parametrize("levels", [2, 4, 8])
def test_trajectories_move_each_factor_once_by_half(levels):
    d, r = 6, 50
    pts = morris_points(d, r, levels, seed=11)
    assert pts.shape == (r, d + 1, d)
    grid = (np.arange(levels) + 0.5) / levels
    assert np.isin(pts, grid).all()
    steps = np.diff(pts, axis=1)  # (r, d, d)
    moved = steps != 0
    assert (moved.sum(axis=2) == 1).all()  # one factor per step
    assert (moved.sum(axis=1) == 1).all()  # each factor once per trajectory
    assert np.allclose(np.abs(steps[moved]), 0.5)
    # the start levels cover the grid (up and down moves both occur)
    assert set(np.round(pts[:, 0].ravel() * levels - 0.5).astype(int)) == set(range(levels))
    np.testing.assert_array_equal(pts, morris_points(d, r, levels, seed=11))
    assert not np.array_equal(pts, morris_points(d, r, levels, seed=12))


def test_linear_function_effects_are_its_coefficients():
    c = np.array([3.0, -2.0, 0.0, 0.5])
    pts = morris_points(4, 12, 4, seed=1)
    ee = elementary_effects(pts, pts @ c)
    np.testing.assert_allclose(ee, np.broadcast_to(c, ee.shape), rtol=1e-12, atol=1e-12)
    s = _stats(ee, 200, 0.95, seed=1)
    np.testing.assert_allclose(s["mu"], c, atol=1e-12)
    np.testing.assert_allclose(s["mu_star"], np.abs(c), atol=1e-12)
    np.testing.assert_allclose(s["sigma"], 0.0, atol=1e-12)


def test_sobol_g_screening_ranks_by_importance():
    pts = morris_points(5, 200, 4, seed=3)
    s = _stats(elementary_effects(pts, sobol_g(pts)), 500, 0.95, seed=3)
    assert list(np.argsort(-s["mu_star"])) == [0, 1, 2, 3, 4]
    assert np.all(s["mu_star_conf"] > 0) and s["mu_star"][4] < 0.05


def test_same_analysis_as_salib_on_its_own_sample():
    pytest.importorskip("SALib")
    from SALib.analyze import morris as sa_morris
    from SALib.sample import morris as sa_sample

    problem = {"num_vars": 5, "names": list("abcde"), "bounds": [[0.0, 1.0]] * 5}
    x = sa_sample.sample(problem, 40, num_levels=4, seed=2)
    y = sobol_g(x)
    sa = sa_morris.analyze(problem, x, y, num_levels=4, num_resamples=2000, seed=2)
    s = _stats(elementary_effects(x.reshape(40, 6, 5), y.reshape(40, 6)), 2000, 0.95, seed=2)
    for ours, theirs in (("mu", "mu"), ("mu_star", "mu_star"), ("sigma", "sigma")):
        np.testing.assert_allclose(s[ours], sa[theirs], rtol=1e-10, atol=1e-12)
    # bootstrap half-widths from different random draws: close, not equal
    np.testing.assert_allclose(s["mu_star_conf"], sa["mu_star_conf"], rtol=0.2)


INPUTS = {
    "params": 175e9,
    "tokens": 300e9,
    "hardware": dist.rows("hardware", ["a100-80gb", "h100-sxm"], p=[0.5, 0.5]),
    "mfu": dist.uniform(0.3, 0.55),
    "pue": dist.triangular(1.05, 1.1, 1.4),
    "grid_gco2_per_kwh": dist.normal(300, 80, lo=10),
}


def test_morris_on_a_model_backends_agree():
    kw = dict(r=16, levels=6, seed=7, outputs=["cloud_cost", "co2_kg"])
    c = lc.morris("training", INPUTS, backend="cpu", **kw)
    ref = lc.morris("training", INPUTS, backend="reference", **kw)
    assert c.factors == ["hardware", "mfu", "pue", "grid_gco2_per_kwh"]
    for o in c:
        for col in c[o]:
            np.testing.assert_allclose(c[o][col], ref[o][col], rtol=1e-9, atol=0)
    cost = c["cloud_cost"]
    for name in ("pue", "grid_gco2_per_kwh"):  # the cloud bill ignores power and carbon
        assert cost["mu_star"][c.factors.index(name)] == 0.0
    assert set(c.ranking("cloud_cost")[:2]) == {"mfu", "hardware"}
    # the narrow PUE range moves carbon least; the grid's intensity is among the top two
    assert c.ranking("co2_kg")[-1] == "pue" and "grid_gco2_per_kwh" in c.ranking("co2_kg")[:2]
    assert c.evaluations == 16 * 5
    assert c.to_pandas().shape == (8, 4) and c.to_dict()["method"] == "morris"
    assert "μ*" in repr(c)


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"r": 1}, "r must be an int >= 2"),
        ({"levels": 5}, "levels must be even"),
        ({"levels": True}, "levels must be an int"),
        ({"conf_level": 1.5}, "conf_level"),
        ({"resamples": 0}, "resamples"),
    ],
)
def test_bad_arguments_are_clear_errors(kw, match):
    with pytest.raises(ValueError, match=match):
        lc.morris("training", INPUTS, **kw)


def test_groups_move_together():
    g = lc.morris(
        "training", INPUTS, r=8, seed=2, outputs=["co2_kg"],
        input_groups={"site": ["pue", "grid_gco2_per_kwh"]},
    )  # fmt: skip
    assert g.factors == ["hardware", "mfu", "site"] and g.evaluations == 8 * 4
    assert g.mu_star["co2_kg"]["site"] > 0


def test_correlation_is_refused_not_dropped():
    with pytest.raises(ValueError, match="correlation cannot be honoured"):
        lc.morris("training", INPUTS, correlation={("mfu", "pue"): 0.5})


def test_chains_need_the_reference_backend():
    with pytest.raises(ValueError, match="backend='reference'"):
        lc.morris(["training", "lifecycle"], INPUTS, r=4, backend="cpu")
