// SPDX-License-Identifier: BSD-3-Clause
// Compiled when LLMCORE_WITH_CUDA is off: the same symbols, reporting no device.
#include "cuda_backend.hpp"

namespace llmcore {

bool cuda_compiled() { return false; }
int cuda_device_count() { return 0; }
std::string cuda_unavailable_reason() {
    return "llmcore was compiled without CUDA (build with -Ccmake.define.LLMCORE_CUDA=ON)";
}

}  // namespace llmcore
