"""The posting table: a virtual list that draws only the rows on screen.

The rows shown are one Python list of keys (the postings' relative paths); their cells come
from a callback, asked only for the rows being drawn. Showing other rows (a filter keystroke,
a sort) replaces the list, sets the virtual height and repaints about twenty lines, whatever
the number of postings: no per-row object, no per-row bookkeeping.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

__all__ = ["Column", "PostingTable", "fit_widths"]

Cells = Callable[[str], Sequence[Text]]
"""Gives the cells of a row from its key (should return the same list while it holds)."""

_PADDING = 1
"""Blank cells on each side of a column."""

_LINE_CACHE = 1024
"""Rendered rows kept (a few screens' worth; cleared when full)."""


def _no_cells(key: str) -> Sequence[Text]:
    return ()


TITLE_WANTS = 32
"""Cells the title column gets before any other column may keep its full width."""
TITLE_MIN = 12
"""The title column never gets less (the table scrolls sideways instead)."""
FILE_MIN = 16
"""A file name cut shorter says little more than its date: the column is hidden instead."""
TEXT_MIN = 8
"""Other text columns shrink down to this."""


def fit_widths(
    widths: Mapping[str, int],
    room: int,
    *,
    title: str | None,
    file: str | None = None,
    text: Sequence[str] = (),
    title_wants: int = TITLE_WANTS,
) -> dict[str, int]:
    """Content widths for the columns ``widths`` (their natural widths, in order) in ``room``
    cells (padding included); a column left out is hidden.

    The ``title`` column gets the room first (``title_wants`` cells, and whatever is spare):
    to make it, the ``file`` column shrinks first (down to ``FILE_MIN``), then hides, then
    the other ``text`` columns shrink, the last first (down to ``TEXT_MIN``); then the title
    itself, down to ``TITLE_MIN``. The other columns (marks, dates, switches) keep theirs.
    """
    out = dict(widths)
    if title is None or title not in out:
        return out
    out[title] = max(TITLE_MIN, min(title_wants, TITLE_WANTS))

    def over() -> int:
        return sum(w + 2 * _PADDING for w in out.values()) - room

    if over() > 0 and file in out:
        out[file] -= min(over(), out[file] - FILE_MIN)
        if over() > 0:
            del out[file]
    for name in reversed(text):
        excess = over()
        if excess <= 0:
            break
        if name in out and name != title:
            out[name] -= max(0, min(excess, out[name] - TEXT_MIN))
    out[title] = max(TITLE_MIN, out[title] - over())
    return out


@dataclass
class Column:
    """A column of the table: its key, header label and fixed width (in cells)."""

    key: str
    """Identifies the column (HeaderSelected.column_key)."""
    label: Text
    """The header text (may be changed; call the table's refresh() after)."""
    width: int
    """Content width, without the padding on each side."""
    left: int = _PADDING
    """Blank cells before the content: 0 packs a narrow column against the one before it,
    whose right padding then separates them."""

    @property
    def render_width(self) -> int:
        """Width on screen, padding included."""
        return self.left + self.width + _PADDING


class PostingTable(ScrollView, can_focus=True):
    """A table of fixed-width columns over a list of row keys, drawn a line at a time.

    ``render_line(y)`` draws line ``y``: the header on the first line (it does not scroll),
    then the row ``keys[scroll_y + y - 1]``, whose cells it asks the ``cells`` callback for.
    Rendered rows are cached by key while the callback returns the same cells object.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"postingtable--header", "postingtable--cursor"}
    """The header row, and the highlighted row (styled in postedit.tcss)."""

    # no enter: the list's screen binds it (open) and runs it where the other keys run; the
    # table's own select_cursor posted RowSelected for the screen to open the posting, one
    # message later, and ``enter t`` in one read toggled the posting before the form came up
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Cursor up", show=False, tooltip="Up one posting"),
        Binding("down", "cursor_down", "Cursor down", show=False, tooltip="Down one posting"),
        Binding("j", "cursor_down", "Cursor down", show=False, tooltip="Down one posting"),
        Binding("k", "cursor_up", "Cursor up", show=False, tooltip="Up one posting"),
        Binding("pageup", "page_up", "Page up", show=False, tooltip="Up one page"),
        Binding("pagedown", "page_down", "Page down", show=False, tooltip="Down one page"),
        Binding(
            "home",
            "cursor_first",
            "First",
            show=False,
            id="list-first",
            tooltip="To the first posting",
        ),
        Binding(
            "end", "cursor_last", "Last", show=False, id="list-last", tooltip="To the last posting"
        ),
    ]

    class _TableMessage(Message):
        """A message about the table (``@on(..., "#postings")`` selects on it)."""

        def __init__(self, table: PostingTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> PostingTable:
            """The table."""
            return self.table

    class RowHighlighted(_TableMessage):
        """The cursor moved to another row (or the row under it changed)."""

        def __init__(self, table: PostingTable, cursor_row: int, row_key: str | None) -> None:
            super().__init__(table)
            self.cursor_row = cursor_row
            """Index of the highlighted row."""
            self.row_key = row_key
            """Key of the highlighted row (None when the table is empty)."""

    class RowSelected(_TableMessage):
        """Enter on the highlighted row, or a click on it."""

        def __init__(self, table: PostingTable, cursor_row: int, row_key: str) -> None:
            super().__init__(table)
            self.cursor_row = cursor_row
            """Index of the selected row."""
            self.row_key = row_key
            """Key of the selected row."""

    class HeaderSelected(_TableMessage):
        """A click on a column's header."""

        def __init__(self, table: PostingTable, column_key: str, column_index: int) -> None:
            super().__init__(table)
            self.column_key = column_key
            """Key of the column clicked."""
            self.column_index = column_index
            """Its position."""

    class WidthChanged(Message):
        """The table's width changed: the columns may be laid out again."""

        def __init__(self, width: int) -> None:
            super().__init__()
            self.width = width
            """The new width."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's name
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.columns: dict[str, Column] = {}
        """The columns, in order, by key."""
        self.keys: list[str] = []
        """The keys of the rows shown, in order (do not change it in place)."""
        self.update_count = 0
        """Bumped whenever the rows shown or their content change (a hook for benchmarks)."""
        self._cells: Cells = _no_cells
        self._cursor = 0
        self._positions: dict[str, int] | None = None  # key -> row, built when asked
        self._lines: dict[tuple[str, bool], tuple[Sequence[Text], Strip]] = {}
        self._style_state: object = None
        self._highlighted: tuple[int, str | None] = (0, None)

    # -- rows -------------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """Number of rows shown."""
        return len(self.keys)

    @property
    def cursor_row(self) -> int:
        """Index of the highlighted row (0 when empty)."""
        return self._cursor

    def current_key(self) -> str | None:
        """The key of the highlighted row, or None when the table is empty."""
        keys = self.keys
        return keys[self._cursor] if 0 <= self._cursor < len(keys) else None

    def has_key(self, key: str) -> bool:
        """True when a row with this key is shown."""
        return key in self._index()

    def row_of(self, key: str) -> int | None:
        """The index of the row with this key, or None when it is not shown."""
        return self._index().get(key)

    def show_rows(self, keys: Sequence[str], cells: Cells, keep: str | None = None) -> None:
        """Show exactly these rows, in this order, keeping the cursor on the same key.

        ``keep`` names the row to highlight (default: the one highlighted now); when it is not
        shown any more the first row is highlighted. ``cells(key)`` is called only for rows
        drawn, and should return the same list object while a row does not change.
        """
        current = keep if keep is not None else self.current_key()
        self.keys = list(keys)
        self._cells = cells
        self._positions = None
        row = 0
        if current is not None:
            try:
                row = self.keys.index(current)
            except ValueError:
                row = 0
        self._rows_changed()
        self.move_cursor(row=row)

    def append_rows(self, keys: Sequence[str], cells: Cells) -> None:
        """Add rows at the end without touching the others (loading, no filter or sort)."""
        index = self._index()
        new: list[str] = []
        for key in keys:
            if key not in index:
                index[key] = len(self.keys) + len(new)
                new.append(key)
        self._cells = cells
        if not new:
            return
        self.keys.extend(new)
        self._rows_changed()
        if len(self.keys) == len(new):
            self.move_cursor(row=0)

    def update_row(self, key: str) -> None:
        """Row ``key`` changed: draw it again (its cells come from the callback)."""
        self._lines.pop((key, False), None)
        self._lines.pop((key, True), None)
        self.update_count += 1
        row = self._index().get(key)
        if row is not None:
            self._refresh_row(row)
            if row == self._cursor:
                self._post_highlighted(force=True)

    def clear(self, columns: bool = False) -> PostingTable:
        """Remove every row (and the columns too with ``columns``)."""
        self.keys = []
        self._positions = None
        if columns:
            self.columns = {}
        self._lines.clear()
        self._rows_changed()
        self.move_cursor(row=0)
        return self

    def add_column(
        self, label: str | Text, *, width: int, key: str | None = None, left: int = _PADDING
    ) -> str:
        """Add a column of fixed ``width`` (``left``: blank cells before it); returns its key
        (the label's text by default)."""
        text = label if isinstance(label, Text) else Text(label)
        column_key = key if key is not None else text.plain
        self.columns[column_key] = Column(column_key, text, width, left)
        self._lines.clear()
        self._rows_changed()
        return column_key

    def _index(self) -> dict[str, int]:
        if self._positions is None:
            self._positions = {key: row for row, key in enumerate(self.keys)}
        return self._positions

    def _rows_changed(self) -> None:
        self.update_count += 1
        width = sum(column.render_width for column in self.columns.values())
        self.virtual_size = Size(width, len(self.keys) + 1)
        self.refresh()

    # -- the cursor -------------------------------------------------------------------------------

    def move_cursor(
        self, *, row: int | None = None, animate: bool = False, scroll: bool = True
    ) -> None:
        """Highlight row ``row`` (clamped to the rows shown) and scroll it into view."""
        if row is not None:
            row = max(0, min(row, len(self.keys) - 1))
            if row != self._cursor:
                self._refresh_row(self._cursor)
                self._cursor = row
                self._refresh_row(row)
        if scroll:
            self._scroll_to_cursor(animate)
        self._post_highlighted()

    def _post_highlighted(self, force: bool = False) -> None:
        now = (self._cursor, self.current_key())
        if force or now != self._highlighted:
            self._highlighted = now
            self.post_message(self.RowHighlighted(self, *now))

    def _scroll_to_cursor(self, animate: bool = False) -> None:
        lines = self.scrollable_content_region.height - 1  # the header does not scroll
        if lines <= 0:
            return
        now = round(self.scroll_y)
        top = min(now, max(0, len(self.keys) - lines))
        if self._cursor < top:
            top = self._cursor
        elif self._cursor >= top + lines:
            top = self._cursor - lines + 1
        if top != now:
            self.scroll_to(y=top, animate=animate)

    def _refresh_row(self, row: int) -> None:
        y = row + 1 - round(self.scroll_y)
        if 0 < y < self.size.height:
            self.refresh_line(row + 1)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def action_cursor_up(self) -> None:
        """Highlight the row above."""
        self.move_cursor(row=self._cursor - 1)

    def action_cursor_down(self) -> None:
        """Highlight the row below."""
        self.move_cursor(row=self._cursor + 1)

    def action_page_up(self) -> None:
        """Up by a screenful."""
        self.move_cursor(row=self._cursor - self._page())

    def action_page_down(self) -> None:
        """Down by a screenful."""
        self.move_cursor(row=self._cursor + self._page())

    def action_cursor_first(self) -> None:
        """home: the first posting."""
        self.move_cursor(row=0)

    def action_cursor_last(self) -> None:
        """end: the last posting."""
        self.move_cursor(row=len(self.keys) - 1)

    def action_select_cursor(self) -> None:
        """enter: select the highlighted row."""
        key = self.current_key()
        if key is not None:
            self.post_message(self.RowSelected(self, self._cursor, key))

    # -- events -----------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._lines.clear()
        self._scroll_to_cursor()
        self.post_message(self.WidthChanged(event.size.width))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            x = offset.x + round(self.scroll_x)
            for index, column in enumerate(self.columns.values()):
                if x < column.render_width:
                    self.post_message(self.HeaderSelected(self, column.key, index))
                    break
                x -= column.render_width
            return
        row = offset.y - 1 + round(self.scroll_y)
        if row >= len(self.keys):
            return
        event.stop()
        if row == self._cursor:
            self.action_select_cursor()
        else:
            self.move_cursor(row=row)

    def notify_style_update(self) -> None:
        self._lines.clear()
        super().notify_style_update()

    # -- rendering --------------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        state = self.get_pseudo_class_state()
        if state != self._style_state:
            self._style_state = state
            self._lines.clear()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the widget: the header, or the row ``scroll_y + y - 1``."""
        width = self.size.width
        base = self.rich_style
        if y == 0:
            header = self.get_component_styles("postingtable--header").rich_style
            strip = self._strip([c.label for c in self.columns.values()], base + header, None)
        else:
            row = round(self.scroll_y) + y - 1
            if row >= len(self.keys):
                return Strip.blank(width, base)
            strip = self._row_strip(self.keys[row], row == self._cursor, base)
        scroll_x = round(self.scroll_x)
        if scroll_x or strip.cell_length > width:
            strip = strip.crop(scroll_x, scroll_x + width)
        return strip.extend_cell_length(width, self._fill_style(y, base))

    def _fill_style(self, y: int, base: Style) -> Style:
        if y == 0:
            return base + self.get_component_styles("postingtable--header").rich_style
        if round(self.scroll_y) + y - 1 == self._cursor:
            return base + self.get_component_rich_style("postingtable--cursor")
        return base

    def _row_strip(self, key: str, cursor: bool, base: Style) -> Strip:
        cells = self._cells(key)
        cached = self._lines.get((key, cursor))
        if cached is not None and cached[0] is cells:
            return cached[1]
        if cursor:
            highlight = self.get_component_rich_style("postingtable--cursor")
            # the cursor's colour wins over the cells' own (as DataTable's default)
            strip = self._strip(cells, base + highlight, Style(color=highlight.color))
        else:
            strip = self._strip(cells, base, None)
        if len(self._lines) >= _LINE_CACHE:
            self._lines.clear()
        self._lines[(key, cursor)] = (cells, strip)
        return strip

    def _strip(self, cells: Sequence[Text], style: Style, post: Style | None) -> Strip:
        """One line of cells, each padded and cut to its column's width."""
        line = Text(no_wrap=True, end="")
        pad = " " * _PADDING
        for column, cell in zip(self.columns.values(), cells, strict=False):
            text = cell.copy() if "\n" not in cell.plain else Text(" ").join(cell.split())
            text.truncate(column.width, overflow="crop", pad=True)
            line.append(" " * column.left)
            line.append_text(text)
            line.append(pad)
        segments = list(line.render(self.app.console))
        return Strip(Segment.apply_style(segments, style, post), line.cell_len)
