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

/// Whether v has a sub-bin of q: finite, its key in [klo, khi). Branch-free, so a driver
/// can scan a block for the few values that do before it bins them.
LLMCORE_HD LLMCORE_INLINE bool refine_hit(const RefineQuery& q, double v) {
    const std::uint64_t k = stats::key(v);
    return math::isfinite(v) & (k >= q.klo) & (k < q.khi);
}

/// The sub-bin of v for q, or -1 when v is not finite or its key lies outside [klo, khi).
/// A value with a sub-bin is also collected when q.collect is set.
LLMCORE_HD LLMCORE_INLINE std::int64_t refine_sub_bin(const RefineQuery& q, double v) {
    if (!refine_hit(q, v)) return -1;
    return static_cast<std::int64_t>((stats::key(v) - q.klo) / q.width);
}

}  // namespace llmcore::engine
