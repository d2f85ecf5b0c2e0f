"""The real job offers with the real Decap config, read as the site reads them: every offer
has its date and its title in ``list`` and ``list --format json``; ``check`` never calls a
date the file name gives missing, and its errors are the ones that break the site."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from postedit.cli import main
from postedit.core.site import file_name_date


@pytest.fixture
def beta(corpus_repo: Path, decap_config: Path) -> Path:
    """The corpus in content/_jobs, the real config as admin/config.yml."""
    (corpus_repo / "admin").mkdir()
    shutil.copyfile(decap_config, corpus_repo / "admin" / "config.yml")
    return corpus_repo


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, _ = capsys.readouterr()
    return code, out


def test_every_offer_has_its_date_and_title_in_json(
    beta: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, "list", "--repo", str(beta), "--collection", "jobs", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) > 500
    named = 0
    for row in rows:
        assert row["title"].strip(), row["path"]
        assert row["date"], row["path"]
        assert row["state"] in ("draft", "scheduled", "expired", "published")
        assert row["url"].startswith("https://beta.gouv.fr/recrutement/"), row["path"]
        if not row["fields"].get("date"):
            # the front matter has none: the file name's, and the file is left as it was
            assert row["date"] == file_name_date(row["path"]).isoformat(), row["path"]
            assert "date" not in row["fields"] or row["fields"]["date"] is None
            named += 1
        if row["fields"].get("roles"):
            assert row["title"] == " ".join(row["fields"]["roles"].split()), row["path"]
    assert named > 250  # most offers are dated by their file name only


def test_every_offer_has_its_date_and_title_in_the_table(
    beta: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, "list", "--repo", str(beta), "--collection", "jobs")
    assert code == 0
    rows = out.splitlines()[2:]
    assert len(rows) > 500
    for row in rows:
        mark, state, date, rest = row[:4], row[5], row[14:24], row[25:]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", date), row
        assert state in " dsxh?", row
        assert rest[:48].strip(), row
        assert mark.strip() == "" or re.fullmatch(r"[EW]\d+ *", mark), row


def test_check_reads_like_the_site(beta: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "check", "--repo", str(beta))
    lines = out.splitlines()
    findings = [line for line in lines[:-1] if ": error: " in line or ": warning: " in line]
    missing_dates = [
        line
        for line in findings
        if "missing required field 'date'" in line
        and file_name_date(line.split(":", 1)[0]) is not None
    ]
    assert missing_dates == []
    errors = [line for line in findings if ": error: " in line]
    assert "content/_jobs/2021-10-18-atlasculture-dev.md:11: error: duplicate key 'open'" in (
        "\n".join(errors)
    )
    # what is left as errors breaks the site: a value ignored, a title missing, a value the
    # site's filters do not know
    for line in errors:
        assert re.search(
            r"duplicate key|missing required field 'roles'|is not one of the options", line
        ), line
    assert code == 1
    assert re.search(r": \d postings with errors, [\d,]+ with warnings only \(", lines[-1])
