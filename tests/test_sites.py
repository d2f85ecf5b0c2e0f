"""A Hugo-style site with Decap translations, nested and file collections, TOML and JSON front
matter: listed completely by ``postedit list`` and the TUI, and a toggle is a one-line diff."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from postedit.cli import main
from postedit.core.git.runner import GitRepo
from postedit.core.session import EditSession
from postedit.core.workspace import open_workspace
from tests.hugo_site import FILES, LISTED


@pytest.fixture
def hugo(make_repo) -> Path:  # type: ignore[no-untyped-def]
    return make_repo(FILES)


def _diff(before: bytes, after: bytes) -> list[str]:
    lines = difflib.unified_diff(
        before.decode().splitlines(keepends=True), after.decode().splitlines(keepends=True), n=0
    )
    return [x for x in lines if x[:1] in "+-" and not x.startswith(("+++ ", "--- "))]


def test_list_json_names_every_posting_its_collection_and_locale(
    hugo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", "--repo", str(hugo), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["path"]: (r["collection"], r.get("locale")) for r in rows} == LISTED
    by_path = {r["path"]: r for r in rows}
    assert by_path["content/posts/fr/first.md"]["fields"]["title"] == "Premier billet"
    assert by_path["content/posts/en/first.md"]["fields"]["date"] == "2024-01-02T10:00:00+00:00"
    assert by_path["content/bundles/trip/index.md"]["fields"] == {"title": "A trip", "draft": False}
    assert all(r["errors"] == [] for r in rows)


def test_the_data_file_of_a_file_collection_is_named_in_a_warning(hugo: Path) -> None:
    schema = open_workspace(hugo).schema
    notes = [w for w in schema.warnings if "data/settings.yml" in w]
    assert len(notes) == 1 and "not a Markdown file" in notes[0]
    assert notes[0].startswith("static/admin/config.yml:")


@pytest.mark.parametrize(
    ("path", "before", "after"),
    [
        ("content/posts/fr/first.md", "-draft = false\n", "+draft = true\n"),
        ("content/news/launch.en.md", "-draft: false\n", "+draft: true\n"),
        ("content/docs/guide/install/index.md", None, "+draft: true\n"),
        ("content/bundles/trip/index.md", '-  "draft": false\n', '+  "draft": true\n'),
        ("content/about.md", "-draft: false\n", "+draft: true\n"),
    ],
)
def test_a_toggle_is_a_one_line_diff(hugo: Path, path: str, before: str | None, after: str) -> None:
    old = (hugo / path).read_bytes()
    assert main(["set", str(hugo / path), "--repo", str(hugo), "--field", "draft=true"]) == 0
    new = (hugo / path).read_bytes()
    assert _diff(old, new) == ([before] if before else []) + [after]


def test_a_toml_toggle_keeps_comments_quotes_and_order(hugo: Path) -> None:
    path = hugo / "content/posts/en/first.md"
    old = path.read_bytes()
    assert main(["set", str(path), "--repo", str(hugo), "--field", "draft=true"]) == 0
    assert path.read_bytes() == old.replace(b"draft = false", b"draft = true")
    assert main(["set", str(path), "--repo", str(hugo), "--field", "draft=false"]) == 0
    assert path.read_bytes() == old


async def test_the_tui_lists_every_posting(hugo: Path) -> None:
    from tests.tui.helpers import make_app, settle

    app = make_app(hugo, "load")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        shown = set(app.main.shown)
        for _ in range(5):  # one collection at a time: `]` shows the next one
            await pilot.press("right_square_bracket")
            await settle(app, pilot)
            shown |= set(app.main.shown)
        assert shown == set(LISTED)


def test_the_table_names_files_below_their_collection(
    hugo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``first.md`` twice would not say which is which: ``en/first.md``, ``fr/first.md``."""
    assert main(["list", "--repo", str(hugo)]) == 0
    out = capsys.readouterr().out
    for name in ("en/first.md", "fr/first.md", "guide/install/index.md", "trip/index.md"):
        assert re.search(rf" {re.escape(name)}$", out, re.M), name
    assert re.search(r" about\.md$", out, re.M)


def test_check_warns_about_no_file_beside_a_file_collection_nor_about_data_files(
    hugo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (hugo / "content/_index.md").write_text("---\ntitle: Home\n---\n")
    (hugo / "content/news/data.json").write_text('{\n  "a": 1\n}\n')
    assert main(["check", "--repo", str(hugo)]) == 0
    assert "warning" not in capsys.readouterr().out


def test_a_hugo_posting_dated_by_its_lastmod_alone_is_listed_sorted_queried_and_checked_so(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Hugo dates a page by its lastmod when it has neither date nor publishDate: the list's
    date, the sort, ``date<``/``date>`` and ``check`` (a date it has is not missing) read it."""
    files = {
        f"content/posts/p{i:02d}.md": f"---\ntitle: P{i}\ndate: 2024-01-{i:02d}\n---\nText.\n"
        for i in range(1, 21)
    }
    files["content/posts/updated.md"] = "---\ntitle: Updated\nlastmod: 2024-03-01\n---\nText.\n"
    repo = make_repo(files)
    assert main(["list", "--repo", str(repo), "--format", "json"]) == 0
    rows = {r["path"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["content/posts/updated.md"]["date"] == "2024-03-01"
    assert main(["list", "--repo", str(repo), "--format", "csv", "--sort=-date"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("content/posts/updated.md,")
    assert main(["list", "--repo", str(repo), "--format", "csv", "--where", "date>2024-02"]) == 0
    assert [line.split(",")[0] for line in capsys.readouterr().out.splitlines()[1:]] == [
        "content/posts/updated.md"
    ]
    assert main(["check", "--repo", str(repo)]) == 0
    out = capsys.readouterr().out
    assert "updated.md" not in out and "no findings" in out


ELEVENTY = {
    **{
        f"posts/p{i}.md": f"---\ntitle: P{i}\ndate: 2024-01-0{i}\npermalink: /blog/p{i}/\n---\nText.\n"
        for i in range(1, 7)
    },
    "posts/unwritten.md": "---\ntitle: Unwritten\ndate: 2024-01-07\npermalink: false\n---\nText.\n",
    "posts/unlisted.md": (
        "---\ntitle: Unlisted\ndate: 2024-01-08\npermalink: /blog/unlisted/\n"
        "eleventyExcludeFromCollections: true\n---\nText.\n"
    ),
}


def test_eleventy_permalink_false_is_a_posting_the_site_does_not_write(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Eleventy's ``permalink: false`` renders a page without writing it: no error under a
    schema inferred from the text permalinks, and not published (a draft, as Jekyll's
    ``published: false``). ``eleventyExcludeFromCollections`` keeps a page out of the
    collections (feeds, lists) but still writes it: it stays published."""
    repo = make_repo(ELEVENTY)
    assert main(["check", "--repo", str(repo)]) == 0
    assert "unwritten.md" not in capsys.readouterr().out
    assert main(["list", "--repo", str(repo), "--format", "json"]) == 0
    rows = {r["path"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["posts/unwritten.md"]["state"] == "draft"
    assert rows["posts/unlisted.md"]["state"] == "published"
    assert rows["posts/p1.md"]["state"] == "published"
    assert main(["list", "--repo", str(repo), "--format", "csv", "--where", "is:draft"]) == 0
    assert [line.split(",")[0] for line in capsys.readouterr().out.splitlines()[1:]] == [
        "posts/unwritten.md"
    ]


def test_a_lone_tag_written_as_text_is_a_warning_not_an_error(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Eleventy's own documentation writes ``tags: post``, and Hugo and Jekyll read a lone
    tag as a list of one too: on a site whose other postings list their tags, ``check``
    failed such a posting (``expected a list``). Another list field written as text still
    is an error: the templates that loop over it fail."""
    listed = "---\ntitle: P{i}\ntags: [post, t{i}]\nimages: [p{i}.jpg]\n---\nText.\n"
    files = {f"posts/p{i}.md": listed.format(i=i) for i in range(1, 5)}
    files["posts/lone.md"] = "---\ntitle: Lone\ntags: post\nimages: [a.jpg]\n---\nText.\n"
    repo = make_repo({"eleventy.config.js": "\n", **files})
    assert main(["check", "--repo", str(repo)]) == 0
    out = capsys.readouterr().out
    assert "posts/lone.md:3: warning: tags: expected a list, found the single 'post'" in out
    (repo / "posts/lone.md").write_text(files["posts/lone.md"].replace("[a.jpg]", "a.jpg"))
    assert main(["check", "--repo", str(repo)]) == 1
    assert (
        "posts/lone.md:4: error: images: expected a list, found 'a.jpg'" in capsys.readouterr().out
    )


def test_eleventys_date_words_are_dates_there_alone(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Eleventy dates a page by its file for ``date: Last Modified`` (``Created``, ``git
    Last Modified``, ``git Created``, in any case): ``check`` failed such pages (``not a
    valid date``). Jekyll stops on them: an error there still; and ``schema show`` writes
    the rule down, so it loads back."""
    dated = {f"posts/p{i}.md": f"---\ntitle: P{i}\ndate: 2024-01-0{i}\n---\nx\n" for i in (1, 2, 3)}
    words = {"posts/now.md": "---\ntitle: Now\ndate: Last Modified\n---\nx\n"}
    words["posts/git.md"] = "---\ntitle: Git\ndate: git created\n---\nx\n"
    repo = make_repo({"eleventy.config.js": "\n", **dated, **words})
    assert main(["check", "--repo", str(repo)]) == 0
    assert "now.md" not in capsys.readouterr().out
    assert main(["schema", "show", "--repo", str(repo)]) == 0
    (repo / "postedit.yml").write_text(capsys.readouterr().out)
    (repo / "eleventy.config.js").unlink()
    assert main(["check", "--repo", str(repo)]) == 0
    capsys.readouterr()
    (repo / "postedit.yml").unlink()
    assert main(["check", "--repo", str(repo)]) == 1  # no generator's config: Jekyll's rules
    out = capsys.readouterr().out
    assert "posts/now.md:3: error: date:" in out and "posts/git.md:3: error: date:" in out


ELEVENTY_PATH_DATES = {
    "posts/2024-01-02-a.md": "2024-01-02",
    "posts/notes-2024-05-06.md": "2024-05-06",
    "posts/x12024-01-03.md": "2024-01-03",
    "posts/2021-09-10x.md": "2021-09-10",
    "posts/2024-03-04-trip/index.md": "2024-03-04",
    "posts/2022-07-08/deep.md": "2022-07-08",
    "posts/2024-1-2-b.md": None,
    "posts/2023-02-30-bad.md": None,
}
"""What Eleventy 3.1.8 dated each page by (its ``page.date``, a page without a date in its
front matter): the first ``YYYY-MM-DD`` of its path; ``2023-02-30`` was an Invalid Date, and
``2024-1-2`` no date of the path (the file's creation time)."""


def test_eleventy_dates_a_page_by_the_first_date_anywhere_in_its_path(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """postedit read Jekyll's leading ``YYYY-MM-DD-`` of the file name alone on an Eleventy
    site, where Eleventy takes the first date anywhere in the path, folders too; Jekyll's
    rule stays without the Eleventy config, and ``schema show`` writes the rule down."""
    files = {rel: "---\ntitle: T\n---\nx\n" for rel in ELEVENTY_PATH_DATES}
    repo = make_repo({"eleventy.config.js": "\n", **files})

    def dates() -> dict[str, str | None]:
        assert main(["list", "--repo", str(repo), "--format", "json"]) == 0
        return {o["path"]: o["date"] for o in json.loads(capsys.readouterr().out)}

    assert dates() == ELEVENTY_PATH_DATES
    assert main(["schema", "show", "--repo", str(repo)]) == 0
    shown = capsys.readouterr().out
    assert "path_date: true" in shown
    (repo / "eleventy.config.js").unlink()
    jekyll = {rel: None for rel in ELEVENTY_PATH_DATES}
    jekyll.update({"posts/2024-01-02-a.md": "2024-01-02", "posts/2024-1-2-b.md": "2024-01-02"})
    assert dates() == jekyll
    (repo / "postedit.yml").write_text(shown)
    assert dates() == ELEVENTY_PATH_DATES


def test_eleventy_ignores_what_its_ignore_files_name(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Eleventy builds nothing of what ``.eleventyignore`` and ``.gitignore`` name (a line a
    folder, a file or a glob from the root; ``#`` comments, ``!`` lines skipped): such
    files were listed as published postings, ``drafts-local`` a collection of its own.
    Eleventy 3.1.8 writes exactly ``posts/a`` and ``notes/sub/s`` of this site. ``schema
    show`` writes the globs down (``site: ignore``), so they load back."""
    page = "---\ntitle: T\n---\nx\n"
    names = ("posts/a.md", "posts/draft-b.md", "posts/c.md", "drafts-local/idea.md")
    names += ("notes/n.md", "notes/sub/s.md", "local/l.md")
    ignore = "# drafts\ndrafts-local/\n**/draft-*.md\n  notes/*.md  \n!posts/c.md\n/posts/c.md\n"
    files = {".eleventyignore": ignore, ".gitignore": "local\n", "eleventy.config.js": "\n"}
    repo = make_repo({**files, **dict.fromkeys(names, page)})
    published = ["notes/sub/s.md", "posts/a.md"]
    assert main(["list", "--repo", str(repo), "--format", "json"]) == 0
    assert [r["path"] for r in json.loads(capsys.readouterr().out)] == published
    assert main(["schema", "show", "--repo", str(repo)]) == 0
    (repo / "postedit.yml").write_text(capsys.readouterr().out)
    (repo / ".eleventyignore").unlink()
    assert main(["list", "--repo", str(repo), "--format", "json"]) == 0
    assert [r["path"] for r in json.loads(capsys.readouterr().out)] == published
    config = "export default (c) => { c.setUseGitIgnore(false); };\n"
    (repo / "eleventy.config.js").write_text(config)
    (repo / "postedit.yml").unlink()
    assert main(["list", "--repo", str(repo), "--format", "json"]) == 0
    paths = [r["path"] for r in json.loads(capsys.readouterr().out)]
    assert "local/l.md" in paths and "drafts-local/idea.md" in paths


def test_setting_permalink_false_writes_the_boolean_the_site_reads(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``false`` in a permalink keeps the page off an Eleventy site, whatever type the schema
    gives the field (text here, inferred from the other permalinks): ``set --field
    permalink=false`` wrote the text ``"false"`` (a page at /false/ on the site)."""
    repo = make_repo(ELEVENTY)
    set_ = ["set", "--repo", str(repo)]
    assert main([*set_, str(repo / "posts/p1.md"), "--field", "permalink=false"]) == 0
    assert b"\npermalink: false\n" in (repo / "posts/p1.md").read_bytes()
    assert capsys.readouterr().out == 'posts/p1.md: permalink: "/blog/p1/" -> false\n'
    assert main(["list", "--repo", str(repo), "--format", "json", "--where", "is:draft"]) == 0
    drafts = [r["path"] for r in json.loads(capsys.readouterr().out)]
    assert drafts == ["posts/p1.md", "posts/unwritten.md"]
    # a new posting too; any other text stays text
    assert main([*set_, str(repo / "posts/p2.md"), "--field", "permalink=/false/"]) == 0
    assert b"\npermalink: /false/\n" in (repo / "posts/p2.md").read_bytes()
    new = ["new", "--repo", str(repo), "--collection", "posts", "--field", "title=N"]
    assert main([*new, "--field", "permalink=false", "--dry-run"]) == 0
    assert "\npermalink: false\n" in capsys.readouterr().out


SHARED = {
    "admin/config.yml": """\
backend: {name: git-gateway}
media_folder: static/img
collections:
  - name: posts
    label: Posts
    folder: content/posts
    fields:
      - {name: title, widget: string}
      - {name: author, widget: string}
      - {name: draft, widget: boolean, required: false}
  - name: trips
    label: Trips
    folder: content/posts
    path: "{{slug}}/index"
    fields:
      - {name: title, widget: string}
      - {name: draft, widget: boolean, required: false}
""",
    "content/posts/leaf.md": "---\ntitle: Leaf\ntags: [road]\n---\nText.\n",
    "content/posts/other.md": "---\ntitle: Other\nauthor: Yann\ntags: [road]\n---\nText.\n",
    "content/posts/alps/index.md": "---\ntitle: Alps\ntags: [road]\n---\nText.\n",
}


def test_a_file_two_decap_collections_cover_is_one_posting_of_one_collection(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Two Decap collections over one folder (leaf pages, and bundles by ``path``): each file
    is a posting of the collection ``owner_of`` names, as the TUI lists it and as ``set PATH``
    types it. ``list`` gave the leaf files in both, ``check`` reported their findings twice,
    and ``set --where`` edited each file once then failed on its second copy ("changed on disk
    since postedit read it", exit 1)."""
    repo = make_repo(SHARED)
    assert main(["list", "--repo", str(repo), "--format", "json"]) == 0
    rows = [(r["path"], r["collection"]) for r in json.loads(capsys.readouterr().out)]
    assert rows == [
        ("content/posts/leaf.md", "posts"),
        ("content/posts/other.md", "posts"),
        ("content/posts/alps/index.md", "trips"),
    ]
    assert main(["check", "--repo", str(repo)]) == 0
    out = capsys.readouterr().out
    assert out.count("leaf.md:1: warning: missing required field 'author'") == 1
    assert "3 postings in 2 collections" in out
    where = ["--where", "tags:road", "--field", "draft=true"]
    assert main(["set", "--repo", str(repo), *where]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "3 postings match 'tags:road'"
    for rel in ("leaf.md", "other.md", "alps/index.md"):
        assert (repo / "content/posts" / rel).read_bytes().count(b"draft: true\n") == 1


async def test_the_tui_checks_a_file_two_collections_cover_against_its_own(
    make_repo,  # type: ignore[no-untyped-def]
) -> None:
    """The list keeps one row per file: a leaf page of *Posts* that *Trips* covers too was
    read again for *Trips* and checked against its fields (no 'author' asked for)."""
    from tests.tui.helpers import make_app, settle

    app = make_app(make_repo(SHARED), "load")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        entry = app.model.entries["content/posts/leaf.md"]
        assert entry.posting.collection == "posts"
        assert [f.message for f in entry.findings] == ["missing required field 'author'"]


_DECAP_JOBS = """backend: {name: git-gateway}
collections:
  - name: jobs
    label: Jobs
    folder: content/_jobs
    create: true
    fields:
      - {name: title, widget: string}
      - {name: date, widget: datetime, time_format: false}
      - {name: draft, widget: boolean, required: false}
"""


def test_a_decap_config_follows_the_rules_of_the_sites_generator(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A Decap config describes the editor, not the site: beta.gouv.fr's Jekyll config says
    ``future: true`` (offers dated later are published), yet with its Decap config an offer
    dated next year was ``scheduled`` (``s`` in the list, ``is:scheduled``). On a Hugo site
    with a Decap config, ``Draft: true`` was published and a ``2027-01-02-`` file name gave
    a date Hugo never reads. The generator's config file now says, as when inferring."""
    later = "---\ntitle: Later\ndate: 2099-05-01\n---\nText.\n"
    jekyll = {"admin/config.yml": _DECAP_JOBS, "content/_jobs/2099-05-01-later.md": later}

    def states(repo: Path) -> dict[str, tuple[str | None, str]]:
        assert main(["list", "--repo", str(repo), "--format", "json"]) == 0
        rows = json.loads(capsys.readouterr().out)
        return {r["path"].rsplit("/", 1)[-1]: (r["date"], r["state"]) for r in rows}

    assert states(make_repo(jekyll, name="plain")) == {
        "2099-05-01-later.md": ("2099-05-01", "scheduled")
    }
    future = make_repo({**jekyll, "_config.yml": "future: true\n"}, name="future")
    assert states(future) == {"2099-05-01-later.md": ("2099-05-01", "published")}
    assert main(["list", "--repo", str(future), "--where", "is:scheduled"]) == 0
    assert "no posting matches" in capsys.readouterr().err

    hugo = make_repo(
        {
            "hugo.toml": 'title = "x"\n',
            "static/admin/config.yml": _DECAP_JOBS,
            "content/_jobs/2027-01-02-undated.md": "---\ntitle: Undated\n---\nText.\n",
            "content/_jobs/kept.md": "---\ntitle: Kept\nDraft: true\n---\nText.\n",
        },
        name="hugo",
    )
    assert states(hugo) == {
        "2027-01-02-undated.md": (None, "published"),
        "kept.md": (None, "draft"),
    }


def test_a_folders_data_files_and_a_sections_cascade_give_their_pages_values(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Eleventy's directory data (``posts/posts.json``: ``"tags": "posts"``) puts every
    page of ``posts/`` in its ``posts`` collection, and Hugo's ``cascade`` in a section's
    ``_index.md`` makes its pages drafts: ``--where tags:posts`` missed those pages and
    ``is:draft`` the cascaded drafts. A page's own value wins (Hugo) or joins (Eleventy's
    tags), and an edit never writes an inherited value into the file."""
    page = "---\ntitle: T\n---\nx\n"
    files = {
        "eleventy.config.js": "\n",
        "posts/posts.json": '{"tags": "posts", "layout": "post.njk"}\n',
        "posts/a.md": page,
        "posts/b.md": "---\ntitle: B\ntags: [x]\n---\nx\n",
        "posts/2024/2024.11tydata.json": '{"tags": ["old"]}\n',
        "posts/2024/c.md": page,
        "notes/n.md": page,
    }
    repo = make_repo(files, name="eleventy")

    def where(root: Path, query: str) -> dict[str, Any]:
        assert main(["list", "--repo", str(root), "--format", "json", "--where", query]) == 0
        return {r["path"]: r for r in json.loads(capsys.readouterr().out)}

    assert sorted(where(repo, "tags:posts")) == ["posts/2024/c.md", "posts/a.md", "posts/b.md"]
    assert list(where(repo, "tags:old")) == ["posts/2024/c.md"]
    assert list(where(repo, "tags:x")) == ["posts/b.md"]
    before = (repo / "posts/a.md").read_bytes()
    assert main(["set", "--repo", str(repo), "posts/a.md", "--field", "title=New"]) == 0
    assert (repo / "posts/a.md").read_bytes() == before.replace(b"title: T", b"title: New")
    assert capsys.readouterr().out == 'posts/a.md: title: "T" -> "New"\n'

    section = "---\ntitle: Posts\ncascade:\n  draft: true\n  build:\n    list: never\n---\n"
    hugo_files = {
        "hugo.toml": 'title = "S"\n',
        "content/posts/_index.md": section,
        "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nx\n",
        "content/posts/b.md": "---\ntitle: B\ndate: 2024-01-02\nDraft: false\n---\nx\n",
        "content/posts/trip/index.md": "---\ntitle: Trip\ndate: 2024-01-03\n---\nx\n",
        "content/notes/n.md": "---\ntitle: N\ndate: 2024-01-04\n---\nx\n",
    }
    hugo = make_repo(hugo_files, name="hugo")
    # Hugo 0.168 writes b and n alone: the section's own page takes its cascade too
    drafts = ["content/posts/_index.md", "content/posts/a.md", "content/posts/trip/index.md"]
    assert sorted(where(hugo, "is:draft")) == drafts
    before = (hugo / "content/posts/a.md").read_bytes()
    assert main(["set", "--repo", str(hugo), "content/posts/a.md", "--field", "title=New"]) == 0
    assert (hugo / "content/posts/a.md").read_bytes() == before.replace(b"A\n", b"New\n", 1)
    # the toggle (`t`) publishes a cascaded draft: it wrote `draft: true` (still a draft)
    session = EditSession(open_workspace(hugo), GitRepo.open(hugo))
    session.toggle([session.workspace.read("content/posts/trip/index.md")], "draft")
    text = (hugo / "content/posts/trip/index.md").read_text()
    assert text == "---\ntitle: Trip\ndate: 2024-01-03\ndraft: false\n---\nx\n"
