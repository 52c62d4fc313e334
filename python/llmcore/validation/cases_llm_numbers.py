# SPDX-License-Identifier: BSD-3-Clause
"""How the figures of "Numbers every LLM developer should know" are recomputed.

The cases themselves (inputs with units, published value, source, status) are in
``validation/data/llm_numbers_cases.json``; the document is ray-project/llm-numbers'
README (last updated 2023-05-17, prices retrieved from openai.com/pricing on 2023-05-08).
Each recipe here names the public estimator, its inputs as a function of the case's own
inputs ``v``, and the output, as in ``cases.py``.
"""

from __future__ import annotations

from llmcore.validation.cases import Recipe

__all__ = ["RECIPES"]

R = Recipe
RECIPES: dict[str, Recipe] = {}
