"""What the list shows and what postedit changed: plain Python, no widgets (tested directly)."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import OrderedDict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from postedit.core.discover import file_label
from postedit.core.posting import Posting
from postedit.core.query import Indexed, Query, index, sort_key
from postedit.core.schema import CollectionSpec
from postedit.core.site import (
    SiteValues,
    path_date,
    site_date,
    site_field,
    site_values,
)
from postedit.core.status import status_field
from postedit.core.validate import posting_findings

__all__ = [
    "FILE_COLUMN",
    "Entry",
    "Finding",
    "ListModel",
    "date_column",
    "default_columns",
    "display",
    "findings_for",
    "findings_mark",
    "title_column",
]

FILE_COLUMN = "_file"
"""The pseudo-field of the file-name column."""

_TITLE_KEYS = ("title", "roles", "role", "name")


@dataclass(frozen=True)
class Finding:
    """A validation finding, as the list and the commit dialog show it."""

    severity: str
    """``error`` or ``warning``."""
    message: str
    """What is wrong."""
    line: int | None = None
    """1-based file line, when known."""
    field: str | None = None
    """The field concerned, when known."""


def findings_for(posting: Posting, spec: CollectionSpec | None) -> list[Finding]:
    """The posting's findings by core's rule (``validate.posting_findings``), as the list
    shows them."""
    return [
        Finding("error" if f.severity == "error" else "warning", f.message, f.line, f.field)
        for f in posting_findings(posting, spec)
    ]


def display(value: Any) -> str:
    """A front-matter value as one short line for a table cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(display(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {display(v)}" for k, v in value.items())
    return " ".join(str(value).split())


def title_column(spec: CollectionSpec) -> str:
    """The column that shows the site's title of a posting (core/site.py): the identifier
    field's (``roles``), which falls back to the summary, ``title`` and ``name``."""
    return spec.identifier_field or "title"


def date_column(spec: CollectionSpec) -> str:
    """The column that shows the site's date of a posting (site.site_values): named after
    the first date field, it falls back to the other date fields, the file name's date and
    the lastmod."""
    return spec.site.date[0] if spec.site.date else "date"


def default_columns(spec: CollectionSpec, sample: Iterable[Posting] = ()) -> list[str]:
    """The schema's columns, else: the title, the status field, the date, the file."""
    if spec.columns:
        given = list(spec.columns)
        return given if FILE_COLUMN in given else [*given, FILE_COLUMN]
    sample = list(sample)[:50]
    names = [f.name for f in spec.fields]
    present: set[str] = set(names)
    for posting in sample:
        present.update(posting.fields)
    cols: list[str] = []
    title = title_column(spec)
    if title not in present:
        title = next((k for k in _TITLE_KEYS if k in present), title)
    cols.append(title)
    status = status_field(spec, sample)
    if status:
        cols.append(status)
    dates = [d for d in (*spec.site.date, *spec.site.lastmod) if d in present]
    named = any(path_date(p.relpath, spec.site) for p in sample)
    if dates or named:
        cols.append(date_column(spec))
    else:
        date = next((f.name for f in spec.fields if f.type in ("date", "datetime")), None)
        if date:
            cols.append(date)
    cols.append(FILE_COLUMN)
    return cols


def findings_mark(errors: int, warnings: int) -> str:
    """The list's findings column: ``E2`` (two errors), ``W3`` (three warnings, no error),
    blank; the letter keeps it readable without colours."""
    if errors:
        return f"E{errors}" if errors < 100 else "E++"
    if warnings:
        return f"W{warnings}" if warnings < 100 else "W++"
    return ""


_RESULTS_KEPT = 32
"""Filter results kept by ListModel.visible."""


@dataclass(frozen=True, slots=True)
class _Last:
    """The last filter without caller-known flags and its result, which a filter implying it
    narrows instead of searching every posting."""

    state: tuple[str, int, str | None, bool]
    """(collection, model version, sort, reverse) it was made under."""
    query: Query
    """The filter."""
    paths: list[str]
    """What it matched, in list order."""
    pairs: list[tuple[str, bytes]] | None = None
    """For free words: the (path, search text) pairs matched."""


@dataclass
class Entry:
    """One posting of the list, with what filtering and the marks need precomputed."""

    posting: Posting
    """As last read from (or written to) disk."""
    known: list[Finding] | None = None
    """Validation findings once made (see ``findings``), else None."""
    deleted: bool = False
    """Deleted by postedit, not committed yet (the row stays so ``u`` can bring it back)."""
    sort_keys: dict[str, tuple[int, Any]] = field(default_factory=dict)
    """Sort keys computed so far, by column."""

    spec: CollectionSpec | None = field(default=None, repr=False, compare=False)
    """The collection validated against."""
    _site: SiteValues | None = field(default=None, repr=False, compare=False)
    _indexed: Indexed | None = field(default=None, repr=False, compare=False)

    def respec(self, spec: CollectionSpec | None) -> None:
        """Read the posting again against ``spec`` (the schema changed): findings, site
        values and search text are made anew when next asked."""
        self.spec = spec
        self.known = self._site = self._indexed = None
        self.sort_keys.clear()

    @property
    def site(self) -> SiteValues:
        """The posting as its site reads it (title, date, state), worked out on first use."""
        values = self._site
        if values is None:
            indexed = self._indexed
            values = indexed.site if indexed is not None else site_values(self.posting, self.spec)
            self._site = values
        return values

    @property
    def findings(self) -> list[Finding]:
        """Validation findings, made on first use.

        A row on screen makes its own (a few microseconds); the loading worker makes the
        others once every row is shown, and the status bar counts them then.
        """
        found = self.known
        if found is None:
            found = self.known = findings_for(self.posting, self.spec)
        return found

    @property
    def indexed(self) -> Indexed:
        """The posting as queries see it (site values, folded text with the body), made on
        first use.

        Loading does not wait for it: a start shows every row without it, and the loading
        worker makes them once the rows are shown (reading the bodies), before the user has
        typed much; a keystroke then only searches bytes.
        """
        item = self._indexed
        if item is None:
            item = self._indexed = index(self.posting, self.spec)
        return item

    @property
    def text(self) -> bytes:
        """The folded search text: file name, title, text fields and body (see ``indexed``)."""
        return self.indexed.text

    @property
    def errors(self) -> int:
        """Number of error findings."""
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        """Number of warning findings."""
        return sum(1 for f in self.findings if f.severity != "error")


class ListModel:
    """All postings shown, the marks, and the edits postedit made this session."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        """By relative path."""
        self.order: dict[str, list[str]] = {}
        """Relative paths per collection, in load order."""
        self.pending: set[str] = set()
        """postedit's own uncommitted edits (this session's and earlier ones'): the commit."""
        self.new: set[str] = set()
        """Postings postedit created and has not committed yet."""
        self.earlier: set[str] = set()
        """postedit's own uncommitted edits from an earlier run (the ledger, read at start)."""
        self.outside: set[str] = set()
        """Postings with uncommitted changes postedit did not make (never committed by it)."""
        self.marks: set[str] = set()
        """Marked paths."""
        self.version = 0
        """Bumped whenever an entry is added, replaced or dropped (invalidates _last)."""
        self._last: _Last | None = None
        # the last filter without caller-known flags, to narrow (see _visible)
        self._texts: tuple[tuple[str, int, str | None, bool], list[tuple[str, bytes]]] | None = None
        # the collection's (path, search text) pairs in the sort order asked, for free words
        self._ordered: tuple[tuple[str, int, str | None, bool], list[str]] | None = None
        # a collection's paths in the last sort order asked, while no entry changes
        self._results: OrderedDict[tuple[object, ...], tuple[str, ...]] = OrderedDict()
        # the results of recent filters, so erasing a character costs nothing

    # -- content -------------------------------------------------------------------------

    @staticmethod
    def make_entry(posting: Posting, spec: CollectionSpec | None, *, lazy: bool = False) -> Entry:
        """An entry for ``posting``, validated now or, ``lazy``, on first use (loading: the
        worker validates the rest once every row is shown). Safe in a thread."""
        entry = Entry(posting, spec=spec)
        if not lazy:
            entry.known = findings_for(posting, spec)
        return entry

    def put(self, posting: Posting, spec: CollectionSpec | None) -> Entry:
        """Add or replace a posting (re-validating it)."""
        return self.put_entry(self.make_entry(posting, spec))

    def put_entry(self, entry: Entry) -> Entry:
        """Add or replace an entry made by ``make_entry``. A posting now of another
        collection (an edit of a Decap filter's key: Workspace.named) leaves the old one's
        order for its place, by path, in the new one's (``""``: none, shown in no tab)."""
        posting = entry.posting
        rel = posting.relpath
        self.version += 1
        before = self.entries.get(rel)
        if before is None:
            self.order.setdefault(posting.collection, []).append(rel)
        elif before.posting.collection != posting.collection:
            paths = self.order.get(before.posting.collection, [])
            if rel in paths:
                paths.remove(rel)
            bisect.insort(self.order.setdefault(posting.collection, []), rel)
        self.entries[rel] = entry
        return entry

    def forget(self, relpath: str) -> None:
        """Drop a posting from the list (a new file reverted away)."""
        entry = self.entries.pop(relpath, None)
        self.version += 1
        if entry is not None:
            paths = self.order.get(entry.posting.collection, [])
            if relpath in paths:
                paths.remove(relpath)
        self.marks.discard(relpath)

    def sort_order(self, collection: str) -> None:
        """Put the collection's file order back in order (by path), after postings were
        added out of it."""
        paths = self.order.get(collection)
        if paths is not None and paths != sorted(paths):
            paths.sort()
            self.version += 1

    def count(self, collection: str) -> int:
        """Number of postings in a collection."""
        return len(self.order.get(collection, []))

    # -- edits -----------------------------------------------------------------------------

    def mark_edited(self, relpath: str, pending: bool, new: bool = False) -> None:
        """Note whether ``relpath`` holds a pending edit of postedit's now (after a write, a
        revert, a commit), and whether postedit created it."""
        if pending:
            self.pending.add(relpath)
            self.outside.discard(relpath)
        else:
            self.pending.discard(relpath)
        if pending and new:
            self.new.add(relpath)
        elif not pending:
            self.new.discard(relpath)

    def is_modified(self, relpath: str) -> bool:
        """Edited and not committed (by postedit, or by someone else)."""
        return relpath in self.pending or relpath in self.outside

    def commit_paths(self) -> list[str]:
        """What the next commit holds: postedit's pending edits, sorted. An earlier run's
        are here only for postings listed (PosteditApp.git_ready); this run's stay when a
        schema found again by ``r`` lists their posting no more: they are still on disk, and
        ``postedit commit`` would commit them."""
        return sorted(self.pending)

    def flags(self, relpath: str) -> set[str]:
        """The ``is:`` flags of a posting."""
        entry = self.entries[relpath]
        out: set[str] = set()
        if self.is_modified(relpath):
            out.add("modified")
        if entry.errors:
            out.add("invalid")
        if entry.warnings:
            out.add("warning")
        if relpath in self.marks:
            out.add("marked")
        if relpath in self.new:
            out.add("new")
        if entry.deleted:
            out.add("deleted")
        return out

    def counts(self) -> tuple[int, int]:
        """Postings with errors, postings with warnings (deleted ones and those not
        validated yet left out)."""
        # the status bar asks after every toggle and mark: one test per posting without
        # findings (most), not two property calls and two generators (6.7 -> 1.3 ms at 10,000)
        errors = warnings = 0
        for entry in self.entries.values():
            findings = entry.known
            if not findings or entry.deleted:
                continue
            for finding in findings:
                if finding.severity == "error":
                    errors += 1
                    break
            else:
                warnings += 1
        return errors, warnings

    # -- the view ----------------------------------------------------------------------------

    def visible(
        self,
        collection: str,
        query: Query,
        sort: str | None = None,
        reverse: bool = False,
        also: Collection[str] = (),
    ) -> list[str]:
        """Paths of ``collection`` matching ``query``, sorted by field ``sort``; with those
        of ``also`` that are in ``collection``, in their place, whatever the query says
        (the rows an edit changed while shown: MainScreen.kept).

        The results of the last _RESULTS_KEPT filters are kept while no entry changes, so
        erasing a character costs nothing (typing narrows the previous result instead);
        ``is:`` filters also depend on marks and edits: never kept.
        """
        state = (collection, self.version, sort, reverse)
        keep = not query.flags
        key = (*state, query.text)
        cached = self._results.get(key) if keep else None
        if cached is not None:
            self._results.move_to_end(key)
            found = list(cached)
        else:
            found = self._visible(state, query)
            if keep:
                self._results[key] = tuple(found)
                while len(self._results) > _RESULTS_KEPT:
                    self._results.popitem(last=False)
        entries = self.entries
        extra = {
            rel for rel in also if rel in entries and entries[rel].posting.collection == collection
        }.difference(found)
        if extra:
            extra.update(found)
            found = [rel for rel in self._sorted(state) if rel in extra]
        return found

    def _visible(self, state: tuple[str, int, str | None, bool], query: Query) -> list[str]:
        """Paths matching ``query``: every posting's, or only those of the previous result
        when the query implies the previous one (typing a letter more narrows the list).

        Free words alone (the common case) are a substring test of each posting's search text,
        over a list of (path, text) pairs kept in list order: 10,000 attribute lookups per
        keystroke cost more than the searching (docs/performance.md, "filter keystroke").
        """
        paths = self._sorted(state)
        if query.empty:
            return list(paths)
        flags_needed = bool(query.flags)
        last = self._last
        narrow = (
            last is not None
            and last.state == state
            and not flags_needed
            and query.implies(last.query)
        )
        entries = self.entries
        words = query.words
        if words is not None:
            if last is not None and narrow and last.pairs is not None:
                pool = last.pairs
            elif last is not None and narrow:
                pool = [(rel, entries[rel].text) for rel in last.paths]
            else:
                pool = self._pairs(state, paths)
            if len(words) == 1:
                word = words[0]
                found = [pair for pair in pool if word in pair[1]]
            else:
                found = [pair for pair in pool if all(w in pair[1] for w in words)]
            out = [pair[0] for pair in found]
            self._last = _Last(state, query, out, found)
            return list(out)
        rels = last.paths if last is not None and narrow else paths
        if flags_needed:
            out = [rel for rel in rels if query.matches(entries[rel].indexed, self.flags(rel))]
        else:
            out = [rel for rel in rels if query.matches(entries[rel].indexed)]
            self._last = _Last(state, query, out)
        return list(out)

    def _pairs(
        self, state: tuple[str, int, str | None, bool], paths: list[str]
    ) -> list[tuple[str, bytes]]:
        """(path, search text) of every posting shown, in order, made once per state."""
        if self._texts is None or self._texts[0] != state:
            entries = self.entries
            self._texts = (state, [(rel, entries[rel].text) for rel in paths])
        return self._texts[1]

    def _sorted(self, state: tuple[str, int, str | None, bool]) -> list[str]:
        """The collection's paths in the order asked, sorted once while no entry changes:
        filtering keeps that order, so a keystroke never sorts again."""
        if self._ordered is not None and self._ordered[0] == state:
            return self._ordered[1]
        collection, _, sort, reverse = state
        paths = self.order.get(collection, [])
        if not sort:
            return paths
        keyed = [(self.sort_value(rel, sort), rel) for rel in paths]
        keyed.sort(key=lambda item: item[0])
        if reverse:
            # missing values stay last either way
            present = [rel for key, rel in keyed if key[0] != 9]
            missing = [rel for key, rel in keyed if key[0] == 9]
            paths = present[::-1] + missing
        else:
            paths = [rel for _, rel in keyed]
        self._ordered = (state, paths)
        return paths

    def sort_value(self, relpath: str, column: str) -> tuple[int, Any]:
        """The sort key of a posting for a column (cached on the entry)."""
        entry = self.entries[relpath]
        key = entry.sort_keys.get(column)
        if key is None:
            posting = entry.posting
            spec = entry.spec
            if column == FILE_COLUMN:
                key = (3, file_label(relpath, spec).lower())
            elif spec is not None and column == date_column(spec):
                known = entry._site  # the date alone costs less than every site value
                key = sort_key(known.date if known is not None else site_date(posting, spec))
            elif spec is not None and column == title_column(spec):
                key = sort_key(entry.site.title or None)
            else:
                key = sort_key(site_field(posting, column, spec))
            entry.sort_keys[column] = key
        return key
