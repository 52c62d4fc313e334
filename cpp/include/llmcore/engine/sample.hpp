// SPDX-License-Identifier: BSD-3-Clause
/// @file sample.hpp
/// @brief One scenario's sampled inputs: Philox draws per slot, the Gaussian copula, the
///        inverse-CDF transforms. The CUDA kernels and the host engine run sample_scenario;
///        the CPU block sampler (cpu/mc_block.hpp) runs the same steps over a block, with
///        draw/slot_owner/copula from here and the per-kind transforms of dist/transform.hpp.
#pragma once
#include <cstdint>

#include "llmcore/config.hpp"
#include "llmcore/dist/normal.hpp"
#include "llmcore/dist/transform.hpp"
#include "llmcore/engine/mc_layout.hpp"
#include "llmcore/rng/philox.hpp"
#include "llmcore/rng/sobol.hpp"

namespace llmcore::engine {

/// Input d's uniform for scenario i (its constant for kConst). The counter is (i, slot,
/// stream): inputs of one catalog-row draw carry the same slot and so draw the same uniform.
/// With sampler="sobol" (d.sobol set) the uniform is coordinate (slot, stream) of the
/// scrambled Sobol' point i instead (rng/sobol.hpp): again a function of (seed, i, slot,
/// stream) only, and shared by the inputs of a catalog-row draw.
LLMCORE_HD LLMCORE_INLINE double draw(const dist::DistSpec& d, std::uint64_t i,
                                      std::uint32_t stream, std::uint32_t k0, std::uint32_t k1) {
    if (d.kind == dist::kConst) return d.p[0];
    if (d.sobol != nullptr) return rng::sobol_uniform(d.sobol + stream * rng::kSobolStride, i);
    return rng::uniform_at(i, d.slot, stream, k0, k1);
}

/// The first sampled input before k with k's slot (whose uniforms k may copy instead of
/// drawing them again: same counter, same words), or k itself.
LLMCORE_HD LLMCORE_INLINE int slot_owner(const dist::DistSpec* d, int k) {
    if (d[k].kind == dist::kConst) return k;
    for (int k2 = 0; k2 < k; ++k2)
        if (d[k2].kind != dist::kConst && d[k2].slot == d[k].slot) return k2;
    return k;
}

/// Gaussian copula on one scenario's uniforms, input k at x[k*stride]: z = Φ^-1(u),
/// z' = L z, u' = Φ(z'). Rank correlation between the inputs, each keeping its marginal.
LLMCORE_HD LLMCORE_INLINE void copula(int n_corr, const int* corr, const double* chol,
                                      double* x, std::int64_t stride) {
    double z[kMaxCorr];
    for (int a = 0; a < n_corr; ++a) z[a] = dist::ninv(x[corr[a] * stride]);
    for (int a = n_corr - 1; a >= 0; --a) {
        double v = 0.0;
        for (int b = 0; b <= a; ++b) v += chol[a * n_corr + b] * z[b];
        x[corr[a] * stride] = dist::ncdf(v);
    }
}

/// Scenario i's n_in inputs, stream 0 (simulate, Sobol A) or 1 (Sobol B). S is a study
/// with d[], k0, k1, n_corr, corr, chol (McSpec on the host, the kernels' DevSpec). Slots
/// shared by a catalog-row draw are drawn again rather than looked up: the same counter
/// gives the same uniform, and a device thread saves the search. The loops stay rolled:
/// x is indexed at run time by the copula anyway, the kind switch is uniform across a warp,
/// and unrolling Philox + every inverse CDF per input made nvcc 4x slower.
template <class S>
LLMCORE_HD LLMCORE_INLINE void sample_scenario(const S& s, int n_in, std::uint32_t stream,
                                               std::uint64_t i, double* x) {
    LLMCORE_ROLLED
    for (int k = 0; k < n_in; ++k) x[k] = draw(s.d[k], i, stream, s.k0, s.k1);
    if (s.n_corr > 0) copula(s.n_corr, s.corr, s.chol, x, 1);
    LLMCORE_ROLLED
    for (int k = 0; k < n_in; ++k) x[k] = dist::transform(s.d[k], x[k]);
}

}  // namespace llmcore::engine
