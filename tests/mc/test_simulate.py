# SPDX-License-Identifier: BSD-3-Clause
"""simulate: invariance (threads, chunks), compiled summaries vs the same samples in numpy,
exact quantiles vs numpy.quantile, histogram counts, exceedances, the reference backend,
errors. Tolerances: counts and histograms exact; moments bit-identical across threads and
chunkings (fixed reduction tree) and within 1e-12 of numpy on the same samples; exact
quantiles within 1e-6 relative of numpy.quantile (in practice equal)."""

from __future__ import annotations

import numpy as np
import pytest

import llmcore as lc
from llmcore.mc import dist, study
from llmcore.reference import stats as ref_stats

from ..harness import MC_QUANTILES, MC_TRAINING, MC_TRAINING_OUTPUTS, mc_state

INPUTS = MC_TRAINING
OUTS = MC_TRAINING_OUTPUTS
QS = MC_QUANTILES
_state = mc_state


def _run(**kw):
    args = dict(n=5000, seed=7, outputs=OUTS, quantiles=QS)
    args.update(kw)
    return lc.simulate("training", INPUTS, **args)


def test_identical_for_threads_and_chunks():
    thr = {"co2_kg": [3e4, 1e5], "cloud_cost": [1e6]}
    base = _state(_run(threads=1, thresholds=thr))
    for threads, chunk in [(2, None), (3, 256), (7, 512), (1, 768), (16, 1280)]:
        assert _state(_run(threads=threads, chunk=chunk, thresholds=thr)) == base, (threads, chunk)


def test_prefix_stability():
    small = _run(n=1000, samples=True, quantiles=())
    big = _run(n=3000, samples=True, quantiles=())
    for k in OUTS:
        np.testing.assert_array_equal(small[k].samples, big[k].samples[:1000])


@pytest.mark.parametrize("n", [1, 255, 256, 257, 4099])
def test_summaries_match_numpy_on_the_same_samples(n):
    thr = {"co2_kg": [3e4, 1e5]}
    res = _run(n=n, samples=True, thresholds=thr)
    for k in OUTS:
        s = res[k]
        ref = ref_stats.summary(s.samples, thr.get(k, ()), QS)
        assert s.count == ref["count"] == n and s.nonfinite == 0
        np.testing.assert_allclose(s.mean, ref["mean"], rtol=1e-12)
        np.testing.assert_allclose(s.std**2 * n, ref["m2"], rtol=1e-9, atol=1e-300)
        assert (s.min, s.max) == (ref["min"], ref["max"])
        np.testing.assert_array_equal(s.hist, ref["hist"])
        for q in QS:
            want = np.quantile(s.samples, q)
            assert abs(s.quantile(q) - want) <= 1e-6 * abs(want), (k, q)
        for t, (cnt, total) in s.exceed.items():
            above = s.samples[s.samples > t]
            assert cnt == above.size
            np.testing.assert_allclose(total, above.sum(), rtol=1e-12)
            if cnt:
                assert s.prob_above(t) == cnt / n
                np.testing.assert_allclose(s.mean_above(t), above.mean(), rtol=1e-12)


def test_histogram_estimates_are_bounded():
    res = _run(n=20000, samples=True, exact_quantiles=False)
    for k in OUTS:
        s = res[k]
        for q in (0.05, 0.5, 0.95):
            want = np.quantile(s.samples, q)
            assert abs(s.quantile(q) / want - 1) < 2**-5
        x = np.quantile(s.samples, 0.7)
        assert abs(s.prob_above(x) - np.mean(s.samples > x)) < 0.02
        counts, edges = s.histogram
        assert counts.sum() == s.count and edges.size == counts.size + 1
        assert np.all(np.diff(edges) >= 0)


def test_reference_backend_agrees_with_compiled():
    thr = {"wall_days": [30.0]}
    c = _run(n=3000, thresholds=thr)
    r = _run(n=3000, thresholds=thr, backend="reference")
    assert r.backend == "reference" and c.backend == "cpu"
    for k in OUTS:
        a, b = c[k], r[k]
        assert a.count == b.count
        np.testing.assert_allclose(a.mean, b.mean, rtol=1e-11)
        np.testing.assert_allclose(a.std, b.std, rtol=1e-9)
        np.testing.assert_allclose([a.min, a.max], [b.min, b.max], rtol=1e-12)
        assert np.abs(a.hist - b.hist).sum() <= 2  # a value at a bin edge may move by an ulp
        for q in QS:
            np.testing.assert_allclose(a.quantile(q), b.quantile(q), rtol=1e-12)
    assert c["wall_days"].exceed.keys() == r["wall_days"].exceed.keys()


def test_large_run_exact_quantiles_need_refinement():
    # 3e5 scenarios with a tiny collect cap force the sub-histogram passes
    from llmcore._engine import histogram

    old = histogram.COLLECT_CAP
    histogram.COLLECT_CAP = 50
    try:
        res = lc.simulate(
            "training",
            INPUTS,
            n=300_000,
            seed=3,
            outputs=["co2_kg"],
            quantiles=(0.01, 0.5, 0.99),
            samples=True,
        )
    finally:
        histogram.COLLECT_CAP = old
    s = res["co2_kg"]
    for q in (0.01, 0.5, 0.99):
        assert s.quantile(q) == pytest.approx(np.quantile(s.samples, q), rel=1e-12)


def test_discrete_output_quantiles():
    # a few distinct values: refinement must end on single-key ranges
    res = lc.simulate(
        "training",
        {"params": 1e9, "tokens": 1e10, "peak_flop_per_s": 1e15, "n_accel": dist.choice([8, 64])},
        n=2000,
        seed=1,
        outputs=["wall_days"],
        quantiles=(0.1, 0.5, 0.9),
        samples=True,
    )
    s = res["wall_days"]
    for q in (0.1, 0.5, 0.9):
        assert s.quantile(q) == np.quantile(s.samples, q)


def test_fixed_inputs_give_one_value():
    res = lc.simulate(
        "training",
        {"params": 7e10, "tokens": 1.4e12, "hardware": "a100-80gb"},
        n=1000,
        seed=1,
        outputs=["cloud_cost"],
    )
    one = lc.training(params=7e10, tokens=1.4e12, hardware="a100-80gb")["cloud_cost"]
    s = res["cloud_cost"]
    assert s.min == s.max == s.mean == one and s.std == 0 and s.quantile(0.5) == one


def test_seed_changes_and_repeats():
    a, b, c = _run(seed=1, n=500), _run(seed=1, n=500), _run(seed=2, n=500)
    assert _state(a) == _state(b) and _state(a) != _state(c)


def test_result_api():
    res = _run(n=2000, thresholds={"co2_kg": [1e5]})
    df = res.to_pandas()
    assert list(df.index) == OUTS and {"mean", "std", "q0.5"} <= set(df.columns)
    d = res.to_dict()
    assert d["outputs"]["co2_kg"]["unit"] == "kg" and d["n"] == 2000
    assert "co2_kg" in repr(res)
    with pytest.raises(KeyError, match="did you mean"):
        res["co2_k"]
    with pytest.raises(KeyError, match="thresholds"):
        res["co2_kg"].mean_above(5.0)
    with pytest.raises(ValueError):
        res["co2_kg"].quantile(1.5)
    assert res["co2_kg"].quantile([0.5, 0.5]).shape == (2,)
    assert res.status_counts == {
        "non_finite": 0,
        "unreachable_target": 0,
        "does_not_fit": 0,
        "missing_input": 0,
        "inconsistent_inputs": 0,
    }


def test_progress_callback_and_interrupt():
    seen = []
    _run(n=2000, chunk=512, progress=lambda done, total, label: seen.append((done, label)))
    assert seen[-1][0] == 2000 and len(seen) >= 4

    def stop(done, total, label):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _run(n=10**9, chunk=1024, progress=stop)


@pytest.mark.parametrize(
    "kwargs,exc,msg",
    [
        ({"n": 0}, ValueError, "whole number"),
        ({"n": 1.5}, ValueError, "whole number"),
        ({"n": "10"}, TypeError, "number of scenarios"),
        ({"seed": -1}, ValueError, "seed"),
        ({"seed": 1.5}, TypeError, "seed"),
        ({"outputs": ["cloud_cots"]}, KeyError, "did you mean"),
        ({"quantiles": (1.2,)}, ValueError, "quantiles"),
        ({"backend": "gpu"}, KeyError, "backend"),
        ({"thresholds": {"flop": [1]}}, ValueError, "not a requested output"),
        ({"thresholds": {"co2_kg": [1.0, float("nan")]}}, ValueError, "threshold 1 is NaN"),
        ({"n": 2**64}, ValueError, "too large"),
        ({"n": 2.0**63}, ValueError, "too large"),
        ({"n": 10**400}, ValueError, "too large"),
        ({"n": float("inf")}, ValueError, "whole number"),
        ({"chunk": 2**64}, ValueError, "too large"),
    ],
)
def test_argument_errors(kwargs, exc, msg):
    with pytest.raises(exc, match=msg):
        _run(**kwargs)


def test_input_errors():
    with pytest.raises(KeyError, match="did you mean 'params'"):
        lc.simulate("training", {"parms": 1e9, "tokens": 1e9}, n=10)
    with pytest.raises(TypeError, match="not an array"):
        lc.simulate("training", {"params": np.ones(3), "tokens": 1e9}, n=10)
    with pytest.raises(ValueError, match="out of range"):
        lc.simulate(
            "training", {"params": 1e9, "tokens": 1e9, "mfu": 2.0, "peak_flop_per_s": 1e15}, n=10
        )
    with pytest.raises(ValueError, match="needs"):
        lc.simulate("training", {"mfu": 0.4, "peak_flop_per_s": 1e15}, n=10)
    with pytest.raises(ValueError, match="missing required input 'peak_flop_per_s'"):
        lc.simulate("training", {"params": 1e9, "tokens": 1e9}, n=10)
    with pytest.raises(ValueError, match="missing required input"):  # a chain checks too
        lc.simulate(["training", "inference"], {}, n=10)
    with pytest.raises(ValueError, match="samples=True"):
        lc.simulate("training", INPUTS, n=10**8, samples=True)


def test_nonfinite_outputs_are_flagged_and_left_out():
    # valid but extreme magnitudes: 6·params·tokens overflows for part of the draws
    res_inputs = {"params": dist.loguniform(1e100, 1e200), "tokens": 1e200, "peak_flop_per_s": 1e15}
    with pytest.warns(RuntimeWarning, match="non-finite"):
        res = lc.simulate("training", res_inputs, n=2000, seed=1, outputs=["flop"])
    s = res["flop"]
    assert 0 < s.nonfinite < 2000 and np.isfinite(s.max)
    assert s.count + s.nonfinite == 2000 and res.status_counts["non_finite"] == s.nonfinite


def test_identical_on_every_simd_level(simd_levels):
    results = [_state(_run(n=3000, thresholds={"co2_kg": [1e5]})) for _ in simd_levels()]
    assert all(r == results[0] for r in results)


def test_plot():
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    import matplotlib.pyplot as plt

    res = _run(n=5000)
    ax = res.plot("co2_kg")
    assert ax.get_xscale() == "log" and "co2_kg" in ax.get_xlabel()
    assert len(ax.lines) == len(QS)  # one marker per quantile
    plt.close(ax.figure)
    sens = lc.sensitivity("training", INPUTS, n=512, seed=1, outputs=["co2_kg"])
    ax = sens.plot()
    assert [t.get_text() for t in ax.get_xticklabels()] == sens.factors
    plt.close(ax.figure)


def test_unreachable_targets_are_flagged_not_non_finite():
    """The one status rule, in Monte Carlo and Sobol, on the core and the reference: a target
    at or below E gives NaN outputs that are its answer (no non-finite warning)."""
    inputs = {"target_loss": dist.uniform(1.5, 2.5), "compute_flop": 1e23}
    outs = ["min_compute_for_loss", "opt_loss"]
    sims = [
        lc.simulate("scaling", inputs, n=2000, seed=5, outputs=outs, backend=b).status_counts
        for b in ("reference", "cpu")
    ]
    sens = [
        lc.sensitivity("scaling", inputs, n=512, seed=5, outputs=outs, backend=b).status_counts
        for b in ("reference", "cpu")
    ]
    for counts in (sims, sens):
        assert counts[0] == counts[1], counts
        assert counts[0]["non_finite"] == 0 and counts[0]["unreachable_target"] > 0


def test_conflicting_correlation_pairs_are_rejected():
    inputs = {
        "params": dist.loguniform(1e9, 1e11),
        "tokens": dist.loguniform(1e10, 1e12),
        "peak_flop_per_s": 1e15,
    }
    with pytest.raises(lc.InvalidInputError, match="given twice with different values"):
        lc.simulate(
            "training",
            inputs,
            n=10,
            correlation={("params", "tokens"): 0.5, ("tokens", "params"): -0.5},
        )
    # the same pair twice with one value is consistent
    a = lc.simulate(
        "training",
        inputs,
        n=1000,
        seed=1,
        correlation={("params", "tokens"): 0.5, ("tokens", "params"): 0.5},
    )
    b = lc.simulate("training", inputs, n=1000, seed=1, correlation={("params", "tokens"): 0.5})
    assert a["flop"].mean == b["flop"].mean


def test_largest_n_is_accepted_by_the_check():
    from llmcore.mc.subject import MAX_SCENARIOS, count

    assert count(MAX_SCENARIOS) == 2**62 and count(1e8) == 10**8
    with pytest.raises(ValueError, match="too large"):
        count(MAX_SCENARIOS + 1)


def test_unpickled_plan_arrays_are_aligned() -> None:
    # Found by the sanitizer build (.ci/sanitize): on a Dask worker the unpickled spec and
    # chain-map arrays lay at odd offsets of the message, and UBSan reported misaligned int
    # loads in the bindings (mc_args.hpp). Unpickling a Plan (or SobolPlan) copies them.
    import pickle

    from llmcore._engine import mc_exec

    def odd(dtype: type, n: int) -> np.ndarray:
        size = np.dtype(dtype).itemsize
        a = np.frombuffer(bytearray(size * n + 1), dtype=dtype, offset=1, count=n)
        assert not a.flags.aligned
        return a

    plan = mc_exec.Plan(
        target=([1, 2], [odd(np.int32, 3)], 3),
        spec=(odd(np.int32, 2), [odd(np.float64, 4)], 7),
        req=odd(np.int32, 2),
        thr=np.zeros((2, 1)),
    )
    state = dict(plan.__dict__)
    for back in (pickle.loads(pickle.dumps(plan)), object.__new__(mc_exec.Plan)):
        if not isinstance(back.__dict__.get("spec"), tuple):
            back.__setstate__(state)
        arrays = [back.target[1][0], back.spec[0], back.spec[1][0], back.req, back.thr]
        assert all(a.flags.aligned for a in arrays)
        assert back.target[0] == [1, 2] and back.spec[2] == 7 and isinstance(back.spec[1], list)
        np.testing.assert_array_equal(back.req, plan.req)
    sobol = mc_exec.SobolPlan(
        plan.target, plan.spec, plan.req, odd(np.float64, 3), odd(np.int32, 2), 2, 4
    )
    back = object.__new__(mc_exec.SobolPlan)
    back.__setstate__(dict(sobol.__dict__))
    assert all(a.flags.aligned for a in (back.spec[0], back.req, back.shift, back.fac))


@pytest.mark.parametrize("backend", ["cpu", "reference"])
def test_instance_ids_fill_in_monte_carlo_as_in_evaluate(backend):
    """instance= brings its accelerator's hardware row in simulate too (catalog.fill_fields),
    fixed or drawn: each scenario equals evaluate() with that instance."""
    ids = ["p4d.24xlarge", "p5.48xlarge"]
    want = {
        float(lc.training(instance=i, params=7e9, tokens=1e11, backend=backend)["cloud_cost"])
        for i in ids
    }
    fixed = lc.simulate(
        "training",
        {"instance": ids[0], "params": 7e9, "tokens": 1e11},
        n=300,
        seed=2,
        outputs=["cloud_cost"],
        backend=backend,
    )
    assert fixed["cloud_cost"].min == fixed["cloud_cost"].max
    assert fixed["cloud_cost"].min == pytest.approx(
        float(lc.training(instance=ids[0], params=7e9, tokens=1e11)["cloud_cost"]), rel=1e-12
    )
    drawn = lc.simulate(
        "training",
        {"instance": dist.rows("instances", ids), "params": 7e9, "tokens": 1e11},
        n=300,
        seed=2,
        outputs=["cloud_cost"],
        samples=True,
        backend=backend,
    )
    got = sorted(np.unique(drawn["cloud_cost"].samples).tolist())
    assert got == pytest.approx(sorted(want), rel=1e-12)


def test_row_fields_follow_catalog_changes() -> None:
    """The fields a catalog-row draw brings are kept per catalog generation (study set-up
    cost): a row added later with a new field must be seen, and forgotten after reset()."""
    assert "accel_idle_fraction" not in study._kind_fields("hardware")
    row = dict(lc.catalog.get("hardware", "h100-sxm"))
    row = {k: v for k, v in row.items() if k not in ("id", "name")}
    try:
        lc.catalog.add("hardware", {"test-idle-gpu": {**row, "accel_idle_fraction": 0.2}})
        assert "accel_idle_fraction" in study._kind_fields("hardware")
        res = lc.simulate(
            "training",
            {**MC_TRAINING, "hardware": dist.rows("hardware", ["h100-sxm", "test-idle-gpu"])},
            n=2048,
            seed=1,
            outputs=["energy_kwh"],
            backend="cpu",
        )
        assert res["energy_kwh"].count == 2048
    finally:
        lc.catalog.reset()
    assert "accel_idle_fraction" not in study._kind_fields("hardware")
