// SPDX-License-Identifier: BSD-3-Clause
/// @file philox_block.hpp
/// @brief (private) The uniforms of one input slot for a run of consecutive scenarios,
///        Philox4x32-10 with scenarios in SIMD lanes.
///
/// Same words and uniforms as rng::uniform_at (integer-only, so every level gives the same
/// bits; tests/test_rng*.py compare with the Python reference). Why intrinsics: compilers
/// vectorise the scalar 32x32->64 multiply as a full 64x64 multiply (vpmullq, 3 uops, half
/// the lanes); vpmuludq on even and odd lanes is the cheap form.
#pragma once
#include <cstdint>

namespace llmcore::rng {

/// out[j] = uniform_at(i0 + j, slot, stream, k0, k1) for j < len, compiled for SIMD `level`
/// (0 baseline, 1 AVX2, 2 AVX-512; see cpu/isa_dispatch.hpp).
void uniform_block(int level, std::uint64_t i0, int len, std::uint32_t slot, std::uint32_t stream,
                   std::uint32_t k0, std::uint32_t k1, double* out);

}  // namespace llmcore::rng
