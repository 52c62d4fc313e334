# SPDX-License-Identifier: BSD-3-Clause
"""Issue 17 `kaplan`: Kaplan et al. 2020's laws worked by hand, on every backend."""

from __future__ import annotations

import numpy as np
import pytest

import llmcore as lc


def test_single_variable_laws(backend: str) -> None:
    r = lc.kaplan(params=np.array([8.8e13, 1e9]), tokens=5.4e13, backend=backend)
    np.testing.assert_allclose(r["loss_n"], [1.0, (8.8e13 / 1e9) ** 0.076], rtol=1e-12)
    assert r["loss_d"] == pytest.approx(1.0, rel=1e-12)  # D = D_c


def test_joint_law_limits(backend: str) -> None:
    # eq. 1.5: unlimited data gives the fit's own L(N); an unlimited model its L(D)
    big_d = lc.kaplan(params=1e9, tokens=1e30, backend=backend)
    assert big_d["loss_nd"] == pytest.approx((6.4e13 / 1e9) ** 0.076, rel=1e-9)
    big_n = lc.kaplan(params=1e30, tokens=1e10, backend=backend)
    assert big_n["loss_nd"] == pytest.approx((1.8e13 / 1e10) ** 0.103, rel=1e-9)
    assert big_n["data_exponent"] == pytest.approx(0.076 / 0.103)


def test_critical_batch_and_steps(backend: str) -> None:
    r = lc.kaplan(
        params=1e9, loss=np.array([1.0, 2.0]), steps=1e5, batch_tokens=1e6, backend=backend
    )
    bc = 2.1e8 / np.array([1.0, 2.0]) ** (1 / 0.21)
    np.testing.assert_allclose(r["b_crit_tokens"], bc, rtol=1e-12)
    np.testing.assert_allclose(r["s_min"], 1e5 / (1 + bc / 1e6), rtol=1e-12)
    np.testing.assert_allclose(
        r["loss_ns"], (6.5e13 / 1e9) ** 0.077 + (2.1e3 / r["s_min"]) ** 0.76, rtol=1e-12
    )
    # one doubling of B_crit is a loss factor 2^-α_B
    assert r["bcrit_doubling_loss_drop"] == pytest.approx(1 - 2**-0.21)


def test_compute_frontier(backend: str) -> None:
    r = lc.kaplan(compute_pf_days=np.array([1.0, 1e4]), backend=backend)
    np.testing.assert_allclose(r["n_opt"], 1.3e9 * np.array([1.0, 1e4]) ** 0.73, rtol=1e-12)
    np.testing.assert_allclose(r["loss_at_compute"], (3.1e8 / np.array([1.0, 1e4])) ** 0.05)
    # α_C from the other exponents (§6.1): 1 / (1/0.76 + 1/0.21 + 1/0.076)
    assert r["alpha_c_from_exponents"] == pytest.approx(1 / (1 / 0.76 + 1 / 0.21 + 1 / 0.076))
    assert r["d_e"] == pytest.approx(2 * 8.64e19 / (6 * 1.3e9))


def test_convergence_tradeoff(backend: str) -> None:
    r = lc.kaplan(gap=0.1, gap_ref=0.02, backend=backend)
    assert r["params_ratio_for_gap"] == pytest.approx((1.1 / 1.02) ** (1 / 0.076))
    assert r["steps_ratio_for_gap"] == pytest.approx((11 / 51) ** (1 / 0.76))
    assert "loss_n" not in r  # no params given: absent, not computed
