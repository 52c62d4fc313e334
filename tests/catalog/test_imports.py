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
