# SPDX-License-Identifier: BSD-3-Clause
"""The engine (cpp/include/llmcore/engine) as the CUDA kernels run it, one scenario at a
time, executed on the host (_core._engine_host_*): checked against the CPU backend (bit for
bit: same IEEE operations and llmcore's own xmath) and the reference, so CI without a GPU
tests what the kernels compute."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

import numpy as np
import pytest

import llmcore as lc
from llmcore import reference
from llmcore._engine import backends as _backends
from llmcore._models import MODELS, ModelInfo, get_model
from llmcore.mc import dist
from llmcore.mc.study import build_study

from ..harness import typical_values

CORE = _backends.core()
ALL = (1 << 64) - 1  # every output requested


def mid(model: str) -> int:
    return _backends.model_id(model)


def mask_of(model: ModelInfo, names: list[str]) -> int:
    return sum(1 << model.output_names.index(n) for n in names)


def matrix(model: ModelInfo, n: int = 600, seed: int = 0, absent: float = 0.25) -> np.ndarray:
    """Valid scenarios (n, n_inputs); a share `absent` of each optional input absent (NaN)."""
    rng = np.random.default_rng(seed)
    cols = []
    for i in model.inputs:
        c = typical_values(i, rng, n)
        if i.optional:
            c[rng.random(n) < absent] = np.nan
        cols.append(c)
    return np.ascontiguousarray(np.stack(cols, axis=1))


def cpu_evaluate(
    model: ModelInfo, x: np.ndarray, req: list[str] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The CPU backend's driver on the same columns: all outputs, per-scenario status."""
    n = x.shape[0]
    req = list(model.output_names) if req is None else req
    outs = [np.full(n, np.nan) if o in req else None for o in model.output_names]
    status = np.zeros(n, np.uint32)
    cols = [np.ascontiguousarray(x[:, k]) for k in range(x.shape[1])]
    CORE.evaluate(mid(model.name), cols, None, outs, status, n, 1)
    y = np.stack([o if o is not None else np.full(n, np.nan) for o in outs], axis=1)
    return y, status


def same_bits(a: np.ndarray, b: np.ndarray) -> None:
    np.testing.assert_array_equal(np.asarray(a).view(np.uint64), np.asarray(b).view(np.uint64))


@pytest.mark.parametrize("model", list(MODELS))
def test_evaluate_equals_cpu_backend(model: str) -> None:
    m = get_model(model)
    x = matrix(m)
    y, st = CORE._engine_host_evaluate(mid(model), x, ALL)
    y_cpu, st_cpu = cpu_evaluate(m, x)
    same_bits(y, y_cpu)
    np.testing.assert_array_equal(st, st_cpu)


@pytest.mark.parametrize("model", list(MODELS))
def test_evaluate_matches_reference(model: str) -> None:
    m = get_model(model)
    x = matrix(m, n=200, seed=1)
    y, st = CORE._engine_host_evaluate(mid(model), x, ALL)
    ref = reference.evaluate(model, dict(zip(m.input_names, x.T)))
    for k, name in enumerate(m.output_names):
        np.testing.assert_allclose(y[:, k], ref[name], rtol=1e-9, atol=1e-12, err_msg=name)
    np.testing.assert_array_equal(st.astype(np.int64) & ~1, ref["_status"])


def test_status_rule_only_requested_outputs() -> None:
    # 6·params·tokens overflows: flop is inf; a scenario is non-finite only if it was asked for.
    m = get_model("training")
    x = matrix(m, n=64)
    x[::2, m.input_names.index("params")] = 1e300
    x[::2, m.input_names.index("tokens")] = 1e300
    for req in (["flop"], ["cloud_cost"], list(m.output_names)):
        y, st = CORE._engine_host_evaluate(mid("training"), x, mask_of(m, req))
        _, st_cpu = cpu_evaluate(m, x, req)
        np.testing.assert_array_equal(st, st_cpu)
        bad = ~np.all(np.isfinite(y[:, [m.output_names.index(o) for o in req]]), axis=1)
        np.testing.assert_array_equal(st & 1, bad.astype(np.uint32))
    assert (st & 1).sum() > 0


def test_unreachable_target_is_not_non_finite() -> None:
    # scaling: target_loss at or below E is flagged unreachable; its NaN outputs are the answer.
    m = get_model("scaling")
    x = matrix(m, n=300, seed=2, absent=0.0)
    e, t = m.input_names.index("E"), m.input_names.index("target_loss")
    x[:, t] = np.where(np.arange(300) % 3 == 0, x[:, e] * 0.5, x[:, e] + 0.5)
    y, st = CORE._engine_host_evaluate(mid("scaling"), x, ALL)
    unreachable = (st & 2) != 0
    np.testing.assert_array_equal(unreachable, np.arange(300) % 3 == 0)
    assert np.isnan(y[unreachable, m.output_names.index("min_compute_for_loss")]).all()
    assert not ((st & 1) & unreachable).any()
    _, st_cpu = cpu_evaluate(m, x)
    np.testing.assert_array_equal(st, st_cpu)
    # The public API (CPU backend and reference) counts the same way.
    inputs = dict(zip(m.input_names, x.T))
    outs = ["min_compute_for_loss", "loss"]
    want = CORE._engine_host_evaluate(mid("scaling"), x, mask_of(m, outs))[1]
    for backend in ("cpu", "reference"):
        with pytest.warns(RuntimeWarning) if (want & 1).any() else nullcontext():
            res = lc.evaluate("scaling", inputs, outputs=outs, backend=backend)
        assert res.status_counts["unreachable_target"] == int(unreachable.sum())
        assert res.status_counts["non_finite"] == int((want & 1).sum())


# ---- Monte Carlo: the sampling and the refine step ------------------------------------------

BASE = {
    "params": dist.loguniform(1e9, 1e11),
    "tokens": dist.lognormal(np.log(1e12), 0.3),
    "peak_flop_per_s": 1e15,
    "mfu": dist.uniform(0.3, 0.55),
    "pue": dist.triangular(1.05, 1.1, 1.4),
    "grid_gco2_per_kwh": dist.ci(50, 600),
    "n_accel": dist.choice([256, 512, 1024]),
    "electricity_price_per_kwh": dist.normal(0.1, 0.02, lo=0.01),
    "accel_power_w": dist.uniform(300, 700),
    "price_per_accel_hour": dist.uniform(1.5, 4),
}
ROWS = {
    "params": 7e10,
    "tokens": dist.uniform(1e11, 2e12),
    "hardware": dist.rows("hardware", ["a100-80gb", "h100-sxm"], p=[0.3, 0.7]),
    "region": "us-average",
    "n_accel": 256,
}
CORR = {("mfu", "pue"): -0.6, ("pue", "grid_gco2_per_kwh"): 0.4}
OUTS = ["flop", "co2_kg", "cloud_cost", "wall_days"]
STUDIES = {"plain": (BASE, None), "copula": (BASE, CORR), "rows": (ROWS, None)}


def host_samples(
    model: str, inputs: dict, corr: Any, n: int, seed: int, outs: list[str], stream: int = 0
) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray]:
    m = get_model(model)
    study = build_study(m, inputs, seed, corr)
    x, y, st = CORE._engine_host_samples(mid(model), study.spec, 0, n, mask_of(m, outs), stream)
    return study, x, y, st


@pytest.mark.parametrize("name", list(STUDIES))
def test_samples_equal_cpu_backend(name: str) -> None:
    inputs, corr = STUDIES[name]
    n, seed = 1000, 7
    m = get_model("training")
    study, x, y, st = host_samples("training", inputs, corr, n, seed, OUTS)
    res = lc.simulate(
        "training",
        inputs,
        n=n,
        seed=seed,
        samples=True,
        outputs=OUTS,
        quantiles=(),
        correlation=corr,
    )
    assert len(res.input_samples) >= 3
    for inp, v in res.input_samples.items():
        same_bits(x[:, m.input_names.index(inp)], v)
    for o in OUTS:
        assert np.isfinite(res[o].samples).all()
        same_bits(y[:, m.output_names.index(o)], res[o].samples)
    counts = {b: int(((st >> k) & 1).sum()) for k, b in enumerate(res.status_counts)}
    assert counts == res.status_counts
    # Per-scenario status from the CPU samples driver.
    outs = [np.empty(n) if o in OUTS else None for o in m.output_names]
    status = np.zeros(n, np.uint32)
    CORE.simulate_samples(
        mid("training"), study.spec, 0, n, outs, [None] * len(m.input_names), status
    )
    np.testing.assert_array_equal(st, status)


def test_rows_share_one_uniform() -> None:
    # Every field of a catalog-row draw comes from one uniform: the same row per scenario.
    m = get_model("training")
    _, x, _, _ = host_samples("training", ROWS, None, 2000, 3, OUTS)
    hw = [lc.catalog.get("hardware", h) for h in ("a100-80gb", "h100-sxm")]
    fields = [
        f
        for f in m.input_names
        if all(isinstance(r.get(f), (int, float)) for r in hw) and hw[0][f] != hw[1][f]
    ]
    assert len(fields) >= 2
    which = np.stack([x[:, m.input_names.index(f)] == hw[1][f] for f in fields])
    assert (which == which[0]).all() and 0.6 < which[0].mean() < 0.8


def test_stream_one_is_sobol_b() -> None:
    # Stream 1 draws other uniforms for the same scenarios (Sobol's B matrix).
    _, xa, _, _ = host_samples("training", BASE, None, 256, 1, OUTS, stream=0)
    _, xb, _, _ = host_samples("training", BASE, None, 256, 1, OUTS, stream=1)
    k = get_model("training").input_names.index("mfu")
    assert not np.array_equal(xa[:, k], xb[:, k])


def test_samples_unreachable_status_counts() -> None:
    # Monte Carlo status counts follow the one rule too: unreachable, not non-finite.
    inputs = {"target_loss": dist.uniform(1.5, 2.5), "compute_flop": 1e23}
    outs = ["min_compute_for_loss", "opt_loss"]
    _, x, _y, st = host_samples("scaling", inputs, None, 2000, 5, outs)
    m = get_model("scaling")
    unreachable = x[:, m.input_names.index("target_loss")] <= x[:, m.input_names.index("E")]
    np.testing.assert_array_equal((st & 2) != 0, unreachable)
    assert unreachable.any() and not (st & 1).any()
    res = lc.simulate("scaling", inputs, n=2000, seed=5, outputs=outs, quantiles=())
    assert res.status_counts == {
        "non_finite": 0,
        "unreachable_target": int(unreachable.sum()),
        "does_not_fit": 0,
        "missing_input": 0,
        "inconsistent_inputs": 0,
    }


def _keys(v: np.ndarray) -> np.ndarray:
    b = v.view(np.uint64)
    return np.where(b >> np.uint64(63), ~b, b | np.uint64(1 << 63))


def test_refine_equals_cpu_backend() -> None:
    m = get_model("training")
    study, _, y, _ = host_samples("training", BASE, CORR, 4096, 11, OUTS)
    queries = []
    for o, collect in (("co2_kg", True), ("cloud_cost", False)):
        k = np.sort(_keys(y[:, m.output_names.index(o)]))
        klo, khi = int(k[800]), int(k[3000])
        nsub = 64
        width = (khi - klo + nsub - 1) // nsub
        queries.append((m.output_names.index(o), klo, khi, width, nsub, collect))
    sub, got = CORE._engine_host_refine(mid("training"), study.spec, 0, 4096, queries)
    sub_cpu, got_cpu = CORE.simulate_refine(mid("training"), study.spec, 0, 4096, queries)
    np.testing.assert_array_equal(sub, sub_cpu)
    assert sub[:64].sum() == 2200 and len(got[0]) == 2200 and len(got[1]) == 0
    same_bits(np.sort(got[0]), np.sort(got_cpu[0]))
    bad = [(queries[0][0], 10, 20, 0, 4, False)]
    for f in (CORE._engine_host_refine, CORE.simulate_refine):
        with pytest.raises(ValueError, match="sub-bins"):
            f(mid("training"), study.spec, 0, 256, bad)
