// SPDX-License-Identifier: BSD-3-Clause
/// @file visit_model.hpp
/// @brief Model id -> model type without exceptions, usable from CUDA translation units.
///        dispatch.hpp (host drivers) throws on an unknown id; this returns false instead,
///        so .cu files need nothing outside cpp/include.
#pragma once
#include "llmcore/config.hpp"
#include "llmcore/models/model_list.hpp"

namespace llmcore {

/// Calls f(models::M{}) for the model at position `id` of LLMCORE_FOR_EACH_MODEL.
/// Returns false (and calls nothing) when `id` names no model. Host code passes host
/// lambdas; nv_exec_check_disable tells nvcc that is fine for this __host__ __device__
/// template (the thrust/Eigen idiom).
#if defined(__CUDACC__)
#pragma nv_exec_check_disable
#endif
template <class F>
LLMCORE_HD bool visit_model(int id, F&& f) {
    int k = 0;
#define LLMCORE_VISIT_MODEL(M) \
    if (id == k++) {           \
        f(models::M{});        \
        return true;           \
    }
    LLMCORE_FOR_EACH_MODEL(LLMCORE_VISIT_MODEL)
#undef LLMCORE_VISIT_MODEL
    return false;
}

}  // namespace llmcore
