# SPDX-License-Identifier: BSD-3-Clause
"""The package carries its data (run against the installed wheel by .ci/wheel): every catalog
file, listed with its sources and their terms in SOURCES.md, the validation cases, and the
py.typed marker."""

from __future__ import annotations

import json
from pathlib import Path

import llmcore

PKG = Path(llmcore.__file__).parent
DATA = PKG / "catalog" / "data"
KINDS = {"models", "hardware", "instances", "regions", "api_prices", "scaling_fits", "fx",
         "facts", "hardware_efficiency", "compression"}  # fmt: skip


def test_catalog_files_are_shipped() -> None:
    names = {p.stem for p in DATA.glob("*.toml")}
    assert KINDS | {"aliases"} <= names
    assert (DATA / "README.md").is_file()


def test_sources_lists_every_data_file() -> None:
    text = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    missing = [p.name for p in sorted(DATA.glob("*.toml")) if f"`{p.name}`" not in text]
    assert not missing, f"SOURCES.md does not list {missing}"


def test_validation_cases_and_typing_marker_are_shipped() -> None:
    for name in ("published_cases.json", "seed_cases.json"):
        cases = json.loads((PKG / "validation" / name).read_text(encoding="utf-8"))
        assert cases, name
    assert (PKG / "py.typed").is_file()
