"""Decap CMS string templates and slugs, as Decap fills and makes them: the one port of
decap-cms's ``stringTemplate.ts`` (templates, filters), ``formatters.ts`` (``prepareSlug``) and
``urlHelper.ts`` (``sanitizeSlug``), for titles from ``summary`` and preview URLs
(core/site.py), new postings' file names (core/newposting.py) and the check of a config's slug
options (core/decap.py). Decap's own test cases are ported in tests/core/test_template.py.

A template holds ``{{name}}`` variables, optionally with one filter: ``{{title | upper}}``.
What a variable gives, in Decap's order (decap-cms-lib-widgets ``stringTemplate.ts``):

1. ``{{fields.x}}``: the posting's field ``x`` when it is set (a list or mapping as JSON);
2. ``{{year}}`` ``{{month}}`` ``{{day}}`` ``{{hour}}`` ``{{minute}}`` ``{{second}}``: the
   posting's date (a template that needs it without one raises :class:`MissingDate`, or gives
   ``""`` when the caller says the date is optional, as Decap's ``summary`` does);
3. ``{{slug}}``: the identifier the caller gives (the entry's slug, or its identifier value);
4. any other name: the field of that name (``a.b`` and ``a[0]`` reach inside), else ``""``;
   ``filename``, ``extension`` and ``dirname`` come from :func:`file_fields`.

Filters: ``upper``, ``lower``, ``date('YYYY-MM-DD')`` (dayjs tokens), ``default('x')``,
``ternary('yes','no')``, ``truncate(n)`` and ``truncate(n,'…')``; an unknown filter leaves the
value as it is, as in Decap. A filter sees the value itself (``ternary`` of ``false`` is the
second choice), then the caller's processor sees the text.

Where postedit differs from a browser running Decap, on purpose (docs/decisions.md): dates are
used as written, never moved to the browser's time zone; an empty value gives ``""`` rather than
``null``; a list gives its items joined with ``", "``.

:func:`slug_segment` is Decap's slug processing (:func:`prepare_slug` then
:func:`sanitize_slug`): what a variable of ``preview_path``, ``slug`` and ``path`` templates
goes through.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from postedit.core.dates import date_value
from postedit.core.schema import SlugOptions

if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "DATE_VARIABLES",
    "MissingDate",
    "file_fields",
    "prepare_slug",
    "render",
    "sanitize_filename",
    "sanitize_slug",
    "slug_segment",
    "text_of",
    "valid_slug_char",
]

DATE_VARIABLES = ("year", "month", "day", "hour", "minute", "second")
"""Variables taken from the posting's date."""

_VARIABLE = re.compile(r"\{\{ *([^}{| ]+)( \| ([^}{]+?))? *\}\}")
"""Decap's ``{{ *([^}{| ]+)( \\| ([^}{]+?))? *}}``: a name and an optional filter."""

_FIELD_PREFIX = "fields."
_PATH_PARTS = re.compile(r"[^\[\].]+")


class MissingDate(ValueError):
    """A template uses ``{{year}}``... and the posting has no date (Decap's
    ``SLUG_MISSING_REQUIRED_DATE``)."""


# ----------------------------------------------------------------------------- values


def text_of(value: Any) -> str:
    """A front-matter value as template text: ``true``, ``3``, ``2024-01-02``, items joined."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return str(int(value)) if value.is_integer() and abs(value) < 1e21 else repr(value)
    if isinstance(value, dt.datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(text_of(v) for v in value)
    if isinstance(value, dict):
        return _json(value)
    return str(value)


def _json(value: Any) -> str:
    """JSON.stringify of a value (dates as ISO text)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=text_of)


def _truthy(value: Any) -> bool:
    """JavaScript's truthiness: empty text, 0, NaN, false and null are false; lists are true."""
    if value is None or value is False or value == "":
        return False
    if isinstance(value, int | float) and not isinstance(value, bool):
        return bool(value) and not (isinstance(value, float) and math.isnan(value))
    return True


def _lookup(data: Mapping[str, Any], key: str) -> Any:
    """``data.getIn(keyToPathArray(key))``: ``a.b``, ``a[0].b``; None when absent."""
    value: Any = data
    for part in _PATH_PARTS.findall(key):
        if isinstance(value, Mapping):
            if part not in value:
                return None
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def file_fields(relpath: str, folder: str) -> dict[str, str]:
    """Decap's ``addFileTemplateFields``: ``filename`` (no extension), ``extension`` (no dot),
    ``dirname`` (relative to the collection's folder)."""
    directory, _, name = relpath.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, ""
    if folder and (directory == folder or directory.startswith(folder + "/")):
        directory = directory[len(folder) :].lstrip("/")
    return {"filename": stem, "extension": ext, "dirname": directory}


# ----------------------------------------------------------------------------- dates

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
_DAYJS_TOKENS = re.compile(
    r"\[([^\]]+)]|Y{1,4}|M{1,4}|D{1,2}|d{1,4}|H{1,2}|h{1,2}|a|A|m{1,2}|s{1,2}|Z{1,2}|SSS"
)


def _zone(moment: dt.date, colon: bool) -> str:
    offset = moment.utcoffset() if isinstance(moment, dt.datetime) else None
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{':' if colon else ''}{mins:02d}"


def _dayjs_format(moment: dt.date, fmt: str) -> str:
    """``dayjs(moment).format(fmt)``, in English as dayjs is without a locale."""
    when = moment if isinstance(moment, dt.datetime) else dt.datetime.combine(moment, dt.time())
    weekday = (when.weekday() + 1) % 7  # dayjs: Sunday is 0
    hour12 = when.hour % 12 or 12

    def token(m: re.Match[str]) -> str:
        if m.group(1) is not None:
            return m.group(1)
        tok = m.group(0)
        table: dict[str, str] = {
            "YY": f"{when.year % 100:02d}",
            "YYYY": f"{when.year:04d}",
            "M": str(when.month),
            "MM": f"{when.month:02d}",
            "MMM": _MONTHS[when.month - 1][:3],
            "MMMM": _MONTHS[when.month - 1],
            "D": str(when.day),
            "DD": f"{when.day:02d}",
            "d": str(weekday),
            "dd": _DAYS[weekday][:2],
            "ddd": _DAYS[weekday][:3],
            "dddd": _DAYS[weekday],
            "H": str(when.hour),
            "HH": f"{when.hour:02d}",
            "h": str(hour12),
            "hh": f"{hour12:02d}",
            "a": "am" if when.hour < 12 else "pm",
            "A": "AM" if when.hour < 12 else "PM",
            "m": str(when.minute),
            "mm": f"{when.minute:02d}",
            "s": str(when.second),
            "ss": f"{when.second:02d}",
            "SSS": f"{when.microsecond // 1000:03d}",
            "Z": _zone(moment, True),
        }
        return table.get(tok, _zone(moment, False))  # ZZ, and dayjs's fallback for the rest

    return _DAYJS_TOKENS.sub(token, fmt)


def _date_part(name: str, date: dt.date) -> str:
    """``{{year}}``...: Decap reads them in UTC, so an offset date and time is moved to UTC; a
    date or a date and time without offset is used as written."""
    if isinstance(date, dt.datetime) and date.tzinfo is not None:
        date = date.astimezone(dt.UTC)
    if name == "year":
        return f"{date.year}"
    if name == "month":
        return f"{date.month:02d}"
    if name == "day":
        return f"{date.day:02d}"
    if not isinstance(date, dt.datetime):
        return "00"
    value = {"hour": date.hour, "minute": date.minute, "second": date.second}[name]
    return f"{value:02d}"


# ----------------------------------------------------------------------------- filters

_FILTERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^upper$"), "upper"),
    (re.compile(r"^lower$"), "lower"),
    (re.compile(r"^date\('(.+)'\)$"), "date"),
    (re.compile(r"^default\('(.+)'\)$"), "default"),
    (re.compile(r"^ternary\('(.*)',\s*'(.*)'\)$"), "ternary"),
    (re.compile(r"""^truncate\(([0-9]+)(?:(?:,\s*['"])([^'"]*)(?:['"]))?\)$"""), "truncate"),
)


def _apply(filter_text: str, value: Any) -> Any:
    """``value`` through the filter written ``filter_text`` (unknown filters: unchanged)."""
    for pattern, name in _FILTERS:
        m = pattern.match(filter_text)
        if m is None:
            continue
        if name == "upper":
            return text_of(value).upper()
        if name == "lower":
            return text_of(value).lower()
        if name == "date":
            moment = date_value(value)
            return _dayjs_format(moment, m.group(1)) if moment is not None else ""
        if name == "default":
            return value if _truthy(value) else m.group(1)
        if name == "ternary":
            return m.group(1) if _truthy(value) else m.group(2)
        text = text_of(value)  # truncate: lodash's, the omission counted in the length
        omission = m.group(2) or "..."
        keep = int(m.group(1))
        return text if len(text) <= keep + len(omission) else text[:keep] + omission
    return value


# ----------------------------------------------------------------------------- rendering


@functools.lru_cache(maxsize=256)
def _parse(template: str) -> tuple[tuple[str, str, str | None], ...]:
    """The template as (literal text before, variable name, filter) triples; the last triple
    holds the text after the last variable and an empty name."""
    out: list[tuple[str, str, str | None]] = []
    at = 0
    for m in _VARIABLE.finditer(template):
        out.append((template[at : m.start()], m.group(1), m.group(3)))
        at = m.end()
    out.append((template[at:], "", None))
    return tuple(out)


def render(
    template: str,
    data: Mapping[str, Any],
    *,
    date: dt.date | None = None,
    date_required: bool = True,
    identifier: str = "",
    processor: Callable[[str], str] | None = None,
) -> str:
    """Fill ``template`` as Decap's ``compileStringTemplate`` does.

    ``data``: the posting's fields (with :func:`file_fields` merged in when the template may
    use them); ``date``: the posting's date for ``{{year}}``...; ``date_required``: without a
    date those raise :class:`MissingDate` (else they give ``""``); ``identifier``: what
    ``{{slug}}`` gives; ``processor``: applied to every value after its filter (Decap's slug
    processing for ``preview_path``, ``slug`` and ``path``).
    """
    parts: list[str] = []
    for literal, name, filter_text in _parse(template):
        parts.append(literal)
        if not name:
            continue
        value: Any = None
        explicit = (
            _lookup(data, name[len(_FIELD_PREFIX) :]) if name.startswith(_FIELD_PREFIX) else None
        )
        if _truthy(explicit):
            value = _json(explicit) if isinstance(explicit, list | dict) else explicit
        elif name in DATE_VARIABLES:
            if date is None:
                if date_required:
                    raise MissingDate(f"{{{{{name}}}}} needs a date and the posting has none")
                value = ""
            else:
                value = _date_part(name, date)
        elif name == "slug":
            value = identifier
        else:
            value = _lookup(data, name)
        if filter_text:
            value = _apply(filter_text, value)
        text = text_of(value)
        parts.append(processor(text) if processor is not None else text)
    return "".join(parts)


# ----------------------------------------------------------------------------- slugs

_UCS_RANGES = (
    "\xa0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef\U00010000-\U0001fffd\U00020000-\U0002fffd"
    "\U00030000-\U0003fffd\U00040000-\U0004fffd\U00050000-\U0005fffd\U00060000-\U0006fffd"
    "\U00070000-\U0007fffd\U00080000-\U0008fffd\U00090000-\U0009fffd\U000a0000-\U000afffd"
    "\U000b0000-\U000bfffd\U000c0000-\U000cfffd\U000d0000-\U000dfffd\U000e1000-\U000efffd"
)
"""RFC 3987's ``ucschars``: the non-ASCII characters an IRI may hold (Decap's ``unicode``)."""


@functools.cache
def _unsafe(ascii_only: bool, keep_slashes: bool) -> re.Pattern[str]:
    """The characters a URL segment cannot hold (compiled on first use: the non-ASCII class
    costs milliseconds, which every command would pay at import)."""
    allowed = r"\w\-.~" + ("/" if keep_slashes else "") + ("" if ascii_only else _UCS_RANGES)
    return re.compile(f"[^{allowed}]", re.ASCII)


def valid_slug_char(char: str, encoding: str) -> bool:
    """May ``char`` stay in a name (Decap's ``validURIChar``/``validIRIChar``)? ASCII letters,
    digits, ``_ - . ~``; with ``unicode``, also the non-ASCII characters IRIs allow (letters
    of every script, emoji)."""
    return _unsafe(encoding != "unicode", False).match(char) is None


_LETTERS = str.maketrans(
    {
        "ß": "ss",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "Ø": "O",
        "ø": "o",
        "Đ": "D",
        "đ": "d",
        "Ð": "Dh",
        "ð": "dh",
        "Ł": "L",
        "ł": "l",
        "Þ": "Th",
        "þ": "th",
        "ı": "i",
    }
)
"""Letters whose accent-free form Unicode's decomposition does not give, as the
``diacritics`` package (Decap's) writes them."""
_ILLEGAL = re.compile(r'[/?<>\\:*|"]')
_CONTROL = re.compile("[\x00-\x1f\x80-\x9f]")
_RESERVED = re.compile(r"^\.+$")
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
_WINDOWS_TRAILING = re.compile(r"[. ]+$")


def _remove_accents(text: str) -> str:
    """``é`` -> ``e``, ``œ`` -> ``oe`` (the ``diacritics`` package Decap uses, near enough).

    Canonical decomposition only: ``²`` and ``₂`` stay (then are replaced like any character
    a name cannot hold), as that package leaves them, so ``CO₂`` is not ``co2``."""
    text = text.translate(_LETTERS)
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def prepare_slug(text: str) -> str:
    """Decap's ``prepareSlug``: trimmed, lower case, ``'`` dropped, ``.`` -> ``-``."""
    return text.strip().lower().replace("'", "").replace(".", "-")


def sanitize_filename(name: str, replacement: str) -> str:
    """The ``sanitize-filename`` package: characters no file system takes (illegal and control
    characters, ``.``/``..``, Windows device names, trailing dots and spaces) replaced, then
    once more with nothing; at most 255 bytes of UTF-8."""

    def once(value: str, repl: str) -> str:
        for pattern in (_ILLEGAL, _CONTROL, _RESERVED, _WINDOWS_RESERVED, _WINDOWS_TRAILING):
            value = pattern.sub(lambda _m: repl, value)
        encoded = value.encode("utf-8")
        if len(encoded) > 255:
            value = encoded[:255].decode("utf-8", "ignore")
        return value

    out = once(name, replacement)
    return out if not replacement else once(out, "")


def sanitize_slug(text: str, options: SlugOptions, preserve_slashes: bool = False) -> str:
    """Decap's ``sanitizeSlug``: accents cleaned (``clean_accents``), each character a URL
    cannot hold (non-ASCII too with ``encoding: ascii``) replaced, sanitize-filename's rules,
    runs of the replacement collapsed, and none left at either end. ``preserve_slashes``
    keeps the ``/`` inside the text (not one at either end)."""
    replacement = options.sanitize_replacement
    if options.clean_accents:
        text = _remove_accents(text)
    unsafe = _unsafe(options.encoding != "unicode", preserve_slashes)
    text = unsafe.sub(lambda _m: replacement, text)
    if preserve_slashes and text[:1] == "/":
        text = replacement + text[1:]
    if preserve_slashes and len(text) > 1 and text[-1] == "/":
        text = text[:-1] + replacement
    if preserve_slashes:
        text = "/".join(sanitize_filename(p, replacement) for p in text.split("/") if p)
    else:
        text = sanitize_filename(text, replacement)
    if replacement:
        text = re.sub(f"(?:{re.escape(replacement)})+", lambda _m: replacement, text)
        text = text.removeprefix(replacement).removesuffix(replacement)
    return text


@functools.lru_cache(maxsize=4096)
def slug_segment(value: str, options: SlugOptions, preserve_slashes: bool = False) -> str:
    """Decap's processing of one template value (``getProcessSegment``): :func:`prepare_slug`,
    then :func:`sanitize_slug`.

    Memoised: a list's URLs repeat the same years, months and days.
    """
    return sanitize_slug(prepare_slug(value), options, preserve_slashes)
