"""TOML (``+++``) and JSON front matter: read as Hugo and Decap read them, edited byte-exact."""

from __future__ import annotations

import datetime as dt
import difflib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postedit.core import frontmatter as fm
from postedit.core.errors import ParseError

TOML = (
    b"+++\n"
    b"title = 'Hello \"world\"'   # the title\n"
    b"draft = false # not yet\n"
    b"date = 2024-01-02T10:00:00Z\n"
    b"tags = [\"a\", 'b']\n"
    b"\n"
    b"[params]\n"
    b"draft = true\n"
    b"+++\n"
    b"Body here\n"
    b"+++ not a close\n"
)

JSON = (
    b'{\n  "title": "Hi",\n  "draft": false,\n  "tags": ["a", "b"],\n  "n": {"a": 1}\n}\nBody {\n'
)


def changed_lines(old: bytes, new: bytes) -> list[str]:
    """The lines removed or added between two files."""
    diff = difflib.unified_diff(
        old.decode().splitlines(keepends=True), new.decode().splitlines(keepends=True), n=0
    )
    return [
        line
        for line in diff
        if line[:1] in "+-" and not line.startswith(("+++ ", "--- ")) and line != "--- \n"
    ]


def test_toml_is_read_with_native_types_lines_and_body() -> None:
    doc = fm.parse(TOML, "a.md")
    assert doc.fields == {
        "title": 'Hello "world"',
        "draft": False,
        "date": dt.datetime(2024, 1, 2, 10, 0, tzinfo=dt.UTC),
        "tags": ["a", "b"],
        "params": {"draft": True},
    }
    assert doc.key_lines == {"title": 2, "draft": 3, "date": 4, "tags": 5, "params": 7}
    assert doc.body == "Body here\n+++ not a close\n"
    assert TOML[doc.body_offset :] == b"Body here\n+++ not a close\n"


def test_toml_toggle_is_a_one_line_diff_keeping_the_comment() -> None:
    new = fm.patch(TOML, {"draft": True}, (), "a.md")
    assert changed_lines(TOML, new) == ["-draft = false # not yet\n", "+draft = true # not yet\n"]
    assert fm.patch(new, {"draft": False}, (), "a.md") == TOML  # and back, byte for byte


def test_toml_string_keeps_its_literal_quotes_and_table_keys_stay() -> None:
    new = fm.patch(TOML, {"title": "New"}, (), "a.md")
    assert changed_lines(TOML, new) == [
        "-title = 'Hello \"world\"'   # the title\n",
        "+title = 'New'   # the title\n",
    ]
    assert fm.parse(new).fields["params"] == {"draft": True}


def test_toml_dates_are_written_as_toml_dates() -> None:
    new = fm.patch(TOML, {"date": dt.date(2024, 3, 4)}, (), "a.md")
    assert changed_lines(TOML, new) == ["-date = 2024-01-02T10:00:00Z\n", "+date = 2024-03-04\n"]
    assert fm.parse(new).fields["date"] == dt.date(2024, 3, 4)


@pytest.mark.parametrize(
    ("old", "value", "new"),
    [
        (b'date = "2024-02-01"', dt.date(2024, 3, 5), b'date = "2024-03-05"'),
        (b"date = '2024-02-01 10:00'", dt.date(2024, 3, 5), b"date = '2024-03-05'"),
        (
            b'date = "2021-07-27T09:01:21Z"  # UTC',
            dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC),
            b'date = "2024-03-05T09:30:00Z"  # UTC',
        ),
        (b"date = 2024-02-01", dt.date(2024, 3, 5), b"date = 2024-03-05"),
        (b'date = "demain"', dt.date(2024, 3, 5), b"date = 2024-03-05"),  # a typo fixed: a date
    ],
)
def test_a_date_the_toml_quotes_stays_quoted_text(old: bytes, value: object, new: bytes) -> None:
    """The YAML rule (test_frontmatter.py): a date set over a date the file quotes is written
    as text in the same quotes, so the edit does not change the value's TOML type."""
    data = b"+++\ntitle = 'A'\n" + old + b"\n+++\nBody\n"
    assert fm.patch(data, {"date": value}, (), "a.md") == data.replace(old, new)


def test_toml_new_key_goes_before_the_first_table_and_null_removes() -> None:
    new = fm.patch(TOML, {"weight": 3}, (), "a.md")
    assert fm.parse(new).fields["weight"] == 3
    assert new.index(b"weight = 3") < new.index(b"[params]")
    gone = fm.patch(TOML, {"draft": None}, (), "a.md")
    assert changed_lines(TOML, gone) == ["-draft = false # not yet\n"]
    assert fm.patch(TOML, {}, ("draft",), "a.md") == gone


def test_toml_unchanged_value_writes_nothing() -> None:
    assert fm.patch(TOML, {"draft": False}, (), "a.md") is TOML


def test_toml_crlf_and_bom_are_kept() -> None:
    data = b"\xef\xbb\xbf" + TOML.replace(b"\n", b"\r\n")
    new = fm.patch(data, {"draft": True}, (), "a.md")
    assert new == data.replace(b"draft = false", b"draft = true")


def test_toml_errors_name_the_line() -> None:
    with pytest.raises(ParseError) as bad:
        fm.parse(b"+++\ntitle = 'a'\ndraft = = true\n+++\n", "x.md")
    assert bad.value.line == 3 and "invalid TOML" in bad.value.message
    with pytest.raises(ParseError) as dup:
        fm.parse(b"+++\na = 1\na = 2\n+++\n", "x.md")
    assert dup.value.line == 3
    with pytest.raises(ParseError, match="not closed"):
        fm.parse(b"+++\na = 1\n", "x.md")


def test_json_is_read_with_lines_and_body() -> None:
    doc = fm.parse(JSON, "b.md")
    assert doc.fields == {"title": "Hi", "draft": False, "tags": ["a", "b"], "n": {"a": 1}}
    assert doc.key_lines == {"title": 2, "draft": 3, "tags": 4, "n": 5}
    assert doc.body == "Body {\n"
    assert JSON[doc.body_offset :] == b"Body {\n"


def test_json_duplicate_keys_are_reported_and_the_last_wins() -> None:
    doc = fm.parse(b'{\n"a": 1,\n"a": 2\n}\n', "b.md")
    assert doc.fields == {"a": 2}
    assert doc.duplicates == (("a", 2, 3),)


def test_json_toggle_is_a_one_line_diff() -> None:
    new = fm.patch(JSON, {"draft": True}, (), "b.md")
    assert changed_lines(JSON, new) == ['-  "draft": false,\n', '+  "draft": true,\n']
    assert fm.patch(new, {"draft": False}, (), "b.md") == JSON


def test_json_add_and_remove_members_keep_the_layout() -> None:
    added = fm.patch(JSON, {"weight": 2}, (), "b.md")
    assert changed_lines(JSON, added) == [
        '-  "n": {"a": 1}\n',
        '+  "n": {"a": 1},\n',
        '+  "weight": 2\n',
    ]
    assert fm.patch(JSON, {}, ("title",), "b.md") == JSON.replace(b'  "title": "Hi",\n', b"")
    last = fm.patch(JSON, {}, ("n",), "b.md")
    assert changed_lines(JSON, last) == [
        '-  "tags": ["a", "b"],\n',
        '-  "n": {"a": 1}\n',
        '+  "tags": ["a", "b"]\n',
    ]
    assert fm.parse(fm.patch(b"{}\nbody", {"a": dt.date(2024, 1, 2)}, (), "c.md")).fields == {
        "a": "2024-01-02"
    }


def test_json_errors_name_the_line() -> None:
    with pytest.raises(ParseError) as bad:
        fm.parse(b'{\n"a": 1,\n"b": tru\n}\n', "x.md")
    assert bad.value.line == 3 and "invalid JSON" in bad.value.message


def test_what_counts_as_front_matter() -> None:
    assert fm.starts_posting(b"---\n")
    assert fm.starts_posting(b"+++\n")
    assert fm.starts_posting(b'{\n"a": 1}')
    assert fm.starts_posting(b"\xef\xbb\xbf+++\r\n")
    assert not fm.starts_posting(b"{% include x %}\n")  # Liquid, not JSON
    assert not fm.starts_posting(b"{{ site.title }}\n")
    assert not fm.starts_posting(b"+++ hello\n")
    assert not fm.has_front_matter(b"+++\n")  # YAML's own check (stray files) stays YAML's
    with pytest.raises(ParseError, match="no front matter"):
        fm.parse(b"{% include x %}\n", "x.md")


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_new_postings_in_each_language_read_back(fmt: str) -> None:
    fields = {"title": "x", "date": dt.date(2024, 1, 2), "draft": True}
    data = fm.render_new(fields, "body\n", fmt)
    assert data.endswith(b"body\n")
    doc = fm.parse(data, "n.md")
    assert doc.fields["title"] == "x" and doc.fields["draft"] is True
    assert str(doc.fields["date"]) == "2024-01-02"
    assert doc.body == "body\n"


_KEYS = st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True)
_SCALARS = st.one_of(
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
)


@settings(deadline=None)
@given(
    st.dictionaries(_KEYS, _SCALARS, min_size=1, max_size=6),
    st.data(),
    st.sampled_from(["toml", "json"]),
)
def test_property_setting_one_value_changes_only_its_line(
    fields: dict[str, object], data: st.DataObject, fmt: str
) -> None:
    original = fm.render_new(fields, "body\n", fmt)
    key = data.draw(st.sampled_from(sorted(fields)))
    value = data.draw(_SCALARS)
    new = fm.patch(original, {key: value}, (), "p.md")
    doc = fm.parse(new, "p.md")
    assert doc.fields == {**fields, key: value}
    assert doc.body == "body\n"
    old_lines, new_lines = original.splitlines(), new.splitlines()
    assert len(old_lines) == len(new_lines)
    assert sum(a != b for a, b in zip(old_lines, new_lines, strict=True)) <= 1
    assert fm.patch(new, {key: fields[key]}, (), "p.md") == original
