# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md §4 `query` metadata (field order = cpp/include/llmcore/models/query.hpp).

Token billing as API providers publish it (design/pricing.md): cached-input share and price,
cache writes, a long-context tier and a batch discount. Prices beyond the base input and
output price are optional and have no default: absent is not zero (a scenario that needs one
it lacks is flagged missing_input)."""

from __future__ import annotations

from llmcore._models._info import InputInfo, ModelInfo, inp, out

_WORDS = (10, 1e4)
_PRICE = (1e-5, 0.1)


def _price(name: str, doc: str) -> InputInfo:
    return inp(name, "USD", doc, optional=True, range=">= 0", typical=_PRICE)


def _tokens(name: str, doc: str) -> InputInfo:
    return inp(name, "tokens", doc, optional=True, range=">= 0", typical=(1, 1e6), log=True)


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
            "tokenizer ratio (1000 tokens ≈ 750 English words); a languages row gives it per "
            "English-equivalent word of that language (language='japanese')",
            1000 / 750,
            typical=(0.5, 3),
            catalog="language",
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
            "share of queries answered from the application's own response cache, without "
            "a model call (whole queries; the provider's prompt cache is cached_input_share)",
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
        _tokens(
            "input_tokens_per_query",
            "input tokens per query, given directly (absent: words · tokens_per_word)",
        ),
        _tokens(
            "output_tokens_per_query",
            "output tokens per query, given directly (absent: words · tokens_per_word)",
        ),
        inp(
            "cached_input_share",
            "fraction",
            "share of the input tokens read from the provider's prompt cache",
            0.0,
            range="[0, 1]",
            typical=(0, 1),
        ),
        _price(
            "price_per_1k_cached_input_tokens",
            "API price per 1000 input tokens read from the prompt cache (needed when "
            "cached_input_share > 0)",
        ),
        inp(
            "cache_write_share",
            "fraction",
            "share of the input tokens not read from the cache that are written to it",
            0.0,
            range="[0, 1]",
            typical=(0, 1),
        ),
        _price(
            "price_per_1k_cache_write_tokens",
            "API price per 1000 input tokens written to the prompt cache (absent: the "
            "input price, as where no write price is listed)",
        ),
        inp(
            "long_context_threshold_tokens",
            "tokens",
            "input tokens per request above which the long-context rates price the whole "
            "request (absent: no tier)",
            optional=True,
            range="> 0",
            typical=(1e3, 1e6),
            log=True,
        ),
        _price("price_per_1k_input_tokens_long", "input price above the long-context threshold"),
        _price("price_per_1k_output_tokens_long", "output price above the long-context threshold"),
        _price(
            "price_per_1k_cached_input_tokens_long",
            "cached-input price above the long-context threshold",
        ),
        _price(
            "price_per_1k_cache_write_tokens_long",
            "cache-write price above the long-context threshold",
        ),
        inp(
            "batch_share",
            "fraction",
            "share of the queries sent through the provider's batch API (0: none, 1: all)",
            0.0,
            range="[0, 1]",
            typical=(0, 1),
        ),
        inp(
            "batch_discount",
            "fraction",
            "the batch API's discount on every token price, e.g. 0.5 (needed when batch_share > 0)",
            optional=True,
            range="[0, 1)",
            typical=(0, 0.9),
        ),
        inp(
            "concise_saving",
            "fraction",
            "share of the output saved by asking for a concise answer; applies to the output "
            "however its length is given ('Be concise' saved 40-90 % with GPT-3.5-Turbo: "
            "Anyscale, ray-project/llm-numbers, 2023-05-08)",
            0.0,
            range="[0, 1)",
            typical=(0, 0.9),
        ),
    ),
    outputs=(
        out("input_words", "words", "words read by the model"),
        out("output_words", "words", "words generated"),
        out("input_tokens", "tokens", "input tokens"),
        out("output_tokens", "tokens", "output tokens"),
        out("cached_input_tokens", "tokens", "input tokens read from the prompt cache"),
        out("cache_write_tokens", "tokens", "input tokens written to the prompt cache"),
        out("long_context", "flag", "1 where the long-context tier priced the request, else 0"),
        out("input_price_per_query", "USD", "price of the other input tokens"),
        out("cached_input_price_per_query", "USD", "price of the cache reads"),
        out("cache_write_price_per_query", "USD", "price of the cache writes"),
        out("output_price_per_query", "USD", "price of the output tokens"),
        out("price_per_query", "USD", "what the API bills for the query (the four parts)"),
        out("cost_per_query", "USD", "cost after cache hits and the provider's margin"),
        out("cost_share_of_revenue", "fraction", "cost per query / revenue per query"),
    ),
    flagged=(
        (
            "missing_input",
            (
                "input_price_per_query",
                "cached_input_price_per_query",
                "cache_write_price_per_query",
                "output_price_per_query",
                "price_per_query",
                "cost_per_query",
                "cost_share_of_revenue",
            ),
        ),
    ),
)
