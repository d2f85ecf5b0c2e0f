"""Decap string templates and slug processing, checked against Decap's own test cases
(decap-cms-lib-widgets stringTemplate.spec.js, decap-cms-core urlHelper.spec.js and
formatters.spec.js), ported as tables. New postings' names: tests/core/test_slugs.py."""

from __future__ import annotations

import datetime as dt

import pytest

from postedit.core.schema import SlugOptions
from postedit.core.template import (
    MissingDate,
    file_fields,
    prepare_slug,
    render,
    sanitize_slug,
    slug_segment,
    text_of,
    valid_slug_char,
)

DATE = dt.datetime(2020, 1, 2, 13, 28, 27, 679000, tzinfo=dt.UTC)
NOW = dt.datetime(2020, 1, 1, 13, 28, 27)
"""Decap's tests mock Date.now() to 2020-01-01T13:28:27.679Z."""


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
        ("{{tags}}", "a, b"),
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
    assert render(template, data, date=NOW) == expected


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
    template = "{{slug}}-hello-{{ date }}-{{fields.id | upper}}"
    assert render(template, {"date": "d", "id": "x"}, identifier="s") == "s-hello-d-X"
    assert render("hello", {}) == "hello"


def test_file_fields() -> None:
    assert file_fields("content/_jobs/2021-01-02-dev.md", "content/_jobs") == {
        "filename": "2021-01-02-dev",
        "extension": "md",
        "dirname": "",
    }
    assert file_fields("content/blog/a/b/index.md", "content/blog")["dirname"] == "a/b"
    assert file_fields("content/_jobs/2022-07-28-UX", "content/_jobs")["extension"] == ""


DASH = SlugOptions(encoding="unicode", clean_accents=False, sanitize_replacement="-")
"""Decap's defaults (its tests' ``slugConfig``)."""


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
        ("This, that-one_or.the~other 123!", DASH, "This-that-one_or.the~other-123"),
        ("ěščřžý", SlugOptions(clean_accents=True), "escrzy"),
        ("ěščřžý", SlugOptions("unicode", True, "-"), "escrzy"),
        ("ěščřžý日本語のタイトル", SlugOptions(encoding="ascii", clean_accents=False), ""),
        ("ěščřžý日本語のタイトル", SlugOptions(encoding="ascii", clean_accents=True), "escrzy"),
        ("test--test", DASH, "test-test"),
        ("test   test", DASH, "test-test"),
        ("test   test   ", DASH, "test-test"),
        ('"test"    test', DASH, "test-test"),
        ("test   test   ", SlugOptions(sanitize_replacement="_"), "test_test"),
        ("test   test   ", SlugOptions("unicode", False, "_"), "test_test"),
        ("日本語のタイトル", DASH, "日本語のタイトル"),
        ("/this-is-a/nested/page", DASH, "this-is-a-nested-page"),
        # sanitize-filename's rules, as Decap applies them
        ("con", DASH, ""),
        ("a:b", SlugOptions("unicode", False, "_"), "a_b"),
        ("x" * 300, DASH, "x" * 255),
        # the diacritics package's letters; it leaves sub- and superscripts alone
        ("Ðóttir þór", SlugOptions("ascii", True, "-"), "Dhottir-thor"),
        ("CO₂ m²", SlugOptions("ascii", True, "-"), "CO-m"),
    ],
)
def test_sanitize_slug_as_decap(text: str, options: SlugOptions, expected: str) -> None:
    assert sanitize_slug(text, options) == expected


@pytest.mark.parametrize(
    ("text", "kept", "flat"),
    [
        ("this/is a/nested/page", "this/is-a/nested/page", "this-is-a-nested-page"),
        ("/this-is-a/nested/page", "this-is-a/nested/page", "this-is-a-nested-page"),
    ],
)
def test_sanitize_slug_preserves_slashes_when_asked(text: str, kept: str, flat: str) -> None:
    assert sanitize_slug(text, DASH, preserve_slashes=True) == kept
    assert sanitize_slug(text, DASH) == flat


@pytest.mark.parametrize(
    ("text", "expected"),
    [(" slug ", "slug"), ("Slug", "slug"), ("sl'ug", "slug"), ("sl.ug", "sl-ug")],
)
def test_prepare_slug(text: str, expected: str) -> None:
    """formatters.spec.js, prepareSlug."""
    assert prepare_slug(text) == expected


def test_slug_segment_is_prepare_then_sanitize() -> None:
    beta = SlugOptions(encoding="ascii", clean_accents=True, sanitize_replacement=".")
    assert slug_segment(" Développeuse ou développeur Full-Stack ", beta) == (
        "developpeuse.ou.developpeur.full-stack"
    )
    assert slug_segment("L'équipe v2.0", DASH) == "léquipe-v2-0"  # unicode keeps é
    assert slug_segment("con", DASH) == ""  # a Windows device name: sanitize-filename drops it
