"""The small job board of docs/query.md (tests/data/query-site), in a scratch git repository,
seen on the day its examples are written for."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

SOURCE = Path(__file__).parent / "data" / "query-site"
TODAY = dt.datetime(2021, 9, 15, 12, 0, tzinfo=dt.UTC)
"""The examples' day: ``today`` is 15 September 2021."""
JOBS = "content/_jobs"


def make_query_site(root: Path) -> Path:
    """A git repository at ``root`` holding the job board, committed."""
    shutil.copytree(SOURCE, root)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "job board"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    return root


def freeze_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """``today``, relative dates and publication states as on TODAY."""
    monkeypatch.setattr("postedit.core.query.clock", lambda: TODAY)
