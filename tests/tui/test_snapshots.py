"""Snapshots of the main screen, the help and the commit dialog at fixed sizes.

Hermetic: a real repository with fixed content, one commit ahead of its upstream (its hashes
and dates are not on screen), the theme pinned, the postings the fixed ones of helpers.SITE.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from postedit.core.git.runner import GitRepo
from postedit.core.workspace import Workspace
from postedit.tui.app import PosteditApp, create_app
from tests.conftest import git
from tests.tui.helpers import jobs_schema, settle


def _app(site: Path, theme: str = "textual-dark") -> PosteditApp:
    """The app on ``site``, one commit ahead of its upstream (origin/main)."""
    origin = site.parent / "origin.git"
    git(site.parent, "clone", "-q", "--bare", str(site), str(origin))
    git(site, "remote", "add", "origin", str(origin))
    git(site, "fetch", "-q", "origin")
    git(site, "branch", "-q", "--set-upstream-to=origin/main")
    (site / "README.md").write_text("# site, edited\n")
    git(site, "commit", "-qam", "local")
    ws = Workspace(root=site, schema=jobs_schema())
    app = create_app(ws, GitRepo.open(site), theme=theme)
    app.hint_seconds = 3600.0  # no clock: the status bar's message stays for the picture
    return app


async def _ready(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot.app, pilot)


def _pressing(*keys: str) -> Callable[..., Awaitable[None]]:
    """The snapshot's ``run_before``: once loaded, press ``keys``, and let what they started
    finish."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _ready(pilot)
        await pilot.press(*keys)
        await _ready(pilot)

    return run_before


def test_main_screen_80x24(site: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        _app(site), terminal_size=(80, 24), run_before=_pressing("down", "space", "t")
    )


def test_main_screen_with_detail_100x30(site: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(site), terminal_size=(100, 30), run_before=_pressing("v", "end"))


def test_help_80x24(site: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _ready(pilot)
        await pilot.press("question_mark")

    assert snap_compare(_app(site), terminal_size=(80, 24), run_before=run_before)


def test_commit_dialog_100x30(site: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(site), terminal_size=(100, 30), run_before=_pressing("t", "c"))


def test_main_screen_16_colours_80x24(site: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The theme postedit picks for 16-colour terminals (see cli/tuicmd.pick_theme)."""
    app = _app(site, "ansi-dark")
    assert snap_compare(app, terminal_size=(80, 24), run_before=_pressing("space", "t"))


def test_main_screen_no_color_80x24(
    site: Path,
    snap_compare,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """NO_COLOR in a 16-colour terminal: the terminal's own colours, the cursor row, the
    active tab in reverse video (the rows were black on black)."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = _app(site, "ansi-dark")
    assert snap_compare(app, terminal_size=(80, 24), run_before=_pressing("space", "t"))


def test_commit_dialog_80x24(site: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The diff gets most of the height and the focus; the message leaves the buttons seen."""
    assert snap_compare(_app(site), terminal_size=(80, 24), run_before=_pressing("t", "c"))
