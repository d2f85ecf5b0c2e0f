"""What a posting's status is and what toggling it means: the one place for these rules.

The status is the field quick toggles change (``open: true`` -> ``false``). The schema names
it; otherwise it is guessed from common names. Some names are inverted: ``draft: true`` means
the posting is *not* out, so setting ``draft`` to false opens it. The list, the toggle key,
``postedit set`` and the commit messages (``Open``/``Close``) all ask here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

from postedit.core.posting import Posting
from postedit.core.schema import CollectionSpec, FieldSpec

__all__ = [
    "INVERTED",
    "STATUS_NAMES",
    "Toggle",
    "is_open",
    "next_value",
    "status_field",
    "toggle_kind",
    "toggled_value",
]

STATUS_NAMES = ("open", "published", "publish", "draft", "active", "visible", "enabled", "online")
"""Boolean fields taken as the status when the schema names none, most likely first."""

INVERTED = frozenset({"draft", "hidden", "archived", "closed", "unpublished", "disabled"})
"""Status fields whose ``true`` means the posting is closed (not shown by the site)."""

Toggle = Literal["toggle_on", "toggle_off"]
"""A status change: the posting opens (``toggle_on``) or closes (``toggle_off``)."""

_TRUE_WORDS = ("true", "yes", "on", "open")
_FALSE_WORDS = ("false", "no", "off", "closed")


def status_field(spec: CollectionSpec, sample: Iterable[Posting] = ()) -> str | None:
    """The field quick toggles change: the schema's, else a boolean with a common status name
    among the schema's fields, else among the sample postings' boolean keys."""
    if spec.status:
        return spec.status
    names = {f.name for f in spec.fields}
    for guess in STATUS_NAMES:
        if guess in names:
            return guess
    seen: set[str] = set()
    for i, posting in enumerate(sample):
        seen.update(k for k, v in posting.fields.items() if isinstance(v, bool))
        if i >= 50:
            break
    return next((guess for guess in STATUS_NAMES if guess in seen), None)


def _truth(value: Any) -> bool | None:
    """A boolean as written (``true``, or a ``"yes"`` string), or None when it is not one."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    return None


def is_open(field: str, value: Any) -> bool | None:
    """Does ``field: value`` mean the posting is out (``draft: false``, ``open: true``)?
    None when the value says neither."""
    truth = _truth(value)
    if truth is None:
        return None
    return not truth if field in INVERTED else truth


def next_value(value: Any, fspec: FieldSpec | None, absent: bool = False) -> Any:
    """The value one toggle gives: a boolean flips, a select moves to its next option, a
    missing value becomes the opposite of ``absent``, what the site reads it as: true for a
    field whose false unpublishes (site.unpublishing: Jekyll's ``published`` missing becomes
    false, never a ``true`` the site already reads), else false. Raises ValueError when the
    field cannot be toggled."""
    if fspec is not None and fspec.type == "select" and fspec.options and not fspec.multiple:
        options = list(fspec.options)
        if value in options:
            return options[(options.index(value) + 1) % len(options)]
        return options[0]
    if value is None:
        return not absent
    truth = _truth(value)
    if truth is None:
        kind = fspec.type if fspec is not None else type(value).__name__
        raise ValueError(f"cannot toggle a {kind} value ({str(value)[:40]!r})")
    return not truth


def toggled_value(values: Sequence[Any], fspec: FieldSpec | None, absent: bool = False) -> Any:
    """The one value a toggle gives to several postings at once (``values``: theirs now).

    A boolean: every posting becomes false when all are true, else all become true, so a
    mixed selection is made uniform first. A select: the option after the first posting's.
    ``absent``: what the site reads a missing value as (next_value).
    """
    if not values:
        raise ValueError("nothing to toggle")
    if len(values) > 1 and (fspec is None or fspec.type != "select"):
        flips = [next_value(v, fspec, absent) for v in values]  # raises: a value can't flip
        return not all(f is False for f in flips)
    return next_value(values[0], fspec, absent)


def toggle_kind(field: str, old: Any, new: Any) -> Toggle | None:
    """``toggle_on`` when ``field`` going from ``old`` to ``new`` opens the posting,
    ``toggle_off`` when it closes it, None when it is no open/close change."""
    after = is_open(field, new)
    if after is None or is_open(field, old) == after:
        return None
    return "toggle_on" if after else "toggle_off"
