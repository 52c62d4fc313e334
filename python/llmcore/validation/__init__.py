# SPDX-License-Identifier: BSD-3-Clause
"""Published figures recomputed through the public estimators (lc.reproduce), with the
cases and their sources (published_cases.json, seed_cases.json)."""
