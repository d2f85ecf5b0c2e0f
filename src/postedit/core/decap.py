"""Read a Decap CMS (formerly Netlify CMS) ``config.yml`` as a postedit Schema.

Folder collections and their fields are honoured as Decap would: ``required`` defaults to
true, ``pattern`` is ``[regex, message]``, ``datetime`` with ``time_format: false`` is a date,
``select`` options are strings or label/value pairs, ``list`` takes ``field`` or ``fields``,
``relation`` points at another collection, ``markdown`` named ``body`` is the body. Legacy
camelCase options (``valueField``, ``dateFormat``, ``timeFormat``...) are read like their
snake_case names. Unknown or custom widgets (``select-async``...) accept any value and are
named once in the schema's warnings.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from postedit.core.dates import date_format
from postedit.core.errors import SchemaError
from postedit.core.schema import (
    CollectionSpec,
    FieldSpec,
    SavedFilter,
    Schema,
    js_regex,
    split_options,
)
from postedit.core.schema_yaml import line_of, load_yaml_file

if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "STATUS_NAMES",
    "decap_group_value",
    "decap_string",
    "guess_status",
    "is_decap_config",
    "load_decap",
    "parse_decap",
    "view_filters",
]

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

    def collection(self, raw: Any, messages: dict[str, str]) -> CollectionSpec | None:
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
        if fmt not in ("frontmatter", "yaml-frontmatter", "yml", "yaml") and fmt is not None:
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
        ident = raw.get("identifier_field") or ("title" if "title" in names else None)
        if ident is None:
            ident = next((f.name for f in fields if f.type == "string"), "title")
        extra: dict[str, Any] = {}
        if isinstance(raw.get("slug"), str):
            extra["slug"] = raw["slug"]
        if isinstance(raw.get("summary"), str):
            extra["summary"] = raw["summary"]
        sort = None
        if "date" in names:
            sort = "-date"
        return CollectionSpec(
            name=name,
            folder=str(folder).strip().strip("/"),
            label=str(raw.get("label") or ""),
            glob=glob,
            fields=fields,
            status=guess_status(fields),
            sort=sort,
            identifier_field=str(ident),
            commit_message=dict(messages),
            **extra,
        )


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
    specs: list[CollectionSpec] = []
    for raw in cols:
        spec = b.collection(raw, messages)
        if spec is not None:
            spec = _with_view_filters(spec, raw, b)
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


def load_decap(path: Any, source: str) -> Schema:
    """Read the Decap config at ``path`` (SchemaError with ``source:line`` when unusable)."""
    return parse_decap(load_yaml_file(path, source), source)


# ----------------------------------------------------------------------------- saved filters


def decap_string(value: Any) -> str:
    """A front-matter value as Decap's ``String(value)`` spells it, which its ``view_filters``
    and ``view_groups`` patterns are matched against: ``true``, ``null``, list items joined
    with commas, dates in ISO 8601 (Decap keeps the file's text; postedit has the value)."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ",".join("" if v is None else decap_string(v) for v in value)
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)


def decap_group_value(value: Any, pattern: re.Pattern[str] | None) -> str:
    """The group Decap's ``view_groups`` puts a (present) value in: the first match of the
    pattern in its text ("" when none), else the whole text."""
    text = decap_string(value)
    if pattern is None:
        return text
    m = pattern.search(text)
    return m.group(0) if m else ""


def _filter_name(label: str, taken: set[str]) -> str:
    """``@name`` for a Decap filter that has only a label: ``Posts of 2020`` -> ``posts-of-2020``."""
    from postedit.core.query import fold  # only configs with view filters pay for it

    base = re.sub(r"[^\w]+", "-", fold(label)).strip("-_") or "filter"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name


def view_filters(raw: dict[str, Any], source: str, notes: list[str]) -> tuple[SavedFilter, ...]:
    """A Decap collection's ``view_filters`` and ``view_groups`` as saved filters.

    A filter ``{label, field, pattern}`` keeps postings whose field's text matches the
    pattern (a regular expression; ``true`` matches the text ``true``), as Decap does; it
    becomes the query ``field~"pattern"``. A group ``{label, field[, pattern]}`` becomes a
    grouping whose values ``@name=VALUE`` selects. What cannot be used is said in ``notes``.
    """
    from postedit.core.query import quote

    out: list[SavedFilter] = []
    taken: set[str] = set()
    for key in ("view_filters", "view_groups"):
        items = raw.get(key)
        if isinstance(items, dict) and isinstance(items.get(key.split("_")[1]), list):
            items = items[key.split("_")[1]]  # Static CMS's {filters: [...], default: ...}
        if items is None:
            continue
        line = line_of(raw, key) or 0
        if not isinstance(items, list):
            notes.append(f"{source}:{line}: {key} must be a list of {{label, field, pattern}}")
            continue
        for item in items:
            where = f"{source}:{line_of(item) or line}"
            field = item.get("field") if isinstance(item, dict) else None
            if not isinstance(field, str) or not field:
                notes.append(f"{where}: {key}: an entry has no field; skipped")
                continue
            pattern = item.get("pattern")
            if key == "view_filters" and pattern is None:
                notes.append(f"{where}: {key}: {field!r} has no pattern; skipped")
                continue
            text = None if pattern is None else decap_string(pattern)
            if text is not None:
                try:
                    re.compile(js_regex(text))
                except re.error as exc:
                    notes.append(
                        f"{where}: {key}: pattern {text!r} is not a regular "
                        f"expression postedit can use ({exc}); skipped"
                    )
                    continue
            label = str(item.get("label") or field)
            given = item.get("name", item.get("id"))
            if isinstance(given, str) and re.fullmatch(r"\w[\w.-]*", given) and given not in taken:
                name = given
                taken.add(name)
            else:
                name = _filter_name(label, taken)
            if key == "view_filters":
                out.append(SavedFilter(name, label, query=f"{field}~{quote(text or '')}"))
            else:
                out.append(SavedFilter(name, label, group=field, pattern=text))
    return tuple(out)


def _with_view_filters(spec: CollectionSpec, raw: Any, b: _Builder) -> CollectionSpec:
    """``spec`` with the saved filters of its Decap collection ``raw``."""
    if not isinstance(raw, dict) or not ("view_filters" in raw or "view_groups" in raw):
        return spec
    return replace(spec, filters=view_filters(raw, b.source, b.notes))
