// SPDX-License-Identifier: BSD-3-Clause
/// @file range.hpp
/// @brief An input's valid range and the one test of a value against it, shared by the CPU
///        pre-pass (validate.cpp) and the CUDA pre-pass (cuda/validate_cuda.cu).
#pragma once
#include "llmcore/config.hpp"
#include "llmcore/math.hpp"

namespace llmcore {

/// kSkip: the input is absent for the whole batch (unchecked). kAbsentOk: the column may
/// hold NaN entries, each one scenario's absent value (a catalog row without the field);
/// ±inf and finite values out of range are still invalid.
enum RangeFlag : int { kLoOpen = 1, kHiOpen = 2, kSkip = 4, kAbsentOk = 8 };

struct Range {
    double lo, hi;
    int flags;
};

/// Valid means finite and inside [lo, hi] with the open ends the flags give, or NaN in a
/// column with kAbsentOk.
LLMCORE_HD LLMCORE_INLINE bool in_range(double v, const Range& r) {
    if (math::isnan(v)) return (r.flags & kAbsentOk) != 0;
    if (!math::isfinite(v)) return false;
    const bool lo_ok = (r.flags & kLoOpen) ? v > r.lo : v >= r.lo;
    const bool hi_ok = (r.flags & kHiOpen) ? v < r.hi : v <= r.hi;
    return lo_ok && hi_ok;
}

}  // namespace llmcore
