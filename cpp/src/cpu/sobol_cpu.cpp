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
        : xa(static_cast<size_t>(ev.n_in) * kMcBlock), xb(xa.size()), xab(xa.size()),
          ya(static_cast<size_t>(ev.n_out) * kMcBlock), yb(ya.size()), yab(ya.size()),
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
        std::vector<char> okv(static_cast<size_t>(cfg.n_req) * kMcBlock);
        std::vector<std::vector<double>> yabs(
            cfg.n_fac, std::vector<double>(static_cast<size_t>(cfg.n_req) * kMcBlock));
        const int n_ba = cfg.second ? cfg.n_fac - 1 : 0;  // f(BA_j): only pairs j < k use it
        std::vector<std::vector<double>> ybas(
            n_ba, std::vector<double>(static_cast<size_t>(cfg.n_req) * kMcBlock));
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
                const double* a = ya + cfg.req[r] * kMcBlock;
                const double* bb = yb + cfg.req[r] * kMcBlock;
                for (int j = 0; j < kMcBlock; ++j)
                    okv[r * kMcBlock + j] = j < len && math::isfinite(a[j]) && math::isfinite(bb[j]);
            }
            for (int f = 0; f < cfg.n_fac; ++f) {
                std::copy_n(xa, ev.n_in * kMcBlock, xab);
                for (int k = 0; k < ev.n_in; ++k)
                    if (cfg.fac[k] == f)
                        std::copy_n(xb + k * kMcBlock, kMcBlock, xab + k * kMcBlock);
                ev.eval(xab, len, mask.get(), yab, buf->st, xs);
                for (int r = 0; r < cfg.n_req; ++r) {
                    const double* ab = yab + cfg.req[r] * kMcBlock;
                    for (int j = 0; j < kMcBlock; ++j) {
                        yabs[f][r * kMcBlock + j] = ab[j];
                        okv[r * kMcBlock + j] &= math::isfinite(ab[j]);
                    }
                }
            }
            for (int f = 0; f < n_ba; ++f) {
                std::copy_n(xb, ev.n_in * kMcBlock, xab);
                for (int k = 0; k < ev.n_in; ++k)
                    if (cfg.fac[k] == f)
                        std::copy_n(xa + k * kMcBlock, kMcBlock, xab + k * kMcBlock);
                ev.eval(xab, len, mask.get(), yab, buf->st, xs);
                for (int r = 0; r < cfg.n_req; ++r) {
                    const double* ba = yab + cfg.req[r] * kMcBlock;
                    for (int j = 0; j < kMcBlock; ++j) {
                        ybas[f][r * kMcBlock + j] = ba[j];
                        okv[r * kMcBlock + j] &= math::isfinite(ba[j]);
                    }
                }
            }
            for (int r = 0; r < cfg.n_req; ++r) {
                const double* a = ya + cfg.req[r] * kMcBlock;
                const double* bb = yb + cfg.req[r] * kMcBlock;
                const char* ok = okv.data() + r * kMcBlock;
                const double c = cfg.shift[r];
                double* out = base + r * rec;
                for (int j = 0; j < len; ++j) {
                    if (!ok[j]) continue;
                    const double av = a[j] - c, bv = bb[j] - c;
                    out[R::kN] += 1.0;
                    out[R::kSumA] += av;
                    out[R::kSumA2] += av * av;
                    out[R::kSumB] += bv;
                    out[R::kSumB2] += bv * bv;
                    for (int f = 0; f < cfg.n_fac; ++f) {
                        const double ab = yabs[f][r * kMcBlock + j] - c;
                        out[R::first(f)] += (bv - ab) * (bv - ab);
                        out[R::total(cfg.n_fac, f)] += (av - ab) * (av - ab);
                    }
                    for (int f = 0; f < n_ba; ++f) {
                        const double ba = ybas[f][r * kMcBlock + j] - c;
                        for (int h = f + 1; h < cfg.n_fac; ++h) {
                            const double ab = yabs[h][r * kMcBlock + j] - c;
                            out[R::pair(cfg.n_fac, f, h)] += (ba - ab) * (ba - ab);
                        }
                    }
                }
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
    with_target(target, spec, [&](const auto& ev) {
        sobol_model(ev, spec, start, count, cfg, acc, status, threads);
    });
}

}  // namespace llmcore
