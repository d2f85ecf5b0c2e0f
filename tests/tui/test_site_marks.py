"""A row says when the site does not publish its posting (column S: d draft, s scheduled, x
expired), as the detail pane and ``is:`` do: readable at 80x24, in 16 colours and without any
colour, and without taking width from the title (Pilot tests on the screen drawn)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from postedit.tui.app import PosteditApp
from postedit.tui.screens.help import HelpScreen
from tests.tui.helpers import JOBS, make_app, posting, settle

SIZE = (80, 24)
NEXT_YEAR = dt.date.today().year + 1
LAST_YEAR = dt.date.today().year - 1
# titles longer than the title column wants (32 cells), so that it takes all it may
TITLES = {
    "published": "Published developer for the public services",
    "draft": "Draft designer for the public services team",
    "scheduled": "Scheduled data scientist for the registries",
    "expired": "Expired product owner for the open data portal",
}
FILES = {
    f"{JOBS}/2021-03-01-published.md": posting(TITLES["published"], True, "2021-03-01"),
    f"{JOBS}/2021-04-01-draft.md": posting(TITLES["draft"], True, "2021-04-01", "draft: true\n"),
    f"{JOBS}/next-scheduled.md": posting(TITLES["scheduled"], True, f"{NEXT_YEAR}-06-01"),
    f"{JOBS}/2021-05-01-expired.md": posting(
        TITLES["expired"], True, "2021-05-01", f"expiryDate: {LAST_YEAR}-01-01\n"
    ),
}


@pytest.fixture
def states_site(make_repo) -> Path:  # type: ignore[no-untyped-def]
    return make_repo(FILES)  # type: ignore[no-any-return]


def _screen(app: PosteditApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def _marks(app: PosteditApp) -> dict[str, str]:
    """The S column's letter of each state's row, read off the screen: the character under
    the header's S."""
    lines = _screen(app)
    header = next(line for line in lines if line.lstrip().startswith("* M !"))
    x = header.index(" S ") + 1
    return {
        state: next(line for line in lines if title[:20] in line)[x]
        for state, title in TITLES.items()
    }


@pytest.mark.parametrize(
    ("colours", "theme"), [("full", "textual-dark"), ("16", "ansi-dark"), ("none", "textual-dark")]
)
async def test_rows_say_draft_scheduled_expired_at_80x24(
    states_site: Path, monkeypatch: pytest.MonkeyPatch, colours: str, theme: str
) -> None:
    if colours == "none":
        monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(states_site, theme=theme)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.no_color is (colours == "none")
        assert _marks(app) == {"published": " ", "draft": "d", "scheduled": "s", "expired": "x"}
        # the four mark columns take the 11 cells three took (1 + 1 + 3 and two blank cells
        # each): the other columns' widths are those they had, the title's 32 cells and more
        columns = list(app.main.table.columns.values())
        assert sum(c.render_width for c in columns[:4]) == 11
        assert app.main.table.columns["title"].width >= 32
        row = next(line for line in _screen(app) if TITLES["scheduled"][:20] in line)
        assert f"{NEXT_YEAR}-06-01" in row  # the date that schedules it is still shown


async def test_the_rows_and_is_filters_agree(states_site: Path) -> None:
    app = make_app(states_site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for state, letter in (("draft", "d"), ("scheduled", "s"), ("expired", "x")):
            await pilot.press("slash", *f"is:{state}", "enter")
            await settle(app, pilot)
            assert [app.main.cells(rel)[3].plain for rel in app.main.shown] == [letter]
            app.main.query_one("#filter").value = ""  # type: ignore[attr-defined]
            await settle(app, pilot)
        await pilot.press("slash", *"is:published", "enter")
        await settle(app, pilot)
        assert [app.main.cells(rel)[3].plain for rel in app.main.shown] == [" "]


async def test_a_deleted_or_edited_posting_keeps_its_site_mark(states_site: Path) -> None:
    """The edit state has its own column: a toggled draft is `M` and still `d`."""
    app = make_app(states_site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        draft = f"{JOBS}/2021-04-01-draft.md"
        app.main.table.move_cursor(row=app.main.shown.index(draft))
        await pilot.press("t")  # open: true -> false, still a draft
        await settle(app, pilot)
        cells = [c.plain for c in app.main.cells(draft)]
        assert (cells[1], cells[3]) == ("M", "d")


async def test_help_explains_the_letters(states_site: Path) -> None:
    app = make_app(states_site)
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(_screen(app))
        assert "Marks in the rows" in text
        assert "Column S: scheduled: its date is still to come" in text
        assert "Column S: expired" in text and "Column S: draft" in text
