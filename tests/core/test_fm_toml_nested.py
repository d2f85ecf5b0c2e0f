"""TOML's own shapes of a changed object or list (tests/core/test_frontmatter_nested.py runs
the cases shared with YAML): arrays of tables, inline tables, dotted keys, tables out of
order, Hugo's indented tables, arrays spanning lines; each edited through tomlkit where it
changed only, its comments, quotes and line endings kept."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postedit.core import frontmatter as fm
from postedit.core.values import with_key
from tests.nested_site import LINKS_VALUE, TOML_LINKS, TOML_LINKS_EDITED, assert_one_line_changed

SITE = {"name": "Site", "url": "https://a.fr"}
BLOG = {"name": "Blog", "url": "https://b.fr"}


def test_an_item_of_an_array_of_tables_changes_only_its_line() -> None:
    assert fm.patch(TOML_LINKS.encode(), {"links": LINKS_VALUE}) == TOML_LINKS_EDITED.encode()


@pytest.mark.parametrize(
    ("value", "old", "new"),
    [
        (  # the last item taken out: its lines go, the comment above it stays
            [SITE],
            "[[links]]\nname = 'Blog'\nurl = \"https://b.fr\"\n",
            "",
        ),
        (  # an item added at the end: its table after the last
            [SITE, BLOG, {"name": "Wiki", "url": "https://w.fr"}],
            'url = "https://b.fr"\n',
            'url = "https://b.fr"\n[[links]]\nname = "Wiki"\nurl = "https://w.fr"\n',
        ),
        (  # a key added to an item: after its keys
            [SITE, {**BLOG, "rel": "me"}],
            'url = "https://b.fr"\n',
            'url = "https://b.fr"\nrel = "me"\n',
        ),
    ],
    ids=["item-taken-out", "item-added", "key-added-to-an-item"],
)
def test_an_array_of_tables_edited_item_by_item(value: Any, old: str, new: str) -> None:
    out = fm.patch(TOML_LINKS.encode(), {"links": value})
    assert out == TOML_LINKS.replace(old, new).encode()


@pytest.mark.parametrize(
    ("before", "value", "after"),
    [
        (  # an inline table written `{ a }`: a key taken out, the spacing kept
            "m = { lang = \"fr\", ref = 'A-12' }  # c\n",
            {"ref": "A-12"},
            "m = { ref = 'A-12' }  # c\n",
        ),
        (  # and one added
            "m = { lang = \"fr\", ref = 'A-12' }  # c\n",
            {"lang": "fr", "ref": "A-12", "n": 1},
            "m = { lang = \"fr\", ref = 'A-12', n = 1 }  # c\n",
        ),
        (  # an inline table inside a table: its changed value only
            "[m]\nlang = 'fr'  # l\nseo = {level = 1, code = 'x'}  # s\n",
            {"lang": "fr", "seo": {"level": 2, "code": "x"}},
            "[m]\nlang = 'fr'  # l\nseo = {level = 2, code = 'x'}  # s\n",
        ),
        (  # dotted keys: changed, added (tomlkit puts it after the first), taken out
            "m.lang = \"fr\"  # l\nm.ref = 'A'\nopen = true\n",
            {"lang": "en", "ref": "A", "city": "L"},
            'm.lang = "en"  # l\nm.city = "L"\nm.ref = \'A\'\nopen = true\n',
        ),
        (
            "m.lang = \"fr\"  # l\nm.ref = 'A'\nopen = true\n",
            {"lang": "fr"},
            'm.lang = "fr"  # l\nopen = true\n',
        ),
        (  # a table whose sub-table comes after another table
            '[m]\nlang = "fr"\n\n[other]\nx = 1\n\n[m.seo]\nlevel = 1  # l\n',
            {"lang": "fr", "seo": {"level": 2}},
            '[m]\nlang = "fr"\n\n[other]\nx = 1\n\n[m.seo]\nlevel = 2  # l\n',
        ),
        (  # Hugo's indented tables: a new key lined up with the others, no blank line added
            "[m]\n  author = 'J'  # a\n  [m.seo]\n    level = 1\n",
            {"author": "J", "seo": {"level": 1, "note": "n"}, "city": "L"},
            '[m]\n  author = \'J\'  # a\n  city = "L"\n  [m.seo]\n    level = 1\n    note = "n"\n',
        ),
        (  # a new table inside a table: after it, as TOML writes tables
            "[m]\nlang = 'fr'  # l\n",
            {"lang": "fr", "seo": {"level": 1}},
            "[m]\nlang = 'fr'  # l\n\n[m.seo]\nlevel = 1\n",
        ),
    ],
)
def test_in_place_edits_of_toml_tables(before: str, value: Any, after: str) -> None:
    data = f"+++\n{before}+++\nBody\n".encode()
    out = fm.patch(data, {"m": value})
    assert out == f"+++\n{after}+++\nBody\n".encode()


@pytest.mark.parametrize(
    ("before", "value", "after"),
    [
        (  # an array spanning lines: the changed item only, comments and quotes kept
            "tags = [\n  \"a\",  # first\n  'b',\n]\n",
            ["a", "c"],
            "tags = [\n  \"a\",  # first\n  'c',\n]\n",
        ),
        (  # an item taken out, the others as written
            "tags = ['a', \"b\", 'c']  # t\n",
            ["a", "c"],
            "tags = ['a', 'c']  # t\n",
        ),
        (  # an item added at the end
            "tags = [\n  \"a\",  # first\n  'b',\n]\n",
            ["a", "b", "c"],
            'tags = [\n  "a",  # first\n  \'b\',\n  "c",\n]\n',
        ),
    ],
)
def test_in_place_edits_of_toml_arrays(before: str, value: Any, after: str) -> None:
    data = f"+++\n{before}+++\n".encode()
    assert fm.patch(data, {"tags": value}) == f"+++\n{after}+++\n".encode()


def test_lines_written_into_a_crlf_front_matter_are_crlf() -> None:
    """tomlkit writes what it adds with LF: a new key or table ended a CRLF file's line
    with LF alone."""
    data = b"+++\r\ntitle = 'x'\r\n\r\n[m]\r\nlang = 'fr'\r\n+++\r\nBody\r\n"
    out = fm.patch(data, {"weight": 3, "m": {"lang": "fr", "seo": {"a": 1}}, "n": {"b": 2}})
    assert out.count(b"\n") == out.count(b"\r\n")
    assert out == (
        b"+++\r\ntitle = 'x'\r\nweight = 3\r\n\r\n[m]\r\nlang = 'fr'\r\n"
        b"\r\n[m.seo]\r\na = 1\r\n\r\n[n]\r\nb = 2\r\n+++\r\nBody\r\n"
    )


def test_a_table_given_in_another_order_writes_nothing() -> None:
    """TOML writes a table's own keys before its sub-tables, and their order is no part of
    the value: the form's mapping in another order is no change."""
    data = b"+++\n[m]\nlang = 'fr'  # l\nref = 'A'\n\n[m.seo]\nlevel = 1\n+++\n"
    assert fm.patch(data, {"m": {"seo": {"level": 1}, "ref": "A", "lang": "fr"}}) is data


def test_what_tomlkit_cannot_edit_in_place_is_written_whole_and_the_rest_in_place() -> None:
    """An array of tables given an item that is no table cannot stay an array of tables:
    it is written whole, as before; the table beside it, in place."""
    data = (
        b"+++\n[meta]\nlang = 'fr'  # langue\nref = 'A'\n\n"
        b"[[links]]\nname = 'a'  # one\n\n[[links]]\nname = 'b'\n+++\n"
    )
    out = fm.patch(data, {"meta": {"lang": "en", "ref": "A"}, "links": [{"name": "a"}, "x"]})
    assert out == (
        b"+++\nlinks = [{name = \"a\"}, \"x\"]\n\n[meta]\nlang = 'en'  # langue\nref = 'A'\n\n+++\n"
    )


# ------------------------------------------------------------------------ property

SUB = ["lang", "ref", "team", "city"]
texts = st.text(alphabet="abcé -:#'\"\\,{}[]=", max_size=8)
scalars = st.one_of(texts, st.integers(-5, 500), st.booleans())


def _toml(value: Any, literal: bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, str):
        return str(value)
    if literal and "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], dict[str, Any]]:
    """A table's key lines, each key with or without a comment, in either quotes, a comment
    line or a blank line after some of them."""
    keys = draw(st.lists(st.sampled_from(SUB), min_size=1, max_size=4, unique=True))
    lines, value = [], {}
    for k in keys:
        v = draw(scalars)
        value[k] = v
        comment = draw(st.sampled_from(["", "  # note"]))
        lines.append(f"{k} = {_toml(v, draw(st.booleans()))}{comment}")
        lines.extend(draw(st.sampled_from([[], [""], ["# about it"]])))
    return lines, value


@given(tables(), st.one_of(st.none(), tables()), st.data(), st.sampled_from(["\n", "\r\n"]))
def test_property_one_scalar_changed_in_a_toml_table_one_line_changed(
    meta: tuple[list[str], dict[str, Any]],
    seo: tuple[list[str], dict[str, Any]] | None,
    data: st.DataObject,
    nl: str,
) -> None:
    lines, value = meta
    text = ["title = 't'", "open = true", "", "[meta]", *lines]
    if seo is not None:
        text += ["", "[meta.seo]", *seo[0]]
        value = {**value, "seo": seo[1]}
    doc = ("+++\n" + "\n".join(text) + "\n+++\nBody\n").replace("\n", nl).encode()
    assert fm.parse(doc).fields["meta"] == value
    path = [data.draw(st.sampled_from(list(value)))]
    inner = value
    if isinstance(value[path[0]], dict):
        inner = value[path[0]]
        path.append(data.draw(st.sampled_from(list(inner))))
    old = inner[path[-1]]
    new = data.draw(scalars.filter(lambda v: not fm.same_value(v, old)))
    out = fm.patch(doc, {"meta": with_key(value, path, new, "meta")})
    assert_one_line_changed(doc, out, nl)
