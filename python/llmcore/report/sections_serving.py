# SPDX-License-Identifier: BSD-3-Clause
"""Report sections about serving: tokens and queries, self-hosting break-even, the serving
roofline, and per-query electricity in Tokyo."""

from __future__ import annotations

from typing import Any

import numpy as np

from llmcore.estimate import estimators as est
from llmcore.mc import dist
from llmcore.report import plots
from llmcore.report._mc import Context, Explain, dist_figure, implied, mc_row, point_row
from llmcore.report.document import Figure, Row, Section
from llmcore.report.format import num

__all__ = ["breakeven", "tokens_and_queries", "tokyo_query"]

SUN_YAN = "Sun Yan 2023, 'The economics of large language models'"
# the seed's batching figure: 25 requests in about 10 s instead of 1 in 5 s, "about 10x"
BATCH = 25.0
SEED_LATENCY_S = {1.0: 5.0, BATCH: 10.0}
SEED_GAIN = 10


def _batching_miss(serve: dict[str, Any], ctx: Context) -> Explain:
    """Why the published gain misses: gain = batch x latency(1) / latency(batch), so the
    latency ratio the figure implies against llmcore's and the seed's own latencies, and the
    prompt length at which llmcore's relation gives the published gain."""

    def serving(batch: float, **kw: Any) -> Any:
        return est.serving(**serve, batch=batch, **kw, backend=ctx.backend)

    def explain(row: Row) -> str | None:
        pub = float(row.published)  # type: ignore[arg-type]
        one, many = serving(1.0), serving(BATCH)
        t1, tb = float(one["latency_s"]), float(many["latency_s"])
        bound = "memory" if float(many["memory_bound"]) else "compute"
        seed = BATCH * SEED_LATENCY_S[1.0] / SEED_LATENCY_S[BATCH]
        text = (
            f"a gain of {num(pub)}x means a batch of {num(BATCH)} takes {num(BATCH / pub, 3)}x "
            f"as long as one request; llmcore's takes {num(tb / t1, 3)}x ({num(tb, 3)} s vs "
            f"{num(t1, 3)} s, {bound}-bound decode); the published latencies themselves "
            f"({num(BATCH)} in {num(SEED_LATENCY_S[BATCH])} s, 1 in "
            f"{num(SEED_LATENCY_S[1.0])} s) give {num(seed, 3)}x"
        )

        def gain(p: Any) -> Any:
            return (
                BATCH
                * serving(1.0, prompt_tokens=p)["latency_s"]
                / serving(BATCH, prompt_tokens=p)["latency_s"]
            )

        at = implied(gain, pub, 1.0, 1e6)
        if at is not None:
            fits = float(serving(BATCH, prompt_tokens=at)["fits"]) != 0.0
            text += (
                f"; llmcore reaches {num(pub)}x with prompts of about {num(at, 3)} tokens "
                f"(assumed {num(one.inputs['prompt_tokens'])}: more KV cache read per step)"
                + ("" if fits else ", where the batch no longer fits in memory")
            )
        return text

    return explain


def tokens_and_queries(ctx: Context) -> Section:
    s = Section(
        "queries",
        "Cost and energy per 1k tokens and per query",
        "GPT-3 served on an AWS p4d (8xA100) at Sun Yan's 21.3 % MFU; a chat-equivalent "
        "query (5 sampled 400-word answers) and a 2-stage search summariser priced at "
        "Davinci's $0.02 per 1k tokens, against search's $0.048 revenue per query.",
    )
    s.assumptions = [
        "serving MFU uniform on [0.15, 0.35]",
        "cache hit rate uniform on [0.1, 0.5]; provider margin uniform on [0.6, 0.85]",
        "2-stage search: 2 retrieved pages of 1,000 words, a "
        "200-word summary of each (reconstructed to the published total)",
    ]
    base = dict(
        params=175e9,
        hardware="a100-80gb",
        n_accel=8,
        price_per_accel_hour=19.22 / 8,
        accel_power_w=400,
        region="us-average",
        tokens_per_query=1000,
    )
    point = est.inference(**base, mfu=0.213, backend=ctx.backend)
    sim = ctx.simulate(
        "inference",
        {**base, "mfu": dist.uniform(0.15, 0.35)},
        ["cost_per_1k_tokens", "energy_wh_per_1k_tokens"],
        salt=20,
    )
    s.rows += [
        mc_row(
            sim,
            "cost_per_1k_tokens",
            "GPT-3 cost per 1k tokens",
            "USD",
            point["cost_per_1k_tokens"],
            published=0.0035,
            source=SUN_YAN,
        ),
        mc_row(
            sim,
            "energy_wh_per_1k_tokens",
            "GPT-3 energy per 1k tokens",
            "Wh",
            point["energy_wh_per_1k_tokens"],
        ),
    ]
    chat = est.query(samples=5, backend=ctx.backend)
    s.rows.append(
        point_row(
            "chat-equivalent: list price per query",
            "USD",
            chat["price_per_query"],
            published=0.055,
            source=SUN_YAN,
        )
    )
    opt = {"cache_hit_rate": dist.uniform(0.1, 0.5), "gross_margin": dist.uniform(0.6, 0.85)}
    chat_opt = est.query(samples=5, cache_hit_rate=0.3, gross_margin=0.75, backend=ctx.backend)
    sim_q = ctx.simulate(
        "query", {"samples": 5, **opt}, ["cost_per_query", "cost_share_of_revenue"], salt=21
    )
    s.rows += [
        mc_row(
            sim_q,
            "cost_per_query",
            "chat-equivalent: cost after cache and margin",
            "USD",
            chat_opt["cost_per_query"],
            published=0.010,
            source=SUN_YAN,
        ),
        mc_row(
            sim_q,
            "cost_share_of_revenue",
            "chat-equivalent: share of revenue",
            "fraction",
            chat_opt["cost_share_of_revenue"],
        ),
    ]
    search = est.query(links=2, generated_words=200, backend=ctx.backend)
    s.rows += [
        point_row(
            "2-stage search: list price per query",
            "USD",
            search["price_per_query"],
            published=0.066,
            source=SUN_YAN,
        ),
        point_row(
            "2-stage search: share of revenue",
            "x",
            search["cost_share_of_revenue"],
            published=1.4,
            source=SUN_YAN,
        ),
    ]
    s.figures.append(
        dist_figure(
            sim_q,
            "cost_per_query",
            "query_cost",
            "Chat-equivalent cost per query after cache and margin",
            "USD per query",
            published=0.010,
        )
    )
    return s


def breakeven(ctx: Context) -> Section:
    s = Section(
        "breakeven",
        "Self-hosting vs an API: break-even utilisation, and batching",
        "Llama-2-70B on 8 H100 at the catalog's on-demand price against an API charging "
        "$0.002 per 1k tokens (GPT-3.5-turbo, March 2023): the share of paid GPU time "
        "that must be spent serving for self-hosting to cost what the API charges. "
        "The roofline figure shows why batching matters: decode is bandwidth-bound "
        "until the batch is large.",
    )
    s.assumptions = [
        "MFU uniform on [0.1, 0.5]",
        "GPU price lognormal, 90 % in [0.5, 1.5] x the catalog's on-demand price",
    ]
    base = dict(params=70e9, hardware="h100-sxm", n_accel=8, list_price_per_1k_tokens=0.002)
    point = est.inference(**base, mfu=0.3, backend=ctx.backend)
    price = point.inputs["price_per_accel_hour"]
    sim = ctx.simulate(
        "inference",
        {
            **base,
            "mfu": dist.uniform(0.1, 0.5),
            "price_per_accel_hour": dist.ci(0.5 * price, 1.5 * price),
        },
        ["cost_per_1k_tokens", "breakeven_utilization"],
        salt=30,
    )
    s.rows += [
        mc_row(
            sim,
            "cost_per_1k_tokens",
            "self-hosted cost per 1k tokens (fully used)",
            "USD",
            point["cost_per_1k_tokens"],
        ),
        mc_row(
            sim,
            "breakeven_utilization",
            "break-even utilisation",
            "fraction",
            point["breakeven_utilization"],
            note="above 1: cannot match the API even fully used",
        ),
    ]
    batch = 2.0 ** np.arange(0, 9)
    r = est.serving(model="llama-2-13b", hardware="a100-80gb", batch=batch, backend=ctx.backend)
    serve: dict[str, Any] = dict(model="llama-2-13b", hardware="a100-80gb")
    one = est.serving(**serve, batch=BATCH, backend=ctx.backend)
    single = est.serving(**serve, batch=1.0, backend=ctx.backend)
    s.rows.append(
        point_row(
            f"throughput gain of a batch of {BATCH:g} over 1 (llama-2-13b, A100)",
            "x",
            one["queries_per_s"] / single["queries_per_s"],
            published=SEED_GAIN,
            source=(
                "an illustrative rule of thumb, not a measurement: 25 requests in about 10 s "
                "instead of 1 in 5 s"
            ),
            explain=_batching_miss(serve, ctx),
        )
    )
    # the roofline's efficiencies uncertain around their fitted defaults: a band per batch
    eff = {"mfu": dist.uniform(0.3, 0.6), "mbu": dist.uniform(0.4, 0.7)}
    outs = ["cost_per_1k_output_tokens", "output_tokens_per_s"]
    q: dict[str, tuple[list[float], list[float]]] = {o: ([], []) for o in outs}
    for k, b in enumerate(batch):
        band = ctx.simulate("serving", {**serve, **eff, "batch": float(b)}, outs, salt=40 + k)
        for o in outs:
            q[o][0].append(band[o].quantile(0.05))
            q[o][1].append(band[o].quantile(0.95))
    s.assumptions.append(
        "roofline bands: mfu uniform on [0.3, 0.6] and mbu uniform on [0.4, 0.7] around the "
        "fitted defaults (0.45, 0.55)"
    )
    s.figures.append(
        Figure(
            "serving_roofline",
            "Serving llama-2-13b on one A100-80GB: cost and throughput vs batch (bands: "
            f"p05-p95; diamond: the published {SEED_GAIN}x gain at batch {BATCH:g})",
            plots.dual(
                batch,
                ("cost, USD per 1k output tokens", r["cost_per_1k_output_tokens"]),
                ("throughput, output tokens/s", r["output_tokens_per_s"]),
                "llama-2-13b on A100-80GB: batching",
                "batch (requests decoded together)",
                bands=tuple((np.array(q[o][0]), np.array(q[o][1])) for o in outs),
                published=(
                    BATCH,
                    SEED_GAIN * float(single["output_tokens_per_s"]),
                    f"published: {SEED_GAIN}x batch 1 at batch {BATCH:g}",
                ),
            ),
        )
    )
    return s


def tokyo_query(ctx: Context) -> Section:
    s = Section(
        "tokyo",
        "Per-query electricity in Tokyo, and a household's day",
        "BLOOM's measured API deployment (914 kWh over 230,768 queries), priced at "
        "Tokyo's household tariff; the same energy scaled by parameters from BERT-base; "
        "and how many queries a 6 kWh household day would power.",
    )
    s.assumptions = [
        "energy proportional to parameters^exponent, exponent uniform on "
        "[0.8, 1.2] for the scaled case",
        "Tokyo tariff and household use from the "
        "regions catalog; JPY at the fx catalog's dated rate",
    ]
    bloom = est.deployment(
        measured_energy_kwh=914,
        measured_queries=230_768,
        region="tokyo",
        currency="JPY",
        backend=ctx.backend,
    )
    s.rows += [
        point_row(
            "BLOOM API energy per query",
            "Wh",
            bloom["energy_wh_per_query"],
            published=3.96,
            source="Luccioni et al. 2023 (BLOOM carbon footprint)",
        ),
        point_row(
            "its electricity cost in Tokyo",
            "JPY",
            bloom["electricity_cost_per_query"],
            published=0.16,
            source="case SEED-BLOOM-API-JPY in llmcore reproduce (39 JPY/kWh)",
        ),
    ]
    base = dict(measured_energy_kwh=40 / 3.6e6, measured_queries=1, ref_params=110e6, params=176e9)
    bert = est.deployment(**base, backend=ctx.backend)
    sim = ctx.simulate(
        "deployment",
        {**base, "params_exponent": dist.uniform(0.8, 1.2)},
        ["energy_wh_per_query"],
        salt=40,
    )
    s.rows.append(
        mc_row(
            sim,
            "energy_wh_per_query",
            "BERT-base 40 J/query scaled to 176 G parameters",
            "Wh",
            bert["energy_wh_per_query"],
            published=17.8,
            source="case SEED-BERT-SCALED in llmcore reproduce",
        )
    )
    heavy = est.deployment(
        measured_energy_kwh=0.104, measured_queries=1, household_kwh_per_day=6, backend=ctx.backend
    )
    s.rows.append(
        point_row(
            "queries per 6 kWh household day at 104 Wh/query",
            "queries",
            heavy["queries_per_household_day"],
            published=58,
            source="case SEED-HOUSEHOLD-QUERIES in llmcore reproduce",
        )
    )
    s.figures.append(
        dist_figure(
            sim,
            "energy_wh_per_query",
            "bert_scaled",
            "Energy per query scaled from BERT-base to 176 G parameters",
            "Wh per query",
            published=17.8,
        )
    )
    return s
