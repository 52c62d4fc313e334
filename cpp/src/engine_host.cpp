// SPDX-License-Identifier: BSD-3-Clause
#include "engine_host.hpp"

#include "dispatch.hpp"
#include "llmcore/engine/refine.hpp"
#include "llmcore/engine/sample.hpp"

namespace llmcore {

namespace {

/// McSpec::absent as the kernels' bit mask (a single model has at most 64 inputs).
engine::AbsentMask absent_bits(const McSpec& spec) {
    engine::AbsentMask m = 0;
    for (int k = 0; spec.absent && k < spec.n_in && k < 64; ++k)
        if (spec.absent[k]) m |= 1ull << k;
    return m;
}

}  // namespace

void engine_host_evaluate(int model_id, const double* x, std::int64_t n, engine::OutMask mask,
                          double* y, Status* st, engine::AbsentMask absent) {
    dispatch_model(model_id, [&](auto m) {
        using M = decltype(m);
        for (std::int64_t i = 0; i < n; ++i)
            st[i] = engine::eval_scenario<M>(x + i * M::n_inputs, y + i * M::n_outputs, mask,
                                             absent);
    });
}

void engine_host_samples(int model_id, const McSpec& spec, std::uint32_t stream,
                         std::int64_t start, std::int64_t count, engine::OutMask mask, double* x,
                         double* y, Status* st, engine::AbsentMask absent) {
    absent |= absent_bits(spec);
    dispatch_model(model_id, [&](auto m) {
        using M = decltype(m);
        for (std::int64_t i = 0; i < count; ++i) {
            double* xi = x + i * M::n_inputs;
            engine::sample_scenario(spec, M::n_inputs, stream,
                                    static_cast<std::uint64_t>(start + i), xi);
            st[i] = engine::eval_scenario<M>(xi, y + i * M::n_outputs, mask, absent);
        }
    });
}

void engine_host_refine(int model_id, const McSpec& spec, std::int64_t start, std::int64_t count,
                        const RefineQuery* q, int n_q, std::int64_t* sub_counts,
                        std::vector<std::vector<double>>& collected) {
    collected.assign(n_q, {});
    engine::OutMask mask = 0;
    for (int a = 0; a < n_q; ++a) mask |= 1ull << q[a].out;
    dispatch_model(model_id, [&](auto m) {
        using M = decltype(m);
        double x[M::n_inputs], y[M::n_outputs];
        for (std::int64_t i = 0; i < count; ++i) {
            engine::sample_scenario(spec, M::n_inputs, 0, static_cast<std::uint64_t>(start + i), x);
            engine::eval_scenario<M>(x, y, mask, absent_bits(spec));
            std::int64_t off = 0;
            for (int a = 0; a < n_q; ++a) {
                const std::int64_t b = engine::refine_sub_bin(q[a], y[q[a].out]);
                if (b >= 0) {
                    ++sub_counts[off + b];
                    if (q[a].collect) collected[a].push_back(y[q[a].out]);
                }
                off += q[a].nsub;
            }
        }
    });
}

}  // namespace llmcore
