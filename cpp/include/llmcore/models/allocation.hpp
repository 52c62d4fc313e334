// SPDX-License-Identifier: BSD-3-Clause
/// @file allocation.hpp
/// @brief Issue 17 `allocation`: compute-optimal allocation as published power laws of the
///        compute C, X*(C) = A·C^α, and what they imply through C = k·size·tokens.
///
/// * Llama 3 (Dubey et al. 2024, arXiv 2407.21783, §3.2.1): training tokens N*(C) = A·C^α,
///   (α, A) = (0.53, 0.29); the model then follows from C = 6·N·D.
/// * DeepSeek LLM (DeepSeek-AI 2024, arXiv 2401.02954, §3): M_opt = 0.1715·C^0.5243 and
///   D_opt = 5.8316·C^0.4757 with M the non-embedding FLOPs per token (C = M·D, k = 1);
///   optimal batch B_opt = 0.2920·C^0.3271 tokens and learning rate η_opt = 0.3118·C^-0.1250.
/// Absent coefficients arrive as NaN; Python drops the outputs that need them.
#pragma once
#include "llmcore/math.hpp"
#include "llmcore/model_io.hpp"

#define LLMCORE_ALLOCATION_INPUTS(X)                                                   \
    X(compute_flop) X(tokens_coef) X(tokens_exp) X(size_coef) X(size_exp)              \
    X(flop_per_size_token) X(batch_coef) X(batch_exp) X(lr_coef) X(lr_exp)

#define LLMCORE_ALLOCATION_OUTPUTS(X)                                                  \
    X(opt_tokens) X(size_from_tokens) X(tokens_per_size) X(opt_size) X(tokens_from_size) \
    X(opt_batch_tokens) X(opt_lr)

namespace llmcore::models {

struct allocation {
    LLMCORE_MODEL_IO(allocation, LLMCORE_ALLOCATION_INPUTS, LLMCORE_ALLOCATION_OUTPUTS)

    LLMCORE_HD LLMCORE_INLINE static void evaluate(const In& in, Out& o, Status& /*st*/) {
        const double c = in.compute_flop, k = in.flop_per_size_token;
        o.opt_tokens = in.tokens_coef * math::pow(c, in.tokens_exp);
        o.size_from_tokens = c / (k * o.opt_tokens);
        o.tokens_per_size = o.opt_tokens / o.size_from_tokens;
        o.opt_size = in.size_coef * math::pow(c, in.size_exp);
        o.tokens_from_size = c / (k * o.opt_size);
        o.opt_batch_tokens = in.batch_coef * math::pow(c, in.batch_exp);
        o.opt_lr = in.lr_coef * math::pow(c, in.lr_exp);
    }
};

}  // namespace llmcore::models
