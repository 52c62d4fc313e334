# SPDX-License-Identifier: BSD-3-Clause
"""Report sections about the model itself: Chinchilla loss, compute- vs lifetime-optimal
size, and the share of a model's lifetime energy spent on inference."""

from __future__ import annotations

import numpy as np

from llmcore.estimate import estimators as est
from llmcore.mc import dist
from llmcore.report import plots
from llmcore.report._mc import Context, dist_figure, mc_row, point_row
from llmcore.report.document import Figure, Section

__all__ = ["lifecycle_share", "scaling_optimum"]

CHINCHILLA = "Hoffmann et al. 2022 (Chinchilla), approach 3 fit"


def scaling_optimum(ctx: Context) -> Section:
    s = Section(
        "scaling",
        "Chinchilla loss; compute-optimal vs lifetime-optimal models",
        "Loss from the Chinchilla fit L = E + A/N^a + B/D^b. For a target loss, the "
        "compute-optimal model minimises training FLOPs; the lifetime-optimal one "
        "minimises training plus inference FLOPs for the tokens it will serve: smaller, "
        "trained longer.",
    )
    s.assumptions = [
        "Chinchilla's rounded fit: E 1.69, A 406.4, B 410.7, alpha 0.34, beta 0.28",
        "target loss 1.94 (Chinchilla's), 10 trillion tokens served",
    ]
    chin = est.scaling(params=70e9, tokens=1.4e12, backend=ctx.backend)
    gpt3 = est.scaling(params=175e9, tokens=300e9, backend=ctx.backend)
    s.rows += [
        point_row(
            "Chinchilla (70 G parameters, 1.4 T tokens) loss",
            "nats/token",
            chin["loss"],
            published=1.94,
            source=CHINCHILLA,
        ),
        point_row("GPT-3 (175 G parameters, 300 G tokens) loss", "nats/token", gpt3["loss"]),
    ]
    life = est.scaling(target_loss=1.94, inference_tokens=1e13, backend=ctx.backend)
    s.rows += [
        point_row("compute-optimal params for loss 1.94", "params", life["target_opt_params"]),
        point_row(
            "lifetime-optimal params (10 T tokens served)", "params", life["lifetime_params"]
        ),
        point_row("lifetime-optimal training tokens", "tokens", life["lifetime_tokens"]),
        point_row(
            "lifetime FLOPs saved vs the compute-optimal model", "fraction", life["lifetime_saving"]
        ),
    ]
    # a fine log grid: contours are straight segments between grid points
    n = np.logspace(9, 12.5, 241)
    d = np.logspace(10, 13.5, 241)
    loss = est.scaling(params=n[None, :], tokens=d[:, None], backend=ctx.backend)["loss"]
    pts = {
        "Chinchilla": (70e9, 1.4e12),
        "GPT-3": (175e9, 300e9),
        "lifetime-opt": (life["lifetime_params"], life["lifetime_tokens"]),
    }
    s.figures.append(
        Figure(
            "loss_contours",
            "Chinchilla-fit loss over parameters and tokens",
            plots.contour(
                n, d, loss, "Loss L(N, D), Chinchilla fit", "parameters N", "training tokens D", pts
            ),
        )
    )
    return s


def lifecycle_share(ctx: Context) -> Section:
    s = Section(
        "lifecycle",
        "Training amortised over a year of service",
        "GPT-3's training energy (Patterson et al.: 1,287 MWh, 552 t CO2) against a year "
        "of queries: how much of the lifetime energy is inference, and what it equals.",
    )
    s.assumptions = [
        "energy per query lognormal, 90 % in [0.1, 3] Wh (Epoch 0.3 Wh to de Vries 2.9 Wh)",
        "queries per day log-uniform on [10 M, 1 G]",
        "EU equivalences (household-years, car-km) from the regions catalog",
    ]
    base = dict(
        train_energy_kwh=1.287e6,
        train_co2_kg=552e3,
        lifetime_days=365,
        region="eu",
        co2_g_per_query=0.3 * 0.25,
    )
    point = est.lifecycle(**base, energy_wh_per_query=0.3, queries_per_day=1e8, backend=ctx.backend)
    sim = ctx.simulate(
        "lifecycle",
        {
            **base,
            "energy_wh_per_query": dist.ci(0.1, 3),
            "queries_per_day": dist.loguniform(1e7, 1e9),
        },
        ["inference_share_of_energy", "total_energy_kwh"],
        salt=50,
    )
    s.rows += [
        mc_row(
            sim,
            "inference_share_of_energy",
            "inference share of lifetime energy",
            "fraction",
            point["inference_share_of_energy"],
        ),
        mc_row(sim, "total_energy_kwh", "lifetime energy", "GWh", point["total_energy_kwh"], 1e-6),
        point_row(
            "break-even queries (inference = training)", "queries", point["breakeven_queries"]
        ),
    ]
    eq = est.equivalents(co2_kg=85_000, energy_kwh=190_000, region="eu")
    s.rows.append(
        point_row(
            "85 t CO2 in km of a new EU car",
            "km",
            eq["car_km"],
            published=700_000,
            source="case SEED-GPT3-CAR-KM in llmcore reproduce (about 121 g/km)",
        )
    )
    s.figures.append(
        dist_figure(
            sim,
            "inference_share_of_energy",
            "inference_share",
            "Inference share of GPT-3's first-year energy",
            "fraction of lifetime energy (0-1)",
            log=False,
            bounds=(0.0, 1.0),
        )
    )
    return s
