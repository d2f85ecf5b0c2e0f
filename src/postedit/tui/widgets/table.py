"""The posting table: a DataTable that can show 10,000 rows per keystroke."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text
from textual import events
from textual._two_way_dict import TwoWayDict
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets._data_table import Row, RowKey

__all__ = ["PostingTable"]


class PostingTable(DataTable[Text]):
    """A DataTable with fixed-width columns and a fast ``show_rows``.

    DataTable measures every cell of every new row to size its columns, and ``add_row`` does
    per-row bookkeeping that costs ~20 us: 10,000 rows take a second. Our columns have fixed
    widths, so measuring is skipped, and ``show_rows`` fills the table's maps in one pass.
    Both lean on DataTable internals (Textual < 9 is pinned); tests/tui/test_table.py checks
    that the result is what ``add_row`` gives, so an upgrade that breaks them fails loudly.
    """

    BINDINGS = [
        Binding("home", "cursor_first", "First", show=False, id="list-first"),
        Binding("end", "cursor_last", "Last", show=False, id="list-last"),
    ]

    def action_cursor_first(self) -> None:
        """home: the first posting (DataTable scrolls sideways instead)."""
        if self.row_count:
            self.move_cursor(row=0)

    def action_cursor_last(self) -> None:
        """end: the last posting."""
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._row_cache: dict[str, tuple[Sequence[Text], RowKey, dict[Any, Text], Row]] = {}

    class WidthChanged(Message):
        """The table's width changed: the columns may be laid out again."""

        def __init__(self, width: int) -> None:
            super().__init__()
            self.width = width

    def on_resize(self, event: events.Resize) -> None:
        self.post_message(self.WidthChanged(event.size.width))

    def _update_dimensions(self, new_rows: Any) -> None:
        if any(column.auto_width for column in self.columns.values()):
            super()._update_dimensions(new_rows)
        else:
            super()._update_dimensions(())

    def show_rows(
        self,
        keys: Sequence[str],
        cells: Callable[[str], Sequence[Text]],
        keep: str | None = None,
    ) -> None:
        """Show exactly these rows, in this order, keeping the cursor on the same key.

        ``cells(key)`` should return the same list object while a row does not change: the
        table then reuses its row data instead of building it again.
        """
        current = keep if keep is not None else self.current_key()
        try:
            self._fill(keys, cells)
        except AttributeError:  # pragma: no cover - DataTable internals changed
            self.clear()
            for key in keys:
                self.add_row(*cells(key), key=key)
        row = 0
        if current is not None:
            index = self._row_locations.get(RowKey(current))
            row = index if index is not None else 0
        self.cursor_coordinate = Coordinate(row, 0)
        if keys:
            self.move_cursor(row=row, column=0, animate=False, scroll=True)

    def append_rows(self, keys: Sequence[str], cells: Callable[[str], Sequence[Text]]) -> None:
        """Add rows at the end without touching the others (loading, no filter or sort)."""
        if not keys:
            return
        column_keys = [column.key for column in self.ordered_columns]
        data, rows, locations = self._data, self.rows, self._row_locations
        index = len(rows)
        for key in keys:
            _, row_key, row_data, row = self._row_item(key, cells(key), column_keys)
            if row_key in rows:
                continue
            data[row_key] = row_data
            rows[row_key] = row
            locations[row_key] = index
            index += 1
        self._clear_caches()
        self._update_count += 1
        self._require_update_dimensions = True
        self.check_idle()
        self.refresh()

    def _row_item(
        self, key: str, row_cells: Sequence[Text], column_keys: list[Any]
    ) -> tuple[Sequence[Text], RowKey, dict[Any, Text], Row]:
        item = self._row_cache.get(key)
        if item is None or item[0] is not row_cells:
            row_key = RowKey(key)
            item = (
                row_cells,
                row_key,
                dict(zip(column_keys, row_cells, strict=False)),
                Row(row_key, 1),
            )
            self._row_cache[key] = item
        return item

    def _fill(self, keys: Sequence[str], cells: Callable[[str], Sequence[Text]]) -> None:
        column_keys = [column.key for column in self.ordered_columns]
        row_item = self._row_item
        data: dict[RowKey, dict[Any, Text]] = {}
        rows: dict[RowKey, Row] = {}
        locations: dict[RowKey, int] = {}
        for index, key in enumerate(keys):
            _, row_key, row_data, row = row_item(key, cells(key), column_keys)
            data[row_key] = row_data
            rows[row_key] = row
            locations[row_key] = index
        self._clear_caches()
        self._data = data
        self.rows = rows
        self._row_locations = TwoWayDict(locations)
        self._new_rows.clear()
        self._update_count += 1
        self._require_update_dimensions = True
        self.check_idle()
        self.refresh()

    def clear(self, columns: bool = False) -> PostingTable:
        """Clear the table (and the reusable row data when the columns go)."""
        if columns:
            self._row_cache.clear()
        super().clear(columns)
        return self

    def current_key(self) -> str | None:
        """The key of the highlighted row, or None when the table is empty."""
        if not self.row_count:
            return None
        try:
            row_key, _ = self.coordinate_to_cell_key(Coordinate(self.cursor_row, 0))
        except Exception:  # noqa: BLE001 - an empty or changing table
            return None
        return row_key.value

    def update_row(self, key: str, cells: Sequence[Text]) -> None:
        """Replace the cells of one row in place (no rebuild)."""
        row_key = RowKey(key)
        if row_key not in self._row_locations:
            return
        for column, cell in zip(self.ordered_columns, cells, strict=False):
            self.update_cell(row_key, column.key, cell)

    def has_key(self, key: str) -> bool:
        """True when a row with this key is shown."""
        return RowKey(key) in self._row_locations
