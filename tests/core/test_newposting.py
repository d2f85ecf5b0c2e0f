"""New postings: slugs, file names, defaults, never overwriting; per-field checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from postedit.core import newposting as np
from postedit.core.errors import PosteditError
from postedit.core.fieldcheck import (
    Issue,
    check_value,
    cleared,
    format_value,
    parse_text,
    same_value,
)
from postedit.core.posting import Posting
from postedit.core.schema import CollectionSpec, FieldSpec

NOW = dt.datetime(2026, 3, 7, 14, 35, 12)

JOBS = CollectionSpec(
    name="jobs",
    folder="content/_jobs",
    identifier_field="roles",
    fields=(
        FieldSpec("roles", required=True),
        FieldSpec("open", "boolean", required=True),
        FieldSpec("junior", "boolean"),
        FieldSpec("date", "datetime", default="{{now}}", format="YYYY-MM-DD"),
        FieldSpec("published", "datetime", default="{{now}}"),
        FieldSpec("seen", "datetime", default="today"),
        FieldSpec(
            "domaines", "select", options=("Design", "Produit"), multiple=True, default=["Produit"]
        ),
        FieldSpec("body", "markdown", default="## Le contexte\n"),
    ),
)


@pytest.mark.parametrize(
    ("template", "fields", "name"),
    [
        (
            "{{year}}-{{month}}-{{day}}-{{slug}}",
            {"roles": "Designer UX"},
            "2026-03-07-designer-ux.md",
        ),
        ("{{slug}}", {"roles": "../../x"}, "x.md"),
        ("{{slug}}", {"roles": "???"}, "posting.md"),
        ("{{slug}}", {}, "posting.md"),
        ("{{year}}-{{slug}}", {"title": "Fallback title"}, "2026-fallback-title.md"),
        (
            "{{fields.startup}}-{{roles}}",
            {"startup": "Mon Service", "roles": "Dev"},
            "mon-service-dev.md",
        ),
        ("{{ hour }}{{minute}}-{{slug}}", {"roles": "a"}, "1435-a.md"),
        ("../{{slug}}", {"roles": "b"}, "b.md"),
        ("{{unknown}}", {}, "posting.md"),
    ],
)
def test_file_names(tmp_path: Path, template: str, fields: dict[str, object], name: str) -> None:
    spec = CollectionSpec("jobs", "content/_jobs", slug=template, identifier_field="roles")
    assert np.new_relpath(tmp_path, spec, fields, NOW) == "content/_jobs/" + name


def test_a_file_name_from_a_date(tmp_path: Path) -> None:
    dated = CollectionSpec("jobs", "content/_jobs", slug=np.DATED_SLUG, identifier_field="roles")
    assert np.new_relpath(tmp_path, dated, {"roles": "x"}, dt.date(2020, 1, 2)) == (
        "content/_jobs/2020-01-02-x.md"
    )


def test_without_a_slug_template_the_files_decide(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "_jobs"
    folder.mkdir(parents=True)
    assert np.new_relpath(tmp_path, JOBS, {"roles": "Dev"}, NOW) == "content/_jobs/dev.md"
    (folder / "2020-01-01-a.md").write_text("---\n---\n")
    (folder / "2020-01-02-b.md").write_text("---\n---\n")
    (folder / "about.md").write_text("---\n---\n")
    assert np.new_relpath(tmp_path, JOBS, {"roles": "Dev"}, NOW) == (
        "content/_jobs/2026-03-07-dev.md"
    )
    posts = CollectionSpec("posts", "_posts")
    assert np.new_relpath(tmp_path, posts, {"title": "Hi"}, NOW) == "_posts/2026-03-07-hi.md"


def test_new_relpath_never_reuses_a_name(tmp_path: Path) -> None:
    """Decap's unique slugs: ``-1``, ``-2``... (a dangling link counts as taken)."""
    folder = tmp_path / "content" / "_jobs"
    folder.mkdir(parents=True)
    fields = {"roles": "Dev"}
    dated = CollectionSpec("jobs", "content/_jobs", slug=np.DATED_SLUG, identifier_field="roles")
    assert np.new_relpath(tmp_path, dated, fields, NOW) == "content/_jobs/2026-03-07-dev.md"
    (folder / "2026-03-07-dev.md").write_text("x")
    (folder / "2026-03-07-dev-1.md").symlink_to("nowhere")
    assert np.new_relpath(tmp_path, dated, fields, NOW) == "content/_jobs/2026-03-07-dev-2.md"


def test_new_relpath_refuses_when_all_taken(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "_jobs"
    folder.mkdir(parents=True)
    (folder / "dev.md").write_text("x")
    for n in range(1, 100):
        (folder / f"dev-{n}.md").write_text("x")
    with pytest.raises(PosteditError, match="already exist"):
        np.new_relpath(tmp_path, JOBS, {"roles": "Dev"}, NOW)


def test_folder_outside_the_repository_is_refused(tmp_path: Path) -> None:
    spec = CollectionSpec("evil", "../outside")
    with pytest.raises(PosteditError, match="outside"):
        np.new_relpath(tmp_path, spec, {"title": "x"}, NOW)


def test_default_fields() -> None:
    fields = np.default_fields(JOBS, NOW)
    assert fields == {
        "open": False,
        "date": dt.date(2026, 3, 7),
        "published": dt.datetime(2026, 3, 7, 14, 35),
        "seen": dt.date(2026, 3, 7),
        "domaines": ["Produit"],
    }
    assert list(fields) == ["open", "date", "published", "seen", "domaines"]
    assert np.default_body(JOBS) == "## Le contexte\n"
    # defaults are copies: editing one new posting does not change the schema
    fields["domaines"].append("Design")
    assert JOBS.field("domaines").default == ["Produit"]  # type: ignore[union-attr]


def test_a_now_default_is_written_in_the_field_s_format(tmp_path: Path) -> None:
    """As Decap's datetime widget writes it: the site reads that format, not ISO."""
    spec = CollectionSpec(
        name="events",
        folder="events",
        fields=(
            FieldSpec("title"),
            FieldSpec("starts", "datetime", default="{{now}}", format="DD.MM.YYYY HH:mm"),
            FieldSpec("day", "date", default="{{now}}", format="DD/MM/YYYY"),
            FieldSpec("iso", "datetime", default="{{now}}", format="YYYY-MM-DD HH:mm"),
        ),
    )
    (tmp_path / "events").mkdir()
    fields = {**np.default_fields(spec, NOW), "title": "Fair"}
    made = np.create_postings(tmp_path, spec, fields, "", NOW)
    assert (tmp_path / made[0].relpath).read_bytes() == (
        b"---\nstarts: 07.03.2026 14:35\nday: 07/03/2026\niso: 2026-03-07 14:35\ntitle: Fair\n---\n"
    )


def test_duplicate_fields_resets_now_dates() -> None:
    template = Posting(
        "content/_jobs/a.md",
        "jobs",
        fields={"roles": "Dev", "date": dt.date(2020, 1, 1), "tags": ["a"]},
    )
    fields = np.duplicate_fields(JOBS, template, NOW)
    assert fields == {"roles": "Dev", "date": dt.date(2026, 3, 7), "tags": ["a"]}
    fields["tags"].append("b")
    assert template.fields["tags"] == ["a"]


def test_identifier_falls_back() -> None:
    assert np.identifier_of(JOBS, {"title": "T"}) == "T"
    assert np.identifier_of(JOBS, {"roles": ["a", "b"]}) == "a b"
    assert np.identifier_of(JOBS, {}) == ""


# --- per-field checks (core/fieldcheck.py) ---------------------------------------------


@pytest.mark.parametrize(
    ("spec", "was_present", "written"),
    [
        (FieldSpec("a", "relation", collection="authors", multiple=True), True, (True, [])),
        (FieldSpec("a", "relation", collection="authors", multiple=True), False, (False, None)),
        (FieldSpec("a", "relation", collection="authors"), True, (False, None)),
        (FieldSpec("m", "select", options=("x", "y"), multiple=True), True, (True, [])),
        (FieldSpec("s"), True, (False, None)),
        (FieldSpec("t", "list"), True, (False, None)),
    ],
)
def test_a_field_emptied_in_the_form(
    spec: FieldSpec, was_present: bool, written: tuple[bool, object]
) -> None:
    """A multiple select or relation emptied keeps its key as ``[]`` (what Decap writes);
    any other field emptied loses its key."""
    assert cleared(spec, was_present) == written


@pytest.mark.parametrize(
    ("spec", "text", "errors"),
    [
        (FieldSpec("n", "integer"), "12", []),
        (FieldSpec("n", "integer"), "1.5", ["expected a whole number, found '1.5'"]),
        (FieldSpec("n", "number"), "1.5", []),
        (FieldSpec("n", "number"), "abc", ["expected a number, found 'abc'"]),
        (FieldSpec("n", "integer", min=1, max=10), "11", ["value 11 is above the maximum 10"]),
        (FieldSpec("d", "date"), "2021-02-28", []),
        (FieldSpec("d", "date"), "2021-02-30", ["'2021-02-30' is not a valid date"]),
        (FieldSpec("d", "date"), "28/02/2021", ["'28/02/2021' is not a valid date (YYYY-MM-DD)"]),
        (FieldSpec("d", "datetime"), "2021-07-27 09:01", []),
        (FieldSpec("d", "date"), "2021-07-27 09:01:21.886Z", []),
        (FieldSpec("d", "date"), "2021-07-27 29:01", ["'2021-07-27 29:01' is not a valid"]),
        (
            FieldSpec("d", "datetime"),
            "2021-07-27T25:01",
            ["'2021-07-27T25:01' is not a valid date and time"],
        ),
        (FieldSpec("e", "email"), "a@b.fr", []),
        (FieldSpec("e", "email"), "a@b", ["'a@b' is not an email address"]),
        (FieldSpec("u", "url"), "https://beta.gouv.fr", []),
        (FieldSpec("u", "url"), "beta.gouv.fr", ["'beta.gouv.fr' is not a URL (https://...)"]),
        (FieldSpec("u", "url"), "/jobs/", ["'/jobs/' is not a URL (https://...)"]),  # as check
        (FieldSpec("u", "url"), "mailto:jobs@beta.gouv.fr", []),
        (FieldSpec("s", required=True), "", ["is required"]),
        (FieldSpec("s", required=True), "   ", ["is required"]),
        (FieldSpec("s"), "", []),
        (FieldSpec("s", pattern="^.{1,5}$", pattern_message="5 max"), "123456", ["5 max"]),
        (FieldSpec("s", max=3), "abcd", ["length 4 is above the maximum 3"]),
        (FieldSpec("b", "boolean"), "oui", ["expected true or false, found 'oui'"]),
        (FieldSpec("b", "boolean"), "true", []),
    ],
)
def test_check_text(spec: FieldSpec, text: str, errors: list[str]) -> None:
    """What a form's input says of the text typed: typing errors, else the value's problems."""
    issues: list[Issue]
    try:
        issues = check_value(spec, parse_text(spec, text))
    except ValueError as exc:
        issues = [Issue("error", str(exc))]
    got = [i.message for i in issues]
    assert [m for m in got if not any(m.startswith(e) for e in errors)] == []
    assert len(got) == len(errors)


def test_check_value_select() -> None:
    one = FieldSpec("s", "select", options=("a", "b"))
    many = FieldSpec("m", "select", options=("a", "b"), multiple=True)
    assert check_value(one, "a") == []
    assert [i.message for i in check_value(one, "c")] == ["c is not one of the options"]
    assert [i.message for i in check_value(one, ["a"])] == ["takes one option, not a list"]
    assert check_value(many, ["a", "b"]) == []
    assert [i.message for i in check_value(many, ["a", "z"])] == ["z is not one of the options"]


def test_parse_and_format_round_trip() -> None:
    spec = FieldSpec("d", "datetime")
    value = dt.datetime(2021, 7, 27, 9, 1, 21, 886000, tzinfo=dt.UTC)
    assert format_value(value) == "2021-07-27 09:01:21.886Z"
    assert parse_text(spec, format_value(value)) == value
    paris = dt.timezone(dt.timedelta(hours=2))
    for v in (
        dt.datetime(2021, 7, 27, 9, 1),
        dt.datetime(2021, 7, 27, 9, 1, 5, 123456, paris),
        dt.datetime(2021, 7, 27, 9, 1, tzinfo=dt.timezone(-dt.timedelta(hours=5))),
    ):
        assert parse_text(spec, format_value(v)) == v, format_value(v)
    assert format_value(dt.datetime(2021, 7, 27, 9, 1, tzinfo=paris)) == "2021-07-27 09:01+02:00"
    assert format_value(True) == "true"
    assert format_value(None) == ""
    assert parse_text(FieldSpec("s"), "  ") is None


def test_a_multiple_relation_is_typed_as_a_list_as_decap_writes_it() -> None:
    """Decap's relation widget with ``multiple: true`` writes a list of entries, even of one
    (RelationControl.handleChange); ``ann, bob`` typed in the form or given to set is that
    list, not the text ``ann, bob``. A single relation stays one value."""
    many = FieldSpec("authors", "relation", collection="authors", multiple=True)
    one = FieldSpec("author", "relation", collection="authors")
    assert parse_text(many, "ann, bob") == ["ann", "bob"]
    assert parse_text(many, "ann") == ["ann"]
    assert parse_text(many, "[ann, 'b, c']") == ["ann", "b, c"]
    assert parse_text(many, " ") is None
    assert parse_text(one, "ann, bob") == "ann, bob"
    assert parse_text(one, "12") == 12  # a YAML scalar, as before


@pytest.mark.parametrize(
    "value",
    [["ann", "bob"], ["ann"], ["b, c", "ann"], [1, 2], [" x"], ["[x]", "y"], ["a", "[b"]],
)
def test_a_list_reads_back_from_its_input_text(value: list[object]) -> None:
    many = FieldSpec("authors", "relation", collection="authors", multiple=True)
    assert parse_text(many, format_value(value)) == value, format_value(value)


def test_a_list_of_plain_texts_shows_as_comma_separated_text() -> None:
    assert format_value(["ann", "bob"]) == "ann, bob"
    assert format_value(["b, c", "ann"]) == "['b, c', ann]"


def test_same_value_is_type_strict() -> None:
    assert same_value(1, 1)
    assert not same_value(True, 1)
    assert not same_value(dt.date(2020, 1, 1), dt.datetime(2020, 1, 1))
    assert same_value([1, {"a": "b"}], [1, {"a": "b"}])
    assert not same_value({"a": 1, "b": 2}, {"b": 2, "a": 1})
