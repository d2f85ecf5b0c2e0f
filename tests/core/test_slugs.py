"""New postings' names as Decap makes them: its own test cases (urlHelper.spec.js,
formatters.spec.js in decap-cms-core), ported as tables, and the real config's options."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from postedit.core import newposting as np
from postedit.core.schema import CollectionSpec, FieldSpec, SlugOptions
from postedit.core.schema_load import load_schema_file
from postedit.core.slugs import compile_template, prepare_slug, sanitize_slug, valid_slug_char

UNICODE = SlugOptions("unicode", False, "-")
"""Decap's defaults (its tests' ``slugConfig``)."""
NOW = dt.datetime(2020, 1, 1, 13, 28, 27)
"""Decap's tests mock Date.now() to 2020-01-01T13:28:27.679Z."""


def sanitize_uri(text: str, encoding: str = "unicode", replacement: str = "") -> str:
    """Decap's sanitizeURI: the character filter alone (without sanitize-filename's rules)."""
    return "".join(c if valid_slug_char(c, encoding) else replacement for c in text)


@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        # urlHelper.spec.js, sanitizeURI
        ("This, that-one_or.the~other 123!", {}, "Thisthat-one_or.the~other123"),
        ("ěščřžý", {}, "ěščřžý"),
        ("日本語のタイトル", {}, "日本語のタイトル"),
        ("ěščřžý日本語のタイトル", {"encoding": "ascii"}, ""),
        ("\u017f\u0323\u0307", {}, "\u017f\u0323\u0307"),  # not normalised
        ("duck\\goose.elephant", {"replacement": "-"}, "duck-goose.elephant"),
        ("🎉", {}, "🎉"),
    ],
)
def test_sanitize_uri(text: str, options: dict[str, str], expected: str) -> None:
    assert sanitize_uri(text, **options) == expected


@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        # urlHelper.spec.js, sanitizeSlug
        ("This, that-one_or.the~other 123!", UNICODE, "This-that-one_or.the~other-123"),
        ("ěščřžý", SlugOptions("unicode", True, "-"), "escrzy"),
        ("ěščřžý日本語のタイトル", SlugOptions("ascii", False, "-"), ""),
        ("ěščřžý日本語のタイトル", SlugOptions("ascii", True, "-"), "escrzy"),
        ("test--test", UNICODE, "test-test"),
        ("test   test", UNICODE, "test-test"),
        ("test   test   ", UNICODE, "test-test"),
        ('"test"    test', UNICODE, "test-test"),
        ("test   test   ", SlugOptions("unicode", False, "_"), "test_test"),
        ("/this-is-a/nested/page", UNICODE, "this-is-a-nested-page"),
        # sanitize-filename's rules, as Decap applies them
        ("con", UNICODE, ""),
        ("a:b", SlugOptions("unicode", False, "_"), "a_b"),
        ("x" * 300, UNICODE, "x" * 255),
    ],
)
def test_sanitize_slug(text: str, options: SlugOptions, expected: str) -> None:
    assert sanitize_slug(text, options) == expected


def test_sanitize_slug_preserves_slashes_when_asked() -> None:
    assert sanitize_slug("/this-is-a/nested/page", UNICODE, True) == "this-is-a/nested/page"


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [(" slug ", "slug"), ("Slug", "slug"), ("sl'ug", "slug"), ("sl.ug", "sl-ug")],
)
def test_prepare_slug(text: str, expected: str) -> None:
    """formatters.spec.js, prepareSlug."""
    assert prepare_slug(text) == expected


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
        ("{{title | upper}}", "HELLO WORLD"),
        ("{{title | lower}}", "hello world"),
        ("{{missing | default('none')}}", "none"),
        ("{{draft | ternary('yes', 'no')}}", "yes"),
        ("{{title | truncate(5)}}", "Hello..."),
        ("{{title | truncate(5, '…')}}", "Hello…"),
        ("{{when | date('YYYY/MM')}}", "2024/03"),
        ("{{when | date('D MMM YY [at] HH:mm')}}", "5 Mar 24 at 00:00"),
        ("{{author.name}}", "Ada"),
        ("{{tags}}", "a,b"),
        ("{{ title }}", "Hello World"),
    ],
)
def test_template_filters_and_values(template: str, expected: str) -> None:
    data = {
        "title": "Hello World",
        "draft": True,
        "when": dt.date(2024, 3, 5),
        "author": {"name": "Ada"},
        "tags": ["a", "b"],
    }
    assert compile_template(template, NOW, "", data) == expected


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
