"""Split, read and patch front matter byte for byte: YAML here, TOML and JSON beside it.

A posting's own first line says which: ``---`` YAML (Jekyll, Hugo, Decap), ``+++`` TOML and
``{`` JSON (Hugo, Decap's ``toml-frontmatter``/``json-frontmatter``), as Hugo and Decap's
``frontmatter`` format read them; :mod:`postedit.core.fm_toml` and :mod:`postedit.core.fm_json`
hold those two, and every public function here hands such a posting to them.

For YAML, reading uses PyYAML's composer (libyaml's C one when available) so every top-level key and
value is located in the text; writing replaces only the span of the edited value (or the
edited key's block), so everything else -- key order, quotes, comments, blank lines, line
endings, BOM, final newline, body -- stays exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import yaml

from postedit.core.dates import parse_datetime
from postedit.core.errors import ParseError, PosteditError
from postedit.core.limits import MAX_DEPTH, MAX_FRONT_MATTER, MAX_ITEMS, MAX_KEYS, MAX_LINE

if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "Document",
    "decode_text",
    "format_of",
    "has_front_matter",
    "keep_quoted_date",
    "starts_posting",
    "parse",
    "patch",
    "render_new",
    "same_value",
    "replace_body",
]

SafeLoader: type = (
    getattr(yaml, "CSafeLoader", yaml.SafeLoader) if yaml.__with_libyaml__ else yaml.SafeLoader
)

BOM = "\ufeff"


class _PostingLoader(SafeLoader):  # type: ignore[misc,valid-type]
    """The safe loader, except that an impossible date (``2023-02-30``) reads as its text.

    The posting then loads, validation reports the bad date at its line, and the user can fix
    it in the form instead of facing an unreadable file.
    """


_ISO_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?(?:Z|[-+][0-9]{2}:[0-9]{2})?"
)
"""The datetimes Decap writes (``2021-07-27T09:01:21.886Z``): ``datetime.fromisoformat``
reads them as PyYAML's timestamp constructor does, several times faster."""


def _timestamp_or_text(loader: Any, node: Any) -> Any:
    value = node.value
    if len(value) == 10 and value[4] == "-" == value[7]:  # YYYY-MM-DD, the common case
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    elif _ISO_DATETIME.fullmatch(value):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_PostingLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)

_RESOLVED: dict[str, str] = {}
"""Tag of each short plain scalar already resolved: keys and ``true`` recur in every posting."""
_RESOLVED_MAX = 8192
_base_resolve = _PostingLoader.resolve
_Scalar = yaml.ScalarNode


def _resolve(self: Any, kind: Any, value: Any, implicit: Any) -> Any:
    """The resolver's tag, memoised for plain scalars (it depends on their text alone: this
    loader has no path resolvers), since libyaml calls it for every scalar; the default tag
    of a quoted scalar, a list or a mapping at once (what PyYAML's resolver ends with)."""
    if kind is _Scalar:
        if not implicit[0]:
            return _STR
        tag = _RESOLVED.get(value)
        if tag is None:
            tag = _base_resolve(self, kind, value, implicit)
            if len(value) <= 64 and len(_RESOLVED) < _RESOLVED_MAX:
                _RESOLVED[value] = tag
        return tag
    return _base_resolve(self, kind, value, implicit)


_PostingLoader.resolve = _resolve

if not _PostingLoader.yaml_path_resolvers:
    # The composer calls these two around every node, to follow paths for path resolvers, of
    # which this loader has none: PyYAML's methods then return at once, but as two Python
    # calls per node (~5% of a parse). C callables that ignore their arguments do the same.
    _PostingLoader.descend_resolver = {}.get  # (parent, index) -> index: no effect
    _PostingLoader.ascend_resolver = tuple  # () -> (): no effect

_TAG = "tag:yaml.org,2002:"
_STR, _BOOL, _NULL, _INT, _FLOAT, _TS, _MAP, _SEQ = (
    _TAG + t for t in ("str", "bool", "null", "int", "float", "timestamp", "map", "seq")
)


class _Slow(Exception):
    """A node the fast constructor leaves to PyYAML's (tags, merge keys, anything unusual)."""


def _fast(loader: Any, node: Any) -> Any:
    """Construct ``node`` as SafeConstructor would, for plain data only (raises _Slow else).

    Aliases are excluded by the caller (they share one object in PyYAML's result).
    """
    cls = node.__class__
    tag = node.tag
    if cls is _Scalar:
        if tag == _STR:
            return node.value
        if tag == _BOOL:
            return loader.bool_values[node.value.lower()]
        if tag == _NULL:
            return None
        if tag == _TS:
            return _timestamp_or_text(loader, node)
        if tag == _INT:
            return loader.construct_yaml_int(node)
        if tag == _FLOAT:
            return loader.construct_yaml_float(node)
        raise _Slow
    if cls is yaml.MappingNode and tag == _MAP:
        out: dict[Any, Any] = {}
        for k, v in node.value:
            key_tag = k.tag
            if k.__class__ is not _Scalar or key_tag not in _KEY_TAGS:
                raise _Slow  # merge keys (<<), '=' keys, complex keys
            # strings (most keys and values) inline: a call per node was a third of the time
            key = k.value if key_tag == _STR else _fast(loader, k)
            out[key] = v.value if v.__class__ is _Scalar and v.tag == _STR else _fast(loader, v)
        return out
    if cls is yaml.SequenceNode and tag == _SEQ:
        return [
            c.value if c.__class__ is _Scalar and c.tag == _STR else _fast(loader, c)
            for c in node.value
        ]
    raise _Slow


_KEY_TAGS = frozenset((_STR, _BOOL, _NULL, _INT, _FLOAT, _TS))


def _construct(loader: Any, node: Any, aliases: bool) -> Any:
    """The document's data: the fast constructor when it can, PyYAML's otherwise (same data)."""
    if not aliases:
        try:
            return _fast(loader, node)
        except Exception:  # noqa: BLE001 - PyYAML's constructor decides (and words the error)
            pass
    return loader.construct_document(node)


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed posting: typed fields, body, and where each key stands."""

    fields: dict[str, Any]
    """Front-matter values."""
    body: str
    """Text after the closing ``---`` line."""
    key_lines: dict[str, int]
    """1-based file line of each top-level key."""
    duplicates: tuple[tuple[str, int, int], ...]
    """(key, first line, later line) for each repeated key."""
    front_matter_line: int = 1
    """1-based line of the opening ``---``."""
    body_offset: int = 0
    """Byte offset of the body in the file."""


def has_front_matter(data: bytes) -> bool:
    """Cheap check: does the file start with a ``---`` line (YAML front matter)?"""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.startswith(b"---") and data[3:4] in (b"\n", b"\r", b" ", b"\t")


def starts_posting(data: bytes) -> bool:
    """Cheap check used by discovery: does the file start with front matter in any language
    (``---``, ``+++``, a JSON object)? A JSON data file starts like JSON front matter, so
    this is for Markdown files only."""
    return has_front_matter(data) or format_of(data) != "yaml"


def format_of(data: bytes) -> Literal["yaml", "toml", "json"]:
    """``toml`` for a posting starting with ``+++``, ``json`` for one starting with a JSON
    object, else ``yaml`` (which also words the error of a file with no front matter)."""
    head = data[3:5] if data.startswith(b"\xef\xbb\xbf") else data[:2]
    if head[:1] == b"+":
        from postedit.core import fm_toml

        return "toml" if fm_toml.is_toml(data) else "yaml"
    if head[:1] == b"{":
        from postedit.core import fm_json

        return "json" if fm_json.is_json(data) else "yaml"
    return "yaml"


def _other(data: bytes) -> Any:
    """The module reading this posting's front matter when it is not YAML, else None."""
    fmt = format_of(data)
    if fmt == "toml":
        from postedit.core import fm_toml

        return fm_toml
    if fmt == "json":
        from postedit.core import fm_json

        return fm_json
    return None


def parse(data: bytes, path: str | None = None, body: bool = True) -> Document:
    """Parse a posting's bytes; raises ParseError (with the line) for anything unreadable.

    ``body=False`` leaves ``Document.body`` empty (it is still checked to be UTF-8): reading
    10,000 postings to list them need not build 10,000 body strings.
    """
    if data[:1] in (b"+", b"{") or data[3:4] in (b"+", b"{"):
        other = _other(data)
        if other is not None:
            return other.parse(data, path, body)  # type: ignore[no-any-return]
    offsets = _split_fast(data)
    if offsets is not None:
        fm_start, fm_end, body_start = offsets
        try:
            fm = data[fm_start:fm_end].decode("utf-8")
            text = _decode_body(data, body_start, body)
        except UnicodeDecodeError:
            offsets = None  # _split words the error (and finds its line)
        else:
            line0, open_line, body_offset = 1, 0, body_start
    if offsets is None:
        sp = _split(data, path)
        fm, line0, open_line = sp.fm, sp.fm_line0, sp.open_line
        text = sp.body if body else ""
        body_offset = (3 if sp.bom else 0) + len(sp.text[: sp.body_start].encode("utf-8"))
    keys, fields = _load_text(fm, line0, path, locate=False)
    key_lines: dict[str, int] = {}
    dups: list[tuple[str, int, int]] = []
    for key, key_line0 in keys:
        line = line0 + key_line0 + 1
        if key in key_lines:
            dups.append((key, key_lines[key], line))
        key_lines[key] = line
    return Document(
        fields=fields,
        body=text,
        key_lines=key_lines,
        duplicates=tuple(dups),
        front_matter_line=open_line + 1,
        body_offset=body_offset,
    )


# --------------------------------------------------------------------------- splitting


@dataclass(frozen=True, slots=True)
class _Split:
    """Where a file's front matter and body lie in its decoded text."""

    bom: bool
    text: str
    fm_start: int
    """Index in text where the front matter YAML starts (after the opening line)."""
    fm_end: int
    """Index where the closing line starts."""
    body_start: int
    open_line: int
    """0-based line of the opening ``---``."""
    fm_line0: int
    """0-based file line of the first front-matter line."""

    @property
    def fm(self) -> str:
        return self.text[self.fm_start : self.fm_end]

    @property
    def body(self) -> str:
        return self.text[self.body_start :]

    @property
    def nl(self) -> str:
        opening = self.text[: self.fm_start]
        return "\r\n" if opening.endswith("\r\n") else "\n"

    def rebuild(self, fm: str | None = None, body: str | None = None) -> bytes:
        text = (
            self.text[: self.fm_start]
            + (self.fm if fm is None else fm)
            + self.text[self.fm_end : self.body_start]
            + (self.body if body is None else body)
        )
        return ((BOM if self.bom else "") + text).encode("utf-8")


_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)?")
_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\n|\r|\Z)", re.M)


_CLOSE_BYTES = re.compile(rb"^(?:---|\.\.\.)[ \t]*(?:\r\n|\n|\r|\Z)", re.M)


def _split_fast(data: bytes) -> tuple[int, int, int] | None:
    """(front matter start, its end, body start) as byte offsets, found without decoding the
    file, for the usual shape: a ``---`` first line, LF or CRLF line endings up to the
    closing line, no NUL byte. None for anything else: _split then decides (and words the
    error). The closing line is found in the bytes exactly as _split finds it in the text,
    since UTF-8 never uses an ASCII byte inside a multi-byte character.
    """
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    if data.startswith(b"---\n", start):
        fm_start = start + 4
    elif data.startswith(b"---\r\n", start):
        fm_start = start + 5
    else:
        return None
    if data.find(b"\x00", start, start + 8192) != -1:
        return None
    m = _CLOSE_BYTES.search(data, fm_start)
    if m is None:
        return None
    fm_end = m.start()
    if data.find(b"\r", fm_start, fm_end) != -1 and b"\r" in data[fm_start:fm_end].replace(
        b"\r\n", b""
    ):
        return None  # a lone CR (old Mac line ending) ends a line too: _split's line scan
    return fm_start, fm_end, m.end()


def _decode_body(data: bytes, start: int, keep: bool) -> str:
    """The body's text (``keep``), or "" once it is known to be valid UTF-8."""
    if keep:
        return data[start:].decode("utf-8")
    if not data.isascii():
        str(memoryview(data)[start:], "utf-8")  # raises UnicodeDecodeError; the text is dropped
    return ""


def decode_text(data: bytes, path: str | None) -> tuple[bool, str]:
    """(has a BOM, the text after it) of a posting; ParseError for a binary, non-UTF-8 or
    empty file (every front matter language words these alike)."""
    bom = data.startswith(b"\xef\xbb\xbf")
    raw = data[3:] if bom else data
    if b"\x00" in raw[:8192]:
        raise ParseError("binary file, not a text posting (contains NUL bytes)", path, 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ParseError(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start + (3 if bom else 0)})",
            path,
            line,
        ) from None
    if not text or text.isspace():  # not text.strip(), without copying the text
        raise ParseError("empty file: no front matter", path, 1)
    return bom, text


def _split_any(data: bytes, path: str | None) -> _Split:
    """The split of a posting in any front matter language (the body is cut the same way)."""
    other = _other(data)
    return _split(data, path) if other is None else other.split(data, path)  # type: ignore[no-any-return]


def _split(data: bytes, path: str | None) -> _Split:
    bom, text = decode_text(data, path)
    first = _LINE_RE.match(text)
    assert first is not None
    opening = first.group().rstrip("\r\n").rstrip(" \t")
    if opening != "---":
        language = opening[3:].strip()
        if opening.startswith("---") and language.isalpha():  # Eleventy's ---js, ---json
            msg = f"front matter in {language!r} ('---{language}'): postedit reads '---' "
            raise ParseError(msg + "(YAML), '+++' (TOML) and '{' (JSON) alone", path, 1)
        raise ParseError("no front matter: the file must start with a '---' line", path, 1)
    fm_start = first.end()
    if fm_start == len(text) or not first.group().endswith(("\n", "\r")):
        raise ParseError("front matter is not closed: no '---' line after line 1", path, 1)
    m = _CLOSE_RE.search(text, fm_start)
    if m is not None and "\r" not in text[fm_start : m.start()].replace("\r\n", ""):
        return _Split(bom, text, fm_start, m.start(), m.end(), 0, 1)
    pos = fm_start
    line = 1
    while pos < len(text):
        m = _LINE_RE.match(text, pos)
        assert m is not None
        content = m.group().rstrip("\r\n")
        if content.rstrip(" \t") in ("---", "..."):
            return _Split(bom, text, fm_start, pos, m.end(), 0, 1)
        if not m.group():
            break
        pos = m.end()
        line += 1
    raise ParseError("front matter is not closed: no '---' line after line 1", path, 1)


# --------------------------------------------------------------------------- loading


@dataclass(frozen=True, slots=True)
class _Entry:
    """One top-level key of the front matter: where its key and value are written."""

    key: str
    key_start: int
    key_line: int
    colon_end: int
    """Index just after the ``:`` following the key."""
    node: Any
    val_start: int
    """Where the value's text starts (after any anchor), or colon_end for an empty value."""
    val_end: int
    """Where the value's content ends (before trailing blank/comment lines)."""
    alias: bool = False


_MAX_NODES = 50_000
_PROPS_RE = re.compile(r"(?:&[^\s]+[ \t]+)+")


def _expanded_size(node: Any, memo: dict[int, int], budget: list[int]) -> int:
    key = id(node)
    if key in memo:
        return memo[key]
    size = 1
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            size += _expanded_size(child, memo, budget)
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            size += _expanded_size(k, memo, budget) + _expanded_size(v, memo, budget)
    memo[key] = size
    if size > _MAX_NODES:
        raise _TooBig()
    return size


class _TooBig(Exception):
    pass


def _load(sp: _Split, path: str | None, locate: bool = True) -> tuple[list[Any], dict[str, Any]]:
    """Compose and construct the front matter of ``sp`` (see _load_text)."""
    return _load_text(sp.fm, sp.fm_line0, path, locate)


def _load_text(
    fm: str, line0: int, path: str | None, locate: bool = True
) -> tuple[list[Any], dict[str, Any]]:
    """Compose and construct front matter ``fm``, whose first line is file line ``line0 + 1``.

    Returns the located entries (``locate``) or just (key, 0-based line) pairs, and the data.
    Keys are located before constructing, which rewrites merge keys (``<<``) in place.
    """
    _check_text(fm, line0, path)
    loader = _PostingLoader(fm)
    try:
        try:
            node = loader.get_single_node()
            if node is None:
                return [], {}
            if not isinstance(node, yaml.MappingNode):
                what = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
                raise ParseError(
                    f"front matter is {what}, not a set of 'key: value' lines",
                    path,
                    line0 + node.start_mark.line + 1,
                )
            _check_nodes(node, line0, path)
            if "*" in fm:  # only aliases can make a small text expand into a huge value
                _expanded_size(node, {}, [0])
            entries: list[Any]
            if locate:
                entries = _entries(fm, node, path, line0)
            else:
                entries = [(str(k.value), k.start_mark.line) for k, _ in node.value]
            data = _construct(loader, node, "*" in fm)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            if exc.context_mark is not None and mark is not None and mark.index >= len(fm.rstrip()):
                mark = exc.context_mark  # an unclosed bracket or quote: point at where it opened
            line = line0 + mark.line + 1 if mark is not None else line0 + 1
            problem = exc.problem or exc.context or "invalid YAML"
            if exc.context and exc.problem and "could not determine a constructor" in exc.problem:
                problem = f"YAML tag not allowed: {exc.problem.split('tag ')[-1]}"
            elif exc.context and exc.problem:
                problem = f"{exc.problem} ({exc.context})"
            raise ParseError(f"invalid YAML in front matter: {problem}", path, line) from None
        except yaml.reader.ReaderError as exc:
            line = line0 + fm[: exc.position].count("\n") + 1
            what = (
                f"0x{exc.character:02x}" if isinstance(exc.character, int) else repr(exc.character)
            )
            raise ParseError(
                f"invalid YAML in front matter: control character {what} is not allowed", path, line
            ) from None
        except yaml.YAMLError as exc:
            first = str(exc).splitlines()[0] if str(exc) else "invalid YAML"
            raise ParseError(f"invalid YAML in front matter: {first}", path, line0 + 1) from None
        except _TooBig:
            raise ParseError(
                "front matter expands to too many values (an alias bomb?)", path, line0 + 1
            ) from None
        except RecursionError:
            raise ParseError("front matter is nested too deeply", path, line0 + 1) from None
        except (TypeError, ValueError) as exc:
            bad = _find_bad_scalar(node)
            line = line0 + (bad.start_mark.line if bad is not None else 0) + 1
            text = ""
            if bad is not None:  # quoted as far as a message line takes it (a 5,000-digit int)
                text = f" {bad.value!r}"
                if len(bad.value) > 40:
                    text = f" {bad.value[:40]!r}... ({len(bad.value):,} characters)"
            why = str(exc).split("; use sys.set_int_max_str_digits")[0]  # Python's own advice
            raise ParseError(f"invalid value{text} in front matter: {why}", path, line) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise ParseError("front matter is not a set of 'key: value' lines", path, line0 + 1)
    return entries, data


# --------------------------------------------------------------------------- limits
#
# core/limits.py says what they are and why. The text is looked at before it is composed, so
# that a front matter made to be expensive (80,000 keys: half a second of composing) is
# refused for what it plainly is, at the cost of a scan; the composed nodes are then checked
# exactly. A normal front matter is too short to need the scans at all.

_TOP_KEY = re.compile(r"(?:^|(?<=\r))[^\s#\-?:,\[\]{}][^\r\n]*?:(?=[ \t\r\n]|$)", re.M)
"""The start of a line holding a top-level key (block style: at column 0)."""
_ITEM = re.compile(r"(?:^|(?<=\r))[ \t]*-(?=[ \t\r\n]|$)", re.M)
"""The start of a line holding a block list item (``- x``)."""


_TOO_MANY_KEYS = f"more than {MAX_KEYS:,} keys in one mapping"
_TOO_MANY_ITEMS = f"more than {MAX_ITEMS:,} list items"


def _nth(pattern: re.Pattern[str], text: str, n: int) -> re.Match[str] | None:
    """The ``n``-th match of ``pattern`` in ``text`` (1-based), looking no further."""
    return next(itertools.islice(pattern.finditer(text), n - 1, None), None)


def _over(message: str, path: str | None, line: int) -> ParseError:
    """The error of a posting over a limit (it is then listed, not read)."""
    return ParseError(f"{message} (a limit against hostile postings: docs/security.md)", path, line)


def _check_text(fm: str, line0: int, path: str | None) -> None:
    """Refuse front matter whose text is over a limit (ParseError at the line it goes past)."""
    if len(fm) > MAX_FRONT_MATTER:
        line = line0 + _line_number(fm, MAX_FRONT_MATTER)
        what = (
            f"front matter of {len(fm):,} characters: postedit reads at most {MAX_FRONT_MATTER:,}"
        )
        raise _over(what, path, line)
    if len(fm) > MAX_LINE:
        lengths = list(map(len, fm.splitlines()))
        if max(lengths) > MAX_LINE:
            number = next(i for i, n in enumerate(lengths) if n > MAX_LINE)
            line = line0 + number + 1
            what = f"a line of {lengths[number]:,} characters: front-matter lines may have {MAX_LINE:,}"
            raise _over(what, path, line)
    if len(fm) > 2 * MAX_KEYS:
        m = _nth(_TOP_KEY, fm, MAX_KEYS + 1)
        if m is not None:
            line = line0 + _line_number(fm, m.start())
            raise _over(_TOO_MANY_KEYS, path, line)
    if len(fm) > 2 * MAX_ITEMS:
        m = _nth(_ITEM, fm, MAX_ITEMS + 1)
        if m is not None:
            line = line0 + _line_number(fm, m.start())
            raise _over(_TOO_MANY_ITEMS, path, line)


def _line_number(text: str, index: int) -> int:
    """1-based line of ``index`` in ``text`` (LF, CRLF or CR line endings)."""
    crlf = text.count("\r\n", 0, index)
    return text.count("\n", 0, index) + text.count("\r", 0, index) - crlf + 1


def _check_nodes(root: Any, line0: int, path: str | None) -> None:
    """Refuse composed front matter over a limit: nesting, keys in a mapping, list items.

    Each node is visited once (an alias shares its anchor's node, and may even contain it):
    what an alias expands to is bounded by _expanded_size.
    """
    items = 0
    seen: set[int] = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        line = line0 + node.start_mark.line + 1
        if depth > MAX_DEPTH:
            raise _over(f"lists and mappings nested more than {MAX_DEPTH} levels deep", path, line)
        children: Iterable[Any]
        if node.__class__ is yaml.MappingNode:
            if len(node.value) > MAX_KEYS:
                key = node.value[MAX_KEYS][0]
                raise _over(_TOO_MANY_KEYS, path, line0 + key.start_mark.line + 1)
            children = itertools.chain.from_iterable(node.value)
        elif node.__class__ is yaml.SequenceNode:
            items += len(node.value)
            if items > MAX_ITEMS:
                raise _over(_TOO_MANY_ITEMS, path, line)
            children = node.value
        else:
            continue
        stack.extend((child, depth + 1) for child in children if child.__class__ is not _Scalar)


def _find_bad_scalar(node: Any) -> Any:
    """The first scalar node that cannot be constructed (e.g. the date 2023-02-30), or None."""
    constructor = yaml.constructor.SafeConstructor()
    stack = [node]
    seen: set[int] = set()
    while stack:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        if isinstance(n, yaml.ScalarNode):
            try:
                constructor.construct_object(n, deep=True)
            except (TypeError, ValueError, yaml.YAMLError):
                return n
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(reversed(n.value))
        elif isinstance(n, yaml.MappingNode):
            for k, v in reversed(n.value):
                stack.extend((v, k))
    return None


def _line_start(text: str, index: int) -> int:
    return max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1


def _line_end(text: str, index: int) -> int:
    """Index of the newline ending the line holding ``index`` (len(text) when none)."""
    n = text.find("\n", index)
    r = text.find("\r", index)
    ends = [i for i in (n, r) if i != -1]
    return min(ends) if ends else len(text)


def _after_newline(text: str, index: int) -> int:
    end = _line_end(text, index)
    if text.startswith("\r\n", end):
        return end + 2
    return min(end + 1, len(text))


def _trim_back(text: str, start: int, end: int, comments: bool) -> int:
    """Move ``end`` back over trailing whitespace (and comment-only lines when asked)."""
    while True:
        while end > start and text[end - 1] in " \t\r\n":
            end -= 1
        if not comments:
            return end
        ls = _line_start(text, end)
        if ls > start and text[ls:end].lstrip(" \t").startswith("#"):
            end = ls
            continue
        return end


def _value_end(fm: str, node: Any) -> int:
    if isinstance(node, yaml.ScalarNode):
        if node.style in ("|", ">"):
            return _trim_back(fm, node.start_mark.index, node.end_mark.index, comments=False)
        return int(node.end_mark.index)
    if node.flow_style:
        return int(node.end_mark.index)
    return _trim_back(fm, node.start_mark.index, node.end_mark.index, comments=True)


def _entries(fm: str, root: Any, path: str | None, line0: int) -> list[_Entry]:
    out: list[_Entry] = []
    for knode, vnode in root.value:
        if not isinstance(knode, yaml.ScalarNode):
            raise ParseError(
                "front matter keys must be plain words", path, line0 + knode.start_mark.line + 1
            )
        key = str(knode.value)
        kend = knode.end_mark.index
        colon = fm.find(":", kend)
        colon_end = colon + 1 if colon != -1 else kend
        vs, ve = vnode.start_mark.index, vnode.end_mark.index
        alias = vs < kend
        if alias:
            m = re.compile(r"[ \t]*(\*[^\s,\]\}#]+)").match(fm, colon_end)
            if m is None:  # pragma: no cover - defensive
                raise ParseError(
                    f"cannot locate the value of {key!r}", path, line0 + knode.start_mark.line + 1
                )
            vs, ve = m.start(1), m.end(1)
        elif vs == ve and isinstance(vnode, yaml.ScalarNode) and vnode.value == "":
            vs = ve = colon_end
        else:
            m = _PROPS_RE.match(fm, vs)
            if m is not None and isinstance(vnode, yaml.ScalarNode):
                vs = m.end()
            ve = _value_end(fm, vnode)
        out.append(
            _Entry(
                key, knode.start_mark.index, knode.start_mark.line, colon_end, vnode, vs, ve, alias
            )
        )
    return out


# --------------------------------------------------------------------------- rendering

_BOOL_PAIRS = {
    "true": "false",
    "True": "False",
    "TRUE": "FALSE",
    "yes": "no",
    "Yes": "No",
    "YES": "NO",
    "on": "off",
    "On": "Off",
    "ON": "OFF",
}
_BOOL_PAIRS.update({v: k for k, v in list(_BOOL_PAIRS.items())})
_NULLS = ("", "~", "null", "Null", "NULL")
_FLOW_UNSAFE = set(",[]{}")
_DATETIME_RE = re.compile(r"\d{4}-\d\d?-\d\d?(?:[Tt]|[ \t]+)\d")


def same_value(a: Any, b: Any) -> bool:
    """Equal values of the same types (True is not 1, a date is not a datetime), mappings
    in the same key order (a reordered mapping is written differently)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, float) and a != a:
        return b != b
    return bool(a == b)


def _loads_scalar(text: str) -> Any:
    try:
        return yaml.load("k: " + text + "\n", Loader=SafeLoader)["k"]  # noqa: S506
    except (yaml.YAMLError, TypeError, KeyError, ValueError):
        return _Unreadable


class _Unreadable:
    pass


def _plain_ok(s: str, flow: bool = False) -> bool:
    if not s or s != s.strip() or "\n" in s or "\r" in s:
        return False
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c in "\u2028\u2029\ufeff" for c in s):
        return False
    if ": " in s or " #" in s or s.endswith(":") or s[0] in "#&*!|>'\"%@`{[,]}":
        return False
    if s[0] in "-?:" and (len(s) == 1 or s[1] in " \t"):
        return False
    if flow and (_FLOW_UNSAFE & set(s)):
        return False
    return same_value(_loads_scalar(s), s)


def _single(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


_DQ_ESC = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x00": "\\0"}


def _double(s: str) -> str:
    out = []
    for c in s:
        if c in _DQ_ESC:
            out.append(_DQ_ESC[c])
        elif ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c in "\u2028\u2029\ufeff":
            out.append(f"\\u{ord(c):04x}" if ord(c) > 0xFF else f"\\x{ord(c):02x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def _single_ok(s: str) -> bool:
    return not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c in "\u2028\u2029\ufeff" for c in s)


def _string(s: str, old_style: str | None, flow: bool = False) -> str:
    if old_style == "'" and _single_ok(s):
        return _single(s)
    if old_style == '"':
        return _double(s)
    if _plain_ok(s, flow):
        return s
    return _double(s)


def _tz(value: dt.datetime, old: str | None) -> str:
    off = value.utcoffset()
    if off is None:
        return ""
    if off == dt.timedelta(0) and (old is None or old.rstrip().endswith(("Z", "z"))):
        return "Z"
    total = int(off.total_seconds() // 60)
    sign = "+" if total >= 0 else "-"
    hh, mm = divmod(abs(total), 60)
    space = " " if old is not None and re.search(r"\d\s+[+-]\d", old) else ""
    return f"{space}{sign}{hh:02d}:{mm:02d}"


def _datetime(value: dt.datetime, old: str | None) -> str:
    sep = " " if old is not None and re.match(r"\d{4}-\d\d-\d\d[ \t]", old) else "T"
    text = value.strftime(f"%Y-%m-%d{sep}%H:%M:%S")
    m = re.search(r":\d\d\.(\d+)", old or "")
    if value.microsecond or m:
        frac = f"{value.microsecond:06d}"
        digits = len(m.group(1)) if m else (3 if value.microsecond % 1000 == 0 else 6)
        text += "." + frac[: max(digits, len(frac.rstrip("0")))].ljust(digits, "0")
    return text + _tz(value, old)


def _scalar(value: Any, old_text: str | None, old_style: str | None, flow: bool = False) -> str:
    """Render a scalar in the style of the text it replaces."""
    if value is None:
        return old_text if old_text in _NULLS and old_text is not None else ""
    if isinstance(value, bool):
        if old_text in _BOOL_PAIRS and old_style in (None, ""):
            same = old_text.lower() in ("true", "yes", "on")
            return old_text if same == value else _BOOL_PAIRS[old_text]
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)
        if "e" in text and "." not in text:
            text = text.replace("e", ".0e")
        return text
    if isinstance(value, dt.datetime):
        return _datetime(value, old_text if old_text and _DATETIME_RE.match(old_text) else None)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return _string(value, old_style if old_style in ("'", '"') else None, flow)
    raise TypeError(f"cannot write a {type(value).__name__} value")


def _literal_block(s: str, indent: str, nl: str) -> str | None:
    """``|`` block text for a multi-line string, or None when it cannot hold it."""
    if not _single_ok(s.replace("\n", "")) or s.startswith((" ", "\t")) or not s.strip("\n"):
        return None
    stripped = s.rstrip("\n")
    trailing = len(s) - len(stripped)
    chomp = "-" if trailing == 0 else ("" if trailing == 1 else "+")
    lines = stripped.split("\n")
    if any(line != line.rstrip(" \t") for line in lines):
        return None
    body = nl.join((indent + line) if line else "" for line in lines)
    extra = nl * (trailing - 1) if trailing > 1 else ""
    return f"|{chomp}{nl}{body}{extra}"


def _node_style(node: Any) -> str | None:
    style = getattr(node, "style", None)
    return style or None


def _block(value: Any, indent: str, nl: str, old: Any, fm: str) -> list[str]:
    """Lines (without newlines) of a block collection at ``indent``."""
    lines: list[str] = []
    if isinstance(value, list):
        old_items: dict[Any, str] = {}
        if isinstance(old, yaml.SequenceNode):
            for item in old.value:
                if (
                    isinstance(item, yaml.ScalarNode)
                    and item.start_mark.index >= old.start_mark.index
                ):
                    text = fm[item.start_mark.index : item.end_mark.index]
                    if "\n" not in text and "\r" not in text:
                        old_items.setdefault(
                            item.value if item.style else _loads_scalar(text), text
                        )
        for item in value:
            if isinstance(item, list | dict):
                if not item:
                    lines.append(f"{indent}- {'[]' if isinstance(item, list) else '{}'}")
                    continue
                sub = _block(item, indent + "  ", nl, None, fm)
                lines.append(f"{indent}- {sub[0].lstrip()}")
                lines.extend(sub[1:])
            else:
                reuse = old_items.get(item) if isinstance(item, str) else None
                lines.append(
                    f"{indent}- {reuse if reuse is not None else _scalar(item, None, None)}"
                )
        return lines
    assert isinstance(value, dict)
    for k, v in value.items():
        key = _scalar(str(k), None, None)
        if isinstance(v, list | dict) and v:
            lines.append(f"{indent}{key}:")
            sub_indent = indent + "  "
            lines.extend(_block(v, sub_indent, nl, None, fm))
        elif isinstance(v, list | dict):
            lines.append(f"{indent}{key}: {'[]' if isinstance(v, list) else '{}'}")
        elif isinstance(v, str) and ("\n" in v):
            lit = _literal_block(v, indent + "  ", nl)
            lines.append(f"{indent}{key}: {lit if lit is not None else _double(v)}")
        else:
            lines.append(f"{indent}{key}: {_scalar(v, None, None)}")
    return lines


def _flow_seq(value: list[Any], old: Any, fm: str) -> str | None:
    if any(isinstance(v, list | dict) for v in value):
        return None
    old_texts: dict[Any, str] = {}
    if isinstance(old, yaml.SequenceNode):
        for item in old.value:
            if isinstance(item, yaml.ScalarNode) and item.start_mark.index >= old.start_mark.index:
                old_texts.setdefault(item.value, fm[item.start_mark.index : item.end_mark.index])
    parts = []
    for v in value:
        reuse = old_texts.get(v) if isinstance(v, str) else None
        parts.append(reuse if reuse is not None else _scalar(v, None, None, flow=True))
    text = "[" + ", ".join(parts) + "]"
    return text if same_value(_loads_scalar(text), list(value)) else None


def _first_item_indent(fm: str, node: Any) -> str:
    start = node.start_mark.index
    return fm[_line_start(fm, start) : start]


def _render_value_edit(
    fm: str, e: _Entry, value: Any, nl: str, plain_quotes: bool = False
) -> tuple[int, int, str]:
    """The (start, end, text) replacement that sets entry ``e`` to ``value``.

    ``plain_quotes`` writes a string in double quotes whatever its shape (the fallback when
    the preferred style would read back differently, e.g. a ``|`` block above a comment).
    """
    if plain_quotes and isinstance(value, str):
        if e.alias or not isinstance(e.node, yaml.ScalarNode) or e.val_start == e.val_end:
            return e.colon_end, e.val_end, " " + _double(value)
        return e.val_start, e.val_end, _double(value)
    node = e.node
    key_indent = _indent_of(fm, e.key_start)
    is_scalar_node = isinstance(node, yaml.ScalarNode) and not e.alias
    old_text = fm[e.val_start : e.val_end] if is_scalar_node else None
    old_style = _node_style(node) if is_scalar_node else None
    if isinstance(value, list | dict):
        if not value:
            return e.colon_end, e.val_end, " []" if isinstance(value, list) else " {}"
        if isinstance(node, yaml.CollectionNode) and node.flow_style and not e.alias:
            flow = None  # a flow list or mapping stays one (on one line)
            if isinstance(value, list) and isinstance(node, yaml.SequenceNode):
                flow = _flow_seq(value, node, fm)
            elif isinstance(value, dict) and isinstance(node, yaml.MappingNode):
                flow = _flow_map(value, node, fm)
            if flow is not None:
                props = _PROPS_RE.match(fm, e.val_start)  # its anchor stays (&a {...})
                return props.end() if props else e.val_start, e.val_end, flow
        if (
            isinstance(node, yaml.CollectionNode)
            and not node.flow_style
            and not e.alias
            and node.value
        ):
            indent = _first_item_indent(fm, node)
            if isinstance(value, dict) != isinstance(node, yaml.MappingNode):
                indent = key_indent + "  "
            lines = _block(value, indent, nl, node if isinstance(value, list) else None, fm)
            return _line_start(fm, e.val_start), e.val_end, nl.join(lines)
        lines = _block(value, key_indent + "  ", nl, None, fm)
        return e.colon_end, e.val_end, nl + nl.join(lines)
    if isinstance(value, str) and ("\n" in value or "\r" in value):
        indent = key_indent + "  "
        if is_scalar_node and old_style in ("|", ">"):
            first_content = fm.find("\n", e.val_start)
            if first_content != -1:
                m = re.match(r"[ \t]*", fm[first_content + 1 :])
                if m and m.group():
                    indent = m.group()
        lit = _literal_block(value, indent, nl)
        end = e.val_end
        if lit is not None:
            comment = re.match(r"[ \t]+#[^\r\n]*", fm[end:])
            if comment is not None:  # `key: a  # note` -> `key: |  # note` + the lines
                head, _, rest = lit.partition(nl)
                lit = head + comment.group() + nl + rest
                end += comment.end()
        text = lit if lit is not None else _double(value)
        return e.colon_end, end, " " + text
    if (
        is_scalar_node
        and old_style not in ("|", ">")
        and "\n" not in (old_text or "")
        and "\r" not in (old_text or "")
    ):
        text = _scalar(value, old_text, old_style)
        if text == "":  # null written as an empty value: `key:` (`key:  # comment` kept)
            rest = fm[e.val_end : _line_end(fm, e.val_end)]
            if not rest.strip():
                return e.colon_end, e.val_end, ""
            # `key: x  # c` -> `key:  # c`: the value and the one space written after it go
            return e.val_start, e.val_end + (1 if rest[:1] in (" ", "\t") else 0), ""
        if e.val_start == e.val_end:  # empty value: `key:` or `key:   # comment`
            at = (
                e.colon_end + 1 if fm[e.colon_end : e.colon_end + 1] in (" ", "\t") else e.colon_end
            )
            lead = "" if at > e.colon_end else " "
            rest = fm[at : _line_end(fm, at)]
            trail = " " if rest.strip() else ""  # keep the comment's own spacing after us
            return at, at, lead + text + trail
        return e.val_start, e.val_end, text
    text = _scalar(value, None, None)
    return e.colon_end, e.val_end, (" " + text) if text else ""


def _new_key_lines(key: str, value: Any, nl: str) -> str:
    k = _scalar(key, None, None)
    if isinstance(value, list | dict):
        if not value:
            return f"{k}: {'[]' if isinstance(value, list) else '{}'}"
        return f"{k}:{nl}" + nl.join(_block(value, "  ", nl, None, ""))
    if value is None:
        return f"{k}:"
    if isinstance(value, str) and ("\n" in value or "\r" in value):
        lit = _literal_block(value, "  ", nl)
        return f"{k}: {lit if lit is not None else _double(value)}"
    return f"{k}: {_scalar(value, None, None)}"


# --------------------------------------------------------------------------- nested edits
#
# A mapping or list set to a value that differs from the old one in a few places is edited
# in those places only: a changed key's (or item's) own text, a removed key's lines, a new
# key's lines beside its neighbour, so the rest of the object -- its comments, quotes, blank
# lines, flow or block style -- stays as it was. What cannot be done so (a reordered
# mapping, keys that are not plain text, merge keys, an item inserted in a flow list...)
# gives None, and the whole value is written instead (_render_value_edit).

_Edit = tuple[int, int, str]
"""Replace ``fm[start:end]`` with the text."""


def _within(outer: Any, node: Any) -> bool:
    """Is ``node`` written inside ``outer`` (not an alias of a node written elsewhere)?"""
    return bool(
        outer.start_mark.index <= node.start_mark.index
        and node.end_mark.index <= outer.end_mark.index
    )


def _indent_of(fm: str, index: int) -> str:
    """The indentation of the column at ``index``: what stands before it on its line, as
    spaces (``- key:``: the key's column is two spaces)."""
    return re.sub(r"[^\t]", " ", fm[_line_start(fm, index) : index])


def _own_lines(fm: str, start: int, end: int) -> tuple[int, int]:
    """The whole lines from the one holding ``start`` to the one holding ``end``, with the
    comment lines indented under ``start`` that follow them (they belong to it)."""
    first = _line_start(fm, start)
    col = start - first
    stop = _after_newline(fm, end)
    while stop < len(fm):
        line = fm[stop : _line_end(fm, stop)]
        stripped = line.lstrip(" \t")
        if not stripped.startswith("#") or len(line) - len(stripped) <= col:
            break
        stop = _after_newline(fm, stop)
    return first, stop


def _apply(fm: str, edits: list[_Edit]) -> str | None:
    """``fm`` with the edits made (from the last one up); None when two overlap."""
    last = len(fm)
    for start, end, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        if end > last:
            return None
        fm = fm[:start] + text + fm[end:]
        last = start
    return fm


def _nested_edits(fm: str, node: Any, old: Any, new: Any, nl: str) -> list[_Edit] | None:
    """The edits that make collection ``node`` (which reads as ``old``) read as ``new``,
    touching only what changed; None when that cannot be done in place."""
    if isinstance(node, yaml.MappingNode) and isinstance(old, dict) and isinstance(new, dict):
        return _mapping_edits(fm, node, old, new, nl) if new else None
    if isinstance(node, yaml.SequenceNode) and isinstance(old, list) and isinstance(new, list):
        return _sequence_edits(fm, node, old, new, nl) if new else None
    return None


def _mapping_edits(
    fm: str, node: Any, old: dict[Any, Any], new: dict[Any, Any], nl: str
) -> list[_Edit] | None:
    try:
        entries = _entries(fm, node, None, 0)
    except ParseError:  # a key that is a list or a mapping
        return None
    if [e.key for e in entries] != list(old):
        return None  # keys that are not text, or repeated: the data does not say which is which
    for knode, _ in node.value:
        if not _within(node, knode) or fm[knode.end_mark.index : _colon(fm, knode)].strip(" \t"):
            return None  # merged (<<) keys, `{a}` or `? a` keys
    kept = [k for k in new if k in old]
    if kept != [k for k in old if k in new]:
        return None  # reordered
    flow = bool(node.flow_style)
    edits: list[_Edit] = []
    for i, e in enumerate(entries):
        if e.key not in new:
            if flow:
                return None  # a flow mapping is written anew (_flow_map)
            if not fm[_line_start(fm, e.key_start) : e.key_start].strip(" \t"):
                start, end = _own_lines(fm, e.key_start, max(e.val_end, e.colon_end))
                edits.append((start, end, ""))
            elif i + 1 < len(entries):  # `- key: a` then `  next: b`: `- next: b`
                edits.append((e.key_start, entries[i + 1].key_start, ""))
            else:
                return None
        elif not same_value(old[e.key], new[e.key]):
            changed = _entry_edits(fm, e, old[e.key], new[e.key], nl, flow)
            if changed is None:
                return None
            edits.extend(changed)
    added: dict[Any, dict[Any, Any]] = {}  # the key each new key follows (None: the first)
    after = None
    for k in new:
        if k in old:
            after = k
        else:
            added.setdefault(after, {})[k] = new[k]
    for k, values in added.items():
        previous = next(e for e in entries if e.key == k) if k is not None else None
        insert = _insert_keys(fm, entries, previous, values, nl, flow)
        if insert is None:
            return None
        edits.append(insert)
    return edits


def _colon(fm: str, knode: Any) -> int:
    """Index of the ``:`` after key ``knode`` (len(fm) when there is none)."""
    colon = fm.find(":", knode.end_mark.index)
    return colon if colon != -1 else len(fm)


def _entry_edits(fm: str, e: _Entry, old: Any, new: Any, nl: str, flow: bool) -> list[_Edit] | None:
    """The edits that set entry ``e`` of a nested mapping to ``new``."""
    if not e.alias and isinstance(e.node, yaml.CollectionNode):
        inside = _nested_edits(fm, e.node, old, new, nl)
        if inside is not None:
            return inside
    if not flow:
        return [_render_value_edit(fm, e, new, nl)]
    text = _flow_text(new, None if e.alias else e.node, fm)
    if text is None:
        return None
    if e.val_start == e.val_end:  # `{a: , b: 1}`: after the space that follows the colon
        at = e.colon_end + (1 if fm[e.colon_end : e.colon_end + 1] == " " else 0)
        return [(at, at, text if at > e.colon_end else " " + text)]
    return [(e.val_start, e.val_end, text)]


def _insert_keys(
    fm: str,
    entries: list[_Entry],
    previous: _Entry | None,
    values: dict[Any, Any],
    nl: str,
    flow: bool,
) -> _Edit | None:
    """The edit that writes ``values``' keys after entry ``previous`` (None: before the
    first), lined up with the mapping's keys."""
    if not entries:
        return None
    first = entries[0]
    if flow:
        parts = []
        for k, v in values.items():
            text = _flow_text(v, None, fm)
            if text is None:
                return None
            parts.append(f"{_scalar(k, None, None, flow=True)}: {text}")
        if previous is None:
            return first.key_start, first.key_start, "".join(p + ", " for p in parts)
        at = max(previous.val_end, previous.colon_end)
        return at, at, "".join(", " + p for p in parts)
    indent = _indent_of(fm, first.key_start)
    lines = [line for k, v in values.items() for line in _new_key_lines(str(k), v, nl).split(nl)]
    text = "".join((indent + line if line else line) + nl for line in lines)
    if previous is None:
        at = _line_start(fm, first.key_start)
        if fm[at : first.key_start].strip(" \t"):  # `- key:`: `- new:` then `  key:`
            return first.key_start, first.key_start, text[len(indent) :] + indent
        return at, at, text
    at = _own_lines(fm, previous.key_start, max(previous.val_end, previous.colon_end))[1]
    if at == len(fm) and not fm.endswith(("\n", "\r")):
        text = nl + text[: -len(nl)]
    return at, at, text


def _dash(fm: str, item: Any) -> int | None:
    """Index of the ``-`` of a block list item, when only indentation stands before it."""
    start = _line_start(fm, item.start_mark.index)
    m = re.fullmatch(r"([ \t]*)-[ \t]+", fm[start : item.start_mark.index])
    return start + len(m.group(1)) if m is not None else None


def _sequence_edits(
    fm: str, node: Any, old: list[Any], new: list[Any], nl: str
) -> list[_Edit] | None:
    items = node.value
    if not items or len(items) != len(old) or not all(_within(node, i) for i in items):
        return None
    flow = bool(node.flow_style)
    keep = _kept_items(old, new)
    if keep is not None:  # items taken out, the others as they were
        drop = [item for i, item in enumerate(items) if i not in keep]
        return None if flow else _drop_items(fm, drop)
    edits: list[_Edit] = []
    n = min(len(old), len(new))
    for item, before, after in zip(items[:n], old[:n], new[:n], strict=True):
        if not same_value(before, after):
            changed = _item_edits(fm, item, before, after, nl, flow)
            if changed is None:
                return None
            edits.extend(changed)
    if len(old) > n:
        dropped = None if flow else _drop_items(fm, items[n:])
        if dropped is None:
            return None
        edits.extend(dropped)
    if len(new) > n:
        last = items[-1]
        if flow:
            texts = [_flow_text(v, None, fm) for v in new[n:]]
            if any(t is None for t in texts):
                return None
            at = last.end_mark.index
            edits.append((at, at, "".join(f", {t}" for t in texts)))
        else:
            dash = _dash(fm, last)
            if dash is None:
                return None
            lines = _block(new[n:], fm[_line_start(fm, dash) : dash], nl, None, fm)
            text = "".join(line + nl for line in lines)
            at = _own_lines(fm, dash, _value_end(fm, last))[1]
            if at == len(fm) and not fm.endswith(("\n", "\r")):
                text = nl + text[: -len(nl)]
            edits.append((at, at, text))
    return edits


def _kept_items(old: list[Any], new: list[Any]) -> set[int] | None:
    """The indexes of ``old`` that make ``new`` when the others are taken out, or None when
    ``new`` is not ``old`` with items taken out."""
    if len(new) >= len(old):
        return None
    keep: set[int] = set()
    i = 0
    for j, item in enumerate(old):
        if i < len(new) and same_value(item, new[i]):
            keep.add(j)
            i += 1
    return keep if i == len(new) else None


def _drop_items(fm: str, items: list[Any]) -> list[_Edit] | None:
    """The edits that take block list ``items`` out, each with its own lines."""
    edits: list[_Edit] = []
    for item in items:
        dash = _dash(fm, item)
        if dash is None:
            return None
        start, end = _own_lines(fm, dash, _value_end(fm, item))
        edits.append((start, end, ""))
    return edits


def _item_edits(fm: str, item: Any, old: Any, new: Any, nl: str, flow: bool) -> list[_Edit] | None:
    """The edits that set list ``item`` to ``new``."""
    if isinstance(item, yaml.CollectionNode):
        inside = _nested_edits(fm, item, old, new, nl)
        if inside is not None:
            return inside
    start, end = item.start_mark.index, _value_end(fm, item)
    if flow:
        text = _flow_text(new, item, fm)
        return None if text is None else [(start, end, text)]
    old_text = fm[start:end]
    one_line = not re.search(r"[\r\n]", old_text)
    if (
        isinstance(item, yaml.ScalarNode)
        and one_line
        and item.style not in ("|", ">")
        and not isinstance(new, list | dict)
        and not (isinstance(new, str) and re.search(r"[\r\n]", new))
        and new is not None
    ):
        return [(start, end, _scalar(new, old_text, _node_style(item)))]
    dash = _dash(fm, item)
    if dash is None:
        return None
    indent = fm[_line_start(fm, dash) : dash]
    return [(dash, end, nl.join(_block([new], indent, nl, None, fm))[len(indent) :])]


def _flow_text(value: Any, node: Any, fm: str) -> str | None:
    """``value`` written for a flow collection, in the style of ``node`` (its old value, or
    None); None when it cannot be written there."""
    if isinstance(value, dict):
        return _flow_map(value, node if isinstance(node, yaml.MappingNode) else None, fm)
    if isinstance(value, list):
        return _flow_seq(value, node, fm) if value else "[]"
    if isinstance(value, str) and ("\n" in value or "\r" in value):
        return _double(value)
    old_text = old_style = None
    if isinstance(node, yaml.ScalarNode):
        old_text, old_style = fm[node.start_mark.index : node.end_mark.index], _node_style(node)
    return _scalar(value, old_text, old_style, flow=True) or "null"


_FLOW_COMMENT = re.compile(r"(?:^|[ \t\r\n])#")


def _flow_map(value: dict[Any, Any], node: Any, fm: str) -> str | None:
    """``value`` as a one-line flow mapping, its keys and unchanged values in their old text
    (``node``: the old flow mapping, or None); None when a value cannot be written so or the
    old mapping holds a comment (written on one line, it would swallow what follows)."""
    if not value:
        return "{}"
    olds: dict[Any, tuple[str, Any]] = {}
    opening, closing = "{", "}"
    if node is not None:
        props = _PROPS_RE.match(fm, node.start_mark.index)
        span = fm[props.end() if props else node.start_mark.index : node.end_mark.index]
        if _FLOW_COMMENT.search(span):
            return None
        if span.startswith("{ ") and span.endswith(" }"):
            opening, closing = "{ ", " }"
        for knode, vnode in node.value:
            if isinstance(knode, yaml.ScalarNode) and _within(node, knode):
                old_key = fm[knode.start_mark.index : knode.end_mark.index]
                olds.setdefault(knode.value, (old_key, vnode if _within(node, vnode) else None))
    parts = []
    for k, v in value.items():
        key_text, vnode = olds.get(k, (None, None)) if isinstance(k, str) else (None, None)
        text: str | None = None
        if vnode is not None:
            old_text = fm[vnode.start_mark.index : vnode.end_mark.index]
            if "\n" not in old_text and "\r" not in old_text:
                text = old_text if same_value(_loads_scalar(old_text), v) else None
        if text is None:
            text = _flow_text(v, vnode, fm)
            if text is None:
                return None
        parts.append(f"{key_text or _scalar(k, None, None, flow=True)}: {text}")
    out = opening + ", ".join(parts) + closing
    return out if same_value(_loads_scalar(out), value) else None


# --------------------------------------------------------------------------- patching


def _fm_newline(sp: _Split, fm: str, index: int | None = None) -> str:
    if index is not None:
        end = _line_end(fm, index)
        if fm.startswith("\r\n", end):
            return "\r\n"
        if fm.startswith("\n", end):
            return "\n"
    return sp.nl


def keep_quoted_date(value: Any, quoted: str | None) -> Any:
    """``value`` as it is written over a value the file holds as quoted text (``quoted``;
    None when the value there is not quoted text): a date or a date and time set over a date
    the file quotes (``"2024-02-01"``, text in YAML and TOML alike) is written as ISO text,
    which the writer puts in the same quotes, so the edit changes the value and not its type.
    Any other value is written as it is: a plain impossible date (``2023-02-30``, text too in
    YAML) or a word (``"demain"``) is replaced by a real date."""
    if not isinstance(value, dt.date) or quoted is None:
        return value
    try:
        parse_datetime(quoted)
    except ValueError:
        return value
    return _scalar(value, None, None)


def _new_key_at(fm: str, entries: list[_Entry]) -> int:
    """Where a new top-level key's lines go in ``fm``: right after the last key's lines and
    the comment lines directly below them (no blank line between: they read as its own),
    so blank lines ending the front matter, and a comment block after them, stay last. A
    front matter with no key: at its end."""
    if not entries:
        return len(fm)
    last = max(entries, key=lambda e: e.key_start)
    at = _after_newline(fm, max(last.val_end, last.colon_end))
    while at < len(fm) and fm[at : _line_end(fm, at)].lstrip(" \t").startswith("#"):
        at = _after_newline(fm, at)
    return at


def _quoted_text(entries: list[_Entry], key: str) -> str | None:
    """The text of ``key``'s value when the file writes it as a quoted scalar, else None."""
    e = next((e for e in reversed(entries) if e.key == key), None)
    if e is None or e.alias or not isinstance(e.node, yaml.ScalarNode):
        return None
    return e.node.value if _node_style(e.node) in ("'", '"') else None


def patch(
    data: bytes,
    changes: Mapping[str, Any] | None = None,
    unset: Iterable[str] = (),
    path: str | None = None,
) -> bytes:
    """Return ``data`` with top-level keys set (``changes``) or removed (``unset``), losslessly.

    A key not present goes after the last key (see _new_key_at). Returns ``data`` itself
    when nothing changes. Raises ParseError when the posting cannot be read, and
    PosteditError when a value cannot be written without changing others. A TOML or JSON
    posting is patched in its own language (see fm_toml.patch, fm_json.patch).
    """
    changes = dict(changes or {})
    unset = [k for k in unset if k not in changes]
    other = _other(data)
    if other is not None:
        for key, value in changes.items():
            _check_value(value, key, path)
        return other.patch(data, changes, unset, path)  # type: ignore[no-any-return]
    sp = _split(data, path)
    entries, fields = _load(sp, path)
    expected = dict(fields)
    fm = sp.fm
    for key in unset:
        if key not in fields and not any(e.key == key for e in entries):
            continue
        expected.pop(key, None)
        for e in reversed([e for e in entries if e.key == key]):
            start, end = _own_lines(fm, e.key_start, max(e.val_end, e.colon_end))
            key_col = e.key_start - start
            candidate = fm[:start] + fm[end:]
            if not _reads_back(
                sp, candidate, {k: v for k, v in expected.items() if k != key}, path
            ):
                # a keep-chomped block (|+) above would swallow the blank lines that followed
                # the removed key: take them along
                while end < len(fm):
                    line = fm[end : _line_end(fm, end)]
                    stripped = line.lstrip(" \t")
                    indented_comment = (
                        stripped.startswith("#") and len(line) - len(stripped) > key_col
                    )
                    if stripped and not indented_comment:
                        break
                    end = _after_newline(fm, end)
                candidate = fm[:start] + fm[end:]
            fm = candidate
        entries, _ = _load(_with_fm(sp, fm), path)
    current = fields
    for key, value in changes.items():
        _check_value(value, key, path)
        value = keep_quoted_date(value, _quoted_text(entries, key))
        if key in fields and same_value(fields[key], value):
            continue
        expected[key] = value
        matching = [e for e in entries if e.key == key]
        if matching:
            e = matching[-1]
            nl = _fm_newline(sp, fm, e.key_start)
            inside = _edit_inside(sp, fm, e, current.get(key), value, nl, expected, path)
            if inside is not None:
                candidate = inside
            else:
                start, end, text = _render_value_edit(fm, e, value, nl)
                candidate = fm[:start] + text + fm[end:]
            if isinstance(value, str) and not _reads_back(sp, candidate, expected, path):
                start, end, text = _render_value_edit(fm, e, value, nl, plain_quotes=True)
                candidate = fm[:start] + text + fm[end:]
            fm = candidate
        else:
            nl = sp.nl
            indent = ""
            if entries:  # a front matter indented as a whole: new keys line up with the others
                first = entries[0].key_start
                indent = fm[_line_start(fm, first) : first]
            lines = _new_key_lines(key, value, nl).split(nl)
            text = nl.join(indent + line if line else line for line in lines) + nl
            appended = (fm if not fm or fm.endswith(("\n", "\r")) else fm + nl) + text
            at = _new_key_at(fm, entries)
            candidate = fm[:at] + text + fm[at:] if at < len(fm) else appended
            if at < len(fm) and not _reads_back(sp, candidate, expected, path):
                candidate = appended  # a keep-chomped block (|+) last owns the lines after it
            fm = candidate
        entries, current = _load(_with_fm(sp, fm), path)
    if fm == sp.fm:
        return data
    new = sp.rebuild(fm=fm)
    check = parse(new, path)
    if not same_value(check.fields, expected) or check.body != sp.body:
        asked = set(changes) | set(unset)
        bad = sorted(
            str(k)
            for k in set(expected) | set(check.fields)
            if not same_value(expected.get(k, _Unreadable), check.fields.get(k, _Unreadable))
        )
        others = [k for k in bad if k not in asked]
        what = ", ".join(sorted(str(k) for k in asked)) or "the change"
        also = f"it would also change {', '.join(others)}" if others else "it would not read back"
        raise PosteditError(
            f"cannot write {what}: {also} (YAML anchors/aliases or unusual syntax); "
            "edit this posting by hand",
            path,
        )
    return new


def _edit_inside(
    sp: _Split,
    fm: str,
    e: _Entry,
    old: Any,
    value: Any,
    nl: str,
    expected: Mapping[str, Any],
    path: str | None,
) -> str | None:
    """``fm`` with the mapping or list of entry ``e`` (which reads as ``old``) edited where
    it differs from ``value`` only (see _nested_edits), or None when it cannot be, or would
    not read back as ``expected``."""
    if e.alias or not isinstance(e.node, yaml.CollectionNode):
        return None
    edits = _nested_edits(fm, e.node, old, value, nl)
    candidate = None if edits is None else _apply(fm, edits)
    if candidate is None or not _reads_back(sp, candidate, expected, path):
        return None
    return candidate


def _reads_back(sp: _Split, fm: str, expected: Mapping[str, Any], path: str | None) -> bool:
    """Does front matter ``fm`` read as ``expected`` (for the keys set so far)?"""
    try:
        _, fields = _load(_with_fm(sp, fm), path, locate=False)
    except ParseError:
        return False
    return all(same_value(fields.get(k, _Unreadable), v) for k, v in expected.items())


def _with_fm(sp: _Split, fm: str) -> _Split:
    text = sp.text[: sp.fm_start] + fm + sp.text[sp.fm_end :]
    delta = len(fm) - (sp.fm_end - sp.fm_start)
    return _Split(
        sp.bom,
        text,
        sp.fm_start,
        sp.fm_end + delta,
        sp.body_start + delta,
        sp.open_line,
        sp.fm_line0,
    )


def _check_value(value: Any, key: str, path: str | None) -> None:
    if isinstance(value, list):
        for v in value:
            _check_value(v, key, path)
    elif isinstance(value, dict):
        for v in value.values():
            _check_value(v, key, path)
    elif not (value is None or isinstance(value, bool | int | float | str | dt.date)):
        raise PosteditError(f"{key}: cannot write a {type(value).__name__} value", path)


def replace_body(data: bytes, body: str, path: str | None = None) -> bytes:
    """Return ``data`` with its body replaced (newlines converted to the file's style)."""
    sp = _split_any(data, path)
    old = sp.body
    crlf = old.count("\r\n")
    lf = old.count("\n") - crlf
    if crlf > lf or (not old.strip() and sp.nl == "\r\n"):
        body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    if body == old:
        return data
    return sp.rebuild(body=body)


def render_new(fields: Mapping[str, Any], body: str = "", fmt: str = "yaml") -> bytes:
    """Bytes of a new posting with these fields (in order) and body, LF line endings, its
    front matter in ``fmt`` (``yaml``, ``toml`` or ``json``)."""
    for key, value in fields.items():
        _check_value(value, str(key), None)
    if fmt == "toml":
        from postedit.core import fm_toml

        return fm_toml.render(fields, body)
    if fmt == "json":
        from postedit.core import fm_json

        return fm_json.render(fields, body)
    lines = ["---"]
    for key, value in fields.items():
        _check_value(value, key, None)
        lines.append(_new_key_lines(str(key), value, "\n"))
    lines.append("---")
    text = "\n".join(lines) + "\n" + body
    return text.encode("utf-8")
