# SPDX-License-Identifier: BSD-3-Clause
"""The same call in Python and on the command line, for every answer the server gives: the
page shows them so that a number from the browser can be recomputed anywhere. Numbers are
written with repr(), which reads back to the same float."""

from __future__ import annotations

import shlex
from typing import Any

__all__ = ["estimator_snippets", "evaluate_snippets", "mc_snippets"]


def _py(v: Any) -> str:
    if isinstance(v, dict) and "dist" not in v:
        return "{" + ", ".join(f"{k!r}: {_py(x)}" for k, x in v.items()) + "}"
    if isinstance(v, dict):  # a distribution
        spec = dict(v)
        name = spec.pop("dist")
        args = ", ".join(f"{k}={_py(x)}" for k, x in spec.items() if x is not None)
        return f"lc.dist.{name}({args})"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_py(x) for x in v) + "]"
    return repr(v)


def _flag(v: Any) -> str:
    if isinstance(v, (list, tuple)):
        return ",".join(_flag(x) for x in v)
    return str(v) if isinstance(v, str) else repr(float(v))


def estimator_snippets(name: str, body: dict[str, Any]) -> dict[str, Any]:
    args = ", ".join(f"{k}={_py(v)}" for k, v in body.items())
    flags = [f"--{k}={_flag(v)}" for k, v in body.items() if k not in ("outputs",)]
    if body.get("outputs"):
        flags.append(f"--outputs={','.join(body['outputs'])}")
    return {
        "python": f"import llmcore as lc\n\nr = lc.{name}({args})\nprint(r)",
        "cli": shlex.join(["llmcore", name, *flags, "--json"]),
        "toml": None,
    }


def evaluate_snippets(body: dict[str, Any]) -> dict[str, Any]:
    model = body["model"]
    kw = "".join(f", {k}={_py(body[k])}" for k in ("outputs", "currency") if body.get(k))
    py = f"import llmcore as lc\n\nr = lc.evaluate({_py(model)}, {_py(body['inputs'])}{kw})"
    if isinstance(model, str):
        return estimator_snippets(model, {**body["inputs"], **_rest(body)}) | {"python": py}
    return {"python": py + "\nprint(dict(r))", "cli": "", "toml": None}


def _rest(body: dict[str, Any]) -> dict[str, Any]:
    return {k: body[k] for k in ("currency", "outputs") if body.get(k)}


def _toml(v: Any) -> str:
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k} = {_toml(x)}" for k, x in v.items() if x is not None) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml(x) for x in v) + "]"
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(v)


def mc_snippets(fn: str, body: dict[str, Any], seed: int) -> dict[str, Any]:
    """``lc.simulate``/``lc.sensitivity`` and the scenario file ``llmcore simulate`` reads
    (its format: ``llmcore.cli.simulate``), with the seed the run used."""
    inputs = body.get("inputs", {})
    kw = [f"n={body['n']}", f"seed={seed}"]
    for k in ("outputs", "quantiles"):
        if body.get(k) is not None:
            kw.append(f"{k}={_py(body[k])}")
    if body.get("thresholds"):
        kw.append(f"thresholds={_py(body['thresholds'])}")
    if body.get("correlation"):
        pairs = ", ".join(f"({c['a']!r}, {c['b']!r}): {c['rho']!r}" for c in body["correlation"])
        kw.append(f"correlation={{{pairs}}}")
    ins = "{" + ", ".join(f"{k!r}: {_py(v)}" for k, v in inputs.items()) + "}"
    py = f"import llmcore as lc\n\nres = lc.{fn}({_py(body['model'])}, {ins}, {', '.join(kw)})"
    lines = [f"model = {_toml(body['model'])}", f"n = {body['n']}", f"seed = {seed}"]
    for k in ("outputs", "quantiles"):
        if body.get(k) is not None:
            lines.append(f"{k} = {_toml(body[k])}")
    lines += ["", "[inputs]", *(f"{k} = {_toml(v)}" for k, v in inputs.items())]
    if body.get("correlation"):
        lines += ["", "[correlation]"]
        lines += [f'"{c["a"]},{c["b"]}" = {c["rho"]!r}' for c in body["correlation"]]
    if body.get("thresholds"):
        lines += ["", "[thresholds]"]
        lines += [f"{_toml(k)} = {_toml(v)}" for k, v in body["thresholds"].items()]
    return {
        "python": py + "\nprint(res)",
        "cli": f"llmcore {fn} scenario.toml --json",
        "toml": "\n".join(lines) + "\n",
    }
