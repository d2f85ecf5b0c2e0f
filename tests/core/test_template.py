"""Decap string templates and slug processing, checked against Decap's own test cases
(decap-cms-lib-widgets stringTemplate.spec.js, decap-cms-core urlHelper.spec.js)."""

from __future__ import annotations

import datetime as dt

import pytest

from postedit.core.schema import SlugOptions
from postedit.core.template import (
    MissingDate,
    file_fields,
    render,
    sanitize_slug,
    slug_segment,
    template_variables,
    text_of,
)

DATE = dt.datetime(2020, 1, 2, 13, 28, 27, 679000, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{year}}", "2020"),
        ("{{month}}", "01"),
        ("{{day}}", "02"),
        ("{{hour}}", "13"),
        ("{{minute}}", "28"),
        ("{{second}}", "27"),
    ],
)
def test_date_variables(template: str, expected: str) -> None:
    assert render(template, {}, date=DATE) == expected


def test_a_date_variable_without_a_date_is_an_error_unless_optional() -> None:
    with pytest.raises(MissingDate):
        render("{{year}}", {})
    assert render("{{year}}-{{title}}", {"title": "x"}, date_required=False) == "-x"


def test_slug_fields_prefix_and_plain_names() -> None:
    data = {"slug": "entrySlug", "title": "title"}
    assert (
        render(
            "{{slug}}-{{year}}-{{fields.slug}}-{{title}}", data, date=DATE, identifier="backendSlug"
        )
        == "backendSlug-2020-entrySlug-title"
    )


def test_processor_applies_to_every_value() -> None:
    assert render("{{slug}}", {}, date=DATE, identifier="slug", processor=str.upper) == "SLUG"


def test_filters_upper_lower_and_date() -> None:
    data = {"title": "Title", "published": DATE}
    template = "{{slug | upper}}-{{title | lower}}-{{published | date('MM-DD')}}-{{year}}"
    assert (
        render(template, data, date=DATE, identifier="backendSlug")
        == "BACKENDSLUG-title-01-02-2020"
    )


def test_filter_default() -> None:
    data = {"title": "title", "subtitle": None}
    template = "{{slug | upper}}-{{title | default('none')}}-{{subtitle | default('none')}}"
    assert render(template, data, date=DATE, identifier="backendSlug") == "BACKENDSLUG-title-none"


def test_filter_ternary() -> None:
    data = {"starred": True, "done": False}
    template = "{{starred | ternary('star','nostar')}}-{{done | ternary('done', 'open')}}"
    assert render(template, data, date=DATE) == "star-open"


@pytest.mark.parametrize(
    ("template", "expected"),
    [("{{slug | truncate(6)}}", "backen..."), ("{{slug | truncate(3,'***')}}", "bac***")],
)
def test_filter_truncate(template: str, expected: str) -> None:
    assert render(template, {}, date=DATE, identifier="backendSlug") == expected


def test_truncate_leaves_short_text_alone() -> None:
    assert render("{{t | truncate(6)}}", {"t": "abcdefgh"}) == "abcdefgh"  # 6 + "..." fits


def test_unknown_filter_and_missing_field() -> None:
    assert render("[{{title | shout}}][{{nope}}]", {"title": "Hi"}) == "[Hi][]"


def test_nested_paths_and_explicit_objects() -> None:
    data = {"a": {"b": [{"c": "deep"}]}, "tags": ["x", "y"]}
    assert render("{{a.b[0].c}}", data) == "deep"
    assert render("{{fields.tags}}", data) == '["x","y"]'
    assert render("{{tags}}", data) == "x, y"


def test_date_filter_tokens() -> None:
    moment = dt.datetime(2021, 9, 5, 7, 4, 3)
    assert render("{{d | date('dddd D MMMM YYYY, h:mm A [at] HH')}}", {"d": moment}) == (
        "Sunday 5 September 2021, 7:04 AM at 07"
    )
    assert render("{{d | date('YYYY')}}", {"d": "2019-03-04"}) == "2019"
    assert render("{{d | date('YYYY')}}", {"d": "not a date"}) == ""


def test_dates_as_written_and_utc_parts() -> None:
    paris = dt.datetime(2021, 1, 1, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert render("{{year}}-{{month}}-{{day}}", {}, date=paris) == "2020-12-31"  # Decap: UTC
    assert render("{{year}}-{{month}}-{{day}}", {}, date=dt.date(2021, 1, 1)) == "2021-01-01"
    assert text_of(dt.datetime(2021, 11, 24, 11, 4, 26, tzinfo=dt.UTC)) == "2021-11-24T11:04:26Z"


def test_variables_and_spaces() -> None:
    assert template_variables("{{slug}}-hello-{{ date }}-{{fields.id | upper}}") == (
        "slug",
        "date",
        "fields.id",
    )
    assert template_variables("hello") == ()


def test_file_fields() -> None:
    assert file_fields("content/_jobs/2021-01-02-dev.md", "content/_jobs") == {
        "filename": "2021-01-02-dev",
        "extension": "md",
        "dirname": "",
    }
    assert file_fields("content/blog/a/b/index.md", "content/blog")["dirname"] == "a/b"
    assert file_fields("content/_jobs/2022-07-28-UX", "content/_jobs")["extension"] == ""


DASH = SlugOptions(encoding="unicode", clean_accents=False, sanitize_replacement="-")


@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        ("This, that-one_or.the~other 123!", DASH, "This-that-one_or.the~other-123"),
        ("ěščřžý", SlugOptions(clean_accents=True), "escrzy"),
        ("ěščřžý日本語のタイトル", SlugOptions(encoding="ascii", clean_accents=False), ""),
        ("ěščřžý日本語のタイトル", SlugOptions(encoding="ascii", clean_accents=True), "escrzy"),
        ("test--test", DASH, "test-test"),
        ("test   test", DASH, "test-test"),
        ("test   test   ", DASH, "test-test"),
        ('"test"    test', DASH, "test-test"),
        ("test   test   ", SlugOptions(sanitize_replacement="_"), "test_test"),
        ("日本語のタイトル", DASH, "日本語のタイトル"),
    ],
)
def test_sanitize_slug_as_decap(text: str, options: SlugOptions, expected: str) -> None:
    assert sanitize_slug(text, options) == expected


def test_sanitize_slug_preserves_slashes_when_asked() -> None:
    text = "this/is a/nested/page"
    assert sanitize_slug(text, DASH) == "this-is-a-nested-page"
    assert sanitize_slug(text, DASH, preserve_slashes=True) == "this/is-a/nested/page"


def test_slug_segment_is_prepare_then_sanitize() -> None:
    beta = SlugOptions(encoding="ascii", clean_accents=True, sanitize_replacement=".")
    assert slug_segment(" Développeuse ou développeur Full-Stack ", beta) == (
        "developpeuse.ou.developpeur.full-stack"
    )
    assert slug_segment("L'équipe v2.0", DASH) == "léquipe-v2-0"  # unicode keeps é
    assert slug_segment("con", DASH) == ""  # a Windows device name: sanitize-filename drops it
