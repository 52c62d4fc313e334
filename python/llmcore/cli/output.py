# SPDX-License-Identifier: BSD-3-Clause
"""The output flags of every command that prints a table, and the one writer behind them.

``--json`` prints JSON on stdout; ``--csv FILE`` and ``--parquet FILE`` (either or both)
write the table to files that carry their context (units, model, llmcore version, catalog
rows with their dates, assumptions: :mod:`llmcore.tables.files`), atomically. With a file
flag the text table is not printed (each file written is named on stderr), unless
``--json`` asks for JSON too.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping
from typing import Any

from llmcore.tables.files import write_table

__all__ = ["add_table_flags", "wants_text", "write_files"]


def add_table_flags(p: argparse.ArgumentParser, *, json_help: str | None = None) -> None:
    """``--json``, ``--csv FILE``, ``--parquet FILE`` on `p`."""
    p.add_argument(
        "--json", action="store_true", help=json_help or "machine-readable JSON on stdout"
    )
    p.add_argument(
        "--csv",
        metavar="FILE",
        help="write the table as a plain CSV; its context (units, model, version, catalog "
        "dates, assumptions) in FILE.llmcore.json beside it",
    )
    p.add_argument(
        "--parquet",
        metavar="FILE",
        help="write the table as Parquet; its context in the schema metadata key 'llmcore'",
    )


def wants_text(args: argparse.Namespace) -> bool:
    """Whether the text table goes to stdout: no --json and no file flag."""
    return not (
        getattr(args, "json", False) or getattr(args, "csv", None) or getattr(args, "parquet", None)
    )


def write_files(
    args: argparse.Namespace,
    frame: Callable[[], Any],
    doc: Mapping[str, Any],
    *,
    index: bool = False,
) -> None:
    """Write ``frame()`` (a pandas DataFrame, built only when a file is asked for) to the
    files of --csv and --parquet, each with the context document `doc`."""
    targets: list[tuple[str, str]] = [
        (f, str(getattr(args, f))) for f in ("csv", "parquet") if getattr(args, f, None)
    ]
    if not targets:
        return
    df = frame()
    for f, path in targets:
        write_table(df, path, doc, fmt=f, index=index)
        print(f"llmcore {args.command}: wrote {path}", file=sys.stderr)
