"""Helpers for the fault-injection tests: run postedit in a subprocess, pause it, kill it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

PAUSE_WAIT = 30.0
"""Upper bound (seconds) for a paused postedit to reach its checkpoint."""


def postedit_env(**extra: str) -> dict[str, str]:
    """The environment for a postedit subprocess (the hermetic git config included)."""
    env = dict(os.environ)
    for var in ("POSTEDIT_PAUSE_AT", "POSTEDIT_PAUSE_FILE", "POSTEDIT_PAUSE_SECONDS"):
        env.pop(var, None)
    env.update(extra)
    return env


def run_postedit(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m postedit ARGS`` in ``root`` to completion."""
    return subprocess.run(
        [sys.executable, "-m", "postedit", *args],
        cwd=root,
        env=env or postedit_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


@dataclass
class Paused:
    """A postedit process stopped at a checkpoint (in its own process group)."""

    proc: subprocess.Popen[str]
    step: str

    def kill(self, group: bool = False) -> None:
        """SIGKILL the process (or its whole process group: git and hooks too) and reap it."""
        if self.proc.poll() is None:
            if group:
                os.killpg(self.proc.pid, signal.SIGKILL)
            else:
                self.proc.kill()
        self.proc.wait(timeout=30)
        assert self.proc.stdout is not None and self.proc.stderr is not None
        self.proc.stdout.close()
        self.proc.stderr.close()


def wait_for(marker: Path, proc: subprocess.Popen[str], what: str) -> None:
    """Poll (bounded) until ``marker`` exists; fail with postedit's output if it exits first."""
    deadline = time.monotonic() + PAUSE_WAIT
    while not marker.exists():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(
                f"postedit exited ({proc.returncode}) without reaching {what}\n"
                f"stdout: {out}\nstderr: {err}"
            )
        if time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            pytest.fail(f"postedit did not reach {what} within {PAUSE_WAIT} s")
        time.sleep(0.01)


def start_paused(
    root: Path, step: str, *args: str, marker: Path, pause_seconds: float = 120
) -> Paused:
    """Start ``postedit ARGS`` with POSTEDIT_PAUSE_AT=step and wait until it pauses there."""
    env = postedit_env(
        POSTEDIT_PAUSE_AT=step,
        POSTEDIT_PAUSE_FILE=str(marker),
        POSTEDIT_PAUSE_SECONDS=str(pause_seconds),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "postedit", *args],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        wait_for(marker, proc, step)
    except BaseException:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        raise
    return Paused(proc, step)


@dataclass
class CliResult:
    """What an in-process ``postedit`` run returned and printed."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(root: Path, *args: str) -> CliResult:
    """Run ``postedit ARGS`` in this process, in ``root`` (fast; a stray exception propagates).

    Tests that do not need a separate process (no kill, no environment hook) use this: an
    exception other than SystemExit escaping ``main`` is a traceback the user would have seen,
    so it fails the test with that traceback.
    """
    import contextlib
    import io

    from postedit.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(root), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    return CliResult(code, out.getvalue(), err.getvalue())
