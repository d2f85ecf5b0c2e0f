"""The filter bar with the query language: the match count, body words, the saved filters."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static

from postedit.core.query import QueryError, parse_query, saved_filters
from tests.query_site import JOBS, freeze_clock, make_query_site
from tests.tui.helpers import make_app, screen_lines, settle, status_bar


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    freeze_clock(monkeypatch)
    return make_query_site(tmp_path / "board")


def _count(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.main.query_one("#matches", Static).render())


async def test_the_count_says_how_many_match(board: Path) -> None:
    app = make_app(board, "load")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert _count(app) == "8 postings"
        await pilot.press("slash", *"python")
        assert sorted(app.main.shown) == [
            f"{JOBS}/2021-06-01-dev-python.md",
            f"{JOBS}/2021-07-10-data.md",
        ]
        assert _count(app) == "2 of 8"
        await pilot.press(*" OR rust")
        assert _count(app) == "2 of 8"
        bar = app.main.query_one("#filter", Input)
        bar.value = "rust"
        await pilot.pause()
        assert app.main.shown == [] and _count(app) == "0 of 8"
        bar.value = "paris OR"  # cannot be read: the last good filter stays, the bar says why
        await pilot.pause()
        assert bar.has_class("-invalid") and bar.has_focus  # said under the bar, not below
        assert str(app.main.query_one("#filter-problem", Static).render()) == (
            "expected a term after OR"
        )
        assert app.status.filter_problem == ""
        assert _count(app) == "0 of 8"
        bar.value = ""
        await pilot.pause()
        assert _count(app) == "8 postings" and len(app.main.shown) == 8


async def test_body_words_are_found_after_a_toggle_too(board: Path) -> None:
    app = make_app(board, "load")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        bar = app.main.query_one("#filter", Input)
        bar.value = "figma open:true"
        await pilot.pause()
        assert app.main.shown == [f"{JOBS}/2021-08-20-designer.md"]
        app.main.table.focus()
        await pilot.press("t")  # closes it: shown until the filter changes
        await settle(app, pilot)
        bar.value = "figma open:false"
        await pilot.pause()
        assert app.main.shown == [f"{JOBS}/2021-08-20-designer.md"]


async def test_at_lists_the_saved_filters_and_applies_one(board: Path) -> None:
    app = make_app(board, "load")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.main.table.focus()
        await pilot.press("at")
        await pilot.pause()
        options = app.screen.query_one("#filters-list", OptionList)
        lines = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert lines == [
            "3  to-close  @to-close",
            "5  Open offers  @open",
            "1  Closing within a week  @closing-soon",
            "1  City: Lille  @by-city=Lille",
            "2  City: Lyon  @by-city=Lyon",
            "1  City: Nantes  @by-city=Nantes",
            "4  City: Paris  @by-city=Paris",
        ]
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.main.query_one("#filter", Input).value == "@closing-soon"
        assert app.main.shown == [f"{JOBS}/2021-09-10-chargee-deploiement.md"]
        assert app.focused is app.main.table


async def test_at_without_saved_filters_says_how_to_make_some(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("at")
        await pilot.pause()
        assert app.screen is app.main
        assert any("no saved filters" in str(n.message) for n in app._notifications)


async def test_the_filter_bar_says_a_help_key_that_works_there(board: Path) -> None:
    """``?`` is text in the filter bar (a query may hold it): the bar's hint names f1."""
    from postedit.tui.screens.help import HelpScreen

    app = make_app(board, "load")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        bar = app.main.query_one("#filter", Input)
        assert "f1 for help" in bar.placeholder and "?" not in bar.placeholder
        await pilot.press("slash", "question_mark")
        assert bar.value == "?" and not isinstance(app.screen, HelpScreen)
        bar.value = "rust"  # nothing matches: the notice in place of the list says f1 too
        await pilot.pause()
        notice = str(app.main.query_one("#empty", Static).render())
        assert "f1 shows the grammar" in notice and "?" not in notice
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        shown = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "Filter (after /)" in shown  # the grammar the notice promised, on screen


async def test_down_in_the_filter_bar_goes_to_the_list(board: Path) -> None:
    """A new user's first move after typing a filter: the arrow down to the rows."""
    app = make_app(board, "load")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"open:true")
        bar = app.main.query_one("#filter", Input)
        assert bar.has_focus
        await pilot.press("down")
        assert app.main.table.has_focus and bar.value == "open:true"
        first = app.main.table.current_key()
        await pilot.press("space")  # marks the first row shown, not a space in the filter
        assert bar.value == "open:true" and first in app.model.marks


async def test_a_filter_on_a_misspelt_field_says_which_field_was_meant(board: Path) -> None:
    """`opne:true` found nothing and said only "no posting matches": it reads as "no offer is
    open". The empty list now names the field no posting has and the one meant."""
    app = make_app(board, "load")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        bar = app.main.query_one("#filter", Input)
        bar.value = "opne:true"
        await pilot.pause()
        empty = str(app.main.query_one("#empty", Static).render())
        assert app.main.shown == [] and _count(app) == "0 of 8"
        assert "No field 'opne' in jobs; did you mean 'open'?" in empty, empty
        bar.value = "open:nope"  # a field that exists: nothing to say about it
        await pilot.pause()
        assert "No field" not in str(app.main.query_one("#empty", Static).render())
        bar.value = "in:jbos"  # a collection's name mistyped
        await pilot.pause()
        empty = str(app.main.query_one("#empty", Static).render())
        assert "No collection 'jbos'; did you mean 'jobs'?" in empty, empty


async def test_a_filter_not_read_says_why_whole_at_80_columns(board: Path) -> None:
    """QA: at 80x24 the status bar cut it (``column 18: expected a date afte...``). Under the
    bar, while it is typed in, the whole of it shows, wrapped; the list does not move."""
    app = make_app(board, "load")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        bar = app.main.query_one("#filter", Input)
        table = app.main.table.region
        bar.value = "date<2021-13"
        await pilot.pause()
        lines = screen_lines(app)
        assert lines[3].strip() == (
            "'2021-13' is no date: date< takes 2021-09-01, 2021-09, 2021, today, -30d"
        )
        assert lines[2].startswith(" date<2021-13")  # the bar, where it was
        assert app.main.table.region == table  # nothing moved: the note is over the list
        assert "is no date" not in status_bar(app)  # said once, where the user looks
        for query in (
            "date<tomorrowwwwwwwwwww",
            "is:drat",
            "@nope",
            "@to-clos",
            'title~"[a"',
            'city:"Saint',
            "open:true (paris OR lyon",
            "NOT",
            "paris OR",
        ):
            bar.value = query
            await pilot.pause()
            with pytest.raises(QueryError) as caught:
                parse_query(query, saved_filters(app.main.schema))
            words = " ".join(line.strip() for line in screen_lines(app)[3:6])
            assert caught.value.expected in words, query  # whole, wrapped if need be
            assert not words.startswith("column"), query  # the bar's cursor shows where
            assert app.main.table.region == table
        bar.value = "date<2021-12"
        await pilot.pause()
        assert not app.main.query_one("#filter-problem").display
        assert "is no date" not in "".join(screen_lines(app))
        bar.value = "date<2021-13"
        await pilot.pause()
        await pilot.press("enter")  # to the list: the status bar says it, from its start
        await pilot.pause()
        assert not app.main.query_one("#filter-problem").display
        assert "| '2021-13' is no date: date< takes" in status_bar(app)
        await pilot.press("slash")
        await pilot.pause()
        assert app.main.query_one("#filter-problem").display
        assert "is no date" not in status_bar(app)


async def test_the_empty_filters_hint_names_the_collections_status_field(
    board: Path,
    make_repo,  # type: ignore[no-untyped-def]
) -> None:
    """The hint said ``open:true`` on every site: a Hugo site's pages have ``draft``, and
    ``open:true`` there finds nothing. It names the collection's status field."""
    app = make_app(board)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "open:true, date<today" in screen_lines(app)[2]
    page = "+++\ntitle = 'A'\ndate = 2024-01-02\ndraft = false\n+++\nx\n"
    root = make_repo({"hugo.toml": "title = 'S'\n", "content/posts/a.md": page})
    app = make_app(root, "load")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        hint = screen_lines(app)[2]
        assert "draft:true, date<today" in hint and "open" not in hint
