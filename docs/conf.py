# SPDX-License-Identifier: BSD-3-Clause
"""Sphinx configuration: the llmcore documentation site (built with -W in .ci/run)."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))
# The package itself: the installed one in CI; this checkout's python/ where it has a _core.
if (HERE.parent / "python" / "llmcore" / "_version.py").exists():
    sys.path.insert(0, str(HERE.parent / "python"))

import llmcore  # noqa: E402

project = "llmcore"
copyright = "the llmcore maintainers (BSD-3-Clause)"
release = version = llmcore.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "llmcore_docgen",  # docs/_ext: generated tables (metadata, catalogs, reproduce)
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "generated", "gallery"]
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

# numpydoc: the docstrings' own sections; the members are listed by autosummary instead.
numpydoc_show_class_members = False
numpydoc_xref_param_type = False
autosummary_generate = True
autodoc_typehints = "none"
autodoc_default_options = {"members": False}

html_theme = "pydata_sphinx_theme"
html_title = f"llmcore {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    # the generated tables are wide: their pages give the article both sidebars' width
    "secondary_sidebar_items": {"**": ["page-toc"], "validation": [], "catalogs": []},
}
html_sidebars = {"validation": [], "catalogs": []}
html_static_path = ["_static"]
html_css_files = ["llmcore.css"]
html_show_sourcelink = False
html_last_updated_fmt = None

# The gallery: every script runs at build time, its output and plots go into the page.
sphinx_gallery_conf = {
    "examples_dirs": "gallery",
    "gallery_dirs": "auto_gallery",
    "filename_pattern": r"/plot_",
    "download_all_examples": False,
    "remove_config_comments": True,
    "abort_on_example_error": True,
    "only_warn_on_example_error": False,
    "matplotlib_animations": False,
    "reset_modules": ("matplotlib",),
    "within_subsection_order": "FileNameSortKey",
}
