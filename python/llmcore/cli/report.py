# SPDX-License-Identifier: BSD-3-Clause
"""``llmcore report``, ``llmcore sweep`` and ``llmcore backends``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from llmcore._engine import backends as _backends
from llmcore._util.progress import Progress
from llmcore._util.text import table
from llmcore.cli.args import number
from llmcore.report import build_report
from llmcore.report.pdf import find_browser, html_to_pdf
from llmcore.report.render import summary_table
from llmcore.tables import sweep as _sweep_mod
from llmcore.tables.sweep import sweep

__all__ = ["add_parsers"]

# the grid-file format, from the sweep module's docstring (one text, never two)
_GRID_HELP = (
    "grid file format (TOML):\n" + (_sweep_mod.__doc__ or "").split("A grid file (TOML)::", 1)[-1]
)


def _run_backends(args: argparse.Namespace) -> int:
    rows = [[b.name, "yes" if b.available else "no", b.detail] for b in _backends.backend_infos()]
    print(table(["backend", "available", "detail"], rows))
    return 0


def _run_report(args: argparse.Namespace) -> int:
    if args.format == "pdf" and find_browser() is None:
        html_to_pdf("report.html", "report.pdf")  # raises, saying what to install, before the work
    bar = Progress(1, desc="llmcore report", enabled=None if not args.quiet else False)

    def progress(done: int, total: int, label: str) -> None:
        bar.total = total
        bar.desc = f"llmcore report: {label:<20}"
        bar.update(done - bar.done)

    doc = build_report(
        n=int(args.n),
        seed=args.seed,
        out=args.out,
        backend=args.backend,
        progress=progress,
        docs_url=args.docs_url,
    )
    pdf = None
    if args.format == "pdf":
        pdf = html_to_pdf(Path(args.out) / "report.html", Path(args.out) / "report.pdf")
    if args.json:
        json.dump(doc.as_dict(), sys.stdout, indent=2)
        print()
        return 0
    print(summary_table(doc))
    print(f"\n{doc.n:,} Monte Carlo scenarios per analysis, seed {doc.seed}, {doc.elapsed_s:.1f} s")
    print(f"report: {Path(args.out) / 'report.html'}  (also report.md, report.json, *.png)")
    if pdf is not None:
        print(f"pdf: {pdf}")
    return 0


def _run_sweep(args: argparse.Namespace) -> int:
    fmt = "csv" if args.csv else "parquet" if args.parquet else None
    out = args.out or args.csv or args.parquet
    outputs = [o.strip() for o in args.outputs.split(",") if o.strip()] if args.outputs else None
    n = sweep(
        args.grid, out, fmt=fmt, backend=args.backend, outputs=outputs, progress=not args.quiet
    )
    print(f"{n} scenarios -> {out}")
    return 0


def add_parsers(sub: Any) -> None:
    r = sub.add_parser(
        "report",
        help="the headline analyses, with uncertainty, beside the "
        "published figures (HTML, Markdown, JSON)",
    )
    r.add_argument("--out", default="llmcore-report", help="output folder (default: %(default)s)")
    r.add_argument(
        "-n", type=number, default=2e5, help="Monte Carlo scenarios per analysis (2e5, 200k)"
    )
    r.add_argument("--seed", type=int, default=1)
    r.add_argument("--backend", default="auto")
    r.add_argument("--json", action="store_true", help="print report.json to stdout")
    r.add_argument(
        "--format",
        choices=("html", "pdf"),
        default="html",
        help="html: report.html, report.md, report.json and the plots; pdf: also report.pdf, "
        "the HTML printed by a headless Chromium (default: %(default)s)",
    )
    r.add_argument(
        "--docs-url",
        "--docs_url",
        dest="docs_url",
        default=os.environ.get("LLMCORE_DOCS_URL"),
        metavar="URL",
        help="where the documentation site is (a URL, or a path relative to --out), to link "
        "each analysis to its methodology pages; default $LLMCORE_DOCS_URL, else the pages "
        "are named (docs/methodology/<estimator>.md) but not linked",
    )
    r.add_argument("--quiet", action="store_true", help="no progress bar")
    r.set_defaults(func=_run_report)
    b = sub.add_parser("backends", help="what this machine offers, and why not")
    b.set_defaults(func=_run_backends)
    w = sub.add_parser(
        "sweep",
        help="a grid or table of scenarios, evaluated in chunks",
        description="Every scenario of a grid file, evaluated in chunks and written to a "
        "Parquet or CSV file with one column per axis, per fixed input and per output; the "
        "file carries its context (units, model, llmcore version, catalog rows with their "
        "dates, assumptions: Parquet schema metadata key 'llmcore', or a sidecar "
        "<file>.llmcore.json beside a CSV). "
        "The file appears only once complete.",
        epilog=_GRID_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    w.add_argument("grid", help="grid file (TOML): model, [inputs], [grid], [zip]; see below")
    where = w.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--out", help="results.parquet or results.csv (format by suffix)")
    where.add_argument("--csv", metavar="FILE", help="write CSV to FILE, whatever its suffix")
    where.add_argument(
        "--parquet", metavar="FILE", help="write Parquet to FILE, whatever its suffix"
    )
    w.add_argument("--outputs", help="only these outputs (comma-separated)")
    w.add_argument("--backend", default="auto")
    w.add_argument("--quiet", action="store_true", help="no progress bar")
    w.set_defaults(func=_run_sweep)
