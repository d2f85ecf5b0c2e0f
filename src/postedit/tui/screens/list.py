"""The main screen: collections, the filter bar, the posting table, the detail pane."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static, Tab, Tabs

from postedit.core.discover import file_label
from postedit.core.git.state import plural
from postedit.core.query import (
    Query,
    QueryError,
    group_counts,
    other_collections,
    parse_query,
    quote,
    saved_filters,
    unknown_field_hints,
)
from postedit.core.sanitize import visible
from postedit.core.schema import CollectionSpec, Schema
from postedit.core.site import preview_url, site_field, state_mark
from postedit.core.status import status_field
from postedit.core.workspace import NO_POSTINGS_HELP
from postedit.tui.keys import key_label
from postedit.tui.model import (
    FILE_COLUMN,
    Entry,
    ListModel,
    date_column,
    default_columns,
    display,
    findings_mark,
    title_column,
)
from postedit.tui.safe import escape, safe_text
from postedit.tui.widgets.inorder import InOrderInput, read_again
from postedit.tui.widgets.keybar import KeyBar
from postedit.tui.widgets.table import TITLE_WANTS, PostingTable, fit_widths

if TYPE_CHECKING:
    from textual.timer import Timer

__all__ = ["MainScreen"]

_REFILTER_EVERY = 0.25
"""While loading with a filter or sort: seconds between two rebuilds of the list."""

_MARK_COLUMNS = (
    ("_mark", "*", 1, 1),
    ("_edit", "M", 1, 0),
    ("_check", "!", 3, 0),
    ("_site", "S", 1, 0),
)
"""(key, header, width, left padding): the mark, the edit state, the findings count (``E2``,
``W3``) and what the site does with the posting (``d`` draft, ``s`` scheduled, ``x`` expired:
site.STATE_MARKS). One blank cell between them, not the two between other columns: the four
take the room three took, and the title keeps its width at 80 columns. Keys start with ``_``:
no field's name (a field ``state`` or ``site`` gets a column of its own)."""
_MARKS_WIDTH = sum(left + width + 1 for _, _, width, left in _MARK_COLUMNS)
"""Cells the mark columns take, with their padding."""

_CELL_CHARS = 400
"""Characters of a value looked at for a cell (wider than any terminal's column)."""
_DETAIL_CHARS = 2_000
"""Characters of one value or body line shown in the detail pane."""


class CollectionTabs(Tabs):
    """The collections' tabs, whose underline jumps rather than glides when a count changes.

    Textual animates the underline for 0.3 s after any relabel: at 60 frames a second that
    redraws the screen 18 times for a count going from "Jobs" to "Jobs (542)", and a picture
    taken meanwhile catches the underline half way. The active tab is kept on screen when
    counts widen the tabs before it (Textual scrolls to it only when it is activated).
    """

    def _on_tab_relabelled(self, event: Tab.Relabelled) -> None:
        event.stop()
        self._highlight_active(animate=False)
        # counts widen the tabs before the active one: it may be pushed off screen
        self.call_after_refresh(self._show_active)

    def _scroll_active_tab(self) -> None:
        # Textual's own (on activation and resize) scrolls before the tabs are laid out
        # again, and glides: once laid out, at once
        self.call_after_refresh(self._show_active)

    def _show_active(self) -> None:
        """Scroll the active tab into view (at once: no glide on every count)."""
        active = self.active_tab
        if active is not None:
            scroll = self.query_one("#tabs-scroll")
            scroll.scroll_to_center(active, animate=False, force=True, immediate=True)


class FilterInput(InOrderInput):
    """The filter bar: enter or down goes to the list, the filter staying in force."""

    BINDINGS = [
        Binding(
            "enter",
            "screen.back",
            "List",
            key_display="enter",
            id="filter-to-list",
            tooltip="Go to the list (the filter stays)",
        ),
        Binding(
            "down",
            "screen.back",
            "List",
            show=False,
            id="filter-down-to-list",
            tooltip="Go to the list (the filter stays)",
        ),
    ]


def filter_hint(status: str | None) -> str:
    """The empty filter bar's hint: its example of a field names the collection's status
    field (``draft:true`` on a Hugo site, which has no ``open``), none when it has none."""
    example = f" {visible(status, limit=20)}:true," if status else ""  # a schema's name
    return f"/ filter: words,{example} date<today, a OR b (f1 for help)"


class MainScreen(Screen[None]):
    """The posting list of one collection at a time, filtered and sorted.

    The app gives it the list's model and the collections (attributes down); what the user
    asks for (toggle, revert, commit, open...) goes up as messages the app acts on.
    """

    class Act(Message):
        """The user asked for ``action`` on ``paths`` (the highlighted or marked postings).

        Actions: ``toggle`` (``field`` names the field), ``revert``, ``undo-edit``,
        ``redo-edit``, ``delete``, ``open``,
        ``new``, ``duplicate``, ``external``, ``history``, ``commit``, ``push``, ``pull``,
        ``reload``.
        """

        def __init__(self, action: str, paths: Sequence[str] = (), field: str | None = None):
            super().__init__()
            self.action = action
            """What to do."""
            self.paths = list(paths)
            """The postings concerned (none for commit, push, pull, reload, new)."""
            self.field = field
            """The field to toggle."""

    class Hint(Message):
        """A short message for the status bar (``""`` clears it)."""

        def __init__(self, text: str, error: bool = False) -> None:
            super().__init__()
            self.text = text
            self.error = error

    class FilterProblem(Message):
        """Why the filter typed cannot be read (``""``: it can again); the status bar says it
        until it is fixed."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class MarksChanged(Message):
        """The marks changed: the status bar counts them."""

    BINDINGS = [
        Binding(
            "slash",
            "focus_filter",
            "Filter",
            id="filter",
            tooltip="Type a filter (the list updates as you type)",
            # priority: keys typed in the same burst as "/" were already queued for the
            # table by the time a normal binding ran, and were lost
            priority=True,
        ),
        Binding(
            "escape",
            "back",
            "Back",
            show=False,
            id="back",
            tooltip="Back to the list (the filter stays)",
        ),
        Binding(
            "t",
            "toggle_status",
            "Toggle",
            id="toggle-status",
            tooltip="Toggle the status field of the highlighted or marked postings",
        ),
        Binding(
            "space",
            "mark",
            "Mark",
            id="mark",
            tooltip="Mark or unmark the posting and move down (t, u, d act on the marks)",
        ),
        Binding(
            "a",
            "mark_all",
            "Mark all",
            show=False,
            id="mark-all",
            tooltip="Mark every posting the filter shows",
        ),
        Binding(
            "A",
            "clear_marks",
            "Clear marks",
            show=False,
            id="clear-marks",
            tooltip="Unmark everything",
        ),
        Binding(
            "u",
            "revert",
            "Revert",
            id="revert",
            tooltip="Revert the uncommitted change; asks first for a form edit, a creation or "
            "a restore",
        ),
        Binding(
            "ctrl+z",
            "undo_edit",
            "Undo",
            show=False,
            id="undo-edit",
            tooltip="Undo the last edit not committed yet, step by step",
        ),
        Binding(
            "ctrl+y",
            "redo_edit",
            "Redo",
            show=False,
            id="redo-edit",
            tooltip="Redo the edit undone last",
        ),
        Binding(
            "c",
            "commit",
            "Commit",
            id="commit",
            tooltip="Review the diff and commit postedit's edits",
        ),
        Binding(
            "enter",
            "open",
            "Open",
            show=False,
            id="open",
            tooltip="Edit the posting (form and body)",
        ),
        Binding(
            "n", "new", "New", show=False, id="new", tooltip="Create a posting in this collection"
        ),
        Binding(
            "D",
            "duplicate",
            "Duplicate",
            show=False,
            id="duplicate",
            tooltip="Create a posting starting from this one",
        ),
        Binding(
            "d,delete",
            "delete",
            "Delete",
            show=False,
            id="delete",
            tooltip="Delete the highlighted or marked postings (asks first; u undoes)",
        ),
        Binding(
            "e",
            "external",
            "$EDITOR",
            show=False,
            id="external-editor",
            tooltip="Open the posting in $VISUAL / $EDITOR",
        ),
        Binding(
            "s",
            "sort",
            "Sort",
            show=False,
            id="sort",
            tooltip="Sort by the next column (a header click sorts too)",
        ),
        Binding(
            "S",
            "reverse_sort",
            "Reverse sort",
            show=False,
            id="reverse-sort",
            tooltip="Reverse the sort order",
        ),
        Binding(
            "v",
            "detail",
            "Detail",
            show=False,
            id="detail",
            tooltip="Show or hide the detail pane (fields, findings, body)",
        ),
        Binding(
            "L",
            "history",
            "History",
            show=False,
            id="history",
            tooltip="History of the posting (commits, diffs)",
        ),
        Binding("P", "push", "Push", show=False, id="push", tooltip="Push to the upstream"),
        Binding(
            "F",
            "pull",
            "Pull",
            show=False,
            id="pull",
            tooltip="Pull from the upstream (fast-forward) and reload",
        ),
        Binding(
            "r",
            "reload",
            "Reload",
            show=False,
            id="reload",
            tooltip="Read the schema and every posting again from disk",
        ),
        Binding(
            "at",
            "saved_filters",
            "Saved filters",
            show=False,
            id="saved-filters",
            tooltip="List the saved filters (postedit.yml, Decap view_filters): enter applies one",
        ),
        Binding(
            "left_square_bracket",
            "collection(-1)",
            "Prev collection",
            show=False,
            id="prev-collection",
            tooltip="Show the previous collection",
        ),
        Binding(
            "right_square_bracket",
            "collection(1)",
            "Next collection",
            show=False,
            id="next-collection",
            tooltip="Show the next collection",
        ),
    ]

    AUTO_FOCUS = "#postings"
    """The list has the keys from the start. Textual focuses the screen's first focusable
    widget else (the tabs), and moving the focus to the list then restyles the screen twice
    before its first frame (4 ms)."""

    def __init__(
        self,
        model: ListModel,
        root: Path,
        specs: Sequence[CollectionSpec] = (),
        schema: Schema | None = None,
        started: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(id="main")
        self._started = started
        """Called once the screen is mounted, before its first frame (the app shows the
        postings read so far)."""
        self.model = model
        """The postings, marks and edits shown."""
        self.root = root
        """The repository's folder (named when there is nothing to list)."""
        self.specs: list[CollectionSpec] = list(specs)
        """The collections shown as tabs, one each (their counts are filled in as postings
        load)."""
        self.schema = schema if schema is not None else Schema(())
        """The schema (its saved filters; set again by the app when it infers a whole one)."""
        self.loaded = False
        """Every posting was read (set by the app)."""
        self.hint = ""
        """The hint the status bar shows (set by the app)."""
        self.asked: list[MainScreen.Act] = []
        """Requests posted to the app and not acted on yet (the app takes them off as it
        acts): keys read meanwhile wait for it."""
        self.marks_said = 0
        """How many marked postings the status bar says the view shows (set by the app)."""
        self.collection: CollectionSpec | None = None
        """The collection shown."""
        self.filter_query: Query = parse_query("")
        """The filter in force (the last one that parsed)."""
        self.sort_column: str | None = None
        """Field the rows are sorted by (None: file order)."""
        self.sort_reverse = False
        """Descending sort."""
        self.columns: list[str] = []
        """Fields shown as columns (after the three mark columns)."""
        self.title_column: str | None = None
        """The column that takes the spare width and shows why a posting is unreadable."""
        self.shown_columns: list[str] = []
        """The columns the table has room for (the file name is the first to go)."""
        self.shown: list[str] = []
        """Paths shown, in order."""
        self.kept: set[str] = set()
        """Rows an edit changed while they were shown (``keep``): shown until the filter or
        the collection changes, whether the filter takes them now or not. ``t`` on an open
        offer under ``open:true`` leaves it on the line it was on, so that the next key
        (``u``, ``t`` again, ``enter``) acts on it, not on the row that came up under it."""
        self._matching = 0  # how many of the rows shown the filter takes (the count says it)
        self._cells: dict[str, list[Text]] = {}
        self._stale: dict[str, list[Text]] = {}  # rows drawn before a reload, until it ends
        self._filter_problem = ""  # why the filter typed cannot be read ("": it can)
        self._status_problem = ""  # what the status bar was told of it (not while typing)
        self._noted = ""  # what the note under the filter bar says of it (only while typing)
        self._empty_text = ""  # the notice shown instead of the table ("": the table)
        self._count_text = ""  # what the match count beside the filter bar says
        self._keep: str | None = None  # the row to highlight again after new columns
        self._return_to: str | None = None  # the row highlighted before a new schema's columns
        self._waiting: list[str] = []  # rows an edit added that the filter hid (highlight_first)
        self._waiting_at: str | None = None  # the row highlighted since: another is a user's move
        self._tab_round = 0  # the tabs were made anew this many times (a new schema's)
        self._chosen = False  # the user picked a collection: loading does not switch
        self._auto = False
        self._table_width = 0
        self._refilter_timer: Timer | None = None
        self._last_refilter = 0.0
        self._refilter_cost = 0.0
        if self.specs:
            self.collection = self.specs[0]
            self.default_sort()

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield CollectionTabs(
            *(Tab(safe_text(spec.title), id=self._tab_id(i)) for i, spec in enumerate(self.specs)),
            id="collections",
        )
        yield Static("", id="banner", markup=False)
        with Horizontal(id="filter-bar"):
            yield FilterInput(placeholder=filter_hint("open"), id="filter")
            yield Static("", id="matches", markup=False)
        with Horizontal(id="body"):
            yield PostingTable(id="postings")
            yield Static("", id="filter-problem", markup=False)
            yield Static("", id="empty", markup=False)
            with VerticalScroll(id="detail"):
                yield Static("", id="detail-text")
        yield Static("", id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#collections").display = bool(self.specs)
        self.query_one("#empty").display = False
        self.query_one("#detail").display = False
        self.query_one("#banner").display = False
        self.query_one("#filter-problem").display = False
        if self._started is not None:
            self._started()

    @property
    def table(self) -> PostingTable:
        """The posting table."""
        return self.query_one("#postings", PostingTable)

    def empty_message(
        self,
        spec: CollectionSpec | None,
        missing: Sequence[tuple[CollectionSpec, str, str | None]] = (),
    ) -> str:
        """What to tell the user when there is nothing to list; ``missing``: the collections
        whose folder (or file) is not in the work tree (Workspace.missing_collections), each
        with where the schema declares it (Workspace.declared_at: ``admin/config.yml:57``,
        as ``check`` and ``list`` say it) and a folder here of the same name
        (Workspace.folder_like) or None."""
        if spec is None and missing:
            folders = "".join(
                f"\n  {f'{where}: ' if where else ''}{', '.join(s.files) or s.folder} "
                f"({s.name}{'' if like is None else f'; there is a folder {like!r}'})"
                for s, where, like in missing[:3]
            )
            more = f"\n  and {len(missing) - 3} more" if len(missing) > 3 else ""
            files = sum(1 for s, _, _ in missing if s.files)
            what = "files" if files == len(missing) else "folders or files" if files else "folders"
            return (
                f"No postings found in {self.root}.\n\n"
                f"The schema ({self.schema.source}) names {what} that are not here:"
                f"{folders}{more}\n\n"
                f"Open the site's repository (postedit PATH), or fix the {what} in the schema."
            )
        if spec is None:
            return f"No postings found in {self.root}.\n\n{NO_POSTINGS_HELP}"
        return (
            f"No postings in {spec.folder or '.'} yet.\n\n"
            "Press n to create one, or check the folder in the schema."
        )

    def builtin_keys(self) -> set[str]:
        """Keys the list binds itself (a schema's toggle keys may not take them)."""
        keys: set[str] = set()
        for binding in [*self.BINDINGS, *self.app.BINDINGS]:
            if isinstance(binding, Binding):
                keys.update(k.strip() for k in binding.key.split(","))
        keys.update({"j", "k", "up", "down", "pageup", "pagedown", "home", "end", "tab"})
        return keys

    def set_status(self, text: str) -> None:
        """Show ``text`` (markup) on the status bar."""
        self.query_one("#status", Static).update(text)

    def status_width(self) -> int:
        """Cells the status bar has for its text: the screen's width but its padding (known
        as soon as the terminal is resized, before the bar is laid out again)."""
        return max(1, self.app.size.width - 2)

    def set_banner(self, text: str, kind: str = "info") -> None:
        """Show a line above the list (loading progress, no git...); empty text hides it.
        What could act on the terminal is shown escaped (a message may quote a path)."""
        banner = self.query_one("#banner", Static)
        banner.update(safe_text(text, keep="\n"))
        banner.display = bool(text)
        banner.set_class(kind == "warning", "-warning")
        banner.set_class(kind == "error", "-error")

    def show_empty(self, text: str) -> None:
        """Replace the table with an explanation (no postings, nothing matches...)."""
        if text == self._empty_text:
            return  # (an update lays the screen out again: not on every keystroke)
        self._empty_text = text
        empty = self.query_one("#empty", Static)
        empty.update(safe_text(text, keep="\n"))
        empty.display = bool(text)
        self.table.display = not text

    def show_count(self, shown: int, total: int) -> None:
        """How many postings the filter lets through: ``18 of 364`` (``364 postings``
        without a filter), beside the filter bar."""
        empty = self.filter_query.empty
        text = plural(total, "posting") if empty else f"{shown:,} of {total:,}"
        if text != self._count_text:
            self._count_text = text
            # a fixed width (postedit.tcss): a keystroke repaints the count, lays nothing out
            self.query_one("#matches", Static).update(text, layout=False)

    # -- collections --------------------------------------------------------------------------

    def update_counts(self) -> None:
        """Refresh the tab labels with the number of postings of each collection."""
        tabs = self.query_one("#collections", Tabs)
        for i, spec in enumerate(self.specs):
            try:
                tab = tabs.query_one(f"#{self._tab_id(i)}", Tab)
            except Exception:  # noqa: BLE001 - no tab made for it (the schema changed since)
                continue
            label = safe_text(f"{spec.title} ({self.model.count(spec.name)})")
            if tab.label.plain != label.plain:
                tab.label = label

    @on(Tabs.TabActivated, "#collections")
    def _tab_changed(self, event: Tabs.TabActivated) -> None:
        if event.tab is None or event.tab.id is None or event.tab.id != event.tabs.active:
            return  # (a tab activated before another was: the other one stands)
        index = int(event.tab.id.split("-")[1])
        specs = self.specs
        if event.tab.id != self._tab_id(index):
            return  # a tab of the schema before (they are being made anew)
        if index >= len(specs) or specs[index] is self.collection:
            return
        if self._auto:
            self._auto = False
        else:
            self._chosen = True
        self.collection = specs[index]
        self.kept.clear()
        self.default_sort()
        self.setup_columns(force=True)
        self.refilter()

    def _tab_id(self, index: int) -> str:
        """The id of the tab of ``self.specs[index]`` (the tabs a new schema makes take new
        ids: Textual removes the old ones after the new ones are mounted)."""
        return f"col-{index}" if not self._tab_round else f"col-{index}-{self._tab_round}"

    def use_specs(self, specs: Sequence[CollectionSpec], schema: Schema) -> None:
        """A new schema (``r`` found it again, or the one inferred from every posting took
        the place of a sample's): the tabs, the collection shown and its columns follow it.
        The collection shown, its sort, the filter and the highlighted row stay when they
        still exist; a collection gone gives way to the first one."""
        old = self.collection
        before = [(s.name, s.title) for s in self.specs]
        self.schema = schema
        self.specs = list(specs)
        same = next((s for s in self.specs if old is not None and s.name == old.name), None)
        if same is not None:
            self.collection = same
        else:
            self.collection = self.specs[0] if self.specs else None
            self._chosen = False
            self.default_sort()
        if [(s.name, s.title) for s in self.specs] != before:
            self.run_worker(self._remake_tabs(), group="tabs", exclusive=True, exit_on_error=False)
        if self.collection != old:  # new fields, columns or rules: the rows are drawn anew
            self._return_to = self.table.current_key() or self._return_to
            self._stale = {}
            self.setup_columns(force=True)
            self.refilter()
        self.refresh_bindings()

    async def _remake_tabs(self) -> None:
        """Make the tabs of ``self.specs`` anew, the collection shown active."""
        tabs = self.query_one("#collections", Tabs)
        await tabs.clear()
        self._tab_round += 1
        for i, spec in enumerate(self.specs):
            await tabs.add_tab(Tab(safe_text(spec.title), id=self._tab_id(i)))
        if self.collection is not None and self.collection in self.specs:
            tabs.active = self._tab_id(self.specs.index(self.collection))
        tabs.display = bool(self.specs)
        self.update_counts()

    def default_sort(self) -> None:
        """The collection's own sort (``sort: -date``), else file order."""
        spec = self.collection
        sort = spec.sort if spec is not None else None
        self.sort_column = sort.lstrip("-") if sort else None
        self.sort_reverse = bool(sort and sort.startswith("-"))

    def keys_to(self, name: str) -> str:
        """What to press in the list to show collection ``name``'s tab from the one shown:
        ``]``, ``[ twice``, ``] 3 times`` (the keys the keymap gives the tab bindings); ""
        when it has no tab or is the one shown."""
        names = [spec.name for spec in self.specs]
        if name not in names or self.collection is None or self.collection.name not in names:
            return ""
        step = names.index(name) - names.index(self.collection.name)
        if not step:
            return ""
        key = self.binding_key("next-collection" if step > 0 else "prev-collection")
        times = abs(step)
        return key if times == 1 else f"{key} twice" if times == 2 else f"{key} {times} times"

    def binding_key(self, binding_id: str) -> str:
        """The first key of the list's binding ``binding_id`` as typed (``]``), the keymap's
        when it gives one."""
        keymap: dict[str, str] = getattr(self.app, "keymap", {})
        keys = keymap.get(binding_id)
        if not keys:
            keys = next(
                b.key for b in self.BINDINGS if isinstance(b, Binding) and b.id == binding_id
            )
        return key_label(keys.split(",")[0])

    def action_collection(self, step: int) -> None:
        """Show the previous or next collection."""
        if len(self.specs) < 2:  # a key that does nothing says why
            only = f": {self.specs[0].title}" if self.specs else ""
            self.post_message(self.Hint(f"No other collection to show{visible(only)}"))
            return
        tabs = self.query_one("#collections", Tabs)
        if step > 0:
            tabs.action_next_tab()
        else:
            tabs.action_previous_tab()

    # -- columns and rows ---------------------------------------------------------------------

    def setup_columns(self, force: bool = False) -> None:
        """(Re)create the table's columns for the collection and the available width."""
        spec = self.collection
        if spec is None:
            return
        width = self.table.size.width or self.app.size.width
        if not force and width == self._table_width and self.columns:
            return
        self._table_width = width
        entries = [self.model.entries[p] for p in self.model.order.get(spec.name, [])[:50]]
        sample = [entry.posting for entry in entries]
        self.columns = default_columns(spec, sample)
        status = status_field(spec, sample)
        self.query_one("#filter", FilterInput).placeholder = filter_hint(status)
        title_col = self._title_column(spec)
        self.title_column = title_col
        natural: dict[str, int] = {}
        text: list[str] = []
        for name in self.columns:
            natural[name], is_text = self._column_width(spec, name, status)
            if is_text and name not in (FILE_COLUMN, title_col):
                text.append(name)
        # the room but the mark columns' and the vertical scrollbar's (a long list has one)
        room = width - _MARKS_WIDTH - self.table.styles.scrollbar_size_vertical
        widths = fit_widths(
            natural,
            room,
            title=title_col,
            file=FILE_COLUMN,
            text=text,
            # short titles (a team's names) leave the file names their room
            title_wants=self._longest_title(entries, title_col) or TITLE_WANTS,
        )
        self.shown_columns = [name for name in self.columns if name in widths]
        table = self.table
        self._keep = table.current_key() or self._keep
        table.clear(columns=True)
        self._cells.clear()
        for key, label, mark_width, left in _MARK_COLUMNS:
            table.add_column(label, width=mark_width, key=key, left=left)
        for name in self.shown_columns:
            table.add_column(self._header(name, widths[name]), width=widths[name], key=name)

    def _longest_title(self, entries: list[Entry], name: str | None) -> int:
        """Cells the longest value of the title column takes among ``entries`` (0: none)."""
        spec = self.collection
        if name is None or spec is None:
            return 0
        site = name == title_column(spec)
        return max(
            (
                cell_len(visible(text[:TITLE_WANTS]))
                for e in entries
                if e.posting.error is None
                for text in [e.site.title if site else display(site_field(e.posting, name, spec))]
            ),
            default=0,
        )

    def _title_column(self, spec: CollectionSpec) -> str | None:
        """The column that takes the spare width: the title (or roles, or the first text)."""
        for key in (title_column(spec), "title", "roles", "role", "name"):
            if key in self.columns:
                return key
        for name in self.columns:
            fspec = spec.field(name)
            if name != FILE_COLUMN and (fspec is None or fspec.type in ("string", "text")):
                return name
        return None

    def _label(self, name: str) -> str:
        """What the header of column ``name`` calls it (the sort's mark aside)."""
        spec = self.collection
        label = "file" if name == FILE_COLUMN else name
        if spec is not None and name in (title_column(spec), date_column(spec)):
            label = "title" if name == title_column(spec) else "date"  # the site's, see cells()
        elif spec is not None and name != FILE_COLUMN:
            fspec = spec.field(name)
            if fspec is not None and fspec.label and len(fspec.label) <= 16:
                label = fspec.label  # Decap labels are often whole questions: too long
        return label

    def _header(self, name: str, width: int) -> Text:
        """A column's header; sorted by it, its label is cut to leave ``width`` room for the
        " ^" or " v" (a switch column is only as wide as its label)."""
        text = safe_text(self._label(name), "bold", limit=_CELL_CHARS)
        if name == self.sort_column:
            text.truncate(max(1, width - 2))
            text.append(" v" if self.sort_reverse else " ^")
        return text

    def _column_width(
        self, spec: CollectionSpec, name: str, status: str | None
    ) -> tuple[int, bool]:
        """A column's natural width, and whether it holds text (it may shrink)."""
        if name == FILE_COLUMN:
            return 26, True
        fspec = spec.field(name)
        kind = fspec.type if fspec is not None else ""
        if name == status or kind == "boolean":
            label = len(self._label(name))  # (a long Decap label is not the header)
            if fspec is not None and fspec.options:
                return max(3, min(12, max(len(display(o)) for o in fspec.options))), False
            return max(3, min(label, 8)), False
        if kind == "datetime":
            return 16, False
        if name in ("date", date_column(spec)) or kind == "date":
            return 10, False
        return 14, True

    def cells(self, rel: str) -> list[Text]:
        """The cells of a row (cached until the posting, its marks or the columns change)."""
        cached = self._cells.get(rel)
        if cached is not None:
            return cached
        model = self.model
        entry = model.entries.get(rel)
        if entry is None:  # being read again (reload): the table still shows the old rows
            return self._stale.get(rel) or self._blank()
        posting = entry.posting
        mark = Text("*", style="bold magenta") if rel in model.marks else Text(" ")
        if entry.deleted:
            state = Text("D", style="bold red")
        elif rel in model.new:
            state = Text("N", style="bold green")
        elif model.is_modified(rel):
            state = Text("M", style="bold yellow")
        else:
            state = Text(" ")
        errors, warnings = entry.errors, entry.warnings
        check = Text(
            findings_mark(errors, warnings),
            style="bold red" if errors else ("yellow" if warnings else ""),
        )
        # worked out here, for the rows drawn only (Entry.site), against the clock of the
        # first drawing: `r` reads the states again (docs/decisions.md, 2026-12-07 rowstate)
        shown = state_mark(entry.site.state)
        site = Text(shown or " ", style="bold cyan" if shown else "")
        row = [mark, state, check, site]
        spec = self.collection
        site_title = title_column(spec) if spec is not None else None
        site_date = date_column(spec) if spec is not None else None
        style = "strike" if entry.deleted else ""
        if shown:  # the site does not show it: greyed where colours are, the letter says it
            style += " dim"
        for name in self.shown_columns:
            if name == FILE_COLUMN:
                row.append(safe_text(file_label(rel, entry.spec), limit=_CELL_CHARS))
            elif name == self.title_column and posting.error is not None:
                message = f"(unreadable) {posting.error.message}"
                row.append(safe_text(message, "red", limit=_CELL_CHARS))
            elif name == site_title:  # falls back to the summary
                row.append(safe_text(entry.site.title, style, limit=_CELL_CHARS))
            elif name == site_date:
                date = entry.site.date  # the file name's when the front matter has none
                row.append(Text(display(date), style=style))
            else:
                value = site_field(posting, name, entry.spec)  # inherited ones too
                row.append(safe_text(display(value), style, limit=_CELL_CHARS))
        self._cells[rel] = row
        return row

    def _blank(self) -> list[Text]:
        return [Text("") for _ in range(len(_MARK_COLUMNS) + len(self.shown_columns))]

    def forget_cells(self) -> None:
        """Drop every cached row (the postings are being read again: until they are, the rows
        shown keep their old cells)."""
        self._stale = self._cells
        self._cells = {}

    def refilter(self, same_place: bool = False) -> None:
        """Recompute the visible rows (filter + sort) and show them.

        The highlighted posting stays highlighted; with ``same_place`` (rows still loading)
        the highlight stays on the same line instead, so the view does not run away.
        """
        spec = self.collection
        if spec is None:
            return
        if self._refilter_timer is not None:
            self._refilter_timer.stop()
            self._refilter_timer = None
        started = time.monotonic()
        if self.loaded:
            self._stale = {}
        if not self.columns:
            self.setup_columns(force=True)
        model = self.model
        keys = model.visible(
            spec.name, self.filter_query, self.sort_column, self.sort_reverse, self.kept
        )
        self.shown = keys
        if self._waiting and self.table.current_key() != self._waiting_at:
            self._waiting = []  # the user moved the highlight since: theirs wins
        if self._return_to is not None and self._return_to in keys:
            self._keep, self._return_to = self._return_to, None
        elif same_place and keys:
            self._keep = keys[min(self.table.cursor_row, len(keys) - 1)]
        if self.loaded:
            self._return_to = None  # read again and gone
        shown = set(keys) if self._waiting else set()
        if waited := next((rel for rel in self._waiting if rel in shown), None):
            self._keep, self._waiting = waited, []  # the filter shows it now: once
        self.table.show_rows(keys, self.cells, keep=self._keep)
        self._keep = None
        self._waiting_at = self.table.current_key()
        total = model.count(spec.name)
        self._matching = len(keys) - len(self._unmatched())
        self.show_count(self._matching, total)
        if not total and self.loaded:
            self.show_empty(self.empty_message(spec))
        elif not keys and total:
            postings = (model.entries[rel].posting for rel in model.order.get(spec.name, ()))
            typos = "".join(
                f"\n{hint[:1].upper()}{hint[1:]}"
                for hint in unknown_field_hints(
                    self.filter_query, [spec], postings, [c.name for c in self.schema.collections]
                )
            )
            elsewhere = "".join(
                f"\n{self._elsewhere(other, words)}"
                for other, words in other_collections(
                    self.filter_query, [spec.name], self.schema.collections
                )
            )
            self.show_empty(
                f"No posting of {spec.title} matches the filter "
                f"{self.filter_query.text!r}.{typos}{elsewhere}\n"
                "Press / to change it (f1 shows the grammar)."
            )
        else:
            self.show_empty("")
        self.update_detail()
        marks = self.model.marks
        if marks and len(self.marks_shown()) != self.marks_said:
            self.post_message(self.MarksChanged())  # the view hides more or fewer of them
        self._last_refilter = time.monotonic()
        self._refilter_cost = self._last_refilter - started

    def _elsewhere(self, other: CollectionSpec, words: str) -> str:
        """``words`` (``in:news selects the News collection``, core's other_collections),
        then how many of its postings the filter shows there and the keys to its tab."""
        keys = self.keys_to(other.name)
        if not keys:
            return f"{words}, which has no tab here."
        found = len(self.model.visible(other.name, self.filter_query))
        if not found:
            return f"{words} (another tab), where no posting matches either."
        return f"{words}, with {plural(found, 'posting')} matching: {keys} in the list shows it."

    def append_rows(self, spec_name: str, rels: Sequence[str] = ()) -> None:
        """New postings were loaded: show them (cheaply while no filter or sort is in force)."""
        model = self.model
        if (
            self.collection is not None
            and self.collection.name != spec_name
            and not self._chosen
            and not model.count(self.collection.name)
            and model.count(spec_name)
        ):
            # nothing to show here yet: go to the first collection that has postings
            names = [s.name for s in self.specs]
            self._auto = True
            self.query_one("#collections", Tabs).active = self._tab_id(names.index(spec_name))
            return
        if self.collection is None or self.collection.name != spec_name:
            self.update_counts()
            return
        if not self.columns or (self.table.row_count == 0 and not self.loaded):
            self.setup_columns(force=True)
            self.refilter(same_place=True)
        elif self.filter_query.empty and self.sort_column is None:
            # file order, no filter: the new rows go at the end, the others stay as they are
            new = [rel for rel in rels if not self.table.has_key(rel)]
            self.shown.extend(new)
            self.table.append_rows(new, self.cells)
            self.show_count(len(self.shown), model.count(spec_name))
        else:
            self._refilter_soon()
        self.update_counts()

    def _refilter_soon(self) -> None:
        """Refilter at most every _REFILTER_EVERY seconds while postings load (not per batch)."""
        if self._refilter_timer is not None:
            return
        # a rebuild of n rows costs O(n): wait longer as it grows, so that rebuilding takes at
        # most a fifth of the loading time (the worker parses meanwhile)
        pause = max(_REFILTER_EVERY, 4 * self._refilter_cost)
        wait = max(0.0, self._last_refilter + pause - time.monotonic())
        self._refilter_timer = self.set_timer(wait, self._deferred_refilter)

    def _deferred_refilter(self) -> None:
        self._refilter_timer = None
        self.refilter(same_place=not self.loaded)

    def refresh_rows(self, rels: list[str]) -> None:
        """Postings changed (toggle, revert, marks): update their rows in place.

        Only when one of them comes into view, leaves it or moves under the sort are the rows
        computed again; otherwise the work is per changed posting, not per posting shown.
        """
        for rel in rels:
            self._cells.pop(rel, None)
        if all(map(self._stays, rels)):
            for rel in rels:
                self.table.update_row(rel)
            self.update_detail()
            if self.collection is not None:  # a new posting the filter hides still counts
                self._matching = len(self.shown) - len(self._unmatched())
                self.show_count(self._matching, self.model.count(self.collection.name))
        else:
            self.refilter()
        self.update_counts()

    def keep(self, rels: Iterable[str]) -> None:
        """An edit is changing ``rels``: those shown stay shown until the filter or the
        collection changes (``kept``), even when the filter no longer takes them."""
        if not self.filter_query.empty:
            table = self.table
            self.kept.update(rel for rel in rels if table.has_key(rel))

    def _unmatched(self) -> list[str]:
        """The rows shown only because an edit changed them (``kept``): the filter does not
        take them now."""
        table = self.table
        return [rel for rel in self.kept if table.has_key(rel) and not self._matches(rel)]

    def hidden(self, rels: Iterable[str]) -> list[str]:
        """Those of ``rels`` in the collection shown that the filter hides."""
        spec, entries, table = self.collection, self.model.entries, self.table
        if spec is None:
            return []
        return [
            rel
            for rel in rels
            if rel in entries
            and entries[rel].posting.collection == spec.name
            and not table.has_key(rel)
        ]

    def highlight_first(self, rels: Sequence[str]) -> list[str]:
        """Rows an edit added or brought back (a posting made with n or D, a deletion undone):
        highlight the first of ``rels`` the view shows, unless the highlighted row is one of
        them already. Returns those of the collection shown that the filter hides (the
        filter stays as the user typed it); when none of ``rels`` is shown, the first of
        them a later filter shows is highlighted then (``refilter``), unless the user moves
        the highlight first."""
        table = self.table
        if table.current_key() not in rels:
            row = next((r for rel in rels if (r := table.row_of(rel)) is not None), None)
            if row is not None:
                table.move_cursor(row=row)
        if self.collection is None:
            return []
        hidden = self.hidden(rels)
        if rels:  # the last edit that added rows says which a filter may show later
            shown = any(table.has_key(rel) for rel in rels)
            self._waiting = [] if shown else hidden
            self._waiting_at = table.current_key()
        return hidden

    def _stays(self, rel: str) -> bool:
        """True when ``rel``'s row is shown and should stay where it is, or is not shown and
        should not be (under the collection, filter and sort in force)."""
        model = self.model
        spec = self.collection
        entry = model.entries.get(rel)
        shown = self.table.has_key(rel)
        if entry is None or spec is None or entry.posting.collection != spec.name:
            return not shown
        wanted = rel in self.kept or self._matches(rel)
        if wanted != shown:
            return False
        return not shown or self._still_in_order(rel)

    def _matches(self, rel: str) -> bool:
        """Does the filter take ``rel`` (a posting of the collection shown)?"""
        query = self.filter_query
        if query.empty:
            return True
        flags = self.model.flags(rel) if query.flags else ()
        return query.matches(self.model.entries[rel].indexed, flags)

    def _still_in_order(self, rel: str) -> bool:
        """True when ``rel``'s row may stay where it is under the sort in force (its sort value
        still falls strictly between its neighbours'), so a toggle does not rebuild every row."""
        column = self.sort_column
        if column is None:
            return True
        index = self.table.row_of(rel)
        if index is None:
            return False
        model = self.model
        try:
            key = model.sort_value(rel, column)
            if index > 0 and not self._before(model.sort_value(self.shown[index - 1], column), key):
                return False
            if index + 1 < len(self.shown) and not self._before(
                key, model.sort_value(self.shown[index + 1], column)
            ):
                return False
        except (TypeError, KeyError):
            return False
        return True

    def _before(self, a: tuple[int, object], b: tuple[int, object]) -> bool:
        """Key ``a`` sorts strictly before ``b`` in the order shown (missing values last)."""
        if self.sort_reverse:
            if a[0] == 9 or b[0] == 9:
                return a[0] != 9 and b[0] == 9
            return a > b  # type: ignore[operator]
        return a < b  # type: ignore[operator]

    # -- the detail pane ------------------------------------------------------------------------

    def action_detail(self) -> None:
        """Show or hide the detail pane."""
        detail = self.query_one("#detail")
        detail.display = not detail.display
        self.update_detail()

    def _after_resize(self) -> None:
        self.setup_columns()
        self.refilter()

    @on(PostingTable.WidthChanged)
    def _table_resized(self, event: PostingTable.WidthChanged) -> None:
        if event.width != self._table_width:
            self._after_resize()

    @on(PostingTable.RowSelected, "#postings")
    def _selected(self, event: PostingTable.RowSelected) -> None:
        # a click on the highlighted row (enter is the screen's own binding: open)
        event.stop()
        self.action_open()

    @on(PostingTable.RowHighlighted, "#postings")
    def _highlighted(self, event: PostingTable.RowHighlighted) -> None:
        self.update_detail()

    def update_detail(self) -> None:
        """Fill the detail pane with the highlighted posting's fields, findings and body."""
        detail = self.query_one("#detail")
        if not detail.display:
            return
        rel = self.table.current_key()
        text = Text()
        if rel is None or rel not in self.model.entries:
            text.append("No posting highlighted.", style="dim")
        else:
            entry = self.model.entries[rel]
            posting = entry.posting
            text.append_text(safe_text(posting.relpath, "bold"))
            text.append("\n", style="bold")
            if posting.error is None:
                site = entry.site
                if site.title:
                    text.append_text(safe_text(site.title))
                    text.append("\n")
                when = display(site.date) if site.date is not None else "no date"
                origin = " (from the file name)" if site.date_from_name else ""
                text.append(f"{site.state}, {when}{origin}\n", style="italic")
                url = preview_url(posting, entry.spec, site) if entry.spec is not None else None
                if url:
                    text.append_text(safe_text(url, "underline"))
                    text.append("\n")
            for finding in entry.findings:
                where = f"line {finding.line}: " if finding.line else ""
                style = "red" if finding.severity == "error" else "yellow"
                message = f"{finding.severity}: {where}{finding.message}"
                text.append_text(safe_text(message, style, limit=_DETAIL_CHARS))
                text.append("\n", style=style)
            text.append("\n")
            for key, value in posting.fields.items():
                text.append_text(safe_text(f"{key}: ", "bold", limit=_CELL_CHARS))
                text.append_text(safe_text(display(value), limit=_DETAIL_CHARS))
                text.append("\n")
            body = _first_lines(posting.body, 12)
            if body:
                text.append("\n")
                for i, line in enumerate(body):
                    if i:
                        text.append("\n", style="dim")
                    text.append_text(safe_text(line, "dim", limit=_DETAIL_CHARS))
        self.query_one("#detail-text", Static).update(text)

    # -- keys -----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In the filter bar "/" is a character of the query: not a key to offer there."""
        return not (action == "focus_filter" and self.query_one("#filter").has_focus)

    def action_focus_filter(self) -> None:
        """Focus the filter bar."""
        # set_focus now, not focus() (deferred): keys typed right after "/" go to the filter
        self.set_focus(self.query_one("#filter", Input))

    def action_back(self) -> None:
        """Leave the filter bar for the list (the filter stays)."""
        self.set_focus(self.table)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        try:
            query = parse_query(event.value, saved_filters(self.schema))
        except QueryError as exc:
            event.input.add_class("-invalid")
            self._filter_problem = exc.expected  # no "column N": the bar's cursor shows it
            self._say_filter_problem()
            return
        event.input.remove_class("-invalid")
        if self._filter_problem:
            self._filter_problem = ""
            self._say_filter_problem()
        if self.hint:
            self.post_message(self.Hint(""))  # the status bar costs a pass: not per key
        self.filter_query = query
        self.kept.clear()  # a new filter: it alone says what is shown
        self.refilter()

    def _say_filter_problem(self) -> None:
        """Say why the filter typed cannot be read: whole, under the bar, while the bar has
        the focus (on a layer over the list's first rows, wrapped to its width: the list does
        not move as the words come and go with each key); on the status bar, which cuts what
        does not fit, once the focus is elsewhere."""
        typing = self.query_one("#filter", Input).has_focus
        note = self.query_one("#filter-problem", Static)
        shown = self._filter_problem if typing else ""
        if shown != self._noted:
            self._noted = shown
            note.update(safe_text(shown))
            note.display = bool(shown)
        status = "" if typing else self._filter_problem
        if status != self._status_problem:
            self._status_problem = status
            self.post_message(self.FilterProblem(status))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The filter bar got or lost the focus: its problem moves between under it and the
        status bar."""
        if self._filter_problem:
            self._say_filter_problem()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """See ``on_descendant_focus``."""
        if self._filter_problem:
            self._say_filter_problem()

    def selected(self) -> list[str]:
        """What a key acts on: the marked postings this view shows (in list order), else the
        highlighted one. A mark the filter or another collection hides is never acted on:
        the key's target is always on screen."""
        marked = self.marks_shown()
        if marked:
            return marked
        rel = self.table.current_key()
        return [rel] if rel is not None else []

    def marks_shown(self) -> list[str]:
        """The marked postings this view shows, in list order (the others are hidden)."""
        table = self.table
        rows = [(row, rel) for rel in self.model.marks if (row := table.row_of(rel)) is not None]
        return [rel for _, rel in sorted(rows)]

    def _listing(self, key: str) -> bool:
        """True, and said, while postings are still being listed: the rows may still move
        under the highlight (the sort places each batch), and ``a`` would miss the rest. Keys
        typed ahead of the screen acted on whatever was on their line at that instant: on the
        real offers, ``j j t`` pressed at start closed an offer of 2018, off screen, instead
        of the third one of the list shown a moment later. They wait to be pressed again."""
        if self.loaded:
            return False
        self.notify(
            f"Still listing the postings: press {key} again once they are all in "
            "(until then the rows may move).",
            severity="warning",
        )
        return True

    def action_mark(self) -> None:
        """Mark or unmark the highlighted posting, then move down."""
        if self._listing("space"):
            return
        rel = self.table.current_key()
        if rel is None:
            return
        marks = self.model.marks
        if rel in marks:
            marks.discard(rel)
        else:
            marks.add(rel)
        self.refresh_rows([rel])
        self.table.action_cursor_down()
        self.post_message(self.MarksChanged())

    def action_mark_all(self) -> None:
        """Mark every posting the filter shows."""
        if self._listing("a"):
            return
        self.model.marks.update(self.shown)
        self.refresh_rows(list(self.shown))
        self.post_message(self.MarksChanged())

    def action_clear_marks(self) -> None:
        """Unmark everything."""
        marks = list(self.model.marks)
        self.model.marks.clear()
        self.refresh_rows(marks)
        self.post_message(self.MarksChanged())

    def action_sort(self) -> None:
        """Sort by the next sort key: the collection's ``sortable_fields`` when it has some,
        else the columns shown (cycling back to file order): a column too narrow a terminal
        leaves out (the file at 80 columns) sorted by nothing the user could see."""
        spec = self.collection
        keys = list(spec.sortable_fields) if spec is not None and spec.sortable_fields else []
        options: list[str | None] = [*(keys or self.shown_columns or self.columns), None]
        index = options.index(self.sort_column) if self.sort_column in options else -1
        self.sort_column = options[(index + 1) % len(options)]
        self.sort_reverse = False
        self._resort()

    def action_reverse_sort(self) -> None:
        """Reverse the sort order."""
        if self.sort_column is None and self.columns:
            self.sort_column = self.columns[0]
        self.sort_reverse = not self.sort_reverse
        self._resort()

    @on(PostingTable.HeaderSelected, "#postings")
    def _header_clicked(self, event: PostingTable.HeaderSelected) -> None:
        name = event.column_key
        if name not in self.columns:
            return
        if self.sort_column == name:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = name, False
        self._resort()

    def _resort(self) -> None:
        for column in self.table.columns.values():
            name = column.key
            if name in self.columns:
                column.label = self._header(name, column.width)
        self.table.refresh()
        self.refilter()
        order = "descending" if self.sort_reverse else "ascending"
        where = (
            "file order" if self.sort_column is None else f"{self._label(self.sort_column)} {order}"
        )
        self.post_message(self.Hint(f"Sorted by {where}"))

    def on_key(self, event: events.Key) -> None:
        """Keys the schema binds to fields (``keys: {p: poste_pourvu}``) toggle that field."""
        spec = self.collection
        if spec is None or not spec.keys or not self.table.has_focus:
            return
        if self.asked or self.app.screen is not self:
            read_again(self.app, event)  # typed after a key whose request is on its way
            return
        fieldname = spec.keys.get(event.character or "") or spec.keys.get(event.key)
        if fieldname and event.key not in self.builtin_keys():
            event.stop()
            event.prevent_default()
            # acted on where the bindings act, at the app, after the keys typed before it:
            # ``down p`` in one read toggled the row ``down`` was about to leave
            self.app.call_later(self._schema_key, event, fieldname)

    def _schema_key(self, event: events.Key, fieldname: str) -> None:
        """A schema's toggle key, once the keys typed before it have acted."""
        if self.asked or self.app.screen is not self:
            read_again(self.app, event)  # the key before it asked for something: it waits
            return
        if not self.table.has_focus:
            return  # a key typed before it left the list (/): not for a row any more
        if not self._listing(event.character or event.key):
            self._ask(self.Act("toggle", self.selected(), fieldname))

    def action_saved_filters(self) -> None:
        """List the saved filters of the collection shown, with how many postings each
        finds; the one chosen goes into the filter bar."""
        spec = self.collection
        if spec is None:
            return
        schema = self.schema
        model = self.model
        items = [model.entries[rel].indexed for rel in model.order.get(spec.name, [])]
        choices: list[tuple[str, str, int]] = []
        for saved in (*schema.filters, *spec.filters):
            if saved.group:
                for value, count in group_counts(saved, items):
                    text = f"@{saved.name}={quote(value)}"
                    choices.append((f"{saved.title}: {display(value) or '(none)'}", text, count))
                continue
            text = f"@{saved.name}"
            try:
                query = parse_query(text, saved_filters(schema))
            except QueryError as exc:
                choices.append((f"{saved.title} ({exc})", text, 0))
                continue
            choices.append((saved.title, text, len(model.visible(spec.name, query))))
        if not choices:
            self.notify(
                f"{escape(spec.title)} has no saved filters: add filters: to postedit.yml "
                "(docs/query.md), or view_filters to the Decap config.",
                severity="warning",
            )
            return
        from postedit.tui.screens.filters import SavedFiltersScreen

        def _chosen(text: str | None) -> None:
            if text is not None:
                field = self.query_one("#filter", Input)
                field.value = text
                self.set_focus(self.table)

        self.app.push_screen(SavedFiltersScreen(spec.title, choices), _chosen)

    def action_toggle_status(self) -> None:
        """Toggle the status field of the highlighted or marked postings."""
        spec = self.collection
        if spec is None or self._listing("t"):
            return
        sample = [self.model.entries[p].posting for p in self.model.order.get(spec.name, [])[:50]]
        fieldname = status_field(spec, sample)
        if fieldname is None:
            self.notify(
                f"{escape(visible(spec.title))} has no status field: set `status:` for it in postedit.yml.",
                severity="warning",
            )
            return
        self._ask(self.Act("toggle", self.selected(), fieldname))

    def _ask(self, act: MainScreen.Act) -> None:
        """Ask the app for ``act``. Keys read after the one asking wait until the app has
        acted (PosteditApp.on_key): it may open a screen they are meant for (``n`` then a
        title, ``c`` then a message)."""
        self.asked.append(act)
        self.post_message(act)

    def action_revert(self) -> None:
        """Revert the pending change of the highlighted or marked postings."""
        if not self._listing("u"):
            self._ask(self.Act("revert", self.selected()))

    def action_undo_edit(self) -> None:
        """Undo the last edit (one step)."""
        self._ask(self.Act("undo-edit"))

    def action_redo_edit(self) -> None:
        """Redo the edit undone last."""
        self._ask(self.Act("redo-edit"))

    def action_commit(self) -> None:
        """Open the commit dialog."""
        self._ask(self.Act("commit"))

    def action_open(self) -> None:
        """Open the highlighted posting in the editor."""
        rel = self.table.current_key()
        if rel is not None:
            self._ask(self.Act("open", [rel]))

    def action_new(self) -> None:
        """Create a posting in the current collection."""
        self._ask(self.Act("new"))

    def action_duplicate(self) -> None:
        """Create a posting starting from the highlighted one."""
        rel = self.table.current_key()
        if rel is not None:
            self._ask(self.Act("duplicate", [rel]))

    def action_delete(self) -> None:
        """Delete the highlighted (or marked) postings, after confirmation."""
        if not self._listing("d"):
            self._ask(self.Act("delete", self.selected()))

    def action_external(self) -> None:
        """Open the highlighted posting in $VISUAL / $EDITOR."""
        rel = self.table.current_key()
        if rel is not None:
            self._ask(self.Act("external", [rel]))

    def action_history(self) -> None:
        """Show the highlighted posting's history."""
        rel = self.table.current_key()
        if rel is not None:
            self._ask(self.Act("history", [rel]))

    def action_push(self) -> None:
        """Push to the upstream."""
        self._ask(self.Act("push"))

    def action_pull(self) -> None:
        """Pull from the upstream."""
        self._ask(self.Act("pull"))

    def action_reload(self) -> None:
        """Read every posting again from disk."""
        self._ask(self.Act("reload"))


def _first_lines(body: str, n: int) -> list[str]:
    """The first ``n`` lines of a body (blank lines around it skipped), without their line
    endings; only the start of the text is looked at, however long its lines."""
    lines = body[: n * (_DETAIL_CHARS + 2)].strip("\n").split("\n")[:n]
    return [line.removesuffix("\r") for line in lines if line or len(lines) > 1]
