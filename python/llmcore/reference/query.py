# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md §4 `query`, transcribed."""

from __future__ import annotations

import numpy as np


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
):
    input_words = prompt_words + links * retrieved_words_per_link
    output_words = generated_words * samples * np.maximum(links, 1)
    input_tokens = input_words * tokens_per_word
    output_tokens = output_words * tokens_per_word
    price_per_query = (
        input_tokens / 1000 * price_per_1k_input_tokens
        + output_tokens / 1000 * price_per_1k_output_tokens
    )
    cost_per_query = price_per_query * (1 - cache_hit_rate) * (1 - gross_margin)
    return {
        "input_words": input_words,
        "output_words": output_words,
        "input_tokens": input_tokens,
        "output_tokens": output_tokens,
        "price_per_query": price_per_query,
        "cost_per_query": cost_per_query,
        "cost_share_of_revenue": cost_per_query / revenue_per_query,
    }
