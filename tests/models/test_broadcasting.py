# SPDX-License-Identifier: BSD-3-Clause
"""numpy broadcasting semantics, scalars vs arrays, out=, zero-length, many lengths."""

from __future__ import annotations

import numpy as np
import pytest

import llmcore as lc


def test_scalar_call_returns_floats(backend: str) -> None:
    r = lc.query(backend=backend)
    assert all(type(v) is float for v in r.values())
    assert r.shape == ()


def test_array_call_returns_arrays_of_broadcast_shape(backend: str) -> None:
    params = np.logspace(9, 12, 4)[:, None]
    tokens = np.array([1e11, 1e12, 1e13])
    r = lc.training(params=params, tokens=tokens, hardware="h100-sxm", backend=backend)
    assert r["flop"].shape == (4, 3)
    np.testing.assert_allclose(r["flop"], 6 * params * tokens, rtol=1e-15)


def test_lists_and_ints_are_accepted(backend: str) -> None:
    r = lc.training(params=[1e9, 2e9], tokens=10**12, hardware="v100", backend=backend)
    assert r["flop"].shape == (2,)


def test_zero_length(backend: str) -> None:
    r = lc.training(params=np.array([]), tokens=1e9, hardware="v100", backend=backend)
    assert r["flop"].shape == (0,)


@pytest.mark.parametrize("n", [1, 7, 255, 256, 257, 5000])
def test_lengths_across_blocks(backend: str, n: int, small_chunks: None) -> None:
    params = np.linspace(1e9, 1e11, n)
    r = lc.training(params=params, tokens=2e12, hardware="a100-80gb", backend=backend)
    np.testing.assert_allclose(r["flop"], 6 * params * 2e12, rtol=1e-15)


def test_size_one_array_is_an_array(backend: str) -> None:
    r = lc.training(params=np.array([1e9]), tokens=1e9, hardware="v100", backend=backend)
    assert r["flop"].shape == (1,)


def test_out_is_filled_in_place(backend: str) -> None:
    params = np.logspace(9, 11, 10)
    out = {"cloud_cost": np.empty(10)}
    r = lc.training(
        params=params,
        tokens=1e12,
        hardware="v100",
        out=out,
        backend=backend,
        outputs=["cloud_cost"],
    )
    assert r["cloud_cost"] is out["cloud_cost"]
    assert list(r) == ["cloud_cost"]
    np.testing.assert_allclose(
        out["cloud_cost"],
        lc.training(params=params, tokens=1e12, hardware="v100")["cloud_cost"],
        rtol=1e-15,
    )


def test_catalog_id_arrays(backend: str) -> None:
    hw = np.array(["v100", "a100-80gb", "h100-sxm"])
    r = lc.training(params=1e9, tokens=1e12, n_accel=8, hardware=hw, backend=backend)
    for k, h in enumerate(hw):
        single = lc.training(params=1e9, tokens=1e12, n_accel=8, hardware=str(h), backend=backend)
        assert r["wall_s"][k] == pytest.approx(single["wall_s"], rel=1e-15)


def test_explicit_keyword_overrides_catalog(backend: str) -> None:
    r = lc.training(params=1e9, tokens=1e12, hardware="v100", peak_flop_per_s=1e15, backend=backend)
    assert r.inputs["peak_flop_per_s"] == 1e15


def test_scalar_inputs_are_not_materialised() -> None:
    # a scalar costs no memory per scenario: only array inputs are converted
    params = np.logspace(9, 12, 1000)
    r = lc.training(params=params, tokens=2e12, hardware="h100-sxm")
    assert isinstance(r.inputs["tokens"], float)
    assert r.inputs["params"] is params or np.shares_memory(r.inputs["params"], params)


def test_to_pandas_and_to_dict() -> None:
    pd = pytest.importorskip("pandas")
    r = lc.training(params=np.array([1e9, 2e9]), tokens=1e12, hardware="v100")
    df = r.to_pandas(inputs=True)
    assert isinstance(df, pd.DataFrame) and len(df) == 2
    assert {"params", "cloud_cost"} <= set(df.columns)
    assert set(r.to_dict()) == set(r)
    assert len(lc.query().to_pandas()) == 1
