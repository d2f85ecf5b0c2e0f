"""Turn text typed by a user (CLI ``KEY=VALUE``, a form input) into a typed value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import yaml

from postedit.core.dates import date_input, parse_date, parse_datetime
from postedit.core.frontmatter import SafeLoader
from postedit.core.schema import FieldSpec

if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "parse_date",
    "parse_datetime",
    "parse_list",
    "parse_scalar",
    "parse_value",
    "with_key",
    "without_key",
]

_TRUE = {"true", "yes", "on", "y", "1"}
_FALSE = {"false", "no", "off", "n", "0"}


def parse_scalar(text: str) -> Any:
    """Read ``text`` as a YAML scalar: ``false`` -> False, ``2021-09-30`` -> date, ``12`` -> 12.

    Anything that is not a plain YAML scalar (lists, mappings, tags, errors) stays a string;
    the empty text is None.
    """
    if text == "":
        return None
    if text.strip().startswith("["):
        try:
            return parse_list(text)
        except ValueError:
            return text
    try:
        value = yaml.load(text, Loader=SafeLoader)  # noqa: S506 - SafeLoader/CSafeLoader only
    except (yaml.YAMLError, ValueError):
        return text
    if isinstance(value, bool | int | float | dt.date) or value is None:
        if value is None and text.strip() not in ("null", "~", "Null", "NULL"):
            return text
        return value
    return text


def parse_list(text: str) -> list[Any]:
    """A list typed by a user: YAML flow ``[a, "b, c"]``, else comma-separated ``a, b``."""
    stripped = text.strip()
    if stripped.startswith("["):
        try:
            value = yaml.load(stripped, Loader=SafeLoader)  # noqa: S506 - safe loaders only
        except yaml.YAMLError as exc:
            raise ValueError(f"{text!r} is not a list ([a, b] or a, b): {exc}") from None
        if not isinstance(value, list):
            raise ValueError(f"{text!r} is not a list ([a, b] or a, b)")
        return value
    items = [t.strip() for t in text.split(",")]
    return [t for t in items if t]


def _expected(what: str, text: str) -> str:
    """validate.expected's message: the one wording check and the form use too."""
    from postedit.core.validate import expected  # errors only; validate imports this module

    return expected(what, text)


def parse_value(text: str, spec: FieldSpec | None, unpublishing: bool = False) -> Any:
    """Type ``text`` by the field's schema type (or as a YAML scalar without one);
    ``unpublishing``: the field's ``false`` keeps the posting off the site (site.unpublishing),
    so the text ``false`` is that boolean whatever the type (Eleventy's ``permalink: false``).

    Raises ValueError with a readable message when the text does not fit the type.
    """
    if unpublishing and text.strip().lower() == "false":
        return False
    if spec is None or spec.type in ("any", "hidden", "code"):
        return parse_scalar(text)
    if spec.type == "relation" and not spec.multiple:
        return parse_scalar(text)
    if text == "":
        return None
    kind = spec.type
    if kind == "boolean":
        low = text.strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise ValueError(_expected("true or false", text))
    if kind == "integer":
        try:
            return int(text.strip())
        except ValueError:
            raise ValueError(_expected("a whole number", text)) from None
    if kind == "number":
        try:
            return int(text.strip())
        except ValueError:
            pass
        try:
            return float(text.strip())
        except ValueError:
            raise ValueError(_expected("a number", text)) from None
    if kind in ("date", "datetime"):
        return date_input(text, kind, spec.format)  # the rule validation uses too
    if kind == "list" or (kind in ("select", "relation") and spec.multiple):
        # a multiple relation is a list of entries, even of one, as Decap writes it
        items = parse_list(text)
        if kind == "list" and spec.item_type != "string":
            # each item as the form's item input types it (``a, b`` gives texts)
            item = FieldSpec(spec.name, type=spec.item_type)
            return [parse_value(i, item) if isinstance(i, str) else i for i in items]
        return items
    if kind == "object" and text.strip().startswith("{"):
        try:  # a YAML flow mapping, as a list's items may be written ([{url: ...}])
            value = yaml.load(text, Loader=SafeLoader)  # noqa: S506 - safe loaders only
        except yaml.YAMLError as exc:
            raise ValueError(f"{text!r} is not a set of keys ({{a: 1, b: 2}}): {exc}") from None
        return value
    if kind == "select" and spec.options and not any(isinstance(o, str) for o in spec.options):
        return parse_scalar(text)
    return text


def with_key(mapping: Any, path: Sequence[str], value: Any, name: str) -> dict[Any, Any]:
    """A copy of ``mapping`` (the value of field ``name``; None: an empty one) whose key at
    ``path`` (``["lang"]``, or ``["a", "b"]`` a level down) is ``value``: the mappings on the
    way are copied (missing ones made), the rest shared. ValueError when one on the way
    holds something else (``meta holds 'fr', not keys``)."""
    return _replaced(mapping, path, value, remove=False, where=(name,))


def without_key(mapping: Any, path: Sequence[str], name: str) -> dict[Any, Any]:
    """A copy of ``mapping`` (the value of field ``name``; None: an empty one) without the
    key at ``path`` (as it was when there is none). ValueError as with_key."""
    return _replaced(mapping, path, None, remove=True, where=(name,))


def _replaced(
    mapping: Any, path: Sequence[str], value: Any, remove: bool, where: tuple[str, ...]
) -> dict[Any, Any]:
    if mapping is None:
        mapping = {}
    if not isinstance(mapping, dict):
        raise ValueError(f"{'.'.join(where)} holds {mapping!r}, not keys")
    out = dict(mapping)
    head, rest = path[0], path[1:]
    if rest:
        if not (remove and head not in out):
            out[head] = _replaced(out.get(head), rest, value, remove, (*where, head))
    elif remove:
        out.pop(head, None)
    else:
        out[head] = value
    return out
