"""The posting table: what it shows, where the cursor goes, what it tells its parent, and
that it only does work for the rows on screen."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult
from textual.message import Message
from textual.widgets import Input

import postedit.tui
from postedit.tui.widgets.table import PostingTable
from tests.tui.helpers import JOBS, jobs_schema, make_app, settle

CSS = Path(postedit.tui.__file__).parent / "postedit.tcss"


class _TableApp(App[None]):
    CSS_PATH = CSS

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[Message] = []

    def compose(self) -> ComposeResult:
        yield PostingTable(id="postings")

    @on(PostingTable.RowHighlighted, "#postings")
    @on(PostingTable.RowSelected, "#postings")
    @on(PostingTable.HeaderSelected, "#postings")
    def _note(self, message: Message) -> None:
        self.messages.append(message)


class _Cells:
    """A cells callback that counts its calls and keeps one list per key (as MainScreen)."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.rows: dict[str, list[Text]] = {}

    def __call__(self, key: str) -> Sequence[Text]:
        self.asked.append(key)
        row = self.rows.get(key)
        if row is None:
            row = self.rows[key] = [Text(key), Text(key.upper()), Text(str(len(key)))]
        return row


def _setup(app: _TableApp) -> PostingTable:
    table = app.query_one(PostingTable)
    for name, width in (("a", 10), ("b", 10), ("c", 3)):
        table.add_column(Text(name), width=width, key=name)
    table.focus()
    return table


def _lines(table: PostingTable) -> list[str]:
    """The text of every line of the table as drawn."""
    return [table.render_line(y).text.rstrip() for y in range(table.size.height)]


async def test_shows_header_and_rows_and_keeps_the_cursor_on_its_row() -> None:
    app = _TableApp()
    async with app.run_test(size=(40, 10)) as pilot:
        table = _setup(app)
        cells = _Cells()
        table.show_rows(["k1", "k22", "k333"], cells)
        await pilot.pause()
        assert _lines(table)[:4] == [
            " a           b           c",
            " k1          K1          2",
            " k22         K22         3",
            " k333        K333        4",
        ]
        assert table.row_count == 3 and table.has_key("k22") and not table.has_key("k4")
        await pilot.press("down")
        assert table.current_key() == "k22" and table.cursor_row == 1
        count = table.update_count
        table.show_rows(["k333", "k0", "k22"], cells)  # the cursor follows its row
        assert table.update_count > count
        assert table.current_key() == "k22" and table.cursor_row == 2
        table.show_rows(["k333", "k0"], cells)  # its row is gone: the first one
        assert table.current_key() == "k333"
        table.show_rows(["k1", "k0"], cells, keep="k0")
        assert table.current_key() == "k0"
        table.show_rows([], cells)
        assert table.current_key() is None and table.row_count == 0
        await pilot.pause()
        assert _lines(table)[1:] == [""] * 9


async def test_a_changed_row_is_drawn_again() -> None:
    app = _TableApp()
    async with app.run_test(size=(40, 10)) as pilot:
        table = _setup(app)
        cells = _Cells()
        table.show_rows(["k1", "k22"], cells)
        await pilot.pause()
        cells.rows["k22"] = [Text("x"), Text("y"), Text("toolong")]
        table.update_row("k22")
        await pilot.pause()
        assert _lines(table)[2] == " x           y           too"  # cut to its column
        # a new cells list for a row is noticed on the next show_rows, without update_row
        cells.rows["k1"] = [Text("new")]
        table.show_rows(["k1", "k22"], cells)
        await pilot.pause()
        assert _lines(table)[1] == " new"


async def test_keys_move_the_cursor_and_scroll() -> None:
    app = _TableApp()
    async with app.run_test(size=(40, 10)) as pilot:
        table = _setup(app)
        keys = [f"k{i:03}" for i in range(100)]
        table.show_rows(keys, _Cells())
        await pilot.pause()
        await pilot.press("end")
        assert table.current_key() == "k099"
        await pilot.pause()
        lines = _lines(table)
        assert lines[0].startswith(" a") and lines[-1].startswith(" k099")  # header stays
        await pilot.press("pageup")
        assert table.cursor_row == 99 - (table.scrollable_content_region.height - 1)
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0 and _lines(table)[1].startswith(" k000")
        await pilot.press("pagedown", "down", "up", "up")
        assert table.cursor_row == table.scrollable_content_region.height - 2
        table.move_cursor(row=50)
        await pilot.pause()
        assert any(line.startswith(" k050") for line in _lines(table))


async def test_messages_enter_clicks_and_wheel() -> None:
    app = _TableApp()
    async with app.run_test(size=(40, 10)) as pilot:
        table = _setup(app)
        table.show_rows([f"k{i:03}" for i in range(100)], _Cells())
        await pilot.pause()
        app.messages.clear()
        await pilot.press("down")
        await pilot.pause()
        highlighted = [m for m in app.messages if isinstance(m, PostingTable.RowHighlighted)]
        assert [(m.cursor_row, m.row_key) for m in highlighted] == [(1, "k001")]
        await pilot.press("enter")  # not the table's: the list's screen binds it (open)
        await pilot.click(table, offset=(5, 3))  # another row: highlights it
        await pilot.click(table, offset=(5, 3))  # the highlighted row: selects it
        await pilot.click(table, offset=(14, 0))  # the header of column b
        await pilot.pause()
        selected = [m for m in app.messages if isinstance(m, PostingTable.RowSelected)]
        assert [m.row_key for m in selected] == ["k002"]
        headers = [m for m in app.messages if isinstance(m, PostingTable.HeaderSelected)]
        assert [(m.column_key, m.column_index) for m in headers] == [("b", 1)]
        for _ in range(3):
            table.post_message(events.MouseScrollDown(table, 5, 3, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert table.scroll_y > 0 and table.current_key() == "k002"  # the wheel scrolls only


async def test_work_per_change_does_not_depend_on_the_number_of_rows() -> None:
    app = _TableApp()
    async with app.run_test(size=(40, 10)) as pilot:
        table = _setup(app)
        cells = _Cells()
        keys = [f"k{i:05}" for i in range(10_000)]
        table.show_rows(keys, cells)
        await pilot.pause()
        screenful = table.size.height
        assert 0 < len(set(cells.asked)) <= screenful
        cells.asked.clear()
        table.show_rows(keys[::3], cells)  # a filter keystroke
        await pilot.pause()
        assert 0 < len(set(cells.asked)) <= screenful
        cells.asked.clear()
        table.append_rows([f"n{i}" for i in range(1000)], cells)  # a batch while loading
        await pilot.pause()
        assert len(set(cells.asked)) <= screenful
        assert table.row_count == len(keys[::3]) + 1000 and table.has_key("n999")
        table.append_rows(["n0", "n1000"], cells)  # rows already shown are not added again
        assert table.row_count == len(keys[::3]) + 1001


async def test_clear_columns_and_header_labels() -> None:
    app = _TableApp()
    async with app.run_test(size=(40, 10)) as pilot:
        table = _setup(app)
        table.show_rows(["k1"], _Cells())
        table.columns["a"].label = Text("A ^")
        table.refresh()
        await pilot.pause()
        assert _lines(table)[0].startswith(" A ^")
        table.clear(columns=True)
        assert table.columns == {} and table.row_count == 0
        table.add_column("only", width=4, key="only")
        table.show_rows(["k1"], _Cells())
        await pilot.pause()
        assert _lines(table)[:2] == [" only", " k1"]


# -- the list screen over the table ------------------------------------------------------------

ALPHA = f"{JOBS}/2021-03-01-alpha.md"
BRAVO = f"{JOBS}/2021-08-15-bravo.md"
DELTA = f"{JOBS}/2022-01-20-delta.md"


async def test_a_toggle_under_a_filter_moves_only_the_rows_it_must(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen, table = app.main, app.main.table
        filter_input = screen.query_one("#filter", Input)
        filter_input.value = "open:true"
        await pilot.pause()
        assert screen.shown == [ALPHA, BRAVO, DELTA]
        filter_input.value = "alpha"
        await pilot.pause()
        assert table.keys == [ALPHA]
        shown = screen.shown
        await pilot.press("escape", "t")  # alpha still matches "alpha": its row is redrawn
        await settle(app, pilot)
        assert screen.shown is shown and table.keys == [ALPHA]
        assert "no" in _lines(table)[1].split()
        filter_input.value = "open:true"  # seen before the toggle: not the old result
        await pilot.pause()
        assert screen.shown == [BRAVO, DELTA]
        table.move_cursor(row=1)
        shown = screen.shown
        await pilot.press("t")  # delta no longer matches: kept until the filter changes
        await settle(app, pilot)
        assert screen.shown is shown and table.current_key() == DELTA
        assert "no" in _lines(table)[2].split()
        filter_input.value = "is:modified"  # depends on the edits, not only on the postings
        await pilot.pause()
        assert screen.shown == [ALPHA, DELTA]
        table.move_cursor(row=0)
        await pilot.press("t")  # back to the original bytes: no longer modified, still shown
        await settle(app, pilot)
        assert screen.shown == [ALPHA, DELTA]
        filter_input.value = "is:modified "
        await pilot.pause()
        assert screen.shown == [DELTA]


async def test_sorted_filter_keeps_the_order_and_the_cursor(site: Path) -> None:
    app = make_app(site, jobs_schema(sort="-date"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen, table = app.main, app.main.table
        assert screen.shown[:3] == [DELTA, f"{JOBS}/2021-10-02-charlie.md", BRAVO]
        everything = list(screen.shown)
        table.move_cursor(row=2)
        filter_input = screen.query_one("#filter", Input)
        for text in ("d", "de", "des", "", "des", "open:true"):
            filter_input.value = text
            await pilot.pause()
            assert table.current_key() == BRAVO
            assert screen.shown == [rel for rel in everything if rel in set(screen.shown)]
            if not text:
                assert screen.shown == everything
        assert screen.shown == [DELTA, BRAVO, ALPHA]
