# SPDX-License-Identifier: BSD-3-Clause
"""Write a report Document as a self-contained HTML page, Markdown with PNGs, and JSON."""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path

from llmcore._util.text import fmt, table
from llmcore.report.document import Document, Row

__all__ = ["summary_table", "write_all"]

_CSS = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{margin-bottom:.2em} h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:1em 0;font-size:.92em}
td,th{border:1px solid #ddd;padding:.3em .6em}
td.n{text-align:right;font-variant-numeric:tabular-nums}
th{background:#f4f4f4} figure{display:inline-block;margin:.5em;max-width:48%}
figure img{max-width:100%} figcaption{font-size:.85em;color:#555}
.meta{color:#666;font-size:.9em} ul.a{font-size:.88em;color:#444}
"""

_HEAD = ["quantity", "llmcore", "p05", "median", "p95", "published", "rel. error", "unit", "note"]


def _cells(r: Row) -> list[str]:
    rel = r.rel_error
    return [
        r.quantity,
        fmt(r.value),
        *(fmt(v) if v is not None else "" for v in (r.p05, r.p50, r.p95)),
        fmt(r.published) if r.published is not None else "",
        f"{rel:+.2%}" if rel is not None else "",
        r.unit,
        r.note + (f" ({r.source})" if r.source else ""),
    ]


def summary_table(doc: Document) -> str:
    rows = []
    for s in doc.sections:
        for r in s.rows:
            c = _cells(r)
            rows.append([s.key, *c[:7], c[7]])
    return table(["section", *_HEAD[:-1]], rows, right=range(2, 8))


def to_html(doc: Document) -> str:
    out = [
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(doc.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(doc.title)}</h1>",
        f"<p class='meta'>llmcore {html.escape(doc.version)} · Monte Carlo n = {doc.n:,} "
        f"per analysis, seed {doc.seed} · {doc.elapsed_s:.1f} s</p>",
    ]
    for s in doc.sections:
        out.append(f"<h2 id='{s.key}'>{html.escape(s.title)}</h2><p>{html.escape(s.summary)}</p>")
        if s.rows:
            out.append("<table><tr>" + "".join(f"<th>{h}</th>" for h in _HEAD) + "</tr>")
            for r in s.rows:
                cells = _cells(r)
                out.append(
                    "<tr>"
                    + "".join(
                        f"<td class='n'>{html.escape(c)}</td>"
                        if 0 < k < 7
                        else f"<td>{html.escape(c)}</td>"
                        for k, c in enumerate(cells)
                    )
                    + "</tr>"
                )
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


def to_markdown(doc: Document) -> str:
    lines = [
        f"# {doc.title}",
        "",
        f"llmcore {doc.version} · Monte Carlo n = {doc.n:,} per analysis, seed {doc.seed}",
        "",
    ]
    for s in doc.sections:
        lines += [f"## {s.title}", "", s.summary, ""]
        if s.rows:
            lines.append("| " + " | ".join(_HEAD) + " |")
            lines.append("|" + "---|" * len(_HEAD))
            for r in s.rows:
                lines.append("| " + " | ".join(c.replace("|", "\\|") for c in _cells(r)) + " |")
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
