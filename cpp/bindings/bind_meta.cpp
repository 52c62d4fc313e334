// SPDX-License-Identifier: BSD-3-Clause
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <thread>

#include "cpu/parallel.hpp"
#include "cuda_backend.hpp"
#include "dispatch.hpp"
#include "llmcore/dist/transform.hpp"
#include "llmcore/engine/mc_layout.hpp"
#include "llmcore/engine/status_rule.hpp"
#include "llmcore/range.hpp"
#include "llmcore/stats/log_histogram.hpp"
#include "llmcore/status.hpp"

namespace llmcore::bind {

namespace py = pybind11;

namespace {

py::list models_py() {
    py::list out;
    for (int id = 0; id < kNumModels; ++id) {
        dispatch_model(id, [&](auto m) {
            using M = decltype(m);
            py::list ins, outs;
            for (int k = 0; k < M::n_inputs; ++k) ins.append(M::input_names()[k]);
            for (int k = 0; k < M::n_outputs; ++k) outs.append(M::output_names()[k]);
            out.append(py::make_tuple(M::name, py::tuple(ins), py::tuple(outs)));
        });
    }
    return out;
}

/// model name -> {status bit name -> the outputs that bit answers for} (engine::flagged_outputs),
/// for models that declare such outputs; Python's metadata must say the same.
py::dict flagged_outputs_py() {
    py::dict out;
    for (int id = 0; id < kNumModels; ++id) {
        dispatch_model(id, [&](auto m) {
            using M = decltype(m);
            py::dict per_bit;
            for (int b = 0; b < kNumStatusBits; ++b) {
                const auto bit = static_cast<Status>(1u << b);
                const unsigned long long mask = engine::flagged_outputs<M>(bit);
                if (mask == 0) continue;
                py::list names;
                for (int k = 0; k < M::n_outputs; ++k)
                    if ((mask >> k) & 1ull) names.append(M::output_names()[k]);
                per_bit[kStatusBitNames[b]] = py::tuple(names);
            }
            if (py::len(per_bit) > 0) out[M::name] = per_bit;
        });
    }
    return out;
}

py::dict build_info_py() {
    py::dict d;
    d["cuda"] = cuda_compiled();
    d["cuda_mc"] = cuda_mc_compiled();  // Monte Carlo/Sobol kernels (cuda/simulate_cuda.cu)
    d["compiler"] = __VERSION__;
    d["hardware_threads"] = std::thread::hardware_concurrency();
#ifdef LLMCORE_VERSION
    d["version"] = LLMCORE_VERSION;
#endif
    return d;
}

/// The constants Python would otherwise restate: defined once in C++, read from here.
py::dict constants_py() {
    py::dict d, bits, flags, sr, so, hist, kinds, cuda;
    for (int b = 0; b < kNumStatusBits; ++b) bits[kStatusBitNames[b]] = b;
    d["status_bits"] = bits;
    flags["lo_open"] = static_cast<int>(kLoOpen);
    flags["hi_open"] = static_cast<int>(kHiOpen);
    flags["skip"] = static_cast<int>(kSkip);
    flags["absent_ok"] = static_cast<int>(kAbsentOk);
    d["range_flags"] = flags;
    d["mc_block"] = kMcBlock;
    d["max_chain"] = kMaxChain;
    d["max_corr"] = kMaxCorr;
    d["rows_slot_base"] = kRowsSlotBase;
    // Record field -> offset; the per-threshold / per-factor sums follow `fixed`.
    sr["count"] = SummaryRecord::kCount;
    sr["mean"] = SummaryRecord::kMean;
    sr["m2"] = SummaryRecord::kM2;
    sr["cond_sum"] = SummaryRecord::kCondSum;  // + threshold index
    sr["fixed"] = SummaryRecord::kFixed;       // length = fixed + n_thr
    d["summary_record"] = sr;
    so["n"] = SobolRecord::kN;
    so["sum_a"] = SobolRecord::kSumA;
    so["sum_a2"] = SobolRecord::kSumA2;
    so["sum_b"] = SobolRecord::kSumB;
    so["sum_b2"] = SobolRecord::kSumB2;
    so["first"] = SobolRecord::first(0);  // Σ(b-ab_j)² at first + j
    so["fixed"] = SobolRecord::kFixed;    // Σ(a-ab_j)² at fixed + n_fac + j; length fixed + 2 n_fac
    // Second order: Σ(ba_j-ab_k)², j < k, in row order after the totals (this one is j=1, k=2
    // of 3 factors: Python checks its own pair index against it).
    so["pair_1_2_of_3"] = SobolRecord::pair(3, 1, 2);
    d["sobol_record"] = so;
    d["num_bins"] = stats::kNumBins;
    hist["sub_bits"] = stats::kSubBits;
    hist["emin"] = stats::kEmin;
    hist["emax"] = stats::kEmax;
    d["histogram"] = hist;
    const char* kind_names[] = {"const", "uniform", "loguniform", "normal",
                                "lognormal", "triangular", "table", "discrete", "piecewise"};
    static_assert(dist::kPiecewise == 8, "one name per dist::Kind");
    for (int k = dist::kConst; k <= dist::kPiecewise; ++k) kinds[kind_names[k]] = k;
    d["dist_kinds"] = kinds;
    cuda["staging_bytes"] = kCudaStagingBytes;
    cuda["samples_chunk"] = kCudaSamplesChunk;
    d["cuda"] = cuda;
    return d;
}

}  // namespace

void register_meta(py::module_& m) {
    m.def("models", &models_py, "Model (name, input names, output names) in model-id order.");
    m.def("build_info", &build_info_py, "What this binary was compiled with.");
    m.def("flagged_outputs", &flagged_outputs_py,
          "Model -> status bit -> the outputs a scenario's own flag answers for.");
    m.def("constants", &constants_py,
          "Layouts and limits shared with Python (status bits, range flags, Monte Carlo "
          "block, chain and copula limits, record layouts, histogram, CUDA chunking).");
    m.def("cuda_device_count", &cuda_device_count, "Usable CUDA devices (0 without driver).");
    m.def("cuda_unavailable_reason", &cuda_unavailable_reason);
    m.def("default_threads", [] { return resolve_threads(0); },
          "Threads a call uses when none is given (LLMCORE_NUM_THREADS or the hardware count).");
}

}  // namespace llmcore::bind
