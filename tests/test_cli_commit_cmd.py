"""``postedit commit [PATH...]``: postedit's pending edits in one commit, as the TUI's ``c``."""

from __future__ import annotations

from pathlib import Path

import pytest

from postedit.cli import main
from tests.conftest import git

A = "content/_jobs/2021-03-01-alpha développeur.md"
B = "content/_jobs/b.md"
ALPHA = "---\ntitle: Alpha développeur\nopen: true  # still\n---\nBody\n"
BETA = "---\ntitle: Beta\nopen: true\n---\nB\n"


@pytest.fixture
def site(make_repo, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    root = make_repo({A: ALPHA, B: BETA, "README.md": "# site\n"})
    monkeypatch.chdir(root)
    return root


def _committed(root: Path) -> list[str]:
    out = git(root, "-c", "core.quotepath=off", "show", "--name-only", "--format=")
    return sorted(out.split("\n")[:-1])


def test_commit_takes_every_pending_edit_and_nothing_else(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two toggles left uncommitted (as quitting the TUI leaves them) and a README edited by
    hand: one commit of the two postings, worded as the TUI's ``c`` words it."""
    assert main(["set", A, B, "--field", "open=false"]) == 0
    (site / "README.md").write_text("# my own work, not committed\n")
    head = git(site, "rev-parse", "HEAD")
    capsys.readouterr()
    assert main(["commit"]) == 0
    assert "(2 files)" in capsys.readouterr().out
    assert git(site, "rev-parse", "HEAD~1") == head
    assert _committed(site) == sorted([A, B])
    assert git(site, "log", "-1", "--format=%B").startswith("Close 2 postings\n\n")
    assert git(site, "show", "HEAD:" + A) == ALPHA.replace("open: true", "open: false")
    assert git(site, "status", "--porcelain").strip() == "M README.md"
    assert main(["commit"]) == 0  # nothing left: said, no commit
    assert "postedit has no uncommitted edit" in capsys.readouterr().err
    assert git(site, "rev-parse", "HEAD~1") == head


def test_commit_of_paths_leaves_the_other_edits_pending(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["set", A, B, "--field", "open=false"]) == 0
    assert main(["commit", B, "-m", "Beta is filled"]) == 0
    assert _committed(site) == [B]
    assert git(site, "log", "-1", "--format=%s").strip() == "Beta is filled"
    assert main(["diff", "--pending"]) == 0
    assert f"+++ b/{A}" in capsys.readouterr().out


def test_a_pending_edit_someone_else_changed_since_is_not_committed(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["set", A, "--field", "open=false"]) == 0
    with (site / A).open("a", encoding="utf-8") as fh:
        fh.write("A line another editor added.\n")
    head = git(site, "rev-parse", "HEAD")
    assert main(["commit"]) == 1
    said = capsys.readouterr().err
    assert "nothing was committed" in said and "alpha" in said
    assert git(site, "rev-parse", "HEAD") == head
    assert (site / A).read_text(encoding="utf-8").endswith("A line another editor added.\n")


def test_an_edit_bringing_an_error_is_refused_unless_forced(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the commit dialog: an edit that brings an error HEAD did not have is refused."""
    (site / "postedit.yml").write_text(
        "version: 1\ncollections:\n  jobs:\n    folder: content/_jobs\n    fields:\n"
        "      - {name: title, type: string, required: true}\n"
        "      - {name: open, type: boolean}\n"
    )
    git(site, "add", "postedit.yml")
    git(site, "commit", "-qm", "schema")
    assert main(["set", A, "--field", "title=", "--force"]) == 0
    head = git(site, "rev-parse", "HEAD")
    assert main(["commit"]) == 1
    assert "nothing was committed: the edits bring these errors" in capsys.readouterr().err
    assert git(site, "rev-parse", "HEAD") == head
    assert main(["commit", "--force"]) == 0
    assert _committed(site) == [A]


def test_an_empty_message_is_bad_usage(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["set", A, "--field", "open=false"]) == 0
    assert main(["commit", "-m", "  "]) == 2
    assert "--message is empty" in capsys.readouterr().err


def test_a_path_without_a_pending_edit_is_named(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A misspelt or clean PATH said "nothing changed (the file is as in the last commit)"."""
    assert main(["set", A, "--field", "open=false"]) == 0
    capsys.readouterr()
    head = git(site, "rev-parse", "HEAD")
    assert main(["commit", "content/_jobs/nothere.md", B]) == 0
    err = capsys.readouterr().err
    assert "content/_jobs/nothere.md: postedit has no uncommitted edit of it" in err
    assert f"{B}: postedit has no uncommitted edit of it" in err
    assert "nothing to commit" in err
    assert git(site, "rev-parse", "HEAD") == head
    assert main(["commit", "content/_jobs/nothere.md", A]) == 0
    assert _committed(site) == [A]
