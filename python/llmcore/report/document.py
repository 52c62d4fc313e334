# SPDX-License-Identifier: BSD-3-Clause
"""The report's content: sections of rows (point estimate, uncertainty, published value) and
figures. Rendering lives in render.py; the analyses that fill it in sections_*.py.

Each row with a published figure is checked against it (`Row.flag`): a row with a Monte
Carlo interval must contain the figure in [p05, p95]; a point-only row must be within its
relative `tolerance` of it. A miss is never silent: the row carries an explanation computed
by its section from the numbers (`Row.explanation`), or says that none is offered."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["MISSES", "TOLERANCE", "Document", "Figure", "Row", "Section"]

# Relative tolerance of a point-only row against its published figure: the rounding of
# published figures, as `lc.reproduce` allows a "reproduces-within-rounding" case (5 %).
TOLERANCE = 0.05
# Where a published figure can fall: below or above the interval (or the tolerance band).
MISSES = ("below", "above")


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
    tolerance: float = TOLERANCE  # point-only rows: the relative band around the published
    explanation: str = ""  # why the published figure misses, computed by the section

    @property
    def rel_error(self) -> float | None:
        if self.published in (None, 0):
            return None
        return (self.value - self.published) / self.published

    @property
    def basis(self) -> str | None:
        """What the published figure is checked against: "interval" or "tolerance"."""
        if self.published is None:
            return None
        return "interval" if self.p05 is not None and self.p95 is not None else "tolerance"

    @property
    def flag(self) -> str | None:
        """Where the published figure lies: "inside" the interval [p05, p95] (point-only
        rows: within `tolerance` of the value), "below" or "above" it; "n/a" when a number
        to compare is not finite; None without a published figure."""
        pub = self.published
        if pub is None:
            return None
        if self.basis == "interval":
            lo, hi = float(self.p05), float(self.p95)  # type: ignore[arg-type]
        else:
            band = self.tolerance * abs(pub)
            lo, hi = self.value - band, self.value + band
        if not all(math.isfinite(x) for x in (pub, lo, hi)):
            return "n/a"
        return "below" if pub < lo else "above" if pub > hi else "inside"

    @property
    def missed(self) -> bool:
        return self.flag in MISSES

    @property
    def check(self) -> str:
        """The flag as a table shows it."""
        flag = self.flag
        if flag is None:
            return ""
        if self.basis == "interval":
            return {"below": "below p05", "above": "above p95"}.get(flag, flag)
        tol = f"{100 * self.tolerance:g} %"
        if flag in MISSES:
            return f"{flag} by >{tol}"
        return f"within {tol}" if flag == "inside" else flag

    @property
    def verdict(self) -> str:
        """For a miss, the sentence that says why (or that nothing explains it); else ""."""
        if not self.missed:
            return ""
        if self.explanation:
            return self.explanation
        if self.basis == "interval":
            return f"outside the interval (published {self.flag} it): not explained"
        return (
            f"outside the {100 * self.tolerance:g} % tolerance (published {self.flag} "
            "llmcore's value): not explained"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "rel_error": self.rel_error,
            "flag": self.flag,
            "basis": self.basis,
            "verdict": self.verdict,
        }


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
    # the estimators the analysis uses: each has a methodology page (docs/methodology/<name>)
    methods: tuple[str, ...] = ()


@dataclass
class Document:
    title: str
    version: str
    n: int
    seed: int
    sections: list[Section] = field(default_factory=list)
    elapsed_s: float = 0.0
    # where the documentation site is (a URL or a path, relative to the report's folder);
    # None: the methodology pages are named, not linked (the site is not hosted anywhere)
    docs_url: str | None = None

    def method_link(self, name: str) -> tuple[str, str | None]:
        """The methodology page of estimator `name`: its source path, and its URL where the
        documentation site's location is known."""
        url = f"{self.docs_url.rstrip('/')}/methodology/{name}.html" if self.docs_url else None
        return f"docs/methodology/{name}.md", url

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "version": self.version,
            "n": self.n,
            "seed": self.seed,
            "elapsed_s": self.elapsed_s,
            "docs_url": self.docs_url,
            "sections": [
                {
                    "key": s.key,
                    "title": s.title,
                    "summary": s.summary,
                    "assumptions": s.assumptions,
                    "methods": [
                        {
                            "estimator": m,
                            "page": self.method_link(m)[0],
                            "url": self.method_link(m)[1],
                        }
                        for m in s.methods
                    ],
                    "rows": [r.as_dict() for r in s.rows],
                    "figures": [{"file": f"{f.name}.png", "caption": f.caption} for f in s.figures],
                }
                for s in self.sections
            ],
        }
