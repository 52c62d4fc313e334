# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md §3a worked examples, on every backend."""

from __future__ import annotations

import numpy as np
import pytest

import llmcore as lc


def test_gpt3_megatron_formula(backend: str) -> None:
    # Megatron: P = 12·l·h²·(1 + 13/(12h) + (V+s)/(12·l·h)), GPT-3 dims -> 174.6e9
    r = lc.architecture(n_layers=96, d_model=12288, vocab_size=51200, seq_len=2048, backend=backend)
    l, h, v, s = 96, 12288, 51200, 2048
    megatron = 12 * l * h**2 * (1 + 13 / (12 * h) + (v + s) / (12 * l * h))
    assert r["params"] == pytest.approx(megatron, rel=1e-12)
    assert r["params"] / 1e9 == pytest.approx(174.6, abs=0.05)
    assert r["active_params"] == r["params"]  # dense
    assert r["attention_flop_per_token"] == 12 * 96 * 12288 * 2048


def test_kv_bytes_per_token_13b(backend: str) -> None:
    # 40 layers, d_model 5120, 16-bit: 2 * 40 * 5120 * 2 = 819,200 bytes (about 1 MB)
    r = lc.architecture(n_layers=40, d_model=5120, backend=backend)
    assert r["kv_bytes_per_token"] == 819_200


def test_gqa_and_moe(backend: str) -> None:
    dense = lc.architecture(model="mixtral-8x7b", n_experts=1, experts_per_token=1, backend=backend)
    moe = lc.architecture(model="mixtral-8x7b", backend=backend)
    # 8 experts: the FFN is 8x, two of them run per token
    assert moe["ffn_params"] == pytest.approx(8 * dense["ffn_params"])
    assert moe["active_params"] == pytest.approx(moe["params"] - 6 * dense["ffn_params"])
    # Mixtral's published sizes (46.7e9 total, 12.9e9 active) within 1 %
    assert moe["params"] == pytest.approx(46.7e9, rel=0.01)
    assert moe["active_params"] == pytest.approx(12.9e9, rel=0.01)
    # grouped-query attention: K and V shrink to kv_fraction of Q's size
    full = lc.architecture(model="mixtral-8x7b", kv_fraction=1.0, backend=backend)
    assert full["attn_params"] / moe["attn_params"] == pytest.approx(4 / 2.5)
    assert full["kv_bytes_per_token"] == 4 * moe["kv_bytes_per_token"]


@pytest.mark.parametrize("model", ["llama-2-7b", "llama-2-13b", "llama-2-70b"])
def test_llama_presets_reproduce_their_size(model: str, backend: str) -> None:
    # gated FFN, untied embeddings; the preset row's published size within 1 %
    r = lc.architecture(model=model, backend=backend)
    assert r["params"] == pytest.approx(lc.catalog.get("models", model)["params"], rel=0.01)


def test_experts_per_token_capped(backend: str) -> None:
    r = lc.architecture(
        n_layers=4,
        d_model=64,
        n_experts=np.array([2.0, 2.0]),
        experts_per_token=np.array([2.0, 5.0]),
        backend=backend,
    )
    np.testing.assert_array_equal(r["active_params"], r["params"])
