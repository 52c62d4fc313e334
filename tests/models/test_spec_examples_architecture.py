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
    # 8 experts: the FFN is 8x plus a d_model x 8 router per layer; two experts run per token
    assert moe["ffn_params"] == pytest.approx(8 * dense["ffn_params"] + 32 * 4096 * 8, rel=1e-12)
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


# Worked examples with published counts: a grouped-query, rotary model and a latent-attention
# mixture of experts (design/architecture_counts.md).
LLAMA_31_8B = {  # meta-llama/Llama-3.1-8B config.json
    "n_layers": 32,
    "d_model": 4096,
    "vocab_size": 128256,
    "seq_len": 131072,
    "ffn_mult": 14336 / 4096,
    "gated_ffn": 1,
    "kv_fraction": 8 * 128 / 4096,  # 8 KV heads of 128
    "tied_embeddings": 0,
}
DEEPSEEK_V3 = {  # deepseek-ai/DeepSeek-V3 config.json
    "n_layers": 61,
    "d_model": 7168,
    "vocab_size": 129280,
    "seq_len": 163840,
    "ffn_mult": 18432 / 7168,
    "gated_ffn": 1,
    "tied_embeddings": 0,
    "n_heads": 128,
    "q_lora_rank": 1536,
    "kv_lora_rank": 512,
    "qk_nope_head_dim": 128,
    "qk_rope_head_dim": 64,
    "v_head_dim": 128,
    "n_experts": 256,
    "experts_per_token": 8,
    "n_shared_experts": 1,
    "moe_ffn_mult": 2048 / 7168,
    "first_k_dense": 3,
    "learned_positions": 0,
    "active_excludes_input_embedding": 1,
}


def test_llama_31_8b_gqa_rotary(backend: str) -> None:
    # HF safetensors count 8.03e9; rotary positions: no seq_len x d_model table
    r = lc.architecture(**LLAMA_31_8B, learned_positions=0, backend=backend)
    assert r["params"] == pytest.approx(8.03e9, rel=0.001)
    l, d, v, kv = 32, 4096, 128256, 1024
    assert r["attn_params"] == l * (2 * d * d + 2 * d * kv)  # K and V 1024 wide
    assert r["ffn_params"] == l * 3 * d * 14336
    assert r["embed_params"] == 2 * v * d
    assert r["kv_bytes_per_token"] == l * 2 * kv * 2  # 131,072 bytes at 16 bits
    assert r["attention_flop_per_token"] == 12 * l * d * 131072  # 32 query heads of 128
    # SPEC §3a as written (learned_positions absent = 1) adds the 0.54e9 table
    table = lc.architecture(**LLAMA_31_8B, backend=backend)
    assert table["params"] - r["params"] == 131072 * d
    # the catalog row gives the same through its position = "rotary"
    row = lc.architecture(model="llama-3.1-8b", backend=backend)
    assert row["params"] == pytest.approx(r["params"], rel=1e-12)


def test_deepseek_v3_mla_moe(backend: str) -> None:
    # README_WEIGHTS: 671B main-model parameters, 36.6B activated (the paper's "37B")
    r = lc.architecture(**DEEPSEEK_V3, backend=backend)
    assert r["params"] == pytest.approx(671e9, rel=0.01)
    assert r["active_params"] == pytest.approx(36.6e9, rel=0.01)
    assert r["active_params"] == pytest.approx(37e9, rel=0.02)
    # latent attention per layer: q 7168->1536->128x192, kv 7168->512+64, 512->128x(128+128),
    # output 128x128->7168
    layer = 7168 * 1536 + 1536 * 128 * 192 + 7168 * 576 + 512 * 128 * 256 + 128 * 128 * 7168
    assert r["attn_params"] == 61 * layer
    # 3 dense layers, 58 of 256 routed + 1 shared expert (3 x 7168 x 2048) and the router
    expert = 3 * 7168 * 2048
    assert r["ffn_params"] == 3 * 3 * 7168 * 18432 + 58 * (257 * expert + 7168 * 256)
    skipped = 58 * 248 * expert + 129280 * 7168  # idle experts, the input embedding
    assert r["active_params"] == pytest.approx(r["params"] - skipped, rel=1e-12)
    # only the latent and the rotary key are cached: 61 x 576 x 2 bytes
    assert r["kv_bytes_per_token"] == 61 * 576 * 2
    assert r["attention_flop_per_token"] == 6 * 61 * 163840 * 128 * (192 + 128)
    # the catalog row (its widths over d_model rounded to 7 digits) gives the same
    row = lc.architecture(model="deepseek-v3", backend=backend)
    for k in ("params", "active_params", "kv_bytes_per_token"):
        assert row[k] == pytest.approx(r[k], rel=1e-6), k


def test_each_optional_part(backend: str) -> None:
    """Hand counts on one small layer (d_model 4): every optional input's term."""

    def arch(**kw):
        return lc.architecture(n_layers=1, d_model=4, ffn_mult=2, backend=backend, **kw)

    # head_dim: queries and output 2 x 4 = 8 wide, keys/values 0.5 x 4 = 2
    r = arch(n_heads=2, head_dim=4, kv_fraction=0.5, seq_len=3)
    assert r["attn_params"] == 2 * 4 * 8 + 2 * 4 * 2
    assert r["attention_flop_per_token"] == 6 * 3 * 2 * 8
    assert r["kv_bytes_per_token"] == 2 * 2 * 2
    # latent attention: q 4->2->2x(1+1), kv 4->3+1 and 3->2x(1+2), output 2x2->4; norms 2 + 3
    m = arch(
        n_heads=2,
        q_lora_rank=2,
        kv_lora_rank=3,
        qk_nope_head_dim=1,
        qk_rope_head_dim=1,
        v_head_dim=2,
        seq_len=3,
    )
    assert m["attn_params"] == (4 * 2 + 2 * 2 * 2) + (4 * 4 + 3 * 2 * 3) + 2 * 2 * 4
    assert m["norm_bias_params"] == 13 * 4 + 2 + 3
    assert m["kv_bytes_per_token"] == (3 + 1) * 2
    assert m["attention_flop_per_token"] == 6 * 3 * 2 * (2 + 2)
    # experts: 4 routed of width 1 x d (two matrices), top-1, one shared, a 4 x 4 router
    moe = {"n_experts": 4, "experts_per_token": 1, "moe_ffn_mult": 1}
    e = arch(**moe, n_shared_experts=1)
    assert e["ffn_params"] == 5 * 32 + 16
    assert e["params"] - e["active_params"] == 3 * 32
    # a dense first layer, then every second layer (2 of the other 4) a mixture of experts
    f = lc.architecture(
        n_layers=5,
        d_model=4,
        ffn_mult=2,
        first_k_dense=1,
        moe_layer_freq=2,
        **moe,
        backend=backend,
    )
    assert f["ffn_params"] == 3 * 64 + 2 * (4 * 32 + 16)
    assert f["params"] - f["active_params"] == 2 * 3 * 32
    # rotary positions: no table; the untied input embedding left out of active_params
    g = arch(vocab_size=10, seq_len=5, tied_embeddings=0, learned_positions=0)
    assert g["embed_params"] == 2 * 10 * 4
    h = arch(vocab_size=10, tied_embeddings=0, active_excludes_input_embedding=1)
    assert h["params"] - h["active_params"] == 10 * 4
    t = arch(vocab_size=10, tied_embeddings=1, active_excludes_input_embedding=1)
    assert t["active_params"] == t["params"]  # a tied matrix is the output head, active


def test_per_head_inputs_need_their_heads() -> None:
    with pytest.raises(lc.InvalidInputError, match="n_heads"):
        lc.architecture(n_layers=2, d_model=64, head_dim=32)
    with pytest.raises(lc.InvalidInputError, match="kv_lora_rank"):
        lc.architecture(n_layers=2, d_model=64, n_heads=4, qk_rope_head_dim=16)
