"""JSON front matter: a JSON object at the very start of the file, then the body.

Hugo reads a posting that starts with ``{`` this way, and Decap's ``json-frontmatter`` writes
it (the object's braces on their own lines). Each top-level member is located in the text
(the decoder's ``raw_decode`` gives where a value ends), so an edit replaces only the
value's own text; every patch is read back and refused if any other value or the body would
change, as for YAML.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import TYPE_CHECKING

from postedit.core.errors import ParseError, PosteditError

if TYPE_CHECKING:
    from typing import Any

    from postedit.core.frontmatter import Document, _Split

__all__ = ["is_json", "parse", "patch", "render", "split"]

_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def is_json(data: bytes) -> bool:
    """Does the file start with a JSON object (``{`` then a quote, a brace or a space)?

    ``{{`` and ``{%`` (a Liquid tag at the top of a page) are not JSON front matter.
    """
    data = data.removeprefix(b"\xef\xbb\xbf")
    return data[:1] == b"{" and data[1:2] in (b'"', b"}", b" ", b"\t", b"\n", b"\r")


@dataclass(frozen=True, slots=True)
class _Member:
    key: str
    key_start: int
    val_start: int
    val_end: int
    value: Any


def _line(text: str, index: int) -> int:
    return len(re.findall(r"\r\n|\n|\r", text[:index])) + 1


def _fail(text: str, index: int, message: str, path: str | None) -> ParseError:
    return ParseError(f"invalid JSON in front matter: {message}", path, _line(text, index))


def _members(text: str, path: str | None) -> tuple[list[_Member], int]:
    """The top-level members of the object starting ``text``, and the index after its ``}``."""
    i = _WS.match(text, 1).end()  # type: ignore[union-attr]
    out: list[_Member] = []
    if text.startswith("}", i):
        return out, i + 1
    while True:
        if not text.startswith('"', i):
            raise _fail(text, i, "expected a quoted key", path)
        key_start = i
        try:
            key, i = scanstring(text, i + 1)
        except json.JSONDecodeError as exc:
            raise _fail(text, exc.pos, exc.msg, path) from None
        i = _WS.match(text, i).end()  # type: ignore[union-attr]
        if not text.startswith(":", i):
            raise _fail(text, i, f"expected ':' after {key!r}", path)
        i = _WS.match(text, i + 1).end()  # type: ignore[union-attr]
        try:
            value, end = _DECODER.raw_decode(text, i)
        except json.JSONDecodeError as exc:
            raise _fail(text, exc.pos, exc.msg, path) from None
        except RecursionError:
            raise _fail(text, i, "nested too deeply", path) from None
        out.append(_Member(key, key_start, i, end, value))
        i = _WS.match(text, end).end()  # type: ignore[union-attr]
        if text.startswith(",", i):
            i = _WS.match(text, i + 1).end()  # type: ignore[union-attr]
            continue
        if text.startswith("}", i):
            return out, i + 1
        raise _fail(text, i, "expected ',' or '}'", path)


def split(data: bytes, path: str | None) -> _Split:
    """The file's text cut into the JSON object (braces included) and the body."""
    from postedit.core.frontmatter import _Split, decode_text

    bom, text = decode_text(data, path)
    if not text.startswith("{"):
        raise ParseError("no front matter: the file must start with '{'", path, 1)
    _, end = _members(text, path)
    body_start = end
    m = re.compile(r"[ \t]*(?:\r\n|\n|\r)").match(text, end)
    if m is not None:
        body_start = m.end()
    return _Split(bom, text, 0, end, body_start, 0, 0)


def _read(sp: _Split, path: str | None) -> tuple[list[_Member], dict[str, Any]]:
    members, _ = _members(sp.text[: sp.fm_end], path)
    return members, {m.key: m.value for m in members}


def parse(data: bytes, path: str | None = None, body: bool = True) -> Document:
    """Parse a posting that starts with a JSON object; raises ParseError with the line."""
    from postedit.core.frontmatter import Document

    sp = split(data, path)
    members, fields = _read(sp, path)
    key_lines: dict[str, int] = {}
    dups: list[tuple[str, int, int]] = []
    for m in members:
        line = _line(sp.text, m.key_start)
        if m.key in key_lines:
            dups.append((m.key, key_lines[m.key], line))  # the last one wins, as in YAML
        key_lines[m.key] = line
    return Document(
        fields=fields,
        body=sp.body if body else "",
        key_lines=key_lines,
        duplicates=tuple(dups),
        front_matter_line=1,
        body_offset=(3 if sp.bom else 0) + len(sp.text[: sp.body_start].encode("utf-8")),
    )


def _json_value(value: Any, key: str, path: str | None) -> Any:
    """``value`` as JSON data: dates as ISO 8601 text (JSON has no dates)."""
    if isinstance(value, dt.datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_json_value(v, key, path) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v, key, path) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise PosteditError(f"{key}: cannot write a {type(value).__name__} value", path)


def _dump(value: Any, indent: str, nl: str, step: str, multiline: bool) -> str:
    if not multiline or not isinstance(value, list | dict) or not value:
        return json.dumps(value, ensure_ascii=False)
    text = json.dumps(value, ensure_ascii=False, indent=len(step) or 2)
    return text.replace("\n", nl + indent)


def _line_bounds(text: str, index: int) -> tuple[int, int]:
    start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    return start, index


def patch(
    data: bytes,
    changes: Mapping[str, Any],
    unset: Iterable[str],
    path: str | None = None,
) -> bytes:
    """``frontmatter.patch`` for a JSON posting: an edit replaces only the value's text."""
    from postedit.core.frontmatter import same_value

    sp = split(data, path)
    members, fields = _read(sp, path)
    expected = dict(fields)
    text = sp.text[: sp.fm_end]
    nl = "\r\n" if "\r\n" in text else "\n"
    removals = [k for k in unset if k not in changes and k in fields]
    sets = {k: _json_value(v, k, path) for k, v in changes.items()}
    sets = {k: v for k, v in sets.items() if not (k in fields and same_value(fields[k], v))}
    if not sets and not removals:
        return data
    for key in removals:
        expected.pop(key)
        while any(m.key == key for m in members):
            text = _remove(text, members, key)
            members, _ = _members(text, path)
    for key, value in sets.items():
        expected[key] = value
        mine = [m for m in members if m.key == key]
        if mine:
            m = mine[-1]
            old = text[m.val_start : m.val_end]
            indent = text[_line_bounds(text, m.key_start)[0] : m.key_start]
            step = _indent_step(text, members)
            rendered = _dump(value, indent, nl, step, "\n" in old or "\r" in old)
            text = text[: m.val_start] + rendered + text[m.val_end :]
        else:
            text = _append(text, members, key, value, nl)
        members, _ = _members(text, path)
    new = sp.rebuild(fm=text)
    check = parse(new, path)
    if not same_value(check.fields, expected) or check.body != sp.body:
        raise PosteditError(
            f"cannot write {', '.join(sorted(set(changes) | set(unset)))}: it would not read "
            "back the same; edit this posting by hand",
            path,
        )
    return new


def _indent_step(text: str, members: list[_Member]) -> str:
    if not members:
        return "  "
    start, _ = _line_bounds(text, members[0].key_start)
    lead = text[start : members[0].key_start]
    return lead if lead.strip() == "" and lead else "  "


def _remove(text: str, members: list[_Member], key: str) -> str:
    """``text`` without the last member named ``key`` (and the comma that joined it)."""
    idx = max(i for i, m in enumerate(members) if m.key == key)
    m = members[idx]
    if idx + 1 < len(members):  # up to the next member: its own line(s) when on lines
        nxt = members[idx + 1]
        start, _ = _line_bounds(text, m.key_start)
        nstart, _ = _line_bounds(text, nxt.key_start)
        if text[start : m.key_start].strip() == "" and start < nstart:
            return text[:start] + text[nstart:]
        return text[: m.key_start] + text[nxt.key_start :]
    if idx > 0:  # the last one: from the end of the one before (its comma goes too)
        return text[: members[idx - 1].val_end] + text[m.val_end :]
    start, _ = _line_bounds(text, m.key_start)
    if text[start : m.key_start].strip() == "" and start > 0:
        return text[:start] + _after_value_line(text, m.val_end)
    return text[: m.key_start] + text[m.val_end :]


def _after_value_line(text: str, end: int) -> str:
    m = re.compile(r"[ \t]*(?:\r\n|\n|\r)").match(text, end)
    return text[m.end() :] if m is not None else text[end:]


def _append(text: str, members: list[_Member], key: str, value: Any, nl: str) -> str:
    """``text`` with ``"key": value`` added as the last member, in the others' layout."""
    step = _indent_step(text, members)
    pair = json.dumps(key, ensure_ascii=False) + ": " + _dump(value, step, nl, step, True)
    if not members:
        close = text.rindex("}")
        return text[:close].rstrip() + nl + step + pair + nl + text[close:]
    last = members[-1]
    start, _ = _line_bounds(text, last.key_start)
    lead = text[start : last.key_start]
    if lead.strip() == "" and start > 0:
        return text[: last.val_end] + "," + nl + lead + pair + text[last.val_end :]
    return text[: last.val_end] + ", " + pair + text[last.val_end :]


def render(fields: Mapping[str, Any], body: str) -> bytes:
    """Bytes of a new JSON posting (as Decap's ``json-frontmatter`` writes it), LF endings."""
    data = {str(k): _json_value(v, str(k), None) for k, v in fields.items()}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n" + body).encode("utf-8")
