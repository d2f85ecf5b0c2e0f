"""Undo and redo of edits (EditSession.undo_step/redo_step) and restoring an old version."""

from __future__ import annotations

from pathlib import Path

import pytest

from postedit.core.errors import ConflictError, PosteditError
from postedit.core.git.ledger import Ledger
from postedit.core.git.runner import GitRepo
from postedit.core.session import EditSession
from postedit.core.workspace import open_workspace
from tests.conftest import git

POST_A = "content/_jobs/a.md"
POST_B = "content/_jobs/b.md"
POST_C = "content/_jobs/c.md"
A = b"---\ntitle: A\nopen: true\n---\nBody A\n"
B = b"---\r\ntitle: B  # kept\r\nopen: true\r\n---\r\nBody B\r\n"
C = b"---\ntitle: C\nopen: true\n---\nBody C\n"


@pytest.fixture
def site(make_repo) -> Path:  # type: ignore[no-untyped-def]
    return make_repo({POST_A: A, POST_B: B, POST_C: C})


def _session(root: Path) -> EditSession:
    return EditSession(open_workspace(root), GitRepo.open(root))


def _read(session: EditSession, *rels: str):  # type: ignore[no-untyped-def]
    return [session.workspace.read(r) for r in rels]


def test_undo_and_redo_of_a_toggle_of_two_postings_are_exact(site: Path) -> None:
    session = _session(site)
    session.toggle(_read(session, POST_A, POST_B))
    closed = {r: (site / r).read_bytes() for r in (POST_A, POST_B)}
    assert closed[POST_B] == B.replace(b"open: true", b"open: false")
    step = session.undo_step()
    assert session.label(step) == "Close 2 postings"
    assert (site / POST_A).read_bytes() == A and (site / POST_B).read_bytes() == B
    assert session.pending() == set()  # back as committed: nothing of postedit's left
    assert git(site, "status", "--porcelain") == ""
    assert session.label(session.redo_step()) == "Close 2 postings"
    assert {r: (site / r).read_bytes() for r in (POST_A, POST_B)} == closed
    assert session.pending() == {POST_A, POST_B}
    with pytest.raises(PosteditError, match="nothing to redo"):
        session.redo_step()


def test_steps_are_undone_last_first_and_a_new_edit_drops_the_redo(site: Path) -> None:
    session = _session(site)
    session.toggle(_read(session, POST_A))
    session.set_fields(session.workspace.read(POST_A), {"title": "A2"})
    session.write(session.workspace.read(POST_C), None)
    assert session.label(session.undo_step()) == 'Delete "C"'
    assert (site / POST_C).read_bytes() == C
    assert session.label(session.undo_step()) == 'Update "A2"'
    assert (site / POST_A).read_bytes() == A.replace(b"open: true", b"open: false")
    session.set_fields(session.workspace.read(POST_B), {"title": "B2"})
    assert session.redo_steps == []
    with pytest.raises(PosteditError, match="nothing to redo"):
        session.redo_step()


def test_undo_is_refused_when_the_file_changed_on_disk_since(site: Path) -> None:
    session = _session(site)
    session.toggle(_read(session, POST_A, POST_B))
    theirs = (site / POST_B).read_bytes() + b"more by hand\r\n"
    (site / POST_B).write_bytes(theirs)
    with pytest.raises(ConflictError, match="changed on disk since this edit"):
        session.undo_step()
    # nothing written, not even the file that did not change, and the step is still there
    assert (site / POST_A).read_bytes() == A.replace(b"open: true", b"open: false")
    assert (site / POST_B).read_bytes() == theirs
    assert len(session.undo_steps) == 1


def test_a_commit_drops_the_steps_of_the_files_it_holds(site: Path) -> None:
    session = _session(site)
    session.toggle(_read(session, POST_A, POST_B))
    session.toggle(_read(session, POST_C))
    session.commit([POST_A, POST_C])
    assert [s.paths for s in session.undo_steps] == [[POST_B]]
    session.undo_step()  # only B comes back: A stays as committed
    assert (site / POST_B).read_bytes() == B
    assert (site / POST_A).read_bytes() == A.replace(b"open: true", b"open: false")
    with pytest.raises(PosteditError, match="nothing to undo"):
        session.undo_step()


def test_a_revert_is_a_step_and_its_undo_gives_someone_s_change_back_as_theirs(
    site: Path,
) -> None:
    session = _session(site)
    session.set_fields(session.workspace.read(POST_A), {"title": "Mine"})
    edited = (site / POST_A).read_bytes()
    session.revert(POST_A)
    assert session.label(session.undo_step()) == 'Revert "Mine"'
    assert (site / POST_A).read_bytes() == edited
    assert session.pending() == {POST_A}
    theirs = C + b"by hand\n"
    (site / POST_C).write_bytes(theirs)
    session.revert(POST_C, from_head=True)
    assert (site / POST_C).read_bytes() == C
    session.undo_step()
    assert (site / POST_C).read_bytes() == theirs
    assert session.foreign([POST_C]) == [POST_C]  # never committed as postedit's
    assert POST_C not in Ledger(session.repo).pending()  # type: ignore[arg-type]


def test_restore_is_an_undoable_step_and_never_takes_someone_s_change(site: Path) -> None:
    session = _session(site)
    first = git(site, "rev-parse", "HEAD").strip()
    (site / POST_A).write_bytes(A.replace(b"Body A", b"Body A2"))
    git(site, "commit", "-qam", "Change A")
    git(site, "rm", "-q", POST_C)
    git(site, "commit", "-qm", "Remove C")
    removed = git(site, "rev-parse", "HEAD").strip()
    session.restore(session.workspace.read(POST_A), first[:10])
    assert (site / POST_A).read_bytes() == A
    # the commit that deleted C: the version before it
    step_c = session.restore(session.workspace.read(POST_C), removed)
    assert (site / POST_C).read_bytes() == C and step_c.exists
    before = git(site, "rev-parse", f"{removed}^").strip()
    assert session.label(session.undo_steps[-1]) == f'Restore "C" (as of {before[:7]})'
    assert session.pending() == {POST_A, POST_C}
    session.undo_step()
    assert not (site / POST_C).exists()
    (site / POST_B).write_bytes(B + b"by hand\r\n")
    with pytest.raises(PosteditError, match="did not make: not restored"):
        session.restore(session.workspace.read(POST_B), first)
    assert (site / POST_B).read_bytes() == B + b"by hand\r\n"
    with pytest.raises(PosteditError, match="no such commit"):
        session.restore(session.workspace.read(POST_A), "nosuchref")


def test_a_step_made_in_one_thread_takes_no_write_of_another(site: Path) -> None:
    """The TUI saves a form on its own thread while a worker may still be toggling: each
    is its own step, undone on its own."""
    import threading

    session = _session(site)
    inside, done = threading.Event(), threading.Event()

    def toggle() -> None:
        with session.step():
            session.toggle(_read(session, POST_A))
            inside.set()
            done.wait(10)

    worker = threading.Thread(target=toggle)
    worker.start()
    assert inside.wait(10)
    session.set_fields(session.workspace.read(POST_C), {"title": "C2"})
    done.set()
    worker.join(10)
    assert [session.label(s) for s in session.undo_steps] == ['Update "C2"', 'Close "A"']
    session.undo_step()  # the toggle, ended last
    assert (site / POST_A).read_bytes() == A
    assert b"title: C2" in (site / POST_C).read_bytes()


def test_a_restore_brought_back_by_redo_or_undo_is_still_committed_as_a_restore(
    site: Path,
) -> None:
    """ctrl+z of a restore then ctrl+y, or ctrl+z of a toggle (or a revert) made over it,
    puts the restored version back; the commit then said ``Update "A"`` while the step said
    ``Redid: Restore "A" (as of ...)``: going back to HEAD made the ledger forget the
    restore, and the replay wrote the version as a plain edit."""
    first = git(site, "rev-parse", "HEAD").strip()
    (site / POST_A).write_bytes(A.replace(b"Body A", b"Body A2"))
    git(site, "commit", "-qam", "Change A")
    restore = f'Restore "A" (as of {first[:7]})'
    session = _session(site)
    session.restore(session.workspace.read(POST_A), first)
    assert session.message([POST_A]) == restore
    session.undo_step()
    assert session.pending() == set()
    session.redo_step()
    assert session.message([POST_A]) == restore
    assert _session(site).message([POST_A]) == restore  # the ledger keeps it: any command
    session.toggle(_read(session, POST_A))
    assert session.message([POST_A]) == 'Update "A"'  # the restore edited: any edit
    session.revert(POST_A, from_head=True)
    assert session.pending() == set()
    session.undo_step()  # the revert: the toggle's version
    session.undo_step()  # the toggle: the restored version again
    assert (site / POST_A).read_bytes() == A
    assert _session(site).message([POST_A]) == restore
    assert session.commit([POST_A]).summary == restore
