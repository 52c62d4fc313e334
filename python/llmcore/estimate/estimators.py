# SPDX-License-Identifier: BSD-3-Clause
"""Keyword wrappers, one per model, generated from the metadata so that their signatures
and docstrings (inputs with units, defaults and ranges; outputs with units) never drift."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from llmcore import catalog
from llmcore._models import MODELS, ModelInfo
from llmcore._models.ranges import range_text
from llmcore.estimate.evaluate import evaluate
from llmcore.estimate.result import Result

__all__ = ["equivalents", "make_estimator", "models"]


def models() -> list[ModelInfo]:
    """Every model with its inputs and outputs (units, defaults, ranges)."""
    return list(MODELS.values())


def _doc(info: ModelInfo) -> str:
    lines = [
        f"{info.doc}",
        "",
        f"How it is computed: docs/methodology/{info.name}.md. Returns a :class:`llmcore.Result`.",
        "",
        "Parameters",
        "----------",
    ]
    for i in info.inputs:
        lines.append(f"{i.name} : float or array_like, {i.unit}; default: {i.default_text()}")
        lines.append(f"    {i.doc}. Valid: {range_text(i)}.")
    for kw, kind in catalog.KEYWORDS.items():
        if catalog.applies(kw, info):
            lines.append(f"{kw} : str or array of str, optional")
            lines.append(f"    a {kind} catalog id; its fields named like inputs fill them.")
    if any(o.unit == "USD" for o in info.outputs):
        lines.append("currency : str, optional")
        lines.append("    report money outputs in this fx-catalog currency (inputs stay USD).")
    lines += [
        "backend : {'auto', 'cpu', 'cuda', 'reference'}",
        "outputs : list of str, optional",
        "threads : int, optional",
        "",
        "Returns",
        "-------",
        "Result with outputs",
    ]
    lines += [f"    {o.name} ({o.unit}): {o.doc}" for o in info.outputs]
    return "\n".join(lines)


def make_estimator(name: str) -> Callable[..., Result]:
    info = MODELS[name]

    def estimator(
        *,
        backend: str = "auto",
        out: Any = None,
        outputs: Any = None,
        threads: int | None = None,
        currency: str | None = None,
        **inputs: Any,
    ) -> Result:
        return evaluate(
            name,
            inputs,
            backend=backend,
            out=out,
            outputs=outputs,
            threads=threads,
            currency=currency,
        )

    kw = inspect.Parameter.KEYWORD_ONLY
    params = [inspect.Parameter(i.name, kw, default=None) for i in info.inputs]
    params += [
        inspect.Parameter(k, kw, default=None) for k in catalog.KEYWORDS if catalog.applies(k, info)
    ]
    if any(o.unit == "USD" for o in info.outputs):
        params.append(inspect.Parameter("currency", kw, default=None))
    params += [
        inspect.Parameter("backend", kw, default="auto"),
        inspect.Parameter("out", kw, default=None),
        inspect.Parameter("outputs", kw, default=None),
        inspect.Parameter("threads", kw, default=None),
    ]
    estimator.__signature__ = inspect.Signature(params, return_annotation=Result)  # type: ignore[attr-defined]
    estimator.__name__ = estimator.__qualname__ = name
    estimator.__doc__ = _doc(info)
    estimator.__module__ = "llmcore"
    return estimator


training = make_estimator("training")
inference = make_estimator("inference")
query = make_estimator("query")
architecture = make_estimator("architecture")
serving = make_estimator("serving")
scaling = make_estimator("scaling")
deployment = make_estimator("deployment")
lifecycle = make_estimator("lifecycle")
parallelism = make_estimator("parallelism")
kaplan = make_estimator("kaplan")
allocation = make_estimator("allocation")
data_constrained = make_estimator("data_constrained")
embedding = make_estimator("embedding")
finetune = make_estimator("finetune")

_EQUIVALENCES = ("household_years", "car_km", "moon_round_trips")


def equivalents(
    *,
    energy_kwh: Any = 0.0,
    co2_kg: Any = 0.0,
    region: Any = None,
    household_kwh_per_year: Any = None,
    car_gco2_per_km: Any = None,
    km_to_moon_and_back: Any = None,
    backend: str = "auto",
) -> Result:
    """Everyday equivalents of an amount of energy and CO2 (SPEC.md §7): household-years of
    electricity, car-km and car trips to the Moon and back.

    The lifecycle model's equivalence outputs on their own: `energy_kwh` (kWh) and `co2_kg`
    (kg) are taken as the totals; `region` (a region catalog id) fills
    household_kwh_per_year and car_gco2_per_km, which may also be given directly.
    """
    inputs = {
        "train_energy_kwh": energy_kwh,
        "train_co2_kg": co2_kg,
        "queries_per_day": 1.0,
        "region": region,
        "household_kwh_per_year": household_kwh_per_year,
        "car_gco2_per_km": car_gco2_per_km,
        "km_to_moon_and_back": km_to_moon_and_back,
    }
    return evaluate(
        "lifecycle",
        {k: v for k, v in inputs.items() if v is not None},
        backend=backend,
        outputs=_EQUIVALENCES,
    )
