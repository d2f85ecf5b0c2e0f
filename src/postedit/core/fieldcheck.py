"""Pure per-value checks for form fields: type the text a user typed, and check one value.

The editor's input validators call these (STYLE habit 1): they know nothing of Textual and are
table-tested in tests/core/test_newposting.py. Whole-posting checks (cross-field rules, unknown
keys) belong to ``postedit.core.validate``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal

import yaml

from postedit.core.frontmatter import same_value
from postedit.core.schema import FieldSpec
from postedit.core.values import parse_value

__all__ = [
    "Issue",
    "check_value",
    "cleared",
    "format_value",
    "is_email",
    "is_web_address",
    "parse_text",
    "same_value",
]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^(https?://[^\s/?#]+[^\s]*|mailto:[^@\s]+@[^@\s]+)$", re.IGNORECASE)


def is_email(text: str) -> bool:
    """Is ``text`` (spaces around it aside) an e-mail address? The one rule for forms,
    ``check`` and inference."""
    return _EMAIL.match(text.strip()) is not None


def is_web_address(text: str) -> bool:
    """Is ``text`` (spaces around it aside) an absolute web address (``https://host...``) or
    a ``mailto:`` link? The one rule for forms, ``check`` and inference: a relative link
    (``/jobs/``) is not one."""
    return _URL.match(text.strip()) is not None


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem with one field's value."""

    severity: Literal["error", "warning"]
    """Errors block saving (unless confirmed); warnings do not."""
    message: str
    """What is wrong, in words a maintainer understands."""


def format_value(value: Any) -> str:
    """The text a single-line input shows for ``value`` (the inverse of ``parse_text``); a
    list of texts as ``a, b``, or as YAML flow ``[1, 'b, c']`` when the comma form would not
    read back the same (values.parse_list reads both)."""
    if value is None:
        return ""
    if isinstance(value, list):
        plain = all(isinstance(v, str) and v and v == v.strip() and "," not in v for v in value)
        if plain and not (value and value[0].startswith("[")):  # `[` would start YAML flow
            return ", ".join(value)
        flow = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=2**31)
        return flow.rstrip("\n")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return _format_datetime(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _format_datetime(value: dt.datetime) -> str:
    """``2021-07-27 09:01``, with seconds, milliseconds and zone only when there are some."""
    text = value.strftime("%Y-%m-%d %H:%M")
    if value.second or value.microsecond:
        text += f":{value.second:02d}"
    if value.microsecond:
        text += (
            f".{value.microsecond:06d}".rstrip("0")
            if value.microsecond % 1000
            else (f".{value.microsecond // 1000:03d}")
        )
    offset = value.utcoffset()
    if offset is not None:
        if not offset:
            text += "Z"
        else:
            minutes = int(offset.total_seconds() // 60)
            sign = "+" if minutes >= 0 else "-"
            text += f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return text


def parse_text(spec: FieldSpec, text: str, unpublishing: bool = False) -> Any:
    """Type ``text`` typed into a form's input as a value of ``spec``, as ``postedit set``
    types it (values.parse_value, ``unpublishing`` too), but for a text of spaces alone: that
    means "no value" (None), as the empty text does. Raises ValueError with a readable
    message."""
    if text.strip() == "":
        return None
    return parse_value(text, spec, unpublishing)


def cleared(spec: FieldSpec, was_present: bool) -> tuple[bool, Any]:
    """(present, value) of a field the user empties in the form: a multiple select or
    relation that had its key keeps it as ``[]``, which is what Decap writes (decap-cms 3.x
    ``RelationControl.handleChange``: the ``[]`` react-select gives on clear, saved as an
    empty list by ``formats/yaml.ts``); any other field loses its key, and a key that was not
    there stays away."""
    if was_present and spec.multiple and spec.type in ("select", "relation"):
        return True, []
    return False, None


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def check_value(spec: FieldSpec, value: Any) -> list[Issue]:
    """Problems of ``value`` for field ``spec`` (None means the key is absent or empty)."""
    if _is_empty(value):
        if spec.required:
            return [Issue(spec.severity, "is required")]
        return []
    from postedit.core.validate import expected  # validate imports this module

    kind = spec.type
    out: list[Issue] = []
    if kind == "boolean" and not isinstance(value, bool):
        out.append(Issue("error", expected("true or false", value)))
    elif kind == "integer" and (isinstance(value, bool) or not isinstance(value, int)):
        out.append(Issue("error", expected("a whole number", value)))
    elif kind == "number" and (isinstance(value, bool) or not isinstance(value, int | float)):
        out.append(Issue("error", expected("a number", value)))
    elif kind in ("date", "datetime") and not isinstance(value, dt.date):
        out.append(Issue("error", f"{format_value(value)!r} is not a date (YYYY-MM-DD)"))
    elif kind == "email" and not (isinstance(value, str) and is_email(value)):
        out.append(Issue("error", f"{format_value(value)!r} is not an email address"))
    elif kind == "url" and not (isinstance(value, str) and is_web_address(value)):
        out.append(Issue("error", f"{format_value(value)!r} is not a URL (https://...)"))
    elif kind == "list" and not isinstance(value, list):
        out.append(Issue("error", "is not a list"))
    elif kind == "object" and not isinstance(value, dict):
        out.append(Issue("error", "is not a group of fields"))
    elif kind == "select":
        out.extend(_check_select(spec, value))
    if out:
        return out
    if spec.pattern and isinstance(value, str):
        try:
            matched = re.search(spec.pattern, value) is not None
        except re.error:
            matched = True
        if not matched:
            message = spec.pattern_message or f"does not match {spec.pattern}"
            out.append(Issue(spec.severity, message))
    out.extend(_check_bounds(spec, value))
    return out


def _check_select(spec: FieldSpec, value: Any) -> list[Issue]:
    if not spec.options:
        return []
    values = value if isinstance(value, list) else [value]
    if isinstance(value, list) and not spec.multiple:
        return [Issue("error", "takes one option, not a list")]
    bad = [v for v in values if not any(same_value(v, o) for o in spec.options)]
    if bad:
        shown = ", ".join(format_value(v) for v in bad)
        return [Issue("error", f"{shown} is not one of the options")]
    return []


def _check_bounds(spec: FieldSpec, value: Any) -> list[Issue]:
    if spec.min is None and spec.max is None:
        return []
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        measure: float = value
        what = "value"
    elif isinstance(value, str | list):
        measure = len(value)
        what = "length" if isinstance(value, str) else "number of items"
    else:
        return []
    if spec.min is not None and measure < spec.min:
        return [Issue(spec.severity, f"{what} {measure:g} is below the minimum {spec.min:g}")]
    if spec.max is not None and measure > spec.max:
        return [Issue(spec.severity, f"{what} {measure:g} is above the maximum {spec.max:g}")]
    return []
