// SPDX-License-Identifier: BSD-3-Clause
// Device discovery. cudart is linked statically, so these run (and report "no driver")
// on machines without the NVIDIA driver instead of failing to import.
#include <cuda_runtime.h>

#include "cuda/cuda_check.cuh"
#include "cuda_backend.hpp"

namespace llmcore {

namespace {
cudaError_t device_count(int& n) {
    n = 0;
    const cudaError_t err = cudaGetDeviceCount(&n);
    if (err != cudaSuccess) {
        (void)cudaGetLastError();  // clear the sticky-free error so later calls start clean
        n = 0;
    }
    return err;
}
}  // namespace

bool cuda_compiled() { return true; }

int cuda_device_count() {
    int n = 0;
    device_count(n);
    return n;
}

std::string cuda_unavailable_reason() {
    int n = 0;
    const cudaError_t err = device_count(n);
    if (err != cudaSuccess)
        return std::string("no CUDA driver/device: ") + cudaGetErrorString(err) + " (" +
               cudaGetErrorName(err) + ")";
    if (n == 0) return "no CUDA device found";
    return "";
}

int cuda_pointer_device(std::uintptr_t ptr) {
    if (ptr == 0 || cuda_device_count() == 0) return -1;
    cudaPointerAttributes attr{};
    if (cudaPointerGetAttributes(&attr, reinterpret_cast<const void*>(ptr)) != cudaSuccess) {
        (void)cudaGetLastError();
        return -1;
    }
    if (attr.type == cudaMemoryTypeDevice || attr.type == cudaMemoryTypeManaged)
        return attr.device;
    return -1;
}

void cuda_stream_wait(CudaTarget t, std::uintptr_t producer) {
    if (producer == t.stream) return;
    DeviceGuard guard(t.device);
    cudaEvent_t ev;
    LLMCORE_CUDA_CHECK(cudaEventCreateWithFlags(&ev, cudaEventDisableTiming));
    cudaError_t err = cudaEventRecord(ev, as_stream(producer));
    if (err == cudaSuccess) err = cudaStreamWaitEvent(as_stream(t.stream), ev, 0);
    cudaEventDestroy(ev);  // safe: destruction is deferred until the wait is satisfied
    LLMCORE_CUDA_CHECK(err);
}

}  // namespace llmcore
