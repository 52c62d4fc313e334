// SPDX-License-Identifier: BSD-3-Clause
#include "cpu/evaluate_cpu.hpp"

#include <algorithm>
#include <cstdint>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <array>
#include <mutex>

#include "cpu/isa_dispatch.hpp"
#include "cpu/parallel.hpp"
#include "dispatch.hpp"
#include "llmcore/engine/output_tiers.hpp"
#include "llmcore/engine/scenario.hpp"
#include "llmcore/math.hpp"

namespace llmcore {
namespace {

constexpr int kBlock = 256;

// Outputs larger than the caches are written with non-temporal stores: the block is
// computed into L1 scratch and streamed out, which skips the read-for-ownership of every
// output cache line (a third of the memory traffic when outputs dominate).
inline void stream_copy(double* dst, const double* src, int len) {
    int j = 0;
#if defined(__SSE2__)
    if ((reinterpret_cast<std::uintptr_t>(dst) & 15) == 0)
        for (; j + 2 <= len; j += 2) _mm_stream_pd(dst + j, _mm_load_pd(src + j));
#endif
    for (; j < len; ++j) dst[j] = src[j];
}

// Scalars are expanded into a small per-thread buffer and unrequested outputs go to a
// scratch buffer, so the inner loop sees only unit-stride pointers and vectorises. The block
// loop runs compiled for SIMD `level` (cpu/isa_dispatch.hpp), as the Monte Carlo loops do.
// Absent-able inputs (bit k of `absent`) take a second path, chosen once per call: their
// NaNs mark scenarios that lack the input (engine::missing_input, computed per block) and
// pass the fused range check. Without any, the scenario loop is the plain one. G: the
// outputs computed (engine/output_tiers.hpp), every requested one among them.
template <class M, engine::OutMask G>
bool eval_range(const Column* cols, const Range* ranges, engine::AbsentMask absent,
                double* const* outs, Status* status, std::int64_t b, std::int64_t e,
                std::int64_t* counts, bool stream, int level) {
    // Rows one cache line longer than the block: with rows of exactly 2 KiB, every row's
    // j-th line falls in the same two L1 sets (cpu/mc_block.hpp, kMcRow).
    alignas(64) double bcast[M::n_inputs][kBlock + 8];
    alignas(64) double scratch[M::n_outputs][kBlock + 8];
    for (int k = 0; k < M::n_inputs; ++k)
        if (cols[k].stride == 0) std::fill_n(bcast[k], kBlock, cols[k].ptr[0]);
    std::array<std::int64_t, kNumStatusBits> local{};
    // Array inputs are range-checked block by block, after the block is computed (scalars
    // once by the caller).
    double lo[M::n_inputs], hi[M::n_inputs];
    int skip[M::n_inputs];
    bool invalid = false;
    for (int k = 0; k < M::n_inputs; ++k) {
        skip[k] = !ranges || cols[k].stride == 0 || (ranges[k].flags & kSkip);
        lo[k] = -HUGE_VAL;
        hi[k] = HUGE_VAL;
        if (!skip[k]) closed_bounds(ranges[k], lo[k], hi[k]);
    }
    // The absent-able inputs; those still to check (array, range given) leave the plain
    // scan for the per-input loop below, which accepts their NaNs where the range has
    // kAbsentOk.
    int abs_k[M::n_inputs], abs_check[M::n_inputs], abs_nan_ok[M::n_inputs];
    int n_abs = 0;
    for (int k = 0; k < M::n_inputs; ++k) {
        if (!((absent >> k) & 1ull)) continue;
        abs_check[n_abs] = !skip[k];
        abs_nan_ok[n_abs] = ranges && (ranges[k].flags & kAbsentOk);
        abs_k[n_abs++] = k;
        skip[k] = 1;
    }
    // The array inputs left to range-check, each scanned on its own: a unit-stride loop per
    // column vectorises, and the scalars (checked once by the caller) cost nothing per block.
    int chk[M::n_inputs];
    int n_chk = 0;
    for (int k = 0; k < M::n_inputs; ++k)
        if (!skip[k]) chk[n_chk++] = k;
    auto body = [&](std::int64_t blk) LLMCORE_BODY {
        const std::int64_t s = b + blk * kBlock;
        const int len = static_cast<int>(std::min<std::int64_t>(kBlock, e - s));
        const double* p[M::n_inputs];
        double* q[M::n_outputs];
        bool requested[M::n_outputs];
        for (int k = 0; k < M::n_inputs; ++k)
            p[k] = cols[k].stride ? cols[k].ptr + s : bcast[k];
        for (int k = 0; k < M::n_outputs; ++k) {
            requested[k] = outs[k] != nullptr;
            q[k] = requested[k] && !stream ? outs[k] + s : scratch[k];
        }
        typename M::InPtrs P;
        typename M::OutPtrs Q;
        typename M::OutFlags F;
        M::set_ptrs(P, p);
        M::set_ptrs(Q, F, q, requested);
        Status st_block[kBlock];
        if (n_abs == 0) {
#pragma GCC ivdep
            for (int j = 0; j < len; ++j) st_block[j] = engine::eval_at<M, G>(P, Q, F, j);
        } else {
            int miss[kBlock];
            for (int j = 0; j < len; ++j) miss[j] = 0;
            for (int a = 0; a < n_abs; ++a) {
                const double* pk = p[abs_k[a]];
                const double l = lo[abs_k[a]], h = hi[abs_k[a]];
                const int check = abs_check[a], nan_ok = abs_nan_ok[a];
                int bad = 0;
                for (int j = 0; j < len; ++j) {
                    const double v = pk[j];
                    const int nan = v != v;
                    miss[j] |= nan;
                    bad |= check & !(((v >= l) & (v <= h) & (v - v == 0.0)) | (nan & nan_ok));
                }
                invalid |= bad != 0;
            }
#pragma GCC ivdep
            for (int j = 0; j < len; ++j)
                st_block[j] = engine::eval_at<M, G>(P, Q, F, j, miss[j] != 0);
        }
        // The range check runs after the block is computed, over inputs now in L1: the
        // compute loop's own loads then stream them from memory, overlapped with its
        // arithmetic, where a check pass first would wait for memory with nothing to do.
        // Values from an invalid block are discarded with the call's error (out= holds
        // unspecified values then, as documented).
        if (ranges) {
            int bad = 0;  // int, not bool: gcc vectorises int but not bool OR-reductions
            for (int c = 0; c < n_chk; ++c) {
                const double* pk = p[chk[c]];
                const double l = lo[chk[c]], h = hi[chk[c]];
                for (int j = 0; j < len; ++j) {
                    const double v = pk[j];
                    bad |= !((v >= l) & (v <= h) & (v - v == 0.0));
                }
            }
            invalid |= bad != 0;
        }
        if (stream)
            for (int k = 0; k < M::n_outputs; ++k)
                if (requested[k]) stream_copy(outs[k] + s, scratch[k], len);
        for (int j = 0; j < len; ++j)
            for (int bit = 0; bit < kNumStatusBits; ++bit) local[bit] += (st_block[j] >> bit) & 1u;
        if (status) std::copy_n(st_block, len, status + s);
    };
    isa::run_blocks(level, body, 0, (e - b + kBlock - 1) / kBlock);
#if defined(__SSE2__)
    if (stream) _mm_sfence();  // streamed stores visible before the caller reads them
#endif
    for (int bit = 0; bit < kNumStatusBits; ++bit) counts[bit] += local[bit];
    return !invalid;
}

}  // namespace

bool evaluate_cpu(int model_id, const Column* in, const Range* ranges, double* const* outs,
                  Status* status, std::int64_t n, int threads, std::int64_t grain,
                  std::int64_t counts[kNumStatusBits], engine::AbsentMask absent) {
    if (ranges) {  // broadcast scalars are checked once, not per block
        for (int k = 0; k < n_inputs_of(model_id); ++k) {
            if ((ranges[k].flags & kAbsentOk) && !(ranges[k].flags & kSkip)) absent |= 1ull << k;
            if (in[k].stride == 0 && !(ranges[k].flags & kSkip) && !in_range(in[k].ptr[0], ranges[k]))
                return false;
        }
    }
    // Stream when the outputs cannot stay in cache anyway (well past a typical LLC).
    int n_out = 0;
    dispatch_model(model_id, [&](auto m) {
        for (int k = 0; k < decltype(m)::n_outputs; ++k) n_out += outs[k] != nullptr;
    });
    const bool stream = n * n_out * static_cast<std::int64_t>(sizeof(double)) > (64 << 20);
    const int level = simd_level();
    std::mutex mu;
    bool ok = true;
    dispatch_model(model_id, [&](auto m) {
        using M = decltype(m);
        engine::OutMask requested = 0;
        for (int k = 0; k < M::n_outputs; ++k)
            if (outs[k] != nullptr) requested |= 1ull << k;
        engine::with_output_tier<M>(requested, [&](auto tier) {
            parallel_for(n, threads, grain, [&](int, std::int64_t b, std::int64_t e) {
                std::int64_t part[kNumStatusBits] = {};
                const bool part_ok = eval_range<M, decltype(tier)::value>(
                    in, ranges, absent, outs, status, b, e, part, stream, level);
                std::lock_guard<std::mutex> lock(mu);
                ok = ok && part_ok;
                for (int bit = 0; bit < kNumStatusBits; ++bit) counts[bit] += part[bit];
            });
        });
    });
    return ok;
}

}  // namespace llmcore
