"""Run ``python -m postedit`` with a pty as its terminal, as a user's terminal runs it."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

TERMINAL = {"TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
"""The terminal's environment unless a test says otherwise."""


def run_in_pty(
    args: list[str], cwd: Path, env: dict[str, str] | None = None, limit: float = 60.0
) -> tuple[int, bytes]:
    """Run ``python -m postedit ARGS`` with a pty as stdin, stdout and stderr (``env``: what
    to set over TERMINAL): (exit status, every byte the terminal received). Fails when it
    has not ended after ``limit`` seconds (a generous timeout, not a timed assertion)."""
    master, slave = os.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "postedit", *args],
            cwd=cwd,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**os.environ, **TERMINAL, **(env or {})},
            start_new_session=True,
        )
    finally:
        os.close(slave)
    out = bytearray()
    deadline = time.monotonic() + limit
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                proc.kill()
                pytest.fail(f"postedit {' '.join(args)} still runs after {limit} s: {out[:200]!r}")
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
        status = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        os.close(master)
    return status, bytes(out)
