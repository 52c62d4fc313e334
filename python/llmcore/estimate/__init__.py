# SPDX-License-Identifier: BSD-3-Clause
"""Point estimates: inputs resolved from keywords and catalogs, one model or a chain of
models evaluated, money in another currency, the per-model estimator functions and Result."""
