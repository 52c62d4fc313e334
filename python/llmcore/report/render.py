# SPDX-License-Identifier: BSD-3-Clause
"""Write a report Document as a self-contained HTML page, Markdown with PNGs, and JSON."""

from __future__ import annotations

import base64
import html
import json
import textwrap
from collections.abc import Callable
from pathlib import Path

from llmcore._util.text import table
from llmcore.report.document import Document, Row
from llmcore.report.format import num, pct

__all__ = ["summary_table", "write_all"]

_CSS = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{margin-bottom:.2em} h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:1em 0;font-size:.92em}
td,th{border:1px solid #ddd;padding:.3em .6em}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
th{background:#f4f4f4} figure{display:inline-block;margin:.5em;max-width:48%}
figure img{max-width:100%} figcaption{font-size:.85em;color:#555}
.meta{color:#666;font-size:.9em} ul.a{font-size:.88em;color:#444}
tr.miss td{background:#fdf1ef} td.miss{color:#b3261e;font-weight:600}
td.ok{color:#2e7d32} .why{color:#b3261e} td:last-child{min-width:13em}
p.m{font-size:.88em;color:#444}
@media print{body{max-width:none;margin:0;font-size:10pt} table{font-size:.78em}
tr,figure{break-inside:avoid} h2{break-after:avoid} figure{max-width:48%}}
"""

# "published is": where the published figure lies against the interval [p05, p95] (point-only
# rows: against llmcore's value +- the row's tolerance); see Row.flag and Row.check.
_HEAD = [
    "quantity",
    "llmcore",
    "p05",
    "median",
    "p95",
    "published",
    "rel. error",
    "published is",
    "unit",
    "note",
]
_CHECK = _HEAD.index("published is")
_NUMERIC = range(1, _CHECK)


def _note(r: Row, esc: Callable[[str], str] = str, why: str = "{}") -> str:
    """The note, then the verdict of a miss (formatted by `why`), then the source."""
    parts = [esc(r.note)] if r.note else []
    if r.verdict:
        parts.append(why.format(esc(r.verdict)))
    return "; ".join(parts) + (f" ({esc(r.source)})" if r.source else "")


def _cells(r: Row, esc: Callable[[str], str] = str, why: str = "{}") -> list[str]:
    """A row's table cells, each escaped by `esc`; a miss's verdict formatted by `why`."""
    rel = r.rel_error
    cells = [
        r.quantity,
        num(r.value),
        *(num(v) for v in (r.p05, r.p50, r.p95)),
        num(r.published),
        pct(rel),
        r.check,
        r.unit,
    ]
    return [esc(c) for c in cells] + [_note(r, esc, why)]


def summary_table(doc: Document) -> str:
    """The terminal's view: every row without its note; each miss numbered in the check
    column and explained under the table."""
    rows: list[list[str]] = []
    misses: list[str] = []
    for s in doc.sections:
        for r in s.rows:
            c = _cells(r)[:-1]
            if r.missed:
                head = f"[{len(misses) + 1}] {s.key}: {r.quantity}: "
                misses.append(
                    textwrap.fill(
                        r.verdict,
                        100,
                        initial_indent=head,
                        subsequent_indent="    ",
                        break_on_hyphens=False,
                    )
                )
                c[_CHECK] += f" [{len(misses)}]"
            rows.append([s.key, *c])
    text = table(["section", *_HEAD[:-1]], rows, right=[k + 1 for k in _NUMERIC])
    if misses:
        text += "\n\npublished figures outside llmcore's interval (or tolerance):\n"
        text += "\n".join(misses)
    return text


def to_html(doc: Document) -> str:
    out = [
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(doc.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(doc.title)}</h1>",
        f"<p class='meta'>llmcore {html.escape(doc.version)} · Monte Carlo n = {doc.n:,} "
        f"per analysis, seed {doc.seed} · {num(doc.elapsed_s, 2)} s</p>",
    ]
    for s in doc.sections:
        out.append(f"<h2 id='{s.key}'>{html.escape(s.title)}</h2><p>{html.escape(s.summary)}</p>")
        if s.methods:
            out.append(f"<p class='m'>Methodology: {_methods_html(doc, s.methods)}</p>")
        if s.rows:
            out.append("<table><tr>" + "".join(f"<th>{h}</th>" for h in _HEAD) + "</tr>")
            for r in s.rows:
                out.append(_html_row(r))
            out.append("</table>")
        if s.assumptions:
            out.append(
                "<ul class='a'>"
                + "".join(f"<li>{html.escape(a)}</li>" for a in s.assumptions)
                + "</ul>"
            )
        for f in s.figures:
            b64 = base64.b64encode(f.png).decode()
            out.append(
                f"<figure><img alt='{html.escape(f.caption)}' "
                f"src='data:image/png;base64,{b64}'><figcaption>"
                f"{html.escape(f.caption)}</figcaption></figure>"
            )
    # Records on <body> how many images decoded: lets a headless browser test check the page.
    out.append(
        "<script>window.addEventListener('load',function(){var i=document.images,k=0;"
        "for(var j=0;j<i.length;j++){if(i[j].complete&&i[j].naturalWidth>0)k++;}"
        "document.body.setAttribute('data-images-loaded',k);"
        "document.body.setAttribute('data-images-total',i.length);});</script>"
    )
    out.append("</body></html>")
    return "\n".join(out)


def _methods_html(doc: Document, names: tuple[str, ...]) -> str:
    parts = []
    for name in names:
        page, url = doc.method_link(name)
        if url:
            parts.append(f"<a href='{html.escape(url)}'>{html.escape(name)}</a>")
        else:
            parts.append(f"{html.escape(name)} (<code>{html.escape(page)}</code>)")
    return ", ".join(parts)


def _methods_markdown(doc: Document, names: tuple[str, ...]) -> str:
    parts = []
    for name in names:
        page, url = doc.method_link(name)
        parts.append(f"[{name}]({url})" if url else f"{name} (`{page}`)")
    return "Methodology: " + ", ".join(parts)


def _html_row(r: Row) -> str:
    cells = _cells(r, html.escape, "<span class='why'>{}</span>")
    check = "miss" if r.missed else "ok" if r.flag == "inside" else ""
    tds = []
    for k, c in enumerate(cells):
        cls = "n" if k in _NUMERIC else check if k == _CHECK else ""
        tds.append(f"<td class='{cls}'>{c}</td>" if cls else f"<td>{c}</td>")
    return ("<tr class='miss'>" if r.missed else "<tr>") + "".join(tds) + "</tr>"


def to_markdown(doc: Document) -> str:
    lines = [
        f"# {doc.title}",
        "",
        f"llmcore {doc.version} · Monte Carlo n = {doc.n:,} per analysis, seed {doc.seed}",
        "",
    ]
    for s in doc.sections:
        lines += [f"## {s.title}", "", s.summary, ""]
        if s.methods:
            lines += [_methods_markdown(doc, s.methods), ""]
        if s.rows:
            lines.append("| " + " | ".join(_HEAD) + " |")
            lines.append("|" + "---|" * len(_HEAD))
            for r in s.rows:
                cells = _cells(r, why="**{}**")  # a miss stands out: its check and verdict
                if r.missed:
                    cells[_CHECK] = f"**{cells[_CHECK]}**"
                lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
            lines.append("")
        lines += [f"- {a}" for a in s.assumptions] + ([""] if s.assumptions else [])
        lines += [f"![{f.caption}]({f.name}.png)" for f in s.figures]
        lines.append("")
    return "\n".join(lines)


def write_all(doc: Document, out_dir: str | Path) -> dict[str, Path]:
    d = Path(out_dir)
    d.mkdir(parents=True, exist_ok=True)
    paths = {"html": d / "report.html", "markdown": d / "report.md", "json": d / "report.json"}
    for s in doc.sections:
        for f in s.figures:
            (d / f"{f.name}.png").write_bytes(f.png)
    paths["html"].write_text(to_html(doc), encoding="utf-8")
    paths["markdown"].write_text(to_markdown(doc), encoding="utf-8")
    paths["json"].write_text(json.dumps(doc.as_dict(), indent=2) + "\n", encoding="utf-8")
    return paths
