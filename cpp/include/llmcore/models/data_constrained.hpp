// SPDX-License-Identifier: BSD-3-Clause
/// @file data_constrained.hpp
/// @brief Issue 17 `data_constrained`: loss with repeated data and excess parameters
///        (Muennighoff et al. 2023, "Scaling Data-Constrained Language Models",
///        arXiv 2305.16264, eqs. 5-7; the fitted law as published in its repository,
///        huggingface/datablations README "Parametric Fit").
///
/// With U unique tokens seen D/U times, R_D = max(D/U - 1, 0) repetitions count as
/// D' = U + U·R_D*·(1 - exp(-R_D/R_D*)) effective tokens; parameters beyond U_N, the
/// compute-optimal size for U tokens (D_to_N: N = G·(D·G)^(β/α), G = (αA/(βB))^(1/(α+β))),
/// count as N' = U_N + U_N·R_N*·(1 - exp(-R_N/R_N*)) with R_N = max(N/U_N - 1, 0);
/// L = E + A/N'^α + B/D'^β.
#pragma once
#include "llmcore/math.hpp"
#include "llmcore/model_io.hpp"

#define LLMCORE_DATA_CONSTRAINED_INPUTS(X)                                             \
    X(params) X(tokens) X(unique_tokens) X(E) X(A) X(B) X(alpha) X(beta) X(r_d_star)   \
    X(r_n_star)

#define LLMCORE_DATA_CONSTRAINED_OUTPUTS(X)                                            \
    X(epochs) X(repetitions) X(effective_tokens) X(token_value) X(base_params)         \
    X(excess_params_ratio) X(effective_params) X(loss) X(loss_if_unique)

namespace llmcore::models {

struct data_constrained {
    LLMCORE_MODEL_IO(data_constrained, LLMCORE_DATA_CONSTRAINED_INPUTS,
                     LLMCORE_DATA_CONSTRAINED_OUTPUTS)

    LLMCORE_HD LLMCORE_INLINE static void evaluate(const In& in, Out& o, Status& /*st*/) {
        const double u = in.unique_tokens, a = in.alpha, b = in.beta;
        o.epochs = in.tokens / u;
        o.repetitions = math::fmax(o.epochs - 1.0, 0.0);
        o.effective_tokens =
            u + u * in.r_d_star * -math::expm1(-o.repetitions / in.r_d_star);
        o.token_value = o.effective_tokens / in.tokens;
        const double g = math::pow(a * in.A / (b * in.B), 1.0 / (a + b));
        o.base_params = math::fmin(in.params, math::pow(u * g, b / a) * g);
        o.excess_params_ratio = math::fmax(in.params / o.base_params - 1.0, 0.0);
        const double kept = -math::expm1(-o.excess_params_ratio / in.r_n_star);
        o.effective_params = o.base_params + o.base_params * in.r_n_star * kept;
        o.loss = in.E + in.A / math::pow(o.effective_params, a) +
                 in.B / math::pow(o.effective_tokens, b);
        o.loss_if_unique =
            in.E + in.A / math::pow(in.params, a) + in.B / math::pow(in.tokens, b);
    }
};

}  // namespace llmcore::models
