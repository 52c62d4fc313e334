# SPDX-License-Identifier: BSD-3-Clause
"""The package's layers: every folder is placed in the import contract, and only the engine
imports the compiled core (the contract itself runs in CI as ``lint-imports``)."""

from __future__ import annotations

import ast
import configparser
import pathlib

import llmcore

PKG = pathlib.Path(llmcore.__file__).parent
ROOT = pathlib.Path(__file__).resolve().parents[2]


def _imports(path: pathlib.Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names += [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Constant) and node.value == "llmcore._core":
            names.append(node.value)  # importlib.import_module("llmcore._core")
    return names


def test_only_the_engine_backends_module_imports_the_core() -> None:
    users = sorted(
        str(p.relative_to(PKG))
        for p in PKG.rglob("*.py")
        if any(n == "llmcore._core" or n.endswith("._core") for n in _imports(p))
    )
    assert users == ["_engine/backends.py"]


def test_every_package_folder_is_in_a_layer() -> None:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / ".importlinter")
    layers = cfg["importlinter:contract:layers"]["layers"]
    named = {n.strip() for line in layers.splitlines() for n in line.split("|") if n.strip()}
    folders = {p.parent.name for p in PKG.glob("*/__init__.py")}
    modules = {p.stem for p in PKG.glob("*.py") if not p.stem.startswith("_")}
    assert folders <= named, f"folders outside the layer contract: {folders - named}"
    assert modules <= named, f"top-level modules outside the layer contract: {modules - named}"
