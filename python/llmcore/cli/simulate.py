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

    [correlation]               # optional: Spearman rank correlation per pair (sensitivity:
                                # full and independent indices, Mara et al. 2015)
    "mfu,pue" = -0.3

    [thresholds]                # optional (simulate): exact P(output > x) and E[output | > x]
    co2_kg = [1e5, 1e6]

Inline tables take the keyword arguments of the functions of :mod:`llmcore.dist`:
uniform/loguniform (lo, hi), normal (mean, sd, lo, hi), lognormal (mu, sigma), ci (lo, hi,
p), triangular and pert (lo, mode, hi), beta (a, b, lo, hi), bernoulli (p), poisson (lam),
choice (values, p), empirical (samples, weights), histogram (edges, counts), gamma (shape,
scale, lo, hi), student_t (df, loc, scale, lo, hi), rows (ids, p; kind defaults to the key,
e.g. hardware).

Numbers may be written as text with count suffixes, powers of 1000: ``params = "175B"``,
``n = "1M"``, ``{dist = "uniform", lo = "1T", hi = "2T"}`` (k, M, B/G, T, P; a lowercase
``m`` is refused: milli or mega?). Catalog ids (``hardware``, ``region``, ...) and named
choices are text as they are.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from llmcore import catalog
from llmcore._models import MODELS
from llmcore._util.data_files import parse_toml, read_text
from llmcore._util.si import parse_number
from llmcore.cli.args import count, whole
from llmcore.cli.output import add_table_flags, wants_text, write_files
from llmcore.mc import dist
from llmcore.mc.sensitivity import sensitivity
from llmcore.mc.simulate import simulate
from llmcore.tables.files import context

__all__ = ["SCENARIO_HELP", "add_parsers", "load_scenario"]

#: The scenario-file format, for ``--help``: this module's docstring (one text, never two).
SCENARIO_HELP = "scenario file format:\n\n" + (__doc__ or "").split("Scenario file (TOML)::", 1)[-1]

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
    "histogram",
    "rows",
    "bernoulli",
    "poisson",
    "beta",
    "gamma",
    "student_t",
}


class ScenarioError(ValueError):
    """A scenario file that cannot be used; the message names the file and the key."""


#: Inputs (of any model) that are numbers: text there is read as one ("175B").
_NUMBER_INPUTS = frozenset(i.name for m in MODELS.values() for i in m.inputs if not i.choices)
_UNCERTAIN = (dist.Distribution, dist.Rows)
#: Distribution arguments that are names, not numbers.
_NAME_ARGS = {"dist", "ids", "kind"}


def _text_number(path: str, where: str, v: Any) -> Any:
    """Text read as a number through the SI parser (lists element by element); other
    values as they are."""
    if isinstance(v, list):
        return [_text_number(path, where, x) for x in v]
    if not isinstance(v, str):
        return v
    try:
        return parse_number(v)
    except ValueError as exc:
        raise ScenarioError(f"{path}: {where}: {exc}") from None


def _input_value(path: str, key: str, v: Any) -> Any:
    numeric = key in _NUMBER_INPUTS and key not in catalog.KEYWORDS
    if not isinstance(v, dict):
        return _text_number(path, f"inputs.{key}", v) if numeric else v
    spec = dict(v)
    if spec.get("dist") != "choice" or numeric:
        for k in list(spec):
            if k not in _NAME_ARGS:
                spec[k] = _text_number(path, f"inputs.{key}.{k}", spec[k])
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


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help="scenario TOML file (format below)")
    p.add_argument("-n", type=count, help="scenarios (1e8 and 100M accepted); overrides the file")
    p.add_argument("--seed", type=int, help="random seed; overrides the file")
    p.add_argument("--threads", type=int, default=0, help="CPU threads (default: all)")
    add_table_flags(p)
    p.add_argument("--plot", metavar="FILE", help="save a plot (needs matplotlib)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--sampler",
        choices=("random", "sobol"),
        default="random",
        help="random (Philox) draws or scrambled Sobol' points (use a power of 2 for -n)",
    )


def add_parsers(subparsers: Any) -> None:
    """Register ``simulate`` and ``sensitivity`` on an argparse sub-parsers object."""
    s = subparsers.add_parser(
        "simulate",
        help="Monte Carlo over a scenario file",
        description="Monte Carlo summaries (mean, std, quantiles, "
        "exceedances) of a model over uncertain inputs.",
        epilog=SCENARIO_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(s)
    s.add_argument("--output", help="output to plot (default: the first)")
    s.add_argument(
        "--replicates",
        type=whole,
        default=1,
        help="with --sampler sobol: independent scrambles whose spread gives the errors",
    )
    s.set_defaults(func=run_simulate)
    t = subparsers.add_parser(
        "sensitivity",
        help="Sobol indices over a scenario file",
        description="First-order and total Sobol indices (Saltelli "
        "design, Jansen estimators) of each uncertain input.",
        epilog=SCENARIO_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(t)
    t.add_argument("--output", help="output to plot (default: the first)")
    t.add_argument(
        "--second-order",
        action="store_true",
        help="also S2 per pair of inputs (n·(2d+1) evaluations; in --json and the text)",
    )
    t.set_defaults(func=run_sensitivity)


def _kwargs(args: argparse.Namespace, sc: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    kw = {k: v for k, v in sc.items() if k in allowed}
    if args.n is not None:
        kw["n"] = args.n
    if args.seed is not None:
        kw["seed"] = args.seed
    if "n" in kw and args.n is None:  # the file's n (-n was checked by argparse)
        try:
            kw["n"] = count(str(kw["n"]))
        except (argparse.ArgumentTypeError, ValueError) as exc:
            raise ScenarioError(f"{args.scenario}: n: {exc}") from None
    kw["threads"] = args.threads
    kw["sampler"] = args.sampler
    if getattr(args, "replicates", 1) != 1:
        kw["replicates"] = args.replicates
    kw["progress"] = not args.quiet and sys.stderr.isatty() and not args.json
    return kw


def _emit(args: argparse.Namespace, res: Any, sc: dict[str, Any], kw: dict[str, Any]) -> None:
    model = sc["model"] if isinstance(sc["model"], str) else " -> ".join(sc["model"])
    doc = context(
        model=model,
        fixed={k: v for k, v in sc["inputs"].items() if not isinstance(v, _UNCERTAIN)},
        inputs=sc["inputs"],
        uncertain={k: repr(v) for k, v in sc["inputs"].items() if isinstance(v, _UNCERTAIN)},
        scenario_file=str(args.scenario),
        n=kw.get("n"),
        seed=kw.get("seed"),
        sampler=kw.get("sampler"),
        replicates=kw.get("replicates", 1),
    )
    write_files(args, lambda: _flat(res.to_pandas()), doc)
    if args.json:
        json.dump(res.to_dict(), sys.stdout, indent=2, default=float)
        sys.stdout.write("\n")
    elif wants_text(args):
        print(repr(res))
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        ax = res.plot(args.output)
        ax.figure.tight_layout()
        ax.figure.savefig(args.plot)


def _flat(df: Any) -> Any:
    """A summary table with its index (output; output and factor) as leading columns."""
    if df.index.nlevels == 1 and df.index.name is None:
        df = df.rename_axis("output")
    return df.reset_index()


def run_simulate(args: argparse.Namespace) -> int:
    sc = load_scenario(args.scenario)
    kw = _kwargs(args, sc, {"n", "seed", "outputs", "quantiles", "correlation", "thresholds"})
    _emit(args, simulate(sc["model"], sc["inputs"], **kw), sc, kw)
    return 0


def run_sensitivity(args: argparse.Namespace) -> int:
    sc = load_scenario(args.scenario)
    kw = _kwargs(args, sc, {"n", "seed", "outputs", "correlation"})
    if args.second_order:
        kw["second_order"] = True
    res = sensitivity(sc["model"], sc["inputs"], **kw)
    for note in res.notes:  # e.g. how [correlation] was treated: never silently
        print(f"llmcore sensitivity: note: {note}", file=sys.stderr)
    _emit(args, res, sc, kw)
    return 0
