"""TOML front matter (``+++`` lines, as Hugo and Decap's ``toml-frontmatter`` write it).

Reading uses the standard library's ``tomllib``; writing uses tomlkit, which keeps every
byte it is not asked to change (comments, quotes, spacing, order), so a toggle is a one-line
diff as with YAML. Every patch is read back with ``tomllib`` and refused if any other value
or the body would change -- the same safety net as the YAML path.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from postedit.core.errors import ParseError, PosteditError

if TYPE_CHECKING:
    from typing import Any

    from postedit.core.frontmatter import Document, _Split

__all__ = ["is_toml", "parse", "patch", "render", "split"]

_OPEN = re.compile(r"\+\+\+[ \t]*(?:\r\n|\n|\r)")
_CLOSE = re.compile(r"^\+\+\+[ \t]*(?:\r\n|\n|\r|\Z)", re.M)
_ERROR_AT = re.compile(r"\(at line (\d+), column \d+\)")


def is_toml(data: bytes) -> bool:
    """Does the file start with a ``+++`` line (after an optional BOM)?"""
    data = data.removeprefix(b"\xef\xbb\xbf")
    return data.startswith(b"+++") and data[3:].lstrip(b" \t")[:1] in (b"\n", b"\r")


def split(data: bytes, path: str | None) -> _Split:
    """The file's text cut into opening line, TOML, closing line and body."""
    from postedit.core.frontmatter import _Split, decode_text

    bom, text = decode_text(data, path)
    m = _OPEN.match(text)
    if m is None:
        raise ParseError("no front matter: the file must start with a '+++' line", path, 1)
    close = _CLOSE.search(text, m.end())
    if close is None:
        raise ParseError("front matter is not closed: no '+++' line after line 1", path, 1)
    return _Split(bom, text, m.end(), close.start(), close.end(), 0, 1)


def _loads(fm: str, path: str | None, line0: int) -> dict[str, Any]:
    try:
        return tomllib.loads(fm)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _ERROR_AT.search(msg)
        line = line0 + int(m.group(1)) if m else line0 + 1
        problem = _ERROR_AT.sub("", msg).strip() or "invalid TOML"
        raise ParseError(f"invalid TOML in front matter: {problem}", path, line) from None
    except RecursionError:
        raise ParseError("front matter is nested too deeply", path, line0 + 1) from None


def _key_pattern(key: str) -> str:
    bare = re.escape(key)
    quoted = re.escape(key.replace("\\", "\\\\").replace('"', '\\"'))
    return rf"(?:{bare}|\"{quoted}\"|'{re.escape(key)}')"


def key_lines(fm: str, keys: Iterable[str], line0: int) -> dict[str, int]:
    """1-based file line of each top-level key: ``key = ...`` before the first table header,
    or the header ``[key]`` / ``[[key]]`` / ``[key.sub]``; lines inside multi-line strings are
    skipped. Only for messages: a key not found points at the front matter's first line."""
    lines = re.split(r"\r\n|\n|\r", fm)
    in_string: str | None = None
    plain: list[tuple[int, str]] = []  # (index, text) of lines outside multi-line strings
    for i, line in enumerate(lines):
        if in_string is None:
            plain.append((i, line))
        for quote in re.findall(r'"""|\'\'\'', line):
            if in_string is None:
                in_string = quote
            elif quote == in_string:
                in_string = None
    first_header = next((i for i, line in plain if re.match(r"[ \t]*\[", line)), len(lines))
    out: dict[str, int] = {}
    for key in keys:
        pat = _key_pattern(key)
        assign = re.compile(rf"[ \t]*{pat}[ \t]*[=.]")
        header = re.compile(rf"[ \t]*\[\[?[ \t]*{pat}[ \t]*[\].]")
        for i, line in plain:
            if (i < first_header and assign.match(line)) or header.match(line):
                out[key] = line0 + i + 1
                break
        else:
            out[key] = line0 + 1
    return out


def parse(data: bytes, path: str | None = None, body: bool = True) -> Document:
    """Parse a ``+++`` posting; raises ParseError (with the line) for anything unreadable."""
    from postedit.core.frontmatter import Document

    sp = split(data, path)
    fields = _loads(sp.fm, path, sp.fm_line0)
    body_offset = (3 if sp.bom else 0) + len(sp.text[: sp.body_start].encode("utf-8"))
    return Document(
        fields=fields,
        body=sp.body if body else "",
        key_lines=key_lines(sp.fm, fields, sp.fm_line0),
        duplicates=(),  # TOML refuses a repeated key: tomllib raises, with its line
        front_matter_line=1,
        body_offset=body_offset,
    )


def _item(value: Any, old: Any) -> Any:
    """A tomlkit item for ``value``, in the quote style of the string it replaces."""
    import tomlkit

    if isinstance(value, str) and "\n" not in value and "\r" not in value:
        literal = (
            getattr(old, "type", None) is not None
            and str(getattr(old.type, "name", "")) == "SLL"  # a 'literal' string
            and "'" not in value
            and not any(ord(c) < 32 or ord(c) == 0x7F for c in value)
        )
        return tomlkit.string(value, literal=literal)
    if isinstance(value, dt.datetime | dt.date | dt.time | bool | int | float | str | list | dict):
        return tomlkit.item(value)
    raise PosteditError(f"cannot write a {type(value).__name__} value in TOML")


def patch(
    data: bytes,
    changes: Mapping[str, Any],
    unset: Iterable[str],
    path: str | None = None,
) -> bytes:
    """``frontmatter.patch`` for a ``+++`` posting: only the changed keys' lines move.

    TOML has no null: setting a key to None removes it (as Decap writes an empty field).
    """
    import tomlkit

    from postedit.core.frontmatter import _Unreadable, keep_quoted_date, same_value

    sp = split(data, path)
    fields = _loads(sp.fm, path, 1)
    removals = [k for k in unset if k not in changes]
    removals += [k for k, v in changes.items() if v is None]
    sets = {  # a TOML string is always quoted: a date it holds stays text (its type)
        k: keep_quoted_date(v, fields[k] if isinstance(fields.get(k), str) else None)
        for k, v in changes.items()
        if v is not None
    }
    expected = dict(fields)
    for key in removals:
        expected.pop(key, None)
    sets = {k: v for k, v in sets.items() if not (k in fields and same_value(fields[k], v))}
    expected.update(sets)
    if not sets and not any(k in fields for k in removals):
        return data
    try:
        doc = tomlkit.parse(sp.fm)
    except Exception as exc:  # noqa: BLE001 - tomllib read it; tomlkit's reason is its own
        raise PosteditError(
            f"cannot edit this TOML front matter ({exc}); edit this posting by hand", path
        ) from None
    for key in removals:
        if key in doc:
            del doc[key]
    for key, value in sets.items():
        doc[key] = _item(value, doc.get(key) if key in doc else None)
    fm = tomlkit.dumps(doc)
    new = sp.rebuild(fm=fm)
    try:
        check = tomllib.loads(fm)
    except tomllib.TOMLDecodeError:
        check = {"": _Unreadable}
    same = set(check) == set(expected) and all(same_value(check[k], expected[k]) for k in check)
    if not same or split(new, path).body != sp.body:  # (a new key may go before a table)
        asked = sorted(set(changes) | set(unset))
        raise PosteditError(
            f"cannot write {', '.join(asked) or 'the change'}: it would not read back the "
            "same (unusual TOML); edit this posting by hand",
            path,
        )
    return new


def render(fields: Mapping[str, Any], body: str) -> bytes:
    """Bytes of a new ``+++`` posting with these fields (in order) and body, LF endings."""
    import tomlkit

    doc = tomlkit.document()
    for key, value in fields.items():
        if value is not None:
            doc[str(key)] = tomlkit.item(value)
    return ("+++\n" + tomlkit.dumps(doc) + "+++\n" + body).encode("utf-8")
