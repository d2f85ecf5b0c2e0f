"""``postedit check --changed [REF]``: only the postings changed since REF, for CI on a site
with old findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from postedit.cli import check as check_cli
from postedit.cli import main
from tests.conftest import git

SCHEMA = """\
collections:
  jobs:
    folder: _jobs
    fields:
      - {name: roles, type: string, required: true}
      - {name: open, type: boolean, required: true}
"""

GOOD = "---\nroles: Dev\nopen: true\n---\nText.\n"
OLD_BAD = "---\nroles: Old\nopen: 'yes'\n---\nText.\n"
NEW_BAD = "---\nroles: New\nopen: maybe\n---\nText.\n"


@pytest.fixture
def site(make_repo) -> Path:  # type: ignore[no-untyped-def]
    """A site whose history holds an old broken posting and a good one."""
    return make_repo(  # type: ignore[no-any-return]
        {
            "postedit.yml": SCHEMA,
            "_jobs/2020-01-01-old.md": OLD_BAD,
            "_jobs/2024-01-01-good.md": GOOD,
        }
    )


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def paths(out: str) -> set[str]:
    return {line.split(":", 1)[0] for line in out.splitlines()[:-1]}


# ----------------------------------------------------------------------------- filtering


def test_changed_checks_only_the_paths_given(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (site / "_jobs" / "2024-02-02-new.md").write_text(NEW_BAD)
    asked: list[tuple[Path, str | None]] = []

    def changed(root: Path, ref: str | None) -> set[str]:
        asked.append((root, ref))
        return {"_jobs/2024-02-02-new.md", "_jobs/2024-01-01-good.md", "notes.txt"}

    monkeypatch.setattr(check_cli, "changed_paths_since", changed)
    code, out, _ = run(capsys, "--repo", str(site), "--changed")
    assert code == 1
    assert paths(out) == {"_jobs/2024-02-02-new.md"}
    assert out.splitlines()[-1].startswith("postedit check: 2 postings changed in 1 collection")
    code, out, _ = run(capsys, "--repo", str(site), "--changed=v1.0")
    assert asked == [(site, None), (site, "v1.0")]
    assert "2 postings changed since v1.0" in out


def test_changed_with_nothing_changed_passes(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(check_cli, "changed_paths_since", lambda root, ref: set())
    code, out, _ = run(capsys, "--repo", str(site), "--changed")
    assert code == 0
    assert out.splitlines() == [
        "postedit check: 0 postings changed in 1 collection against postedit.yml: no findings"
    ]


def test_changed_and_paths_together(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        check_cli, "changed_paths_since", lambda root, ref: {"_jobs/2020-01-01-old.md"}
    )
    code, out, _ = run(capsys, "--repo", str(site), "--changed=HEAD", "_jobs/2024-01-01-good.md")
    assert (code, paths(out)) == (0, set())  # the path given did not change


# ----------------------------------------------------------------------------- with git


def test_changed_since_head_sees_uncommitted_and_untracked_postings(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "_jobs" / "2024-01-01-good.md").write_text(NEW_BAD)  # modified, not committed
    (site / "_jobs" / "2024-02-02-new.md").write_text(NEW_BAD)  # untracked
    code, out, _ = run(capsys, "--repo", str(site), "--changed")
    assert code == 1
    assert paths(out) == {"_jobs/2024-01-01-good.md", "_jobs/2024-02-02-new.md"}


def test_changed_since_a_ref_sees_commits_and_renames(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(site, "tag", "before")
    git(site, "mv", "_jobs/2020-01-01-old.md", "_jobs/2020-01-01-renamed.md")
    (site / "_jobs" / "2024-02-02-new.md").write_text(NEW_BAD)
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "new offer, renamed old one")
    code, out, _ = run(capsys, "--repo", str(site), "--changed=before")
    assert code == 1
    assert paths(out) == {"_jobs/2020-01-01-renamed.md", "_jobs/2024-02-02-new.md"}
    code, out, _ = run(capsys, "--repo", str(site), "--changed")  # since HEAD: nothing
    assert (code, paths(out)) == (0, set())


def test_changed_defaults_to_the_upstream(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(site), str(clone))
    (clone / "_jobs" / "2024-02-02-new.md").write_text(NEW_BAD)
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", "new offer, not pushed")
    code, out, _ = run(capsys, "--repo", str(clone), "--changed")
    assert code == 1
    assert paths(out) == {"_jobs/2024-02-02-new.md"}


def test_changed_without_ref_on_a_detached_head_names_the_base_to_give(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CI checks out a commit (detached HEAD, shallow, no upstream): comparing with HEAD would
    check nothing and pass; the command asks for the base instead."""
    base = git(site, "rev-parse", "--abbrev-ref", "HEAD").strip()
    git(site, "checkout", "-q", "-b", "feature")
    (site / "_jobs" / "2024-02-02-new.md").write_text(NEW_BAD)
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "new offer")
    ci = tmp_path / "ci"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "feature", f"file://{site}", str(ci))
    git(ci, "checkout", "-q", "--detach")
    code, out, err = run(capsys, "--repo", str(ci), "--changed")
    assert (code, out) == (2, "")
    assert "HEAD is detached and has no upstream" in err
    assert "--changed=origin/main" in err
    git(ci, "fetch", "-q", "--depth", "1", "origin", f"{base}:refs/remotes/origin/{base}")
    code, out, _ = run(capsys, "--repo", str(ci), f"--changed=origin/{base}")
    assert code == 1
    assert paths(out) == {"_jobs/2024-02-02-new.md"}
