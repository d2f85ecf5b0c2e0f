"""TOML front matter (``+++`` lines, as Hugo and Decap's ``toml-frontmatter`` write it).

Reading uses the standard library's ``tomllib``; writing uses tomlkit, which keeps every
byte it is not asked to change (comments, quotes, spacing, order), so a toggle is a one-line
diff as with YAML, and a table given whole is edited key by key where it changed (``_set``),
as ``frontmatter._nested_edits`` edits a YAML mapping. Every patch is read back with
``tomllib`` and refused if any other value or the body would change -- the same safety net
as the YAML path.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from functools import partial
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


def _item(value: Any, old: Any, inline: bool = False) -> Any:
    """What to assign for ``value``: a string in the quote style of the string it replaces;
    inside an inline table or an array (``inline``), a mapping as an inline table and a list
    as an array, built here with ``, `` between items (tomlkit's own writes them ``,``); a
    list holding anything but tables, so too; any other value as it is (the table it goes
    into makes it a TOML item: a mapping a table, a list of mappings an array of tables)."""
    import tomlkit

    if isinstance(value, str) and "\n" not in value and "\r" not in value:
        literal = (
            getattr(old, "type", None) is not None
            and str(getattr(old.type, "name", "")) == "SLL"  # a 'literal' string
            and "'" not in value
            and not any(ord(c) < 32 or ord(c) == 0x7F for c in value)
        )
        return tomlkit.string(value, literal=literal)
    if isinstance(value, dict) and inline:
        table = tomlkit.inline_table()
        for k, v in value.items():
            table.append(k, _item(v, None, inline=True))
        return table
    if isinstance(value, list) and (inline or not all(isinstance(v, dict) for v in value)):
        array = tomlkit.array()
        for v in value:
            array.append(_item(v, None, inline=True))
        return array
    if isinstance(value, dt.datetime | dt.date | dt.time | bool | int | float | str | list | dict):
        return value
    raise PosteditError(f"cannot write a {type(value).__name__} value in TOML")


def _same(a: Any, b: Any) -> bool:
    """``frontmatter.same_value`` with a table's keys in any order: TOML writes a table's
    own keys before its sub-tables, whatever order they are given in, and the order of a
    table's keys is no part of its value in TOML."""
    from postedit.core.frontmatter import same_value

    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return same_value(a, b)


def _set(parent: Any, key: Any, old: Any, new: Any) -> None:
    """Make ``parent[key]`` (a key of a tomlkit table or an index of an array, which reads
    as ``old``) read as ``new``, through tomlkit, which keeps every item it is not asked to
    change. In a table: a changed key set (recursing), a removed one deleted, a new one
    added after the table's own keys. In an array or array of tables, as objedit edits a
    YAML list: items taken out, else edited by position, the extra ones dropped or added at
    the end. Any other value is assigned anew in the old one's place (its comment kept)."""
    from tomlkit.items import Array, InlineTable

    from postedit.core.frontmatter import _kept_items

    item = parent[key]
    if isinstance(old, dict) and isinstance(new, dict) and isinstance(item, MutableMapping):
        for k in old:
            if k in new and not _same(old[k], new[k]):
                _set(item, k, old[k], new[k])
        if isinstance(item, InlineTable) and old.keys() != new.keys():
            parent[key] = _inline(item, new)
            return
        for k in old:
            if k not in new:
                del item[k]
        for k in new:
            if k not in old:
                _add(item, k, new[k])
    elif isinstance(old, list) and isinstance(new, list) and isinstance(item, list):
        keep = _kept_items(old, new)
        if keep is None:
            n = min(len(old), len(new))
            for i in range(n):
                if not _same(old[i], new[i]):
                    _set(item, i, old[i], new[i])
            keep = set(range(n))
        for i in reversed(range(len(old))):
            if i not in keep:
                del item[i]
        for value in new[len(old) :]:
            item.append(_item(value, None, inline=isinstance(item, Array)))
    else:
        parent[key] = _item(new, item, inline=isinstance(parent, Array | InlineTable))


def _add(table: Any, key: str, value: Any) -> None:
    """Add ``key`` to tomlkit table ``table``: after the table's own keys, where tomlkit puts
    it, lined up with the key before it (tomlkit writes it at the header's indentation:
    Hugo indents a table's keys); a sub-table after it keeps its indentation (tomlkit starts
    it with a blank line)."""
    from tomlkit.items import AoT, Table

    items = {k: table.item(k) for k in table} if hasattr(table, "item") else {}
    tables = {k: i.trivia.indent for k, i in items.items() if isinstance(i, Table)}
    keys = [i for i in items.values() if not isinstance(i, Table | AoT)]
    table[key] = _item(value, None)
    if not items:
        return
    added = table.item(key)
    if keys and not isinstance(added, Table | AoT):
        added.trivia.indent = keys[-1].trivia.indent.rpartition("\n")[2]
    for k, indent in tables.items():
        table.item(k).trivia.indent = indent


def _inline(table: Any, new: Mapping[str, Any]) -> Any:
    """A tomlkit inline table holding ``new``'s keys in its order: those of ``table`` with
    their key and value as written there, the others added; ``{ a = 1 }`` spacing kept.
    (tomlkit's own delete leaves the removed key's separator behind: ``{a = 1 }``.)"""
    import tomlkit

    out = tomlkit.inline_table()
    padded = table.as_string().startswith("{ ")
    if padded:
        out.append(None, tomlkit.ws(" "))
    written = {k.key: k for k, _ in table.value.body if k is not None}
    for k, value in new.items():
        if k in written:
            out.append(written[k], table[k])
        else:
            out.append(k, _item(value, None, inline=True))
    if padded:
        out.append(None, tomlkit.ws(" "))
    return out


def patch(
    data: bytes,
    changes: Mapping[str, Any],
    unset: Iterable[str],
    path: str | None = None,
) -> bytes:
    """``frontmatter.patch`` for a ``+++`` posting: only the changed keys' lines move.

    A table (``[meta]``, ``meta = {...}``, ``[[links]]``) or an array given whole is edited
    where it differs only (``_set``), so its comments, quotes and order stay; a key whose
    edit would not read back so is written whole, as before. TOML has no null: setting a
    key to None removes it (as Decap writes an empty field).
    """
    from postedit.core.frontmatter import keep_quoted_date

    sp = split(data, path)
    fields = _loads(sp.fm, path, 1)
    removals = [k for k in unset if k not in changes]
    removals += [k for k, v in changes.items() if v is None]
    sets = {  # a TOML string is always quoted: a date it holds stays text (its type)
        k: keep_quoted_date(v, fields[k] if isinstance(fields.get(k), str) else None)
        for k, v in changes.items()
        if v is not None
    }
    sets = {k: v for k, v in sets.items() if not (k in fields and _same(fields[k], v))}
    if not sets and not any(k in fields for k in removals):
        return data
    expected = {k: v for k, v in fields.items() if k not in removals}
    fm: str | None = sp.fm
    if any(k in fields for k in removals):
        fm = _edited(sp, sp.fm, partial(_remove, keys=removals), expected, path)
    for key, value in sets.items():
        if fm is None:
            break
        expected[key] = value
        inside = None
        if key in fields:
            edit = partial(_set, key=key, old=fields[key], new=value)
            inside = _edited(sp, fm, edit, expected, path)
        if inside is None:  # what tomlkit cannot edit in place is written whole, as before
            inside = _edited(sp, fm, partial(_put, key=key, value=value), expected, path)
        fm = inside
    if fm is None:
        asked = sorted(set(changes) | set(unset))
        raise PosteditError(
            f"cannot write {', '.join(asked) or 'the change'}: it would not read back the "
            "same (unusual TOML); edit this posting by hand",
            path,
        )
    return data if fm == sp.fm else sp.rebuild(fm=fm)


def _remove(doc: Any, keys: Iterable[str]) -> None:
    for key in keys:
        if key in doc:
            del doc[key]


def _put(doc: Any, key: str, value: Any) -> None:
    doc[key] = _item(value, doc.get(key) if key in doc else None)


def _edited(
    sp: _Split, fm: str, edit: Callable[[Any], None], expected: Mapping[str, Any], path: str | None
) -> str | None:
    """Front matter ``fm`` with ``edit`` made on its tomlkit document; None when tomlkit
    refuses it or it would not read back as ``expected`` (or the body would change). A
    front matter all in CRLF is edited as LF and turned back, so that the lines tomlkit
    writes (in LF) are CRLF too."""
    import tomlkit

    crlf = fm.count("\n") == fm.count("\r\n") and ("\r\n" in fm or sp.nl == "\r\n")
    try:
        doc = tomlkit.parse(fm.replace("\r\n", "\n") if crlf else fm)
    except Exception as exc:  # noqa: BLE001 - tomllib read it; tomlkit's reason is its own
        raise PosteditError(
            f"cannot edit this TOML front matter ({exc}); edit this posting by hand", path
        ) from None
    try:
        edit(doc)
        new = tomlkit.dumps(doc)
    except PosteditError:
        raise
    except Exception:  # noqa: BLE001 - an edit tomlkit refuses: written whole, or refused
        return None
    if crlf:
        new = new.replace("\n", "\r\n")
    try:
        check = tomllib.loads(new)
    except tomllib.TOMLDecodeError:
        return None
    if not _same(check, expected) or split(sp.rebuild(fm=new), path).body != sp.body:
        return None  # (a text spanning lines may hold a '+++' line: the body would move)
    return new


def render(fields: Mapping[str, Any], body: str) -> bytes:
    """Bytes of a new ``+++`` posting with these fields (in order) and body, LF endings."""
    import tomlkit

    doc = tomlkit.document()
    for key, value in fields.items():
        if value is not None:
            doc[str(key)] = tomlkit.item(value)
    return ("+++\n" + tomlkit.dumps(doc) + "+++\n" + body).encode("utf-8")
