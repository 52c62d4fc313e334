# SPDX-License-Identifier: BSD-3-Clause
"""Parameter counts must agree with one another and the architecture (parallelism:
vocab_size × d_model <= active_params <= params; serving: active_params <= params):
otherwise the outputs that need them are NaN, flagged inconsistent_inputs with a warning,
never numbers that look right."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import llmcore as lc
from llmcore._models import MODELS

from ..harness import all_backends

ARCH = dict(n_layers=32, d_model=4096, n_heads=32, vocab_size=128000, tokens=1e9)
EMB = 128000 * 4096  # 5.2e8
FLAGGED = set(dict(MODELS["parallelism"].flagged)["inconsistent_inputs"])


def _run(backend: str, **kw: object) -> lc.Result:
    with pytest.warns(lc.InconsistentInputsWarning, match=r"contradict.*inconsistent_inputs"):
        return lc.parallelism(**ARCH, hardware="h100-sxm", backend=backend, **kw)


@pytest.mark.parametrize("backend", all_backends())
@pytest.mark.parametrize(
    "counts",
    [
        {"params": 1e8},  # below the embeddings: a negative non-embedding count
        {"params": 7e9, "active_params": 8e9},  # more weights per token than the model has
        {"params": 7e9, "active_params": 1e8},  # active below the embeddings
    ],
)
def test_inconsistent_counts_leave_the_outputs_that_need_them_nan(backend, counts) -> None:
    r = _run(backend, **counts)
    assert r.status_counts["inconsistent_inputs"] == 1
    assert r.status_counts["does_not_fit"] == 0 and r.status_counts["non_finite"] == 0
    for name, v in r.items():
        assert np.isnan(v) == (name in FLAGGED), name
    assert r["n_accel"] == 1 and r["activation_mem_bytes"] > 0


@pytest.mark.parametrize("backend", all_backends())
def test_flagged_per_scenario_in_arrays(backend: str) -> None:
    params = np.array([1e8, EMB, 7e9, 5e8])
    r = _run(backend, params=params, outputs=["mfu", "steps"])
    np.testing.assert_array_equal(np.isnan(r["mfu"]), [True, False, False, True])
    assert np.isfinite(r["steps"]).all()
    assert r.status_counts["inconsistent_inputs"] == 2


def test_consistent_counts_warn_nothing() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = lc.parallelism(**ARCH, params=7e9, active_params=2e9, hardware="h100-sxm")
    assert r.status_counts["inconsistent_inputs"] == 0 and np.isfinite(r["mfu"])


@pytest.mark.parametrize("backend", all_backends())
def test_serving_with_more_active_than_total_parameters(backend: str) -> None:
    flagged = set(dict(MODELS["serving"].flagged)["inconsistent_inputs"])
    assert "prefill_s" in flagged and "cost_per_query" in flagged and "fits" not in flagged
    with pytest.warns(lc.InconsistentInputsWarning, match="active_params <= params"):
        r = lc.serving(
            params=np.array([7e9, 7e9]),
            active_params=np.array([8e9, 2e9]),
            n_layers=32,
            d_model=4096,
            hardware="h100-sxm",
            backend=backend,
        )
    assert r.status_counts["inconsistent_inputs"] == 1
    for name, v in r.items():
        assert np.isnan(v[0]) == (name in flagged), name
        assert not np.isnan(v[1]), name
    assert r["weight_bytes"][0] == 7e9 * 2  # memory follows params, still given


@pytest.mark.parametrize("model", ["parallelism", "serving"])
def test_every_catalog_model_is_consistent(model: str) -> None:
    for mid in lc.catalog.list("models"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", lc.MissingDataWarning)
            warnings.simplefilter("error", lc.InconsistentInputsWarning)
            run = {"tokens": 1e9} if model == "parallelism" else {}
            r = lc.evaluate(model, {"model": mid, "hardware": "h100-sxm", **run})
        assert r.status_counts["inconsistent_inputs"] == 0, mid


@pytest.mark.parametrize("backend", ["cpu", "reference"])
def test_monte_carlo_counts_warns_and_leaves_them_out(backend: str) -> None:
    inputs = {**ARCH, "params": lc.dist.loguniform(1e8, 1e10), "hardware": "h100-sxm"}
    with pytest.warns(lc.InconsistentInputsWarning, match=r"\d+ of 2000 scenario"):
        s = lc.simulate("parallelism", inputs, n=2000, seed=4, outputs=["mfu"], backend=backend)
    below = s.status_counts["inconsistent_inputs"]
    # P(params < EMB) under the log-uniform: about 36 % of the draws
    want = np.log(EMB / 1e8) / np.log(100)
    assert abs(below / 2000 - want) < 0.05
    assert s["mfu"].count == 2000 - below and s["mfu"].nonfinite == below
    with pytest.warns(lc.InconsistentInputsWarning):
        lc.sensitivity("parallelism", inputs, n=512, seed=1, outputs=["mfu"])


def test_a_chain_names_the_model_that_left_the_input_nan() -> None:
    with (
        pytest.warns(lc.InconsistentInputsWarning),
        pytest.raises(lc.InvalidInputError, match=r"'accel_hours' is the output of parallelism"),
    ):
        lc.evaluate(["parallelism", "training"], {**ARCH, "params": 1e8, "hardware": "h100-sxm"})


def test_plan_refuses_counts_no_layout_can_mend() -> None:
    with pytest.raises(lc.InvalidInputError, match=r"params = 1e\+08 contradict") as e:
        lc.plan(**ARCH, params=1e8, hardware="h100-sxm", n_accel=8)
    assert e.value.input == "params"
