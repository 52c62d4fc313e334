// SPDX-License-Identifier: BSD-3-Clause
/// @file training.hpp
/// @brief SPEC.md §1 `training`: compute, time, money, energy and carbon of one training run.
///
/// Sources of the formulas: Kaplan et al. 2020 (6·N·D), Chowdhery et al. 2022 (PaLM, the
/// 12·L·H·Q·T attention term and MFU), Patterson et al. 2021 (energy = hours·W·PUE),
/// Luccioni et al. 2022 (embodied carbon amortised over service life).
/// Optional inputs (params, tokens, accel_hours, accel_power_w, accel_memory_bytes) arrive
/// as NaN when absent; Python drops the outputs that need them (OutputInfo.needs).
/// Energy, water and carbon: footprint.hpp over the run's accelerator-hours (busy hours;
/// utilization < 1 adds the idle capacity reserved for the run). Meta's model cards,
/// Luccioni et al. and Patterson et al. count accelerators at TDP x PUE: boundary
/// "facility" with host_power_w = 0, accel_load = 1 and utilization = 1.
#pragma once
#include "llmcore/math.hpp"
#include "llmcore/model_io.hpp"
#include "llmcore/models/footprint.hpp"

#define LLMCORE_TRAINING_INPUTS(X)                                                     \
    X(params) X(tokens) X(flops_per_param_token) X(attention_flop_per_token)           \
    X(accel_hours) X(peak_flop_per_s) X(mfu) X(n_accel) X(accel_power_w) X(pue)        \
    X(grid_gco2_per_kwh) X(price_per_accel_hour) X(electricity_price_per_kwh)          \
    X(accel_purchase_price) X(accel_lifetime_years) X(embodied_kgco2_per_accel)        \
    X(bytes_per_param_train) X(accel_memory_bytes) X(utilization)                      \
    LLMCORE_FOOTPRINT_INPUTS(X)

#define LLMCORE_TRAINING_OUTPUTS(X)                                                    \
    X(flop) X(wall_s) X(wall_days) X(accel_hours) X(implied_mfu) X(cloud_cost)         \
    X(cost_per_1k_tokens) X(it_energy_kwh) X(energy_kwh) X(co2_kg) X(embodied_co2_kg)  \
    X(total_co2_kg) X(electricity_cost) X(hardware_cost) X(inhouse_cost)               \
    X(memory_bytes) X(min_accel_memory) X(tokens_per_param) X(accel_avg_power_w)       \
    X(accel_energy_kwh) X(host_energy_kwh) X(idle_energy_kwh) X(overhead_energy_kwh)    \
    X(water_onsite_l) X(water_offsite_l) X(water_l) X(co2_market_kg)                    \
    X(primary_energy_gj) X(adpe_kg_sbeq)

namespace llmcore::models {

struct training {
    LLMCORE_MODEL_IO(training, LLMCORE_TRAINING_INPUTS, LLMCORE_TRAINING_OUTPUTS)

    // Output tiers (engine/output_tiers.hpp), each a superset of the one before: compute,
    // time, energy and carbon; then money and carbon totals; then every output but the
    // footprint breakdown; then all. A request inside a tier skips the rest's arithmetic.
    static constexpr unsigned long long kHeadline =
        out_bit(o_flop) | out_bit(o_wall_s) | out_bit(o_wall_days) | out_bit(o_accel_hours) |
        out_bit(o_cloud_cost) | out_bit(o_it_energy_kwh) | out_bit(o_energy_kwh) |
        out_bit(o_co2_kg);
    static constexpr unsigned long long kTotals =
        kHeadline | out_bit(o_embodied_co2_kg) | out_bit(o_total_co2_kg) |
        out_bit(o_electricity_cost) | out_bit(o_hardware_cost) | out_bit(o_inhouse_cost) |
        out_bit(o_cost_per_1k_tokens);
    static constexpr unsigned long long kBreakdown =
        out_bit(o_accel_avg_power_w) | out_bit(o_accel_energy_kwh) | out_bit(o_host_energy_kwh) |
        out_bit(o_idle_energy_kwh) | out_bit(o_overhead_energy_kwh) | out_bit(o_water_onsite_l) |
        out_bit(o_water_offsite_l) | out_bit(o_water_l) | out_bit(o_co2_market_kg) |
        out_bit(o_primary_energy_gj) | out_bit(o_adpe_kg_sbeq);
    static constexpr unsigned long long kOutputTiers[] = {
        kHeadline, kTotals, ((1ull << n_outputs) - 1) & ~kBreakdown};

    LLMCORE_HD LLMCORE_INLINE static void evaluate(const In& in, Out& o, Status& /*st*/) {
        const bool measured = !math::isnan(in.accel_hours);
        const double model_flop =
            (in.flops_per_param_token * in.params + in.attention_flop_per_token) * in.tokens;
        // With measured hours and no params/tokens, the run's compute is what the
        // hardware delivered at the assumed MFU.
        const double hours_flop = in.accel_hours * 3600.0 * in.peak_flop_per_s * in.mfu;
        o.flop = (measured && math::isnan(model_flop)) ? hours_flop : model_flop;
        // Accelerator-hours do not depend on how many accelerators share them, so they stay
        // defined when n_accel is absent; only the wall-clock time needs it.
        o.accel_hours =
            measured ? in.accel_hours : model_flop / (in.peak_flop_per_s * in.mfu) / 3600.0;
        o.wall_s = o.accel_hours * 3600.0 / in.n_accel;
        o.wall_days = o.wall_s / 86400.0;
        o.implied_mfu = model_flop / (in.accel_hours * 3600.0 * in.peak_flop_per_s);
        o.cloud_cost = o.accel_hours * in.price_per_accel_hour;
        o.cost_per_1k_tokens = o.cloud_cost / in.tokens * 1000.0;
        const footprint::Power pw = footprint::power(in.accel_power_w, in.accel_idle_fraction,
                                                     in.accel_load, in.host_power_w,
                                                     in.host_power_fraction);
        const footprint::Energy e =
            footprint::energy(o.accel_hours * 3600.0, pw, in.utilization, in.pue, in.boundary);
        const footprint::Impacts im =
            footprint::impacts(e, in.wue_l_per_kwh, in.grid_water_l_per_kwh,
                               in.grid_gco2_per_kwh, in.market_gco2_per_kwh,
                               in.primary_energy_mj_per_kwh, in.adpe_kgsbeq_per_kwh);
        o.it_energy_kwh = e.it / 1000.0;
        o.energy_kwh = e.total / 1000.0;
        o.co2_kg = im.co2_g / 1000.0;
        o.accel_avg_power_w = pw.busy_w;
        o.accel_energy_kwh = e.accel / 1000.0;
        o.host_energy_kwh = e.host / 1000.0;
        o.idle_energy_kwh = e.idle / 1000.0;
        o.overhead_energy_kwh = e.overhead / 1000.0;
        o.water_onsite_l = im.water_onsite_l;
        o.water_offsite_l = im.water_offsite_l;
        o.water_l = o.water_onsite_l + o.water_offsite_l;
        o.co2_market_kg = im.co2_market_g / 1000.0;
        o.primary_energy_gj = im.primary_energy_mj / 1000.0;
        o.adpe_kg_sbeq = im.adpe_kg;
        // SPEC's order of operations (x · hours / (years · 8760)), not x · (hours / ...):
        // the two round differently and overflow at different magnitudes.
        const double life_hours = in.accel_lifetime_years * 8760.0;
        o.embodied_co2_kg = in.embodied_kgco2_per_accel * o.accel_hours / life_hours;
        o.total_co2_kg = o.co2_kg + o.embodied_co2_kg;
        o.electricity_cost = o.energy_kwh * in.electricity_price_per_kwh;
        o.hardware_cost = in.accel_purchase_price * o.accel_hours / life_hours;
        o.inhouse_cost = o.hardware_cost + o.electricity_cost;
        o.memory_bytes = in.bytes_per_param_train * in.params;
        o.min_accel_memory = math::ceil(o.memory_bytes / in.accel_memory_bytes);
        o.tokens_per_param = in.tokens / in.params;
    }
};

}  // namespace llmcore::models
