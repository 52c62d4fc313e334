# SPDX-License-Identifier: BSD-3-Clause
"""evaluate_table streaming a Parquet file (or an Arrow table) to a file batch by batch:
the same numbers and context as the in-memory result, errors that name the row counted from
the table's first and the column, and no file left behind by a failure."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import llmcore as lc
from llmcore._util.errors import InvalidInputError
from llmcore.tables.files import read_context

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def _frame(n: int = 23) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    return pd.DataFrame(
        {
            "params": rng.uniform(1e9, 7e10, n),
            "tokens": rng.uniform(1e11, 2e12, n),
            "mfu": rng.uniform(0.2, 0.6, n),
            # the first rows name one accelerator, later ones another: batches differ
            "hardware": ["a100-80gb"] * (n // 2) + ["h100-sxm"] * (n - n // 2),
            "note": [f"run {i}" for i in range(n)],
        }
    )


def _file(tmp_path, df: pd.DataFrame, row_group: int = 5):
    path = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False), path, row_group_size=row_group)
    return path


@pytest.mark.parametrize("chunk", [4, 7, 1 << 20])
def test_stream_equals_in_memory_result_and_context(tmp_path, chunk) -> None:
    df = _frame()
    src = _file(tmp_path, df)
    out = lc.evaluate_table(
        src, "training", out=tmp_path / "o.parquet", chunk_size=chunk, n_accel=8
    )
    got = pq.read_table(out)
    want = lc.evaluate_table(pa.Table.from_pandas(df, preserve_index=False), "training", n_accel=8)
    assert got.num_rows == len(df)
    assert got.schema.names == want.schema.names
    for c in want.schema.names:
        assert got.column(c).equals(want.column(c)), c
    ctx, ref = read_context(out), json.loads(want.schema.metadata[b"llmcore"])
    assert ctx == ref  # units, fixed inputs, both catalog rows, assumptions, rows
    assert [r["id"] for r in ctx["catalog"]] == ["a100-80gb", "h100-sxm"]
    peak = ctx["assumptions"]["peak_flop_per_s"]
    assert peak == {"value": "per row", "source": "hardware per scenario (a100-80gb, h100-sxm)"}
    assert json.loads(got.schema.metadata[b"llmcore_assumptions"]) == ctx["assumptions"]


def test_stream_from_arrow_table_outputs_only_and_csv(tmp_path) -> None:
    df = _frame(11)
    table = pa.Table.from_pandas(df, preserve_index=False)
    outs = ["flop", "cloud_cost"]
    p = lc.evaluate_table(
        table,
        "training",
        out=tmp_path / "o.csv",
        chunk_size=3,
        outputs=outs,
        keep_columns=False,
        progress=True,
    )
    got = pd.read_csv(p)
    want = lc.evaluate_table(df, "training", outputs=outs)
    assert list(got.columns) == outs
    np.testing.assert_allclose(got.to_numpy(), want[outs].to_numpy(), rtol=1e-15)
    assert read_context(p)["rows"] == 11
    q = lc.evaluate_table(table, "training", out=tmp_path / "o.parquet", keep_columns=False)
    assert "params" not in pq.read_schema(q).names


def test_pandas_with_out_writes_the_in_memory_result(tmp_path) -> None:
    df = _frame(6)
    p = lc.evaluate_table(df, "training", out=tmp_path / "o.parquet", n_accel=4)
    want = lc.evaluate_table(df, "training", n_accel=4)
    pd.testing.assert_frame_equal(pd.read_parquet(p), want.reset_index(drop=True))
    assert read_context(p)["fixed_inputs"] == {"n_accel": 4}


def test_path_without_out_is_read_as_an_arrow_table(tmp_path) -> None:
    df = _frame(5)
    got = lc.evaluate_table(_file(tmp_path, df), "training")
    assert isinstance(got, pa.Table)
    want = lc.evaluate_table(df, "training")
    np.testing.assert_array_equal(got.column("flop").to_numpy(), want["flop"].to_numpy())


def test_bad_cell_in_a_later_batch_names_row_and_column_and_leaves_no_file(tmp_path) -> None:
    df = _frame()
    df.loc[17, "mfu"] = 1.5
    src = _file(tmp_path, df)
    out = tmp_path / "o.parquet"
    out.write_bytes(b"keep me")
    with pytest.raises(InvalidInputError, match=r"index 17 \(column 'mfu'\)") as e:
        lc.evaluate_table(src, "training", out=out, chunk_size=4)
    assert e.value.index == (17,) and e.value.input == "mfu"
    assert out.read_bytes() == b"keep me"  # the old file as it was, no temporary beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.parquet", "o.parquet"]


def test_bad_id_and_empty_cell_name_their_rows(tmp_path) -> None:
    df = _frame()
    df.loc[13, "hardware"] = "a100-80gbx"
    with pytest.raises(InvalidInputError, match=r"row 13, column 'hardware'"):
        lc.evaluate_table(_file(tmp_path, df), "training", out=tmp_path / "o.parquet", chunk_size=5)
    df = _frame()
    df["params"] = df["params"].astype(object)
    df.loc[9, "params"] = None  # a null cell is absent data, never 0
    with pytest.raises(InvalidInputError, match=r"index 9 \(column 'params'\)"):
        lc.evaluate_table(_file(tmp_path, df), "training", out=tmp_path / "o.parquet", chunk_size=4)
    assert not (tmp_path / "o.parquet").exists()


def test_numbers_as_text_in_a_file(tmp_path) -> None:
    df = _frame(4)
    df["params"] = ["7B", "13B", "70B", "1.5B"]
    p = lc.evaluate_table(_file(tmp_path, df), "training", out=tmp_path / "o.parquet")
    np.testing.assert_array_equal(pq.read_table(p).column("params").to_pylist()[:2], ["7B", "13B"])
    flop = pq.read_table(p).column("flop").to_numpy()
    np.testing.assert_allclose(flop, 6 * np.array([7e9, 13e9, 70e9, 1.5e9]) * df["tokens"])


def test_empty_file_gets_the_output_columns(tmp_path) -> None:
    src = _file(tmp_path, _frame().iloc[:0])
    p = lc.evaluate_table(src, "training", out=tmp_path / "o.parquet")
    got = pq.read_table(p)
    assert got.num_rows == 0 and "flop" in got.schema.names and "note" in got.schema.names
    assert read_context(p)["rows"] == 0


def test_not_parquet_and_bad_arguments(tmp_path) -> None:
    csv = tmp_path / "in.csv"
    _frame(3).to_csv(csv, index=False)
    with pytest.raises(ValueError, match=r"'in\.csv' is not one"):
        lc.evaluate_table(csv, "training", out=tmp_path / "o.parquet")
    with pytest.raises(ValueError, match=r"'in\.csv' is not one"):
        lc.evaluate_table(str(csv), "training")
    src = _file(tmp_path, _frame(3))
    with pytest.raises(ValueError, match=r"must be \.parquet or \.csv"):
        lc.evaluate_table(src, "training", out=tmp_path / "o.xlsx")
    with pytest.raises(ValueError, match="chunk_size must be a positive int"):
        lc.evaluate_table(src, "training", out=tmp_path / "o.parquet", chunk_size=0)
    with pytest.raises(TypeError, match="not dict"):
        lc.evaluate_table({"params": [1.0]}, "training", out=tmp_path / "o.parquet")
    with pytest.raises(FileNotFoundError):
        lc.evaluate_table(tmp_path / "nope.parquet", "training", out=tmp_path / "o.parquet")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "in.parquet"]


def test_arrow_types_and_input_metadata_survive_the_late_footer(tmp_path) -> None:
    # the Arrow schema is written at close (with the context): it must still be the input's
    df = _frame(9)
    table = pa.Table.from_pandas(df, preserve_index=False)
    hw = table.column("hardware").dictionary_encode()
    table = table.set_column(table.schema.get_field_index("hardware"), "hardware", hw)
    table = table.append_column("run", pa.array(range(9), type=pa.int16()))
    table = table.replace_schema_metadata({"origin": "test"})
    src = tmp_path / "in.parquet"
    pq.write_table(table, src, row_group_size=4)
    p = lc.evaluate_table(src, "training", out=tmp_path / "o.parquet", chunk_size=4)
    got, read = pq.read_table(p), pq.read_table(src)
    assert got.schema.field("hardware").type == read.schema.field("hardware").type
    assert pa.types.is_dictionary(got.schema.field("hardware").type)
    assert got.schema.field("run").type == pa.int16()
    assert got.schema.metadata[b"origin"] == b"test"
    assert read_context(p)["model"] == "training"
    assert pd.read_parquet(p)["hardware"].astype(str).tolist() == df["hardware"].tolist()


@pytest.mark.parametrize("outs", ["flop", ["flop", "flop"], ["cloud_cost", "flop"]])
@pytest.mark.parametrize("source", ["pandas", "parquet"])
def test_outputs_only_takes_a_name_or_names_with_duplicates(tmp_path, outs, source) -> None:
    df = _frame(5)
    src: object = df
    if source == "parquet":
        df.to_parquet(src := tmp_path / "in.parquet")
    p = lc.evaluate_table(
        src, "training", out=tmp_path / "o.parquet", outputs=outs, keep_columns=False
    )
    want = [outs] if isinstance(outs, str) else list(dict.fromkeys(outs))
    assert pq.read_schema(p).names == want
