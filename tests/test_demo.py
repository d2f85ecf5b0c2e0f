"""``make demo``: scripts/make_demo.py builds a scratch repository with history from content/."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import git

PROJECT = Path(__file__).resolve().parents[1]
SCRIPT = PROJECT / "scripts" / "make_demo.py"
CONTENT = PROJECT / "content"


def run_demo(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the demo script with its scratch folder under ``tmp_path`` (stdin not a terminal)."""
    env = {**(env or os.environ), "TMPDIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def demo_path(result: subprocess.CompletedProcess[str]) -> Path:
    """The repository path printed by the script."""
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("Demo repository: "))
    return Path(line.removeprefix("Demo repository: "))


@pytest.fixture(scope="module")
def demo_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo repository shared by the tests that only read it (built with Test User)."""
    base = tmp_path_factory.mktemp("demo")
    cfg = base / "gitconfig"
    cfg.write_text("[user]\n\tname = Test User\n\temail = test@example.org\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=str(cfg), GIT_CONFIG_NOSYSTEM="1")
    result = run_demo(base, "--no-open", env=env)
    assert result.returncode == 0, result.stderr
    return demo_path(result)


def content_files() -> dict[str, bytes]:
    """Every file of content/ by relative path."""
    return {
        p.relative_to(CONTENT).as_posix(): p.read_bytes() for p in CONTENT.rglob("*") if p.is_file()
    }


def test_demo_content_is_a_dozen_postings_with_the_promised_oddities() -> None:
    postings = sorted((CONTENT / "_jobs").glob("*.md"))
    assert 10 <= len(postings) <= 16
    raw = {p.name: p.read_bytes() for p in postings}
    assert sum(b"\r\n" in data for data in raw.values()) == 1
    assert sum(not data.endswith(b"\n") for data in raw.values()) == 1
    assert any(" " in name and not name.isascii() for name in raw)
    assert b"contract:" in raw["2023-06-07-dev-mobile-ecolemobile.md"]
    assert b"\nroles:" not in raw["2023-03-20-intrapreneur-registre-velo.md"]
    assert b"date: 2023-02-30" in raw["2023-02-28-juriste-numerique-signalo.md"]
    assert b"open: true" in b"".join(raw.values()) and b"open: false" in b"".join(raw.values())


def test_no_open_creates_a_clean_repository_with_history(demo_repo: Path) -> None:
    root = demo_repo
    assert root.name.startswith("postedit-demo-")
    assert int(git(root, "rev-list", "--count", "HEAD")) >= 3
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""
    tracked = set(git(root, "-c", "core.quotePath=false", "ls-files").splitlines())
    expected = content_files()
    assert tracked == set(expected)
    for rel, data in expected.items():
        assert (root / rel).read_bytes() == data, rel


def test_history_closes_an_offer_and_fixes_a_typo_with_one_line_each(demo_repo: Path) -> None:
    root = demo_repo
    subjects = git(root, "log", "--format=%s").splitlines()
    assert len(subjects) == 4
    close_diff = git(root, "show", "--format=", "--unified=0", "HEAD~1")
    changed = [
        ln for ln in close_diff.splitlines() if ln[:1] in "+-" and ln[:3] not in ("+++", "---")
    ]
    assert changed == ["-open: true", "+open: false"]
    stat = git(root, "show", "--format=", "--numstat", "HEAD").split()
    assert stat[:2] == ["1", "1"]
    assert "Télétravial" in git(root, "show", "HEAD~1:_jobs/2023-02-14-designer-ux-guichet-vert.md")


def test_demo_identity_is_used_only_when_git_has_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    result = run_demo(tmp_path, "--no-open")
    assert result.returncode == 0, result.stderr
    root = demo_path(result)
    assert root.parent == tmp_path
    author = git(root, "log", "-1", "--format=%an <%ae>").strip()
    assert author == "postedit demo <demo@postedit.invalid>"
    assert empty.read_text() == ""
    assert "user" not in (root / ".git" / "config").read_text()


def test_user_identity_is_kept(demo_repo: Path) -> None:
    assert git(demo_repo, "log", "-1", "--format=%an").strip() == "Test User"
    assert "user" not in (demo_repo / ".git" / "config").read_text()


def test_without_a_terminal_the_demo_lists_its_postings(tmp_path: Path) -> None:
    result = run_demo(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "postedit list --repo" in result.stdout
    assert "dev-fullstack-signalo" in result.stdout


def test_demo_postings_list_as_json_with_the_mistakes_visible(demo_repo: Path) -> None:
    root = demo_repo
    result = subprocess.run(
        [sys.executable, "-m", "postedit", "list", "--repo", str(root), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    rows = {row["path"]: row for row in json.loads(result.stdout)}
    assert len(rows) == len(list((CONTENT / "_jobs").glob("*.md")))
    assert rows["_jobs/2023-01-09-dev-fullstack-signalo.md"]["fields"]["date"] == "2023-01-09"
    assert rows["_jobs/2023-06-07-dev-mobile-ecolemobile.md"]["fields"]["contract"] == "indépendant"
    assert "roles" not in rows["_jobs/2023-03-20-intrapreneur-registre-velo.md"]["fields"]
    crlf = rows["_jobs/2023-03-01-product-owner-quai-des-donnees.md"]
    assert crlf["errors"] == [] and crlf["fields"]["open"] is True
    # An impossible date is kept as text (for validation to flag), never a crash.
    bad_date = rows["_jobs/2023-02-28-juriste-numerique-signalo.md"]
    assert bad_date["errors"] == [] and bad_date["fields"]["date"] == "2023-02-30"


def test_check_finds_exactly_the_three_planted_mistakes(demo_repo: Path) -> None:
    root = demo_repo
    result = subprocess.run(
        [sys.executable, "-m", "postedit", "check", "--repo", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    findings = [
        ln for ln in (result.stdout + result.stderr).splitlines() if ln.startswith("_jobs/")
    ]
    assert sorted(ln.split(":", 1)[0] for ln in findings) == [
        "_jobs/2023-02-28-juriste-numerique-signalo.md",
        "_jobs/2023-03-20-intrapreneur-registre-velo.md",
        "_jobs/2023-06-07-dev-mobile-ecolemobile.md",
    ]
    text = "\n".join(findings)
    assert "2023-02-30" in text and "roles" in text and "contract" in text


def _tui_importable() -> bool:
    probe = subprocess.run([sys.executable, "-c", "import postedit.tui.app"], capture_output=True)
    return probe.returncode == 0


def test_in_a_terminal_the_demo_opens_the_tui_when_it_exists(tmp_path: Path) -> None:
    """With a terminal, ``make demo`` runs ``postedit PATH`` (the TUI), else ``postedit list``."""
    master, slave = pty.openpty()
    env = {**os.environ, "TMPDIR": str(tmp_path), "TERM": "xterm-256color"}
    proc = subprocess.Popen(
        [sys.executable, str(SCRIPT)],
        cwd=PROJECT,
        env=env,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        close_fds=True,
    )
    os.close(slave)
    seen = b""
    try:
        while b"$ postedit " not in seen or not seen.split(b"$ postedit ", 1)[1].count(b"\n"):
            ready, _, _ = select.select([master], [], [], 30)
            if not ready:
                break
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        os.close(master)
    text = seen.decode("utf-8", "replace").replace("\r", "")
    command = next(ln for ln in text.splitlines() if ln.startswith("$ postedit "))
    root = demo_path(subprocess.CompletedProcess([], 0, text, ""))
    if _tui_importable():
        assert command == f"$ postedit {root}"
    else:
        assert command == f"$ postedit list --repo {root}"


def test_a_global_gitignore_does_not_drop_demo_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ignore = tmp_path / "global-ignore"
    ignore.write_text("*.md\n")
    cfg = tmp_path / "gitconfig"
    cfg.write_text(
        "[user]\n\tname = Test User\n\temail = test@example.org\n"
        f"[core]\n\texcludesFile = {ignore}\n"
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(cfg))
    result = run_demo(tmp_path, "--no-open")
    assert result.returncode == 0, result.stderr
    root = demo_path(result)
    tracked = set(git(root, "-c", "core.quotePath=false", "ls-files").splitlines())
    assert tracked == set(content_files())
