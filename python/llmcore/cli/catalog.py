# SPDX-License-Identifier: BSD-3-Clause
"""``llmcore catalog list|show KIND [ID]`` and ``llmcore reproduce [--json]``.

`add_parsers(subparsers)` registers both on the main CLI's sub-parsers; each sets
``func`` (args -> exit status).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any

from llmcore import catalog
from llmcore.validation.reproduce import reproduce

__all__ = ["add_parsers", "cmd_catalog", "cmd_reproduce"]


def _fmt(v: Any) -> str:
    return f"{v:.6g}" if isinstance(v, float) else str(v)


def cmd_catalog(args: argparse.Namespace) -> int:
    out = sys.stdout
    if args.kind is None:
        kinds = catalog.kinds()
        if args.json:
            json.dump(kinds, out, indent=1)
            out.write("\n")
        else:
            out.write("\n".join(kinds) + "\n")
        return 0
    if args.action == "show" and args.id is not None:
        row = catalog.get(args.kind, args.id)
        if args.json:
            json.dump(row, out, indent=1, ensure_ascii=False)
            out.write("\n")
            return 0
        w = max(len(k) for k in row)
        for k, v in row.items():
            out.write(f"{k:<{w}}  {_fmt(v)}\n")
        return 0
    ids = catalog.list(args.kind)
    rows = [catalog.get(args.kind, i) for i in ids]
    if args.json:
        json.dump(rows if args.action == "show" else ids, out, indent=1, ensure_ascii=False)
        out.write("\n")
        return 0
    if args.action == "list":
        w = max((len(i) for i in ids), default=2)
        for r in rows:
            desc = r.get("name") or r.get("provider") or r.get("unit") or ""
            out.write(f"{r['id']:<{w}}  {desc}  ({r['date']})\n")
        return 0
    fields = [k for k in rows[0] if k not in ("source",)] if rows else []
    for r in rows:
        fields += [k for k in r if k not in fields and k != "source"]
    widths = {f: max(len(f), *(len(_fmt(r.get(f, ""))) for r in rows)) for f in fields}
    out.write("  ".join(f"{f:<{widths[f]}}" for f in fields) + "\n")
    for r in rows:
        out.write("  ".join(f"{_fmt(r.get(f, '')):<{widths[f]}}" for f in fields) + "\n")
    return 0


def cmd_reproduce(args: argparse.Namespace) -> int:
    table = reproduce(backend=args.backend, seeds=not args.no_seeds)
    if args.json:
        clean = [
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
            for row in table
        ]
        json.dump(clean, sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(table.to_text() + "\n")
    return 1 if any(r["check"] == "off" for r in table) else 0


def add_parsers(subparsers: Any) -> None:
    """Register ``catalog`` and ``reproduce`` on an argparse sub-parsers object."""
    p = subparsers.add_parser(
        "catalog",
        help="list or show catalog rows (hardware, regions, instances, ...)",
        description="Catalogs shipped with llmcore; every row has a source and a date.",
    )
    p.add_argument(
        "action",
        choices=("list", "show"),
        help="list: ids (or kinds, without KIND); show: rows with every field",
    )
    p.add_argument("kind", nargs="?", help="catalog kind, e.g. hardware, regions, instances")
    p.add_argument("id", nargs="?", help="one row's id (show)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_catalog)
    r = subparsers.add_parser(
        "reproduce",
        help="published figures recomputed, side by side with llmcore",
        description="Every published case recomputed through llmcore's public estimators: "
        "published | llmcore | relative error | status, grouped by source, seed figures "
        "first. Exit status 1 if a case that should agree does not.",
    )
    r.add_argument("--json", action="store_true", help="machine-readable output")
    r.add_argument("--backend", default="auto", help="auto, cpu or reference")
    r.add_argument("--no-seeds", action="store_true", help="leave out the SPEC worked examples")
    r.set_defaults(func=cmd_reproduce)
