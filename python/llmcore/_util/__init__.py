# SPDX-License-Identifier: BSD-3-Clause
"""Leaf helpers with no llmcore dependencies: errors, text tables, the progress bar,
the version string."""
