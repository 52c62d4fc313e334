# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md §4 `query`, transcribed, with token billing as design/pricing.md states it.

input_tokens        = input_tokens_per_query if given, else
                      (prompt_words + links * retrieved_words_per_link) * tokens_per_word
output_tokens       = (output_tokens_per_query if given, else
                      generated_words * samples * max(links, 1) * tokens_per_word)
                      * (1 - concise_saving)
output_words        = output_tokens / tokens_per_word
cached_input_tokens = input_tokens * cached_input_share
cache_write_tokens  = (input_tokens - cached_input_tokens) * cache_write_share
long_context        = input_tokens > long_context_threshold_tokens (no threshold: never);
                      then every price is its *_long rate
write price         = the cache-write price; the input price where neither write price is given
each part           = tokens / 1000 * its price (0 for no tokens)
                      * (1 - batch_share * batch_discount)
price_per_query     = input + cached input + cache write + output parts
cost_per_query      = price_per_query * (1 - cache_hit_rate) * (1 - gross_margin)
A part with tokens whose price is absent, or batch_share > 0 without batch_discount: NaN and
missing_input.
"""

from __future__ import annotations

import numpy as np

from llmcore.reference._status import MISSING_INPUT


def _part(tokens, price):
    """(price of the part, whether a needed price is absent)."""
    return np.where(tokens == 0, 0.0, tokens / 1000 * price), (tokens != 0) & np.isnan(price)


def evaluate(
    prompt_words,
    links,
    retrieved_words_per_link,
    generated_words,
    samples,
    tokens_per_word,
    price_per_1k_input_tokens,
    price_per_1k_output_tokens,
    cache_hit_rate,
    gross_margin,
    revenue_per_query,
    input_tokens_per_query,
    output_tokens_per_query,
    cached_input_share,
    price_per_1k_cached_input_tokens,
    cache_write_share,
    price_per_1k_cache_write_tokens,
    long_context_threshold_tokens,
    price_per_1k_input_tokens_long,
    price_per_1k_output_tokens_long,
    price_per_1k_cached_input_tokens_long,
    price_per_1k_cache_write_tokens_long,
    batch_share,
    batch_discount,
    concise_saving,
):
    words_in = prompt_words + links * retrieved_words_per_link
    words_out = generated_words * samples * np.maximum(links, 1)
    given_in = ~np.isnan(input_tokens_per_query)
    given_out = ~np.isnan(output_tokens_per_query)
    input_tokens = np.where(given_in, input_tokens_per_query, words_in * tokens_per_word)
    keep = 1 - concise_saving
    output_tokens = np.where(given_out, output_tokens_per_query, words_out * tokens_per_word) * keep
    input_words = np.where(given_in, input_tokens / tokens_per_word, words_in)
    output_words = np.where(given_out, output_tokens / tokens_per_word, words_out * keep)

    cached = input_tokens * cached_input_share
    written = (input_tokens - cached) * cache_write_share
    plain = input_tokens - cached - written

    long = input_tokens > long_context_threshold_tokens  # a NaN threshold compares False
    p_in = np.where(long, price_per_1k_input_tokens_long, price_per_1k_input_tokens)
    p_out = np.where(long, price_per_1k_output_tokens_long, price_per_1k_output_tokens)
    p_cached = np.where(
        long, price_per_1k_cached_input_tokens_long, price_per_1k_cached_input_tokens
    )
    no_write_price = np.isnan(price_per_1k_cache_write_tokens) & np.isnan(
        price_per_1k_cache_write_tokens_long
    )
    p_write = np.where(
        no_write_price,
        p_in,
        np.where(long, price_per_1k_cache_write_tokens_long, price_per_1k_cache_write_tokens),
    )
    discount = np.where(batch_share > 0, 1 - batch_share * batch_discount, 1.0)
    missing = (batch_share > 0) & np.isnan(batch_discount)

    parts = {}
    for name, tokens, price in (
        ("input_price_per_query", plain, p_in),
        ("cached_input_price_per_query", cached, p_cached),
        ("cache_write_price_per_query", written, p_write),
        ("output_price_per_query", output_tokens, p_out),
    ):
        value, absent = _part(tokens, price)
        parts[name] = value * discount
        missing = missing | absent
    price_per_query = (
        parts["input_price_per_query"]
        + parts["cached_input_price_per_query"]
        + parts["cache_write_price_per_query"]
        + parts["output_price_per_query"]
    )
    cost_per_query = price_per_query * (1 - cache_hit_rate) * (1 - gross_margin)
    return {
        "input_words": input_words,
        "output_words": output_words,
        "input_tokens": input_tokens,
        "output_tokens": output_tokens,
        "cached_input_tokens": cached,
        "cache_write_tokens": written,
        "long_context": np.where(long, 1.0, 0.0),
        **parts,
        "price_per_query": price_per_query,
        "cost_per_query": cost_per_query,
        "cost_share_of_revenue": cost_per_query / revenue_per_query,
        "_status": np.where(missing, MISSING_INPUT, 0),
    }
