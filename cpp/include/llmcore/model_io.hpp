// SPDX-License-Identifier: BSD-3-Clause
/// @file model_io.hpp
/// @brief X-macro machinery: one field list per model gives its In/Out structs, names and
///        the gather/scatter used by every driver (CPU loop, CUDA kernels, Monte Carlo).
#pragma once
#include <cstdint>

#include "llmcore/column.hpp"
#include "llmcore/config.hpp"
#include "llmcore/status.hpp"

#define LLMCORE_IO_DECL(name) double name;
#define LLMCORE_IO_NAME(name) #name,
#define LLMCORE_IO_COUNT(name) +1
#define LLMCORE_IO_LOAD(name) in.name = src[k++];
#define LLMCORE_IO_STORE(name) dst[k++] = out.name;

// Inside a model struct: declares In, Out, counts, names, and array<->struct copies.
// Field order here is the ABI between Python metadata and C++ (checked by
// tests/test_models_consistency.py).
#define LLMCORE_MODEL_IO(NAME, INPUTS, OUTPUTS)                                        \
    static constexpr const char* name = #NAME;                                         \
    struct In {                                                                        \
        INPUTS(LLMCORE_IO_DECL)                                                        \
    };                                                                                 \
    struct Out {                                                                       \
        OUTPUTS(LLMCORE_IO_DECL)                                                       \
    };                                                                                 \
    static constexpr int n_inputs = 0 INPUTS(LLMCORE_IO_COUNT);                        \
    static constexpr int n_outputs = 0 OUTPUTS(LLMCORE_IO_COUNT);                      \
    static const char* const* input_names() {                                         \
        static const char* const names[] = {INPUTS(LLMCORE_IO_NAME)};                  \
        return names;                                                                  \
    }                                                                                  \
    static const char* const* output_names() {                                        \
        static const char* const names[] = {OUTPUTS(LLMCORE_IO_NAME)};                 \
        return names;                                                                  \
    }                                                                                  \
    LLMCORE_HD LLMCORE_INLINE static void load(In& in, const double* src) {            \
        int k = 0;                                                                     \
        INPUTS(LLMCORE_IO_LOAD)                                                        \
        (void)k;                                                                       \
    }                                                                                  \
    LLMCORE_HD LLMCORE_INLINE static void store(const Out& out, double* dst) {         \
        int k = 0;                                                                     \
        OUTPUTS(LLMCORE_IO_STORE)                                                      \
        (void)k;                                                                       \
    }
