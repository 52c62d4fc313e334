# SPDX-License-Identifier: BSD-3-Clause
"""``llmcore simulate`` and ``llmcore sensitivity``: Monte Carlo and Sobol indices from a
scenario file. ``add_parsers(subparsers)`` registers both on the main CLI's argparse
sub-parsers; each sets ``func(args) -> int`` (exit status).

Scenario file (TOML)::

    model = "training"          # a model name (llmcore.models()), or a chain of them:
                                # ["training", "lifecycle"]
    n = 1e6                     # scenarios (sensitivity: base samples, cost n·(d+2)); -n wins
    seed = 1                    # --seed wins
    outputs = ["cloud_cost", "co2_kg"]     # optional: default every available output
    quantiles = [0.05, 0.5, 0.95]          # optional (simulate)

    [inputs]                    # number, catalog id, or an inline table {dist = ...}
    params = 175e9
    tokens = 300e9
    hardware = {dist = "rows", ids = ["a100-80gb", "h100-sxm"], p = [0.5, 0.5]}
    region = "us-average"
    mfu = {dist = "uniform", lo = 0.3, hi = 0.55}
    pue = {dist = "triangular", lo = 1.05, mode = 1.1, hi = 1.4}
    grid_gco2_per_kwh = {dist = "ci", lo = 50, hi = 600}      # p = 0.9 by default

    [correlation]               # optional (simulate): Spearman rank correlation per pair
    "mfu,pue" = -0.3

    [thresholds]                # optional (simulate): exact P(output > x) and E[output | > x]
    co2_kg = [1e5, 1e6]

Inline tables take the keyword arguments of the functions of :mod:`llmcore.dist`:
uniform/loguniform (lo, hi), normal (mean, sd, lo, hi), lognormal (mu, sigma), ci (lo, hi,
p), triangular and pert (lo, mode, hi), choice (values, p), empirical (samples), rows (ids,
p; kind defaults to the key, e.g. hardware).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

from llmcore._util.data_files import parse_toml, read_text
from llmcore.mc import dist
from llmcore.mc.sensitivity import sensitivity
from llmcore.mc.simulate import simulate

__all__ = ["add_parsers", "load_scenario"]

_DISTS = {
    "uniform",
    "loguniform",
    "normal",
    "lognormal",
    "ci",
    "triangular",
    "pert",
    "choice",
    "empirical",
    "rows",
    "bernoulli",
    "poisson",
    "beta",
}


class ScenarioError(ValueError):
    """A scenario file that cannot be used; the message names the file and the key."""


def _input_value(path: str, key: str, v: Any) -> Any:
    if not isinstance(v, dict):
        return v
    spec = dict(v)
    name = spec.pop("dist", None)
    if name not in _DISTS:
        raise ScenarioError(
            f"{path}: inputs.{key}: 'dist' must be one of {sorted(_DISTS)}, got {name!r}"
        )
    if name == "rows":
        spec.setdefault("kind", key)
    try:
        return getattr(dist, name)(**spec)
    except TypeError as exc:
        raise ScenarioError(f"{path}: inputs.{key}: {exc}") from None


def load_scenario(path: str | Path) -> dict[str, Any]:
    """Read a scenario file into keyword arguments for simulate/sensitivity (plus 'model')."""
    p = Path(path)
    try:
        data = parse_toml(read_text(p), p)
    except ValueError as exc:
        raise ScenarioError(str(exc)) from None
    known = {"model", "n", "seed", "outputs", "quantiles", "inputs", "correlation", "thresholds"}
    extra = set(data) - known
    if extra:
        raise ScenarioError(f"{p}: unknown key(s) {sorted(extra)}; expected {sorted(known)}")
    if "model" not in data:
        raise ScenarioError(f"{p}: missing 'model' (e.g. model = \"training\")")
    for table in ("inputs", "correlation", "thresholds"):
        if table in data and not isinstance(data[table], dict):
            raise ScenarioError(
                f"{p}: [{table}] must be a table (key = value lines), not "
                f"{type(data[table]).__name__} {data[table]!r}"
            )
    inputs = {k: _input_value(str(p), k, v) for k, v in data.get("inputs", {}).items()}
    out: dict[str, Any] = {"model": data["model"], "inputs": inputs}
    for k in ("n", "seed", "outputs", "quantiles", "thresholds"):
        if k in data:
            out[k] = data[k]
    corr = {}
    for pair, rho in data.get("correlation", {}).items():
        names = tuple(s.strip() for s in pair.split(","))
        if len(names) != 2:
            raise ScenarioError(f'{p}: correlation key {pair!r} must be "input_a,input_b"')
        corr[names] = rho
    if corr:
        out["correlation"] = corr
    return out


def _number(text: str) -> int:
    v = float(text)
    if not (math.isfinite(v) and v == int(v) and v >= 1):
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return int(v)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help="scenario TOML file (format: llmcore.cli.simulate docs)")
    p.add_argument("-n", type=_number, help="scenarios (1e8 accepted); overrides the file")
    p.add_argument("--seed", type=int, help="random seed; overrides the file")
    p.add_argument("--threads", type=int, default=0, help="CPU threads (default: all)")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="machine-readable JSON on stdout")
    fmt.add_argument("--csv", metavar="FILE", help="write the summary table as CSV")
    fmt.add_argument("--parquet", metavar="FILE", help="write the summary table as Parquet")
    p.add_argument("--plot", metavar="FILE", help="save a plot (needs matplotlib)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def add_parsers(subparsers: Any) -> None:
    """Register ``simulate`` and ``sensitivity`` on an argparse sub-parsers object."""
    s = subparsers.add_parser(
        "simulate",
        help="Monte Carlo over a scenario file",
        description="Monte Carlo summaries (mean, std, quantiles, "
        "exceedances) of a model over uncertain inputs.",
    )
    _common(s)
    s.add_argument("--output", help="output to plot (default: the first)")
    s.set_defaults(func=run_simulate)
    t = subparsers.add_parser(
        "sensitivity",
        help="Sobol indices over a scenario file",
        description="First-order and total Sobol indices (Saltelli "
        "design, Jansen estimators) of each uncertain input.",
    )
    _common(t)
    t.add_argument("--output", help="output to plot (default: the first)")
    t.set_defaults(func=run_sensitivity)


def _kwargs(args: argparse.Namespace, sc: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    kw = {k: v for k, v in sc.items() if k in allowed}
    if args.n is not None:
        kw["n"] = args.n
    if args.seed is not None:
        kw["seed"] = args.seed
    if "n" in kw and args.n is None:  # the file's n (-n was checked by argparse)
        try:
            kw["n"] = _number(str(kw["n"]))
        except (argparse.ArgumentTypeError, ValueError) as exc:
            raise ScenarioError(f"{args.scenario}: n: {exc}") from None
    kw["threads"] = args.threads
    kw["progress"] = not args.quiet and sys.stderr.isatty() and not args.json
    return kw


def _emit(args: argparse.Namespace, res: Any) -> None:
    if args.json:
        json.dump(res.to_dict(), sys.stdout, indent=2, default=float)
        sys.stdout.write("\n")
    elif args.csv:
        res.to_pandas().to_csv(args.csv)
    elif args.parquet:
        res.to_pandas().to_parquet(args.parquet)
    else:
        print(repr(res))
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        ax = res.plot(args.output)
        ax.figure.tight_layout()
        ax.figure.savefig(args.plot)


def run_simulate(args: argparse.Namespace) -> int:
    sc = load_scenario(args.scenario)
    kw = _kwargs(args, sc, {"n", "seed", "outputs", "quantiles", "correlation", "thresholds"})
    _emit(args, simulate(sc["model"], sc["inputs"], **kw))
    return 0


def run_sensitivity(args: argparse.Namespace) -> int:
    sc = load_scenario(args.scenario)
    if "correlation" in sc:
        print(
            "llmcore sensitivity: note: [correlation] ignored (Sobol indices assume "
            "independent inputs)",
            file=sys.stderr,
        )
    kw = _kwargs(args, sc, {"n", "seed", "outputs"})
    _emit(args, sensitivity(sc["model"], sc["inputs"], **kw))
    return 0
