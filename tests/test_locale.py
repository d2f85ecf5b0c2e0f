"""postedit under a locale that is not UTF-8 (a server's ``LANG=fr_FR.ISO-8859-1``, or
``LC_ALL=C`` with ``PYTHONUTF8=0``): Python then decodes file names in that charset, and git
must be read the same way, or a posting named with an accent is another file for each."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import git

ACCENT = "_jobs/2020-11-12-offre-designer-e-inspé.md"
"""A real offer's name (the beta.gouv corpus has a dozen such)."""


def _not_utf8() -> dict[str, str]:
    """The environment of a session whose Python names files in ASCII (no UTF-8 mode): the
    same decoding as a latin-1 locale for the bytes of ``é`` (neither is UTF-8), without
    needing that locale installed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    return {**env, "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": "utf-8"}


def _postedit(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "postedit", *args],
        cwd=cwd,
        env=_not_utf8(),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_an_accented_name_is_committed_outside_utf8(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({ACCENT: "---\ntitle: Designer\nopen: true\n---\nBody\n"})
    head = git(root, "rev-parse", "HEAD").strip()
    # the name as a shell in that locale hands it over: its bytes, decoded as Python does
    name = os.fsdecode(ACCENT.encode())
    result = _postedit(root, "set", name, "--field", "open=false", "--commit")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "nothing changed" not in result.stdout + result.stderr
    assert git(root, "rev-parse", "HEAD~1").strip() == head
    assert git(root, "-c", "core.quotepath=off", "show", "--format=", "--name-only", "HEAD") == (
        f"{ACCENT}\n"
    )
    assert git(root, "status", "--porcelain") == ""
    log = _postedit(root, "log", name)
    assert log.returncode == 0 and log.stdout.count("\n") == 2, log.stdout + log.stderr
