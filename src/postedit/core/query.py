"""The query language of the list's filter and of ``--where``: parse once, match many.

One grammar for the TUI and the CLI (docs/query.md)::

    query  := or
    or     := and ("OR" and)*
    and    := unary+                  terms side by side must all hold ("AND" may be written)
    unary  := "-" unary | "NOT" unary | "(" or ")" | term
    term   := word | "a phrase" | field OP value | has:F | is:STATE | in:COLLECTION
              | body:word | @saved | @grouping=value
    OP     := ":" (or "=")  ">"  ">="  "<"  "<="  "~" (a regular expression)

A query is matched against an :class:`Indexed` posting: its fields, its site values (the
``date`` and ``title`` the site gives it, its publication state; core/site.py) and one folded
text of its file name, title, text fields and body, made once per posting (``index``) so that
a keystroke only searches bytes. A query that cannot be read raises :class:`QueryError` with
the column and what was expected; matching never raises.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import difflib
import fnmatch
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from postedit.core.dates import parse_datetime
from postedit.core.decap import decap_group_value, decap_string
from postedit.core.errors import PosteditError
from postedit.core.site import STATES, SiteValues, site_field, site_values
from postedit.core.validate import did_you_mean

if TYPE_CHECKING:
    from postedit.core.posting import Posting
    from postedit.core.schema import CollectionSpec, SavedFilter, Schema
    from postedit.core.workspace import Workspace

__all__ = [
    "FLAGS",
    "STATES",
    "Indexed",
    "Query",
    "QueryError",
    "SavedFilters",
    "Term",
    "clock",
    "finding_flags",
    "fold",
    "group_counts",
    "index",
    "no_such_field",
    "other_collections",
    "parse_query",
    "parse_where",
    "quote",
    "saved_filters",
    "search_text",
    "select",
    "sort_key",
    "unknown_field_hints",
    "value_of",
]

FLAGS: tuple[str, ...] = ("modified", "invalid", "warning", "marked", "new", "deleted")
"""The ``is:`` names whose answer the caller gives (marks and edits in the TUI, validation);
the publication states (``STATES``) come from the posting itself."""

SavedFilters = Mapping[str, Sequence[tuple[str, "SavedFilter"]]]
"""Saved filters by name: (collection name, or "" for every collection, the filter)."""


class QueryError(PosteditError):
    """A query that cannot be read: ``column`` (1-based) and what was ``expected`` there.

    ``str()`` is the command line's ``column 6: ...``; the filter bar shows ``expected``
    alone (its cursor shows the column). Either way the words lead with what is wrong: the
    value not read and what would be, the examples last, so that a line cut short still
    says it (docs/query.md)."""

    def __init__(self, column: int, expected: str) -> None:
        super().__init__(f"column {column}: {expected}")
        self.column = column
        """Where in the query text the problem is (1-based)."""
        self.expected = expected
        """What was expected there, in words (``expected ')'``)."""

    def __reduce__(self) -> tuple[type, tuple[int, str]]:  # type: ignore[override]
        """Pickle with the column."""
        return (type(self), (self.column, self.expected))


def clock() -> dt.datetime:
    """Now (aware): what ``today``, ``-30d`` and the publication states are relative to."""
    return dt.datetime.now(dt.UTC)


# ----------------------------------------------------------------------------- folding


def fold(text: str) -> str:
    """Lowercase ``text`` and strip accents: ``Développeur`` -> ``developpeur``.

    Only the runs of non-ASCII characters are looked at one by one (French text has few):
    2.3 times faster than testing every character, which cost 0.1 s per 10,000 postings.
    """
    if text.isascii():
        return text.lower()
    return _NON_ASCII.sub(_strip_marks, unicodedata.normalize("NFKD", text)).casefold()


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_STRIPPED: dict[str, str] = {}
"""Non-ASCII runs without their combining marks (``é`` decomposed -> ``e``'s mark dropped)."""
_SPACES = re.compile(r"\s+")


def _strip_marks(match: re.Match[str]) -> str:
    run = match.group()
    out = _STRIPPED.get(run)
    if out is None:
        if len(_STRIPPED) > 4096:
            _STRIPPED.clear()
        out = _STRIPPED[run] = "".join(c for c in run if not unicodedata.combining(c))
    return out


def _needle(text: str) -> bytes:
    """What a word or phrase is searched as: folded, spaces collapsed, UTF-8."""
    return " ".join(fold(text).split()).encode()


# ----------------------------------------------------------------------------- indexing


def search_text(
    relpath: str, fields: Mapping[str, Any], body: str = "", title: str = ""
) -> tuple[bytes, int]:
    """The text free words are searched in, folded, and where its body part starts.

    File name, title and every string value, one per line, then the body with its runs of
    spaces and line breaks made single spaces (a phrase found across a line break is found).
    UTF-8 bytes, not a str: a body with one emoji would be stored with 4 bytes a character.
    """
    parts = [relpath.rsplit("/", 1)[-1]]
    if title:
        parts.append(title)
    for value in fields.values():
        _collect_strings(value, parts)
    head = fold("\n".join(parts)).encode("utf-8", "surrogateescape")
    if not body or body.isspace():
        return head, len(head) + 1
    text = _SPACES.sub(" ", fold(body)).encode("utf-8", "surrogateescape")
    return head + b"\n" + text, len(head) + 1


def _collect_strings(value: Any, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, list | tuple):
        for item in value:
            _collect_strings(item, out)
    elif isinstance(value, dict):
        for item in value.values():
            _collect_strings(item, out)


@dataclass(frozen=True, slots=True)
class Indexed:
    """A posting as queries see it, made once (``index``) and matched by every keystroke."""

    posting: Posting
    """The posting (fields, collection, file name)."""
    site: SiteValues
    """Its date, title and publication state, as the site reads them."""
    text: bytes
    """The folded search text (see ``search_text``); empty when not made (``body=False``)."""
    body_at: int
    """Where the body starts in ``text``."""
    spec: CollectionSpec | None = None
    """The collection it is read for: how its site reads the keys (site.site_field)."""


def _body(posting: Posting) -> str:
    """The posting's body text, or "" when it could not be read."""
    return posting.raw[posting.body_offset :].decode("utf-8", "replace") if posting.ok else ""


def index(
    posting: Posting,
    spec: CollectionSpec | None,
    now: dt.datetime | None = None,
    *,
    text: bool = True,
) -> Indexed:
    """``posting`` ready to be matched; ``text=False`` leaves the search text out (for a
    query without free words: the bodies are then never read)."""
    site = site_values(posting, spec, now if now is not None else clock())
    if not text:
        return Indexed(posting, site, b"", 0, spec)
    found, at = search_text(posting.relpath, posting.fields, _body(posting), site.title)
    return Indexed(posting, site, found, at, spec)


# ----------------------------------------------------------------------------- the tree


@dataclass(frozen=True, slots=True)
class Term:
    """One condition of a query."""

    kind: str
    """``word`` (also phrases), ``body``, ``eq``, ``gt``, ``ge``, ``lt``, ``le``, ``re``,
    ``has``, ``is``, ``in``, ``group`` (a value of a grouping) or ``grouped`` (any value)."""
    value: str
    """The folded value; the state or flag for ``is``, the field for ``has``, the collection
    for ``in``, the pattern for ``re``."""
    field: str = ""
    """The field compared (``eq``, comparisons, ``re``, groupings)."""
    needle: bytes = b""
    """``word``/``body``: the folded UTF-8 bytes searched for."""
    typed: Any = None
    """Comparisons: the value as a comparable key (see ``_key``)."""
    period: tuple[dt.datetime, dt.datetime] | None = None
    """When the value is a date, a month, a year or a relative date: the moments it covers
    (start included, end excluded). ``date:2021`` is in 2021, ``date<2021`` before it."""
    column: int = dataclasses.field(default=0, compare=False)
    """Where the term starts in the query text (1-based)."""
    regex: re.Pattern[str] | None = dataclasses.field(default=None, compare=False)
    """``re`` and groupings: the compiled pattern."""


@dataclass(frozen=True, slots=True)
class And:
    """Every part holds (an empty And holds for everything)."""

    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """At least one part holds."""

    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """The part does not hold."""

    part: Node


Node = Term | And | Or | Not


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query; ``matches`` is cheap enough to run on 10,000 postings per keystroke."""

    text: str
    """What the user typed."""
    root: Node | None = None
    """The condition; None matches everything."""
    terms: tuple[Term, ...] = ()
    """Every term, in the order written (saved filters expanded)."""

    @property
    def empty(self) -> bool:
        """True when the query matches everything."""
        return self.root is None

    @property
    def words(self) -> tuple[bytes, ...] | None:
        """The needles when the query is free words only (the common, fast case), else None."""
        root = self.root
        parts = root.parts if isinstance(root, And) else (root,)
        if (
            root is None
            or not parts
            or not all(isinstance(p, Term) and p.kind == "word" for p in parts)
        ):
            return None
        return tuple(p.needle for p in parts if isinstance(p, Term))

    @property
    def needs_text(self) -> bool:
        """True when a term searches the text (free words, ``body:``)."""
        return any(t.kind in ("word", "body") for t in self.terms)

    @property
    def flags(self) -> frozenset[str]:
        """The ``is:`` names the caller must give (``FLAGS``) that the query uses."""
        return frozenset(t.value for t in self.terms if t.kind == "is" and t.value in FLAGS)

    def matches(self, item: Indexed, flags: Iterable[str] = ()) -> bool:
        """True when ``item`` (with these caller-known ``flags``) matches."""
        root = self.root
        return True if root is None else _holds(root, item, flags)

    def implies(self, other: Query) -> bool:
        """True when every posting this query matches also matches ``other``: typing a
        letter more narrows the previous result instead of searching every posting."""
        if other.root is None:
            return True
        if self.root is None:
            return False
        mine = _conjuncts(self.root)
        return all(any(_covers(m, o) for m in mine) for o in _conjuncts(other.root))


def _conjuncts(node: Node) -> tuple[Node, ...]:
    return node.parts if isinstance(node, And) else (node,)


def _covers(mine: Node, other: Node) -> bool:
    """``mine`` holding means ``other`` holds (``developpeur`` covers ``dev``)."""
    if mine == other:
        return True
    return (
        isinstance(mine, Term)
        and isinstance(other, Term)
        and mine.kind == other.kind
        and mine.kind in ("word", "body")
        and other.needle in mine.needle
    )


def quote(text: str) -> str:
    """``text`` as one query value: as is when it reads back so (``2021``, ``^Dev``), else
    quoted with its backslashes and quotes escaped (``"Paris (75)"``)."""
    if text and not text.startswith('"') and _BARE_SAFE.fullmatch(text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_BARE_SAFE = re.compile(r"[^\s()]+")


# ----------------------------------------------------------------------------- parsing


def parse_query(
    text: str, filters: SavedFilters | None = None, now: dt.datetime | None = None
) -> Query:
    """Parse a query; raises QueryError (never another exception) for one that cannot be read.

    ``filters``: the saved filters ``@name`` may name (see ``saved_filters``); ``now``: what
    ``today`` and ``-30d`` are relative to (default: the clock).
    """
    moment = now if now is not None else clock()
    parser = _Parser(text or "", filters or {}, _local_date(moment), ())
    root = parser.parse()
    return Query(text or "", root, tuple(parser.terms))


def _local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone().date() if moment.tzinfo is not None else moment.date()


_FIELD = re.compile(r"([^\s:<>=~\"()@-][^\s:<>=~\"()]*)(>=|<=|:|=|>|<|~)")
_WORD = re.compile(r"[^\s()\"]+")
_BARE = re.compile(r"[^\s()]*")
_NAME = re.compile(r"\w[\w.-]*")
_OPS = {":": "eq", "=": "eq", ">": "gt", ">=": "ge", "<": "lt", "<=": "le", "~": "re"}


class _Parser:
    """Recursive descent over the query text, with the column of everything it reads."""

    def __init__(
        self, text: str, filters: SavedFilters, today: dt.date, expanding: tuple[str, ...]
    ) -> None:
        self.text = text
        self.pos = 0
        self.filters = filters
        self.today = today
        self.expanding = expanding
        self.terms: list[Term] = []

    def fail(self, pos: int, expected: str) -> QueryError:
        return QueryError(pos + 1, expected)

    def skip(self) -> None:
        text, pos = self.text, self.pos
        while pos < len(text) and text[pos].isspace():
            pos += 1
        self.pos = pos

    def keyword(self, word: str) -> bool:
        """The upper-case keyword ``word`` (OR, AND, NOT) stands here, alone."""
        end = self.pos + len(word)
        return self.text.startswith(word, self.pos) and (
            end == len(self.text) or self.text[end].isspace() or self.text[end] == "("
        )

    def parse(self) -> Node | None:
        node = self.any_of(top=True)
        self.skip()
        if self.pos < len(self.text):  # only a ")" stops the top level early
            raise self.fail(self.pos, "expected a term, not ')' (no '(' to close)")
        return node

    def any_of(self, top: bool = False) -> Node | None:
        start = self.pos
        parts = [self.all_of()]
        while True:
            self.skip()
            if not self.keyword("OR"):
                break
            where = self.pos
            if parts[-1] is None:
                raise self.fail(where, "expected a term before OR")
            self.pos += 2
            part = self.all_of()
            if part is None:
                self.skip()
                raise self.fail(self.pos, "expected a term after OR")
            parts.append(part)
        if len(parts) == 1:
            if parts[0] is None and not top:
                self.skip()
                raise self.fail(max(self.pos, start), "expected a term")
            return parts[0]
        return Or(tuple(p for p in parts if p is not None))

    def all_of(self) -> Node | None:
        parts: list[Node] = []
        seen = False  # a term was read (a dash alone or an empty phrase add no condition)
        while True:
            self.skip()
            if self.pos >= len(self.text) or self.text[self.pos] == ")" or self.keyword("OR"):
                break
            if self.keyword("AND"):
                if not seen:
                    raise self.fail(self.pos, "expected a term before AND")
                self.pos += 3
                self.skip()
                if self.pos >= len(self.text) or self.text[self.pos] == ")" or self.keyword("OR"):
                    raise self.fail(self.pos, "expected a term after AND")
                continue
            node = self.unary()
            seen = True
            if node is not None:
                parts.append(node)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self) -> Node | None:
        text, pos = self.text, self.pos
        if self.keyword("NOT"):  # as "-": else the word "not" (notre...) beside the term
            self.pos += 3
            self.skip()
            if self.pos >= len(text) or text[self.pos] == ")" or self.keyword("OR"):
                raise self.fail(self.pos, "expected a term after NOT")
            part = self.unary()
            return None if part is None else Not(part)
        if text[pos] == "-":
            if pos + 1 >= len(text) or text[pos + 1].isspace():
                self.pos += 1  # a dash alone: the start of "-word" being typed
                return None
            self.pos += 1
            if text[self.pos] in "-)":
                raise self.fail(self.pos, "expected a term after '-'")
            part = self.unary()
            return None if part is None else Not(part)
        if text[pos] == "(":
            self.pos += 1
            node = self.any_of()
            self.skip()
            if self.pos >= len(text) or text[self.pos] != ")":
                raise self.fail(self.pos, f"expected ')' to close the '(' of column {pos + 1}")
            self.pos += 1
            return node if node is not None else And(())
        if text[pos] == '"':
            phrase = self.quoted()
            needle = _needle(phrase)
            if not needle:
                return None
            return self.term(Term("word", fold(phrase), needle=needle, column=pos + 1))
        if text[pos] == "@":
            return self.saved()
        m = _FIELD.match(text, pos)
        if m is not None:
            self.pos = m.end()
            value = self.value()
            return self.field_term(m.group(1), m.group(2), value, pos)
        m = _WORD.match(text, pos)
        if m is None:  # pragma: no cover - every other character starts a word
            raise self.fail(pos, "expected a term")
        self.pos = m.end()
        word = m.group()
        return self.term(Term("word", fold(word), needle=_needle(word), column=pos + 1))

    def quoted(self) -> str:
        """The text of a ``"..."`` at ``pos`` (``\\"`` and ``\\\\`` escaped), after it."""
        text, start = self.text, self.pos
        out: list[str] = []
        i = start + 1
        while i < len(text):
            c = text[i]
            if c == "\\" and i + 1 < len(text) and text[i + 1] in '"\\':
                out.append(text[i + 1])
                i += 2
                continue
            if c == '"':
                self.pos = i + 1
                return "".join(out)
            out.append(c)
            i += 1
        raise self.fail(start, f"expected a closing quote for the '\"' of column {start + 1}")

    def value(self) -> str:
        if self.pos < len(self.text) and self.text[self.pos] == '"':
            return self.quoted()
        m = _BARE.match(self.text, self.pos)
        assert m is not None  # matches the empty string
        self.pos = m.end()
        return m.group()

    def term(self, term: Term) -> Term:
        self.terms.append(term)
        return term

    def field_term(self, field: str, op: str, value: str, pos: int) -> Node:
        low = field.lower()
        column = pos + 1
        shown = f"{field}{op}"
        kind = _OPS[op]
        if low in ("has", "is", "in", "body") and kind != "eq":
            raise self.fail(pos + len(field), f"expected {low}: (as in {low}:{_EXAMPLES[low]})")
        if low in ("has", "is", "in", "body") and not value:
            raise self.fail(
                self.pos, f"expected a value after {low}: (e.g. {low}:{_EXAMPLES[low]})"
            )
        if low == "has":
            return self.term(Term("has", value, column=column))
        if low == "is":
            state = value.lower()
            if state not in STATES and state not in FLAGS:
                meant = did_you_mean(state, (*STATES, *FLAGS))
                # the one meant first: a status bar at 80 columns cuts the rest
                expected = f"is:{meant}" if meant else "a state or a flag"
                raise self.fail(
                    pos + 3,
                    f"expected {expected}, not is:{value} (states: {' '.join(STATES)}; "
                    f"flags: {' '.join(FLAGS)})",
                )
            return self.term(Term("is", state, column=column))
        if low == "in":
            return self.term(Term("in", value.lower(), column=column))
        if low == "body":
            needle = _needle(value)
            return self.term(Term("body", fold(value), needle=needle, column=column))
        if kind == "re":
            if not value:
                raise self.fail(
                    self.pos, f'expected a regular expression after {shown} (e.g. {field}~"^Dev")'
                )
            return self.term(Term("re", value, field, regex=self.regex(value, pos), column=column))
        if kind != "eq" and not value:
            raise self.fail(self.pos, f"expected a value after {shown} (e.g. {shown}2021-09-01)")
        typed, period = _operand(value, self.today)
        if low == "date" and kind != "eq" and period is None:
            # the site's date is a date: compared with a typo (tomorow, 2021-13-01, 30d) it
            # would find nothing without a word
            raise self.fail(
                pos + len(field) + len(op),
                f"{value!r} is no date: {shown} takes 2021-09-01, 2021-09, 2021, today, -30d",
            )
        return self.term(Term(kind, fold(value), field, typed=typed, period=period, column=column))

    def regex(self, pattern: str, pos: int) -> re.Pattern[str]:
        from postedit.core.schema import js_regex

        try:
            return re.compile(js_regex(pattern))
        except re.error as exc:
            raise self.fail(pos, f"expected a regular expression ({exc})") from None

    def saved(self) -> Node:
        start = self.pos
        m = _NAME.match(self.text, start + 1)
        known = ", ".join(f"@{n}" for n in sorted(self.filters)) or "none is defined"
        if m is None:
            raise self.fail(start + 1, f"expected the name of a saved filter ({known})")
        name = m.group()
        self.pos = m.end()
        wanted: str | None = None
        if self.pos < len(self.text) and self.text[self.pos] == "=":
            self.pos += 1
            wanted = self.value()
        found = self.filters.get(name)
        if not found:
            meant = did_you_mean(name, list(self.filters))
            hint = f"; did you mean @{meant}?" if meant else ""
            listed = f"saved: {known}" if self.filters else known
            raise self.fail(start, f"no saved filter @{name}{hint} ({listed})")
        if name in self.expanding:
            raise self.fail(start, f"expected a saved filter that does not use itself (@{name})")
        options: list[Node] = []
        for collection, saved in found:
            node = self.expand(saved, wanted, start)
            if collection:
                node = And((self.term(Term("in", collection.lower(), column=start + 1)), node))
            options.append(node)
        return options[0] if len(options) == 1 else Or(tuple(options))

    def expand(self, saved: SavedFilter, wanted: str | None, start: int) -> Node:
        """The condition of one saved filter (``wanted``: the value after ``=``)."""
        if saved.group:
            regex = None if saved.pattern is None else self.regex(saved.pattern, start)
            if wanted is None:
                term = Term("grouped", "", saved.group, regex=regex, column=start + 1)
            else:
                term = Term("group", fold(wanted), saved.group, regex=regex, column=start + 1)
            return self.term(term)
        if wanted is not None:
            raise self.fail(start, f"expected @{saved.name} alone (it is a filter, not a grouping)")
        inner = _Parser(saved.query, self.filters, self.today, (*self.expanding, saved.name))
        try:
            node = inner.parse()
        except QueryError as exc:
            raise self.fail(start, f"@{saved.name}: {exc.message}") from None
        self.terms.extend(inner.terms)
        return node if node is not None else And(())


_EXAMPLES = {"has": "date", "is": "draft", "in": "jobs", "body": "python"}

_RELATIVE = re.compile(r"([+-])(\d{1,4})([dwmy])$")
_YEAR = re.compile(r"\d{4}$")
_MONTH = re.compile(r"(\d{4})-(\d{2})$")
_DAY_FIRST = re.compile(r"\d{4}-\d{2}-\d{2}")
"""Text that starts like a date: a date, or a date and time, or neither (core/dates.py says)."""
_DAY = dt.timedelta(days=1)
_TICK = dt.timedelta(microseconds=1)


def _shift(day: dt.date, sign: int, count: int, unit: str) -> dt.date:
    """``day`` moved by a relative date's amount; months and years keep the day when it
    exists (31 January + 1 month is the last day of February)."""
    if unit in "dw":
        return day + sign * count * (7 if unit == "w" else 1) * _DAY
    months = day.year * 12 + day.month - 1 + sign * count * (12 if unit == "y" else 1)
    year, month = divmod(months, 12)
    year = min(max(year, 1), 9999)
    return day.replace(
        year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1])
    )


def _day_period(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(day.year, day.month, day.day)
    return start, start + _DAY


def _operand(text: str, today: dt.date) -> tuple[Any, tuple[dt.datetime, dt.datetime] | None]:
    """A query value as (comparable key, period): ``today``, ``-30d``, ``2021``, ``2021-08``,
    a date and a datetime cover periods; numbers, booleans and text are keys only."""
    t = text.strip()
    low = t.lower()
    try:
        if low in ("today", "yesterday", "tomorrow"):
            day = today + {"today": 0, "yesterday": -1, "tomorrow": 1}[low] * _DAY
            return _key(day), _day_period(day)
        m = _RELATIVE.match(low)
        if m is not None:
            day = _shift(today, 1 if m.group(1) == "+" else -1, int(m.group(2)), m.group(3))
            return _key(day), _day_period(day)
        if _YEAR.match(t):
            year = int(t)
            if year >= 1:
                end = dt.datetime(year + 1, 1, 1) if year < 9999 else dt.datetime.max
                return _key(year), (dt.datetime(year, 1, 1), end)
        m = _MONTH.match(t)
        if m is not None:
            year, month = int(m.group(1)), int(m.group(2))
            start = dt.datetime(year, month, 1)
            end = dt.datetime(year + month // 12, month % 12 + 1, 1)
            return _key(t), (start, end)
    except (ValueError, OverflowError):
        pass  # year 0, month 13...: compared as the text it is
    typed = _scalar(t)
    if isinstance(typed, dt.datetime):
        moment = _moment(typed)
        assert moment is not None
        return _key(typed), (moment, moment + _TICK)
    if isinstance(typed, dt.date):
        return _key(typed), _day_period(typed)
    return _key(typed), None


def _scalar(text: str) -> Any:
    """A typed reading of query text: date, datetime, number or the text itself."""
    t = text.strip()
    if _DAY_FIRST.match(t):
        try:
            return parse_datetime(t)  # the one reading of ISO dates and times
        except ValueError:
            return t
    low = t.lower()
    if low in ("true", "yes", "on"):
        return True
    if low in ("false", "no", "off"):
        return False
    try:
        return int(t)
    except ValueError:
        pass
    try:
        return float(t)
    except ValueError:
        return t


def _moment(value: Any) -> dt.datetime | None:
    """A date, datetime or date-like text as a naive UTC moment (a date: its midnight)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return value.astimezone(dt.UTC).replace(tzinfo=None)
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str) and value[:1].isdigit():
        typed = _scalar(value)
        if isinstance(typed, dt.date):
            return _moment(typed)
    return None


def _key(value: Any) -> tuple[int, Any] | None:
    """A comparable key: dates and datetimes on one axis, numbers on another, text on a third."""
    if isinstance(value, bool):
        return (0, int(value))
    if isinstance(value, dt.date):
        return (2, _moment(value))
    if isinstance(value, int | float):
        return (1, value)
    if isinstance(value, str):
        typed = _scalar(value)
        if not isinstance(typed, str):
            return _key(typed)
        return (3, fold(value))
    return None


# ----------------------------------------------------------------------------- sorting


def sort_key(value: Any) -> tuple[int, Any]:
    """A key that sorts any front-matter values together: typed first, missing last.

    An impossible date kept as text (``2023-02-30``) sorts with the dates, as the end of the
    last day of its month: beside its neighbours, not above every date of a ``-date`` sort.
    """
    if value is None or value == "":
        return (9, "")
    if isinstance(value, list | tuple):
        return sort_key(value[0]) if value else (9, "")
    key = _key(value)
    if key is not None and key[0] == 3:
        near = _near_date(value)
        if near is not None:
            return (2, near)
    return key if key is not None else (4, fold(str(value)))


_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_DATE_LIKE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])")


def _near_date(text: str) -> dt.datetime | None:
    """The last moment of the nearest real day of a date-like text (``2023-02-30`` -> end
    of 2023-02-28), or None when it does not start like a date."""
    m = _DATE_LIKE.match(text)
    if m is None:
        return None
    year, month, day = (int(g) for g in m.groups())
    year = max(1, year)
    month = min(max(1, month), 12)
    last = _DAYS[month - 1]
    if month == 2 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        last = 28
    return dt.datetime(year, month, min(max(1, day), last), 23, 59, 59, 999999)


# ----------------------------------------------------------------------------- matching


_MISSING = object()


def _lookup(fields: Mapping[str, Any], name: str) -> tuple[bool, Any]:
    if name in fields:
        return True, fields[name]
    low = name.lower()
    for key, value in fields.items():
        if isinstance(key, str) and key.lower() == low:
            return True, value
    if "." in name:
        head, _, rest = name.partition(".")
        found, inner = _lookup(fields, head)
        if found and isinstance(inner, Mapping):
            return _lookup(inner, rest)
    return False, None


def _value(item: Indexed, name: str) -> tuple[bool, Any]:
    """The value a term compares: ``date`` and ``title`` are the site's (a file name's date
    counts), other names the field's as the site reads it (site_field: with what it
    inherits), else a key of that name in any case, or a dotted path into a mapping."""
    low = name.lower()
    if low == "date":
        date = item.site.date
        if date is not None:
            return True, date
    elif low == "title":
        title = item.site.title
        if title:
            return True, title
    value = site_field(item.posting, name, item.spec, _MISSING)
    if value is not _MISSING:
        return True, value
    return _lookup(item.posting.site_fields, name)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _eq(term: Term, value: Any) -> bool:
    if isinstance(value, list | tuple):
        return any(_eq(term, item) for item in value)
    if term.value == "":
        return _empty(value)
    if value is None:
        return term.value in ("null", "none", "~")
    period = term.period
    if period is not None:
        moment = _moment(value)
        if moment is not None:
            return period[0] <= moment < period[1]
    if isinstance(value, str):
        folded = fold(value)
        if "*" in term.value or "?" in term.value:
            return fnmatch.fnmatchcase(folded, term.value)
        if folded == term.value:
            return True
    key = _key(value)
    typed = term.typed
    if key is not None and typed is not None and key[0] == typed[0] and key[0] != 3:
        return bool(key == typed)
    return fold(str(value)) == term.value


def _compare(term: Term, value: Any) -> bool:
    if isinstance(value, list | tuple):
        return any(_compare(term, item) for item in value)
    kind = term.kind
    period = term.period
    if period is not None:
        moment = _moment(value)
        if moment is not None:
            start, end = period
            if kind == "lt":
                return moment < start
            if kind == "ge":
                return moment >= start
            if kind == "gt":
                return moment >= end
            return moment < end
    key = _key(value)
    typed = term.typed
    if key is None or typed is None or key[0] != typed[0]:
        return False
    a, b = key[1], typed[1]
    try:
        if kind == "gt":
            return bool(a > b)
        if kind == "ge":
            return bool(a >= b)
        if kind == "lt":
            return bool(a < b)
        return bool(a <= b)
    except TypeError:
        return False


def _match(term: Term, item: Indexed, flags: Iterable[str]) -> bool:
    kind = term.kind
    if kind == "word":
        return term.needle in item.text
    if kind == "body":
        return item.text.find(term.needle, item.body_at) >= 0
    if kind == "is":
        return item.site.state == term.value if term.value in STATES else term.value in flags
    if kind == "in":
        return item.posting.collection.lower() == term.value
    if kind == "has":
        found, value = _value(item, term.value)
        return found and not _empty(value)
    found, value = _value(item, term.field)
    if kind == "eq":
        return _eq(term, value) if found else term.value == ""
    if not found:
        return False
    if kind in ("re", "group", "grouped"):
        regex = term.regex
        if kind == "grouped":
            return True
        if kind == "group":
            return fold(decap_group_value(value, regex)) == term.value
        return regex is not None and regex.search(decap_string(value)) is not None
    return _compare(term, value)


def _holds(node: Node, item: Indexed, flags: Iterable[str]) -> bool:
    if isinstance(node, Term):
        return _match(node, item, flags)
    if isinstance(node, And):
        return all(_holds(part, item, flags) for part in node.parts)
    if isinstance(node, Or):
        return any(_holds(part, item, flags) for part in node.parts)
    return not _holds(node.part, item, flags)


# ----------------------------------------------------------------------------- selecting


def saved_filters(schema: Schema) -> dict[str, list[tuple[str, SavedFilter]]]:
    """The saved filters ``@name`` may name: the schema's, then each collection's."""
    out: dict[str, list[tuple[str, SavedFilter]]] = {}
    for saved in schema.filters:
        out.setdefault(saved.name, []).append(("", saved))
    for spec in schema.collections:
        for saved in spec.filters:
            out.setdefault(saved.name, []).append((spec.name, saved))
    return out


def group_counts(saved: SavedFilter, items: Iterable[Indexed]) -> list[tuple[str, int]]:
    """The values a grouping (Decap ``view_groups``) takes among ``items``, each with how
    many postings it holds, in the order of the values: what ``@name=VALUE`` can select."""
    from postedit.core.schema import js_regex

    try:
        regex = None if saved.pattern is None else re.compile(js_regex(saved.pattern))
    except re.error:
        return []
    counts: dict[str, int] = {}
    shown: dict[str, str] = {}
    for item in items:
        found, value = _value(item, saved.group)
        if found:
            text = decap_group_value(value, regex)
            key = fold(text)
            shown.setdefault(key, text)
            counts[key] = counts.get(key, 0) + 1
    return [(shown[key], counts[key]) for key in sorted(counts)]


_CLI_FLAGS = ("invalid", "warning")
"""The caller-known ``is:`` names the command line answers (from validation); the others
are the TUI's (marks, edits)."""


def parse_where(schema: Schema, text: str, now: dt.datetime | None = None) -> Query:
    """A ``--where`` query: parsed with the schema's saved filters, and refused (QueryError)
    when it asks what only the TUI knows (``is:marked``, ``is:modified``...)."""
    query = parse_query(text, saved_filters(schema), now)
    for term in query.terms:
        if term.kind == "is" and term.value in FLAGS and term.value not in _CLI_FLAGS:
            raise QueryError(
                term.column,
                f"expected is:{', is:'.join(STATES)}, is:invalid or is:warning: "
                f"is:{term.value} is known to the terminal interface only",
            )
    return query


def finding_flags(severities: Iterable[str]) -> set[str]:
    """``invalid`` for a posting with an error finding, ``warning`` for one with a warning
    (what ``is:invalid`` and ``is:warning`` ask), from its findings' severities."""
    return {"invalid" if severity == "error" else "warning" for severity in severities}


def value_of(item: Indexed, name: str) -> Any:
    """The value a query (and a sort) reads for ``name``: the site's date and title, else
    the front matter's value (None when missing)."""
    return _value(item, name)[1]


def _knows_field(name: str, specs: Sequence[CollectionSpec], postings: Iterable[Posting]) -> bool:
    """Is ``name`` a field of these collections, which a sort or a query reads: the site's
    ``date`` or ``title``, a field of their schema (a dotted path by its first name), or a
    key one of ``postings`` holds or inherits (``Posting.site_fields``: an inferred schema
    knows no more than its postings' own keys; a schema may leave keys out). Case does not
    count, as in a query."""
    low = name.lower()
    head = low.partition(".")[0]
    if low in ("date", "title") or any(
        f.name.lower() in (low, head) for spec in specs for f in spec.fields
    ):
        return True
    return any(_lookup(p.site_fields, name)[0] for p in postings)


def _field_names(specs: Sequence[CollectionSpec], postings: Iterable[Posting]) -> list[str]:
    """Every name ``_knows_field`` accepts, each once: the site's, the schema's, the keys."""
    keys: dict[Any, None] = {}
    for posting in postings:
        keys.update(dict.fromkeys(posting.fields))  # no generator: 10,000 postings in 3 ms
        if posting.inherited:
            keys.update(dict.fromkeys(posting.inherited))
    names = ["date", "title", *(f.name for spec in specs for f in spec.fields), *map(str, keys)]
    return list(dict.fromkeys(names))


def no_such_field(
    name: str, specs: Sequence[CollectionSpec], postings: Iterable[Posting]
) -> str | None:
    """``no field 'nope' in jobs; did you mean 'open'?`` when none of ``specs`` has ``name``
    (``_knows_field``; ``postings``: theirs), else None. What ``--sort`` refuses and what a
    query that finds nothing is told."""
    postings = list(postings)
    if _knows_field(name, specs, postings):
        return None
    fields = _field_names(specs, postings)
    close = did_you_mean(name, fields) or next(
        iter(difflib.get_close_matches(name, fields, n=1, cutoff=0.6)), None
    )
    where = specs[0].name if len(specs) == 1 else "any collection"
    hint = f"; did you mean {close!r}?" if close else " (postedit schema show lists them)"
    return f"no field {name!r} in {where}{hint}"


def unknown_field_hints(
    query: Query,
    specs: Sequence[CollectionSpec],
    postings: Iterable[Posting],
    collections: Sequence[str] = (),
) -> list[str]:
    """What may have made ``query`` find nothing: each field it names (``open:``,
    ``date<``, ``has:``) that none of ``specs`` has, as ``no_such_field`` says it, and each
    collection ``in:`` names that is none of ``collections`` (every collection's name). A
    typo in a name (``opne:true``, ``in:jbos``) otherwise reads as "no posting is so"."""
    names = dict.fromkeys(
        t.value if t.kind == "has" else t.field
        for t in query.terms
        if t.kind in ("eq", "gt", "ge", "lt", "le", "re", "has")
    )
    postings = list(postings) if names else []
    hints = [hint for name in names if (hint := no_such_field(name, specs, postings))]
    known = {name.lower(): name for name in collections}
    for wanted in dict.fromkeys(t.value for t in query.terms if t.kind == "in"):
        if known and wanted not in known:
            close = did_you_mean(wanted, list(known))
            meant = f"; did you mean {known[close]!r}?" if close else ""
            hints.append(f"no collection {wanted!r}{meant} (collections: {', '.join(collections)})")
    return hints


def other_collections(
    query: Query, searched: Iterable[str], collections: Sequence[CollectionSpec]
) -> list[tuple[CollectionSpec, str]]:
    """Each collection of ``collections`` that ``in:`` names but that is none of the
    ``searched`` ones (names), with ``in:news selects the News collection``: a query finding
    nothing in the Blog tab, or with ``--collection blog``, may well match there. A name
    that is no collection is ``unknown_field_hints``'s."""
    names = {name.lower() for name in searched}
    known = {spec.name.lower(): spec for spec in collections}
    out = []
    for wanted in dict.fromkeys(t.value for t in query.terms if t.kind == "in"):
        spec = known.get(wanted)
        if spec is not None and wanted not in names:
            out.append((spec, f"in:{wanted} selects the {spec.title} collection"))
    return out


def select(
    workspace: Workspace,
    query: str | Query,
    collection: str | None = None,
    now: dt.datetime | None = None,
) -> list[Posting]:
    """The postings of ``workspace`` (of one collection, or all) that match ``query``, in
    collection then file order: what ``list --where``, ``check --where`` and ``set --where``
    act on. Raises QueryError for a query that cannot be read (or asks what only the TUI
    knows), UsageError for an unknown collection."""
    moment = now if now is not None else clock()
    if not isinstance(query, Query):
        query = parse_where(workspace.schema, query, moment)
    specs = [workspace.collection(collection)] if collection else list(workspace.collections)
    context = None
    if query.flags:
        from postedit.core.schema_load import relation_context
        from postedit.core.validate import posting_findings

        context = relation_context(workspace.root, workspace.schema)
    out: list[Posting] = []
    for spec in specs:
        for posting in workspace.iter_load(spec):
            flags: set[str] = set()
            if query.flags:
                flags = finding_flags(f.severity for f in posting_findings(posting, spec, context))
            if query.matches(index(posting, spec, moment, text=query.needs_text), flags):
                out.append(posting)
    return out
