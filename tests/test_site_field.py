"""One reading of a field as the site reads it (``site.site_field``, ``site.site_fields``):
the list's columns and their sort, the filter, ``list``'s status column and ``check``'s
rules all take a value a page inherits (Hugo's ``cascade``, whose keys are in lower case)
and a key in another case where the site reads keys in any case, as Hugo does whatever the
schema; and a collection names the field that expires its postings."""

from __future__ import annotations

import pytest

from postedit.cli import main
from tests.tui.helpers import make_app, screen_lines, settle

HUGO_SCHEMA = """\
version: 1
collections:
  posts:
    folder: content/posts
    status: featured
    columns: [title, reviewBy]
    fields:
      - {name: title, required: true}
      - {name: reviewBy, required: true}
      - {name: featured, type: boolean}
      - {name: expiryDate, type: date}
      - {name: cascade, type: object}
    rules:
      - {when: 'reviewBy == "Ann"', then: featured is set, message: Ann reviews featured pages}
"""
INDEX = "---\ntitle: Posts\ncascade:\n  reviewBy: Ann\n  featured: true\n  expiryDate: 2020-01-01\n---\n"
HUGO = {
    "hugo.toml": 'title = "S"\n',
    "postedit.yml": HUGO_SCHEMA,  # says nothing of ignore_case
    "content/posts/_index.md": INDEX,
    "content/posts/alpha.md": "---\ntitle: Alpha inherits\n---\nx\n",
    "content/posts/bravo.md": (
        "---\ntitle: Bravo has its own\nReviewBy: Bob\nfeatured: false\nexpiryDate: 2999-01-01\n"
        "---\nx\n"
    ),
}


def _out(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(args)
    return code, capsys.readouterr().out.splitlines()


def test_a_hugo_postedit_yml_reads_keys_in_any_case_unless_it_says_otherwise(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A postedit.yml without ``ignore_case`` on a Hugo site compared the cascade's
    ``reviewby`` (Hugo lowercases its keys) and Bravo's ``ReviewBy`` with the field
    ``reviewBy`` as written: both pages were "missing required field 'reviewBy'", Bravo's
    key unknown, the rule blind to the inherited reviewer. Hugo reads them all as
    ``reviewBy``; a schema that says ``ignore_case: false`` is taken at its word."""
    site = make_repo(HUGO, name="hugo")
    assert _out(["check", "--repo", str(site)], capsys)[1][:-1] == []
    said = HUGO_SCHEMA.replace("version: 1\n", "version: 1\nsite: {ignore_case: false}\n")
    (site / "postedit.yml").write_text(said)
    code, lines = _out(["check", "--repo", str(site)], capsys)
    assert code == 1
    assert lines[:-1] == [
        "content/posts/_index.md:1: error: missing required field 'reviewBy'",
        "content/posts/alpha.md:1: error: missing required field 'reviewBy'",
        "content/posts/bravo.md:1: error: missing required field 'reviewBy'",
        "content/posts/bravo.md:3: warning: unknown key 'ReviewBy' (did you mean 'reviewBy'?)",
    ]


def test_the_filter_and_lists_status_column_read_the_field_as_the_site_does(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``list``'s status column showed the front matter's value alone: blank for a page whose
    section's cascade makes it ``featured``. The filter reads the field the way Hugo does:
    of ``draft: true`` and ``Draft: false`` in one page, the lower-case key (the filter took
    ``Draft:false`` as it is written, a page Hugo makes a draft)."""
    files = {
        **HUGO,
        "content/posts/charlie.md": "---\ntitle: Charlie\nreviewBy: Cy\nDraft: false\ndraft: true\n---\n",
    }
    site = make_repo(files, name="hugo")
    code, lines = _out(["list", "--repo", str(site), "--where", "reviewby:ann"], capsys)
    assert code == 0
    assert [line.split()[-1] for line in lines[2:4]] == ["_index.md", "alpha.md"]
    # S: the cascade's expiryDate is past; the status column: the cascade's featured
    assert [line.split()[:2] for line in lines[2:4]] == [["x", "true"], ["x", "true"]]
    _, lines = _out(["list", "--repo", str(site), "--where", "Draft:false"], capsys)
    assert "charlie.md" not in "\n".join(lines)
    _, lines = _out(["list", "--repo", str(site), "--where", "is:draft Draft:true"], capsys)
    assert lines[-2].split()[-1] == "charlie.md"


def test_a_key_only_a_cascade_gives_is_a_field_to_sort_by_and_to_suggest(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--sort team``, a key of the section's cascade alone (no field of the schema, no
    page's own key), was refused ("no field 'team'") though the filter finds pages by it;
    a query naming ``tem`` now hears of ``team``."""
    index = INDEX.replace("cascade:\n", "cascade:\n  team: Blue\n")
    site = make_repo({**HUGO, "content/posts/_index.md": index}, name="hugo")
    code, lines = _out(["list", "--repo", str(site), "--sort", "team"], capsys)
    assert (code, len(lines)) == (0, 6)
    assert main(["list", "--repo", str(site), "--where", "tem:blue"]) == 0
    assert "no field 'tem' in posts; did you mean 'team'?" in capsys.readouterr().err


async def test_the_lists_columns_show_and_sort_what_a_cascade_gives(
    make_repo,  # type: ignore[no-untyped-def]
) -> None:
    """The list's ``reviewBy`` column was blank for a page whose section's cascade names its
    reviewer (and sorted it with the pages that have none), while the filter bar found it
    by that reviewer: the column, its sort and the filter read one value."""
    site = make_repo(HUGO, name="hugo")
    app = make_app(site, "load")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)

        def row(name: str) -> str:
            return next(line for line in screen_lines(app) if name in line)

        assert "Ann" in row("alpha.md")
        assert "Bob" in row("bravo.md")
        model = app.main.model
        assert model.visible("posts", app.main.filter_query, "reviewBy") == [
            "content/posts/_index.md",
            "content/posts/alpha.md",
            "content/posts/bravo.md",
        ]
        await pilot.press("slash", *"reviewBy:ann", "enter")
        await settle(app, pilot)
        assert app.main.shown == ["content/posts/_index.md", "content/posts/alpha.md"]
        assert "Ann" in row("alpha.md")


JOBS_SCHEMA = """\
version: 1
collections:
  jobs:
    folder: content/_jobs
    site: {expiry_date: depublication_date}
    fields:
      - {name: title}
      - {name: depublication_date, type: date}
"""
JOBS = {
    "content/_jobs/2020-01-01-gone.md": "---\ntitle: Gone\ndepublication_date: 2020-02-01\n---\n",
    "content/_jobs/2020-01-02-kept.md": "---\ntitle: Kept\ndepublication_date: 2999-02-01\n---\n",
    "content/_jobs/2020-01-03-open.md": "---\ntitle: Open\n---\n",
}
DECAP = """\
backend: {name: git-gateway}
media_folder: img
collections:
  - name: jobs
    folder: content/_jobs
    create: true
    fields:
      - {name: title, widget: string}
      - {name: depublication_date, widget: datetime, required: false}
"""


def test_a_collection_names_the_field_that_expires_its_postings(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """beta.gouv's offers end at their ``depublication_date``: a postedit.yml's
    ``site: {expiry_date: depublication_date}`` makes ``is:expired`` (and the ``x`` of
    ``S``) read it. A Decap config names no such field: there it is no expiry date."""
    site = make_repo({**JOBS, "postedit.yml": JOBS_SCHEMA}, name="jobs")
    code, lines = _out(["list", "--repo", str(site), "--where", "is:expired"], capsys)
    assert code == 0
    assert [line.split()[-1] for line in lines[2:-1]] == ["2020-01-01-gone.md"]
    assert lines[-1] == "# S: x expired"
    decap = make_repo({**JOBS, "admin/config.yml": DECAP}, name="decap")
    assert main(["list", "--repo", str(decap), "--where", "is:expired"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "no posting matches 'is:expired'" in err
