# SPDX-License-Identifier: BSD-3-Clause
"""Assemble the report: run every section, time it, and write HTML, Markdown and JSON."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from llmcore._util.version import version
from llmcore.report._mc import Context
from llmcore.report.document import Document, Section
from llmcore.report.render import write_all
from llmcore.report.sections_layout import training_layouts
from llmcore.report.sections_scaling import lifecycle_share, scaling_optimum
from llmcore.report.sections_serving import breakeven, tokens_and_queries, tokyo_query
from llmcore.report.sections_training import gpt3_training, training_drivers, training_regions

__all__ = ["DEFAULT_N", "METHODS", "SECTIONS", "build_report"]

DEFAULT_N = 200_000

SECTIONS: tuple[Callable[[Context], Section], ...] = (
    gpt3_training,
    tokens_and_queries,
    tokyo_query,
    training_regions,
    scaling_optimum,
    breakeven,
    lifecycle_share,
    training_drivers,
    training_layouts,
)

# The estimators each analysis calls (its methodology pages), by section key; a test checks
# each section's code calls them.
METHODS: dict[str, tuple[str, ...]] = {
    "gpt3-training": ("training",),
    "queries": ("inference", "query"),
    "tokyo": ("deployment",),
    "regions": ("training",),
    "scaling": ("scaling",),
    "breakeven": ("inference", "serving"),
    "lifecycle": ("lifecycle",),
    "drivers": ("training",),
    "layouts": ("parallelism",),
}


def build_report(
    n: int = DEFAULT_N,
    seed: int = 1,
    out: str | Path | None = None,
    backend: str = "auto",
    progress: Callable[[int, int, str], None] | None = None,
    docs_url: str | None = None,
) -> Document:
    """Run the headline analyses; with `out`, write report.html/.md/.json and PNGs there.

    `docs_url`: where the documentation site is (a URL, or a path relative to `out`), for
    links to the methodology pages; None names the pages without linking them."""
    ctx = Context(n=int(n), seed=int(seed), backend=backend)
    doc = Document(
        "llmcore report: what LLMs cost, with honest uncertainty",
        version(),
        ctx.n,
        ctx.seed,
        docs_url=docs_url or None,
    )
    t0 = time.perf_counter()
    for k, section in enumerate(SECTIONS):
        if progress:
            progress(k, len(SECTIONS), section.__name__)
        done = section(ctx)
        done.assumptions += [f"assumed (not given) — {line}" for line in ctx.assumed_lines()]
        done.methods = METHODS.get(done.key, ())
        doc.sections.append(done)
    if progress:
        progress(len(SECTIONS), len(SECTIONS), "done")
    doc.elapsed_s = time.perf_counter() - t0
    if out is not None:
        write_all(doc, out)
    return doc
