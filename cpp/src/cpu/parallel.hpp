// SPDX-License-Identifier: BSD-3-Clause
/// @file parallel.hpp
/// @brief Chunked parallel_for over a scenario range; worker exceptions are captured and the
///        first one is rethrown on the calling thread (the faiss handleExceptions idea).
#pragma once
#include <algorithm>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace llmcore {

/// Threads to use: `requested` if > 0, else LLMCORE_NUM_THREADS, else the hardware count.
int resolve_threads(int requested);

/// Calls f(part, begin, end) on contiguous parts of [0, n). Parts are fixed by (n, parts),
/// never by timing, so per-part results merge in a deterministic order.
template <class F>
void parallel_for(std::int64_t n, int threads, std::int64_t grain, F&& f) {
    if (n <= 0) return;
    grain = std::max<std::int64_t>(grain, 1);
    const std::int64_t max_parts = (n + grain - 1) / grain;
    const int parts = static_cast<int>(std::max<std::int64_t>(
        1, std::min<std::int64_t>(resolve_threads(threads), max_parts)));
    if (parts == 1) {
        f(0, std::int64_t{0}, n);
        return;
    }
    std::exception_ptr first;
    std::mutex mu;
    auto run = [&](int p) {
        const std::int64_t b = n * p / parts, e = n * (p + 1) / parts;
        try {
            f(p, b, e);
        } catch (...) {
            std::lock_guard<std::mutex> lock(mu);
            if (!first) first = std::current_exception();
        }
    };
    // A thread that cannot be created (process or memory limits) must not terminate the
    // interpreter: the parts it would have run run here instead. Parts are fixed by
    // (n, parts), so the results are the same whichever thread runs a part.
    std::vector<std::thread> pool;
    int started = 1;
    try {
        pool.reserve(parts - 1);
        for (; started < parts; ++started) pool.emplace_back(run, started);
    } catch (...) {  // std::system_error (EAGAIN) or std::bad_alloc
    }
    run(0);
    for (int p = started; p < parts; ++p) run(p);
    for (auto& t : pool) t.join();
    if (first) std::rethrow_exception(first);
}

}  // namespace llmcore
