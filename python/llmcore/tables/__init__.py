# SPDX-License-Identifier: BSD-3-Clause
"""Whole tables: evaluate_table (pandas, pyarrow, polars, Dask dataframes) and sweep
(grids to Parquet/CSV)."""
