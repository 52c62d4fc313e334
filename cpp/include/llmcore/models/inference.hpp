// SPDX-License-Identifier: BSD-3-Clause
/// @file inference.hpp
/// @brief SPEC.md §2 `inference`: token economics of a compute-bound deployment.
///
/// Source: Sun Yan, "The economics of large language models" (2023): 2·N FLOP per token,
/// throughput = accelerators · peak · MFU / FLOP per token, priced per accelerator-hour.
/// list_price_per_1k_tokens arrives as NaN when absent (gross_margin, breakeven dropped).
/// Energy, water and carbon: footprint.hpp, for n_accel·1000/tokens_per_s busy
/// accelerator-seconds per 1k tokens; the share 1 - utilization of provisioned time is idle
/// (the idle layer), while cost is paid for all of it.
#pragma once
#include "llmcore/math.hpp"
#include "llmcore/model_io.hpp"
#include "llmcore/models/footprint.hpp"

#define LLMCORE_INFERENCE_INPUTS(X)                                                    \
    X(params) X(flops_per_param_token) X(peak_flop_per_s) X(mfu) X(n_accel)            \
    X(price_per_accel_hour) X(accel_power_w) X(pue) X(grid_gco2_per_kwh)               \
    X(electricity_price_per_kwh) X(tokens_per_query) X(utilization)                    \
    X(list_price_per_1k_tokens) X(embodied_kgco2_per_accel) X(accel_lifetime_years)     \
    LLMCORE_FOOTPRINT_INPUTS(X)

#define LLMCORE_INFERENCE_OUTPUTS(X)                                                   \
    X(flop_per_token) X(tokens_per_s) X(s_per_1k_tokens) X(cost_per_1k_tokens)         \
    X(energy_wh_per_1k_tokens) X(co2_g_per_1k_tokens) X(electricity_cost_per_1k_tokens) \
    X(cost_per_query) X(energy_wh_per_query) X(co2_g_per_query)                        \
    X(electricity_cost_per_query) X(gross_margin) X(breakeven_utilization)             \
    X(accel_avg_power_w) X(accel_wh_per_1k_tokens) X(host_wh_per_1k_tokens)            \
    X(idle_wh_per_1k_tokens) X(overhead_wh_per_1k_tokens) X(water_onsite_ml_per_1k_tokens) \
    X(water_offsite_ml_per_1k_tokens) X(water_ml_per_1k_tokens) X(water_ml_per_query)  \
    X(co2_market_g_per_1k_tokens) X(embodied_co2_g_per_1k_tokens)                      \
    X(primary_energy_kj_per_1k_tokens) X(adpe_mg_sbeq_per_1k_tokens)

namespace llmcore::models {

struct inference {
    LLMCORE_MODEL_IO(inference, LLMCORE_INFERENCE_INPUTS, LLMCORE_INFERENCE_OUTPUTS)

    LLMCORE_HD LLMCORE_INLINE static void evaluate(const In& in, Out& o, Status& /*st*/) {
        o.flop_per_token = in.flops_per_param_token * in.params;
        o.tokens_per_s = in.n_accel * in.peak_flop_per_s * in.mfu / o.flop_per_token;
        o.s_per_1k_tokens = 1000.0 / o.tokens_per_s / in.utilization;
        o.cost_per_1k_tokens = o.s_per_1k_tokens * in.n_accel * in.price_per_accel_hour / 3600.0;
        const footprint::Power pw = footprint::power(in.accel_power_w, in.accel_idle_fraction,
                                                     in.accel_load, in.host_power_w,
                                                     in.host_power_fraction);
        const double busy_s = in.n_accel * 1000.0 / o.tokens_per_s;
        const footprint::Energy e =
            footprint::energy(busy_s, pw, in.utilization, in.pue, in.boundary);
        const footprint::Impacts im =
            footprint::impacts(e, in.wue_l_per_kwh, in.grid_water_l_per_kwh,
                               in.grid_gco2_per_kwh, in.market_gco2_per_kwh,
                               in.primary_energy_mj_per_kwh, in.adpe_kgsbeq_per_kwh);
        o.energy_wh_per_1k_tokens = e.total;
        o.co2_g_per_1k_tokens = im.co2_g;
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
        o.accel_avg_power_w = pw.busy_w;
        o.accel_wh_per_1k_tokens = e.accel;
        o.host_wh_per_1k_tokens = e.host;
        o.idle_wh_per_1k_tokens = e.idle;
        o.overhead_wh_per_1k_tokens = e.overhead;
        o.water_onsite_ml_per_1k_tokens = im.water_onsite_l * 1000.0;
        o.water_offsite_ml_per_1k_tokens = im.water_offsite_l * 1000.0;
        o.water_ml_per_1k_tokens =
            o.water_onsite_ml_per_1k_tokens + o.water_offsite_ml_per_1k_tokens;
        o.water_ml_per_query = o.water_ml_per_1k_tokens * per_query;
        o.co2_market_g_per_1k_tokens = im.co2_market_g;
        o.embodied_co2_g_per_1k_tokens = footprint::embodied_g(
            in.embodied_kgco2_per_accel, busy_s, in.accel_lifetime_years, in.utilization);
        o.primary_energy_kj_per_1k_tokens = im.primary_energy_mj * 1000.0;
        o.adpe_mg_sbeq_per_1k_tokens = im.adpe_kg * 1e6;
    }
};

}  // namespace llmcore::models
