// SPDX-License-Identifier: BSD-3-Clause
/// @file cuda_backend.hpp
/// @brief The CUDA entry points. cuda/*.cu implement them when CUDA is compiled and
///        cuda_stub.cpp otherwise, so the bindings (and the module's ABI) are identical in
///        both builds. No pybind11 here: .cu files include this header.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "llmcore/engine/mc_fold.hpp"
#include "llmcore/engine/mc_layout.hpp"
#include "llmcore/engine/status_rule.hpp"
#include "llmcore/range.hpp"
#include "llmcore/status.hpp"
#include "validate.hpp"

namespace llmcore {

/// Host-fed evaluate: pinned staging per pipeline slot is capped at this many bytes, so
/// pinned allocations stay cheap (exported by _core.constants()).
constexpr std::int64_t kCudaStagingBytes = std::int64_t{64} << 20;
/// samples=True on CUDA: scenarios per device-memory chunk of each sampled column.
constexpr std::int64_t kCudaSamplesChunk = std::int64_t{1} << 22;

bool cuda_compiled();
/// Devices usable now; 0 when compiled without CUDA or when no driver/device is present.
int cuda_device_count();
/// Why there is no usable device ("" when there is one).
std::string cuda_unavailable_reason();
/// The device ordinal whose memory holds `ptr` (managed memory included), or -1 for host
/// or unknown memory.
int cuda_pointer_device(std::uintptr_t ptr);

/// A column in device memory (ptr, element stride; stride 0 = one value broadcast), or a
/// host scalar passed by value (ptr == nullptr): kernels take it as a launch argument.
struct DeviceColumn {
    const double* ptr;
    std::int64_t stride;
    double value;
};

/// Where a device-mode call runs: a device ordinal and a cudaStream_t as an integer (0 =
/// legacy default stream, 1 = cudaStreamLegacy, 2 = cudaStreamPerThread, as in the CUDA
/// array interface).
struct CudaTarget {
    int device;
    std::uintptr_t stream;
};

/// Makes `t.stream` wait for the work queued so far on `producer` (an input's stream).
void cuda_stream_wait(CudaTarget t, std::uintptr_t producer);

/// Range pre-pass over device columns (same result as validate()); synchronises t.stream.
ValidationResult validate_cuda(const DeviceColumn* cols, const Range* ranges, int n_cols,
                               std::int64_t n, CudaTarget t);

/// Device mode: inputs, outputs (outs[k] null = not requested) and status (may be null)
/// are device memory. Enqueued on t.stream; returns after it finishes because the status
/// counts are read back. `absent`: inputs that may be NaN per scenario (bit k = input k;
/// engine/status_rule.hpp), as evaluate_cpu's.
void evaluate_cuda_device(int model_id, const DeviceColumn* in, double* const* outs,
                          Status* status, std::int64_t n, CudaTarget t,
                          std::int64_t counts[kNumStatusBits], engine::AbsentMask absent = 0);

/// Host mode: host columns (stride 0 or 1), host outputs and status. Streams chunks of at
/// most `chunk` scenarios through pinned staging buffers on two streams, so copies of one
/// chunk overlap the kernel of the other.
void evaluate_cuda_host(int model_id, const Column* in, double* const* outs, Status* status,
                        std::int64_t n, std::int64_t chunk, int device,
                        std::int64_t counts[kNumStatusBits], engine::AbsentMask absent = 0);

// ---- Monte Carlo (cuda/simulate_cuda.cu, cuda/sobol_cuda.cu): the CPU drivers'
// contracts (cpu/simulate_cpu.hpp) with host arrays in and out, on device `device`.
// Synchronous; device memory is allocated per call. See design/cuda.md "Monte Carlo".

/// Whether the Monte Carlo kernels are compiled in (build_info()["cuda_mc"]).
bool cuda_mc_compiled();
/// Test knob: at most `blocks` CUDA blocks per Monte Carlo launch (0 = fill the device;
/// -2 = only read). Results must not depend on it. Returns the value in force.
int cuda_mc_grid_limit(int blocks);

void simulate_cuda(int model_id, const McSpec& spec, std::int64_t start, std::int64_t count,
                   const SummaryConfig& cfg, SummaryState& state, int device);
/// outs[k] / ins[k]: host arrays of length count or null; status may be null.
void samples_cuda(int model_id, const McSpec& spec, std::int64_t start, std::int64_t count,
                  double* const* outs, double* const* ins, Status* status, int device);
/// `cap`: the most values a collecting query may gather (Python's COLLECT_CAP).
void refine_cuda(int model_id, const McSpec& spec, std::int64_t start, std::int64_t count,
                 const RefineQuery* q, int n_q, std::int64_t* sub_counts,
                 std::vector<std::vector<double>>& collected, std::int64_t cap, int device);
void sobol_cuda(int model_id, const McSpec& spec, std::int64_t start, std::int64_t count,
                const SobolConfig& cfg, double* acc, std::int64_t* status, int device);
/// Raw Philox4x32-10 words of n counters (n x 4) under key (k0, k1), computed on the device.
void philox_cuda(const std::uint32_t* ctr, std::int64_t n, std::uint32_t k0, std::uint32_t k1,
                 std::uint32_t* out, int device);

}  // namespace llmcore
