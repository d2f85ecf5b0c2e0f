"""A posting revived from the on-disk cache reads exactly like one parsed from its file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from postedit.core import cache, posting
from postedit.core.posting import read_posting

OLD = 10**9 * 1_600_000_000

BODIES = [
    "Body \u00e9\n",
    "",
    "\n\n  \t\n",
    "\u00a0\n",  # a no-break space only: blank for str.strip()
    "\x1c\n",  # an ASCII separator str.strip() removes but bytes.strip() keeps
    "  \u00e9t\u00e9\n",
    "\n\u2003x",
]


@pytest.fixture(autouse=True)
def _settled(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(posting, "_RACY_NS", -(10**18))
    posting.memo_clear()
    yield
    posting.memo_clear()


@pytest.mark.parametrize("body", BODIES)
def test_revived_body_and_blankness_match_the_parsed_ones(tmp_path: Path, body: str) -> None:
    f = tmp_path / "a.md"
    f.write_bytes(("\ufeff---\ntitle: \u00e9\n---\n" + body).encode("utf-8"))
    os.utime(f, ns=(OLD, OLD))
    parsed = read_posting(tmp_path, "a.md", "jobs")
    assert parsed.body == body and parsed.has_body_text() == bool(body.strip())
    assert cache.save(tmp_path)
    posting.memo_clear()
    cache.load(tmp_path)
    revived = read_posting(tmp_path, "a.md", "jobs")
    assert revived.has_body_text() == bool(body.strip())
    assert revived == parsed and revived.body == body and revived.raw == f.read_bytes()
