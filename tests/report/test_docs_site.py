# SPDX-License-Identifier: BSD-3-Clause
"""The documentation site's generated pages and its gallery (docs/): what the Sphinx build in
.ci/run renders, checked here without Sphinx."""

from __future__ import annotations

import importlib.util
import runpy
import sys
from pathlib import Path

import pytest

import llmcore as lc
from llmcore._models import MODELS

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(scope="module")
def docgen():
    spec = importlib.util.spec_from_file_location(
        "llmcore_docgen", DOCS / "_ext" / "llmcore_docgen.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_every_model_has_a_methodology_page_in_the_toctree() -> None:
    index = (DOCS / "methodology" / "index.md").read_text("utf-8")
    for name in MODELS:
        page = DOCS / "methodology" / f"{name}.md"
        assert page.exists(), name
        assert f"\n{name}\n" in index, name
        assert f"../generated/io_{name}.md" in page.read_text("utf-8"), name


@pytest.mark.parametrize("name", list(MODELS))
def test_model_tables_list_every_input_and_output(docgen, name: str) -> None:
    text = docgen.model_io(name)
    info = MODELS[name]
    for i in info.inputs:
        assert f"| `{i.name}` | {docgen._cell(i.unit)} |" in text, i.name
    for o in info.outputs:
        assert f"| `{o.name}` | {docgen._cell(o.unit)} |" in text, o.name
    # one row per field plus the two header lines of each table
    assert text.count("\n|") == len(info.inputs) + len(info.outputs) + 4


@pytest.mark.parametrize("kind", lc.catalog.kinds())
def test_catalog_pages_hold_every_row_with_its_date(docgen, kind: str) -> None:
    text = docgen.catalog_page(kind)
    catalog_page = (DOCS / "catalogs.md").read_text("utf-8")
    assert f"generated/catalog_{kind}.md" in catalog_page
    for rid in lc.catalog.list(kind):
        row = lc.catalog.get(kind, rid)
        line = next(x for x in text.splitlines() if x.startswith(f"| `{rid}`"))
        if "date" in row:
            assert f"| {docgen._cell(row['date'])} |" in line, rid


def test_cells_cannot_break_a_table(docgen) -> None:
    assert docgen._cell("a|b\nc*d") == "a\\|b c\\*d"
    assert docgen._cell("2.03 $/h") == "2.03 \\$/h"


def test_validation_page_holds_every_case(docgen) -> None:
    text = docgen.reproduce_page()
    cases = lc.reproduce()
    for row in cases:
        assert f"| `{row['id']}` |" in text, row["id"]
    assert text.startswith(f"{len(cases)} cases")


def test_optional_pages_join_the_toctree_only_when_present(docgen, tmp_path) -> None:
    app = type("App", (), {"srcdir": str(tmp_path)})()
    source = ["```{toctree}\ngetting_started\n<!-- optional pages -->\n```"]
    docgen._on_source(app, "index", source)
    assert "serve" not in source[0] and "<!--" not in source[0]
    (tmp_path / "serve.md").write_text("# serve\n")
    source = ["```{toctree}\ngetting_started\n<!-- optional pages -->\n```"]
    docgen._on_source(app, "index", source)
    assert "\nserve\n" in source[0]
    assert "<!-- optional pages -->" in (DOCS / "index.md").read_text("utf-8")


GALLERY = sorted((DOCS / "gallery").glob("plot_*.py"))


def test_gallery_answers_the_seed_questions() -> None:
    names = {p.stem for p in GALLERY}
    assert names == {
        "plot_tokyo_query_energy",
        "plot_gpt3_sweden_estonia",
        "plot_self_hosting_vs_api",
        "plot_chinchilla_vs_lifetime",
        "plot_kv_cache_32k",
        "plot_int4_on_24gb",
    }


@pytest.mark.parametrize("script", GALLERY, ids=[p.stem for p in GALLERY])
def test_gallery_script_runs(script: Path, monkeypatch, capsys) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    monkeypatch.setattr(sys, "argv", [str(script)])
    runpy.run_path(str(script), run_name="__main__")
    assert plt.get_fignums(), "every example draws its answer"
    plt.close("all")
    assert capsys.readouterr().out.strip()
