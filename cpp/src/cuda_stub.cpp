// SPDX-License-Identifier: BSD-3-Clause
// Compiled when LLMCORE_WITH_CUDA is off: the same symbols, reporting no device. Python
// checks cuda_device_count() before calling an entry point, so the throws below are a
// safety net, not a user-facing path.
#include <stdexcept>

#include "cuda_backend.hpp"

namespace llmcore {

namespace {
[[noreturn]] void no_cuda() {
    throw std::runtime_error("llmcore was compiled without CUDA");
}
}  // namespace

bool cuda_compiled() { return false; }
int cuda_device_count() { return 0; }
std::string cuda_unavailable_reason() {
    return "llmcore was compiled without CUDA (build with -Ccmake.define.LLMCORE_CUDA=ON)";
}
int cuda_pointer_device(std::uintptr_t) { return -1; }
void cuda_stream_wait(CudaTarget, std::uintptr_t) { no_cuda(); }
ValidationResult validate_cuda(const DeviceColumn*, const Range*, int, std::int64_t,
                               CudaTarget) {
    no_cuda();
}
void evaluate_cuda_device(int, const DeviceColumn*, double* const*, Status*, std::int64_t,
                          CudaTarget, std::int64_t*, engine::AbsentMask) {
    no_cuda();
}
void evaluate_cuda_host(int, const Column*, double* const*, Status*, std::int64_t,
                        std::int64_t, int, std::int64_t*, engine::AbsentMask) {
    no_cuda();
}

bool cuda_mc_compiled() { return false; }
int cuda_mc_grid_limit(int) { return 0; }
void simulate_cuda(int, const McSpec&, std::int64_t, std::int64_t, const SummaryConfig&,
                   SummaryState&, int) {
    no_cuda();
}
void samples_cuda(int, const McSpec&, std::int64_t, std::int64_t, double* const*,
                  double* const*, Status*, int) {
    no_cuda();
}
void refine_cuda(int, const McSpec&, std::int64_t, std::int64_t, const RefineQuery*, int,
                 std::int64_t*, std::vector<std::vector<double>>&, std::int64_t, int) {
    no_cuda();
}
void sobol_cuda(int, const McSpec&, std::int64_t, std::int64_t, const SobolConfig&, double*,
                std::int64_t*, int) {
    no_cuda();
}
void philox_cuda(const std::uint32_t*, std::int64_t, std::uint32_t, std::uint32_t,
                 std::uint32_t*, int) {
    no_cuda();
}

}  // namespace llmcore
