# SPDX-License-Identifier: BSD-3-Clause
"""Issue 12, "absent is not zero": a scenario whose catalog row lacks a field gets NaN for that
input (a column marked absent_ok); the outputs that need it come out NaN with the status bit
missing_input, never 0 and never non_finite. The same rule on the CPU driver, the host engine
(what the CUDA kernels run), the reference and Monte Carlo (the spec's absent mask)."""

from __future__ import annotations

import dataclasses
import math
import warnings
from typing import Any

import numpy as np
import pytest

from llmcore import reference
from llmcore._engine import backends as _backends
from llmcore._engine import mc_exec
from llmcore._engine.checks import absent_mask, check_values, range_table
from llmcore._engine.constants import RANGE_FLAGS, STATUS_BITS
from llmcore._engine.resolved import Resolved
from llmcore._engine.run import reference_status_counts, run_cpu, run_reference
from llmcore._models import get_model
from llmcore._util.errors import InvalidInputError
from llmcore.mc import dist
from llmcore.mc.chain import chain_subject
from llmcore.mc.study import build_study
from llmcore.reference import dist as ref_dist

from ..harness import typical_values

CORE = _backends.core()
BIT = {name: bit for bit, name in STATUS_BITS.items()}
MISSING = 1 << BIT["missing_input"]
M = get_model("training")
# training outputs that need each absent-able input (SPEC §1)
NEEDS = {
    "price_per_accel_hour": {"cloud_cost", "cost_per_1k_tokens"},
    "accel_power_w": {
        "it_energy_kwh",
        "energy_kwh",
        "accel_avg_power_w",
        "accel_energy_kwh",
        # host_energy_kwh: host_power_w is given here, so it needs no TDP
        "idle_energy_kwh",
        "overhead_energy_kwh",
        "water_onsite_l",
        "water_offsite_l",
        "water_l",
        "co2_market_kg",
        "primary_energy_gj",
        "adpe_kg_sbeq",
        "co2_kg",
        "total_co2_kg",
        "electricity_cost",
        "inhouse_cost",
    },
}
ABSENT = frozenset(NEEDS)
N = 3001


def batch(n: int = N, seed: int = 0, share: float = 0.3) -> dict[str, Any]:
    """Valid training inputs (accel_hours absent); a share of each absent-able input NaN."""
    rng = np.random.default_rng(seed)
    values: dict[str, Any] = {}
    for i in M.inputs:
        if i.name == "accel_hours":
            values[i.name] = None
            continue
        c = typical_values(i, rng, n)
        if i.name in ABSENT:
            c[rng.random(n) < share] = np.nan
        values[i.name] = c
    values["n_accel"] = np.ceil(values["n_accel"])
    return values


def resolved(values: dict[str, Any], absent_ok: frozenset[str] = ABSENT) -> Resolved:
    shape = next(np.shape(v) for v in values.values() if np.ndim(v))
    return Resolved(M, dict(values), shape, {}, absent_ok)


def outputs(res: Resolved) -> tuple[str, ...]:
    return tuple(o for o in res.available_outputs() if o != "implied_mfu")


def no_warnings(fn: Any, *args: Any, **kwargs: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return fn(*args, **kwargs)


def expected_nan(values: dict[str, Any], name: str) -> np.ndarray:
    n = len(values["params"])
    want = np.zeros(n, bool)
    for inp, outs in NEEDS.items():
        if name in outs:
            want |= np.broadcast_to(np.isnan(values[inp]), (n,))
    return want


def expected_missing(values: dict[str, Any], names: tuple[str, ...]) -> int:
    return int(np.logical_or.reduce([expected_nan(values, o) for o in names]).sum())


# ---- the contract's constants ----------------------------------------------------------------


def test_constants() -> None:
    c = CORE.constants()
    assert c["status_bits"]["missing_input"] == 3
    assert c["range_flags"]["absent_ok"] == 8
    assert STATUS_BITS[3] == "missing_input" and RANGE_FLAGS["absent_ok"] == 8
    assert reference._status.MISSING_INPUT == 1 << 3


def test_range_table_and_mask() -> None:
    v = batch(16)
    res = resolved(v)
    flags = range_table(res)[:, 2].astype(int)
    for k, i in enumerate(M.inputs):
        assert bool(flags[k] & 8) == (i.name in ABSENT)
    assert absent_mask(res) == sum(1 << M.input_names.index(n) for n in ABSENT)
    assert absent_mask(resolved(v, frozenset())) == 0


# ---- batch evaluation --------------------------------------------------------------------------


@pytest.mark.parametrize("into_out", [False, True])
def test_cpu_and_reference_agree(into_out: bool) -> None:
    v = batch()
    res = resolved(v)
    names = outputs(res)
    got = {}
    for backend in ("cpu", "reference"):
        out = {o: np.empty(N) for o in names} if into_out else None
        if backend == "cpu":
            arrays, counts = no_warnings(run_cpu, res, names, out, 0)
        else:
            arrays, counts = no_warnings(run_reference, res, names, out)
        got[backend] = (arrays, counts)
        for o in names:
            np.testing.assert_array_equal(np.isnan(arrays[o]), expected_nan(v, o), err_msg=o)
            assert np.isfinite(arrays[o][~expected_nan(v, o)]).all()
        assert counts[BIT["non_finite"]] == 0
        assert counts[BIT["missing_input"]] == expected_missing(v, names) > 0
    assert got["cpu"][1] == got["reference"][1]
    for o in names:
        np.testing.assert_allclose(
            got["cpu"][0][o], got["reference"][0][o], rtol=1e-12, equal_nan=True, err_msg=o
        )


def test_only_requested_outputs_count() -> None:
    v = batch()
    res = resolved(v)
    for names in (("flop",), ("cloud_cost",), ("co2_kg", "flop"), ("cloud_cost", "co2_kg")):
        _, cpu = run_cpu(res, names, None, 0)
        _, ref = run_reference(res, names, None)
        assert cpu == ref
        assert cpu[BIT["missing_input"]] == expected_missing(v, names)
        assert cpu[BIT["non_finite"]] == 0


def test_chunks_and_threads(small_chunks) -> None:
    v = batch(257, seed=3)
    res = resolved(v)
    names = outputs(res)
    _, counts = run_cpu(res, names, None, 3)
    assert counts == run_reference(res, names, None)[1]
    assert counts[BIT["missing_input"]] == expected_missing(v, names)


def test_broadcast_absent_scalar() -> None:
    # A scalar NaN in an absent_ok input: every scenario lacks it.
    v = batch(100, share=0.0)
    v["price_per_accel_hour"] = math.nan
    res = resolved(v)
    names = ("cloud_cost", "flop")
    arrays, counts = no_warnings(run_cpu, res, names, None, 0)
    assert np.isnan(arrays["cloud_cost"]).all() and np.isfinite(arrays["flop"]).all()
    assert counts[BIT["missing_input"]] == 100 and counts[BIT["non_finite"]] == 0
    assert counts == run_reference(res, names, None)[1]


def test_without_absent_inputs_nothing_changes() -> None:
    v = batch(500, share=0.0)
    res = resolved(v)
    a, c = run_cpu(res, outputs(res), None, 0)
    b, d = run_cpu(resolved(v, frozenset()), outputs(res), None, 0)
    assert c == d and c[BIT["missing_input"]] == 0
    for o in a:
        np.testing.assert_array_equal(a[o].view(np.uint64), b[o].view(np.uint64))


def test_host_engine_same_status_as_cpu() -> None:
    v = batch(600, seed=1)
    x = np.ascontiguousarray(
        np.stack(
            [
                np.broadcast_to(v[i.name] if v[i.name] is not None else np.nan, (600,))
                for i in M.inputs
            ],
            axis=1,
        )
    )
    cols = [np.ascontiguousarray(x[:, k]) for k in range(x.shape[1])]
    mask = absent_mask(resolved(v))
    req = [o for o in M.output_names if o not in ("implied_mfu",)]
    omask = sum(1 << M.output_names.index(o) for o in req)
    _, st = CORE._engine_host_evaluate(_backends.model_id("training"), x, omask, mask)
    outs = [np.empty(600) if o in req else None for o in M.output_names]
    status = np.zeros(600, np.uint32)
    CORE.evaluate(
        _backends.model_id("training"), cols, None, outs, status, 600, 1, absent_mask=mask
    )
    np.testing.assert_array_equal(st, status)
    assert ((st & MISSING) != 0).sum() == expected_missing(v, tuple(req)) > 0
    assert not (st & 1).any()
    # without the mask the same NaNs are numerical failures, as before
    _, st0 = CORE._engine_host_evaluate(_backends.model_id("training"), x, omask)
    np.testing.assert_array_equal((st0 & 1) != 0, (st & MISSING) != 0)
    assert not (st0 & MISSING).any()


def test_identical_on_every_simd_level(simd_levels) -> None:
    v = batch(2049, seed=2)
    res = resolved(v)
    names = outputs(res)
    runs = []
    for _level in simd_levels():
        runs.append(run_cpu(res, names, None, 0))
    for arrays, counts in runs[1:]:
        assert counts == runs[0][1]
        for o in names:
            np.testing.assert_array_equal(arrays[o].view(np.uint64), runs[0][0][o].view(np.uint64))


# ---- validation --------------------------------------------------------------------------------


def _check_all(res: Resolved, name: str) -> None:
    names = ("flop", "cloud_cost")
    for call in (
        lambda: run_cpu(res, names, None, 0),  # fused check
        lambda: run_cpu(res, names, {o: np.empty(res.shape) for o in names}, 0),  # out=
        lambda: run_reference(res, names, None),
        lambda: check_values(res),
    ):
        with pytest.raises(InvalidInputError) as e:
            call()
        assert e.value.input == name


def test_nan_rejected_without_absent_ok() -> None:
    v = batch(300)
    _check_all(resolved(v, frozenset({"accel_power_w"})), "price_per_accel_hour")
    v = batch(300, share=0.0)
    v["mfu"][17] = np.nan
    _check_all(resolved(v), "mfu")


@pytest.mark.parametrize("bad", [math.inf, -math.inf, -1.0])
def test_inf_and_out_of_range_rejected_with_absent_ok(bad: float) -> None:
    v = batch(300)
    v["price_per_accel_hour"][200] = bad
    res = resolved(v)
    _check_all(res, "price_per_accel_hour")
    with pytest.raises(InvalidInputError) as e:
        run_cpu(res, ("flop",), None, 0)
    assert e.value.index == (200,)


def test_validate_flag_directly() -> None:
    col = np.array([1.0, np.nan, 2.0])
    flags = RANGE_FLAGS["absent_ok"]
    assert CORE.validate([col], np.array([[0.0, 10.0, flags]]), 3) is None
    assert CORE.validate([col], np.array([[0.0, 10.0, 0]]), 3)[:2] == (0, 1)
    assert CORE.validate([math.nan], np.array([[0.0, 10.0, flags]]), 3) is None
    for bad in (math.inf, -math.inf, 11.0):
        c = np.array([np.nan, 1.0, bad])
        assert CORE.validate([c], np.array([[0.0, 10.0, flags]]), 3)[:2] == (0, 2)


def test_absent_mask_checked() -> None:
    with pytest.raises(ValueError, match="absent_mask"):
        n = len(M.inputs)
        CORE._engine_host_evaluate(_backends.model_id("training"), np.ones((1, n)), 1, 1 << n)


# ---- Monte Carlo -------------------------------------------------------------------------------

PRICES = np.array([2.0, np.nan, 4.0, 3.0, np.nan])
POWERS = np.array([700.0, 400.0, np.nan, 300.0, 1000.0])


def mc_spec(absent: bool = True) -> tuple[Any, ...]:
    """A training study whose catalog-row draw (one slot) has rows lacking price or power:
    discrete distributions holding NaN, and the absent mask as the spec's 9th element."""
    given = {
        "params": dist.loguniform(1e9, 1e11),
        "tokens": dist.lognormal(np.log(1e12), 0.3),
        "peak_flop_per_s": 1e15,
        "n_accel": 1024,
        "accel_power_w": 700.0,
        "price_per_accel_hour": 2.0,
        "grid_gco2_per_kwh": 400.0,  # given: only the row-drawn inputs may be absent
    }
    spec = list(build_study(M, given, seed=11).spec[:8])  # the mask is set below
    kinds, slots, params = spec[0].copy(), spec[1].copy(), spec[2].copy()
    tables, cdfs = list(spec[3]), list(spec[4])
    cdf = np.cumsum(np.full(5, 0.2))
    cdf[-1] = 1.0
    for name, tab in (("price_per_accel_hour", PRICES), ("accel_power_w", POWERS)):
        k = M.input_names.index(name)
        kinds[k], slots[k] = 7, 1024  # one catalog-row slot: both fields from the same row
        params[k] = 0.0
        tables[k], cdfs[k] = tab, cdf
    spec[:5] = [kinds, slots, params, tables, cdfs]
    mask = sum(1 << M.input_names.index(n) for n in NEEDS)
    return tuple(spec) + ((mask,) if absent else ())


def reference_mc(spec: tuple[Any, ...], n: int, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    x = ref_dist.sample(spec, 0, n)
    outs = reference.evaluate("training", dict(zip(M.input_names, x)))
    bad = np.zeros(n, bool)
    for o in names:
        bad |= ~np.isfinite(np.broadcast_to(outs[o], (n,)))
    rows = [k for k in range(len(M.inputs)) if (spec[8] >> k) & 1]
    missing = np.isnan(x[rows]).any(axis=0)
    status = np.broadcast_to(outs["_status"], (n,))
    return reference_status_counts(status, bad, missing), x


@pytest.mark.parametrize("names", [["cloud_cost", "co2_kg"], ["flop"], ["co2_kg"]])
def test_mc_counts_equal_reference(names: list[str]) -> None:
    spec = mc_spec()
    n = 5000
    req = np.array([M.output_names.index(o) for o in names], np.int32)
    plan = mc_exec.Plan(_backends.model_id("training"), spec, req, np.full((len(names), 0), np.nan))
    state = no_warnings(mc_exec.LOCAL.summary, plan, n, lambda done: None)
    want, x = reference_mc(spec, n, names)
    np.testing.assert_array_equal(state["status"], want)
    assert want[BIT["non_finite"]] == 0
    miss_any = np.zeros(n, bool)
    for o in names:
        miss_any |= np.logical_or.reduce(
            [np.isnan(x[M.input_names.index(i)]) for i, outs in NEEDS.items() if o in outs]
            or [np.zeros(n, bool)]
        )
    assert want[BIT["missing_input"]] == int(miss_any.sum())
    if names != ["flop"]:
        assert want[BIT["missing_input"]] > 0
    # Without the mask the same scenarios count as non-finite, as before.
    plan0 = mc_exec.Plan(plan.target, spec[:8], req, plan.thr)
    state0 = mc_exec.LOCAL.summary(plan0, n, lambda done: None)
    assert state0["status"][BIT["non_finite"]] == want[BIT["missing_input"]]
    assert state0["status"][BIT["missing_input"]] == 0


def test_mc_samples_host_engine_and_simd_levels(simd_levels) -> None:
    spec = mc_spec()
    n = 1000
    mid = _backends.model_id("training")
    names = ["cloud_cost", "co2_kg", "flop"]
    outs_mask = sum(1 << M.output_names.index(o) for o in names)
    _, y_h, st_h = CORE._engine_host_samples(mid, spec, 0, n, outs_mask)
    runs = []
    for _level in simd_levels():
        outs = [np.empty(n) if o in names else None for o in M.output_names]
        status = np.zeros(n, np.uint32)
        CORE.simulate_samples(mid, spec, 0, n, outs, [None] * len(M.inputs), status, 0)
        runs.append((outs, status))
        np.testing.assert_array_equal(status, st_h)
        for o in names:
            k = M.output_names.index(o)
            np.testing.assert_array_equal(outs[k].view(np.uint64), y_h[:, k].view(np.uint64))
    for outs, status in runs[1:]:
        np.testing.assert_array_equal(status, runs[0][1])
        for a, b in zip(outs, runs[0][0]):
            if a is not None:
                np.testing.assert_array_equal(a.view(np.uint64), b.view(np.uint64))
    assert (st_h & MISSING).any() and not (st_h & 1).any()
    # the host engine's absent_mask argument adds to the spec's own
    _, _, st_arg = CORE._engine_host_samples(mid, spec[:8], 0, n, outs_mask, 0, spec[8])
    np.testing.assert_array_equal(st_arg, st_h)


def test_mc_sobol_status_counts() -> None:
    spec = mc_spec()
    n = 2048
    names = ["cloud_cost"]
    req = np.array([M.output_names.index(o) for o in names], np.int32)
    fac = np.full(len(M.inputs), -1, np.int32)
    for k, kind in enumerate(spec[0]):
        if kind != 0:
            fac[k] = 0
    acc = np.zeros((4, 1, 5 + 2))
    status = np.zeros(len(STATUS_BITS), np.int64)
    CORE.sobol_chunk(
        _backends.model_id("training"), spec, 0, n, req, np.zeros(1), fac, 1, 4, acc, status
    )
    want, _ = reference_mc(spec, n, names)
    np.testing.assert_array_equal(status, want)


def test_spec_absent_element_checked() -> None:
    spec = mc_spec()
    mid = _backends.model_id("training")
    for bad, err in ((-1, ValueError), (1 << 40, ValueError), (1.5, TypeError)):
        with pytest.raises(err):
            CORE._engine_host_samples(mid, (*spec[:8], bad), 0, 256, 1)
    # 0 and an absent 9th element are the same study
    a = CORE._engine_host_samples(mid, (*spec[:8], 0), 0, 256, 1)[2]
    b = CORE._engine_host_samples(mid, spec[:8], 0, 256, 1)[2]
    np.testing.assert_array_equal(a, b)


def test_mc_chain_applies_the_rule_once() -> None:
    # training -> lifecycle: price drawn from rows some of which lack it; the chain's status
    # is one rule over every stage's requested outputs, like a single model's.
    given = {
        "params": dist.loguniform(1e9, 1e11),
        "tokens": dist.lognormal(np.log(1e12), 0.3),
        "peak_flop_per_s": 1e15,
        "n_accel": 1024,
        "accel_power_w": 700.0,
        "price_per_accel_hour": dist.uniform(1.0, 3.0),
        "energy_wh_per_query": 0.3,
        "co2_g_per_query": 0.1,
        "cost_per_query": 0.002,
        "queries_per_day": dist.loguniform(1e5, 1e8),
    }
    sub = chain_subject(["training", "lifecycle"], given, 5, None, None)
    row = dict(sub.sampled)["price_per_accel_hour"]
    spec = list(sub.spec[:8])
    kinds, params, tables, cdfs = spec[0].copy(), spec[2].copy(), list(spec[3]), list(spec[4])
    kinds[row], params[row] = 7, 0.0
    tables[row], cdfs[row] = PRICES, np.array([0.2, 0.4, 0.6, 0.8, 1.0])
    spec[0], spec[2], spec[3], spec[4] = kinds, params, tables, cdfs
    spec9 = (*spec, 1 << row)
    n = 3000
    x, outs = dataclasses.replace(sub, spec=spec9).ref_outputs(0, n)
    bad = np.zeros(n, bool)
    for name in sub.names:
        bad |= ~np.isfinite(outs[name])
    want = reference_status_counts(outs["_status"], bad, np.isnan(x[row]))
    plan = mc_exec.Plan(sub.target, spec9, sub.req, np.full((len(sub.req), 0), np.nan))
    state = no_warnings(mc_exec.LOCAL.summary, plan, n, lambda done: None)
    np.testing.assert_array_equal(state["status"], want)
    assert want[BIT["missing_input"]] > 0 and want[BIT["non_finite"]] == 0
