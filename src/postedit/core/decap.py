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

import datetime as dt
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from postedit.core.dates import date_format
from postedit.core.errors import SchemaError
from postedit.core.schema import (
    DECAP_DATE_FIELDS,
    DECAP_SLUG_OPTIONS,
    CollectionSpec,
    EntryFilter,
    FieldSpec,
    I18n,
    SavedFilter,
    Schema,
    SiteSpec,
    SlugOptions,
    default_depth,
    default_glob,
    js_regex,
    split_options,
)
from postedit.core.schema_yaml import line_of

if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "STATUS_NAMES",
    "decap_group_value",
    "decap_string",
    "guess_status",
    "is_decap_config",
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
_TIME_TOKENS = re.compile(r"[HhmsAaXx]")
_TITLE_SYNONYMS = ("title", "name", "label", "headline", "header")
"""Decap's ``INFERABLE_FIELDS.title``: where it looks for an entry's title."""
_GIT_SORT_FIELDS = ("commit_date", "commit_author")
"""Decap's sort keys taken from git history rather than from the postings."""


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

    def field(self, raw: Any, owner: str, i18n: bool = False) -> FieldSpec:
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
        if i18n:  # Decap: true is translate, false or absent is none
            mode = raw.get("i18n")
            kw["i18n"] = (
                "translate"
                if mode is True
                else mode
                if mode in ("translate", "duplicate")
                else "none"
            )
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
                one = self.field(sub, where, i18n)
                kw["fields"] = (one,)
                kw["item_type"] = one.type
            elif isinstance(subs, list):
                kw["fields"] = tuple(self.field(s, where, i18n) for s in subs)
                kw["item_type"] = "object"
            elif raw.get("types") is not None:
                kw["item_type"] = "object"  # variable types: items are objects of any shape
            else:
                kw["item_type"] = "string"
        elif widget == "object":
            kw["type"] = "object"
            subs = raw.get("fields")
            if isinstance(subs, list):
                kw["fields"] = tuple(self.field(s, where, i18n) for s in subs)
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

    def note(self, obj: Any, key: Any, message: str) -> None:
        """A warning at the config's line of ``obj[key]`` (or of ``obj``)."""
        self.notes.append(
            f"{self.source}:{self.where(obj, key) or self.where(obj) or 0}: {message}"
        )

    def slug_options(self, data: dict[str, Any]) -> SlugOptions:
        """The site's ``slug`` options, with Decap's defaults."""
        raw = data.get("slug")
        if raw is None:
            return DECAP_SLUG_OPTIONS
        if not isinstance(raw, dict):
            raise self.fail("slug must be a mapping (encoding, clean_accents, ...)", data, "slug")
        encoding = raw.get("encoding", "unicode")
        if encoding not in ("unicode", "ascii"):
            raise self.fail('slug encoding must be "unicode" or "ascii"', raw, "encoding")
        from postedit.core.template import valid_slug_char  # as core/site.py: only when needed

        replacement = raw.get("sanitize_replacement", "-")
        if not isinstance(replacement, str) or not all(
            valid_slug_char(c, encoding) for c in replacement
        ):
            raise self.fail(
                f"slug sanitize_replacement {replacement!r} is itself not allowed in a name",
                raw,
                "sanitize_replacement",
            )
        return SlugOptions(encoding, raw.get("clean_accents") is True, replacement)

    def site_i18n(self, data: dict[str, Any]) -> I18n | None:
        """The site's ``i18n`` (collections opt in with ``i18n: true``), or None."""
        raw = data.get("i18n")
        if raw is None:
            return None
        if not isinstance(raw, dict) or not isinstance(raw.get("locales"), list):
            raise self.fail("i18n must be a mapping with structure and locales", data, "i18n")
        locales = tuple(str(x) for x in raw["locales"])
        if not locales:
            raise self.fail("i18n locales must not be empty", raw, "locales")
        i18n = I18n(
            raw.get("structure", "multiple_folders"),
            locales,
            str(raw.get("default_locale") or locales[0]),
        )
        self.check_i18n(i18n, data, "i18n")
        return i18n

    def i18n(self, raw: Any, site: I18n | None, name: str, files: bool) -> I18n | None:
        """The collection's (or file's) translations: Decap's ``i18n: true`` takes the site's,
        a mapping overrides them (``structure``, ``locales``, ``default_locale``)."""
        own = raw.get("i18n")
        if not own or site is None:
            return None
        if own is True:
            i18n = site
        elif isinstance(own, dict):
            locales = own.get("locales") or site.locales
            if not isinstance(locales, list | tuple) or not locales:
                raise self.fail(f"{name}: i18n locales must be a list", raw, "i18n")
            structure = own.get("structure", site.structure)
            default = own.get("default_locale") or (
                site.default_locale if site.default_locale in locales else locales[0]
            )
            i18n = I18n(structure, tuple(str(x) for x in locales), str(default))
        else:
            raise self.fail(f"{name}: i18n must be true or a mapping", raw, "i18n")
        self.check_i18n(i18n, raw, name)
        if files and i18n.structure != "single_file":
            raise self.fail(
                f"{name}: i18n of a file collection is limited to the single_file structure",
                raw,
                "i18n",
            )
        return i18n

    def check_i18n(self, i18n: I18n, raw: Any, where: str) -> None:
        if i18n.structure not in _I18N_STRUCTURES:
            raise self.fail(
                f"{where}: i18n structure {i18n.structure!r} is not one of "
                f"{', '.join(_I18N_STRUCTURES)}",
                raw,
                "i18n",
            )
        if i18n.default_locale not in i18n.locales:
            raise self.fail(
                f"{where}: i18n locales {', '.join(i18n.locales)} are missing the default "
                f"locale {i18n.default_locale}",
                raw,
                "i18n",
            )

    def fields(self, raw: Any, name: str, i18n: bool) -> tuple[FieldSpec, ...]:
        raw_fields = raw.get("fields") or []
        if not isinstance(raw_fields, list):
            raise self.fail(f"{name}: fields must be a list", raw, "fields")
        fields = tuple(self.field(f, name, i18n) for f in raw_fields)
        names = [f.name for f in fields]
        if len(set(names)) != len(names):
            dup = next(n for n in names if names.count(n) > 1)
            raise self.fail(f"{name}: field {dup!r} is declared twice", raw, "fields")
        return fields

    def language(self, raw: Any, name: str) -> str | None:
        """The front matter language of new postings (``yaml``, ``toml``, ``json``), or None
        when the collection's entries are not Markdown postings (warned)."""
        fmt = raw.get("format", "frontmatter")
        if fmt is None:
            fmt = "frontmatter"
        language = _FORMATS.get(fmt) if isinstance(fmt, str) else None
        if language is None:
            from postedit.core.validate import yaml_repr  # warnings only

            what = (
                "data files, not Markdown postings"
                if fmt in ("yml", "yaml", "toml", "json")
                else "a format postedit does not read"
            )
            self.note(
                raw, "format", f"collection {name!r} uses format {yaml_repr(fmt)} ({what}); skipped"
            )
            return None
        delimiter = raw.get("frontmatter_delimiter")
        pair = [delimiter, delimiter] if isinstance(delimiter, str) else delimiter  # one: both
        standard = _DELIMITERS[language]
        if delimiter is not None and pair != standard:
            shown = standard[0] if standard[0] == standard[1] else standard
            self.note(
                raw,
                "frontmatter_delimiter",
                f"collection {name!r}: front matter delimiter {delimiter!r} is not read by "
                f"postedit (only {shown!r} for {language}); skipped",
            )
            return None
        return language

    def collection(
        self,
        raw: Any,
        messages: dict[str, str],
        site: SiteSpec,
        slug: SlugOptions,
        i18n_site: I18n | None,
    ) -> list[CollectionSpec]:
        if not isinstance(raw, dict):
            raise self.fail("each collection must be a mapping", raw)
        name = raw.get("name")
        if not isinstance(name, str) or not name:
            raise self.fail("a collection has no name", raw)
        folder = raw.get("folder")
        if folder is None and "files" in raw:
            return self.file_collection(raw, name, messages, site, slug, i18n_site)
        if folder is None:
            self.note(raw, None, f"collection {name!r} has neither folder nor files; skipped")
            return []
        language = self.language(raw, name)
        if language is None:
            return []
        entry_filter = self.entry_filter(raw, name)
        if ".." in str(folder).replace("\\", "/").split("/"):
            raise self.fail(
                f"{name}: folder {str(folder)!r} must be inside the repository (no '..')",
                raw,
                "folder",
            )
        ext = raw.get("extension")
        glob = default_glob(str(ext).lstrip(".") if ext else "")
        i18n = self.i18n(raw, i18n_site, name, files=False)
        fields = self.fields(raw, name, i18n is not None)
        raw_fields = raw.get("fields") or []
        extra: dict[str, Any] = {}
        for key in ("summary", "preview_path"):
            if isinstance(raw.get(key), str):
                extra[key] = raw[key]
        path = raw.get("path")
        path = str(path).strip("/") if isinstance(path, str) else ""
        meta = raw.get("meta")
        index_file = ""
        if isinstance(meta, dict) and isinstance(meta.get("path"), dict):
            index_file = str(meta["path"].get("index_file") or "index")
        nested = raw.get("nested")
        if isinstance(nested, dict) and isinstance(nested.get("depth"), int):
            locale_folder = default_depth("", "", i18n) - 1  # multiple_folders: one more
            depth = max(1, nested["depth"]) + locale_folder
        else:
            depth = default_depth(path, index_file, i18n)
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
        return [
            CollectionSpec(
                name=name,
                folder=str(folder).strip().strip("/"),
                label=str(raw.get("label") or ""),
                label_singular=str(raw.get("label_singular") or ""),
                glob=glob,
                fields=fields,
                status=guess_status(fields),
                sort=sort,
                slug=raw["slug"] if isinstance(raw.get("slug"), str) else "{{slug}}",
                identifier_field=_identifier(raw, raw_fields),
                commit_message=dict(messages),
                unknown_keys="typos",
                site=site,
                sortable_fields=sortable,
                extension=str(ext).lstrip(".") if ext else "",
                format=language,  # type: ignore[arg-type]
                depth=depth,
                path=path,
                index_file=index_file,
                i18n=i18n,
                slug_options=slug,
                filter=entry_filter,
                # Decap: ``collection.get('create')`` (none: no create), ``get('delete', true)``
                create=bool(raw.get("create", False)),
                delete=bool(raw.get("delete", True)),
                line=self.where(raw) or 0,
                **extra,
            )
        ]

    def entry_filter(self, raw: dict[str, Any], name: str) -> EntryFilter | None:
        """A folder collection's ``filter: {field, value}`` as Decap 3 reads it (backend.ts
        ``filterEntries``): one top-level key, compared with one value. What Decap does not
        read is said in a warning: a ``pattern`` (Decap ignores it), a list ``value`` (Decap
        compares the list itself, which no entry's value equals), no ``value`` (only entries
        without the key match)."""
        if "filter" not in raw:
            return None
        rule = raw["filter"]
        if not isinstance(rule, dict) or not isinstance(rule.get("field"), str):
            raise self.fail(
                f"collection {name!r}: filter must be a mapping with a field and a value",
                raw,
                "filter",
            )
        where = f"collection {name!r}: filter"
        if "pattern" in rule:
            self.note(rule, "pattern", f"{where} pattern is not read by Decap: ignored")
        if "value" not in rule:
            self.note(
                rule, None, f"{where} has no value: only entries without {rule['field']!r} match"
            )
            return EntryFilter(rule["field"], has_value=False)
        if isinstance(rule["value"], (list, dict)):
            self.note(
                rule,
                "value",
                f"{where} value is a list: Decap compares it as one value, so no entry matches",
            )
        return EntryFilter(rule["field"], rule["value"])

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

    def file_collection(
        self,
        raw: dict[str, Any],
        name: str,
        messages: dict[str, str],
        site: SiteSpec,
        slug: SlugOptions,
        i18n_site: I18n | None,
    ) -> list[CollectionSpec]:
        """One spec per Markdown file of a file collection (each file has its own fields),
        named ``collection/file``; files of other kinds are named in a warning."""
        files = raw.get("files")
        if not isinstance(files, list):
            raise self.fail(f"{name}: files must be a list", raw, "files")
        i18n = self.i18n(raw, i18n_site, name, files=True)
        specs: list[CollectionSpec] = []
        skipped: list[str] = []
        for entry in files:
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                raise self.fail(f"{name}: each file needs a name and a file", entry)
            path = str(entry.get("file") or "").strip().lstrip("/")
            if not path or ".." in path.split("/"):
                raise self.fail(
                    f"{name}.{entry['name']}: file must be a path inside the repository",
                    entry,
                    "file",
                )
            if not path.endswith((".md", ".markdown")):
                skipped.append(path)
                continue
            file_i18n = self.i18n(entry, i18n, f"{name}.{entry['name']}", files=True)
            fields = self.fields(entry, f"{name}.{entry['name']}", file_i18n is not None)
            label = str(entry.get("label") or entry["name"])
            specs.append(
                CollectionSpec(
                    name=f"{name}/{entry['name']}",
                    folder=path.rsplit("/", 1)[0] if "/" in path else "",
                    label=f"{raw.get('label') or name}: {label}",
                    fields=fields,
                    status=guess_status(fields),
                    identifier_field=_identifier(entry, entry.get("fields") or []),
                    commit_message=dict(messages),
                    unknown_keys="typos",
                    site=site,
                    files=(path,),
                    i18n=file_i18n,
                    slug_options=slug,
                    # Decap deletes no file of a file collection unless it says
                    # ``delete: true`` (``get('delete', false)``); that it creates none is
                    # newposting's own refusal (no --force makes a second file)
                    delete=bool(raw.get("delete", False)),
                    line=self.where(raw) or 0,  # where its delete key goes
                )
            )
        if skipped:
            self.note(
                raw,
                "files",
                f"collection {name!r}: {', '.join(skipped)} "
                f"{'is not a Markdown file' if len(skipped) == 1 else 'are not Markdown files'}"
                " (data files are not postings); skipped",
            )
        return specs


_I18N_STRUCTURES = ("multiple_folders", "multiple_files", "single_file")
_FORMATS = {
    "frontmatter": "yaml",
    "yaml-frontmatter": "yaml",
    "toml-frontmatter": "toml",
    "json-frontmatter": "json",
}
"""Decap's Markdown formats -> the language new postings' front matter is written in
(``frontmatter`` reads every language; new postings get YAML, as Decap writes them)."""
_DELIMITERS = {"yaml": ["---", "---"], "toml": ["+++", "+++"], "json": ["{", "}"]}


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
            if _widget(f) == widget and f.get("name") in DECAP_DATE_FIELDS:
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


def parse_decap(data: Any, source: str, site: SiteSpec | None = None) -> Schema:
    """Build a Schema from a loaded Decap config (``source`` names it in messages); ``site``:
    the site generator's rules (generator.generator_site; the defaults when None), which a
    Decap config does not state: it describes the editor, not the site."""
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
    slug = b.slug_options(data)
    i18n_site = b.site_i18n(data)
    url = data.get("site_url") or data.get("display_url")
    site = SiteSpec() if site is None else site
    if isinstance(url, str):
        site = replace(site, url=url.strip())
    specs: list[CollectionSpec] = []
    for raw in cols:
        for spec in b.collection(raw, messages, site, slug, i18n_site):
            spec = _with_view_filters(spec, raw, b)
            if any(s.name == spec.name for s in specs):
                raise b.fail(f"collection {spec.name!r} is declared twice", raw)
            specs.append(spec)
    warnings = list(b.notes)
    if not specs:
        line = line_of(data, "collections") or 1
        warnings.append(
            f"{source}:{line}: no collections of postings: there is nothing to list or check"
        )
    for widget, places in b.unknown.items():
        names = ", ".join(w for w, _ in places)
        warnings.append(
            f"{source}:{places[0][1]}: widget {widget!r} is not known to postedit "
            f"(used by {names}): any value is accepted"
        )
    return Schema(collections=tuple(specs), source=source, kind="decap", warnings=tuple(warnings))


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
