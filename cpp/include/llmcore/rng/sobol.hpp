// SPDX-License-Identifier: BSD-3-Clause
/// @file sobol.hpp
/// @brief Scrambled Sobol' points (sampler="sobol"), device-safe, one point per scenario.
///
/// The same contract as the Philox path: input slot `slot`, stream `stream` of scenario i
/// depends only on (seed, i, slot, stream), so chunks, threads, Dask and CUDA agree.
/// * Construction: 64-bit Sobol' points from Joe & Kuo's new-joe-kuo-6.21201 direction
///   numbers (rng/sobol_joe_kuo.hpp), point i = XOR of V_k over the set bits k of i (the
///   direct form, not the Gray-code order: any index is computed alone). Dimension 0 is
///   van der Corput's.
/// * Dimensions: an input slot s < kSobolSlots has dimension s, a catalog-row slot
///   kRowsSlotBase + p has kSobolSlots + p; stream 1 (Sobol' B) adds kSobolHalf, so A and B
///   are two halves of one point as in Saltelli's design. Inputs sharing a slot share it.
/// * Scrambling: nested uniform (Owen) scrambling by Burley's hash ("Practical Hash-based
///   Owen Scrambling", JCGT 9(4), 2020): reverse the bits, a Laine-Karras style permutation
///   (each output bit depends on the seed and the lower input bits only), reverse back. The
///   64-bit word is scrambled as two 32-bit halves, the lower half's seed hashed from the
///   upper half's digits, which keeps the nesting (each digit's permutation depends on all
///   higher digits). Seeds: Philox(counter = (slot, stream, kSobolTag, 0), the run's key),
///   so each replicate key gives an independent randomisation.
/// The top 52 bits map to (0, 1) exactly as rng::u01 maps Philox words: never 0 or 1.
#pragma once
#include <cstdint>

#include "llmcore/config.hpp"
#include "llmcore/rng/philox.hpp"

namespace llmcore::rng {

constexpr int kSobolBits = 64;
constexpr int kSobolSlots = 256;       // input slots with a dimension (a chain's union < 256)
constexpr int kSobolRowSlots = 16;     // catalog-keyword slots kRowsSlotBase + p, p < 16
constexpr int kSobolHalf = kSobolSlots + kSobolRowSlots;
constexpr int kSobolDims = 2 * kSobolHalf;  // rng/sobol_joe_kuo.hpp holds kSobolDims - 1 rows
/// Per input: [V_0 .. V_63, seed] for stream 0, then the same for stream 1.
constexpr int kSobolStride = kSobolBits + 1;
constexpr int kSobolWords = 2 * kSobolStride;
/// Counter word 2 of the scramble seeds' Philox draw: no input slot reaches it, so the
/// seeds never share a counter with a scenario's uniform.
constexpr std::uint32_t kSobolTag = 0x50B0150Bu;

/// The dimension of (slot, stream), or -1 where the slot has none.
LLMCORE_HD LLMCORE_INLINE int sobol_dim(std::uint32_t slot, std::uint32_t stream,
                                        std::uint32_t rows_base) {
    int base = -1;
    if (slot < static_cast<std::uint32_t>(kSobolSlots))
        base = static_cast<int>(slot);
    else if (slot >= rows_base && slot - rows_base < static_cast<std::uint32_t>(kSobolRowSlots))
        base = kSobolSlots + static_cast<int>(slot - rows_base);
    if (base < 0 || stream > 1) return -1;
    return base + static_cast<int>(stream) * kSobolHalf;
}

LLMCORE_HD LLMCORE_INLINE std::uint32_t reverse_bits32(std::uint32_t x) {
    x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
    x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
    x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
    x = ((x >> 8) & 0x00FF00FFu) | ((x & 0x00FF00FFu) << 8);
    return (x >> 16) | (x << 16);
}

/// Burley (2020), listing 2: the Laine-Karras style permutation. Adding the seed and
/// x ^= x * even carry information upward only, so bit k depends on bits < k.
LLMCORE_HD LLMCORE_INLINE std::uint32_t laine_karras(std::uint32_t x, std::uint32_t seed) {
    x += seed;
    x ^= x * 0x6c50b47cu;
    x ^= x * 0xb82f1e52u;
    x ^= x * 0xc7afe638u;
    x ^= x * 0x8d22f6e6u;
    return x;
}

/// Burley (2020): nested uniform scramble of a 32-bit fixed-point digit string.
LLMCORE_HD LLMCORE_INLINE std::uint32_t nested_uniform_scramble(std::uint32_t x, std::uint32_t seed) {
    return reverse_bits32(laine_karras(reverse_bits32(x), seed));
}

/// A 32-bit integer hash (Wellons' hash prospector "triple32", the one Burley uses).
LLMCORE_HD LLMCORE_INLINE std::uint32_t hash32(std::uint32_t x) {
    x ^= x >> 17;
    x *= 0xed5ad4bbu;
    x ^= x >> 11;
    x *= 0xac4c1b2bu;
    x ^= x >> 15;
    x *= 0x31848babu;
    x ^= x >> 14;
    return x;
}

/// Owen scrambling of a 64-bit digit string: upper half by seed's upper word, lower half by
/// a seed hashed from its lower word and the upper half's (unscrambled) digits.
LLMCORE_HD LLMCORE_INLINE std::uint64_t owen_scramble64(std::uint64_t x, std::uint64_t seed) {
    const auto hi = static_cast<std::uint32_t>(x >> 32), lo = static_cast<std::uint32_t>(x);
    const auto s_hi = static_cast<std::uint32_t>(seed >> 32), s_lo = static_cast<std::uint32_t>(seed);
    const std::uint32_t hi2 = nested_uniform_scramble(hi, s_hi);
    const std::uint32_t lo2 = nested_uniform_scramble(lo, hash32(s_lo ^ hash32(hi)));
    return (static_cast<std::uint64_t>(hi2) << 32) | lo2;
}

/// The unscrambled point of index i: XOR of the direction numbers of i's set bits.
LLMCORE_HD LLMCORE_INLINE std::uint64_t sobol_point(const std::uint64_t* v, std::uint64_t i) {
    std::uint64_t x = 0;
    for (int k = 0; i != 0; ++k, i >>= 1)
        if (i & 1u) x ^= v[k];
    return x;
}

/// Scenario i's uniform from one stream's [V_0 .. V_63, seed] (kSobolStride words).
LLMCORE_HD LLMCORE_INLINE double sobol_uniform(const std::uint64_t* v, std::uint64_t i) {
    const std::uint64_t x = owen_scramble64(sobol_point(v, i), v[kSobolBits]);
    return u01(static_cast<std::uint32_t>(x >> 32), static_cast<std::uint32_t>(x >> 6));
}

/// The scramble seed of (slot, stream) under the run's Philox key.
LLMCORE_HD LLMCORE_INLINE std::uint64_t sobol_seed(std::uint32_t slot, std::uint32_t stream,
                                                   std::uint32_t k0, std::uint32_t k1) {
    const Words4 w = philox4x32_10(slot, stream, kSobolTag, 0u, k0, k1);
    return (static_cast<std::uint64_t>(w.v[0]) << 32) | w.v[1];
}

}  // namespace llmcore::rng
