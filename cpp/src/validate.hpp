// SPDX-License-Identifier: BSD-3-Clause
/// @file validate.hpp
/// @brief Range pre-pass: finds where the first invalid input is, before any compute.
///        Structured result only; Python words the message (it knows names and units).
#pragma once
#include <cmath>
#include <cstdint>

#include "llmcore/column.hpp"
#include "llmcore/range.hpp"

namespace llmcore {

struct ValidationResult {
    bool ok = true;
    int input = -1;           // position in the model's input list
    std::int64_t index = -1;  // first bad scenario index for that input
    double value = 0.0;
};

/// Closed bounds equivalent to the range's open/closed ones, so a scan is two compares.
LLMCORE_INLINE void closed_bounds(const Range& r, double& lo, double& hi) {
    lo = (r.flags & kLoOpen) ? std::nextafter(r.lo, HUGE_VAL) : r.lo;
    hi = (r.flags & kHiOpen) ? std::nextafter(r.hi, -HUGE_VAL) : r.hi;
}

/// True if any of p[0..n) is invalid. Branch-free so it vectorises: v - v == 0 rejects NaN
/// and both infinities, the compares reject the rest. NanOk (a kAbsentOk column): NaN is
/// accepted (an absent value), infinities are not.
template <bool NanOk = false>
LLMCORE_INLINE bool any_invalid(const double* p, std::int64_t n, double lo, double hi) {
    int bad = 0;
    for (std::int64_t i = 0; i < n; ++i) {
        const double v = p[i];
        if constexpr (NanOk)
            bad |= !(((v >= lo) & (v <= hi) & (v - v == 0.0)) | (v != v));
        else
            bad |= !((v >= lo) & (v <= hi) & (v - v == 0.0));
    }
    return bad != 0;
}

/// Valid means finite and inside [lo, hi] with the open ends the flags give (or NaN where
/// the flags have kAbsentOk: range.hpp in_range). Reports the first input (in model order)
/// with any bad value, and that input's first bad index.
ValidationResult validate(const Column* cols, const Range* ranges, int n_cols, std::int64_t n,
                          int threads);

}  // namespace llmcore
