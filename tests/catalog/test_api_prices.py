# SPDX-License-Identifier: BSD-3-Clause
"""The built-in API price snapshot (api_prices.toml): coverage, provenance, and its rows
against the genai-prices calculation they were taken from (design/pricing.md)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import llmcore as lc
from llmcore import catalog

SNAP = "@2026-11"
DATA = Path(__file__).resolve().parents[1] / "data"


def _snapshot() -> dict[str, dict]:
    return {i: catalog.get("api_prices", i) for i in catalog.list("api_prices") if SNAP in i}


def test_at_least_100_popular_models_of_the_major_providers() -> None:
    rows = _snapshot()
    assert len(rows) >= 100
    providers = {i.split("/")[0] for i in rows}
    assert {"openai", "anthropic", "google", "mistral", "deepseek", "x-ai", "cohere", "aws"} <= (
        providers
    )
    assert any("llama" in i for i in rows) and any("qwen" in i for i in rows)  # Meta, Alibaba
    for rid, r in rows.items():
        assert r["date"] == "2026-11-30" and "genai-prices 0.2.3" in r["source"], rid
        assert "http" in r["source"], rid  # the provider's price page genai-prices transcribes
        assert r["price_per_1k_output_tokens"] > 0, rid
        if "long_context_threshold_tokens" in r:  # a tier carries every price it needs
            for k in ("input", "output"):
                assert f"price_per_1k_{k}_tokens_long" in r, rid
    for k in (
        "price_per_1k_cached_input_tokens",
        "price_per_1k_cache_write_tokens",
        "long_context_threshold_tokens",
        "batch_discount",
    ):
        assert sum(k in r for r in rows.values()) >= 5, k


def test_existing_ids_kept() -> None:
    for rid in ("davinci-2022", "gpt-4o-2024-08", "claude-3.5-sonnet-2024-06"):
        assert catalog.get("api_prices", rid)["source"]


def test_rows_agree_with_the_older_genai_prices_file_where_prices_did_not_change() -> None:
    # the shipped data.json (2026-08-21) and the package (2026-11-30) are separate snapshots
    raw = json.loads(gzip.decompress((DATA / "genai_prices_data_47df840.json.gz").read_bytes()))
    old = {(p["id"], m["id"]): m["prices"] for p in raw for m in p["models"]}
    for rid in ("openai/gpt-4o", "google/gemini-2.5-pro", "anthropic/claude-sonnet-4-0"):
        prices = old[tuple(rid.split("/", 1))]
        row = catalog.get("api_prices", rid + SNAP)
        base = prices["input_mtok"]
        base = base["base"] if isinstance(base, dict) else base
        assert row["price_per_1k_input_tokens"] == pytest.approx(base / 1000, rel=1e-12)


@pytest.mark.parametrize(
    "rid, usage",
    [
        ("openai/gpt-4o", {"input_tokens": 1000, "cache_read_tokens": 800, "output_tokens": 500}),
        ("google/gemini-2.5-pro", {"input_tokens": 250_000, "output_tokens": 1000}),
        (
            "anthropic/claude-sonnet-4-5",
            {
                "input_tokens": 100_000,
                "cache_read_tokens": 60_000,
                "cache_write_tokens": 20_000,
                "output_tokens": 2000,
            },
        ),
        ("deepseek/deepseek-reasoner", {"input_tokens": 10_000, "output_tokens": 1000}),
    ],
)
def test_rows_reproduce_genai_prices(rid: str, usage: dict[str, int]) -> None:
    gp = pytest.importorskip("genai_prices")
    import datetime as dt

    provider, model = rid.split("/", 1)
    when = dt.datetime(2026, 11, 30, 12, tzinfo=dt.timezone.utc)  # standard hours (DeepSeek)
    want = gp.calc_price(
        gp.Usage(**usage), model, provider_id=provider, genai_request_timestamp=when
    ).total_price
    n_in = usage["input_tokens"]
    read = usage.get("cache_read_tokens", 0)
    r = lc.query(
        prices=rid + SNAP,
        input_tokens_per_query=n_in,
        output_tokens_per_query=usage["output_tokens"],
        cached_input_share=read / n_in,
        cache_write_share=usage.get("cache_write_tokens", 0) / (n_in - read),
        backend="reference",
    )
    assert r["price_per_query"] == pytest.approx(float(want), rel=1e-9)


def test_gemini_15_pro_past_its_128k_tier() -> None:
    # shared/reviews/peers-side-by-side.md: genai-prices prices gemini-1.5-pro with 200k
    # tokens in and 500 out at 0.505 USD, the >128k rate on the whole request
    r = lc.query(
        prices="google/gemini-1.5-pro" + SNAP,
        input_tokens_per_query=200_000,
        output_tokens_per_query=500,
        backend="reference",
    )
    assert r["long_context"] == 1
    assert r["price_per_query"] == pytest.approx(0.505, rel=1e-12)
