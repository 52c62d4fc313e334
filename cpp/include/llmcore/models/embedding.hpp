// SPDX-License-Identifier: BSD-3-Clause
/// @file embedding.hpp
/// @brief Issue 17 `embedding`: embedding text on a self-hosted encoder against an API.
///
/// Anyscale, "Numbers every LLM developer should know" (ray-project/llm-numbers, 2023-05-17):
/// a measured encoder throughput on an instance prices self-hosted embedding as instance
/// hours; an API bills tokens/1000 x its price per 1k tokens. Paid hours include idle
/// provisioned time: tokens / throughput / utilization. The embedding model's memory is its
/// weights only (params x bytes per param): activations, the CUDA context and the allocator's
/// slack are not modelled. Energy, water and carbon: footprint.hpp, for
/// n_accel x tokens / throughput busy accelerator-seconds, as `inference` counts them.
/// Absent prices, parameters or power arrive as NaN; outputs that need them are left out.
#pragma once
#include "llmcore/math.hpp"
#include "llmcore/model_io.hpp"
#include "llmcore/models/footprint.hpp"

#define LLMCORE_EMBEDDING_INPUTS(X)                                                    \
    X(tokens) X(tokens_per_s) X(n_accel) X(price_per_accel_hour) X(utilization)         \
    X(api_price_per_1k_tokens) X(generation_price_per_1k_tokens) X(params)              \
    X(bytes_per_param) X(accel_power_w) X(pue) X(grid_gco2_per_kwh)                    \
    LLMCORE_FOOTPRINT_INPUTS(X)

#define LLMCORE_EMBEDDING_OUTPUTS(X)                                                   \
    X(hours) X(accel_hours) X(self_hosted_cost) X(self_hosted_cost_per_1k_tokens)      \
    X(api_cost) X(api_to_self_hosted_ratio) X(generation_to_embedding_ratio)           \
    X(memory_bytes) X(accel_avg_power_w) X(energy_wh) X(energy_wh_per_1k_tokens)       \
    X(co2_g) X(water_ml)

namespace llmcore::models {

struct embedding {
    LLMCORE_MODEL_IO(embedding, LLMCORE_EMBEDDING_INPUTS, LLMCORE_EMBEDDING_OUTPUTS)

    LLMCORE_HD LLMCORE_INLINE static void evaluate(const In& in, Out& o, Status& /*st*/) {
        const double busy_s = in.tokens / in.tokens_per_s;  // wall seconds at full load
        o.hours = busy_s / in.utilization / 3600.0;
        o.accel_hours = o.hours * in.n_accel;
        o.self_hosted_cost = o.accel_hours * in.price_per_accel_hour;
        o.self_hosted_cost_per_1k_tokens = o.self_hosted_cost / in.tokens * 1000.0;
        o.api_cost = in.tokens / 1000.0 * in.api_price_per_1k_tokens;
        o.api_to_self_hosted_ratio = o.api_cost / o.self_hosted_cost;
        o.generation_to_embedding_ratio =
            in.generation_price_per_1k_tokens / in.api_price_per_1k_tokens;
        o.memory_bytes = in.params * in.bytes_per_param;
        const footprint::Power pw = footprint::power(in.accel_power_w, in.accel_idle_fraction,
                                                     in.accel_load, in.host_power_w,
                                                     in.host_power_fraction);
        const footprint::Energy e =
            footprint::energy(busy_s * in.n_accel, pw, in.utilization, in.pue, in.boundary);
        const footprint::Impacts im =
            footprint::impacts(e, in.wue_l_per_kwh, in.grid_water_l_per_kwh,
                               in.grid_gco2_per_kwh, in.market_gco2_per_kwh,
                               in.primary_energy_mj_per_kwh, in.adpe_kgsbeq_per_kwh);
        o.accel_avg_power_w = pw.busy_w;
        o.energy_wh = e.total;
        o.energy_wh_per_1k_tokens = e.total / in.tokens * 1000.0;
        o.co2_g = im.co2_g;
        o.water_ml = (im.water_onsite_l + im.water_offsite_l) * 1000.0;
    }
};

}  // namespace llmcore::models
