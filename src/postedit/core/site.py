"""What the site sees of a posting: its date, its title and its publication state.

A static site generator reads more than the front matter: Jekyll takes a document's date from
a ``YYYY-MM-DD-`` file name when the front matter has none; Decap's list shows the
``identifier_field`` (or the ``summary`` template) as the title; Hugo and Jekyll hide drafts,
postings whose publish date is in the future, and expired ones. These values are computed here,
once, and used by the list, the filter, sorting, ``check`` and the JSON output. The file is never
rewritten to hold them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from postedit.core.posting import Posting
from postedit.core.schema import CollectionSpec

__all__ = ["STATES", "SiteValues", "State", "file_name_date", "site_values"]

State = Literal["draft", "scheduled", "expired", "published"]
STATES: tuple[State, ...] = ("draft", "scheduled", "expired", "published")
"""Publication states, as ``is:`` in the filter names them."""

_NAME_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})-")
"""Jekyll's ``YYYY-MM-DD-slug.md`` file names."""

_TITLE_KEYS = ("title", "name")


@dataclass(frozen=True, slots=True)
class SiteValues:
    """A posting as its site reads it."""

    date: dt.date | dt.datetime | None
    """The front matter's date, else the file name's (Jekyll), else None."""
    date_from_name: bool
    """The date comes from the file name (the front matter has none)."""
    title: str
    """The collection's identifier field, else its summary, else ``title``/``name``, else ""."""
    state: State
    """``draft``, ``scheduled``, ``expired`` or ``published``."""


def file_name_date(relpath: str) -> dt.date | None:
    """The date a ``YYYY-MM-DD-slug.md`` file name gives (Jekyll), or None."""
    m = _NAME_DATE.match(relpath.rsplit("/", 1)[-1])
    if m is None:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _date(posting: Posting) -> tuple[dt.date | dt.datetime | None, bool]:
    value = posting.fields.get("date")
    if isinstance(value, dt.date):
        return value, False
    named = file_name_date(posting.relpath)
    return (named, True) if value in (None, "") and named is not None else (None, False)


def _title(posting: Posting, spec: CollectionSpec | None) -> str:
    keys = ((spec.identifier_field,) if spec is not None else ()) + _TITLE_KEYS
    for key in keys:
        value = posting.fields.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _state(posting: Posting, now: dt.datetime) -> State:
    fields = posting.fields
    if fields.get("draft") is True or fields.get("published") is False:
        return "draft"
    return "published"


def site_values(
    posting: Posting, spec: CollectionSpec | None, now: dt.datetime | None = None
) -> SiteValues:
    """The date, title and state the site gives ``posting`` (``now``: the clock, for states)."""
    date, from_name = _date(posting)
    moment = now if now is not None else dt.datetime.now(dt.UTC)
    return SiteValues(date, from_name, _title(posting, spec), _state(posting, moment))
