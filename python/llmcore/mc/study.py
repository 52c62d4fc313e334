# SPDX-License-Identifier: BSD-3-Clause
"""From ``simulate``/``sensitivity`` arguments to one study: per model input a constant or an
encoded distribution, catalog rows drawn jointly, the copula and the Philox key.

Precedence per input is that of ``evaluate``: explicit value (number or distribution), then a
catalog row (fixed id or drawn by ``dist.rows``), then the documented default.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from numbers import Real
from typing import Any

import numpy as np

from llmcore import catalog
from llmcore._engine.constants import ROWS_SLOT_BASE  # catalog-row draw: base + keyword position
from llmcore._models import InputInfo, ModelInfo
from llmcore._models.outputs import available_outputs, present_inputs
from llmcore._models.ranges import range_text
from llmcore._util.errors import InvalidInputError, unknown
from llmcore.estimate.inputs import check_input_keys
from llmcore.mc.dist import Distribution, Encoded, Rows, discrete_of
from llmcore.reference import dist as ref_dist

__all__ = ["Study", "build_study"]


@dataclass
class Study:
    model: ModelInfo
    spec: tuple[Any, ...]  # what _core and reference.dist.sample take
    values: dict[str, Any]  # input -> float (fixed), Distribution, or None (absent)
    factors: list[str]  # sampled factors: input names, or a catalog keyword for rows
    fac: np.ndarray  # per model input: its factor index, -1 if fixed
    seed: int
    rows: dict[str, Rows]
    # input -> where its value came from ("given", "default", "hardware a100-80gb", ...)
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def present(self) -> set[str]:
        return present_inputs(self.values)

    def available_outputs(self) -> tuple[str, ...]:
        return available_outputs(self.model, self.present)


def in_range(i: InputInfo, x: float) -> bool:
    lo_ok = x > i.lo if i.lo_open else x >= i.lo
    hi_ok = x < i.hi if i.hi_open else x <= i.hi
    return math.isfinite(x) and lo_ok and hi_ok


def _check_dist(model: ModelInfo, i: InputInfo, d: Distribution, nan_ok: bool = False) -> None:
    """Every draw must be a valid value: the support must lie in the input's range (`nan_ok`:
    NaN draws are absent values, from catalog rows that lack the field)."""
    if d.discrete is not None:
        for k, v in enumerate(d.discrete):
            if nan_ok and v != v:
                continue
            if not in_range(i, v):
                raise InvalidInputError(
                    f"{model.name}: input {i.name!r}: {d!r} can draw {v!r}, outside "
                    f"{range_text(i)} ({i.unit})",
                    input=i.name,
                    value=v,
                    index=(k,),
                )
        return
    lo, hi = d.support
    # A continuous draw equals an open end with probability 0, so closed containment suffices.
    if lo < i.lo or hi > i.hi:
        bad = lo if lo < i.lo else hi
        hint = {
            "normal": " (truncate it: dist.normal(mean, sd, lo, hi))",
            "ci": " (truncate it: dist.normal(mean, sd, lo, hi))",
            "student_t": " (truncate it: dist.student_t(df, loc, scale, lo=..., hi=...))",
        }.get(d.name, "")
        raise InvalidInputError(
            f"{model.name}: input {i.name!r}: {d!r} has support [{lo:g}, {hi:g}], which leaves "
            f"the valid range {range_text(i)} ({i.unit}){hint}",
            input=i.name,
            value=bad,
        )
    _check_draws(model, i, d)


# The extreme uniforms the samplers use: Philox u = (k + 0.5)·2^-52 (and the copula clamps its
# normal CDF to the same interval), so the inverse CDFs there bound every draw.
U_ENDS = np.array([2.0**-53, 1.0 - 2.0**-53])


def _beyond(x: float, bound: float, is_open: bool, below: bool) -> bool:
    """Whether a draw `x` breaks a bound: an open end may not be reached, a closed one is
    passed only by more than rounding (a few ulp of the bound)."""
    if is_open and x == bound:
        return True
    gap = (bound - x) if below else (x - bound)
    return gap > 4 * math.ulp(bound)


_ENDS: dict[int, tuple[Distribution, float, float]] = {}


def _draw_ends(d: Distribution) -> tuple[float, float]:
    """The least and greatest value the sampler can draw from `d` (its inverse CDF at the
    extreme uniforms). Distributions are immutable, so this is kept per object (the entry
    holds the object, so its id is not reused while cached): a study's set-up evaluated
    these reference transforms on every call."""
    got = _ENDS.get(id(d))
    if got is not None and got[0] is d:
        return got[1], got[2]
    enc = d.encode()
    with np.errstate(all="ignore"):
        ends = ref_dist.transform(enc.kind, enc.params, enc.table, enc.cdf, U_ENDS)
    lo, hi = float(np.min(ends)), float(np.max(ends))
    if len(_ENDS) >= 1024:
        _ENDS.clear()
    _ENDS[id(d)] = (d, lo, hi)
    return lo, hi


def _check_draws(model: ModelInfo, i: InputInfo, d: Distribution) -> None:
    """What the sampler can actually draw, in double precision: its inverse CDF at the extreme
    uniforms must be finite, inside the input's range (open ends excluded: exp underflows to 0,
    overflows to inf) and not one value (a spread below double resolution)."""
    enc = d.encode()
    where = f"{model.name}: input {i.name!r}: {d!r}"
    if enc.table is not None and not np.isfinite(enc.table).all():
        raise InvalidInputError(
            f"{where} has a non-finite quantile table; its parameters cannot be sampled in "
            "double precision",
            input=i.name,
        )
    lo, hi = _draw_ends(d)
    for v in (lo, hi):
        if not math.isfinite(v):
            raise InvalidInputError(
                f"{where} draws {v!r} in double precision (its values overflow); expected "
                f"{range_text(i)} ({i.unit})",
                input=i.name,
                value=v,
            )
    if _beyond(lo, i.lo, i.lo_open, True) or _beyond(hi, i.hi, i.hi_open, False):
        bad = lo if _beyond(lo, i.lo, i.lo_open, True) else hi
        why = " (exp underflows to 0)" if bad == 0.0 and d.name in ("lognormal", "ci") else ""
        raise InvalidInputError(
            f"{where} draws values from {lo!r} to {hi!r} in double precision{why}, which "
            f"reaches outside the valid range {range_text(i)} ({i.unit})",
            input=i.name,
            value=bad,
        )
    if lo == hi:
        raise InvalidInputError(
            f"{where} draws the single value {lo!r} in double precision (its spread is below "
            "the resolution of a double); give the number itself",
            input=i.name,
            value=lo,
        )


def _fixed(model: ModelInfo, i: InputInfo, v: Any) -> float:
    if i.choices and isinstance(v, str):
        return i.choice_code(v)
    if isinstance(v, (bool, np.bool_, str, bytes)) or not isinstance(v, Real):
        if isinstance(v, (np.ndarray, list, tuple)):
            raise TypeError(
                f"{model.name}: input {i.name!r}: simulate takes a number or a "
                "distribution per input (llmcore.dist), not an array; use "
                "dist.empirical(values) or dist.choice(values)"
            )
        raise TypeError(
            f"{model.name}: input {i.name!r} must be a number or a distribution, "
            f"not {type(v).__name__} {v!r}"
        )
    try:
        x = float(v)
    except OverflowError:
        raise InvalidInputError(
            f"{model.name}: input {i.name!r} does not fit a double (magnitude above 1.8e308); "
            f"expected {range_text(i)} ({i.unit}: {i.doc})",
            input=i.name,
            value=v,
        ) from None
    if not in_range(i, x):
        raise InvalidInputError(
            f"{model.name}: input {i.name!r} = {x!r} is out of range; "
            f"expected {range_text(i)} ({i.unit}: {i.doc})",
            input=i.name,
            value=x,
        )
    return x


_KIND_FIELDS: dict[tuple[str, int], frozenset[str]] = {}


def _kind_fields(kind: str) -> frozenset[str]:
    """Every numeric field some row of `kind` fills: a walk over the whole kind, so kept
    per catalog generation (a small study's set-up was mostly this walk)."""
    key = (kind, catalog.generation())
    got = _KIND_FIELDS.get(key)
    if got is None:
        got = frozenset(
            k
            for rid in catalog.list(kind)
            for k, v in catalog.fill_fields(kind, rid).items()
            if isinstance(v, (int, float)) and not isinstance(v, bool)
        )
        for old in [k for k in _KIND_FIELDS if k[1] != key[1]]:
            del _KIND_FIELDS[old]
        _KIND_FIELDS[key] = got
    return got


def _row_fields(model: ModelInfo, r: Rows) -> dict[str, Distribution]:
    kind = catalog.KEYWORDS[r.keyword]
    # what a row fills, as outside Monte Carlo (catalog.fill_fields: an instance row brings
    # its accelerator's hardware row, a models row's position its learned_positions)
    table = [catalog.fill_fields(kind, rid) for rid in r.ids]
    names = model.filled_by(r.keyword)
    fields = (
        set().union(
            *[
                {
                    k
                    for k, v in row.items()
                    if isinstance(v, (int, float)) and not isinstance(v, bool)
                }
                for row in table
            ]
        )
        & names
    )
    # Every field some row of the kind holds (as for an array of ids): a drawn row that lacks
    # it gives NaN there, absent for the scenarios that draw that row.
    fields |= _kind_fields(kind) & names
    # A drawn row without a field takes the input's default where it has one (as
    # estimate.inputs does for an array of ids), else NaN (absent).
    absent = {i.name: math.nan if i.default is None else i.default for i in model.inputs}
    return {
        f: discrete_of(
            np.array([float(row.get(f, absent[f])) for row in table]), r.p, f"rows:{r.keyword}"
        )
        for f in sorted(fields)
    }


def _lacking(d: Any) -> bool:
    """Whether a value is a row draw with rows that lack its field (NaN in the table)."""
    return (
        isinstance(d, Distribution) and d.discrete is not None and any(v != v for v in d.discrete)
    )


def absent_mask(model: ModelInfo, values: Mapping[str, Any], row_inputs: Any) -> int:
    """The spec's absent mask: bit k for model input k drawn from catalog rows some of which
    lack the field (those draws are NaN: the scenario lacks the input)."""
    return sum(
        1 << k
        for k, i in enumerate(model.inputs)
        if i.name in row_inputs and _lacking(values.get(i.name))
    )


def lacking_rows(model: ModelInfo, values: Mapping[str, Any], rows: Mapping[str, Rows]) -> dict:
    """input -> (keyword, ids of the rows drawn that lack it), for the missing-data warning."""
    out = {}
    for kw, r in rows.items():
        kind = catalog.KEYWORDS[kw]
        for i in model.inputs:
            v = values.get(i.name)
            if _lacking(v):
                ids = [rid for rid in r.ids if i.name not in catalog.get(kind, rid)]
                if ids:
                    out[i.name] = (kw, ids)
    return out


def philox_key(seed: int) -> np.ndarray:
    return np.random.SeedSequence(seed).generate_state(2, dtype=np.uint32)


def seed_int(seed: Any) -> int:
    if seed is None:
        return int(np.random.SeedSequence().entropy)  # type: ignore[arg-type]
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be a non-negative int or None, not {seed!r}")
    if seed < 0:
        raise ValueError(f"seed must be >= 0, got {seed!r}")
    return int(seed)


def copula(
    model: ModelInfo, values: Mapping[str, Any], correlation: Any, rows_inputs: set[str]
) -> tuple[np.ndarray, np.ndarray]:
    if not correlation:
        return np.zeros(0, np.int32), np.zeros(0)
    if not isinstance(correlation, Mapping):
        raise TypeError("correlation must be a mapping {(input_a, input_b): rank correlation}")
    pairs: dict[tuple[str, str], float] = {}
    for key, rho in correlation.items():
        if not (isinstance(key, tuple) and len(key) == 2 and all(isinstance(k, str) for k in key)):
            raise TypeError(f"correlation keys must be (input, input) pairs, got {key!r}")
        a, b = key
        for name in (a, b):
            if name not in model.input_names:
                raise unknown(f"input of {model.name}", name, model.input_names)
            if name in rows_inputs or not isinstance(values.get(name), Distribution):
                raise InvalidInputError(
                    f"correlation: input {name!r} is not drawn from its own "
                    "distribution (a fixed value or a catalog row cannot be "
                    "correlated)",
                    input=name,
                )
        if a == b:
            raise InvalidInputError(
                f"correlation: pair ({a!r}, {b!r}) names one input twice", input=a
            )
        r = float(rho)
        if not -1.0 <= r <= 1.0:
            raise InvalidInputError(
                f"correlation ({a!r}, {b!r}) = {r!r} must be in [-1, 1]", input=a, value=r
            )
        pair = (a, b) if model.input_names.index(a) < model.input_names.index(b) else (b, a)
        if pair in pairs and pairs[pair] != r:
            raise InvalidInputError(
                f"correlation: pair {pair!r} is given twice with different values "
                f"({pairs[pair]!r} and {r!r}); give each pair once",
                input=a,
                value=r,
            )
        pairs[pair] = r
    names = [n for n in model.input_names if any(n in p for p in pairs)]
    m = len(names)
    spearman = np.eye(m)
    for (a, b), r in pairs.items():
        ia, ib = names.index(a), names.index(b)
        spearman[ia, ib] = spearman[ib, ia] = r
    # Spearman's rho -> the Gaussian copula's Pearson correlation (Kruskal 1958).
    pearson = 2.0 * np.sin(np.pi * spearman / 6.0)
    np.fill_diagonal(pearson, 1.0)
    try:
        chol = np.linalg.cholesky(pearson)
    except np.linalg.LinAlgError:
        w = np.linalg.eigvalsh(pearson)
        raise InvalidInputError(
            f"correlation matrix over {names} is not positive definite (smallest eigenvalue "
            f"{w.min():.3g} of the implied normal correlation); the given pairwise "
            "correlations are inconsistent",
            input=names[0],
        ) from None
    idx = np.array([model.input_names.index(n) for n in names], dtype=np.int32)
    return idx, np.ascontiguousarray(chol)


def build_study(
    model: ModelInfo, given: Mapping[str, Any], seed: Any = None, correlation: Any = None
) -> Study:
    names = model.input_names
    filled: dict[str, Any] = {}
    row_draws: dict[str, Rows] = {}
    slot_of: dict[str, int] = {}
    sources: dict[str, str] = {}
    check_input_keys(given, model.name)
    for key, v in given.items():
        if key in catalog.KEYWORDS and not catalog.applies(key, model):
            usable = [k for k in catalog.KEYWORDS if catalog.applies(k, model)]
            raise unknown(
                f"catalog keyword of {model.name} ({key}= fills none of its inputs)", key, usable
            )
        if key in catalog.KEYWORDS:
            if isinstance(v, Rows) and not v.keyword:
                v = Rows(key, v.ids, v.p)  # dist.choice([...ids]) given for a keyword
            if isinstance(v, Rows):
                if v.keyword != key:
                    raise InvalidInputError(
                        f"{key}= takes rows of the {key} catalog, not {v.keyword}", input=key
                    )
                row_draws[key] = v
                fields = _row_fields(model, v)
                filled.update(fields)
                sources.update(dict.fromkeys(fields, f"{v.keyword} rows ({', '.join(v.ids)})"))
                pos = list(catalog.KEYWORDS).index(key)
                slot_of.update({f: ROWS_SLOT_BASE + pos for f in fields})
            elif isinstance(v, str):
                row = catalog.fill_fields(catalog.KEYWORDS[key], v)  # as evaluate() fills it
                own = model.filled_by(key)
                got = {k: x for k, x in row.items() if k in own}
                filled.update(got)
                sources.update(dict.fromkeys(got, f"{catalog.KEYWORDS[key]} {v}"))
            elif v is not None:
                raise TypeError(f"{key} must be a catalog id or dist.rows(...), not {v!r}")
        elif key not in names:
            raise unknown(f"input of {model.name}", key, list(names) + list(catalog.KEYWORDS))
    values: dict[str, Any] = {}
    for i in model.inputs:
        v = given.get(i.name)
        if v is None:
            v = filled.get(i.name, i.default)
            if i.name not in filled and v is not None:
                sources[i.name] = "default"
        else:
            slot_of.pop(i.name, None)  # an explicit value beats the catalog row
            sources[i.name] = "given"
        if v is None:
            if i.required:
                raise InvalidInputError(
                    f"{model.name}: missing required input {i.name!r} ({i.unit}: {i.doc})",
                    input=i.name,
                )
            values[i.name] = None
        elif isinstance(v, Distribution):
            _check_dist(model, i, v, nan_ok=i.name in slot_of and _lacking(v))
            values[i.name] = v
        elif isinstance(v, Rows):
            raise TypeError(
                f"{model.name}: input {i.name!r}: dist.rows() goes with a catalog "
                f"keyword ({', '.join(catalog.KEYWORDS)}), not with an input"
            )
        else:
            values[i.name] = _fixed(model, i, v)
    have = {k for k, v in values.items() if v is not None}
    if model.require_any and not any(set(g) <= have for g in model.require_any):
        alts = " or ".join("+".join(g) for g in model.require_any)
        raise InvalidInputError(f"{model.name}: needs {alts}", input=model.require_any[0][0])
    corr, chol = copula(model, values, correlation, set(slot_of))
    seed = seed_int(seed)
    kinds, slots, params, tables, cdfs = [], [], [], [], []
    factors: list[str] = []
    fac = np.full(len(names), -1, dtype=np.int32)
    for k, i in enumerate(model.inputs):
        v = values[i.name]
        enc = (
            v.encode()
            if isinstance(v, Distribution)
            else Encoded(0, (math.nan if v is None else v,) + (0.0,) * 5)
        )
        kinds.append(enc.kind)
        slot = slot_of.get(i.name, k)
        slots.append(slot)
        params.append(enc.params)
        tables.append(enc.table)
        cdfs.append(enc.cdf)
        if enc.kind != 0:
            label = (
                i.name if slot < ROWS_SLOT_BASE else list(catalog.KEYWORDS)[slot - ROWS_SLOT_BASE]
            )
            if label not in factors:
                factors.append(label)
            fac[k] = factors.index(label)
    spec = (
        np.array(kinds, np.int32),
        np.array(slots, np.uint32),
        np.array(params, np.float64).reshape(len(names), 6),
        tables,
        cdfs,
        philox_key(seed),
        corr,
        chol.reshape(-1),
        absent_mask(model, values, slot_of),
    )
    used = {k: s for k, s in sources.items() if values.get(k) is not None}
    return Study(model, spec, values, factors, fac, seed, row_draws, used)
