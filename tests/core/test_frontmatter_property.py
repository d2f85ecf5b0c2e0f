"""Property tests: random front matter in mixed styles and random edit sequences."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from postedit.core import frontmatter as fm

KEYS = [
    "title",
    "roles",
    "open",
    "date",
    "startup",
    "domaines",
    "contrat",
    "tags",
    "n",
    "note",
    "k2",
]
words = st.text(alphabet="abcdeéxyz -:#'\"01.", min_size=0, max_size=12)
plain_words = (
    st.text(alphabet="abcdefghijkl éàç", min_size=1, max_size=12).map(str.strip).filter(bool)
)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31))
datetimes = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2090, 1, 1)).map(
    lambda d: d.replace(microsecond=(d.microsecond // 1000) * 1000, tzinfo=dt.UTC)
)
scalars = st.one_of(
    words, plain_words, st.booleans(), st.integers(-(10**6), 10**6), dates, datetimes, st.none()
)
values = st.one_of(scalars, st.lists(plain_words | words, max_size=4))


@st.composite
def entry(draw: st.DrawFn, key: str) -> tuple[str, Any]:
    """One ``key: value`` line (or block) in a random style, and its value."""
    kind = draw(
        st.sampled_from(
            [
                "plain",
                "single",
                "double",
                "bool",
                "int",
                "date",
                "datetime",
                "flow",
                "block",
                "null",
                "literal",
            ]
        )
    )
    comment = draw(st.sampled_from(["", "", "  # note"]))
    if kind == "plain":
        v = draw(plain_words)
        return f"{key}: {v}{comment}", v
    if kind == "single":
        v = draw(words)
        return f"{key}: '{v.replace(chr(39), chr(39) * 2)}'{comment}", v
    if kind == "double":
        v = draw(words)
        return (
            f'{key}: "{v.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"{comment}',
            v,
        )
    if kind == "bool":
        spelled = draw(st.sampled_from(["true", "false", "True", "False", "yes", "no"]))
        return f"{key}: {spelled}{comment}", spelled.lower() in ("true", "yes")
    if kind == "int":
        v = draw(st.integers(0, 10**6))
        return f"{key}: {v}{comment}", v
    if kind == "date":
        v = draw(dates)
        return f"{key}: {v.isoformat()}{comment}", v
    if kind == "datetime":
        v = draw(datetimes)
        return f"{key}: {v.strftime('%Y-%m-%dT%H:%M:%S')}.{v.microsecond // 1000:03d}Z{comment}", v
    if kind == "flow":
        items = draw(st.lists(plain_words, max_size=3))
        return f"{key}: [{', '.join(items)}]{comment}", items
    if kind == "block":
        items = draw(st.lists(plain_words, min_size=1, max_size=3))
        indent = draw(st.sampled_from(["", "  ", "    "]))
        return f"{key}:{comment}\n" + "\n".join(f"{indent}- {i}" for i in items), items
    if kind == "literal":
        lines = draw(st.lists(plain_words, min_size=1, max_size=3))
        return f"{key}: |\n" + "\n".join(f"  {x}" for x in lines), "\n".join(lines) + "\n"
    return f"{key}:{comment}", None


@st.composite
def document(draw: st.DrawFn) -> tuple[bytes, dict[str, Any]]:
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=0, max_size=7, unique=True))
    parts, expected = [], {}
    for key in keys:
        text, value = draw(entry(key))
        parts.append(text)
        expected[key] = value
        if draw(st.integers(0, 5)) == 0:
            parts.append(draw(st.sampled_from(["", "# a comment"])))
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    body = draw(st.sampled_from(["", "Body\n", "## T\n\ntext\n---\nmore", "x"]))
    text = nl.join(["---", *parts, "---"]) + nl + body.replace("\n", nl)
    bom = "\ufeff" if draw(st.booleans()) else ""
    return (bom + text).encode(), expected


edits = st.lists(
    st.tuples(st.sampled_from(KEYS), st.one_of(values, st.just("__unset__"))),
    min_size=1,
    max_size=4,
)


def _lines_of(data: bytes) -> list[bytes]:
    return data.splitlines()


@given(document(), edits)
def test_property_random_edits(
    doc: tuple[bytes, dict[str, Any]], changes: list[tuple[str, Any]]
) -> None:
    data, expected = doc
    parsed = fm.parse(data)
    assert parsed.fields == expected
    current = data
    want = dict(expected)
    touched = set()
    for key, value in changes:
        touched.add(key)
        if value == "__unset__":
            current = fm.patch(current, unset=[key])
            want.pop(key, None)
        else:
            current = fm.patch(current, {key: value})
            want[key] = value
    after = fm.parse(current)
    assert after.fields == want
    assert after.body == parsed.body
    # every line of an untouched key is still there, in order
    untouched = [k for k in expected if k not in touched]
    old_lines = _lines_of(data)
    new_lines = _lines_of(current)
    for key in untouched:
        line = parsed.key_lines[key]
        assert old_lines[line - 1] in new_lines
    # BOM and final newline are kept
    assert current.startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf")
    assert current.endswith((b"\n", b"\r")) == data.endswith((b"\n", b"\r")) or not parsed.body


@given(document(), st.sampled_from(KEYS), values)
def test_property_set_and_back_restores_bytes(
    doc: tuple[bytes, dict[str, Any]], key: str, value: Any
) -> None:
    data, expected = doc
    if key not in expected:
        return
    old = expected[key]
    # only where the new value fits the style the field is written in
    if type(old) is not type(value) or isinstance(old, list | str) or old is None:
        return
    out = fm.patch(data, {key: value})
    assert fm.parse(out).fields[key] == value
    assert fm.patch(out, {key: old}) == data


# --------------------------------------------------------------- the fast split (no decoding)

fragments = st.sampled_from(
    [
        "---",
        "...",
        "\n",
        "\r\n",
        "\r",
        " ",
        "\t",
        "a: b",
        "k: 'x'",
        "é",
        "’",
        "\x00",
        "-",
        "#",
    ]
)
raw_bytes = st.one_of(
    st.lists(fragments, max_size=24).map(lambda parts: "".join(parts).encode("utf-8")),
    st.binary(max_size=40).map(lambda b: b"---\n" + b),
    st.lists(fragments, max_size=12).map(
        lambda parts: b"\xef\xbb\xbf---\r\n" + "".join(parts).encode() + b"\n---\n\xe9"
    ),
)


@given(raw_bytes)
def test_property_fast_split_agrees_with_split(data: bytes) -> None:
    """Where the byte-level split answers, it finds what the text-level one finds."""
    fast = fm._split_fast(data)
    if fast is None:
        return
    try:
        sp = fm._split(data, None)
    except fm.ParseError:
        # only a decoding error may remain, which parse() hands back to _split
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return
        raise
    bom = 3 if sp.bom else 0

    def at(index: int) -> int:
        return bom + len(sp.text[:index].encode("utf-8"))

    assert fast == (at(sp.fm_start), at(sp.fm_end), at(sp.body_start))


@given(raw_bytes)
def test_property_parse_without_body_is_parse(data: bytes) -> None:
    """``parse(body=False)`` reads the same fields, lines and errors as ``parse``."""
    try:
        full = fm.parse(data, "p.md")
    except fm.ParseError as exc:
        try:
            fm.parse(data, "p.md", body=False)
        except fm.ParseError as again:
            assert (again.message, again.line) == (exc.message, exc.line)
            return
        raise AssertionError("parse(body=False) accepted what parse refused") from None
    slim = fm.parse(data, "p.md", body=False)
    assert slim.body == ""
    assert slim == fm.Document(
        full.fields,
        "",
        full.key_lines,
        full.duplicates,
        full.front_matter_line,
        full.body_offset,
    )
    assert data[full.body_offset :].decode("utf-8") == full.body


iso_datetimes = st.builds(
    lambda d, t, frac, tz: f"{d}T{t}{frac}{tz}",
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
    st.from_regex(r"[0-9]{2}:[0-9]{2}:[0-9]{2}", fullmatch=True),
    st.sampled_from(["", ".8", ".886", ".123456", ".000001"]),
    st.sampled_from(["", "Z", "+00:00", "-05:30", "+14:00", "+23:59", "-00:00", "+99:99"]),
)


@given(iso_datetimes)
def test_property_fast_datetimes_read_as_pyyaml_reads_them(value: str) -> None:
    """The fromisoformat shortcut gives PyYAML's datetime, or the text where PyYAML fails."""
    import yaml

    got = fm.parse(f"---\nd: {value}\n---\n".encode()).fields["d"]
    try:
        want = yaml.load(f"d: {value}", Loader=yaml.SafeLoader)["d"]  # noqa: S506 - safe
    except ValueError:
        want = value  # an impossible date or time stays text
    assert type(got) is type(want) and got == want
    if isinstance(want, dt.datetime):
        assert got.utcoffset() == want.utcoffset()
