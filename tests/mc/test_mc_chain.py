# SPDX-License-Identifier: BSD-3-Clause
"""simulate/sensitivity of a chain of models (["training", "lifecycle"]): the compiled
chained driver against the reference chain on the same samples, one value per scenario for a
shared input, values flowing through compose.RENAMES, name clashes, invariance to threads,
chunks and fold segments, and errors. Tolerances as tests/test_simulate.py."""

from __future__ import annotations

import numpy as np
import pytest

import llmcore as lc
from llmcore._engine import mc_exec as _mc_exec
from llmcore._util.errors import InvalidInputError, UnknownNameError
from llmcore.mc import dist

from ..harness import MC_QUANTILES, mc_state

CHAIN = ["training", "lifecycle"]
INPUTS = {
    "params": dist.loguniform(1e9, 1e11),
    "tokens": dist.lognormal(np.log(3e11), 0.3),
    "hardware": dist.rows("hardware", ["a100-80gb", "h100-sxm"], p=[0.4, 0.6]),
    "mfu": dist.uniform(0.3, 0.55),
    "grid_gco2_per_kwh": dist.ci(50, 600),
    "energy_wh_per_query": dist.lognormal(np.log(0.3), 0.5),
    "co2_g_per_query": dist.uniform(0.05, 0.3),
    "cost_per_query": 0.002,
    "queries_per_day": dist.loguniform(1e5, 1e8),
}
OUTS = ["training.total_co2_kg", "total_co2_kg", "co2_kg", "breakeven_days", "total_cost"]
QS = MC_QUANTILES
_state = mc_state


def _run(**kw):
    args = dict(n=3000, seed=11, outputs=OUTS, quantiles=QS)
    args.update(kw)
    return lc.simulate(CHAIN, INPUTS, **args)


def test_chain_matches_reference_chain_on_the_same_samples():
    thr = {"total_co2_kg": [1e5]}
    c = _run(thresholds=thr)
    r = _run(thresholds=thr, backend="reference")
    assert list(c) == OUTS and c.model == "training -> lifecycle"
    for k in OUTS:
        a, b = c[k], r[k]
        assert a.count == b.count > 0, k
        np.testing.assert_allclose(a.mean, b.mean, rtol=1e-11)
        np.testing.assert_allclose(a.std, b.std, rtol=1e-9)
        np.testing.assert_allclose([a.min, a.max], [b.min, b.max], rtol=1e-12)
        assert np.abs(a.hist - b.hist).sum() <= 2
        for q in QS:
            np.testing.assert_allclose(a.quantile(q), b.quantile(q), rtol=1e-12)
    (cnt_c, sum_c), (cnt_r, sum_r) = (x["total_co2_kg"].exceed[1e5] for x in (c, r))
    assert cnt_c == cnt_r and sum_c == pytest.approx(sum_r, rel=1e-11)


def test_scenarios_equal_evaluate_of_the_chain_on_the_sampled_inputs():
    # Scenario by scenario, the chained driver gives what evaluate(CHAIN) gives for the
    # sampled inputs (catalog-row fields included): outputs flow through compose.RENAMES.
    res = _run(samples=True, quantiles=())
    ins = res.input_samples
    assert "accel_power_w" in ins and "params" in ins  # hardware row fields are sampled
    ev = lc.evaluate(CHAIN, dict(ins) | {"cost_per_query": 0.002}, backend="cpu")
    for k in OUTS:
        np.testing.assert_array_equal(res[k].samples, np.asarray(ev[k]))
    train, total = res["training.total_co2_kg"].samples, res["total_co2_kg"].samples
    assert np.all(total > train)  # lifecycle adds inference CO2 to training's


def test_shared_input_is_one_value_per_scenario():
    # grid_gco2_per_kwh is an input of training and deployment: one draw per scenario, so
    # each model's CO2 divided by its own energy gives the same intensity.
    chain = ["training", "deployment"]
    inputs = {
        "params": 7e10,
        "tokens": 1.4e12,
        "hardware": "h100-sxm",
        "grid_gco2_per_kwh": dist.uniform(20, 800),
        "queries_per_day": 1e6,
    }
    from llmcore._models import get_model

    need = [
        i.name
        for i in get_model("deployment").inputs
        if i.default is None and not i.optional and i.name not in inputs
    ]
    inputs.update({k: 1.0 for k in need})
    res = lc.simulate(chain, inputs, n=512, seed=5, samples=True, quantiles=())
    assert list(res.input_samples) == ["grid_gco2_per_kwh"]
    g = res.input_samples["grid_gco2_per_kwh"]
    ratio = res["co2_kg"].samples / res["energy_kwh"].samples
    np.testing.assert_allclose(ratio, g / 1000.0, rtol=1e-12)


def test_identical_for_threads_chunks_and_segments(monkeypatch):
    base = _state(_run(threads=1))
    for threads, chunk in [(2, None), (3, 256), (5, 1280)]:
        assert _state(_run(threads=threads, chunk=chunk)) == base
    # several fold segments: chunking and threads still give the same bits
    monkeypatch.setattr(_mc_exec, "SEGMENT", 1024)
    seg = _state(_run(threads=1))
    assert seg == _state(_run(threads=3, chunk=768))
    for k, v in seg.items():  # a different reduction tree: equal to rounding
        assert v[:2] == base[k][:2] and v[6] == base[k][6] and v[4:6] == base[k][4:6]
        assert v[2] == pytest.approx(base[k][2], rel=1e-13)


def test_one_model_chain_is_the_model():
    # Same union rows, same Philox slots: the chained driver gives the model's bits.
    inputs = {
        k: v
        for k, v in INPUTS.items()
        if k in ("params", "tokens", "mfu", "hardware", "grid_gco2_per_kwh")
    }
    kw = dict(n=1000, seed=3, outputs=["co2_kg", "cloud_cost"], quantiles=QS)
    assert _state(lc.simulate(["training"], inputs, **kw)) == _state(
        lc.simulate("training", inputs, **kw)
    )


def test_chain_sensitivity_matches_reference_sums():
    kw = dict(n=1024, seed=2, outputs=["total_co2_kg", "training.co2_kg"])
    c = lc.sensitivity(CHAIN, INPUTS, **kw)
    r = lc.sensitivity(CHAIN, INPUTS, backend="reference", **kw)
    assert c.factors == r.factors and "grid_gco2_per_kwh" in c.factors
    assert c.factors.count("grid_gco2_per_kwh") == 1
    for o in kw["outputs"]:
        np.testing.assert_allclose(c[o]["S1"], r[o]["S1"], rtol=1e-8, atol=1e-10)
        np.testing.assert_allclose(c[o]["ST"], r[o]["ST"], rtol=1e-8, atol=1e-10)
    # training's CO2 does not depend on lifecycle's per-query inputs
    st = c.ST["training.co2_kg"]
    assert st["queries_per_day"] == 0.0 and st["co2_g_per_query"] == 0.0
    assert st["grid_gco2_per_kwh"] > 0.1


def test_chain_errors():
    with pytest.raises(UnknownNameError, match="trainng"):
        lc.simulate(["trainng", "lifecycle"], INPUTS, n=10)
    with pytest.raises(UnknownNameError, match="paramz"):
        lc.simulate(CHAIN, INPUTS | {"paramz": 1.0}, n=10)
    with pytest.raises(UnknownNameError):
        lc.simulate(CHAIN, INPUTS, n=10, outputs=["no_such_output"])
    with pytest.raises(ValueError, match="twice"):
        lc.simulate(["training", "training"], INPUTS, n=10)
    with pytest.raises(InvalidInputError, match="queries_per_day"):
        lc.simulate(CHAIN, {k: v for k, v in INPUTS.items() if k != "queries_per_day"}, n=10)
    with pytest.raises(TypeError):
        lc.simulate(["training", 3], INPUTS, n=10)


def test_given_input_beats_the_earlier_output_and_correlation_spans_models():
    # An explicit train_co2_kg overrides training's output (compose.py precedence) ...
    res = _run(
        samples=True,
        quantiles=(),
        outputs=["total_co2_kg", "inference_co2_kg"],
        train_co2_kg=1234.0,
    )
    s = res["total_co2_kg"].samples
    np.testing.assert_allclose(s, 1234.0 + res["inference_co2_kg"].samples, rtol=1e-12)
    # ... and a rank correlation between inputs of different models is honoured.
    corr = {("mfu", "queries_per_day"): 0.8}
    r = _run(samples=True, quantiles=(), correlation=corr, n=4000)
    ins = r.input_samples
    rho = np.corrcoef(
        np.argsort(np.argsort(ins["mfu"])), np.argsort(np.argsort(ins["queries_per_day"]))
    )[0, 1]
    assert abs(rho - 0.8) < 0.05
    ref = _run(correlation=corr, n=4000, backend="reference", quantiles=(0.5,))
    cpu = _run(correlation=corr, n=4000, quantiles=(0.5,))
    for k in OUTS:
        np.testing.assert_allclose(cpu[k].quantile(0.5), ref[k].quantile(0.5), rtol=1e-12)


def test_chain_identical_on_every_simd_level(simd_levels):
    results = [_state(_run(n=2000, thresholds={"total_co2_kg": [1e5]})) for _ in simd_levels()]
    assert all(r == results[0] for r in results)


def test_cli_scenario_file_with_a_chain(tmp_path, capsys):
    import json

    from llmcore.cli.main import main

    f = tmp_path / "chain.toml"
    f.write_text(
        'model = ["training", "lifecycle"]\nn = 2000\nseed = 1\n'
        'outputs = ["training.total_co2_kg", "total_co2_kg"]\n[inputs]\n'
        'params = 175e9\ntokens = 300e9\nhardware = "h100-sxm"\n'
        'grid_gco2_per_kwh = {dist = "ci", lo = 50, hi = 600}\n'
        "energy_wh_per_query = 0.3\nco2_g_per_query = 0.1\ncost_per_query = 0.002\n"
        'queries_per_day = {dist = "loguniform", lo = 1e5, hi = 1e8}\n'
    )
    assert main(["simulate", str(f), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    api = lc.simulate(
        ["training", "lifecycle"],
        {
            "params": 175e9,
            "tokens": 300e9,
            "hardware": "h100-sxm",
            "grid_gco2_per_kwh": dist.ci(50, 600),
            "energy_wh_per_query": 0.3,
            "co2_g_per_query": 0.1,
            "cost_per_query": 0.002,
            "queries_per_day": dist.loguniform(1e5, 1e8),
        },
        n=2000,
        seed=1,
        outputs=["training.total_co2_kg", "total_co2_kg"],
    )
    assert out["model"] == "training -> lifecycle"
    assert list(out["outputs"]) == ["training.total_co2_kg", "total_co2_kg"]
    for k in out["outputs"]:
        got, want = out["outputs"][k], api[k]
        assert (got["mean"], got["min"], got["max"], got["count"]) == (
            want.mean,
            want.min,
            want.max,
            want.count,
        )
        assert got["q0.5"] == want.quantile(0.5)
