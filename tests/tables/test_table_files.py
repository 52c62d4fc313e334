# SPDX-License-Identifier: BSD-3-Clause
"""Table files that carry their context (issue 20, item 4), numbers as text in grids and
table columns, and errors naming the row, label and column of a bad cell."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

import llmcore as lc
from llmcore import catalog
from llmcore.tables import sweep as sweep_mod
from llmcore.tables.files import read_context, write_table

_GRID = """model = "training"
[inputs]
tokens = "1.4T"
region = "us-average"
[grid]
params = ["7B", "13B"]
hardware = ["a100-80gb", "h100-sxm"]
"""


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_sweep_file_carries_fixed_inputs_units_catalog_dates(tmp_path, suffix) -> None:
    if suffix == "parquet":
        pytest.importorskip("pyarrow")
    grid = tmp_path / "g.toml"
    grid.write_text(_GRID)
    out = tmp_path / f"r.{suffix}"
    assert lc.sweep(grid, out) == 4
    df = pd.read_csv(out) if suffix == "csv" else pd.read_parquet(out)
    assert list(df.params) == [7e9, 7e9, 13e9, 13e9]
    assert set(df.tokens) == {1.4e12} and set(df.region) == {"us-average"}
    doc = read_context(out)
    assert doc is not None
    assert doc["model"] == "training" and doc["llmcore_version"] == lc.__version__
    assert doc["fixed_inputs"] == {"tokens": 1.4e12, "region": "us-average"}
    assert doc["units"]["params"] == "count" and doc["units"]["co2_kg"] == "kg"
    assert doc["units"]["cloud_cost"] == "USD"
    used = {(r["kind"], r["id"]): r["date"] for r in doc["catalog"]}
    for kind, rid in [
        ("hardware", "a100-80gb"),
        ("hardware", "h100-sxm"),
        ("regions", "us-average"),
    ]:
        assert used[(kind, rid)] == catalog.get(kind, rid)["date"]
    # the assumptions the estimator reports, with their sources
    ref = lc.training(params=7e9, tokens=1.4e12, hardware="a100-80gb", region="us-average")
    assert doc["assumptions"]["mfu"] == {
        "value": ref.assumptions["mfu"]["value"],
        "source": "default",
    }
    assert doc["assumptions"]["peak_flop_per_s"]["value"] == "per row"  # varies with hardware
    assert df.co2_kg[0] == pytest.approx(ref["co2_kg"], rel=1e-12)


def test_csv_stays_plain_with_its_context_beside_it(tmp_path) -> None:
    grid = tmp_path / "g.toml"
    grid.write_text(_GRID)
    out = tmp_path / "r.csv"
    lc.sweep(grid, out)
    lines = out.read_text().splitlines()
    assert lines[0].startswith("params,hardware,tokens,region,")  # a plain CSV
    assert len(pd.read_csv(out)) == len(lines) - 1  # pandas' defaults read it
    side = tmp_path / "r.csv.llmcore.json"
    assert side.exists() and read_context(out)["model"] == "training"


def test_write_table_is_atomic_and_keeps_an_existing_file(tmp_path, monkeypatch) -> None:
    out = tmp_path / "t.csv"
    out.write_text("previous")

    class Boom(Exception):
        pass

    def fail(*a, **k):
        raise Boom

    monkeypatch.setattr(pd.DataFrame, "to_csv", fail)
    with pytest.raises(Boom):
        write_table(pd.DataFrame({"a": [1.0]}), out, {"model": "x"})
    assert out.read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]  # no sidecar, no temp
    monkeypatch.undo()
    write_table(pd.DataFrame({"a": [1.0]}), out, {"model": "x"})
    assert read_context(out) == {"model": "x"}
    assert list(pd.read_csv(out).a) == [1.0]


def test_evaluate_table_pyarrow_schema_metadata() -> None:
    pa = pytest.importorskip("pyarrow")
    t = pa.table({"params": [7e9, 13e9], "tokens": [1e12, 1e12], "hardware": ["a100-80gb"] * 2})
    out = lc.evaluate_table(t, "training", region="us-average")
    import json

    doc = json.loads(out.schema.metadata[b"llmcore"])
    assert doc["model"] == "training" and doc["fixed_inputs"] == {"region": "us-average"}
    assert doc["units"]["energy_kwh"] == "kWh" and doc["units"]["tokens"] == "count"
    assert {r["id"] for r in doc["catalog"]} == {"a100-80gb", "us-average"}
    assert b"llmcore_assumptions" in out.schema.metadata  # kept for existing readers


def test_sweep_docstring_example_runs_as_written(tmp_path) -> None:
    doc = sweep_mod.__doc__
    assert doc is not None
    body = doc.split("A grid file (TOML)::", 1)[1].split("\n\n", 2)[1]
    text = "\n".join(ln[4:] for ln in body.splitlines())
    assert "[zip]" in text and "linspace" in text
    (tmp_path / "g.toml").write_text(text)
    g = sweep_mod.load_grid(tmp_path / "g.toml")
    n_hw = len(catalog.list("hardware"))
    assert g.n == 3 * 4 * 4 * n_hw * 2
    g.chunk_size = 4096
    out = tmp_path / "r.parquet"
    pytest.importorskip("pyarrow")
    with warnings.catch_warnings():  # rows without some figure warn; that is not the point
        warnings.simplefilter("ignore", lc.MissingDataWarning)
        assert lc.sweep(g, out) == g.n
    df = pd.read_parquet(out)
    assert len(df) == g.n and set(df.tokens) == {2e12}


def test_grid_numbers_as_text_and_their_errors(tmp_path) -> None:
    g = tmp_path / "g.toml"
    g.write_text('model = "training"\n[inputs]\ntokens = "15T"\n[grid]\nparams = ["2.5k", "7B"]\n')
    grid = sweep_mod.load_grid(g)
    assert grid.fixed["tokens"] == 15e12 and list(grid.axes["params"]) == [2500.0, 7e9]
    g.write_text('model = "training"\n[grid]\nparams = ["7B", "13m"]\n')
    with pytest.raises(lc.InvalidInputError, match=r"'params'.*'13m'.*milli or mega"):
        sweep_mod.load_grid(g)


def _frame():
    return pd.DataFrame(
        {"params": [7e9, 13e9, 7e9], "tokens": [1e12] * 3, "hardware": ["a100-80gb"] * 3},
        index=["a", "b", "x"],
    )


def test_table_bad_id_names_row_label_column_and_value() -> None:
    df = _frame()
    df.loc["x", "hardware"] = np.nan
    with pytest.raises(lc.InvalidInputError) as e:
        lc.evaluate_table(df, "training")
    msg = str(e.value)
    assert msg.startswith("row 2 (label 'x'), column 'hardware': ") and "nan" in msg
    assert e.value.index == (2,) and e.value.input == "hardware"
    df.loc["x", "hardware"] = "h1000"
    with pytest.raises(
        lc.InvalidInputError,
        match=r"^row 2 \(label 'x'\), column 'hardware': unknown hardware id 'h1000'",
    ):
        lc.evaluate_table(df, "training", chunk_size=2)  # the row counts from the table's start


def test_table_numbers_as_text() -> None:
    df = _frame().astype({"params": object})
    df["params"] = ["7e9", "13B", 7e9]
    out = lc.evaluate_table(df, "training")
    ref = lc.evaluate_table(_frame(), "training")
    assert np.array_equal(out.cloud_cost.to_numpy(), ref.cloud_cost.to_numpy())
    df["params"] = ["7e9", "13 bn", 7e9]
    with pytest.raises(
        lc.InvalidInputError,
        match=re.escape("row 1 (label 'b'), column 'params': could not read '13 bn'"),
    ):
        lc.evaluate_table(df, "training")


def test_sweep_bad_id_names_the_scenario_and_column(tmp_path) -> None:
    g = tmp_path / "g.toml"
    g.write_text(
        'model = "training"\n[inputs]\ntokens = "1T"\n[grid]\nparams = ["7B", "13B"]\n'
        'hardware = ["a100-80gb", "h1000"]\n'
    )
    with pytest.raises(
        lc.InvalidInputError, match=r"^scenario 1, column 'hardware': unknown hardware id 'h1000'"
    ):
        lc.sweep(g, tmp_path / "r.csv")
    assert not (tmp_path / "r.csv").exists()


def test_pyarrow_missing_id_names_the_row() -> None:
    pa = pytest.importorskip("pyarrow")
    t = pa.table({"params": [7e9, 7e9], "tokens": [1e12, 1e12], "hardware": ["a100-80gb", None]})
    with pytest.raises(
        lc.InvalidInputError, match=r"^row 1, column 'hardware': not a hardware id: None"
    ):
        lc.evaluate_table(t, "training")


def test_same_sweep_same_bytes(tmp_path) -> None:
    grid = tmp_path / "g.toml"
    grid.write_text(_GRID)
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    lc.sweep(grid, a)
    lc.sweep(grid, b)
    assert a.read_bytes() == b.read_bytes()  # no time stamp in the context
