"""Find and load the schema of a repository: --schema, postedit.yml, Decap config, inference.

First found wins (docs/schema.md):

1. the file given with ``--schema`` (a postedit.yml or a Decap config, told apart by content);
2. ``postedit.yml`` at the repository root;
3. a Decap CMS config: ``admin/config.yml``, ``static/admin/config.yml``,
   ``public/admin/config.yml``;
4. a schema inferred from the postings.

A schema that cannot be used raises :class:`SchemaError` with ``path:line``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import fields as dataclass_fields
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from postedit.core.dates import date_format
from postedit.core.decap import guess_status, is_decap_config, parse_decap
from postedit.core.discover import collection_files
from postedit.core.errors import SchemaError
from postedit.core.generator import generator_site
from postedit.core.schema import (
    FIELD_TYPES,
    CollectionSpec,
    EntryFilter,
    FieldSpec,
    I18n,
    Rule,
    SavedFilter,
    Schema,
    SiteSpec,
    SlugOptions,
    default_depth,
    default_glob,
    js_regex,
    split_options,
)
from postedit.core.schema_yaml import dump_text, line_of, load_yaml_file

if TYPE_CHECKING:
    from typing import Any

    from postedit.core.store import Store

__all__ = [
    "DECAP_FILES",
    "POSTEDIT_FILE",
    "dump_schema",
    "find_schema_file",
    "load_schema",
    "load_schema_file",
    "parse_postedit",
    "relation_context",
]

POSTEDIT_FILE = "postedit.yml"
DECAP_FILES = ("admin/config.yml", "static/admin/config.yml", "public/admin/config.yml")

_TOP_KEYS = ("version", "collections", "site", "slug", "filters")
_COLLECTION_KEYS = (
    "name",
    "folder",
    "label",
    "label_singular",
    "glob",
    "fields",
    "status",
    "columns",
    "sort",
    "slug",
    "identifier_field",
    "commit_message",
    "strict",
    "rules",
    "keys",
    "variants",
    "summary",
    "front_matter_only",
    "unknown_keys",
    "site",
    "preview_path",
    "preview_path_date_field",
    "preview_path_preserve_slashes",
    "sortable_fields",
    "path",
    "format",
    "extension",
    "frontmatter_delimiter",
    "depth",
    "bundles",
    "index_file",
    "files",
    "i18n",
    "slug_options",
    "filters",
    "filter",
    "create",
    "delete",
)
_SITE_NAMES = (
    "date",
    "lastmod",
    "publish_date",
    "expiry_date",
    "draft",
    "published",
    "build",
    "headless",
)
"""The ``site`` keys that name fields (a name or a list of names)."""
_SITE_FLAGS = (
    "file_name_date",
    "path_date",
    "drafts",
    "dated_names",
    "output",
    "future",
    "ignore_case",
    "leaf_bundles",
)
"""The ``site`` keys that are true or false."""
_SITE_KEYS = (
    *_SITE_NAMES,
    *_SITE_FLAGS,
    "url",
    "date_words",
    "ignore",
)
_SLUG_KEYS = ("encoding", "clean_accents", "sanitize_replacement")
_FIELD_KEYS = (
    "name",
    "label",
    "type",
    "required",
    "default",
    "hint",
    "options",
    "multiple",
    "pattern",
    "pattern_message",
    "min",
    "max",
    "format",
    "fields",
    "item_type",
    "collection",
    "value_field",
    "display_fields",
    "search_fields",
    "severity",
    "i18n",
)
_I18N_KEYS = ("structure", "locales", "default_locale")
_RULE_KEYS = ("check", "when", "then", "message", "severity")
_COMMIT_ACTIONS = ("toggle_on", "toggle_off", "update", "create", "delete", "restore", "bulk")


# ----------------------------------------------------------------------------- finding


def find_schema_file(root: Path) -> Path | None:
    """The schema file of the repository at ``root`` (postedit.yml, then Decap), or None.
    Whatever has one of their names counts, a folder or a dangling link too: loading it
    then says what is wrong, rather than a schema inferred in silence."""
    for rel in (POSTEDIT_FILE, *DECAP_FILES):
        p = Path(root) / rel
        if os.path.lexists(p):
            return p
    return None


def _display(path: Path, root: Path) -> str:
    try:
        return Path(os.path.abspath(path)).relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)


def load_schema_file(path: Path, display: str | None = None, root: Path | None = None) -> Schema:
    """Load one schema file, postedit.yml or Decap config (told apart by content); a Decap
    config takes the site rules of the generator whose config file is at ``root``, a
    postedit.yml the way it reads keys (``ignore_case``: Hugo's are in any case) where it
    does not say."""
    display = display or str(path)
    data = load_yaml_file(path, display)
    site = None if root is None else generator_site(root)
    if is_decap_config(data):
        return parse_decap(data, display, site)
    base = SiteSpec(ignore_case=site is not None and site.ignore_case)
    return parse_postedit(data, display, base)


def load_schema(
    root: Path,
    schema_file: Path | None = None,
    store: Store | None = None,
    sample: int | None = None,
) -> Schema:
    """The schema for the repository at ``root`` (first found wins; see docs/schema.md); an
    inferred one reads the postings through ``store`` (``sample``: see infer_schema)."""
    root = Path(root)
    if schema_file is not None:
        return load_schema_file(Path(schema_file), _display(Path(schema_file), root), root)
    found = find_schema_file(root)
    if found is not None:
        return load_schema_file(found, _display(found, root), root)
    from postedit.core.infer import infer_schema  # reads every posting: only when needed

    return infer_schema(root, store=store, sample=sample)


def relation_context(root: Path, schema: Schema) -> dict[str, frozenset[str]]:
    """Slugs (file names without extension) of the collections relation fields point at.

    Only collections whose folder holds postings are included: relations to the others are
    not checked. Lists files only; reads none.
    """
    targets: set[str] = set()

    def walk(fields: tuple[FieldSpec, ...]) -> None:
        for f in fields:
            if f.type == "relation" and f.collection:
                targets.add(f.collection)
            walk(f.fields)

    for spec in schema.collections:
        walk(spec.fields)
    out: dict[str, frozenset[str]] = {}
    for name in sorted(targets):
        target = schema.collection(name)
        if target is None:
            continue
        files = collection_files(Path(root), target)
        if files:
            out[name] = frozenset(f.rsplit("/", 1)[-1].rsplit(".", 1)[0] for f in files)
    return out


# ----------------------------------------------------------------------------- postedit.yml


def _relative(folder: str) -> str:
    """A repository-relative spelling of a folder written as absolute or with ``..``."""
    parts = [p for p in folder.replace("\\", "/").split("/") if p not in ("", ".", "..", "~")]
    return "/".join(parts) or "."


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, message: str, obj: Any = None, key: Any = None) -> SchemaError:
        return SchemaError(message, self.source, line_of(obj, key) or None)

    def keys(self, obj: dict[Any, Any], allowed: tuple[str, ...], what: str) -> None:
        for key in obj:
            if key not in allowed:
                from postedit.core.validate import did_you_mean, yaml_repr  # errors only

                hint = did_you_mean(str(key), allowed)
                more = f" (did you mean {hint!r}?)" if hint else f" (known: {', '.join(allowed)})"
                raise self.fail(f"{what}: unknown key {yaml_repr(key)}{more}", obj, key)

    def text(self, obj: dict[Any, Any], key: str, what: str, default: str = "") -> str:
        value = obj.get(key, default)
        if value is None:
            return default
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise self.fail(f"{what}: {key} must be text", obj, key)
        return str(value)

    def flag(self, obj: dict[Any, Any], key: str, what: str, default: bool = False) -> bool:
        value = obj.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{what}: {key} must be true or false", obj, key)
        return value

    def names(self, obj: dict[Any, Any], key: str, what: str) -> tuple[str, ...]:
        value = obj.get(key) or ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{what}: {key} must be a list of field names", obj, key)
        return tuple(value)

    def mapping(self, obj: dict[Any, Any], key: str, what: str) -> dict[str, str]:
        value = obj.get(key) or {}
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise self.fail(f"{what}: {key} must map names to text", obj, key)
        return dict(value)

    def number(self, obj: dict[Any, Any], key: str, what: str) -> float | None:
        value = obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f"{what}: {key} must be a number", obj, key)
        return float(value)

    def field(self, raw: Any, owner: str) -> FieldSpec:
        if isinstance(raw, str):  # shorthand: "- title" is a string field
            return FieldSpec(name=raw)
        if not isinstance(raw, dict):
            raise self.fail(f"{owner}: each field must be a mapping with a name", raw)
        name = raw.get("name")
        if not isinstance(name, str) or not name:
            raise self.fail(f"{owner}: a field has no name", raw)
        what = f"{owner}.{name}"
        self.keys(raw, _FIELD_KEYS, f"field {what}")
        kind = self.text(raw, "type", what, "string")
        if kind not in FIELD_TYPES:
            from postedit.core.validate import did_you_mean  # errors only

            hint = did_you_mean(kind, FIELD_TYPES)
            more = f"did you mean {hint!r}?" if hint else "one of " + ", ".join(FIELD_TYPES)
            raise self.fail(f"field {what}: unknown type {kind!r} ({more})", raw, "type")
        raw_options = raw.get("options") or []
        if not isinstance(raw_options, list):
            raise self.fail(f"field {what}: options must be a list", raw, "options")
        options, labels, bad = split_options(raw_options)
        if bad is not None:
            raise self.fail(f"field {what}: an option has no value", bad)
        pattern = raw.get("pattern")
        if pattern is not None:
            if not isinstance(pattern, str):
                msg = f"field {what}: pattern must be a regular expression"
                raise self.fail(msg, raw, "pattern")
            try:
                re.compile(js_regex(pattern))
            except re.error as exc:
                raise self.fail(f"field {what}: bad pattern: {exc}", raw, "pattern") from None
        fmt = self.text(raw, "format", what) or None
        if fmt is not None and date_format(fmt) is None:
            raise self.fail(
                f"field {what}: date format {fmt!r} is not one postedit reads (tokens: YYYY YY "
                "MM M DD D HH H mm m ss s SSS Z ZZ, [literal text], separators)",
                raw,
                "format",
            )
        subs = raw.get("fields") or []
        if not isinstance(subs, list):
            raise self.fail(f"field {what}: fields must be a list", raw, "fields")
        item_type = self.text(raw, "item_type", what, "object" if subs else "string")
        if item_type not in FIELD_TYPES:
            raise self.fail(f"field {what}: unknown item_type {item_type!r}", raw, "item_type")
        severity = self.text(raw, "severity", what, "error")
        if severity not in ("error", "warning"):
            raise self.fail(f"field {what}: severity must be error or warning", raw, "severity")
        return FieldSpec(
            name=name,
            type=kind,
            label=self.text(raw, "label", what),
            required=self.flag(raw, "required", what),
            default=raw.get("default"),
            hint=self.text(raw, "hint", what),
            options=tuple(options),
            option_labels=tuple(labels) if any(isinstance(o, dict) for o in raw_options) else (),
            multiple=self.flag(raw, "multiple", what),
            pattern=pattern,
            pattern_message=self.text(raw, "pattern_message", what) or None,
            min=self.number(raw, "min", what),
            max=self.number(raw, "max", what),
            format=fmt,
            fields=tuple(self.field(s, what) for s in subs),
            item_type=item_type,
            collection=self.text(raw, "collection", what) or None,
            value_field=self.text(raw, "value_field", what) or None,
            display_fields=self.names(raw, "display_fields", what),
            search_fields=self.names(raw, "search_fields", what),
            severity="warning" if severity == "warning" else "error",
            i18n=self.choice(raw, "i18n", what, ("", "translate", "duplicate", "none")),
        )

    def site(self, raw: Any, what: str, base: SiteSpec) -> SiteSpec:
        """A ``site:`` mapping over ``base`` (the top-level one, else the defaults)."""
        if raw is None:
            return base
        if not isinstance(raw, dict):
            raise self.fail(f"{what}: site must be a mapping (date, expiry_date...)", raw)
        self.keys(raw, _SITE_KEYS, f"{what}: site")
        kw: dict[str, Any] = {}
        for key in _SITE_NAMES:
            if key in raw:
                kw[key] = self.names(raw, key, f"{what}: site")
        for key in _SITE_FLAGS:
            if key in raw:
                kw[key] = self.flag(raw, key, f"{what}: site")
        if "url" in raw:
            kw["url"] = self.text(raw, "url", f"{what}: site").strip()
        if "date_words" in raw:
            kw["date_words"] = self.names(raw, "date_words", f"{what}: site")
        if "ignore" in raw:
            kw["ignore"] = self.names(raw, "ignore", f"{what}: site")
        return replace(base, **kw)

    def slug_options(self, raw: Any) -> SlugOptions:
        """The top-level ``slug:`` options (Decap's)."""
        if raw is None:
            return SlugOptions()
        if not isinstance(raw, dict):
            raise self.fail("slug must be a mapping (encoding, clean_accents...)", raw)
        self.keys(raw, _SLUG_KEYS, "slug")
        encoding = self.text(raw, "encoding", "slug", "unicode")
        if encoding not in ("unicode", "ascii"):
            raise self.fail('slug: encoding must be "unicode" or "ascii"', raw, "encoding")
        replacement = self.text(raw, "sanitize_replacement", "slug", "-")
        if any(not (c.isascii() and (c.isalnum() or c in "_-.~")) for c in replacement):
            raise self.fail(
                "slug: sanitize_replacement must be letters, digits or _ - . ~",
                raw,
                "sanitize_replacement",
            )
        return SlugOptions(
            encoding="ascii" if encoding == "ascii" else "unicode",
            clean_accents=self.flag(raw, "clean_accents", "slug"),
            sanitize_replacement=replacement,
        )

    def choice(self, obj: dict[Any, Any], key: str, what: str, allowed: tuple[str, ...]) -> str:
        value = self.text(obj, key, what, allowed[0])
        if value not in allowed:
            raise self.fail(
                f"{what}: {key} must be one of {', '.join(a for a in allowed if a)}", obj, key
            )
        return value

    def layout(self, raw: dict[Any, Any], what: str) -> dict[str, Any]:
        """The keys saying where a collection's files are and how new ones are written."""
        kw: dict[str, Any] = {}
        if "format" in raw:
            kw["format"] = self.choice(raw, "format", what, ("yaml", "toml", "json"))
        if "depth" in raw:
            depth = raw["depth"]
            if isinstance(depth, bool) or not isinstance(depth, int) or depth < 1:
                raise self.fail(f"{what}: depth must be a whole number from 1", raw, "depth")
            kw["depth"] = depth
        for key in ("path", "index_file"):
            if key in raw:
                kw[key] = self.text(raw, key, what)
        if "files" in raw:
            files = self.names(raw, "files", what)
            if any(".." in f.split("/") or f.startswith("/") for f in files):
                raise self.fail(f"{what}: files must be inside the repository", raw, "files")
            kw["files"] = files
        if raw.get("i18n") is not None:
            data = raw["i18n"]
            if not isinstance(data, dict):
                raise self.fail(f"{what}: i18n must be a mapping", raw, "i18n")
            self.keys(data, _I18N_KEYS, f"{what}: i18n")
            locales = self.names(data, "locales", f"{what}: i18n")
            structure = self.choice(
                data,
                "structure",
                f"{what}: i18n",
                ("multiple_folders", "multiple_files", "single_file"),
            )
            default = self.text(data, "default_locale", f"{what}: i18n") or (
                locales[0] if locales else ""
            )
            if default not in locales:
                raise self.fail(
                    f"{what}: i18n locales must include the default locale {default!r}",
                    data,
                    "locales",
                )
            kw["i18n"] = I18n(structure, locales, default)  # type: ignore[arg-type]
        if "depth" not in kw:  # as deep as new postings go, as Decap has it
            kw["depth"] = default_depth(
                kw.get("path", ""), kw.get("index_file", ""), kw.get("i18n")
            )
        if raw.get("slug_options") is not None:
            data = raw["slug_options"]
            if not isinstance(data, dict):
                raise self.fail(f"{what}: slug_options must be a mapping", raw, "slug_options")
            self.keys(data, _SLUG_KEYS, f"{what}: slug_options")
            kw["slug_options"] = SlugOptions(
                self.choice(data, "encoding", f"{what}: slug_options", ("ascii", "unicode")),  # type: ignore[arg-type]
                self.flag(data, "clean_accents", f"{what}: slug_options", True),
                self.text(data, "sanitize_replacement", f"{what}: slug_options", "-"),
            )
        return kw

    def rule(self, raw: Any, owner: str, where: tuple[Any, int]) -> Rule:
        what = f"{owner}: rule"
        if isinstance(raw, str):
            rule = Rule(expr=raw)
        elif isinstance(raw, dict):
            self.keys(raw, _RULE_KEYS, what)
            expr = raw.get("then", raw.get("check"))
            if not isinstance(expr, str):
                raise self.fail(f"{what}: needs 'check: CONDITION' (or 'when:' and 'then:')", raw)
            severity = raw.get("severity", "error")
            if severity not in ("error", "warning"):
                raise self.fail(f"{what}: severity must be error or warning", raw, "severity")
            rule = Rule(
                expr=expr,
                when=self.text(raw, "when", what),
                message=self.text(raw, "message", what),
                severity=severity,
            )
        else:
            raise self.fail(f"{what}: must be a condition or a mapping with when/then", *where)
        from postedit.core.validate import parse_condition  # rules are rare

        for text in (rule.when, rule.expr):
            if text:
                try:
                    parse_condition(text)
                except ValueError as exc:
                    raise self.fail(f"{what}: {exc}", *where) from None
        return rule

    def collection(
        self, name: str, raw: Any, where: Any, site: SiteSpec, slug: SlugOptions
    ) -> CollectionSpec:
        what = f"collection {name}"
        if not isinstance(raw, dict):
            raise self.fail(f"{what}: must be a mapping with at least 'folder'", where, name)
        self.keys(raw, _COLLECTION_KEYS, what)
        if "folder" not in raw:
            raise self.fail(f"{what}: 'folder' is missing", raw)
        folder = self.text(raw, "folder", what).strip()
        if folder.startswith(("/", "~")) or ".." in folder.replace("\\", "/").split("/"):
            raise self.fail(
                f"{what}: folder {folder!r} must be inside the repository: write it "
                f"relative to the repository root, without '..' (e.g. {_relative(folder)!r})",
                raw,
                "folder",
            )
        folder = folder.strip("/")
        if folder in (".", "./"):
            folder = ""
        raw_fields = raw.get("fields") or []
        if not isinstance(raw_fields, list):
            raise self.fail(f"{what}: fields must be a list", raw, "fields")
        fields = tuple(self.field(f, name) for f in raw_fields)
        seen: set[str] = set()
        for f, rf in zip(fields, raw_fields, strict=True):
            if f.name in seen:
                raise self.fail(f"{what}: field {f.name!r} is declared twice", rf)
            seen.add(f.name)
        status = self.text(raw, "status", what) or None
        if status is None and "status" not in raw:
            status = guess_status(fields)
        if status is not None and fields:
            spec = next((f for f in fields if f.name == status), None)
            if spec is None or spec.type not in ("boolean", "select"):
                raise self.fail(
                    f"{what}: status {status!r} must name a boolean or select field", raw, "status"
                )
        keys = self.mapping(raw, "keys", what)
        for key, target in keys.items():
            spec = next((f for f in fields if f.name == target), None)
            if fields and (spec is None or spec.type not in ("boolean", "select")):
                raise self.fail(
                    f"{what}: keys: {key!r} must toggle a boolean or select field, not {target!r}",
                    raw,
                    "keys",
                )
        rules = raw.get("rules") or []
        if not isinstance(rules, list):
            raise self.fail(f"{what}: rules must be a list", raw, "rules")
        messages = self.mapping(raw, "commit_message", what)
        for action in messages:
            if action not in _COMMIT_ACTIONS:
                raise self.fail(
                    f"{what}: commit_message: unknown action {action!r} (known: "
                    f"{', '.join(_COMMIT_ACTIONS)})",
                    raw,
                    "commit_message",
                )
        kw: dict[str, Any] = {}
        unknown = self.text(raw, "unknown_keys", what, "warning")
        if unknown not in ("error", "warning", "typos"):
            raise self.fail(
                f"{what}: unknown_keys must be error, warning or typos", raw, "unknown_keys"
            )
        kw["unknown_keys"] = unknown
        for key in ("preview_path", "extension"):
            if key in raw:
                kw[key] = self.text(raw, key, what).strip()
        if "preview_path_date_field" in raw:
            kw["preview_path_date_field"] = self.text(raw, "preview_path_date_field", what) or None
        if "preview_path_preserve_slashes" in raw:
            kw["preview_path_preserve_slashes"] = self.flag(
                raw, "preview_path_preserve_slashes", what
            )
        if "frontmatter_delimiter" in raw:
            pair = self.names(raw, "frontmatter_delimiter", what)
            if len(pair) not in (1, 2):
                raise self.fail(
                    f"{what}: frontmatter_delimiter is one delimiter or [opening, closing]",
                    raw,
                    "frontmatter_delimiter",
                )
            kw["frontmatter_delimiter"] = (pair[0], pair[-1])
        if "slug" in raw:
            kw["slug"] = self.text(raw, "slug", what)
        if "identifier_field" in raw:
            kw["identifier_field"] = self.text(raw, "identifier_field", what)
        elif "title" not in seen and fields:
            first = next((f.name for f in fields if f.type == "string"), None)
            if first:
                kw["identifier_field"] = first
        return CollectionSpec(
            name=name,
            folder=folder,
            label=self.text(raw, "label", what),
            label_singular=self.text(raw, "label_singular", what),
            glob=self.text(raw, "glob", what) or default_glob(kw.get("extension", "")),
            fields=fields,
            status=status,
            columns=self.names(raw, "columns", what),
            sort=self.text(raw, "sort", what) or None,
            commit_message=messages,
            strict=self.flag(raw, "strict", what),
            rules=tuple(self.rule(r, name, (rules, i)) for i, r in enumerate(rules)),
            keys=keys,
            variants=self.mapping(raw, "variants", what),
            summary=self.text(raw, "summary", what),
            front_matter_only=self.flag(raw, "front_matter_only", what),
            bundles=self.flag(raw, "bundles", what),
            site=self.site(raw.get("site"), what, site),
            sortable_fields=self.names(raw, "sortable_fields", what),
            **kw,
            filters=read_filters(self, raw, what),
            filter=self.entry_filter(raw, what),
            create=self.flag(raw, "create", what, True),
            delete=self.flag(raw, "delete", what, True),
            line=line_of(where, name) or line_of(raw),
            **({"slug_options": slug} | self.layout(raw, what)),
        )

    def entry_filter(self, raw: dict[str, Any], what: str) -> EntryFilter | None:
        """``filter: {field: KEY, value: VALUE}``: only the folder's files whose KEY holds
        VALUE (or a list holding it) are the collection's, as Decap's collection ``filter``;
        without ``value``, those without KEY."""
        rule = raw.get("filter")
        if rule is None:
            return None
        if not isinstance(rule, dict) or not isinstance(rule.get("field"), str):
            raise self.fail(f"{what}: filter must be a mapping with a field and a value", raw)
        self.keys(rule, ("field", "value"), f"{what}: filter")
        if "value" not in rule:
            return EntryFilter(rule["field"], has_value=False)
        return EntryFilter(rule["field"], rule["value"])


def parse_postedit(data: Any, source: str, base: SiteSpec | None = None) -> Schema:
    """Build a Schema from a loaded postedit.yml (``source`` names it in messages); ``base``:
    the ``site`` rules its own ``site:`` keys are over (the defaults when None)."""
    r = _Reader(source)
    if data is None:
        raise SchemaError("the schema file is empty", source, 1)
    if not isinstance(data, dict):
        raise SchemaError("a postedit.yml must be a mapping with a 'collections' key", source, 1)
    r.keys(data, _TOP_KEYS, "postedit.yml")
    version = data.get("version", 1)
    if version != 1 or isinstance(version, bool):
        from postedit.core.validate import yaml_repr  # errors only

        raise r.fail(
            f"unknown version {yaml_repr(version)}: this postedit reads version 1 "
            "(a newer postedit may be needed)",
            data,
            "version",
        )
    cols = data.get("collections")
    site = r.site(data.get("site"), "postedit.yml", base or SiteSpec())
    slug = r.slug_options(data.get("slug"))
    specs: list[CollectionSpec] = []
    if isinstance(cols, dict):
        for name, raw in cols.items():
            specs.append(r.collection(str(name), raw, cols, site, slug))
    elif isinstance(cols, list):
        for raw in cols:
            name = raw.get("name") if isinstance(raw, dict) else None
            if not isinstance(name, str) or not name:
                raise r.fail("each collection needs a name", raw)
            specs.append(r.collection(name, raw, raw, site, slug))
    else:
        raise r.fail("'collections' must map collection names to their description", data)
    names = [s.name for s in specs]
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise r.fail(f"collection {dup!r} is declared twice", data, "collections")
    warnings: tuple[str, ...] = ()
    if not specs:
        line = line_of(data, "collections") or 1
        warnings = (f"{source}:{line}: no collections: there is nothing to list or check",)
    schema = Schema(
        collections=tuple(specs),
        source=source,
        kind="postedit",
        warnings=warnings,
        filters=read_filters(r, data, "postedit.yml"),
    )
    check_filters(r, schema, data)
    return schema


# ----------------------------------------------------------------------------- dumping

_FIELD_DEFAULTS = FieldSpec(name="")
_COLLECTION_DEFAULTS = CollectionSpec(name="", folder="")


_PLAIN_FIELD_KEYS = tuple(
    k for k in _FIELD_KEYS if k not in ("name", "type", "options", "fields", "item_type")
)
"""The field keys written as their value when it is not the default (the others have their
own spelling), in the order a postedit.yml is read with."""


def _field_data(f: FieldSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"name": f.name, "type": f.type}
    for key in _PLAIN_FIELD_KEYS:
        value = getattr(f, key)
        if value != getattr(_FIELD_DEFAULTS, key):
            if key in ("min", "max") and float(value).is_integer():
                value = int(value)
            out[key] = list(value) if isinstance(value, tuple) else value
    if f.options:
        if f.option_labels:
            out["options"] = [
                {"label": lab, "value": val}
                for lab, val in zip(f.option_labels, f.options, strict=False)
            ]
        else:
            out["options"] = list(f.options)
    if f.type == "list" and f.item_type != ("object" if f.fields else "string"):
        out["item_type"] = f.item_type
    if f.fields:
        out["fields"] = [_field_data(s) for s in f.fields]
    return out


def _flow(data: Any) -> str:
    """``data`` as one line of flow YAML ('' when it cannot be one line)."""
    text = dump_text(data, default_flow_style=True, sort_keys=False, width=1_000_000)
    if text.endswith("\n...\n"):
        text = text[: -len("\n...\n")]
    text = text.strip()
    return "" if "\n" in text else text


def _item(data: Any, indent: int) -> list[str]:
    """Lines of a block-sequence item: one flow line when possible, else a block mapping."""
    pad = " " * indent
    flow = _flow(data)
    if flow:
        return [f"{pad}- {flow}"]
    block = (
        dump_text(data, default_flow_style=False, sort_keys=False, width=100)
        .rstrip("\n")
        .split("\n")
    )
    return [f"{pad}- {block[0]}"] + [f"{pad}  {line}" for line in block[1:]]


def _entry(key: str, value: Any, indent: int) -> list[str]:
    """Lines of ``key: value`` in a block mapping (flow when it fits on one line)."""
    pad = " " * indent
    flow = _flow(value)
    if flow:
        return [f"{pad}{key}: {flow}"]
    block = (
        dump_text({key: value}, default_flow_style=False, sort_keys=False, width=100)
        .rstrip("\n")
        .split("\n")
    )
    return [f"{pad}{line}" for line in block]


def _site_data(site: SiteSpec, base: SiteSpec) -> dict[str, Any]:
    """The ``site:`` keys of a collection that differ from the top-level ones."""
    out: dict[str, Any] = {}
    for f in dataclass_fields(SiteSpec):
        value = getattr(site, f.name)
        if value != getattr(base, f.name):
            out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


def dump_schema(schema: Schema, header: str = "") -> str:
    """A postedit.yml for ``schema`` (readable, and valid input for ``--schema``)."""
    lines: list[str] = [f"# {h}" if h else "#" for h in header.splitlines()]
    lines.append("version: 1")
    first = schema.collections[0] if schema.collections else _COLLECTION_DEFAULTS
    top_site = replace(SiteSpec(), url=first.site.url)
    if top_site.url:
        lines += _entry("site", {"url": top_site.url}, 0)
    if first.slug_options != SlugOptions():
        options = first.slug_options
        lines += _entry(
            "slug",
            {
                "encoding": options.encoding,
                "clean_accents": options.clean_accents,
                "sanitize_replacement": options.sanitize_replacement,
            },
            0,
        )
    if schema.filters:
        lines += _entry("filters", filters_data(schema.filters), 0)
    lines.append("collections:" if schema.collections else "collections: {}")
    for spec in schema.collections:
        lines.append(f"  {_flow(spec.name)}:")
        head: dict[str, Any] = {"folder": spec.folder or "."}
        for key in (
            "label",
            "label_singular",
            "glob",
            "status",
            "sort",
            "slug",
            "identifier_field",
            "summary",
            "strict",
            "front_matter_only",
            "unknown_keys",
            "preview_path",
            "preview_path_date_field",
            "preview_path_preserve_slashes",
            "path",
            "format",
            "extension",
            "depth",
            "bundles",
            "index_file",
            "create",
            "delete",
        ):
            value = getattr(spec, key)
            if key == "glob":  # the loader's defaults follow the layout: write what differs
                default: Any = default_glob(spec.extension)
            elif key == "depth":
                default = default_depth(spec.path, spec.index_file, spec.i18n)
            else:
                default = getattr(_COLLECTION_DEFAULTS, key)
            if value != default or (key == "status" and value):
                head[key] = value
        if spec.frontmatter_delimiter is not None:
            head["frontmatter_delimiter"] = list(spec.frontmatter_delimiter)
        if spec.columns:
            head["columns"] = list(spec.columns)
        if spec.sortable_fields:
            head["sortable_fields"] = list(spec.sortable_fields)
        site = _site_data(spec.site, top_site)
        if site:
            head["site"] = site
        if spec.files:
            head["files"] = list(spec.files)
        if spec.i18n is not None:
            head["i18n"] = {
                "structure": spec.i18n.structure,
                "locales": list(spec.i18n.locales),
                "default_locale": spec.i18n.default_locale,
            }
        if spec.slug_options != _COLLECTION_DEFAULTS.slug_options:
            head["slug_options"] = {
                "encoding": spec.slug_options.encoding,
                "clean_accents": spec.slug_options.clean_accents,
                "sanitize_replacement": spec.slug_options.sanitize_replacement,
            }
        for key in ("commit_message", "keys", "variants"):
            names: Mapping[str, str] = getattr(spec, key)
            if names:
                head[key] = dict(names)
        for key, value in head.items():
            if key == "status" and value is None:
                continue
            lines += _entry(key, value, 4)
        if spec.filters:
            lines += _entry("filters", filters_data(spec.filters), 4)
        if spec.filter is not None:
            only: dict[str, Any] = {"field": spec.filter.field}
            if spec.filter.has_value:
                only["value"] = spec.filter.value
            lines += _entry("filter", only, 4)
        if spec.rules:
            lines.append("    rules:")
            for rule in spec.rules:
                if not (rule.when or rule.message or rule.severity != "error"):
                    lines += _item(rule.expr, 6)
                    continue
                item: dict[str, Any] = {}
                if rule.when:
                    item.update(when=rule.when, then=rule.expr)
                else:
                    item["check"] = rule.expr
                if rule.message:
                    item["message"] = rule.message
                if rule.severity != "error":
                    item["severity"] = rule.severity
                lines += _item(item, 6)
        lines.append("    fields:" if spec.fields else "    fields: []")
        for f in spec.fields:
            lines += _item(_field_data(f), 6)
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- saved filters

_FILTER_KEYS = ("label", "query", "group", "pattern")


def read_filters(r: _Reader, raw: dict[Any, Any], what: str) -> tuple[SavedFilter, ...]:
    """``filters:`` of postedit.yml (top level, or a collection's): each name maps to a
    query, or to ``{label, query}``, or to a grouping ``{label, group: FIELD, pattern}``."""
    value = raw.get("filters")
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise r.fail(f"{what}: filters must map names to queries", raw, "filters")
    out: list[SavedFilter] = []
    for name, item in value.items():
        where = f"{what}: filters: {name}"
        if not isinstance(name, str) or not re.fullmatch(r"\w[\w.-]*", name):
            raise r.fail(
                f"{what}: filters: {name!r} is not a filter name (letters, digits, _ . -)",
                value,
                name,
            )
        if isinstance(item, str):
            out.append(SavedFilter(name, query=item))
            continue
        if not isinstance(item, dict):
            raise r.fail(f"{where}: give a query, or {{label, query}}", value, name)
        r.keys(item, _FILTER_KEYS, where)
        query = r.text(item, "query", where)
        group = r.text(item, "group", where)
        if bool(query) == bool(group):
            raise r.fail(f"{where}: give either query or group (a field)", value, name)
        pattern = item.get("pattern")
        if pattern is not None:
            if not group or not isinstance(pattern, str):
                raise r.fail(f"{where}: pattern is a regular expression, for a group", item)
            try:
                re.compile(js_regex(pattern))
            except re.error as exc:
                raise r.fail(f"{where}: bad pattern: {exc}", item, "pattern") from None
        out.append(SavedFilter(name, r.text(item, "label", where), query, group, pattern))
    return tuple(out)


def check_filters(r: _Reader, schema: Schema, data: dict[Any, Any]) -> None:
    """Every saved filter's query can be read (names of other saved filters included):
    a mistake is said where the filter is written, not when someone uses it."""
    if not schema.filters and not any(spec.filters for spec in schema.collections):
        return
    from postedit.core.query import QueryError, parse_query, saved_filters

    known = saved_filters(schema)
    cols = data.get("collections")
    for owner, filters in [
        ("", schema.filters),
        *((s.name, s.filters) for s in schema.collections),
    ]:
        for saved in filters:
            if not saved.query:
                continue
            try:
                parse_query(saved.query, known)
            except QueryError as exc:
                where: Any = data.get("filters")
                if owner:
                    raw = cols.get(owner) if isinstance(cols, dict) else None
                    if isinstance(cols, list):
                        raw = next((c for c in cols if c.get("name") == owner), None)
                    where = raw.get("filters") if isinstance(raw, dict) else None
                scope = f"collection {owner}: " if owner else ""
                raise r.fail(f"{scope}filters: {saved.name}: {exc}", where, saved.name) from None


def filters_data(filters: tuple[SavedFilter, ...]) -> dict[str, Any]:
    """Saved filters as postedit.yml writes them (``schema show`` of a Decap config)."""
    out: dict[str, Any] = {}
    for saved in filters:
        if not saved.label and not saved.group:
            out[saved.name] = saved.query
            continue
        item: dict[str, Any] = {"label": saved.label} if saved.label else {}
        if saved.group:
            item["group"] = saved.group
            if saved.pattern is not None:
                item["pattern"] = saved.pattern
        else:
            item["query"] = saved.query
        out[saved.name] = item
    return out
