// SPDX-License-Identifier: BSD-3-Clause
/// @file architecture.hpp
/// @brief SPEC.md §3a `architecture`: a decoder-only transformer's parameters, active
///        parameters, attention FLOP and KV-cache bytes per token from its dimensions.
///
/// Source: Narayanan et al. 2021 (Megatron-LM), P = 12·l·h²·(1 + 13/(12h) + (V+s)/(12·l·h));
/// grouped-query attention shrinks K/V projections by kv_fraction; SwiGLU FFNs have three
/// matrices; a mixture-of-experts layer has n_experts FFNs of which experts_per_token run.
/// Its outputs feed `training` (params, attention_flop_per_token) and `serving` (params,
/// active_params) when models are composed.
#pragma once
#include "llmcore/math.hpp"
#include "llmcore/model_io.hpp"

#define LLMCORE_ARCHITECTURE_INPUTS(X)                                                 \
    X(n_layers) X(d_model) X(vocab_size) X(seq_len) X(ffn_mult) X(gated_ffn)           \
    X(kv_fraction) X(n_experts) X(experts_per_token) X(tied_embeddings)                \
    X(kv_bytes_per_elem)

#define LLMCORE_ARCHITECTURE_OUTPUTS(X)                                                \
    X(attn_params) X(ffn_params) X(norm_bias_params) X(embed_params) X(params)         \
    X(active_params) X(attention_flop_per_token) X(kv_bytes_per_token)                  \
    X(recompute_flop_per_token)

namespace llmcore::models {

struct architecture {
    LLMCORE_MODEL_IO(architecture, LLMCORE_ARCHITECTURE_INPUTS, LLMCORE_ARCHITECTURE_OUTPUTS)

    LLMCORE_HD LLMCORE_INLINE static void evaluate(const In& in, Out& o, Status& /*st*/) {
        const double d2 = in.d_model * in.d_model;
        o.attn_params = in.n_layers * d2 * (2.0 + 2.0 * in.kv_fraction);
        // gated_ffn is a flag: any non-zero value means three FFN matrices (SPEC: 3 if gated).
        const double ffn_mats = in.gated_ffn != 0.0 ? 3.0 : 2.0;
        o.ffn_params = in.n_layers * d2 * in.ffn_mult * ffn_mats * in.n_experts;
        o.norm_bias_params = in.n_layers * 13.0 * in.d_model;
        o.embed_params = (in.vocab_size * (2.0 - in.tied_embeddings) + in.seq_len) * in.d_model;
        o.params = o.attn_params + o.ffn_params + o.norm_bias_params + o.embed_params;
        // More experts per token than experts is read as "all of them", so active <= params.
        const double used = math::fmin(in.experts_per_token, in.n_experts) / in.n_experts;
        o.active_params = o.params - o.ffn_params * (1.0 - used);
        o.attention_flop_per_token = 12.0 * in.n_layers * in.d_model * in.seq_len;
        o.kv_bytes_per_token =
            2.0 * in.n_layers * in.d_model * in.kv_fraction * in.kv_bytes_per_elem;
        // Narayanan et al. 2021 eq. (3) per token: 4 passes x 24·l·h² (forward, backward,
        // recomputed forward) plus attention and logits. Megatron's GPT layers: dense,
        // ungated, ffn_mult 4, full attention: the hardware FLOPs MFU-vs-HFU tables quote.
        o.recompute_flop_per_token =
            96.0 * in.n_layers * d2 *
            (1.0 + in.seq_len / (6.0 * in.d_model) +
             in.vocab_size / (16.0 * in.n_layers * in.d_model));
    }
};

}  // namespace llmcore::models
