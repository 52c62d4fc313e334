# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md §4 `query` metadata (field order = cpp/include/llmcore/models/query.hpp)."""

from __future__ import annotations

from llmcore._models._info import ModelInfo, inp, out

_WORDS = (10, 1e4)

QUERY = ModelInfo(
    name="query",
    section="§4",
    doc="Economics of one LLM-powered query (chat, or search summarising retrieved links).",
    inputs=(
        inp("prompt_words", "words", "words in the prompt", 50.0, range=">= 0", typical=_WORDS),
        inp(
            "links",
            "count",
            "retrieved documents, each summarised by the model",
            0.0,
            range=">= 0",
            typical=(0, 20),
        ),
        inp(
            "retrieved_words_per_link",
            "words",
            "words read per retrieved document",
            1000.0,
            range=">= 0",
            typical=_WORDS,
        ),
        inp(
            "generated_words",
            "words",
            "words generated per sampled response, or per link",
            400.0,
            range=">= 0",
            typical=_WORDS,
        ),
        inp("samples", "count", "responses sampled per query", 1.0, range=">= 1", typical=(1, 10)),
        inp(
            "tokens_per_word",
            "tokens/word",
            "tokenizer ratio (1000 tokens ≈ 750 English words)",
            1000 / 750,
            typical=(0.5, 3),
        ),
        inp(
            "price_per_1k_input_tokens",
            "USD",
            "API price per 1000 input tokens",
            0.02,
            range=">= 0",
            typical=(1e-5, 0.1),
        ),
        inp(
            "price_per_1k_output_tokens",
            "USD",
            "API price per 1000 output tokens",
            0.02,
            range=">= 0",
            typical=(1e-5, 0.1),
        ),
        inp(
            "cache_hit_rate",
            "fraction",
            "share of queries answered from a cache",
            0.0,
            range="[0, 1)",
            typical=(0, 0.9),
        ),
        inp(
            "gross_margin",
            "fraction",
            "the provider's margin: cost = price · (1 - margin)",
            0.0,
            range="[0, 1)",
            typical=(0, 0.9),
        ),
        inp(
            "revenue_per_query",
            "USD",
            "revenue a query earns (search ads: about $0.048)",
            0.048,
            typical=(1e-3, 1),
        ),
    ),
    outputs=(
        out("input_words", "words", "words read by the model"),
        out("output_words", "words", "words generated"),
        out("input_tokens", "tokens", "input tokens"),
        out("output_tokens", "tokens", "output tokens"),
        out("price_per_query", "USD", "list price of the tokens"),
        out("cost_per_query", "USD", "cost after cache hits and the provider's margin"),
        out("cost_share_of_revenue", "fraction", "cost per query / revenue per query"),
    ),
)
