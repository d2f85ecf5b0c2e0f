"""Collections and field specs as plain data, and the loaders that build them.

The frozen dataclasses here are the contract between the schema loaders (postedit.yml, Decap
CMS configs, inference), the validator, the CLI and the TUI forms.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from typing import Any, Literal

__all__ = [
    "FIELD_TYPES",
    "js_regex",
    "split_options",
    "DECAP_SLUG_OPTIONS",
    "CollectionSpec",
    "EntryFilter",
    "FieldSpec",
    "I18n",
    "Rule",
    "SavedFilter",
    "Schema",
    "SiteSpec",
    "SlugOptions",
    "default_depth",
    "default_glob",
    "per_spec",
]

FIELD_TYPES: tuple[str, ...] = (
    "string",
    "text",
    "boolean",
    "date",
    "datetime",
    "integer",
    "number",
    "select",
    "list",
    "email",
    "url",
    "object",
    "markdown",
    "relation",
    "hidden",
    "code",
    "any",
)
"""The field types postedit knows."""


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One front-matter field of a collection."""

    name: str
    """The YAML key."""
    type: str = "string"
    """One of FIELD_TYPES; ``any`` accepts every value (unknown Decap widgets)."""
    label: str = ""
    """Human label shown in forms (defaults to the name)."""
    required: bool = False
    """A posting without this key (or with an empty value) gets an error."""
    default: Any = None
    """Value used for new postings; the string ``"{{now}}"``/``"today"`` for dates means today."""
    hint: str = ""
    """Help text shown under the field."""
    options: tuple[Any, ...] = ()
    """Allowed values of a select field."""
    option_labels: tuple[str, ...] = ()
    """Labels matching ``options`` (same length) when the schema gives label/value pairs."""
    multiple: bool = False
    """A select whose value is a list of options."""
    pattern: str | None = None
    """A regular expression the (string) value must match (``re.search``)."""
    pattern_message: str | None = None
    """The message shown when ``pattern`` does not match."""
    min: float | None = None
    """Minimum: value for numbers, length for strings and lists, date for dates."""
    max: float | None = None
    """Maximum: value for numbers, length for strings and lists, date for dates."""
    format: str | None = None
    """Date/datetime format hint (Decap's moment.js format or a strftime one)."""
    fields: tuple[FieldSpec, ...] = ()
    """Nested fields of an object (or of the items of a list of objects)."""
    item_type: str = "string"
    """Type of the items of a list."""
    collection: str | None = None
    """Target collection of a relation."""
    widget: str | None = None
    """The original widget name (Decap), for messages."""
    value_field: str | None = None
    """How a relation's value is made from the target entry (Decap ``value_field``,
    e.g. ``{{slug}}`` or ``/organisations/{{slug}}``); None means the bare slug."""
    display_fields: tuple[str, ...] = ()
    """What a relation shows of each target entry when picking one (Decap ``display_fields``,
    field names or templates such as ``{{name}} ({{slug}})``); empty: the value itself."""
    search_fields: tuple[str, ...] = ()
    """The target entry's fields a relation's type-ahead searches (Decap ``search_fields``)."""
    severity: Literal["error", "warning"] = "error"
    """How bad a broken constraint of this field is (required, pattern, min/max): ``warning``
    where the site renders fine without it -- Decap's form rules, an inferred guess."""
    i18n: str = ""
    """In a collection with translations: ``translate`` (each locale has its own value),
    ``duplicate`` (copied from the default locale) or ``none`` (only the default locale's file
    has it); empty without translations."""

    @property
    def title(self) -> str:
        """The label, or the name when there is none."""
        return self.label or self.name

    def field(self, name: str) -> FieldSpec | None:
        """The spec of nested field ``name`` (of an object, or of a list's items), or None."""
        for f in self.fields:
            if f.name == name:
                return f
        return None


@dataclass(frozen=True, slots=True)
class Rule:
    """A cross-field rule, e.g. ``date <= depublication_date`` or a when/then condition.

    The syntax (parsed by :mod:`postedit.core.validate`, never evaluated as Python) is a
    condition: ``FIELD OP FIELD-or-VALUE`` with OP among ``== != < <= > >=``, or ``FIELD is
    true|false|set|empty``, joined with ``and``. See docs/schema.md.
    """

    expr: str
    """The condition every posting must satisfy (the ``then`` part of a when/then rule)."""
    message: str = ""
    """The message when it fails (a default is derived from ``expr``)."""
    severity: Literal["error", "warning"] = "error"
    """How bad a failure is."""
    when: str = ""
    """A condition; the rule is only checked for postings that satisfy it (empty: always)."""


_DATE_FIELDS = ("date", "publishDate", "publishdate", "pubdate")
_LASTMOD_FIELDS = ("lastmod", "modified")
_PUBLISH_FIELDS = ("publishDate", "publishdate", "pubdate", "published")
_EXPIRY_FIELDS = ("expiryDate", "expirydate", "unpublishdate", "unpublishDate")


@dataclass(frozen=True, slots=True)
class SiteSpec:
    """Which front-matter fields tell the site generator a posting's date and whether it is
    published. The defaults are Jekyll's and Hugo's own conventions (docs/schema.md)."""

    date: tuple[str, ...] = _DATE_FIELDS
    """Fields holding the posting's date, first one set wins (Hugo's ``date`` fallbacks)."""
    file_name_date: bool = True
    """Without a date in the front matter, a ``YYYY-MM-DD-`` file name gives it (Jekyll)."""
    path_date: bool = False
    """Where ``file_name_date`` looks: the first ``YYYY-MM-DD`` anywhere in the file's path,
    folders included and whatever surrounds it (Eleventy's ``Template.getMappedDate``),
    instead of Jekyll's ``YYYY-MM-DD-`` at the start of the file's name."""
    lastmod: tuple[str, ...] = _LASTMOD_FIELDS
    """Fields holding the last modification date (Hugo's ``lastmod``, alias ``modified``):
    the posting's date when neither the date fields nor the file name give one, as Hugo's
    ``date`` falls back to ``lastmod`` last. Never a publish date (Hugo's ``publishDate``
    falls back to ``date`` only)."""
    publish_date: tuple[str, ...] = _PUBLISH_FIELDS
    """Fields holding a publish date (Hugo); without one, the date is the publish date."""
    expiry_date: tuple[str, ...] = _EXPIRY_FIELDS
    """Fields holding the date from which the posting is no longer published (Hugo)."""
    draft: tuple[str, ...] = ("draft",)
    """Fields that make the posting a draft when true (Hugo ``draft: true``)."""
    published: tuple[str, ...] = ("published", "permalink")
    """Fields that make the posting a draft when false (Jekyll ``published: false``,
    Eleventy ``permalink: false``: the page is not written); ``false`` is a valid value of
    such a field whatever its type (a permalink is otherwise text)."""
    drafts: bool = False
    """Every posting of the collection is a draft (Jekyll's ``_drafts`` folder: the site
    writes none of them without ``--drafts``)."""
    output: bool = True
    """False: the site writes no page of the collection's postings (a Jekyll collection its
    ``_config.yml`` does not give ``output: true``: its documents are data other pages may
    show); each is ``headless``."""
    dated_names: bool = False
    """A posting whose file name does not start with a date (``2024-01-05-hello.md``,
    ``2024-1-5-hello.md``) is a draft: the site writes nothing of it (Jekyll's ``_posts``,
    which reads no post from ``hello.md``, and says nothing)."""
    future: bool = False
    """The site publishes postings whose publish date is in the future (Jekyll ``future``,
    Hugo ``buildFuture``); when false (their default) such postings are ``scheduled``."""
    build: tuple[str, ...] = ("_build", "build")
    """Fields holding Hugo's build options, the first one present read: a ``render`` of
    ``never``, ``link`` or ``false`` keeps the page unwritten (``headless``). Hugo before
    0.123 reads ``_build`` only."""
    headless: tuple[str, ...] = ("headless",)
    """Fields that make the posting ``headless`` when true (Hugo's ``headless: true``, the
    same as ``build: {render: never, list: never}``)."""
    ignore_case: bool = False
    """Field names are read whatever their case (``Draft: true`` is ``draft``): Hugo
    lowercases every front-matter key. Jekyll and Eleventy do not (their default)."""
    leaf_bundles: bool = False
    """A folder holding ``index.md`` is a page bundle whatever else it holds, its other
    Markdown files resources of that page, no postings (Hugo's leaf bundle); otherwise such a
    folder is a folder of pages (Jekyll, Eleventy: discover.bundle_page)."""
    date_words: tuple[str, ...] = ()
    """Words a date field may hold for a date the site takes from the file itself, read in
    any case: Eleventy's ``Last Modified`` and ``Created`` (the file's times), ``git Last
    Modified`` and ``git Created`` (its commits). Valid there; the posting is dated as by
    none of its fields."""
    ignore: tuple[str, ...] = ()
    """Globs of files the site builds no page of, relative to the repository's root (``*``
    and ``?`` within a name, ``**`` across folders, ``{a,b}``; a folder as ``drafts/**``):
    no posting of any collection, nor a folder of postings. Eleventy's ``.eleventyignore``
    and ``.gitignore`` lines (generator.eleventy_ignores)."""
    url: str = ""
    """The site's address (``https://example.org``), put before ``preview_path`` (Decap's
    ``site_url``, else its ``display_url``); empty: URLs are paths from the site's root."""


@dataclass(frozen=True, slots=True)
class I18n:
    """How a collection keeps its translations (Decap's ``i18n``)."""

    structure: Literal["multiple_folders", "multiple_files", "single_file"]
    """``multiple_folders``: ``folder/fr/slug.md``; ``multiple_files``: ``folder/slug.fr.md``;
    ``single_file``: one ``folder/slug.md`` whose top-level keys are the locales."""
    locales: tuple[str, ...]
    """The locales, in the config's order."""
    default_locale: str
    """The locale whose entry is the main one (Decap: the first locale unless said)."""


@dataclass(frozen=True, slots=True)
class SlugOptions:
    """How text becomes a file name or URL segment (Decap's site-wide ``slug`` options)."""

    encoding: Literal["unicode", "ascii"] = "ascii"
    """``unicode`` keeps non-ASCII letters (IRI characters); ``ascii`` replaces them."""
    clean_accents: bool = True
    """Accented letters lose their accents (``é`` -> ``e``) before anything is replaced."""
    sanitize_replacement: str = "-"
    """What replaces each character not allowed (runs of it collapse into one)."""


DECAP_SLUG_OPTIONS = SlugOptions("unicode", False, "-")
"""Decap's defaults, for a config that gives no ``slug`` options (postedit's own defaults
make ASCII names, as it always did)."""

DECAP_DATE_FIELDS = ("date", "publishDate", "publish_date")
"""Where Decap looks for an entry's date (its ``INFERABLE_FIELDS.date``): a ``datetime``
field of one of these names, else a ``date`` one. It names a config's date field
(core/decap.py) and gives new postings' names their ``{{year}}``... (core/newposting.py)."""


def default_glob(extension: str) -> str:
    """Which files are postings when no ``glob`` says: those with the collection's
    ``extension`` (Decap's), else ``*.md`` (which takes ``*.markdown`` too)."""
    return f"*.{extension}" if extension else "*.md"


def default_depth(path: str, index_file: str, i18n: I18n | None) -> int:
    """How many folder levels below a collection's folder hold postings when no depth is
    given: as deep as its new postings go (the ``path`` template's levels, one more for an
    ``index_file``), one more for a locale's folder (i18n ``multiple_folders``)."""
    depth = len(path.strip("/").split("/")) if path.strip("/") else 1
    if index_file:
        depth += 1
    if i18n is not None and i18n.structure == "multiple_folders":
        depth += 1
    return depth


@dataclass(frozen=True, slots=True)
class EntryFilter:
    """Which files of a folder a collection lists (Decap's collection ``filter``): those whose
    front-matter key ``field`` holds ``value``, or a list holding it. Several collections may
    share one folder, each with its own filter (``type: news``, ``type: blog``); a file is a
    posting of the one whose filter it matches (core/discover.owner_of, docs/schema.md)."""

    field: str
    """The top-level front-matter key, read as one key (a dot in it is part of the name, as
    in Decap's ``entry.data[field]``)."""
    value: Any = None
    """The value the key must hold: equal to it, or a list containing it (a ``true`` is not a
    ``1``, as in JavaScript). Meaningless when ``has_value`` is False."""
    has_value: bool = True
    """False for a filter without ``value``: Decap compares with ``undefined`` then, so only
    files without the key match."""

    def matches(self, fields: Mapping[str, Any]) -> bool:
        """Does a posting with these front-matter fields pass the filter (Decap's
        ``filterEntries``)?"""
        if not self.has_value:
            return self.field not in fields
        if self.field not in fields:
            return False
        got = fields[self.field]
        if isinstance(got, list):
            return any(_same(item, self.value) for item in got)
        return _same(got, self.value)


def _same(a: Any, b: Any) -> bool:
    """JavaScript's ``===`` on YAML values: Python's ``==`` but a boolean equals a boolean only
    (Python has ``True == 1``)."""
    return a == b and isinstance(a, bool) == isinstance(b, bool)


@dataclass(frozen=True, slots=True)
class CollectionSpec:
    """A folder of postings and how to edit them."""

    name: str
    """Short identifier (``jobs``)."""
    folder: str
    """Folder relative to the repository root, ``/``-separated (``content/_jobs``)."""
    label: str = ""
    """Human label."""
    label_singular: str = ""
    """What one posting is called (Decap's ``label_singular``): a commit message's
    ``{{collection}}``, as Decap writes it (the label when empty)."""
    glob: str = "*.md"
    """Which files of the folder are postings (``*.md`` also takes ``*.markdown``)."""
    fields: tuple[FieldSpec, ...] = ()
    """Known fields, in form order (the body/markdown field included when declared)."""
    status: str | None = None
    """The boolean or select field quick toggles change (``open``)."""
    columns: tuple[str, ...] = ()
    """Field names shown as list columns (empty: a default set)."""
    sort: str | None = None
    """Default sort: a field name, ``-name`` for descending."""
    slug: str = ""
    """File-name template for new postings (Decap syntax); empty when the schema gives none:
    new postings then take a ``YYYY-MM-DD-`` prefix only when the collection's files have one
    (see newposting.slug_template)."""
    identifier_field: str = "title"
    """The field new-posting slugs and titles come from."""
    commit_message: dict[str, str] = field(default_factory=dict)
    """Templates by action: toggle_on, toggle_off, update, create, delete, restore, bulk."""
    strict: bool = False
    """Unknown keys are errors rather than warnings."""
    rules: tuple[Rule, ...] = ()
    """Cross-field rules."""
    keys: dict[str, str] = field(default_factory=dict)
    """Extra quick-toggle keys: key -> field name (``p`` -> ``poste_pourvu``)."""
    variants: dict[str, str] = field(default_factory=dict)
    """Known misspellings (inference): variant key -> canonical key."""
    summary: str = ""
    """Decap's ``summary`` template for a list row (``{{startup}} - {{filename}}``), if any."""
    front_matter_only: bool = False
    """Only files that start with front matter (``---``) are postings: a README.md without
    any beside them is not one (set for inferred collections). A file that starts with
    ``---`` but is broken stays a posting, with its error."""
    unknown_keys: Literal["error", "warning", "typos"] = "warning"
    """What a key the collection does not declare gets: an error, a warning, or (``typos``) a
    warning only when it looks like a misspelt declared key -- a Decap config describes an
    editing form, not every key the site reads, and Decap keeps the others as they are."""
    site: SiteSpec = SiteSpec()
    """Which fields hold the posting's date and publication state for the site generator."""
    preview_path: str = ""
    """The posting's URL path on the site, a Decap template (``blog/{{year}}/{{slug}}``)."""
    preview_path_date_field: str | None = None
    """The field ``{{year}}``... of ``preview_path`` come from (default: the posting's date)."""
    preview_path_preserve_slashes: bool = False
    """Slashes in ``preview_path`` values are kept (Decap's default for nested collections)."""
    sortable_fields: tuple[str, ...] = ()
    """The fields the list can be sorted by (Decap ``sortable_fields``); empty: any column."""
    extension: str = ""
    """Decap's ``extension`` as configured (without the dot); empty: ``md``."""
    frontmatter_delimiter: tuple[str, str] | None = None
    """Decap's ``frontmatter_delimiter``, as (opening, closing); None: the format's own."""
    format: Literal["yaml", "toml", "json"] = "yaml"
    """Front matter language of new postings (Decap's ``format``); existing postings are read
    in the language their first line says (``---``, ``+++``, ``{``)."""
    depth: int = 1
    """How many folder levels below ``folder`` hold postings (1: directly in it): Decap's
    ``nested.depth``, or the depth of its ``path`` template, one more for i18n
    ``multiple_folders``."""
    path: str = ""
    """Decap's ``path`` template: where a new posting goes below ``folder``, without the
    extension (``{{slug}}/index`` for Hugo page bundles); empty: the slug itself."""
    bundles: bool = False
    """Page bundles right below ``folder`` are postings too: a subfolder whose one posting
    file is ``index.md`` (Hugo's leaf bundle) gives that file (core/discover.bundle_page).
    Set by inference for a folder holding bundles."""
    index_file: str = ""
    """A nested collection's ``meta.path.index_file`` (``index``): a new posting is
    ``folder/<path>/<index_file>.md``; empty when the collection has no meta path."""
    files: tuple[str, ...] = ()
    """A file collection's file (Decap ``files:``), repository-relative: the collection is
    exactly that file, whatever else its folder holds."""
    i18n: I18n | None = None
    """Translations (Decap ``i18n``), or None."""
    slug_options: SlugOptions = SlugOptions()
    """How text becomes a file name or URL segment (the Decap config's ``slug`` options)."""
    filters: tuple[SavedFilter, ...] = ()
    """Saved filters of this collection (Decap ``view_filters``/``view_groups``,
    postedit.yml ``filters:``)."""
    filter: EntryFilter | None = None
    """Only the files of ``folder`` whose front matter passes this are the collection's
    (Decap's collection ``filter``); None: every file of the folder."""
    create: bool = True
    """New postings may be made in it. Decap's ``create``: a folder collection without
    ``create: true`` gets none from the CMS, a file collection never (core/cms.py)."""
    delete: bool = True
    """Its postings may be deleted. Decap's ``delete``: true unless said for a folder
    collection, false unless said for a file collection (core/cms.py)."""
    line: int = field(default=0, compare=False)
    """The line of the schema file that declares it (0: none, an inferred collection), for
    a message naming its rule; not part of what the collection is."""

    @property
    def title(self) -> str:
        """The label, or the name when there is none."""
        return self.label or self.name

    def field(self, name: str) -> FieldSpec | None:
        """The spec of field ``name``, or None."""
        for f in self.fields:
            if f.name == name:
                return f
        return None


@dataclass(frozen=True, slots=True)
class Schema:
    """All collections of a repository and where their description came from."""

    collections: tuple[CollectionSpec, ...]
    """In declaration order."""
    source: str = "inferred"
    """``postedit.yml``, ``admin/config.yml`` (Decap), a --schema path, or ``inferred``."""
    kind: Literal["postedit", "decap", "inferred"] = "inferred"
    """Which loader built it."""
    warnings: tuple[str, ...] = ()
    """Things the loader could not honour (unknown widgets...), said once, each as
    ``path:line: message`` when the place is known."""
    partial: bool = False
    """Inferred from a sample of the postings only (the terminal interface's first frame);
    the schema inferred from all of them replaces it once they are read."""
    filters: tuple[SavedFilter, ...] = ()
    """Saved filters of every collection (postedit.yml's top-level ``filters:``)."""

    def collection(self, name: str) -> CollectionSpec | None:
        """The collection called ``name``, or None."""
        for c in self.collections:
            if c.name == name:
                return c
        return None

    def describe(self) -> str:
        """Where the schema came from, in words (for a status bar or a summary line):
        ``postedit.yml``, ``admin/config.yml (Decap CMS)``, ``a schema inferred from the
        postings``."""
        if self.kind == "inferred":
            return "a schema inferred from the postings"
        if self.kind == "decap":
            return f"{self.source} (Decap CMS)"
        return self.source


def split_options(items: list[Any]) -> tuple[list[Any], list[str], Any]:
    """Select options written as values or ``{label, value}`` pairs: (values, labels, bad).

    ``bad`` is the first pair without a value (None when all are fine); each loader says so
    in its own words.
    """
    values: list[Any] = []
    labels: list[str] = []
    for item in items:
        if isinstance(item, dict):
            if "value" not in item:
                return values, labels, item
            values.append(item["value"])
            labels.append(str(item.get("label", item["value"])))
        else:
            values.append(item)
            labels.append(str(item))
    return values, labels, None


def js_regex(pattern: str) -> str:
    """A JavaScript (Decap) regex in Python syntax: named groups ``(?<n>...)`` -> ``(?P<n>...)``."""
    return re.sub(r"\(\?<(?![=!])", "(?P<", pattern)


@dataclass(frozen=True, slots=True)
class SavedFilter:
    """A named query, offered in the TUI and usable as ``@name`` (docs/query.md).

    From postedit.yml's ``filters:``, or from a Decap config: a ``view_filters`` entry is a
    query (``field~"pattern"``); a ``view_groups`` entry is a grouping (``group``, with
    ``pattern``), whose values ``@name=VALUE`` selects.
    """

    name: str
    """What ``@name`` refers to."""
    label: str = ""
    """Human label shown in the TUI (defaults to the name)."""
    query: str = ""
    """The query, in the query language; empty for a grouping."""
    group: str = ""
    """For a grouping (Decap ``view_groups``): the field postings are grouped by."""
    pattern: str | None = None
    """For a grouping: the regular expression whose first match is the group's value (Decap
    syntax); None groups by the whole value."""

    @property
    def title(self) -> str:
        """The label, or the name when there is none."""
        return self.label or self.name


_S = TypeVar("_S")
_T = TypeVar("_T")


def per_spec(build: Callable[[_S], _T]) -> Callable[[_S], _T]:
    """``build(spec)`` worked out once per spec object, and given again while that object is
    in use: what a collection's postings all need (its compiled checks, how its site reads
    dates) is made once, not once per posting. Keyed by the object, not by its value: hashing
    a spec's fields would cost more per posting than the lookup saves. At most 64 specs are
    held (loading a schema again makes new ones)."""
    cache: dict[int, tuple[_S, _T]] = {}

    def get(spec: _S) -> _T:
        hit = cache.get(id(spec))
        if hit is not None and hit[0] is spec:
            return hit[1]
        if len(cache) >= 64:
            cache.clear()
        value = build(spec)
        cache[id(spec)] = (spec, value)  # the spec is kept alive, so its id is not reused
        return value

    return get
