# SPDX-License-Identifier: BSD-3-Clause
"""``llmcore catalog list|show|search`` and ``llmcore reproduce [--json]``.

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
from llmcore._util.text import fmt, table
from llmcore.cli.output import add_table_flags, wants_text, write_files
from llmcore.tables.files import context
from llmcore.validation.reproduce import reproduce

__all__ = ["add_parsers", "cmd_catalog", "cmd_reproduce"]


# the figures `catalog search` shows per kind (those a row has); other kinds: 3 numeric fields
_KEY_FIELDS = {
    "hardware": ("peak_flop_per_s", "accel_memory_bytes", "accel_power_w", "price_per_accel_hour"),
    "instances": ("accelerator", "n_accel", "price_per_hour"),
    "regions": ("grid_gco2_per_kwh", "electricity_price_per_kwh"),
    "api_prices": ("price_per_1k_input_tokens", "price_per_1k_output_tokens"),
    "models": ("params", "active_params", "tokens"),
    "scaling_fits": ("E", "alpha", "beta"),
    "fx": ("units_per_usd",),
    "facts": ("value", "unit"),
    "hardware_efficiency": ("gflops_per_usd", "gflops_per_w"),
    "compression": ("method", "rel_accuracy", "rel_emission"),
}
_N_FIGURES = 3


def _fmt(v: Any) -> str:
    return f"{v:.6g}" if isinstance(v, float) else str(v)


def _figures(kind: str, row: dict[str, Any]) -> dict[str, Any]:
    if kind in _KEY_FIELDS:
        return {f: row[f] for f in _KEY_FIELDS[kind] if f in row}
    nums = [f for f, v in row.items() if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return {f: row[f] for f in nums[:_N_FIGURES]}


def _dump(data: Any) -> None:
    json.dump(data, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


def cmd_search(args: argparse.Namespace) -> int:
    """``llmcore catalog search TEXT [--kind K] [--json]``: exit status 1 when nothing matches."""
    hits = catalog.search(args.text, args.kind)
    for h in hits:
        h["figures"] = _figures(h["kind"], catalog.get(h["kind"], h["id"]))
    _files(
        args,
        lambda: _pd().DataFrame(
            [{**h, "figures": json.dumps(h["figures"], default=str)} for h in hits]
        ),
        [catalog.get(h["kind"], h["id"]) | {"kind": h["kind"]} for h in hits],
        search=args.text,
    )
    if args.json:
        _dump(hits)
    elif hits and wants_text(args):
        rows = [
            (
                h["kind"],
                h["id"],
                h["name"] or "",
                "  ".join(f"{f}={fmt(v)}" for f, v in h["figures"].items()),
                h["date"],
                h["match"],
            )
            for h in hits
        ]
        sys.stdout.write(table(("kind", "id", "name", "figures", "date", "match"), rows) + "\n")
    if not hits:
        where = f"the {args.kind} catalog" if args.kind else "any catalog"
        print(
            f"llmcore catalog: no row of {where} matches {args.text!r} "
            "(ids, aliases and names are searched)",
            file=sys.stderr,
        )
        return 1
    return 0


def _show_one(kind: str, rid: str, as_json: bool) -> int:
    row = catalog.get(kind, rid)
    last = {
        "aliases": catalog.aliases(kind, rid),
        "source": row.pop("source"),
        "date": row.pop("date"),
        "origin": catalog.origin(kind, rid),
    }
    row.pop("aliases", None)
    if as_json:
        _dump({**row, **last})
        return 0
    if not last["aliases"]:
        del last["aliases"]
    else:
        last["aliases"] = ", ".join(last["aliases"])
    full = {**row, **last}
    w = max(len(k) for k in full)
    for k, v in full.items():
        sys.stdout.write(f"{k:<{w}}  {_fmt(v)}\n")
    return 0


def _pd() -> Any:
    import pandas as pd

    return pd


def _files(args: argparse.Namespace, frame: Any, rows: list[dict[str, Any]], **extra: Any) -> None:
    """--csv/--parquet of a catalog table: the rows listed, with their dates, as context."""
    doc = context(**extra)
    doc["catalog"] = [
        {"kind": r.get("kind"), "id": r.get("id"), "date": r.get("date"), "source": r.get("source")}
        for r in rows
    ]
    write_files(args, frame, doc)


def cmd_catalog(args: argparse.Namespace) -> int:
    out = sys.stdout
    if args.action == "search":
        return cmd_search(args)
    if args.kind is None:
        kinds = catalog.kinds()
        _files(args, lambda: _pd().DataFrame({"kind": kinds}), [])
        if not wants_text(args) and not args.json:
            return 0
        if args.json:
            json.dump(kinds, out, indent=1)
            out.write("\n")
        else:
            out.write("\n".join(kinds) + "\n")
        return 0
    if args.action == "show" and args.id is not None:
        one = catalog.get(args.kind, args.id)
        _files(args, lambda: _frame_of([one]), [one | {"kind": args.kind}], catalog_kind=args.kind)
        if not wants_text(args) and not args.json:
            return 0
        return _show_one(args.kind, args.id, args.json)
    ids = catalog.list(args.kind)
    rows = [catalog.get(args.kind, i) for i in ids]
    _files(
        args,
        lambda: _frame_of(rows),
        [r | {"kind": args.kind} for r in rows],
        catalog_kind=args.kind,
    )
    if not wants_text(args) and not args.json:
        return 0
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


def _frame_of(rows: list[dict[str, Any]]) -> Any:
    """Catalog rows as a DataFrame; list-valued fields (aliases) as text."""
    flat = [
        {k: (", ".join(map(str, v)) if isinstance(v, list) else v) for k, v in r.items()}
        for r in rows
    ]
    return _pd().DataFrame(flat)


def cmd_reproduce(args: argparse.Namespace) -> int:
    table = reproduce(backend=args.backend, seeds=not args.no_seeds)
    write_files(args, table.to_pandas, context(cases=len(table), summary=table.summary()))
    if args.json:
        clean = [
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
            for row in table
        ]
        json.dump(clean, sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
    elif wants_text(args):
        sys.stdout.write(table.to_text() + "\n")
    return 1 if any(r["check"] == "off" for r in table) else 0


def add_parsers(subparsers: Any) -> None:
    """Register ``catalog`` and ``reproduce`` on an argparse sub-parsers object."""
    p = subparsers.add_parser(
        "catalog",
        help="list, show or search catalog rows (hardware, regions, instances, ...)",
        description="Catalogs shipped with llmcore; every row has a source and a date. Ids "
        "and kinds are matched ignoring case, and spaces, '_' and '-' count as one separator; "
        "rows also answer to their aliases.",
    )
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    ls = actions.add_parser(
        "list", help="kinds, or one kind's ids", description="Without KIND: the kinds."
    )
    ls.add_argument("kind", nargs="?", help="catalog kind, e.g. hardware, regions, instances")
    show = actions.add_parser(
        "show",
        help="one row with every field, its source, date and origin; or a kind's rows",
        description="KIND ID: every field of one row, its aliases, source, date and where it "
        "was loaded from (origin: the built-in file or a user file). KIND alone: a table of "
        "its rows.",
    )
    show.add_argument("kind", help="catalog kind, e.g. hardware, regions, instances")
    show.add_argument("id", nargs="?", help="one row's id or alias (case ignored)")
    search = actions.add_parser(
        "search",
        help="rows whose id, alias or name matches TEXT, best first",
        description="Rows whose id, alias or name (or the hardware, model or provider a row "
        "refers to) matches TEXT: exact ids and aliases first, then those that start with TEXT, "
        "then words and substrings; rows that estimators take (hardware, instances, models, "
        "regions, api_prices, scaling_fits, fx) before reference tables. Near misses by edit "
        "distance only when nothing else matches. Exit status 1 when nothing matches.",
    )
    search.add_argument("text", help="what to look for, e.g. h100, sweden, gpt-4o")
    search.add_argument("--kind", help="search one kind only")
    for a in (ls, show, search):
        add_table_flags(a, json_help="machine-readable output")
    p.set_defaults(func=cmd_catalog)
    r = subparsers.add_parser(
        "reproduce",
        help="published figures recomputed, side by side with llmcore",
        description="Every published case recomputed through llmcore's public estimators: "
        "published | llmcore | relative error | status, grouped by source, seed figures "
        "first. Exit status 1 if a case that should agree does not.",
    )
    add_table_flags(r, json_help="machine-readable output")
    r.add_argument("--backend", default="auto", help="auto, cpu or reference")
    r.add_argument("--no-seeds", action="store_true", help="leave out the SPEC worked examples")
    r.set_defaults(func=cmd_reproduce)
