# SPDX-License-Identifier: BSD-3-Clause
"""Imports from LiteLLM price files and Hugging Face config.json (local test files only)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import llmcore as lc
from llmcore import catalog, imports

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(autouse=True)
def _fresh_catalog():
    catalog.reset()
    yield
    catalog.reset()


def test_litellm_prices_per_1k_tokens():
    rows = imports.litellm_prices(DATA / "litellm_prices_small.json", date="2024-10-01")
    # sample_spec, an embedding model without an output price and an image model are skipped
    assert set(rows) == {"gpt-4o", "gpt-3.5-turbo"}
    g = rows["gpt-4o"]
    assert g["price_per_1k_input_tokens"] == pytest.approx(0.0025)
    assert g["price_per_1k_output_tokens"] == pytest.approx(0.01)
    assert g["price_per_1k_cached_input_tokens"] == pytest.approx(0.00125)
    assert g["max_input_tokens"] == 128000 and g["provider"] == "openai"
    assert g["date"] == "2024-10-01" and "LiteLLM" in g["source"]
    assert "price_per_1k_cached_input_tokens" not in rows["gpt-3.5-turbo"]
    # registered: the ids work as the prices= keyword
    r = lc.query(prices="gpt-4o", prompt_words=750, generated_words=750, backend="reference")
    assert r["price_per_query"] == pytest.approx(1.0 * 0.0025 + 1.0 * 0.01)


def test_litellm_without_register_and_default_date(tmp_path):
    p = tmp_path / "prices.json"
    p.write_text(json.dumps({"m": {"input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6}}))
    rows = imports.litellm_prices(p, register=False, prefix="lite/")
    assert list(rows) == ["lite/m"]
    assert rows["lite/m"]["date"][:2] == "20"
    with pytest.raises(KeyError):
        catalog.get("api_prices", "lite/m")


def test_litellm_bad_values_are_skipped(tmp_path):
    p = tmp_path / "prices.json"
    p.write_text(json.dumps({"m": {"input_cost_per_token": 5.0, "output_cost_per_token": 2e-6}}))
    with pytest.warns(imports.CatalogImportWarning, match="price_per_1k_input_tokens"):
        assert imports.litellm_prices(p, date="2024") == {}
    with pytest.raises(KeyError):
        catalog.get("api_prices", "m")
    p.write_text("[1, 2]")
    with pytest.raises(ValueError):
        imports.litellm_prices(p)


# Published parameter counts (model cards / papers), independent of the formula.
@pytest.mark.parametrize(
    "name, total, active, rel",
    [
        ("hf_llama2_7b_config.json", 6.74e9, 6.74e9, 0.01),  # Llama 2 paper: 7B = 6.74e9
        (
            "hf_mixtral_config.json",
            46.7e9,
            12.9e9,
            0.02,
        ),  # Mixtral paper: 46.7B total, 12.9B active
        ("hf_gpt2_config.json", 124.4e6, 124.4e6, 0.01),  # GPT-2 small, 124M
    ],
)
def test_hf_config_params(name, total, active, rel):
    row = imports.hf_config(DATA / name, date="2024-01-01")
    assert row["params"] == pytest.approx(total, rel=rel)
    assert row["active_params"] == pytest.approx(active, rel=rel)
    assert row["active_params"] <= row["params"]
    assert catalog.get("models", row["id"])["params"] == row["params"]


def test_hf_config_dimensions():
    row = imports.hf_config(DATA / "hf_mixtral_config.json", register=False)
    assert row["id"] == "mistralai/Mixtral-8x7B-v0.1"
    assert (row["n_layers"], row["d_model"], row["n_heads"], row["n_kv_heads"]) == (32, 4096, 32, 8)
    assert row["kv_fraction"] == 0.25 and row["gated_ffn"] == 1
    assert (row["n_experts"], row["experts_per_token"]) == (8, 2)
    assert row["ffn_mult"] == 14336 / 4096 and row["tied_embeddings"] == 0
    gpt2 = imports.hf_config(DATA / "hf_gpt2_config.json", register=False, id="gpt2")
    assert gpt2["id"] == "gpt2" and gpt2["gated_ffn"] == 0 and gpt2["ffn_mult"] == 4
    assert gpt2["seq_len"] == 1024 and gpt2["tied_embeddings"] == 1


def test_hf_config_needs_dimensions(tmp_path):
    p = tmp_path / "config.json"
    p.write_text(json.dumps({"model_type": "llama", "hidden_size": 64}))
    with pytest.raises(ValueError, match="num_hidden_layers"):
        imports.hf_config(p)


def test_architecture_params_is_megatrons_formula():
    # SPEC §3a worked example: GPT-3's dimensions give 174.6e9 by Megatron's formula
    p, a = imports.architecture_params(96, 12288, vocab_size=51200, seq_len=2048)
    l, h, v, s = 96, 12288, 51200, 2048
    assert p == pytest.approx(
        12 * l * h * h * (1 + 13 / (12 * h) + (v + s) / (12 * l * h)), rel=1e-12
    )
    assert p == pytest.approx(174.6e9, rel=1e-3) and a == p


def test_litellm_one_bad_entry_does_not_reject_the_file(tmp_path):
    good = {"input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6}
    entries = {f"ok-{i}": good for i in range(3)}
    entries.update({f"bad-{i}": {**good, "output_cost_per_token": -1e-6} for i in range(7)})
    entries["bad-max"] = {**good, "output_cost_per_token": 1.0}  # 1000 USD per 1k tokens
    p = tmp_path / "prices.json"
    p.write_text(json.dumps(entries))
    with pytest.warns(imports.CatalogImportWarning) as rec:
        rows = imports.litellm_prices(p, date="2024-10-01")
    assert len(rec) == 1
    msg = str(rec[0].message)
    assert "skipped 8 LiteLLM entries" in msg and str(p) in msg
    assert "'bad-0'" in msg and "price_per_1k_output_tokens" in msg and "and 3 more" in msg
    assert "ok-" not in msg
    assert set(rows) == {"ok-0", "ok-1", "ok-2"}
    assert catalog.get("api_prices", "ok-1")["price_per_1k_output_tokens"] == pytest.approx(2e-3)
    with pytest.raises(KeyError):
        catalog.get("api_prices", "bad-max")
    assert issubclass(imports.CatalogImportWarning, UserWarning)


# Real config.json files (tests/data/hf_configs/README.md names each file's repository) and
# the published counts: (file, total, active or None, rel, what the figures are)
HF = DATA / "hf_configs"
PUBLISHED = [
    ("llama-3.1-8b.json", 8.03e9, None, 0.01),  # HF safetensors count, 8.03B (not 8.57e9)
    ("qwen3-30b-a3b.json", 30.5e9, 3.3e9, 0.02),  # model card: 30.5B, 3.3B activated (2 fig.)
    ("mixtral-8x7b.json", 46.7e9, 12.9e9, 0.01),  # Mixtral paper: 46.7B total, 12.9B active
    ("deepseek-v3.json", 671e9, 36.6e9, 0.01),  # README_WEIGHTS: 671B, 36.6B activated
    ("gemma-2-9b.json", 9.24e9, None, 0.01),  # HF safetensors count, 9.24B
    ("gpt-oss-20b.json", 20.91e9, 3.61e9, 0.01),  # model card: 20.91B total, 3.61B active
]


@pytest.mark.parametrize("name, total, active, rel", PUBLISHED)
def test_hf_config_real_files_match_published_counts(name, total, active, rel):
    row = imports.hf_config(HF / name, register=False)
    assert row["params"] == pytest.approx(total, rel=rel)
    assert row["active_params"] == pytest.approx(active or total, rel=rel)
    assert row["position"] == "rotary"  # no learned position table for any of these


def test_hf_config_rotary_models_count_no_position_table():
    row = imports.hf_config(HF / "llama-3.1-8b.json", register=False)
    assert row["seq_len"] == 131072
    assert row["params"] == pytest.approx(8.03e9, rel=0.001)  # a position table adds 0.54e9
    gpt2 = imports.hf_config(DATA / "hf_gpt2_config.json", register=False)
    assert gpt2["position"] == "learned"  # no rope_theta, not a rotary family


def test_hf_config_reads_moe_mla_and_head_dim():
    q = imports.hf_config(HF / "qwen3-30b-a3b.json", register=False)
    assert (q["n_experts"], q["experts_per_token"]) == (128, 8)
    assert q["moe_ffn_mult"] == 768 / 2048 and q["head_dim"] == 128
    assert q["kv_fraction"] == 4 * 128 / 2048 and "n_shared_experts" not in q
    d = imports.hf_config(HF / "deepseek-v3.json", register=False)
    assert (d["n_experts"], d["n_shared_experts"], d["first_k_dense"]) == (256, 1, 3)
    assert (d["q_lora_rank"], d["kv_lora_rank"], d["qk_rope_head_dim"]) == (1536, 512, 64)
    assert d["ffn_mult"] == 18432 / 7168 and d["moe_ffn_mult"] == 2048 / 7168
    assert d["kv_fraction"] == pytest.approx((512 + 64) / (2 * 7168))
    g = imports.hf_config(HF / "gemma-2-9b.json", register=False)
    assert g["head_dim"] == 256 and g["tied_embeddings"] == 1 and g["gated_ffn"] == 1
    o = imports.hf_config(HF / "gpt-oss-20b.json", register=False)
    assert (o["n_experts"], o["experts_per_token"], o["head_dim"]) == (32, 4, 64)
    assert o["tied_embeddings"] == 0


def test_hf_config_nested_text_config(tmp_path):
    # Gemma 3 and Llama 4 keep the language model under text_config: the real Gemma 2 file
    # wrapped so, with a vision part beside it, gives the same row
    inner = json.loads((HF / "gemma-2-9b.json").read_text())
    wrapped = {"model_type": "gemma3", "text_config": inner, "vision_config": {"hidden_size": 1}}
    p = tmp_path / "config.json"
    p.write_text(json.dumps(wrapped))
    row = imports.hf_config(p, register=False, id="wrapped")
    flat = imports.hf_config(HF / "gemma-2-9b.json", register=False, id="wrapped")
    assert row["params"] == flat["params"] and row["d_model"] == 3584


def test_hf_config_llama4_interleaved_moe(tmp_path):
    # Llama 4 Maverick's text dimensions: 128 experts every second layer, one shared expert,
    # dense layers of intermediate_size_mlp; Meta's card: 400B total, 17B active
    text = {
        "model_type": "llama4_text",
        "hidden_size": 5120,
        "num_hidden_layers": 48,
        "num_attention_heads": 40,
        "num_key_value_heads": 8,
        "head_dim": 128,
        "intermediate_size": 8192,
        "intermediate_size_mlp": 16384,
        "num_local_experts": 128,
        "num_experts_per_tok": 1,
        "interleave_moe_layer_step": 2,
        "vocab_size": 202048,
        "rope_theta": 500000.0,
        "tie_word_embeddings": False,
    }
    p = tmp_path / "config.json"
    p.write_text(json.dumps({"model_type": "llama4", "text_config": text}))
    row = imports.hf_config(p, register=False, id="maverick")
    assert row["moe_layer_freq"] == 2 and row["n_shared_experts"] == 1
    assert row["params"] == pytest.approx(400e9, rel=0.01)
    assert row["active_params"] == pytest.approx(17e9, rel=0.015)  # "17B": two figures
