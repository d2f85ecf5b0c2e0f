"""EditSession: postedit's own writes (the ledger), what a toggle means, the commit path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from postedit.core.errors import ConflictError, GitError
from postedit.core.git import commit as git_commit
from postedit.core.git import history
from postedit.core.git.commit import NothingToCommitError
from postedit.core.git.ledger import LEDGER, Ledger
from postedit.core.git.runner import GitRepo
from postedit.core.session import EditSession, ForeignChangesError
from postedit.core.site import site_values
from postedit.core.workspace import open_workspace
from tests.conftest import git

ACCENTED = "content/_jobs/2021-07-12-recrutement-dossierfacile-charge de déploiement.md"
POST_A = "content/_jobs/a.md"
POST_B = "content/_jobs/b.md"
ORIGINAL = b"---\ntitle: A\nopen: true\n---\nBody\n"
CLOSED = ORIGINAL.replace(b"open: true", b"open: false")


@pytest.fixture
def site(make_repo) -> Path:  # type: ignore[no-untyped-def]
    return make_repo({POST_A: ORIGINAL, POST_B: ORIGINAL, ACCENTED: ORIGINAL, "notes.txt": "x\n"})


def _session(root: Path) -> EditSession:
    return EditSession(open_workspace(root), GitRepo.open(root))


def _close(session: EditSession, rel: str) -> None:
    session.set_fields(session.workspace.read(rel), {"open": False})


def _subjects(root: Path) -> list[str]:
    return git(root, "log", "--format=%s").splitlines()


def test_own_writes_are_pending_and_not_foreign(site: Path) -> None:
    session = _session(site)
    assert session.pending() == set() and session.foreign([POST_A]) == []
    _close(session, ACCENTED)
    _close(session, POST_A)
    assert session.pending() == {ACCENTED, POST_A}
    assert session.foreign([ACCENTED, POST_A, POST_B]) == []
    ledger = json.loads((site / ".git" / LEDGER).read_text(encoding="ascii"))
    assert set(ledger["entries"]) == {ACCENTED, POST_A}
    # a second write by postedit keeps the file postedit's own
    session.set_fields(session.workspace.read(POST_A), {"title": "A2"})
    assert session.pending() == {ACCENTED, POST_A}
    # and another session (the CLI after the TUI, a day later) sees them as postedit's
    assert _session(site).pending() == {ACCENTED, POST_A}


def test_changes_made_by_someone_else_are_foreign(site: Path) -> None:
    session = _session(site)
    (site / POST_B).write_bytes(ORIGINAL + b"by hand\n")
    assert session.foreign([POST_A, POST_B]) == [POST_B]
    _close(session, POST_B)  # postedit edits a file that already held someone's change
    assert session.foreign([POST_B]) == [POST_B]
    assert session.pending() == set()
    _close(session, POST_A)
    (site / POST_A).write_bytes(CLOSED + b"appended by another editor\n")
    assert session.foreign([POST_A]) == [POST_A]
    with pytest.raises(ForeignChangesError, match="did not make"):
        session.commit([POST_A])
    assert _subjects(site) == ["initial"]
    assert (site / POST_A).read_bytes().endswith(b"another editor\n")


def test_staged_changes_are_foreign(site: Path) -> None:
    session = _session(site)
    (site / POST_A).write_bytes(ORIGINAL + b"staged\n")
    git(site, "add", POST_A)
    (site / POST_A).write_bytes(ORIGINAL)
    assert session.foreign([POST_A]) == [POST_A]


def test_new_and_deleted_files(site: Path) -> None:
    session = _session(site)
    spec = session.workspace.collection_of(POST_A)
    assert spec is not None
    [created] = session.create(spec, {"title": "Nouveau", "open": True}, "Corps\n", now=_day())
    session.write(session.workspace.read(POST_B), None)
    assert session.pending() == {created.relpath, POST_B}
    result = session.commit([created.relpath, POST_B])
    assert set(result.paths) == {created.relpath, POST_B}
    assert session.pending() == set()
    assert git(site, "status", "--porcelain") == ""


def test_commit_and_revert_clear_the_ledger(site: Path) -> None:
    session = _session(site)
    _close(session, POST_A)
    _close(session, POST_B)
    session.commit([POST_A])
    assert session.pending() == {POST_B}
    git(site, "checkout", "--", POST_B)  # reverted by hand
    assert session.pending() == set()
    assert json.loads((site / ".git" / LEDGER).read_text())["entries"] == {}


def test_revert_puts_back_the_bytes_before_the_first_write(site: Path) -> None:
    (site / POST_A).write_bytes(b"---\r\ntitle: A\r\nopen: true # comment\r\n---\r\nBody")
    git(site, "commit", "-qam", "crlf")
    before = (site / POST_A).read_bytes()
    session = _session(site)
    _close(session, POST_A)
    session.set_fields(session.workspace.read(POST_A), {"title": "B"})
    session.revert(POST_A)
    assert (site / POST_A).read_bytes() == before
    assert session.pending() == set()


def test_undo_makes_the_commit_pending_again_as_postedit_s_own(site: Path) -> None:
    session = _session(site)
    _close(session, POST_A)
    session.commit([POST_A])
    undone = session.undo()
    assert undone.paths == undone.pending == (POST_A,)
    assert _session(site).pending() == {POST_A}
    assert _session(site).commit([POST_A]).summary == 'Close "A"'


def test_undo_is_refused_when_a_file_of_the_commit_holds_someone_else_s_change(
    site: Path,
) -> None:
    """A line written by hand in a posting after postedit committed it was recorded by
    ``undo`` as postedit's own edit, and the next ``postedit commit`` committed it (qa29).
    The undo is refused, naming the file, nothing changed; once the change is gone it works;
    a pending edit of postedit's own does not hold it back."""
    session = _session(site)
    _close(session, POST_A)
    commit = session.commit([POST_A])
    mine = (site / POST_A).read_bytes() + b"a note of mine, not for a commit\n"
    (site / POST_A).write_bytes(mine)
    with pytest.raises(GitError, match=f"cannot undo: {POST_A} has uncommitted changes that"):
        _session(site).undo()
    assert git(site, "rev-parse", "HEAD").strip() == commit.sha
    assert (site / POST_A).read_bytes() == mine
    assert _session(site).pending() == set()
    git(site, "checkout", "--", POST_A)
    session = _session(site)
    session.set_fields(session.workspace.read(POST_A), {"title": "B"})  # postedit's own
    assert session.undo().paths == (POST_A,)
    assert _session(site).pending() == {POST_A}


def test_a_lost_or_broken_ledger_only_makes_postedit_more_careful(site: Path) -> None:
    session = _session(site)
    _close(session, POST_A)
    (site / ".git" / LEDGER).write_text("{not json")
    assert session.pending() == set()
    assert session.foreign([POST_A]) == [POST_A]


def test_linked_worktree_has_its_own_ledger(site: Path, tmp_path: Path) -> None:
    other = tmp_path / "wt"
    git(site, "worktree", "add", "-q", str(other), "-b", "other")
    session = _session(other)
    _close(session, POST_A)
    assert session.pending() == {POST_A}
    assert _session(site).pending() == set()
    assert Ledger(GitRepo.open(other)).path.parent.parent.name == "wt"


def test_a_name_that_is_not_utf8_is_recorded_and_committed(site: Path) -> None:
    raw_name = b"content/_jobs/caf\xe9.md"
    rel = raw_name.decode("utf-8", "surrogateescape")
    (site / rel).write_bytes(ORIGINAL)
    git(site, "add", "-A")
    git(site, "commit", "-qm", "latin-1 name")
    session = _session(site)
    _close(session, rel)
    assert session.pending() == {rel}
    result = session.commit([rel])
    assert result.paths == (rel,)
    assert not list((site / ".git" / "postedit").glob(".ledger.*"))  # no stray temporary file
    assert _session(site).pending() == set()


def test_a_write_recorded_but_never_made_leaves_the_file_postedit_s(site: Path) -> None:
    """Killed between the ledger and the write (or a full disk): the file still holds an
    earlier version of postedit's, which stays postedit's own; the next run completes."""
    session = _session(site)
    _close(session, POST_A)
    posting = session.workspace.read(POST_A)
    session._note({POST_A: (posting, b"a version never written\n")})  # noqa: SLF001
    assert _session(site).pending() == {POST_A}
    assert _session(site).commit([POST_A]).summary == 'Close "A"'


def test_nothing_to_commit_when_the_edit_was_undone_by_hand(site: Path) -> None:
    session = _session(site)
    _close(session, POST_A)
    (site / POST_A).write_bytes(ORIGINAL)
    with pytest.raises(NothingToCommitError):
        session.commit([POST_A])


def test_a_command_s_look_before_its_edit_stands_only_for_its_own_write(site: Path) -> None:
    """`set --commit` hands its check before the edit to its commit (git is not asked the
    same again); whatever else touched a file since is found all the same."""
    session = _session(site)
    look = session.check_commit([POST_A, POST_B])
    assert look.foreign == () and look.branch == "main"
    _close(session, POST_A)
    _close(session, POST_B)
    result = session.commit([POST_A, POST_B], "Close both", look)
    assert set(result.paths) == {POST_A, POST_B}
    assert git(site, "show", f"HEAD:{POST_A}").encode() == CLOSED
    assert git(site, "status", "--porcelain") == ""
    # another editor appends a line after the write: someone else's change, not committed
    look = session.check_commit([POST_A])
    session.set_fields(session.workspace.read(POST_A), {"open": True})
    (site / POST_A).write_bytes(ORIGINAL + b"appended by another editor\n")
    with pytest.raises(ForeignChangesError, match="did not make"):
        session.commit([POST_A], "x", look)
    # the edit set back to what HEAD has, by hand: nothing changed, as git status says
    git(site, "checkout", "--", POST_A)
    look = session.check_commit([POST_B])
    session.set_fields(session.workspace.read(POST_B), {"open": True})
    (site / POST_B).write_bytes(CLOSED)
    with pytest.raises(NothingToCommitError, match="nothing changed"):
        session.commit([POST_B], "x", look)
    # a file the look did not see, or one changed before it (a pending edit), is asked of git
    _close(session, ACCENTED)
    session.set_fields(session.workspace.read(POST_A), {"title": "A2"})
    look = session.check_commit([POST_A])
    assert look.changed == {POST_A: " M"}
    session.set_fields(session.workspace.read(POST_A), {"title": "A3"})
    result = session.commit([POST_A, ACCENTED], "Both", look)
    assert set(result.paths) == {POST_A, ACCENTED}
    assert _subjects(site) == ["Both", "Close both", "initial"]


def test_toggle_status_and_inverted_status(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(
        {
            "content/_posts/hello.md": "---\ntitle: Hello\ndraft: false\n---\nHi\n",
            "content/_posts/other.md": "---\ntitle: Other\ndraft: true\n---\nHo\n",
        }
    )
    session = _session(root)
    hello = session.workspace.read("content/_posts/hello.md")
    result = session.toggle([hello])
    assert result.value is True  # draft: false -> true: the posting is taken down
    assert result.written[0].fields["draft"] is True
    assert session.message(["content/_posts/hello.md"]) == 'Close "Hello"'
    other = session.workspace.read("content/_posts/other.md")
    session.toggle([other])
    assert session.message(["content/_posts/other.md"]) == 'Open "Other"'


def test_toggle_of_a_missing_published_unpublishes(make_repo) -> None:  # type: ignore[no-untyped-def]
    """Jekyll publishes a post without ``published``: its toggle writes ``false`` (it wrote
    ``published: true``, which changed nothing on the site), and the site's state says so."""
    hello = "_posts/2024-01-05-hello.md"
    root = make_repo(
        {
            hello: "---\ntitle: Hello\n---\nHi\n",
            "_posts/2024-02-01-secret.md": "---\ntitle: Secret\npublished: false\n---\nHo\n",
        }
    )
    session = _session(root)
    result = session.toggle([session.workspace.read(hello)])
    assert result.value is False
    assert (root / hello).read_bytes() == b"---\ntitle: Hello\npublished: false\n---\nHi\n"
    assert site_values(session.workspace.read(hello), None).state == "draft"
    assert session.message([hello]) == 'Close "Hello"'


def test_bulk_toggle_of_a_mixed_selection_makes_it_uniform(site: Path) -> None:
    session = _session(site)
    _close(session, POST_A)
    postings = [session.workspace.read(r) for r in (POST_A, POST_B, ACCENTED)]
    result = session.toggle(postings)
    assert result.value is True and len(result.written) == 1  # only A changed back
    result = session.toggle([session.workspace.read(r) for r in (POST_A, POST_B, ACCENTED)])
    assert result.value is False and len(result.written) == 3
    assert session.message([POST_A, POST_B, ACCENTED]).startswith("Close 3 ")


def test_message_words_an_earlier_session_s_toggle_by_what_it_is(site: Path) -> None:
    _close(_session(site), POST_A)
    _close(_session(site), POST_B)
    assert _session(site).message([POST_A, POST_B]).startswith("Close 2 ")


def _day():  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.datetime(2024, 1, 2, 9, 30)


def test_history_helpers_read_bytes_exactly(site: Path) -> None:
    repo = GitRepo.open(site)
    assert history.head_contents(repo, [POST_A, "missing.md"]) == {
        POST_A: ORIGINAL,
        "missing.md": None,
    }
    assert history.file_at(repo, "HEAD", POST_A) == ORIGINAL
    assert git_commit.refusal(repo) is None


def test_toggle_adds_a_missing_status_after_the_last_key(make_repo) -> None:  # type: ignore[no-untyped-def]
    """``t`` on a posting without ``open`` whose front matter ends with a blank line (CRLF)."""
    dev = "content/_jobs/dev.md"
    root = make_repo(
        {
            POST_A: ORIGINAL,
            POST_B: CLOSED,
            dev: b"---\r\ntitle: Dev\r\ndate: 2024-01-02\r\n\r\n---\r\nBody\r\n",
        }
    )
    session = _session(root)
    result = session.toggle([session.workspace.read(dev)])
    assert result.value is True and len(result.written) == 1 and not result.errors
    assert (root / dev).read_bytes() == (
        b"---\r\ntitle: Dev\r\ndate: 2024-01-02\r\nopen: true\r\n\r\n---\r\nBody\r\n"
    )


@pytest.mark.parametrize(
    ("before_open", "theirs_committed", "own"),
    [
        ("", False, True),  # their uncommitted change, taken on with the user's edit
        ("", True, True),  # their change committed (a pull): the user's edit alone
        ("title: B", False, False),  # the file held someone's change before it was opened
    ],
)
def test_apply_over_counts_their_change_as_postedits_only_from_a_clean_version(
    site: Path, before_open: str, theirs_committed: bool, own: bool
) -> None:
    """``apply_over`` (the form's "Apply my changes"): a change someone made while the form
    was open becomes part of the user's edit when the version opened was clean or
    postedit's; a file that held someone's change before it was opened stays theirs."""
    path = site / POST_A
    if before_open:
        path.write_bytes(ORIGINAL.replace(b"title: A", before_open.encode()))
    session = _session(site)
    opened = session.workspace.read(POST_A)
    path.write_bytes(opened.raw.replace(b"Body", b"Their body"))
    if theirs_committed:
        git(site, "commit", "-qam", "theirs")
    fresh = session.workspace.read(POST_A)
    written = session.apply_over(opened, fresh, {"open": False})
    assert path.read_bytes() == fresh.raw.replace(b"open: true", b"open: false")
    assert session.pending() == ({POST_A} if own else set())
    assert session.foreign([POST_A]) == ([] if own else [POST_A])
    assert written.raw == path.read_bytes()


def test_a_change_taken_on_at_commit_must_be_the_one_shown(site: Path) -> None:
    """``commit(taking=)``: someone's change over postedit's toggle, shown by
    ``theirs_over``, is committed with the toggle; changed again since it was shown, nothing
    is counted nor committed (their new change would go in unseen)."""
    session = _session(site)
    path = site / POST_A
    _close(session, POST_A)
    toggled = path.read_bytes()
    path.write_bytes(toggled + b"their line\n")
    theirs = session.theirs_over([POST_A])
    assert theirs == {POST_A: (toggled, toggled + b"their line\n")}
    with pytest.raises(ForeignChangesError):
        session.commit([POST_A])  # not taken on: refused as before
    path.write_bytes(toggled + b"their line, again\n")
    head = git(site, "rev-parse", "HEAD")
    with pytest.raises(ConflictError, match="changed again on disk"):
        session.commit([POST_A], taking={POST_A: theirs[POST_A][1]})
    assert git(site, "rev-parse", "HEAD") == head and session.foreign([POST_A]) == [POST_A]
    session.commit([POST_A], taking={POST_A: path.read_bytes()})
    assert git(site, "show", f"HEAD:{POST_A}").encode() == toggled + b"their line, again\n"


def test_the_advice_for_a_file_holding_both_edits_is_a_command_that_runs() -> None:
    """``git commit content/my job.md`` commits two files that do not exist."""
    from postedit.core.session import ForeignChangesError

    said = str(ForeignChangesError(["content/my job.md"], ["content/my job.md"]))
    assert "(git commit 'content/my job.md')" in said
