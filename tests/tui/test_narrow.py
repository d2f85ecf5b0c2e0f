"""The everyday flow at 80x24: marks that act only on what the view shows, the room each
column and the status bar get, status messages that stop being shown once stale."""

from __future__ import annotations

from pathlib import Path

from postedit.tui.app import PosteditApp
from tests.tui.helpers import JOBS, make_app, settle

ALPHA = f"{JOBS}/2021-03-01-alpha.md"
BRAVO = f"{JOBS}/2021-08-15-bravo.md"
CHARLIE = f"{JOBS}/2021-10-02-charlie.md"
DELTA = f"{JOBS}/2022-01-20-delta.md"

SIZE = (80, 24)


def status(app: PosteditApp) -> str:
    """What the status bar shows."""
    return str(app.main.query_one("#status").render())


async def set_filter(app: PosteditApp, pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    app.main.query_one("#filter").value = text  # type: ignore[attr-defined]
    await pilot.pause()
    app.main.set_focus(app.main.table)
    await pilot.pause()


# -- marks ------------------------------------------------------------------------------------


async def test_a_bulk_toggle_clears_its_marks_and_the_next_key_acts_on_the_row(
    site: Path,
) -> None:
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await set_filter(app, pilot, "open:true")
        assert app.main.shown == [ALPHA, BRAVO, DELTA]
        await pilot.press("space", "space")
        assert app.model.marks == {ALPHA, BRAVO}
        assert "2 marked" in status(app)
        await pilot.press("t")
        await settle(app, pilot)
        assert app.main.shown == [DELTA]  # closed: they leave the view
        assert app.model.marks == set()
        assert "marked" not in status(app)
        closed = {rel: (site / rel).read_bytes() for rel in (ALPHA, BRAVO)}
        assert all(b"open: false\n" in raw for raw in closed.values())
        await pilot.press("t")  # the one visible row, and nothing else
        await settle(app, pilot)
        assert b"open: false\n" in (site / DELTA).read_bytes()
        assert {rel: (site / rel).read_bytes() for rel in (ALPHA, BRAVO)} == closed
        assert app.main.shown == []


async def test_a_mark_the_filter_hides_is_said_and_never_used(site: Path) -> None:
    before = {rel: (site / rel).read_bytes() for rel in (ALPHA, BRAVO, CHARLIE, DELTA)}
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("space", "space")  # alpha, bravo
        await set_filter(app, pilot, "open:true -alpha")
        assert app.main.shown == [BRAVO, DELTA]
        assert "1 marked, 1 hidden" in status(app)
        await pilot.press("t")
        await settle(app, pilot)
        assert b"open: false\n" in (site / BRAVO).read_bytes()
        for rel in (ALPHA, CHARLIE, DELTA):
            assert (site / rel).read_bytes() == before[rel]
        assert app.model.marks == {ALPHA}  # not used: kept
        assert "1 hidden mark" in status(app)
        await pilot.press("t")  # no mark in view: the highlighted row
        await settle(app, pilot)
        assert b"open: false\n" in (site / DELTA).read_bytes()
        assert (site / ALPHA).read_bytes() == before[ALPHA]
        await set_filter(app, pilot, "")
        assert "1 marked" in status(app) and "hidden" not in status(app)


async def test_answering_no_keeps_the_marks_and_yes_uses_them(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("space", "space", "d")
        await settle(app, pilot)
        await pilot.press("n")  # Keep
        await settle(app, pilot)
        assert app.model.marks == {ALPHA, BRAVO} and (site / ALPHA).exists()
        await pilot.press("d")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert not (site / ALPHA).exists() and not (site / BRAVO).exists()
        assert app.model.marks == set()
        await pilot.press("home", "space", "space", "u")  # bring both back
        await settle(app, pilot)
        assert (site / ALPHA).exists() and (site / BRAVO).exists()
        assert app.model.marks == set()


# -- status messages --------------------------------------------------------------------------


async def _until(pilot, condition) -> bool:  # type: ignore[no-untyped-def]
    """Let the app run (timers included) until ``condition()`` holds; False after ~2 s."""
    for _ in range(200):
        if condition():
            return True
        await pilot.pause(0.01)
    return condition()


async def test_a_message_says_one_posting_and_expires(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        assert status(app).endswith("open: no on 1 posting")
        assert "1 edit" in status(app) and "(s)" not in status(app)
        await pilot.press("s")  # the next action's message replaces it
        await pilot.pause()
        assert "open: no" not in status(app) and "Sorted by" in status(app)
        app.hint_seconds = 0.05
        await pilot.press("S")  # ...and goes in its turn
        assert await _until(pilot, lambda: "Sorted" not in status(app))
        assert "1 edit to commit" in status(app)  # the room the message took


async def test_a_filter_error_stays_until_fixed(site: Path) -> None:
    app = make_app(site)
    app.hint_seconds = 0.01
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        bar = app.main.query_one("#filter")
        bar.value = "open:true OR"  # type: ignore[attr-defined]
        await pilot.pause()
        assert "expected a term after OR" in status(app)
        await pilot.press("s")  # a message on top of it, which expires: the error is back
        assert await _until(pilot, lambda: "Sorted" not in status(app))
        assert "expected a term after OR" in status(app)
        bar.value = "open:true"  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.pause()
        assert "expected" not in status(app)


async def test_undoing_a_commit_replaces_its_message(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        app.git.commit(app.model.commit_paths(), 'Close "Alpha"')
        await settle(app, pilot)
        assert "committed" in status(app)
        app.git.undo()
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert "committed" not in status(app)
        assert "Undone" in status(app) and "1 edit" in status(app)


async def test_the_start_never_says_no_git(site: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from postedit.tui.screens.list import MainScreen

    shown: list[str] = []
    original = MainScreen.set_status

    def record(self: MainScreen, text: str) -> None:
        shown.append(text)
        original(self, text)

    monkeypatch.setattr(MainScreen, "set_status", record)
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert shown and all("no git" not in text for text in shown), shown
        assert status(app).startswith("master") or status(app).startswith("main")
