// SPDX-License-Identifier: BSD-3-Clause
/// @file mc_args.hpp
/// @brief (private) Python arguments of the Monte Carlo bindings -> the drivers' structs:
///        the target (a model or a chain), the study spec (McSpec) and the scenario range,
///        checked once here for every backend (CPU, CUDA, the host engine).
#pragma once
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "cpu/simulate_cpu.hpp"
#include "dispatch.hpp"
#include "llmcore/engine/mc_layout.hpp"
#include "llmcore/engine/refine.hpp"
#include "llmcore/rng/sobol_init.hpp"

namespace llmcore::bind {

namespace py = pybind11;

template <class T>
using Arr = py::array_t<T, py::array::c_style | py::array::forcecast>;

/// A study's distribution spec with the arrays it points into kept alive.
struct Spec {
    std::vector<dist::DistSpec> d;
    std::vector<Arr<double>> keep;
    Arr<int> corr;
    Arr<double> chol;
    std::vector<std::uint8_t> absent;  // per spec input (McSpec::absent); empty: none
    std::vector<std::uint64_t> sobol;  // sampler="sobol": rng::kSobolWords per input
    McSpec mc{};
};

/// The spec's optional 9th element: an int, bit k = spec input k may be NaN per scenario
/// (a Python int of any size: a chain's sampled inputs may number more than 64). Returns
/// one flag per input, or nothing when no bit is set.
inline std::vector<std::uint8_t> parse_absent(const py::handle& h, py::ssize_t n_in) {
    if (!py::isinstance<py::int_>(h) || py::isinstance<py::bool_>(h))
        throw py::type_error("spec[8] (absent mask) must be an int");
    py::int_ mask = py::reinterpret_borrow<py::int_>(h);
    if (mask < py::int_(0)) throw py::value_error("spec[8] (absent mask) must be >= 0");
    const py::int_ one(1);
    std::vector<std::uint8_t> flags(static_cast<size_t>(n_in), 0);
    bool any = false;
    for (py::ssize_t k = 0; k < n_in; ++k) {
        flags[static_cast<size_t>(k)] =
            mask.attr("__rshift__")(k).attr("__and__")(one).not_equal(py::int_(0)) ? 1 : 0;
        any |= flags[static_cast<size_t>(k)] != 0;
    }
    if (mask.attr("__rshift__")(n_in).not_equal(py::int_(0)))
        throw py::value_error("spec[8] (absent mask) names an input past the spec's " +
                              std::to_string(n_in));
    if (!any) flags.clear();
    return flags;
}

inline std::pair<int, int> model_shape(int model_id) {
    return dispatch_model(model_id, [](auto m) {
        using M = decltype(m);
        return std::make_pair(M::n_inputs, M::n_outputs);
    });
}

/// The model argument: a model id, or a chain (model ids, per-stage input maps); see
/// cpu/simulate_cpu.hpp Chain. n_in is the spec's input count (a chain's sampled inputs).
struct TargetArg {
    Chain chain{};
    std::vector<Arr<int>> keep;
    Target t{-1, nullptr};
    int n_in = 0, n_out = 0;
};

inline void parse_target(TargetArg& ta, const py::object& model) {
    if (py::isinstance<py::int_>(model)) {
        ta.t.model_id = model.cast<int>();
        std::tie(ta.n_in, ta.n_out) = model_shape(ta.t.model_id);
        return;
    }
    auto tup = model.cast<py::tuple>();
    if (tup.size() != 3) throw py::value_error("chain must be (model ids, input maps, n_sampled)");
    auto ids = tup[0].cast<std::vector<int>>();
    auto maps = tup[1].cast<py::sequence>();
    ta.n_in = tup[2].cast<int>();
    if (ids.empty() || ids.size() > static_cast<size_t>(kMaxChain) || maps.size() != ids.size())
        throw py::value_error("chain: 1 to " + std::to_string(kMaxChain) + " models, one map each");
    ta.chain.n_stages = static_cast<int>(ids.size());
    for (size_t s = 0; s < ids.size(); ++s) {
        const auto [n_in, n_out] = model_shape(ids[s]);
        auto m = maps[s].cast<Arr<int>>();
        if (m.size() != n_in) throw py::value_error("chain: one map entry per model input");
        for (py::ssize_t k = 0; k < n_in; ++k)
            if (m.data()[k] >= ta.n_in || (m.data()[k] < 0 && -1 - m.data()[k] >= ta.n_out))
                throw py::value_error("chain: input map points past the sources");
        ta.chain.model[s] = ids[s];
        ta.chain.src[s] = m.data();
        ta.keep.push_back(m);
        ta.n_out += n_out;
    }
    ta.t.chain = &ta.chain;
}

/// The CUDA drivers take one model: chains of models run on the CPU only.
inline void single_model_on_device(const TargetArg& ta, int device) {
    if (device >= 0 && ta.t.chain != nullptr)
        throw py::value_error("chains of models run on the CPU backend; use backend='cpu'");
}

/// The spec's optional 10th element, the sampler: 0 Philox ("random"), 1 scrambled Sobol'.
/// For Sobol', each sampled input gets its slot's direction numbers and scramble seeds.
inline void parse_sampler(Spec& s, const py::handle& h, std::uint32_t k0, std::uint32_t k1) {
    if (!py::isinstance<py::int_>(h) || py::isinstance<py::bool_>(h))
        throw py::type_error("spec[9] (sampler) must be an int");
    const int sampler = h.cast<int>();
    if (sampler != 0 && sampler != 1)
        throw py::value_error("spec[9] (sampler) must be 0 (random) or 1 (sobol)");
    if (sampler == 0) return;
    s.sobol.assign(s.d.size() * rng::kSobolWords, 0);
    for (size_t k = 0; k < s.d.size(); ++k) {
        if (s.d[k].kind == dist::kConst) continue;
        std::uint64_t* w = s.sobol.data() + k * rng::kSobolWords;
        if (!rng::sobol_words(s.d[k].slot, kRowsSlotBase, k0, k1, w))
            throw py::value_error("sampler='sobol': input " + std::to_string(k) + "'s slot " +
                                  std::to_string(s.d[k].slot) + " has no Sobol' dimension (" +
                                  std::to_string(rng::kSobolSlots) + " input slots)");
        s.d[k].sobol = w;
    }
}

/// The spec tuple (python/llmcore/mc/study.py build_study): kinds, slots, params, tables,
/// cdfs, key, corr, chol and, optionally, the absent mask (int; absent: 0) and the sampler
/// (int; absent: 0, Philox).
inline void build_spec(Spec& s, const TargetArg& ta, const py::tuple& t) {
    if (t.size() < 8 || t.size() > 10)
        throw py::value_error(
            "spec must be an 8-tuple, a 9-tuple with the absent mask, or a 10-tuple with the "
            "absent mask and the sampler");
    auto kinds = t[0].cast<Arr<int>>();
    auto slots = t[1].cast<Arr<std::uint32_t>>();
    auto params = t[2].cast<Arr<double>>();
    auto tables = t[3].cast<py::sequence>();
    auto cdfs = t[4].cast<py::sequence>();
    auto key = t[5].cast<Arr<std::uint32_t>>();
    s.corr = t[6].cast<Arr<int>>();
    s.chol = t[7].cast<Arr<double>>();
    const auto n_in = static_cast<py::ssize_t>(ta.n_in);
    if (kinds.size() != n_in || slots.size() != n_in || params.ndim() != 2 ||
        params.shape(0) != n_in || params.shape(1) != 6 ||
        tables.size() != static_cast<size_t>(n_in) || cdfs.size() != static_cast<size_t>(n_in))
        throw py::value_error("spec arrays must have one row per model input (" +
                              std::to_string(n_in) + ")");
    if (key.size() != 2) throw py::value_error("key must be 2 uint32 words");
    const auto m = s.corr.size();
    if (s.chol.size() != m * m) throw py::value_error("chol must be n_corr x n_corr");
    for (py::ssize_t a = 0; a < m; ++a)
        if (s.corr.data()[a] < 0 || s.corr.data()[a] >= n_in)
            throw py::value_error("corr index out of range");
    if (m > kMaxCorr)
        throw py::value_error("at most " + std::to_string(kMaxCorr) + " correlated inputs");
    s.d.resize(n_in);
    for (py::ssize_t k = 0; k < n_in; ++k) {
        dist::DistSpec& d = s.d[k];
        d.kind = kinds.data()[k];
        d.slot = slots.data()[k];
        for (int p = 0; p < 6; ++p) d.p[p] = params.data()[k * 6 + p];
        d.table = nullptr;
        d.cdf = nullptr;
        d.n = 0;
        if (d.kind < dist::kConst || d.kind > dist::kPiecewise)
            throw py::value_error("unknown distribution kind " + std::to_string(d.kind));
        if (d.kind == dist::kTable || d.kind == dist::kDiscrete || d.kind == dist::kPiecewise) {
            auto tab = tables[k].cast<Arr<double>>();
            d.n = static_cast<int>(tab.size());
            if (d.n < (d.kind == dist::kDiscrete ? 1 : 2)) throw py::value_error("table too short");
            d.table = tab.data();
            s.keep.push_back(tab);
            if (d.kind != dist::kTable) {
                auto cdf = cdfs[k].cast<Arr<double>>();
                if (cdf.size() != tab.size()) throw py::value_error("cdf and values differ in size");
                if (d.kind == dist::kPiecewise &&
                    !(cdf.data()[0] == 0.0 && cdf.data()[d.n - 1] == 1.0))
                    throw py::value_error("piecewise: cdf must run from 0 to 1");
                d.cdf = cdf.data();
                s.keep.push_back(cdf);
            }
        }
    }
    for (py::ssize_t a = 0; a < m; ++a)  // the copula transforms uniforms: sampled inputs only
        if (s.d[s.corr.data()[a]].kind == dist::kConst)
            throw py::value_error("corr names an input that is not sampled");
    if (t.size() >= 9) s.absent = parse_absent(t[8], n_in);
    if (t.size() == 10) parse_sampler(s, t[9], key.data()[0], key.data()[1]);
    s.mc = McSpec{s.d.data(), static_cast<int>(n_in), key.data()[0], key.data()[1],
                  static_cast<int>(m), s.corr.data(), s.chol.data(),
                  s.absent.empty() ? nullptr : s.absent.data()};
}

inline void check_range(std::int64_t start, std::int64_t count) {
    if (start < 0 || count < 0) throw py::value_error("start and count must be >= 0");
    if (start % kMcBlock != 0)
        throw py::value_error("start must be a multiple of " + std::to_string(kMcBlock));
}

/// What every Monte Carlo entry point starts with: the target (a model or a chain), its
/// sampling spec and a checked scenario range. Built in place: both hold pointers into
/// their own storage, so neither is copied.
struct Prepared {
    TargetArg ta;
    Spec spec;
    Prepared(const py::object& model, const py::tuple& spec_t, std::int64_t start,
             std::int64_t count, int device) {
        parse_target(ta, model);
        single_model_on_device(ta, device);
        build_spec(spec, ta, spec_t);
        check_range(start, count);
    }
    Prepared(const Prepared&) = delete;
    Prepared& operator=(const Prepared&) = delete;
};

/// Refinement queries (out, klo, khi, width, nsub, collect), each checked against the
/// engine's rule so that no driver can count outside its sub-bins. `total`: their sub-bins.
inline std::vector<RefineQuery> parse_queries(const py::list& queries, int n_out,
                                              std::int64_t& total) {
    std::vector<RefineQuery> q;
    total = 0;
    for (auto h : queries) {
        auto t = h.cast<py::tuple>();
        RefineQuery r{t[0].cast<int>(), t[1].cast<std::uint64_t>(), t[2].cast<std::uint64_t>(),
                      t[3].cast<std::uint64_t>(), t[4].cast<int>(), t[5].cast<bool>()};
        if (r.out < 0 || r.out >= n_out) throw py::value_error("output index out of range");
        if (!engine::refine_query_valid(r))
            throw py::value_error("refine: sub-bins do not cover [klo, khi)");
        total += r.nsub;
        q.push_back(r);
    }
    return q;
}

}  // namespace llmcore::bind
