# SPDX-License-Identifier: BSD-3-Clause
"""``llmcore serve``: the calculator page and the HTTP API (llmcore.serve) on uvicorn.

FastAPI and uvicorn are optional (``pip install 'llmcore[serve]'``): imported when the
command runs, with a one-line error naming the extra when they are missing. Binds to the
loopback interface unless told otherwise, and says where it listens."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from llmcore._util.si import parse_number

__all__ = ["add_parsers"]

_MISSING = "llmcore serve needs FastAPI and uvicorn: pip install 'llmcore[serve]'"


def _count(text: str) -> int:
    try:
        v = parse_number(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if not (v >= 1 and v == int(v)):
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return int(v)


def _run(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from llmcore.serve.app import create_app
    except ImportError as exc:
        raise RuntimeError(f"{_MISSING} ({exc})") from None
    app = create_app(max_n=args.max_n, max_array=args.max_array)
    where = "loopback only" if args.host in ("127.0.0.1", "localhost", "::1") else "ALL callers"
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(
        f"llmcore serve: http://{host}:{args.port}/ (calculator), /docs and /openapi.json "
        f"(API); listening on {args.host} ({where}); --max-n {args.max_n:,}; Ctrl-C stops",
        file=sys.stderr,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)
    return 0


def add_parsers(sub: Any) -> None:
    p = sub.add_parser(
        "serve",
        help="the calculator page and the HTTP API (needs llmcore[serve])",
        description="Serve the calculator page at / and the HTTP API under /api (OpenAPI "
        "document at /openapi.json, browsable at /docs). Binds to 127.0.0.1 by default: "
        "only this machine can reach it.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument(
        "--max-n",
        type=_count,
        default=1_000_000,
        help="most Monte Carlo scenarios per request (sensitivity: n·(d+2) evaluations); "
        "default 1M",
    )
    p.add_argument(
        "--max-array", type=_count, default=100_000, help="most values per input list (100k)"
    )
    p.add_argument("--log-level", default="info", help="uvicorn's log level (default info)")
    p.set_defaults(func=_run)
