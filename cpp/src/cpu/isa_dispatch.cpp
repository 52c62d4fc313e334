// SPDX-License-Identifier: BSD-3-Clause
#include "cpu/isa_dispatch.hpp"

#include <atomic>

namespace llmcore {

namespace {

std::atomic<int> g_forced_simd{-1};

int detect_simd() {
#if LLMCORE_HAVE_ISA_DISPATCH
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw"))
        return 2;
    if (__builtin_cpu_supports("avx2")) return 1;
#endif
    return 0;
}

}  // namespace

int simd_level() {
    static const int detected = detect_simd();
    const int f = g_forced_simd.load();
    return f >= 0 && f <= detected ? f : detected;
}

void force_simd_level(int level) { g_forced_simd.store(level); }

}  // namespace llmcore
