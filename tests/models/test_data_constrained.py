# SPDX-License-Identifier: BSD-3-Clause
"""Issue 17 `data_constrained` (Muennighoff et al. 2023), on every backend."""

from __future__ import annotations

import math

import numpy as np
import pytest

import llmcore as lc


def test_figure_1_right_as_the_repository_computes_it(backend: str) -> None:
    # huggingface/datablations README "Parametric Fit": scaling_law(6.34e9, 242e9, 25e9)
    # = 2.2256440889984477 and scaling_law(8.67e9, 178e9, 25e9) = 2.2269634075087867
    r = lc.data_constrained(
        params=np.array([6.34e9, 8.67e9]),
        tokens=np.array([242e9, 178e9]),
        unique_tokens=25e9,
        backend=backend,
    )
    np.testing.assert_allclose(r["loss"], [2.2256440889984477, 2.2269634075087867], rtol=1e-9)
    assert r["loss"][0] < r["loss"][1]  # more epochs, fewer parameters: better


def test_unique_data_and_few_epochs(backend: str) -> None:
    # one epoch: every token is worth a unique one
    one = lc.data_constrained(params=1e9, tokens=20e9, unique_tokens=20e9, backend=backend)
    assert one["effective_tokens"] == pytest.approx(20e9, rel=1e-12)
    assert one["token_value"] == pytest.approx(1.0)
    # 4 epochs lose little (the paper's finding), 40 lose most of the repeats' value
    r = lc.data_constrained(
        params=1e9, tokens=np.array([4.0, 40.0]) * 1e9, unique_tokens=1e9, backend=backend
    )
    rd = np.array([3.0, 39.0])
    expect = 1e9 + 1e9 * 15.387756 * (1 - np.exp(-rd / 15.387756))
    np.testing.assert_allclose(r["effective_tokens"], expect, rtol=1e-12)
    assert r["token_value"][0] > 0.9 and r["token_value"][1] < 0.5


def test_excess_parameters_lose_value(backend: str) -> None:
    a = b = 0.3526596
    A, B = math.exp(6.255414), math.exp(7.3049974)
    g = (a * A / (b * B)) ** (1 / (a + b))
    un = (1e9 * g) ** (b / a) * g  # D_to_N(U)
    r = lc.data_constrained(params=10 * un, tokens=1e9, unique_tokens=1e9, backend=backend)
    assert r["base_params"] == pytest.approx(un, rel=1e-9)
    assert r["excess_params_ratio"] == pytest.approx(9.0, rel=1e-9)
    assert r["effective_params"] < 10 * un
    assert r["loss"] > r["loss_if_unique"] - 1e-12


# The repository's fit (huggingface/datablations README "Parametric Fit"), for hand checks.
_A, _B, _E = math.exp(6.255414), math.exp(7.3049974), math.exp(0.6254804)
_AL = _BE = 0.3526596
_RD, _RN = 15.387756, 5.309743
_G = (_AL * _A / (_BE * _B)) ** (1 / (_AL + _BE))


def _law(n, d, u):
    """scaling_law(N, D, min(U, D)) of the README, by hand."""
    u = np.minimum(u, d)
    un = np.minimum(n, (u * _G) ** (_BE / _AL) * _G)
    n_eff = un + un * _RN * (1 - np.exp(-np.maximum(n / un - 1, 0) / _RN))
    d_eff = u + u * _RD * (1 - np.exp(-np.maximum(d / u - 1, 0) / _RD))
    return _E + _A / n_eff**_AL + _B / d_eff**_BE


def test_optimum_spends_the_budget_and_beats_its_neighbours(backend: str) -> None:
    c = np.array([1e20, 1e22, 6 * 8.67e9 * 178e9, 1e24])
    r = lc.data_constrained(unique_tokens=25e9, compute_flop=c, backend=backend)
    n, d = r["opt_params"], r["opt_tokens"]
    np.testing.assert_allclose(6 * n * d, c, rtol=1e-12)
    np.testing.assert_allclose(r["opt_epochs"], d / 25e9, rtol=1e-12)
    np.testing.assert_allclose(r["opt_loss"], _law(n, d, 25e9), rtol=1e-12)
    for step in (1e-4, 1e-3, 1e-2, 0.1, 0.5):
        for f in (1 + step, 1 / (1 + step)):
            assert np.all(r["opt_loss"] <= _law(n * f, d / f, 25e9) + 1e-15)
    # unlimited unique data: Chinchilla's closed form with the same fit
    nc = _G * (c / 6) ** (_BE / (_AL + _BE))
    np.testing.assert_allclose(r["opt_params_if_unique"], nc, rtol=1e-12)
    np.testing.assert_allclose(r["opt_tokens_if_unique"], c / 6 / nc, rtol=1e-12)
    np.testing.assert_allclose(r["loss_at_opt_if_unique"], _law(nc, c / 6 / nc, 25e9), rtol=1e-12)
    # 1e20 needs only 17B tokens: the limit does not bind; above it, fewer parameters
    assert n[0] == pytest.approx(nc[0], rel=1e-12)
    assert np.all(n[1:] < nc[1:]) and np.all(r["opt_loss"] <= r["loss_at_opt_if_unique"])


def test_optimum_against_the_repository_grid(backend: str) -> None:
    # optimal_allocation(C, U) of the README: 500 ratios i in [1.0001, 3] each way from the
    # Chinchilla optimum; the continuous optimum lies within a grid step and is no worse
    c, u = 1e22, 25e9
    nc = _G * (c / 6) ** 0.5
    i = np.linspace(1.0001, 3, 500)
    grid_n = np.concatenate([nc / i, nc * i])
    grid_l = _law(grid_n, c / 6 / grid_n, u)
    best = grid_n[np.argmin(grid_l)]
    assert best == pytest.approx(7022364735.879969, rel=1e-9)  # the README's printed value
    r = lc.data_constrained(unique_tokens=u, compute_flop=c, backend=backend)
    assert r["opt_params"] == pytest.approx(best, rel=(3 - 1.0001) / 499)
    assert r["opt_loss"] <= grid_l.min()


def test_optimum_tends_to_the_unconstrained_one_as_unique_data_grows(backend: str) -> None:
    c = 1e23
    nc = _G * (c / 6) ** 0.5
    u = np.array([1e9, 1e10, 1e11, 1e12, 1e13])
    r = lc.data_constrained(unique_tokens=u, compute_flop=c, backend=backend)
    assert np.all(np.diff(r["opt_params"][:4]) > 0)  # equal from U = 1e12 on
    assert np.all(r["opt_params"] <= nc * (1 + 1e-12))
    # D_c = 5.4e11 <= U from 1e12 on: exactly the closed form
    np.testing.assert_allclose(r["opt_params"][3:], nc, rtol=1e-12)
    np.testing.assert_allclose(r["opt_loss"][3:], r["loss_at_opt_if_unique"][3:], rtol=1e-12)


def test_budget_alone_and_fewer_tokens_than_unique_ones(backend: str) -> None:
    r = lc.data_constrained(unique_tokens=25e9, compute_flop=1e22, backend=backend)
    assert "opt_params" in r and "loss" not in r and "epochs" not in r
    r = lc.data_constrained(params=5e8, tokens=20e9, unique_tokens=25e9, backend=backend)
    assert "opt_params" not in r
    # 20B tokens show 20B unique ones, not 25B: the plain Chinchilla-form loss
    assert r["effective_tokens"] == pytest.approx(20e9, rel=1e-12)
    assert r["loss"] == pytest.approx(_law(5e8, 20e9, 25e9), rel=1e-12)
    assert r["loss"] == pytest.approx(r["loss_if_unique"], rel=1e-12)
