# SPDX-License-Identifier: BSD-3-Clause
"""The one CLI entry point: --help everywhere, every error one line on stderr with exit 2,
Ctrl-C one line with exit 130, never a traceback."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from llmcore.cli import main
from llmcore.cli.main import build_parser

COMMANDS = sorted(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


def _one_line_error(capsys: pytest.CaptureFixture[str], rc: int) -> str:
    """One error line; argument errors (argparse's) have the sub-command's usage, in one
    line, before it."""
    err = capsys.readouterr().err
    assert rc == 2
    lines = err.strip().splitlines()
    if lines and lines[0].startswith("usage: llmcore"):
        lines = lines[1:]
    assert len(lines) == 1, err
    assert "Traceback" not in err and "error" in err
    return err


@pytest.mark.parametrize("command", COMMANDS)
def test_help_on_every_sub_command(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    assert "usage: llmcore " + command in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["training", "--params", "x"],
        ["training", "--params", ",", "--tokens", "1e9", "--hardware", "a100-80gb"],
        ["training", "--params", "-1", "--tokens", "1e9", "--hardware", "v100"],
        ["training", "--params", "1e9", "--tokens", "1e9", "--hardware", "v10"],
        ["no-such-command"],
        ["catalog", "show", "hardware", "h100"],
        ["sweep", "/no/such/grid.toml", "-o", "out.csv"],
    ],
)
def test_errors_are_one_line_with_exit_2(argv: list[str], capsys, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _one_line_error(capsys, main(argv))
    assert not (tmp_path / "out.csv").exists()


def test_simulate_bad_quantile_is_a_clean_error(tmp_path: Path, capsys) -> None:
    f = tmp_path / "s.toml"
    f.write_text(
        'model = "training"\nquantiles = [1.5]\n[inputs]\nparams = 7e9\ntokens = 1e12\n'
        'hardware = "h100-sxm"\nmfu = {dist = "uniform", lo = 0.3, hi = 0.5}\n'
    )
    err = _one_line_error(capsys, main(["simulate", str(f)]))
    assert "quantiles must be in [0, 1], got 1.5" in err


def test_an_unexpected_exception_is_one_line(monkeypatch, capsys) -> None:
    from llmcore.cli import report

    def boom(args: object) -> int:
        raise ZeroDivisionError("float division by zero")

    monkeypatch.setattr(report, "_run_backends", boom)
    err = _one_line_error(capsys, main(["backends"]))
    assert "ZeroDivisionError: float division by zero" in err


def test_ctrl_c_in_process_is_130(monkeypatch, capsys) -> None:
    from llmcore.cli import report

    def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "_run_backends", interrupted)
    assert main(["backends"]) == 130
    assert capsys.readouterr().err.strip() == "llmcore backends: interrupted"


def test_sigint_on_the_command_is_one_line_and_130(tmp_path: Path) -> None:
    f = tmp_path / "long.toml"
    f.write_text(
        'model = "training"\nn = 100000000000\n[inputs]\ntokens = 3e11\nhardware = "a100-80gb"\n'
        'params = {dist = "loguniform", lo = 1e9, hi = 1e12}\n'
    )
    code = (
        "import sys; from llmcore.cli import main; print('go', flush=True); "
        "sys.exit(main(sys.argv[1:]))"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code, "simulate", str(f), "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "go"
        time.sleep(1.5)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert err.strip() == "llmcore simulate: interrupted"


@pytest.mark.parametrize("line", ["inputs = 5", "correlation = [1]", "thresholds = 2"])
def test_scenario_tables_of_the_wrong_type(line: str, tmp_path: Path, capsys) -> None:
    """Issue 13 item 7: these gave AttributeError tracebacks."""
    f = tmp_path / "s.toml"
    f.write_text(f'model = "training"\n{line}\n')
    err = _one_line_error(capsys, main(["simulate", str(f)]))
    assert "must be a table" in err
