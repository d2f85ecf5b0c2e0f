"""Another writer in the edit-commit flow: a file changed under the form, then committed."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from postedit.tui.screens.commit import CommitScreen
from postedit.tui.screens.editor import EditorScreen
from tests.conftest import git
from tests.tui.helpers import JOBS, make_app, open_form, settle
from tests.tui.test_editor_host import dialog_shown

ALPHA = f"{JOBS}/2021-03-01-alpha.md"


def _notices(app: object) -> str:
    return "\n".join(n.message for n in app._notifications)  # type: ignore[attr-defined]


async def test_apply_my_changes_over_an_uncommitted_change_is_committed_by_c(site: Path) -> None:
    """"Apply my changes" over someone's uncommitted change: the question shows their change
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
        assert "c commits it with yours" in message.replace("\n", " ")
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
