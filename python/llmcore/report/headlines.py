# SPDX-License-Identifier: BSD-3-Clause
"""`llmcore report`: the seed headline figures, recomputed through the public estimators
and shown beside the published values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import estimators as est

__all__ = ["Headline", "headlines"]

SUN_YAN = "Sun Yan, 'The economics of large language models' (2023)"


@dataclass(frozen=True)
class Headline:
    analysis: str
    quantity: str
    unit: str
    value: float
    published: float
    source: str
    note: str = ""

    @property
    def rel_error(self) -> float:
        return (self.value - self.published) / self.published

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "rel_error": self.rel_error}


def headlines(backend: str = "auto") -> list[Headline]:
    """The seed analyses: GPT-3 training on TPU v4, inference on 8xA100, query costs."""
    h: list[Headline] = []
    train = est.training(params=175e9, tokens=300e9, hardware="tpu-v4", mfu=0.462,
                         price_per_accel_hour=8.12 / 4, backend=backend)
    t = "GPT-3 training on Cloud TPU v4 (175e9 params, 300e9 tokens, 46.2 % MFU, 8.12 $/h per 4 chips)"
    h.append(Headline(t, "cloud_cost", "USD", train["cloud_cost"], 1_398_072, SUN_YAN))
    h.append(Headline(t, "cost_per_1k_tokens", "USD", train["cost_per_1k_tokens"], 0.0047,
                      SUN_YAN, "published rounded to 2 significant digits"))
    inf = est.inference(params=175e9, hardware="a100-80gb", n_accel=8, mfu=0.213,
                        price_per_accel_hour=19.22 / 8, list_price_per_1k_tokens=0.02,
                        backend=backend)
    i = "GPT-3 inference on AWS p4d (8xA100, 21.3 % MFU, 19.22 $/h 1-yr reserved)"
    h.append(Headline(i, "cost_per_1k_tokens", "USD", inf["cost_per_1k_tokens"], 0.0035,
                      SUN_YAN))
    h.append(Headline(i, "gross_margin vs Davinci $0.02/1k", "fraction", inf["gross_margin"],
                      0.8, SUN_YAN, "published as 'about 80 %'"))
    chat = est.query(samples=5, backend=backend)
    c = "Chat-equivalent query (50-word prompt, 5 sampled 400-word responses, $0.02/1k tokens)"
    h.append(Headline(c, "price_per_query", "USD", chat["price_per_query"], 0.055, SUN_YAN))
    chat_opt = est.query(samples=5, cache_hit_rate=0.3, gross_margin=0.75, backend=backend)
    h.append(Headline(c + ", 30 % cache hits, 75 % margin", "cost_per_query", "USD",
                      chat_opt["cost_per_query"], 0.010, SUN_YAN, "published as 'about $0.01'"))
    search = est.query(links=2, generated_words=200, backend=backend)
    s = "2-stage search summariser (2 retrieved pages of 1,000 words, 200-word summary each)"
    h.append(Headline(s, "price_per_query", "USD", search["price_per_query"], 0.066, SUN_YAN,
                      "inputs reconstructed to the published total of about 2,450 words"))
    h.append(Headline(s, "cost_share_of_revenue ($0.048/query)", "ratio",
                      search["cost_share_of_revenue"], 1.4, SUN_YAN, "published as '1.4x'"))
    return h
