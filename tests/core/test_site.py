"""A posting's site-level values: date (the file name's too), title, publication state, URL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from postedit.core.posting import Posting
from postedit.core.schema import CollectionSpec, FieldSpec, SiteSpec, SlugOptions
from postedit.core.site import file_name_date, preview_url, site_values

NOW = dt.datetime(2024, 6, 15, 12, 0)
"""A fixed clock (local time)."""


def make(fields: dict[str, Any], name: str = "2024-01-02-dev.md") -> Posting:
    return Posting(relpath=f"content/_jobs/{name}", collection="jobs", fields=fields)


def spec(**kw: Any) -> CollectionSpec:
    return CollectionSpec(name="jobs", folder="content/_jobs", **kw)


JOBS = spec(identifier_field="roles")


# ----------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2021-09-01-dev.md", dt.date(2021, 9, 1)),
        ("2021-9-1-dev.markdown", dt.date(2021, 9, 1)),
        ("2021-09-01-dev", None),  # no extension: Jekyll gives no date (nor publishes it)
        ("2021-02-30-dev.md", None),
        ("dev-2021-09-01.md", None),
        ("2021-09-01.md", None),  # the date needs a slug after it
        ("21-09-01-dev.md", None),
    ],
)
def test_file_name_date(name: str, expected: dt.date | None) -> None:
    assert file_name_date(f"content/_jobs/{name}") == expected


def test_a_file_name_date_is_worked_out_once_at_ten_thousand_postings() -> None:
    """The list, its sort and validation each ask for every posting in turn: a cache smaller
    than the collection would miss every time."""
    names = [f"content/_jobs/2021-01-01-job-{i}.md" for i in range(10_000)]
    for name in names:
        file_name_date(name)
    misses = file_name_date.cache_info().misses
    for name in names:
        file_name_date(name)
    assert file_name_date.cache_info().misses == misses


def test_the_file_name_dates_kept_are_bounded() -> None:
    """A process that sees ever more names (the TUI open for days) keeps a bounded number of
    them, ten times the 10,000 postings above or more."""
    bound = file_name_date.cache_info().maxsize
    assert bound is not None and bound >= 100_000
    for i in range(bound + 1_000):
        file_name_date(f"content/_jobs/2021-01-01-seen-{i}.md")
    assert file_name_date.cache_info().currsize == bound
    assert file_name_date("content/_jobs/2021-01-01-seen-0.md") == dt.date(2021, 1, 1)


def test_front_matter_date_wins_over_the_file_name() -> None:
    values = site_values(make({"date": dt.date(2023, 5, 6)}), JOBS, NOW)
    assert (values.date, values.date_from_name) == (dt.date(2023, 5, 6), False)


@pytest.mark.parametrize("fields", [{}, {"date": None}, {"date": ""}])
def test_file_name_date_when_the_front_matter_has_none(fields: dict[str, Any]) -> None:
    values = site_values(make(fields), JOBS, NOW)
    assert (values.date, values.date_from_name) == (dt.date(2024, 1, 2), True)


def test_no_date_at_all() -> None:
    values = site_values(make({}, name="dev.md"), JOBS, NOW)
    assert (values.date, values.date_from_name) == (None, False)


def test_file_name_dates_can_be_turned_off_for_hugo() -> None:
    hugo = spec(site=SiteSpec(file_name_date=False))
    assert site_values(make({}), hugo, NOW).date is None


def test_dates_written_as_text_are_read_with_the_fields_format() -> None:
    formatted = spec(fields=(FieldSpec("date", "date", format="DD.MM.YYYY"),))
    assert site_values(make({"date": "05.03.2023"}), formatted, NOW).date == dt.date(2023, 3, 5)
    assert site_values(make({"date": "2023-03-05"}), JOBS, NOW).date == dt.date(2023, 3, 5)
    stamp = site_values(make({"date": "2021-11-24T11:04:26.278Z"}), JOBS, NOW).date
    assert stamp == dt.datetime(2021, 11, 24, 11, 4, 26, 278000, tzinfo=dt.UTC)


def test_a_date_that_is_not_one_falls_back_to_the_file_name() -> None:
    values = site_values(make({"date": "demain"}), JOBS, NOW)
    assert (values.date, values.date_from_name) == (dt.date(2024, 1, 2), True)


def test_hugo_date_fallbacks_and_a_configured_date_field() -> None:
    assert site_values(make({"publishDate": dt.date(2022, 2, 2)}), JOBS, NOW).date == dt.date(
        2022, 2, 2
    )
    own = spec(site=SiteSpec(date=("posted",)))
    assert site_values(make({"posted": dt.date(2020, 1, 1)}), own, NOW).date == dt.date(2020, 1, 1)


HUGO = CollectionSpec(name="posts", folder="content/posts", site=SiteSpec(file_name_date=False))
"""A Hugo section, as a postedit.yml describes one (Hugo has no file-name dates by default)."""


def test_hugo_dates_a_posting_by_its_lastmod_when_nothing_else_dates_it() -> None:
    """Hugo's default front matter config: date = [date, publishDate, lastmod] (lastmod's
    alias: modified); publishDate = [publishDate, date], which leaves lastmod out: a posting
    dated by its lastmod alone is published, however late it is."""
    post = "content/posts/a.md"

    def values(fields: dict[str, Any], on: CollectionSpec = HUGO) -> tuple[Any, ...]:
        got = site_values(Posting(post, "posts", fields=fields), on, NOW)
        return got.date, got.date_from_name, got.state

    march = dt.date(2024, 3, 1)
    assert values({"lastmod": march}) == (march, False, "published")
    assert values({"modified": march}) == (march, False, "published")
    assert values({"lastmod": dt.date(2099, 1, 1)})[2] == "published"  # not a publish date
    assert values({"date": dt.date(2023, 1, 1), "lastmod": march})[0] == dt.date(2023, 1, 1)
    assert values({"publishDate": dt.date(2022, 1, 1), "lastmod": march})[0] == dt.date(2022, 1, 1)
    # Jekyll's rule is unchanged: the file name's date comes before any lastmod
    jekyll = site_values(make({"lastmod": march}), JOBS, NOW)
    assert (jekyll.date, jekyll.date_from_name) == (dt.date(2024, 1, 2), True)
    # a postedit.yml may name other fields, or none
    assert values({"lastmod": march}, spec(site=SiteSpec(lastmod=())))[0] is None
    assert values({"updated": march}, spec(site=SiteSpec(lastmod=("updated",))))[0] == march


# ----------------------------------------------------------------------------- titles


def test_title_is_the_identifier_field() -> None:
    values = site_values(make({"roles": "  Développeuse\n ou développeur ", "title": "x"}), JOBS)
    assert values.title == "Développeuse ou développeur"


def test_title_falls_back_to_the_summary_then_title_and_name() -> None:
    with_summary = spec(identifier_field="roles", summary="{{startup | upper}} - {{filename}}")
    posting = make({"startup": "lumo", "title": "T"})
    assert site_values(posting, with_summary).title == "LUMO - 2024-01-02-dev"
    # an empty field leaves no dangling separator
    assert site_values(make({}), with_summary).title == "2024-01-02-dev"
    assert site_values(make({"title": "T"}), JOBS).title == "T"
    assert site_values(make({"name": "N"}), JOBS).title == "N"
    assert site_values(make({"roles": 2024}), JOBS).title == "2024"
    assert site_values(make({"roles": ["a"], "open": True}), JOBS).title == ""


def test_summary_reads_the_site_date() -> None:
    yearly = spec(identifier_field="roles", summary="{{year}}: {{fields.startup}}")
    assert site_values(make({"startup": "lumo"}), yearly).title == "2024: lumo"
    assert site_values(make({"startup": "x"}, name="x.md"), yearly).title == "x"


# ----------------------------------------------------------------------------- states


@pytest.mark.parametrize(
    ("fields", "state"),
    [
        ({}, "published"),
        ({"draft": True}, "draft"),
        ({"draft": "true"}, "draft"),  # Hugo reads the text as true
        ({"draft": False}, "published"),
        ({"published": False}, "draft"),  # Jekyll
        ({"published": "false"}, "published"),  # Jekyll only hides the boolean
        ({"date": dt.date(2024, 6, 16)}, "scheduled"),
        ({"date": dt.date(2024, 6, 15)}, "published"),  # today: out already
        ({"date": dt.datetime(2024, 6, 15, 12, 30)}, "scheduled"),
        ({"date": dt.date(2024, 1, 1), "publishDate": dt.date(2025, 1, 1)}, "scheduled"),
        ({"expiryDate": dt.date(2024, 6, 15)}, "expired"),  # expires at the start of the day
        ({"expiryDate": dt.date(2024, 6, 16)}, "published"),
        ({"unpublishdate": "2024-01-01"}, "expired"),
        ({"draft": True, "expiryDate": dt.date(2020, 1, 1)}, "draft"),
        ({"date": dt.date(2030, 1, 1), "expiryDate": dt.date(2020, 1, 1)}, "expired"),
    ],
)
def test_states(fields: dict[str, Any], state: str) -> None:
    assert site_values(make(fields), JOBS, NOW).state == state


def test_a_file_name_date_in_the_future_is_scheduled() -> None:
    assert site_values(make({}, name="2031-01-01-later.md"), JOBS, NOW).state == "scheduled"


def test_future_true_publishes_future_dates() -> None:
    future = spec(site=SiteSpec(future=True))
    assert site_values(make({"date": dt.date(2030, 1, 1)}), future, NOW).state == "published"


def test_a_configured_expiry_field() -> None:
    beta = spec(site=SiteSpec(expiry_date=("depublication_date",)))
    posting = make({"depublication_date": "2022-06-07T15:57:56.787Z"})
    assert site_values(posting, beta, NOW).state == "expired"
    assert site_values(posting, JOBS, NOW).state == "published"


def test_aware_times_compare_with_the_clock() -> None:
    now = dt.datetime(2024, 6, 15, 12, 0, tzinfo=dt.UTC)
    soon = dt.datetime(2024, 6, 15, 12, 1, tzinfo=dt.UTC)
    assert site_values(make({"date": soon}), JOBS, now).state == "scheduled"
    assert site_values(make({"date": soon}), JOBS, now + dt.timedelta(minutes=1)).state == (
        "published"
    )


# ----------------------------------------------------------------------------- URLs

BETA = SlugOptions(encoding="ascii", clean_accents=True, sanitize_replacement=".")


def test_preview_url_from_the_preview_path() -> None:
    jobs = spec(
        identifier_field="roles",
        preview_path="recrutement/{{year}}/{{month}}/{{day}}/{{roles}}",
        slug_options=BETA,
        site=SiteSpec(url="https://beta.gouv.fr/"),
    )
    posting = make({"roles": "Développeuse Full-Stack"})
    assert preview_url(posting, jobs) == (
        "https://beta.gouv.fr/recrutement/2024/01/02/developpeuse.full-stack"
    )


def test_preview_url_slug_filename_and_no_site_url() -> None:
    blog = spec(preview_path="/blog/{{slug}}/{{filename}}.{{extension}}")
    assert preview_url(make({}, name="Hello World.md"), blog) == (
        "/blog/hello-world/hello-world.md"
    )


def test_preview_url_slug_drops_a_markdown_extension_too() -> None:
    """A ``*.md`` collection takes ``*.markdown`` files too; the ``{{slug}}`` of a preview
    path is the file's path without its extension, whichever of the two it has."""
    blog = spec(preview_path="blog/{{slug}}")
    assert preview_url(make({}, name="hello.markdown"), blog) == "/blog/hello"
    assert preview_url(make({}, name="hello.md"), blog) == "/blog/hello"


def test_preview_url_without_preview_path_or_date() -> None:
    assert preview_url(make({}), JOBS) is None
    dated = spec(preview_path="{{year}}/{{slug}}")
    assert preview_url(make({}, name="undated.md"), dated) is None


def test_preview_url_date_field() -> None:
    events = spec(preview_path="{{year}}/{{slug}}", preview_path_date_field="held")
    assert preview_url(make({"held": dt.date(2019, 5, 1)}), events) == "/2019/2024-01-02-dev"
    assert preview_url(make({}), events) is None  # the named field has no date


def test_preview_url_keeps_nested_slashes_when_asked() -> None:
    nested = spec(preview_path="{{dirname}}/{{slug}}", preview_path_preserve_slashes=True)
    posting = Posting(relpath="content/_jobs/a/b/Index.md", collection="jobs", fields={})
    assert preview_url(posting, nested) == "/a/b/a/b/index"


def test_a_title_is_one_line_and_keeps_its_characters() -> None:
    posting = make({"roles": "Dev\x1b[2J\u202eevil\x00 \t\n x"})
    assert site_values(posting, JOBS).title == "Dev\x1b[2J\u202eevil\x00 x"


def test_a_single_file_translation_shows_its_default_locale_s_title_and_date() -> None:
    from postedit.core.schema import CollectionSpec, I18n

    spec = CollectionSpec(
        "pages",
        "content/pages",
        identifier_field="title",
        i18n=I18n("single_file", ("en", "fr"), "en"),
    )
    posting = Posting(
        relpath="content/pages/about.md",
        collection="pages",
        fields={"en": {"title": "About", "date": dt.date(2021, 5, 4)}, "fr": {"title": "À propos"}},
    )
    values = site_values(posting, spec)
    assert (values.title, values.date) == ("About", dt.date(2021, 5, 4))
