// SPDX-License-Identifier: BSD-3-Clause
/// @file mc_block.hpp
/// @brief (private) One block of Monte Carlo scenarios on the CPU: draw the inputs, evaluate
///        the model. Shared by simulate, samples, refine and Sobol drivers.
///
/// Blocks are kMcBlock consecutive scenario indices; every per-block buffer lives on the
/// stack (L1/L2), so nothing per sample ever reaches memory. Loops are per input kind over
/// the block so that Philox and the transforms vectorise.
#pragma once
#include <algorithm>
#include <cstdint>

#include "llmcore/dist/transform.hpp"
#include "llmcore/math.hpp"
#include "llmcore/rng/philox.hpp"
#include "llmcore/status.hpp"
#include "cpu/isa_dispatch.hpp"
#include "cpu/philox_block.hpp"
#include "mc_types.hpp"

namespace llmcore {

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

/// Fills x[k*kMcBlock + j] for scenarios i0 + j, j < len, stream 0 (simulate, Sobol A) or
/// 1 (Sobol B).
LLMCORE_INLINE void sample_block(const McSpec& s, std::uint32_t stream, std::int64_t i0, int len,
                         double* x) {
    const int level = simd_level();
    for (int k = 0; k < s.n_in; ++k) {
        const dist::DistSpec& d = s.d[k];
        double* xk = x + k * kMcBlock;
        if (d.kind == dist::kConst) {
            std::fill_n(xk, len, d.p[0]);
            continue;
        }
        const std::uint32_t slot = d.slot, k0 = s.k0, k1 = s.k1;
        int same = -1;  // inputs of one catalog-row draw share a slot: draw it once
        for (int k2 = 0; k2 < k && same < 0; ++k2)
            if (s.d[k2].kind != dist::kConst && s.d[k2].slot == slot) same = k2;
        if (same >= 0) {
            std::copy_n(x + same * kMcBlock, len, xk);
            continue;
        }
        rng::uniform_block(level, static_cast<std::uint64_t>(i0), len, slot, stream, k0, k1, xk);
    }
    if (s.n_corr > 0) {
        // Gaussian copula: z = Φ^-1(u), z' = L z, u' = Φ(z'): rank correlation between the
        // inputs, each keeping its own marginal.
        constexpr int kMax = 64;
        for (int j = 0; j < len; ++j) {
            double z[kMax];
            for (int a = 0; a < s.n_corr; ++a) z[a] = dist::ninv(x[s.corr[a] * kMcBlock + j]);
            for (int a = s.n_corr - 1; a >= 0; --a) {
                double v = 0.0;
                for (int b = 0; b <= a; ++b) v += s.chol[a * s.n_corr + b] * z[b];
                x[s.corr[a] * kMcBlock + j] = dist::ncdf(v);
            }
        }
    }
    for (int k = 0; k < s.n_in; ++k) {
        // A local copy: the compiler then knows the parameters do not alias the output row,
        // and hoists them out of the (vectorised) loops.
        const dist::DistSpec d = s.d[k];
        double* LLMCORE_RESTRICT xk = x + k * kMcBlock;
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
            default:
                break;
        }
    }
}

/// y[o*kMcBlock + j] = model outputs of x's scenario j; entries len.. are set to NaN.
/// st[j] = status bits, with kNonFinite when a requested output (req_mask) is not finite.
template <class M>
LLMCORE_INLINE void eval_block(const double* x, int len, const bool* req_mask, double* y, Status* st) {
#pragma GCC ivdep
    for (int j = 0; j < len; ++j) {
        double xi[M::n_inputs], yo[M::n_outputs];
        // Fully unrolled (GCC peels at most 16 iterations by itself): the j loop then
        // vectorises with contiguous loads and stores per field.
#pragma GCC unroll 64
        for (int k = 0; k < M::n_inputs; ++k) xi[k] = x[k * kMcBlock + j];
        typename M::In in;
        typename M::Out o;
        Status s = kOk;
        M::load(in, xi);
        M::evaluate(in, o, s);
        M::store(o, yo);
#pragma GCC unroll 64
        for (int k = 0; k < M::n_outputs; ++k) y[k * kMcBlock + j] = yo[k];
        st[j] = s;
    }
    // Separate pass (per output, over the block) so that both loops vectorise.
    for (int k = 0; k < M::n_outputs; ++k) {
        if (!req_mask[k]) continue;
        const double* yk = y + k * kMcBlock;
        for (int j = 0; j < len; ++j) st[j] |= math::isfinite(yk[j]) ? kOk : kNonFinite;
    }
    for (int k = 0; k < M::n_outputs; ++k)
        std::fill(y + k * kMcBlock + len, y + (k + 1) * kMcBlock, math::nan());
}

}  // namespace llmcore
