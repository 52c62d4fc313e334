// SPDX-License-Identifier: BSD-3-Clause
/// @file dispatch.hpp
/// @brief Model id -> model type, generated from the one model list (host only).
#pragma once
#include <stdexcept>
#include <string>

#include "llmcore/models/model_list.hpp"

namespace llmcore {

constexpr int kNumModels = 0
#define LLMCORE_COUNT_MODEL(M) +1
    LLMCORE_FOR_EACH_MODEL(LLMCORE_COUNT_MODEL)
#undef LLMCORE_COUNT_MODEL
    ;

/// Calls f(models::M{}) for the model at position `id` of LLMCORE_FOR_EACH_MODEL.
template <class F>
decltype(auto) dispatch_model(int id, F&& f) {
    int k = 0;
#define LLMCORE_DISPATCH_MODEL(M) \
    if (id == k++) return f(models::M{});
    LLMCORE_FOR_EACH_MODEL(LLMCORE_DISPATCH_MODEL)
#undef LLMCORE_DISPATCH_MODEL
    throw std::out_of_range("llmcore: unknown model id " + std::to_string(id));
}

inline int n_inputs_of(int id) {
    return dispatch_model(id, [](auto m) { return decltype(m)::n_inputs; });
}

}  // namespace llmcore
