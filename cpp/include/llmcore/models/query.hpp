// SPDX-License-Identifier: BSD-3-Clause
/// @file query.hpp
/// @brief SPEC.md §4 `query`: what one LLM-powered search or chat query costs, priced the way
///        API providers bill tokens (design/pricing.md).
///
/// Source: Sun Yan (2023), "chat equivalent" and "2-stage search summarizer" scenarios,
/// priced at Davinci's $0.02 per 1k tokens; 1000 tokens ≈ 750 English words (OpenAI).
/// Token-level billing as the providers publish it (OpenAI, Anthropic, Google, DeepSeek
/// pricing pages; the same rules as pydantic/genai-prices): a share of the input tokens read
/// from the provider's prompt cache at the cached price, a share of the rest written to it
/// (at the cache-write price, or the input price where none is listed), a long-context tier
/// that prices the whole request at its rates once its input tokens exceed the threshold,
/// and a batch discount on the whole bill for the share of traffic sent as batches.
/// `concise_saving`: the share of the output a "be concise" instruction saves (Anyscale,
/// ray-project/llm-numbers, 2023-05-17: 40-90 % with GPT-3.5-Turbo).
/// Absent is not zero: a price the scenario needs but lacks (a cached share > 0 without a
/// cached price, a request past the tier without its rates, batch traffic without a batch
/// discount) gives NaN and kMissingInput, never a price of 0. A component with no tokens
/// costs 0 whatever its price.
#pragma once
#include "llmcore/math.hpp"
#include "llmcore/model_io.hpp"

#define LLMCORE_QUERY_INPUTS(X)                                                         \
    X(prompt_words) X(links) X(retrieved_words_per_link) X(generated_words) X(samples)  \
    X(tokens_per_word) X(price_per_1k_input_tokens) X(price_per_1k_output_tokens)       \
    X(cache_hit_rate) X(gross_margin) X(revenue_per_query) X(input_tokens_per_query)    \
    X(output_tokens_per_query) X(cached_input_share) X(price_per_1k_cached_input_tokens) \
    X(cache_write_share) X(price_per_1k_cache_write_tokens)                             \
    X(long_context_threshold_tokens) X(price_per_1k_input_tokens_long)                  \
    X(price_per_1k_output_tokens_long) X(price_per_1k_cached_input_tokens_long)         \
    X(price_per_1k_cache_write_tokens_long) X(batch_share) X(batch_discount)             \
    X(concise_saving)

#define LLMCORE_QUERY_OUTPUTS(X)                                                        \
    X(input_words) X(output_words) X(input_tokens) X(output_tokens) X(cached_input_tokens) \
    X(cache_write_tokens) X(long_context) X(input_price_per_query)                      \
    X(cached_input_price_per_query) X(cache_write_price_per_query)                      \
    X(output_price_per_query) X(price_per_query) X(cost_per_query) X(cost_share_of_revenue)

namespace llmcore::models {

struct query {
    LLMCORE_MODEL_IO(query, LLMCORE_QUERY_INPUTS, LLMCORE_QUERY_OUTPUTS)

    // What a needed but absent price or batch discount (kMissingInput) leaves NaN.
    static constexpr unsigned long long kMissingOutputs =
        (1ull << o_input_price_per_query) | (1ull << o_cached_input_price_per_query) |
        (1ull << o_cache_write_price_per_query) | (1ull << o_output_price_per_query) |
        (1ull << o_price_per_query) | (1ull << o_cost_per_query) |
        (1ull << o_cost_share_of_revenue);

    // tokens/1000 * price; no tokens cost nothing (the price may be absent then). A price
    // that is needed but absent (NaN) flags the scenario.
    LLMCORE_HD LLMCORE_INLINE static double priced(double tokens, double price_per_1k,
                                                   Status& st) {
        if (tokens == 0.0) return 0.0;
        if (math::isnan(price_per_1k)) st |= kMissingInput;
        return tokens / 1000.0 * price_per_1k;
    }

    LLMCORE_HD LLMCORE_INLINE static void evaluate(const In& in, Out& o, Status& st) {
        const double words_in = in.prompt_words + in.links * in.retrieved_words_per_link;
        const double words_out =
            in.generated_words * in.samples * math::fmax(in.links, 1.0);
        const bool tok_in = !math::isnan(in.input_tokens_per_query);
        const bool tok_out = !math::isnan(in.output_tokens_per_query);
        o.input_tokens = tok_in ? in.input_tokens_per_query : words_in * in.tokens_per_word;
        // asking for a concise answer shortens the output however its length was given
        const double keep = 1.0 - in.concise_saving;
        o.output_tokens =
            (tok_out ? in.output_tokens_per_query : words_out * in.tokens_per_word) * keep;
        o.input_words = tok_in ? o.input_tokens / in.tokens_per_word : words_in;
        o.output_words = tok_out ? o.output_tokens / in.tokens_per_word : words_out * keep;

        o.cached_input_tokens = o.input_tokens * in.cached_input_share;
        const double missed = o.input_tokens - o.cached_input_tokens;
        o.cache_write_tokens = missed * in.cache_write_share;
        const double plain = missed - o.cache_write_tokens;

        // the long-context tier: the whole request at its rates (absent threshold: no tier)
        const bool tier = o.input_tokens > in.long_context_threshold_tokens;  // NaN: false
        o.long_context = tier ? 1.0 : 0.0;
        const double p_in = tier ? in.price_per_1k_input_tokens_long : in.price_per_1k_input_tokens;
        const double p_out =
            tier ? in.price_per_1k_output_tokens_long : in.price_per_1k_output_tokens;
        const double p_cached =
            tier ? in.price_per_1k_cached_input_tokens_long : in.price_per_1k_cached_input_tokens;
        // no cache-write price listed at all: writes cost the input price (of the tier)
        const bool own_write = !math::isnan(in.price_per_1k_cache_write_tokens) ||
                               !math::isnan(in.price_per_1k_cache_write_tokens_long);
        const double p_write =
            !own_write ? p_in
                       : (tier ? in.price_per_1k_cache_write_tokens_long
                               : in.price_per_1k_cache_write_tokens);

        // batch traffic gets the batch discount on every component
        double factor = 1.0;
        if (in.batch_share > 0.0) {
            if (math::isnan(in.batch_discount)) st |= kMissingInput;
            factor = 1.0 - in.batch_share * in.batch_discount;
        }
        o.input_price_per_query = priced(plain, p_in, st) * factor;
        o.cached_input_price_per_query = priced(o.cached_input_tokens, p_cached, st) * factor;
        o.cache_write_price_per_query = priced(o.cache_write_tokens, p_write, st) * factor;
        o.output_price_per_query = priced(o.output_tokens, p_out, st) * factor;
        o.price_per_query = o.input_price_per_query + o.cached_input_price_per_query +
                            o.cache_write_price_per_query + o.output_price_per_query;
        o.cost_per_query =
            o.price_per_query * (1.0 - in.cache_hit_rate) * (1.0 - in.gross_margin);
        o.cost_share_of_revenue = o.cost_per_query / in.revenue_per_query;
    }
};

}  // namespace llmcore::models
