"""A new page of a Hugo site gets what ``hugo new`` gives it: its archetype's keys (the
section's, else ``default.md``), else Hugo's own ``date`` (now, with its offset) and
``draft: true``; in the front matter language of the site's pages. The CLI's ``new`` and the
form of ``n`` alike (Workspace.new_fields). When ``hugo`` is installed, its own ``hugo new``
says the same."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from textual.widgets import Input

from postedit.cli import main
from postedit.core import frontmatter

CONFIG = 'baseURL = "https://example.org/"\ntitle = "Rides"\n'
TOML_PAGE = '+++\ntitle = "Old"\ndate = 2024-01-02T10:00:00+01:00\n+++\nx\n'
YAML_PAGE = "---\ntitle: Old\ndate: 2024-01-02T10:00:00+01:00\n---\nx\n"
POSTS_ARCHETYPE = """\
---
date: {{ .Date }}
draft: true
title: "{{ replace .File.ContentBaseName "-" " " | title }}"
slug: '{{ .File.ContentBaseName }}'
tags: [news]
author: Ann
params:
  lang: fr
---
"""
DEFAULT_ARCHETYPE = "+++\ndate = {{ .Date }}\nweight = 10\n+++\n"
DATE = re.compile(r"^date(?: =|:) (\S+)$", re.M)


def _new(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """The text ``new --dry-run`` prints after the path, its date replaced by ``DATE``,
    checked to be now with the local offset (Hugo's ``.Date``)."""
    before = dt.datetime.now().astimezone().replace(microsecond=0)
    assert main(["new", "--repo", str(root), "--dry-run", *args]) == 0
    text = capsys.readouterr().out.split("\n", 1)[1]
    written = dt.datetime.fromisoformat(DATE.search(text)[1])  # type: ignore[index]
    assert written.utcoffset() == before.utcoffset()
    assert before <= written <= dt.datetime.now().astimezone()
    return DATE.sub(lambda m: m[0].replace(m[1], "DATE"), text)


def test_new_on_a_hugo_site_writes_hugo_news_date_draft_and_archetype_keys(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``new`` wrote a Hugo page with the title alone: Hugo's ``hugo new`` adds ``date``
    and ``draft: true`` (its built-in archetype), or the keys of the site's archetype of the
    section (``archetypes/posts.md``), else of ``archetypes/default.md``: the static ones as
    they are, a ``.Date`` template as now, the other templates left out. In the pages'
    language (TOML here), whatever the archetype's, and their keys' order."""
    root = make_repo({"hugo.toml": CONFIG, "content/posts/old.md": TOML_PAGE}, name="plain")
    assert _new(root, capsys, "--collection", "posts", "--field", "title=Third") == (
        '+++\ntitle = "Third"\ndate = DATE\ndraft = true\n+++\n'
    )
    files = {
        "hugo.toml": CONFIG,
        "content/posts/old.md": YAML_PAGE,
        "content/notes/old.md": YAML_PAGE,
        "archetypes/posts.md": POSTS_ARCHETYPE,
        "archetypes/default.md": DEFAULT_ARCHETYPE,
    }
    root = make_repo(files, name="archetypes")
    assert _new(root, capsys, "--collection", "posts", "--field", "title=Third") == (
        "---\ntitle: Third\ndate: DATE\ndraft: true\ntags:\n  - news\nauthor: Ann\n"
        "params:\n  lang: fr\n---\n"
    )
    assert _new(root, capsys, "--collection", "notes", "--field", "title=N") == (
        "---\ntitle: N\ndate: DATE\nweight: 10\n---\n"
    )


def test_the_schemas_own_defaults_win_and_a_decap_config_takes_no_archetype(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A postedit.yml's ``default`` is said for the new posting: it wins over the archetype;
    a ``date`` field of type ``date`` gets the day alone. A Decap config's collections are
    made as Decap makes them: its fields' defaults alone."""
    schema = (
        "version: 1\ncollections:\n  posts:\n    folder: content/posts\n    fields:\n"
        "      - {name: title}\n      - {name: date, type: date}\n"
        "      - {name: draft, type: boolean, default: false}\n"
    )
    files = {"hugo.toml": CONFIG, "content/posts/old.md": YAML_PAGE, "postedit.yml": schema}
    root = make_repo(files, name="postedit")
    today = dt.date.today()
    assert main(["new", "--repo", str(root), "--dry-run", "--collection", "posts"]) == 0
    text = capsys.readouterr().out.split("\n", 1)[1]
    assert text in (f"---\ndate: {d}\ndraft: false\n---\n" for d in (today, dt.date.today()))
    decap = (
        "backend: {name: git-gateway}\nmedia_folder: static\ncollections:\n"
        "  - {name: posts, folder: content/posts, create: true, fields: [{name: title}]}\n"
    )
    files = {"hugo.toml": CONFIG, "content/posts/old.md": YAML_PAGE, "admin/config.yml": decap}
    root = make_repo(files, name="decap")
    assert main(["new", "--repo", str(root), "--dry-run", "--collection", "posts"]) == 0
    assert capsys.readouterr().out.split("\n", 1)[1] == "---\n---\n"


async def test_the_form_of_a_new_hugo_page_saves_hugo_news_date_and_draft(
    make_repo,  # type: ignore[no-untyped-def]
) -> None:
    """``n`` on a Hugo site: the form holds Hugo's ``date`` and ``draft: true``, and saves
    them (it saved the title alone)."""
    from postedit.core.workspace import open_workspace
    from tests.tui.test_editor_host import NOW, EditorHost
    from tests.tui.test_editor_host import settle as settle_form

    site = make_repo({"hugo.toml": CONFIG, "content/posts/old.md": YAML_PAGE})
    ws = open_workspace(site)
    app = EditorHost(ws, None, spec=ws.collection("posts"))
    async with app.run_test(size=(80, 24)) as pilot:
        app.editor.editor_for("title").query_one(Input).value = "Golf"
        await settle_form(pilot)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await settle_form(pilot)
        assert not app.editor.is_new
    text = (site / "content/posts/golf.md").read_text()
    written = DATE.search(text)
    assert written is not None
    assert dt.datetime.fromisoformat(written[1]) == NOW.astimezone()
    assert DATE.sub("date: DATE", text) == "---\ntitle: Golf\ndate: DATE\ndraft: true\n---\n"


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed")
@pytest.mark.parametrize("archetype", [None, POSTS_ARCHETYPE], ids=["built-in", "section"])
def test_hugo_new_writes_the_same_keys(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
    archetype: str | None,
) -> None:
    """Hugo's own ``hugo new content posts/third.md`` gives the page the values postedit's
    ``new`` gives it (the date aside: each its own now)."""
    files = {"hugo.toml": CONFIG, "content/posts/old.md": YAML_PAGE}
    if archetype is not None:
        files["archetypes/posts.md"] = archetype
    root = make_repo(files)
    ours = _new(root, capsys, "--collection", "posts", "--field", "title=Third")
    subprocess.run(
        ["hugo", "new", "content", "posts/third.md"], cwd=root, check=True, capture_output=True
    )
    theirs = (root / "content/posts/third.md").read_bytes()

    def values(data: bytes) -> dict[str, object]:
        fields = frontmatter.parse(data).fields
        assert "date" in fields
        return {k: v for k, v in fields.items() if k != "date"}

    expected = values(theirs)
    expected.pop("slug", None)  # a template of the file's name: not worked out
    assert values(ours.encode()) == expected


def test_an_archetype_date_moved_from_now_is_left_out_not_written_as_now(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``expiryDate: {{ .Date.AddDate 0 1 0 }}`` (a month on) named ``.Date`` and was
    written as now: the new page expired at once, Hugo would leave it out of the site. A
    template that moves the date is left out, as the templates postedit cannot run are."""
    archetype = "---\ndate: {{ .Date }}\nexpiryDate: '{{ .Date.AddDate 0 1 0 }}'\n---\n"
    files = {"hugo.toml": CONFIG, "content/posts/old.md": YAML_PAGE}
    root = make_repo({**files, "archetypes/default.md": archetype}, name="expiry")
    assert _new(root, capsys, "--collection", "posts", "--field", "title=T") == (
        "---\ntitle: T\ndate: DATE\n---\n"
    )
