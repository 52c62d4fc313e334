// SPDX-License-Identifier: BSD-3-Clause
/// @file status.hpp
/// @brief Per-scenario status bits: kernels flag, never throw.
#pragma once
#include <cstdint>

namespace llmcore {

using Status = std::uint32_t;

// Bit positions are part of the Python contract (llmcore._models.STATUS_BITS).
enum StatusBit : Status {
    kOk = 0,
    kNonFinite = 1u << 0,          // an output was NaN/inf although every input was valid
    kUnreachableTarget = 1u << 1,  // e.g. scaling: target loss at or below the irreducible E
    kDoesNotFit = 1u << 2,         // memory exceeds what the accelerators hold
    kMissingInput = 1u << 3,       // an output is NaN because an input the scenario lacks
                                   // (NaN in an absent-able input) feeds it: absent, not 0
    kInconsistentInputs = 1u << 4,  // inputs that are each valid contradict one another
                                    // (parallelism: params below its embeddings): the outputs
                                    // that need them are NaN, not numbers that look right
};

constexpr int kNumStatusBits = 5;

/// Bit b's name in Python (status_counts keys; _core.constants()["status_bits"]).
constexpr const char* kStatusBitNames[kNumStatusBits] = {
    "non_finite", "unreachable_target", "does_not_fit", "missing_input", "inconsistent_inputs"};

}  // namespace llmcore
