# SPDX-License-Identifier: BSD-3-Clause
"""Errors as JSON ``{"error", "input", "value", "index"}``: 422 for anything a client sent
(the package's typed errors carry the input, the value and the first bad index), 404 for an
unknown path or catalog row, 499 for a run stopped because its client left, and 500 only for
a bug of the server's own (logged with its traceback)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from llmcore._util.errors import InvalidInputError, UnknownNameError, closest
from llmcore.serve.convert import plain
from llmcore.serve.runs import Cancelled

__all__ = ["ErrorBody", "install"]

log = logging.getLogger("llmcore.serve")


class ErrorBody(BaseModel):
    error: str = Field(description="what is wrong, in one line")
    input: str | None = Field(None, description="the input (or request field) at fault")
    value: Any = Field(None, description="the offending value")
    index: list[Any] | None = Field(None, description="where it is (an array index)")
    suggestions: list[str] = Field(default_factory=list, description="near valid names")


def body(error: str, **kw: Any) -> dict[str, Any]:
    return ErrorBody(error=error, **kw).model_dump()


def _value(v: Any) -> Any:
    v = plain(v)
    return v if isinstance(v, (int, float, str, bool, type(None))) else repr(v)


def _index(ix: Any) -> list[Any] | None:
    if ix is None:
        return None
    return [plain(i) for i in ix] if isinstance(ix, (tuple, list)) else [plain(ix)]


def _first_line(exc: BaseException) -> str:
    text = str(exc.args[0] if isinstance(exc, KeyError) and exc.args else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


_TYPE_ERRORS = ("_type", "_parsing", "literal_error", "union_tag_invalid", "is_instance_of")


def _rank(e: dict[str, Any]) -> tuple[int, int]:
    """A union (a number or a list of them) reports one error per branch: the branch the
    value was meant for names the real problem (a range, not "not a list")."""
    wrong_type = str(e.get("type", "")).endswith(_TYPE_ERRORS)
    return (int(wrong_type), -len(e.get("loc", ())))


_TAGS = ("float", "str", "int", "bool", "none")


def _where(e: dict[str, Any]) -> tuple[str, list[int]]:
    """(the field's dotted name, its list indices); a union's branch names (float,
    list[...], tagged-union[...] and the distribution tag after it) are left out. Input
    names hold neither brackets nor hyphens."""
    names: list[str] = []
    ints: list[int] = []
    skip = False
    for x in e.get("loc", ()):
        if isinstance(x, int):
            ints.append(x)
        elif skip:
            skip = False
        elif x == "body" or x in _TAGS or "[" in x or "-" in x:
            skip = x.startswith("tagged-union[")
        else:
            names.append(x)
    return ".".join(names), ints


def _validation(request: Request, exc: Exception) -> JSONResponse:
    """The first problem pydantic found, named like the package names its inputs: the
    field, the value and, inside a list, the index."""
    assert isinstance(exc, RequestValidationError)
    errs = sorted(exc.errors(), key=_rank)
    e = errs[0] if errs else {"loc": (), "msg": "invalid request"}
    where, ints = _where(e)
    msg = f"{where or 'request body'}: {e.get('msg', 'invalid')}"
    # the union's other branches of the same field are not other problems
    others = {w for w in (_where(x)[0] for x in errs) if not where.startswith(w)}
    if others:
        msg += f" (and {len(others)} more input{'s' if len(others) > 1 else ''}: "
        msg += ", ".join(sorted(others)[:5]) + ")"
    suggestions: list[str] = []
    if e.get("type") == "extra_forbidden" and where:
        known = _known_fields(request)
        suggestions = closest(where.split(".")[-1], known)
        if suggestions:
            msg += f"; did you mean {', '.join(repr(c) for c in suggestions)}?"
    got = e.get("input")
    return JSONResponse(
        status_code=422,
        content=body(
            msg,
            input=where or None,
            value=_value(got) if not isinstance(got, (dict, list)) else None,
            index=ints or None,
            suggestions=suggestions,
        ),
    )


def _known_fields(request: Request) -> list[str]:
    """The body fields of the route asked for (its schema, from the route itself)."""
    route = request.scope.get("route")
    info = getattr(getattr(route, "body_field", None), "field_info", None)
    model = getattr(info, "annotation", None)
    fields = getattr(model, "model_fields", None)
    return list(fields) if fields else []


def _invalid(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InvalidInputError)
    return JSONResponse(
        status_code=422,
        content=body(
            _first_line(exc), input=exc.input, value=_value(exc.value), index=_index(exc.index)
        ),
    )


def _unknown(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, UnknownNameError)
    return JSONResponse(
        status_code=422,
        content=body(
            _first_line(exc),
            input=getattr(exc, "input", None),
            value=exc.name,
            index=getattr(exc, "index", None),
            suggestions=list(exc.suggestions),
        ),
    )


def _client(_: Request, exc: Exception) -> JSONResponse:
    """ValueError, TypeError and the like from the Python API: the request asked for
    something the package refuses (a chain that does not link, n below the minimum)."""
    return JSONResponse(status_code=422, content=body(_first_line(exc)))


def _cancelled(_: Request, exc: Exception) -> JSONResponse:
    return JSONResponse(status_code=499, content=body("the client went away: run stopped"))


def _http(_: Request, exc: Exception) -> JSONResponse:
    """Starlette's own refusals (a body that is not JSON: 400; no such path: 404; a wrong
    method: 405) in the same JSON shape."""
    assert isinstance(exc, StarletteHTTPException)
    return JSONResponse(
        status_code=exc.status_code, content=body(str(exc.detail)), headers=exc.headers
    )


def _bug(request: Request, exc: Exception) -> JSONResponse:
    log.exception("internal error on %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse(status_code=500, content=body(f"internal error: {_first_line(exc)}"))


def name_input(exc: UnknownNameError, given: dict[str, Any]) -> None:
    """Which input of the request held the unknown name (and where in its list): the package
    names the value, the client wants the field too."""
    for k, v in given.items():
        vals = v if isinstance(v, list) else [v]
        for j, x in enumerate(vals):
            if isinstance(x, str) and x == exc.name:
                exc.input = k  # type: ignore[attr-defined]
                exc.index = [j] if isinstance(v, list) else None  # type: ignore[attr-defined]
                return


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(InvalidInputError, _invalid)
    app.add_exception_handler(UnknownNameError, _unknown)
    for t in (ValueError, TypeError, OverflowError):
        app.add_exception_handler(t, _client)
    app.add_exception_handler(Cancelled, _cancelled)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _bug)
