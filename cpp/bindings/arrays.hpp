// SPDX-License-Identifier: BSD-3-Clause
/// @file arrays.hpp
/// @brief Python scenario columns -> Column / output pointers (GIL held while converting).
#pragma once
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "llmcore/column.hpp"

namespace llmcore::bind {

namespace py = pybind11;
using CArray = py::array_t<double, py::array::c_style>;

/// Owns what the Columns point into for the duration of one call.
struct ColumnSet {
    std::vector<Column> cols;
    std::deque<double> scalars;  // deque: stable addresses while growing
    std::vector<CArray> arrays;
};

/// Each item is a Python float (broadcast scalar, stride 0) or a 1-D C-contiguous float64
/// array of length n. Python's _arrays.py prepares them; this only checks the contract.
inline ColumnSet to_columns(const py::sequence& items, std::int64_t n) {
    ColumnSet set;
    set.cols.reserve(items.size());
    set.arrays.reserve(items.size());
    for (size_t k = 0; k < items.size(); ++k) {
        py::handle h = items[k];
        if (py::isinstance<py::float_>(h) || py::isinstance<py::int_>(h)) {
            set.scalars.push_back(h.cast<double>());
            set.cols.push_back(Column{&set.scalars.back(), 0});
            continue;
        }
        if (!py::isinstance<CArray>(h))
            throw py::type_error("input column " + std::to_string(k) +
                                 " must be a float or a C-contiguous float64 array");
        auto a = py::reinterpret_borrow<CArray>(h);
        if (a.ndim() != 1 || a.shape(0) != n)
            throw py::value_error("input column " + std::to_string(k) + " must have length " +
                                  std::to_string(n));
        set.cols.push_back(Column{a.data(), 1});
        set.arrays.push_back(std::move(a));
    }
    return set;
}

/// Each item is None (output not requested) or a writable 1-D float64 array of length n.
inline std::vector<double*> to_outputs(const py::sequence& items, std::int64_t n,
                                       std::vector<CArray>& keep) {
    std::vector<double*> outs(items.size(), nullptr);
    for (size_t k = 0; k < items.size(); ++k) {
        py::handle h = items[k];
        if (h.is_none()) continue;
        if (!py::isinstance<CArray>(h))
            throw py::type_error("output " + std::to_string(k) +
                                 " must be None or a C-contiguous float64 array");
        auto a = py::reinterpret_borrow<CArray>(h);
        if (a.ndim() != 1 || a.shape(0) != n || !a.writeable())
            throw py::value_error("output " + std::to_string(k) +
                                  " must be a writable array of length " + std::to_string(n));
        outs[k] = a.mutable_data();
        keep.push_back(std::move(a));
    }
    return outs;
}

/// An `absent_mask` argument (bit k = input k may be NaN per scenario): no bit past the
/// model's n_in inputs.
inline void check_absent_mask(unsigned long long mask, std::size_t n_in) {
    if (n_in < 64 && (mask >> n_in) != 0)
        throw py::value_error("absent_mask names an input past the model's " +
                              std::to_string(n_in));
}

/// None, or a writable uint32 array of length n for per-scenario status bits.
inline std::uint32_t* to_status(const py::object& status, std::int64_t n,
                                py::array_t<std::uint32_t, py::array::c_style>& keep) {
    if (status.is_none()) return nullptr;
    keep = status.cast<py::array_t<std::uint32_t, py::array::c_style>>();
    if (keep.ndim() != 1 || keep.shape(0) != n || !keep.writeable())
        throw py::value_error("status must be a writable uint32 array of length n");
    return keep.mutable_data();
}

}  // namespace llmcore::bind
