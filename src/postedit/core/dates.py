"""What a date field accepts as text, and how a typed date is written back: one rule shared by
validation (:mod:`postedit.core.validate`) and input typing (:mod:`postedit.core.values`), so
``postedit check`` and ``postedit set`` / the forms never disagree.

- Without a ``format`` (or with the ISO ``YYYY-MM-DD``), a ``date`` or ``datetime`` field
  accepts an ISO date (``2023-03-05``) or an ISO date and time (``2021-11-24T11:04:26.278Z``);
  a date and time stays one (Decap's ``datetime`` with ``time_format: false`` is a ``date``
  field, yet real sites store full timestamps in it).
- With another format (Decap's moment.js syntax, e.g. ``DD.MM.YYYY``, or strftime's
  ``%d.%m.%Y``), text must be written in that format, and typed input is written back in it,
  as text (YAML only reads ISO dates as dates).

Supported moment.js tokens: ``YYYY YY MM M DD D HH H mm m ss s SSS Z ZZ``; ``[text]`` is
literal; other characters that are not letters are literal separators. A format with other
tokens (``MMMM``, ``Do``...) is not understood: the field then takes ISO dates, as without one.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "DateFormat",
    "date_format",
    "date_input",
    "date_to_write",
    "date_value",
    "parse_date",
    "parse_datetime",
    "read_date",
]

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?( ?[+-]\d{2}(:?\d{2})?)?"
)


def parse_date(text: str) -> dt.date:
    """``YYYY-MM-DD`` (an impossible date raises ValueError saying why)."""
    text = text.strip()
    if not _ISO_DAY.fullmatch(text):
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)")
    return dt.date.fromisoformat(text)


def parse_datetime(text: str) -> dt.datetime | dt.date:
    """``YYYY-MM-DD[ T]HH:MM[:SS][.fff][Z|+HH:MM]``; a bare date stays a date."""
    text = text.strip()
    if _ISO_DAY.fullmatch(text):
        return parse_date(text)
    norm = text.replace("Z", "+00:00").replace("z", "+00:00")
    if not _ISO_TIME.fullmatch(norm):
        raise ValueError(f"{text!r} is not a date and time (YYYY-MM-DD HH:MM)")
    norm = re.sub(r" ?([+-]\d{2})(\d{2})$", r"\1:\2", norm)
    norm = re.sub(r" ([+-]\d{2}:\d{2})$", r"\1", norm)
    try:
        return dt.datetime.fromisoformat(norm)
    except ValueError:
        raise ValueError(f"{text!r} is not a valid date and time") from None


# ----------------------------------------------------------------------------- formats

_TOKENS = (  # longest first: (moment token, group, regex, strftime-like renderer)
    ("YYYY", "year", r"\d{4}", "{year:04d}"),
    ("YY", "yy", r"\d{2}", "{yy:02d}"),
    ("MM", "month", r"\d{2}", "{month:02d}"),
    ("M", "month", r"\d{1,2}", "{month}"),
    ("DD", "day", r"\d{2}", "{day:02d}"),
    ("D", "day", r"\d{1,2}", "{day}"),
    ("HH", "hour", r"\d{2}", "{hour:02d}"),
    ("H", "hour", r"\d{1,2}", "{hour}"),
    ("mm", "minute", r"\d{2}", "{minute:02d}"),
    ("m", "minute", r"\d{1,2}", "{minute}"),
    ("ss", "second", r"\d{2}", "{second:02d}"),
    ("s", "second", r"\d{1,2}", "{second}"),
    ("SSS", "milli", r"\d{3}", "{milli:03d}"),
    ("ZZ", "zone", r"Z|[+-]\d{4}", "{zz}"),
    ("Z", "zone", r"Z|[+-]\d{2}:\d{2}", "{z}"),
)
_STRFTIME = {
    "%Y": "YYYY",
    "%y": "YY",
    "%m": "MM",
    "%d": "DD",
    "%H": "HH",
    "%M": "mm",
    "%S": "ss",
    "%z": "ZZ",
}
_TIME_GROUPS = {"hour", "minute", "second", "milli", "zone"}


@dataclass(frozen=True, slots=True)
class DateFormat:
    """A field's date format, compiled: reads text written in it and writes dates in it."""

    text: str
    """As written in the schema (``DD.MM.YYYY``)."""
    parts: tuple[tuple[str, str], ...]
    """(token, "") for a token, ("", literal) for literal text."""
    regex: re.Pattern[str]
    """Matches the whole text; one named group per token."""

    @property
    def has_time(self) -> bool:
        """Does the format write a time (hours...)?"""
        return any(_group(tok) in _TIME_GROUPS for tok, _ in self.parts if tok)

    @property
    def iso(self) -> bool:
        """The ISO day ``YYYY-MM-DD``: values are plain YAML dates."""
        return self.parts == (("YYYY", ""), ("", "-"), ("MM", ""), ("", "-"), ("DD", ""))

    def parse(self, text: str) -> dt.date | dt.datetime:
        """The date (a datetime when the format has a time) written as ``text``."""
        m = self.regex.fullmatch(text.strip())
        if m is None:
            raise ValueError(f"{_shown(text)} is not a valid date ({self.text})")
        g = {k: v for k, v in m.groupdict().items() if v is not None}
        year = int(g["year"]) if "year" in g else 2000 + int(g.get("yy", "0"))
        try:
            day = dt.date(year, int(g.get("month", 1)), int(g.get("day", 1)))
            if not self.has_time:
                return day
            zone = g.get("zone")
            tz = None
            if zone == "Z":
                tz = dt.UTC
            elif zone:
                sign = -1 if zone[0] == "-" else 1
                digits = zone[1:].replace(":", "")
                delta = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
                tz = dt.timezone(sign * delta)
            return dt.datetime(
                day.year,
                day.month,
                day.day,
                int(g.get("hour", 0)),
                int(g.get("minute", 0)),
                int(g.get("second", 0)),
                int(g.get("milli", 0)) * 1000,
                tzinfo=tz,
            )
        except ValueError as exc:  # 30.02.2023: say why, not just "not a date"
            raise ValueError(f"{_shown(text)} is not a valid date: {exc}") from None

    def render(self, value: dt.date) -> str:
        """``value`` written in this format."""
        full = value if isinstance(value, dt.datetime) else dt.datetime(*value.timetuple()[:3])
        off = full.utcoffset()
        if off is None or off == dt.timedelta(0):
            z = zz = "Z" if off is not None else ""
        else:
            minutes = int(off.total_seconds() // 60)
            sign = "+" if minutes >= 0 else "-"
            hh, mm = divmod(abs(minutes), 60)
            z, zz = f"{sign}{hh:02d}:{mm:02d}", f"{sign}{hh:02d}{mm:02d}"
        values = {
            "year": full.year,
            "yy": full.year % 100,
            "month": full.month,
            "day": full.day,
            "hour": full.hour,
            "minute": full.minute,
            "second": full.second,
            "milli": full.microsecond // 1000,
            "z": z,
            "zz": zz,
        }
        out = []
        for tok, literal in self.parts:
            out.append(_RENDER[tok].format(**values) if tok else literal)
        return "".join(out)

    def example(self) -> str:
        """A sample date in this format (for messages): 5 March 2023, 14:30."""
        return self.render(dt.datetime(2023, 3, 5, 14, 30))


_GROUPS = {tok: group for tok, group, _r, _f in _TOKENS}
_RENDER = {tok: fmt for tok, _g, _r, fmt in _TOKENS}


def _group(token: str) -> str:
    return _GROUPS[token]


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 60 else repr(text[:57] + "...")


@functools.lru_cache(maxsize=256)
def date_format(fmt: str | None) -> DateFormat | None:
    """The compiled ``fmt`` (moment.js or strftime), or None when absent or not understood."""
    if not fmt or not isinstance(fmt, str):
        return None
    if "%" in fmt:  # strftime: map the usual directives onto moment tokens
        pieces = re.split(r"(%.)", fmt)
        moment = []
        for piece in pieces:
            if piece.startswith("%") and len(piece) == 2:
                if piece not in _STRFTIME:
                    return None
                moment.append(_STRFTIME[piece])
            elif piece:
                moment.append("[" + piece.replace("]", "") + "]")
        return _compile(fmt, "".join(moment))
    return _compile(fmt, fmt)


def _compile(original: str, fmt: str) -> DateFormat | None:
    parts: list[tuple[str, str]] = []
    rx: list[str] = []
    seen: set[str] = set()
    i = 0
    while i < len(fmt):
        if fmt[i] == "[":
            end = fmt.find("]", i)
            if end < 0:
                return None
            literal = fmt[i + 1 : end]
            parts.append(("", literal))
            rx.append(re.escape(literal))
            i = end + 1
            continue
        for tok, group, regex, _r in _TOKENS:
            if fmt.startswith(tok, i):
                if group in seen:
                    return None  # the same part twice: not a format we can read back
                seen.add(group)
                parts.append((tok, ""))
                rx.append(f"(?P<{group}>{regex})")
                i += len(tok)
                break
        else:
            ch = fmt[i]
            if ch.isalpha():
                return None
            parts.append(("", ch))
            rx.append(re.escape(ch))
            i += 1
    if not ({"year", "yy"} & seen):
        return None
    return DateFormat(text=original, parts=tuple(parts), regex=re.compile("".join(rx)))


# ----------------------------------------------------------------------------- the rule


def read_date(text: str, kind: str = "date", fmt: str | None = None) -> dt.date | dt.datetime:
    """The date written as ``text`` in a field of type ``kind`` (``date``/``datetime``) with
    the schema's ``fmt``; ValueError with a readable message when the field does not take it.

    This is the one rule: validation accepts a quoted value exactly when this returns.
    """
    form = date_format(fmt)
    if form is not None and not form.iso:
        return form.parse(text)
    noun, want = ("date", "YYYY-MM-DD") if kind == "date" else ("date and time", "YYYY-MM-DD HH:MM")
    try:
        return parse_datetime(text)
    except ValueError:
        pass
    day = _ISO_DAY.match(text.strip())
    if day:
        try:
            dt.date.fromisoformat(day.group())
        except ValueError as exc:  # 2023-02-30: say why, not just "not a date"
            raise ValueError(f"{_shown(text)} is not a valid date: {exc}") from None
    raise ValueError(f"{_shown(text)} is not a valid {noun} ({want})")


def date_value(value: Any, kind: str = "datetime", fmt: str | None = None) -> dt.date | None:
    """The date a front-matter value holds, or None: a date or datetime as it is, text as a
    field of type ``kind`` with the schema's ``fmt`` reads it (:func:`read_date`); anything
    else (none, a boolean, a number, text that is not a date) holds none.

    What the site's dates, new postings' names and templates' ``date`` filter read."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return read_date(value, kind, fmt)
    except ValueError:
        return None


def date_input(text: str, kind: str = "date", fmt: str | None = None) -> Any:
    """Text typed for a date field -> the value to write (ValueError as :func:`read_date`).

    Without a format (or with ``YYYY-MM-DD``) a typed date or datetime, which YAML writes as
    ISO; with another format the text in that format (a string: YAML only reads ISO dates).
    """
    return date_to_write(read_date(text, kind, fmt), fmt)


def date_to_write(value: dt.date, fmt: str | None) -> Any:
    """The value to write for date ``value`` in a field of format ``fmt``: the date itself
    without a format (or an ISO one), else the text in that format (see :func:`date_input`)."""
    form = date_format(fmt)
    if form is None or form.iso:
        return value
    rendered = form.render(value)
    try:  # a format YAML reads as a timestamp (YYYY-MM-DD HH:mm:ss): keep it a YAML timestamp
        typed = yaml.load(rendered, Loader=yaml.SafeLoader)  # noqa: S506 - safe loader
    except yaml.YAMLError:
        return rendered
    return value if isinstance(typed, dt.date) else rendered
