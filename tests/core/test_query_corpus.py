"""The query language on the real job offers (../shared/corpus), read as the site reads them."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from postedit.core.query import select
from postedit.core.workspace import open_workspace

NAME_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})-")


@pytest.fixture
def site(corpus_repo: Path, decap_config: Path) -> Path:
    (corpus_repo / "admin").mkdir()
    shutil.copy(decap_config, corpus_repo / "admin" / "config.yml")
    return corpus_repo


def _site_date(path: Path, fields_date: object) -> dt.date | None:
    """What Jekyll dates an offer with, worked out here from the file alone."""
    if isinstance(fields_date, dt.datetime):
        return fields_date.date()
    if isinstance(fields_date, dt.date):
        return fields_date
    m = NAME_DATE.match(path.name)
    if m is None:
        return None
    try:
        return dt.date(*map(int, m.groups()))
    except ValueError:
        return None


def test_a_file_names_date_is_the_date(site: Path) -> None:
    ws = open_workspace(site)
    found = {p.relpath for p in select(ws, "date<2021-09-01", "jobs")}
    expected = set()
    from_names = 0
    for posting in ws.load(ws.collection("jobs")):
        day = _site_date(site / posting.relpath, posting.fields.get("date"))
        if day is not None and day < dt.date(2021, 9, 1):
            expected.add(posting.relpath)
            from_names += "date" not in posting.fields
    assert found == expected
    assert from_names > len(found) // 2  # most offers are dated by their file name only


def test_body_words_and_phrases_are_found(site: Path) -> None:
    ws = open_workspace(site)
    jobs = ws.load(ws.collection("jobs"))
    in_body = {p.relpath for p in select(ws, "body:kubernetes", "jobs")}
    assert in_body == {p.relpath for p in jobs if "kubernetes" in p.body.lower()}
    assert in_body
    everywhere = {p.relpath for p in select(ws, "kubernetes", "jobs")}
    assert in_body <= everywhere
    # accents and case: "Déploiement" in a body is found as "deploiement"
    assert {p.relpath for p in select(ws, "body:deploiement", "jobs")} >= {
        p.relpath for p in jobs if "Déploiement" in p.body
    }
