# SPDX-License-Identifier: BSD-3-Clause
"""Every models.toml row's published parameter counts against the count from its dimensions."""

from __future__ import annotations

import pytest

import llmcore as lc
from llmcore import catalog, imports

ROWS = catalog.list("models")
TOL = 0.01  # the published figure and the count from dimensions agree within 1 %


def _tolerance(row):
    tol = row.get("count_tolerance", TOL)
    assert tol <= 0.08, "a looser tolerance needs a reason in source"
    if tol > TOL:
        # a row allowed more than 1 % says why in its source
        assert any(w in row["source"] for w in ("two figures", "vision", "count_tolerance"))
    return tol


def test_the_catalog_covers_the_field():
    assert len(ROWS) >= 60
    for rid in ("gpt-3", "chinchilla-70b", "llama-2-7b", "llama-2-13b", "llama-2-70b"):
        assert rid in ROWS  # ids the validation cases and other tests use
    families = ("llama-3.1", "llama-4", "mistral", "mixtral", "qwen2.5", "qwen3", "deepseek")
    families += ("gemma-2", "gemma-3", "phi-3", "phi-4", "olmo-2", "falcon", "gpt-oss", "command")
    for fam in families:
        assert any(r.startswith(fam) for r in ROWS), fam


@pytest.mark.parametrize("rid", ROWS)
def test_published_params_agree_with_the_dimensions(rid):
    row = catalog.get("models", rid)
    assert row["source"] and row["date"]
    params, active = imports.model_params(row)
    tol = _tolerance(row)
    assert params == pytest.approx(row["params"], rel=tol)
    if "active_params" in row:
        assert active == pytest.approx(row["active_params"], rel=tol)
        assert row["active_params"] < row["params"]
    else:
        assert active == params  # a dense row


def test_agreement_summary():
    """How many rows agree within 1 %, and the worst error (printed with -s)."""
    errs = {}
    for rid in ROWS:
        row = catalog.get("models", rid)
        params, active = imports.model_params(row)
        e = abs(params / row["params"] - 1)
        if "active_params" in row:
            e = max(e, abs(active / row["active_params"] - 1))
        errs[rid] = e
    within = sum(e <= TOL for e in errs.values())
    worst = max(errs, key=errs.__getitem__)
    print(f"\n{within}/{len(errs)} rows within 1 %; worst {worst} {errs[worst]:.2%}")
    assert within >= 60


@pytest.mark.parametrize("rid", ROWS)
def test_kv_fraction_is_the_kv_width(rid):
    row = catalog.get("models", rid)
    if "kv_lora_rank" in row:
        want = (row["kv_lora_rank"] + row["qk_rope_head_dim"]) / (2 * row["d_model"])
    else:
        hd = row.get("head_dim", row["d_model"] / row["n_heads"])
        want = row["n_kv_heads"] * hd / row["d_model"]
    assert row["kv_fraction"] == pytest.approx(want, rel=1e-12)


DENSE_SIMPLE = [
    r
    for r in ROWS
    if catalog.get("models", r).get("n_experts", 1) == 1
    and "head_dim" not in catalog.get("models", r)
    and "count_tolerance" not in catalog.get("models", r)
]


@pytest.mark.parametrize("rid", DENSE_SIMPLE)
def test_architecture_estimator_agrees_where_its_formula_applies(rid):
    """SPEC §3a's formula (the estimator) for dense rows with head_dim = d_model / n_heads:
    without the position table for rotary/relative models it also lands within 1 %."""
    row = catalog.get("models", rid)
    seq = row["seq_len"] if row.get("position") == "learned" else 0.0
    r = lc.architecture(model=rid, seq_len=seq, backend="reference")
    assert float(r["params"]) == pytest.approx(row["params"], rel=TOL)


def test_model_params_counts_each_part():
    # One layer, d = 4: attention 2·d·(h·hd) + 2·d·(kv·hd), FFN 3·d·ff, norms 2·d + d,
    # embeddings V·d·(2 - tied)
    base = {"n_layers": 1, "d_model": 4, "n_heads": 2, "n_kv_heads": 1, "ffn_mult": 2}
    p, a = imports.model_params({**base, "gated_ffn": 1, "vocab_size": 10, "tied_embeddings": 0})
    assert p == 2 * 4 * 4 + 2 * 4 * 2 + 3 * 4 * 8 + 12 + 80 and a == p
    p2, _ = imports.model_params({**base, "position": "learned", "seq_len": 5})
    assert p2 == 2 * 4 * 4 + 2 * 4 * 2 + 2 * 4 * 8 + 12 + 5 * 4
    # experts: 4 routed of width 1·d (two matrices), top-1, one shared, a 4 × 4 router
    moe = {**base, "n_experts": 4, "experts_per_token": 1, "moe_ffn_mult": 1}
    p3, a3 = imports.model_params({**moe, "n_shared_experts": 1})
    assert p3 == 32 + 16 + 5 * 32 + 16 + 12 and a3 == p3 - 3 * 32
    # a dense first layer, then every second layer a mixture of experts (layers 2 and 4 of 5)
    p4, _ = imports.model_params({**moe, "n_layers": 5, "first_k_dense": 1, "moe_layer_freq": 2})
    assert p4 == 5 * 48 + 3 * 64 + 2 * (4 * 32 + 16) + 11 * 4
    with pytest.raises(ValueError, match="n_layers"):
        imports.model_params({"d_model": 4})
    with pytest.raises(TypeError, match="ffn_mult"):
        imports.model_params({**base, "ffn_mult": "4"})
