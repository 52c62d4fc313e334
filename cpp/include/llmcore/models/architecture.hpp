// SPDX-License-Identifier: BSD-3-Clause
/// @file architecture.hpp
/// @brief SPEC.md §3a `architecture`: a decoder-only transformer's parameters, active
///        parameters, attention FLOP and KV-cache bytes per token from its dimensions.
///
/// Source: Narayanan et al. 2021 (Megatron-LM), P = 12·l·h²·(1 + 13/(12h) + (V+s)/(12·l·h));
/// grouped-query attention shrinks K/V projections to kv_fraction·d_model columns; SwiGLU FFNs
/// have three matrices; a mixture-of-experts layer has n_experts routed FFNs (of which
/// experts_per_token run), n_shared_experts always-on ones and a d_model × n_experts router.
/// The optional inputs describe current open-weight models (design/architecture_counts.md):
/// head_dim ≠ d_model/n_heads (query width n_heads·head_dim), DeepSeek's multi-head latent
/// attention (kv_lora_rank, q_lora_rank, qk_nope/qk_rope/v_head_dim; DeepSeek-V2 paper §2.1),
/// expert width moe_ffn_mult, first_k_dense leading dense layers and every moe_layer_freq-th
/// layer after them a mixture-of-experts layer, rotary positions (learned_positions = 0: no
/// seq_len × d_model table). Absent optional inputs arrive as NaN; with none of them given
/// the outputs are SPEC §3a's formulas. Outputs feed `training` (params,
/// attention_flop_per_token) and `serving` (params, active_params) when models are composed.
#pragma once
#include "llmcore/math.hpp"
#include "llmcore/model_io.hpp"

#define LLMCORE_ARCHITECTURE_INPUTS(X)                                                 \
    X(n_layers) X(d_model) X(vocab_size) X(seq_len) X(ffn_mult) X(gated_ffn)           \
    X(kv_fraction) X(n_experts) X(experts_per_token) X(tied_embeddings)                \
    X(kv_bytes_per_elem) X(n_heads) X(head_dim) X(q_lora_rank) X(kv_lora_rank)         \
    X(qk_nope_head_dim) X(qk_rope_head_dim) X(v_head_dim) X(n_shared_experts)          \
    X(moe_ffn_mult) X(first_k_dense) X(moe_layer_freq) X(learned_positions)            \
    X(active_excludes_input_embedding)

#define LLMCORE_ARCHITECTURE_OUTPUTS(X)                                                \
    X(attn_params) X(ffn_params) X(norm_bias_params) X(embed_params) X(params)         \
    X(active_params) X(attention_flop_per_token) X(kv_bytes_per_token)                  \
    X(recompute_flop_per_token)

namespace llmcore::models {

struct architecture {
    LLMCORE_MODEL_IO(architecture, LLMCORE_ARCHITECTURE_INPUTS, LLMCORE_ARCHITECTURE_OUTPUTS)

    LLMCORE_HD LLMCORE_INLINE static void evaluate(const In& in, Out& o, Status& /*st*/) {
        const double d = in.d_model;
        const double L = in.n_layers;
        const double d2 = d * d;
        // Per layer: attention projections, their latent norms, and the score/value widths
        // (summed over query heads) that the attention FLOP term multiplies.
        double attn_layer, latent_norms, score_width, kv_width_cache;
        if (!math::isnan(in.kv_lora_rank)) {
            // Multi-head latent attention (DeepSeek-V2 §2.1): queries through an optional
            // q_lora_rank bottleneck; keys/values from a kv_lora_rank latent plus a shared
            // rotary key of qk_rope_head_dim; only the latent and the rotary key are cached.
            const double h = in.n_heads;
            const double hd = math::isnan(in.head_dim) ? d / h : in.head_dim;
            const double nope = math::isnan(in.qk_nope_head_dim) ? hd : in.qk_nope_head_dim;
            const double rope = math::isnan(in.qk_rope_head_dim) ? 0.0 : in.qk_rope_head_dim;
            const double v = math::isnan(in.v_head_dim) ? hd : in.v_head_dim;
            const double qk = nope + rope;
            const double q = in.q_lora_rank > 0.0 ? in.q_lora_rank * (d + h * qk) : d * h * qk;
            const double kv = d * (in.kv_lora_rank + rope) + in.kv_lora_rank * h * (nope + v);
            attn_layer = q + kv + h * v * d;
            latent_norms = in.q_lora_rank + in.kv_lora_rank;
            score_width = h * (qk + v);
            kv_width_cache = in.kv_lora_rank + rope;
        } else {
            // Query and output projections n_heads·head_dim wide (d_model without head_dim);
            // keys and values kv_fraction·d_model wide (n_kv_heads·head_dim).
            const double qw = math::isnan(in.head_dim) ? d : in.n_heads * in.head_dim;
            const double kvw = in.kv_fraction * d;
            attn_layer = 2.0 * d * qw + 2.0 * d * kvw;
            latent_norms = 0.0;
            score_width = 2.0 * qw;
            kv_width_cache = 2.0 * kvw;
        }
        o.attn_params = L * attn_layer;
        // gated_ffn is a flag: any non-zero value means three FFN matrices (SPEC: 3 if gated).
        const double ffn_mats = in.gated_ffn != 0.0 ? 3.0 : 2.0;
        const double dense_ffn = ffn_mats * d2 * in.ffn_mult;
        const double expert =
            ffn_mats * d2 * (math::isnan(in.moe_ffn_mult) ? in.ffn_mult : in.moe_ffn_mult);
        // One expert is a dense FFN. Otherwise after first_k_dense dense layers every
        // moe_layer_freq-th layer is a mixture-of-experts layer, the others dense.
        const double moe_layers =
            in.n_experts > 1.0
                ? math::floor(math::fmax(L - in.first_k_dense, 0.0) / in.moe_layer_freq)
                : 0.0;
        const double moe_ffn = (in.n_experts + in.n_shared_experts) * expert + d * in.n_experts;
        o.ffn_params = (L - moe_layers) * dense_ffn + moe_layers * moe_ffn;
        o.norm_bias_params = L * (13.0 * d + latent_norms);
        const double positions = in.learned_positions != 0.0 ? in.seq_len : 0.0;
        const double untied_input = in.vocab_size * (1.0 - in.tied_embeddings) * d;
        o.embed_params = (in.vocab_size * (2.0 - in.tied_embeddings) + positions) * d;
        o.params = o.attn_params + o.ffn_params + o.norm_bias_params + o.embed_params;
        // More experts per token than experts is read as "all of them", so active <= params.
        const double idle = in.n_experts - math::fmin(in.experts_per_token, in.n_experts);
        o.active_params = o.params - moe_layers * idle * expert -
                          (in.active_excludes_input_embedding != 0.0 ? untied_input : 0.0);
        // PaLM (Chowdhery et al. 2022, App. B): 6·L·s·(score + value width over query heads),
        // 12·L·d·s for multi-head attention with head_dim = d/n_heads.
        o.attention_flop_per_token = 6.0 * L * in.seq_len * score_width;
        o.kv_bytes_per_token = L * kv_width_cache * in.kv_bytes_per_elem;
        // Narayanan et al. 2021 eq. (3) per token: 4 passes x 24·l·h² (forward, backward,
        // recomputed forward) plus attention and logits. Megatron's GPT layers: dense,
        // ungated, ffn_mult 4, full attention: the hardware FLOPs MFU-vs-HFU tables quote.
        o.recompute_flop_per_token =
            96.0 * L * d2 *
            (1.0 + in.seq_len / (6.0 * d) + in.vocab_size / (16.0 * L * d));
    }
};

}  // namespace llmcore::models
