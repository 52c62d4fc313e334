// SPDX-License-Identifier: BSD-3-Clause
/// @file query.hpp
/// @brief SPEC.md §4 `query`: what one LLM-powered search or chat query costs.
///
/// Source: Sun Yan (2023), "chat equivalent" and "2-stage search summarizer" scenarios,
/// priced at Davinci's $0.02 per 1k tokens; 1000 tokens ≈ 750 English words (OpenAI).
#pragma once
#include "llmcore/math.hpp"
#include "llmcore/model_io.hpp"

#define LLMCORE_QUERY_INPUTS(X)                                                        \
    X(prompt_words) X(links) X(retrieved_words_per_link) X(generated_words) X(samples) \
    X(tokens_per_word) X(price_per_1k_input_tokens) X(price_per_1k_output_tokens)      \
    X(cache_hit_rate) X(gross_margin) X(revenue_per_query)

#define LLMCORE_QUERY_OUTPUTS(X)                                                       \
    X(input_words) X(output_words) X(input_tokens) X(output_tokens) X(price_per_query) \
    X(cost_per_query) X(cost_share_of_revenue)

namespace llmcore::models {

struct query {
    LLMCORE_MODEL_IO(query, LLMCORE_QUERY_INPUTS, LLMCORE_QUERY_OUTPUTS)

    LLMCORE_HD LLMCORE_INLINE static void evaluate(const In& in, Out& o, Status& /*st*/) {
        o.input_words = in.prompt_words + in.links * in.retrieved_words_per_link;
        o.output_words = in.generated_words * in.samples * math::fmax(in.links, 1.0);
        o.input_tokens = o.input_words * in.tokens_per_word;
        o.output_tokens = o.output_words * in.tokens_per_word;
        o.price_per_query = o.input_tokens / 1000.0 * in.price_per_1k_input_tokens +
                            o.output_tokens / 1000.0 * in.price_per_1k_output_tokens;
        o.cost_per_query =
            o.price_per_query * (1.0 - in.cache_hit_rate) * (1.0 - in.gross_margin);
        o.cost_share_of_revenue = o.cost_per_query / in.revenue_per_query;
    }
};

}  // namespace llmcore::models
