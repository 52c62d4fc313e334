# SPDX-License-Identifier: BSD-3-Clause
"""The Monte Carlo requests and answers: one schema per function of :mod:`llmcore.dist`,
read from its signature (names, defaults, which arguments are lists), and the summaries of
``simulate`` and ``sensitivity``."""

from __future__ import annotations

import functools
import inspect
import operator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, create_model

from llmcore.mc import dist
from llmcore.mc.sensitivity import MIN_BASE
from llmcore.serve.schemas import (
    Assumption,
    EvaluateRequest,
    Finite,
    Limits,
    Reproduce,
    Strict,
    camel,
)

__all__ = ["DIST_NAMES", "SensitivityResponse", "SimulateResponse", "mc_requests"]

# -- distributions: one schema per function of llmcore.dist, from its signature ----------

DIST_NAMES = tuple(n for n in dist.__all__ if n[0].islower())


def _dist_param(p: inspect.Parameter) -> tuple[Any, Any]:
    ann = str(p.annotation)
    if p.name in ("ids",):
        typ: Any = list[str]
    elif p.name == "values":
        typ = list[Finite | str]
    elif "Sequence" in ann:
        typ = list[Finite]
    elif p.name == "kind":
        typ = str
    else:
        typ = Finite
    if p.default is inspect.Parameter.empty:
        return (typ, Field(...)) if p.name != "kind" else (typ | None, Field(None))
    return (typ | None, Field(p.default))


def _dist_model(name: str) -> type[BaseModel]:
    fn = getattr(dist, name)
    sig = inspect.signature(fn)
    fields = {p.name: _dist_param(p) for p in sig.parameters.values()}
    doc = (fn.__doc__ or name).strip().split("\n\n")[0]
    if name == "rows":
        doc += " (kind defaults to the input's key: hardware, region, ...)"
    return create_model(  # type: ignore[call-overload]
        f"Dist{camel(name)}",
        __base__=Strict,
        __doc__=doc,
        dist=(Literal[name], Field(description=f"llmcore.dist.{name}")),
        **fields,
    )


DISTS = {n: _dist_model(n) for n in DIST_NAMES}
_AnyDist = functools.reduce(operator.or_, DISTS.values())  # one union of every schema
Dist = Annotated[_AnyDist, Field(discriminator="dist")]  # type: ignore[valid-type]
UncertainInput = Finite | str | Dist


class Correlation(Strict):
    a: str
    b: str
    rho: Annotated[float, Field(ge=-1, le=1, allow_inf_nan=False, strict=True)]


def mc_requests(limits: Limits) -> tuple[type[BaseModel], type[BaseModel]]:
    """(SimulateRequest, SensitivityRequest) with this server's cap on n."""
    common: dict[str, Any] = {
        "model": (EvaluateRequest.model_fields["model"].annotation, Field(...)),
        "inputs": (
            dict[str, UncertainInput],
            Field(
                default_factory=dict,
                description="input name or catalog keyword -> number, id, or a distribution "
                "({'dist': 'uniform', 'lo': 0.3, 'hi': 0.5})",
            ),
        ),
        "seed": (
            Annotated[int, Field(ge=0, le=2**63 - 1, strict=True)] | None,
            Field(None, description="same seed, same scenarios; absent: fresh (returned)"),
        ),
        "outputs": (list[str] | None, None),
    }
    sim = create_model(
        "SimulateRequest",
        __base__=Strict,
        __doc__="Monte Carlo summaries of a model over uncertain inputs (llmcore.simulate).",
        n=(Annotated[int, Field(ge=1, le=limits.max_n, strict=True)], Field(100_000)),
        quantiles=(
            Annotated[list[Annotated[float, Field(ge=0, le=1, strict=True)]], Field(max_length=64)],
            Field([0.05, 0.5, 0.95]),
        ),
        thresholds=(
            dict[str, Annotated[list[Finite], Field(max_length=64)]] | None,
            Field(None, description="output -> x: exact P(output > x) and E[output | > x]"),
        ),
        correlation=(
            Annotated[list[Correlation], Field(max_length=64)] | None,
            Field(None, description="Spearman rank correlations between pairs of inputs"),
        ),
        **common,
    )
    sens = create_model(
        "SensitivityRequest",
        __base__=Strict,
        __doc__="First-order and total Sobol indices (llmcore.sensitivity); the run costs "
        f"n·(d+2) model evaluations for d uncertain inputs, at most {limits.max_n:,}.",
        n=(Annotated[int, Field(ge=MIN_BASE, le=limits.max_n, strict=True)], Field(4096)),
        **common,
    )
    return sim, sens


class Quantile(BaseModel):
    q: float
    value: float | None
    ci95: list[float | None] = Field(description="distribution-free 95% interval")


class Exceedance(BaseModel):
    x: float
    p: float | None = Field(description="P(output > x)")
    mean_above: float | None = Field(description="E[output | output > x]")


class Histogram(BaseModel):
    edges: list[float] = Field(description="log-spaced bin edges (len(counts) + 1)")
    counts: list[int]
    density: list[float] = Field(description="fraction of scenarios per decade, per bin")


class Summary(BaseModel):
    unit: str
    count: int
    nonfinite: int
    mean: float | None
    std: float | None
    min: float | None
    max: float | None
    mean_se: float | None
    quantiles: list[Quantile]
    exceed: list[Exceedance]
    histogram: Histogram
    text: dict[str, str] = Field(description="mean, interval (p05–p95) as the report prints")


class SimulateResponse(BaseModel):
    model: str
    n: int
    seed: int
    backend: str
    inputs: dict[str, str] = Field(description="each input as a number or distribution")
    assumptions: dict[str, Assumption]
    status_counts: dict[str, int]
    outputs: dict[str, Summary]
    warnings: list[str]
    reproduce: Reproduce


class Index(BaseModel):
    factor: str
    S1: float | None
    S1_conf: float | None
    ST: float | None
    ST_conf: float | None


class SensitivityResponse(BaseModel):
    model: str
    n: int
    seed: int
    backend: str
    evaluations: int
    factors: list[str]
    indices: dict[str, list[Index]] = Field(description="output -> one row per factor")
    status_counts: dict[str, int]
    warnings: list[str]
    reproduce: Reproduce
