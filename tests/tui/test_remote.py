"""Push, pull, history and undo from the list, against a bare repository as the remote."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from postedit.tui.screens.history import DiffScreen, HistoryScreen
from tests.conftest import git
from tests.tui.helpers import JOBS, make_app, settle, status_bar, toggle_and_commit

ALPHA = f"{JOBS}/2021-03-01-alpha.md"


def _colleague_renames_bravo(remote: Path, tmp_path: Path) -> None:
    """Someone else's commit on the remote: bravo renamed."""
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "-q", str(remote), str(other)], check=True)
    bravo = other / JOBS / "2021-08-15-bravo.md"
    bravo.write_bytes(bravo.read_bytes().replace(b"Bravo designer", b"Bravo designer (H/F)"))
    git(other, "commit", "-q", "-am", "Rename bravo")
    git(other, "push", "-q")


async def test_push_sends_the_commit(site: Path, remote: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await toggle_and_commit(app, pilot)
        assert app.status.state is not None and app.status.state.ahead == 1
        await pilot.press("P")
        await settle(app, pilot)
        assert any("Pushed 1 commit" in n.message for n in app._notifications)
        assert app.status.state.ahead == 0
    assert git(remote, "log", "-1", "--format=%s", "main").strip() == 'Close "Alpha développeur"'


async def test_pull_reloads_postings_and_keeps_edits(
    site: Path, remote: Path, tmp_path: Path
) -> None:
    _colleague_renames_bravo(remote, tmp_path)
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")  # a pending edit on alpha
        await settle(app, pilot)
        await pilot.press("F")
        await settle(app, pilot)
        titles = {app.model.entries[r].posting.fields.get("title") for r in app.main.shown}
        assert "Bravo designer (H/F)" in titles
        assert app.model.commit_paths() == [ALPHA]
        assert app.main.cells(ALPHA)[1].plain == "M"


async def test_push_without_upstream_says_so(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("P")
        await settle(app, pilot)
        messages = "\n".join(n.message for n in app._notifications)
        assert "upstream" in messages.lower() or "remote" in messages.lower()
        assert "Traceback" not in messages


async def test_history_lists_commits_and_shows_a_diff(site: Path) -> None:
    (site / ALPHA).write_bytes((site / ALPHA).read_bytes().replace(b"Paris", b"Lyon"))
    git(site, "commit", "-q", "-am", "Move alpha to Lyon")
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("L")
        await settle(app, pilot)
        assert isinstance(app.screen, HistoryScreen)
        subjects = [e.subject for e in app.screen.entries]
        assert subjects == ["Move alpha to Lyon", "initial"]
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DiffScreen)
        assert "+city: Lyon" in app.screen.diff
        await pilot.press("escape", "escape")
        assert app.screen is app.main


async def test_a_diverged_branch_is_pulled_with_rebase_from_the_palette(
    site: Path, remote: Path, tmp_path: Path
) -> None:
    _colleague_renames_bravo(remote, tmp_path)
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await toggle_and_commit(app, pilot)
        await pilot.press("F")  # fast-forward only: refused, in git's words too
        await settle(app, pilot)
        said = "\n".join(n.message for n in app._notifications)
        assert "diverged" in said and "git: fatal: Not possible to fast-forward" in said
        assert "ctrl+p, then Pull --rebase" in said  # the way out, without leaving
        await pilot.press("ctrl+p", *"pull --rebase", "enter")
        await settle(app, pilot)
        screen = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "Bravo designer (H/F)" in screen
        await pilot.press("P")
        await settle(app, pilot)
    assert git(remote, "log", "--format=%s", "-2", "main").splitlines() == [
        'Close "Alpha développeur"',
        "Rename bravo",
    ]
    assert b"open: false" in (site / ALPHA).read_bytes()


async def test_the_upstream_counts_stay_beside_a_message_at_80_columns(
    site: Path, remote: Path
) -> None:
    """After a commit the bar says both what was committed and that it waits to be pushed
    (+1/-0): the counts went first whenever a message was shown, though they fitted."""
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        assert "open: no on 1 posting" in status_bar(app)
        assert status_bar(app).startswith("main +0/-0 | ")
        await pilot.press("c")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        bar = status_bar(app)
        assert bar.startswith("main +1/-0 | no edits | "), bar
        assert "committed" in bar, bar


@pytest.mark.parametrize(
    ("key", "notice"),
    [("F", "diverged"), ("P", "commits you do not have yet")],
    ids=["pull", "push"],
)
async def test_a_refused_pull_or_push_shows_the_upstream_s_new_commits(
    site: Path, remote: Path, tmp_path: Path, key: str, notice: str
) -> None:
    """A pull refused because the branches diverged has fetched: the bar said +1/-0 beside
    the notice "both have new commits", until some other action read the state again. A push
    refused for the upstream's new commits ("fetch first") says so, but git does not fetch
    them: the bar said +1/-0 beside that notice too, and the refused push now fetches."""
    _colleague_renames_bravo(remote, tmp_path)
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await toggle_and_commit(app, pilot)
        assert status_bar(app).startswith("main +1/-0 | ")
        await pilot.press(key)
        await settle(app, pilot)
        assert notice in "\n".join(n.message for n in app._notifications)
        assert status_bar(app).startswith("main +1/-1 | "), status_bar(app)
    assert git(site, "log", "-1", "--format=%s", "main").strip() == 'Close "Alpha développeur"'
