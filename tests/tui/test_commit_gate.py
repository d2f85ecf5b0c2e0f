"""The commit dialog at 80x24: blocked only by the errors the edits introduce, the diff first.

Real commits in temporary repositories; what the dialog shows is read from its widgets.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import TextArea

from postedit.core.git.runner import GitRepo
from postedit.core.schema import Rule
from postedit.core.session import EditSession
from postedit.core.workspace import Workspace, open_workspace
from postedit.tui.app import PosteditApp
from postedit.tui.screens.commit import CommitScreen, DiffView
from tests.conftest import git
from tests.tui.helpers import JOBS, jobs_schema, make_app, posting, settle

OLD = f"{JOBS}/2021-03-01-old.md"
FILLED = f"{JOBS}/2021-04-01-filled.md"
LONG = f"{JOBS}/2021-05-01-long.md"
MORE = f"{JOBS}/2021-06-01-more.md"
SIZE = (80, 24)
FILLED_RULE = Rule(
    "open is false", "a filled position cannot stay open", when="poste_pourvu is true"
)


def _site(make_repo) -> Path:  # type: ignore[no-untyped-def]
    return make_repo(
        {
            OLD: posting("Old", True, "2021-03-01", "level: expert\n"),  # an error since then
            FILLED: posting("Filled", False, "2021-04-01", "poste_pourvu: true\n"),
            LONG: posting("Long", True, "2021-05-01"),
            MORE: posting("More", True, "2021-06-01"),
        }
    )


def _app(root: Path) -> PosteditApp:
    return make_app(root, jobs_schema(rules=(FILLED_RULE,)))


def _head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()


def _committed(root: Path) -> list[str]:
    return git(root, "show", "--name-only", "--format=%s", "HEAD").splitlines()


def _text(screen: CommitScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def test_a_toggle_on_a_posting_with_an_old_error_commits_with_ctrl_s(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = _site(make_repo)
    head = _head(root)
    app = _app(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main.table.current_key() == OLD
        await pilot.press("t", "c")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CommitScreen)
        assert not screen.query("#commit-gate") and not screen.query("#anyway-button")
        old = _text(screen, "#commit-old-errors")
        assert "already in the last commit (not blocking)" in old
        assert "line 6: level: 'expert' is not one of the options" in old
        await pilot.press("ctrl+f")  # nothing to commit anyway: not a key here
        await settle(app, pilot)
        assert app.screen is screen and _head(root) == head
        message = screen.query_one("#commit-message", TextArea)
        message.text = ""
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen and app.focused is message
        assert "The message is empty" in _text(screen, "#commit-message-label")
        message.text = 'Close "Old"'
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, CommitScreen)
    assert _committed(root) == ['Close "Old"', "", OLD]


async def test_a_toggle_that_introduces_an_error_waits_for_ctrl_f(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = _site(make_repo)
    head = _head(root)
    app = _app(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "t")  # opens a filled position: the rule breaks
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CommitScreen)
        assert "1 new error" in _text(screen, "#commit-gate")
        assert "line 3: a filled position cannot stay open" in _text(screen, "#commit-new-errors")
        assert not screen.query("#commit-old-errors")
        assert "Commit anyway (ctrl+f)" in str(screen.query_one("#anyway-button").render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen and _head(root) == head
        said = _text(screen, "#commit-gate")
        assert "Not committed: 1 new error" in said and "ctrl+f" in said
        assert not app._notifications  # said in the dialog, not over its buttons
        await pilot.press("ctrl+f")
        await settle(app, pilot)
        assert not isinstance(app.screen, CommitScreen)
    assert _committed(root) == ['Open "Filled"', "", FILLED]


async def test_the_diff_gets_the_height_the_focus_and_the_arrows(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = _site(make_repo)
    session = EditSession(Workspace(root, jobs_schema()), GitRepo.open(root))
    long = session.workspace.read(LONG)
    session.set_body(long, "".join(f"Line {i} of a long body.\n" for i in range(60)))
    app = _app(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CommitScreen)
        diff = screen.query_one(DiffView)
        assert app.focused is diff
        assert diff.region.height >= 12  # most of the 24 lines
        message = screen.query_one("#commit-message")
        buttons = screen.query_one("#commit-button")
        assert message.region.bottom <= buttons.region.y < SIZE[1]  # nothing covers them
        await pilot.press("down")
        await pilot.pause()
        assert diff.scroll_y == 1
        await pilot.press("pagedown")
        await pilot.pause()
        assert diff.scroll_y > 5
        await pilot.press("tab")
        assert app.focused is message
        await pilot.press("end", "enter")  # a new line in the message, not a commit
        await pilot.pause()
        assert app.screen is screen and message.text.endswith("\n")  # type: ignore[attr-defined]
        await pilot.press("shift+tab")
        assert app.focused is diff
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, CommitScreen)
    assert _committed(root) == ['Update "Long"', "", LONG]


async def test_c_right_after_t_commits_the_toggle(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = _site(make_repo)
    app = _app(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        with app.edits.lock:  # the toggle's worker is slow to write
            await pilot.press("t", "c")
            assert not isinstance(app.screen, CommitScreen)
            assert not app._notifications  # not "nothing to commit"
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CommitScreen)
        assert screen.message == 'Close "Old"'
        assert screen.files == [("M", OLD)]


async def test_an_earlier_session_s_toggles_are_worded_as_toggles(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = _site(make_repo)
    first = _app(root)
    async with first.run_test(size=SIZE) as pilot:
        await settle(first, pilot)
        await pilot.press("t", "down", "down", "t")  # closes OLD and LONG
        await settle(first, pilot)
    app = _app(root)  # a new start: this process wrote nothing yet
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down", "down", "t", "c")  # closes MORE too
        await settle(app, pilot)
        assert isinstance(app.screen, CommitScreen)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert git(root, "log", "-1", "--format=%B").strip().splitlines() == [
        "Close 3 postings",
        "",
        'Close "Old"',
        'Close "Long"',
        'Close "More"',
    ]


async def test_a_real_offer_with_old_findings_commits_with_c_and_ctrl_s(
    corpus: Path, decap_config: Path, tmp_path: Path
) -> None:
    root = tmp_path / "beta"
    shutil.copytree(corpus, root / "content" / "_jobs")
    (root / "admin").mkdir()
    shutil.copy(decap_config, root / "admin" / "config.yml")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "import")
    offer = "content/_jobs/2021-01-07-charge-portefeuille.md"  # no roles: an error for years
    ws = open_workspace(root)
    app = make_app(root, ws.schema)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.main.query_one("#filter").value = "charge-portefeuille"  # type: ignore[attr-defined]
        await settle(app, pilot)
        assert app.main.table.current_key() == offer
        await pilot.press("t", "c")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CommitScreen)
        assert "missing required field 'roles'" in _text(screen, "#commit-old-errors")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, CommitScreen)
    assert _committed(root)[2:] == [offer]
    assert git(root, "status", "--porcelain") == ""
