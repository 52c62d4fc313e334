# SPDX-License-Identifier: BSD-3-Clause
"""The `llmcore` command line. Estimator sub-commands are generated from the metadata."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from llmcore import catalog
from llmcore._engine import backends as _backends
from llmcore._models import MODELS, ModelInfo
from llmcore._models.ranges import range_text
from llmcore._util.errors import BackendUnavailable, InvalidInputError, UnknownNameError
from llmcore._util.progress import Progress
from llmcore._util.text import table
from llmcore.cli import catalog as cli_catalog
from llmcore.cli import simulate as cli_simulate
from llmcore.estimate.estimators import equivalents
from llmcore.estimate.evaluate import evaluate
from llmcore.report import build_report
from llmcore.report.render import summary_table
from llmcore.tables.sweep import sweep

__all__ = ["main"]


def _number_list(text: str) -> float | np.ndarray:
    parts = [p for p in text.split(",") if p.strip()]
    try:
        vals = [float(p) for p in parts]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number (or comma-separated numbers): {text!r}")
    return vals[0] if len(vals) == 1 else np.array(vals)


def _id_list(text: str) -> str | list[str]:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    return parts[0] if len(parts) == 1 else parts


def _add_model_parser(sub: Any, info: ModelInfo) -> None:
    p = sub.add_parser(info.name, help=info.doc.split(":")[0],
                       description=f"{info.doc} (SPEC.md {info.section}). Comma-separated "
                       "values evaluate several scenarios.")
    g = p.add_argument_group("inputs")
    for i in info.inputs:
        g.add_argument(f"--{i.name}", f"--{i.name.replace('_', '-')}", dest=i.name,
                       type=_number_list, metavar=i.unit.upper().replace(" ", "_"),
                       help=f"{i.doc}; default: {i.default_text()}; valid {range_text(i)}")
    for kw, kind in catalog.KEYWORDS.items():
        if any(i.catalog == kw for i in info.inputs):
            g.add_argument(f"--{kw}", type=_id_list, metavar="ID",
                           help=f"{kind} catalog id (llmcore catalog list {kind})")
    p.add_argument("--backend", default="auto", help="auto, cpu, cuda or reference")
    p.add_argument("--currency", help="money outputs in this currency, at the fx catalog's "
                   "dated rate (e.g. JPY, EUR)")
    p.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    p.add_argument("--outputs", type=_id_list, help="only these outputs (comma-separated)")
    p.set_defaults(func=_run_model, estimator=info.name)


def _run_model(args: argparse.Namespace) -> int:
    info = MODELS[args.estimator]
    inputs = {k: v for k, v in vars(args).items()
              if v is not None and (k in info.input_names or k in catalog.KEYWORDS)}
    outputs = [args.outputs] if isinstance(args.outputs, str) else args.outputs
    r = evaluate(info.name, inputs, backend=args.backend, outputs=outputs,
                 currency=args.currency)
    return _print_result(r, args.json)


def _print_result(r: Any, as_json: bool) -> int:
    if as_json:
        out = {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in r.items()}
        json.dump({"model": r.model.name, "backend": r.backend, "outputs": out,
                   "units": r.units}, sys.stdout, indent=2)
        print()
        return 0
    if r.shape:
        n = int(np.prod(r.shape))
        heads = ["output", *(f"#{k}" for k in range(n)), "unit"]
        rows = [[k, *np.asarray(v, dtype=float).reshape(-1).tolist(), r.units[k]]
                for k, v in r.items()]
    else:
        heads = ["output", "value", "unit"]
        rows = [[k, v, r.units[k]] for k, v in r.items()]
    print(table(heads, rows, right=range(1, len(heads) - 1)))
    return 0


def _run_equivalents(args: argparse.Namespace) -> int:
    r = equivalents(energy_kwh=args.energy_kwh, co2_kg=args.co2_kg, region=args.region,
                    household_kwh_per_year=args.household_kwh_per_year,
                    car_gco2_per_km=args.car_gco2_per_km, backend=args.backend)
    return _print_result(r, args.json)


def _run_backends(args: argparse.Namespace) -> int:
    rows = [[b.name, "yes" if b.available else "no", b.detail]
            for b in _backends.backends(details=True)]
    print(table(["backend", "available", "detail"], rows))
    return 0


def _run_report(args: argparse.Namespace) -> int:
    bar = Progress(1, desc="llmcore report", enabled=None if not args.quiet else False)

    def progress(done: int, total: int, label: str) -> None:
        bar.total = total
        bar.desc = f"llmcore report: {label:<20}"
        bar.update(done - bar.done)

    doc = build_report(n=int(args.n), seed=args.seed, out=args.out, backend=args.backend,
                       progress=progress)
    if args.json:
        json.dump(doc.as_dict(), sys.stdout, indent=2)
        print()
        return 0
    print(summary_table(doc))
    print(f"\n{doc.n:,} Monte Carlo scenarios per analysis, seed {doc.seed}, "
          f"{doc.elapsed_s:.1f} s")
    print(f"report: {Path(args.out) / 'report.html'}  (also report.md, report.json, *.png)")
    return 0


def _run_sweep(args: argparse.Namespace) -> int:
    n = sweep(args.grid, args.out, backend=args.backend, progress=not args.quiet)
    print(f"{n} scenarios -> {args.out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="llmcore", description="What will this LLM cost? "
                                "Money, time, energy, carbon, memory and loss.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    r = sub.add_parser("report", help="the headline analyses, with uncertainty, beside the "
                       "published figures (HTML, Markdown, JSON)")
    r.add_argument("--out", default="llmcore-report", help="output folder (default: %(default)s)")
    r.add_argument("-n", type=float, default=2e5, help="Monte Carlo scenarios per analysis")
    r.add_argument("--seed", type=int, default=1)
    r.add_argument("--backend", default="auto")
    r.add_argument("--json", action="store_true", help="print report.json to stdout")
    r.add_argument("--quiet", action="store_true", help="no progress bar")
    r.set_defaults(func=_run_report)
    b = sub.add_parser("backends", help="what this machine offers, and why not")
    b.set_defaults(func=_run_backends)
    e = sub.add_parser("equivalents", help="household-years, car-km and Moon trips of an "
                       "amount of energy and CO2 (SPEC.md §7)")
    e.add_argument("--energy_kwh", "--energy-kwh", type=_number_list, default=0.0)
    e.add_argument("--co2_kg", "--co2-kg", type=_number_list, default=0.0)
    e.add_argument("--region", help="regions catalog id (household use, car gCO2/km)")
    e.add_argument("--household_kwh_per_year", "--household-kwh-per-year", type=_number_list)
    e.add_argument("--car_gco2_per_km", "--car-gco2-per-km", type=_number_list)
    e.add_argument("--backend", default="auto")
    e.add_argument("--json", action="store_true")
    e.set_defaults(func=_run_equivalents)
    w = sub.add_parser("sweep", help="a grid or table of scenarios, evaluated in chunks")
    w.add_argument("grid", help="grid file (TOML): model, [inputs], [grid], [zip]")
    w.add_argument("-o", "--out", required=True, help="results.parquet or results.csv")
    w.add_argument("--backend", default="auto")
    w.add_argument("--quiet", action="store_true", help="no progress bar")
    w.set_defaults(func=_run_sweep)
    for info in MODELS.values():
        _add_model_parser(sub, info)
    cli_catalog.add_parsers(sub)
    cli_simulate.add_parsers(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (InvalidInputError, UnknownNameError, BackendUnavailable, TypeError) as exc:
        print(f"llmcore: error: {exc}", file=sys.stderr)
        return 2
