"""``postedit set --commit``, ``log``, ``diff``, ``undo``, ``pull``, ``push`` on real repos."""

from __future__ import annotations

import re
import shutil
import stat
from pathlib import Path

import pytest

from postedit.cli import main
from tests.conftest import git

JOBS = "content/_jobs"
ACCENTED = f"{JOBS}/2021-07-12-recrutement-dossierfacile-charge de déploiement.md"
# Real postings whose `open:` line comes in different shapes: plain, trailing blanks,
# trailing comments, CRLF line ends, spaces and non-ASCII letters in the file name.
TO_OPEN = [
    ACCENTED,
    f"{JOBS}/2019-07-23-transportdata_bizdev.md",
    f"{JOBS}/2020-05-19-Chef·fe de produit intrapreneur·e de CAMINO.md",
    f"{JOBS}/2020-11-06-mobilic recrute un·e business developer.md",
    f"{JOBS}/2021-05-04-mobilic-recrute-un-e-business-developer.md",
    f"{JOBS}/2016-12-21-mes-aides-cm.md",
]


def _hook(root: Path, name: str, script: str) -> None:
    path = root / ".git" / "hooks" / name
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def _status_z(root: Path) -> set[str]:
    return {e for e in git(root, "status", "--porcelain=v1", "-z").split("\0") if e}


def _patch(root: Path, rev: str = "HEAD") -> str:
    return git(root, "-c", "core.quotepath=off", "show", "--format=", "--no-ext-diff", rev)


def _by_hand(root: Path, rels: list[str], old: bytes, new: bytes) -> None:
    """What a maintainer does in an editor: change the value on the `open:` line, nothing else."""
    for rel in rels:
        p = root / rel
        data = p.read_bytes()
        p.write_bytes(re.sub(rb"(?m)^(open\s*:\s*)" + old, rb"\g<1>" + new, data, count=1))


def test_bulk_status_change_matches_the_commit_made_by_hand(
    corpus_repo: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    hand = tmp_path / "by-hand"
    shutil.copytree(corpus_repo, hand)
    root = corpus_repo
    # unrelated work in progress: a staged edit, an unstaged edit, an untracked file
    staged = root / JOBS / "2017-03-16-developpeur-ara.md"
    staged.write_bytes(staged.read_bytes() + b"\nstaged by the maintainer\n")
    git(root, "add", str(staged))
    unstaged = root / JOBS / "2017-01-12-mes-aides-dev.md"
    unstaged.write_bytes(unstaged.read_bytes() + b"\nunstaged\n")
    (root / "notes.txt").write_text("untracked\n")
    _hook(
        root,
        "pre-commit",
        'git diff --cached --name-only -z | tr "\\0" "\\n" > .git/precommit-saw\n'
        'echo "pre-commit: checked" >&2\n',
    )
    before = _status_z(root)

    monkeypatch.chdir(root)
    status = main(["set", *TO_OPEN, "--field", "open=true", "--commit"])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "committed" in out
    assert "note:" not in err  # the postings had no changes of their own before the edit

    # exactly the status lines changed, in exactly those files
    assert sorted(
        git(
            root, "-c", "core.quotepath=off", "show", "--name-only", "--format=", "HEAD"
        ).splitlines()
    ) == sorted(TO_OPEN)
    changed = [
        line
        for line in _patch(root).splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert len(changed) == 2 * len(TO_OPEN)
    assert all(re.match(r"^[-+]open\s*:\s*(true|false)", line) for line in changed), changed
    # the same as the maintainer's commit by hand, line by line
    _by_hand(hand, TO_OPEN, b"false", b"true")
    git(hand, "add", "--", *TO_OPEN)
    git(hand, "commit", "-qm", "by hand")
    assert _patch(root) == _patch(hand)
    # the user's other work is exactly as it was; the hook ran on our files only
    assert _status_z(root) == before
    assert "M  content/_jobs/2017-03-16-developpeur-ara.md" in _status_z(root)
    assert sorted((root / ".git" / "precommit-saw").read_text().split("\n")[:-1]) == sorted(TO_OPEN)
    message = git(root, "log", "-1", "--format=%B")
    assert message.startswith(f"Open {len(TO_OPEN)} postings\n\n")
    assert 'Open "Chargé‧e de déploiement junior"' in message


def test_closing_one_posting_gives_close_title(
    corpus_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(corpus_repo / JOBS)
    rel = f"{JOBS}/2022-06-28-responsable-produit-PCRS.md"
    assert main(["set", Path(rel).name, "--field", "open=false", "--commit"]) == 0
    subject = git(corpus_repo, "log", "-1", "--format=%s").strip()
    roles = re.search(r"(?m)^roles: *(.*)$", (corpus_repo / rel).read_text()).group(1)  # type: ignore[union-attr]
    assert subject == f'Close "{roles.strip()}"'
    capsys.readouterr()


def test_set_commit_with_message_and_nothing_changed(
    corpus_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(corpus_repo)
    head = git(corpus_repo, "rev-parse", "HEAD")
    assert main(["set", ACCENTED, "--field", "open=false", "--commit"]) == 0
    assert "nothing changed" in capsys.readouterr().err
    assert git(corpus_repo, "rev-parse", "HEAD") == head
    assert main(["set", ACCENTED, "--field", "open=true", "--commit", "-m", "Réouverture"]) == 0
    assert git(corpus_repo, "log", "-1", "--format=%s").strip() == "Réouverture"


def test_set_commit_rejected_by_hook_exits_1_and_keeps_edits(
    corpus_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _hook(corpus_repo, "pre-commit", 'echo "refused: CI is red" >&2\nexit 1\n')
    monkeypatch.chdir(corpus_repo)
    head = git(corpus_repo, "rev-parse", "HEAD")
    assert main(["set", ACCENTED, "--field", "open=true", "--commit"]) == 1
    err = capsys.readouterr().err
    assert "postedit: error: the commit was refused" in err
    assert "refused: CI is red" in err
    assert "Traceback" not in err
    assert git(corpus_repo, "rev-parse", "HEAD") == head
    assert b"open: true" in (corpus_repo / ACCENTED).read_bytes()


def test_set_commit_outside_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "site" / "content" / "_jobs"
    folder.mkdir(parents=True)
    (folder / "a.md").write_text("---\ntitle: A\nopen: true\n---\n")
    monkeypatch.chdir(tmp_path / "site")
    assert main(["set", "content/_jobs/a.md", "--field", "open=false", "--commit"]) == 1
    err = capsys.readouterr().err
    assert "not inside a git repository" in err and "Traceback" not in err
    assert "open: true" in (folder / "a.md").read_text()  # refused before editing


def test_log_diff_undo(
    corpus_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(corpus_repo)
    assert main(["set", ACCENTED, "--field", "open=true"]) == 0
    capsys.readouterr()
    assert main(["diff"]) == 0
    out = capsys.readouterr().out
    assert f"+++ b/{ACCENTED}" in out and "+open: true" in out and "\x1b[" not in out
    assert main(["diff", "--color", ACCENTED]) == 0
    assert "\x1b[" in capsys.readouterr().out
    git(corpus_repo, "checkout", "--", ACCENTED)
    assert main(["set", ACCENTED, "--field", "open=true", "--commit"]) == 0
    capsys.readouterr()
    assert main(["log", ACCENTED]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].endswith('Open "Chargé‧e de déploiement junior"')
    assert lines[1].endswith(": import")
    assert main(["undo"]) == 0
    out = capsys.readouterr().out
    assert "its changes are pending edits again (1 file)" in out and ACCENTED in out
    assert git(corpus_repo, "log", "-1", "--format=%s").strip() == "import"
    assert f" M {ACCENTED}" in _status_z(corpus_repo)
    assert main(["undo"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("postedit: error: cannot undo: the last commit")
    assert "Traceback" not in err


def test_undo_of_a_commit_a_restore_took_back_leaves_nothing_pending(
    corpus_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A restore of the version before the last commit, then undo of that commit: the file
    is as the commit before left it. undo said "its changes are pending again" and listed
    it; nothing was pending."""
    monkeypatch.chdir(corpus_repo)
    before = (corpus_repo / ACCENTED).read_bytes()
    assert main(["set", ACCENTED, "--field", "open=true", "--commit"]) == 0
    assert main(["restore", ACCENTED, "--at", "HEAD~1"]) == 0
    capsys.readouterr()
    assert main(["undo"]) == 0
    out = capsys.readouterr().out
    assert out.endswith("nothing is pending: its files held the version before it\n")
    assert ACCENTED not in out
    assert (corpus_repo / ACCENTED).read_bytes() == before
    assert _status_z(corpus_repo) == set()
    assert main(["diff", "--pending"]) == 0
    assert "no pending postedit edits" in capsys.readouterr().err


def test_pull_push_cli(
    make_repo,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    seed = make_repo({f"{JOBS}/a.md": "---\ntitle: A\nopen: true\n---\n"}, "seed")
    bare = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(seed), str(bare))
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    git(tmp_path, "clone", "-q", str(bare), str(mine))
    git(tmp_path, "clone", "-q", str(bare), str(theirs))
    monkeypatch.chdir(mine)
    assert main(["set", f"{JOBS}/a.md", "--field", "open=false", "--commit"]) == 0
    assert main(["push"]) == 0
    assert "pushed 1 commit to origin/main" in capsys.readouterr().out
    assert main(["push"]) == 0
    assert "nothing to push" in capsys.readouterr().out
    monkeypatch.chdir(theirs)
    assert main(["pull"]) == 0
    out = capsys.readouterr().out
    assert "1 file changed" in out and f"{JOBS}/a.md" in out
    assert "open: false" in (theirs / JOBS / "a.md").read_text()
    assert main(["pull"]) == 0
    assert "already up to date" in capsys.readouterr().out
    # non-fast-forward push: refused, told to pull first
    (theirs / "x.txt").write_text("x\n")
    git(theirs, "add", "x.txt")
    git(theirs, "commit", "-qm", "x")
    git(theirs, "push", "-q")
    monkeypatch.chdir(mine)
    assert main(["set", f"{JOBS}/a.md", "--field", "open=true", "--commit"]) == 0
    capsys.readouterr()
    assert main(["push"]) == 1
    err = capsys.readouterr().err
    assert "pull first" in err and "Traceback" not in err
    assert main(["pull"]) == 1
    assert "--rebase" in capsys.readouterr().err
    assert main(["pull", "--rebase"]) == 0
    assert main(["push"]) == 0
    capsys.readouterr()


def test_git_commands_outside_a_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for cmd in (["diff"], ["undo"], ["pull"], ["push"], ["log", "x.md"]):
        assert main(cmd) == 1
        err = capsys.readouterr().err
        assert err.startswith("postedit: error:") and "not inside a git repository" in err
        assert "to commit" not in err  # `log` or `diff` there is not about committing


def test_set_commit_refuses_files_with_changes_postedit_did_not_make(
    corpus_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The user's own uncommitted changes are never committed by postedit."""
    path = corpus_repo / ACCENTED
    hand = path.read_bytes() + b"\nhand-written, not committed\n"
    path.write_bytes(hand)
    other = corpus_repo / TO_OPEN[1]
    other_before = other.read_bytes()
    head = git(corpus_repo, "rev-parse", "HEAD")
    monkeypatch.chdir(corpus_repo)
    assert main(["set", TO_OPEN[1], ACCENTED, "--field", "open=true", "--commit"]) == 1
    err = capsys.readouterr().err
    assert f"{ACCENTED}: error: has uncommitted changes that postedit did not make" in err
    assert "commit or stash them first" in err and "without --commit" in err
    assert TO_OPEN[1] not in err and "Traceback" not in err
    # refused before writing anything: neither file was touched, nothing committed
    assert path.read_bytes() == hand and other.read_bytes() == other_before
    assert git(corpus_repo, "rev-parse", "HEAD") == head
    # a change the user staged counts too, even when the work tree is back as in HEAD
    git(corpus_repo, "add", ACCENTED)
    git(corpus_repo, "checkout", "--", ACCENTED)
    assert main(["set", ACCENTED, "--field", "open=true", "--commit"]) == 1
    assert "did not make" in capsys.readouterr().err
    # without --commit the edit is made, but it does not become postedit's own
    git(corpus_repo, "reset", "-q", "--", ACCENTED)
    path.write_bytes(hand)
    assert main(["set", ACCENTED, "--field", "open=true"]) == 0
    assert main(["set", ACCENTED, "--field", "open=false", "--commit"]) == 1
    assert "did not make" in capsys.readouterr().err
    assert git(corpus_repo, "rev-parse", "HEAD") == head


def test_set_commit_includes_postedit_pending_edit_from_an_earlier_run(
    corpus_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """set without --commit, then the same set with --commit: the edit is committed."""
    monkeypatch.chdir(corpus_repo)
    second = f"{JOBS}/2022-06-28-responsable-produit-PCRS.md"  # open at HEAD
    assert main(["set", ACCENTED, "--field", "open=true"]) == 0
    assert main(["set", ACCENTED, "--field", "open=true", "--commit"]) == 0
    out = capsys.readouterr().out
    assert "committed" in out and "(1 file)" in out
    assert git(corpus_repo, "log", "-1", "--format=%s").strip() == (
        'Open "Chargé‧e de déploiement junior"'
    )
    assert git(corpus_repo, "status", "--porcelain", "--", ACCENTED) == ""
    # a bulk --commit takes pending postedit edits of the PATHs given along
    assert main(["set", ACCENTED, "--field", "open=false"]) == 0
    assert main(["diff", "--pending"]) == 0
    assert f"+++ b/{ACCENTED}" in capsys.readouterr().out
    assert main(["set", ACCENTED, second, "--field", "open=false", "--commit"]) == 0
    assert "(2 files)" in capsys.readouterr().out
    names = git(corpus_repo, "-c", "core.quotepath=off", "show", "--name-only", "--format=")
    assert sorted(names.split("\n")[:-1]) == sorted([ACCENTED, second])
    body = git(corpus_repo, "log", "-1", "--format=%B")
    assert body.startswith("Close 2 postings\n\n") and 'Close "Chargé' in body
    # nothing pending any more
    assert main(["set", ACCENTED, "--field", "open=false", "--commit"]) == 0
    assert main(["set", ACCENTED, "--field", "open=false", "--commit"]) == 0
    assert "nothing changed" in capsys.readouterr().err
    assert main(["diff", "--pending"]) == 0
    assert "no pending postedit edits" in capsys.readouterr().err


def test_undo_then_set_commit_takes_the_edit_again(
    corpus_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """After undo, the commit's changes are postedit's own pending edits again."""
    monkeypatch.chdir(corpus_repo)
    assert main(["set", ACCENTED, "--field", "open=true", "--commit"]) == 0
    said, committed = capsys.readouterr().out.splitlines()
    assert said == f"{ACCENTED}: open: false -> true" and committed.startswith("committed ")
    assert main(["undo"]) == 0
    out = capsys.readouterr().out
    assert (
        out.splitlines()[0].startswith("undid ")
        and ' Open "Chargé‧e de déploiement junior"; its' in out
    )
    assert '""' not in out
    assert main(["set", ACCENTED, "--field", "open=true", "--commit"]) == 0
    assert "committed" in capsys.readouterr().out


def test_log_of_missing_and_deleted_postings(
    corpus_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(corpus_repo)
    assert main(["log", "nonexistent.md"]) == 1
    assert capsys.readouterr().err == "nonexistent.md: error: no such posting\n"
    git(corpus_repo, "rm", "-q", "--", ACCENTED)
    git(corpus_repo, "commit", "-qm", "Remove it")
    assert main(["log", ACCENTED]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(": ", 1)[1] for line in lines] == ["Remove it", "import"]
    new = corpus_repo / JOBS / "new.md"
    new.write_text("---\ntitle: N\n---\n")
    assert main(["log", str(new)]) == 0
    assert "no commits touch this file yet" in capsys.readouterr().err
    old = f"{JOBS}/2019-07-23-transportdata_bizdev.md"
    git(corpus_repo, "mv", old, f"{JOBS}/moved.md")
    git(corpus_repo, "commit", "-qm", "Move")
    assert main(["log", f"{JOBS}/moved.md"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith(f"Move ({old} -> {JOBS}/moved.md)") and "  (" not in first


def test_diff_of_missing_and_deleted_postings(
    make_repo,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # as `log` does: a name neither on disk nor in HEAD is no posting (a typo said nothing)
    root = make_repo({"_jobs/a.md": "---\ntitle: A\n---\n", "_jobs/b.md": "---\ntitle: B\n---\n"})
    monkeypatch.chdir(root)
    assert main(["diff", "_jobs/nope.md"]) == 1
    assert capsys.readouterr().err == "_jobs/nope.md: error: no such posting\n"
    assert main(["diff", "_jobs/a.md"]) == 0  # unchanged: nothing to show, as git diff
    assert capsys.readouterr() == ("", "")
    (root / "_jobs" / "b.md").unlink()  # deleted on disk, still in HEAD: its deletion shows
    assert main(["diff", "_jobs/b.md"]) == 0
    assert "-title: B" in capsys.readouterr().out


def test_git_commands_in_a_bare_repository(
    corpus_repo: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(corpus_repo), str(bare))
    monkeypatch.chdir(bare)
    for cmd, says in (
        (["diff"], "cannot show pending changes: the repository is bare"),
        (["diff", "--pending"], "cannot show pending changes: the repository is bare"),
        (["undo"], "cannot undo: the repository is bare"),
        (["pull"], "cannot pull: the repository is bare"),
        (["push"], "cannot push: the repository is bare"),
        (["log", "nope.md"], "nope.md: error: no such posting"),
    ):
        assert main(cmd) == 1, cmd
        err = capsys.readouterr().err
        assert says in err and "fatal:" not in err and "Traceback" not in err, (cmd, err)
    assert main(["log", ACCENTED]) == 0  # history needs no work tree
    assert "import" in capsys.readouterr().out


def test_commands_that_read_postings_refuse_a_bare_repository(
    make_repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """A bare repository has no files: ``check`` said "0 postings: no findings" and passed,
    ``list`` printed nothing. Each command that reads postings says why, and what to do."""
    site = make_repo({"_jobs/a.md": "---\ntitle: A\nopen: true\n---\n"})
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(site), str(bare))
    for cmd in (
        ["list"],
        ["check"],
        ["set", "_jobs/a.md", "--field", "open=false"],
        ["new", "--collection", "jobs"],
        ["restore", "_jobs/a.md", "--at", "HEAD"],
    ):
        assert main([*cmd, "--repo", str(bare)]) == 2, cmd
        out, err = capsys.readouterr()
        assert out == "" and err == (
            f"postedit: error: {bare} is a bare repository: it has no work tree, so no "
            f"postings; clone it (git clone {bare}) and run postedit in the clone\n"
        ), cmd


def test_push_a_branch_never_pushed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A fresh clone of an empty remote pushes its first commit (and sets upstream)."""
    bare = tmp_path / "r.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    work = tmp_path / "w"
    git(tmp_path, "clone", "-q", str(bare), str(work))
    (work / JOBS).mkdir(parents=True)
    (work / JOBS / "a.md").write_text("---\ntitle: A\nopen: true\n---\n")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "first")
    monkeypatch.chdir(work)
    assert main(["push"]) == 0
    assert capsys.readouterr().out == (
        "pushed 1 commit to origin/main (a new branch there, now the upstream)\n"
    )
    assert git(bare, "rev-parse", "main") == git(work, "rev-parse", "HEAD")
    assert main(["push"]) == 0
    assert "nothing to push" in capsys.readouterr().out
    # a new local branch, never pushed: pushed with its upstream set
    git(work, "switch", "-q", "-c", "feature")
    assert main(["set", f"{JOBS}/a.md", "--field", "open=false", "--commit"]) == 0
    capsys.readouterr()
    assert main(["push"]) == 0
    assert capsys.readouterr().out.startswith("pushed 1 commit to origin/feature (a new")
    assert git(work, "rev-parse", "--abbrev-ref", "feature@{upstream}").strip() == "origin/feature"
    # no remote at all: a clear message, exit 1
    git(work, "remote", "remove", "origin")
    git(work, "switch", "-q", "-c", "lonely")
    assert main(["push"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("postedit: error: cannot push: the repository has no remote")


def test_decap_schema_still_closes_with_close_title(
    corpus_repo: Path,
    decap_config: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The real Decap config has an `update` template; a toggle still reads `Close "..."`."""
    monkeypatch.chdir(corpus_repo)
    rel = f"{JOBS}/2022-06-22-envergo.recrute.une.chargee.ou.un.charge.de.deploiement.senior.md"
    args = ["--schema", str(decap_config), "--field", "open=false", "--commit"]
    assert main(["set", rel, *args]) == 0, capsys.readouterr().err
    roles = re.search(r"(?m)^roles: *(.*)$", (corpus_repo / rel).read_text())
    assert roles is not None
    assert (
        git(corpus_repo, "log", "-1", "--format=%s").strip() == f'Close "{roles.group(1).strip()}"'
    )
    # an edit that is not a toggle follows the repository's Decap template
    assert main(["set", rel, *args[:2], "--field", "junior=true", "--commit"]) == 0
    slug = Path(rel).stem
    assert git(corpus_repo, "log", "-1", "--format=%s").strip() == (
        f"Mise à jour de {slug} dans Fiche de poste"  # label_singular, as Decap writes it
    )


def test_undo_after_pull_rebase(
    make_repo,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """set --commit, a colleague pushes, pull --rebase, then undo still works."""
    seed = make_repo({f"{JOBS}/a.md": "---\ntitle: A\nopen: true\n---\n", "x.txt": "x\n"}, "s")
    bare = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(seed), str(bare))
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    git(tmp_path, "clone", "-q", str(bare), str(mine))
    git(tmp_path, "clone", "-q", str(bare), str(theirs))
    (theirs / "x.txt").write_text("theirs\n")
    git(theirs, "commit", "-qam", "theirs")
    git(theirs, "push", "-q")
    monkeypatch.chdir(mine)
    assert main(["set", f"{JOBS}/a.md", "--field", "open=false", "--commit"]) == 0
    assert main(["pull", "--rebase"]) == 0
    capsys.readouterr()
    assert main(["undo"]) == 0
    assert capsys.readouterr().out.startswith("undid ")
    assert git(mine, "log", "-1", "--format=%s").strip() == "theirs"
    assert "open: false" in (mine / JOBS / "a.md").read_text()
    assert main(["set", f"{JOBS}/a.md", "--field", "open=false", "--commit"]) == 0
    assert git(mine, "log", "-1", "--format=%s").strip() == 'Close "A"'


@pytest.fixture
def repo_from_elsewhere(
    corpus_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    """``--repo`` naming the corpus, run from a folder outside it."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return ["--repo", str(corpus_repo)]


def test_log_and_diff_take_a_repository_path_with_repo(
    repo_from_elsewhere: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # `postedit list --repo DIR` prints repository paths; `log` and `diff` take them back,
    # as `set`, `check` and `restore` do, from a folder outside the repository.
    repo = repo_from_elsewhere
    assert main(["set", *repo, ACCENTED, "--field", "open=true"]) == 0
    capsys.readouterr()
    assert main(["diff", *repo, ACCENTED]) == 0
    assert f"+++ b/{ACCENTED}" in capsys.readouterr().out
    assert main(["log", *repo, ACCENTED]) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith(": import")


def test_a_deleted_posting_s_repository_path_works_with_repo_from_elsewhere(
    corpus_repo: Path, repo_from_elsewhere: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # a pending deletion, or a posting deleted in a commit, exists nowhere on disk: its
    # repository path still names it (it used to be looked up from the current folder only)
    repo = repo_from_elsewhere
    (corpus_repo / ACCENTED).unlink()
    assert main(["diff", *repo, ACCENTED]) == 0
    assert f"--- a/{ACCENTED}" in capsys.readouterr().out
    git(corpus_repo, "commit", "-q", "-a", "-m", "withdraw")
    assert main(["log", *repo, ACCENTED]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith(": withdraw")
    assert main(["restore", *repo, ACCENTED, "--at", "HEAD"]) == 0  # the version before
    assert (corpus_repo / ACCENTED).exists()
