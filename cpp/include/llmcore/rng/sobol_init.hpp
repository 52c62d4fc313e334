// SPDX-License-Identifier: BSD-3-Clause
/// @file sobol_init.hpp
/// @brief (host) An input's Sobol' words: per stream the 64 direction numbers of its
///        dimension (rng/sobol.hpp) and its scramble seed. Built once per run by the bindings;
///        the CPU loop, the host engine and the kernels (a device copy) read them.
#pragma once
#include <cstdint>

#include "llmcore/rng/sobol.hpp"
#include "llmcore/rng/sobol_joe_kuo.hpp"

namespace llmcore::rng {

static_assert(sizeof(kJoeKuo) / sizeof(kJoeKuo[0]) == kSobolDims - 1,
              "one Joe-Kuo row per dimension after the first");

/// V_k (k = 0 .. 63, V_k for index bit k) of dimension `dim` as 64-bit fractions: Joe and
/// Kuo's recurrence m_j = 2 a_1 m_{j-1} ^ ... ^ 2^{s-1} a_{s-1} m_{j-s+1} ^ 2^s m_{j-s} ^
/// m_{j-s}, V_j = m_j / 2^j (their sobol.cc, in 64 bits instead of 32).
inline void sobol_directions(int dim, std::uint64_t* v) {
    if (dim == 0) {
        for (int k = 0; k < kSobolBits; ++k) v[k] = std::uint64_t{1} << (kSobolBits - 1 - k);
        return;
    }
    const JoeKuoRow& r = kJoeKuo[dim - 1];
    const int s = r.s;
    for (int k = 0; k < s && k < kSobolBits; ++k)
        v[k] = static_cast<std::uint64_t>(r.m[k]) << (kSobolBits - 1 - k);
    for (int k = s; k < kSobolBits; ++k) {
        std::uint64_t x = v[k - s] ^ (v[k - s] >> s);
        for (int j = 1; j < s; ++j)
            if ((r.a >> (s - 1 - j)) & 1u) x ^= v[k - j];
        v[k] = x;
    }
}

/// The kSobolWords words of an input in `slot` under key (k0, k1); false where the slot
/// has no dimension.
inline bool sobol_words(std::uint32_t slot, std::uint32_t rows_base, std::uint32_t k0,
                        std::uint32_t k1, std::uint64_t* out) {
    for (std::uint32_t stream = 0; stream < 2; ++stream) {
        const int dim = sobol_dim(slot, stream, rows_base);
        if (dim < 0) return false;
        std::uint64_t* w = out + stream * kSobolStride;
        sobol_directions(dim, w);
        w[kSobolBits] = sobol_seed(slot, stream, k0, k1);
    }
    return true;
}

}  // namespace llmcore::rng
