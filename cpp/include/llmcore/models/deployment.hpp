// SPDX-License-Identifier: BSD-3-Clause
/// @file deployment.hpp
/// @brief SPEC.md §6 `deployment`: per-query and fleet figures from a measured deployment.
///
/// Sources: Luccioni et al. 2022 (BLOOM's API deployment, 914 kWh over 230,768 queries);
/// energy scaled to another model size as params**exponent (exponent 1: proportional).
/// Absent optional inputs arrive as NaN: without ref_params (or params) no scaling is
/// applied; price_per_query absent drops electricity_share_of_price (Python side).
/// The measured energy is taken as IT energy (what meters on the servers record): on-site
/// water is WUE x it, off-site water the grid's water intensity x it (Li et al. 2023).
#pragma once
#include "llmcore/math.hpp"
#include "llmcore/model_io.hpp"

#define LLMCORE_DEPLOYMENT_INPUTS(X)                                                   \
    X(measured_energy_kwh) X(measured_queries) X(ref_params) X(params)                 \
    X(params_exponent) X(electricity_price_per_kwh) X(price_per_query)                 \
    X(household_kwh_per_day) X(grid_gco2_per_kwh) X(queries_per_day)                   \
    X(world_twh_per_year) X(wue_l_per_kwh) X(grid_water_l_per_kwh) X(market_gco2_per_kwh)

#define LLMCORE_DEPLOYMENT_OUTPUTS(X)                                                  \
    X(energy_wh_per_query) X(electricity_cost_per_query) X(electricity_share_of_price) \
    X(queries_per_household_day) X(co2_g_per_query) X(fleet_twh_per_year)             \
    X(fleet_share_of_world) X(water_onsite_ml_per_query) X(water_offsite_ml_per_query) \
    X(water_ml_per_query) X(co2_market_g_per_query)

namespace llmcore::models {

struct deployment {
    LLMCORE_MODEL_IO(deployment, LLMCORE_DEPLOYMENT_INPUTS, LLMCORE_DEPLOYMENT_OUTPUTS)

    LLMCORE_HD LLMCORE_INLINE static void evaluate(const In& in, Out& o, Status& /*st*/) {
        // params defaults to ref_params: scale 1 unless both sizes are known (Python
        // rejects params without ref_params).
        const bool scaled = !math::isnan(in.ref_params) && !math::isnan(in.params);
        const double scale =
            scaled ? math::pow(in.params / in.ref_params, in.params_exponent) : 1.0;
        o.energy_wh_per_query = in.measured_energy_kwh * 1000.0 / in.measured_queries * scale;
        o.electricity_cost_per_query =
            o.energy_wh_per_query / 1000.0 * in.electricity_price_per_kwh;
        o.electricity_share_of_price = o.electricity_cost_per_query / in.price_per_query;
        o.queries_per_household_day = in.household_kwh_per_day * 1000.0 / o.energy_wh_per_query;
        o.co2_g_per_query = o.energy_wh_per_query / 1000.0 * in.grid_gco2_per_kwh;
        o.fleet_twh_per_year = in.queries_per_day * 365.0 * o.energy_wh_per_query / 1e12;
        o.fleet_share_of_world = o.fleet_twh_per_year / in.world_twh_per_year;
        o.water_onsite_ml_per_query = o.energy_wh_per_query * in.wue_l_per_kwh;
        o.water_offsite_ml_per_query = o.energy_wh_per_query * in.grid_water_l_per_kwh;
        o.water_ml_per_query = o.water_onsite_ml_per_query + o.water_offsite_ml_per_query;
        o.co2_market_g_per_query = o.energy_wh_per_query / 1000.0 * in.market_gco2_per_kwh;
    }
};

}  // namespace llmcore::models
