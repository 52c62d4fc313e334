# SPDX-License-Identifier: BSD-3-Clause
"""Properties of `scaling` (SPEC.md §5) on every backend, with a brute-force check of the
lifetime optimum."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import llmcore as lc

FIT = {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28}


def test_compute_optimal_spends_the_budget(backend: str) -> None:
    c = np.logspace(18, 27, 37)
    r = lc.scaling(compute_flop=c, flops_per_param_token=np.array([[6.0], [8.0]]), backend=backend)
    f = np.array([[6.0], [8.0]])
    np.testing.assert_allclose(
        r["opt_params"] * r["opt_tokens"] * f, np.broadcast_to(c, (2, 37)), rtol=1e-12
    )


def test_compute_optimal_is_the_minimum_of_the_loss(backend: str) -> None:
    c = 1e23
    r = lc.scaling(compute_flop=c, backend=backend)
    n = r["opt_params"] * np.array([0.5, 0.9, 0.99, 1.01, 1.1, 2.0])
    other = lc.scaling(params=n, tokens=c / 6 / n, backend=backend)["loss"]
    assert (other > r["opt_loss"]).all()


@given(target=st.floats(1.75, 6.0))
def test_min_compute_reaches_the_target(target: float) -> None:
    for backend in ["reference", *lc.backends()]:
        r = lc.scaling(target_loss=target, backend=backend)
        back = lc.scaling(compute_flop=r["min_compute_for_loss"], backend=backend)
        assert back["opt_loss"] == pytest.approx(target, rel=1e-10)
        assert back["opt_params"] == pytest.approx(r["target_opt_params"], rel=1e-10)


@given(target=st.floats(1.75, 4.0), infer=st.floats(8, 18), fi=st.floats(1, 4))
def test_lifetime_optimum_beats_a_dense_grid(target: float, infer: float, fi: float) -> None:
    """Brute force: N on a dense log grid, D from the loss constraint; the estimator's
    lifetime_flop is no larger than any grid point (to 1e-9) and the best grid point is
    within the grid's resolution of lifetime_params."""
    inference_tokens = 10.0**infer
    kw = {
        "target_loss": target,
        "inference_tokens": inference_tokens,
        "inference_flops_per_param_token": fi,
    }
    for backend in ["reference", *lc.backends()]:
        r = lc.scaling(**kw, backend=backend)
        R = target - FIT["E"]
        n_min = (FIT["A"] / R) ** (1 / FIT["alpha"])
        n = n_min * np.logspace(1e-9, 8, 200_001)
        rest = R - FIT["A"] / n ** FIT["alpha"]
        d = (FIT["B"] / rest) ** (1 / FIT["beta"])
        cost = 6 * n * d + fi * n * inference_tokens
        best = int(np.argmin(cost))
        assert r["lifetime_flop"] <= cost[best] * (1 + 1e-9)
        step = 8 / 200_000 * np.log(10)  # grid spacing in log N
        assert abs(np.log(r["lifetime_params"] / n[best])) <= 2 * step
        # on the loss constraint
        check = lc.scaling(
            params=r["lifetime_params"], tokens=r["lifetime_tokens"], backend=backend
        )["loss"]
        assert check == pytest.approx(target, rel=1e-10)
        # never worse than the compute-optimal model serving the same tokens
        total_opt = (
            6 * r["target_opt_params"] * r["target_opt_tokens"]
            + fi * r["target_opt_params"] * inference_tokens
        )
        assert r["lifetime_flop"] <= total_opt * (1 + 1e-12)
        assert -1e-12 <= r["lifetime_saving"] < 1


def test_no_inference_means_compute_optimal(backend: str) -> None:
    r = lc.scaling(target_loss=np.array([2.0, 2.5]), backend=backend)
    np.testing.assert_array_equal(r["lifetime_params"], r["target_opt_params"])
    np.testing.assert_array_equal(r["lifetime_saving"], [0.0, 0.0])
    np.testing.assert_allclose(r["lifetime_flop"], r["min_compute_for_loss"], rtol=1e-12)


def test_more_inference_means_smaller_longer_trained_models(backend: str) -> None:
    r = lc.scaling(target_loss=2.1, inference_tokens=np.logspace(10, 16, 13), backend=backend)
    assert (np.diff(r["lifetime_params"]) < 0).all()
    assert (np.diff(r["lifetime_tokens"]) > 0).all()
    assert (np.diff(r["lifetime_saving"]) > 0).all()
