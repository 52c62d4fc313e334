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
