// SPDX-License-Identifier: BSD-3-Clause
/// @file lanes.hpp
/// @brief (private) Block sums in a fixed order that still vectorises: kLanes explicit
///        lanes (lane l adds the values at j % kLanes == l, in order), then a fixed pairing.
///        The same bits on every SIMD level and thread count.
#pragma once
#include "llmcore/config.hpp"
#include "llmcore/engine/mc_layout.hpp"

namespace llmcore {

constexpr int kLanes = 8;

inline double lane_sum(const double* s) {
    return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

/// Σ t[j], j < kMcBlock.
LLMCORE_INLINE double block_sum(const double* LLMCORE_RESTRICT t) {
    double s[kLanes] = {};
    for (int j = 0; j < kMcBlock; j += kLanes)
        for (int l = 0; l < kLanes; ++l) s[l] += t[j + l];
    return lane_sum(s);
}

/// Σ (u[j] - v[j])², j < kMcBlock (v = 0: pass u twice and a zero row, or use sq_sum).
LLMCORE_INLINE double block_sq_diff(const double* LLMCORE_RESTRICT u,
                                    const double* LLMCORE_RESTRICT v) {
    double s[kLanes] = {};
    for (int j = 0; j < kMcBlock; j += kLanes)
        for (int l = 0; l < kLanes; ++l) {
            const double d = u[j + l] - v[j + l];
            s[l] += d * d;
        }
    return lane_sum(s);
}

/// Σ u[j]², j < kMcBlock.
LLMCORE_INLINE double block_sq_sum(const double* LLMCORE_RESTRICT u) {
    double s[kLanes] = {};
    for (int j = 0; j < kMcBlock; j += kLanes)
        for (int l = 0; l < kLanes; ++l) s[l] += u[j + l] * u[j + l];
    return lane_sum(s);
}

}  // namespace llmcore
