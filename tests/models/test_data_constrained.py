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
