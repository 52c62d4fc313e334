# SPDX-License-Identifier: BSD-3-Clause
"""Imports from LiteLLM price files and Hugging Face config.json (local test files only)."""

from __future__ import annotations

import gzip
import json
import re
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


LITELLM = DATA / "litellm_model_prices_1.110.2.json.gz"  # tests/data/README.md
GENAI = DATA / "genai_prices_data_47df840.json.gz"


def _import_warning(fn, *args, **kw):
    """(rows, the one CatalogImportWarning's text)."""
    with pytest.warns(imports.CatalogImportWarning) as rec:
        rows = fn(*args, **kw)
    assert len(rec) == 1
    return rows, str(rec[0].message)


def test_litellm_current_file_imports_every_usable_row():
    raw = json.loads(gzip.decompress(LITELLM.read_bytes()))
    rows, msg = _import_warning(imports.litellm_prices, LITELLM, date="2025-06-01")
    # every entry is imported or counted in the warning, by reason
    skipped = int(re.search(r"skipped (\d+) LiteLLM entries", msg)[1])
    assert len(rows) + skipped == len(raw) - 1  # less sample_spec
    assert len(rows) > 3000 and f"imported {len(rows)}" in msg
    for reason in ("embedding model", "image model", "audio model", "free (zero prices)"):
        assert re.search(re.escape(reason) + r": \d+ \(", msg), reason
    assert "failed the catalog checks" not in msg  # the real file has no such row
    # no embedding, image or free model among the rows; every row passes the checks
    modes = {raw[k].get("mode") for k in rows}
    assert modes <= {None, "chat", "completion", "responses", "realtime"}
    assert all(r["price_per_1k_output_tokens"] > 0 for r in rows.values())
    # USD per token -> per 1000 tokens; cached, batch and long-context fields carried
    g = rows["gpt-4o"]
    assert (
        g["price_per_1k_input_tokens"]
        == 2.5e-6 * 1000
        == raw["gpt-4o"]["input_cost_per_token"] * 1000
    )
    assert (g["price_per_1k_output_tokens"], g["price_per_1k_cached_input_tokens"]) == (
        0.01,
        0.00125,
    )
    assert g["batch_discount"] == 0.5 and g["max_input_tokens"] == 128000
    assert g["date"] == "2025-06-01" and "LiteLLM" in g["source"]
    gem = raw["gemini/gemini-2.5-pro"]
    r = rows["gemini/gemini-2.5-pro"]
    assert r["long_context_threshold_tokens"] == 200_000
    assert r["price_per_1k_input_tokens_long"] == pytest.approx(
        gem["input_cost_per_token_above_200k_tokens"] * 1000, rel=1e-12
    )
    c = (
        rows["claude-sonnet-4-5"]
        if "claude-sonnet-4-5" in rows
        else rows["claude-sonnet-4-5-20250929"]
    )
    assert c["price_per_1k_cache_write_tokens"] > c["price_per_1k_input_tokens"]
    assert sum("batch_discount" in r for r in rows.values()) > 300
    assert sum("price_per_1k_cached_input_tokens" in r for r in rows.values()) > 1000
    # registered: the ids work as the prices= keyword
    q = lc.query(
        prices="gpt-4o",
        input_tokens_per_query=1000,
        output_tokens_per_query=500,
        cached_input_share=0.8,
        backend="reference",
    )
    assert q["price_per_query"] == pytest.approx(0.0065)  # genai-prices' figure, same usage


def test_genai_prices_file():
    raw = json.loads(gzip.decompress(GENAI.read_bytes()))
    rows, msg = _import_warning(imports.genai_prices, GENAI, date="2026-08-21", prefix="gp:")
    n_models = sum(len(p["models"]) for p in raw)
    skipped = int(re.search(r"skipped (\d+) genai-prices entries", msg)[1])
    assert len(rows) + skipped == n_models and len(rows) > 1000
    assert "embedding or input-only" in msg and "no token prices" in msg
    g = rows["gp:openai/gpt-4o"]
    assert (g["price_per_1k_input_tokens"], g["price_per_1k_cached_input_tokens"]) == (
        0.0025,
        0.00125,
    )
    assert g["provider"] == "OpenAI" and g["date"] == "2026-08-21"
    # tiers: Gemini 2.5 Pro's 200k tier on every token price
    p = rows["gp:google/gemini-2.5-pro"]
    assert p["long_context_threshold_tokens"] == 200_000
    assert (p["price_per_1k_input_tokens_long"], p["price_per_1k_output_tokens_long"]) == (
        0.0025,
        0.015,
    )
    # conditional prices: Claude Sonnet 4.6's 200k tier ended on 2026-03-13 (4.5 keeps it)
    assert "long_context_threshold_tokens" not in rows["gp:anthropic/claude-sonnet-4-6"]
    assert rows["gp:anthropic/claude-sonnet-4-5"]["long_context_threshold_tokens"] == 200_000
    early = imports.genai_prices(GENAI, date="2026-01-01", register=False, providers="anthropic")
    assert early["anthropic/claude-sonnet-4-6"]["long_context_threshold_tokens"] == 200_000
    assert early["anthropic/claude-sonnet-4-6"]["price_per_1k_cache_write_tokens_long"] == 0.0075
    # time of day: DeepSeek's standard rate, not the off-peak one
    d = rows["gp:deepseek/deepseek-reasoner"]
    assert d["price_per_1k_input_tokens"] == 0.00055 and "off-peak" not in d["source"]
    assert "time-of-day rates not carried" in d["source"]
    assert catalog.get("api_prices", "gp:openai/gpt-4o")["price_per_1k_output_tokens"] == 0.01


def test_genai_prices_package():
    gp = pytest.importorskip("genai_prices")
    from genai_prices import Usage, calc_price

    with pytest.warns(imports.CatalogImportWarning):
        rows = imports.genai_prices(date="2026-11-30", register=False, providers=["openai"])
    assert rows["openai/gpt-4o"]["price_per_1k_input_tokens"] > 0
    assert gp.__version__ in rows["openai/gpt-4o"]["source"]
    for model in ("gpt-4o", "gpt-4.1", "o3"):
        row = rows[f"openai/{model}"]
        if "price_per_1k_cached_input_tokens" not in row:
            continue
        want = calc_price(
            Usage(input_tokens=1000, cache_read_tokens=800, output_tokens=500),
            model,
            provider_id="openai",
        ).total_price
        q = lc.query(
            **{k: v for k, v in row.items() if k.startswith("price_per_1k")},
            input_tokens_per_query=1000,
            output_tokens_per_query=500,
            cached_input_share=0.8,
            backend="reference",
        )
        assert q["price_per_query"] == pytest.approx(float(want), rel=1e-9), model


def test_genai_prices_without_the_package_says_how_to_get_it(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "genai_prices", None)
    with pytest.raises(ImportError, match=r"llmcore\[prices\]"):
        imports.genai_prices()


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
    assert "failed the catalog checks: 8 (" in msg
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
