"""File names of new postings, made exactly as Decap CMS makes them.

A port of Decap's ``compileStringTemplate`` (``{{year}}``..``{{second}}`` from the entry's date,
``{{slug}}`` from its identifier, ``{{fields.x}}``, ``{{x}}``, filters), ``prepareSlug`` (trim,
lower case, quotes dropped, periods replaced) and ``sanitizeSlug`` (accents cleaned, characters
outside the allowed set replaced, ``sanitize-filename``'s rules, runs of the replacement
collapsed), so a posting postedit creates has the name Decap would have given it. Decap's own
test cases are ported in tests/core/test_slugs.py.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from postedit.core.schema import SlugOptions

if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "DATE_FIELD_NAMES",
    "clean_accents",
    "compile_template",
    "format_date",
    "prepare_slug",
    "sanitize_filename",
    "sanitize_slug",
    "template_value",
    "valid_slug_char",
]

DATE_FIELD_NAMES = ("date", "publishDate", "publish_date")
"""Fields Decap takes an entry's date from (its inferred ``date`` field), in this order."""

_VARIABLE = re.compile(r"\{\{ *([^}{| ]+)( \| ([^}{]+?))? *\}\}")
"""Decap's ``{{ key | filter }}`` (the same pattern as decap-cms-lib-widgets' stringTemplate)."""

_URI_CHAR = re.compile(r"[\w\-.~]", re.ASCII)
_UCS_RANGES = (
    (0xA0, 0xD7FF),
    (0xF900, 0xFDCF),
    (0xFDF0, 0xFFEF),
    *((base, base + 0xFFFD) for base in range(0x10000, 0xE0000, 0x10000)),
    (0xE1000, 0xEFFFD),
)
"""RFC 3987's ``ucschar``: the non-ASCII characters an IRI may hold (Decap's ``unicode``)."""

_LIGATURES = str.maketrans(
    {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O", "đ": "d"}
    | {"Đ": "D", "ł": "l", "Ł": "L", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ı": "i"}
)
"""Letters without a decomposition that the ``diacritics`` package (Decap's) maps too."""


def valid_slug_char(char: str, encoding: str) -> bool:
    """May ``char`` stay in a name? ASCII letters, digits, ``_ - . ~``; with ``unicode``,
    also the non-ASCII characters IRIs allow (letters of every script, emoji)."""
    if _URI_CHAR.fullmatch(char):
        return True
    if encoding != "unicode":
        return False
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _UCS_RANGES)


def clean_accents(text: str) -> str:
    """``ěščřžý`` -> ``escrzy``: accents dropped, ligatures spelled out."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def prepare_slug(text: str) -> str:
    """Decap's ``prepareSlug``: trimmed, lower case, ``'`` dropped, ``.`` -> ``-``."""
    return text.strip().lower().replace("'", "").replace(".", "-")


_ILLEGAL = re.compile(r'[/?<>\\:*|"]')
_CONTROL = re.compile(r"[\x00-\x1f\x80-\x9f]")
_RESERVED = re.compile(r"^\.+$")
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.I)
_WINDOWS_TRAILING = re.compile(r"[. ]+$")


def sanitize_filename(name: str, replacement: str) -> str:
    """The ``sanitize-filename`` package's rules (illegal and control characters, ``.``/``..``,
    Windows device names, trailing dots and spaces), then at most 255 bytes of UTF-8."""
    name = _ILLEGAL.sub(replacement, name)
    name = _CONTROL.sub(replacement, name)
    name = _RESERVED.sub(replacement, name)
    name = _WINDOWS_RESERVED.sub(replacement, name)
    name = _WINDOWS_TRAILING.sub(replacement, name)
    data = name.encode("utf-8")[:255]
    return data.decode("utf-8", "ignore")


def sanitize_slug(text: str, options: SlugOptions, preserve_slashes: bool = False) -> str:
    """Decap's ``sanitizeSlug``: accents cleaned (``clean_accents``), each character not
    allowed by ``encoding`` replaced, sanitize-filename's rules, then runs of the replacement
    collapsed and leading/trailing ones removed. ``preserve_slashes`` keeps inner ``/``."""
    if options.clean_accents:
        text = clean_accents(text)
    chars = list(text)
    last = len(chars) - 1
    out = [
        c
        if valid_slug_char(c, options.encoding) or (preserve_slashes and c == "/" and 0 < i < last)
        else options.sanitize_replacement
        for i, c in enumerate(chars)
    ]
    text = "".join(out)
    if preserve_slashes:
        text = "/".join(
            sanitize_filename(part, options.sanitize_replacement) for part in text.split("/") if part
        )
    else:
        text = sanitize_filename(text, options.sanitize_replacement)
    rep = options.sanitize_replacement
    if rep:
        text = re.sub(f"(?:{re.escape(rep)})+", rep, text)
        text = text.removeprefix(rep)
        text = text.removesuffix(rep)
    return text


def template_value(value: Any) -> str:
    """A field's value as Decap's templates write it: dates in ISO 8601, lists joined with
    ``,`` (JavaScript's ``String(list)``), booleans ``true``/``false``, none empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ",".join(template_value(v) for v in value)
    return str(value)


def _lookup(data: Mapping[str, Any], key: str) -> Any:
    """``data.getIn(keyToPathArray(key))``: ``a.b``, ``a[0].b``."""
    value: Any = data
    for part in (p for p in re.split(r"[.\[\]]", key) if p):
        if isinstance(value, Mapping):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def _utc(date: dt.date) -> dt.datetime:
    """The date's moment in UTC (Decap's ``getUTC*``); a day or a time without offset is
    taken as written."""
    if isinstance(date, dt.datetime):
        if date.tzinfo is not None:
            return date.astimezone(dt.UTC)
        return date
    return dt.datetime(date.year, date.month, date.day)


_DATE_PARTS: dict[str, Callable[[dt.datetime], str]] = {
    "year": lambda d: f"{d.year}",
    "month": lambda d: f"{d.month:02d}",
    "day": lambda d: f"{d.day:02d}",
    "hour": lambda d: f"{d.hour:02d}",
    "minute": lambda d: f"{d.minute:02d}",
    "second": lambda d: f"{d.second:02d}",
}


def _as_date(text: str) -> dt.date | None:
    from postedit.core.dates import parse_datetime

    try:
        return parse_datetime(text.strip())
    except ValueError:
        return None


_DAYJS = re.compile(
    r"\[([^\]]+)]|Y{1,4}|M{1,4}|D{1,2}|d{1,4}|H{1,2}|h{1,2}|a|A|m{1,2}|s{1,2}|Z{1,2}|SSS"
)
"""dayjs's format tokens (its REGEX_FORMAT)."""
_MONTHS: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July")
_MONTHS += ("August", "September", "October", "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""English names, dayjs's default (not calendar's, which follow the process's locale)."""


def format_date(value: dt.date, fmt: str) -> str:
    """``value`` written with a dayjs format (Decap's ``date('...')`` filter), in English."""
    d = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
    off = d.utcoffset()
    minutes = int(off.total_seconds() // 60) if off is not None else 0
    sign = "+" if minutes >= 0 else "-"
    zone = divmod(abs(minutes), 60)
    hour12 = d.hour % 12 or 12
    tokens = {
        "YYYY": f"{d.year:04d}",
        "YY": f"{d.year % 100:02d}",
        "M": str(d.month),
        "MM": f"{d.month:02d}",
        "MMM": _MONTHS[d.month - 1][:3],
        "MMMM": _MONTHS[d.month - 1],
        "D": str(d.day),
        "DD": f"{d.day:02d}",
        "d": str((d.weekday() + 1) % 7),
        "dd": _DAYS[d.weekday()][:2],
        "ddd": _DAYS[d.weekday()][:3],
        "dddd": _DAYS[d.weekday()],
        "H": str(d.hour),
        "HH": f"{d.hour:02d}",
        "h": str(hour12),
        "hh": f"{hour12:02d}",
        "a": "am" if d.hour < 12 else "pm",
        "A": "AM" if d.hour < 12 else "PM",
        "m": str(d.minute),
        "mm": f"{d.minute:02d}",
        "s": str(d.second),
        "ss": f"{d.second:02d}",
        "SSS": f"{d.microsecond // 1000:03d}",
        "Z": f"{sign}{zone[0]:02d}:{zone[1]:02d}",
        "ZZ": f"{sign}{zone[0]:02d}{zone[1]:02d}",
    }
    return _DAYJS.sub(lambda m: m.group(1) or tokens.get(m.group(), m.group()), fmt)


def _filter(name: str | None, value: str) -> str:
    """Decap's template filters: ``upper``, ``lower``, ``date('FMT')``, ``default('x')``,
    ``ternary('a', 'b')``, ``truncate(n[, '…'])``; an unknown filter changes nothing."""
    if not name:
        return value
    if name == "upper":
        return value.upper()
    if name == "lower":
        return value.lower()
    m = re.fullmatch(r"date\('(.+)'\)", name)
    if m:
        day = _as_date(value)
        return format_date(day, m.group(1)) if day is not None else value
    m = re.fullmatch(r"default\('(.+)'\)", name)
    if m:
        return value or m.group(1)
    m = re.fullmatch(r"ternary\('(.*)',\s*'(.*)'\)", name)
    if m:
        return m.group(1) if value else m.group(2)
    m = re.fullmatch(r"""truncate\(([0-9]+)(?:(?:,\s*['"])([^'"]*)(?:['"]))?\)""", name)
    if m:
        omission = m.group(2) if m.group(2) is not None else "..."
        if len(value) <= int(m.group(1)) + len(omission):
            return value
        return value[: int(m.group(1))] + omission  # lodash's truncate at length + omission
    return value


def compile_template(
    template: str,
    date: dt.date | None,
    identifier: str,
    data: Mapping[str, Any],
    processor: Callable[[str], str] | None = None,
) -> str:
    """Decap's ``compileStringTemplate``: each ``{{key | filter}}`` replaced.

    ``fields.x`` is the field ``x`` (even when named like a built-in); ``year`` ... ``second``
    come from ``date`` (empty when None); ``slug`` is ``identifier``; any other key is the
    field of that name (``a.b`` for nested values). The filter applies first, then
    ``processor`` (which makes a slug of the value).
    """

    def replace(m: re.Match[str]) -> str:
        key, filter_name = m.group(1), m.group(3)
        explicit = _lookup(data, key[len("fields.") :]) if key.startswith("fields.") else None
        if explicit not in (None, "", False, 0):
            value = template_value(explicit)
        elif key in _DATE_PARTS:
            if date is None:
                return ""
            value = _DATE_PARTS[key](_utc(date))
        elif key == "slug":
            value = identifier
        else:
            value = template_value(_lookup(data, key))
        value = _filter(filter_name, value)
        return processor(value) if processor is not None else value

    return _VARIABLE.sub(replace, template)
