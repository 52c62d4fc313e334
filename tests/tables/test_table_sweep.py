# SPDX-License-Identifier: BSD-3-Clause
"""evaluate_table (pandas, pyarrow, polars) and sweeps written to Parquet/CSV in chunks."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

import llmcore as lc
from llmcore.cli.main import main

pd = pytest.importorskip("pandas")


def _frame(n: int = 50) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    return pd.DataFrame(
        {
            "params": rng.uniform(1e9, 1e11, n),
            "tokens": rng.uniform(1e11, 1e12, n),
            "hardware": rng.choice(["a100-80gb", "h100-sxm", "v100"], n),
            "note": [f"row{i}" for i in range(n)],
        }
    )


def _expected(df: pd.DataFrame, key: str, **fixed) -> np.ndarray:
    return np.array(
        [
            lc.training(params=p, tokens=t, hardware=h, **fixed)[key]
            for p, t, h in zip(df.params, df.tokens, df.hardware)
        ]
    )


@pytest.mark.parametrize("chunk_size", [1, 7, 1000])
def test_pandas_in_pandas_out(chunk_size: int) -> None:
    df = _frame()
    out = lc.evaluate_table(df, model="training", chunk_size=chunk_size, region="sweden")
    assert isinstance(out, pd.DataFrame) and list(out.index) == list(df.index)
    assert list(out.columns[:4]) == ["params", "tokens", "hardware", "note"]
    np.testing.assert_allclose(out["co2_kg"], _expected(df, "co2_kg", region="sweden"), rtol=1e-13)
    assert "co2_kg" not in df  # the input is not modified


def test_pyarrow_in_pyarrow_out() -> None:
    pa = pytest.importorskip("pyarrow")
    df = _frame(20)
    t = pa.Table.from_pandas(df, preserve_index=False)
    out = lc.evaluate_table(t, model="training", chunk_size=6, outputs=["cloud_cost"])
    assert isinstance(out, pa.Table)
    assert out.column_names == ["params", "tokens", "hardware", "note", "cloud_cost"]
    np.testing.assert_allclose(
        out.column("cloud_cost").to_numpy(), _expected(df, "cloud_cost"), rtol=1e-13
    )


def test_polars_if_present() -> None:
    pl = pytest.importorskip("polars")
    df = _frame(10)
    out = lc.evaluate_table(pl.from_pandas(df), model="training")
    assert isinstance(out, pl.DataFrame)
    np.testing.assert_allclose(out["flop"].to_numpy(), 6 * df.params * df.tokens, rtol=1e-15)


def test_table_errors_name_the_row() -> None:
    df = _frame(30)
    df.loc[17, "params"] = -5.0
    msg = r"'params' = -5\.0 at index 17 \(row label 17, column 'params'\)"
    with pytest.raises(lc.InvalidInputError, match=msg) as info:
        lc.evaluate_table(df, model="training", chunk_size=7)  # row 17 = chunk 2, index 3
    assert (info.value.input, info.value.value, info.value.index) == ("params", -5.0, (17,))
    with pytest.raises(TypeError):
        lc.evaluate_table({"params": [1.0]}, model="training")
    empty = lc.evaluate_table(_frame(0), model="training")
    assert len(empty) == 0 and "cloud_cost" in empty


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 1000])
def test_table_errors_count_rows_globally(chunk_size: int) -> None:
    # issue 13 item 3: the index was counted within the chunk ("index 1" for row 3, chunk 2)
    df = _frame(6).set_index(pd.Index(["a", "b", "c", "d", "e", "f"]))
    df.loc["d", "tokens"] = -1.0
    msg = r"'tokens' = -1\.0 at index 3 \(row label 'd', column 'tokens'\)"
    with pytest.raises(lc.InvalidInputError, match=msg) as info:
        lc.evaluate_table(df, "training", chunk_size=chunk_size)
    assert info.value.index == (3,) and info.value.input == "tokens"
    pa = pytest.importorskip("pyarrow")
    table = pa.Table.from_pandas(df, preserve_index=False)
    with pytest.raises(lc.InvalidInputError, match=r"at index 3 \(column 'tokens'\)"):
        lc.evaluate_table(table, "training", chunk_size=chunk_size)
    # a bad fixed (scalar) input has no row: its message is the plain one
    with pytest.raises(lc.InvalidInputError, match=r"'mfu' = 2\.0 is out of range") as info:
        lc.evaluate_table(_frame(6), "training", chunk_size=chunk_size, mfu=2.0)
    assert info.value.index is None


def _grid(tmp_path, chunk: int) -> str:
    path = tmp_path / "grid.toml"
    path.write_text(f"""
model = "training"
chunk_size = {chunk}
[inputs]
tokens = 2e12
region = "us-average"
[grid]
params = [7e9, 13e9, 70e9]
mfu = {{linspace = [0.3, 0.6, 4]}}
hardware = ["a100-80gb", "h100-sxm"]
""")
    return str(path)


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_sweep_writes_every_scenario_in_chunks(tmp_path, suffix: str) -> None:
    if suffix == "parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / f"res.{suffix}"
    assert main(["sweep", _grid(tmp_path, 5), "-o", str(out), "--quiet"]) == 0
    df = pd.read_csv(out) if suffix == "csv" else pd.read_parquet(out)
    assert len(df) == 3 * 4 * 2
    assert list(df.columns[:5]) == ["params", "mfu", "hardware", "tokens", "region"]
    assert set(df.tokens) == {2e12} and set(df.region) == {"us-average"}  # the fixed [inputs]
    row = df.iloc[13]  # C order: params index 1, mfu index 2, hardware index 1
    assert row.params == 13e9 and row.mfu == pytest.approx(0.5) and row.hardware == "h100-sxm"
    ref = lc.training(params=13e9, tokens=2e12, mfu=0.5, hardware="h100-sxm", region="us-average")
    assert row.co2_kg == pytest.approx(ref["co2_kg"], rel=1e-12)


def test_sweep_zip_and_catalog_axes(tmp_path) -> None:
    path = tmp_path / "g.toml"
    path.write_text("""
model = "inference"
[grid]
hardware = {catalog = "all"}
[zip]
params = [7e9, 70e9]
n_accel = [1, 8]
""")
    g = lc.sweep.__globals__["load_grid"](path)
    assert g.shape == (len(lc.catalog.list("hardware")), 2)
    out = tmp_path / "r.csv"
    assert lc.sweep(g, out) == g.n
    df = pd.read_csv(out)
    assert set(df.n_accel[df.params == 70e9]) == {8.0}


def test_sweep_errors_count_scenarios_globally(tmp_path) -> None:
    # issue 13 item 3: scenario 4 (params -5, chunk 2 of size 3) was reported as index 1
    g = lc.sweep.__globals__["Grid"](
        "training",
        fixed={"tokens": 2e12, "hardware": "h100-sxm"},
        axes={"params": np.array([1e9, 2e9, 3e9, 4e9, -5.0, 6e9])},
        chunk_size=3,
    )
    with pytest.raises(lc.InvalidInputError, match=r"at index 4 \(column 'params'\)") as info:
        lc.sweep(g, tmp_path / "r.csv")
    assert info.value.index == (4,) and info.value.value == -5.0


# issue 13 item 4: sweep lost or half-wrote data


def _write(tmp_path, text: str) -> str:
    path = tmp_path / "grid.toml"
    path.write_text(text)
    return str(path)


def _leftovers(tmp_path) -> list[str]:
    return sorted(p.name for p in tmp_path.iterdir() if p.name != "grid.toml")


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_sweep_failing_chunk_leaves_no_file(tmp_path, suffix: str) -> None:
    if suffix == "parquet":
        pytest.importorskip("pyarrow")
    grid = _write(
        tmp_path,
        """
model = "training"
chunk_size = 2
[inputs]
tokens = 2e12
hardware = "h100-sxm"
[grid]
params = [7e9, 13e9, -1.0, 70e9]
""",
    )
    out = tmp_path / f"res.{suffix}"
    with pytest.raises(lc.InvalidInputError, match=r"at index 2 \(column 'params'\)"):
        lc.sweep(grid, out)
    assert _leftovers(tmp_path) == []  # not the first chunk, no temporary file
    out.write_text("previous result")
    with pytest.raises(lc.InvalidInputError):
        lc.sweep(grid, out)
    assert out.read_text() == "previous result" and _leftovers(tmp_path) == [out.name]


def test_sweep_interrupted_leaves_no_file(tmp_path, monkeypatch) -> None:
    import llmcore.tables.sweep as sw

    original, calls = sw.evaluate, []

    def interrupt(*args, **kwargs):  # Ctrl-C during the second chunk
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return original(*args, **kwargs)

    monkeypatch.setattr(sw, "evaluate", interrupt)
    out = tmp_path / "res.csv"
    out.write_text("previous result")
    with pytest.raises(KeyboardInterrupt):
        lc.sweep(_grid(tmp_path, 5), out)
    assert len(calls) == 2
    assert out.read_text() == "previous result" and _leftovers(tmp_path) == ["res.csv"]


def test_sweep_replaces_an_existing_file(tmp_path) -> None:
    out = tmp_path / "res.csv"
    out.write_text("previous result")
    assert lc.sweep(_grid(tmp_path, 5), out) == 24
    assert len(pd.read_csv(out)) == 24  # a plain CSV, its context in the sidecar
    assert _leftovers(tmp_path) == ["res.csv", "res.csv.llmcore.json"]


@pytest.mark.parametrize("chunk", ["-1", "0", "2.5", "true", '"10"'])
def test_sweep_chunk_size_must_be_a_positive_int(tmp_path, chunk: str) -> None:
    out = tmp_path / "res.csv"
    with pytest.raises(lc.InvalidInputError, match="chunk_size must be a positive int") as info:
        lc.sweep(_grid(tmp_path, chunk), out)
    assert info.value.input == "chunk_size" and not out.exists()
    Grid = lc.sweep.__globals__["Grid"]
    with pytest.raises(lc.InvalidInputError, match="chunk_size"):
        Grid("training", axes={"params": np.array([1e9])}, chunk_size=0)


def test_sweep_grid_too_large_names_its_size(tmp_path) -> None:
    # four axes of 65,536 points: np.prod wrapped around to n = 0 and nothing was written
    axes = "\n".join(f"{k} = {{linspace = [0.1, 0.9, 65536]}}" for k in ("a", "b", "c", "d"))
    grid = _write(tmp_path, f'model = "training"\n[grid]\n{axes}\n')
    out = tmp_path / "res.csv"
    with pytest.raises(lc.InvalidInputError, match="too large") as info:
        lc.sweep(grid, out)
    assert "65536 x 65536 x 65536 x 65536 = 18,446,744,073,709,551,616" in str(info.value)
    assert info.value.value == 2**64 and _leftovers(tmp_path) == []
    g = lc.sweep.__globals__["Grid"]("training", axes={"params": np.ones(3), "mfu": np.ones(4)})
    assert g.n == 12 and isinstance(g.n, int)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ('model = "training"\n[gird]\nparams = [1e9]\n', r"unknown grid file key 'gird'.*'grid'"),
        ('model = "training"\nchunksize = 5\n', r"'chunksize'.*'chunk_size'"),
        ('model = "training"\ngrid = 3\n', r"\[grid\] must be a table"),
        ('model = "training"\n[grid]\nparams = {linspace = [1, 2, 0]}\n', "is empty"),
        ('model = "training"\n[zip]\nparams = []\n', "is empty"),
        # issue 13 fuzzing (a hand probe): int(inf) raised OverflowError, 2.5 was truncated
        ('model = "training"\n[grid]\nparams = {linspace = [1, 2, inf]}\n', "whole number"),
        ('model = "training"\n[grid]\nparams = {logspace = [1, 2, nan]}\n', "whole number"),
        ('model = "training"\n[grid]\nparams = {linspace = [1, 2, 2.5]}\n', "whole number"),
        ('model = "training"\n[grid]\nparams = {linspace = [1, 2, -3]}\n', "whole number"),
        ('model = "training"\n[grid]\nparams = {logspace = [1, 2, "4"]}\n', "whole number"),
    ],
)
def test_sweep_grid_file_errors(tmp_path, text: str, match: str) -> None:
    out = tmp_path / "res.csv"
    with pytest.raises(lc.InvalidInputError, match=match):
        lc.sweep(_write(tmp_path, text), out)
    assert _leftovers(tmp_path) == []
    assert main(["sweep", str(tmp_path / "grid.toml"), "-o", str(out), "--quiet"]) != 0
    assert _leftovers(tmp_path) == []


def test_sweep_grid_file_nested_too_deeply(tmp_path) -> None:
    # issue 13 fuzzing (a hand probe): tomllib's RecursionError on deep nesting
    path = _write(tmp_path, 'model = "training"\n[grid]\nparams = ' + "[" * 5000 + "]" * 5000)
    with pytest.raises(ValueError, match="nested too deeply"):
        lc.sweep(path, tmp_path / "res.csv")
    assert _leftovers(tmp_path) == []


# issue 13 item 10: CSV formula injection through text cells (catalog ids)


def test_sweep_csv_escapes_formula_like_text_cells(tmp_path) -> None:
    import csv

    row = {"peak_flop_per_s": 1e14, "accel_power_w": 300, "source": "s", "date": "2024"}
    ids = ["=HYPERLINK(1)", "+1", "-2", "@SUM(A1)", "a100-80gb"]
    lc.catalog.add("hardware", {i: dict(row) for i in ids[:4]}, origin="test")
    try:
        g = lc.sweep.__globals__["Grid"](
            "training",
            fixed={"tokens": 2e12, "mfu": 0.4},
            axes={"hardware": np.array(ids, dtype=object), "params": np.array([7e9])},
        )
        out = tmp_path / "r.csv"
        with pytest.warns(lc.MissingDataWarning):
            lc.sweep(g, out, backend="reference")
        pq = tmp_path / "r.parquet"
        if importlib.util.find_spec("pyarrow") is not None:
            with pytest.warns(lc.MissingDataWarning):
                lc.sweep(g, pq, backend="reference")
            assert list(pd.read_parquet(pq).hardware) == ids  # only CSV is escaped
    finally:
        lc.catalog.reset()
    with open(out, newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["hardware"] for r in rows] == [
        "'=HYPERLINK(1)",
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "a100-80gb",
    ]
    assert all(float(r["params"]) == 7e9 for r in rows)
    df = pd.read_csv(out)
    assert df.params.dtype.kind == "f" and df.energy_kwh.dtype.kind == "f"


def test_csv_escape_leaves_number_columns() -> None:
    safe = lc.sweep.__globals__["_csv_safe"]
    frame = pd.DataFrame(
        {"x": [-1.5, 2.0], "n": [-3, 4], "s": ["-1.5", "ok"], "t": pd.array(["=a", None], "string")}
    )
    out = safe(frame.copy())
    assert list(out.x) == [-1.5, 2.0] and list(out.n) == [-3, 4]
    assert list(out.s) == ["'-1.5", "ok"]
    assert out.t[0] == "'=a" and out.t.isna()[1]


@pytest.mark.parametrize("out", [None, "o.parquet"])
def test_a_fixed_input_given_as_an_array_is_refused_naming_it(tmp_path, out) -> None:
    df = pd.DataFrame({"tokens": [1e11] * 4})
    dest = None if out is None else tmp_path / out
    with pytest.raises(lc.InvalidInputError, match=r"fixed input 'params' .* shape \(4,\)") as e:
        lc.evaluate_table(df, "training", chunk_size=2, params=np.ones(4) * 1e9, out=dest)
    assert e.value.input == "params"
    assert dest is None or not dest.exists()
    one = lc.evaluate_table(df, "training", chunk_size=2, params=np.array([1e9]), hardware="v100")
    assert len(one) == 4  # one value in an array is still one value
