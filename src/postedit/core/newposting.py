"""New postings: defaults, file names from slug templates, and creation that never overwrites.

File names are made as Decap CMS makes them (core/template.py: the collection's ``slug`` and
``path`` templates, the site's slug options), one file per locale for a collection with
translations. Whatever a title contains (``../``, ``/``, NUL, control characters, only
punctuation), every path stays inside the collection's folder, and an existing file is never
replaced: ``-1``, ``-2``... is appended to the slug instead, as Decap does.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from postedit.core import frontmatter
from postedit.core.dates import date_to_write, date_value
from postedit.core.errors import PosteditError
from postedit.core.posting import Posting
from postedit.core.schema import DECAP_DATE_FIELDS, CollectionSpec, FieldSpec, SlugOptions
from postedit.core.store import atomic_write, read_posting
from postedit.core.template import prepare_slug, render, sanitize_filename, slug_segment

__all__ = [
    "DATED_SLUG",
    "FALLBACK_SLUG",
    "body_field",
    "create_postings",
    "default_body",
    "default_fields",
    "duplicate_fields",
    "entry_date",
    "entry_paths",
    "identifier_of",
    "in_schema_order",
    "locale_contents",
    "new_posting_bytes",
    "new_relpath",
    "new_relpaths",
    "render_slug",
    "slug_template",
]

FALLBACK_SLUG = "posting"
"""The slug used when the identifier gives nothing usable (empty, only punctuation)."""

_NOW_DEFAULTS = {"{{now}}", "now", "today", "{{today}}", "{{ now }}"}


def body_field(spec: CollectionSpec) -> FieldSpec | None:
    """The schema field that describes the body (Decap's ``body`` markdown field), or None."""
    f = spec.field("body")
    if f is not None and f.type in ("markdown", "text"):
        return f
    return None


def identifier_of(spec: CollectionSpec, fields: Mapping[str, Any]) -> str:
    """The text new-posting slugs come from: the identifier field, else title, roles, name."""
    for key in (spec.identifier_field, "title", "roles", "role", "name"):
        value = fields.get(key)
        if isinstance(value, list):
            value = " ".join(str(v) for v in value)
        if value is not None and str(value).strip():
            return str(value)
    return ""


DATED_SLUG = "{{year}}-{{month}}-{{day}}-{{slug}}"
"""The template of Jekyll's dated postings (``2024-01-02-title.md``)."""

_DATED_NAME = re.compile(r"\d{4}-\d{2}-\d{2}-")


def slug_template(root: Path | None, spec: CollectionSpec) -> str:
    """The collection's slug template; without one, ``YYYY-MM-DD-`` names only where its files
    have them (most of them, or a Jekyll ``_posts`` folder), else the bare slug."""
    if spec.slug:
        return spec.slug
    if root is not None:
        from postedit.core.discover import collection_files

        names = [rel.rsplit("/", 1)[-1] for rel in collection_files(Path(root), spec)]
        if names:
            dated = sum(1 for n in names if _DATED_NAME.match(n))
            return DATED_SLUG if dated * 2 > len(names) else "{{slug}}"
    return DATED_SLUG if spec.folder.rstrip("/").endswith("_posts") else "{{slug}}"


def entry_date(spec: CollectionSpec, fields: Mapping[str, Any]) -> dt.date | None:
    """The date Decap takes ``{{year}}``... from: its inferred date field (a datetime field
    named ``date``, ``publishDate`` or ``publish_date``, else a date one), when it holds one."""
    candidates = [
        f
        for kind in ("datetime", "date")
        for f in spec.fields
        if f.type == kind and f.name in DECAP_DATE_FIELDS
    ]
    if not spec.fields:
        candidates = [FieldSpec(name, "datetime") for name in DECAP_DATE_FIELDS]
    if not candidates:
        return None
    first = candidates[0]
    return date_value(fields.get(first.name), first.type, first.format)


def _safe(slug: str, options: SlugOptions) -> str:
    """``slug`` as a path inside the collection's folder: no empty, ``.`` or ``..`` parts (a
    template's literal ``../`` is dropped) and no hidden names; empty becomes FALLBACK_SLUG."""
    parts = [
        sanitize_filename(p, options.sanitize_replacement).lstrip(".")
        for p in slug.replace("\\", "/").split("/")
        if p not in ("", ".", "..")
    ]
    parts = [p for p in parts if p]
    return "/".join(parts) or FALLBACK_SLUG


def render_slug(
    spec: CollectionSpec,
    fields: Mapping[str, Any],
    now: dt.datetime,
    template: str | None = None,
) -> str:
    """The new entry's slug as Decap's ``slugFormatter`` makes it: the slug template filled
    in (``{{year}}``... from the entry's date field, else ``now``; ``{{slug}}`` from the
    identifier; ``{{fields.x}}``, filters), then the ``path`` template around it. Every
    value is made a slug with the collection's slug options; the result stays inside the
    collection's folder and is never empty."""
    options = spec.slug_options

    def process(value: str) -> str:
        return slug_segment(value, options)

    date = entry_date(spec, fields) or now
    identifier = identifier_of(spec, fields)
    if not process(identifier):  # Decap refuses an entry without one; we name it "posting"
        identifier = FALLBACK_SLUG
    slug = render(
        template or spec.slug or "{{slug}}",
        fields,
        date=date,
        identifier=identifier,
        processor=process,
    )
    if spec.path:
        slug = render(
            prepare_slug(spec.path),
            fields,
            date=date,
            identifier=slug,
            processor=lambda value: value if value == slug else process(value),
        )
    return _safe(slug, options)


def _extension(spec: CollectionSpec) -> str:
    ext = spec.glob.rsplit(".", 1)[-1] if "." in spec.glob else "md"
    return "." + (ext if re.fullmatch(r"[A-Za-z0-9]+", ext) else "md")


def entry_paths(spec: CollectionSpec, slug: str) -> list[str]:
    """Repository-relative paths of a new entry with this slug, one per locale for an i18n
    ``multiple_folders``/``multiple_files`` collection (the default locale's first), as
    Decap's ``selectEntryPath`` and ``getFilePaths`` build them."""
    folder = spec.folder.strip("/")
    prefix = "" if folder in ("", ".") else folder + "/"
    ext = _extension(spec)
    base = f"{slug}/{spec.index_file}" if spec.index_file else slug
    i18n = spec.i18n
    if i18n is None or i18n.structure == "single_file":
        return [prefix + base + ext]
    locales = [i18n.default_locale] + [x for x in i18n.locales if x != i18n.default_locale]
    if i18n.structure == "multiple_folders":
        return [f"{prefix}{locale}/{base}{ext}" for locale in locales]
    return [f"{prefix}{base}.{locale}{ext}" for locale in locales]


def _folder(root: Path, spec: CollectionSpec) -> tuple[str, Path]:
    folder = spec.folder.strip("/")
    base = (Path(root) / folder).resolve() if folder not in ("", ".") else Path(root).resolve()
    root_real = Path(root).resolve()
    if base != root_real and root_real not in base.parents:
        raise PosteditError(f"collection folder {spec.folder!r} is outside the repository")
    return ("" if folder in ("", ".") else folder + "/"), base


def _slugs(slug: str, options: SlugOptions) -> list[str]:
    """``slug``, then Decap's unique variants: ``slug-1``, ``slug-2``... (the replacement
    character joins them)."""
    return [slug] + [f"{slug}{options.sanitize_replacement}{n}" for n in range(1, 100)]


def new_relpaths(
    root: Path, spec: CollectionSpec, fields: Mapping[str, Any], now: dt.datetime | dt.date
) -> list[str]:
    """Repository-relative paths for a new posting, none of which exists yet (one per locale
    for a collection with translations, the default locale's first).

    Raises PosteditError for a file collection (its one file exists already) and when the
    slug and its numbered variants up to 99 are all taken.
    """
    if spec.files:
        raise PosteditError(
            f"{spec.name} is a file collection: its file is edited, not created anew"
        )
    if not isinstance(now, dt.datetime):
        now = dt.datetime(now.year, now.month, now.day)
    _prefix, _base = _folder(root, spec)
    slug = render_slug(spec, fields, now, slug_template(root, spec))
    for candidate in _slugs(slug, spec.slug_options):
        paths = entry_paths(spec, candidate)
        if not any(os.path.lexists(Path(root) / p) for p in paths):
            return paths
    raise PosteditError(f"{entry_paths(spec, slug)[0]} and its numbered variants already exist")


def new_relpath(
    root: Path, spec: CollectionSpec, fields: Mapping[str, Any], now: dt.datetime | dt.date
) -> str:
    """A repository-relative path for a new posting that does not exist yet (the default
    locale's, for a collection with translations).

    Raises PosteditError when the slug and its numbered variants are all taken.
    """
    return new_relpaths(root, spec, fields, now)[0]


def locale_contents(
    spec: CollectionSpec, fields: Mapping[str, Any]
) -> list[tuple[str | None, dict[str, Any]]]:
    """(locale, front matter) of each file of a new entry, in entry_paths' order.

    The default locale's file holds every field; another locale's holds the fields
    translated or duplicated there (Decap's field ``i18n``), starting as copies of the
    default locale's values. An i18n ``single_file`` entry is one file whose top-level keys
    are the locales.
    """
    i18n = spec.i18n
    if i18n is None:
        return [(None, dict(fields))]
    hidden = {f.name for f in spec.fields if f.i18n == "none"}
    others = [x for x in i18n.locales if x != i18n.default_locale]
    per_locale = [(i18n.default_locale, dict(fields))] + [
        (x, {k: copy.deepcopy(v) for k, v in fields.items() if k not in hidden}) for x in others
    ]
    if i18n.structure == "single_file":
        return [(None, {locale: data for locale, data in per_locale})]
    return [(locale, data) for locale, data in per_locale]


def _release(reserved: list[Path]) -> None:
    """Remove the files a new posting reserved (it was not written after all)."""
    for path in reserved:
        with contextlib.suppress(OSError):
            os.unlink(path)


def create_postings(
    root: Path,
    spec: CollectionSpec,
    fields: Mapping[str, Any],
    body: str,
    now: dt.datetime | dt.date,
    note: Callable[[str, bytes], None] | None = None,
) -> list[Posting]:
    """Write a new posting (one file per locale for a collection with translations) and
    return them as read back, the default locale's first.

    Each name is reserved with an exclusive create before its content is written
    atomically, so an existing file (even one appearing meanwhile) is never replaced: the
    next free slug is taken instead, for every locale at once. ``note(relpath, data)`` is
    called for each file once the names are reserved, before the contents are written (the
    edit session records the writes in its ledger then).
    """
    _prefix, base = _folder(root, spec)
    if not base.is_dir():
        raise PosteditError(f"collection folder {spec.folder!r} does not exist")
    contents = locale_contents(spec, fields)
    for _attempt in range(100):
        paths = new_relpaths(root, spec, fields, now)
        made: list[Path] = []
        try:
            for rel in paths:
                path = Path(root) / rel
                if base != path.parent and base not in path.parents:
                    raise PosteditError(f"refusing to write {rel!r} outside {spec.folder}")
                path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                os.close(fd)
                made.append(path)
        except FileExistsError:  # taken meanwhile: free what we reserved, look again
            _release(made)
            continue
        except OSError as exc:  # a name past the file system's 255 bytes, a folder not writable
            _release(made)
            raise PosteditError(f"cannot create: {exc.strerror or exc}", rel) from None
        except BaseException:
            _release(made)
            raise
        try:
            for rel, path, (_locale, data) in zip(paths, made, contents, strict=True):
                content = new_posting_bytes(spec, data, body)
                if note is not None:
                    note(rel, content)
                atomic_write(path, content)
        except BaseException:
            _release(made)
            raise
        return [read_posting(Path(root), rel, spec.name) for rel in paths]
    raise PosteditError(f"cannot find a free name for a new posting in {spec.folder}")


def new_posting_bytes(spec: CollectionSpec, fields: Mapping[str, Any], body: str) -> bytes:
    """The bytes of a new posting of ``spec``: its front matter language, the body ending
    with a newline (an empty body is no line at all)."""
    if body and not body.endswith("\n"):
        body += "\n"
    return frontmatter.render_new(fields, body, spec.format)


def _is_now_default(f: FieldSpec) -> bool:
    return isinstance(f.default, str) and f.default.strip().lower() in _NOW_DEFAULTS


def _today_value(f: FieldSpec, now: dt.datetime) -> Any:
    """``today`` is a date; ``{{now}}`` is a date and time where the field has a time;
    written in the field's format, as Decap writes it (``06.12.2026 22:45``)."""
    said_today = "today" in str(f.default).lower()
    date_only = f.type == "date" or (f.format is not None and not re.search(r"[Hh]", f.format))
    if date_only or said_today:
        return date_to_write(now.date(), f.format)
    return date_to_write(now.replace(second=0, microsecond=0), f.format)


def default_fields(spec: CollectionSpec, now: dt.datetime) -> dict[str, Any]:
    """Front matter of a new posting: the schema defaults, in schema order.

    A date default of ``{{now}}``/``today`` becomes today; a required boolean without a
    default starts false; fields without a default are left out. In a collection with a
    ``filter``, its key holds its value (over a default), so that the new posting is one of
    the collection it is made in (Decap itself writes only the field's default: see
    docs/decisions.md, 2026-12-07).
    """
    out: dict[str, Any] = {}
    body = body_field(spec)
    for f in spec.fields:
        if f is body:
            continue
        if f.type in ("date", "datetime") and _is_now_default(f):
            out[f.name] = _today_value(f, now)
        elif f.default is not None:
            out[f.name] = copy.deepcopy(f.default)
        elif f.type == "boolean" and f.required:
            out[f.name] = False
    rule = spec.filter
    if rule is not None and rule.has_value and not isinstance(rule.value, (list, dict)):
        out[rule.field] = rule.value
    return out


def in_schema_order(spec: CollectionSpec, fields: Mapping[str, Any]) -> dict[str, Any]:
    """``fields`` in the order of the schema's fields, as the editor's form and Decap write a
    new posting; keys the schema does not know follow, in their own order."""
    known = [f.name for f in spec.fields if f.name in fields]
    return {k: fields[k] for k in [*known, *(k for k in fields if k not in known)]}


def default_body(spec: CollectionSpec) -> str:
    """Body of a new posting: the body field's default, or nothing."""
    f = body_field(spec)
    if f is not None and isinstance(f.default, str):
        return f.default
    return ""


def duplicate_fields(spec: CollectionSpec, template: Posting, now: dt.datetime) -> dict[str, Any]:
    """Front matter of a copy of ``template``: the same values, dates defaulting to now reset."""
    out = copy.deepcopy(template.fields)
    for f in spec.fields:
        if f.name in out and f.type in ("date", "datetime") and _is_now_default(f):
            out[f.name] = _today_value(f, now)
    return out
