// SPDX-License-Identifier: BSD-3-Clause
/// @file cuda_backend.hpp
/// @brief The CUDA entry points. cuda_stub.cpp implements them when CUDA is not compiled,
///        so the bindings are identical in both builds.
#pragma once
#include <string>

namespace llmcore {

bool cuda_compiled();
/// Devices usable now; 0 when compiled without CUDA or when no driver/device is present.
int cuda_device_count();
/// Why there is no usable device ("" when there is one).
std::string cuda_unavailable_reason();

}  // namespace llmcore
