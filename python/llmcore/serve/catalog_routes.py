# SPDX-License-Identifier: BSD-3-Clause
"""Read-only endpoints: the models' metadata (what the page builds its forms from), the
catalogs (list, search, one row with its source and date), ``reproduce`` and the server's
health and limits."""

from __future__ import annotations

import functools
import math
from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from llmcore import catalog
from llmcore._models import MODELS, InputInfo
from llmcore._models.ranges import range_text
from llmcore._util.errors import UnknownNameError
from llmcore._util.version import version
from llmcore.serve.convert import plain
from llmcore.serve.errors import ErrorBody, body
from llmcore.serve.runs import Runner
from llmcore.serve.schemas import Limits, has_money, keywords
from llmcore.validation.reproduce import reproduce

__all__ = ["add"]


class InputMeta(BaseModel):
    name: str
    unit: str
    doc: str
    default: float | str | None
    default_text: str
    range: str
    lo: float | None
    hi: float | None
    required: bool
    optional: bool
    catalog: str | None
    choices: list[str]
    typical: list[float]


class OutputMeta(BaseModel):
    name: str
    unit: str
    doc: str
    needs: list[str]


class ModelMeta(BaseModel):
    name: str
    section: str
    doc: str
    inputs: list[InputMeta]
    outputs: list[OutputMeta]
    keywords: dict[str, str] = Field(description="catalog keyword -> catalog kind")
    currency: bool = Field(description="whether money outputs can be converted")


class CatalogRow(BaseModel):
    id: str
    name: str | None
    source: str
    date: str


class Health(BaseModel):
    version: str
    max_n: int
    max_array: int
    runs_cancelled: int


def _input(i: InputInfo) -> dict[str, Any]:
    default: Any = i.default
    if i.choices and default is not None:
        default = i.choice_name(default)
    return {
        "name": i.name,
        "unit": i.unit,
        "doc": i.doc,
        "default": default,
        "default_text": i.default_text(),
        "range": "|".join(i.choices) if i.choices else range_text(i),
        "lo": i.lo if math.isfinite(i.lo) else None,
        "hi": i.hi if math.isfinite(i.hi) else None,
        "required": i.required,
        "optional": i.optional,
        "catalog": i.catalog,
        "choices": list(i.choices),
        "typical": list(i.typical),
    }


def models_meta() -> list[dict[str, Any]]:
    return [
        {
            "name": m.name,
            "section": m.section,
            "doc": m.doc,
            "inputs": [_input(i) for i in m.inputs],
            "outputs": [
                {"name": o.name, "unit": o.unit, "doc": o.doc, "needs": list(o.needs)}
                for o in m.outputs
            ],
            "keywords": {k: catalog.KEYWORDS[k] for k in keywords(m)},
            "currency": has_money(m),
        }
        for m in MODELS.values()
    ]


@functools.cache
def _reproduced() -> list[dict[str, Any]]:
    # the published cases do not change while the server runs: computed once
    return [{k: plain(v) for k, v in row.items()} for row in reproduce()]


def _not_found(exc: UnknownNameError) -> JSONResponse:
    return JSONResponse(
        status_code=404,
        content=body(str(exc), value=exc.name, suggestions=list(exc.suggestions)),
    )


def add(api: APIRouter, limits: Limits, runner: Runner, errs: dict[int | str, Any]) -> None:
    missing: dict[int | str, dict[str, Any]] = {
        404: {"model": ErrorBody, "description": "no such catalog kind or row"}
    }

    @api.get("/models", response_model=list[ModelMeta], tags=["metadata"])
    def models() -> Any:
        """Every model: inputs (unit, default, valid range, catalog), outputs, keywords."""
        return models_meta()

    @api.get("/health", response_model=Health, tags=["metadata"])
    def health() -> Any:
        """Version, this server's limits, and how many runs stopped when their client left."""
        return {
            "version": version(),
            "max_n": limits.max_n,
            "max_array": limits.max_array,
            "runs_cancelled": runner.cancelled,
        }

    @api.get("/catalog", response_model=list[str], tags=["catalog"])
    def kinds() -> Any:
        """The catalog kinds (hardware, regions, instances, api_prices, ...)."""
        return catalog.kinds()

    @api.get(
        "/catalog/search", response_model=list[dict[str, Any]], tags=["catalog"], responses=errs
    )
    def search(q: str, kind: str | None = None) -> Any:
        """Rows whose id, alias or name matches `q`, best first (lc.catalog.search)."""
        return [{k: plain(v) for k, v in hit.items()} for hit in catalog.search(q, kind)]

    @api.get(
        "/catalog/{kind}", response_model=list[CatalogRow], tags=["catalog"], responses=missing
    )
    def rows(kind: Annotated[str, Path(examples=["hardware", "regions"])]) -> Any:
        """Every row of one kind: id, name, source and date."""
        try:
            ids = catalog.list(kind)
        except UnknownNameError as exc:
            return _not_found(exc)
        out = []
        for rid in ids:
            row = catalog.get(kind, rid)
            name = row.get("name")
            out.append(
                {
                    "id": rid,
                    "name": name if isinstance(name, str) else None,
                    "source": str(row["source"]),
                    "date": str(row["date"]),
                }
            )
        return out

    @api.get(
        "/catalog/{kind}/{id}", response_model=dict[str, Any], tags=["catalog"], responses=missing
    )
    def show(
        kind: Annotated[str, Path(examples=["hardware"])],
        id: Annotated[str, Path(examples=["h100-sxm", "a100-80gb"])],
    ) -> Any:
        """One row: every field, its source, date, origin and aliases."""
        try:
            row = catalog.get(kind, id)
            extra = {"origin": catalog.origin(kind, id), "aliases": catalog.aliases(kind, id)}
        except UnknownNameError as exc:
            return _not_found(exc)
        return {k: plain(v) for k, v in row.items()} | extra

    @api.get("/reproduce", response_model=list[dict[str, Any]], tags=["validation"])
    def reproduced() -> Any:
        """Every published figure recomputed through the estimators (lc.reproduce)."""
        rows_, _ = runner.call(_reproduced)
        return rows_
