// SPDX-License-Identifier: BSD-3-Clause
// Sobol sums (Saltelli design, Jansen estimators) on a CUDA device: the accumulators of
// cpu/sobol_cpu.cpp (SobolRecord in engine/mc_layout.hpp). Thread j of CUDA block g is base scenario
// start + g*kMcBlock + j: it draws A (stream 0) and B (stream 1), evaluates f(A), f(B) and
// f(AB_j) for every factor j, and the block sums its terms with a fixed tree
// (mcd::block_sum) into one record per output; the host adds the records into the groups
// in global block order (fold_sobol_records, the CPU's fold). Deterministic for any grid;
// equal to the CPU's sums within the rounding of a different summation order. With
// second-order indices each thread also evaluates f(BA_j) (B with factor j from A), j <
// n_fac - 1, for the pair sums Σ(ba_j - ab_k)².
#include <cuda_runtime.h>

#include <vector>

#include "cuda/mc_device.cuh"

namespace llmcore {

namespace {

using namespace mcd;  // NOLINT(google-build-using-namespace): file-local, private helpers

template <class M>
struct SobolArgs : McArgs<M> {
    int n_req, n_fac;
    bool second;
    int req[M::n_outputs];
    double shift[M::n_outputs];
    int fac[M::n_inputs];
    double* recs;  // n_blocks x n_req x SobolRecord::length(n_fac, second)
    unsigned long long* status;
};

template <class M>
__global__ void __launch_bounds__(kThreads) sobol_kernel(const SobolArgs<M> a) {
    __shared__ double sh[5 * kWarps];
    const std::int64_t n_blocks = (a.count + kThreads - 1) / kThreads;
    using R = SobolRecord;
    const int rec_len = R::length(a.n_fac, a.second);
    const int n_ba = a.second ? a.n_fac - 1 : 0;
    for (std::int64_t g = blockIdx.x; g < n_blocks; g += gridDim.x) {
        const std::int64_t off = g * kThreads + threadIdx.x;
        const bool live = off < a.count;
        double xa[M::n_inputs], xb[M::n_inputs], ya[M::n_outputs], yb[M::n_outputs];
        // f(AB_j) of the requested outputs: [factor][output], at most n_in x n_out.
        double yab[M::n_inputs * M::n_outputs];
        double yba[M::n_inputs * M::n_outputs];  // f(BA_j), second order only
        Status st = kOk;
        if (live) {
            st = run_scenario<M>(a, 0, off, xa, ya);  // status counts are f(A)'s, as on the CPU
            run_scenario<M>(a, 1, off, xb, yb);
            for (int f = 0; f < a.n_fac; ++f) {
                double xab[M::n_inputs], y[M::n_outputs];
#pragma unroll
                for (int k = 0; k < M::n_inputs; ++k) xab[k] = a.fac[k] == f ? xb[k] : xa[k];
                engine::eval_scenario<M>(xab, y, a.mask, a.s.absent);
                for (int r = 0; r < a.n_req; ++r) yab[f * a.n_req + r] = y[a.req[r]];
            }
            for (int f = 0; f < n_ba; ++f) {
                double xba[M::n_inputs], y[M::n_outputs];
#pragma unroll
                for (int k = 0; k < M::n_inputs; ++k) xba[k] = a.fac[k] == f ? xa[k] : xb[k];
                engine::eval_scenario<M>(xba, y, a.mask, a.s.absent);
                for (int r = 0; r < a.n_req; ++r) yba[f * a.n_req + r] = y[a.req[r]];
            }
        }
        count_status(st, live, a.status);
        for (int r = 0; r < a.n_req; ++r) {
            bool ok = live && math::isfinite(ya[a.req[r]]) && math::isfinite(yb[a.req[r]]);
            for (int f = 0; ok && f < a.n_fac; ++f) ok = math::isfinite(yab[f * a.n_req + r]);
            for (int f = 0; ok && f < n_ba; ++f) ok = math::isfinite(yba[f * a.n_req + r]);
            const double c = a.shift[r];
            const double av = ok ? ya[a.req[r]] - c : 0.0, bv = ok ? yb[a.req[r]] - c : 0.0;
            double s[R::kFixed] = {ok ? 1.0 : 0.0, av, av * av, bv, bv * bv};  // SobolRecord order
            block_sum(s, sh);
            double* rec = a.recs + (g * a.n_req + r) * rec_len;
            if (threadIdx.x == 0)
                for (int k = 0; k < R::kFixed; ++k) rec[k] = s[k];
            for (int f = 0; f < a.n_fac; ++f) {
                const double ab = ok ? yab[f * a.n_req + r] - c : 0.0;
                double d[2] = {(bv - ab) * (bv - ab), (av - ab) * (av - ab)};
                block_sum(d, sh);
                if (threadIdx.x == 0) {
                    rec[R::first(f)] = d[0];
                    rec[R::total(a.n_fac, f)] = d[1];
                }
            }
            for (int f = 0; f < n_ba; ++f) {
                const double ba = ok ? yba[f * a.n_req + r] - c : 0.0;
                for (int h = f + 1; h < a.n_fac; ++h) {
                    const double ab = ok ? yab[h * a.n_req + r] - c : 0.0;
                    double d[1] = {(ba - ab) * (ba - ab)};
                    block_sum(d, sh);
                    if (threadIdx.x == 0) rec[R::pair(a.n_fac, f, h)] = d[0];
                }
            }
        }
    }
}

}  // namespace

void sobol_cuda(int model_id, const McSpec& spec, std::int64_t start, std::int64_t count,
                const SobolConfig& cfg, double* acc, std::int64_t* status, int device) {
    if (count <= 0) return;
    dispatch_model(model_id, [&](auto model) {
        using M = decltype(model);
        check_requests<M>(cfg.n_req);
        if (cfg.n_fac > M::n_inputs)
            throw std::invalid_argument("llmcore: more Sobol factors than model inputs");
        DeviceGuard guard(device);
        DeviceStudy<M::n_inputs> study(spec);
        const std::int64_t n_blocks = (count + kThreads - 1) / kThreads;
        const std::size_t n_rec =
            static_cast<std::size_t>(n_blocks) * cfg.n_req * SobolRecord::length(cfg.n_fac, cfg.second);
        DeviceBuffer<double> recs(n_rec);
        DeviceBuffer<unsigned long long> st(kNumStatusBits);
        LLMCORE_CUDA_CHECK(cudaMemset(st.get(), 0, kNumStatusBits * sizeof(unsigned long long)));
        SobolArgs<M> a{};
        a.set(study.spec, start, count, mask_of(cfg.req, cfg.n_req));
        a.n_req = cfg.n_req;
        a.n_fac = cfg.n_fac;
        a.second = cfg.second;
        for (int r = 0; r < cfg.n_req; ++r) {
            a.req[r] = cfg.req[r];
            a.shift[r] = cfg.shift[r];
        }
        for (int k = 0; k < M::n_inputs; ++k) a.fac[k] = cfg.fac[k];
        a.recs = recs.get();
        a.status = st.get();
        sobol_kernel<M><<<mc_grid(n_blocks, device, 4), kThreads>>>(a);
        LLMCORE_CUDA_CHECK(cudaGetLastError());
        std::vector<double> rec_h(n_rec);
        unsigned long long st_h[kNumStatusBits] = {};
        LLMCORE_CUDA_CHECK(cudaMemcpy(rec_h.data(), recs.get(), n_rec * sizeof(double),
                                      cudaMemcpyDeviceToHost));
        LLMCORE_CUDA_CHECK(cudaMemcpy(st_h, st.get(), sizeof(st_h), cudaMemcpyDeviceToHost));
        for (int b = 0; b < kNumStatusBits; ++b) status[b] += static_cast<std::int64_t>(st_h[b]);
        fold_sobol_records(rec_h.data(), n_blocks, start, cfg, acc);
    });
}

}  // namespace llmcore
