// SPDX-License-Identifier: BSD-3-Clause
/// @file math.hpp
/// @brief Host/device wrappers for the few math functions the models use.
#pragma once
#include <cmath>

#include "llmcore/config.hpp"

namespace llmcore::math {

// Under nvcc the CUDA math library provides these overloads for device code; on the
// host they resolve to <cmath>. One spelling keeps the model headers free of #ifdefs.
LLMCORE_HD LLMCORE_INLINE double ceil(double x) { return ::ceil(x); }
LLMCORE_HD LLMCORE_INLINE double floor(double x) { return ::floor(x); }
LLMCORE_HD LLMCORE_INLINE double pow(double x, double y) { return ::pow(x, y); }
LLMCORE_HD LLMCORE_INLINE double exp(double x) { return ::exp(x); }
LLMCORE_HD LLMCORE_INLINE double expm1(double x) { return ::expm1(x); }
LLMCORE_HD LLMCORE_INLINE double log(double x) { return ::log(x); }
LLMCORE_HD LLMCORE_INLINE double sqrt(double x) { return ::sqrt(x); }
LLMCORE_HD LLMCORE_INLINE double fabs(double x) { return x < 0.0 ? -x : x; }
LLMCORE_HD LLMCORE_INLINE double fmod(double x, double y) { return ::fmod(x, y); }
// NaN in, NaN out, as numpy's maximum/minimum (the reference's): std::fmax would drop a NaN
// term (a failed sub-result) and return the other one as if it were the answer.
LLMCORE_HD LLMCORE_INLINE double fmax(double a, double b) { return (a > b || a != a) ? a : b; }
LLMCORE_HD LLMCORE_INLINE double fmin(double a, double b) { return (a < b || a != a) ? a : b; }
// x != x is the NaN test that survives every compiler mode we build with.
LLMCORE_HD LLMCORE_INLINE bool isnan(double x) { return x != x; }
LLMCORE_HD LLMCORE_INLINE bool isfinite(double x) { return x - x == 0.0; }
LLMCORE_HD LLMCORE_INLINE double nan() { return __builtin_nan(""); }

}  // namespace llmcore::math
