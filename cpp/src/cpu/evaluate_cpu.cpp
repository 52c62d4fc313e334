// SPDX-License-Identifier: BSD-3-Clause
#include "cpu/evaluate_cpu.hpp"

#include <algorithm>
#include <array>
#include <mutex>

#include "cpu/parallel.hpp"
#include "dispatch.hpp"
#include "llmcore/math.hpp"

namespace llmcore {
namespace {

constexpr int kBlock = 256;

// Scalars are expanded into a small per-thread buffer and unrequested outputs go to a
// scratch buffer, so the inner loop sees only unit-stride pointers and vectorises.
template <class M>
void eval_range(const Column* cols, double* const* outs, Status* status, std::int64_t b,
                std::int64_t e, std::int64_t* counts) {
    alignas(64) double bcast[M::n_inputs][kBlock];
    alignas(64) double scratch[M::n_outputs][kBlock];
    for (int k = 0; k < M::n_inputs; ++k)
        if (cols[k].stride == 0) std::fill_n(bcast[k], kBlock, cols[k].ptr[0]);
    std::array<std::int64_t, kNumStatusBits> local{};
    for (std::int64_t s = b; s < e; s += kBlock) {
        const int len = static_cast<int>(std::min<std::int64_t>(kBlock, e - s));
        const double* p[M::n_inputs];
        double* q[M::n_outputs];
        bool requested[M::n_outputs];
        for (int k = 0; k < M::n_inputs; ++k)
            p[k] = cols[k].stride ? cols[k].ptr + s : bcast[k];
        for (int k = 0; k < M::n_outputs; ++k) {
            requested[k] = outs[k] != nullptr;
            q[k] = requested[k] ? outs[k] + s : scratch[k];
        }
        Status st_block[kBlock];
#pragma GCC ivdep
        for (int j = 0; j < len; ++j) {
            double x[M::n_inputs], y[M::n_outputs];
            for (int k = 0; k < M::n_inputs; ++k) x[k] = p[k][j];
            typename M::In in;
            typename M::Out o;
            Status st = kOk;
            M::load(in, x);
            M::evaluate(in, o, st);
            M::store(o, y);
            bool nonfinite = false;
            for (int k = 0; k < M::n_outputs; ++k) {
                q[k][j] = y[k];
                nonfinite |= requested[k] & !math::isfinite(y[k]);
            }
            // An unreachable target's NaN outputs are its answer, already flagged.
            const bool flagged = (st & kUnreachableTarget) != 0;
            st_block[j] = st | (nonfinite && !flagged ? kNonFinite : kOk);
        }
        for (int j = 0; j < len; ++j)
            for (int bit = 0; bit < kNumStatusBits; ++bit) local[bit] += (st_block[j] >> bit) & 1u;
        if (status) std::copy_n(st_block, len, status + s);
    }
    for (int bit = 0; bit < kNumStatusBits; ++bit) counts[bit] += local[bit];
}

}  // namespace

void evaluate_cpu(int model_id, const Column* in, double* const* outs, Status* status,
                  std::int64_t n, int threads, std::int64_t grain,
                  std::int64_t counts[kNumStatusBits]) {
    dispatch_model(model_id, [&](auto model) {
        using M = decltype(model);
        std::mutex mu;
        parallel_for(n, threads, grain, [&](int, std::int64_t b, std::int64_t e) {
            std::int64_t part[kNumStatusBits] = {};
            eval_range<M>(in, outs, status, b, e, part);
            std::lock_guard<std::mutex> lock(mu);
            for (int bit = 0; bit < kNumStatusBits; ++bit) counts[bit] += part[bit];
        });
    });
}

}  // namespace llmcore
