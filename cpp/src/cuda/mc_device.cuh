// SPDX-License-Identifier: BSD-3-Clause
/// @file mc_device.cuh
/// @brief (private) The Monte Carlo pieces shared by simulate_cuda.cu and sobol_cuda.cu:
///        the study in device memory, the per-thread scenario (the engine's sampling and
///        evaluation, llmcore/engine), and a block sum with a fixed reduction tree.
///
/// One CUDA block of kMcBlock threads computes one Monte Carlo block (thread j = scenario
/// start + g*kMcBlock + j) and writes that block's record; the host folds the records in
/// global block order (engine/mc_fold.hpp). So results do not depend on the grid size, and
/// integer parts (histograms, counts, min/max keys) are order-free atomics.
#pragma once
#include <cuda_runtime.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "cuda/cuda_check.cuh"
#include "cuda_backend.hpp"
#include "dispatch.hpp"
#include "llmcore/engine/mc_fold.hpp"
#include "llmcore/engine/mc_layout.hpp"
#include "llmcore/engine/sample.hpp"
#include "llmcore/engine/scenario.hpp"
#include "llmcore/math.hpp"
#include "llmcore/status.hpp"

namespace llmcore::mcd {

constexpr int kThreads = kMcBlock;  // one CUDA block = one Monte Carlo block
constexpr int kWarps = kThreads / 32;
constexpr unsigned kFull = 0xffffffffu;

/// A study as kernel arguments: DistSpec by value, tables/corr/chol in device memory.
template <int NIn>
struct DevSpec {
    dist::DistSpec d[NIn];
    std::uint32_t k0, k1;
    int n_corr;
    const int* corr;
    const double* chol;
    engine::AbsentMask absent;  // McSpec::absent as bits (input k -> bit k)
};

/// Owns the device copies of a study's tables and copula; `spec` points into them.
template <int NIn>
class DeviceStudy {
  public:
    explicit DeviceStudy(const McSpec& s)
        : tab_(table_size(s)), corr_(static_cast<std::size_t>(s.n_corr)),
          chol_(static_cast<std::size_t>(s.n_corr) * s.n_corr), sobol_(sobol_size(s)) {
        static_assert(NIn <= 64, "absent masks are 64-bit");
        if (s.n_in != NIn) throw std::invalid_argument("llmcore: spec has the wrong input count");
        if (s.n_corr > kMaxCorr)
            throw std::invalid_argument("llmcore: at most " + std::to_string(kMaxCorr) +
                                        " correlated inputs");
        std::vector<double> host;
        host.reserve(table_size(s));
        for (int k = 0; k < NIn; ++k) {
            spec.d[k] = s.d[k];
            if (s.d[k].table) {
                spec.d[k].table = tab_.get() + host.size();
                host.insert(host.end(), s.d[k].table, s.d[k].table + s.d[k].n);
            }
            if (s.d[k].cdf) {
                spec.d[k].cdf = tab_.get() + host.size();
                host.insert(host.end(), s.d[k].cdf, s.d[k].cdf + s.d[k].n);
            }
        }
        upload(tab_.get(), host.data(), host.size());
        std::vector<std::uint64_t> words;  // sampler="sobol": each input's words, in order
        words.reserve(sobol_size(s));
        for (int k = 0; k < NIn; ++k) {
            if (!s.d[k].sobol) continue;
            spec.d[k].sobol = sobol_.get() + words.size();
            words.insert(words.end(), s.d[k].sobol, s.d[k].sobol + rng::kSobolWords);
        }
        upload(sobol_.get(), words.data(), words.size());
        upload(corr_.get(), s.corr, static_cast<std::size_t>(s.n_corr));
        upload(chol_.get(), s.chol, static_cast<std::size_t>(s.n_corr) * s.n_corr);
        spec.k0 = s.k0;
        spec.k1 = s.k1;
        spec.n_corr = s.n_corr;
        spec.corr = corr_.get();
        spec.chol = chol_.get();
        spec.absent = 0;
        for (int k = 0; k < NIn; ++k)
            if (s.absent && s.absent[k]) spec.absent |= 1ull << k;
    }
    DevSpec<NIn> spec{};

  private:
    static std::size_t table_size(const McSpec& s) {
        std::size_t n = 0;
        for (int k = 0; k < s.n_in; ++k)
            n += (s.d[k].table ? s.d[k].n : 0) + (s.d[k].cdf ? s.d[k].n : 0);
        return n;
    }
    static std::size_t sobol_size(const McSpec& s) {
        std::size_t n = 0;
        for (int k = 0; k < s.n_in; ++k) n += s.d[k].sobol ? rng::kSobolWords : 0;
        return n;
    }
    template <class T>
    static void upload(T* dst, const T* src, std::size_t n) {
        if (n) LLMCORE_CUDA_CHECK(cudaMemcpy(dst, src, n * sizeof(T), cudaMemcpyHostToDevice));
    }
    DeviceBuffer<double> tab_;
    DeviceBuffer<int> corr_;
    DeviceBuffer<double> chol_;
    DeviceBuffer<std::uint64_t> sobol_;
};

/// What every Monte Carlo kernel takes first: the study, its scenario range and the
/// requested outputs (engine::OutMask).
template <class M>
struct McArgs {
    DevSpec<M::n_inputs> s;
    std::int64_t start, count;
    engine::OutMask mask;
    void set(const DevSpec<M::n_inputs>& spec, std::int64_t b, std::int64_t n,
             engine::OutMask m) {
        s = spec;
        start = b;
        count = n;
        mask = m;
    }
};

/// Scenario i's inputs x and outputs y with its status (the engine's sampling and status
/// rule): what every kernel computes per thread before summarising.
template <class M>
__device__ __forceinline__ Status run_scenario(const McArgs<M>& a, std::uint32_t stream,
                                               std::int64_t i, double (&x)[M::n_inputs],
                                               double (&y)[M::n_outputs]) {
    engine::sample_scenario(a.s, M::n_inputs, stream, static_cast<std::uint64_t>(a.start + i), x);
    return engine::eval_scenario<M>(x, y, a.mask, a.s.absent);
}

/// f(i, x, y, status) for this thread's scenarios of a grid-stride loop over [0, a.count).
template <class M, class F>
__device__ __forceinline__ void for_each_scenario(const McArgs<M>& a, F&& f) {
    const std::int64_t step = static_cast<std::int64_t>(gridDim.x) * blockDim.x;
    for (std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
         i < a.count; i += step) {
        double x[M::n_inputs], y[M::n_outputs];
        const Status st = run_scenario(a, 0, i, x, y);
        f(i, x, y, st);
    }
}

/// Sums v[0..N) over the block in a fixed tree (warp shuffles, then the warp sums in a
/// fixed pairing): the same bits on every launch; the result is valid in every thread.
/// `sh` holds N * kWarps doubles. Every thread of the block must call it.
template <int N>
__device__ __forceinline__ void block_sum(double (&v)[N], double* sh) {
    const int lane = threadIdx.x & 31, w = threadIdx.x >> 5;
#pragma unroll
    for (int k = 0; k < N; ++k)
        for (int off = 16; off > 0; off >>= 1) v[k] += __shfl_down_sync(kFull, v[k], off);
    if (lane == 0)
#pragma unroll
        for (int k = 0; k < N; ++k) sh[k * kWarps + w] = v[k];
    __syncthreads();
    static_assert(kWarps == 8, "the pairing below assumes 8 warps");
#pragma unroll
    for (int k = 0; k < N; ++k) {
        const double* p = sh + k * kWarps;
        v[k] = ((p[0] + p[1]) + (p[2] + p[3])) + ((p[4] + p[5]) + (p[6] + p[7]));
    }
    __syncthreads();
}

/// Per-warp status-bit counts, one atomic per warp and bit (none when zero).
__device__ __forceinline__ void count_status(Status st, bool live, unsigned long long* counts) {
#pragma unroll
    for (int b = 0; b < kNumStatusBits; ++b) {
        const unsigned n = __popc(__ballot_sync(kFull, live && ((st >> b) & 1u)));
        if ((threadIdx.x & 31) == 0 && n) atomicAdd(counts + b, static_cast<unsigned long long>(n));
    }
}

/// Blocks for a grid-stride loop over Monte Carlo blocks: enough to fill the device, or
/// at most cuda_mc_grid_limit() (a test knob: results must not depend on it).
inline unsigned mc_grid(std::int64_t n_blocks, int device, int per_sm) {
    int sms = 0;
    LLMCORE_CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device));
    const int limit = cuda_mc_grid_limit(-2);
    const std::int64_t fill = limit > 0 ? limit : static_cast<std::int64_t>(sms) * per_sm;
    return static_cast<unsigned>(n_blocks < fill ? (n_blocks > 0 ? n_blocks : 1) : fill);
}

/// Kernel arguments hold the requested outputs in arrays of the model's output count; a
/// request list longer than that (repeated names) is refused rather than overrun.
template <class M>
void check_requests(int n_req) {
    if (n_req < 0 || n_req > M::n_outputs)
        throw std::invalid_argument("llmcore: at most one request per model output on CUDA");
}

/// Requested outputs as a bit mask (models have at most 64 outputs).
inline engine::OutMask mask_of(const int* req, int n_req) {
    engine::OutMask m = 0;
    for (int r = 0; r < n_req; ++r) m |= 1ull << req[r];
    return m;
}

}  // namespace llmcore::mcd
