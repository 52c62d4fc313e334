// SPDX-License-Identifier: BSD-3-Clause
// The compiled module llmcore._core. Private: only python/llmcore/_backends.py imports it.
#include <pybind11/pybind11.h>

namespace llmcore::bind {
void register_bench(pybind11::module_& m);
void register_evaluate(pybind11::module_& m);
void register_cuda(pybind11::module_& m);
void register_engine(pybind11::module_& m);
void register_meta(pybind11::module_& m);
void register_simulate(pybind11::module_& m);
}  // namespace llmcore::bind

// No mutable global state: the model table is compile-time and RNG is counter-based,
// so the module is safe without the GIL.
PYBIND11_MODULE(_core, m, pybind11::mod_gil_not_used()) {
    m.doc() = "llmcore compiled core (private; use the llmcore package)";
    llmcore::bind::register_meta(m);
    llmcore::bind::register_evaluate(m);
    llmcore::bind::register_cuda(m);
    llmcore::bind::register_simulate(m);
    llmcore::bind::register_engine(m);
    llmcore::bind::register_bench(m);
}
