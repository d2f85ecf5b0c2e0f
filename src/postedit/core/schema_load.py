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
from pathlib import Path
from typing import TYPE_CHECKING

from postedit.core.dates import date_format
from postedit.core.decap import guess_status, is_decap_config, parse_decap
from postedit.core.discover import list_files
from postedit.core.errors import SchemaError
from postedit.core.schema import (
    FIELD_TYPES,
    CollectionSpec,
    FieldSpec,
    Rule,
    Schema,
    js_regex,
    split_options,
)
from postedit.core.schema_yaml import dump_text, line_of, load_yaml_file

if TYPE_CHECKING:
    from typing import Any

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

_TOP_KEYS = ("version", "collections")
_COLLECTION_KEYS = (
    "name",
    "folder",
    "label",
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
)
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
)
_RULE_KEYS = ("check", "when", "then", "message", "severity")
_COMMIT_ACTIONS = ("toggle_on", "toggle_off", "update", "create", "delete", "bulk")


# ----------------------------------------------------------------------------- finding


def find_schema_file(root: Path) -> Path | None:
    """The schema file of the repository at ``root`` (postedit.yml, then Decap), or None."""
    for rel in (POSTEDIT_FILE, *DECAP_FILES):
        p = Path(root) / rel
        if p.is_file():
            return p
    return None


def _display(path: Path, root: Path) -> str:
    try:
        return Path(os.path.abspath(path)).relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)


def load_schema_file(path: Path, display: str | None = None) -> Schema:
    """Load one schema file, postedit.yml or Decap config (told apart by content)."""
    display = display or str(path)
    data = load_yaml_file(path, display)
    if is_decap_config(data):
        return parse_decap(data, display)
    return parse_postedit(data, display)


def load_schema(root: Path, schema_file: Path | None = None) -> Schema:
    """The schema for the repository at ``root`` (first found wins; see docs/schema.md)."""
    root = Path(root)
    if schema_file is not None:
        return load_schema_file(Path(schema_file), _display(Path(schema_file), root))
    found = find_schema_file(root)
    if found is not None:
        return load_schema_file(found, _display(found, root))
    from postedit.core.infer import infer_schema  # reads every posting: only when needed

    return infer_schema(root)


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
        files = list_files(Path(root), target.folder, target.glob)
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
        )

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

    def collection(self, name: str, raw: Any, where: Any) -> CollectionSpec:
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
            glob=self.text(raw, "glob", what, "*.md") or "*.md",
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
            **kw,
        )


def parse_postedit(data: Any, source: str) -> Schema:
    """Build a Schema from a loaded postedit.yml (``source`` names it in messages)."""
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
    specs: list[CollectionSpec] = []
    if isinstance(cols, dict):
        for name, raw in cols.items():
            specs.append(r.collection(str(name), raw, cols))
    elif isinstance(cols, list):
        for raw in cols:
            name = raw.get("name") if isinstance(raw, dict) else None
            if not isinstance(name, str) or not name:
                raise r.fail("each collection needs a name", raw)
            specs.append(r.collection(name, raw, raw))
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
    return Schema(collections=tuple(specs), source=source, kind="postedit", warnings=warnings)


# ----------------------------------------------------------------------------- dumping

_FIELD_DEFAULTS = FieldSpec(name="")
_COLLECTION_DEFAULTS = CollectionSpec(name="", folder="")


def _field_data(f: FieldSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"name": f.name, "type": f.type}
    for key in (
        "label",
        "required",
        "default",
        "hint",
        "multiple",
        "pattern",
        "pattern_message",
        "min",
        "max",
        "format",
        "collection",
        "value_field",
    ):
        value = getattr(f, key)
        if value != getattr(_FIELD_DEFAULTS, key):
            out[key] = int(value) if key in ("min", "max") and float(value).is_integer() else value
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


def dump_schema(schema: Schema, header: str = "") -> str:
    """A postedit.yml for ``schema`` (readable, and valid input for ``--schema``)."""
    lines: list[str] = [f"# {h}" if h else "#" for h in header.splitlines()]
    lines += ["version: 1", "collections:" if schema.collections else "collections: {}"]
    for spec in schema.collections:
        lines.append(f"  {_flow(spec.name)}:")
        head: dict[str, Any] = {"folder": spec.folder or "."}
        for key in (
            "label",
            "glob",
            "status",
            "sort",
            "slug",
            "identifier_field",
            "summary",
            "strict",
            "front_matter_only",
        ):
            value = getattr(spec, key)
            if value != getattr(_COLLECTION_DEFAULTS, key) or key in ("slug", "status"):
                head[key] = value
        if spec.columns:
            head["columns"] = list(spec.columns)
        for key in ("commit_message", "keys", "variants"):
            names: Mapping[str, str] = getattr(spec, key)
            if names:
                head[key] = dict(names)
        for key, value in head.items():
            if key == "status" and value is None:
                continue
            lines += _entry(key, value, 4)
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
