# SPDX-License-Identifier: BSD-3-Clause
"""Output tiers (cpp/include/llmcore/engine/output_tiers.hpp): a request for some outputs
runs a loop compiled for the smallest of the model's tiers that holds them, skipping the
arithmetic of the rest. The outputs it returns must be the very bits of a run that computes
every output: in evaluate (on every SIMD level), simulate (summaries and exact quantiles)
and sensitivity. training lists tiers; each of its outputs alone lands in the smallest tier
that holds it, so asking for each one alone reaches every tier."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import llmcore as lc
from llmcore._engine import backends as _backends

from ..harness import MC_TRAINING, mc_state, typical_values

CORE = _backends.core()
INFO = next(m for m in lc.models() if m.name == "training")
NAMES = list(INFO.output_names)
# One output from each of training's tiers (headline, money and carbon totals, all but
# the footprint breakdown) and one from the breakdown, which only the full loop computes.
PER_TIER = ["wall_days", "inhouse_cost", "tokens_per_param", "water_l"]
STUDY = {**MC_TRAINING, "wue_l_per_kwh": lc.dist.uniform(0.1, 2.0), "grid_water_l_per_kwh": 3.0}


def _inputs(n: int, measured: bool) -> dict:
    rng = np.random.default_rng(7)
    x = {
        i.name: typical_values(i, rng, n)
        for i in INFO.inputs
        if i.typical is not None and not getattr(i, "choices", ())
    }
    if not measured:  # hours from the FLOP count, the host's power from its share of TDP
        del x["accel_hours"], x["host_power_w"]
    return x


def _bits(res) -> dict[str, np.ndarray]:
    return {k: np.asarray(v, dtype=float).view(np.uint64).copy() for k, v in res.items()}


@pytest.fixture(scope="module", params=[True, False], ids=["measured", "modelled"])
def inputs(request) -> dict:
    return _inputs(2 * 256 + 37, request.param)  # whole blocks and a partial one


def test_every_output_alone_is_bit_identical_on_every_level(inputs, simd_levels) -> None:
    for level in simd_levels():
        full = _bits(lc.evaluate("training", inputs, backend="cpu"))
        assert len(full) >= len(NAMES) - 1  # implied_mfu needs measured hours
        for name in full:
            one = _bits(lc.evaluate("training", inputs, outputs=[name], backend="cpu"))
            np.testing.assert_array_equal(one[name], full[name], err_msg=f"{name} @ {level}")


@settings(deadline=None)
@given(st.sets(st.sampled_from(NAMES), min_size=1))
def test_any_subset_is_bit_identical(inputs, subset) -> None:
    full = _bits(lc.evaluate("training", inputs, backend="cpu"))
    subset = subset & set(full)
    if not subset:
        return
    part = _bits(lc.evaluate("training", inputs, outputs=sorted(subset), backend="cpu"))
    assert set(part) == subset
    for name in subset:
        np.testing.assert_array_equal(part[name], full[name], err_msg=name)


def test_out_arrays_hold_the_same_bits(inputs) -> None:
    full = _bits(lc.evaluate("training", inputs, backend="cpu"))
    n = len(inputs["params"])
    out = {name: np.empty(n) for name in PER_TIER[:2]}
    lc.evaluate("training", inputs, out=out, outputs=list(out), backend="cpu")
    for name, a in out.items():
        np.testing.assert_array_equal(a.view(np.uint64), full[name], err_msg=name)


@pytest.mark.parametrize("name", PER_TIER)
def test_simulate_summaries_are_bit_identical(name) -> None:
    kw = {"n": 3 * 4096 + 11, "seed": 5, "backend": "cpu", "exact_quantiles": True}
    full = mc_state(lc.simulate("training", STUDY, **kw))  # every output it can give
    assert "water_l" in full
    one = mc_state(lc.simulate("training", STUDY, outputs=[name], **kw))
    assert one[name] == full[name]


def test_sensitivity_indices_are_bit_identical() -> None:
    kw = {"n": 4096, "seed": 3, "backend": "cpu"}
    headline = lc.sensitivity("training", STUDY, outputs=["co2_kg"], **kw)
    wider = lc.sensitivity("training", STUDY, outputs=["co2_kg", "water_l"], **kw)
    for col, a in headline["co2_kg"].items():
        np.testing.assert_array_equal(
            np.asarray(a).view(np.uint64), np.asarray(wider["co2_kg"][col]).view(np.uint64), col
        )
