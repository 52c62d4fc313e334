# SPDX-License-Identifier: BSD-3-Clause
"""Uncertainty: distributions, the study a distribution set becomes, Monte Carlo
(simulate), Sobol sensitivity, chains of models, summaries, and Dask runs."""
