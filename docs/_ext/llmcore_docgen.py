# SPDX-License-Identifier: BSD-3-Clause
"""Pages generated at build time from the package itself, so the site cannot drift from it.

* ``generated/io_<model>.md``: a model's inputs and outputs (unit, default, valid range,
  catalog, what an output needs) from ``llmcore._models``, the metadata the core, the CLI
  and the error messages also read;
* ``generated/catalog_<kind>.md``: every row of a shipped catalog with its source and date;
* ``generated/reproduce.md``: ``lc.reproduce()``, one table per published source.

Written on ``builder-inited`` into ``docs/generated/`` (ignored by git); a page includes
them with MyST's ``{include}``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import llmcore as lc
from llmcore._models import MODELS
from llmcore._models.ranges import range_text

# Fields too long, or repeated elsewhere in the row, for the value column.
_NOT_VALUES = {"id", "source", "date", "name"}


def _cell(text: Any) -> str:
    """Text safe inside a Markdown table cell (MyST, with dollar math on)."""
    s = "" if text is None else str(text)
    s = s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("*", "\\*")
    return s.replace("$", "\\$")  # not the start of MyST math (prices: "2.03 $/h")


def _num(v: Any) -> str:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return _cell(v)
    if isinstance(v, float) and math.isnan(v):
        return "—"
    return f"{v:.6g}"


def _table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def model_io(name: str) -> str:
    info = MODELS[name]
    rows = []
    for i in info.inputs:
        valid = ", ".join(i.choices) if i.choices else range_text(i)
        rows.append(
            [f"`{i.name}`", _cell(i.unit), _cell(i.default_text()), _cell(valid), _cell(i.doc)]
        )
    text = "**Inputs** (in the core's field order; *hardware/region/model catalog*: a row "
    text += "given as `hardware=`, `region=` or `model=` fills it)\n\n"
    text += _table(["input", "unit", "default", "valid", "meaning"], rows)
    rows = []
    for o in info.outputs:
        needs = ", ".join(f"`{n}`" for n in o.needs) or "—"
        rows.append([f"`{o.name}`", _cell(o.unit), _cell(o.doc), needs])
    text += "\n**Outputs** (an output whose *needs* are absent is left out, never 0)\n\n"
    text += _table(["output", "unit", "meaning", "needs"], rows)
    return text


def catalog_page(kind: str) -> str:
    ids = lc.catalog.list(kind)
    rows = []
    for rid in ids:
        row = lc.catalog.get(kind, rid)
        values = "; ".join(
            f"{k} = {_num(v)}"
            for k, v in row.items()
            if k not in _NOT_VALUES and not k.endswith("_source")
        )
        name = row.get("name")
        head = f"`{rid}`" + (f"<br>{_cell(name)}" if name else "")
        rows.append([head, values, _cell(row.get("date", "—")), _cell(row.get("source", "—"))])
    text = f"{len(ids)} rows, from `llmcore/catalog/data/{kind}.toml`.\n\n"
    return text + _table(["id", "values", "date", "source"], rows)


def reproduce_page() -> str:
    table = lc.reproduce()
    counts = ", ".join(f"{k}: {n}" for k, n in table.summary().items())
    text = f"{len(table)} cases; {counts}.\n\n"
    group = None
    rows: list[list[str]] = []

    def flush() -> None:
        nonlocal text, rows
        if rows:
            text += _table(
                [
                    "case",
                    "quantity",
                    "published",
                    "llmcore",
                    "rel. error",
                    "unit",
                    "status",
                    "check",
                ],
                rows,
            )
            text += "\n"
        rows = []

    notes: list[str] = []
    for r in table:
        if r["group"] != group:
            flush()
            text += "".join(notes)
            notes = []
            group = r["group"]
            text += f"\n## {_cell(group)}\n\nSource: {_cell(r['source'])}\n\n"
        rel = r["rel_error"]
        err = "—" if rel is None or math.isnan(rel) else f"{rel:+.2%}"
        rows.append(
            [
                f"`{r['id']}`",
                _cell(r["quantity"]),
                _num(r["published"]),
                "—" if r["llmcore"] is None else _num(r["llmcore"]),
                err,
                _cell(r["unit"]),
                _cell(r["status"]),
                _cell(r["check"]),
            ]
        )
        if r["check"] != "ok" and r["note"]:
            notes.append(f"- `{r['id']}`: {_cell(r['note'])}\n")
    flush()
    text += "".join(notes)
    return text


def _write(path: Path, text: str) -> None:
    # unchanged files keep their time stamp, so Sphinx does not rebuild every page
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def generate(out: Path) -> None:
    out.mkdir(exist_ok=True)
    for name in MODELS:
        _write(out / f"io_{name}.md", model_io(name))
    for kind in lc.catalog.kinds():
        _write(out / f"catalog_{kind}.md", catalog_page(kind))
    _write(out / "reproduce.md", reproduce_page())


def _on_init(app: Any) -> None:
    generate(Path(app.srcdir) / "generated")


# Pages other helpers add when their feature lands (docs/serve.md: `llmcore serve`): listed in
# the index's toctree where the file exists, so the build neither warns nor links to nothing.
OPTIONAL_PAGES = ("serve",)
_MARK = "<!-- optional pages -->"


def _on_source(app: Any, docname: str, source: list[str]) -> None:
    if docname == "index" and _MARK in source[0]:
        have = [p for p in OPTIONAL_PAGES if (Path(app.srcdir) / f"{p}.md").exists()]
        source[0] = source[0].replace(_MARK, "\n".join(have))


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", _on_init)
    app.connect("source-read", _on_source)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
