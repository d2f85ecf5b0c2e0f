"""New postings: defaults, file names from slug templates, and creation that never overwrites.

Whatever a title contains (``../``, ``/``, NUL, control characters, only punctuation), the file
name is a single safe ASCII component inside the collection's folder, and an existing file is
never replaced: ``-2``, ``-3``... is appended instead.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import os
import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from postedit.core import frontmatter
from postedit.core.errors import PosteditError
from postedit.core.posting import Posting
from postedit.core.schema import CollectionSpec, FieldSpec
from postedit.core.store import atomic_write, read_posting

__all__ = [
    "FALLBACK_SLUG",
    "body_field",
    "create_posting",
    "default_body",
    "default_fields",
    "duplicate_fields",
    "filename_for",
    "identifier_of",
    "new_relpath",
    "render_slug",
    "slugify",
]

FALLBACK_SLUG = "posting"
"""The slug used when the identifier gives nothing usable (empty, only punctuation)."""

MAX_SLUG = 80
"""Longest slug made from a title (cut at a word boundary)."""

_NOW_DEFAULTS = {"{{now}}", "now", "today", "{{today}}", "{{ now }}"}
_TOKEN = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_LIGATURES = str.maketrans(
    {
        "œ": "oe",
        "Œ": "OE",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "·": "-",
    }
)


def slugify(text: str) -> str:
    """A safe ASCII slug: ``Développeur·se Full-Stack !`` -> ``developpeur-se-full-stack``.

    Accents are dropped, every run of other characters becomes one ``-``; the result is at
    most MAX_SLUG characters and may be empty (only punctuation).
    """
    text = unicodedata.normalize("NFKD", str(text).translate(_LIGATURES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > MAX_SLUG:
        cut = slug[:MAX_SLUG]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug


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


def _token_value(
    key: str, fields: Mapping[str, Any], spec: CollectionSpec, now: dt.datetime
) -> str:
    dates = {
        "year": f"{now.year:04d}",
        "month": f"{now.month:02d}",
        "day": f"{now.day:02d}",
        "hour": f"{now.hour:02d}",
        "minute": f"{now.minute:02d}",
        "second": f"{now.second:02d}",
    }
    if key in dates:
        return dates[key]
    if key == "slug":
        return slugify(identifier_of(spec, fields)) or FALLBACK_SLUG
    if key.startswith("fields."):
        key = key[len("fields.") :]
    value = fields.get(key)
    if isinstance(value, dt.date):
        value = value.isoformat()
    return slugify("" if value is None else str(value))


def render_slug(spec: CollectionSpec, fields: Mapping[str, Any], now: dt.datetime) -> str:
    """The collection's slug template filled in (``{{year}}``, ``{{slug}}``, ``{{fields.x}}``...).

    The result is one safe path component without extension, never empty and never hidden.
    """
    template = spec.slug or "{{slug}}"
    text = _TOKEN.sub(lambda m: _token_value(m.group(1), fields, spec, now), template)
    text = _UNSAFE.sub("-", text)
    text = re.sub(r"-{2,}", "-", text).strip("-.")
    if not re.search(r"[A-Za-z0-9]", text):
        return FALLBACK_SLUG
    return text


def _extension(spec: CollectionSpec) -> str:
    if spec.glob.endswith(".markdown"):
        return ".markdown"
    return ".md"


def filename_for(
    spec: CollectionSpec, fields: Mapping[str, Any], now: dt.datetime | dt.date
) -> str:
    """The file name a new posting with ``fields`` gets (before avoiding existing files)."""
    if not isinstance(now, dt.datetime):
        now = dt.datetime(now.year, now.month, now.day)
    return render_slug(spec, fields, now) + _extension(spec)


def _folder(root: Path, spec: CollectionSpec) -> tuple[str, Path]:
    folder = spec.folder.strip("/")
    base = (Path(root) / folder).resolve() if folder not in ("", ".") else Path(root).resolve()
    root_real = Path(root).resolve()
    if base != root_real and root_real not in base.parents:
        raise PosteditError(f"collection folder {spec.folder!r} is outside the repository")
    return ("" if folder in ("", ".") else folder + "/"), base


def _candidates(name: str) -> list[str]:
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    suffix = f".{ext}" if ext else ""
    return [name] + [f"{stem}-{n}{suffix}" for n in range(2, 100)]


def new_relpath(
    root: Path, spec: CollectionSpec, fields: Mapping[str, Any], now: dt.datetime | dt.date
) -> str:
    """A repository-relative path for a new posting that does not exist yet.

    Raises PosteditError when ``name``, ``name-2`` ... ``name-99`` are all taken.
    """
    prefix, base = _folder(root, spec)
    name = filename_for(spec, fields, now)
    for candidate in _candidates(name):
        if not os.path.lexists(base / candidate):
            return prefix + candidate
    raise PosteditError(f"{prefix}{name} and its numbered variants already exist")


def create_posting(
    root: Path,
    spec: CollectionSpec,
    fields: Mapping[str, Any],
    body: str,
    now: dt.datetime | dt.date,
    note: Callable[[str, bytes], None] | None = None,
) -> Posting:
    """Write a new posting into the collection's folder and return it as read back.

    The name is reserved with an exclusive create before the content is written atomically,
    so an existing file (even one appearing meanwhile) is never replaced. ``note(relpath,
    data)`` is called once the name is reserved, before the content is written (the edit
    session records the write in its ledger then).
    """
    data = frontmatter.render_new(fields, body)
    prefix, base = _folder(root, spec)
    if not base.is_dir():
        raise PosteditError(f"collection folder {spec.folder!r} does not exist")
    name = filename_for(spec, fields, now)
    for candidate in _candidates(name):
        path = base / candidate
        if path.parent != base:  # cannot happen with a sanitised name; belt and braces
            raise PosteditError(f"refusing to write {candidate!r} outside {spec.folder}")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        try:
            if note is not None:
                note(prefix + candidate, data)
            atomic_write(path, data)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(path)
            raise
        return read_posting(Path(root), prefix + candidate, spec.name)
    raise PosteditError(f"{prefix}{name} and its numbered variants already exist")


def _is_now_default(f: FieldSpec) -> bool:
    return isinstance(f.default, str) and f.default.strip().lower() in _NOW_DEFAULTS


def _today_value(f: FieldSpec, now: dt.datetime) -> dt.date:
    """``today`` is a date; ``{{now}}`` is a date and time where the field has a time."""
    said_today = "today" in str(f.default).lower()
    date_only = f.type == "date" or (f.format is not None and not re.search(r"[Hh]", f.format))
    if date_only or said_today:
        return now.date()
    return now.replace(second=0, microsecond=0)


def default_fields(spec: CollectionSpec, now: dt.datetime) -> dict[str, Any]:
    """Front matter of a new posting: the schema defaults, in schema order.

    A date default of ``{{now}}``/``today`` becomes today; a required boolean without a
    default starts false; fields without a default are left out.
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
    return out


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
