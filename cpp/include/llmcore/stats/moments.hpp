// SPDX-License-Identifier: BSD-3-Clause
/// @file moments.hpp
/// @brief Count, mean and M2 (sum of squared deviations) with Chan et al.'s merge.
///
/// The merge is not associative in floating point, so drivers fold per-block moments in
/// global block order (a fixed reduction tree): the result is then the same bits for any
/// thread count or chunking.
#pragma once
#include "llmcore/config.hpp"

namespace llmcore::stats {

struct Moments {
    double n, mean, m2;
};

LLMCORE_HD LLMCORE_INLINE Moments merge(const Moments& a, const Moments& b) {
    if (b.n == 0) return a;
    if (a.n == 0) return b;
    const double n = a.n + b.n;
    const double d = b.mean - a.mean;
    return Moments{n, a.mean + d * (b.n / n), a.m2 + b.m2 + d * d * (a.n * b.n / n)};
}

}  // namespace llmcore::stats
