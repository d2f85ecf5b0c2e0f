"""What the site sees of a posting: its date, its title, its publication state and its URL.

A static site generator reads more than the front matter: Jekyll takes a document's date from
a ``YYYY-MM-DD-`` file name when the front matter has none; Decap's list shows the
``identifier_field`` (or the ``summary`` template) as the title; Hugo and Jekyll leave out
drafts, postings whose publish date is still to come, and expired ones; Decap's
``preview_path`` gives the posting's address. These values are worked out here, once, and
used by the list, the filter, sorting, ``check`` and the JSON output. The file is never
rewritten to hold them.

Which fields hold what is the collection's :class:`~postedit.core.schema.SiteSpec` (Jekyll's
and Hugo's conventions unless the postedit.yml says otherwise; docs/schema.md).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal, TypeVar

from postedit.core.dates import date_value
from postedit.core.discover import locale_fields
from postedit.core.posting import Posting
from postedit.core.schema import CollectionSpec, SiteSpec, per_spec

# core/template.py (Decap's templates) is imported where a summary or a URL is rendered: most
# titles are a field's text, and a list's first frame should not wait for its patterns

if TYPE_CHECKING:
    from typing import Any

_V = TypeVar("_V")
__all__ = [
    "STATES",
    "STATE_MARKS",
    "SiteValues",
    "State",
    "dated_otherwise",
    "by_field",
    "field_key",
    "field_value",
    "file_name_date",
    "hugo_bool",
    "path_date",
    "hugo_bool_text",
    "preview_url",
    "renamed_keys",
    "one_line",
    "site_date",
    "site_field",
    "site_fields",
    "site_values",
    "state_legend",
    "state_mark",
    "undated_name",
    "unpublishing",
    "unset_truth",
]

State = Literal["draft", "scheduled", "expired", "headless", "published", "error"]
STATES: tuple[State, ...] = ("draft", "scheduled", "expired", "headless", "published")
"""Publication states, as ``is:`` in the filter names them. ``headless``: a page the site
builds but never writes (Hugo's ``build: {render: never}``, ``headless: true``; a Jekyll
collection without ``output: true``, site.output), not a draft:
Hugo's own ``.Draft`` is false for it. A posting whose front matter cannot be read has the
state ``error``: what its site does with it cannot be told (``is:`` does not name it:
``is:invalid`` finds such postings, with every other error)."""

STATE_MARKS: dict[State, tuple[str, str]] = {
    "draft": ("d", "draft: the site leaves it out (draft: true, published: false)"),
    "scheduled": ("s", "scheduled: its date is still to come, the site does not show it yet"),
    "expired": ("x", "expired: its expiry date (Hugo's expiryDate) has passed"),
    "headless": ("h", "headless: the site builds it but never writes its page (render: never)"),
    "error": ("?", "unreadable front matter: what the site does with it cannot be told"),
}
"""The list's ``S`` column (the terminal interface's and ``list``'s table): a letter per
state the site does not publish, and what it means (the help, the table's legend and
docs/keys.md say it); a published posting's cell is blank. Lower case, apart from the
upper-case marks of what postedit did (``D`` deleted) and found (``E2``)."""


def state_mark(state: State) -> str:
    """The ``S`` column for a posting in ``state``: blank when the site publishes it."""
    mark = STATE_MARKS.get(state)
    return mark[0] if mark is not None else ""


def state_legend(states: Iterable[State]) -> str:
    """What the ``S`` letters of ``states`` mean, in a few words: ``d draft, s scheduled``
    (empty when the site publishes them all)."""
    shown = set(states)
    return ", ".join(
        f"{letter} {meaning.split(':')[0]}"
        for state, (letter, meaning) in STATE_MARKS.items()
        if state in shown
    )


_UNWRITTEN = ("never", "link", "0", False, 0)
"""The ``render`` build options that keep a Hugo page unwritten (Hugo's
``pagemeta.DecodeBuildConfig``: ``never``; ``link``, which gives it an address and no file;
and the booleans of Hugo before 0.76, ``false`` weakly decoded as ``"0"``). Any other value,
the text ``"false"`` and ``"Never"`` included, is ``always``, Hugo's default: it compares
the words as written."""

_NAME_DATE = re.compile(r"(\d{2,4})-(\d{1,2})-(\d{1,2})-[^/]*\.[^./]+$")
"""Jekyll's ``DATE_FILENAME_MATCHER``: ``YYYY-MM-DD-slug.ext`` (month and day may be one
digit); a file name without an extension gives no date."""

_PATH_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
"""Eleventy's date from a file's path (``Template.getMappedDate``): the first ``YYYY-MM-DD``
anywhere in it (``posts/2024-03-04-trip/index.md``, ``notes-2024-05-06.md``)."""

_TITLE_KEYS = ("title", "name")
"""Control characters and bidirectional overrides: a title is shown in terminals, where they
would move the cursor or disguise the text."""
_DANGLING = " -–—|:,;/·"
"""Separators a summary leaves at its ends when a field it names is empty
(``{{startup}} - {{filename}}`` without a startup)."""
_DEFAULT_SITE = SiteSpec()


@dataclass(frozen=True, slots=True)
class SiteValues:
    """A posting as its site reads it."""

    date: dt.date | None
    """The front matter's date (a ``datetime`` when it has a time), else the file name's
    (Jekyll), else None."""
    date_from_name: bool
    """The date comes from the file name (the front matter has none)."""
    title: str
    """The collection's identifier field, else its summary, else ``title``/``name``, else "":
    one line of printable text."""
    state: State
    """``draft``, ``scheduled``, ``expired`` or ``published``; ``error`` when the front
    matter cannot be read."""


# the list, its sort and validation all ask, posting after posting: a bound smaller than the
# collection would miss every time. 100,000 names is ten times the 10,000 postings the
# targets in docs/performance.md are stated for, and holds 13 MB at most (about 130 bytes a
# name, besides the name): a TUI left open for days no longer keeps every name it has seen.
@functools.lru_cache(maxsize=100_000)
def file_name_date(relpath: str) -> dt.date | None:
    """The date a ``YYYY-MM-DD-slug.md`` file name gives (Jekyll), or None."""
    name = relpath.rsplit("/", 1)[-1]
    m = _NAME_DATE.match(name)
    if m is None:
        return None
    if len(m.group(1)) < 4:
        return None  # Ruby's Time.parse would guess a century: too surprising to follow
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


@functools.lru_cache(maxsize=100_000)
def _eleventy_path_date(relpath: str) -> dt.date | None:
    m = _PATH_DATE.search(relpath)
    if m is None:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None  # Eleventy's own date is then an Invalid Date: dated by the file's times


def path_date(relpath: str, site: SiteSpec) -> dt.date | None:
    """The date the site takes from the file's path without one in the front matter, or
    None: Jekyll's ``YYYY-MM-DD-`` file name, Eleventy's first ``YYYY-MM-DD`` anywhere in the
    path (``site.path_date``), nothing where ``site.file_name_date`` is false (Hugo)."""
    if not site.file_name_date:
        return None
    return _eleventy_path_date(relpath) if site.path_date else file_name_date(relpath)


# ----------------------------------------------------------------------------- reading


class _Reader:
    """What site_values needs from one collection, worked out once (see ``_reader_for``)."""

    def __init__(self, spec: CollectionSpec | None) -> None:
        self.spec = spec
        site = self.site = spec.site if spec is not None else _DEFAULT_SITE
        self.fold = site.ignore_case
        """Names are looked up in lower case, in the posting's folded fields (_folded)."""
        name = self._name
        self.title_keys: tuple[str, ...] = (
            (name(spec.identifier_field),) if spec is not None and spec.identifier_field else ()
        )
        self.other_titles = tuple(map(name, _TITLE_KEYS))
        self.date = self._names(site.date)
        self.lastmod = self._names(site.lastmod)
        self.publish_date = self._names(site.publish_date)
        self.expiry_date = self._names(site.expiry_date)
        self.draft = self._names(site.draft)
        self.published = self._names(site.published)
        self.build = self._names(site.build)
        self.headless = self._names(site.headless)
        self.unwritten = frozenset((*self.headless, *self.build))
        """The keys _unwritten reads: most postings have none of them, told in one test."""
        self.summary = spec.summary if spec is not None else ""
        self.folder = spec.folder if spec is not None else ""
        self.formats: dict[str, tuple[str, str | None]] = {}
        """Date fields written as text in a format: name -> (type, format)."""
        if spec is not None:
            for f in spec.fields:
                if f.type in ("date", "datetime"):
                    self.formats[name(f.name)] = (f.type, f.format)

    def _name(self, name: str) -> str:
        return name.lower() if self.fold else name

    def _names(self, names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(map(self._name, names)))

    def fields(self, posting: Posting) -> Mapping[str, Any]:
        """The posting's fields as this reader looks names up in them."""
        fields = posting.site_fields
        return _folded(fields) if self.fold else fields

    def moment(self, fields: Mapping[str, Any], names: tuple[str, ...]) -> dt.date | None:
        """The first of ``names`` that holds a date (ISO text, or text in the field's format)."""
        for name in names:
            value = fields.get(name)
            if value is None:
                continue
            kind, fmt = self.formats.get(name, ("datetime", None))
            date = date_value(value, kind, fmt)
            if date is not None:
                return date
        return None

    def title(self, fields: Mapping[str, Any], relpath: str, date: dt.date | None) -> str:
        for key in self.title_keys:
            text = _text(fields.get(key))
            if text:
                return text
        if self.summary:  # its {{slug}} is the identifier's value, empty here (Decap's rule)
            from postedit.core.template import file_fields, render

            data = {**fields, **file_fields(relpath, self.folder)}
            text = render(self.summary, data, date=date, date_required=False)
            text = one_line(text).strip(_DANGLING)
            if text:
                return text
        for key in self.other_titles:
            text = _text(fields.get(key))
            if text:
                return text
        return ""

    def state(self, fields: Mapping[str, Any], publish: dt.date | None, now: dt.datetime) -> State:
        """The publication state; ``publish``: the date the publish date falls back to."""
        if self.site.drafts:
            return "draft"
        for name in self.draft:
            if hugo_bool(fields.get(name)):
                return "draft"
        for name in self.published:
            if fields.get(name) is False:
                return "draft"
        expiry = self.moment(fields, self.expiry_date)
        if expiry is not None and _reached(expiry, now):
            return "expired"
        if not self.site.future:
            publish = self.moment(fields, self.publish_date) or publish
            if publish is not None and not _reached(publish, now):
                return "scheduled"
        if not self.site.output:
            return "headless"  # a Jekyll collection without output: true
        if not fields.keys().isdisjoint(self.unwritten) and self._unwritten(fields):
            return "headless"
        return "published"

    def _unwritten(self, fields: Mapping[str, Any]) -> bool:
        """Do the build options keep the page unwritten (hugolib/page__meta.go:
        ``setMetaPostParams``, ``noRender``)? The first build field present is read, as Hugo
        reads ``_build`` before ``build``; ``headless: true`` sets ``render: never``."""
        for name in self.headless:
            if hugo_bool(fields.get(name)):
                return True
        for name in self.build:
            if name in fields:
                options = fields[name]
                if not isinstance(options, Mapping):
                    return False
                render = _folded(options).get("render") if self.fold else options.get("render")
                return any(render == word and type(render) is type(word) for word in _UNWRITTEN)
        return False


_TRUE_TEXTS = frozenset(("1", "t", "T", "TRUE", "true", "True"))
"""The texts Go's ``strconv.ParseBool`` reads as true; with ``_FALSE_TEXTS``, all it reads."""
_FALSE_TEXTS = frozenset(("0", "f", "F", "FALSE", "false", "False"))


def hugo_bool(value: Any) -> bool:
    """Is ``value`` true as Hugo reads its ``draft`` and ``headless`` (``cast.ToBool``): a
    boolean, a number other than 0, or a text Go's ``strconv.ParseBool`` reads as true
    (``"true"``, ``"True"``, ``"TRUE"``, ``"t"``, ``"T"``, ``"1"``; not ``" true"``, ``"yes"``
    nor ``"tRuE"``: Hugo 0.168 writes those pages)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    return isinstance(value, str) and value in _TRUE_TEXTS


def hugo_bool_text(value: Any) -> bool | None:
    """The boolean Hugo reads a text as (``strconv.ParseBool``), or None when ``value`` is
    no such text (then Hugo reads it as false, silently)."""
    if isinstance(value, str) and (value in _TRUE_TEXTS or value in _FALSE_TEXTS):
        return value in _TRUE_TEXTS
    return None


def _folded(fields: Mapping[str, Any]) -> dict[str, Any]:
    """``fields`` keyed by their names in lower case, as Hugo reads them (its
    ``hmaps.PrepareParams``). Of keys equal but for case, the one written in lower case
    wins, else the first in the file (Hugo takes any one of them: a Go map's order)."""
    out: dict[str, Any] = {}
    for key, value in fields.items():
        low = key.lower() if isinstance(key, str) else key
        if low not in out or key == low:
            out[low] = value
    return out


def field_key(fields: Mapping[str, Any], name: str, site: SiteSpec) -> str | None:
    """The key of ``fields`` holding the field ``name`` for the site: ``name`` itself, or, on
    a site that ignores case (``site.ignore_case``: Hugo), the key the site reads (_folded):
    the one written in lower case, else the first equal to ``name`` but for case; None when
    none does. A write of ``name`` goes to this key, so ``Draft: true`` is toggled on its own
    line, never doubled, and a field ``Draft`` of a page with ``draft:`` and ``Draft:`` is
    the ``draft:`` line its site reads."""
    if not site.ignore_case:
        return name if name in fields else None
    low = name.lower()
    if low in fields:
        return low
    return next((k for k in fields if isinstance(k, str) and k.lower() == low), None)


def renamed_keys(fields: Mapping[str, Any], spec: CollectionSpec) -> dict[str, str]:
    """On a site that ignores case (Hugo), the keys of ``fields`` the site reads as a field
    of the schema written in another case (``Draft`` for ``draft``: field_key), each with
    that field's name; other keys of that name are left out (the site takes any one of
    them). Empty on any other site."""
    if not spec.site.ignore_case:
        return {}
    names = {f.name.lower(): f.name for f in spec.fields}
    out: dict[str, str] = {}
    for key in fields:
        name = names.get(key.lower()) if isinstance(key, str) else None
        if name is not None and name != key and field_key(fields, name, spec.site) == key:
            out[key] = name
    return out


def by_field(mapping: Mapping[Any, _V], renamed: Mapping[str, str]) -> dict[Any, _V]:
    """``mapping`` (a posting's fields, or its key lines) keyed by the names of the fields
    its keys hold (``renamed``: renamed_keys). A key the site reads wins over one spelled as
    the field that it does not read (``draft:`` over ``Draft:`` for the field ``Draft``)."""
    out: dict[Any, _V] = {}
    for key, value in mapping.items():
        name = renamed.get(key, key)
        if key in renamed or name not in out:
            out[name] = value
    return out


def field_value(fields: Mapping[str, Any], name: str, spec: CollectionSpec | None) -> Any:
    """The value of the field ``name`` as the collection's site reads it (field_key), or
    None."""
    key = field_key(fields, name, spec.site if spec is not None else _DEFAULT_SITE)
    return None if key is None else fields[key]


def site_field(
    posting: Posting, name: str, spec: CollectionSpec | None, missing: Any = None
) -> Any:
    """The value of the field ``name`` as the site reads it for ``posting`` (``missing``
    when it has none): what the site gives it from other files (``Posting.inherited``: an
    Eleventy data file's, a Hugo ``cascade``'s, whose keys are in lower case) over its own
    front matter's, each looked up as the site reads keys (field_key: in any case on Hugo's,
    ``reviewby`` is the field ``reviewBy``). What the list's columns, the filter and the
    toggle read; site_fields is the same rule for every field at once."""
    site = spec.site if spec is not None else _DEFAULT_SITE
    inherited = posting.inherited
    if inherited:
        key = field_key(inherited, name, site)
        if key is not None:
            return inherited[key]
    key = field_key(posting.fields, name, site)
    return missing if key is None else posting.fields[key]


def site_fields(posting: Posting, spec: CollectionSpec) -> Mapping[str, Any]:
    """Every field of ``posting`` as the site reads it (site_field), keyed by the names of
    the collection's fields: its front matter with what it inherits over it
    (``Posting.site_fields``), a key the site reads as a field written in another case
    (Hugo's ``Draft``, a cascade's ``reviewby``) under that field's name (renamed_keys).
    What the schema's rules read (core/validate.py)."""
    fields = posting.site_fields
    renamed = renamed_keys(fields, spec)
    return by_field(fields, renamed) if renamed else fields


def one_line(text: str) -> str:
    """``text`` as one line (runs of white space made one space). Control characters stay:
    the title is the posting's data (``list --format json`` gives it exactly); what shows it
    on a terminal escapes them (core/sanitize.py)."""
    return " ".join(text.split())


def _text(value: Any) -> str:
    """A title-like value as one line of text ("" for none, lists, mappings and booleans)."""
    if isinstance(value, str):
        return one_line(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        from postedit.core.template import text_of

        return text_of(value)
    return ""


def _reached(moment: dt.date, now: dt.datetime) -> bool:
    """Is ``moment`` now or past? A day counts from its start, in the local time zone; a time
    without an offset is local time too (the site's time zone is not known here)."""
    local = now.astimezone()
    if not isinstance(moment, dt.datetime):
        return moment <= local.date()
    if moment.tzinfo is None:
        return moment <= local.replace(tzinfo=None)
    return moment <= local


_reader_for = per_spec(_Reader)
"""The reader of a spec (or of None: no collection), made once per spec object."""


_Source = Literal["", "fields", "name", "lastmod"]
"""Where a posting's date comes from: nowhere, its date fields, its file name, its lastmod."""


def _date(
    reader: _Reader, fields: Mapping[str, Any], relpath: str
) -> tuple[dt.date | None, _Source]:
    """The site's date and where it comes from: the first date field holding a date, else
    the file name's (Jekyll), else the first lastmod field's (Hugo's last fallback)."""
    date = reader.moment(fields, reader.date)
    if date is not None:
        return date, "fields"
    return _fallback(reader, fields, relpath)


def _fallback(
    reader: _Reader, fields: Mapping[str, Any], relpath: str
) -> tuple[dt.date | None, _Source]:
    named = path_date(relpath, reader.site)
    if named is not None:
        return named, "name"
    date = reader.moment(fields, reader.lastmod)
    return (date, "lastmod") if date is not None else (None, "")


# ----------------------------------------------------------------------------- public


def site_values(
    posting: Posting, spec: CollectionSpec | None, now: dt.datetime | None = None
) -> SiteValues:
    """The date, title and state the site gives ``posting`` (``now``: the clock for states,
    default the current time; a naive ``now`` is local time)."""
    reader = _reader_for(spec)
    if spec is not None and spec.i18n is not None and spec.i18n.structure == "single_file":
        # one file for every locale: the site shows the default locale's values
        posting = replace(posting, fields=dict(locale_fields(posting.fields, spec)))
    fields = reader.fields(posting)
    date, source = _date(reader, fields, posting.relpath)
    moment = now if now is not None else dt.datetime.now().astimezone()
    publish = date if source != "lastmod" else None  # Hugo's publishDate skips lastmod
    if posting.error is not None:
        state: State = "error"  # no fields read: whether the site shows it is not known
    elif undated_name(posting.relpath, reader.site):
        state = "draft"  # Jekyll reads no post from _posts/hello.md
    else:
        state = reader.state(fields, publish, moment)
    return SiteValues(date, source == "name", reader.title(fields, posting.relpath, date), state)


def undated_name(relpath: str, site: SiteSpec) -> bool:
    """Does the site write nothing of ``relpath`` for want of a date at the start of its
    name (``site.dated_names``: Jekyll's ``_posts/hello.md``)?"""
    return site.dated_names and _NAME_DATE.match(relpath.rsplit("/", 1)[-1]) is None


def dated_otherwise(posting: Posting, spec: CollectionSpec | None) -> bool:
    """Does the site date ``posting`` without its date fields (by its file name, Jekyll, or
    its lastmod, Hugo)? Then a required date field it lacks is not missing for the site."""
    reader = _reader_for(spec)
    return _fallback(reader, reader.fields(posting), posting.relpath)[0] is not None


def unpublishing(spec: CollectionSpec | None, name: str) -> bool:
    """Does a ``false`` in the field ``name`` keep the posting off the site (``site.published``:
    Jekyll's ``published``, Eleventy's ``permalink``)? Such a ``false`` is a valid value of
    the field whatever its type, and the text ``false`` typed for it is that boolean."""
    return name in (spec.site if spec is not None else _DEFAULT_SITE).published


def unset_truth(
    inherited: Mapping[str, Any] | None, name: str, spec: CollectionSpec | None
) -> bool:
    """Is the boolean field ``name`` true for the site on a posting whose front matter does
    not set it: the value it inherits (``inherited``, ``Posting.inherited``, keys read as
    site_field reads them) is true, else the field is one whose false unpublishes
    (unpublishing: a post without Jekyll's ``published`` is published). What the form's
    switch shows, as the toggle reads it (site_field, status.next_value)."""
    site = spec.site if spec is not None else _DEFAULT_SITE
    key = field_key(inherited, name, site) if inherited else None
    if key is not None and inherited is not None:
        return inherited[key] is True
    return unpublishing(spec, name)


def site_date(posting: Posting, spec: CollectionSpec | None) -> dt.date | None:
    """``site_values(...).date`` alone, for sorting a whole list by date."""
    reader = _reader_for(spec)
    return _date(reader, reader.fields(posting), posting.relpath)[0]


def preview_url(
    posting: Posting, spec: CollectionSpec, values: SiteValues | None = None
) -> str | None:
    """The posting's public address from the collection's ``preview_path`` (Decap's
    ``previewUrlFormatter``): the site's ``url`` + the path, or the path from the site's
    root; None without ``preview_path``, or when it needs a date the posting does not have.

    Computed on demand (the detail pane, JSON), not for every posting of a list.
    """
    if not spec.preview_path:
        return None
    from postedit.core.template import MissingDate, file_fields, render, slug_segment

    reader = _reader_for(spec)
    if spec.preview_path_date_field:
        date = reader.moment(posting.fields, (spec.preview_path_date_field,))
    else:
        date = values.date if values is not None else site_date(posting, spec)
    files = file_fields(posting.relpath, spec.folder)
    data = {**posting.fields, **files}
    slug = posting.relpath
    if spec.folder and slug.startswith(spec.folder + "/"):
        slug = slug[len(spec.folder) + 1 :]
    if files["extension"]:  # `.md`, `.markdown` (a `*.md` collection takes both), `.html`...
        slug = slug.removesuffix("." + files["extension"])
    options, keep = spec.slug_options, files["dirname"]
    slashes = spec.preview_path_preserve_slashes

    def process(value: str) -> str:
        return value if value == keep else slug_segment(value, options, slashes)

    try:
        path = render(spec.preview_path, data, date=date, identifier=slug, processor=process)
    except MissingDate:
        return None
    path = path.lstrip(" /")
    base = spec.site.url.rstrip("/")
    return f"{base}/{path}" if base else f"/{path}"
