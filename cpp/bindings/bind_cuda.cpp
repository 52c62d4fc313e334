// SPDX-License-Identifier: BSD-3-Clause
// CUDA entry points. Registered in every build (the ABI does not depend on LLMCORE_CUDA):
// without CUDA they reach cuda_stub.cpp. Device memory arrives as integers (pointers and
// element strides) that python/llmcore/_arrays.py read from __cuda_array_interface__.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "arrays.hpp"
#include "cuda_backend.hpp"
#include "dispatch.hpp"

namespace llmcore::bind {

namespace {

/// Each item is a float (scalar, passed by value) or a (pointer, element stride) tuple.
std::vector<DeviceColumn> to_device_columns(const py::sequence& items) {
    std::vector<DeviceColumn> cols;
    cols.reserve(items.size());
    for (size_t k = 0; k < items.size(); ++k) {
        py::handle h = items[k];
        if (py::isinstance<py::float_>(h) || py::isinstance<py::int_>(h)) {
            cols.push_back(DeviceColumn{nullptr, 0, h.cast<double>()});
            continue;
        }
        if (!py::isinstance<py::tuple>(h) || py::len(h) != 2)
            throw py::type_error("device input column " + std::to_string(k) +
                                 " must be a float or a (pointer, stride) tuple");
        auto t = py::reinterpret_borrow<py::tuple>(h);
        const auto ptr = t[0].cast<std::uintptr_t>();
        if (ptr == 0)
            throw py::value_error("device input column " + std::to_string(k) + " is null");
        cols.push_back(DeviceColumn{reinterpret_cast<const double*>(ptr),
                                    t[1].cast<std::int64_t>(), 0.0});
    }
    return cols;
}

template <class T>
T* to_device_ptr(const py::object& o) {
    return o.is_none() ? nullptr : reinterpret_cast<T*>(o.cast<std::uintptr_t>());
}

void check_model(int model_id, size_t n_in, size_t n_out) {
    dispatch_model(model_id, [&](auto m) {
        using M = decltype(m);
        if (n_in != static_cast<size_t>(M::n_inputs) || n_out != static_cast<size_t>(M::n_outputs))
            throw py::value_error(std::string(M::name) + ": expected " +
                                  std::to_string(M::n_inputs) + " inputs and " +
                                  std::to_string(M::n_outputs) + " output slots");
    });
}

py::object validate_device_py(const py::sequence& inputs,
                              const py::array_t<double, py::array::c_style>& ranges,
                              std::int64_t n, int device, std::uintptr_t stream) {
    auto cols = to_device_columns(inputs);
    if (ranges.ndim() != 2 || ranges.shape(1) != 3 ||
        ranges.shape(0) != static_cast<py::ssize_t>(cols.size()))
        throw py::value_error("ranges must have shape (n_inputs, 3): lo, hi, flags");
    std::vector<Range> rs(cols.size());
    auto r = ranges.unchecked<2>();
    for (size_t k = 0; k < rs.size(); ++k)
        rs[k] = Range{r(k, 0), r(k, 1), static_cast<int>(r(k, 2))};
    ValidationResult res;
    {
        py::gil_scoped_release release;
        res = validate_cuda(cols.data(), rs.data(), static_cast<int>(rs.size()), n,
                            CudaTarget{device, stream});
    }
    if (res.ok) return py::none();
    return py::make_tuple(res.input, res.index, res.value);
}

std::vector<std::int64_t> evaluate_device_py(int model_id, const py::sequence& inputs,
                                             const py::sequence& outputs,
                                             const py::object& status, std::int64_t n,
                                             int device, std::uintptr_t stream,
                                             unsigned long long absent_mask) {
    check_model(model_id, inputs.size(), outputs.size());
    check_absent_mask(absent_mask, inputs.size());
    auto cols = to_device_columns(inputs);
    std::vector<double*> outs;
    for (size_t k = 0; k < outputs.size(); ++k) outs.push_back(to_device_ptr<double>(outputs[k]));
    Status* st = to_device_ptr<Status>(status);
    std::int64_t counts[kNumStatusBits] = {};
    {
        // Only raw device pointers are used below; the caller keeps their owners alive.
        py::gil_scoped_release release;
        evaluate_cuda_device(model_id, cols.data(), outs.data(), st, n,
                             CudaTarget{device, stream}, counts, absent_mask);
    }
    return std::vector<std::int64_t>(counts, counts + kNumStatusBits);
}

std::vector<std::int64_t> evaluate_host_py(int model_id, const py::sequence& inputs,
                                           const py::sequence& outputs,
                                           const py::object& status, std::int64_t n,
                                           std::int64_t chunk, int device,
                                           unsigned long long absent_mask) {
    check_model(model_id, inputs.size(), outputs.size());
    check_absent_mask(absent_mask, inputs.size());
    auto set = to_columns(inputs, n);
    std::vector<CArray> keep;
    auto outs = to_outputs(outputs, n, keep);
    py::array_t<Status, py::array::c_style> st_arr;
    Status* st = to_status(status, n, st_arr);
    std::int64_t counts[kNumStatusBits] = {};
    {
        py::gil_scoped_release release;
        evaluate_cuda_host(model_id, set.cols.data(), outs.data(), st, n, chunk, device, counts,
                           absent_mask);
    }
    return std::vector<std::int64_t>(counts, counts + kNumStatusBits);
}

}  // namespace

void register_cuda(py::module_& m) {
    m.def("cuda_pointer_device",
          [](std::uintptr_t ptr) { return cuda_pointer_device(ptr); }, py::arg("ptr"),
          "Device ordinal holding this address, or -1 (host/unknown memory or no CUDA).");
    m.def("cuda_stream_wait",
          [](int device, std::uintptr_t stream, std::uintptr_t producer) {
              cuda_stream_wait(CudaTarget{device, stream}, producer);
          },
          py::arg("device"), py::arg("stream"), py::arg("producer"),
          "Make `stream` wait for the work queued so far on `producer`.");
    m.def("cuda_validate", &validate_device_py, py::arg("inputs"), py::arg("ranges"),
          py::arg("n"), py::arg("device"), py::arg("stream"),
          "Range pre-pass on device columns. Returns None or (input, first bad index, value).");
    m.def("cuda_evaluate", &evaluate_device_py, py::arg("model_id"), py::arg("inputs"),
          py::arg("outputs"), py::arg("status"), py::arg("n"), py::arg("device"),
          py::arg("stream"), py::arg("absent_mask") = 0,
          "Evaluate on device memory (inputs: float or (ptr, stride); outputs: ptr or None). "
          "absent_mask: bit k = input k may be NaN per scenario (missing_input).");
    m.def("cuda_evaluate_host", &evaluate_host_py, py::arg("model_id"), py::arg("inputs"),
          py::arg("outputs"), py::arg("status"), py::arg("n"), py::arg("chunk"),
          py::arg("device") = 0, py::arg("absent_mask") = 0,
          "Evaluate host arrays on a device, streamed in chunks. Returns the status counts. "
          "absent_mask: bit k = input k may be NaN per scenario (missing_input).");
}

}  // namespace llmcore::bind
