// SPDX-License-Identifier: BSD-3-Clause
/// @file serving.hpp
/// @brief SPEC.md §3 `serving`: roofline model of batched generation.
///
/// Prefill is compute-bound; each decode step reads the weights (the share
/// expert_read_fraction of them, for mixture-of-experts) plus the KV cache, so batching
/// raises throughput until compute binds (Pope et al. 2022, "Efficiently scaling transformer
/// inference"; Kwon et al. 2023, vLLM). Memory follows params, compute follows active_params
/// (NaN = absent = params). accel_memory_bytes / accel_power_w arrive as NaN when absent;
/// Python drops the outputs that need them.
#pragma once
#include "llmcore/math.hpp"
#include "llmcore/model_io.hpp"

#define LLMCORE_SERVING_INPUTS(X)                                                      \
    X(params) X(n_layers) X(d_model) X(kv_fraction) X(bytes_per_param)                 \
    X(kv_bytes_per_elem) X(prompt_tokens) X(output_tokens) X(batch) X(n_accel)         \
    X(peak_flop_per_s) X(mem_bw_bytes_per_s) X(accel_memory_bytes) X(mfu) X(mbu)       \
    X(flops_per_param_token) X(active_params) X(expert_read_fraction)                  \
    X(price_per_accel_hour) X(accel_power_w) X(pue) X(grid_gco2_per_kwh)               \
    X(electricity_price_per_kwh)

#define LLMCORE_SERVING_OUTPUTS(X)                                                     \
    X(weight_bytes) X(kv_bytes_per_token) X(kv_bytes) X(memory_bytes) X(fits)          \
    X(min_accel_memory) X(prefill_s) X(step_s) X(decode_s) X(latency_s)                \
    X(time_to_first_token_s) X(memory_bound) X(queries_per_s) X(output_tokens_per_s)   \
    X(cost_per_query) X(cost_per_1k_output_tokens) X(energy_wh_per_query)              \
    X(energy_wh_per_1k_output_tokens) X(co2_g_per_query) X(co2_g_per_1k_output_tokens) \
    X(electricity_cost_per_query)

namespace llmcore::models {

struct serving {
    LLMCORE_MODEL_IO(serving, LLMCORE_SERVING_INPUTS, LLMCORE_SERVING_OUTPUTS)

    LLMCORE_HD LLMCORE_INLINE static void evaluate(const In& in, Out& o, Status& st) {
        const double active = math::isnan(in.active_params) ? in.params : in.active_params;
        o.weight_bytes = in.params * in.bytes_per_param;
        o.kv_bytes_per_token =
            2.0 * in.n_layers * in.d_model * in.kv_fraction * in.kv_bytes_per_elem;
        o.kv_bytes = in.batch * (in.prompt_tokens + in.output_tokens) * o.kv_bytes_per_token;
        o.memory_bytes = o.weight_bytes + o.kv_bytes;
        const bool have_mem = !math::isnan(in.accel_memory_bytes);
        const bool fits = o.memory_bytes <= in.n_accel * in.accel_memory_bytes;
        o.fits = have_mem ? (fits ? 1.0 : 0.0) : math::nan();
        if (have_mem && !fits) st |= kDoesNotFit;
        o.min_accel_memory = math::ceil(o.memory_bytes / in.accel_memory_bytes);
        const double compute_rate = in.n_accel * in.peak_flop_per_s * in.mfu;
        const double bw = in.n_accel * in.mem_bw_bytes_per_s * in.mbu;
        o.prefill_s = math::fmax(
            in.batch * in.prompt_tokens * in.flops_per_param_token * active / compute_rate,
            o.weight_bytes / bw);
        const double kv_read_avg =
            in.batch * (in.prompt_tokens + in.output_tokens / 2.0) * o.kv_bytes_per_token;
        const double step_compute = in.batch * in.flops_per_param_token * active / compute_rate;
        const double step_memory = (o.weight_bytes * in.expert_read_fraction + kv_read_avg) / bw;
        o.step_s = math::fmax(step_compute, step_memory);
        o.decode_s = in.output_tokens * o.step_s;
        o.latency_s = o.prefill_s + o.decode_s;
        o.time_to_first_token_s = o.prefill_s;
        o.memory_bound = step_memory > step_compute ? 1.0 : 0.0;
        o.queries_per_s = in.batch / o.latency_s;
        o.output_tokens_per_s = in.batch * in.output_tokens / o.latency_s;
        const double per_1k = 1000.0 / in.output_tokens;
        o.cost_per_query = in.n_accel * in.price_per_accel_hour / 3600.0 * o.latency_s / in.batch;
        o.cost_per_1k_output_tokens = o.cost_per_query * per_1k;
        o.energy_wh_per_query =
            in.n_accel * in.accel_power_w * in.pue / 3600.0 * o.latency_s / in.batch;
        o.energy_wh_per_1k_output_tokens = o.energy_wh_per_query * per_1k;
        o.co2_g_per_query = o.energy_wh_per_query / 1000.0 * in.grid_gco2_per_kwh;
        o.co2_g_per_1k_output_tokens = o.co2_g_per_query * per_1k;
        o.electricity_cost_per_query =
            o.energy_wh_per_query / 1000.0 * in.electricity_price_per_kwh;
    }
};

}  // namespace llmcore::models
