// SPDX-License-Identifier: BSD-3-Clause
// Monte Carlo and Sobol bindings: generic over the model list, GIL released during compute.
// Python (python/llmcore/dist.py, simulate.py) builds the distribution arrays and owns the
// running summary state; these functions only check shapes and call the drivers.
// `device` >= 0 runs the CUDA driver on that device (cuda_backend.hpp; in a build without
// CUDA it reaches cuda_stub.cpp, which throws): the signatures are the same in both builds.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <tuple>
#include <vector>

#include "cpu/isa_dispatch.hpp"
#include "cpu/simulate_cpu.hpp"
#include "cuda_backend.hpp"
#include "dispatch.hpp"
#include "llmcore/rng/philox.hpp"
#include "llmcore/stats/log_histogram.hpp"
#include "mc_args.hpp"

namespace llmcore::bind {

namespace py = pybind11;

namespace {

std::vector<int> checked_outputs(const TargetArg& ta, const Arr<int>& req) {
    const int n_out = ta.n_out;
    std::vector<int> v(req.data(), req.data() + req.size());
    for (int r : v)
        if (r < 0 || r >= n_out) throw py::value_error("output index out of range");
    return v;
}

Arr<std::uint32_t> philox_py(const Arr<std::uint32_t>& ctr, const Arr<std::uint32_t>& key,
                             int device) {
    if (ctr.ndim() != 2 || ctr.shape(1) != 4 || key.size() != 2)
        throw py::value_error("ctr must be (n, 4) and key (2,) uint32");
    Arr<std::uint32_t> out({ctr.shape(0), py::ssize_t{4}});
    auto* o = out.mutable_data();
    const auto* c = ctr.data();
    if (device >= 0) {
        py::gil_scoped_release release;
        philox_cuda(c, ctr.shape(0), key.data()[0], key.data()[1], o, device);
        return out;
    }
    for (py::ssize_t i = 0; i < ctr.shape(0); ++i) {
        const rng::Words4 w = rng::philox4x32_10(c[4 * i], c[4 * i + 1], c[4 * i + 2],
                                                 c[4 * i + 3], key.data()[0], key.data()[1]);
        for (int k = 0; k < 4; ++k) o[4 * i + k] = w.v[k];
    }
    return out;
}

template <class T>
T* state_ptr(const py::dict& st, const char* name, py::ssize_t size) {
    auto a = st[name].cast<py::array_t<T, py::array::c_style>>();
    if (a.size() != size || !a.writeable())
        throw py::value_error(std::string("state[") + name + "] has the wrong size");
    return a.mutable_data();
}

void simulate_py(const py::object& model, const py::tuple& spec_t, std::int64_t start, std::int64_t count,
                 const Arr<int>& req_a, const Arr<double>& thr, const py::dict& st, int threads,
                 int device) {
    Prepared p(model, spec_t, start, count, device);
    const TargetArg& ta = p.ta;
    Spec& spec = p.spec;
    const std::vector<int> req = checked_outputs(ta, req_a);
    const auto n_req = static_cast<py::ssize_t>(req.size());
    if (thr.ndim() != 2 || thr.shape(0) != n_req) throw py::value_error("thr must be (n_req, n_thr)");
    const int n_thr = static_cast<int>(thr.shape(1));
    const bool hist = !st["hist"].is_none();
    SummaryConfig cfg{static_cast<int>(n_req), req.data(), n_thr, thr.data(), hist};
    SummaryState s{state_ptr<double>(st, "moments", 3 * n_req),
                   state_ptr<double>(st, "minmax", 2 * n_req),
                   hist ? state_ptr<std::int64_t>(st, "hist", n_req * stats::kNumBins) : nullptr,
                   state_ptr<std::int64_t>(st, "exceed", n_req * n_thr),
                   state_ptr<double>(st, "cond_sum", n_req * n_thr),
                   state_ptr<std::int64_t>(st, "nonfinite", n_req),
                   state_ptr<std::int64_t>(st, "status", kNumStatusBits)};
    // Safe without the GIL: only raw buffers kept alive by this frame are touched.
    py::gil_scoped_release release;
    if (device >= 0)
        simulate_cuda(ta.t.model_id, spec.mc, start, count, cfg, s, device);
    else
        simulate_cpu(ta.t, spec.mc, start, count, cfg, s, threads);
}

void samples_py(const py::object& model, const py::tuple& spec_t, std::int64_t start, std::int64_t count,
                const py::list& outs, const py::list& ins, const py::object& status, int threads,
                int device) {
    Prepared p(model, spec_t, start, count, device);
    const TargetArg& ta = p.ta;
    Spec& spec = p.spec;
    const int n_in = ta.n_in, n_out = ta.n_out;
    if (outs.size() != static_cast<size_t>(n_out) || ins.size() != static_cast<size_t>(n_in))
        throw py::value_error("outs/ins must have one slot per model output/input");
    std::vector<py::array_t<double, py::array::c_style>> keep;
    auto ptrs = [&](const py::list& l) {
        std::vector<double*> v(l.size(), nullptr);
        for (size_t k = 0; k < l.size(); ++k) {
            if (l[k].is_none()) continue;
            auto a = l[k].cast<py::array_t<double, py::array::c_style>>();
            if (a.size() != count || !a.writeable()) throw py::value_error("sample array size");
            v[k] = a.mutable_data();
            keep.push_back(a);
        }
        return v;
    };
    auto o = ptrs(outs), i = ptrs(ins);
    Status* sp = nullptr;
    py::array_t<Status, py::array::c_style> sa;
    if (!status.is_none()) {
        sa = status.cast<py::array_t<Status, py::array::c_style>>();
        if (sa.size() != count || !sa.writeable()) throw py::value_error("status array size");
        sp = sa.mutable_data();
    }
    py::gil_scoped_release release;
    if (device >= 0)
        samples_cuda(ta.t.model_id, spec.mc, start, count, o.data(), i.data(), sp, device);
    else
        samples_cpu(ta.t, spec.mc, start, count, o.data(), i.data(), sp, threads);
}

py::tuple refine_py(const py::object& model, const py::tuple& spec_t, std::int64_t start, std::int64_t count,
                    const py::list& queries, int threads, int device, std::int64_t cap) {
    Prepared p(model, spec_t, start, count, device);
    const TargetArg& ta = p.ta;
    Spec& spec = p.spec;
    std::int64_t total = 0;
    const std::vector<RefineQuery> q = parse_queries(queries, ta.n_out, total);
    py::array_t<std::int64_t> sub(total);
    std::fill_n(sub.mutable_data(), total, 0);
    std::vector<std::vector<double>> got;
    {
        std::int64_t* sp = sub.mutable_data();
        py::gil_scoped_release release;
        if (device >= 0)
            refine_cuda(ta.t.model_id, spec.mc, start, count, q.data(),
                        static_cast<int>(q.size()), sp, got, cap, device);
        else
            refine_cpu(ta.t, spec.mc, start, count, q.data(), static_cast<int>(q.size()), sp,
                       got, threads);
    }
    py::list vals;
    for (auto& v : got) vals.append(py::array_t<double>(static_cast<py::ssize_t>(v.size()), v.data()));
    return py::make_tuple(sub, vals);
}

void sobol_py(const py::object& model, const py::tuple& spec_t, std::int64_t start, std::int64_t count,
              const Arr<int>& req_a, const Arr<double>& shift, const Arr<int>& fac, int n_fac,
              int groups, py::array_t<double, py::array::c_style> acc,
              py::array_t<std::int64_t, py::array::c_style> status, int threads, int device,
              bool second) {
    Prepared p(model, spec_t, start, count, device);
    const TargetArg& ta = p.ta;
    Spec& spec = p.spec;
    const std::vector<int> req = checked_outputs(ta, req_a);
    const auto n_req = static_cast<py::ssize_t>(req.size());
    if (shift.size() != n_req || fac.size() != spec.mc.n_in || groups < 1 || n_fac < 0)
        throw py::value_error("sobol: bad shift, factor map or groups");
    for (py::ssize_t k = 0; k < fac.size(); ++k)
        if (fac.data()[k] < -1 || fac.data()[k] >= n_fac) throw py::value_error("factor index");
    if (acc.size() != groups * n_req * SobolRecord::length(n_fac, second) || !acc.writeable() ||
        status.size() != kNumStatusBits || !status.writeable())
        throw py::value_error("sobol: accumulator has the wrong size");
    SobolConfig cfg{static_cast<int>(n_req), req.data(), shift.data(), n_fac, fac.data(), groups,
                    second};
    double* ap = acc.mutable_data();
    std::int64_t* sp = status.mutable_data();
    py::gil_scoped_release release;
    if (device >= 0)
        sobol_cuda(ta.t.model_id, spec.mc, start, count, cfg, ap, sp, device);
    else
        sobol_cpu(ta.t, spec.mc, start, count, cfg, ap, sp, threads);
}

}  // namespace

void register_simulate(py::module_& m) {
    m.def("philox4x32_10", &philox_py, py::arg("ctr"), py::arg("key"), py::arg("device") = -1,
          "Raw Philox4x32-10 words for counters (n, 4) under key (2,); on a CUDA device if "
          "device >= 0.");
    m.def("simulate_chunk", &simulate_py, py::arg("model_id"), py::arg("spec"), py::arg("start"),
          py::arg("count"), py::arg("req"), py::arg("thr"), py::arg("state"),
          py::arg("threads") = 0, py::arg("device") = -1,
          "Fold scenarios [start, start+count) into the running summary `state` (in place).");
    m.def("simulate_samples", &samples_py, py::arg("model_id"), py::arg("spec"), py::arg("start"),
          py::arg("count"), py::arg("outs"), py::arg("ins"), py::arg("status"),
          py::arg("threads") = 0, py::arg("device") = -1,
          "Write sampled inputs/outputs of [start, start+count).");
    m.def("simulate_refine", &refine_py, py::arg("model_id"), py::arg("spec"), py::arg("start"),
          py::arg("count"), py::arg("queries"), py::arg("threads") = 0, py::arg("device") = -1,
          py::arg("cap") = std::int64_t{1} << 21,
          "One exact-quantile pass: sub-bin counts and collected values per key-range query.");
    m.def("sobol_chunk", &sobol_py, py::arg("model_id"), py::arg("spec"), py::arg("start"),
          py::arg("count"), py::arg("req"), py::arg("shift"), py::arg("fac"), py::arg("n_fac"),
          py::arg("groups"), py::arg("acc"), py::arg("status"), py::arg("threads") = 0,
          py::arg("device") = -1, py::arg("second_order") = false,
          "Add Saltelli/Jansen sums of [start, start+count) into acc (in place); with "
          "second_order also the pair sums (SobolRecord::pair).");
    m.def("mc_simd", [](int level) {
              force_simd_level(level);
              return simd_level();
          }, py::arg("level") = -1,
          "Test knob: force the SIMD level of the CPU drivers, evaluate and Monte Carlo alike "
          "(0 baseline, 1 AVX2, 2 AVX-512, -1 automatic); returns the level in use.");
    m.def("cuda_mc_grid", &cuda_mc_grid_limit, py::arg("blocks") = -2,
          "Test knob: at most `blocks` CUDA blocks per Monte Carlo launch (0: fill the device, "
          "-2: only read); results must not depend on it. Returns the value in force.");
}

}  // namespace llmcore::bind
