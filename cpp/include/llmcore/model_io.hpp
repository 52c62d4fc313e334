// SPDX-License-Identifier: BSD-3-Clause
/// @file model_io.hpp
/// @brief X-macro machinery: one field list per model gives its In/Out structs, names and
///        the gather/scatter used by every driver (CPU loop, CUDA kernels, Monte Carlo).
#pragma once
#include <cstdint>

#include "llmcore/column.hpp"
#include "llmcore/config.hpp"
#include "llmcore/math.hpp"
#include "llmcore/status.hpp"

#define LLMCORE_IO_DECL(name) double name;
#define LLMCORE_IO_NAME(name) #name,
#define LLMCORE_IO_COUNT(name) +1
#define LLMCORE_IO_INDEX(name) o_##name,
#define LLMCORE_IO_LOAD(name) in.name = src[k++];
#define LLMCORE_IO_STORE(name) \
    dst[k++] = ((G >> o_##name) & 1ull) ? out.name : math::nan();
#define LLMCORE_IO_PDECL(name) const double* name;
#define LLMCORE_IO_QDECL(name) double* name;
#define LLMCORE_IO_FDECL(name) bool name;
#define LLMCORE_IO_PSET(name) p.name = src[k++];
#define LLMCORE_IO_QSET(name) q.name = dst[k]; f.name = flags[k++];
#define LLMCORE_IO_LOADAT(name) in.name = p.name[j];
#define LLMCORE_IO_STOREAT(name) \
    if ((G >> o_##name) & 1ull) q.name[j] = out.name;
#define LLMCORE_IO_SETNAN(name) \
    if ((mask >> o_##name) & 1ull) out.name = math::nan();
#define LLMCORE_IO_CHECK(name)                                                         \
    if ((G >> o_##name) & 1ull)                                                        \
        bad |= f.name & !math::isfinite(out.name) & !((exempt >> o_##name) & 1ull);

namespace llmcore {
/// Bit k of an output mask (a model's kOutputTiers, engine/output_tiers.hpp).
LLMCORE_HD constexpr unsigned long long out_bit(int k) { return 1ull << k; }
}  // namespace llmcore

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
    /* Output k's index as o_<name>, for masks of outputs (1ull << o_<name>). */       \
    enum OutIndex : int { OUTPUTS(LLMCORE_IO_INDEX) };                                 \
    static constexpr int n_outputs = 0 OUTPUTS(LLMCORE_IO_COUNT);                      \
    static_assert(n_outputs <= 64, "output masks (engine::OutMask) are 64-bit");       \
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
    /* G: the outputs to store (a compile-time mask, engine/output_tiers.hpp); the     \
       others are NaN in dst and not stored by store_at, so the compiler drops the work \
       only they need. */                                                              \
    template <unsigned long long G = ~0ull>                                            \
    LLMCORE_HD LLMCORE_INLINE static void store(const Out& out, double* dst) {         \
        int k = 0;                                                                     \
        OUTPUTS(LLMCORE_IO_STORE)                                                      \
        (void)k;                                                                       \
    }                                                                                  \
    /* The outputs in `mask` set to NaN: what a model's own flag leaves undefined    \
       (its kInconsistentOutputs, say; engine/status_rule.hpp). */                     \
    LLMCORE_HD LLMCORE_INLINE static void set_nan(Out& out, unsigned long long mask) { \
        OUTPUTS(LLMCORE_IO_SETNAN)                                                     \
    }                                                                                  \
    /* Per-field pointers: kept in registers by the compiler, so a scenario loop over  \
       them is affine in j and vectorises (an array of pointers would not). */         \
    struct InPtrs {                                                                    \
        INPUTS(LLMCORE_IO_PDECL)                                                       \
    };                                                                                 \
    struct OutPtrs {                                                                   \
        OUTPUTS(LLMCORE_IO_QDECL)                                                      \
    };                                                                                 \
    struct OutFlags {                                                                  \
        OUTPUTS(LLMCORE_IO_FDECL)                                                      \
    };                                                                                 \
    LLMCORE_HD LLMCORE_INLINE static void set_ptrs(InPtrs& p, const double* const* src) { \
        int k = 0;                                                                     \
        INPUTS(LLMCORE_IO_PSET)                                                        \
        (void)k;                                                                       \
    }                                                                                  \
    LLMCORE_HD LLMCORE_INLINE static void set_ptrs(OutPtrs& q, OutFlags& f,            \
                                                   double* const* dst, const bool* flags) { \
        int k = 0;                                                                     \
        OUTPUTS(LLMCORE_IO_QSET)                                                       \
        (void)k;                                                                       \
    }                                                                                  \
    LLMCORE_HD LLMCORE_INLINE static void load_at(In& in, const InPtrs& p, std::int64_t j) { \
        INPUTS(LLMCORE_IO_LOADAT)                                                      \
    }                                                                                  \
    /* Stores one scenario's outputs in G; returns true if a requested output outside  \
       `exempt` (bit k = output k, see engine::flagged_outputs) is not finite. Requested  \
       outputs must lie in G. */                                                       \
    template <unsigned long long G = ~0ull>                                            \
    LLMCORE_HD LLMCORE_INLINE static bool store_at(const Out& out, const OutPtrs& q,   \
                                                   const OutFlags& f, std::int64_t j,  \
                                                   unsigned long long exempt = 0) {    \
        OUTPUTS(LLMCORE_IO_STOREAT)                                                    \
        bool bad = false;                                                              \
        OUTPUTS(LLMCORE_IO_CHECK)                                                      \
        return bad;                                                                    \
    }
