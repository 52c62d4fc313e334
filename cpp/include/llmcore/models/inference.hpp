// SPDX-License-Identifier: BSD-3-Clause
/// @file inference.hpp
/// @brief SPEC.md §2 `inference`: token economics of a compute-bound deployment.
///
/// Source: Sun Yan, "The economics of large language models" (2023): 2·N FLOP per token,
/// throughput = accelerators · peak · MFU / FLOP per token, priced per accelerator-hour.
/// list_price_per_1k_tokens arrives as NaN when absent (gross_margin, breakeven dropped).
#pragma once
#include "llmcore/math.hpp"
#include "llmcore/model_io.hpp"

#define LLMCORE_INFERENCE_INPUTS(X)                                                    \
    X(params) X(flops_per_param_token) X(peak_flop_per_s) X(mfu) X(n_accel)            \
    X(price_per_accel_hour) X(accel_power_w) X(pue) X(grid_gco2_per_kwh)               \
    X(electricity_price_per_kwh) X(tokens_per_query) X(utilization)                    \
    X(list_price_per_1k_tokens)

#define LLMCORE_INFERENCE_OUTPUTS(X)                                                   \
    X(flop_per_token) X(tokens_per_s) X(s_per_1k_tokens) X(cost_per_1k_tokens)         \
    X(energy_wh_per_1k_tokens) X(co2_g_per_1k_tokens) X(electricity_cost_per_1k_tokens) \
    X(cost_per_query) X(energy_wh_per_query) X(co2_g_per_query)                        \
    X(electricity_cost_per_query) X(gross_margin) X(breakeven_utilization)

namespace llmcore::models {

struct inference {
    LLMCORE_MODEL_IO(inference, LLMCORE_INFERENCE_INPUTS, LLMCORE_INFERENCE_OUTPUTS)

    LLMCORE_HD LLMCORE_INLINE static void evaluate(const In& in, Out& o, Status& /*st*/) {
        o.flop_per_token = in.flops_per_param_token * in.params;
        o.tokens_per_s = in.n_accel * in.peak_flop_per_s * in.mfu / o.flop_per_token;
        o.s_per_1k_tokens = 1000.0 / o.tokens_per_s / in.utilization;
        o.cost_per_1k_tokens = o.s_per_1k_tokens * in.n_accel * in.price_per_accel_hour / 3600.0;
        o.energy_wh_per_1k_tokens =
            o.s_per_1k_tokens * in.n_accel * in.accel_power_w * in.pue / 3600.0;
        o.co2_g_per_1k_tokens = o.energy_wh_per_1k_tokens / 1000.0 * in.grid_gco2_per_kwh;
        o.electricity_cost_per_1k_tokens =
            o.energy_wh_per_1k_tokens / 1000.0 * in.electricity_price_per_kwh;
        const double per_query = in.tokens_per_query / 1000.0;
        o.cost_per_query = o.cost_per_1k_tokens * per_query;
        o.energy_wh_per_query = o.energy_wh_per_1k_tokens * per_query;
        o.co2_g_per_query = o.co2_g_per_1k_tokens * per_query;
        o.electricity_cost_per_query = o.electricity_cost_per_1k_tokens * per_query;
        o.gross_margin = 1.0 - o.cost_per_1k_tokens / in.list_price_per_1k_tokens;
        // SPEC's order: (u · cost) / price, which overflows where the reference does.
        o.breakeven_utilization =
            in.utilization * o.cost_per_1k_tokens / in.list_price_per_1k_tokens;
    }
};

}  // namespace llmcore::models
