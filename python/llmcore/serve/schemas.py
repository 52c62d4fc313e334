# SPDX-License-Identifier: BSD-3-Clause
"""Request and response schemas, generated from the model metadata (``llmcore._models``) and
from the signatures of :mod:`llmcore.dist`: names, units, valid ranges, defaults, choices and
catalog keywords are read, never retyped, so the OpenAPI document follows the package."""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from llmcore import catalog
from llmcore._models import MODELS, InputInfo, ModelInfo
from llmcore._models.ranges import range_text

__all__ = [
    "Assumption",
    "EvaluateRequest",
    "Finite",
    "Limits",
    "Reproduce",
    "Strict",
    "camel",
    "estimator_request",
    "estimator_response",
    "input_schema",
]

# strict: JSON true is not the number 1, nor "7e9" a number (the schema says number)
Finite = Annotated[float, Field(allow_inf_nan=False, strict=True)]
# JSON has no NaN: a value the model left undefined (a flagged scenario) is null
Value = float | None | list[float | None]
Text = str | list[str]


class Limits(BaseModel):
    """The server's caps on one request (``llmcore serve --max-n``, ``--max-array``)."""

    max_n: int = 1_000_000
    max_array: int = 100_000


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _bounds(i: InputInfo) -> dict[str, Any]:
    kw: dict[str, Any] = {}
    if i.lo > -math.inf:
        kw["gt" if i.lo_open else "ge"] = i.lo
    if i.hi < math.inf:
        kw["lt" if i.hi_open else "le"] = i.hi
    return kw


def _extra(i: InputInfo) -> dict[str, Any]:
    return {
        "x-unit": i.unit,
        "x-default": i.default_text(),
        "x-range": range_text(i),
        **({"x-catalog": i.catalog} if i.catalog else {}),
    }


def input_schema(i: InputInfo, limits: Limits) -> tuple[Any, Any]:
    """The (type, Field) of one input: a number in its range or a list of them (a choice by
    name for named choices), absent when not given."""
    if i.choices:
        names = (*i.choices, *(a for a, _ in i.choice_aliases))
        item: Any = Literal[names]
    else:
        item = Annotated[float, Field(allow_inf_nan=False, strict=True, **_bounds(i))]
    many = Annotated[list[item], Field(min_length=1, max_length=limits.max_array)]
    desc = f"{i.doc} [{i.unit}]; default: {i.default_text()}; valid: "
    desc += "|".join(i.choices) if i.choices else range_text(i)
    return (item | many | None, Field(None, description=desc, json_schema_extra=_extra(i)))


def _keyword_schema(kw: str, info: ModelInfo, limits: Limits) -> tuple[Any, Any]:
    kind = catalog.KEYWORDS[kw]
    fills = sorted(catalog.fillable(kind) & info.filled_by(kw))
    desc = f"a {kind} catalog id (GET /api/catalog/{kind}); fills {', '.join(fills) or 'inputs'}"
    ids = Annotated[list[str], Field(min_length=1, max_length=limits.max_array)]
    return (
        str | ids | None,
        Field(None, description=desc, json_schema_extra={"x-kind": kind}),
    )


def keywords(info: ModelInfo) -> list[str]:
    """The catalog keywords the estimator of `info` takes (as ``cli.estimators`` offers)."""
    return [k for k in catalog.KEYWORDS if catalog.applies(k, info) and k not in info.input_names]


def has_money(info: ModelInfo) -> bool:
    return any(o.unit == "USD" for o in info.outputs)


def estimator_request(info: ModelInfo, limits: Limits) -> type[BaseModel]:
    fields: dict[str, Any] = {i.name: input_schema(i, limits) for i in info.inputs}
    fields.update({kw: _keyword_schema(kw, info, limits) for kw in keywords(info)})
    if has_money(info):
        fields["currency"] = (
            str | None,
            Field(None, description="money outputs in this fx-catalog currency (JPY, EUR)"),
        )
    outs = Literal[info.output_names]  # type: ignore[name-defined]
    fields["outputs"] = (
        list[outs] | None,
        Field(None, description="only these outputs (default: every output the inputs allow)"),
    )
    return create_model(
        f"{camel(info.name)}Request",
        __base__=Strict,
        __doc__=f"{info.doc} (methodology: docs/methodology/{info.name}.md). Numbers or lists "
        "of numbers (one "
        "scenario per element, broadcast like numpy); absent inputs take their default or "
        "catalog value, reported under assumptions.",
        **fields,
    )


class OutputValue(BaseModel):
    value: Value = Field(description="the number (a list for array inputs); null: undefined")
    unit: str
    text: Text = Field(description="the value as the report prints it, with its unit")


class Assumption(BaseModel):
    value: Any = Field(description="the value used (a number, list or name)")
    source: str = Field(description='"default", or the catalog row it came from')


class Reproduce(BaseModel):
    """The same call in Python and on the command line."""

    python: str
    cli: str
    toml: str | None = Field(None, description="the scenario file the CLI command reads")


class _Answer(BaseModel):
    model: str
    backend: str
    shape: list[int] = Field(description="the broadcast shape of the inputs ([] for scalars)")
    currency: str
    fx_date: str | None
    assumptions: dict[str, Assumption] = Field(
        description="every input not given: the value used and where it came from"
    )
    status_counts: dict[str, int]
    warnings: list[str]
    reproduce: Reproduce


def estimator_response(info: ModelInfo) -> type[BaseModel]:
    outs = {
        o.name: (
            OutputValue | None,
            Field(None, description=f"{o.doc} [{o.unit}]" + _needs(o.needs)),
        )
        for o in info.outputs
    }
    outputs = create_model(f"{camel(info.name)}Outputs", **outs)  # type: ignore[call-overload]
    return create_model(
        f"{camel(info.name)}Response",
        __base__=_Answer,
        outputs=(outputs, Field(description="outputs the inputs allow; others left out")),
    )


def _needs(needs: tuple[str, ...]) -> str:
    return f"; left out without {', '.join(needs)}" if needs else ""


def camel(name: str) -> str:
    return "".join(p.capitalize() for p in name.split("_"))


ModelName = Literal[tuple(MODELS)]  # type: ignore[valid-type]


class EvaluateRequest(Strict):
    """Any model, or a chain of models (outputs feed later models' same-named inputs)."""

    model: ModelName | Annotated[list[ModelName], Field(min_length=1, max_length=8)]  # type: ignore[valid-type]
    inputs: dict[str, Finite | str | list[Finite] | list[str]] = Field(
        default_factory=dict, description="input name or catalog keyword -> value(s)"
    )
    outputs: list[str] | None = None
    currency: str | None = None


class EvaluateResponse(_Answer):
    outputs: dict[str, OutputValue]
