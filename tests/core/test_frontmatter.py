"""The lossless front-matter core, on hand-written tricky postings."""

from __future__ import annotations

import datetime as dt

import pytest

from postedit.core import frontmatter as fm
from postedit.core.errors import ParseError, PosteditError

BASIC = (
    b"---\n"
    b"roles: Dev  # the role\n"
    b'title: "Hello"\n'
    b"subtitle: 'single'\n"
    b"open: True\n"
    b"\n"
    b"date: 2021-04-22T15:07:00.419Z\n"
    b"day: 2021-09-30\n"
    b"domaines:\n"
    b"    - A\n"
    b"    - B\n"
    b"# about tags\n"
    b"tags: [x, y]\n"
    b"empty:\n"
    b"---\n"
    b"Body line\n"
    b"---\n"
    b"more body"
)


def changed_lines(a: bytes, b: bytes) -> list[tuple[bytes, bytes]]:
    la, lb = a.splitlines(keepends=True), b.splitlines(keepends=True)
    assert len(la) == len(lb), "line count changed"
    return [(x, y) for x, y in zip(la, lb, strict=True) if x != y]


def test_parse_types_lines_and_body() -> None:
    doc = fm.parse(BASIC)
    assert doc.fields["roles"] == "Dev"
    assert doc.fields["open"] is True
    assert doc.fields["date"] == dt.datetime(2021, 4, 22, 15, 7, 0, 419000, tzinfo=dt.UTC)
    assert doc.fields["day"] == dt.date(2021, 9, 30)
    assert doc.fields["domaines"] == ["A", "B"]
    assert doc.fields["empty"] is None
    assert doc.key_lines["roles"] == 2 and doc.key_lines["tags"] == 13
    assert doc.body == "Body line\n---\nmore body"


def test_no_edit_returns_same_object() -> None:
    assert fm.patch(BASIC, {}) is BASIC
    assert fm.patch(BASIC, {"open": True, "day": dt.date(2021, 9, 30)}) is BASIC


@pytest.mark.parametrize(
    ("key", "value", "old", "new"),
    [
        ("open", False, b"open: True\n", b"open: False\n"),
        ("roles", "Designer", b"roles: Dev  # the role\n", b"roles: Designer  # the role\n"),
        ("roles", "yes", b"roles: Dev  # the role\n", b'roles: "yes"  # the role\n'),
        ("roles", "a: b", b"roles: Dev  # the role\n", b'roles: "a: b"  # the role\n'),
        ("roles", " padded", b"roles: Dev  # the role\n", b'roles: " padded"  # the role\n'),
        ("roles", "x #y", b"roles: Dev  # the role\n", b'roles: "x #y"  # the role\n'),
        ("roles", "0123", b"roles: Dev  # the role\n", b'roles: "0123"  # the role\n'),
        ("roles", "1.0", b"roles: Dev  # the role\n", b'roles: "1.0"  # the role\n'),
        ("roles", "null", b"roles: Dev  # the role\n", b'roles: "null"  # the role\n'),
        ("title", 'Dé "q"', b'title: "Hello"\n', b'title: "D\xc3\xa9 \\"q\\""\n'),
        ("subtitle", "it's", b"subtitle: 'single'\n", b"subtitle: 'it''s'\n"),
        ("day", dt.date(2022, 1, 31), b"day: 2021-09-30\n", b"day: 2022-01-31\n"),
        (
            "date",
            dt.datetime(2022, 1, 2, 3, 4, 5, 123000, tzinfo=dt.UTC),
            b"date: 2021-04-22T15:07:00.419Z\n",
            b"date: 2022-01-02T03:04:05.123Z\n",
        ),
        ("empty", "now", b"empty:\n", b"empty: now\n"),
        ("tags", ["y", "z w"], b"tags: [x, y]\n", b"tags: [y, z w]\n"),
        ("day", None, b"day: 2021-09-30\n", b"day:\n"),
        ("day", 12, b"day: 2021-09-30\n", b"day: 12\n"),
        ("day", 1.5, b"day: 2021-09-30\n", b"day: 1.5\n"),
    ],
)
def test_set_changes_only_that_line(key: str, value: object, old: bytes, new: bytes) -> None:
    out = fm.patch(BASIC, {key: value})
    assert changed_lines(BASIC, out) == [(old, new)]
    assert fm.parse(out).fields[key] == value
    # and back again: byte for byte, when the new value fit the old style
    original = fm.parse(BASIC).fields[key]
    back = fm.patch(out, {key: original})
    old_value, new_value = old.partition(b":")[2].strip(), new.partition(b":")[2].strip()
    if not new_value.startswith(b'"') or old_value.startswith(b'"'):
        assert back == BASIC
    assert fm.parse(back).fields == fm.parse(BASIC).fields


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("true", "false"),
        ("True", "False"),
        ("yes", "no"),
        ("Yes", "No"),
        ("on", "off"),
        ("TRUE", "FALSE"),
    ],
)
def test_boolean_spelling_is_kept(old: str, new: str) -> None:
    data = f"---\nopen: {old}\n---\n".encode()
    out = fm.patch(data, {"open": False})
    assert out == f"---\nopen: {new}\n---\n".encode()
    assert fm.patch(out, {"open": True}) == data


@pytest.mark.parametrize(
    ("old", "value", "new"),
    [
        (b'date: "2024-02-01"', dt.date(2024, 3, 5), b'date: "2024-03-05"'),
        (b"date: '2024-02-01 10:00'", dt.date(2024, 3, 5), b"date: '2024-03-05'"),
        (
            b"date: '2021-07-27T09:01:21Z'",
            dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC),
            b"date: '2024-03-05T09:30:00Z'",
        ),
        (b"date: 2024-02-01", dt.date(2024, 3, 5), b"date: 2024-03-05"),
        (b"date: demain", dt.date(2024, 3, 5), b"date: 2024-03-05"),  # a typo fixed: a date
    ],
)
def test_a_date_the_file_quotes_stays_quoted_text(old: bytes, value: object, new: bytes) -> None:
    # editing a quoted date must not change its YAML type (text) or its quotes
    data = b"---\ntitle: A\n" + old + b"\n---\nBody\n"
    out = fm.patch(data, {"date": value})
    assert out == data.replace(old, new)


def test_block_list_keeps_indent_and_item_text() -> None:
    out = fm.patch(BASIC, {"domaines": ["B", "C", "A"]})
    assert b"domaines:\n    - B\n    - C\n    - A\n# about tags\n" in out
    assert fm.patch(out, {"domaines": ["A", "B"]}) == BASIC


def test_indentless_block_list() -> None:
    data = b"---\nd:\n- 'a'\n- b\nx: 1\n---\n"
    out = fm.patch(data, {"d": ["a", "c"]})
    assert out == b"---\nd:\n- 'a'\n- c\nx: 1\n---\n"


def test_add_key_appends_one_line() -> None:
    out = fm.patch(BASIC, {"junior": True})
    assert out.replace(b"empty:\njunior: true\n", b"empty:\n") == BASIC
    assert fm.parse(out).fields["junior"] is True


def test_add_list_key_in_block_style() -> None:
    out = fm.patch(b"---\na: 1\n---\n", {"d": ["x", "y z"]})
    assert out == b"---\na: 1\nd:\n  - x\n  - y z\n---\n"


def test_remove_key_removes_only_its_lines() -> None:
    out = fm.patch(BASIC, unset=["domaines"])
    assert out == BASIC.replace(b"domaines:\n    - A\n    - B\n", b"")
    out = fm.patch(BASIC, unset=["roles", "absent"])
    assert out == BASIC.replace(b"roles: Dev  # the role\n", b"")


def test_crlf_bom_and_no_final_newline_kept() -> None:
    data = b"\xef\xbb\xbf---\r\ntitle: a\r\nopen: true\r\n---\r\nbody\r\nend"
    out = fm.patch(data, {"open": False, "new": "v"})
    assert out == b"\xef\xbb\xbf---\r\ntitle: a\r\nopen: false\r\nnew: v\r\n---\r\nbody\r\nend"


def test_mixed_line_endings_edit_keeps_each_line() -> None:
    data = b"---\r\na: 1\nb: 2\r\n---\nbody\n"
    out = fm.patch(data, {"b": 3})
    assert out == b"---\r\na: 1\nb: 3\r\n---\nbody\n"


def test_block_scalars_and_multiline_values() -> None:
    data = b"---\ndesc: |\n  line one\n  line two\n\nnext: >\n  folded\n  text\nk: v\n---\n"
    doc = fm.parse(data)
    assert doc.fields["desc"] == "line one\nline two\n"
    out = fm.patch(data, {"desc": "new one\nnew two\n"})
    assert out == b"---\ndesc: |\n  new one\n  new two\n\nnext: >\n  folded\n  text\nk: v\n---\n"
    out = fm.patch(data, {"next": "short"})
    assert out == b"---\ndesc: |\n  line one\n  line two\n\nnext: short\nk: v\n---\n"


def test_flow_mapping_nested_and_anchors_read() -> None:
    data = b"---\nbase: &b {x: 1, y: [a, b]}\nother: *b\nnested:\n  deep:\n    k: v\n---\n"
    doc = fm.parse(data)
    assert doc.fields["other"] == {"x": 1, "y": ["a", "b"]}
    assert doc.fields["nested"] == {"deep": {"k": "v"}}
    out = fm.patch(data, {"nested": {"deep": {"k": "w"}}})
    assert out == b"---\nbase: &b {x: 1, y: [a, b]}\nother: *b\nnested:\n  deep:\n    k: w\n---\n"


def test_changing_an_anchored_value_is_refused() -> None:
    data = b"---\na: &x hello\nb: *x\n---\n"
    with pytest.raises(PosteditError, match="cannot write a: it would also change b"):
        fm.patch(data, {"a": "bye"})
    out = fm.patch(data, {"b": "bye"})
    assert out == b"---\na: &x hello\nb: bye\n---\n"


def test_duplicate_keys_reported_with_both_lines() -> None:
    data = b"---\nopen: false\ntitle: x\nopen: false\n---\n"
    doc = fm.parse(data)
    assert doc.duplicates == (("open", 2, 4),)
    out = fm.patch(data, {"open": True})
    assert out == b"---\nopen: false\ntitle: x\nopen: true\n---\n"


def test_comment_after_colon_kept_when_list_rewritten() -> None:
    data = b"---\nd: # note\n  - a\n---\n"
    assert fm.patch(data, {"d": ["b"]}) == b"---\nd: # note\n  - b\n---\n"


def test_empty_value_with_comment() -> None:
    data = b"---\ncontact:   # to fill\nx: 1\n---\n"
    out = fm.patch(data, {"contact": "a@b.fr"})
    assert out == b"---\ncontact: a@b.fr   # to fill\nx: 1\n---\n"
    assert fm.patch(out, {"contact": None}) == data


def test_empty_front_matter_add_key() -> None:
    assert fm.patch(b"---\n---\nbody", {"a": 1}) == b"---\na: 1\n---\nbody"


def test_replace_body_keeps_front_matter_and_crlf() -> None:
    data = b"---\r\na: 1\r\n---\r\nold\r\n"
    assert fm.replace_body(data, "new\ntext\n") == b"---\r\na: 1\r\n---\r\nnew\r\ntext\r\n"
    assert fm.replace_body(data, "old\n") is data


def test_render_new_round_trips() -> None:
    fields = {"title": "Dév: senior", "open": True, "date": dt.date(2024, 1, 2), "d": ["a", "b"]}
    data = fm.render_new(fields, "## Body\n")
    doc = fm.parse(data)
    assert doc.fields == fields and doc.body == "## Body\n"


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (b"no front matter\n", "no front matter", 1),
        (b"---\ntitle: x\n", "not closed", 1),
        (b"---\ntitle: [x\n---\n", "invalid YAML", 2),
        (b"---\n- a\n- b\n---\n", "is a list", 2),
        (b"---\njust text\n---\n", "single value", 2),
        (b"---\ntitle: \xe9t\xe9\n---\n", "not valid UTF-8", 2),
        (b"", "empty file", 1),
        (b"---\na: !!python/object/apply:os.system ['echo hi']\n---\n", "tag", 2),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary", 1),
        (b"---\na: 1\n  b: 2\n---\n", "invalid YAML", 3),
        # Eleventy's languages: the file starts with '---', which the message denied
        (b"---js\n{ title: 'x' }\n---\n", "front matter in 'js' ('---js'): postedit reads", 1),
        (b"---json \n{}\n---\n", "in 'json'", 1),
        (b"----\ntitle: x\n---\n", "must start with a '---' line", 1),
    ],
)
def test_bad_input_gives_located_error(data: bytes, message: str, line: int) -> None:
    with pytest.raises(ParseError) as info:
        fm.parse(data, "x.md")
    assert message in info.value.message
    assert info.value.path == "x.md" and info.value.line == line
    with pytest.raises(ParseError):
        fm.patch(data, {"a": 1}, path="x.md")


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = name
    lines.append("---")
    with pytest.raises(ParseError, match="alias bomb"):
        fm.parse("\n".join(lines).encode())


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    data = b"---\na: " + b"[" * 5000 + b"]" * 5000 + b"\n---\n"
    with pytest.raises(ParseError):
        fm.parse(data)


def test_unwritable_value_type_refused() -> None:
    with pytest.raises(PosteditError):
        fm.patch(b"---\na: 1\n---\n", {"a": object()})


def test_control_character_error_names_its_line() -> None:
    with pytest.raises(ParseError) as info:
        fm.parse(b"---\nroles: a\ntitle: x\x0by\n---\n", "p.md")
    assert info.value.line == 3 and "\n" not in info.value.message


def test_impossible_date_reads_as_text_so_it_can_be_fixed() -> None:
    data = b"---\nroles: a\ndate: 2023-02-30\n---\n"
    assert fm.parse(data).fields["date"] == "2023-02-30"
    out = fm.patch(data, {"date": dt.date(2023, 2, 28)})
    assert out == b"---\nroles: a\ndate: 2023-02-28\n---\n"
    # and a string that looks like an impossible date is written quoted
    assert (
        fm.patch(out, {"roles": "2023-02-30"})
        == b'---\nroles: "2023-02-30"\ndate: 2023-02-28\n---\n'
    )


def test_bad_explicit_tag_names_the_value_line() -> None:
    with pytest.raises(ParseError) as info:
        fm.parse(b"---\na: 1\nb: !!int x\n---\n", "p.md")
    assert info.value.line == 3


# Found by the reliability fuzzing (tests/reliability), fixed here.


def test_null_with_comment_set_and_back() -> None:
    data = b"---\ntitle:  # trailing\n---\n"
    out = fm.patch(data, {"title": 0})
    assert out == b"---\ntitle: 0  # trailing\n---\n"
    assert fm.patch(out, {"title": None}) == data


def test_unset_takes_the_keys_indented_comment_along() -> None:
    data = b"---\ncontact: |\n  a\nx: b\n  # note\n---\n"
    assert fm.patch(data, unset=["x"]) == b"---\ncontact: |\n  a\n---\n"


def test_multiline_value_above_an_indented_comment_falls_back_to_quotes() -> None:
    data = b"---\ntitle: a\n  # note\nopen: a\n---"
    out = fm.patch(data, {"title": "0\n"})
    assert out == b'---\ntitle: "0\\n"\n  # note\nopen: a\n---'


def test_multiline_value_keeps_the_trailing_comment_on_the_key_line() -> None:
    data = b"---\ntitle: a  # trailing\nopen: a\n---\n"
    out = fm.patch(data, {"title": "line one\nline two\n"})
    assert out == b"---\ntitle: |  # trailing\n  line one\n  line two\nopen: a\n---\n"


def test_control_characters_in_a_single_quoted_value() -> None:
    for value in ("\x7f", "a\x80b", "\x9f"):
        out = fm.patch(b"---\nx: ''\n---\n", {"x": value})
        assert fm.parse(out).fields["x"] == value


def test_flow_list_item_that_cannot_be_plain_in_flow() -> None:
    out = fm.patch(b"---\nd: []\n---\n", {"d": [":0", "a,b"]})
    assert fm.parse(out).fields["d"] == [":0", "a,b"]


def test_new_key_lines_up_with_an_indented_front_matter() -> None:
    data = b"---\n  title: a\n  open: true\n---\n"
    out = fm.patch(data, {"added": 1, "tags": ["x"]})
    assert out == b"---\n  title: a\n  open: true\n  added: 1\n  tags:\n    - x\n---\n"


def test_unset_after_a_literal_block_takes_blank_and_indented_comment_lines() -> None:
    data = b"---\ncontact: |\n  a\ntags: a\n\n  # indented\nnote: a\n---"
    out = fm.patch(data, unset=["tags"])
    assert fm.parse(out).fields == {"contact": "a\n", "note": "a"}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (  # blank lines ending the front matter stay last
            b"---\ntitle: Dev\ndate: 2024-01-02\n\n---\nbody\n",
            b"---\ntitle: Dev\ndate: 2024-01-02\nopen: true\n\n---\nbody\n",
        ),
        (  # CRLF and a BOM, two blank lines (one holding spaces)
            b"\xef\xbb\xbf---\r\ntitle: Dev\r\ndate: 2024-01-02\r\n  \r\n\r\n---\r\nbody",
            b"\xef\xbb\xbf---\r\ntitle: Dev\r\ndate: 2024-01-02\r\nopen: true\r\n  \r\n\r\n---\r\nbody",
        ),
        (  # a comment right under the last key is its own; a comment block after a blank
            # line ends the front matter and stays there
            b"---\ntitle: Dev\ndate: 2024-01-02 # day\n# the first day\n\n# footer\n\n---\n",
            b"---\ntitle: Dev\ndate: 2024-01-02 # day\n# the first day\nopen: true\n"
            b"\n# footer\n\n---\n",
        ),
        (  # blank lines between keys are no end: after the last key
            b"---\ntitle: Dev\n\ntags:\n  - a\n  # - b\n\n---\n",
            b"---\ntitle: Dev\n\ntags:\n  - a\n  # - b\nopen: true\n\n---\n",
        ),
        (  # a literal block last: its blank lines are not its value (clip)
            b"---\nnotes: |\n  text\n\n---\n",
            b"---\nnotes: |\n  text\nopen: true\n\n---\n",
        ),
        (  # a keep-chomped block last owns the blank lines after it: the key goes at the end
            b"---\nnotes: |+\n  text\n\n---\n",
            b"---\nnotes: |+\n  text\n\nopen: true\n---\n",
        ),
        (  # no key at all: at the end, as before
            b"---\n# only a comment\n\n---\n",
            b"---\n# only a comment\n\nopen: true\n---\n",
        ),
    ],
)
def test_a_new_key_goes_after_the_last_key_not_after_trailing_blank_lines(
    data: bytes, expected: bytes
) -> None:
    out = fm.patch(data, {"open": True})
    assert out == expected
    assert fm.patch(out, unset=["open"]) == data


def test_several_new_keys_go_after_the_last_key_in_their_order() -> None:
    data = b"---\n  title: Dev\n\n---\n"
    out = fm.patch(data, {"open": False, "tags": ["x"], "n": 1})
    assert out == b"---\n  title: Dev\n  open: false\n  tags:\n    - x\n  n: 1\n\n---\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b"+++\r\ntitle = 'Dev'\r\n\r\n+++\r\nbody",
            b"+++\r\ntitle = 'Dev'\r\nopen = true\r\n\r\n+++\r\nbody",
        ),
        (
            b'{\r\n  "title": "Dev"\r\n\r\n}\r\nbody',
            b'{\r\n  "title": "Dev",\r\n  "open": true\r\n\r\n}\r\nbody',
        ),
    ],
)
def test_toml_and_json_add_a_key_before_trailing_blank_lines_too(
    data: bytes, expected: bytes
) -> None:
    assert fm.patch(data, {"open": True}) == expected
