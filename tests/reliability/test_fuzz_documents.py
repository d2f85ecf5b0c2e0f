"""Fuzz the lossless front-matter core with generated documents and edit sequences.

Goes further than tests/core/test_frontmatter_property.py: every YAML scalar style (plain,
single- and double-quoted with escapes, multi-line flow scalars, block scalars ``|``/``>``
with chomping and indentation indicators), flow and block collections, nested mappings,
comment lines and blank lines anywhere, trailing comments, CRLF, a BOM, no final newline.
PyYAML's safe loader is the oracle for what a document means.

Properties:
- parse gives exactly what PyYAML reads;
- after any sequence of set/unset/add edits, the file parses to the expected data, the body
  and every line outside the edited keys are unchanged (in order), BOM and newlines kept;
- setting every edited value back restores the original bytes when each new value fits the
  style its field is written in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import yaml
from hypothesis import given, note
from hypothesis import strategies as st

from postedit.core import frontmatter as fm
from tests.reliability.fuzzing import fuzz_settings, is_subsequence, same

KEYS = ["title", "open", "date", "tags", "contact", "startup", "note", "n", "where", "x-y"]
NEW_KEYS = ["added", "extra_key", "z"]

plain_word = st.text(alphabet="abcdefghij", min_size=1, max_size=8)
plain_text = st.lists(plain_word, min_size=1, max_size=4).map(" ".join)
any_line = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)
quotable = st.text(
    alphabet=st.sampled_from(list("ab 'é\"\\:#-[]{},&*!|>%@`?") + ["ü", "€", "😀"]),
    max_size=12,
)
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))


@dataclass
class Entry:
    """One generated key with its text (lines without newline), style and value kind."""

    key: str
    lines: list[str]
    kind: str
    restorable: bool


def _dq_canonical(s: str) -> str:
    out = []
    esc = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}
    for c in s:
        out.append(esc.get(c, c))
    return '"' + "".join(out) + '"'


_DQ_ODD = [
    ("A", "\\x41"),
    ("é", "\\u00e9"),
    ("/", "\\/"),
    (" ", "\\ "),
    ("\x00", "\\0"),
    ("\u00a0", "\\_"),
    ("\x1b", "\\e"),
    ("😀", "\\U0001F600"),
    ("\t", "\\t"),
]


ALL_KINDS = [
    "plain",
    "single",
    "double",
    "double_odd",
    "multiline_plain",
    "multiline_dq",
    "bool",
    "int",
    "float",
    "date",
    "datetime",
    "null",
    "null_word",
    "literal",
    "literal_strip",
    "literal_keep",
    "literal_indent",
    "folded",
    "folded_strip",
    "flow_seq",
    "flow_seq_quoted",
    "flow_map",
    "block_seq",
    "nested_map",
    "quoted_key",
]
RESTORABLE_KINDS = [
    "plain",
    "single",
    "double",
    "bool",
    "int",
    "float",
    "date",
    "datetime",
    "null",
    "literal",
    "literal_strip",
    "flow_seq",
    "block_seq",
]


@st.composite
def entry(draw: st.DrawFn, key: str, kinds: tuple[str, ...] = tuple(ALL_KINDS)) -> Entry:
    kind = draw(st.sampled_from(kinds))
    comment = draw(st.sampled_from(["", "", "  # trailing", " #t"]))
    if kind == "plain":
        return Entry(key, [f"{key}: {draw(plain_text)}{comment}"], kind, True)
    if kind == "single":
        v = draw(quotable)
        return Entry(key, [f"{key}: '{v.replace(chr(39), chr(39) * 2)}'{comment}"], kind, True)
    if kind == "double":
        return Entry(key, [f"{key}: {_dq_canonical(draw(quotable))}{comment}"], kind, True)
    if kind == "double_odd":
        parts = draw(st.lists(st.sampled_from(_DQ_ODD), min_size=1, max_size=4))
        return Entry(key, [f'{key}: "a{"".join(e for _, e in parts)}"{comment}'], kind, False)
    if kind == "multiline_plain":
        a, b = draw(plain_text), draw(plain_text)
        return Entry(key, [f"{key}: {a}", f"  {b}"], kind, False)
    if kind == "multiline_dq":
        a, b = draw(plain_text), draw(plain_text)
        return Entry(key, [f'{key}: "{a}', f'  {b}"{comment}'], kind, False)
    if kind == "bool":
        spelled = draw(
            st.sampled_from(["true", "false", "True", "False", "yes", "no", "ON", "off"])
        )
        return Entry(key, [f"{key}: {spelled}{comment}"], kind, True)
    if kind == "int":
        return Entry(key, [f"{key}: {draw(st.integers(-(10**9), 10**9))}{comment}"], kind, True)
    if kind == "float":
        f = draw(st.floats(-1e6, 1e6, allow_nan=False).filter(lambda x: "e" not in repr(x)))
        return Entry(key, [f"{key}: {f!r}{comment}"], kind, True)
    if kind == "date":
        return Entry(key, [f"{key}: {draw(dates).isoformat()}{comment}"], kind, True)
    if kind == "datetime":
        form = draw(
            st.sampled_from(["%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S+02:00"])
        )
        d = draw(st.datetimes(dt.datetime(1970, 1, 1), dt.datetime(2100, 1, 1)))
        return Entry(key, [f"{key}: {d.strftime(form)}{comment}"], kind, form.endswith("Z"))
    if kind == "null":
        # `key: #c` (one space) comes back as `key:  #c`: test_null_with_one_space_before_a_comment
        return Entry(key, [f"{key}:{comment}"], kind, comment != " #t")
    if kind == "null_word":
        return Entry(
            key, [f"{key}: {draw(st.sampled_from(['null', '~', 'Null']))}{comment}"], kind, False
        )
    if kind.startswith(("literal", "folded")):
        lines = draw(st.lists(plain_text, min_size=1, max_size=3))
        if draw(st.booleans()) and len(lines) > 1:
            lines.insert(1, "")
        ind = {
            "literal": "|",
            "literal_strip": "|-",
            "literal_keep": "|+",
            "literal_indent": "|2",
            "folded": ">",
            "folded_strip": ">-",
        }[kind]
        text = [f"{key}: {ind}{comment}"] + [f"  {x}" if x else "" for x in lines]
        if kind == "literal_keep":
            text.append("")
        # a one-line `|-` value is written back plain: only multi-line ones restore
        # and a comment on the `|` line is dropped when the block is rewritten (allowed)
        restorable = not comment and (
            kind == "literal" or (kind == "literal_strip" and len(lines) > 1)
        )
        return Entry(key, text, kind, restorable)
    if kind in ("flow_seq", "flow_seq_quoted"):
        items = draw(st.lists(plain_word, max_size=3))
        if kind == "flow_seq_quoted":
            items = [f"'{i}'" if n % 2 else f'"{i}"' for n, i in enumerate(items)]
        return Entry(key, [f"{key}: [{', '.join(items)}]{comment}"], kind, kind == "flow_seq")
    if kind == "flow_map":
        ks = draw(st.lists(plain_word, max_size=3, unique=True))
        body = ", ".join(f"{k}: {draw(st.integers(0, 99))}" for k in ks)
        return Entry(key, [f"{key}: {{{body}}}{comment}"], kind, False)
    if kind == "block_seq":
        items = draw(st.lists(plain_text, min_size=1, max_size=3))
        indent = draw(st.sampled_from(["", "  ", "    "]))
        return Entry(key, [f"{key}:{comment}"] + [f"{indent}- {i}" for i in items], kind, True)
    if kind == "nested_map":
        ks = draw(st.lists(plain_word, min_size=1, max_size=3, unique=True))
        return Entry(key, [f"{key}:"] + [f"  {k}: {draw(plain_text)}" for k in ks], kind, False)
    # quoted_key
    return Entry(key, [f'"{key}": {draw(plain_text)}{comment}'], kind, False)


@dataclass
class Doc:
    """A generated posting."""

    data: bytes
    entries: list[Entry]
    extra_lines: list[str]
    nl: str
    body: str


@st.composite
def document(draw: st.DrawFn, restorable_only: bool = False, keep_blocks: bool = True) -> Doc:
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=7, unique=True))
    entries = []
    for k in keys:
        kinds = RESTORABLE_KINDS if restorable_only else ALL_KINDS
        if not keep_blocks:  # the edit tests: see test_unset_after_a_keep_block
            kinds = [k for k in kinds if k != "literal_keep"]
        e = draw(entry(k, tuple(kinds)))
        if restorable_only and not e.restorable:
            e = draw(entry(k, ("plain", "int", "bool")))
        entries.append(e)
    lines: list[str] = []
    extra: list[str] = []
    n = 0
    for e in [None, *entries]:
        if e is not None:
            lines.extend(e.lines)
        for _ in range(draw(st.integers(0, 2))):
            n += 1
            filler = draw(st.sampled_from([f"# comment {n}", "", f"  # indented {n}"]))
            if e is not None and e.kind.startswith(("literal", "folded")):
                filler = filler.strip()  # an indented line there is block content
            lines.append(filler)
            if e is not None and filler.startswith(" ") and lines[-2] in e.lines[-1:]:
                e.lines.append(filler)  # an indented comment right under a key goes with it
            else:
                extra.append(filler)
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    body = draw(st.sampled_from(["", "Body\n", "# Title\n\ntext\n---\nmore\n", "no newline", "\n"]))
    closing = draw(st.sampled_from(["---", "---", "...", "--- "]))
    text = nl.join(["---", *lines, closing])
    if body or draw(st.booleans()):
        text += nl + body.replace("\n", nl)
    bom = "\ufeff" if draw(st.booleans()) else ""
    return Doc((bom + text).encode(), entries, extra, nl, body.replace("\n", nl))


def _oracle(doc: Doc) -> dict[str, Any]:
    text = doc.data.decode("utf-8-sig")
    fm_text = text.split(doc.nl, 1)[1]
    end = [i for i, line in enumerate(fm_text.split(doc.nl)) if line.rstrip() in ("---", "...")][0]
    fm_lines = fm_text.split(doc.nl)[:end]
    data = yaml.load("".join(line + doc.nl for line in fm_lines), Loader=yaml.SafeLoader)
    return data or {}


new_values = st.one_of(
    any_line,
    quotable,
    plain_text,
    st.booleans(),
    st.none(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=True),
    dates,
    st.datetimes(dt.datetime(1970, 1, 1), dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)),
    st.lists(st.one_of(plain_text, quotable, st.integers(), st.booleans()), max_size=4),
    st.dictionaries(plain_word, st.one_of(plain_text, st.integers()), max_size=3),
    st.lists(plain_text, min_size=1, max_size=3).map(lambda ls: "\n".join(ls) + "\n"),
    st.text(alphabet="ab\n \t#:'\"", max_size=15),
)

ops = st.lists(
    st.one_of(
        st.tuples(st.just("set"), st.sampled_from(KEYS + NEW_KEYS), new_values),
        st.tuples(st.just("unset"), st.sampled_from(KEYS + NEW_KEYS), st.none()),
    ),
    min_size=1,
    max_size=5,
)


def _untouched_lines(doc: Doc, touched: set[str]) -> list[bytes]:
    """The file's lines outside the touched keys (delimiters, comments, blank lines, body)."""
    text = doc.data.decode("utf-8")
    skip: list[str] = []
    for e in doc.entries:
        if e.key in touched:
            skip.extend(e.lines)
    out = []
    after_touched = False
    for line in text.split(doc.nl):
        if skip and line == skip[0]:
            skip.pop(0)
            after_touched = True
            continue
        stripped = line.lstrip(" \t")
        # blank lines and indented comments right under a touched key may go with it (a
        # removed key takes them along when a block scalar above would swallow them)
        if after_touched and (not stripped or (stripped.startswith("#") and stripped != line)):
            continue
        after_touched = False
        out.append(line.encode())
    return out


@fuzz_settings(ci=100)
@given(document())
def test_parse_reads_what_yaml_reads(doc: Doc) -> None:
    note(repr(doc.data))
    parsed = fm.parse(doc.data)
    assert same(parsed.fields, _oracle(doc))
    assert parsed.body == doc.body


@fuzz_settings(ci=100)
@given(document(keep_blocks=False), ops)
def test_edit_sequences_change_only_the_edited_keys(
    doc: Doc, edits: list[tuple[str, str, Any]]
) -> None:
    note(repr(doc.data))
    want = dict(_oracle(doc))
    current = doc.data
    touched: set[str] = set()
    for op, key, value in edits:
        touched.add(key)
        if op == "set":
            current = fm.patch(current, {key: value})
            want[key] = value
        else:
            current = fm.patch(current, unset=[key])
            want.pop(key, None)
        note(repr(current))
        after = fm.parse(current)
        assert same(dict(sorted(after.fields.items())), dict(sorted(want.items())))
        assert after.body == doc.body
    assert current.startswith(b"\xef\xbb\xbf") == doc.data.startswith(b"\xef\xbb\xbf")
    if doc.nl == "\r\n":
        fm_part = current.split(b"\r\n---", 1)[0] if b"\r\n---" in current else current
        assert b"\n" not in fm_part.replace(b"\r\n", b""), "LF written into a CRLF file"
    kept = _untouched_lines(doc, touched)
    lines = current.decode("utf-8").split(doc.nl)
    assert is_subsequence(kept, [line.encode() for line in lines])


def _fitting(draw: st.DrawFn, e: Entry, old: Any) -> Any:
    """A new value that fits the style the entry is written in."""
    k = e.kind
    if k == "plain":
        return draw(plain_text)
    if k == "single":
        return draw(quotable)
    if k == "double":
        return draw(quotable)
    if k == "bool":
        return not old
    if k == "int":
        return draw(st.integers(-(10**9), 10**9))
    if k == "float":
        return draw(st.floats(-1e6, 1e6, allow_nan=False).filter(lambda x: "e" not in repr(x)))
    if k == "date":
        return draw(dates)
    if k == "datetime":
        return draw(
            st.datetimes(
                dt.datetime(1970, 1, 1), dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
            )
        ).replace(microsecond=0)
    if k == "null":
        return draw(st.one_of(plain_text, st.integers(), st.booleans()))
    if k == "literal":
        return "\n".join(draw(st.lists(plain_text, min_size=2, max_size=3))) + "\n"
    if k == "literal_strip":
        return "\n".join(draw(st.lists(plain_text, min_size=2, max_size=3)))
    if k == "flow_seq":
        return draw(st.lists(plain_word, max_size=3))
    if k == "block_seq":
        return draw(st.lists(plain_text, min_size=1, max_size=3))
    raise AssertionError(k)


@fuzz_settings(ci=100)
@given(document(restorable_only=True), st.data())
def test_setting_values_back_restores_the_bytes(doc: Doc, data: st.DataObject) -> None:
    note(repr(doc.data))
    original = _oracle(doc)
    chosen = data.draw(
        st.lists(st.sampled_from(doc.entries), min_size=1, unique_by=lambda e: e.key)
    )
    current = doc.data
    for e in chosen:
        value = _fitting(data.draw, e, original[e.key])
        current = fm.patch(current, {e.key: value})
        assert same(fm.parse(current).fields[e.key], value)
    note(repr(current))
    for e in reversed(chosen):
        current = fm.patch(current, {e.key: original[e.key]})
    assert current == doc.data


def test_null_with_comment_set_and_back() -> None:
    data = b"---\ntitle:  # trailing\n---\n"
    out = fm.patch(data, {"title": 0})
    assert fm.parse(out).fields["title"] == 0
    assert fm.patch(out, {"title": None}) == data


def test_unset_before_an_indented_comment() -> None:
    data = b"---\ncontact: |\n  a\nx: b\n  # note\n---\n"
    out = fm.patch(data, unset=["x"])
    assert fm.parse(out).fields == {"contact": "a\n"}


def test_multiline_value_above_an_indented_comment() -> None:
    data = b"---\ntitle: a\n  # note\nopen: a\n---"
    out = fm.patch(data, {"title": "0\n"})
    assert fm.parse(out).fields == {"title": "0\n", "open": "a"}


def test_multiline_value_for_a_key_with_a_trailing_comment() -> None:
    data = b"---\ntitle: a  # trailing\nopen: a\n---\n"
    out = fm.patch(data, {"title": "line one\nline two\n"})
    assert fm.parse(out).fields == {"title": "line one\nline two\n", "open": "a"}


def test_control_character_in_a_single_quoted_value() -> None:
    for value in ("\x7f", "a\x80b", "\x9f"):
        out = fm.patch(b"---\nx: ''\n---\n", {"x": value})
        assert fm.parse(out).fields["x"] == value


def test_unset_after_a_keep_block() -> None:
    data = b"---\nopen: |+\n  a\n\ntitle: a\n\n---\n"
    out = fm.patch(data, unset=["title"])
    assert fm.parse(out).fields == {"open": "a\n\n"}


def test_null_with_one_space_before_a_comment() -> None:
    data = b"---\nnote: #c\n---\n"
    out = fm.patch(data, {"note": "x"})
    assert fm.parse(out).fields["note"] == "x"
    assert fm.patch(out, {"note": None}) == data
