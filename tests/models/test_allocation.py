# SPDX-License-Identifier: BSD-3-Clause
"""Issue 17 `allocation`: published compute-optimal power laws, on every backend."""

from __future__ import annotations

import numpy as np
import pytest

import llmcore as lc


def test_llama3_printed_law(backend: str) -> None:
    r = lc.allocation(compute_flop=3.8e25, allocation="llama-3", backend=backend)
    d = 0.29 * 3.8e25**0.53  # 10.5T, where the paper's text says 16.55T
    assert r["opt_tokens"] == pytest.approx(d, rel=1e-12)
    assert r["size_from_tokens"] == pytest.approx(3.8e25 / (6 * d), rel=1e-12)
    assert "opt_size" not in r and "opt_lr" not in r  # the row has no such law: absent


def test_deepseek_laws_are_consistent(backend: str) -> None:
    c = np.array([1e20, 1e22, 1e24])
    r = lc.allocation(compute_flop=c, allocation="deepseek-llm", backend=backend)
    np.testing.assert_allclose(r["opt_size"], 0.1715 * c**0.5243, rtol=1e-12)
    np.testing.assert_allclose(r["opt_tokens"], 5.8316 * c**0.4757, rtol=1e-12)
    # M·D = C: the two published laws agree with each other to their printed digits
    np.testing.assert_allclose(r["opt_size"] * r["opt_tokens"], c, rtol=1e-3)
    np.testing.assert_allclose(r["tokens_from_size"], r["opt_tokens"], rtol=1e-3)
    np.testing.assert_allclose(r["opt_batch_tokens"], 0.2920 * c**0.3271, rtol=1e-12)
    np.testing.assert_allclose(r["opt_lr"], 0.3118 * c**-0.1250, rtol=1e-12)
    assert (np.diff(r["opt_lr"]) < 0).all()


def test_no_law_no_answer() -> None:
    r = lc.allocation(compute_flop=1e24)
    assert set(r) == set()  # nothing chosen: nothing computed, never a default law
    with pytest.raises(ValueError, match="tokens_coef"):
        lc.allocation(compute_flop=1e24, outputs=["opt_tokens"])
