# SPDX-License-Identifier: BSD-3-Clause
"""Issue 19: progress with rate and ETA, on by default in interactive use for runs longer
than a second, silent otherwise."""

from __future__ import annotations

import io

import llmcore._util.progress as progress_mod
from llmcore._util.progress import Progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _clock(monkeypatch, times):
    it = iter(times)
    monkeypatch.setattr(progress_mod, "_now", lambda: next(it))


def test_default_draws_rate_and_eta_after_a_second(monkeypatch):
    tty = _Tty()
    _clock(monkeypatch, [0.0, 0.5, 2.0, 4.0])
    p = Progress.option(None, 1000)
    p.stream, p.enabled = tty, progress_mod._interactive(tty)
    p.set(100, "simulate")  # at 0.5 s: nothing yet
    assert tty.getvalue() == ""
    p.set(500)  # at 2 s: 250/s, 500 left -> 2 s to go
    line = tty.getvalue()
    assert "50.0%" in line and "250/s" in line and "ETA 0:02" in line
    p.set(1000)  # done at 4 s
    assert tty.getvalue().endswith("\n") and "in 0:04" in tty.getvalue()


def test_short_runs_and_pipes_stay_silent(monkeypatch):
    tty = _Tty()
    _clock(monkeypatch, [0.0, 0.2, 0.4])
    p = Progress.option(None, 10)
    p.stream, p.enabled = tty, True
    p.set(5)
    p.set(10)  # finished within the delay: not even a last line
    assert tty.getvalue() == ""


def test_explicit_choices_win():
    pipe = io.StringIO()
    assert not progress_mod._interactive(pipe) or hasattr(progress_mod.sys, "ps1")
    assert progress_mod._interactive(_Tty())
    assert Progress.option(False, 10).enabled is False
    assert Progress.option(True, 10).enabled is True


def test_large_rates_and_long_runs_read_well():
    assert progress_mod._si(2.5e7) == "25M" and progress_mod._si(999) == "999"
    assert progress_mod._clock(3725) == "1:02:05" and progress_mod._clock(65) == "1:05"
