// SPDX-License-Identifier: BSD-3-Clause
/// @file transform.hpp
/// @brief Inverse-CDF transforms: a uniform u in (0,1) -> one input's value.
///
/// Every kind is an inverse CDF (monotone in u), so the Gaussian copula can correlate any of
/// them. Parameters are precomputed in Python (python/llmcore/dist.py) so the hot loop has
/// no logs of constants and no validation: see DistSpec for each kind's parameter layout.
#pragma once
#include <cstdint>

#include "llmcore/config.hpp"
#include "llmcore/dist/normal.hpp"
#include "llmcore/dist/xmath.hpp"

namespace llmcore::dist {

/// Kind codes; mirrored by python/llmcore/dist.py (KIND_CODES).
enum Kind : int {
    kConst = 0,       // p0 = value
    kUniform = 1,     // p0 = lo, p1 = hi - lo
    kLogUniform = 2,  // p0 = log lo, p1 = log hi - log lo
    kNormal = 3,      // p0 = mean, p1 = sd, p2 = Φ(a'), p3 = Φ(b') - Φ(a'), p4 = a, p5 = b
    kLogNormal = 4,   // p0 = mu, p1 = sigma
    kTriangular = 5,  // p0 = lo, p1 = mode, p2 = hi, p3 = (mode-lo)/(hi-lo)
    kTable = 6,       // quantile function tabulated at u = k/(n-1), linear in between
    kDiscrete = 7,    // value table[k] where k = first index with u < cdf[k]
    kPiecewise = 8,   // quantile function linear between knots (cdf[k], table[k]), any spacing
};

struct DistSpec {
    int kind;
    std::uint32_t slot;  // Philox counter word 2: which input's stream (rows share one)
    double p[6];
    const double* table;  // kTable: n quantiles; kDiscrete: n values; kPiecewise: n knots
    const double* cdf;    // kDiscrete, kPiecewise: n cumulative probabilities, last = 1
    int n;
    // sampler="sobol": rng::kSobolWords words (per stream: direction numbers, scramble
    // seed; rng/sobol.hpp) that replace the Philox draw; nullptr: Philox.
    const std::uint64_t* sobol = nullptr;
};

// One function per kind: the CPU driver calls them in per-kind loops (which vectorise),
// transform() dispatches for scalar and device code.
LLMCORE_HD LLMCORE_INLINE double t_uniform(const DistSpec& d, double u) { return d.p[0] + d.p[1] * u; }
LLMCORE_HD LLMCORE_INLINE double t_loguniform(const DistSpec& d, double u) {
    return xmath::exp(d.p[0] + d.p[1] * u);
}
/// t_normal and t_lognormal as functions of z = Φ^{-1}(...) (the CPU block computes z in
/// two passes: the central form vectorised, the few tail values apart).
LLMCORE_HD LLMCORE_INLINE double normal_u(const DistSpec& d, double u) { return d.p[2] + d.p[3] * u; }
LLMCORE_HD LLMCORE_INLINE double normal_of_z(const DistSpec& d, double z) {
    const double x = d.p[0] + d.p[1] * z;
    return x < d.p[4] ? d.p[4] : (x > d.p[5] ? d.p[5] : x);  // truncation bounds
}
LLMCORE_HD LLMCORE_INLINE double lognormal_of_z(const DistSpec& d, double z) {
    return xmath::exp(d.p[0] + d.p[1] * z);
}
LLMCORE_HD LLMCORE_INLINE double t_normal(const DistSpec& d, double u) {
    return normal_of_z(d, ninv(normal_u(d, u)));
}
LLMCORE_HD LLMCORE_INLINE double t_lognormal(const DistSpec& d, double u) {
    return lognormal_of_z(d, ninv(u));
}
LLMCORE_HD LLMCORE_INLINE double t_triangular(const DistSpec& d, double u) {
    // lo + sqrt(u (hi-lo)(mode-lo)) below the mode's quantile p3, else
    // hi - sqrt((1-u)(hi-lo)(hi-mode)): one sqrt of the selected argument.
    const double lo = d.p[0], mode = d.p[1], hi = d.p[2];
    const bool left = u < d.p[3];
    const double s = ::sqrt(left ? u * (hi - lo) * (mode - lo) : (1.0 - u) * (hi - lo) * (hi - mode));
    return left ? lo + s : hi - s;
}
LLMCORE_HD LLMCORE_INLINE double t_table(const DistSpec& d, double u) {
    const double t = u * (d.n - 1);
    int k = static_cast<int>(t);
    k = k > d.n - 2 ? d.n - 2 : k;
    return d.table[k] + (t - k) * (d.table[k + 1] - d.table[k]);
}
LLMCORE_HD LLMCORE_INLINE double t_discrete(const DistSpec& d, double u) {
    int lo = 0, hi = d.n - 1;
    while (lo < hi) {
        const int mid = (lo + hi) / 2;
        if (u < d.cdf[mid]) hi = mid; else lo = mid + 1;
    }
    return d.table[lo];
}

/// kPiecewise: cdf[0] = 0 <= ... <= cdf[n-1] = 1, table ascending. k = the first knot with
/// u < cdf[k], so cdf[k-1] <= u < cdf[k] and the slope's denominator is never 0; equal cdf
/// values (a gap, e.g. an empty histogram bin) are jumped over, never interpolated across.
LLMCORE_HD LLMCORE_INLINE double t_piecewise(const DistSpec& d, double u) {
    int lo = 1, hi = d.n - 1;
    while (lo < hi) {
        const int mid = (lo + hi) / 2;
        if (u < d.cdf[mid]) hi = mid; else lo = mid + 1;
    }
    const double c0 = d.cdf[lo - 1], x0 = d.table[lo - 1];
    return x0 + (u - c0) / (d.cdf[lo] - c0) * (d.table[lo] - x0);
}

LLMCORE_HD LLMCORE_INLINE double transform(const DistSpec& d, double u) {
    switch (d.kind) {
        case kUniform: return t_uniform(d, u);
        case kLogUniform: return t_loguniform(d, u);
        case kNormal: return t_normal(d, u);
        case kLogNormal: return t_lognormal(d, u);
        case kTriangular: return t_triangular(d, u);
        case kTable: return t_table(d, u);
        case kDiscrete: return t_discrete(d, u);
        case kPiecewise: return t_piecewise(d, u);
        default: return d.p[0];
    }
}

}  // namespace llmcore::dist
