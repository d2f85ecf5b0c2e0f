"""Snapshots of the main screen, the help and the commit dialog at fixed sizes.

Hermetic: the repository is a stand-in with a fixed branch and diff (no clock, no host, no
path), the theme is pinned, and the postings are the fixed ones of helpers.SITE.
"""

from __future__ import annotations

from pathlib import Path

from postedit.core.repo import RepoState
from postedit.core.workspace import Workspace
from postedit.tui.app import PosteditApp, create_app
from tests.tui.helpers import jobs_schema, settle


class StandInRepo:
    """The bits of GitRepo the screens read, with fixed answers."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def state(self) -> RepoState:
        return RepoState(branch="main", upstream="origin/main", ahead=1, behind=0)

    def changed_paths(self) -> dict[str, str]:
        return {}

    def postedit_pending(self) -> set[str]:
        return set()

    def note_writes(self, written: object, previous: object = None) -> None:
        return None

    def forget(self, relpaths: object) -> None:
        return None

    def diff(self, paths: list[str] | None = None) -> str:
        return (
            "diff --git a/content/_jobs/2021-03-01-alpha.md b/content/_jobs/2021-03-01-alpha.md\n"
            "--- a/content/_jobs/2021-03-01-alpha.md\n+++ b/content/_jobs/2021-03-01-alpha.md\n"
            "@@ -1,6 +1,6 @@\n ---\n title: Alpha développeur\n-open: true\n+open: false\n"
            " date: 2021-03-01\n"
        )


def _app(site: Path) -> PosteditApp:
    ws = Workspace(root=site, schema=jobs_schema())
    return create_app(ws, StandInRepo(site), theme="textual-dark")  # type: ignore[arg-type]


async def _ready(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot.app, pilot)


def test_main_screen_80x24(site: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _ready(pilot)
        await pilot.press("down", "space", "t")
        await _ready(pilot)

    assert snap_compare(_app(site), terminal_size=(80, 24), run_before=run_before)


def test_main_screen_with_detail_100x30(site: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _ready(pilot)
        await pilot.press("v", "end")
        await _ready(pilot)

    assert snap_compare(_app(site), terminal_size=(100, 30), run_before=run_before)


def test_help_80x24(site: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _ready(pilot)
        await pilot.press("question_mark")

    assert snap_compare(_app(site), terminal_size=(80, 24), run_before=run_before)


def test_commit_dialog_100x30(site: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _ready(pilot)
        await pilot.press("t", "c")
        await _ready(pilot)

    assert snap_compare(_app(site), terminal_size=(100, 30), run_before=run_before)


def test_main_screen_16_colours_80x24(site: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The theme postedit picks for 16-colour terminals (see cli/tuicmd.pick_theme)."""
    ws = Workspace(root=site, schema=jobs_schema())
    app = create_app(ws, StandInRepo(site), theme="ansi-dark")  # type: ignore[arg-type]

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _ready(pilot)
        await pilot.press("space", "t")
        await _ready(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
