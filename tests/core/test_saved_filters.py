"""Saved filters: Decap's view_filters/view_groups and postedit.yml's filters:."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from postedit.core.decap import decap_group_value, decap_string, parse_decap
from postedit.core.errors import SchemaError
from postedit.core.posting import Posting
from postedit.core.query import index, parse_query, saved_filters
from postedit.core.schema import SavedFilter
from postedit.core.schema_load import dump_schema, load_schema_file, parse_postedit
from postedit.core.schema_yaml import load_yaml_text

DECAP = """
backend: {name: git-gateway}
collections:
  - name: posts
    folder: content/posts
    fields: [{name: title, widget: string}, {name: author, widget: string},
             {name: draft, widget: boolean}, {name: date, widget: datetime}]
    view_filters:
      - label: "Alice's and Bob's Posts"
        field: author
        pattern: 'Alice|Bob'
      - label: Posts published in 2020
        field: date
        pattern: '2020'
      - label: Drafts
        field: draft
        pattern: true
      - {label: Broken, field: title, pattern: '('}
      - {label: No field, pattern: x}
      - {id: mine, label: Posts by me, field: author, pattern: '^Me$'}
    view_groups:
      - label: Year
        field: date
        pattern: \\d{4}
      - label: Drafts
        field: draft
"""


def _schema():  # type: ignore[no-untyped-def]
    return parse_decap(load_yaml_text(DECAP, "admin/config.yml"), "admin/config.yml")


def test_view_filters_and_groups_become_saved_filters() -> None:
    schema = _schema()
    (posts,) = schema.collections
    assert posts.filters == (
        SavedFilter("alice-s-and-bob-s-posts", "Alice's and Bob's Posts", "author~Alice|Bob"),
        SavedFilter("posts-published-in-2020", "Posts published in 2020", "date~2020"),
        SavedFilter("drafts", "Drafts", "draft~true"),
        SavedFilter("mine", "Posts by me", "author~^Me$"),
        SavedFilter("year", "Year", group="date", pattern=r"\d{4}"),
        SavedFilter("drafts-2", "Drafts", group="draft"),
    )
    warnings = "\n".join(schema.warnings)
    assert "admin/config.yml:18: view_filters: pattern '(' is not a regular expression" in warnings
    assert "admin/config.yml:19: view_filters: an entry has no field; skipped" in warnings


POSTS = [
    Posting(
        "content/posts/a.md",
        "posts",
        fields={
            "author": "Alice",
            "draft": True,
            "date": dt.datetime(2020, 5, 1, 10, tzinfo=dt.UTC),
        },
    ),
    Posting(
        "content/posts/b.md",
        "posts",
        fields={"author": "bob", "draft": False, "date": dt.date(2021, 1, 2)},
    ),
    Posting("content/posts/c.md", "posts", fields={"author": "Bob", "title": "x"}),
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("@alice-s-and-bob-s-posts", ["a.md", "c.md"]),  # Decap's regex: case counts
        ("@posts-published-in-2020", ["a.md"]),
        ("@drafts", ["a.md"]),
        ("@year=2021", ["b.md"]),
        ("@year", ["a.md", "b.md"]),  # c.md has no date: Decap's "missing" group
        ("@drafts-2=false", ["b.md"]),
    ],
)
def test_decap_filters_select_what_decap_shows(query: str, expected: list[str]) -> None:
    schema = _schema()
    q = parse_query(query, saved_filters(schema))
    spec = schema.collections[0]
    found = [p.relpath.rsplit("/", 1)[1] for p in POSTS if q.matches(index(p, spec))]
    assert found == expected


def test_decap_string_is_javascripts() -> None:
    assert [decap_string(v) for v in (True, None, 3.0, 2.5, ["a", None, 1], {"a": 1})] == [
        "true",
        "null",
        "3",
        "2.5",
        "a,,1",
        "[object Object]",
    ]
    assert decap_string(dt.datetime(2021, 1, 2, 3, 4, tzinfo=dt.UTC)) == "2021-01-02T03:04:00Z"
    import re

    assert decap_group_value("2021-08-01", re.compile(r"\d{4}")) == "2021"
    assert decap_group_value("none here", re.compile(r"\d{4}")) == ""


POSTEDIT = """
version: 1
filters:
  to-close: "open:true date<2021-09-01"
  old: {label: Old, query: "date<-1y OR @to-close"}
collections:
  jobs:
    folder: content/_jobs
    filters:
      by-year: {label: Year, group: date, pattern: '\\d{4}'}
"""


def test_postedit_yml_filters_load_and_dump_back(tmp_path: Path) -> None:
    schema = parse_postedit(load_yaml_text(POSTEDIT, "postedit.yml"), "postedit.yml")
    assert schema.filters == (
        SavedFilter("to-close", query="open:true date<2021-09-01"),
        SavedFilter("old", "Old", "date<-1y OR @to-close"),
    )
    assert schema.collections[0].filters == (
        SavedFilter("by-year", "Year", group="date", pattern=r"\d{4}"),
    )
    again = tmp_path / "postedit.yml"
    again.write_text(dump_schema(schema))
    reread = load_schema_file(again, "postedit.yml")
    assert reread.filters == schema.filters
    assert reread.collections[0].filters == schema.collections[0].filters


def test_decap_filters_dump_as_postedit_yml(tmp_path: Path) -> None:
    again = tmp_path / "postedit.yml"
    again.write_text(dump_schema(_schema()))
    assert load_schema_file(again, "postedit.yml").collections[0].filters == (
        _schema().collections[0].filters
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("filters: {bad: 'open:true ('}", "postedit.yml:2: filters: bad: column 12: expected"),
        ("filters: {x: '@nope'}", "filters: x: column 1: no saved filter @nope (saved: @x)"),
        ("filters: {x: {query: a, group: b}}", "filters: x: give either query or group"),
        ("filters: {x: {label: y}}", "filters: x: give either query or group"),
        ("filters: {'a b': c}", "filters: 'a b' is not a filter name"),
        ("filters: [a]", "postedit.yml: filters must map names to queries"),
        ("filters: {x: {query: a, lable: b}}", "unknown key 'lable' (did you mean 'label'?)"),
        ("filters: {x: {group: d, pattern: '('}}", "filters: x: bad pattern"),
    ],
)
def test_bad_filters_are_schema_errors_at_their_line(text: str, message: str) -> None:
    data = load_yaml_text(f"version: 1\n{text}\ncollections: {{}}\n", "postedit.yml")
    with pytest.raises(SchemaError) as info:
        parse_postedit(data, "postedit.yml")
    assert message in str(info.value)
