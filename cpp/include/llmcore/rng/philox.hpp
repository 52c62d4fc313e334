// SPDX-License-Identifier: BSD-3-Clause
/// @file philox.hpp
/// @brief Philox4x32-10 (Salmon et al., SC'11, as in Random123), counter-based and device-safe.
///
/// llmcore's scheme (PERFORMANCE.md "Recommended llmcore scheme"): key = 64 bits derived
/// from the user's seed; counter = (scenario index lo, hi, input slot, stream). A scenario's
/// draws depend only on (seed, index, slot, stream): never on threads, chunks or devices.
/// Integer-only, so the words are bit-identical on every machine (checked against the
/// published known-answer vectors in tests/test_philox.py).
#pragma once
#include <cstdint>

#include "llmcore/config.hpp"

namespace llmcore::rng {

struct Words4 {
    std::uint32_t v[4];
};

LLMCORE_HD LLMCORE_INLINE void philox_round(std::uint32_t& c0, std::uint32_t& c1,
                                            std::uint32_t& c2, std::uint32_t& c3,
                                            std::uint32_t k0, std::uint32_t k1) {
    const std::uint64_t p0 = std::uint64_t{0xD2511F53u} * c0;
    const std::uint64_t p1 = std::uint64_t{0xCD9E8D57u} * c2;
    const std::uint32_t hi0 = static_cast<std::uint32_t>(p0 >> 32), lo0 = static_cast<std::uint32_t>(p0);
    const std::uint32_t hi1 = static_cast<std::uint32_t>(p1 >> 32), lo1 = static_cast<std::uint32_t>(p1);
    c0 = hi1 ^ c1 ^ k0;
    c1 = lo1;
    c2 = hi0 ^ c3 ^ k1;
    c3 = lo0;
}

/// Ten rounds; the key is bumped by the Weyl constants between rounds.
LLMCORE_HD LLMCORE_INLINE Words4 philox4x32_10(std::uint32_t c0, std::uint32_t c1,
                                               std::uint32_t c2, std::uint32_t c3,
                                               std::uint32_t k0, std::uint32_t k1) {
    for (int r = 0; r < 10; ++r) {
        if (r) {
            k0 += 0x9E3779B9u;
            k1 += 0xBB67AE85u;
        }
        philox_round(c0, c1, c2, c3, k0, k1);
    }
    return Words4{{c0, c1, c2, c3}};
}

/// Uniform in the open interval (0, 1) with 52 random bits from two words:
/// ((w0 >> 6)·2^26 + (w1 >> 6) + 0.5)·2^-52. Every step is exact (the sum stays below 2^52),
/// so u lies in [2^-53, 1 - 2^-53]: log(u) and log(1-u) are finite. Only int32 -> double
/// conversions, which every SIMD level vectorises.
LLMCORE_HD LLMCORE_INLINE double u01(std::uint32_t w0, std::uint32_t w1) {
    const double a = static_cast<double>(static_cast<std::int32_t>(w0 >> 6));
    const double b = static_cast<double>(static_cast<std::int32_t>(w1 >> 6));
    return (a * 67108864.0 + b + 0.5) * (1.0 / 4503599627370496.0);
}

/// The uniform of scenario `index`, input slot `slot`, stream `stream` (words 0 and 1).
LLMCORE_HD LLMCORE_INLINE double uniform_at(std::uint64_t index, std::uint32_t slot,
                                            std::uint32_t stream, std::uint32_t k0,
                                            std::uint32_t k1) {
    const Words4 w = philox4x32_10(static_cast<std::uint32_t>(index),
                                   static_cast<std::uint32_t>(index >> 32), slot, stream, k0, k1);
    return u01(w.v[0], w.v[1]);
}

}  // namespace llmcore::rng
