// SPDX-License-Identifier: BSD-3-Clause
#include "cpu/parallel.hpp"

#include <cstdlib>

namespace llmcore {

int resolve_threads(int requested) {
    if (requested > 0) return requested;
    if (const char* env = std::getenv("LLMCORE_NUM_THREADS")) {
        const int v = std::atoi(env);
        if (v > 0) return v;
    }
    const unsigned hw = std::thread::hardware_concurrency();
    return hw > 0 ? static_cast<int>(hw) : 1;
}

}  // namespace llmcore
