// SPDX-License-Identifier: BSD-3-Clause
/// @file lifecycle.hpp
/// @brief SPEC.md §7 `lifecycle`: training amortised over a model's service life, the
///        inference share, break-even, and everyday equivalences.
///
/// Sources: Strubell et al. 2019 and Patterson et al. 2021 (training vs inference framing);
/// equivalence factors (household-year, car g/km) come from the region catalog.
/// Per-query inputs are optional: all three absent counts as no inference. CO2 per query,
/// when not given, is energy per query times the grid intensity (a region= row fills it);
/// when inference is counted but its CO2 can be neither given nor derived, the CO2 outputs
/// are NaN and the scenario is flagged kMissingInput, never a silent 0. Defined 0/0 cases
/// (no silent NaN): a share of a zero total is 0; break-even without training is 0 queries
/// (energy_wh_per_query, when given, is > 0; absent, break-even is not reported).
#pragma once
#include "llmcore/math.hpp"
#include "llmcore/model_io.hpp"

#define LLMCORE_LIFECYCLE_INPUTS(X)                                                    \
    X(train_energy_kwh) X(train_co2_kg) X(train_cost) X(energy_wh_per_query)           \
    X(co2_g_per_query) X(cost_per_query) X(queries_per_day) X(lifetime_days)           \
    X(household_kwh_per_year) X(car_gco2_per_km) X(km_to_moon_and_back) X(grid_gco2_per_kwh) \
    X(train_water_l) X(water_ml_per_query)

#define LLMCORE_LIFECYCLE_OUTPUTS(X)                                                   \
    X(queries) X(inference_energy_kwh) X(inference_co2_kg) X(inference_cost)           \
    X(total_energy_kwh) X(total_co2_kg) X(total_cost) X(inference_share_of_energy)     \
    X(inference_share_of_co2) X(inference_share_of_cost) X(amortised_wh_per_query)     \
    X(amortised_co2_g_per_query) X(amortised_cost_per_query) X(breakeven_queries)      \
    X(breakeven_days) X(household_years) X(car_km) X(moon_round_trips)                \
    X(inference_water_l) X(total_water_l) X(inference_share_of_water) X(bottles_500ml)

namespace llmcore::models {

struct lifecycle {
    LLMCORE_MODEL_IO(lifecycle, LLMCORE_LIFECYCLE_INPUTS, LLMCORE_LIFECYCLE_OUTPUTS)

    // What a CO2 per query that can be neither given nor derived (kMissingInput) leaves NaN.
    static constexpr unsigned long long kMissingOutputs =
        (1ull << o_inference_co2_kg) | (1ull << o_total_co2_kg) | (1ull << o_inference_share_of_co2) |
        (1ull << o_amortised_co2_g_per_query) | (1ull << o_car_km) | (1ull << o_moon_round_trips);

    LLMCORE_HD LLMCORE_INLINE static double or_zero(double x) {
        return math::isnan(x) ? 0.0 : x;
    }
    // part / total with 0/0 defined as 0 (nothing spent: no share).
    LLMCORE_HD LLMCORE_INLINE static double share(double part, double total) {
        return total == 0.0 ? 0.0 : part / total;
    }

    LLMCORE_HD LLMCORE_INLINE static void evaluate(const In& in, Out& o, Status& st) {
        const double wh = or_zero(in.energy_wh_per_query);
        const bool counted = !math::isnan(in.energy_wh_per_query) ||
                             !math::isnan(in.co2_g_per_query) || !math::isnan(in.cost_per_query);
        const double derived = in.energy_wh_per_query / 1000.0 * in.grid_gco2_per_kwh;
        double co2_q = math::isnan(in.co2_g_per_query) ? derived : in.co2_g_per_query;
        if (!counted) co2_q = 0.0;  // no inference at all: training only
        if (math::isnan(co2_q)) st |= kMissingInput;
        o.queries = in.queries_per_day * in.lifetime_days;
        o.inference_energy_kwh = o.queries * wh / 1000.0;
        o.inference_co2_kg = o.queries * co2_q / 1000.0;
        o.inference_cost = o.queries * or_zero(in.cost_per_query);
        o.total_energy_kwh = in.train_energy_kwh + o.inference_energy_kwh;
        o.total_co2_kg = in.train_co2_kg + o.inference_co2_kg;
        o.total_cost = in.train_cost + o.inference_cost;
        o.inference_share_of_energy = share(o.inference_energy_kwh, o.total_energy_kwh);
        o.inference_share_of_co2 = share(o.inference_co2_kg, o.total_co2_kg);
        o.inference_share_of_cost = share(o.inference_cost, o.total_cost);
        o.amortised_wh_per_query = o.total_energy_kwh * 1000.0 / o.queries;
        o.amortised_co2_g_per_query = o.total_co2_kg * 1000.0 / o.queries;
        o.amortised_cost_per_query = o.total_cost / o.queries;
        o.breakeven_queries = in.train_energy_kwh == 0.0 ? 0.0 : in.train_energy_kwh * 1000.0 / wh;
        o.breakeven_days = o.breakeven_queries / in.queries_per_day;
        o.household_years = o.total_energy_kwh / in.household_kwh_per_year;
        o.car_km = o.total_co2_kg * 1000.0 / in.car_gco2_per_km;
        o.moon_round_trips = o.car_km / in.km_to_moon_and_back;
        // Water needs both figures (Python drops these outputs otherwise): no silent 0.
        o.inference_water_l = o.queries * in.water_ml_per_query / 1000.0;
        o.total_water_l = in.train_water_l + o.inference_water_l;
        o.inference_share_of_water = share(o.inference_water_l, o.total_water_l);
        o.bottles_500ml = o.total_water_l / 0.5;  // Li et al. 2023's unit
    }
};

}  // namespace llmcore::models
