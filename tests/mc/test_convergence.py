# SPDX-License-Identifier: BSD-3-Clause
"""Issue 19: every summary says how far it can be trusted: the standard error of the mean and
confidence intervals of the mean and of each quantile, checked for coverage against a model
whose output distribution is known in closed form."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest

import llmcore as lc
from llmcore.mc import dist

MU, SIGMA = math.log(7e10), 0.5
FIXED = {"tokens": 1.4e12, "hardware": "a100-80gb", "n_accel": 512.0}


def _scale() -> float:
    # cloud_cost is proportional to params with everything else fixed: K · params
    return float(lc.training(params=1.0, **FIXED)["cloud_cost"])


def _run(seed: int, n: int, quantiles=(0.5, 0.9)):
    study = {"params": dist.lognormal(MU, SIGMA), **FIXED}
    return lc.simulate(
        "training", study, n=n, seed=seed, outputs=["cloud_cost"], quantiles=quantiles
    )["cloud_cost"]


def test_standard_error_matches_the_spread_of_means():
    runs = [_run(seed, 2000) for seed in range(60)]
    spread = np.std([r.mean for r in runs], ddof=1)
    se = np.mean([r.mean_se for r in runs])
    assert 0.75 < spread / se < 1.33, (spread, se)


@pytest.mark.parametrize("q", [0.5, 0.9])
def test_intervals_cover_the_true_values(q):
    k = _scale()
    true_mean = k * math.exp(MU + SIGMA**2 / 2)
    true_q = k * math.exp(MU + SIGMA * NormalDist().inv_cdf(q))
    hits_mean = hits_q = 0
    trials = 200
    for seed in range(trials):
        s = _run(1000 + seed, 4000)
        lo, hi = s.mean_ci(0.95)
        hits_mean += lo <= true_mean <= hi
        lo, hi = s.quantile_ci(q, 0.95)
        assert lo <= s.quantile(q) <= hi
        hits_q += lo <= true_q <= hi
    # 95 % nominal; 200 trials have a binomial sd of 1.5 %
    assert 0.89 <= hits_mean / trials <= 0.99, hits_mean
    assert 0.89 <= hits_q / trials <= 0.995, hits_q


def test_intervals_narrow_as_n_grows():
    small, large = _run(7, 2000), _run(7, 32000)
    assert large.mean_se < small.mean_se / 3
    w = [np.diff(s.quantile_ci(0.5))[0] for s in (small, large)]
    assert w[1] < w[0] / 2.5


def test_summaries_carry_them():
    s = _run(3, 5000, quantiles=(0.05, 0.5))
    d = s.to_dict(quantiles=(0.05, 0.5))
    assert d["mean_se"] == s.mean_se > 0
    assert d["q0.5_ci95_lo"] < d["q0.5"] < d["q0.5_ci95_hi"]
    assert "±" in repr(
        lc.simulate("training", {"params": dist.lognormal(MU, SIGMA), **FIXED}, n=1000, seed=1)
    )
    with pytest.raises(ValueError, match="level"):
        s.mean_ci(1.0)
    with pytest.raises(ValueError, match="quantile level"):
        s.quantile_ci(1.5)


def test_rel_error_stops_at_the_first_round_that_meets_it():
    study = {"params": dist.lognormal(MU, SIGMA), **FIXED}
    res = lc.simulate("training", study, n=1e7, seed=5, outputs=["cloud_cost"], rel_error=0.002)
    s = res["cloud_cost"]
    assert res.rel_error_reached and s.mean_se / s.mean <= 0.002
    # doubling from 2^14: the round before did not meet it (sd/mean of a lognormal 0.5 is 0.53,
    # so about 0.53^2 / 0.002^2 = 70,000 scenarios are needed)
    assert res.n in (1 << 17,)
    prev = lc.simulate("training", study, n=res.n // 2, seed=5, outputs=["cloud_cost"])
    assert prev["cloud_cost"].mean_se / prev["cloud_cost"].mean > 0.002
    # and it is exactly the plain run of that size
    same = lc.simulate("training", study, n=res.n, seed=5, outputs=["cloud_cost"])
    assert same["cloud_cost"].mean == s.mean and same["cloud_cost"].quantile(0.5) == s.quantile(0.5)


def test_rel_error_not_reached_warns_and_says_so():
    study = {"params": dist.lognormal(MU, SIGMA), **FIXED}
    with pytest.warns(RuntimeWarning, match="rel_error=1e-05 not reached with n=20,000"):
        res = lc.simulate("training", study, n=20000, seed=1, rel_error=1e-5)
    assert res.rel_error_reached is False and res.n == 20000
    assert lc.simulate("training", study, n=1000, seed=1).rel_error_reached is None
    with pytest.raises(ValueError, match="rel_error"):
        lc.simulate("training", study, n=1000, rel_error=0)


def test_samples_stream_to_parquet(tmp_path, monkeypatch):
    pq = pytest.importorskip("pyarrow.parquet")
    from llmcore.mc import simulate as sim_mod

    monkeypatch.setattr(sim_mod, "_SAMPLE_FILE_CHUNK", 1024)  # several chunks
    study = {"params": dist.lognormal(MU, SIGMA), "mfu": dist.uniform(0.3, 0.5), **FIXED}
    path = tmp_path / "s.parquet"
    res = lc.simulate("training", study, n=3500, seed=9, outputs=["cloud_cost"], samples=path)
    assert res.samples_path == str(path) and not list(tmp_path.glob("*.part-*"))
    t = pq.read_table(path)
    assert t.column_names == ["scenario", "params", "mfu", "cloud_cost"]
    assert t.num_rows == 3500 and t["scenario"].to_pylist() == list(range(3500))
    # the same scenarios as samples=True, bit for bit
    mem = lc.simulate("training", study, n=3500, seed=9, outputs=["cloud_cost"], samples=True)
    np.testing.assert_array_equal(t["cloud_cost"].to_numpy(), mem["cloud_cost"].samples)
    np.testing.assert_array_equal(t["params"].to_numpy(), mem.input_samples["params"])
    meta = t.schema.metadata[b"llmcore"]
    assert b'"seed": 9' in meta and b'"model": "training"' in meta
    # the summaries are the plain run's
    assert res["cloud_cost"].mean == mem["cloud_cost"].mean
    with pytest.raises(ValueError, match="parquet"):
        lc.simulate("training", study, n=10, samples=tmp_path / "s.csv")
