// SPDX-License-Identifier: BSD-3-Clause
/// @file isa_dispatch.hpp
/// @brief (private) Run a per-block body compiled for the best SIMD level of this CPU: the
///        one ISA dispatch of the CPU drivers (evaluate and Monte Carlo alike).
///
/// One binary for every x86-64 CPU: each entry point below is the same loop with a GCC/Clang
/// target attribute; the body (a lambda marked LLMCORE_BODY, with force-inlined helpers) is
/// inlined into it and vectorised for that instruction set. Only IEEE + − × ÷ sqrt and
/// integer operations and no FMA contraction (-ffp-contract=off) run in the bodies, so every
/// level gives the same bits (tests/test_simulate.py::test_identical_on_every_simd_level,
/// tests/engine/test_engine_host.py for evaluate). The level is read per call, so a test
/// can force it (force_simd_level) where load-time dispatch (ifunc) could not be steered.
#pragma once
#include <cstdint>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define LLMCORE_HAVE_ISA_DISPATCH 1
#define LLMCORE_BODY __attribute__((always_inline))
#else
#define LLMCORE_HAVE_ISA_DISPATCH 0
#define LLMCORE_BODY
#endif

namespace llmcore {

/// 0 baseline, 1 AVX2, 2 AVX-512: the best this CPU has, unless forced lower.
int simd_level();
/// Test knob (_core.mc_simd): force a lower level; -1 = automatic. Every level must give
/// the same bits.
void force_simd_level(int level);

namespace isa {

template <class F>
void blocks_default(F& f, std::int64_t b, std::int64_t e) {
    for (std::int64_t g = b; g < e; ++g) f(g);
}
#if LLMCORE_HAVE_ISA_DISPATCH
template <class F>
__attribute__((target("avx2"))) void blocks_avx2(F& f, std::int64_t b, std::int64_t e) {
    for (std::int64_t g = b; g < e; ++g) f(g);
}
template <class F>
__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw"))) void blocks_avx512(
    F& f, std::int64_t b, std::int64_t e) {
    for (std::int64_t g = b; g < e; ++g) f(g);
}
#endif

/// f(g) for g in [b, e), compiled for `level`.
template <class F>
void run_blocks(int level, F& f, std::int64_t b, std::int64_t e) {
#if LLMCORE_HAVE_ISA_DISPATCH
    if (level >= 2) return blocks_avx512(f, b, e);
    if (level == 1) return blocks_avx2(f, b, e);
#endif
    (void)level;
    blocks_default(f, b, e);
}

}  // namespace isa
}  // namespace llmcore
