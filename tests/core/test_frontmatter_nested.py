"""Setting a mapping or a list that differs from the old one in a few places changes only
those places: a changed key's own text, a removed key's lines, a new key's line beside its
neighbours; comments, quotes, blank lines, line endings and flow style stay. In YAML and in
TOML front matter alike (tests/core/test_fm_toml_nested.py has TOML's own shapes)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postedit.core import frontmatter as fm
from postedit.core.values import with_key, without_key
from tests.nested_site import (
    CASES,
    LINKS,
    LINKS_EDITED,
    LINKS_VALUE,
    TOML_CASES,
    Case,
    assert_one_line_changed,
)


def meta_after(case: Case) -> dict[str, Any]:
    """The value of ``meta`` once the case's key is set (or removed)."""
    meta = fm.parse(case.before.encode()).fields["meta"]
    if case.text is None:
        return without_key(meta, case.path, "meta")
    return with_key(meta, case.path, case.value, "meta")


ALL = CASES + TOML_CASES


@pytest.mark.parametrize("case", ALL, ids=[c.id for c in ALL])
def test_one_key_inside_an_object_changes_only_its_own_lines(case: Case) -> None:
    out = fm.patch(case.before.encode(), {"meta": meta_after(case)})
    assert out == case.after.encode()


SET = [c for c in ALL if c.text is not None]


@pytest.mark.parametrize("case", SET, ids=[c.id for c in SET])
def test_setting_the_object_back_restores_the_file(case: Case) -> None:
    """A key changed and changed back, or added and taken out again: the same bytes. (A key
    taken out and put back is written anew: its quotes are gone with it.)"""
    old = fm.parse(case.before.encode()).fields["meta"]
    out = fm.patch(case.before.encode(), {"meta": meta_after(case)})
    assert fm.patch(out, {"meta": old}) == case.before.encode()


def test_an_item_of_a_list_of_objects_changes_only_its_line() -> None:
    assert fm.patch(LINKS.encode(), {"links": LINKS_VALUE}) == LINKS_EDITED.encode()


@pytest.mark.parametrize(
    ("value", "old", "new"),
    [
        (  # an item taken out: its lines (and its comment) go, the others stay
            [{"name": "Blog", "url": "https://b.fr"}],
            '  - name: Site  # the main one\n    url: "https://a.fr"\n',
            "",
        ),
        (  # an item added at the end: its lines after the last
            [
                {"name": "Site", "url": "https://a.fr"},
                {"name": "Blog", "url": "https://b.fr"},
                {"name": "Wiki", "url": "https://w.fr"},
            ],
            "    url: https://b.fr\n",
            "    url: https://b.fr\n  - name: Wiki\n    url: https://w.fr\n",
        ),
        (  # a key added to an item: at the item's indentation, after its last key
            [
                {"name": "Site", "url": "https://a.fr", "rel": "me"},
                {"name": "Blog", "url": "https://b.fr"},
            ],
            '    url: "https://a.fr"\n',
            '    url: "https://a.fr"\n    rel: me\n',
        ),
        (  # the first key of an item taken out: the next one takes its `- `
            [{"url": "https://a.fr"}, {"name": "Blog", "url": "https://b.fr"}],
            '  - name: Site  # the main one\n    url: "https://a.fr"\n',
            '  - url: "https://a.fr"\n',
        ),
        (  # a key written before an item's first: `- ` moves to it
            [
                {"id": 1, "name": "Site", "url": "https://a.fr"},
                {"name": "Blog", "url": "https://b.fr"},
            ],
            "  - name: Site  # the main one\n",
            "  - id: 1\n    name: Site  # the main one\n",
        ),
    ],
)
def test_a_list_of_objects_edited_item_by_item(value: Any, old: str, new: str) -> None:
    out = fm.patch(LINKS.encode(), {"links": value})
    assert out == LINKS.replace(old, new).encode()


@pytest.mark.parametrize(
    ("before", "value", "after"),
    [
        (  # a block list of texts: the changed item only, the comment between stays
            "tags:\n  - a  # first\n  # more\n  - 'b'\n",
            ["a", "c"],
            "tags:\n  - a  # first\n  # more\n  - 'c'\n",
        ),
        (  # a flow list of mappings, spanning lines with a comment
            "l: [{a: 1},  # one\n  {a: 2}]\n",
            [{"a": 1}, {"a": 3}],
            "l: [{a: 1},  # one\n  {a: 3}]\n",
        ),
        (  # a new key first in a block mapping: before the others
            "m:\n  b: 1  # b\n",
            {"a": 0, "b": 1},
            "m:\n  a: 0\n  b: 1  # b\n",
        ),
        (  # a key of a flow mapping spanning lines: in place, the comment kept
            "m: {a: 1,  # one\n  b: 2}\n",
            {"a": 1, "b": 3},
            "m: {a: 1,  # one\n  b: 3}\n",
        ),
        (  # a text needing quotes in a flow mapping (a comma)
            "m: {a: x, b: y}\n",
            {"a": "x, z", "b": "y"},
            'm: {a: "x, z", b: y}\n',
        ),
        (  # reordered keys cannot be edited in place: a flow mapping stays one, on its line
            "m: { a: 1, b: 'q' }  # c\n",
            {"b": "q", "a": 1},
            "m: { b: 'q', a: 1 }  # c\n",
        ),
        (  # a front matter indented as a whole
            "  m:\n    a: 1  # c\n  z: 0\n",
            {"a": 2},
            "  m:\n    a: 2  # c\n  z: 0\n",
        ),
    ],
)
def test_in_place_edits_of_other_shapes(before: str, value: Any, after: str) -> None:
    data = f"---\n{before}---\n".encode()
    key = next(iter(fm.parse(data).fields))
    out = fm.patch(data, {key: value})
    assert out == f"---\n{after}---\n".encode()


def test_an_anchored_object_is_still_refused_when_an_alias_would_change() -> None:
    data = b"---\nbase: &b {x: 1}\nother: *b\n---\n"
    with pytest.raises(fm.PosteditError, match="it would also change other"):
        fm.patch(data, {"base": {"x": 2}})


def test_what_cannot_be_edited_in_place_is_written_whole_and_the_rest_in_place() -> None:
    """A mapping with merge keys (``<<`` reads keys written elsewhere) and a key taken out of
    a flow mapping spanning lines with a comment (on one line the comment would swallow the
    rest) are written whole, in block style, as before; the object beside them, in place."""
    data = (
        b"---\nbase: &b {x: 1}\nm:\n  <<: *b\n  y: 2  # c\n"
        b"f: {a: 1,  # one\n  b: 2}\nmeta:\n  lang: fr  # langue\n  ref: 'A'\n---\n"
    )
    out = fm.patch(data, {"m": {"x": 1, "y": 3}, "f": {"a": 1}, "meta": {"lang": "en", "ref": "A"}})
    assert out == (
        b"---\nbase: &b {x: 1}\nm:\n  x: 1\n  y: 3\n"
        b"f:\n  a: 1\nmeta:\n  lang: en  # langue\n  ref: 'A'\n---\n"
    )


# ------------------------------------------------------------------------ property

SUB = ["lang", "ref", "team", "city"]
texts = st.text(alphabet="abcé -:#'\",{}", max_size=8)
scalars = st.one_of(texts, st.integers(-5, 500), st.booleans())
QUOTES = ["'", '"']


def _text(value: Any, style: str) -> str:
    if isinstance(value, str):
        if style == "'":
            return "'" + value.replace("'", "''") + "'"
        return fm._double(value)
    return fm._scalar(value, None, None)


@st.composite
def objects(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A block object of scalars, each key with or without a comment, a comment line or a
    blank line between some of them, nested one level or two."""
    keys = draw(st.lists(st.sampled_from(SUB), min_size=1, max_size=4, unique=True))
    lines, value = [], {}
    for k in keys:
        v = draw(scalars)
        value[k] = v
        comment = draw(st.sampled_from(["", "  # note"]))
        style = draw(st.sampled_from(QUOTES))
        lines.append(f"{k}: {_text(v, style)}{comment}")
        lines.extend(draw(st.sampled_from([[], [""], ["# about it"]])))
    if draw(st.booleans()):
        inner, inner_value = draw(objects())
        lines += ["deep:", *("  " + line if line else line for line in inner.split("\n"))]
        value["deep"] = inner_value
    return "\n".join(lines), value


@given(objects(), st.data(), st.sampled_from(["\n", "\r\n"]))
def test_property_one_scalar_changed_one_line_changed(
    obj: tuple[str, dict[str, Any]], data: st.DataObject, nl: str
) -> None:
    text, value = obj
    body = "\n".join("  " + line if line else line for line in text.split("\n"))
    doc = f"---\ntitle: t\nmeta:\n{body}\nopen: true\n---\nBody\n".replace("\n", nl).encode()
    assert fm.parse(doc).fields["meta"] == value
    path = []
    inner = value
    while True:  # a key at some depth
        key = data.draw(st.sampled_from(list(inner)))
        path.append(key)
        if not isinstance(inner[key], dict):
            break
        inner = inner[key]
    new = data.draw(scalars.filter(lambda v: not fm.same_value(v, inner[key])))
    out = fm.patch(doc, {"meta": with_key(value, path, new, "meta")})
    assert_one_line_changed(doc, out, nl)
