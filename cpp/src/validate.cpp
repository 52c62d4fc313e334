// SPDX-License-Identifier: BSD-3-Clause
#include "validate.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include "cpu/isa_dispatch.hpp"
#include "cpu/parallel.hpp"
#include "llmcore/math.hpp"

namespace llmcore {
namespace {

inline bool valid(double v, const Range& r) {
    return in_range(v, r);  // llmcore/range.hpp: the one definition, shared with CUDA
}

// First bad index of one column in [b, e), or -1; the block scan is branch-free so the
// common all-valid case vectorises (at SIMD `level`) and runs at memory speed.
std::int64_t first_bad(const double* p, const Range& r, std::int64_t b, std::int64_t e,
                       int level) {
    double lo, hi;
    closed_bounds(r, lo, hi);
    const bool nan_ok = (r.flags & kAbsentOk) != 0;
    constexpr std::int64_t kBlock = 1024;
    std::int64_t found = -1;
    auto body = [&](std::int64_t blk) LLMCORE_BODY {
        const std::int64_t s = b + blk * kBlock, t = std::min(e, s + kBlock);
        if (found >= 0) return;
        if (nan_ok ? !any_invalid<true>(p + s, t - s, lo, hi) : !any_invalid(p + s, t - s, lo, hi))
            return;
        for (std::int64_t i = s; i < t && found < 0; ++i)
            if (!valid(p[i], r)) found = i;
    };
    isa::run_blocks(level, body, 0, (e - b + kBlock - 1) / kBlock);
    return found;
}

}  // namespace

ValidationResult validate(const Column* cols, const Range* ranges, int n_cols, std::int64_t n,
                          int threads) {
    ValidationResult res;
    constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::max();
    std::vector<std::int64_t> first(static_cast<size_t>(n_cols), kNone);
    for (int k = 0; k < n_cols; ++k) {
        if ((ranges[k].flags & kSkip) || cols[k].stride != 0) continue;
        if (!valid(cols[k].ptr[0], ranges[k])) first[k] = 0;
    }
    std::mutex mu;
    const int level = simd_level();
    parallel_for(n, threads, std::int64_t{1} << 16, [&](int, std::int64_t b, std::int64_t e) {
        for (int k = 0; k < n_cols; ++k) {
            if ((ranges[k].flags & kSkip) || cols[k].stride == 0) continue;
            const std::int64_t i = first_bad(cols[k].ptr, ranges[k], b, e, level);
            if (i < 0) continue;
            std::lock_guard<std::mutex> lock(mu);
            if (i < first[k]) first[k] = i;
        }
    });
    for (int k = 0; k < n_cols; ++k) {
        if (first[k] == kNone) continue;
        res.ok = false;
        res.input = k;
        res.index = first[k];
        res.value = cols[k].ptr[first[k] * cols[k].stride];
        break;
    }
    return res;
}

}  // namespace llmcore
