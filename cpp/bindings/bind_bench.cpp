// SPDX-License-Identifier: BSD-3-Clause
// Benchmark helpers (bench/ only; not part of the package's API).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "arrays.hpp"
#include "cpu/stream_roof.hpp"

namespace llmcore::bind {

namespace {

void stream_roof_py(const py::sequence& inputs, const py::sequence& outputs, std::int64_t n,
                    int threads, std::int64_t grain) {
    auto set = to_columns(inputs, n);
    std::vector<CArray> keep;
    auto outs = to_outputs(outputs, n, keep);
    for (double* q : outs)
        if (q == nullptr) throw py::value_error("stream_roof: every output needs an array");
    py::gil_scoped_release release;
    stream_roof(set.cols.data(), static_cast<int>(set.cols.size()), outs.data(),
                static_cast<int>(outs.size()), n, threads, grain);
}

}  // namespace

void register_bench(py::module_& m) {
    m.def("bench_stream_roof", &stream_roof_py, py::arg("inputs"), py::arg("outputs"),
          py::arg("n"), py::arg("threads") = 0, py::arg("grain") = 32768,
          "Benchmark only: read the input columns and write the outputs in one fused pass "
          "(the memory roof of evaluate over the same bytes).");
}

}  // namespace llmcore::bind
