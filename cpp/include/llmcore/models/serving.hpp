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
/// Attention reads the context as it computes: 4·n_layers·d_model FLOP per token per token of
/// context (QKᵀ and AV, forward; PaLM's 12·L·H·Q·T training term is three times this), so a
/// causal prefill of P tokens adds 2·n_layers·d_model·P² and a decode step at context c adds
/// 4·n_layers·d_model·c per sequence. Energy, water and carbon: footprint.hpp, for
/// n_accel·latency/batch busy accelerator-seconds per query; the busy draw's load, when not
/// given, is the roofline's own: 1 for the share of the request's time that is compute-bound
/// work, memory_bound_load for the rest (streaming HBM keeps much of the chip busy), fitted
/// with the efficiencies to the ML.ENERGY leaderboard's measurements (design/energy.md).
/// Mixture-of-experts (active_params < params): a decode step of `batch` sequences reads the
/// dense weights plus the experts at least one token routes to, 1 - (1 - k/E)^batch of them
/// under uniform routing, when expert_read_fraction is not given; routing, grouped GEMMs and
/// all-to-all traffic cost the factor moe_efficiency on both mfu and mbu.
#pragma once
#include "llmcore/math.hpp"
#include "llmcore/model_io.hpp"
#include "llmcore/models/footprint.hpp"

#define LLMCORE_SERVING_INPUTS(X)                                                      \
    X(params) X(n_layers) X(d_model) X(kv_fraction) X(bytes_per_param)                 \
    X(kv_bytes_per_elem) X(prompt_tokens) X(output_tokens) X(batch) X(n_accel)         \
    X(peak_flop_per_s) X(mem_bw_bytes_per_s) X(accel_memory_bytes) X(mfu) X(mbu)       \
    X(flops_per_param_token) X(active_params) X(expert_read_fraction)                  \
    X(price_per_accel_hour) X(accel_power_w) X(pue) X(grid_gco2_per_kwh)               \
    X(electricity_price_per_kwh) X(utilization) X(embodied_kgco2_per_accel)            \
    X(accel_lifetime_years) LLMCORE_FOOTPRINT_INPUTS(X) X(n_experts)                    \
    X(experts_per_token) X(memory_bound_load) X(moe_efficiency)

#define LLMCORE_SERVING_OUTPUTS(X)                                                     \
    X(weight_bytes) X(kv_bytes_per_token) X(kv_bytes) X(memory_bytes) X(fits)          \
    X(min_accel_memory) X(max_batch) X(prefill_s) X(step_s) X(decode_s) X(latency_s)   \
    X(time_to_first_token_s) X(memory_bound) X(queries_per_s) X(output_tokens_per_s)   \
    X(cost_per_query) X(cost_per_1k_output_tokens) X(energy_wh_per_query)              \
    X(energy_wh_per_1k_output_tokens) X(co2_g_per_query) X(co2_g_per_1k_output_tokens) \
    X(electricity_cost_per_query) X(accel_avg_power_w) X(accel_wh_per_query)           \
    X(host_wh_per_query) X(idle_wh_per_query) X(overhead_wh_per_query)                 \
    X(water_onsite_ml_per_query) X(water_offsite_ml_per_query) X(water_ml_per_query)   \
    X(co2_market_g_per_query) X(embodied_co2_g_per_query) X(primary_energy_kj_per_query) \
    X(adpe_mg_sbeq_per_query)

namespace llmcore::models {

struct serving {
    LLMCORE_MODEL_IO(serving, LLMCORE_SERVING_INPUTS, LLMCORE_SERVING_OUTPUTS)

    // What active_params above params (kInconsistentInputs) leaves NaN: every output that
    // needs the compute per token, that is all but the memory ones.
    static_assert(n_outputs < 64, "kInconsistentOutputs shifts by n_outputs");
    static constexpr unsigned long long kInconsistentOutputs =
        ((1ull << n_outputs) - 1ull) & ~((1ull << o_prefill_s) - 1ull);

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
        // The largest batch whose KV cache fits beside the weights: the limit a server hits as
        // contexts grow (0 when the weights alone do not fit).
        const double kv_per_seq = o.kv_bytes_per_token * (in.prompt_tokens + in.output_tokens);
        o.max_batch = math::fmax(
            0.0, math::floor((in.n_accel * in.accel_memory_bytes - o.weight_bytes) / kv_per_seq));
        const bool moe = active < in.params;
        const double eff = moe ? in.moe_efficiency : 1.0;
        const double compute_rate = in.n_accel * in.peak_flop_per_s * in.mfu * eff;
        const double bw = in.n_accel * in.mem_bw_bytes_per_s * in.mbu * eff;
        double read_fraction = in.expert_read_fraction;
        if (math::isnan(read_fraction)) {
            read_fraction = 1.0;
            if (moe && in.n_experts > 0.0 && in.experts_per_token < in.n_experts) {
                // routed-expert weights x: active = dense + (k/E)·x and params = dense + x
                const double share = in.experts_per_token / in.n_experts;
                const double routed = (in.params - active) / (1.0 - share);
                const double dense = in.params - routed;
                const double touched = 1.0 - math::pow(1.0 - share, in.batch);
                const double share_read = (dense + touched * routed) / in.params;
                read_fraction = math::fmin(1.0, math::fmax(0.0, share_read));
            }
        }
        const double attn = 4.0 * in.n_layers * in.d_model;  // FLOP per token per context token
        const double prefill_flop =
            in.batch * (in.prompt_tokens * in.flops_per_param_token * active +
                        0.5 * attn * in.prompt_tokens * in.prompt_tokens);
        const double prefill_compute = prefill_flop / compute_rate;
        const double prefill_memory = o.weight_bytes / bw;
        o.prefill_s = math::fmax(prefill_compute, prefill_memory);
        const double ctx_avg = in.prompt_tokens + in.output_tokens / 2.0;
        const double kv_read_avg = in.batch * ctx_avg * o.kv_bytes_per_token;
        const double step_flop = in.batch * (in.flops_per_param_token * active + attn * ctx_avg);
        const double step_bytes = o.weight_bytes * read_fraction + kv_read_avg;
        const double step_compute = step_flop / compute_rate;
        const double step_memory = step_bytes / bw;
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

        // Share of the request's time spent on compute-bound work (roofline compute time).
        const double compute_share =
            (prefill_compute + in.output_tokens * step_compute) / o.latency_s;
        const double roofline_load =
            compute_share + (1.0 - compute_share) * in.memory_bound_load;
        const double load = math::isnan(in.accel_load) ? roofline_load : in.accel_load;
        const footprint::Power pw = footprint::power(in.accel_power_w, in.accel_idle_fraction, load,
                                                     in.host_power_w, in.host_power_fraction);
        const double busy_s = in.n_accel * o.latency_s / in.batch;
        const footprint::Energy e =
            footprint::energy(busy_s, pw, in.utilization, in.pue, in.boundary);
        const footprint::Impacts im =
            footprint::impacts(e, in.wue_l_per_kwh, in.grid_water_l_per_kwh,
                               in.grid_gco2_per_kwh, in.market_gco2_per_kwh,
                               in.primary_energy_mj_per_kwh, in.adpe_kgsbeq_per_kwh);
        o.energy_wh_per_query = e.total;
        o.energy_wh_per_1k_output_tokens = o.energy_wh_per_query * per_1k;
        o.co2_g_per_query = im.co2_g;
        o.co2_g_per_1k_output_tokens = o.co2_g_per_query * per_1k;
        o.electricity_cost_per_query =
            o.energy_wh_per_query / 1000.0 * in.electricity_price_per_kwh;
        o.accel_avg_power_w = pw.busy_w;
        o.accel_wh_per_query = e.accel;
        o.host_wh_per_query = e.host;
        o.idle_wh_per_query = e.idle;
        o.overhead_wh_per_query = e.overhead;
        o.water_onsite_ml_per_query = im.water_onsite_l * 1000.0;
        o.water_offsite_ml_per_query = im.water_offsite_l * 1000.0;
        o.water_ml_per_query = o.water_onsite_ml_per_query + o.water_offsite_ml_per_query;
        o.co2_market_g_per_query = im.co2_market_g;
        o.embodied_co2_g_per_query = footprint::embodied_g(
            in.embodied_kgco2_per_accel, busy_s, in.accel_lifetime_years, in.utilization);
        o.primary_energy_kj_per_query = im.primary_energy_mj * 1000.0;
        o.adpe_mg_sbeq_per_query = im.adpe_kg * 1e6;
        if (active > in.params) {  // a token would use more weights than the model has
            st |= kInconsistentInputs;
            set_nan(o, kInconsistentOutputs);
        }
    }
};

}  // namespace llmcore::models
