// SPDX-License-Identifier: BSD-3-Clause
/// @file cuda_check.cuh
/// @brief Error checks and RAII owners for the CUDA drivers (host code only).
#pragma once
#include <cuda_runtime.h>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace llmcore {

/// A CUDA runtime error; the binding turns it into RuntimeError with this message.
struct CudaError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

[[noreturn]] inline void cuda_fail(cudaError_t err, const char* expr, const char* file,
                                   int line) {
    throw CudaError(std::string("llmcore: CUDA error ") + cudaGetErrorName(err) + " (" +
                    cudaGetErrorString(err) + ") in " + expr + " at " + file + ":" +
                    std::to_string(line));
}

#define LLMCORE_CUDA_CHECK(expr)                                                 \
    do {                                                                         \
        const cudaError_t llmcore_err_ = (expr);                                 \
        if (llmcore_err_ != cudaSuccess)                                         \
            ::llmcore::cuda_fail(llmcore_err_, #expr, __FILE__, __LINE__);       \
    } while (0)

inline cudaStream_t as_stream(std::uintptr_t s) { return reinterpret_cast<cudaStream_t>(s); }

/// Makes `device` current for one call and restores the caller's device afterwards.
class DeviceGuard {
  public:
    explicit DeviceGuard(int device) {
        LLMCORE_CUDA_CHECK(cudaGetDevice(&previous_));
        if (device != previous_) LLMCORE_CUDA_CHECK(cudaSetDevice(device));
    }
    ~DeviceGuard() { cudaSetDevice(previous_); }
    DeviceGuard(const DeviceGuard&) = delete;
    DeviceGuard& operator=(const DeviceGuard&) = delete;

  private:
    int previous_ = 0;
};

/// Device memory freed on scope exit (also when a later check throws).
template <class T>
class DeviceBuffer {
  public:
    explicit DeviceBuffer(std::size_t count) {
        if (count) LLMCORE_CUDA_CHECK(cudaMalloc(reinterpret_cast<void**>(&p_), count * sizeof(T)));
    }
    ~DeviceBuffer() { cudaFree(p_); }
    DeviceBuffer(const DeviceBuffer&) = delete;
    DeviceBuffer& operator=(const DeviceBuffer&) = delete;
    T* get() const { return p_; }

  private:
    T* p_ = nullptr;
};

/// Page-locked host memory: the only kind a copy engine reads asynchronously.
template <class T>
class PinnedBuffer {
  public:
    explicit PinnedBuffer(std::size_t count) {
        if (count)
            LLMCORE_CUDA_CHECK(cudaMallocHost(reinterpret_cast<void**>(&p_), count * sizeof(T)));
    }
    ~PinnedBuffer() { cudaFreeHost(p_); }
    PinnedBuffer(const PinnedBuffer&) = delete;
    PinnedBuffer& operator=(const PinnedBuffer&) = delete;
    T* get() const { return p_; }

  private:
    T* p_ = nullptr;
};

class Stream {
  public:
    Stream() { LLMCORE_CUDA_CHECK(cudaStreamCreateWithFlags(&s_, cudaStreamNonBlocking)); }
    ~Stream() { cudaStreamDestroy(s_); }
    Stream(const Stream&) = delete;
    Stream& operator=(const Stream&) = delete;
    cudaStream_t get() const { return s_; }

  private:
    cudaStream_t s_ = nullptr;
};

/// Blocks for a grid-stride launch: enough to fill the device, never more than the work.
inline unsigned grid_blocks(std::int64_t n, int threads_per_block, int device) {
    int sms = 0;
    LLMCORE_CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device));
    const std::int64_t need = (n + threads_per_block - 1) / threads_per_block;
    const std::int64_t fill = static_cast<std::int64_t>(sms) * 16;
    return static_cast<unsigned>(need < fill ? (need > 0 ? need : 1) : fill);
}

}  // namespace llmcore
