# SPDX-License-Identifier: BSD-3-Clause
"""The HTTP API against the Python API it serves: the same numbers, assumptions and errors
(input, value, index) for the same inputs; the OpenAPI document from the metadata."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient

import llmcore as lc
from llmcore._models import MODELS
from llmcore.report.format import with_unit
from llmcore.serve.app import create_app

TRAINING = {
    "params": 7e9,
    "tokens": 2e12,
    "n_accel": 1024,
    "hardware": "a100-80gb",
    "region": "us-average",
}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(max_n=200_000, max_array=1000), raise_server_exceptions=False)


def test_estimator_equals_python_api(client):
    r = client.post("/api/training", json=TRAINING)
    assert r.status_code == 200, r.text
    got = r.json()
    want = lc.training(**TRAINING)
    assert set(got["outputs"]) == set(want)
    for k, v in want.items():
        assert got["outputs"][k]["value"] == v  # JSON carries the float exactly
        assert got["outputs"][k]["text"] == with_unit(v, want.units[k])
    assert got["assumptions"]["peak_flop_per_s"] == {
        "value": want.assumptions["peak_flop_per_s"]["value"],
        "source": "hardware a100-80gb",
    }
    assert set(got["assumptions"]) == set(want.assumptions)


def test_arrays_and_currency(client):
    r = client.post(
        "/api/training",
        json={**TRAINING, "params": [1e9, 7e9, 70e9], "currency": "EUR", "outputs": ["cloud_cost"]},
    )
    assert r.status_code == 200, r.text
    want = lc.training(
        **{**TRAINING, "params": np.array([1e9, 7e9, 70e9])}, currency="EUR", outputs=["cloud_cost"]
    )
    got = r.json()
    assert got["shape"] == [3] and got["currency"] == "EUR" and got["fx_date"] == want.fx_date
    assert got["outputs"]["cloud_cost"]["value"] == want["cloud_cost"].tolist()
    assert list(got["outputs"]) == ["cloud_cost"]


@pytest.mark.parametrize(
    "body, field, value, index",
    [
        ({"params": -7e9, "tokens": 1e12}, "params", -7e9, None),
        ({"params": [7e9, 1e9, -1], "tokens": 1e12}, "params", -1, [2]),
        ({"params": 7e9, "tokens": "x"}, "tokens", "x", None),
        ({"params": 7e9, "tokens": 1e12, "mfu": 1.5}, "mfu", 1.5, None),
        (
            {"params": 7e9, "tokens": 1e12, "hardware": ["a100-80gb", "a100"]},
            "hardware",
            "a100",
            [1],
        ),
        ({"parms": 7e9}, "parms", 7e9, None),
    ],
)
def test_bad_input_is_422_naming_it(client, body, field, value, index):
    r = client.post("/api/training", json=body)
    assert r.status_code == 422, r.text
    e = r.json()
    assert e["input"] == field and e["value"] == value and e["index"] == index
    assert field in e["error"] or str(value) in e["error"]


def test_unknown_names_get_suggestions(client):
    e = client.post("/api/training", json={"parms": 7e9}).json()
    assert e["suggestions"][0] == "params"
    e = client.post("/api/training", json={**TRAINING, "hardware": "a100"}).json()
    assert "a100-80gb" in e["suggestions"]


def test_nan_and_infinity_are_refused(client):
    for text in ('{"params": NaN, "tokens": 1e12}', '{"params": Infinity, "tokens": 1e12}'):
        r = client.post("/api/training", content=text, headers={"content-type": "application/json"})
        assert r.status_code == 422 and r.json()["input"] == "params"


def test_package_errors_keep_their_input(client):
    # a rule the schema cannot state (an output needs an input): the package's own error
    r = client.post(
        "/api/simulate",
        json={
            "model": "training",
            "n": 1000,
            "inputs": {"params": 7e9, "tokens": 1e12, "hardware": "a100-80gb"},
            "outputs": ["co2_kg"],
        },
    )
    assert r.status_code == 422
    assert r.json()["input"] == "grid_gco2_per_kwh"


def test_evaluate_chain(client):
    inputs = {
        "params": 7e9,
        "tokens": 2e12,
        "hardware": "a100-80gb",
        "region": "us-average",
        "queries_per_day": 1e6,
        "energy_wh_per_query": 0.3,
    }
    r = client.post("/api/evaluate", json={"model": ["training", "lifecycle"], "inputs": inputs})
    assert r.status_code == 200, r.text
    want = lc.evaluate(["training", "lifecycle"], inputs)
    got = r.json()["outputs"]
    for k, v in want.items():
        assert got[k]["value"] == (None if math.isnan(v) else v)


MC = {
    "params": 7e9,
    "tokens": 2e12,
    "n_accel": 1024,
    "hardware": "a100-80gb",
    "region": "us-average",
}


def test_simulate_equals_python_api(client):
    body = {
        "model": "training",
        "n": 20_000,
        "seed": 7,
        "outputs": ["cloud_cost", "co2_kg"],
        "inputs": {
            **MC,
            "mfu": {"dist": "uniform", "lo": 0.3, "hi": 0.55},
            "pue": {"dist": "triangular", "lo": 1.05, "mode": 1.1, "hi": 1.4},
        },
    }
    r = client.post("/api/simulate", json=body)
    assert r.status_code == 200, r.text
    got = r.json()
    want = lc.simulate(
        "training",
        {**MC, "mfu": lc.dist.uniform(0.3, 0.55), "pue": lc.dist.triangular(1.05, 1.1, 1.4)},
        n=20_000,
        seed=7,
        outputs=["cloud_cost", "co2_kg"],
    )
    for k, s in want.items():
        o = got["outputs"][k]
        assert (o["mean"], o["std"], o["count"]) == (s.mean, s.std, s.count)
        qs = {q["q"]: q["value"] for q in o["quantiles"]}
        assert qs[0.05] == s.quantile(0.05) and qs[0.95] == s.quantile(0.95)
        counts, _edges = s.histogram
        assert o["histogram"]["counts"] == counts.tolist()
        assert o["text"]["mean"] == with_unit(s.mean, s.unit)
    # the snippet the page shows reproduces the run
    ns: dict = {}
    exec(got["reproduce"]["python"].replace("print(res)", ""), ns)
    assert ns["res"]["cloud_cost"].mean == want["cloud_cost"].mean


def test_simulate_rows_and_correlation(client):
    body = {
        "model": "training",
        "n": 5000,
        "seed": 3,
        "outputs": ["cloud_cost"],
        "inputs": {
            "params": 7e9,
            "tokens": 2e12,
            "hardware": {"dist": "rows", "ids": ["a100-80gb", "h100-sxm"]},
            "mfu": {"dist": "uniform", "lo": 0.3, "hi": 0.55},
            "pue": {"dist": "uniform", "lo": 1.05, "hi": 1.4},
        },
        "correlation": [{"a": "mfu", "b": "pue", "rho": -0.3}],
        "thresholds": {"cloud_cost": [1e6]},
    }
    r = client.post("/api/simulate", json=body)
    assert r.status_code == 200, r.text
    want = lc.simulate(
        "training",
        {
            "params": 7e9,
            "tokens": 2e12,
            "hardware": lc.dist.rows("hardware", ["a100-80gb", "h100-sxm"]),
            "mfu": lc.dist.uniform(0.3, 0.55),
            "pue": lc.dist.uniform(1.05, 1.4),
        },
        n=5000,
        seed=3,
        outputs=["cloud_cost"],
        correlation={("mfu", "pue"): -0.3},
        thresholds={"cloud_cost": [1e6]},
    )
    o = r.json()["outputs"]["cloud_cost"]
    assert o["mean"] == want["cloud_cost"].mean
    assert o["exceed"][0]["p"] == want["cloud_cost"].prob_above(1e6)


def test_sensitivity_equals_python_api(client):
    inputs = {
        **MC,
        "mfu": {"dist": "uniform", "lo": 0.3, "hi": 0.55},
        "pue": {"dist": "uniform", "lo": 1.05, "hi": 1.4},
    }
    r = client.post(
        "/api/sensitivity",
        json={"model": "training", "n": 2048, "seed": 5, "inputs": inputs, "outputs": ["co2_kg"]},
    )
    assert r.status_code == 200, r.text
    want = lc.sensitivity(
        "training",
        {**MC, "mfu": lc.dist.uniform(0.3, 0.55), "pue": lc.dist.uniform(1.05, 1.4)},
        n=2048,
        seed=5,
        outputs=["co2_kg"],
    )
    rows = {x["factor"]: x for x in r.json()["indices"]["co2_kg"]}
    for f, s1 in want.S1["co2_kg"].items():
        assert rows[f]["S1"] == s1 and rows[f]["ST"] == want.ST["co2_kg"][f]


def test_n_is_capped_by_the_server(client):
    r = client.post("/api/simulate", json={"model": "training", "n": 200_001, "inputs": MC})
    assert r.status_code == 422 and r.json()["input"] == "n"
    inputs = {**MC, "mfu": {"dist": "uniform", "lo": 0.3, "hi": 0.55}}
    # 70,000 base scenarios x (1 + 2) evaluations > 200,000
    r = client.post("/api/sensitivity", json={"model": "training", "n": 70_000, "inputs": inputs})
    assert r.status_code == 422 and r.json()["input"] == "n"
    r = client.post("/api/training", json={**MC, "params": [7e9] * 1001})
    assert r.status_code == 422 and r.json()["input"] == "params"


def test_bad_distribution(client):
    r = client.post(
        "/api/simulate",
        json={
            "model": "training",
            "inputs": {**MC, "mfu": {"dist": "uniform", "lo": 0.6, "hi": 0.5}},
        },
    )
    assert r.status_code == 422 and "lo < hi" in r.json()["error"]
    r = client.post(
        "/api/simulate",
        json={"model": "training", "inputs": {**MC, "mfu": {"dist": "uniform", "lo": 0.3}}},
    )
    assert r.status_code == 422 and r.json()["input"] == "inputs.mfu.hi"


def test_catalog_endpoints(client):
    assert client.get("/api/catalog").json() == lc.catalog.kinds()
    rows = client.get("/api/catalog/hardware").json()
    assert [r["id"] for r in rows] == lc.catalog.list("hardware")
    assert all(r["source"] and r["date"] for r in rows)
    row = client.get("/api/catalog/hardware/H100_SXM").json()
    assert (
        row["id"] == "h100-sxm"
        and row["source"] == lc.catalog.get("hardware", "h100-sxm")["source"]
    )
    hits = client.get("/api/catalog/search", params={"q": "h100"}).json()
    assert [h["id"] for h in hits] == [h["id"] for h in lc.catalog.search("h100")]
    e = client.get("/api/catalog/hardware/h1000")
    assert e.status_code == 404 and e.json()["value"] == "h1000" and e.json()["suggestions"]
    assert client.get("/api/catalog/nope").status_code == 404
    assert client.get("/api/catalog/search", params={"q": " "}).status_code == 422


def test_reproduce_endpoint(client):
    rows = client.get("/api/reproduce").json()
    want = lc.reproduce()
    assert len(rows) == len(want)
    assert [r["id"] for r in rows] == [r["id"] for r in want]
    assert [r["check"] for r in rows] == [r["check"] for r in want]


def test_openapi_is_the_metadata(client):
    doc = client.get("/openapi.json").json()
    for info in MODELS.values():
        assert f"/api/{info.name}" in doc["paths"]
        props = doc["components"]["schemas"][
            "".join(p.capitalize() for p in info.name.split("_")) + "Request"
        ]["properties"]
        for i in info.inputs:
            assert props[i.name]["x-unit"] == i.unit
            assert props[i.name]["x-default"] == i.default_text()
    models = client.get("/api/models").json()
    assert [m["name"] for m in models] == list(MODELS)


def test_estimator_snippets_reproduce(client, capsys):
    from llmcore.cli.main import main

    got = client.post("/api/training", json={**TRAINING, "boundary": "server"}).json()
    ns: dict = {}
    exec(got["reproduce"]["python"].replace("print(r)", ""), ns)
    assert ns["r"]["cloud_cost"] == got["outputs"]["cloud_cost"]["value"]
    argv = got["reproduce"]["cli"].split()[1:]
    assert main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["outputs"]["energy_kwh"] == got["outputs"]["energy_kwh"]["value"]


def test_page_and_static_files(client):
    page = client.get("/")
    assert page.status_code == 200 and "/static/app.js" in page.text
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/style.css").status_code == 200
