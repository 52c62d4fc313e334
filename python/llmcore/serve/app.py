# SPDX-License-Identifier: BSD-3-Clause
"""The application: one endpoint per estimator, ``evaluate``, ``simulate``, ``sensitivity``
(run off the event loop, stopped when the client leaves), the catalogs, ``reproduce``, the
models' metadata, and the calculator page at ``/``. Every endpoint calls the public Python
API; nothing is computed here."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib import resources
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from llmcore._models import MODELS, ModelInfo
from llmcore._util.errors import InvalidInputError, UnknownNameError
from llmcore._util.version import version
from llmcore.estimate.evaluate import evaluate
from llmcore.mc.sensitivity import sensitivity
from llmcore.mc.simulate import simulate
from llmcore.serve import catalog_routes, errors, mc_schemas, schemas
from llmcore.serve.convert import answer, mc_inputs, sensitivity_json, simulation_json
from llmcore.serve.runs import Runner
from llmcore.serve.schemas import Limits
from llmcore.serve.snippets import estimator_snippets, evaluate_snippets, mc_snippets

__all__ = ["create_app"]

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": errors.ErrorBody, "description": "the body is not JSON"},
    422: {"model": errors.ErrorBody, "description": "bad input: the input, value and index"},
}
_MC_ERRORS = {
    **_ERRORS,
    499: {"model": errors.ErrorBody, "description": "the client went away; the run stopped"},
}


def _estimator_route(api: APIRouter, info: ModelInfo, limits: Limits, runner: Runner) -> None:
    req = schemas.estimator_request(info, limits)
    resp = schemas.estimator_response(info)

    def estimate(body: Any) -> Any:
        given = body.model_dump(exclude_none=True)
        rest = {k: given.pop(k) for k in ("currency", "outputs") if k in given}
        with _naming(given):
            r, warned = runner.call(lambda: evaluate(info.name, given, **rest))
        return answer(r, warned, estimator_snippets(info.name, {**given, **rest}))

    estimate.__annotations__ = {"body": req, "return": resp}
    api.add_api_route(
        f"/{info.name}",
        estimate,
        methods=["POST"],
        response_model=resp,
        response_model_exclude_unset=True,
        summary=info.doc.split(":")[0],
        description=(
            f"{info.doc} (methodology: docs/methodology/{info.name}.md); `lc.{info.name}(...)`."
        ),
        name=info.name,
        tags=["estimators"],
        responses=_ERRORS,
    )


def create_app(max_n: int = 1_000_000, max_array: int = 100_000) -> FastAPI:
    """The FastAPI application; `max_n` caps Monte Carlo scenarios per request (a
    sensitivity run's n·(d+2) evaluations), `max_array` the elements of an input list."""
    limits = Limits(max_n=max_n, max_array=max_array)
    runner = Runner()
    app = FastAPI(
        title="llmcore",
        version=version(),
        description="What will this LLM cost? Money, time, energy, carbon, water, memory and "
        "loss, from the llmcore Python API. Errors: 422 with the input, value and index.",
    )
    errors.install(app)
    api = APIRouter(prefix="/api")
    for info in MODELS.values():
        _estimator_route(api, info, limits, runner)

    @api.post(
        "/evaluate",
        response_model=schemas.EvaluateResponse,
        tags=["evaluate"],
        responses=_ERRORS,
        summary="Any model or chain of models (lc.evaluate)",
    )
    def evaluate_any(body: schemas.EvaluateRequest) -> Any:
        b = body.model_dump(exclude_none=True)
        model = b["model"]
        rest = {k: b[k] for k in ("outputs", "currency") if k in b}
        _check_array(b["inputs"], limits)
        with _naming(b["inputs"]):
            r, warned = runner.call(lambda: evaluate(model, b["inputs"], **rest))
        return answer(r, warned, evaluate_snippets(b))

    sim_req, sens_req = mc_schemas.mc_requests(limits)

    async def run_simulate(body: Any, request: Request) -> Any:
        b = body.model_dump(exclude_none=True)
        kw = {k: b[k] for k in ("n", "seed", "outputs", "quantiles", "thresholds") if k in b}
        if "correlation" in b:
            kw["correlation"] = {(c["a"], c["b"]): c["rho"] for c in b["correlation"]}
        with _naming(b["inputs"]):
            inputs = mc_inputs(dict(body.inputs))
        res, warned = await runner.cancellable(
            lambda progress: simulate(body.model, inputs, progress=progress, **kw),
            request.is_disconnected,
        )
        return simulation_json(res, warned, mc_snippets("simulate", b, res.seed))

    async def run_sensitivity(body: Any, request: Request) -> Any:
        b = body.model_dump(exclude_none=True)
        with _naming(b["inputs"]):
            inputs = mc_inputs(dict(body.inputs))
        d = sum(isinstance(v, dict) for v in b["inputs"].values())
        if b["n"] * (d + 2) > limits.max_n:
            raise errors_n(b["n"], d, limits)
        kw = {k: b[k] for k in ("n", "seed", "outputs") if k in b}
        res, warned = await runner.cancellable(
            lambda progress: sensitivity(body.model, inputs, progress=progress, **kw),
            request.is_disconnected,
        )
        return sensitivity_json(res, warned, mc_snippets("sensitivity", b, res.seed))

    run_simulate.__annotations__ = {"body": sim_req, "request": Request, "return": Any}
    run_sensitivity.__annotations__ = {"body": sens_req, "request": Request, "return": Any}
    api.add_api_route(
        "/simulate",
        run_simulate,
        methods=["POST"],
        response_model=mc_schemas.SimulateResponse,
        tags=["uncertainty"],
        responses=_MC_ERRORS,
        summary="Monte Carlo over uncertain inputs (lc.simulate)",
    )
    api.add_api_route(
        "/sensitivity",
        run_sensitivity,
        methods=["POST"],
        response_model=mc_schemas.SensitivityResponse,
        tags=["uncertainty"],
        responses=_MC_ERRORS,
        summary="Sobol indices: which uncertain inputs drive the answer (lc.sensitivity)",
    )
    catalog_routes.add(api, limits, runner, _ERRORS)
    app.include_router(api)
    _page(app)
    return app


def errors_n(n: int, d: int, limits: Limits) -> Exception:
    return InvalidInputError(
        f"n = {n:,} base scenarios with {d} uncertain input(s) cost n·(d+2) = "
        f"{n * (d + 2):,} evaluations, more than this server's --max-n {limits.max_n:,}",
        input="n",
        value=n,
    )


@contextlib.contextmanager
def _naming(given: dict[str, Any]) -> Iterator[None]:
    try:
        yield
    except UnknownNameError as exc:
        errors.name_input(exc, given)
        raise


def _check_array(inputs: dict[str, Any], limits: Limits) -> None:
    for k, v in inputs.items():
        if isinstance(v, list) and len(v) > limits.max_array:
            raise InvalidInputError(
                f"{k}: {len(v):,} values, more than this server's --max-array {limits.max_array:,}",
                input=k,
                value=len(v),
            )


def _page(app: FastAPI) -> None:
    static = resources.files("llmcore.serve").joinpath("static")
    index = static.joinpath("index.html").read_text("utf-8")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page() -> str:
        return index

    app.mount("/static", StaticFiles(directory=str(static)), name="static")
