"""Read a Decap CMS (formerly Netlify CMS) ``config.yml`` as a postedit Schema.

Folder collections and their fields are honoured as Decap would: ``required`` defaults to
true, ``pattern`` is ``[regex, message]``, ``datetime`` with ``time_format: false`` is a date,
``select`` options are strings or label/value pairs, ``list`` takes ``field`` or ``fields``,
``relation`` points at another collection, ``markdown`` named ``body`` is the body. Legacy
camelCase options (``valueField``, ``dateFormat``, ``timeFormat``...) are read like their
snake_case names. Unknown or custom widgets (``select-async``...) accept any value and are
named once in the schema's warnings.

A Decap config describes an editing form, not the site: what the form demands (``required``,
``pattern``, ``min``/``max``) is a warning when a posting breaks it, since the site renders it
all the same; keys the form does not declare are left alone unless they look like a misspelt
field. The collection's title field and date field are found as Decap finds them
(``identifier_field``, else a string field named ``title``, ``name``...; a ``datetime`` field
named ``date``, ``publishDate``...).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from postedit.core.dates import date_format
from postedit.core.errors import SchemaError
from postedit.core.schema import (
    CollectionSpec,
    FieldSpec,
    Schema,
    SiteSpec,
    SlugOptions,
    js_regex,
    split_options,
)
from postedit.core.schema_yaml import line_of, load_yaml_file

if TYPE_CHECKING:
    from typing import Any

__all__ = ["STATUS_NAMES", "guess_status", "is_decap_config", "load_decap", "parse_decap"]

STATUS_NAMES = ("open", "published", "publish", "draft", "active", "visible", "enabled", "online")
"""Boolean field names that look like a posting's status, best first."""

_SIMPLE = {
    "string": "string",
    "text": "text",
    "boolean": "boolean",
    "date": "date",
    "hidden": "hidden",
    "code": "code",
    "image": "string",
    "file": "string",
    "color": "string",
    "map": "string",
    "uuid": "string",
}
_KNOWN = set(_SIMPLE) | {"number", "datetime", "select", "list", "object", "relation", "markdown"}
_TIME_TOKENS = re.compile(r"[HhmsAaXx]")
_TITLE_SYNONYMS = ("title", "name", "label", "headline", "header")
"""Decap's ``INFERABLE_FIELDS.title``: where it looks for an entry's title."""
_DATE_SYNONYMS = ("date", "publishDate", "publish_date")
"""Decap's ``INFERABLE_FIELDS.date``: where it looks for an entry's date."""
_GIT_SORT_FIELDS = ("commit_date", "commit_author")
"""Decap's sort keys taken from git history rather than from the postings."""
_YAML_FORMATS = ("frontmatter", "yaml-frontmatter", "yml", "yaml")


def _snake(key: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", lambda m: "_" + m.group(1).lower(), key)


def _opt(field: dict[str, Any], name: str, default: Any = None) -> Any:
    """Option ``name`` of a field, under its snake_case or legacy camelCase spelling."""
    if name in field:
        return field[name]
    for key, value in field.items():
        if isinstance(key, str) and key != name and _snake(key) == name:
            return value
    return default


def is_decap_config(data: Any) -> bool:
    """Does this loaded YAML look like a Decap config rather than a postedit.yml?"""
    if not isinstance(data, dict):
        return False
    if "backend" in data or "media_folder" in data:
        return True
    cols = data.get("collections")
    if not isinstance(cols, list):
        return False
    for col in cols:
        if isinstance(col, dict):
            for f in col.get("fields") or ():
                if isinstance(f, dict) and "widget" in f:
                    return True
    return False


class _Builder:
    def __init__(self, source: str) -> None:
        self.source = source
        self.unknown: dict[str, list[tuple[str, int]]] = {}
        self.notes: list[str] = []

    def where(self, obj: Any, key: Any = None) -> int | None:
        return line_of(obj, key) or None

    def fail(self, message: str, obj: Any = None, key: Any = None) -> SchemaError:
        return SchemaError(message, self.source, self.where(obj, key))

    def field(self, raw: Any, owner: str) -> FieldSpec:
        if not isinstance(raw, dict):
            raise self.fail(f"{owner}: a field must be a mapping with name and widget", raw)
        name = raw.get("name")
        if not isinstance(name, str) or not name:
            raise self.fail(f"{owner}: a field has no name", raw)
        where = f"{owner}.{name}"
        widget = _opt(raw, "widget", "string")
        if not isinstance(widget, str):
            raise self.fail(f"{where}: widget must be a name", raw, "widget")
        label = raw.get("label")
        hint = raw.get("hint")
        kw: dict[str, Any] = {
            "name": name,
            "label": str(label).strip() if label is not None else "",
            "hint": str(hint).strip() if hint is not None else "",
            "required": raw.get("required", True) is not False,
            "default": raw.get("default"),
            "widget": widget,
            "severity": "warning",  # the form's rule; the site renders the posting anyway
        }
        pattern = raw.get("pattern")
        if isinstance(pattern, list) and pattern:
            kw["pattern"] = str(pattern[0])
            if len(pattern) > 1 and pattern[1]:
                kw["pattern_message"] = str(pattern[1])
        elif isinstance(pattern, str) and pattern:
            kw["pattern"] = pattern
        if kw.get("pattern"):
            try:
                re.compile(js_regex(kw["pattern"]))
            except re.error as exc:
                self.notes.append(
                    f"{self.source}:{self.where(raw, 'pattern') or 0}: {where}: pattern "
                    f"{kw['pattern']!r} is not a regular expression postedit can use "
                    f"({exc}); ignored"
                )
                kw.pop("pattern")
                kw.pop("pattern_message", None)
        for bound in ("min", "max"):
            value = raw.get(bound)
            if isinstance(value, int | float) and not isinstance(value, bool):
                kw[bound] = float(value)
        if widget in _SIMPLE:
            kw["type"] = _SIMPLE[widget]
            if widget == "hidden":
                kw["required"] = False  # filled from its default by the CMS, never by a person
        elif widget == "number":
            value_type = _opt(raw, "value_type")
            kw["type"] = "integer" if value_type == "int" else "number"
        elif widget == "datetime":
            time_format = _opt(raw, "time_format")
            fmt, date_fmt = _opt(raw, "format"), _opt(raw, "date_format")
            is_date = time_format is False or (
                isinstance(fmt, str) and not _TIME_TOKENS.search(fmt)
            )
            kw["type"] = "date" if is_date else "datetime"
            if isinstance(fmt, str):
                kw["format"] = fmt
            elif is_date and isinstance(date_fmt, str):
                kw["format"] = date_fmt
            if kw.get("format") and date_format(kw["format"]) is None:
                key = "format" if isinstance(fmt, str) else "date_format"
                self.notes.append(
                    f"{self.source}:{self.where(raw, key) or self.where(raw) or 0}: {where}: "
                    f"date format {kw['format']!r} uses tokens postedit does not read "
                    "(see docs/schema.md): its dates are checked as ISO dates"
                )
        elif widget == "select":
            kw["type"] = "select"
            kw["multiple"] = bool(raw.get("multiple", False))
            options, labels = self.options(raw.get("options"), raw, where)
            kw["options"], kw["option_labels"] = options, labels
        elif widget == "list":
            kw["type"] = "list"
            sub = raw.get("field")
            subs = raw.get("fields")
            if isinstance(sub, dict):
                one = self.field(sub, where)
                kw["fields"] = (one,)
                kw["item_type"] = one.type
            elif isinstance(subs, list):
                kw["fields"] = tuple(self.field(s, where) for s in subs)
                kw["item_type"] = "object"
            elif raw.get("types") is not None:
                kw["item_type"] = "object"  # variable types: items are objects of any shape
            else:
                kw["item_type"] = "string"
        elif widget == "object":
            kw["type"] = "object"
            subs = raw.get("fields")
            if isinstance(subs, list):
                kw["fields"] = tuple(self.field(s, where) for s in subs)
        elif widget == "relation":
            kw["type"] = "relation"
            target = raw.get("collection")
            kw["collection"] = str(target) if target else None
            vf = _opt(raw, "value_field")
            kw["value_field"] = str(vf) if vf is not None else None
            kw["multiple"] = bool(raw.get("multiple", False))
            kw["display_fields"] = _names(_opt(raw, "display_fields"))
            kw["search_fields"] = _names(_opt(raw, "search_fields"))
        elif widget == "markdown":
            kw["type"] = "markdown" if name == "body" else "text"
        else:
            kw["type"] = "any"
            self.unknown.setdefault(widget, []).append((where, self.where(raw, "widget") or 0))
        return FieldSpec(**kw)

    def options(self, raw: Any, field: Any, where: str) -> tuple[tuple[Any, ...], tuple[str, ...]]:
        if raw is None:
            return (), ()
        if not isinstance(raw, list):
            raise self.fail(f"{where}: options must be a list", field, "options")
        values, labels, bad = split_options(raw)
        if bad is not None:
            raise self.fail(f"{where}: an option has a label but no value", bad)
        has_labels = any(isinstance(i, dict) for i in raw)
        return tuple(values), tuple(labels) if has_labels else ()

    def collection(
        self, raw: Any, messages: dict[str, str], site: SiteSpec, slug: SlugOptions
    ) -> CollectionSpec | None:
        if not isinstance(raw, dict):
            raise self.fail("each collection must be a mapping", raw)
        name = raw.get("name")
        if not isinstance(name, str) or not name:
            raise self.fail("a collection has no name", raw)
        folder = raw.get("folder")
        if folder is None:
            if "files" in raw:
                self.notes.append(
                    f"{self.source}:{self.where(raw) or 0}: collection {name!r} is a file "
                    "collection (files:), not a folder of postings; skipped"
                )
            return None
        fmt = raw.get("format", "frontmatter")
        if fmt not in _YAML_FORMATS and fmt is not None:
            from postedit.core.validate import yaml_repr  # warnings only

            self.notes.append(
                f"{self.source}:{self.where(raw, 'format') or 0}: collection {name!r} uses "
                f"format {yaml_repr(fmt)}; postedit edits YAML front matter only; skipped"
            )
            return None
        if ".." in str(folder).replace("\\", "/").split("/"):
            raise self.fail(
                f"{name}: folder {str(folder)!r} must be inside the repository (no '..')",
                raw,
                "folder",
            )
        ext = raw.get("extension")
        glob = f"*.{str(ext).lstrip('.')}" if ext else "*.md"
        raw_fields = raw.get("fields") or []
        if not isinstance(raw_fields, list):
            raise self.fail(f"{name}: fields must be a list", raw, "fields")
        fields = tuple(self.field(f, name) for f in raw_fields)
        names = [f.name for f in fields]
        if len(set(names)) != len(names):
            dup = next(n for n in names if names.count(n) > 1)
            raise self.fail(f"{name}: field {dup!r} is declared twice", raw, "fields")
        extra: dict[str, Any] = {}
        for key in ("slug", "summary", "path", "preview_path"):
            if isinstance(raw.get(key), str):
                extra[key] = raw[key]
        if isinstance(raw.get("preview_path_date_field"), str):
            extra["preview_path_date_field"] = raw["preview_path_date_field"]
        preserve = raw.get("preview_path_preserve_slashes")
        extra["preview_path_preserve_slashes"] = (
            preserve if isinstance(preserve, bool) else "nested" in raw
        )
        date_field = _date_field(raw_fields)
        sortable, default_sort = self.sortable(raw, name)
        sort = default_sort or (f"-{date_field}" if date_field else None)
        if date_field:  # the field Decap dates entries by is the one read first
            site = replace(site, date=(date_field, *(d for d in site.date if d != date_field)))
        return CollectionSpec(
            name=name,
            folder=str(folder).strip().strip("/"),
            label=str(raw.get("label") or ""),
            glob=glob,
            fields=fields,
            status=guess_status(fields),
            sort=sort,
            identifier_field=_identifier(raw, raw_fields),
            commit_message=dict(messages),
            unknown_keys="typos",
            site=site,
            sortable_fields=sortable,
            format=str(fmt or "frontmatter"),
            extension=str(ext).lstrip(".") if ext else "",
            frontmatter_delimiter=self.delimiter(raw, name),
            slug_options=slug,
            **extra,
        )

    def sortable(self, raw: dict[str, Any], owner: str) -> tuple[tuple[str, ...], str | None]:
        """``sortable_fields`` (or the legacy ``sortableFields``): the field names, and the
        default sort (``-name`` for ``default_sort: desc``)."""
        key = "sortable_fields" if "sortable_fields" in raw else "sortableFields"
        items = raw.get(key)
        if not isinstance(items, list):
            return (), None
        names: list[str] = []
        default = None
        for item in items:
            field = item.get("field") if isinstance(item, dict) else item
            if not isinstance(field, str) or not field:
                continue
            if field in _GIT_SORT_FIELDS:
                self.notes.append(
                    f"{self.source}:{self.where(raw, key) or 0}: collection {owner!r}: sorting by "
                    f"{field!r} (from git history) is not supported; that sort is left out"
                )
                continue
            names.append(field)
            if isinstance(item, dict) and item.get("default_sort") not in (None, False):
                desc = item.get("default_sort") == "desc"
                default = f"-{field}" if desc else field
        return tuple(names), default

    def delimiter(self, raw: dict[str, Any], owner: str) -> tuple[str, str] | None:
        """``frontmatter_delimiter``: one string for both ends, or [opening, closing]."""
        value = raw.get("frontmatter_delimiter")
        if isinstance(value, str) and value:
            pair = (value, value)
        elif isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
            pair = (value[0], value[1])
        else:
            return None
        if pair != ("---", "---"):
            self.notes.append(
                f"{self.source}:{self.where(raw, 'frontmatter_delimiter') or 0}: collection "
                f"{owner!r}: front matter delimited by {pair[0]!r} and {pair[1]!r} is not "
                "read yet: its postings are listed with an error"
            )
        return pair


def _names(value: Any) -> tuple[str, ...]:
    """A list of names (or one name) from a config option; () for anything else."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(v) for v in value if isinstance(v, str | int | float))
    return ()


def _widget(raw: Any) -> Any:
    return _opt(raw, "widget", "string") if isinstance(raw, dict) else None


def _identifier(raw: dict[str, Any], raw_fields: list[Any]) -> str:
    """The title field as Decap finds it (``selectInferredField(collection, 'title')``):
    ``identifier_field`` when it names a field (else ``title`` or ``path`` when declared);
    without one, the first string field named ``title``, ``name``, ``label``, ``headline`` or
    ``header``, else the first string field, else ``title``."""
    declared = {
        str(f.get("name")).strip().lower(): str(f.get("name"))
        for f in raw_fields
        if isinstance(f, dict) and f.get("name") is not None
    }
    wanted = raw.get("identifier_field")
    if isinstance(wanted, str) and wanted.strip():
        for candidate in (wanted, "title", "path"):
            if candidate.strip().lower() in declared:
                return declared[candidate.strip().lower()]
        return wanted.strip()
    strings = [str(f.get("name")) for f in raw_fields if _widget(f) == "string" and f.get("name")]
    for name in strings:
        if name in _TITLE_SYNONYMS:
            return name
    return strings[0] if strings else "title"


def _date_field(raw_fields: list[Any]) -> str | None:
    """The date field as Decap finds it (``selectInferredField(collection, 'date')``): a
    ``datetime`` field named ``date``, ``publishDate`` or ``publish_date``, else such a
    ``date`` field; None when there is none."""
    for widget in ("datetime", "date"):
        for f in raw_fields:
            if _widget(f) == widget and f.get("name") in _DATE_SYNONYMS:
                return str(f["name"])
    return None


def guess_status(fields: tuple[FieldSpec, ...]) -> str | None:
    """The boolean field quick toggles should change: ``open``, ``published``... else None."""
    booleans = {f.name: f for f in fields if f.type == "boolean"}
    for name in STATUS_NAMES:
        if name in booleans:
            return name
    for f in fields:  # a required boolean is the next best guess
        if f.type == "boolean" and f.required:
            return f.name
    return None


def parse_decap(data: Any, source: str) -> Schema:
    """Build a Schema from a loaded Decap config (``source`` names it in messages)."""
    if not isinstance(data, dict):
        raise SchemaError("a Decap config must be a mapping with a 'collections' list", source, 1)
    cols = data.get("collections")
    if not isinstance(cols, list):
        raise SchemaError("no 'collections' list in this Decap config", source, line_of(data) or 1)
    b = _Builder(source)
    messages: dict[str, str] = {}
    backend = data.get("backend")
    if isinstance(backend, dict) and isinstance(backend.get("commit_messages"), dict):
        for action in ("create", "update", "delete"):
            text = backend["commit_messages"].get(action)
            if isinstance(text, str):
                messages[action] = text
    slug = _slug_options(data.get("slug"), source, b)
    url = data.get("site_url") or data.get("display_url")
    site = SiteSpec(url=str(url).strip()) if isinstance(url, str) else SiteSpec()
    specs: list[CollectionSpec] = []
    for raw in cols:
        spec = b.collection(raw, messages, site, slug)
        if spec is not None:
            if any(s.name == spec.name for s in specs):
                raise b.fail(f"collection {spec.name!r} is declared twice", raw)
            specs.append(spec)
    warnings = list(b.notes)
    if not specs:
        line = line_of(data, "collections") or 1
        warnings.append(
            f"{source}:{line}: no folder collections: there is nothing to list or check"
        )
    for widget, places in b.unknown.items():
        names = ", ".join(w for w, _ in places)
        warnings.append(
            f"{source}:{places[0][1]}: widget {widget!r} is not known to postedit "
            f"(used by {names}): any value is accepted"
        )
    return Schema(collections=tuple(specs), source=source, kind="decap", warnings=tuple(warnings))


def _slug_options(raw: Any, source: str, b: _Builder) -> SlugOptions:
    """The config's ``slug`` options, with Decap's defaults (unicode, accents kept, ``-``)."""
    if not isinstance(raw, dict):
        return SlugOptions()
    encoding = raw.get("encoding", "unicode")
    if encoding not in ("unicode", "ascii"):
        raise b.fail('slug: encoding must be "unicode" or "ascii"', raw, "encoding")
    replacement = raw.get("sanitize_replacement", "-")
    if not isinstance(replacement, str) or any(
        not (c.isascii() and (c.isalnum() or c in "_-.~")) for c in replacement
    ):
        raise b.fail(
            "slug: sanitize_replacement must be letters, digits or _ - . ~ (a character a URL "
            "can hold)",
            raw,
            "sanitize_replacement",
        )
    return SlugOptions(
        encoding=encoding,
        clean_accents=raw.get("clean_accents", False) is True,
        sanitize_replacement=replacement,
    )


def load_decap(path: Any, source: str) -> Schema:
    """Read the Decap config at ``path`` (SchemaError with ``source:line`` when unusable)."""
    return parse_decap(load_yaml_file(path, source), source)
