# SPDX-License-Identifier: BSD-3-Clause
"""Issue 17 `finetune`: full fine-tuning, LoRA and API fine-tuning, on every backend."""

from __future__ import annotations

import numpy as np
import pytest

import llmcore as lc

# LLaMA-13B (Touvron et al. 2023, Table 2): 40 layers, d_model 5120
L13 = {"params": 13e9, "n_layers": 40, "d_model": 5120}


def test_full_fine_tune_worked_example(backend: str) -> None:
    # 13B on 1.333M tokens (1M words at 0.75 words/token), 2 epochs, A100 312 TFLOP/s at 40 %
    tokens = 1e6 / 0.75
    r = lc.finetune(
        **L13,
        tokens=tokens,
        epochs=2,
        peak_flop_per_s=312e12,
        mfu=0.4,
        n_accel=8,
        price_per_accel_hour=2.0,
        pretraining_tokens=1.4e12,
        backend=backend,
    )
    flop = 6 * 13e9 * tokens * 2
    assert r["trainable_params"] == 13e9 and r["trainable_fraction"] == 1.0
    assert r["train_flop"] == pytest.approx(flop, rel=1e-12)
    hours = flop / (312e12 * 0.4) / 3600
    assert r["accel_hours"] == pytest.approx(hours, rel=1e-12)
    assert r["wall_hours"] == pytest.approx(hours / 8, rel=1e-12)
    assert r["cost"] == pytest.approx(hours * 2.0, rel=1e-12)
    assert r["memory_bytes"] == pytest.approx(13e9 * 16, rel=1e-12)  # ZeRO's 16 bytes/param
    assert r["pretraining_cost_ratio"] == pytest.approx(2 * tokens / 1.4e12, rel=1e-12)
    assert r["pretraining_cost_ratio"] < 0.001  # llm-numbers' bound
    assert r["serving_params_ratio"] == 1.0


def test_lora_worked_example(backend: str) -> None:
    # Hu et al. 2021: rank 8 on W_q and W_v, each adapter r (d + d) parameters
    r = lc.finetune(**L13, tokens=1e6, finetune_method="lora", backend=backend)
    t = 40 * 2 * 8 * (5120 + 5120)
    assert r["trainable_params"] == pytest.approx(t, rel=1e-12)
    assert r["flop_per_token"] == pytest.approx(4 * 13e9 + 6 * t, rel=1e-12)
    assert r["memory_bytes"] == pytest.approx(13e9 * 2 + t * 16, rel=1e-12)
    assert r["serving_params_ratio"] == pytest.approx(1 + t / 13e9, rel=1e-12)
    assert "cost" not in r and "accel_hours" not in r  # no hardware given: absent


def test_api_fine_tuning_llm_numbers(backend: str) -> None:
    # footnote 5: 1M words / 0.75 words per token / 1000 x $0.03 = $40; Davinci 0.12 vs 0.02
    r = lc.finetune(
        params=175e9,
        tokens=1e6 / 0.75,
        api_training_price_per_1k_tokens=0.03,
        api_base_price_per_1k_tokens=0.02,
        api_finetuned_price_per_1k_tokens=0.12,
        backend=backend,
    )
    assert r["api_training_cost"] == pytest.approx(40.0, rel=1e-12)
    assert r["api_serving_price_ratio"] == pytest.approx(6.0, rel=1e-12)


def test_properties(backend: str) -> None:
    epochs = np.array([1.0, 2.0, 3.0])
    method = np.array(["full", "lora"])[:, None]
    r = lc.finetune(
        **L13,
        tokens=1e7,
        epochs=epochs,
        finetune_method=method,
        peak_flop_per_s=1e15,
        price_per_accel_hour=3.0,
        backend=backend,
    )
    full, lora = r["cost"][0], r["cost"][1]
    np.testing.assert_allclose(full / full[0], epochs, rtol=1e-12)  # cost scales with epochs
    np.testing.assert_allclose(lora / lora[0], epochs, rtol=1e-12)
    assert (lora < full).all() and (lora > full * 4 / 6 * 0.999).all()  # >= 4N of 6N
    assert (r["trainable_params"][1] < 1e-3 * r["trainable_params"][0]).all()
    assert (r["memory_bytes"][1] < r["memory_bytes"][0] / 7).all()  # 2 vs 16 bytes/param


def test_lora_without_architecture_is_flagged_not_zero(backend: str) -> None:
    with pytest.warns(lc.MissingDataWarning, match="missing_input"):
        r = lc.finetune(
            params=np.array([7e9, 7e9]),
            tokens=1e6,
            finetune_method=np.array(["full", "lora"]),
            backend=backend,
        )
    assert r["trainable_params"][0] == 7e9 and np.isnan(r["trainable_params"][1])
    assert np.isnan(r["memory_bytes"][1])
    assert r.status_counts["missing_input"] == 1 and r.status_counts["non_finite"] == 0
