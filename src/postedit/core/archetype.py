"""What ``hugo new`` writes in a new page's front matter, without running Go templates.

Hugo fills a new page from the archetype of its section, ``archetypes/<section>.md``, else
``archetypes/default.md``, else its built-in one (``title``, ``date`` now with its offset,
``draft: true``). postedit takes an archetype's keys whose values hold no template as they
are (``draft: true``, ``tags: [news]``), a key whose value is a template of the date now
(``{{ .Date }}``, ``{{ now.Format ... }}``) as the date now, and leaves out every other templated key (``title`` is the one
the user types; ``slug: '{{ .File.ContentBaseName }}'`` is not worked out). An archetype
that cannot be read once its templates are set aside (``{{ if }}`` blocks, a TOML value
that is a bare template) gives Hugo's built-in keys instead. The archetype's body, a
theme's archetypes, ``archetypeDir`` and folder archetypes (``archetypes/posts/``) are not
read (docs/schema.md).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from postedit.core import frontmatter
from postedit.core.dates import date_to_write
from postedit.core.errors import PosteditError
from postedit.core.schema import CollectionSpec

__all__ = ["hugo_new_fields"]

_ACTION = re.compile(r"\{\{.*?\}\}", re.S)
"""A Go template action, ``{{ .Date }}``, quotes inside and all."""
_BARE_TOML = re.compile(r"^([ \t]*[\w.\"'-]+[ \t]*=[ \t]*)(\{\{.*?\}\})[ \t]*$", re.M)
"""A TOML value that is a template with no quotes around it (``date = {{ .Date }}``)."""
_MARK = "\ue000"
"""Stands around the number of a template set aside: a private-use character, which YAML,
TOML and JSON take in a string and no archetype holds."""
_DATED = re.compile(
    r'\{\{-?\s*(?:\.Date|now)(?:\.(?:UTC|Local)|\.Format\s+"[^"]*"|\s*\|\s*time\.Format\s+"[^"]*")*'
    r"\s*-?\}\}"
)
"""A template whose value is the date now (Hugo's ``{{ .Date }}``, ``{{ now.Format "..." }}``);
not one that moves it (``{{ .Date.AddDate 0 1 0 }}``, an ``expiryDate`` a month on, is left out
as the other templates are: written as now, the page would be expired at once)."""


def hugo_new_fields(
    root: Path, spec: CollectionSpec, content: Sequence[str], now: dt.datetime
) -> dict[str, Any]:
    """The front matter ``hugo new`` gives a new page of ``spec``'s folder on the Hugo site
    at ``root`` whose content folders are ``content`` (generator.content_dirs), as far as it
    can be told without running templates (the module's docstring). ``now``: the clock (a
    naive one is local time); a date is written as its field's type says (a ``date`` field
    gets the day alone)."""
    moment = (now if now.tzinfo is not None else now.astimezone()).replace(microsecond=0)
    path = _archetype(root, spec.folder, content)
    read = _read(path) if path is not None else None
    if read is None:
        return {"date": _date_value(spec, "date", moment), "draft": True}
    fields, templates = read
    out: dict[str, Any] = {}
    for key, value in fields.items():
        marks = _marks(value)
        if not marks:
            out[key] = value
        elif isinstance(value, str) and value.strip() == marks[0] and len(marks) == 1:
            template = templates[int(marks[0].strip(_MARK))]
            if _DATED.fullmatch(template):  # the whole value: the date now
                out[key] = _date_value(spec, key, moment)
    return out


def _archetype(root: Path, folder: str, content: Sequence[str]) -> Path | None:
    """The archetype Hugo takes for a new page of ``folder``: its section's (the first
    folder below the content folder holding it), else ``default.md``; None when neither is
    a file."""
    folder = folder.strip("/")
    section = ""
    for base in sorted(content, key=len, reverse=True):
        if not base or folder == base or folder.startswith(base + "/"):
            section = folder[len(base) :].strip("/").split("/")[0]
            break
    names = [f"{section}.md"] if section else []
    for name in [*names, "default.md"]:
        path = root / "archetypes" / name
        if path.is_file():
            return path
    return None


def _read(path: Path) -> tuple[dict[str, Any], list[str]] | None:
    """The archetype's front matter with each template replaced by a mark, and the
    templates (a mark's number is its index); None when it cannot be read so."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, ValueError):
        return None
    templates: list[str] = []

    def mark(action: str) -> str:
        templates.append(action)
        return f"{_MARK}{len(templates) - 1}{_MARK}"

    if text.startswith("+++"):  # a bare template is no TOML value: quoted, it is text
        text = _BARE_TOML.sub(lambda m: f'{m.group(1)}"{mark(m.group(2))}"', text)
    text = _ACTION.sub(lambda m: mark(m.group(0)), text)
    try:
        document = frontmatter.parse(text.encode("utf-8"), str(path), body=False)
    except (PosteditError, RecursionError):
        return None
    return document.fields, templates


def _marks(value: Any) -> list[str]:
    """The template marks ``value`` holds (in its text, its items, its keys and values)."""
    if isinstance(value, str):
        return re.findall(f"{_MARK}\\d+{_MARK}", value)
    if isinstance(value, list):
        return [m for item in value for m in _marks(item)]
    if isinstance(value, dict):
        return [m for k, v in value.items() for m in (*_marks(k), *_marks(v))]
    return []


def _date_value(spec: CollectionSpec, key: str, moment: dt.datetime) -> Any:
    """The date ``moment`` as the field ``key`` of ``spec`` takes it: the day alone in a
    ``date`` field, the field's format when it has one, else the date and time with its
    offset, as Hugo's ``.Date`` writes it."""
    field = spec.field(key)
    if field is None:
        return moment
    if field.type == "date":
        return date_to_write(moment.date(), field.format)
    return date_to_write(moment, field.format)
