// SPDX-License-Identifier: BSD-3-Clause
#include "cpu/stream_roof.hpp"

#include <algorithm>
#include <cstdint>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "cpu/parallel.hpp"

namespace llmcore {
namespace {

constexpr int kBlock = 256;
constexpr int kMaxCols = 64;

}  // namespace

void stream_roof(const Column* in, int n_in, double* const* outs, int n_out, std::int64_t n,
                 int threads, std::int64_t grain) {
    n_in = std::min(n_in, kMaxCols);
    n_out = std::min(n_out, kMaxCols);
    // the same rule as evaluate_cpu: stream the outputs once they cannot stay in cache
    const bool stream = n * n_out * static_cast<std::int64_t>(sizeof(double)) > (64 << 20);
    parallel_for(n, threads, grain, [&](int, std::int64_t b, std::int64_t e) {
        alignas(64) double acc[kBlock];
        for (std::int64_t s = b; s < e; s += kBlock) {
            const int len = static_cast<int>(std::min<std::int64_t>(kBlock, e - s));
            for (int j = 0; j < len; ++j) acc[j] = 0.0;
            for (int k = 0; k < n_in; ++k) {
                const double* p = in[k].ptr;
                if (in[k].stride == 0) {
                    const double v = p[0];
                    for (int j = 0; j < len; ++j) acc[j] += v;
                } else {
                    for (int j = 0; j < len; ++j) acc[j] += p[s + j];
                }
            }
            for (int o = 0; o < n_out; ++o) {
                double* q = outs[o] + s;
                const double c = o + 1.0;
                int j = 0;
#if defined(__SSE2__)
                if (stream && (reinterpret_cast<std::uintptr_t>(q) & 15) == 0)
                    for (; j + 2 <= len; j += 2)
                        _mm_stream_pd(q + j, _mm_mul_pd(_mm_load_pd(acc + j), _mm_set1_pd(c)));
#endif
                for (; j < len; ++j) q[j] = acc[j] * c;
            }
        }
    });
#if defined(__SSE2__)
    if (stream) _mm_sfence();
#endif
}

}  // namespace llmcore
