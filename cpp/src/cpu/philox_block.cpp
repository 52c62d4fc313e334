// SPDX-License-Identifier: BSD-3-Clause
#include "cpu/philox_block.hpp"

#include "llmcore/rng/philox.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define LLMCORE_PHILOX_SIMD 1
// GCC 12's AVX-512 intrinsics start from _mm512_undefined_*() (`__m512i __Y = __Y;`), which
// -Wmaybe-uninitialized reports at every inlined use; the value is never read.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#else
#define LLMCORE_PHILOX_SIMD 0
#endif

namespace llmcore::rng {

namespace {

constexpr std::uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
constexpr std::uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;

void uniform_scalar(std::uint64_t i0, int len, std::uint32_t slot, std::uint32_t stream,
                    std::uint32_t k0, std::uint32_t k1, double* out) {
    for (int j = 0; j < len; ++j) out[j] = uniform_at(i0 + static_cast<std::uint64_t>(j), slot, stream, k0, k1);
}

#if LLMCORE_PHILOX_SIMD
#define LLMCORE_AVX512 __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw")))
#define LLMCORE_AVX2 __attribute__((target("avx2")))

// Each 32-bit Philox word sits in the low half of a 64-bit lane. vpmuludq reads only those
// low halves, so the high halves may hold garbage: lo = the product itself, hi = product >> 32,
// and a round is 2 multiplies, 2 shifts and 2 three-way xors per lane pair. u01 takes the
// low 32 bits, >> 6, and converts the exact integer (< 2^26) by the 2^52 bit trick.
LLMCORE_AVX512 void uniform_avx512(std::uint64_t i0, int len, std::uint32_t slot,
                                   std::uint32_t stream, std::uint32_t k0, std::uint32_t k1,
                                   double* out) {
    constexpr int kV = 4, kStep = 8 * kV;  // independent vectors in flight (latency)
    const __m512i lane = _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7);
    const __m512i m0 = _mm512_set1_epi64(kM0), m1 = _mm512_set1_epi64(kM1);
    const __m512i low26 = _mm512_set1_epi64(0x3ffffff), two52 = _mm512_set1_epi64(0x4330000000000000);
    const __m512d d52 = _mm512_set1_pd(4503599627370496.0);
    const __m512d scale = _mm512_set1_pd(67108864.0), half = _mm512_set1_pd(0.5);
    const __m512d ulp = _mm512_set1_pd(1.0 / 4503599627370496.0);
    int j = 0;
    for (; j + kStep <= len; j += kStep) {
        __m512i c0[kV], c1[kV], c2[kV], c3[kV];
        for (int v = 0; v < kV; ++v) {
            const __m512i idx = _mm512_add_epi64(
                _mm512_set1_epi64(static_cast<long long>(i0 + static_cast<std::uint64_t>(j + 8 * v))), lane);
            c0[v] = idx;
            c1[v] = _mm512_srli_epi64(idx, 32);
            c2[v] = _mm512_set1_epi64(slot);
            c3[v] = _mm512_set1_epi64(stream);
        }
        std::uint32_t a = k0, b = k1;
        for (int r = 0; r < 10; ++r) {
            const __m512i ka = _mm512_set1_epi64(a), kb = _mm512_set1_epi64(b);
            for (int v = 0; v < kV; ++v) {
                const __m512i p0 = _mm512_mul_epu32(c0[v], m0), p1 = _mm512_mul_epu32(c2[v], m1);
                c0[v] = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p1, 32), c1[v], ka, 0x96);
                c1[v] = p1;
                c2[v] = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p0, 32), c3[v], kb, 0x96);
                c3[v] = p0;
            }
            a += kW0;
            b += kW1;
        }
        // u01: ((w0 >> 6) 2^26 + (w1 >> 6) + 0.5) 2^-52, exact in every step.
        for (int v = 0; v < kV; ++v) {
            const __m512i s0 = _mm512_and_si512(_mm512_srli_epi64(c0[v], 6), low26);
            const __m512i s1 = _mm512_and_si512(_mm512_srli_epi64(c1[v], 6), low26);
            const __m512d x0 = _mm512_sub_pd(_mm512_castsi512_pd(_mm512_or_si512(s0, two52)), d52);
            const __m512d x1 = _mm512_sub_pd(_mm512_castsi512_pd(_mm512_or_si512(s1, two52)), d52);
            const __m512d u = _mm512_mul_pd(_mm512_add_pd(_mm512_add_pd(_mm512_mul_pd(x0, scale), x1), half), ulp);
            _mm512_storeu_pd(out + j + 8 * v, u);
        }
    }
    uniform_scalar(i0 + static_cast<std::uint64_t>(j), len - j, slot, stream, k0, k1, out + j);
}

LLMCORE_AVX2 void uniform_avx2(std::uint64_t i0, int len, std::uint32_t slot, std::uint32_t stream,
                               std::uint32_t k0, std::uint32_t k1, double* out) {
    constexpr int kV = 4, kStep = 4 * kV;
    const __m256i lane = _mm256_setr_epi64x(0, 1, 2, 3);
    const __m256i m0 = _mm256_set1_epi64x(kM0), m1 = _mm256_set1_epi64x(kM1);
    const __m256i low26 = _mm256_set1_epi64x(0x3ffffff), two52 = _mm256_set1_epi64x(0x4330000000000000);
    const __m256d d52 = _mm256_set1_pd(4503599627370496.0);
    const __m256d scale = _mm256_set1_pd(67108864.0), half = _mm256_set1_pd(0.5);
    const __m256d ulp = _mm256_set1_pd(1.0 / 4503599627370496.0);
    int j = 0;
    for (; j + kStep <= len; j += kStep) {
        __m256i c0[kV], c1[kV], c2[kV], c3[kV];
        for (int v = 0; v < kV; ++v) {
            const __m256i idx = _mm256_add_epi64(
                _mm256_set1_epi64x(static_cast<long long>(i0 + static_cast<std::uint64_t>(j + 4 * v))), lane);
            c0[v] = idx;
            c1[v] = _mm256_srli_epi64(idx, 32);
            c2[v] = _mm256_set1_epi64x(slot);
            c3[v] = _mm256_set1_epi64x(stream);
        }
        std::uint32_t a = k0, b = k1;
        for (int r = 0; r < 10; ++r) {
            const __m256i ka = _mm256_set1_epi64x(a), kb = _mm256_set1_epi64x(b);
            for (int v = 0; v < kV; ++v) {
                const __m256i p0 = _mm256_mul_epu32(c0[v], m0), p1 = _mm256_mul_epu32(c2[v], m1);
                c0[v] = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p1, 32), c1[v]), ka);
                c1[v] = p1;
                c2[v] = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p0, 32), c3[v]), kb);
                c3[v] = p0;
            }
            a += kW0;
            b += kW1;
        }
        for (int v = 0; v < kV; ++v) {
            const __m256i s0 = _mm256_and_si256(_mm256_srli_epi64(c0[v], 6), low26);
            const __m256i s1 = _mm256_and_si256(_mm256_srli_epi64(c1[v], 6), low26);
            const __m256d x0 = _mm256_sub_pd(_mm256_castsi256_pd(_mm256_or_si256(s0, two52)), d52);
            const __m256d x1 = _mm256_sub_pd(_mm256_castsi256_pd(_mm256_or_si256(s1, two52)), d52);
            const __m256d u = _mm256_mul_pd(_mm256_add_pd(_mm256_add_pd(_mm256_mul_pd(x0, scale), x1), half), ulp);
            _mm256_storeu_pd(out + j + 4 * v, u);
        }
    }
    uniform_scalar(i0 + static_cast<std::uint64_t>(j), len - j, slot, stream, k0, k1, out + j);
}
#endif

}  // namespace

void uniform_block(int level, std::uint64_t i0, int len, std::uint32_t slot, std::uint32_t stream,
                   std::uint32_t k0, std::uint32_t k1, double* out) {
#if LLMCORE_PHILOX_SIMD
    if (level >= 2) return uniform_avx512(i0, len, slot, stream, k0, k1, out);
    if (level == 1) return uniform_avx2(i0, len, slot, stream, k0, k1, out);
#endif
    (void)level;
    uniform_scalar(i0, len, slot, stream, k0, k1, out);
}

}  // namespace llmcore::rng
