// SPDX-License-Identifier: BSD-3-Clause
// Range pre-pass on the device, for inputs already in device memory: the same test
// (llmcore/range.hpp) and the same answer as validate.cpp (first input in model order with
// a bad value, that input's first bad index, the value). Host inputs are validated on the
// host by validate.cpp before they are copied.
#include <cuda_runtime.h>

#include <limits>
#include <vector>

#include "cuda/cuda_check.cuh"
#include "cuda_backend.hpp"

namespace llmcore {
namespace {

constexpr int kThreads = 256;
constexpr unsigned long long kNone = std::numeric_limits<unsigned long long>::max();

// One atomic per warp that sees a bad value: the lowest bad lane holds the warp's lowest
// index, because a warp covers consecutive indices in each pass of the grid-stride loop.
__global__ void __launch_bounds__(kThreads)
    first_bad_kernel(const double* p, std::int64_t stride, std::int64_t n, Range r,
                     unsigned long long* first) {
    const std::int64_t step = static_cast<std::int64_t>(gridDim.x) * blockDim.x;
    for (std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
         i < n; i += step) {
        const bool bad = !in_range(p[i * stride], r);
        const unsigned mask = __ballot_sync(__activemask(), bad);
        if (bad && (threadIdx.x & 31) == static_cast<unsigned>(__ffs(mask) - 1))
            atomicMin(first, static_cast<unsigned long long>(i));
    }
}

}  // namespace

ValidationResult validate_cuda(const DeviceColumn* cols, const Range* ranges, int n_cols,
                               std::int64_t n, CudaTarget t) {
    ValidationResult res;
    if (n <= 0 || n_cols <= 0) return res;
    DeviceGuard guard(t.device);
    const cudaStream_t s = as_stream(t.stream);
    const auto nc = static_cast<std::size_t>(n_cols);
    const std::size_t bytes = nc * sizeof(unsigned long long);
    DeviceBuffer<unsigned long long> first_d(nc);
    LLMCORE_CUDA_CHECK(cudaMemsetAsync(first_d.get(), 0xff, bytes, s));  // all kNone
    std::vector<unsigned long long> first(nc, kNone);  // host scalars
    for (int k = 0; k < n_cols; ++k) {
        if (ranges[k].flags & kSkip) continue;
        if (!cols[k].ptr) {  // host scalar passed by value
            if (!in_range(cols[k].value, ranges[k])) first[k] = 0;
            continue;
        }
        const std::int64_t len = cols[k].stride ? n : 1;  // stride 0: one broadcast value
        first_bad_kernel<<<grid_blocks(len, kThreads, t.device), kThreads, 0, s>>>(
            cols[k].ptr, cols[k].stride, len, ranges[k], first_d.get() + k);
        LLMCORE_CUDA_CHECK(cudaGetLastError());
    }
    std::vector<unsigned long long> dev(nc);
    LLMCORE_CUDA_CHECK(
        cudaMemcpyAsync(dev.data(), first_d.get(), bytes, cudaMemcpyDeviceToHost, s));
    LLMCORE_CUDA_CHECK(cudaStreamSynchronize(s));
    for (int k = 0; k < n_cols; ++k) {
        const auto kk = static_cast<std::size_t>(k);
        const unsigned long long f = cols[k].ptr ? dev[kk] : first[kk];
        if ((ranges[k].flags & kSkip) || f == kNone) continue;
        res.ok = false;
        res.input = k;
        res.index = static_cast<std::int64_t>(f);
        if (cols[k].ptr) {
            LLMCORE_CUDA_CHECK(cudaMemcpy(&res.value, cols[k].ptr + res.index * cols[k].stride,
                                          sizeof(double), cudaMemcpyDeviceToHost));
        } else {
            res.value = cols[k].value;
        }
        break;
    }
    return res;
}

}  // namespace llmcore
