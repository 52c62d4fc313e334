// SPDX-License-Identifier: BSD-3-Clause
/// @file clones.hpp
/// @brief Runtime ISA dispatch in one binary (DESIGN.md §4.7).
#pragma once

// gcc clones the marked hot loops for AVX-512, AVX2 and baseline x86-64 and picks one at load
// time (ifunc). Results do not depend on the clone: no FMA contraction (-ffp-contract=off)
// and every remaining operation is correctly rounded at any vector width.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__)
#define LLMCORE_CLONES \
    __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define LLMCORE_CLONES
#endif
