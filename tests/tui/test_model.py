"""The list's model without widgets: pending edits, toggles, columns, cell text."""

from __future__ import annotations

import datetime as dt

from postedit.core.posting import Posting
from postedit.core.query import parse_query
from postedit.core.schema import CollectionSpec, FieldSpec
from postedit.tui.model import FILE_COLUMN, ListModel, default_columns, display


def test_pending_edits_are_what_the_commit_holds() -> None:
    model = ListModel()
    model.put(Posting("a.md", "jobs", fields={"title": "A"}), None)
    model.put(Posting("n.md", "jobs", fields={"title": "N"}), None)
    model.mark_edited("a.md", True)
    model.mark_edited("n.md", True, new=True)
    assert model.commit_paths() == ["a.md", "n.md"]
    assert "new" in model.flags("n.md") and "new" not in model.flags("a.md")
    model.mark_edited("a.md", False)  # back as it was
    assert model.commit_paths() == ["n.md"]


def test_outside_changes_are_modified_but_not_pending() -> None:
    model = ListModel()
    model.put(Posting("a.md", "jobs", fields={"title": "A"}), None)
    model.outside.add("a.md")
    assert model.is_modified("a.md") and model.commit_paths() == []
    assert "modified" in model.flags("a.md")


def test_display() -> None:
    assert display(True) == "yes" and display(None) == ""
    assert display(dt.datetime(2021, 9, 1, 8, 5)) == "2021-09-01 08:05"
    assert display(["a", "b"]) == "a, b"
    assert display("two\nlines") == "two lines"


def test_default_columns() -> None:
    spec = CollectionSpec(
        "jobs",
        "_jobs",
        fields=(FieldSpec("roles"), FieldSpec("open", "boolean"), FieldSpec("published", "date")),
    )
    assert default_columns(spec) == ["roles", "open", "published", FILE_COLUMN]
    given = CollectionSpec("jobs", "_jobs", columns=("open", "roles"))
    assert default_columns(given) == ["open", "roles", FILE_COLUMN]


def test_visible_filters_and_sorts_missing_last() -> None:
    model = ListModel()
    for name, date in (("a", dt.date(2021, 1, 1)), ("b", None), ("c", dt.date(2022, 1, 1))):
        model.put(Posting(f"{name}.md", "jobs", fields={"title": name, "date": date}), None)
    assert model.visible("jobs", parse_query(""), "date") == ["a.md", "c.md", "b.md"]
    assert model.visible("jobs", parse_query(""), "date", reverse=True) == ["c.md", "a.md", "b.md"]
    assert model.visible("jobs", parse_query("has:date"), None) == ["a.md", "c.md"]


def _dated(model: ListModel, name: str, title: str, date: str | None) -> None:
    fields: dict[str, object] = {"title": title}
    if date is not None:
        fields["date"] = dt.date.fromisoformat(date)
    model.put(Posting(f"jobs/{name}.md", "jobs", fields=fields), None)


def test_filtering_keeps_the_sort_and_follows_changes() -> None:
    """The sorted order is reused while typing, and recomputed when an entry or the sort
    changes (a stale order would show rows in the wrong place)."""
    model = ListModel()
    _dated(model, "a", "Dev Python", "2021-01-01")
    _dated(model, "b", "Dev Rust", "2021-03-01")
    _dated(model, "c", "Designer", None)
    _dated(model, "d", "Dev Go", "2021-02-01")
    newest = model.visible("jobs", parse_query(""), "date", reverse=True)
    assert newest == ["jobs/b.md", "jobs/d.md", "jobs/a.md", "jobs/c.md"]
    assert model.visible("jobs", parse_query("d"), "date", reverse=True) == newest
    assert model.visible("jobs", parse_query("de"), "date", reverse=True) == newest
    assert model.visible("jobs", parse_query("dev"), "date", reverse=True) == newest[:3]
    # same words, other order: the previous result must not be reused as it was
    assert model.visible("jobs", parse_query("dev"), "date") == [
        "jobs/a.md",
        "jobs/d.md",
        "jobs/b.md",
    ]
    _dated(model, "a", "Dev Python", "2022-01-01")  # a posting re-dated
    assert model.visible("jobs", parse_query("dev"), "date", reverse=True) == [
        "jobs/a.md",
        "jobs/b.md",
        "jobs/d.md",
    ]
    assert model.visible("jobs", parse_query("-rust"), "date", reverse=True) == [
        "jobs/a.md",
        "jobs/d.md",
        "jobs/c.md",
    ]


def test_counts_postings_with_errors_then_with_only_warnings() -> None:
    from postedit.tui.model import Entry, Finding

    model = ListModel()
    kinds = {
        "e.md": ["warning", "error"],
        "w.md": ["warning", "warning"],
        "ok.md": [],
        "gone.md": ["error"],
    }
    for rel, severities in kinds.items():
        findings = [Finding(s, "x") for s in severities]
        model.put_entry(Entry(Posting(rel, "jobs"), findings))
    model.entries["gone.md"].deleted = True
    assert model.counts() == (1, 1)
