"""A required field the site gives a page from another file (an Eleventy data file, a Hugo
``cascade``) is no "missing required field": ``check``, the list's marks and the commit gate
read the page as its generator does; a page's own value is still checked, and an edit still
writes the page's own lines alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from postedit.cli import main
from tests.conftest import git
from tests.tui.helpers import make_app, screen_lines, settle

ELEVENTY_SCHEMA = """\
version: 1
collections:
  posts:
    folder: posts
    fields:
      - {name: title, type: string, required: true}
      - {name: tags, type: list, required: true}
      - {name: layout, type: select, options: [post.njk, page.njk], required: true}
"""
ELEVENTY = {
    "eleventy.config.js": "\n",
    "postedit.yml": ELEVENTY_SCHEMA,
    "posts/posts.json": '{"tags": "posts", "layout": "post.njk"}\n',
    "posts/a.md": "---\ntitle: Alpha inherits its tags\n---\nx\n",
    "posts/b.md": "---\ntitle: Bravo has its own layout\nlayout: nope.njk\n---\nx\n",
    "posts/c.md": "---\ntitle: Charlie's tags are empty\ntags: []\n---\nx\n",
    "posts/d.md": "---\nlayout: page.njk\n---\nno title\n",
}
HUGO_SCHEMA = """\
version: 1
collections:
  posts:
    folder: content/posts
    fields:
      - {name: title, type: string, required: true}
      - {name: author, type: select, options: [Team, Guest], required: true}
      - {name: cascade, type: object}
"""
HUGO = {
    "hugo.toml": 'title = "S"\n',
    "postedit.yml": HUGO_SCHEMA,
    "content/posts/_index.md": "---\ntitle: Posts\ncascade:\n  Author: Team\n---\n",
    "content/posts/a.md": "---\ntitle: A\n---\nx\n",
    "content/posts/b.md": "---\ntitle: B\nauthor: Nobody\n---\nx\n",
    "content/notes/n.md": "---\ntitle: N\n---\nx\n",
}


def _check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["check", "--repo", str(root)])
    return code, capsys.readouterr().out.splitlines()[:-1]  # the summary line left out


def test_check_reads_required_fields_a_data_file_or_a_cascade_gives(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``posts/posts.json`` gives every page of ``posts/`` its ``tags`` and ``layout``, a
    section's ``cascade`` its pages' ``author``: none is "missing" (it was, for each page).
    Own values are checked as they are (``layout: nope.njk``), and a field nothing gives
    is still missing."""
    eleventy = make_repo(ELEVENTY, name="eleventy")
    assert _check(eleventy, capsys) == (
        1,
        [
            "posts/b.md:3: error: layout: 'nope.njk' is not one of the options "
            "('post.njk', 'page.njk')",
            "posts/d.md:1: error: missing required field 'title'",
        ],
    )
    hugo = make_repo(HUGO, name="hugo")
    assert _check(hugo, capsys) == (
        1,
        [
            "content/posts/b.md:3: error: author: 'Nobody' is not one of the options ('Team', 'Guest')"
        ],
    )
    (hugo / "content/posts/b.md").write_text("---\ntitle: B\nauthor: Guest\n---\nx\n")
    assert _check(hugo, capsys) == (0, [])


def test_set_and_new_write_own_lines_and_commit_pages_that_inherit_their_required_fields(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``set`` writes the page's own line alone (nothing inherited goes into the file); the
    commit gate (errors new against HEAD: all of a new file's) and ``new --commit`` let
    through a page whose required fields its folder's data file gives: they refused it."""
    site = make_repo(ELEVENTY, name="eleventy")
    before = (site / "posts/a.md").read_bytes()
    assert main(["set", "--repo", str(site), "posts/a.md", "--field", "title=Alpha"]) == 0
    assert (site / "posts/a.md").read_bytes() == before.replace(
        b"Alpha inherits its tags", b"Alpha"
    )
    capsys.readouterr()
    assert main(["new", "--repo", str(site), "--collection", "posts", "--field", "title=Echo"]) == 0
    out, err = capsys.readouterr()
    made = out.strip()
    assert err == ""  # no "missing required field 'tags'" warned of
    assert main(["set", "--repo", str(site), made, "--commit", "-m", "Echo"]) == 0
    assert (
        main(
            [
                "new",
                "--repo",
                str(site),
                "--collection",
                "posts",
                "--field",
                "title=Fox",
                "--commit",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert _git_log(site) == ['Create "Fox"', "Echo", "initial"]


async def test_the_list_marks_no_error_on_a_page_that_inherits_its_required_fields(
    make_repo,  # type: ignore[no-untyped-def]
) -> None:
    app = make_app(make_repo(ELEVENTY, name="eleventy"), "load")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        lines = screen_lines(app)
        header = next(line for line in lines if line.lstrip().startswith("* M !"))
        x = header.index("!")

        def mark(title: str) -> str:
            return next(line for line in lines if title in line)[x : x + 2]

        assert mark("Alpha inherits") == "  "
        assert mark("Charlie's tags") == "  "
        assert mark("Bravo has") == "E1"


def _git_log(root: Path) -> list[str]:
    return git(root, "log", "--format=%s").splitlines()


async def test_the_new_posting_form_does_not_ask_for_what_the_folder_gives(
    make_repo,  # type: ignore[no-untyped-def]
) -> None:
    """The form of a new posting in ``posts/`` says nothing of ``tags`` and ``layout``
    (``posts/posts.json`` gives them), and saves without asking: it said "missing required
    field" under each."""
    from postedit.core.workspace import open_workspace
    from tests.tui.test_editor_host import EditorHost
    from tests.tui.test_editor_host import settle as settle_form

    site = make_repo(ELEVENTY, name="eleventy")
    ws = open_workspace(site)
    app = EditorHost(ws, None, spec=ws.collection("posts"))
    async with app.run_test(size=(80, 24)) as pilot:
        app.editor.editor_for("title").query_one(Input).value = "Golf"
        await settle_form(pilot)
        assert "missing" not in "\n".join(screen_lines(app))
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await settle_form(pilot)
        assert not app.editor.is_new
    assert (site / "posts/golf.md").read_text() == "---\ntitle: Golf\n---\n"


RULES_SCHEMA = """\
version: 1
site: {ignore_case: true}  # as `schema show` writes it for a Hugo site
collections:
  pages:
    folder: content
    depth: 2
    fields:
      - {name: title, required: true}
      - {name: author}
      - {name: reviewBy}
      - {name: cascade, type: object}
    rules:
      - {when: 'author == "Guest"', then: reviewBy is set, message: a guest's page needs a reviewer}
"""


def test_rules_and_sets_field_check_read_the_values_a_page_inherits(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A rule read the page's own front matter alone: a guest's page whose section's
    ``cascade`` says ``author: Guest`` was no guest's page for ``when``, and one whose
    ``reviewBy`` the cascade gives (``ReviewBy``, in any case as Hugo reads it) lacked it.
    ``set``'s check of one value refused to empty a required field the folder's data file
    gives (``required field 'tags' is empty``), which ``check`` then accepted."""
    cascade = "---\ntitle: {}\ncascade:\n  author: Guest\n{}---\n"
    files = {
        "hugo.toml": 'title = "S"\n',
        "postedit.yml": RULES_SCHEMA,
        "content/guest/_index.md": cascade.format("Guests", ""),
        "content/guest/g1.md": "---\ntitle: G1\nreviewBy: Ann\n---\nx\n",
        "content/guest/g2.md": "---\ntitle: G2\n---\nx\n",
        "content/team/t.md": "---\ntitle: T\n---\nx\n",
        "content/reviewed/_index.md": cascade.format("Reviewed", "  ReviewBy: Bob\n"),
        "content/reviewed/r.md": "---\ntitle: R\n---\nx\n",
    }
    hugo = make_repo(files, name="hugo")
    assert _check(hugo, capsys) == (
        1,
        [
            "content/guest/_index.md:1: error: a guest's page needs a reviewer",
            "content/guest/g2.md:1: error: a guest's page needs a reviewer",
        ],
    )
    site = make_repo(ELEVENTY, name="eleventy")
    before = (site / "posts/a.md").read_bytes()
    assert main(["set", "--repo", str(site), "posts/a.md", "--field", "tags=[]"]) == 0
    assert (site / "posts/a.md").read_bytes() == before.replace(b"---\nx", b"tags: []\n---\nx")
    capsys.readouterr()
    assert [line.split(":")[0] for line in _check(site, capsys)[1]] == ["posts/b.md", "posts/d.md"]


async def test_the_forms_field_may_be_emptied_when_the_folder_gives_it(
    make_repo,  # type: ignore[no-untyped-def]
) -> None:
    """The form's check of a typed value (``check_field``) found "required field 'author' is
    empty" in the input of a page whose folder's data file gives its author, and drew it
    invalid, where ``check`` accepts the page; a field nothing gives is still invalid."""
    from postedit.core.workspace import open_workspace
    from tests.tui.test_editor_host import EditorHost
    from tests.tui.test_editor_host import settle as settle_form

    schema = ELEVENTY_SCHEMA.replace(
        "{name: title, type: string, required: true}",
        "{name: title, type: string, required: true}\n      - {name: author, required: true}",
    )
    data = '{"tags": "posts", "layout": "post.njk", "author": "Team"}\n'
    files = {**ELEVENTY, "postedit.yml": schema, "posts/posts.json": data}
    site = make_repo(files, name="eleventy")
    ws = open_workspace(site)
    app = EditorHost(ws, ws.read("posts/a.md"), spec=ws.collection("posts"))
    async with app.run_test(size=(80, 24)) as pilot:
        app.editor.editor_for("author").query_one(Input).value = "Ann"
        await settle_form(pilot)
        author = app.editor.editor_for("author").query_one(Input)
        author.value = ""
        await settle_form(pilot)
        assert "'author'" not in "\n".join(screen_lines(app))
        assert not author.has_class("-invalid")  # drawn in red, as a value the site lacks
        title = app.editor.editor_for("title").query_one(Input)
        title.value = ""
        await settle_form(pilot)
        shown = "\n".join(screen_lines(app))
        assert "'title'" in shown and "'author'" not in shown
        assert title.has_class("-invalid")
