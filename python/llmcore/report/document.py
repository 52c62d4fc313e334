# SPDX-License-Identifier: BSD-3-Clause
"""The report's content: sections of rows (point estimate, uncertainty, published value) and
figures. Rendering lives in render.py; the analyses that fill it in analyses.py."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["Document", "Figure", "Row", "Section"]


@dataclass
class Row:
    """One headline number: llmcore's point estimate, its Monte Carlo interval, and the
    published figure it is compared with (when there is one)."""

    quantity: str
    unit: str
    value: float
    p05: float | None = None
    p50: float | None = None
    p95: float | None = None
    published: float | None = None
    source: str = ""
    note: str = ""

    @property
    def rel_error(self) -> float | None:
        if self.published in (None, 0):
            return None
        return (self.value - self.published) / self.published

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "rel_error": self.rel_error}


@dataclass
class Figure:
    name: str  # file stem: <name>.png
    caption: str
    png: bytes = b""


@dataclass
class Section:
    key: str
    title: str
    summary: str
    rows: list[Row] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)


@dataclass
class Document:
    title: str
    version: str
    n: int
    seed: int
    sections: list[Section] = field(default_factory=list)
    elapsed_s: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "version": self.version,
            "n": self.n,
            "seed": self.seed,
            "elapsed_s": self.elapsed_s,
            "sections": [
                {
                    "key": s.key,
                    "title": s.title,
                    "summary": s.summary,
                    "assumptions": s.assumptions,
                    "rows": [r.as_dict() for r in s.rows],
                    "figures": [{"file": f"{f.name}.png", "caption": f.caption} for f in s.figures],
                }
                for s in self.sections
            ],
        }
