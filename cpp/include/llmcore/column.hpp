// SPDX-License-Identifier: BSD-3-Clause
/// @file column.hpp
/// @brief A scenario column: an array (stride 1) or one broadcast scalar (stride 0).
#pragma once
#include <cstdint>

#include "llmcore/config.hpp"

namespace llmcore {

struct Column {
    const double* ptr;
    std::int64_t stride;  // 0 = the same value for every scenario: no memory per scenario
    LLMCORE_HD LLMCORE_INLINE double at(std::int64_t i) const { return ptr[i * stride]; }
};

}  // namespace llmcore
