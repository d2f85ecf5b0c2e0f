"""A row an edit changes stays shown until the filter changes, and ``u`` on a row with
nothing to revert says so, and points at ctrl+z. At 80x24, the size a user on SSH has."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import git
from tests.tui.helpers import JOBS, SITE, make_app, settle, status_bar

SIZE = (80, 24)
ALPHA = f"{JOBS}/2021-03-01-alpha.md"
BRAVO = f"{JOBS}/2021-08-15-bravo.md"


async def test_a_toggled_row_stays_under_the_filter_so_u_reverts_it(site: Path) -> None:
    """Under ``open:true``, ``t`` closed Alpha, which left the view; ``u`` then acted on
    Bravo, which had nothing to revert, and Alpha's toggle stayed pending."""
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"open:true", "enter")
        await settle(app, pilot)
        assert app.main.table.current_key() == ALPHA
        await pilot.press("t")
        await settle(app, pilot)
        assert (site / ALPHA).read_text() != SITE[ALPHA]
        assert app.main.table.current_key() == ALPHA  # still there, on its line
        assert app.main.query_one("#matches").render().plain.strip() == "2 of 5"  # Bravo, Delta
        await pilot.press("u")
        await settle(app, pilot)
        assert (site / ALPHA).read_text() == SITE[ALPHA]
        assert git(site, "status", "--porcelain") == ""
        await pilot.press("t", "slash", "end", "space", "enter")  # the filter changes:
        await settle(app, pilot)
        assert ALPHA not in app.main.shown  # it alone says what is shown


async def test_u_with_nothing_to_revert_says_so_and_points_at_ctrl_z(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("u")  # nothing edited at all
        await settle(app, pilot)
        assert "Nothing to revert here" in status_bar(app)
        await pilot.press("t", "slash", *"charlie", "enter")  # Alpha closed, then hidden
        await settle(app, pilot)
        await pilot.press("u")
        await settle(app, pilot)
        assert "Nothing to revert (ctrl+z: undo)" in status_bar(app)
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert (site / ALPHA).read_text() == SITE[ALPHA]
        # the undo changed a row the filter hides: said first
        assert app.status.hint.startswith("Hidden by the filter: / changes it; Undid: Close")
