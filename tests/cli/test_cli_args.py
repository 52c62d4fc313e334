# SPDX-License-Identifier: BSD-3-Clause
"""The one set of argparse number converters (llmcore.cli.args): suffixes, lists, errors."""

from __future__ import annotations

import argparse

import numpy as np
import pytest

from llmcore.cli import args
from llmcore.cli.main import main


@pytest.mark.parametrize(
    ("text", "value"), [("7B", 7e9), ("2.5k", 2500.0), ("1.4T", 1.4e12), ("0.3", 0.3)]
)
def test_number_reads_suffixes(text: str, value: float) -> None:
    assert args.number(text) == value


def test_number_list_one_or_many() -> None:
    assert args.number_list("13B") == 13e9
    many = args.number_list("7B, 13B,70B")
    assert isinstance(many, np.ndarray) and many.tolist() == [7e9, 13e9, 70e9]


def test_wholes_and_whole() -> None:
    assert args.wholes("1,2,4k") == [1, 2, 4000]
    assert args.whole("1024") == 1024
    with pytest.raises(argparse.ArgumentTypeError, match="not a list"):
        args.whole("1,2")
    for bad in ("1.5", "inf", "nan", "1e400"):
        with pytest.raises(argparse.ArgumentTypeError, match="not whole numbers"):
            args.wholes(bad)


@pytest.mark.parametrize("bad", ["0", "1.5", "-3", "inf", "nan"])
def test_count_refuses_what_is_not_a_count(bad: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match=f"whole number >= 1, got '{bad}'"):
        args.count(bad)
    assert args.count("100M") == 100_000_000


@pytest.mark.parametrize("fn", [args.number, args.number_list, args.wholes, args.count])
def test_errors_name_the_text(fn) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match=r"'7m'.*milli or mega"):
        fn("7m")


@pytest.mark.parametrize(
    ("argv", "usage"),
    [
        (["report", "-n", "lots"], "usage: llmcore report"),
        (["plan", "--model", "gpt-3", "--gpus", "1,2"], "usage: llmcore plan"),
        (["training", "--params", "7q"], "usage: llmcore training"),
    ],
)
def test_bad_numbers_print_the_sub_command_usage(argv, usage, capsys) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert usage in err and "Traceback" not in err
