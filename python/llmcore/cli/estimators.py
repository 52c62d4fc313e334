# SPDX-License-Identifier: BSD-3-Clause
"""Estimator sub-commands (``llmcore training --params 7e9 ...``), generated from the model
metadata, and ``llmcore equivalents``."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import numpy as np

from llmcore import catalog
from llmcore._models import MODELS, ModelInfo
from llmcore._models.ranges import range_text
from llmcore._util.si import SUFFIX_HELP
from llmcore._util.text import table
from llmcore.cli.args import number_list
from llmcore.cli.output import add_table_flags, wants_text, write_files
from llmcore.estimate.estimators import equivalents
from llmcore.estimate.evaluate import evaluate
from llmcore.tables.files import context

__all__ = ["add_parsers", "catalog_flags"]


def _id_list(text: str) -> str | list[str]:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    return parts[0] if len(parts) == 1 else parts


def _add_model_parser(sub: Any, info: ModelInfo) -> None:
    p = sub.add_parser(
        info.name,
        help=info.doc.split(":")[0].replace("%", "%%"),
        description=f"{info.doc} (SPEC.md {info.section}). Comma-separated "
        "values evaluate several scenarios. Numbers take count suffixes "
        f"({SUFFIX_HELP}: 7B, 1.4T, 2.5k; a lowercase m is refused: milli or mega?).",
    )
    g = p.add_argument_group("inputs")
    for i in info.inputs:
        flags = dict.fromkeys([f"--{i.name}", f"--{i.name.replace('_', '-')}"])
        valid = "|".join(i.choices) if i.choices else f"valid {range_text(i)}"
        g.add_argument(
            *flags,
            dest=i.name,
            type=_id_list if i.choices else number_list,  # a choice by name
            metavar="NAME" if i.choices else i.unit.upper().replace(" ", "_"),
            # argparse formats help with %: a literal percent sign must be doubled
            help=f"{i.doc}; default: {i.default_text()}; {valid}".replace("%", "%%"),
        )
    for kw in catalog_flags(info):
        kind = catalog.KEYWORDS[kw]
        fills = sorted(catalog.fillable(kind) & info.filled_by(kw))
        what = f"; fills {', '.join(fills[:4])}{' ...' if len(fills) > 4 else ''}" if fills else ""
        g.add_argument(
            f"--{kw}",
            type=_id_list,
            metavar="ID",
            help=f"{kind} catalog id (llmcore catalog list {kind}){what}".replace("%", "%%"),
        )
    p.add_argument("--backend", default="auto", help="auto, cpu, cuda or reference")
    p.add_argument(
        "--currency",
        help="money outputs in this currency, at the fx catalog's dated rate (e.g. JPY, EUR)",
    )
    p.add_argument("--threads", type=int, help="CPU threads (default: all)")
    add_table_flags(p)
    p.add_argument("--outputs", type=_id_list, help="only these outputs (comma-separated)")
    p.set_defaults(func=_run_model, estimator=info.name)


def catalog_flags(info: ModelInfo) -> list[str]:
    """The catalog keywords the Python estimator of `info` accepts (those that fill some
    input: catalog.applies), in catalog order: one ``--KEYWORD ID`` flag each."""
    return [
        kw for kw in catalog.KEYWORDS if catalog.applies(kw, info) and kw not in info.input_names
    ]


def _run_model(args: argparse.Namespace) -> int:
    info = MODELS[args.estimator]
    inputs = {
        k: v
        for k, v in vars(args).items()
        if v is not None and (k in info.input_names or k in catalog.KEYWORDS)
    }
    outputs = [args.outputs] if isinstance(args.outputs, str) else args.outputs
    r = evaluate(
        info.name,
        inputs,
        backend=args.backend,
        outputs=outputs,
        currency=args.currency,
        threads=args.threads,
    )
    return _print_result(r, args, inputs)


def _frame(r: Any) -> Any:
    try:
        return r.to_pandas(inputs=True)
    except (TypeError, ValueError):  # an input that is not a number (a choice by name)
        return r.to_pandas()


def _context(r: Any, given: dict[str, Any]) -> dict[str, Any]:
    info = r.model
    units = {k: info.input(k).unit for k in r.inputs if k in info.input_names}
    units.update(r.units)
    return context(
        model=info.name,
        units=units,
        fixed=given,
        assumptions=getattr(r, "assumptions", {}),
        backend=r.backend,
        currency=getattr(r, "currency", "USD"),
        fx_date=getattr(r, "fx_date", None),
    )


def _print_result(r: Any, args: argparse.Namespace, given: dict[str, Any]) -> int:
    write_files(args, lambda: _frame(r), _context(r, given))
    if not args.json and not wants_text(args):
        return 0
    if args.json:
        out = {k: _plain(v) for k, v in r.items()}
        assumed = {
            k: {"value": _plain(a["value"]), "source": a["source"]}
            for k, a in getattr(r, "assumptions", {}).items()
        }
        doc = {"model": r.model.name, "backend": r.backend, "outputs": out, "units": r.units}
        json.dump(doc | {"assumptions": assumed}, sys.stdout, indent=2)
        print()
        return 0
    if r.shape:
        n = int(np.prod(r.shape))
        heads = ["output", *(f"#{k}" for k in range(n)), "unit"]
        rows = [
            [k, *np.asarray(v, dtype=float).reshape(-1).tolist(), r.units[k]] for k, v in r.items()
        ]
    else:
        heads = ["output", "value", "unit"]
        rows = [[k, v, r.units[k]] for k, v in r.items()]
    print(table(heads, rows, right=range(1, len(heads) - 1)))
    assumed = getattr(r, "assumptions", {})
    if assumed:
        print("\nassumed (not given):")
        arows = [[k, _short(a["value"]), a["source"]] for k, a in assumed.items()]
        print(table(["input", "value", "from"], arows, right=[1]))
    return 0


def _plain(v: Any) -> Any:
    return v.tolist() if isinstance(v, np.ndarray) else v


def _short(v: Any) -> Any:
    """A value for the assumptions table: a number, or the distinct values of an array."""
    if isinstance(v, np.ndarray):
        u = np.unique(v[~np.isnan(v)]) if v.dtype.kind == "f" else np.unique(v)
        return ", ".join(f"{x:.4g}" for x in u[:4]) + (" ..." if len(u) > 4 else "")
    return v


def _run_equivalents(args: argparse.Namespace) -> int:
    r = equivalents(
        energy_kwh=args.energy_kwh,
        co2_kg=args.co2_kg,
        region=args.region,
        household_kwh_per_year=args.household_kwh_per_year,
        car_gco2_per_km=args.car_gco2_per_km,
        km_to_moon_and_back=args.km_to_moon_and_back,
        backend=args.backend,
    )
    given = {k: getattr(args, k) for k in ("energy_kwh", "co2_kg", "region")}
    return _print_result(r, args, {k: v for k, v in given.items() if v is not None})


def add_parsers(sub: Any) -> None:
    e = sub.add_parser(
        "equivalents",
        help="household-years, car-km and Moon trips of an amount of energy and CO2 (SPEC.md §7)",
    )
    e.add_argument("--energy_kwh", "--energy-kwh", type=number_list, default=0.0)
    e.add_argument("--co2_kg", "--co2-kg", type=number_list, default=0.0)
    e.add_argument("--region", help="regions catalog id (household use, car gCO2/km)")
    e.add_argument("--household_kwh_per_year", "--household-kwh-per-year", type=number_list)
    e.add_argument("--car_gco2_per_km", "--car-gco2-per-km", type=number_list)
    e.add_argument("--km_to_moon_and_back", "--km-to-moon-and-back", type=number_list)
    e.add_argument("--backend", default="auto")
    add_table_flags(e)
    e.set_defaults(func=_run_equivalents)
    for info in MODELS.values():
        _add_model_parser(sub, info)
