// SPDX-License-Identifier: BSD-3-Clause
/// Sobol first-order and total indices (Saltelli 2010 design, Jansen 1999 estimators),
/// streamed: per scenario i, A_i (stream 0, the same scenario as simulate's i) and B_i
/// (stream 1) and, per factor j, AB_i^j = A_i with factor j's inputs from B_i. Only sums
/// are kept; per-block sums are folded in global block order (fixed reduction tree).
/// Second-order indices add BA_i^j = B_i with factor j's inputs from A_i, j < n_fac - 1
/// (SobolRecord's pair sums).
#include <algorithm>
#include <array>
#include <memory>
#include <mutex>

#include "cpu/isa_dispatch.hpp"
#include "cpu/lanes.hpp"
#include "cpu/mc_target.hpp"
#include "cpu/parallel.hpp"
#include "cpu/simulate_cpu.hpp"
#include "dispatch.hpp"

namespace llmcore {
namespace {

template <class E>
struct SobolBuffers {  // per thread, reused by every block
    std::vector<double> xa, xb, xab, ya, yb, yab, xs;
    Status st[kMcBlock];
    explicit SobolBuffers(const E& ev)
        : xa(static_cast<size_t>(ev.n_in) * kMcRow), xb(xa.size()), xab(xa.size()),
          ya(static_cast<size_t>(ev.n_out) * kMcRow), yb(ya.size()), yab(ya.size()),
          xs(static_cast<size_t>(ev.scratch)) {}
};

template <class E>
void sobol_model(const E& ev, const McSpec& spec, std::int64_t start, std::int64_t count,
                 const SobolConfig& cfg, double* acc, std::int64_t* status, int threads) {
    using R = SobolRecord;
    const int rec = R::length(cfg.n_fac, cfg.second);
    const std::int64_t n_blocks = (count + kMcBlock - 1) / kMcBlock;
    std::vector<double> recs(static_cast<size_t>(n_blocks) * cfg.n_req * rec, 0.0);
    std::unique_ptr<bool[]> mask(new bool[ev.n_out]);
    std::fill_n(mask.get(), ev.n_out, false);
    for (int r = 0; r < cfg.n_req; ++r) mask[cfg.req[r]] = true;
    std::mutex mu;
    const int level = simd_level();
    parallel_for(n_blocks, threads, 4, [&](int, std::int64_t b, std::int64_t e) {
        auto buf = std::make_unique<SobolBuffers<E>>(ev);
        double* const xa = buf->xa.data();
        double* const xb = buf->xb.data();
        double* const xab = buf->xab.data();
        double* const ya = buf->ya.data();
        double* const yb = buf->yb.data();
        double* const yab = buf->yab.data();
        double* const xs = buf->xs.data();
        std::array<std::int64_t, kNumStatusBits> st_count{};
        // Per-thread scratch, reused by every block (no allocation in the block loop).
        // ok: 64-bit so that the selects below vectorise beside the doubles.
        std::vector<std::int64_t> okv(static_cast<size_t>(cfg.n_req) * kMcBlock);
        std::vector<std::vector<double>> yabs(
            cfg.n_fac, std::vector<double>(static_cast<size_t>(cfg.n_req) * kMcBlock));
        const int n_ba = cfg.second ? cfg.n_fac - 1 : 0;  // f(BA_j): only pairs j < k use it
        std::vector<std::vector<double>> ybas(
            n_ba, std::vector<double>(static_cast<size_t>(cfg.n_req) * kMcBlock));
        // Centred values of one requested output, zero where a scenario does not count.
        std::vector<double> cab(static_cast<size_t>(cfg.n_fac) * kMcBlock);
        std::vector<double> cba(static_cast<size_t>(n_ba) * kMcBlock);
        alignas(64) double ca[kMcBlock], cb[kMcBlock], cn[kMcBlock];
        // f(x with factor f's rows taken from `from`): the rows are swapped in and back,
        // not the whole block copied per factor.
        // LLMCORE_BODY: inlined into the ISA-specific loops like the body itself.
        auto eval_swapped = [&](const double* base, const double* from, int f, int len,
                                double* y) LLMCORE_BODY {
            for (int k = 0; k < ev.n_in; ++k)
                if (cfg.fac[k] == f) std::copy_n(from + k * kMcRow, kMcBlock, xab + k * kMcRow);
            ev.eval(xab, len, mask.get(), y, buf->st, xs);
            for (int k = 0; k < ev.n_in; ++k)
                if (cfg.fac[k] == f) std::copy_n(base + k * kMcRow, kMcBlock, xab + k * kMcRow);
        };
        auto body = [&](std::int64_t g) LLMCORE_BODY {
            const std::int64_t i0 = start + g * kMcBlock;
            const int len = static_cast<int>(std::min<std::int64_t>(kMcBlock, count - g * kMcBlock));
            sample_block(spec, 0, i0, len, xa);
            sample_block(spec, 1, i0, len, xb);
            ev.eval(xa, len, mask.get(), ya, buf->st, xs);
            for (int j = 0; j < len; ++j)
                for (int bit = 0; bit < kNumStatusBits; ++bit) st_count[bit] += (buf->st[j] >> bit) & 1u;
            ev.eval(xb, len, mask.get(), yb, buf->st, xs);
            double* base = recs.data() + g * cfg.n_req * rec;
            // A scenario counts only where f(A), f(B) and every f(AB_j) are finite.
            for (int r = 0; r < cfg.n_req; ++r) {
                const double* a = ya + cfg.req[r] * kMcRow;
                const double* bb = yb + cfg.req[r] * kMcRow;
                for (int j = 0; j < kMcBlock; ++j)
                    okv[r * kMcBlock + j] = j < len && math::isfinite(a[j]) && math::isfinite(bb[j]);
            }
            // Past len, ok is 0: the sums below run over whole blocks and those count nowhere.
            std::copy_n(xa, ev.n_in * kMcRow, xab);
            for (int f = 0; f < cfg.n_fac; ++f) {
                eval_swapped(xa, xb, f, len, yab);
                for (int r = 0; r < cfg.n_req; ++r) {
                    const double* ab = yab + cfg.req[r] * kMcRow;
                    std::int64_t* ok = okv.data() + r * kMcBlock;
                    for (int j = 0; j < kMcBlock; ++j) {
                        yabs[f][r * kMcBlock + j] = ab[j];
                        ok[j] &= math::isfinite(ab[j]) ? 1 : 0;
                    }
                }
            }
            if (n_ba > 0) std::copy_n(xb, ev.n_in * kMcRow, xab);
            for (int f = 0; f < n_ba; ++f) {
                eval_swapped(xb, xa, f, len, yab);
                for (int r = 0; r < cfg.n_req; ++r) {
                    const double* ba = yab + cfg.req[r] * kMcRow;
                    std::int64_t* ok = okv.data() + r * kMcBlock;
                    for (int j = 0; j < kMcBlock; ++j) {
                        ybas[f][r * kMcBlock + j] = ba[j];
                        ok[j] &= math::isfinite(ba[j]) ? 1 : 0;
                    }
                }
            }
            // Sums over the block in explicit lanes (cpu/lanes.hpp): vectorised, and the
            // same bits on every SIMD level.
            for (int r = 0; r < cfg.n_req; ++r) {
                const double* a = ya + cfg.req[r] * kMcRow;
                const double* bb = yb + cfg.req[r] * kMcRow;
                const std::int64_t* ok = okv.data() + r * kMcBlock;
                const double c = cfg.shift[r];
                double* out = base + r * rec;
                for (int j = 0; j < kMcBlock; ++j) {
                    ca[j] = ok[j] ? a[j] - c : 0.0;
                    cb[j] = ok[j] ? bb[j] - c : 0.0;
                    cn[j] = ok[j] ? 1.0 : 0.0;
                }
                for (int f = 0; f < cfg.n_fac; ++f) {
                    const double* ab = yabs[f].data() + r * kMcBlock;
                    double* t = cab.data() + f * kMcBlock;
                    for (int j = 0; j < kMcBlock; ++j) t[j] = ok[j] ? ab[j] - c : 0.0;
                }
                for (int f = 0; f < n_ba; ++f) {
                    const double* ba = ybas[f].data() + r * kMcBlock;
                    double* t = cba.data() + f * kMcBlock;
                    for (int j = 0; j < kMcBlock; ++j) t[j] = ok[j] ? ba[j] - c : 0.0;
                }
                out[R::kN] = block_sum(cn);
                out[R::kSumA] = block_sum(ca);
                out[R::kSumA2] = block_sq_sum(ca);
                out[R::kSumB] = block_sum(cb);
                out[R::kSumB2] = block_sq_sum(cb);
                for (int f = 0; f < cfg.n_fac; ++f) {
                    const double* t = cab.data() + f * kMcBlock;
                    out[R::first(f)] = block_sq_diff(cb, t);
                    out[R::total(cfg.n_fac, f)] = block_sq_diff(ca, t);
                }
                for (int f = 0; f < n_ba; ++f)
                    for (int h = f + 1; h < cfg.n_fac; ++h)
                        out[R::pair(cfg.n_fac, f, h)] =
                            block_sq_diff(cba.data() + f * kMcBlock, cab.data() + h * kMcBlock);
            }
        };
        isa::run_blocks(level, body, b, e);
        std::lock_guard<std::mutex> lock(mu);
        for (int bit = 0; bit < kNumStatusBits; ++bit) status[bit] += st_count[bit];
    });
    fold_sobol_records(recs.data(), n_blocks, start, cfg, acc);
}

}  // namespace

void sobol_cpu(const Target& target, const McSpec& spec, std::int64_t start, std::int64_t count,
               const SobolConfig& cfg, double* acc, std::int64_t* status, int threads) {
    with_target_tiered(target, spec, output_mask(cfg.req, cfg.n_req), [&](const auto& ev) {
        sobol_model(ev, spec, start, count, cfg, acc, status, threads);
    });
}

}  // namespace llmcore
