"""Jekyll's front matter defaults (``defaults:`` in ``_config.yml``) give postings values as
Jekyll reads them (lib/jekyll/frontmatter_defaults.rb): a posting a default hides
(``published: false`` for its path) is a draft, the filter finds what defaults give, and
``check`` finds no required field missing that a default gives. A posting's own front
matter wins, and nothing is ever written into it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from postedit.cli import main
from postedit.core.inherit import jekyll_inherited
from tests.tui.helpers import make_app, screen_lines, settle

CONFIG = """\
title: Jobs
collections:
  jobs:
    output: true
defaults:
  - scope: {path: ""}
    values: {layout: default, team: everyone}
  - scope: {path: "", type: jobs}
    values: {team: core}
  - scope: {path: _jobs/old}
    values: {published: false}
  - scope: {path: "_posts/*-hidden.md", type: post}
    values: {published: false}
"""
SCHEMA = """\
version: 1
collections:
  jobs:
    folder: _jobs
    fields:
      - {name: title, type: string, required: true}
      - {name: team, type: string, required: true}
      - {name: published, type: boolean}
  pages:
    folder: notes
    fields:
      - {name: title, type: string, required: true}
      - {name: owner, type: string, required: true}
"""
FILES = {
    "_config.yml": CONFIG,
    "postedit.yml": SCHEMA,
    "_jobs/old-dev.md": "---\ntitle: Old developer job\n---\nx\n",
    "_jobs/old-kept.md": "---\ntitle: Old but shown\npublished: true\n---\nx\n",
    "_jobs/new.md": "---\ntitle: New designer job\n---\nx\n",
    "_jobs/own.md": "---\ntitle: Own team job\nteam: data\n---\nx\n",
    "notes/n.md": "---\ntitle: A note\n---\nx\n",
}


@pytest.fixture
def site(make_repo) -> Path:  # type: ignore[no-untyped-def]
    return make_repo(FILES, name="jekyll")  # type: ignore[no-any-return]


def _list(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["list", "--repo", str(root), "--format", "json", *args]) == 0
    return {r["path"]: r for r in json.loads(capsys.readouterr().out)}


def test_list_and_filter_read_jekylls_defaults_and_nothing_is_written(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``published: false`` for the path ``_jobs/old`` (a prefix, as Jekyll matches it)
    made ``old-dev.md`` a draft (it showed as published); ``old-kept.md``'s own
    ``published: true`` wins. ``--where team:core`` found
    nothing: the ``jobs`` type's default gives it, over the every-file default, and under a
    job's own ``team``. The JSON's ``fields`` stay the file's own, and an edit writes its own
    line alone."""
    rows = _list(site, capsys)
    assert {p: r["state"] for p, r in rows.items() if p.startswith("_jobs/")} == {
        "_jobs/old-dev.md": "draft",
        "_jobs/old-kept.md": "published",
        "_jobs/new.md": "published",
        "_jobs/own.md": "published",
    }
    assert rows["_jobs/old-dev.md"]["fields"] == {"title": "Old developer job"}
    assert sorted(_list(site, capsys, "--where", "team:core")) == [
        "_jobs/new.md",
        "_jobs/old-dev.md",
        "_jobs/old-kept.md",
    ]
    assert list(_list(site, capsys, "--where", "is:draft")) == ["_jobs/old-dev.md"]
    assert list(_list(site, capsys, "--where", "team:everyone")) == ["notes/n.md"]
    before = (site / "_jobs/old-dev.md").read_bytes()
    assert main(["set", "--repo", str(site), "_jobs/old-dev.md", "--field", "title=Dev"]) == 0
    assert (site / "_jobs/old-dev.md").read_bytes() == before.replace(b"Old developer job", b"Dev")


def test_check_takes_a_required_field_a_default_gives(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every job lacks ``team`` in its front matter, the ``jobs`` default gives it: no
    "missing required field 'team'" (there was one per job). A field no default gives is
    still missing."""
    assert main(["check", "--repo", str(site)]) == 1
    out = capsys.readouterr().out.splitlines()[:-1]
    assert out == ["notes/n.md:1: error: missing required field 'owner'"]


def test_jekyll_scopes_as_jekyll_matches_them() -> None:
    """Jekyll's own rules: a path is a prefix of the file's (not only a folder), a glob
    names the file or a folder above it, a post's and a draft's type is ``posts`` (the old
    ``post`` too), a collection's its label (within ``collections_dir``); of two scopes
    the longer path (as written, a glob's too) wins, then the one with a type; mappings merge, a null in the front
    matter keeps the default; a page takes the keys it lacks."""
    config: dict[str, Any] = {
        "collections_dir": "coll",
        "defaults": [
            {"scope": {"path": "_posts/2024"}, "values": {"tag": "y2024", "meta": {"a": 1}}},
            {"scope": {"type": "posts"}, "values": {"tag": "post", "meta": {"b": 2}}},
            {"scope": {"path": "coll/_jobs"}, "values": {"job": True}},
            {"scope": {"path": "docs/**/*.md", "type": "page"}, "values": {"toc": True}},
            {"scope": {"path": "docs/a*"}, "values": {"toc": False}},
            "not a set",
            {"scope": {"type": "drafts"}, "values": {"never": True}},
        ],
    }
    post = "coll/_posts/2024-05-01-a.md"
    assert jekyll_inherited({}, post, config) == {"tag": "y2024", "meta": {"a": 1, "b": 2}}
    assert jekyll_inherited({"meta": None, "tag": "own"}, post, config) == {
        "meta": {"a": 1, "b": 2}
    }
    assert jekyll_inherited({}, "coll/_drafts/x.md", config) == {"tag": "post", "meta": {"b": 2}}
    assert jekyll_inherited({}, "coll/_jobs/j.md", config) == {"job": True}
    assert jekyll_inherited({}, "_posts/not-in-collections-dir.md", config) == {}
    assert jekyll_inherited({}, "docs/x/y.md", config) == {"toc": True}
    assert jekyll_inherited({}, "docs/about/y.md", config) == {"toc": True}  # longer path
    assert jekyll_inherited({}, "docs/about.txt", config) == {"toc": False}
    assert jekyll_inherited({"toc": None}, "docs/x/y.md", config) == {}


async def test_the_lists_s_column_shows_a_posting_a_default_hides_as_a_draft(site: Path) -> None:
    app = make_app(site, "load")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        lines = screen_lines(app)
        header = next(line for line in lines if line.lstrip().startswith("* M !"))
        x = header.index(" S ") + 1

        def mark(title: str) -> str:
            return next(line for line in lines if title in line)[x]

        assert mark("Old developer job") == "d"
        assert mark("Old but shown") == " "
