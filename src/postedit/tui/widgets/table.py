"""The posting table: a DataTable that can show 10,000 rows per keystroke."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text
from textual import events
from textual._two_way_dict import TwoWayDict
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

    def show_rows(self, keys: Sequence[str], cells: Callable[[str], Sequence[Text]]) -> None:
        """Show exactly these rows, in this order, keeping the cursor on the same key."""
        current = self.current_key()
        self.clear()
        try:
            self._fill(keys, cells)
        except AttributeError:  # pragma: no cover - DataTable internals changed
            self.clear()
            for key in keys:
                self.add_row(*cells(key), key=key)
        if keys:
            row = 0
            if current is not None:
                index = self._row_locations.get(RowKey(current))
                row = index if index is not None else 0
            self.move_cursor(row=row, column=0, animate=False, scroll=True)

    def _fill(self, keys: Sequence[str], cells: Callable[[str], Sequence[Text]]) -> None:
        column_keys = [column.key for column in self.ordered_columns]
        data = self._data
        rows = self.rows
        locations: dict[RowKey, int] = {}
        for index, key in enumerate(keys):
            row_key = RowKey(key)
            locations[row_key] = index
            data[row_key] = dict(zip(column_keys, cells(key), strict=False))
            rows[row_key] = Row(row_key, 1)
        self._row_locations = TwoWayDict(locations)
        self._update_count += 1
        self._require_update_dimensions = True
        self.cursor_coordinate = Coordinate(0, 0)
        self.check_idle()
        self.refresh()

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
