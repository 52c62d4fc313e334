// SPDX-License-Identifier: BSD-3-Clause
// Batch evaluation on a CUDA device: one grid-stride kernel template instantiated for every
// model of LLMCORE_FOR_EACH_MODEL, running the engine's scenario (engine::eval_scenario: the
// model functions and the status rule of the CPU driver); counts[b] = number of scenarios
// with status bit b. Built with --fmad=false (CMakeLists.txt) so no multiply-add is
// contracted, as on the CPU (-ffp-contract=off); only the libm functions (pow/exp/log) may
// differ by an ulp or two.
#include <cuda_runtime.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "cuda/cuda_check.cuh"
#include "cuda_backend.hpp"
#include "dispatch.hpp"
#include "llmcore/engine/scenario.hpp"

namespace llmcore {
namespace {

constexpr int kThreads = 256;
// At least 4 resident blocks per SM: without the hint ptxas keeps every launch argument
// in registers (171 for training -> 1 block/SM, 12.5% occupancy); with it, 62 registers,
// no spills (ptxas -v, sm_90), and enough warps in flight to hide memory latency.
constexpr int kMinBlocksPerSM = 4;

template <class M>
struct EvalArgs {
    DeviceColumn in[M::n_inputs];
    double* out[M::n_outputs];  // null = output not requested
    engine::OutMask mask;       // the requested outputs (out[k] != null)
    engine::AbsentMask absent;  // inputs that may be NaN per scenario (missing_input)
    Status* status;             // may be null
    unsigned long long* counts; // kNumStatusBits counters in device memory
    std::int64_t n;
};

/// One scenario: gather the device columns, the engine's scenario, scatter what was asked.
template <class M>
__device__ __forceinline__ Status eval_at(const EvalArgs<M>& a, std::int64_t i) {
    double x[M::n_inputs], y[M::n_outputs];
#pragma unroll
    for (int k = 0; k < M::n_inputs; ++k)
        x[k] = a.in[k].ptr ? a.in[k].ptr[i * a.in[k].stride] : a.in[k].value;
    const Status st = engine::eval_scenario<M>(x, y, a.mask, a.absent);
#pragma unroll
    for (int k = 0; k < M::n_outputs; ++k)
        if (a.out[k]) a.out[k][i] = y[k];
    return st;
}

template <class M>
__global__ void __launch_bounds__(kThreads, kMinBlocksPerSM)
    evaluate_kernel(const EvalArgs<M> a) {
    unsigned local[kNumStatusBits] = {};
    const std::int64_t step = static_cast<std::int64_t>(gridDim.x) * blockDim.x;
    for (std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
         i < a.n; i += step) {
        const Status st = eval_at<M>(a, i);
        if (a.status) a.status[i] = st;
#pragma unroll
        for (int b = 0; b < kNumStatusBits; ++b) local[b] += (st >> b) & 1u;
    }
    // Every thread reaches here (the loop has no early exit), so a full-warp reduction is
    // valid; one atomic per warp and bit, and none when the count is zero (the usual case).
#pragma unroll
    for (int b = 0; b < kNumStatusBits; ++b) {
        const unsigned sum = __reduce_add_sync(0xffffffffu, local[b]);
        if ((threadIdx.x & 31) == 0 && sum)
            atomicAdd(a.counts + b, static_cast<unsigned long long>(sum));
    }
}

template <class M>
void launch(EvalArgs<M>& a, cudaStream_t s, int device) {
    if (a.n <= 0) return;
    a.mask = 0;
    for (int k = 0; k < M::n_outputs; ++k) a.mask |= a.out[k] ? (1ull << k) : 0ull;
    evaluate_kernel<M><<<grid_blocks(a.n, kThreads, device), kThreads, 0, s>>>(a);
    LLMCORE_CUDA_CHECK(cudaGetLastError());
}

void read_counts(const unsigned long long* counts_d, cudaStream_t s,
                 std::int64_t counts[kNumStatusBits]) {
    unsigned long long host[kNumStatusBits] = {};
    LLMCORE_CUDA_CHECK(cudaMemcpyAsync(host, counts_d, sizeof(host), cudaMemcpyDeviceToHost, s));
    LLMCORE_CUDA_CHECK(cudaStreamSynchronize(s));
    for (int b = 0; b < kNumStatusBits; ++b) counts[b] += static_cast<std::int64_t>(host[b]);
}

}  // namespace

void evaluate_cuda_device(int model_id, const DeviceColumn* in, double* const* outs,
                          Status* status, std::int64_t n, CudaTarget t,
                          std::int64_t counts[kNumStatusBits], engine::AbsentMask absent) {
    dispatch_model(model_id, [&](auto model) {
        using M = decltype(model);
        DeviceGuard guard(t.device);
        const cudaStream_t s = as_stream(t.stream);
        DeviceBuffer<unsigned long long> counts_d(kNumStatusBits);
        LLMCORE_CUDA_CHECK(cudaMemsetAsync(counts_d.get(), 0,
                                           kNumStatusBits * sizeof(unsigned long long), s));
        EvalArgs<M> a{};
        for (int k = 0; k < M::n_inputs; ++k) a.in[k] = in[k];
        for (int k = 0; k < M::n_outputs; ++k) a.out[k] = outs[k];
        a.status = status;
        a.counts = counts_d.get();
        a.n = n;
        a.absent = absent;
        launch(a, s, t.device);
        read_counts(counts_d.get(), s, counts);
    });
}

namespace {

/// One of the two pipeline slots of the host-fed path: a stream, pinned staging and
/// device buffers for one chunk of every array input, requested output and the status.
struct Slot {
    Stream stream;
    PinnedBuffer<double> in_h, out_h;
    DeviceBuffer<double> in_d, out_d;
    PinnedBuffer<Status> st_h;
    DeviceBuffer<Status> st_d;
    std::int64_t begin = 0, len = 0;  // the chunk whose results are in flight (len 0: none)
    Slot(std::size_t n_in, std::size_t n_out, std::size_t n_st)
        : in_h(n_in), out_h(n_out), in_d(n_in), out_d(n_out), st_h(n_st), st_d(n_st) {}
};

}  // namespace

void evaluate_cuda_host(int model_id, const Column* in, double* const* outs, Status* status,
                        std::int64_t n, std::int64_t chunk, int device,
                        std::int64_t counts[kNumStatusBits], engine::AbsentMask absent) {
    dispatch_model(model_id, [&](auto model) {
        using M = decltype(model);
        if (n <= 0) return;
        DeviceGuard guard(device);
        std::vector<int> arr_in, req_out;
        for (int k = 0; k < M::n_inputs; ++k)
            if (in[k].stride != 0) arr_in.push_back(k);
        for (int k = 0; k < M::n_outputs; ++k)
            if (outs[k]) req_out.push_back(k);
        // Cap a slot's staging so pinned allocations stay cheap.
        const std::int64_t per_scenario =
            8 * static_cast<std::int64_t>(arr_in.size() + req_out.size()) + 4;
        const std::int64_t cap = kCudaStagingBytes / per_scenario;
        chunk = std::max<std::int64_t>(1, std::min({chunk, n, cap}));
        const auto c = static_cast<std::size_t>(chunk);
        Slot slots[2] = {Slot(c * arr_in.size(), c * req_out.size(), status ? c : 0),
                         Slot(c * arr_in.size(), c * req_out.size(), status ? c : 0)};
        DeviceBuffer<unsigned long long> counts_d(kNumStatusBits);
        LLMCORE_CUDA_CHECK(cudaMemsetAsync(counts_d.get(), 0,
                                           kNumStatusBits * sizeof(unsigned long long),
                                           slots[0].stream.get()));
        LLMCORE_CUDA_CHECK(cudaStreamSynchronize(slots[0].stream.get()));

        // Results of a slot's chunk go back to the caller's arrays once its stream is done.
        auto drain = [&](Slot& sl) {
            if (sl.len == 0) return;
            LLMCORE_CUDA_CHECK(cudaStreamSynchronize(sl.stream.get()));
            for (std::size_t j = 0; j < req_out.size(); ++j)
                std::memcpy(outs[req_out[j]] + sl.begin, sl.out_h.get() + j * c,
                            static_cast<std::size_t>(sl.len) * sizeof(double));
            if (status)
                std::memcpy(status + sl.begin, sl.st_h.get(),
                            static_cast<std::size_t>(sl.len) * sizeof(Status));
            sl.len = 0;
        };

        std::int64_t chunk_no = 0;
        for (std::int64_t b = 0; b < n; b += chunk, ++chunk_no) {
            Slot& sl = slots[chunk_no & 1];
            drain(sl);  // chunk_no - 2 used this slot; the other slot keeps the GPU busy
            const std::int64_t len = std::min(chunk, n - b);
            const std::size_t bytes = static_cast<std::size_t>(len) * sizeof(double);
            const cudaStream_t s = sl.stream.get();
            EvalArgs<M> a{};
            for (int k = 0; k < M::n_inputs; ++k)
                a.in[k] = DeviceColumn{nullptr, 0, in[k].stride ? 0.0 : in[k].ptr[0]};
            for (std::size_t j = 0; j < arr_in.size(); ++j) {
                std::memcpy(sl.in_h.get() + j * c, in[arr_in[j]].ptr + b, bytes);
                LLMCORE_CUDA_CHECK(cudaMemcpyAsync(sl.in_d.get() + j * c, sl.in_h.get() + j * c,
                                                   bytes, cudaMemcpyHostToDevice, s));
                a.in[arr_in[j]] = DeviceColumn{sl.in_d.get() + j * c, 1, 0.0};
            }
            for (int k = 0; k < M::n_outputs; ++k) a.out[k] = nullptr;
            for (std::size_t j = 0; j < req_out.size(); ++j)
                a.out[req_out[j]] = sl.out_d.get() + j * c;
            a.status = status ? sl.st_d.get() : nullptr;
            a.counts = counts_d.get();
            a.n = len;
            a.absent = absent;
            launch(a, s, device);
            for (std::size_t j = 0; j < req_out.size(); ++j)
                LLMCORE_CUDA_CHECK(cudaMemcpyAsync(sl.out_h.get() + j * c, sl.out_d.get() + j * c,
                                                   bytes, cudaMemcpyDeviceToHost, s));
            if (status)
                LLMCORE_CUDA_CHECK(cudaMemcpyAsync(sl.st_h.get(), sl.st_d.get(),
                                                   static_cast<std::size_t>(len) * sizeof(Status),
                                                   cudaMemcpyDeviceToHost, s));
            sl.begin = b;
            sl.len = len;
        }
        drain(slots[chunk_no & 1]);
        drain(slots[(chunk_no + 1) & 1]);
        read_counts(counts_d.get(), slots[0].stream.get(), counts);
    });
}

}  // namespace llmcore
