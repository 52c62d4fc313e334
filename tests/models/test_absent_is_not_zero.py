# SPDX-License-Identifier: BSD-3-Clause
"""Issue 12: a figure nobody gave and no catalog row holds is absent, never 0; catalog rows are
resolved per scenario; every assumption is reported."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import llmcore as lc
from llmcore import catalog

BASE = {"params": 7e9, "tokens": 2e12, "n_accel": 64}
# A row with chip figures but no price, purchase price or embodied carbon (like a new part).
BARE = {
    "name": "test accelerator without prices",
    "peak_flop_per_s": 400e12,
    "accel_memory_bytes": 96e9,
    "mem_bw_bytes_per_s": 3e12,
    "accel_power_w": 600,
    "source": "tests/models/test_absent_is_not_zero.py (made up)",
    "date": "2026-11",
}
PRICED = ["a100-80gb", "h100-sxm"]


@pytest.fixture
def bare_row():
    catalog.add("hardware", {"bare-gpu": dict(BARE)}, origin="test")
    yield "bare-gpu"
    catalog.reset()


def _warned(fn, *args, **kw):
    """fn's result and its MissingDataWarning messages."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always", lc.MissingDataWarning)
        r = fn(*args, **kw)
    return r, [str(w.message) for w in seen if issubclass(w.category, lc.MissingDataWarning)]


def _quiet(**kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", lc.MissingDataWarning)
        return lc.training(**kw)


def test_a_row_without_a_price_gives_no_cloud_cost_and_says_so(backend, bare_row) -> None:
    r, said = _warned(lc.training, **BASE, hardware=bare_row, backend=backend)
    assert any("hardware bare-gpu has no price_per_accel_hour" in m for m in said), said
    assert "cloud_cost" not in r and "hardware_cost" not in r and "embodied_co2_kg" not in r
    assert "flop" in r and "energy_kwh" in r
    with pytest.raises(lc.InvalidInputError, match="hardware bare-gpu has no price_per_accel_hour"):
        _quiet(**BASE, hardware=bare_row, outputs=["cloud_cost"], backend=backend)


def test_no_region_means_no_co2_not_zero_co2(backend) -> None:
    r = lc.training(**BASE, hardware="a100-80gb", backend=backend)
    assert "co2_kg" not in r and "electricity_cost" not in r
    r = lc.training(**BASE, hardware="a100-80gb", region="us-average", backend=backend)
    assert r["co2_kg"] > 0 and r["electricity_cost"] > 0


def test_mixed_ids_fill_each_scenario_from_its_own_row(backend) -> None:
    """The reproducer: embodied CO2 of [a100, h100] was [0, 0] (fields of the intersection)."""
    ids = np.array(PRICED)
    r = lc.training(**BASE, hardware=ids, backend=backend)
    for k, hw in enumerate(PRICED):
        one = lc.training(**BASE, hardware=hw, backend=backend)
        for name, v in one.items():
            assert r[name][k] == pytest.approx(v, rel=1e-12), (hw, name)


def test_a_row_lacking_a_field_is_nan_for_its_scenarios_only(backend, bare_row) -> None:
    ids = np.array(["a100-80gb", bare_row, "a100-80gb"])
    r, said = _warned(lc.training, **BASE, hardware=ids, backend=backend)
    assert any("bare-gpu has no price_per_accel_hour" in m and "for 1 scenario" in m for m in said)
    cost = r["cloud_cost"]
    assert np.isnan(cost[1]) and np.all(cost[[0, 2]] > 0)
    assert r.status_counts["missing_input"] == 1 and r.status_counts["non_finite"] == 0
    assert r["flop"][1] > 0 and not np.isnan(r["energy_kwh"]).any()


def test_assumptions_name_every_value_not_given(backend) -> None:
    r = lc.training(**BASE, hardware="a100-80gb", region="us-average", backend=backend)
    a = r.assumptions
    assert a["pue"] == {"value": 1.1, "source": "default"}
    assert a["peak_flop_per_s"]["source"] == "hardware a100-80gb"
    assert a["grid_gco2_per_kwh"]["source"] == "regions us-average"
    assert not {"params", "tokens", "n_accel"} & set(a)  # given, so not assumed


def test_a_keyword_that_fills_nothing_is_an_error() -> None:
    with pytest.raises(lc.UnknownNameError, match="fit"):
        lc.training(**BASE, hardware="a100-80gb", fit="chinchilla")
    with pytest.raises(lc.UnknownNameError, match="fit"):
        lc.evaluate(["training", "lifecycle"], BASE, hardware="a100-80gb", fit="chinchilla")


@given(
    picks=st.lists(st.sampled_from([*PRICED, "bare-gpu", "v100", "tpu-v4"]), min_size=1, max_size=6)
)
def test_an_array_of_ids_equals_each_id_alone(picks: list[str]) -> None:
    """Per-scenario resolution: the array call's scenario k is the scalar call for id k; an
    output the scalar call cannot compute is NaN there, never 0."""
    catalog.add("hardware", {"bare-gpu": dict(BARE)}, origin="test")
    try:
        r = _quiet(**BASE, hardware=np.array(picks), region="us-average")
        for k, hw in enumerate(picks):
            one = _quiet(**BASE, hardware=hw, region="us-average")
            for name in r:
                v = r[name][k]
                if name in one:
                    assert v == pytest.approx(one[name], rel=1e-12), (hw, name)
                else:
                    assert np.isnan(v), (hw, name, v)
    finally:
        catalog.reset()


def test_no_silent_n_accel(backend) -> None:
    """GPT-3 "took 29,213 days" on one accelerator by default; now the wall-clock time needs
    n_accel, and the cost (which does not depend on it) stays."""
    r = lc.training(params=175e9, tokens=300e9, hardware="tpu-v4", mfu=0.462, backend=backend)
    assert "wall_days" not in r and "n_accel" not in r.assumptions
    assert r["cloud_cost"] == pytest.approx(1_398_071.6, rel=1e-6)
    r = lc.training(
        params=175e9, tokens=300e9, hardware="tpu-v4", mfu=0.462, n_accel=1024, backend=backend
    )
    assert r["wall_days"] == pytest.approx(r["accel_hours"] / 1024 / 24, rel=1e-12)


def test_a_table_of_mixed_rows_is_nan_where_a_row_lacks_a_field(bare_row) -> None:
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"params": [7e9] * 4, "hardware": ["a100-80gb", bare_row] * 2})
    out, said = _warned(lc.evaluate_table, df, "training", chunk_size=3, tokens=2e12, n_accel=8)
    assert any("bare-gpu has no price_per_accel_hour" in m for m in said), said
    cost = out["cloud_cost"].to_numpy()
    assert np.isnan(cost[[1, 3]]).all() and (cost[[0, 2]] > 0).all()
    assert out.attrs["llmcore_assumptions"]["peak_flop_per_s"]["source"].startswith("hardware")


def test_monte_carlo_rows_lacking_a_field_count_missing_input(bare_row) -> None:
    from llmcore.mc import dist

    inputs = {
        **BASE,
        "hardware": dist.rows("hardware", ["a100-80gb", bare_row], p=[0.5, 0.5]),
        "mfu": dist.uniform(0.3, 0.5),
    }
    counts = []
    for b in ("reference", "cpu"):
        with pytest.warns(lc.MissingDataWarning, match="bare-gpu has no price_per_accel_hour"):
            res = lc.simulate("training", inputs, n=2000, seed=3, outputs=["cloud_cost"], backend=b)
        counts.append(res.status_counts)
        assert 0 < res["cloud_cost"].nonfinite < 2000 and res["cloud_cost"].mean > 0
    assert counts[0] == counts[1]
    assert counts[0]["missing_input"] > 0 and counts[0]["non_finite"] == 0


def test_sweep_over_every_hardware_row(tmp_path) -> None:
    pytest.importorskip("pyarrow")
    pd = pytest.importorskip("pandas")
    grid = tmp_path / "g.toml"
    grid.write_text(
        'model = "training"\n[inputs]\nparams = 7e9\ntokens = 2e12\nn_accel = 8\n'
        'region = "us-average"\n[grid]\nhardware = {catalog = "all"}\n'
    )
    n = lc.sweep(grid, tmp_path / "out.parquet")
    df = pd.read_parquet(tmp_path / "out.parquet")
    assert n == len(catalog.list("hardware")) == len(df)
    for col in ("cloud_cost", "hardware_cost", "co2_kg", "total_co2_kg"):
        assert (df[col] > 0).all(), col  # every shipped row is complete (test_hardware_rows)


@given(
    hw=st.lists(st.sampled_from(catalog.list("hardware")), min_size=1, max_size=5),
    region=st.sampled_from(catalog.list("regions")),
)
def test_catalog_figures_never_turn_an_output_into_zero(hw: list[str], region: str) -> None:
    """With positive given inputs, no output filled from any shipped catalog row is 0: it is a
    number, or NaN/absent where a row lacks a figure (the silent zeros of issue 12)."""
    r = _quiet(**BASE, hardware=np.array(hw), region=region)
    for name, v in r.items():
        if name == "idle_energy_kwh":  # 0 by the stated default utilization 1, not absent data
            assert r.assumptions["utilization"]["value"] == 1.0
            continue
        v = np.asarray(v)
        assert not (v == 0).any(), (name, hw, region)


def test_a_chain_with_a_region_gives_inference_co2_not_zero() -> None:
    """The reproducer: training -> lifecycle with region= gave inference_co2_kg = 0 beside GWh
    of inference energy. The region reaches lifecycle, which derives CO2 per query from it."""
    from llmcore.mc import dist

    given = {
        **BASE,
        "hardware": "a100-80gb",
        "energy_wh_per_query": 0.3,
        "queries_per_day": dist.loguniform(1e6, 1e8),
    }
    sim = lc.simulate(
        ["training", "lifecycle"],
        given,
        n=2000,
        seed=1,
        region="us-average",
        outputs=["inference_co2_kg", "inference_energy_kwh"],
    )
    grid = catalog.get("regions", "us-average")["grid_gco2_per_kwh"]
    assert sim["inference_co2_kg"].mean == pytest.approx(
        sim["inference_energy_kwh"].mean * grid / 1000, rel=1e-9
    )
    r = lc.evaluate(
        ["training", "lifecycle"], {**given, "queries_per_day": 1e7}, region="us-average"
    )
    assert r["inference_co2_kg"] > 0
    # without a grid intensity the CO2 side is absent and said so, never 0
    r, said = _warned(lc.lifecycle, energy_wh_per_query=0.3, queries_per_day=1e7)
    assert "inference_co2_kg" not in r and said


IDS = st.lists(
    st.sampled_from([*PRICED, "bare-gpu", "v100", "tpu-v4", "mi300x"]), min_size=1, max_size=6
)


@given(picks=IDS, chunk=st.integers(1, 4))
def test_a_table_equals_the_array_call(picks: list[str], chunk: int) -> None:
    """Tables resolve rows per scenario like arrays, whatever the chunking."""
    pd = pytest.importorskip("pandas")
    catalog.add("hardware", {"bare-gpu": dict(BARE)}, origin="test")
    try:
        df = pd.DataFrame({"hardware": picks})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", lc.MissingDataWarning)
            out = lc.evaluate_table(df, "training", chunk_size=chunk, **BASE)
        r = _quiet(**BASE, hardware=np.array(picks))
        for name in r:
            np.testing.assert_array_equal(out[name].to_numpy(), r[name], err_msg=name)
    finally:
        catalog.reset()


@given(
    picks=st.lists(
        st.sampled_from([*PRICED, "bare-gpu", "v100"]), min_size=1, max_size=4, unique=True
    )
)
def test_monte_carlo_rows_agree_with_the_reference(picks: list[str]) -> None:
    """dist.rows over rows that may lack fields: status counts and the sampled outputs agree
    between the compiled core and the reference."""
    from llmcore.mc import dist

    catalog.add("hardware", {"bare-gpu": dict(BARE)}, origin="test")
    try:
        inputs = {**BASE, "hardware": dist.rows("hardware", picks), "region": "us-average"}
        outs = ["cloud_cost", "co2_kg", "total_co2_kg"]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", lc.MissingDataWarning)
            runs = [
                lc.simulate("training", inputs, n=512, seed=2, outputs=outs, backend=b)
                for b in ("reference", "cpu")
            ]
        assert runs[0].status_counts == runs[1].status_counts
        assert runs[0].status_counts["non_finite"] == 0
        for o in outs:
            assert runs[0][o].count == runs[1][o].count
            if runs[0][o].count:
                assert runs[1][o].mean == pytest.approx(runs[0][o].mean, rel=1e-11)
    finally:
        catalog.reset()
