// SPDX-License-Identifier: BSD-3-Clause
// Monte Carlo on a CUDA device: streaming summaries, samples, exact-quantile refinement
// passes and raw Philox words, for every model of the model list, from the same
// LLMCORE_HD model functions, Philox counters and inverse CDFs as cpu/simulate_cpu.cpp.
//
// What matches the CPU, and how exactly (design/cuda.md, "Monte Carlo"):
//   * Philox words and uniforms: bit-identical (integer arithmetic; u01 is exact).
//   * transformed inputs: bit-identical except where CUDA's libm enters (erfc in the
//     copula; the transforms use llmcore's own xmath log/exp and IEEE sqrt).
//   * outputs: within 2 ulp per libm call inside the model (pow/exp/log).
//   * summaries: counts, histograms, exceedance counts and min/max are integer or exact
//     (equal to the CPU's whenever the outputs are); mean/M2/conditional sums use a fixed
//     per-block tree (mcd::block_sum) instead of the CPU's 8-lane order, folded on the host
//     in global block order with the CPU's fold (engine/mc_fold.hpp): deterministic for any grid.
#include <cuda_runtime.h>

#include <algorithm>
#include <atomic>
#include <vector>

#include "cuda/mc_device.cuh"
#include "llmcore/engine/refine.hpp"
#include "llmcore/stats/log_histogram.hpp"

namespace llmcore {

namespace {

using namespace mcd;  // NOLINT(google-build-using-namespace): file-local, private helpers

std::atomic<int>* grid_limit() {
    static std::atomic<int> v{0};
    return &v;
}

template <class M>
struct SimArgs : McArgs<M> {
    int n_req, n_thr;
    int req[M::n_outputs];
    bool hist;
    const double* thr;          // n_req x n_thr
    double* recs;               // n_blocks x n_req x SummaryRecord::length(n_thr)
    unsigned long long* h;      // n_req x kNumBins
    unsigned long long* exceed;  // n_req x n_thr
    unsigned long long* nonfinite;
    unsigned long long* minkey;  // n_req: smallest key of a finite value
    unsigned long long* maxkey;
    unsigned long long* status;
};

__device__ __forceinline__ unsigned long long warp_min(unsigned long long v) {
    for (int off = 16; off > 0; off >>= 1) {
        const unsigned long long o = __shfl_xor_sync(kFull, v, off);
        v = o < v ? o : v;
    }
    return v;
}

__device__ __forceinline__ unsigned long long warp_max(unsigned long long v) {
    for (int off = 16; off > 0; off >>= 1) {
        const unsigned long long o = __shfl_xor_sync(kFull, v, off);
        v = o > v ? o : v;
    }
    return v;
}

/// One output's block record and its integer parts; every thread of the block calls it.
template <class M>
__device__ void summarise(const SimArgs<M>& a, std::int64_t g, int r, double v, int len,
                          double* sh, double* shv) {
    const int j = threadIdx.x, lane = j & 31, w = j >> 5;
    const bool fin = math::isfinite(v);
    // x0 = the block's first finite value (sums of x - x0, as on the CPU).
    shv[j] = v;
    const unsigned ball = __ballot_sync(kFull, fin);
    if (lane == 0) sh[w] = ball ? static_cast<double>(w * 32 + __ffs(ball) - 1) : kThreads;
    __syncthreads();
    double first = kThreads;
    for (int k = 0; k < kWarps; ++k) first = sh[k] < first ? sh[k] : first;
    const double x0 = first < kThreads ? shv[static_cast<int>(first)] : 0.0;
    __syncthreads();
    double s1[2] = {fin ? v - x0 : 0.0, fin ? 1.0 : 0.0};
    block_sum(s1, sh);
    const double cnt = s1[1];
    const double mean = cnt > 0 ? x0 + s1[0] / cnt : 0.0;
    double s2[1] = {fin ? (v - mean) * (v - mean) : 0.0};
    block_sum(s2, sh);
    using R = SummaryRecord;
    double* rec = a.recs + (g * a.n_req + r) * R::length(a.n_thr);
    if (j == 0) {
        rec[R::kCount] = cnt;
        rec[R::kMean] = mean;
        rec[R::kM2] = s2[0];
        const auto bad = static_cast<unsigned long long>(len - static_cast<int>(cnt));
        if (bad) atomicAdd(a.nonfinite + r, bad);
    }
    for (int t = 0; t < a.n_thr; ++t) {
        const double th = a.thr[r * a.n_thr + t];
        const bool above = fin && v > th;
        double s3[2] = {above ? v : 0.0, above ? 1.0 : 0.0};
        block_sum(s3, sh);
        if (j == 0) {
            rec[R::kCondSum + t] = s3[0];
            if (s3[1] > 0)
                atomicAdd(a.exceed + r * a.n_thr + t, static_cast<unsigned long long>(s3[1]));
        }
    }
    // Exact min/max through the monotone key; histogram counts, warp-aggregated per bin.
    const unsigned long long k = fin ? stats::key(v) : 0ull;
    const unsigned long long lo = warp_min(fin ? k : ~0ull), hi = warp_max(k);
    if (lane == 0 && ball) {
        atomicMin(a.minkey + r, lo);
        atomicMax(a.maxkey + r, hi);
    }
    if (a.hist) {
        const long long bin = fin ? stats::bin_of_key(k) : -1;
        const unsigned peers = __match_any_sync(kFull, bin);
        if (fin && lane == __ffs(peers) - 1)
            atomicAdd(a.h + static_cast<long long>(r) * stats::kNumBins + bin,
                      static_cast<unsigned long long>(__popc(peers)));
    }
}

template <class M>
__global__ void __launch_bounds__(kThreads) simulate_kernel(const SimArgs<M> a) {
    __shared__ double sh[4 * kWarps];
    __shared__ double shv[kThreads];
    const std::int64_t n_blocks = (a.count + kThreads - 1) / kThreads;
    for (std::int64_t g = blockIdx.x; g < n_blocks; g += gridDim.x) {
        const std::int64_t off = g * kThreads + threadIdx.x;
        const bool live = off < a.count;
        const int len = static_cast<int>(a.count - g * kThreads < kThreads ? a.count - g * kThreads
                                                                            : kThreads);
        double x[M::n_inputs], y[M::n_outputs];
        const Status st = live ? run_scenario<M>(a, 0, off, x, y) : kOk;
        count_status(st, live, a.status);
        for (int r = 0; r < a.n_req; ++r)
            summarise(a, g, r, live ? y[a.req[r]] : math::nan(), len, sh, shv);
    }
}

template <class M>
struct RefineArgs : McArgs<M> {
    int n_q;
    const RefineQuery* q;       // device
    const std::int64_t* sub_off;  // device: first sub-bin of each query
    unsigned long long* sub;
    unsigned long long* n_got;    // n_q
    const std::int64_t* got_off;  // device: where a collecting query's values start
    double* got;                  // n_collecting x cap
    std::int64_t cap;
};

template <class M>
__global__ void __launch_bounds__(kThreads) refine_kernel(const RefineArgs<M> a) {
    for_each_scenario<M>(a, [&](std::int64_t, const double*, const double* y, Status) {
        for (int qi = 0; qi < a.n_q; ++qi) {
            const RefineQuery q = a.q[qi];
            const std::int64_t sub = engine::refine_sub_bin(q, y[q.out]);
            if (sub < 0) continue;
            atomicAdd(a.sub + a.sub_off[qi] + sub, 1ull);
            if (q.collect) {
                const unsigned long long slot = atomicAdd(a.n_got + qi, 1ull);
                if (static_cast<std::int64_t>(slot) < a.cap) a.got[a.got_off[qi] + slot] = y[q.out];
            }
        }
    });
}

template <class M>
struct SampleArgs : McArgs<M> {
    double* out[M::n_outputs];  // null = not wanted
    double* in[M::n_inputs];
    Status* status;
};

template <class M>
__global__ void __launch_bounds__(kThreads) samples_kernel(const SampleArgs<M> a) {
    for_each_scenario<M>(a, [&](std::int64_t i, const double* x, const double* y, Status st) {
#pragma unroll
        for (int k = 0; k < M::n_outputs; ++k)
            if (a.out[k]) a.out[k][i] = y[k];
#pragma unroll
        for (int k = 0; k < M::n_inputs; ++k)
            if (a.in[k]) a.in[k][i] = x[k];
        if (a.status) a.status[i] = st;
    });
}

__global__ void philox_kernel(const std::uint32_t* ctr, std::int64_t n, std::uint32_t k0,
                              std::uint32_t k1, std::uint32_t* out) {
    const std::int64_t step = static_cast<std::int64_t>(gridDim.x) * blockDim.x;
    for (std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
         i < n; i += step) {
        const rng::Words4 w =
            rng::philox4x32_10(ctr[4 * i], ctr[4 * i + 1], ctr[4 * i + 2], ctr[4 * i + 3], k0, k1);
        for (int k = 0; k < 4; ++k) out[4 * i + k] = w.v[k];
    }
}

double key_value(unsigned long long k) {  // inverse of stats::key
    return xmath::from_bits((k >> 63) ? (k & ~(1ull << 63)) : ~k);
}

template <class T>
void to_device(T* dst, const T* src, std::size_t n) {
    if (n) LLMCORE_CUDA_CHECK(cudaMemcpy(dst, src, n * sizeof(T), cudaMemcpyHostToDevice));
}

template <class T>
void to_host(T* dst, const T* src, std::size_t n) {
    if (n) LLMCORE_CUDA_CHECK(cudaMemcpy(dst, src, n * sizeof(T), cudaMemcpyDeviceToHost));
}

template <class T>
void zero(T* p, std::size_t n, int byte = 0) {
    if (n) LLMCORE_CUDA_CHECK(cudaMemset(p, byte, n * sizeof(T)));
}

}  // namespace

int cuda_mc_grid_limit(int blocks) {
    if (blocks >= -1) grid_limit()->store(blocks < 0 ? 0 : blocks);
    return grid_limit()->load();
}

bool cuda_mc_compiled() { return true; }

void simulate_cuda(int model_id, const McSpec& spec, std::int64_t start, std::int64_t count,
                   const SummaryConfig& cfg, SummaryState& state, int device) {
    if (count <= 0) return;
    dispatch_model(model_id, [&](auto model) {
        using M = decltype(model);
        check_requests<M>(cfg.n_req);
        DeviceGuard guard(device);
        DeviceStudy<M::n_inputs> study(spec);
        const std::int64_t n_blocks = (count + kThreads - 1) / kThreads;
        const std::size_t n_req = static_cast<std::size_t>(cfg.n_req);
        const std::size_t n_et = n_req * static_cast<std::size_t>(cfg.n_thr);
        const std::size_t n_rec =
            static_cast<std::size_t>(n_blocks) * n_req * SummaryRecord::length(cfg.n_thr);
        const std::size_t n_hist = cfg.hist ? n_req * stats::kNumBins : 0;
        DeviceBuffer<double> thr(n_et), recs(n_rec);
        DeviceBuffer<unsigned long long> h(n_hist), exceed(n_et), nonfinite(n_req),
            minkey(n_req), maxkey(n_req), status(kNumStatusBits);
        to_device(thr.get(), cfg.thr, n_et);
        zero(h.get(), n_hist);
        zero(exceed.get(), n_et);
        zero(nonfinite.get(), n_req);
        zero(minkey.get(), n_req, 0xff);
        zero(maxkey.get(), n_req);
        zero(status.get(), kNumStatusBits);
        SimArgs<M> a{};
        a.set(study.spec, start, count, mask_of(cfg.req, cfg.n_req));
        a.n_req = cfg.n_req;
        a.n_thr = cfg.n_thr;
        for (int r = 0; r < cfg.n_req; ++r) a.req[r] = cfg.req[r];
        a.hist = cfg.hist && state.hist;
        a.thr = thr.get();
        a.recs = recs.get();
        a.h = h.get();
        a.exceed = exceed.get();
        a.nonfinite = nonfinite.get();
        a.minkey = minkey.get();
        a.maxkey = maxkey.get();
        a.status = status.get();
        simulate_kernel<M><<<mc_grid(n_blocks, device, 8), kThreads>>>(a);
        LLMCORE_CUDA_CHECK(cudaGetLastError());
        std::vector<double> rec_h(n_rec);
        std::vector<unsigned long long> h_h(n_hist), ex_h(n_et), nf_h(n_req), lo_h(n_req),
            hi_h(n_req), st_h(kNumStatusBits);
        to_host(rec_h.data(), recs.get(), n_rec);  // synchronises with the kernel
        to_host(h_h.data(), h.get(), n_hist);
        to_host(ex_h.data(), exceed.get(), n_et);
        to_host(nf_h.data(), nonfinite.get(), n_req);
        to_host(lo_h.data(), minkey.get(), n_req);
        to_host(hi_h.data(), maxkey.get(), n_req);
        to_host(st_h.data(), status.get(), kNumStatusBits);
        for (std::size_t r = 0; r < n_req; ++r) {
            if (lo_h[r] != ~0ull) {  // some finite value
                state.minmax[2 * r] = std::min(state.minmax[2 * r], key_value(lo_h[r]));
                state.minmax[2 * r + 1] = std::max(state.minmax[2 * r + 1], key_value(hi_h[r]));
            }
            state.nonfinite[r] += static_cast<std::int64_t>(nf_h[r]);
        }
        for (std::size_t k = 0; k < n_et; ++k)
            state.exceed[k] += static_cast<std::int64_t>(ex_h[k]);
        if (a.hist)
            for (std::size_t k = 0; k < n_hist; ++k)
                state.hist[k] += static_cast<std::int64_t>(h_h[k]);
        for (int b = 0; b < kNumStatusBits; ++b)
            state.status[b] += static_cast<std::int64_t>(st_h[b]);
        fold_summary_records(rec_h.data(), n_blocks, cfg, state);
    });
}

void refine_cuda(int model_id, const McSpec& spec, std::int64_t start, std::int64_t count,
                 const RefineQuery* q, int n_q, std::int64_t* sub_counts,
                 std::vector<std::vector<double>>& collected, std::int64_t cap, int device) {
    collected.assign(n_q, {});
    if (count <= 0 || n_q <= 0) return;
    dispatch_model(model_id, [&](auto model) {
        using M = decltype(model);
        DeviceGuard guard(device);
        DeviceStudy<M::n_inputs> study(spec);
        // Sub-bin offsets per query; value storage only for collecting queries.
        const std::int64_t c = std::min(cap, count);
        std::vector<std::int64_t> off(n_q), got_off(n_q, 0);
        std::int64_t total = 0, n_collect = 0;
        for (int k = 0; k < n_q; ++k) {
            off[k] = total;
            total += q[k].nsub;
            if (q[k].collect) got_off[k] = (n_collect++) * c;
        }
        DeviceBuffer<RefineQuery> q_d(n_q);
        DeviceBuffer<std::int64_t> off_d(n_q), got_off_d(n_q);
        DeviceBuffer<unsigned long long> sub(total), n_got(n_q);
        DeviceBuffer<double> got(static_cast<std::size_t>(n_collect * c));
        to_device(q_d.get(), q, n_q);
        to_device(off_d.get(), off.data(), n_q);
        to_device(got_off_d.get(), got_off.data(), n_q);
        zero(sub.get(), total);
        zero(n_got.get(), n_q);
        engine::OutMask mask = 0;
        for (int k = 0; k < n_q; ++k) mask |= 1ull << q[k].out;
        RefineArgs<M> a{};
        a.set(study.spec, start, count, mask);
        a.n_q = n_q;
        a.q = q_d.get();
        a.sub_off = off_d.get();
        a.sub = sub.get();
        a.n_got = n_got.get();
        a.got_off = got_off_d.get();
        a.got = got.get();
        a.cap = c;
        refine_kernel<M><<<mc_grid((count + kThreads - 1) / kThreads, device, 8), kThreads>>>(a);
        LLMCORE_CUDA_CHECK(cudaGetLastError());
        std::vector<unsigned long long> sub_h(total), got_n(n_q);
        to_host(sub_h.data(), sub.get(), total);
        to_host(got_n.data(), n_got.get(), n_q);
        for (std::int64_t k = 0; k < total; ++k)
            sub_counts[k] += static_cast<std::int64_t>(sub_h[k]);
        for (int k = 0; k < n_q; ++k) {
            if (!q[k].collect) continue;
            if (static_cast<std::int64_t>(got_n[k]) > c)
                throw std::runtime_error("llmcore: refine collected more values than its cap");
            collected[k].resize(got_n[k]);
            to_host(collected[k].data(), got.get() + got_off[k], got_n[k]);
        }
    });
}

void samples_cuda(int model_id, const McSpec& spec, std::int64_t start, std::int64_t count,
                  double* const* outs, double* const* ins, Status* status, int device) {
    if (count <= 0) return;
    dispatch_model(model_id, [&](auto model) {
        using M = decltype(model);
        DeviceGuard guard(device);
        DeviceStudy<M::n_inputs> study(spec);
        const std::int64_t chunk = std::min(count, kCudaSamplesChunk);
        int n_cols = 0;
        for (int k = 0; k < M::n_outputs; ++k) n_cols += outs[k] != nullptr;
        for (int k = 0; k < M::n_inputs; ++k) n_cols += ins && ins[k];
        DeviceBuffer<double> cols(static_cast<std::size_t>(n_cols) * chunk);
        DeviceBuffer<Status> st(status ? chunk : 0);
        engine::OutMask mask = 0;
        for (int k = 0; k < M::n_outputs; ++k) mask |= outs[k] ? (1ull << k) : 0ull;
        SampleArgs<M> a{};
        a.set(study.spec, start, 0, mask);
        a.status = st.get();
        int c = 0;
        for (int k = 0; k < M::n_outputs; ++k)
            if (outs[k]) a.out[k] = cols.get() + (c++) * chunk;
        for (int k = 0; k < M::n_inputs; ++k)
            if (ins && ins[k]) a.in[k] = cols.get() + (c++) * chunk;
        for (std::int64_t b = 0; b < count; b += chunk) {
            a.start = start + b;
            a.count = std::min(chunk, count - b);
            const unsigned grid = mc_grid((a.count + kThreads - 1) / kThreads, device, 8);
            samples_kernel<M><<<grid, kThreads>>>(a);
            LLMCORE_CUDA_CHECK(cudaGetLastError());
            for (int k = 0; k < M::n_outputs; ++k)
                if (outs[k]) to_host(outs[k] + b, a.out[k], a.count);
            for (int k = 0; k < M::n_inputs; ++k)
                if (ins && ins[k]) to_host(ins[k] + b, a.in[k], a.count);
            if (status) to_host(status + b, a.status, a.count);
        }
    });
}

void philox_cuda(const std::uint32_t* ctr, std::int64_t n, std::uint32_t k0, std::uint32_t k1,
                 std::uint32_t* out, int device) {
    if (n <= 0) return;
    DeviceGuard guard(device);
    DeviceBuffer<std::uint32_t> c(4 * n), o(4 * n);
    to_device(c.get(), ctr, 4 * n);
    philox_kernel<<<mc_grid((n + kThreads - 1) / kThreads, device, 8), kThreads>>>(c.get(), n, k0,
                                                                                   k1, o.get());
    LLMCORE_CUDA_CHECK(cudaGetLastError());
    to_host(out, o.get(), 4 * n);
}

}  // namespace llmcore
