# SPDX-License-Identifier: BSD-3-Clause
"""Monte Carlo and sensitivity of a chain of models: ``simulate(["training", "lifecycle"])``.

Values flow as in ``evaluate`` of a chain (estimate/chain.py, whose RENAMES table is the one list of
links): per later model's input, what the caller gave > an earlier model's output > a catalog
row > the default. The compiled core runs the whole chain per 256-scenario block
(cpp/src/cpu/mc_target.hpp): the study's sampled inputs are the union of every model's own
inputs, and each model reads its inputs through an index map:

* an input the caller gave (number or distribution) is ONE row, shared by every model that
  has it, so it takes one value per scenario;
* an input fed by an earlier model maps to that output (``-1 - flat output index``);
* anything else (default, catalog row) is a row of that model, resolved with its own
  defaults and ranges (``mfu`` defaults differ between training and inference).

Philox slots are row positions in that union (catalog-row draws keep their keyword's slot,
so two models drawing ``dist.rows("hardware", ...)`` see the same row per scenario).
Output names: an output only one model has keeps its name; a name several models produce is
the last model's, the earlier ones are ``"model.output"`` (as ChainResult).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from llmcore import catalog, reference
from llmcore._engine.constants import MAX_CHAIN, ROWS_SLOT_BASE
from llmcore._engine.run import answered
from llmcore._models import MODELS, InputInfo, ModelInfo, get_model
from llmcore._util.errors import InvalidInputError, unknown
from llmcore.estimate.chain import RENAMES
from llmcore.mc.study import build_study, copula, in_range, philox_key, seed_int
from llmcore.mc.subject import Subject

__all__ = ["chain_subject"]


def _placeholder(i: InputInfo) -> float:
    """A valid stand-in for an input an earlier model feeds (its row is never read)."""
    for v in (i.default, 1.0, i.typical[0], 0.5, 0.0):
        if v is not None and in_range(i, float(v)):
            return float(v)
    return float(i.typical[1])  # pragma: no cover - every range holds one of the above


def _infos(models: Sequence[str]) -> list[ModelInfo]:
    if isinstance(models, (bytes, Mapping)) or not all(isinstance(m, str) for m in models):
        raise TypeError(f"a chain is a list of model names, not {models!r}")
    infos = [get_model(m) for m in models]
    if not infos:
        raise ValueError("the list of models is empty")
    names = [i.name for i in infos]
    if len(set(names)) != len(names):
        raise ValueError(f"a model appears twice in the chain {names}")
    if len(infos) > MAX_CHAIN:
        raise ValueError(f"a chain has at most {MAX_CHAIN} models, got {len(infos)}")
    return infos


def _outputs(
    infos: list[ModelInfo], avail: list[tuple[str, ...]], offs: list[int], outputs: Any
) -> tuple[tuple[str, ...], list[int], list[tuple[int, str]]]:
    """Result keys, flat output positions and (stage, output) of the requested outputs."""
    last: dict[str, int] = {}  # bare name -> last stage producing it
    for s, names in enumerate(avail):
        for o in names:
            last[o] = s
    every = [(s, o) for s, names in enumerate(avail) for o in names]

    def key(s: int, o: str) -> str:
        return o if last[o] == s else f"{infos[s].name}.{o}"

    if outputs is None:
        picked = [(key(s, o), s, o) for s, o in every]
    else:
        asked = (outputs,) if isinstance(outputs, str) else tuple(outputs)
        if not asked:
            raise ValueError("outputs: ask for at least one output")
        picked = []
        stage_of = {i.name: s for s, i in enumerate(infos)}
        for name in asked:
            model, _, bare = name.partition(".")
            if bare and model in stage_of:
                s = stage_of[model]
            else:
                bare = name
                s = last.get(name, -1)
                if s < 0:  # not available anywhere: unknown, or missing inputs
                    s = next(
                        (t for t in reversed(range(len(infos))) if name in infos[t].output_names),
                        -1,
                    )
            if s < 0:
                raise unknown(
                    "output of this chain",
                    name,
                    [key(t, o) for t, o in every]
                    + [f"{i.name}.{o}" for i in infos for o in i.output_names],
                )
            info = infos[s]
            info.output(bare)  # UnknownNameError with suggestions
            if bare not in avail[s]:
                missing = ", ".join(info.output(bare).needs)
                raise InvalidInputError(
                    f"{info.name}: output {bare!r} needs input(s) {missing}, which were not given",
                    input=bare,
                )
            picked.append((name, s, bare))
    return (
        tuple(p[0] for p in picked),
        [offs[p[1]] + infos[p[1]].output_names.index(p[2]) for p in picked],
        [(p[1], p[2]) for p in picked],
    )


def chain_subject(
    models: Sequence[str], given: dict[str, Any], seed: Any, correlation: Any, outputs: Any
) -> Subject:
    infos = _infos(models)
    chain_name = " -> ".join(i.name for i in infos)
    known = {n for i in infos for n in i.input_names}
    usable = [k for k in catalog.KEYWORDS if any(catalog.applies(k, i) for i in infos)]
    for k in given:
        if k not in known and k not in usable:
            raise unknown(f"input of {chain_name}", k, sorted(known) + usable)
    seed = seed_int(seed)
    explicit = {k for k, v in given.items() if k in known and v is not None}
    produced: dict[str, int] = {}  # input name -> flat output index that feeds it
    rows: dict[Any, int] = {}  # ("given", name) or (stage, name) -> union row
    cols: list[tuple[Any, ...]] = []  # per union row: (kind, slot, params, table, cdf)
    row_info: list[InputInfo] = []
    row_vals: dict[str, Any] = {}
    row_slot_rows: set[str] = set()
    absent = 0  # spec rows that may be NaN per scenario (the spec's absent mask)
    maps: list[np.ndarray] = []
    avail: list[tuple[str, ...]] = []
    offs: list[int] = []
    described: dict[str, Any] = {}
    off = 0
    for s, info in enumerate(infos):
        own = set(info.input_names)
        args = {
            k: v
            for k, v in given.items()
            if k in own or (k in catalog.KEYWORDS and catalog.applies(k, info))
        }
        fed = {k: produced[k] for k in info.input_names if k in produced and k not in explicit}
        args.update({k: _placeholder(info.input(k)) for k in fed})
        study = build_study(info, args, seed, None)
        kinds, slots, params, tables, cdfs = study.spec[:5]
        src = np.empty(len(info.inputs), np.int32)
        for pos, i in enumerate(info.inputs):
            if i.name in fed:
                src[pos] = -1 - fed[i.name]
                continue
            shared = i.name in explicit
            rk: Any = ("given", i.name) if shared else (s, i.name)
            if rk not in rows:
                if len(study.spec) > 8 and (study.spec[8] >> pos) & 1:
                    absent |= 1 << len(cols)  # drawn from rows some of which lack it
                rows[rk] = len(cols)
                label = i.name if shared or i.name not in row_vals else f"{info.name}.{i.name}"
                slot = int(slots[pos]) if slots[pos] >= ROWS_SLOT_BASE else len(cols)
                cols.append((int(kinds[pos]), slot, params[pos], tables[pos], cdfs[pos]))
                row_info.append(dataclasses.replace(i, name=label))
                row_vals[label] = study.values[i.name]
                if slots[pos] >= ROWS_SLOT_BASE:
                    row_slot_rows.add(label)
                if study.values[i.name] is not None:
                    described.setdefault(label, study.values[i.name])
            src[pos] = rows[rk]
        described.update(study.rows)
        maps.append(src)
        avail.append(study.available_outputs())
        offs.append(off)
        links = RENAMES.get(info.name, {})
        for o in avail[-1]:
            produced[links.get(o, o)] = off + info.output_names.index(o)
        off += len(info.outputs)
    syn = ModelInfo(chain_name, "", "", tuple(row_info), ())
    corr, chol = copula(syn, row_vals, correlation, row_slot_rows)
    factors: list[str] = []
    fac = np.full(len(cols), -1, np.int32)
    for r, (kind, slot, *_rest) in enumerate(cols):
        if kind != 0:
            label = (
                row_info[r].name
                if slot < ROWS_SLOT_BASE
                else list(catalog.KEYWORDS)[slot - ROWS_SLOT_BASE]
            )
            if label not in factors:
                factors.append(label)
            fac[r] = factors.index(label)
    key = philox_key(seed)
    spec = (
        np.array([c[0] for c in cols], np.int32),
        np.array([c[1] for c in cols], np.uint32),
        np.array([c[2] for c in cols], np.float64).reshape(len(cols), 6),
        [c[3] for c in cols],
        [c[4] for c in cols],
        key,
        corr,
        chol.reshape(-1),
        absent,
    )
    names, req, which = _outputs(infos, avail, offs, outputs)
    units = tuple(infos[s].output(o).unit for s, o in which)
    target = ([_model_id(i.name) for i in infos], maps, len(cols))

    def ref_eval(x: np.ndarray) -> dict[str, np.ndarray]:
        n = x.shape[1]
        flat: list[np.ndarray] = []
        ans: list[np.ndarray] = []  # per flat output: answered by a flag (engine's ChainModel)
        status = np.zeros(n, np.int64)
        for info, src in zip(infos, maps):
            args = {i.name: (x[v] if v >= 0 else flat[-1 - v]) for i, v in zip(info.inputs, src)}
            outs = reference.evaluate(info.name, args)
            own = np.broadcast_to(outs["_status"], (n,))
            status |= own
            # Every output of a stage that reads an answered output is answered too.
            fed = np.zeros(n, bool)
            for v in src:
                if v < 0:
                    fed |= ans[-1 - v]
            flat += [
                np.broadcast_to(np.asarray(outs.get(o, np.nan), dtype=np.float64), (n,))
                for o in info.output_names
            ]
            ans += [answered(info, own, o) | fed for o in info.output_names]
        bad = np.zeros(n, bool)
        for k in req:
            bad |= ~np.isfinite(flat[k]) & ~ans[k]
        return {"_status": status, "_nonfinite": bad} | {
            name: flat[k] for name, k in zip(names, req)
        }

    sampled = [(row_info[r].name, r) for r in range(len(cols)) if cols[r][0] != 0]
    return Subject(
        chain_name,
        target,
        spec,
        seed,
        names,
        np.array(req, np.int32),
        units,
        ref_eval,
        sampled,
        described,
        off,
        factors,
        fac,
    )


def _model_id(name: str) -> int:
    """Position in the model list (= cpp model_list.hpp order, checked by
    tests/models/test_models_consistency.py); no compiled core needed for the reference path."""
    return list(MODELS).index(name)
