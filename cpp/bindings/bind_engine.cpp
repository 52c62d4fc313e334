// SPDX-License-Identifier: BSD-3-Clause
// The host engine (engine_host.hpp): the per-scenario functions the CUDA kernels run, in a
// plain host loop, so tests without a GPU check them against the CPU backend. Private
// names (_engine_host_*): test hooks, not API.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <vector>

#include "arrays.hpp"
#include "engine_host.hpp"
#include "mc_args.hpp"

namespace llmcore::bind {

namespace {

template <class T>
using Out = py::array_t<T, py::array::c_style>;

py::tuple host_evaluate_py(int model_id, const Arr<double>& x, engine::OutMask mask,
                           engine::AbsentMask absent_mask) {
    const auto [n_in, n_out] = model_shape(model_id);
    if (x.ndim() != 2 || x.shape(1) != n_in)
        throw py::value_error("inputs must be (n, " + std::to_string(n_in) + ")");
    check_absent_mask(absent_mask, static_cast<std::size_t>(n_in));
    const py::ssize_t n = x.shape(0);
    Out<double> y({n, static_cast<py::ssize_t>(n_out)});
    Out<Status> st(n);
    {
        py::gil_scoped_release release;
        engine_host_evaluate(model_id, x.data(), n, mask, y.mutable_data(), st.mutable_data(),
                             absent_mask);
    }
    return py::make_tuple(y, st);
}

/// The host engine runs one model, as the kernels do.
const Prepared& one_model(const Prepared& p) {
    if (p.ta.t.chain != nullptr) throw py::value_error("the host engine runs one model");
    return p;
}

py::tuple host_samples_py(const py::object& model, const py::tuple& spec_t, std::int64_t start,
                          std::int64_t count, engine::OutMask mask, std::uint32_t stream,
                          engine::AbsentMask absent_mask) {
    Prepared p(model, spec_t, start, count, -1);
    one_model(p);
    check_absent_mask(absent_mask, static_cast<std::size_t>(p.ta.n_in));
    if (!p.spec.sobol.empty() && stream > 1)
        throw py::value_error("sampler='sobol' has streams 0 (A) and 1 (B) only");
    Out<double> x({static_cast<py::ssize_t>(count), static_cast<py::ssize_t>(p.ta.n_in)});
    Out<double> y({static_cast<py::ssize_t>(count), static_cast<py::ssize_t>(p.ta.n_out)});
    Out<Status> st(count);
    {
        py::gil_scoped_release release;
        engine_host_samples(p.ta.t.model_id, p.spec.mc, stream, start, count, mask,
                            x.mutable_data(), y.mutable_data(), st.mutable_data(), absent_mask);
    }
    return py::make_tuple(x, y, st);
}

py::tuple host_refine_py(const py::object& model, const py::tuple& spec_t, std::int64_t start,
                         std::int64_t count, const py::list& queries) {
    Prepared p(model, spec_t, start, count, -1);
    one_model(p);
    std::int64_t total = 0;
    const std::vector<RefineQuery> q = parse_queries(queries, p.ta.n_out, total);
    Out<std::int64_t> sub(total);
    std::fill_n(sub.mutable_data(), total, 0);
    std::vector<std::vector<double>> got;
    {
        std::int64_t* sp = sub.mutable_data();
        py::gil_scoped_release release;
        engine_host_refine(p.ta.t.model_id, p.spec.mc, start, count, q.data(),
                           static_cast<int>(q.size()), sp, got);
    }
    py::list vals;
    for (auto& v : got) vals.append(Out<double>(static_cast<py::ssize_t>(v.size()), v.data()));
    return py::make_tuple(sub, vals);
}

}  // namespace

void register_engine(py::module_& m) {
    m.def("_engine_host_evaluate", &host_evaluate_py, py::arg("model_id"), py::arg("inputs"),
          py::arg("mask"), py::arg("absent_mask") = 0,
          "engine::eval_scenario per row of inputs (n, n_inputs), on the host. `mask`: "
          "requested outputs, bit k = output k. `absent_mask`: bit k = input k may be NaN per "
          "scenario (missing_input). Returns (outputs (n, n_outputs), status (n,)).");
    m.def("_engine_host_samples", &host_samples_py, py::arg("model_id"), py::arg("spec"),
          py::arg("start"), py::arg("count"), py::arg("mask"), py::arg("stream") = 0,
          py::arg("absent_mask") = 0,
          "engine::sample_scenario + eval_scenario per scenario, on the host (the samples "
          "kernel's step). `absent_mask` adds to the spec's own (its 9th element). Returns "
          "(inputs (count, n_in), outputs (count, n_out), status).");
    m.def("_engine_host_refine", &host_refine_py, py::arg("model_id"), py::arg("spec"),
          py::arg("start"), py::arg("count"), py::arg("queries"),
          "One exact-quantile pass through the engine's refine step, on the host (the refine "
          "kernel's step). Returns (sub-bin counts, collected values per query).");
}

}  // namespace llmcore::bind
