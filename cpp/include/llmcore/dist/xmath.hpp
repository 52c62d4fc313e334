// SPDX-License-Identifier: BSD-3-Clause
/// @file xmath.hpp
/// @brief log and exp built from + − × ÷ and bit operations only (fdlibm's algorithms).
///
/// Why not <cmath>: library log/exp differ by ulps between glibc, libmvec and CUDA, and
/// calls block vectorisation. These are branch-free (selects only), so sampling loops
/// vectorise and give the same bits on every IEEE machine (-ffp-contract=off).
/// Domain: log for positive normal finite x; exp for any finite x (flushes below -708).
#pragma once
#include <cstdint>
#include <cstring>

#include "llmcore/config.hpp"

namespace llmcore::xmath {

LLMCORE_HD LLMCORE_INLINE std::uint64_t to_bits(double x) {
#if defined(__CUDA_ARCH__)
    return static_cast<std::uint64_t>(__double_as_longlong(x));
#elif defined(__GNUC__) || defined(__clang__)
    return __builtin_bit_cast(std::uint64_t, x);  // unlike memcpy, the vectoriser sees through it
#else
    std::uint64_t b;
    std::memcpy(&b, &x, sizeof b);
    return b;
#endif
}

LLMCORE_HD LLMCORE_INLINE double from_bits(std::uint64_t b) {
#if defined(__CUDA_ARCH__)
    return __longlong_as_double(static_cast<long long>(b));
#elif defined(__GNUC__) || defined(__clang__)
    return __builtin_bit_cast(double, b);
#else
    double x;
    std::memcpy(&x, &b, sizeof x);
    return x;
#endif
}

constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kMagic = 6755399441055744.0;             // 1.5 * 2^52: ulp 1 on both sides
constexpr std::uint64_t kMagicBits = 0x4338000000000000ull;  // its bits

/// A small integer (|k| < 2^51) as a double, by bits: no int64 -> double conversion, which
/// SIMD units below AVX-512 lack.
LLMCORE_HD LLMCORE_INLINE double small_int(std::int64_t k) {
    return from_bits(kMagicBits + static_cast<std::uint64_t>(k)) - kMagic;
}

/// fdlibm e_log.c: x = 2^k (1+f), 1+f in [sqrt(2)/2, sqrt(2)), s = f/(2+f),
/// log(1+f) = f - s(f - R(s^2)). Error below 1 ulp. All-64-bit integer steps (vectorise).
LLMCORE_HD LLMCORE_INLINE double log(double x) {
    const std::uint64_t b = to_bits(x);
    std::int64_t hx = static_cast<std::int64_t>(b >> 32);
    std::int64_t k = ((hx >> 20) & 0x7ff) - 1023;
    hx &= 0x000fffff;
    const std::int64_t i = (hx + 0x95f64) & 0x100000;
    k += i >> 20;
    const std::uint64_t mb =
        (static_cast<std::uint64_t>(hx | (i ^ 0x3ff00000)) << 32) | (b & 0xffffffffull);
    const double f = from_bits(mb) - 1.0;
    const double dk = small_int(k);
    const double s = f / (2.0 + f);
    const double z = s * s;
    const double w = z * z;
    const double t1 = w * (3.999999999940941908e-01 +
                           w * (2.222219843214978396e-01 + w * 1.531383769920937332e-01));
    const double t2 = z * (6.666666666666735130e-01 +
                           w * (2.857142874366239149e-01 +
                                w * (1.818357216161805012e-01 + w * 1.479819860511658591e-01)));
    const double R = t2 + t1;
    const double hfsq = 0.5 * f * f;
    const double big = dk * kLn2Hi - ((hfsq - (s * (hfsq + R) + dk * kLn2Lo)) - f);
    const double small = dk * kLn2Hi - ((s * (f - R) - dk * kLn2Lo) - f);
    const bool use_big = ((hx - 0x6147a) | (0x6b851 - hx)) > 0;
    return use_big ? big : small;
}

/// fdlibm e_exp.c: x = k ln2 + r, |r| <= ln2/2, exp(r) by a degree-5 Remez rational form.
/// k is rounded to nearest with the 1.5·2^52 trick (no float -> int conversion).
LLMCORE_HD LLMCORE_INLINE double exp(double x) {
    const bool over = x > 7.09782712893383973096e+02;
    const bool under = x < -7.08e+02;
    const double xc = (over || under) ? 0.0 : x;
    const double kr = (xc * 1.44269504088896338700e+00 + kMagic);
    const double kf = kr - kMagic;
    const std::int64_t k = static_cast<std::int64_t>(to_bits(kr) - kMagicBits);
    const double hi = xc - kf * kLn2Hi;
    const double lo = kf * kLn2Lo;
    const double r = hi - lo;
    const double t = r * r;
    const double c = r - t * (1.66666666666666019037e-01 +
                              t * (-2.77777777770155933842e-03 +
                                   t * (6.61375632143793436117e-05 +
                                        t * (-1.65339022054652515390e-06 +
                                             t * 4.13813679705723846039e-08))));
    const double y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
    // 2^k in two factors (k in [-1022, 1024] needs two to stay in the exponent range).
    const std::int64_t k1 = k >> 1, k2 = k - k1;
    const double s1 = from_bits(static_cast<std::uint64_t>(k1 + 1023) << 52);
    const double s2 = from_bits(static_cast<std::uint64_t>(k2 + 1023) << 52);
    const double v = y * s1 * s2;
    return over ? __builtin_inf() : (under ? 0.0 : v);
}

}  // namespace llmcore::xmath
