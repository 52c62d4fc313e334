# SPDX-License-Identifier: BSD-3-Clause
"""Every hardware row is complete: each field an estimator fills from it is there and valid."""

from __future__ import annotations

import math

import pytest

from llmcore import catalog
from llmcore._models import MODELS


def _hardware_inputs():
    """name -> input metadata, for every input a hardware row fills (first model wins)."""
    found = {}
    for m in MODELS.values():
        for i in m.inputs:
            if i.catalog == "hardware":
                found.setdefault(i.name, i)
    return found


HW_INPUTS = _hardware_inputs()


@pytest.fixture(autouse=True)
def _fresh_catalog():
    catalog.reset()
    yield
    catalog.reset()


def test_the_hardware_inputs_are_the_ones_the_rows_must_carry():
    # the models name these; a new one must be added to every row (and to this list)
    assert set(HW_INPUTS) == {
        "peak_flop_per_s",
        "accel_power_w",
        "price_per_accel_hour",
        "accel_purchase_price",
        "embodied_kgco2_per_accel",
        "accel_memory_bytes",
        "mem_bw_bytes_per_s",
    }


def _in_range(i, v):
    lo_ok = v > i.lo if i.lo_open else v >= i.lo
    hi_ok = v < i.hi if i.hi_open else v <= i.hi
    return lo_ok and hi_ok


@pytest.mark.parametrize("rid", catalog.list("hardware"))
def test_every_row_fills_every_hardware_input(rid):
    row = catalog.get("hardware", rid)
    missing = sorted(set(HW_INPUTS) - set(row))
    assert not missing, f"hardware/{rid} lacks {missing}"
    for name, i in HW_INPUTS.items():
        v = row[name]
        assert isinstance(v, (int, float)) and not isinstance(v, bool), (rid, name, v)
        assert math.isfinite(v) and _in_range(i, v), (rid, name, v)
    # the per-accelerator figures are positive, not placeholders
    for name in HW_INPUTS:
        assert row[name] > 0, (rid, name)
    assert 2010 <= row["launch_year"] <= 2030, rid


@pytest.mark.parametrize("rid", catalog.list("hardware"))
def test_estimated_and_unverified_figures_say_so(rid):
    row = catalog.get("hardware", rid)
    src = row["source"].lower()
    # every row states where its cloud price comes from and where its embodied figure does
    assert "embodied" in src, rid
    assert "price" in src, rid
    if "boavizta" in src or "llmcarbon" in src:
        assert "estimate" in src, rid


# Parts whose dense FP4 rate is not twice their FP8 rate, with the ratio their datasheet gives;
# each row's source says so. Blackwell Ultra (B300) runs FP4 2.8x faster than FP8.
FP4_OVER_FP8 = {"b300": 2.8}


@pytest.mark.parametrize("rid", catalog.list("hardware"))
def test_lower_precision_rates_are_consistent(rid):
    row = catalog.get("hardware", rid)
    if "peak_flop_per_s_fp4" in row:
        assert "peak_flop_per_s_fp8" in row, rid
        ratio = FP4_OVER_FP8.get(rid, 2.0)
        # rel 1.1 %: AMD rounds MI355X's FP4 to 10.1 PFLOPS against 5.0 for FP8
        fp4 = row["peak_flop_per_s_fp4"]
        assert fp4 == pytest.approx(ratio * row["peak_flop_per_s_fp8"], rel=0.011), rid
        if rid in FP4_OVER_FP8:
            assert "fp4" in row["source"].lower() and "not 2x" in row["source"].lower(), rid
    if "peak_flop_per_s_fp8" in row:
        assert row["peak_flop_per_s_fp8"] > row["peak_flop_per_s"], rid


def test_v100_has_a_purchase_price_in_line_with_its_generation():
    # issue 12 item 5: without it the report's V100 in-house cost was about 4x too low
    v100 = catalog.get("hardware", "v100")
    a100 = catalog.get("hardware", "a100-40gb")
    assert 5_000 <= v100["accel_purchase_price"] <= 20_000
    assert v100["accel_purchase_price"] <= a100["accel_purchase_price"] * 1.5
