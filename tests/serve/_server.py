# SPDX-License-Identifier: BSD-3-Clause
"""A real ``llmcore serve`` on a free loopback port, for the tests that need a socket."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(*args: str) -> Iterator[tuple[str, list[str]]]:
    """Start ``python -m llmcore serve`` on 127.0.0.1; yield (base url, a list that holds
    the server's stderr once it has stopped)."""
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llmcore",
            "serve",
            "--port",
            str(port),
            "--log-level",
            "warning",
            *args,
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    log: list[str] = []
    try:
        for _ in range(300):  # up to a minute for imports on a loaded machine
            if proc.poll() is not None:
                raise RuntimeError(f"llmcore serve exited: {proc.stderr.read()}")
            try:
                httpx.get(f"{url}/api/health", timeout=1.0)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise RuntimeError("llmcore serve did not answer within a minute")
        yield url, log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        assert proc.stderr is not None
        log.append(proc.stderr.read())
        proc.stderr.close()
