"""The filter grammar, table-tested without any UI."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postedit.core.query import QueryError, fold, parse_query, search_text

POSTINGS = {
    "a.md": {
        "title": "Développeur·se Full-Stack",
        "open": True,
        "date": dt.date(2021, 8, 15),
        "city": "Paris",
        "tags": ["python", "Django"],
        "salary": 45000,
    },
    "b.md": {
        "roles": "Chargé de déploiement",
        "open": False,
        "date": dt.datetime(2021, 9, 1, 10, 30),
        "city": "Lyon",
        "tags": [],
    },
    "c.md": {
        "title": "Designer",
        "open": "true",
        "date": "2021-10-02",
        "city": None,
        "salary": 38000.5,
        "meta": {"team": "Beta"},
    },
}
FLAGS = {"a.md": {"modified"}, "b.md": {"invalid", "marked"}, "c.md": set()}


def _run(text: str) -> list[str]:
    q = parse_query(text)
    return [
        rel
        for rel, fields in POSTINGS.items()
        if q.matches(fields, search_text(rel, fields), FLAGS[rel])
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["a.md", "b.md", "c.md"]),
        ("   ", ["a.md", "b.md", "c.md"]),
        ("developpeur", ["a.md"]),
        ("DÉVELOPPEUR", ["a.md"]),
        ("full stack", ["a.md"]),
        ('"full-stack"', ["a.md"]),
        ("deploiement", ["b.md"]),
        ("django", ["a.md"]),
        ("b.md", ["b.md"]),
        ("-designer", ["a.md", "b.md"]),
        ("open:true", ["a.md", "c.md"]),
        ("open:false", ["b.md"]),
        ("open:yes", ["a.md", "c.md"]),
        ("-open:true", ["b.md"]),
        ("city:paris", ["a.md"]),
        ("city:PAR*", ["a.md"]),
        ("city:", ["c.md"]),
        ("tags:python", ["a.md"]),
        ("meta.team:beta", ["c.md"]),
        ("date<2021-09-01", ["a.md"]),
        ("date>2021-09-01", ["b.md", "c.md"]),
        ("date>=2021-09-01", ["b.md", "c.md"]),
        ("date:2021-09-01", ["b.md"]),
        ("date<2021-09-01T11:00", ["a.md", "b.md"]),
        ("date<=2021-10-02", ["a.md", "b.md", "c.md"]),
        ("salary>40000", ["a.md"]),
        ("salary<40000", ["c.md"]),
        ("salary>abc", []),
        ("has:salary", ["a.md", "c.md"]),
        ("has:tags", ["a.md"]),
        ("-has:city", ["c.md"]),
        ("is:modified", ["a.md"]),
        ("is:invalid", ["b.md"]),
        ("-is:invalid", ["a.md", "c.md"]),
        ("is:marked open:false", ["b.md"]),
        ("open:true -is:modified", ["c.md"]),
        ("nosuchfield:x", []),
        ("-nosuchfield:x", ["a.md", "b.md", "c.md"]),
        ("Open:TRUE", ["a.md", "c.md"]),
        ("-", ["a.md", "b.md", "c.md"]),
    ],
)
def test_query_table(query: str, expected: list[str]) -> None:
    assert _run(query) == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"unclosed', "missing closing quote"),
        ('title:"unclosed', "missing closing quote"),
        ("has:", "has: needs a field name"),
        ("is:broken", "is:broken: unknown"),
        ("date>", "give a value to compare with"),
        ("date<", "give a value to compare with"),
    ],
)
def test_bad_queries_have_readable_messages(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(query)


def test_fold() -> None:
    assert fold("Chargé·e de DÉPLOIEMENT") == "charge·e de deploiement"
    assert fold("ASCII") == "ascii"


def test_aware_datetimes_compare_with_dates() -> None:
    fields = {"date": dt.datetime(2021, 9, 1, 23, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))}
    assert parse_query("date<2021-09-02").matches(fields, "")
    assert not parse_query("date<2021-09-01").matches(fields, "")


def test_filtering_ten_thousand_postings_finds_what_each_term_says() -> None:
    """Speed is the benchmark's business (docs/performance.md); here, the right rows."""
    rows = []
    for i in range(10_000):
        fields = {
            "title": f"Poste numéro {i} chez une startup d'État",
            "open": i % 3 == 0,
            "date": dt.date(2020, 1, 1) + dt.timedelta(days=i % 900),
            "city": ["Paris", "Lyon", "Lille"][i % 3],
        }
        rel = f"content/_jobs/2021-01-01-poste-{i}.md"
        rows.append((i, fields, search_text(rel, fields)))
    cases = {
        "poste 12": lambda i, f: "12" in str(i),
        "open:true date<2021-06-01 -lyon": lambda i, f: (
            f["open"] and f["date"] < dt.date(2021, 6, 1) and f["city"] != "Lyon"
        ),
        "etat": lambda i, f: True,
        "numero -paris": lambda i, f: f["city"] != "Paris",
    }
    for text, expected in cases.items():
        q = parse_query(text)
        hits = [i for i, fields, txt in rows if q.matches(fields, txt, ())]
        assert hits == [i for i, fields, _ in rows if expected(i, fields)], text
        assert hits


def test_sort_key_orders_mixed_values() -> None:
    from postedit.core.query import sort_key

    values = [None, "2021-10-02", dt.datetime(2021, 9, 1, 10), dt.date(2021, 8, 15), ""]
    ordered = sorted(values, key=sort_key)
    assert ordered[:3] == [dt.date(2021, 8, 15), dt.datetime(2021, 9, 1, 10), "2021-10-02"]
    assert sorted([3, 1.5, None, 2], key=sort_key) == [1.5, 2, 3, None]


@given(st.text())
def test_fold_strips_exactly_the_combining_marks(text: str) -> None:
    """fold looks only at non-ASCII runs; the result is the per-character definition's."""
    decomposed = unicodedata.normalize("NFKD", text)
    expected = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    assert fold(text) == expected


def test_fold_accents_in_many_scripts() -> None:
    assert fold("Ünïcödé, ñandú, İstanbul, Straße, ﬁn") == "unicode, nandu, istanbul, strasse, fin"
    assert fold("mañana 😀 ’quote’") == "manana 😀 ’quote’"


def test_an_impossible_date_sorts_beside_its_neighbours() -> None:
    from postedit.core.query import sort_key

    values = [dt.date(2023, 3, 1), "2023-02-30", dt.date(2023, 2, 27), dt.date(2023, 2, 28)]
    assert sorted(values, key=sort_key) == [
        dt.date(2023, 2, 27),
        dt.date(2023, 2, 28),
        "2023-02-30",
        dt.date(2023, 3, 1),
    ]
    assert sort_key("2024-02-30")[1] == dt.datetime(2024, 2, 29, 23, 59, 59, 999999)
    assert sort_key("2023-13-45")[1] == dt.datetime(2023, 12, 31, 23, 59, 59, 999999)
    assert sort_key("not a date")[0] == 3  # text stays text
    assert sort_key("2023-02-30 is wrong")[0] == 2  # starts like a date
