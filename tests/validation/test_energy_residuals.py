# SPDX-License-Identifier: BSD-3-Clause
"""The measured-energy residual table (validation/energy_residuals.py) on the shipped data."""

from __future__ import annotations

import csv
import io
import math

import numpy as np
import pytest

from llmcore import catalog
from llmcore.validation import energy_residuals as er

ROWS = er.load_measurements()


def test_data_rows_have_sources_and_numbers():
    assert len(ROWS) >= 30
    ids = [r["id"] for r in ROWS]
    assert len(set(ids)) == len(ids)
    for r in ROWS:
        assert r["source"] and r["date"], r["id"]
        assert r["j_per_token"] > 0 and r["output_tokens"] >= 1, r["id"]
        assert r["n_gpus"] >= 1 and r["max_num_seqs"] >= 1, r["id"]
        assert r["avg_power_w_all_gpus"] > 0 and r["output_tokens_per_s"] > 0, r["id"]
        # absent is absent, never 0
        assert r["prompt_tokens"] is None or r["prompt_tokens"] > 0, r["id"]
        assert catalog.get("hardware", r["hardware"])
        model = catalog.get("models", r["llmcore_model"])
        assert r["params"] == model["params"] and r["n_layers"] == model["n_layers"]


def test_measured_figures_agree_with_each_other():
    """J/token = total GPU power / throughput, and J/request = J/token × output length."""
    for r in ROWS:
        assert r["j_per_token"] == pytest.approx(
            r["avg_power_w_all_gpus"] / r["output_tokens_per_s"], rel=1e-4
        ), r["id"]
        assert r["j_per_request"] == pytest.approx(
            r["j_per_token"] * r["output_tokens"], rel=1e-4
        ), r["id"]
        # a per-GPU draw above the board's TDP would mean the power column is misread
        tdp = catalog.get("hardware", r["hardware"])["accel_power_w"]
        assert r["avg_power_w_all_gpus"] / r["n_gpus"] <= tdp * 1.05, r["id"]


def test_table_structure_and_finite_statistics():
    table = er.residual_table(ROWS)
    assert len(table) == len(ROWS)
    for t in table:
        for k in ("measured_j_per_token", "llmcore_j_per_token", "ratio", "time_ratio"):
            assert math.isfinite(t[k]) and t[k] > 0, (t["id"], k)
        # the ratio is the product of its two factors (to the CSV's 6 significant figures)
        assert t["ratio"] == pytest.approx(t["time_ratio"] * t["power_ratio"], rel=1e-4)
        assert t["ratio"] == pytest.approx(t["llmcore_j_per_token"] / t["measured_j_per_token"])
        assert t["note"] and t["source"]
    s = er.summary(table, by="regime")
    assert s["n"] == len(table)
    assert math.isfinite(s["median_abs_log_ratio"]) and s["median_abs_log_ratio"] >= 0
    assert 0 <= s["within_1_3"] <= s["within_2"] <= s["n"]
    assert sum(g["n"] for g in s["groups"].values()) == s["n"]
    assert s["worst_id"] in {t["id"] for t in table}


def test_estimate_follows_its_inputs():
    """Halving the busy draw halves the energy; a faster memory (mbu) shortens memory-bound
    steps; a longer prompt adds energy. Checks the wiring, not the values."""
    base = er.estimate(ROWS, power_fraction=1.0)
    half = er.estimate(ROWS, power_fraction=0.5)
    np.testing.assert_allclose(half["j_per_token"], 0.5 * base["j_per_token"], rtol=1e-12)
    slow = er.estimate(ROWS, mbu=0.4)
    fast = er.estimate(ROWS, mbu=0.9)
    assert np.all(fast["tokens_per_s"] >= slow["tokens_per_s"])
    long = er.estimate(ROWS, prompt_tokens=2000.0)
    assert np.all(long["j_per_token"] > er.estimate(ROWS, prompt_tokens=100.0)["j_per_token"])


def test_expert_read_fraction():
    # dense: 1; MoE: rises with batch towards 1 and equals active/params at one token
    assert er.expert_read_fraction(8e9, 8e9, np.nan, np.nan, 64) == 1.0
    one = er.expert_read_fraction(30e9, 3e9, 128, 8, 1)
    assert one == pytest.approx(3e9 / 30e9)
    b = np.array([1, 8, 64, 512])
    f = er.expert_read_fraction(30e9, 3e9, 128, 8, b)
    assert np.all(np.diff(f) > 0) and f[-1] == pytest.approx(1.0, abs=1e-6)


def test_fit_returns_parameters_in_range():
    f = er.fit(ROWS[::4])
    assert 0 < f["mbu"] <= 1 and 0 < f["mfu"] <= 1
    assert 0 <= f["idle_fraction"] <= 1
    assert 0 < f["power_fraction_constant"] <= 1.05
    assert math.isfinite(f["fitted_summary"]["median_abs_log_ratio"])


def test_reference_rows_have_sources():
    ref = er.load_reference()
    assert len(ref) >= 10
    for r in ref:
        assert r["source"] and r["date"] and r["value"], r["id"]
    ids = {r["id"] for r in ref}
    assert {"google2025-comprehensive", "epoch2025-gpt4o", "ecologits-server-power"} <= ids


def test_bad_row_is_named(tmp_path):
    bad = [dict(ROWS[0], source="")]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(bad[0]))
    w.writeheader()
    w.writerow({k: ("" if v is None else v) for k, v in bad[0].items()})
    path = tmp_path / "bad.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    with pytest.raises(ValueError, match=r"row 0 .*no source"):
        er.load_measurements(str(path))
