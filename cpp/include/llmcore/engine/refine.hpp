// SPDX-License-Identifier: BSD-3-Clause
/// @file refine.hpp
/// @brief The exact-quantile refinement step for one value and one query (RefineQuery in
///        mc_layout.hpp), and the query check every driver relies on.
#pragma once
#include <cstdint>

#include "llmcore/config.hpp"
#include "llmcore/engine/mc_layout.hpp"
#include "llmcore/math.hpp"
#include "llmcore/stats/log_histogram.hpp"

namespace llmcore::engine {

/// Whether q's nsub sub-bins of `width` keys cover [klo, khi): then refine_sub_bin's index
/// is always < nsub and a driver may count into nsub slots without bounds checks.
LLMCORE_HD LLMCORE_INLINE bool refine_query_valid(const RefineQuery& q) {
    return q.width != 0 && q.nsub > 0 && q.khi > q.klo &&
           (q.khi - q.klo - 1) / q.width < static_cast<std::uint64_t>(q.nsub);
}

/// A value's key for the refinement: stats::key(v) for finite v, else the largest key,
/// which no query's [klo, khi) holds (khi is at most that key).
LLMCORE_HD LLMCORE_INLINE std::uint64_t refine_key(double v) {
    return math::isfinite(v) ? stats::key(v) : ~std::uint64_t{0};
}

/// Whether a value of key k (refine_key) has a sub-bin of q: klo <= k < khi as one unsigned
/// compare, branch-free, so a driver can scan a block for the few values that do.
LLMCORE_HD LLMCORE_INLINE bool refine_hit_key(const RefineQuery& q, std::uint64_t k) {
    return k - q.klo < q.khi - q.klo;
}

/// The sub-bin of a value of key k that refine_hit_key accepts.
LLMCORE_HD LLMCORE_INLINE std::int64_t refine_sub_bin_key(const RefineQuery& q,
                                                         std::uint64_t k) {
    return static_cast<std::int64_t>((k - q.klo) / q.width);
}

/// The sub-bin of v for q, or -1 when v is not finite or its key lies outside [klo, khi).
/// A value with a sub-bin is also collected when q.collect is set.
LLMCORE_HD LLMCORE_INLINE std::int64_t refine_sub_bin(const RefineQuery& q, double v) {
    const std::uint64_t k = refine_key(v);
    return refine_hit_key(q, k) ? refine_sub_bin_key(q, k) : -1;
}

}  // namespace llmcore::engine
