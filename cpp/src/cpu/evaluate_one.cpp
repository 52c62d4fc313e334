// SPDX-License-Identifier: BSD-3-Clause
#include "cpu/evaluate_one.hpp"

#include "dispatch.hpp"

namespace llmcore {

int evaluate_one(int model_id, const double* x, const Range* ranges, engine::OutMask mask,
                 engine::AbsentMask absent, double* y, Status* status) {
    return dispatch_model(model_id, [&](auto m) {
        using M = decltype(m);
        for (int k = 0; k < M::n_inputs; ++k) {
            if (ranges[k].flags & kSkip) continue;
            if (!in_range(x[k], ranges[k])) return k;
            if (ranges[k].flags & kAbsentOk) absent |= 1ull << k;
        }
        *status = engine::eval_scenario<M>(x, y, mask, absent);
        return -1;
    });
}

}  // namespace llmcore
