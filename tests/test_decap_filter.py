"""Decap collections sharing one folder by ``filter``: each lists, checks and edits the files
whose front matter passes its filter (list, check, set --where, new), in a real git repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from postedit.cli import main
from postedit.core import frontmatter
from postedit.core.decap import parse_decap
from postedit.core.schema import EntryFilter
from postedit.core.schema_load import dump_schema, parse_postedit
from postedit.core.workspace import open_workspace
from tests.conftest import git

CONFIG = """\
backend: {name: github}
collections:
  - name: news
    label: News
    folder: content/posts
    create: true
    filter: {field: type, value: news}
    fields:
      - {name: title, widget: string}
      - {name: type, widget: hidden}
      - {name: draft, widget: boolean, required: false}
  - name: blog
    label: Blog
    folder: content/posts
    create: true
    filter: {field: type, value: blog}
    fields:
      - {name: title, widget: string}
      - {name: draft, widget: boolean, required: false}
"""

POSTS = "content/posts"
NEWS_A = f"{POSTS}/a-news.md"
NEWS_TAGGED = f"{POSTS}/b-news-and-more.md"
BLOG_C = f"{POSTS}/c-blog.md"
NOWHERE = f"{POSTS}/d-nowhere.md"
UNTYPED = f"{POSTS}/e-untyped.md"


@pytest.fixture
def site(make_repo) -> Path:  # type: ignore[no-untyped-def]
    return make_repo(  # type: ignore[no-any-return]
        {
            "admin/config.yml": CONFIG,
            NEWS_A: "---\ntitle: A\ntype: news\ndraft: true\n---\nBody\n",
            NEWS_TAGGED: "---\ntitle: B\ntype: [news, events]\n---\n",
            BLOG_C: "---\ntitle: C\ntype: blog\n---\n",
            NOWHERE: "---\ntitle: D\ntype: recipe\n---\n",
            UNTYPED: "---\ntitle: E\n---\n",
        }
    )


def _rows(site: Path, capsys: pytest.CaptureFixture[str], *args: str) -> list[dict]:  # type: ignore[type-arg]
    assert main(["list", "--repo", str(site), "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_each_filtered_collection_lists_the_files_its_filter_takes(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _rows(site, capsys)
    assert [(r["path"], r["collection"]) for r in rows] == [
        (NEWS_A, "news"),
        (NEWS_TAGGED, "news"),  # a list holding the value passes, as in Decap
        (BLOG_C, "blog"),
    ]  # recipe and untyped: Decap lists them in no collection
    assert [r["path"] for r in _rows(site, capsys, "--collection", "blog")] == [BLOG_C]
    assert [r["path"] for r in _rows(site, capsys, "--where", "in:news")] == [NEWS_A, NEWS_TAGGED]


def test_the_rule_once_in_core_decap_semantics() -> None:
    rule = EntryFilter("type", "news")
    assert rule.matches({"type": "news"}) and rule.matches({"type": ["x", "news"]})
    assert not rule.matches({}) and not rule.matches({"type": None})
    assert not rule.matches({"meta": {"type": "news"}})  # one key: no dotted paths
    assert EntryFilter("featured", True).matches({"featured": True})
    assert not EntryFilter("featured", True).matches({"featured": 1})  # JS ===
    assert not EntryFilter("n", 1).matches({"n": True})
    bare = EntryFilter("type", has_value=False)  # Decap compares with undefined
    assert bare.matches({}) and not bare.matches({"type": "news"})


def test_decap_config_notes_what_decap_does_not_read() -> None:
    config = CONFIG.replace(
        "filter: {field: type, value: blog}", "filter: {field: type, value: [blog], pattern: x}"
    )
    schema = parse_decap(yaml.safe_load(config), "admin/config.yml")
    blog = schema.collection("blog")
    assert blog is not None and blog.filter == EntryFilter("type", ["blog"])
    assert not blog.filter.matches({"type": "blog"})  # Decap 3 compares the list itself
    assert any("pattern is not read by Decap" in w for w in schema.warnings)
    assert any("value is a list" in w for w in schema.warnings)
    assert not any("not honoured" in w for w in schema.warnings)


def test_postedit_yml_takes_the_same_filter_and_writes_it_back() -> None:
    data = {
        "collections": {
            "news": {"folder": "content/posts", "filter": {"field": "type", "value": "news"}}
        }
    }
    schema = parse_postedit(data, "postedit.yml")
    spec = schema.collection("news")
    assert spec is not None and spec.filter == EntryFilter("type", "news")
    again = parse_postedit(yaml.safe_load(dump_schema(schema)), "postedit.yml")
    assert again.collection("news").filter == spec.filter  # type: ignore[union-attr]


def test_check_warns_once_about_a_file_no_filter_takes(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / NEWS_A).write_text("---\ntitle: A\ntype: news\ndraft: maybe\n---\n")
    assert main(["check", "--repo", str(site)]) == 1
    out = capsys.readouterr().out
    assert out.count(f"{NOWHERE}:1: warning: matches the filter of no collection") == 1
    assert "news (type: news), blog (type: blog)" in out
    assert out.count(f"{NEWS_A}:") == 1  # checked once, by its own collection
    assert UNTYPED in out and BLOG_C not in out  # untyped: no filter takes it either
    assert "unknown key" not in out  # blog does not declare `type`: never unknown
    assert main(["check", "--repo", str(site), str(site / NOWHERE)]) == 0
    assert "matches the filter of no collection" in capsys.readouterr().out


def test_set_where_reaches_only_the_collection_s_own_files(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {p: (site / p).read_bytes() for p in (NEWS_A, NEWS_TAGGED, NOWHERE, UNTYPED)}
    repo = ["set", "--repo", str(site)]
    assert main([*repo, "--collection", "news", "--where", "title:C", "--field", "draft=true"]) == 1
    assert (site / BLOG_C).read_bytes() == b"---\ntitle: C\ntype: blog\n---\n"  # blog's
    assert main([*repo, "--where=-is:draft title:C", "--field", "draft=true"]) == 0
    assert (site / BLOG_C).read_bytes() == b"---\ntitle: C\ntype: blog\ndraft: true\n---\n"
    assert {p: (site / p).read_bytes() for p in before} == before  # not blog's: untouched
    capsys.readouterr()


def test_new_in_a_filtered_collection_writes_its_filter_value(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["new", "--repo", str(site), "--field", "title=Hello", "--commit"]
    assert main([*args, "--collection", "blog"]) == 0  # the commit gate finds nothing
    path = capsys.readouterr().out.splitlines()[0]
    assert (site / path).read_bytes() == b"---\ntitle: Hello\ntype: blog\n---\n"
    assert git(site, "status", "--porcelain") == ""
    rows = _rows(site, capsys, "--collection", "blog")
    assert path in [r["path"] for r in rows]
    assert path not in [r["path"] for r in _rows(site, capsys, "--collection", "news")]
    ws = open_workspace(site)
    assert ws.collection_of(path) is ws.collection("blog")
    fields = frontmatter.parse((site / path).read_bytes()).fields
    assert fields == {"title": "Hello", "type": "blog"}


def test_new_given_another_filters_value_says_where_the_posting_goes(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``new --collection blog --field type=news`` writes a posting Decap lists under News:
    it is written as asked, and the command says so (it said nothing)."""

    def new(title: str, *more: str) -> tuple[str, str]:
        args = ["new", "--repo", str(site), "--collection", "blog", "--field", f"title={title}"]
        assert main([*args, *more]) == 0
        out, err = capsys.readouterr()
        return out.splitlines()[0], err

    path, err = new("Hello", "--field", "type=news")
    assert (site / path).read_bytes() == b"---\ntitle: Hello\ntype: news\n---\n"
    said = f"{path}: a posting of news, not blog: it matches the filter of news (type: news)"
    assert said in err
    path, err = new("Other", "--field", "type=misc")
    assert f"{path}: matches the filter of no collection" in err
    _path, err = new("Third")
    assert "warning" not in err
