# SPDX-License-Identifier: BSD-3-Clause
"""The scalar fast path (estimate/scalar.py) against the full path: the same Result, the
same errors and warnings, plans that lapse when catalog rows change. ``threads=1`` forces
the full path (the fast path only takes calls that leave threads to the default)."""

from __future__ import annotations

import json
import math
import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import llmcore as lc
from llmcore._models import MODELS, ModelInfo
from llmcore.estimate import scalar

from ..strategies import inputs

MODEL_NAMES = list(MODELS)


def _scalars(model: ModelInfo, raw: dict[str, Any]) -> dict[str, Any]:
    """Plain Python numbers, choices by name (what a user's scalar call passes)."""
    out: dict[str, Any] = {}
    for k, v in raw.items():
        v = float(np.asarray(v).reshape(-1)[0]) if np.ndim(v) else float(v)
        i = model.input(k)
        out[k] = i.choices[int(v)] if i.choices else v
    return out


def _same(a: Any, b: Any) -> bool:
    return bool(a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b)))


def _outcome(model: str, kw: dict[str, Any], threads: int | None) -> tuple[Any, ...]:
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            r = lc.evaluate(model, kw, threads=threads)
        except (lc.InvalidInputError, lc.UnknownNameError) as exc:
            return ("error", type(exc), str(exc)), [str(x.message) for x in w]
    got = (
        list(r),
        {k: r[k] for k in r},
        r.inputs,
        r.assumptions,
        r.status_counts,
        r.units,
        r.backend,
        r.shape,
    )
    return got, [str(x.message) for x in w]


def _assert_same(fast: Any, full: Any) -> None:
    (a, wa), (b, wb) = fast, full
    assert wa == wb
    if a[0] == "error":
        assert a == b
        return
    assert a[0] == b[0]
    assert all(_same(a[1][k], b[1][k]) for k in a[0]), (a[1], b[1])
    assert a[2:] == b[2:]


@pytest.mark.parametrize("model", MODEL_NAMES)
@given(data=st.data())
def test_fast_path_gives_the_full_paths_result(model: str, data: st.DataObject) -> None:
    info = MODELS[model]
    kw = _scalars(info, data.draw(inputs(info, n=1)))
    scalar.clear_plans()
    _outcome(model, kw, None)  # makes the plan
    fast = _outcome(model, kw, None)
    _assert_same(fast, _outcome(model, kw, 1))


@pytest.mark.parametrize(
    ("model", "kw"),
    [
        ("inference", dict(params=70e9, hardware="h100-sxm")),
        ("training", dict(params=7e9, tokens=1e12, hardware="a100-80gb", region="se")),
        ("serving", dict(model="llama-2-13b", hardware="a100-80gb")),
        ("query", dict(prompt_words=50, generated_words=400, language="japanese")),
        ("architecture", dict(model="llama-3-70b")),
    ],
)
def test_catalog_calls_take_the_fast_path_and_agree(model: str, kw: dict[str, Any]) -> None:
    scalar.clear_plans()
    first = _outcome(model, kw, None)
    assert any(p is not None for p in scalar._plans.values()), "no plan was made"
    for params in (1e9, 3e9, 1e10):  # new numbers reuse the plan
        if "params" in kw:
            kw = {**kw, "params": params}
        _assert_same(_outcome(model, kw, None), _outcome(model, kw, 1))
    assert first[0][0] != "error"


@pytest.mark.parametrize("bad", [math.nan, math.inf, -1.0, 0.0, 10**400])
def test_bad_numbers_raise_as_the_full_path_does(bad: Any) -> None:
    kw = dict(params=70e9, hardware="h100-sxm")
    scalar.clear_plans()
    lc.inference(**kw)  # the plan exists; the bad call must not use its numbers
    _assert_same(
        _outcome("inference", {**kw, "params": bad}, None),
        _outcome("inference", {**kw, "params": bad}, 1),
    )
    with pytest.raises((lc.InvalidInputError, OverflowError)):
        lc.inference(**{**kw, "params": bad})


def test_warnings_come_on_every_call() -> None:
    """A catalog row lacking a figure an output needs warns each time, fast path or not."""
    scalar.clear_plans()
    row = dict(peak_flop_per_s=1e15, accel_memory_bytes=8e10, source="test", date="2026-11-30")
    lc.catalog.add("hardware", {"no-power-gpu": row})
    try:
        for _ in range(3):
            with pytest.warns(lc.MissingDataWarning, match="no-power-gpu"):
                lc.training(params=7e9, tokens=1e12, hardware="no-power-gpu", n_accel=8)
    finally:
        lc.catalog.reset()


def test_plans_lapse_when_catalog_rows_change() -> None:
    scalar.clear_plans()
    base = dict(hardware="test-gpu", params=7e9, tokens=1e12, n_accel=8, outputs="wall_s")
    row = dict(peak_flop_per_s=1e15, accel_memory_bytes=8e10, source="t", date="2026-11-30")
    try:
        lc.catalog.add("hardware", {"test-gpu": row})
        before = lc.training(**base)["wall_s"]
        lc.catalog.add("hardware", {"test-gpu": {**row, "peak_flop_per_s": 2e15}})
        after = lc.training(**base)["wall_s"]
    finally:
        lc.catalog.reset()
    assert after == pytest.approx(before / 2)


def test_assumptions_are_plain_to_read_and_refuse_changes() -> None:
    scalar.clear_plans()
    lc.inference(params=70e9, hardware="h100-sxm")
    r = lc.inference(params=70e9, hardware="h100-sxm")
    entry = next(iter(r.assumptions.values()))
    assert json.loads(json.dumps(r.assumptions)) == r.assumptions
    with pytest.raises(TypeError, match="read-only"):
        entry["value"] = 0.0
    r.assumptions.pop(next(iter(r.assumptions)))  # the outer mapping is the caller's own
    again = lc.inference(params=70e9, hardware="h100-sxm")
    assert len(again.assumptions) == len(r.assumptions) + 1


def test_money_in_another_currency() -> None:
    kw = dict(
        params=7e9,
        tokens=1e12,
        hardware="a100-80gb",
        n_accel=8,
        price_per_accel_hour=2.0,
        currency="EUR",
    )
    scalar.clear_plans()
    lc.training(**kw)
    _assert_same(_outcome("training", kw, None), _outcome("training", kw, 1))


def test_errors_keep_the_full_paths_order() -> None:
    """An unknown input is reported before a bad backend, as the full path does."""
    scalar.clear_plans()
    with pytest.raises(lc.UnknownNameError, match="tokens_out"):
        lc.inference(params=70e9, hardware="h100-sxm", tokens_out=5, backend="bogus")
    with pytest.raises(lc.UnknownNameError, match="backend"):
        lc.inference(params=70e9, hardware="h100-sxm", backend="bogus")
