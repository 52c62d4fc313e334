// SPDX-License-Identifier: BSD-3-Clause
/// @file footprint.hpp
/// @brief The energy boundary, water and carbon accounting shared by serving, inference and
///        training: one definition, called by each model with its busy accelerator-seconds.
///
/// Layers (Google 2025, "Measuring the environmental impact of delivering AI at Google
/// scale", arXiv 2508.15734, §3: active accelerators, host CPU and DRAM, idle provisioned
/// machines, data-centre overhead):
///   accelerator  busy accelerator-seconds x busy draw, where the busy draw lies between idle
///                and TDP: TDP x (idle_fraction + (1 - idle_fraction) x load) (the linear
///                utilisation-power model of Fan, Weber & Barroso 2007, applied per device);
///   host         the server's non-accelerator power (CPU, DRAM, NIC, fans) per accelerator,
///                while the accelerators are busy;
///   idle         provisioned machines waiting: for busy time t at utilisation u, t(1-u)/u
///                of idle time at the accelerator's idle draw plus the host's power;
///   overhead     (PUE - 1) x the IT energy of all three.
/// Boundary codes (Python's _models/_common.BOUNDARIES): 0 accelerator, 1 server (+ host),
/// 2 provisioned (+ idle), 3 facility (+ overhead, Google's "comprehensive").
/// Water (Li et al. 2023, "Making AI Less Thirsty", arXiv 2304.03271): on-site = WUE x IT
/// energy inside the boundary; off-site = the grid's water intensity x the boundary's energy.
/// Carbon: location-based (grid average) and market-based factors x the boundary's energy;
/// primary energy and abiotic depletion (ADPe) per kWh as EcoLogits counts usage impacts.
#pragma once
#include "llmcore/math.hpp"

namespace llmcore::footprint {

struct Power {
    double busy_w;  // one busy accelerator
    double host_w;  // its share of the server's non-accelerator power
    double idle_w;  // one idle provisioned accelerator with its share of the host
};

// host_w absent (NaN): host_fraction x TDP.
LLMCORE_HD LLMCORE_INLINE Power power(double tdp_w, double idle_fraction, double load,
                                      double host_w, double host_fraction) {
    Power p;
    p.busy_w = tdp_w * (idle_fraction + (1.0 - idle_fraction) * load);
    p.host_w = math::isnan(host_w) ? host_fraction * tdp_w : host_w;
    p.idle_w = tdp_w * idle_fraction + p.host_w;
    return p;
}

struct Energy {  // Wh for the unit of work the caller's busy seconds describe
    double accel, host, idle, overhead;
    double it;     // IT energy inside the boundary
    double total;  // energy at the boundary
};

LLMCORE_HD LLMCORE_INLINE Energy energy(double busy_accel_s, const Power& p, double utilization,
                                        double pue, double boundary) {
    Energy e;
    const double h = busy_accel_s / 3600.0;
    e.accel = h * p.busy_w;
    e.host = h * p.host_w;
    e.idle = h * (1.0 - utilization) / utilization * p.idle_w;
    e.overhead = (pue - 1.0) * (e.accel + e.host + e.idle);
    e.it = e.accel;
    if (boundary >= 1.0) e.it += e.host;
    if (boundary >= 2.0) e.it += e.idle;
    e.total = boundary >= 3.0 ? e.it * pue : e.it;
    return e;
}

struct Impacts {  // per the same unit of work
    double water_onsite_l, water_offsite_l, co2_g, co2_market_g, primary_energy_mj, adpe_kg;
};

LLMCORE_HD LLMCORE_INLINE Impacts impacts(const Energy& e, double wue_l_per_kwh,
                                          double grid_water_l_per_kwh, double grid_gco2_per_kwh,
                                          double market_gco2_per_kwh,
                                          double primary_energy_mj_per_kwh,
                                          double adpe_kgsbeq_per_kwh) {
    Impacts r;
    const double kwh = e.total / 1000.0;
    r.water_onsite_l = e.it / 1000.0 * wue_l_per_kwh;
    r.water_offsite_l = kwh * grid_water_l_per_kwh;
    r.co2_g = kwh * grid_gco2_per_kwh;
    r.co2_market_g = kwh * market_gco2_per_kwh;
    r.primary_energy_mj = kwh * primary_energy_mj_per_kwh;
    r.adpe_kg = kwh * adpe_kgsbeq_per_kwh;
    return r;
}

// Manufacturing carbon borne by busy_accel_s of use: the accelerator's embodied carbon over
// its busy hours in a service life at this utilisation.
LLMCORE_HD LLMCORE_INLINE double embodied_g(double kgco2_per_accel, double busy_accel_s,
                                            double lifetime_years, double utilization) {
    return kgco2_per_accel * 1000.0 * (busy_accel_s / 3600.0) /
           (lifetime_years * 8760.0 * utilization);
}

}  // namespace llmcore::footprint

// Inputs every footprint-reporting model lists (after its own), in this order.
#define LLMCORE_FOOTPRINT_INPUTS(X)                                                    \
    X(boundary) X(accel_idle_fraction) X(accel_load) X(host_power_w)                   \
    X(host_power_fraction) X(wue_l_per_kwh) X(grid_water_l_per_kwh)                    \
    X(market_gco2_per_kwh) X(primary_energy_mj_per_kwh) X(adpe_kgsbeq_per_kwh)
