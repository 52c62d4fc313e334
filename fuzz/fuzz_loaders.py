# SPDX-License-Identifier: BSD-3-Clause
"""atheris harness: every reader of a user's file.

The first byte of an input picks the reader, the second the catalog kind (CSV); the rest is
the file's text:

0  ``lc.catalog.load(x.toml)``           4  ``imports.hf_config(x.json)``
1  ``lc.catalog.load(x.json)``           5  ``tables.sweep.load_grid(x.toml)``, then a small
2  ``lc.catalog.load(x.csv, kind=...)``     grid's ``lc.sweep`` to CSV
3  ``imports.litellm_prices(x.json)``    6  ``cli.simulate.load_scenario(x.toml)``, then
                                            ``lc.simulate`` with a small n
                                         7  ``llmcore simulate|sensitivity|sweep x.toml``
Rows a load adds are then used: each loaded id goes to every estimator it applies to, as its
catalog keyword (a currency for fx rows). The catalog is put back after each input.

A contract exception (common.CONTRACT) is an expected outcome; any other exception is a
crash. ``python fuzz/seeds.py DIR`` writes a seed corpus from the repository's real files.

    python fuzz/fuzz_loaders.py [libFuzzer flags] [corpus dirs]
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["llmcore"]):
    import llmcore as lc
    from llmcore import catalog, imports
    from llmcore.cli import main as cli_main
    from llmcore.cli.simulate import load_scenario
    from llmcore.tables.sweep import load_grid

from common import CONTRACT, call, harness

SUFFIX = [".toml", ".json", ".csv", ".json", ".json", ".toml", ".toml", ".toml"]
KINDS = catalog.kinds()
MODELS = {m.name: m for m in lc.models()}
TMP = Path(tempfile.mkdtemp(prefix="llmcore-fuzz-"))
os.environ["LLMCORE_DEBUG"] = "1"  # the CLI re-raises: the harness sees the exception type
# Reading every built-in file once, then restoring this snapshot after each input, is much
# faster than catalog.reset() (which rereads them). Rows are replaced, never edited in place.
for _k in KINDS:
    catalog.list(_k)
_SNAPSHOT = {k: dict(v) for k, v in catalog._rows.items()}
_ORIGINS = {k: dict(v) for k, v in catalog._origins.items()}


def _restore() -> None:
    catalog._rows.clear()
    catalog._rows.update({k: dict(v) for k, v in _SNAPSHOT.items()})
    catalog._origins.clear()
    catalog._origins.update({k: dict(v) for k, v in _ORIGINS.items()})
    catalog._fillable.clear()


def _typical(i: lc.InputInfo) -> float:
    lo, hi = float(i.typical[0]), float(i.typical[1])
    return (lo * hi) ** 0.5 if i.log and lo > 0 else (lo + hi) / 2


# Every input at a typical value: what a row leaves unfilled still lets the model run.
BASE = {
    m.name: {
        i.name: _typical(i)
        for i in m.inputs
        if not i.optional or i.name in (m.require_any[0] if m.require_any else ())
    }
    for m in MODELS.values()
}


def _use_rows(loaded: list[str]) -> None:
    """Each loaded row, through every estimator its keyword applies to (the inputs it does
    not fill at typical values)."""
    for name in loaded[:4]:
        kind, _, rid = name.partition("/")
        if kind == "fx":
            call(lc.evaluate, "training", {"params": 1e9, "tokens": 1e10}, currency=rid)
            continue
        fields = call(catalog.fill_fields, kind, rid)
        if isinstance(fields, BaseException):
            continue
        for kw, k in catalog.KEYWORDS.items():
            if k != kind:
                continue
            for m in MODELS.values():
                if catalog.applies(kw, m):
                    base = {n: v for n, v in BASE[m.name].items() if n not in fields}
                    call(lc.evaluate, m.name, {**base, kw: rid}, backend="cpu")


def _cli(path: Path, how: int) -> None:
    cmd = ["simulate", "sensitivity", "sweep"][how % 3]
    argv = [cmd, str(path)]
    argv += ["-o", str(TMP / "out.csv")] if cmd == "sweep" else ["-n", "300", "--json"]
    argv.append("--quiet")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = call(cli_main, argv)
    if not isinstance(rc, (*CONTRACT, OSError)) and rc not in (0, 2):
        raise AssertionError(f"llmcore {argv}: exit status {rc!r}")


def _grid(path: Path) -> None:
    g = call(load_grid, path)
    if isinstance(g, BaseException) or g.n > 64:
        return
    call(lc.sweep, g, TMP / "out.csv", backend="cpu")


def _scenario(path: Path) -> None:
    sc = call(load_scenario, path)
    if isinstance(sc, BaseException):
        return
    kw = {k: sc[k] for k in ("outputs", "quantiles", "correlation", "thresholds") if k in sc}
    call(lc.simulate, sc["model"], sc["inputs"], n=300, seed=sc.get("seed", 1), threads=1, **kw)


@harness
def TestOneInput(data: bytes) -> None:
    if len(data) < 2:
        return
    target, kind_byte, text = data[0] % 8, data[1], data[2:]
    path = TMP / f"x{SUFFIX[target]}"
    path.write_bytes(text)
    try:
        if target in (0, 1):
            loaded = call(catalog.load, path)
            if not isinstance(loaded, BaseException):
                _use_rows(loaded)
        elif target == 2:
            loaded = call(catalog.load, path, kind=KINDS[kind_byte % len(KINDS)])
            if not isinstance(loaded, BaseException):
                _use_rows(loaded)
        elif target == 3:
            register = bool(kind_byte & 1)
            rows = call(imports.litellm_prices, path, register=register, date="2024-01-01")
            if register and isinstance(rows, dict):
                _use_rows([f"api_prices/{r}" for r in rows])
        elif target == 4:
            register = bool(kind_byte & 1)
            row = call(imports.hf_config, path, register=register, date="2024-01-01")
            if register and isinstance(row, dict):
                _use_rows([f"models/{row['id']}"])
        elif target == 5:
            _grid(path)
        elif target == 6:
            _scenario(path)
        else:
            _cli(path, kind_byte)
    finally:
        _restore()


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
