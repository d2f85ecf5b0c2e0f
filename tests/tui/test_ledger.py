"""The TUI and `postedit set --commit` share the ledger of postedit's own writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from postedit.tui.screens.commit import CommitScreen
from tests.conftest import git
from tests.tui.helpers import JOBS, make_app, settle

ALPHA = f"{JOBS}/2021-03-01-alpha.md"


async def test_a_toggle_left_uncommitted_is_postedits_own_next_time(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        await app.workers.wait_for_complete()
    assert b"open: false" in (site / ALPHA).read_bytes()
    head = git(site, "rev-parse", "HEAD")

    # a second session sees the edit as postedit's and can commit it
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.model.commit_paths() == [ALPHA]
        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, CommitScreen)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await app.workers.wait_for_complete()
    assert git(site, "rev-parse", "HEAD") != head
    assert git(site, "show", "--name-only", "--format=", "HEAD").split() == [ALPHA]


async def test_the_command_line_commits_a_toggle_made_in_the_tui(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        await app.workers.wait_for_complete()
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "postedit",
            "set",
            "--repo",
            str(site),
            str(site / ALPHA),
            "--field",
            "open=false",
            "--commit",
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert git(site, "show", "--name-only", "--format=", "HEAD").split() == [ALPHA]
    assert git(site, "status", "--porcelain") == ""


def _status_bar(app) -> str:  # type: ignore[no-untyped-def]
    return app.screen._compositor.render_strips()[-2].text


async def test_an_earlier_runs_toggle_set_back_is_no_longer_an_edit(site: Path) -> None:
    """A toggle left by an earlier run, toggled back to what HEAD has: the row loses its M
    and the status bar its edit at once (they stayed until `c` found nothing to commit)."""
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.main.cells(ALPHA)[1].plain == "M"
        assert "1 edit to commit" in _status_bar(app)
        await pilot.press("t")  # back to open: true, as committed
        await settle(app, pilot)
        assert git(site, "status", "--porcelain") == ""
        assert app.main.cells(ALPHA)[1].plain.strip() == ""
        assert "no edits" in _status_bar(app)
        assert app.model.commit_paths() == []
        await pilot.press("ctrl+z")  # the earlier edit is back, postedit's own still
        await settle(app, pilot)
        assert app.main.cells(ALPHA)[1].plain == "M"
        assert app.model.commit_paths() == [ALPHA]
    assert b"open: false" in (site / ALPHA).read_bytes()
