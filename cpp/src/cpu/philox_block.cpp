// SPDX-License-Identifier: BSD-3-Clause
#include "cpu/philox_block.hpp"

#include "llmcore/rng/philox.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define LLMCORE_PHILOX_SIMD 1
// GCC 12's AVX-512 intrinsics start from _mm512_undefined_*() (`__m512i __Y = __Y;`), which
// -Wmaybe-uninitialized reports at every inlined use; the value is never read. -Wpsabi: the
// vector-op structs below pass vectors by value, which only ever happens after inlining
// into a function of their own ISA (the note GCC gives is about calls across ISAs).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wpsabi"
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

// The vector operations uniform_lanes needs, one struct per ISA. They carry their ISA's
// target attribute and are plain `inline` (always_inline across ISAs is an error in GCC):
// the flatten'ed entry points below inline them, so none is ever called.
struct Avx512Ops {
    using I = __m512i;
    using D = __m512d;
    static constexpr int kW = 8;
    LLMCORE_AVX512 static I lanes() { return _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7); }
    LLMCORE_AVX512 static I set1(std::uint64_t v) { return _mm512_set1_epi64(static_cast<long long>(v)); }
    LLMCORE_AVX512 static D set1d(double v) { return _mm512_set1_pd(v); }
    LLMCORE_AVX512 static I add(I a, I b) { return _mm512_add_epi64(a, b); }
    LLMCORE_AVX512 static I shr(I a, int n) { return _mm512_srli_epi64(a, static_cast<unsigned>(n)); }
    LLMCORE_AVX512 static I mul32(I a, I b) { return _mm512_mul_epu32(a, b); }
    LLMCORE_AVX512 static I xor3(I a, I b, I c) { return _mm512_ternarylogic_epi64(a, b, c, 0x96); }
    LLMCORE_AVX512 static I and_(I a, I b) { return _mm512_and_si512(a, b); }
    LLMCORE_AVX512 static I or_(I a, I b) { return _mm512_or_si512(a, b); }
    LLMCORE_AVX512 static D as_double(I a) { return _mm512_castsi512_pd(a); }
    LLMCORE_AVX512 static D addd(D a, D b) { return _mm512_add_pd(a, b); }
    LLMCORE_AVX512 static D subd(D a, D b) { return _mm512_sub_pd(a, b); }
    LLMCORE_AVX512 static D muld(D a, D b) { return _mm512_mul_pd(a, b); }
    LLMCORE_AVX512 static void store(double* p, D v) { _mm512_storeu_pd(p, v); }
};

struct Avx2Ops {
    using I = __m256i;
    using D = __m256d;
    static constexpr int kW = 4;
    LLMCORE_AVX2 static I lanes() { return _mm256_setr_epi64x(0, 1, 2, 3); }
    LLMCORE_AVX2 static I set1(std::uint64_t v) { return _mm256_set1_epi64x(static_cast<long long>(v)); }
    LLMCORE_AVX2 static D set1d(double v) { return _mm256_set1_pd(v); }
    LLMCORE_AVX2 static I add(I a, I b) { return _mm256_add_epi64(a, b); }
    LLMCORE_AVX2 static I shr(I a, int n) { return _mm256_srli_epi64(a, n); }
    LLMCORE_AVX2 static I mul32(I a, I b) { return _mm256_mul_epu32(a, b); }
    LLMCORE_AVX2 static I xor3(I a, I b, I c) { return _mm256_xor_si256(_mm256_xor_si256(a, b), c); }
    LLMCORE_AVX2 static I and_(I a, I b) { return _mm256_and_si256(a, b); }
    LLMCORE_AVX2 static I or_(I a, I b) { return _mm256_or_si256(a, b); }
    LLMCORE_AVX2 static D as_double(I a) { return _mm256_castsi256_pd(a); }
    LLMCORE_AVX2 static D addd(D a, D b) { return _mm256_add_pd(a, b); }
    LLMCORE_AVX2 static D subd(D a, D b) { return _mm256_sub_pd(a, b); }
    LLMCORE_AVX2 static D muld(D a, D b) { return _mm256_mul_pd(a, b); }
    LLMCORE_AVX2 static void store(double* p, D v) { _mm256_storeu_pd(p, v); }
};

// Each 32-bit Philox word sits in the low half of a 64-bit lane. vpmuludq reads only those
// low halves, so the high halves may hold garbage: lo = the product itself, hi = product >> 32,
// and a round is 2 multiplies, 2 shifts and 2 three-way xors per lane pair. u01 takes the
// low 32 bits, >> 6, and converts the exact integer (< 2^26) by the 2^52 bit trick.
template <class V>
__attribute__((always_inline)) inline void uniform_lanes(std::uint64_t i0, int len,
                                                         std::uint32_t slot, std::uint32_t stream,
                                                         std::uint32_t k0, std::uint32_t k1,
                                                         double* out) {
    using I = typename V::I;
    using D = typename V::D;
    constexpr int kV = 4, kStep = V::kW * kV;  // independent vectors in flight (latency)
    const I lane = V::lanes();
    const I m0 = V::set1(kM0), m1 = V::set1(kM1);
    const I low26 = V::set1(0x3ffffff), two52 = V::set1(0x4330000000000000);
    const D d52 = V::set1d(4503599627370496.0);
    const D scale = V::set1d(67108864.0), half = V::set1d(0.5);
    const D ulp = V::set1d(1.0 / 4503599627370496.0);
    int j = 0;
    for (; j + kStep <= len; j += kStep) {
        I c0[kV], c1[kV], c2[kV], c3[kV];
        for (int v = 0; v < kV; ++v) {
            const I idx = V::add(V::set1(i0 + static_cast<std::uint64_t>(j + V::kW * v)), lane);
            c0[v] = idx;
            c1[v] = V::shr(idx, 32);
            c2[v] = V::set1(slot);
            c3[v] = V::set1(stream);
        }
        std::uint32_t a = k0, b = k1;
        for (int r = 0; r < 10; ++r) {
            const I ka = V::set1(a), kb = V::set1(b);
            for (int v = 0; v < kV; ++v) {
                const I p0 = V::mul32(c0[v], m0), p1 = V::mul32(c2[v], m1);
                c0[v] = V::xor3(V::shr(p1, 32), c1[v], ka);
                c1[v] = p1;
                c2[v] = V::xor3(V::shr(p0, 32), c3[v], kb);
                c3[v] = p0;
            }
            a += kW0;
            b += kW1;
        }
        // u01: ((w0 >> 6) 2^26 + (w1 >> 6) + 0.5) 2^-52, exact in every step.
        for (int v = 0; v < kV; ++v) {
            const I s0 = V::and_(V::shr(c0[v], 6), low26);
            const I s1 = V::and_(V::shr(c1[v], 6), low26);
            const D x0 = V::subd(V::as_double(V::or_(s0, two52)), d52);
            const D x1 = V::subd(V::as_double(V::or_(s1, two52)), d52);
            const D u = V::muld(V::addd(V::addd(V::muld(x0, scale), x1), half), ulp);
            V::store(out + j + V::kW * v, u);
        }
    }
    uniform_scalar(i0 + static_cast<std::uint64_t>(j), len - j, slot, stream, k0, k1, out + j);
}

__attribute__((flatten)) LLMCORE_AVX512 void uniform_avx512(
    std::uint64_t i0, int len, std::uint32_t slot, std::uint32_t stream, std::uint32_t k0,
    std::uint32_t k1, double* out) {
    uniform_lanes<Avx512Ops>(i0, len, slot, stream, k0, k1, out);
}

__attribute__((flatten)) LLMCORE_AVX2 void uniform_avx2(std::uint64_t i0, int len,
                                                        std::uint32_t slot, std::uint32_t stream,
                                                        std::uint32_t k0, std::uint32_t k1,
                                                        double* out) {
    uniform_lanes<Avx2Ops>(i0, len, slot, stream, k0, k1, out);
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
