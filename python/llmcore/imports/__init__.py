# SPDX-License-Identifier: BSD-3-Clause
"""Catalog rows from other tools' files: price tables (LiteLLM, genai-prices) and Hugging
Face configs.

* :func:`litellm_prices` reads LiteLLM's ``model_prices_and_context_window.json`` (USD per
  token) into ``api_prices`` rows (USD per 1000 tokens, the ``query`` input names).
* :func:`genai_prices` reads pydantic's genai-prices data (its package, or
  ``prices/data.json``; USD per million tokens) into the same rows.
* :func:`hf_config` reads a Hugging Face ``config.json`` into a ``models`` row: the
  dimensions under the ``architecture`` input names, and params / active_params by that
  estimator (SPEC §3a).

Both read local files only (no network) and return the rows; ``register=True`` also adds
them to the catalog so that ids work as estimator keywords.
"""

from __future__ import annotations

from llmcore.imports._common import CatalogImportWarning
from llmcore.imports.genai import genai_prices
from llmcore.imports.hf import architecture_params, hf_config, model_params
from llmcore.imports.litellm import litellm_prices

__all__ = [
    "CatalogImportWarning",
    "architecture_params",
    "genai_prices",
    "hf_config",
    "litellm_prices",
    "model_params",
]
