# SPDX-License-Identifier: BSD-3-Clause
"""Dask: simulate/sensitivity with client= on a real two-process LocalCluster equal the local
run bit for bit (counts, histograms, min/max, moments, exact quantiles, Sobol sums), for one
model and a chain; evaluate_table on a Dask dataframe equals the pandas path, meta included.
Skipped only when dask is not installed."""

from __future__ import annotations

import numpy as np
import pytest

distributed = pytest.importorskip("distributed")
dd = pytest.importorskip("dask.dataframe")

import pandas as pd

import llmcore as lc
from llmcore._engine import histogram
from llmcore._engine import mc_exec as _mc_exec
from llmcore.mc import dist

from ..harness import MC_QUANTILES, mc_state

INPUTS = {
    "params": dist.loguniform(1e9, 1e11),
    "tokens": dist.lognormal(np.log(3e11), 0.3),
    "hardware": dist.rows("hardware", ["a100-80gb", "h100-sxm"], p=[0.4, 0.6]),
    "mfu": dist.uniform(0.3, 0.55),
    "grid_gco2_per_kwh": dist.ci(50, 600),
    "n_accel": 512,
}
CHAIN_INPUTS = INPUTS | {
    "energy_wh_per_query": dist.lognormal(np.log(0.3), 0.5),
    "co2_g_per_query": 0.2,
    "cost_per_query": 0.002,
    "queries_per_day": dist.loguniform(1e5, 1e8),
}
QS = MC_QUANTILES


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


@pytest.fixture
def small_segments(monkeypatch):
    # Fold segments of 2048 scenarios: n = 20000 spans 10 of them, in 5 tasks of 4096.
    monkeypatch.setattr(_mc_exec, "SEGMENT", 2048)


_state = mc_state


def test_simulate_on_the_cluster_equals_local_bit_for_bit(client, small_segments, monkeypatch):
    monkeypatch.setattr(histogram, "COLLECT_CAP", 40)  # forces distributed sub-bin passes
    kw = dict(
        n=20_000,
        seed=9,
        quantiles=QS,
        outputs=["co2_kg", "cloud_cost", "wall_days"],
        thresholds={"co2_kg": [1e4, 5e4]},
    )
    local = lc.simulate("training", INPUTS, **kw)
    seen = []
    remote = lc.simulate(
        "training",
        INPUTS,
        client=client,
        task_size=4096,
        progress=lambda done, total, label: seen.append((label, done)),
        **kw,
    )
    assert _state(remote) == _state(local)
    assert ("simulate", 20_000) in seen and ("quantiles", 20_000) in seen
    s = local["co2_kg"]
    assert s.count == 20_000 and s.exact_quantiles[0.5] > 0


def test_chain_on_the_cluster_equals_local(client, small_segments):
    kw = dict(
        n=9000,
        seed=4,
        quantiles=(0.1, 0.9),
        outputs=["training.total_co2_kg", "total_co2_kg", "breakeven_days"],
    )
    local = lc.simulate(["training", "lifecycle"], CHAIN_INPUTS, threads=2, **kw)
    remote = lc.simulate(["training", "lifecycle"], CHAIN_INPUTS, client=client, **kw)
    assert _state(remote) == _state(local)


def test_default_task_split_covers_whole_segments(client):
    runner = __import__("llmcore.mc.distributed", fromlist=["DaskRunner"]).DaskRunner(client)
    rng = runner.ranges(10 * 4096 + 5, 4096)
    assert rng[0][0] == 0 and rng[-1][1] == 10 * 4096 + 5
    assert all(b - a == rng[0][1] - rng[0][0] for a, b in rng[:-1])
    assert all(a % 4096 == 0 for a, _ in rng) and len(rng) <= 8  # 4 tasks per worker


def test_sensitivity_on_the_cluster_equals_local(client, small_segments):
    kw = dict(n=6000, seed=1, outputs=["co2_kg", "cloud_cost"])
    local = lc.sensitivity("training", INPUTS, **kw)
    remote = lc.sensitivity("training", INPUTS, client=client, task_size=2048, **kw)
    assert remote.factors == local.factors
    for o in kw["outputs"]:
        for col in ("S1", "S1_conf", "ST", "ST_conf"):
            np.testing.assert_array_equal(remote[o][col], local[o][col])
    assert remote.variance == local.variance


def test_sobol_sampler_on_the_cluster_equals_local(client, small_segments):
    kw = dict(n=1 << 14, seed=9, quantiles=QS, outputs=["co2_kg", "cloud_cost"], sampler="sobol")
    local = lc.simulate("training", INPUTS, **kw)
    remote = lc.simulate("training", INPUTS, client=client, task_size=4096, **kw)
    assert _state(remote) == _state(local)
    kw = dict(n=4096, seed=1, outputs=["co2_kg"], sampler="sobol")
    local = lc.sensitivity("training", INPUTS, **kw)
    remote = lc.sensitivity("training", INPUTS, client=client, task_size=2048, **kw)
    for col in ("S1", "S1_conf", "ST", "ST_conf"):
        np.testing.assert_array_equal(remote["co2_kg"][col], local["co2_kg"][col])


def test_second_order_and_groups_on_the_cluster_equal_local(client, small_segments):
    kw = dict(n=6000, seed=2, outputs=["co2_kg"], second_order=True)
    kw["input_groups"] = {"scale": ["params", "tokens"]}
    local = lc.sensitivity("training", INPUTS, **kw)
    remote = lc.sensitivity("training", INPUTS, client=client, task_size=2048, **kw)
    assert remote.factors == local.factors and "scale" in local.factors
    for col in ("S1", "ST", "S2", "S2_conf"):
        np.testing.assert_array_equal(remote["co2_kg"][col], local["co2_kg"][col])


def test_evaluate_table_on_a_dask_dataframe(client):
    rng = np.random.default_rng(0)
    pdf = pd.DataFrame(
        {
            "params": rng.uniform(1e9, 7e10, 1000),
            "tokens": rng.uniform(1e11, 2e12, 1000),
            "hardware": rng.choice(["a100-80gb", "h100-sxm"], 1000),
            "note": np.arange(1000),
        }
    )
    ddf = dd.from_pandas(pdf, npartitions=4)
    out = lc.evaluate_table(
        ddf, "training", chunk_size=100, region="us-east-1", electricity_price_per_kwh=0.08
    )
    # the pandas path on the same frame (dask stores strings as pyarrow strings)
    want = lc.evaluate_table(
        ddf.compute(), "training", region="us-east-1", electricity_price_per_kwh=0.08
    )
    assert list(out.columns) == list(want.columns)
    assert dict(out.dtypes) == dict(want.dtypes)  # the meta is right, before computing
    assert all(out.dtypes[c] == np.float64 for c in want.columns if c not in pdf.columns)
    got = out.compute()
    pd.testing.assert_frame_equal(got, want)
    part = lc.evaluate_table(
        ddf, "training", outputs=["co2_kg"], region="us-east-1", electricity_price_per_kwh=0.08
    ).compute()
    np.testing.assert_array_equal(part["co2_kg"].to_numpy(), want["co2_kg"].to_numpy())
    assert "cloud_cost" not in part.columns


def test_client_errors(client):
    with pytest.raises(TypeError, match="Client"):
        lc.simulate("training", INPUTS, n=100, client=object())
    with pytest.raises(ValueError, match="compiled CPU core"):
        lc.simulate("training", INPUTS, n=100, client=client, backend="reference")
    with pytest.raises(ValueError, match="task_size"):
        lc.simulate("training", INPUTS, n=100, client=client, task_size=0)
    with pytest.raises(KeyError, match="paramz"):
        lc.evaluate_table(
            dd.from_pandas(pd.DataFrame({"params": [1e9]}), npartitions=1), "training", paramz=1.0
        )


def test_chain_sensitivity_on_the_cluster_equals_local(client, small_segments):
    kw = {"n": 5000, "seed": 3, "outputs": ["total_co2_kg", "training.co2_kg"]}
    local = lc.sensitivity(["training", "lifecycle"], CHAIN_INPUTS, **kw)
    remote = lc.sensitivity(["training", "lifecycle"], CHAIN_INPUTS, client=client, **kw)
    for o in kw["outputs"]:
        for col in ("S1", "ST", "S1_conf", "ST_conf"):
            np.testing.assert_array_equal(remote[o][col], local[o][col])
