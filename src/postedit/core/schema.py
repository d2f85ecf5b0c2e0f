"""Collections and field specs as plain data, and the loaders that build them.

The records here (frozen, see core/record.py) are the contract between the schema loaders
(postedit.yml, Decap CMS configs, inference), the validator, the CLI and the TUI forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any, Literal

__all__ = [
    "FIELD_TYPES",
    "js_regex",
    "split_options",
    "CollectionSpec",
    "FieldSpec",
    "Rule",
    "SavedFilter",
    "Schema",
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

    @property
    def title(self) -> str:
        """The label, or the name when there is none."""
        return self.label or self.name


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


@dataclass(frozen=True, slots=True)
class CollectionSpec:
    """A folder of postings and how to edit them."""

    name: str
    """Short identifier (``jobs``)."""
    folder: str
    """Folder relative to the repository root, ``/``-separated (``content/_jobs``)."""
    label: str = ""
    """Human label."""
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
    slug: str = "{{year}}-{{month}}-{{day}}-{{slug}}"
    """File-name template for new postings (Decap syntax)."""
    identifier_field: str = "title"
    """The field new-posting slugs and titles come from."""
    commit_message: dict[str, str] = field(default_factory=dict)
    """Templates by action: toggle_on, toggle_off, update, create, delete, bulk."""
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
    filters: tuple[SavedFilter, ...] = ()
    """Saved filters of this collection (Decap ``view_filters``/``view_groups``,
    postedit.yml ``filters:``)."""

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
