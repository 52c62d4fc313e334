// SPDX-License-Identifier: BSD-3-Clause
// One generic binding per operation: adding a model never touches this file.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "arrays.hpp"
#include "cpu/evaluate_cpu.hpp"
#include "cpu/evaluate_one.hpp"
#include "dispatch.hpp"
#include "validate.hpp"

namespace llmcore::bind {

namespace {

int checked_model(int model_id, size_t n_in, size_t n_out) {
    dispatch_model(model_id, [&](auto m) {
        using M = decltype(m);
        if (n_in != static_cast<size_t>(M::n_inputs))
            throw py::value_error(std::string(M::name) + ": expected " +
                                  std::to_string(M::n_inputs) + " input columns");
        if (n_out != static_cast<size_t>(M::n_outputs) && n_out != 0)
            throw py::value_error(std::string(M::name) + ": expected " +
                                  std::to_string(M::n_outputs) + " output slots");
    });
    return model_id;
}

std::vector<Range> to_ranges(const py::array_t<double, py::array::c_style>& ranges, size_t n) {
    if (ranges.ndim() != 2 || ranges.shape(1) != 3 || ranges.shape(0) != static_cast<py::ssize_t>(n))
        throw py::value_error("ranges must have shape (n_inputs, 3): lo, hi, flags");
    std::vector<Range> rs(n);
    auto r = ranges.unchecked<2>();
    for (size_t k = 0; k < n; ++k) rs[k] = Range{r(k, 0), r(k, 1), static_cast<int>(r(k, 2))};
    return rs;
}

py::object validate_py(const py::sequence& inputs,
                       const py::array_t<double, py::array::c_style>& ranges, std::int64_t n,
                       int threads) {
    auto set = to_columns(inputs, n);
    const auto rs = to_ranges(ranges, set.cols.size());
    ValidationResult res;
    {
        // Releasing the GIL is safe: only raw pointers held alive by `set` are read.
        py::gil_scoped_release release;
        res = validate(set.cols.data(), rs.data(), static_cast<int>(rs.size()), n, threads);
    }
    if (res.ok) return py::none();
    return py::make_tuple(res.input, res.index, res.value);
}

py::tuple evaluate_py(int model_id, const py::sequence& inputs, const py::object& ranges,
                      const py::sequence& outputs, const py::object& status, std::int64_t n,
                      int threads, std::int64_t grain, unsigned long long absent_mask) {
    checked_model(model_id, inputs.size(), outputs.size());
    check_absent_mask(absent_mask, inputs.size());
    auto set = to_columns(inputs, n);
    std::vector<Range> rs;
    if (!ranges.is_none())
        rs = to_ranges(ranges.cast<py::array_t<double, py::array::c_style>>(), set.cols.size());
    std::vector<CArray> keep;
    auto outs = to_outputs(outputs, n, keep);
    py::array_t<Status, py::array::c_style> st_arr;
    Status* st = to_status(status, n, st_arr);
    std::int64_t counts[kNumStatusBits] = {};
    bool ok = true;
    {
        // Releasing the GIL is safe: no Python object is touched below, only raw buffers
        // kept alive by `set`, `keep` and `st_arr` on this frame.
        py::gil_scoped_release release;
        ok = evaluate_cpu(model_id, set.cols.data(), rs.empty() ? nullptr : rs.data(),
                          outs.data(), st, n, threads, grain, counts, absent_mask);
    }
    return py::make_tuple(ok, std::vector<std::int64_t>(counts, counts + kNumStatusBits));
}

// The scalar fast path: a Python list of floats in, a tuple out (no arrays made). Returns
// (first bad input position or -1, status bits, outputs or None).
py::tuple evaluate_one_py(int model_id, const std::vector<double>& x,
                          const py::array_t<double, py::array::c_style>& ranges,
                          unsigned long long mask, unsigned long long absent_mask) {
    const int n_out = dispatch_model(model_id, [&](auto m) {
        using M = decltype(m);
        if (x.size() != static_cast<size_t>(M::n_inputs))
            throw py::value_error(std::string(M::name) + ": expected " +
                                  std::to_string(M::n_inputs) + " inputs");
        return M::n_outputs;
    });
    const auto rs = to_ranges(ranges, x.size());
    double y[64];
    Status st = kOk;
    const int bad = evaluate_one(model_id, x.data(), rs.data(), mask, absent_mask, y, &st);
    if (bad >= 0) return py::make_tuple(bad, 0, py::none());
    py::tuple out(n_out);
    for (int k = 0; k < n_out; ++k) out[k] = py::float_(y[k]);
    return py::make_tuple(-1, static_cast<int>(st), out);
}

}  // namespace

void register_evaluate(py::module_& m) {
    m.def("validate", &validate_py, py::arg("inputs"), py::arg("ranges"), py::arg("n"),
          py::arg("threads") = 0,
          "Range pre-pass (flag absent_ok: NaN accepted). Returns None, or (input position, "
          "first bad index, value).");
    m.def("evaluate", &evaluate_py, py::arg("model_id"), py::arg("inputs"), py::arg("ranges"),
          py::arg("outputs"), py::arg("status"), py::arg("n"), py::arg("threads") = 0,
          py::arg("grain") = 32768, py::arg("absent_mask") = 0,
          "Evaluate a model over n scenarios on the CPU. With ranges (n_inputs x 3), inputs are "
          "range-checked in the same pass. absent_mask: bit k = input k may be NaN per "
          "scenario, where a non-finite requested output sets missing_input, not non_finite "
          "(inputs whose range flags have absent_ok are added). Returns (all inputs valid, "
          "status-bit counts).");
    m.def("evaluate_one", &evaluate_one_py, py::arg("model_id"), py::arg("inputs"),
          py::arg("ranges"), py::arg("mask"), py::arg("absent_mask") = 0,
          "One scenario on the calling thread (the scalar fast path). inputs: n_inputs floats, "
          "NaN = absent; mask: requested outputs, bit k = output k. Returns (first bad input "
          "position or -1, status bits, tuple of every output or None).");
}

}  // namespace llmcore::bind
