"""New postings' names as Decap makes them: its own test cases (formatters.spec.js in
decap-cms-core, slugFormatter), ported as tables, and the real config's options. The template
and slug rules underneath (core/template.py) are tested in tests/core/test_template.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from postedit.core import newposting as np
from postedit.core.schema import CollectionSpec, FieldSpec, SlugOptions
from postedit.core.schema_load import load_schema_file

UNICODE = SlugOptions("unicode", False, "-")
"""Decap's defaults (its tests' ``slugConfig``)."""
NOW = dt.datetime(2020, 1, 1, 13, 28, 27)
"""Decap's tests mock Date.now() to 2020-01-01T13:28:27.679Z."""


def test_an_unsafe_replacement_is_refused_by_the_config_loader(tmp_path: Path) -> None:
    from postedit.core.errors import SchemaError

    config = tmp_path / "config.yml"
    config.write_text(
        "backend: {name: git-gateway}\nslug: {sanitize_replacement: '$'}\n"
        "collections: [{name: a, folder: a, fields: [{name: title}]}]\n"
    )
    with pytest.raises(SchemaError, match="sanitize_replacement") as info:
        load_schema_file(config, "admin/config.yml")
    assert info.value.line == 2


def spec(**kw: object) -> CollectionSpec:
    kw.setdefault("slug_options", UNICODE)
    kw.setdefault("fields", (FieldSpec("title"), FieldSpec("slug"), FieldSpec("published")))
    return CollectionSpec("posts", "content/posts", **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("config", "fields", "expected"),
    [
        # formatters.spec.js, slugFormatter
        ({}, {"title": "Post Title"}, "post-title"),
        (
            {"slug": "{{year}}-{{month}}-{{day}}_{{slug}}"},
            {"title": "Post Title"},
            "2020-01-01_post-title",
        ),
        (
            {"slug": "{{fields.slug}}", "identifier_field": "slug"},
            {"title": "Post Title", "slug": "entry-slug"},
            "entry-slug",
        ),
        (
            {"slug": "{{published | date('MM-DD')}}", "identifier_field": "published"},
            {"title": "Post Title", "published": dt.datetime(2020, 1, 1, 13, 28, 27)},
            "01-01",
        ),
        ({"slug": "{{slug}}"}, {"title": "Post Title"}, "post-title"),
        (
            {"slug": "{{year}}-{{month}}-{{day}}-{{slug}}", "path": "sub_dir/{{year}}/{{slug}}"},
            {"title": "Post Title"},
            "sub_dir/2020/2020-01-01-post-title",
        ),
        (
            {"slug": "{{year}}-{{month}}-{{day}}-{{slug}}.en", "path": "sub_dir/{{year}}/{{slug}}"},
            {"title": "Post Title"},
            "sub_dir/2020/2020-01-01-post-title.en",
        ),
        # prepareSlug turns the path's '..' into '--': the posting stays in its folder
        (
            {"slug": "{{slug}}.en", "path": "../dir/{{slug}}"},
            {"title": "Post Title"},
            "--/dir/post-title.en",
        ),
    ],
)
def test_slug_formatter(config: dict[str, str], fields: dict[str, object], expected: str) -> None:
    assert np.render_slug(spec(**config), fields, NOW) == expected


@pytest.mark.parametrize("name", ["date", "publishDate"])
def test_the_entry_date_field_gives_year_month_day(name: str) -> None:
    """formatters.spec.js: "date filters applied to date/publishDate from entry"."""
    s = spec(
        slug="{{year}}-{{month}}-{{day}}-{{title}}",
        fields=(FieldSpec("title"), FieldSpec(name, "datetime")),
    )
    fields = {name: dt.datetime(2026, 10, 20, 13, 28, 27, tzinfo=dt.UTC), "title": "post title"}
    assert np.render_slug(s, fields, NOW) == "2026-10-20-post-title"


def test_dates_are_taken_in_utc_as_decap_does() -> None:
    s = spec(slug="{{year}}-{{month}}-{{day}}-{{hour}}", fields=(FieldSpec("date", "datetime"),))
    paris = dt.timezone(dt.timedelta(hours=2))
    fields = {"date": dt.datetime(2024, 1, 1, 1, 0, tzinfo=paris), "title": "x"}
    assert np.render_slug(s, fields, NOW) == "2023-12-31-23"


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{tags}}", "a-b"),
        ("{{fields.tags}}", "a-b"),  # JSON, then made a slug
        ("{{draft | ternary('draft', 'live')}}-{{slug}}", "live-x"),  # the value false, not "false"
    ],
)
def test_values_in_a_name_as_decap_writes_them(template: str, expected: str) -> None:
    fields = {"title": "x", "tags": ["a", "b"], "draft": False}
    assert np.render_slug(spec(slug=template), fields, NOW) == expected


def test_the_real_config_makes_the_names_of_the_real_offers(decap_config: Path) -> None:
    """beta.gouv.fr's config: ASCII, accents cleaned, '.' as the replacement."""
    jobs = load_schema_file(decap_config, "admin/config.yml").collection("jobs")
    assert jobs is not None
    assert jobs.slug_options == SlugOptions("ascii", True, ".")
    fields = {"roles": "Développeur·se Full-Stack (H/F)", "date": dt.date(2024, 5, 6)}
    assert np.render_slug(jobs, fields, NOW) == "2024-05-06-developpeur.se.full-stack.h.f"


def test_postedit_yml_collections_keep_ascii_names_by_default() -> None:
    s = CollectionSpec("jobs", "jobs", identifier_field="roles")
    assert np.render_slug(s, {"roles": "Chargé·e de déploiement — Œuvres"}, NOW) == (
        "charge-e-de-deploiement-oeuvres"
    )
    assert np.render_slug(s, {"roles": "日本語"}, NOW) == "posting"
