# SPDX-License-Identifier: BSD-3-Clause
"""`llmcore report`: the headline analyses on the built-in catalogs, each a point estimate
and its Monte Carlo uncertainty beside the published figure, rendered to HTML, Markdown
(with PNG plots) and JSON."""

from __future__ import annotations

from llmcore.report.build import DEFAULT_N, SECTIONS, build_report
from llmcore.report.document import Document, Figure, Row, Section

__all__ = ["DEFAULT_N", "SECTIONS", "Document", "Figure", "Row", "Section", "build_report"]
