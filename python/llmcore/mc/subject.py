# SPDX-License-Identifier: BSD-3-Clause
"""What a Monte Carlo or sensitivity run evaluates: one model (here) or a chain of models
(:mod:`llmcore.mc.chain`), as the compiled core and the reference take it."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from llmcore import reference
from llmcore._engine.run import nonfinite_outputs
from llmcore._models import MODELS, ModelInfo
from llmcore._models.outputs import requested_outputs
from llmcore._util.errors import user_stacklevel
from llmcore.estimate.result import shown_value
from llmcore.estimate.single import MissingDataWarning
from llmcore.mc.study import Study, build_study, lacking_rows
from llmcore.reference import dist as ref_dist

__all__ = [
    "MAX_SCENARIOS",
    "Subject",
    "count",
    "lacking",
    "requested",
    "single_subject",
]


@dataclass
class Subject:
    """What is simulated, as the core and the reference take it: one model or a chain."""

    name: str  # "training", or "training -> lifecycle"
    target: Any  # core target: model id, or a chain (mc/chain.py)
    spec: tuple[Any, ...]  # sampled inputs (a chain: the union of its models' inputs)
    seed: int
    names: tuple[str, ...]  # requested outputs, as result keys
    req: np.ndarray  # their positions in the target's (flat) output list
    units: tuple[str, ...]
    # Reference outputs of samples, with "_status" (the models' own bits) and "_nonfinite"
    # (a requested output is not finite where no flag answers for it: the status rule's input).
    ref_eval: Callable[[np.ndarray], dict[str, np.ndarray]]
    sampled: list[tuple[str, int]]  # (input name, spec row) of each sampled input
    described: dict[str, Any]
    n_out: int  # outputs of the target
    factors: list[str]  # Sobol factors
    fac: np.ndarray  # per spec row: factor index or -1
    # input -> {"value": ..., "source": ...} for every input not given (Result.assumptions)
    assumptions: dict[str, dict[str, Any]] = field(default_factory=dict)

    def ref_outputs(
        self, start: int, count: int, stream: int = 0
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Reference samples of scenarios [start, start+count) and their outputs."""
        x = ref_dist.sample(self.spec, start, count, stream)
        return x, {k: np.broadcast_to(v, (count,)) for k, v in self.ref_eval(x).items()}


def lacking(spec: tuple[Any, ...], x: np.ndarray) -> np.ndarray | None:
    """Per scenario: whether an input the spec's absent mask names is NaN (its catalog row
    lacks the field); None when the mask is empty."""
    mask = int(spec[8]) if len(spec) > 8 else 0
    rows = [k for k in range(x.shape[0]) if (mask >> k) & 1]
    return np.isnan(x[rows]).any(axis=0) if rows else None


#: The most scenarios one run takes: scenario indices (and the block/segment rounding of
#: [0, n)) are int64 in the compiled core, so n stays well inside 2^63.
MAX_SCENARIOS = 1 << 62


def count(n: Any, what: str = "n") -> int:
    """A number of scenarios: a whole number in [1, MAX_SCENARIOS] (``1e8`` is accepted)."""
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, float, np.integer, np.floating)):
        raise TypeError(f"{what} must be a number of scenarios, not {n!r}")
    if isinstance(n, (float, np.floating)) and not (
        math.isfinite(float(n)) and float(n) == math.floor(float(n))
    ):
        raise ValueError(f"{what} must be a whole number >= 1, got {n!r}")
    v = int(n)
    if v < 1:
        raise ValueError(f"{what} must be a whole number >= 1, got {n!r}")
    if v > MAX_SCENARIOS:
        raise ValueError(
            f"{what} = {n!r} is too large: at most 2**62 = {MAX_SCENARIOS:,} scenarios "
            "(scenario indices are int64)"
        )
    return v


def requested(study: Study, outputs: Any) -> tuple[str, ...]:
    names = requested_outputs(study.model, study.present, outputs)
    if not names:
        raise ValueError("outputs: ask for at least one output")
    return names


def single_subject(
    info: ModelInfo, given: dict[str, Any], seed: Any, correlation: Any, outputs: Any
) -> Subject:
    """One model as a Subject (a chain of models: llmcore.mc.chain.chain_subject)."""
    study = build_study(info, given, seed, correlation)
    names = requested(study, outputs)
    for name, (kw, ids) in lacking_rows(info, study.values, study.rows).items():
        hit = [o.name for o in info.outputs if name in o.needs and o.name in names]
        if hit:
            warnings.warn(
                f"{info.name}: {kw} {', '.join(ids)} has no {name} "
                f"({info.input(name).doc}); {', '.join(hit)} is NaN (status missing_input) "
                f"in the scenarios that draw {'it' if len(ids) == 1 else 'them'}. Give "
                f"{name}=... to compute them.",
                MissingDataWarning,
                stacklevel=user_stacklevel(),
            )

    def ref_eval(x: np.ndarray) -> dict[str, np.ndarray]:
        outs = reference.evaluate(info.name, dict(zip(info.input_names, x)))
        status = np.broadcast_to(outs["_status"], (x.shape[1],))
        outs["_nonfinite"] = nonfinite_outputs(info, status, {k: outs[k] for k in names})
        return outs

    described = {k: v for k, v in study.values.items() if v is not None}
    described.update({k: v for k, v in study.rows.items()})
    return Subject(
        info.name,
        list(MODELS).index(info.name),
        study.spec,
        study.seed,
        names,
        np.array([info.output_names.index(o) for o in names], np.int32),
        tuple(info.output(o).unit for o in names),
        ref_eval,
        [(k, i) for i, k in enumerate(info.input_names) if study.fac[i] >= 0],
        described,
        len(info.outputs),
        list(study.factors),
        study.fac,
        {
            k: {"value": shown_value(info, k, described.get(k, study.values[k])), "source": src}
            for k, src in study.sources.items()
            if src != "given"
        },
    )
