// SPDX-License-Identifier: BSD-3-Clause
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <thread>

#include "cpu/parallel.hpp"
#include "cuda_backend.hpp"
#include "dispatch.hpp"

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

}  // namespace

void register_meta(py::module_& m) {
    m.def("models", &models_py, "Model (name, input names, output names) in model-id order.");
    m.def("build_info", &build_info_py, "What this binary was compiled with.");
    m.def("cuda_device_count", &cuda_device_count, "Usable CUDA devices (0 without driver).");
    m.def("cuda_unavailable_reason", &cuda_unavailable_reason);
    m.def("default_threads", [] { return resolve_threads(0); },
          "Threads a call uses when none is given (LLMCORE_NUM_THREADS or the hardware count).");
}

}  // namespace llmcore::bind
