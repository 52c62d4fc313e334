# SPDX-License-Identifier: BSD-3-Clause
"""`query` token billing (design/pricing.md): published figures and genai-prices' own
calculation on the same usage, on every backend."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

import llmcore as lc
from llmcore import catalog, imports

DATA = Path(__file__).resolve().parents[1] / "data"
GENAI = DATA / "genai_prices_data_47df840.json.gz"  # pydantic/genai-prices prices/data.json


@pytest.fixture
def genai_rows():
    """The real genai-prices snapshot (2026-08-21) imported under a prefix."""
    catalog.reset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", imports.CatalogImportWarning)
        rows = imports.genai_prices(GENAI, date="2026-08-21", prefix="gp:")
    yield rows
    catalog.reset()


def test_deepseek_day(backend: str) -> None:
    # DeepSeek, "Day 6: One More Thing, DeepSeek-V3/R1 Inference System Overview"
    # (2025-03-01): 608B input tokens in 24 h, 342B of them (56.3 %) on-disk KV-cache hits,
    # 168B output tokens; at R1's prices ($0.14 per M cache hit, $0.55 cache miss, $2.19
    # output) the theoretical revenue is $562,027 a day.
    r = lc.query(
        input_tokens_per_query=608e9,
        output_tokens_per_query=168e9,
        cached_input_share=342 / 608,
        price_per_1k_input_tokens=0.55e-3,
        price_per_1k_cached_input_tokens=0.14e-3,
        price_per_1k_output_tokens=2.19e-3,
        backend=backend,
    )
    # the token counts are published rounded to 1e9: $562,100 from them, 0.013 % off
    assert r["price_per_query"] == pytest.approx(562_027, rel=2e-4)
    assert r["price_per_query"] == pytest.approx(
        266e9 * 0.55e-6 + 342e9 * 0.14e-6 + 168e9 * 2.19e-6
    )
    assert r["cached_input_tokens"] == pytest.approx(342e9)
    assert r["cached_input_price_per_query"] == pytest.approx(47_880)
    assert r["input_price_per_query"] == pytest.approx(146_300)
    assert r["output_price_per_query"] == pytest.approx(367_920)
    assert r["cache_write_price_per_query"] == 0 and r["long_context"] == 0


def test_deepseek_day_from_the_genai_prices_row(genai_rows, backend: str) -> None:
    row = genai_rows["gp:deepseek/deepseek-reasoner"]  # the standard (not off-peak) rate
    assert (row["price_per_1k_input_tokens"], row["price_per_1k_output_tokens"]) == (
        0.00055,
        0.00219,
    )
    r = lc.query(
        prices="gp:deepseek/deepseek-reasoner",
        input_tokens_per_query=608e9,
        output_tokens_per_query=168e9,
        cached_input_share=342 / 608,
        backend=backend,
    )
    assert r["price_per_query"] == pytest.approx(562_027, rel=2e-4)


@pytest.mark.parametrize(
    "usage, genai_total",
    [
        # genai-prices 0.2.3, calc_price(Usage(...), "gpt-4o", provider_id="openai")
        ((1000, 800, 500), 0.0065),
        ((1_000_000, 800_000, 0), 1.50),
    ],
)
def test_gpt4o_with_80_percent_cached(genai_rows, backend: str, usage, genai_total) -> None:
    n_in, n_cached, n_out = usage
    kw = {"input_tokens_per_query": n_in, "output_tokens_per_query": n_out, "backend": backend}
    r = lc.query(prices="gp:openai/gpt-4o", cached_input_share=n_cached / n_in, **kw)
    assert r["price_per_query"] == pytest.approx(genai_total, rel=1e-12)
    # the built-in row (OpenAI's page, $2.50 / $1.25 cached / $10 per M) agrees
    b = lc.query(prices="gpt-4o-2024-08", cached_input_share=n_cached / n_in, **kw)
    assert b["price_per_query"] == pytest.approx(genai_total, rel=1e-12)
    # whole-query cache hits are another thing: the old mapping was 4.3x off
    old = lc.query(prices="gp:openai/gpt-4o", cache_hit_rate=n_cached / n_in, **kw)
    assert old["cost_per_query"] < 0.5 * genai_total


def test_long_context_tier_prices_the_whole_request(genai_rows, backend: str) -> None:
    # genai-prices 0.2.3: gemini-2.5-pro, 250k tokens in (past the 200k tier), 1k out: 0.640;
    # with 200k of them cached: 0.190
    kw = {"prices": "gp:google/gemini-2.5-pro", "output_tokens_per_query": 1000}
    r = lc.query(input_tokens_per_query=250_000, backend=backend, **kw)
    assert r["long_context"] == 1
    assert r["price_per_query"] == pytest.approx(0.640, rel=1e-12)
    r = lc.query(input_tokens_per_query=250_000, cached_input_share=0.8, backend=backend, **kw)
    assert r["price_per_query"] == pytest.approx(0.190, rel=1e-12)
    below = lc.query(input_tokens_per_query=200_000, backend=backend, **kw)  # not past it
    assert below["long_context"] == 0
    assert below["price_per_query"] == pytest.approx(200 * 0.00125 + 0.01, rel=1e-12)


def test_anthropic_cache_writes(genai_rows, backend: str) -> None:
    # genai-prices 0.2.3: claude-sonnet-4-5, 100k in (60k cache reads, 20k cache writes),
    # 2k out: 0.183
    r = lc.query(
        prices="gp:anthropic/claude-sonnet-4-5",
        input_tokens_per_query=100_000,
        output_tokens_per_query=2000,
        cached_input_share=0.6,
        cache_write_share=0.5,  # of the 40k not read from the cache
        backend=backend,
    )
    assert r["cache_write_tokens"] == pytest.approx(20_000)
    assert r["cache_write_price_per_query"] == pytest.approx(20 * 0.00375)
    assert r["price_per_query"] == pytest.approx(0.183, rel=1e-12)


def test_cache_writes_without_a_write_price_cost_the_input_price(backend: str) -> None:
    r = lc.query(
        input_tokens_per_query=1000,
        output_tokens_per_query=0,
        cache_write_share=1.0,
        price_per_1k_input_tokens=0.002,
        backend=backend,
    )
    assert r["cache_write_price_per_query"] == pytest.approx(0.002)


def test_batch_discount(backend: str) -> None:
    kw = {
        "prices": "gpt-4o-2024-08",
        "input_tokens_per_query": 1000,
        "output_tokens_per_query": 500,
        "cached_input_share": 0.8,
        "backend": backend,
    }
    full = lc.query(**kw)["price_per_query"]
    assert lc.query(batch_share=1, batch_discount=0.5, **kw)["price_per_query"] == pytest.approx(
        full / 2
    )
    half = lc.query(batch_share=0.5, batch_discount=0.5, **kw)["price_per_query"]
    assert half == pytest.approx(0.75 * full)


def test_words_still_give_the_tokens(backend: str) -> None:
    r = lc.query(samples=5, backend=backend)  # SPEC §4 chat equivalent
    assert r["input_tokens"] == pytest.approx(50 / 0.75)
    assert r["price_per_query"] == pytest.approx(
        r["input_price_per_query"] + r["output_price_per_query"]
    )
    t = lc.query(input_tokens_per_query=300, tokens_per_word=1.5, backend=backend)
    assert t["input_words"] == pytest.approx(200)


@pytest.mark.parametrize(
    "kw, part",
    [
        ({"cached_input_share": 0.5}, "cached_input_price_per_query"),
        ({"batch_share": 1.0}, "price_per_query"),
        (
            {"long_context_threshold_tokens": 10_000, "input_tokens_per_query": 20_000},
            "input_price_per_query",
        ),
    ],
)
def test_a_needed_price_that_is_absent_is_not_zero(backend: str, kw, part) -> None:
    with pytest.warns(lc.MissingDataWarning, match="left out"):
        r = lc.query(backend=backend, **kw)
    assert part not in r and "price_per_query" not in r and "input_tokens" in r
    with pytest.warns(lc.MissingDataWarning, match="NaN"):
        arr = lc.query(backend=backend, samples=np.array([1.0, 2.0]), **kw, outputs=[part])
    assert np.isnan(arr[part]).all()
    assert arr.status_counts["missing_input"] == 2


def test_a_row_without_a_cached_price_is_said_not_priced_at_zero(backend: str) -> None:
    ids = np.array(["gpt-4o-2024-08", "davinci-2022"])  # davinci has no cached price
    with pytest.warns(lc.MissingDataWarning, match=r"davinci-2022 has no .*cached_input_tokens"):
        r = lc.query(prices=ids, cached_input_share=0.5, backend=backend)
    assert np.isfinite(r["price_per_query"][0]) and np.isnan(r["price_per_query"][1])
    assert r.status_counts["missing_input"] == 1
    # without cache hits the same rows need no cached price: priced, nothing said
    r = lc.query(prices=ids, backend=backend)
    assert np.isfinite(r["price_per_query"]).all()
