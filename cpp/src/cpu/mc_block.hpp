// SPDX-License-Identifier: BSD-3-Clause
/// @file mc_block.hpp
/// @brief (private) One block of Monte Carlo scenarios on the CPU: draw the inputs, evaluate
///        the model. Shared by simulate, samples, refine and Sobol drivers. The per-scenario
///        pieces (draws, copula, model call, status rule) are the engine's (llmcore/engine).
///
/// Blocks are kMcBlock consecutive scenario indices; every per-block buffer lives on the
/// stack (L1/L2), so nothing per sample ever reaches memory. Loops are per input kind over
/// the block so that Philox and the transforms vectorise.
#pragma once
#include <algorithm>
#include <cstdint>

#include "cpu/isa_dispatch.hpp"
#include "cpu/philox_block.hpp"
#include "llmcore/dist/transform.hpp"
#include "llmcore/engine/mc_fold.hpp"
#include "llmcore/engine/mc_layout.hpp"
#include "llmcore/engine/sample.hpp"
#include "llmcore/engine/scenario.hpp"
#include "llmcore/engine/status_rule.hpp"
#include "llmcore/math.hpp"
#include "llmcore/status.hpp"

namespace llmcore {

/// Row stride (doubles) of a block's structure-of-arrays buffers (input k of scenario j at
/// x[k*kMcRow + j]): one cache line past the block. With a stride of exactly kMcBlock
/// (2 KiB) every row's j-th line falls in the same two L1 sets, and a model reading 29
/// input rows and writing 29 output rows thrashes them: the padded stride made the
/// training model's block loop 30% faster.
constexpr int kMcRow = kMcBlock + 8;

/// z[j] = Φ^{-1}(p[j]) for j < len, in place: the central rational form over the whole block
/// (vectorised), then the tail form (log, sqrt: ~5% of values) for the listed tail values
/// only. Same bits as dist::ninv.
LLMCORE_INLINE void ninv_block(double* LLMCORE_RESTRICT p, int len) {
    int tail[kMcBlock];
    int n_tail = 0;
    for (int j = 0; j < len; ++j) {  // branch-free list of the tail positions
        tail[n_tail] = j;
        n_tail += dist::ninv_in_tail(p[j]) ? 1 : 0;
    }
    double t[kMcBlock];
    for (int a = 0; a < n_tail; ++a) t[a] = p[tail[a]];
    for (int a = 0; a < n_tail; ++a) t[a] = dist::ninv_tails(t[a]);  // contiguous: vectorises
    for (int j = 0; j < len; ++j) p[j] = dist::ninv_central(p[j]);
    for (int a = 0; a < n_tail; ++a) p[tail[a]] = t[a];
}

/// Fills x[k*kMcRow + j] for scenarios i0 + j, j < len, stream 0 (simulate, Sobol A) or
/// 1 (Sobol B): engine::sample_scenario's steps, each as a loop over the block.
LLMCORE_INLINE void sample_block(const McSpec& s, std::uint32_t stream, std::int64_t i0, int len,
                         double* x) {
    const int level = simd_level();
    for (int k = 0; k < s.n_in; ++k) {
        const dist::DistSpec& d = s.d[k];
        double* xk = x + k * kMcRow;
        const int owner = engine::slot_owner(s.d, k);
        if (d.kind == dist::kConst)
            std::fill_n(xk, len, d.p[0]);
        else if (owner < k)  // a catalog-row draw: the same counters, so the same uniforms
            std::copy_n(x + owner * kMcRow, len, xk);
        else if (d.sobol != nullptr) {  // integer work and exact conversions: same bits
            const std::uint64_t* v = d.sobol + stream * rng::kSobolStride;
            for (int j = 0; j < len; ++j)
                xk[j] = rng::sobol_uniform(v, static_cast<std::uint64_t>(i0 + j));
        } else
            rng::uniform_block(level, static_cast<std::uint64_t>(i0), len, d.slot, stream, s.k0,
                               s.k1, xk);
    }
    if (s.n_corr > 0)
        for (int j = 0; j < len; ++j) engine::copula(s.n_corr, s.corr, s.chol, x + j, kMcRow);
    for (int k = 0; k < s.n_in; ++k) {
        // A local copy: the compiler then knows the parameters do not alias the output row,
        // and hoists them out of the (vectorised) loops.
        const dist::DistSpec d = s.d[k];
        double* LLMCORE_RESTRICT xk = x + k * kMcRow;
        switch (d.kind) {
            case dist::kUniform:
                for (int j = 0; j < len; ++j) xk[j] = dist::t_uniform(d, xk[j]);
                break;
            case dist::kLogUniform:
                for (int j = 0; j < len; ++j) xk[j] = dist::t_loguniform(d, xk[j]);
                break;
            case dist::kNormal:
                for (int j = 0; j < len; ++j) xk[j] = dist::normal_u(d, xk[j]);
                ninv_block(xk, len);
                for (int j = 0; j < len; ++j) xk[j] = dist::normal_of_z(d, xk[j]);
                break;
            case dist::kLogNormal:
                ninv_block(xk, len);
                for (int j = 0; j < len; ++j) xk[j] = dist::lognormal_of_z(d, xk[j]);
                break;
            case dist::kTriangular:
                for (int j = 0; j < len; ++j) xk[j] = dist::t_triangular(d, xk[j]);
                break;
            case dist::kTable:
                for (int j = 0; j < len; ++j) xk[j] = dist::t_table(d, xk[j]);
                break;
            case dist::kDiscrete:
                if (d.n <= 16) {
                    // Same index as t_discrete's search (first k with u < cdf[k]) as a count of
                    // cdf entries <= u: branch-free, vectorises over the block.
                    int idx[kMcBlock];
                    for (int j = 0; j < len; ++j) idx[j] = 0;
                    for (int m = 0; m < d.n - 1; ++m) {
                        const double c = d.cdf[m];
                        for (int j = 0; j < len; ++j) idx[j] += xk[j] >= c ? 1 : 0;
                    }
                    for (int j = 0; j < len; ++j) xk[j] = d.table[idx[j]];
                } else {
                    for (int j = 0; j < len; ++j) xk[j] = dist::t_discrete(d, xk[j]);
                }
                break;
            case dist::kPiecewise:
                for (int j = 0; j < len; ++j) xk[j] = dist::t_piecewise(d, xk[j]);
                break;
            default:
                break;
        }
    }
}

/// y[o*kMcRow + j] = model outputs of x's scenario j; entries len.. are set to NaN, and
/// so are the outputs outside G (engine/output_tiers.hpp). st[j] = the model's own status
/// bits (engine::finish_block applies the status rule).
template <class M, engine::OutMask G = ~0ull>
LLMCORE_INLINE void run_block(const double* x, int len, double* y, Status* st) {
#pragma GCC ivdep
    for (int j = 0; j < len; ++j)
        st[j] = engine::run_model<M, G>(x + j, kMcRow, y + j, kMcRow);
    for (int k = 0; k < M::n_outputs; ++k)
        std::fill(y + k * kMcRow + len, y + k * kMcRow + kMcBlock, math::nan());
}

/// st[j] = engine::finish_status(st[j], a requested output of y's n_out is not finite and
/// not exempt(k, j) (one the scenario's own flags answer for, engine::flagged_outputs),
/// scenario j lacks an input). Applied once per requested output (the rule composes:
/// finishing with a then b equals finishing with a || b), each pass over the block, so that
/// the loops vectorise. `absent` (McSpec::absent, may be null): x's absent-able inputs of
/// its n_in; scenario j lacks an input where one of them is NaN (engine::missing_input,
/// here as a loop per input over the block).
template <class Exempt>
LLMCORE_INLINE void finish_block(const double* x, int n_in, const std::uint8_t* absent,
                                 const double* y, int n_out, const bool* req_mask, int len,
                                 Status* st, const Exempt& exempt) {
    if (absent == nullptr) {
        for (int k = 0; k < n_out; ++k) {
            if (!req_mask[k]) continue;
            const double* yk = y + k * kMcRow;
            for (int j = 0; j < len; ++j)  // & not &&: no branch, the loop vectorises
                st[j] = engine::finish_status(st[j], !math::isfinite(yk[j]) & !exempt(k, j));
        }
        return;
    }
    int miss[kMcBlock];
    for (int j = 0; j < len; ++j) miss[j] = 0;
    for (int k = 0; k < n_in; ++k) {
        if (!absent[k]) continue;
        const double* xk = x + k * kMcRow;
        for (int j = 0; j < len; ++j) miss[j] |= math::isnan(xk[j]) ? 1 : 0;
    }
    for (int k = 0; k < n_out; ++k) {
        if (!req_mask[k]) continue;
        const double* yk = y + k * kMcRow;
        for (int j = 0; j < len; ++j)
            st[j] = engine::finish_status(st[j], !math::isfinite(yk[j]) & !exempt(k, j),
                                          miss[j] != 0);
    }
}

}  // namespace llmcore
