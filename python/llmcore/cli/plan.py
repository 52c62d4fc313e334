# SPDX-License-Identifier: BSD-3-Clause
"""``llmcore plan``: the fastest training layouts of a model on a cluster that fit."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from llmcore import catalog
from llmcore._models import get_model
from llmcore.cli.args import number, whole, wholes
from llmcore.cli.output import add_table_flags, wants_text, write_files
from llmcore.tables.files import context
from llmcore.tables.plan import plan

__all__ = ["add_parsers", "cmd_plan"]

# option -> parallelism input (numbers); ids go through as catalog keywords
_NUMBERS = {
    "global_batch": "sequences per optimizer step",
    "seq_len": "training sequence length",
    "tokens": "training tokens of the whole run (adds wall-clock days)",
    "accel_per_node": "accelerators per node",
    "intra_bw_bytes_per_s": "intra-node bandwidth per accelerator, one direction (bytes/s)",
    "inter_bw_bytes_per_s": "inter-node bandwidth per accelerator, one direction (bytes/s)",
    "kernel_efficiency": "share of peak FLOP/s the kernels reach",
    "overlap": "share of data-parallel traffic hidden behind compute",
}


_INFO = get_model("parallelism")
# the layout degrees plan searches (fixed with --tp 1,2 ...), and what plan works out itself
_SEARCHED = ("tp", "pp", "ep", "micro_batch", "zero_stage", "recompute")
# every other parallelism input is a flag too (generated from the metadata), as are the
# catalog keywords plan's estimator takes (--instance; --model, --hardware, --interconnect)
_OTHER_INPUTS = tuple(i for i in _INFO.inputs if i.name not in (*_SEARCHED, "dp", *_NUMBERS))
_KEYWORDS = tuple(
    k
    for k in catalog.KEYWORDS
    if catalog.applies(k, _INFO) and k not in ("model", "hardware", "interconnect")
)


def cmd_plan(args: argparse.Namespace) -> int:
    kw: dict[str, Any] = {k: getattr(args, k) for k in _NUMBERS if getattr(args, k) is not None}
    for i in _OTHER_INPUTS:
        if getattr(args, i.name) is not None:
            kw[i.name] = getattr(args, i.name)
    for key in ("hardware", "interconnect", *_KEYWORDS):
        if getattr(args, key, None):
            kw[key] = getattr(args, key)
    for key in ("tp", "pp", "ep", "micro_batch", "zero_stage"):
        if getattr(args, key) is not None:
            kw[key] = getattr(args, key)
    if args.recompute:
        kw["recompute"] = [r.strip() for r in args.recompute.split(",") if r.strip()]
    table = plan(args.model, n_accel=args.gpus, top=args.top, backend=args.backend, **kw)
    doc = context(
        model="parallelism",
        units=_units(table),
        fixed={"model": args.model, "n_accel": args.gpus, **kw},
        searched=table.searched,
        fitting=table.fitting,
        links=table.links or None,
    )
    write_files(args, table.to_pandas, doc)
    if args.json:
        json.dump(list(table), sys.stdout, indent=1)
        sys.stdout.write("\n")
    elif wants_text(args):
        sys.stdout.write(table.to_text() + "\n")
    return 0 if table else 1


def _flag_names(name: str) -> list[str]:
    """``--seq-len`` and ``--seq_len`` (the Python keyword's own spelling)."""
    return list(dict.fromkeys([f"--{name.replace('_', '-')}", f"--{name}"]))


def _units(table: Any) -> dict[str, str]:
    """Units of the plan's columns: the parallelism outputs' own, GB for the *_gb sums."""
    info = get_model("parallelism")
    cols = list(table[0]) if table else []
    units = {}
    for c in cols:
        if c in info.output_names:
            units[c] = info.output(c).unit
        elif c in info.input_names:
            units[c] = info.input(c).unit
        elif c.endswith("_gb"):
            units[c] = "GB"
    return units


def add_parsers(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "plan",
        help="the fastest training layouts (TP, PP, DP, EP, ZeRO, recompute) that fit",
        description="Every layout of a model on GPUS accelerators (tensor-parallel degrees "
        "within a node that divide the heads, pipeline stages that divide the layers, "
        "micro-batches 1-8, ZeRO 0-3, recomputation none/selective/full) evaluated at once; "
        "the valid ones that fit, fastest first, with their memory per accelerator in GB. "
        "Exit status 1 when none fits.",
    )
    p.add_argument(
        "--model",
        help="models catalog id, e.g. llama-3-70b (or give the dimensions: --params, "
        "--n-layers, --d-model, --n-heads, ...)",
    )
    p.add_argument(
        "--gpus",
        "--n-accel",
        "--n_accel",
        dest="gpus",
        type=whole,
        required=True,
        help="accelerators in the cluster",
    )
    p.add_argument("--hardware", help="hardware catalog id, e.g. h100-sxm")
    p.add_argument(
        "--interconnect",
        help="interconnects catalog id, e.g. dgx-h100 (default: the hardware's node row)",
    )
    p.add_argument("--top", type=int, default=10, help="how many layouts to show (10)")
    for name, doc in _NUMBERS.items():
        p.add_argument(*_flag_names(name), dest=name, type=number, help=doc)
    g = p.add_argument_group("other parallelism inputs")
    for i in _OTHER_INPUTS:
        g.add_argument(
            *_flag_names(i.name),
            dest=i.name,
            type=str if i.choices else number,
            metavar="|".join(i.choices) if i.choices else i.unit.upper().replace(" ", "_"),
            help=f"{i.doc}; default: {i.default_text()}".replace("%", "%%"),
        )
    for k in _KEYWORDS:
        kind = catalog.KEYWORDS[k]
        g.add_argument(
            f"--{k}", metavar="ID", help=f"{kind} catalog id (llmcore catalog list {kind})"
        )
    for name in ("tp", "pp", "ep", "micro_batch", "zero_stage"):
        p.add_argument(
            *_flag_names(name),
            dest=name,
            type=wholes,
            help=f"fix {name} to these values (comma-separated)",
        )
    p.add_argument("--recompute", help="none, selective and/or full (comma-separated)")
    p.add_argument("--backend", default="auto", help="auto, cpu, cuda or reference")
    add_table_flags(p)
    p.set_defaults(func=cmd_plan)
