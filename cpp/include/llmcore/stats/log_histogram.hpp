// SPDX-License-Identifier: BSD-3-Clause
/// @file log_histogram.hpp
/// @brief Log-binned histogram over all doubles by bit pattern: integer counts, exactly
///        mergeable, bins of relative width 2^-kSubBits (about 3%).
///
/// key(x) is an unsigned integer that increases with x (sign-folded bit pattern), so a bin
/// is a key range and order statistics can be refined by key ranges with no rounding
/// (the exact-quantile passes). Bin layout, increasing in value:
///   0                  x < -2^kEmax (negative overflow)
///   1 .. kNb           negative octaves 2^kEmin..2^kEmax, kSubBits mantissa bits each
///   kNb + 1            |x| < 2^kEmin (zero and tiny values, either sign)
///   kNb + 2 .. 2kNb+1  positive octaves
///   2kNb + 2           x >= 2^kEmax
/// python/llmcore/_stats.py mirrors this layout for edges and quantiles.
#pragma once
#include <cstdint>

#include "llmcore/config.hpp"
#include "llmcore/dist/xmath.hpp"

namespace llmcore::stats {

constexpr int kSubBits = 5;
constexpr int kEmin = -100;
constexpr int kEmax = 156;
constexpr std::int64_t kNb = std::int64_t{kEmax - kEmin} << kSubBits;
constexpr std::int64_t kNumBins = 2 * kNb + 3;
constexpr int kShift = 52 - kSubBits;
// Positions, in units of key >> kShift, of the window edges.
constexpr std::int64_t kP0 = (std::int64_t{1} << (11 + kSubBits)) +
                             (std::int64_t{kEmin + 1023} << kSubBits);
constexpr std::int64_t kN0 = (std::int64_t{1} << (11 + kSubBits)) -
                             (std::int64_t{kEmin + 1023} << kSubBits) - kNb;

LLMCORE_HD LLMCORE_INLINE std::uint64_t key(double x) {
    const std::uint64_t b = xmath::to_bits(x);
    return (b >> 63) ? ~b : (b | (std::uint64_t{1} << 63));
}

LLMCORE_HD LLMCORE_INLINE std::int64_t bin_of_key(std::uint64_t k) {
    // Selects, not branches: the histogram pass vectorises.
    const std::int64_t t = static_cast<std::int64_t>(k >> kShift);
    const std::int64_t neg = 1 + (t - kN0), pos = kNb + 2 + (t - kP0);
    return t < kN0 ? 0
                   : (t < kN0 + kNb ? neg
                                    : (t < kP0 ? kNb + 1 : (t < kP0 + kNb ? pos : 2 * kNb + 2)));
}

/// bin_of_key(key(x)) as two clamps in 32-bit integers (t < 2^17): for the CPU's histogram
/// pass, where the 64-bit select chain above did not vectorise well.
LLMCORE_HD LLMCORE_INLINE int bin_of(double x) {
    const std::int32_t t = static_cast<std::int32_t>(key(x) >> kShift);
    const std::int32_t neg = t - static_cast<std::int32_t>(kN0) + 1;  // clamp to [0, kNb + 1]
    const std::int32_t pos = t - static_cast<std::int32_t>(kP0) + static_cast<std::int32_t>(kNb) + 2;
    const std::int32_t nb = static_cast<std::int32_t>(kNb);
    const std::int32_t n = neg < 0 ? 0 : (neg > nb + 1 ? nb + 1 : neg);
    const std::int32_t p = pos > 2 * nb + 2 ? 2 * nb + 2 : pos;  // >= nb + 2 where used
    return t < static_cast<std::int32_t>(kP0) ? n : p;
}

}  // namespace llmcore::stats
