# SPDX-License-Identifier: BSD-3-Clause
"""Sobol indices: the Jansen/Saltelli estimator math on the Ishigami function (analytic
indices) through the reference samplers, and the compiled engine: sums equal to the
reference's, an input without effect has ST exactly 0, indices invariant to threads."""

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


def ishigami_analytic():
    v = A * A / 8 + B * math.pi**4 / 5 + B * B * math.pi**8 / 18 + 0.5
    v1 = 0.5 * (1 + B * math.pi**4 / 5) ** 2
    v2 = A * A / 8
    vt3 = 8 * B * B * math.pi**8 / 225
    s1 = np.array([v1 / v, v2 / v, 0.0])
    st = np.array([(v1 + vt3) / v, v2 / v, vt3 / v])
    return s1, st


def test_ishigami_indices_by_the_estimator():
    # Three inputs uniform on [-pi, pi] drawn by the reference samplers; the "model" is a
    # Python Ishigami function, so only the sampling design and the estimator are exercised.
    unif = dist.uniform(1.0, 1.0 + 2 * math.pi)  # shifted into a valid input range
    study = build_study(
        get_model("training"),
        {
            "params": unif,
            "tokens": unif,
            "mfu": 0.4,
            "flops_per_param_token": unif,
            "peak_flop_per_s": 1e15,
        },
        seed=2024,
    )
    names = get_model("training").input_names
    cols = [names.index(k) for k in ("params", "tokens", "flops_per_param_token")]

    def ishigami(x):
        x1, x2, x3 = (x[c] - 1.0 - math.pi for c in cols)
        return {"f": np.sin(x1) + A * np.sin(x2) ** 2 + B * x3**4 * np.sin(x1)}

    n = 1 << 15
    acc = reference_sums(study, ("f",), n, 32, np.zeros(1), evaluate=ishigami)
    d = len(study.factors)
    assert study.factors == ["params", "tokens", "flops_per_param_token"]
    (t,), _ = indices(acc, d)
    s1, st = ishigami_analytic()
    np.testing.assert_allclose(t["S1"], s1, atol=0.03)
    np.testing.assert_allclose(t["ST"], st, atol=0.03)
    # the 95% half-widths are honest: the analytic values lie within about 3 of them
    assert np.all(np.abs(t["ST"] - st) <= 3 * t["ST_conf"] + 1e-3)
    assert np.all(t["S1_conf"] > 0) and np.all(t["S1_conf"] < 0.05)


INPUTS = {
    "params": 175e9,
    "tokens": 300e9,
    "hardware": dist.rows("hardware", ["a100-80gb", "h100-sxm"], p=[0.5, 0.5]),
    "mfu": dist.uniform(0.3, 0.55),
    "pue": dist.triangular(1.05, 1.1, 1.4),
    "grid_gco2_per_kwh": dist.ci(50, 600),
}


def test_input_without_effect_has_zero_total_index():
    res = lc.sensitivity("training", INPUTS, n=4096, seed=1, outputs=["cloud_cost", "co2_kg"])
    cost = res["cloud_cost"]
    f = res.factors
    assert f == ["hardware", "mfu", "pue", "grid_gco2_per_kwh"]
    for name in ("pue", "grid_gco2_per_kwh"):  # the cloud bill ignores power and carbon
        assert cost["ST"][f.index(name)] == 0.0
        assert abs(cost["S1"][f.index(name)]) < 0.1
    assert res.ST["co2_kg"]["grid_gco2_per_kwh"] > 0.5
    assert cost["ST"][f.index("mfu")] > cost["ST"][f.index("hardware")] > 0.1
    # cost = product of a hardware term and 1/mfu: nearly additive in logs, S1 ~ ST
    assert abs(sum(cost["S1"]) - 1) < 0.1


def test_compiled_sums_equal_reference():
    c = lc.sensitivity("training", INPUTS, n=1500, seed=4, outputs=["co2_kg"])
    r = lc.sensitivity("training", INPUTS, n=1500, seed=4, outputs=["co2_kg"], backend="reference")
    for col in ("S1", "ST", "S1_conf", "ST_conf"):
        np.testing.assert_allclose(c["co2_kg"][col], r["co2_kg"][col], rtol=1e-8, atol=1e-12)


def test_threads_and_chunks_do_not_change_indices():
    a = lc.sensitivity("training", INPUTS, n=3000, seed=5, threads=1)
    b = lc.sensitivity("training", INPUTS, n=3000, seed=5, threads=3, chunk=512)
    for o in a:
        for col in a[o]:
            np.testing.assert_array_equal(a[o][col], b[o][col])


def test_result_api_and_errors():
    res = lc.sensitivity("training", INPUTS, n=512, seed=1, outputs=["co2_kg"])
    df = res.to_pandas()
    assert df.index.names == ["output", "factor"] and list(df.columns) == [
        "S1",
        "S1_conf",
        "ST",
        "ST_conf",
    ]
    assert res.to_dict()["evaluations"] == 512 * 6
    assert "grid_gco2_per_kwh" in repr(res)
    with pytest.raises(ValueError, match="no input is a distribution"):
        lc.sensitivity("training", {"params": 1e9, "tokens": 1e9, "peak_flop_per_s": 1e15}, n=10)
    with pytest.raises(ValueError, match="groups"):
        lc.sensitivity("training", INPUTS, n=10, groups=1)


@pytest.mark.parametrize("n", [1, 2, 256, 257])
def test_too_few_base_scenarios_are_rejected_not_nan(n: int) -> None:
    with pytest.raises(ValueError, match="n >= 258"):
        lc.sensitivity("training", INPUTS, n=n, seed=1, outputs=["co2_kg"])


def test_fewest_base_scenarios_give_finite_indices_and_half_widths() -> None:
    res = lc.sensitivity("training", INPUTS, n=258, seed=1, outputs=["co2_kg"])
    t = res["co2_kg"]
    for k in ("S1", "S1_conf", "ST", "ST_conf"):
        assert np.isfinite(t[k]).all(), k
    with pytest.raises(ValueError, match="too large"):
        lc.sensitivity("training", INPUTS, n=2**64)


def test_too_many_groups_is_a_clear_error_not_memory_error():
    """Issue 13 item 7: groups=10**9 raised MemoryError."""
    with pytest.raises(ValueError, match="groups must be at most 65,536"):
        lc.sensitivity("training", INPUTS, n=1024, groups=10**9)
