// SPDX-License-Identifier: BSD-3-Clause
#include "cpu/simulate_cpu.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <memory>
#include <mutex>

#include "cpu/isa_dispatch.hpp"
#include "cpu/lanes.hpp"
#include "cpu/mc_target.hpp"
#include "cpu/parallel.hpp"
#include "dispatch.hpp"
#include "llmcore/engine/refine.hpp"
#include "llmcore/stats/log_histogram.hpp"
#include "llmcore/stats/moments.hpp"

namespace llmcore {

namespace {

/// Scenario blocks [b, e) of this call; block g covers scenarios start + g*kMcBlock ....
template <class F>
void for_blocks(std::int64_t count, int threads, F&& f) {
    const std::int64_t n_blocks = (count + kMcBlock - 1) / kMcBlock;
    parallel_for(n_blocks, threads, 16, std::forward<F>(f));
}

struct PartAcc {  // per-thread, order-independent parts of the summary
    std::vector<double> mn, mx;
    std::vector<std::int64_t> hist, exceed, nonfinite;
    std::array<std::int64_t, kNumStatusBits> status{};
};

/// Per-block record of one requested output (SummaryRecord).
LLMCORE_INLINE void block_summary(const double* v, int len, const SummaryConfig& cfg, int r, double* rec,
                   PartAcc& acc) {
    // Sums of x - x0 (x0 = the block's first finite value): exact for a constant block and
    // free of cancellation when the spread is small against the magnitude.
    double x0 = 0.0;
    for (int j = 0; j < len; ++j)
        if (math::isfinite(v[j])) {
            x0 = v[j];
            break;
        }
    // Each pass maps the block elementwise into a temporary, then sums the temporary into
    // kLanes per-lane accumulators (lane l takes j % kLanes == l, in order): GCC vectorises
    // both loops, where a conditional inside the lane loop left everything scalar. The
    // per-lane order, and so the bits, are those of the plain loop on every SIMD level.
    alignas(64) double t0[kMcBlock], t1[kMcBlock];
    for (int j = 0; j < kMcBlock; ++j) {
        const double x = v[j];
        const bool f = math::isfinite(x);
        t0[j] = f ? x - x0 : 0.0;
        t1[j] = f ? 1.0 : 0.0;
    }
    double s[kLanes] = {}, c[kLanes] = {};
    for (int j = 0; j < kMcBlock; j += kLanes)
        for (int l = 0; l < kLanes; ++l) {
            s[l] += t0[j + l];
            c[l] += t1[j + l];
        }
    const double cnt = lane_sum(c), sum = lane_sum(s);
    const double mean = cnt > 0 ? x0 + sum / cnt : 0.0;
    constexpr double kInf = std::numeric_limits<double>::infinity();
    alignas(64) double t2[kMcBlock];
    for (int j = 0; j < kMcBlock; ++j) {
        const double x = v[j];
        const bool f = math::isfinite(x);
        const double d = f ? x - mean : 0.0;
        t0[j] = d * d;
        t1[j] = f ? x : kInf;
        t2[j] = f ? x : -kInf;
    }
    double q[kLanes] = {}, lo[kLanes], hi[kLanes];
    std::fill_n(lo, kLanes, kInf);
    std::fill_n(hi, kLanes, -kInf);
    for (int j = 0; j < kMcBlock; j += kLanes)
        for (int l = 0; l < kLanes; ++l) {
            q[l] += t0[j + l];
            lo[l] = t1[j + l] < lo[l] ? t1[j + l] : lo[l];
            hi[l] = t2[j + l] > hi[l] ? t2[j + l] : hi[l];
        }
    rec[SummaryRecord::kCount] = cnt;
    rec[SummaryRecord::kMean] = mean;
    rec[SummaryRecord::kM2] = lane_sum(q);
    for (int l = 0; l < kLanes; ++l) {
        acc.mn[r] = std::min(acc.mn[r], lo[l]);
        acc.mx[r] = std::max(acc.mx[r], hi[l]);
    }
    acc.nonfinite[r] += len - static_cast<std::int64_t>(cnt);
    for (int t = 0; t < cfg.n_thr; ++t) {
        const double th = cfg.thr[r * cfg.n_thr + t];
        for (int j = 0; j < kMcBlock; ++j) {
            const double x = v[j];
            const bool above = math::isfinite(x) && x > th;
            t0[j] = above ? x : 0.0;
            t1[j] = above ? 1.0 : 0.0;
        }
        double cs[kLanes] = {}, ce[kLanes] = {};
        for (int j = 0; j < kMcBlock; j += kLanes)
            for (int l = 0; l < kLanes; ++l) {
                cs[l] += t0[j + l];
                ce[l] += t1[j + l];
            }
        rec[SummaryRecord::kCondSum + t] = lane_sum(cs);
        acc.exceed[r * cfg.n_thr + t] += static_cast<std::int64_t>(lane_sum(ce));
    }
    if (cfg.hist) {
        std::int64_t* h = acc.hist.data() + static_cast<std::int64_t>(r) * stats::kNumBins;
        // Bin indices in a vectorised pass (non-finite values to a dummy slot), then the
        // scalar increments.
        constexpr int kSkip = static_cast<int>(stats::kNumBins);
        int idx[kMcBlock];
        for (int j = 0; j < kMcBlock; ++j) idx[j] = math::isfinite(v[j]) ? stats::bin_of(v[j]) : kSkip;
        for (int j = 0; j < len; ++j)
            if (idx[j] < kSkip) ++h[idx[j]];
    }
}

LLMCORE_INLINE void count_status(const Status* st, int len, std::array<std::int64_t, kNumStatusBits>& out) {
    for (int j = 0; j < len; ++j)
        for (int b = 0; b < kNumStatusBits; ++b) out[b] += (st[j] >> b) & 1u;
}

std::unique_ptr<bool[]> mask_of(int n_out, const int* req, int n_req) {
    std::unique_ptr<bool[]> mask(new bool[n_out]);
    std::fill_n(mask.get(), n_out, false);
    for (int r = 0; r < n_req; ++r) mask[req[r]] = true;
    return mask;
}

template <class E>
struct McBuffers {  // a chain: sizes known at run time
    std::vector<double> xv, yv, sv;
    Status st[kMcBlock];
    explicit McBuffers(const E& ev)
        : xv(static_cast<size_t>(ev.n_in) * kMcRow), yv(static_cast<size_t>(ev.n_out) * kMcRow),
          sv(static_cast<size_t>(ev.scratch)) {}
    double* x() { return xv.data(); }
    double* y() { return yv.data(); }
    double* xs() { return sv.data(); }
};

template <class M, engine::OutMask G>
struct McBuffers<OneModel<M, G>> {  // one model: fixed-size, aligned (the fast path)
    alignas(64) double xa[M::n_inputs * kMcRow];
    alignas(64) double ya[M::n_outputs * kMcRow];
    Status st[kMcBlock];
    explicit McBuffers(const OneModel<M, G>&) {}
    double* x() { return xa; }
    double* y() { return ya; }
    double* xs() { return nullptr; }
};

template <class E>
void simulate_model(const E& ev, const McSpec& spec, std::int64_t start, std::int64_t count,
                    const SummaryConfig& cfg, SummaryState& state, int threads) {
    const int rec_len = SummaryRecord::length(cfg.n_thr);
    const std::int64_t n_blocks = (count + kMcBlock - 1) / kMcBlock;
    std::vector<double> recs(static_cast<size_t>(n_blocks) * cfg.n_req * rec_len);
    std::vector<PartAcc> parts;
    std::mutex mu;
    const auto mask = mask_of(ev.n_out, cfg.req, cfg.n_req);
    const int level = simd_level();
    for_blocks(count, threads, [&](int, std::int64_t b, std::int64_t e) {
        PartAcc acc;
        acc.mn.assign(cfg.n_req, std::numeric_limits<double>::infinity());
        acc.mx.assign(cfg.n_req, -std::numeric_limits<double>::infinity());
        acc.exceed.assign(static_cast<size_t>(cfg.n_req) * cfg.n_thr, 0);
        acc.nonfinite.assign(cfg.n_req, 0);
        if (cfg.hist) acc.hist.assign(static_cast<size_t>(cfg.n_req) * stats::kNumBins, 0);
        auto buf = std::make_unique<McBuffers<E>>(ev);
        auto body = [&](std::int64_t g) LLMCORE_BODY {
            const std::int64_t i0 = start + g * kMcBlock;
            const int len = static_cast<int>(std::min<std::int64_t>(kMcBlock, count - g * kMcBlock));
            sample_block(spec, 0, i0, len, buf->x());
            ev.eval(buf->x(), len, mask.get(), buf->y(), buf->st, buf->xs());
            count_status(buf->st, len, acc.status);
            for (int r = 0; r < cfg.n_req; ++r)
                block_summary(buf->y() + cfg.req[r] * kMcRow, len, cfg, r,
                              recs.data() + (g * cfg.n_req + r) * rec_len, acc);
        };
        isa::run_blocks(level, body, b, e);
        std::lock_guard<std::mutex> lock(mu);
        parts.push_back(std::move(acc));
    });
    // Order-independent parts: integer sums and exact min/max.
    for (const PartAcc& p : parts) {
        for (int r = 0; r < cfg.n_req; ++r) {
            state.minmax[2 * r] = std::min(state.minmax[2 * r], p.mn[r]);
            state.minmax[2 * r + 1] = std::max(state.minmax[2 * r + 1], p.mx[r]);
            state.nonfinite[r] += p.nonfinite[r];
        }
        for (size_t k = 0; k < p.exceed.size(); ++k) state.exceed[k] += p.exceed[k];
        if (cfg.hist && state.hist)
            for (size_t k = 0; k < p.hist.size(); ++k) state.hist[k] += p.hist[k];
        for (int bit = 0; bit < kNumStatusBits; ++bit) state.status[bit] += p.status[bit];
    }
    // Float parts: folded in global block order (the fixed reduction tree).
    fold_summary_records(recs.data(), n_blocks, cfg, state);
}

template <class E>
void samples_model(const E& ev, const McSpec& spec, std::int64_t start, std::int64_t count,
                   double* const* outs, double* const* ins, Status* status, int threads) {
    std::unique_ptr<bool[]> mask(new bool[ev.n_out]);
    for (int k = 0; k < ev.n_out; ++k) mask[k] = outs[k] != nullptr;
    const int level = simd_level();
    for_blocks(count, threads, [&](int, std::int64_t b, std::int64_t e) {
        auto buf = std::make_unique<McBuffers<E>>(ev);
        auto body = [&](std::int64_t g) LLMCORE_BODY {
            const std::int64_t off = g * kMcBlock;
            const int len = static_cast<int>(std::min<std::int64_t>(kMcBlock, count - off));
            sample_block(spec, 0, start + off, len, buf->x());
            ev.eval(buf->x(), len, mask.get(), buf->y(), buf->st, buf->xs());
            for (int k = 0; k < ev.n_out; ++k)
                if (outs[k]) std::copy_n(buf->y() + k * kMcRow, len, outs[k] + off);
            for (int k = 0; k < ev.n_in; ++k)
                if (ins && ins[k]) std::copy_n(buf->x() + k * kMcRow, len, ins[k] + off);
            if (status) std::copy_n(buf->st, len, status + off);
        };
        isa::run_blocks(level, body, b, e);
    });
}

template <class E>
void refine_model(const E& ev, const McSpec& spec, std::int64_t start, std::int64_t count,
                  const RefineQuery* q, int n_q, std::int64_t* sub_counts,
                  std::vector<std::vector<double>>& collected, int threads) {
    std::unique_ptr<bool[]> mask(new bool[ev.n_out]);
    std::fill_n(mask.get(), ev.n_out, false);
    for (int a = 0; a < n_q; ++a) mask[q[a].out] = true;
    std::int64_t total_sub = 0;
    for (int a = 0; a < n_q; ++a) total_sub += q[a].nsub;
    std::mutex mu;
    collected.assign(n_q, {});
    const int level = simd_level();
    for_blocks(count, threads, [&](int, std::int64_t b, std::int64_t e) {
        auto buf = std::make_unique<McBuffers<E>>(ev);
        std::vector<std::int64_t> sub(static_cast<size_t>(total_sub), 0);
        std::vector<std::vector<double>> got(n_q);
        auto body = [&](std::int64_t g) LLMCORE_BODY {
            const int len = static_cast<int>(std::min<std::int64_t>(kMcBlock, count - g * kMcBlock));
            sample_block(spec, 0, start + g * kMcBlock, len, buf->x());
            ev.eval(buf->x(), len, mask.get(), buf->y(), buf->st, buf->xs());
            std::int64_t off = 0;
            alignas(64) std::uint64_t keys[kMcBlock];
            int hit[kMcBlock];
            int keyed = -1;  // the output whose keys `keys` holds
            for (int a = 0; a < n_q; ++a) {
                // An output's keys once for all its queries, then, per query, the few values
                // in its key range found without branches and binned alone: the pass then
                // costs little more than the model.
                const double* v = buf->y() + q[a].out * kMcRow;
                if (q[a].out != keyed) {
                    for (int j = 0; j < len; ++j) keys[j] = engine::refine_key(v[j]);
                    keyed = q[a].out;
                }
                int nh = 0;
                for (int j = 0; j < len; ++j) {
                    hit[nh] = j;
                    nh += engine::refine_hit_key(q[a], keys[j]) ? 1 : 0;
                }
                for (int h = 0; h < nh; ++h) {
                    ++sub[off + engine::refine_sub_bin_key(q[a], keys[hit[h]])];
                    if (q[a].collect) got[a].push_back(v[hit[h]]);
                }
                off += q[a].nsub;
            }
        };
        isa::run_blocks(level, body, b, e);
        std::lock_guard<std::mutex> lock(mu);  // collected values are sorted later: order free
        for (std::int64_t k = 0; k < total_sub; ++k) sub_counts[k] += sub[k];
        for (int a = 0; a < n_q; ++a)
            collected[a].insert(collected[a].end(), got[a].begin(), got[a].end());
    });
}

}  // namespace

void simulate_cpu(const Target& target, const McSpec& spec, std::int64_t start,
                  std::int64_t count, const SummaryConfig& cfg, SummaryState& state, int threads) {
    with_target_tiered(target, spec, output_mask(cfg.req, cfg.n_req), [&](const auto& ev) {
        simulate_model(ev, spec, start, count, cfg, state, threads);
    });
}

void samples_cpu(const Target& target, const McSpec& spec, std::int64_t start, std::int64_t count,
                 double* const* outs, double* const* ins, Status* status, int threads) {
    with_target(target, spec, [&](const auto& ev) {
        samples_model(ev, spec, start, count, outs, ins, status, threads);
    });
}

void refine_cpu(const Target& target, const McSpec& spec, std::int64_t start, std::int64_t count,
                const RefineQuery* q, int n_q, std::int64_t* sub_counts,
                std::vector<std::vector<double>>& collected, int threads) {
    engine::OutMask requested = 0;
    for (int a = 0; a < n_q; ++a) requested |= output_mask(&q[a].out, 1);
    with_target_tiered(target, spec, requested, [&](const auto& ev) {
        refine_model(ev, spec, start, count, q, n_q, sub_counts, collected, threads);
    });
}

}  // namespace llmcore
