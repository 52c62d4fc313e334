# SPDX-License-Identifier: BSD-3-Clause
"""``llmcore``: the one entry point of the command line, and its one error handler.

Every failure is one line on stderr and exit status 2 (argparse's usage errors too);
Ctrl-C is one line and 130; a broken pipe (``llmcore ... | head``) ends quietly. Set
``LLMCORE_DEBUG=1`` to see the traceback of an error instead.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence
from typing import NoReturn

from llmcore._util.version import version
from llmcore.cli import catalog as cli_catalog
from llmcore.cli import completion as cli_completion
from llmcore.cli import estimators as cli_estimators
from llmcore.cli import plan as cli_plan
from llmcore.cli import report as cli_report
from llmcore.cli import serve as cli_serve
from llmcore.cli import simulate as cli_simulate

__all__ = ["build_parser", "main"]


class _Parser(argparse.ArgumentParser):
    """Usage errors as two lines: the sub-command's usage in one line, then
    ``llmcore training: error: ...``; ``--help`` shows the full usage."""

    def short_usage(self) -> str:
        """``usage: llmcore training [options]``, positionals named: one line."""
        pos = [
            a.metavar or a.dest
            for a in self._actions
            if not a.option_strings and a.help is not argparse.SUPPRESS
        ]
        words = [self.prog, *(str(w) for w in pos)]
        if any(a.option_strings for a in self._actions):
            words.append("[options]")
        return "usage: " + " ".join(words)

    def error(self, message: str) -> NoReturn:
        self.exit(
            2, f"{self.short_usage()}\n{self.prog}: error: {message} (see {self.prog} --help)\n"
        )

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        """A sub-command's unknown arguments are its own error (with its usage), not the top
        level's: a parser without sub-commands of its own rejects what it did not take."""
        ns, extra = super().parse_known_args(args, namespace)
        if extra and self._subparsers is None and self._is_sub:
            self.error(f"unrecognized arguments: {' '.join(extra)}")
        return ns, extra

    _is_sub = False


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="llmcore",
        description="What will this LLM cost? Money, time, energy, carbon, memory and loss.",
    )
    p.add_argument("--version", action="version", version=f"llmcore {version()}")
    sub = p.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_SubParser
    )
    cli_report.add_parsers(sub)
    cli_estimators.add_parsers(sub)
    cli_catalog.add_parsers(sub)
    cli_plan.add_parsers(sub)
    cli_simulate.add_parsers(sub)
    cli_serve.add_parsers(sub)
    cli_completion.add_parsers(sub, p)
    return p


class _SubParser(_Parser):
    _is_sub = True


def _message(exc: BaseException) -> str:
    if isinstance(exc, KeyError) and exc.args and type(exc) is KeyError:
        return str(exc.args[0])  # KeyError's str() is the repr of its key
    text = str(exc).strip().splitlines()
    first = text[0] if text else ""
    if isinstance(
        exc, (ValueError, KeyError, TypeError, OSError, RuntimeError, NotImplementedError)
    ):
        return first or type(exc).__name__
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``llmcore`` with `argv` (default: sys.argv[1:]); returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2), already printed
        return int(exc.code or 0)

    def show(message: Warning | str, category: type[Warning], *_: object, **__: object) -> None:
        print(f"llmcore {args.command}: warning: {message}", file=sys.stderr)

    try:
        with warnings.catch_warnings():
            warnings.showwarning = show  # one line each, no source location
            return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print(f"llmcore {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away: nothing more can be written; keep Python's flush at exit
        # from raising again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        if os.environ.get("LLMCORE_DEBUG"):
            raise
        print(f"llmcore {args.command}: error: {_message(exc)}", file=sys.stderr)
        return 2
