"""Another writer in the edit-commit flow: a file changed under the form, then committed."""

from __future__ import annotations

import subprocess
from pathlib import Path

from textual.widgets import Input, Static

from postedit.tui.screens.commit import CommitScreen
from postedit.tui.screens.editor import EditorScreen
from tests.conftest import git
from tests.tui.helpers import JOBS, make_app, open_form, screen_lines, settle
from tests.tui.test_editor_host import dialog_shown

ALPHA = f"{JOBS}/2021-03-01-alpha.md"
BRAVO = f"{JOBS}/2021-08-15-bravo.md"


def _notices(app: object) -> str:
    return "\n".join(n.message for n in app._notifications)  # type: ignore[attr-defined]


async def test_apply_my_changes_over_an_uncommitted_change_is_committed_by_c(site: Path) -> None:
    """ "Apply my changes" over someone's uncommitted change: the question shows their change
    and says ``c`` commits it with the user's; ``c`` then commits the file (it refused it as
    "changes postedit did not make", and ``git stash`` would have taken the user's edit too).
    ctrl+z gives their version back as theirs (``c`` leaves it to git); ctrl+y applies again."""
    opened = (site / ALPHA).read_bytes()
    theirs = opened.replace(b"title: Alpha d\xc3\xa9veloppeur", b"title: Alpha senior")
    merged = theirs.replace(b"city: Paris  # where", b"city: Lyon  # where")
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot)
        form.editor_for("city").query_one(Input).value = "Lyon"
        await settle(app, pilot)
        (site / ALPHA).write_bytes(theirs)  # another editor saves, nothing committed
        await pilot.press("ctrl+s")
        dialog = await dialog_shown(app, pilot)
        message = str(dialog.query_one(".dialog-message", Static).render())
        assert "Their change is not committed" in message
        assert "c commits both" in message.replace("\n", " ")
        details = str(dialog.query_one("#dialog-details Static").render())
        theirs_part, _, applied_part = details.partition("Apply my changes writes:")
        assert "Their change:" in theirs_part
        assert "-title: Alpha développeur" in theirs_part and "+title: Alpha senior" in theirs_part
        assert "+city: Lyon  # where" in applied_part and "-title" not in applied_part
        await pilot.press("a")
        await settle(app, pilot)
        assert (site / ALPHA).read_bytes() == merged
        assert isinstance(app.screen, EditorScreen) and not form.is_dirty()
        await pilot.press("escape")
        await settle(app, pilot)

        await pilot.press("ctrl+z")  # Apply undone: their version, theirs again
        await settle(app, pilot)
        assert (site / ALPHA).read_bytes() == theirs
        await pilot.press("c")
        await settle(app, pilot)
        assert not isinstance(app.screen, CommitScreen)
        assert "1 file modified outside postedit" in _notices(app)

        await pilot.press("ctrl+y", "c")
        await settle(app, pilot)
        assert isinstance(app.screen, CommitScreen), _notices(app)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert git(site, "show", "HEAD:" + ALPHA).encode() == merged
    assert git(site, "status", "--porcelain").strip() == ""


async def test_a_pull_that_changes_the_posting_in_the_form_says_so_and_keeps_the_edits(
    site: Path, remote: Path, tmp_path: Path
) -> None:
    """A pull started on the list ends with the form open (``F enter``: the pull takes the
    network's time). The form went on showing the old version, silently, and the first save
    met "someone changed the file". Now the form shows the new version when nothing is
    edited there; with edits, it says so at once and keeps them; the save then asks, and
    "Apply my changes" writes them over the version pulled: the commit holds only them."""
    bravo = site / BRAVO
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down")
        form = await open_form(app, pilot)
        _colleague_changes_bravo(remote, tmp_path, b"Bravo designer", b"Bravo designer (H/F)")
        app.git.pull()  # (F is the list's key: the pull ends with the form on top)
        await settle(app, pilot)
        assert app.screen is form
        assert form.editor_for("title").query_one(Input).value == "Bravo designer (H/F)"
        assert "The pull changed" in _notices(app) and not form.is_dirty()

        form.editor_for("city").query_one(Input).value = "Lyon"
        await settle(app, pilot)
        _colleague_changes_bravo(remote, tmp_path, b"open: true", b"open: false")
        app.git.pull()
        await settle(app, pilot)
        assert "your edits are kept" in _notices(app)
        assert form.editor_for("city").query_one(Input).value == "Lyon"
        pulled = bravo.read_bytes()
        await pilot.press("ctrl+s")
        await dialog_shown(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        assert bravo.read_bytes() == pulled.replace(b"city: Paris", b"city: Lyon")
        await pilot.press("escape", "c")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert git(site, "diff", "HEAD~1", "HEAD").count("\n+city: Lyon") == 1
    assert "open: " not in git(site, "diff", "-U0", "HEAD~1", "HEAD")
    assert git(site, "status", "--porcelain").strip() == ""


def _colleague_changes_bravo(remote: Path, tmp_path: Path, old: bytes, new: bytes) -> None:
    """Someone else's commit on the remote, in bravo."""
    other = tmp_path / "other"
    if not other.exists():
        subprocess.run(["git", "clone", "-q", str(remote), str(other)], check=True)
    git(other, "pull", "-q")
    path = other / BRAVO
    path.write_bytes(path.read_bytes().replace(old, new))
    git(other, "commit", "-q", "-am", "Their change")
    git(other, "push", "-q")


async def test_the_changed_on_disk_question_fits_at_80x24(site: Path) -> None:
    """The form's "changed on disk" question, their change and Apply's shown: at 80x24 its
    buttons were cut off under the diffs. The diffs now scroll in a box the buttons leave
    room for (focused: pagedown shows what Apply writes)."""
    opened = (site / ALPHA).read_bytes()
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot)
        form.editor_for("city").query_one(Input).value = "Lyon"
        await settle(app, pilot)
        (site / ALPHA).write_bytes(opened.replace(b"title: Alpha d", b"title: Alpha senior d"))
        await pilot.press("ctrl+s")
        dialog = await dialog_shown(app, pilot)
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        assert "Reload from disk (r)" in shown and "Apply my changes (a)" in shown
        assert "Keep editing (k)" in shown and "+title: Alpha senior" in shown
        buttons = dialog.query("Button")
        assert all(b.region.bottom <= 23 and b.region.height == 3 for b in buttons)
        await pilot.press("pagedown")
        await pilot.pause()
        assert "+city: Lyon  # where" in "\n".join(screen_lines(app))
        await pilot.press("escape")
        await settle(app, pilot)
    assert (site / ALPHA).read_bytes() != opened  # theirs, nothing of the form's written
