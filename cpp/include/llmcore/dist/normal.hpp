// SPDX-License-Identifier: BSD-3-Clause
/// @file normal.hpp
/// @brief Standard normal quantile (Acklam 2003) and CDF, host/device.
///
/// Acklam's rational approximation: |relative error| < 1.15e-9 over (0, 1), far below the
/// Monte Carlo error of any run that fits in a computer, and built from + − × ÷, sqrt and
/// xmath::log only, so it vectorises and is bit-identical across machines. The CDF (used by
/// the Gaussian copula only) is 0.5·erfc(-z/√2) from the C/CUDA math library.
#pragma once
#include <cmath>

#include "llmcore/config.hpp"
#include "llmcore/dist/xmath.hpp"

namespace llmcore::dist {

LLMCORE_HD LLMCORE_INLINE double ninv_tail(double p) {  // lower tail, p < 0.02425
    const double q = ::sqrt(-2.0 * xmath::log(p));
    return (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) *
                  q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00) /
           ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q +
             3.754408661907416e+00) * q + 1.0);
}

/// Lower-tail threshold of Acklam's split: |p - 0.5| below it uses the central form.
constexpr double kNinvLow = 0.02425;

/// The central rational form of Φ^{-1}(p) (used where min(p, 1-p) >= kNinvLow).
LLMCORE_HD LLMCORE_INLINE double ninv_central(double p) {
    const double q = p - 0.5;
    const double r = q * q;
    return (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r +
              1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q /
           (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r +
              6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1.0);
}

/// Whether p falls in either tail (min(p, 1-p) < kNinvLow).
LLMCORE_HD LLMCORE_INLINE bool ninv_in_tail(double p) {
    const double pt = p < 0.5 ? p : 1.0 - p;  // exact for p >= 0.5 (Sterbenz)
    return pt < kNinvLow;
}

/// Φ^{-1}(p) in the tails: ±ninv_tail(min(p, 1-p)).
LLMCORE_HD LLMCORE_INLINE double ninv_tails(double p) {
    const double pt = p < 0.5 ? p : 1.0 - p;
    const double t = ninv_tail(pt < kNinvLow ? pt : kNinvLow);
    return p < 0.5 ? t : -t;
}

/// Φ^{-1}(p) for p in (0, 1).
LLMCORE_HD LLMCORE_INLINE double ninv(double p) {
    const double central = ninv_central(p);
    const double tail = ninv_tails(p);
    return ninv_in_tail(p) ? tail : central;
}

/// Φ(z), clamped into the open interval (0, 1) so that it can feed ninv again.
LLMCORE_HD LLMCORE_INLINE double ncdf(double z) {
    const double u = 0.5 * ::erfc(-z * 0.70710678118654752440);
    const double lo = 1.1102230246251565e-16, hi = 1.0 - 1.1102230246251565e-16;
    return u < lo ? lo : (u > hi ? hi : u);
}

}  // namespace llmcore::dist
