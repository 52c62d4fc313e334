# SPDX-License-Identifier: BSD-3-Clause
"""A table evaluated in chunks reports the assumptions of every row, not the first chunk's:
catalog sources name every row's id, and a default named choice keeps its name."""

from __future__ import annotations

import json

import numpy as np
import pytest

import llmcore as lc
from llmcore.tables.files import read_context

pd = pytest.importorskip("pandas")
pq = pytest.importorskip("pyarrow.parquet")

BOTH = "hardware per scenario (a100-80gb, h100-sxm)"


def _split_hardware() -> pd.DataFrame:  # chunks of 2 rows: one id in each
    return pd.DataFrame(
        {
            "params": [7e9] * 4,
            "tokens": [1e11] * 4,
            "hardware": ["a100-80gb"] * 2 + ["h100-sxm"] * 2,
        }
    )


@pytest.mark.parametrize("where", ["memory", "parquet", "csv"])
def test_catalog_sources_name_the_ids_of_every_chunk(tmp_path, where: str) -> None:
    df = _split_hardware()
    if where == "memory":
        got = lc.evaluate_table(df, "training", chunk_size=2).attrs["llmcore_assumptions"]
    else:
        src = tmp_path / "in.parquet"
        df.to_parquet(src)
        out = lc.evaluate_table(src, "training", chunk_size=2, out=tmp_path / f"o.{where}")
        got = read_context(out)["assumptions"]
    assert got["peak_flop_per_s"] == {"value": "per row", "source": BOTH}


def test_a_default_named_choice_keeps_its_name() -> None:
    arch = dict(params=7e9, n_layers=32, d_model=4096, n_heads=32, tokens=1e11)
    df = pd.DataFrame({k: [v] * 4 for k, v in arch.items()})
    got = lc.evaluate_table(df, "parallelism", chunk_size=2, hardware="a100-80gb")
    one = lc.parallelism(**arch, hardware="a100-80gb").assumptions
    for k in ("recompute", "zero_stage", "sequence_parallel", "flash_attention"):
        assert got.attrs["llmcore_assumptions"][k] == one[k]  # e.g. "selective", not "per row"


@pytest.mark.parametrize("suffix", ["parquet", "csv"])
def test_a_sweep_reports_the_assumptions_of_every_chunk(tmp_path, suffix: str) -> None:
    grid = tmp_path / "g.toml"
    grid.write_text(
        'model = "training"\nchunk_size = 3\n[inputs]\ntokens = 1e11\n'
        '[grid]\nhardware = ["a100-80gb", "h100-sxm"]\nparams = [1e9, 7e9, 70e9]\n'
    )
    out = tmp_path / f"r.{suffix}"
    assert lc.sweep(str(grid), out) == 6
    doc = read_context(out)
    assert doc["assumptions"]["peak_flop_per_s"] == {"value": "per row", "source": BOTH}
    assert doc["scenarios"] == 6
    if suffix == "parquet":  # the context rides in the footer; pandas still reads the file
        schema = pq.read_schema(out)
        assert json.loads(schema.metadata[b"llmcore"]) == doc
        df = pd.read_parquet(out)
        assert list(df.hardware) == ["a100-80gb"] * 3 + ["h100-sxm"] * 3
        np.testing.assert_array_equal(df.params, [1e9, 7e9, 70e9] * 2)
