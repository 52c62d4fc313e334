# SPDX-License-Identifier: BSD-3-Clause
"""atheris harness: the public API on fuzzed arguments.

Each input drives one of:
* ``lc.evaluate(model, inputs)`` / the estimators (``lc.training(...)`` ...): model names
  (real, unknown, chains), input names (real, catalog keywords, unknown), values of every
  kind (NaN, ±inf, subnormals, huge ints, negative, strings, arrays of every dtype and
  layout), ``outputs=``, ``currency=``, ``threads=``; on the CPU backend and, for moderate
  values, the reference too (the outcomes must agree);
* ``lc.dist.*`` constructors on fuzzed parameters, then ``lc.simulate`` (and
  ``lc.sensitivity``) with small n, quantiles, thresholds and correlations;
* ``lc.catalog`` look-ups with fuzzed kinds and ids;
* the CLI (``llmcore.cli.main``) on fuzzed arguments, which must exit 0 or 2;
* ``lc.equivalents`` (CPU vs reference too) and ``lc.evaluate_table`` on small pandas frames
  with fuzzed columns (floats, ids, nullable Float64/Int64, category, string, object).

A contract exception (common.CONTRACT) is an expected outcome; any other exception, or a
backend disagreement (common.ContractViolation), is a crash.

    python fuzz/fuzz_api.py [libFuzzer flags] [corpus dirs]
"""

from __future__ import annotations

import contextlib
import io
import os
import sys

import atheris

with atheris.instrument_imports(include=["llmcore"]):
    import llmcore as lc
    from llmcore.cli import main as cli_main

from common import CONTRACT, call, fuzz_float, fuzz_value, harness, moderate, same_outcome

MODELS = [m.name for m in lc.models()]
INPUTS = {m.name: [*m.input_names] for m in lc.models()}
OUTPUTS = {m.name: [o.name for o in m.outputs] for m in lc.models()}
KEYWORDS = list(lc.catalog.KEYWORDS)
IDS = sorted({i for k in lc.catalog.kinds() for i in lc.catalog.list(k)})
KINDS = lc.catalog.kinds()
JUNK_NAMES = ["", "nope", "params ", "PARAMS", "__class__", "backend", "out", "id", "é"]
ESTIMATORS = {name: getattr(lc, name) for name in MODELS}
DISTS = ["uniform", "loguniform", "normal", "lognormal", "ci", "triangular", "pert"]
os.environ["LLMCORE_DEBUG"] = "1"  # the CLI re-raises: the harness sees the exception type


def _model(fdp: atheris.FuzzedDataProvider) -> str:
    k = fdp.ConsumeIntInRange(0, 9)
    if k == 0:
        return fdp.ConsumeUnicode(6)
    return fdp.PickValueInList(MODELS)


def _typical(i: lc.InputInfo) -> float:
    lo, hi = float(i.typical[0]), float(i.typical[1])
    return (lo * hi) ** 0.5 if i.log and lo > 0 else (lo + hi) / 2


# A runnable case per model (required inputs and the first require_any group at typical
# values): most fuzzed cases start from it, so the core runs with one or two inputs fuzzed
# rather than stopping at a missing input.
BASE = {
    m.name: {
        i.name: _typical(i)
        for i in m.inputs
        if not i.optional or i.name in (m.require_any[0] if m.require_any else ())
    }
    for m in lc.models()
}


def _inputs(fdp: atheris.FuzzedDataProvider, model: str) -> dict[str, object]:
    names = INPUTS.get(model, []) + KEYWORDS + JUNK_NAMES
    out: dict[str, object] = dict(BASE.get(model, {})) if fdp.ConsumeIntInRange(0, 3) else {}
    for _ in range(fdp.ConsumeIntInRange(0, 8)):
        out[fdp.PickValueInList(names)] = fuzz_value(fdp, IDS)
    return out


def _options(fdp: atheris.FuzzedDataProvider, model: str) -> dict[str, object]:
    kw: dict[str, object] = {}
    if fdp.ConsumeIntInRange(0, 3) == 0:
        outs = [*OUTPUTS.get(model, []), "nope"]
        kw["outputs"] = (
            fdp.PickValueInList(outs)
            if fdp.ConsumeBool()
            else [fdp.PickValueInList(outs) for _ in range(fdp.ConsumeIntInRange(0, 3))]
        )
    if fdp.ConsumeIntInRange(0, 5) == 0:
        kw["currency"] = fdp.PickValueInList(["EUR", "eur", "JPY", "USD", "", "XXX", 3])
    if fdp.ConsumeIntInRange(0, 5) == 0:
        kw["threads"] = fdp.PickValueInList([0, 1, 2, -1, 10**6, 2**70, 1.5, "2", True, None])
    return kw


def _evaluate(fdp: atheris.FuzzedDataProvider) -> None:
    model = _model(fdp)
    how = fdp.ConsumeIntInRange(0, 3)
    if how == 0:  # a chain
        chain = [_model(fdp) for _ in range(fdp.ConsumeIntInRange(0, 3))]
        inputs = _inputs(fdp, chain[0] if chain else "")
        call(lc.evaluate, chain, inputs, backend="cpu")
        return
    inputs = _inputs(fdp, model)
    kw = _options(fdp, model)

    def run(backend: str) -> object:
        if how == 1 and model in ESTIMATORS:  # inputs as keywords: out=, backend= among them
            return call(ESTIMATORS[model], **{**inputs, **kw, "backend": backend})
        return call(lc.evaluate, model, inputs, backend=backend, **kw)

    got = run("cpu")
    if kw.get("threads") is None and all(moderate(v) for v in inputs.values()):
        same_outcome(got, run("reference"), f"{model}({inputs!r}, {kw!r}) (how={how})")
    if not isinstance(got, BaseException):
        repr(got)  # the text table of any result
        got.to_dict()


def _dist(fdp: atheris.FuzzedDataProvider) -> object:
    name = fdp.PickValueInList([*DISTS, "choice", "empirical", "rows"])
    if name == "choice":
        vals = [fuzz_value(fdp, IDS) for _ in range(fdp.ConsumeIntInRange(0, 4))]
        p = [fuzz_float(fdp) for _ in range(len(vals))] if fdp.ConsumeBool() else None
        return call(lc.dist.choice, vals, p)
    if name == "empirical":
        return call(
            lc.dist.empirical, [fuzz_float(fdp) for _ in range(fdp.ConsumeIntInRange(0, 6))]
        )
    if name == "rows":
        kind = fdp.PickValueInList([*KINDS, "nope"])
        ids = [fdp.PickValueInList(IDS) for _ in range(fdp.ConsumeIntInRange(0, 3))]
        p = [fuzz_float(fdp) for _ in ids] if fdp.ConsumeBool() else None
        return call(lc.dist.rows, kind, ids, p)
    nargs = {"normal": 4, "ci": 3, "triangular": 3, "pert": 4}.get(name, 2)
    args = [fuzz_value(fdp, IDS) if fdp.ConsumeIntInRange(0, 7) == 0 else fuzz_float(fdp)]
    args += [fuzz_float(fdp) for _ in range(fdp.ConsumeIntInRange(1, nargs) - 1)]
    return call(getattr(lc.dist, name), *args)


def _simulate(fdp: atheris.FuzzedDataProvider) -> None:
    model = _model(fdp) if fdp.ConsumeIntInRange(0, 4) else [_model(fdp), _model(fdp)]
    first = model if isinstance(model, str) else model[0]
    inputs: dict[str, object] = dict(BASE.get(first, {})) if fdp.ConsumeIntInRange(0, 3) else {}
    names = INPUTS.get(first, []) + KEYWORDS + JUNK_NAMES
    for _ in range(fdp.ConsumeIntInRange(0, 6)):
        name = fdp.PickValueInList(names)
        d = _dist(fdp) if fdp.ConsumeIntInRange(0, 2) else fuzz_value(fdp, IDS)
        inputs[name] = None if isinstance(d, BaseException) else d
    kw: dict[str, object] = {
        "n": fdp.PickValueInList([1, 2, 255, 256, 257, 300, 1000, 0, -1, 1.5, 1e3, "10"]),
        "seed": fdp.PickValueInList([0, 1, 2**64, -1, None, 2**63 - 1]),
        "threads": fdp.PickValueInList([1, 2]),
    }
    if fdp.ConsumeIntInRange(0, 2) == 0:
        kw["quantiles"] = [fuzz_float(fdp) for _ in range(fdp.ConsumeIntInRange(0, 4))]
    if fdp.ConsumeIntInRange(0, 3) == 0:
        outs = [*OUTPUTS.get(first, []), "nope"]
        kw["thresholds"] = {
            fdp.PickValueInList(outs): [fuzz_float(fdp) for _ in range(fdp.ConsumeIntInRange(0, 3))]
        }
    if fdp.ConsumeIntInRange(0, 3) == 0 and inputs:
        a, b = fdp.PickValueInList(list(inputs)), fdp.PickValueInList([*inputs, "nope"])
        kw["correlation"] = {(a, b): fuzz_float(fdp)}
    if fdp.ConsumeIntInRange(0, 3) == 0:
        kw["exact_quantiles"] = False
    if fdp.ConsumeIntInRange(0, 3) == 0:
        kw["samples"] = True
    if fdp.ConsumeIntInRange(0, 5) == 0:
        call(lc.sensitivity, model, inputs, n=fdp.PickValueInList([258, 300, 100]), seed=1)
        return
    backend = "reference" if fdp.ConsumeIntInRange(0, 7) == 0 else "cpu"
    res = call(lc.simulate, model, inputs, backend=backend, **kw)
    if not isinstance(res, BaseException):
        repr(res)
        call(res.to_dict)


def _catalog(fdp: atheris.FuzzedDataProvider) -> None:
    kind = fdp.PickValueInList([*KINDS, "hw", "fits", fdp.ConsumeUnicode(5), 3, None])
    rid = fdp.PickValueInList([*IDS, fdp.ConsumeUnicode(6), 1.0, None])
    call(lc.catalog.get, kind, rid)
    call(lc.catalog.list, kind)
    call(lc.catalog.fill_fields, kind, rid)
    call(lc.catalog.fx_rate, rid)


def _cli(fdp: atheris.FuzzedDataProvider) -> None:
    words = [
        *MODELS,
        "equivalents",
        "catalog",
        "backends",
        "reproduce",
        "--json",
        "--backend",
        "cpu",
        "reference",
        "--outputs",
        "--currency",
        "--hardware",
        "--region",
        "--params",
        "--tokens",
        "--mfu",
        "--energy_kwh",
        "--co2_kg",
        "a100-80gb",
        "nan",
        "inf",
        "-1",
        "1e400",
        "1e9,2e9",
        "",
    ]
    argv = [fdp.PickValueInList([*MODELS, "equivalents", "catalog"])]
    for _ in range(fdp.ConsumeIntInRange(0, 8)):
        argv.append(fdp.PickValueInList(words) if fdp.ConsumeBool() else fdp.ConsumeUnicode(8))
    if "reproduce" in argv or "report" in argv:
        return  # slow and covered by the tests
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = call(cli_main, argv)
    if not isinstance(rc, CONTRACT) and rc not in (0, 2):
        raise AssertionError(f"llmcore {argv}: exit status {rc!r}")


def _equivalents(fdp: atheris.FuzzedDataProvider) -> None:
    names = ["energy_kwh", "co2_kg", "region", "household_kwh_per_year", "car_gco2_per_km"]
    kw = {fdp.PickValueInList(names): fuzz_value(fdp, IDS) for _ in range(3)}
    res = call(lc.equivalents, **kw, backend="cpu")
    if all(moderate(v) for v in kw.values()):
        same_outcome(res, call(lc.equivalents, **kw, backend="reference"), f"equivalents({kw})")


def _table(fdp: atheris.FuzzedDataProvider) -> None:
    import pandas as pd

    model = fdp.PickValueInList(MODELS)
    n = fdp.ConsumeIntInRange(0, 5)
    cols: dict[str, object] = {k: [v] * n for k, v in BASE[model].items()}
    for _ in range(fdp.ConsumeIntInRange(1, 3)):
        name = fdp.PickValueInList([*INPUTS[model], *KEYWORDS, "note"])
        k = fdp.ConsumeIntInRange(0, 2)
        if k == 0:
            cols[name] = [fuzz_float(fdp) for _ in range(n)]
        elif k == 1:
            cols[name] = [fdp.PickValueInList(IDS) for _ in range(n)]
        else:
            dtype = fdp.PickValueInList(["Float64", "Int64", "category", "string", "object"])
            vals = [fuzz_float(fdp) if fdp.ConsumeBool() else None for _ in range(n)]
            try:  # pandas' own errors (Int64 of 1e300: OverflowError) are not llmcore's
                cols[name] = pd.array(vals, dtype=dtype)
            except Exception:
                return
    try:
        frame = pd.DataFrame(cols)
    except Exception:
        return
    call(lc.evaluate_table, frame, model, chunk_size=fdp.PickValueInList([1, 2, 1000]))


@harness
def TestOneInput(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    what = fdp.ConsumeIntInRange(0, 11)
    if what <= 4:
        _evaluate(fdp)
    elif what <= 6:
        _simulate(fdp)
    elif what <= 7:
        for _ in range(3):
            call(_dist, fdp)
    elif what == 8:
        _catalog(fdp)
    elif what == 9:
        _cli(fdp)
    elif what == 10:
        _equivalents(fdp)
    else:
        _table(fdp)


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
