"""Collections are found without parsing: folders holding postings that start with front matter."""

import os
from pathlib import Path

import pytest

from postedit.core.discover import (
    collection_name,
    discover_folders,
    glob_pattern,
    ignored,
    list_files,
)
from postedit.core.infer import infer_schema
from postedit.core.schema import Schema
from postedit.core.schema_load import dump_schema, parse_postedit
from postedit.core.schema_yaml import load_yaml_text
from postedit.core.workspace import Workspace


def _write(root: Path, files: dict[str, str]) -> None:
    """Write each of ``files`` ({relpath: text}) below ``root``."""
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)


def _listed(root: Path, schema: Schema) -> dict[str, list[str]]:
    """Each collection's files, by its folder; each file, named on the command line, finds
    the collection that lists it."""
    ws = Workspace(root, schema)
    listed = {spec.folder: ws.files(spec) for spec in schema.collections}
    for folder, files in listed.items():
        for rel in files:
            owner = ws.collection_of(rel)
            assert owner is not None and owner.folder == folder
    return listed


def test_discovery_skips_hidden_and_vendor_and_sniffs_past_broken_files(tmp_path: Path) -> None:
    for rel, text in {
        "content/_jobs/a-broken.md": "no front matter",
        "content/_jobs/b-broken.md": "",
        "content/_jobs/c.md": "---\na: 1\n---\n",
        "content/_jobs/d.markdown": "---\na: 1\n---\n",
        "content/_jobs/e.txt": "---\na: 1\n---\n",
        "docs/readme.md": "# Just docs",
        "node_modules/pkg/x.md": "---\na: 1\n---\n",
        ".github/y.md": "---\na: 1\n---\n",
        "index.md": "---\nlayout: home\n---\n",
    }.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    assert discover_folders(tmp_path) == ["", "content/_jobs"]
    assert list_files(tmp_path, "content/_jobs") == [
        "content/_jobs/a-broken.md",
        "content/_jobs/b-broken.md",
        "content/_jobs/c.md",
        "content/_jobs/d.markdown",
    ]
    assert collection_name("content/_jobs") == "jobs"
    assert collection_name("") == "root"


def test_template_and_data_folders_hold_no_postings(tmp_path: Path) -> None:
    """Jekyll and Eleventy write no page of a Markdown file in ``_includes``, ``_layouts``
    or ``_data`` (an Eleventy partial ``_includes/cta.md`` with front matter): each was a
    collection whose files the list called published."""
    page = "---\ntitle: Partial\n---\nSubscribe!\n"
    files = {"posts/a.md": page, "_includes/cta.md": page, "src/_includes/x/b.md": page}
    _write(tmp_path, {**files, "_layouts/post.md": page, "_data/notes.md": page})
    assert discover_folders(tmp_path) == ["posts"]


@pytest.mark.parametrize(
    ("relpath", "expected"),
    [
        ("drafts/a.md", True),
        ("drafts/sub/a.md", True),
        ("draftsx/a.md", False),
        ("posts/draft-1.md", True),
        ("draft-1.md", True),
        ("notes.md", True),
        ("posts/notes.md", False),
        ("one/a.md", True),
        ("one/two/a.md", False),
        ("x/z.md", True),
        ("w/z.md", False),
        ("cb.md", True),
        ("qb.md", False),
    ],
)
def test_ignore_globs_match_as_eleventys_globs_do(relpath: str, expected: bool) -> None:
    globs = ("drafts/**", "**/draft-*.md", "notes.md", "one/*.md", "{x,y}/z.md", "[!q]b.md")
    assert ignored(relpath, globs) is expected


def test_a_glob_no_site_could_read_names_nothing_and_leaves_the_others() -> None:
    """``posts/[z-a].md`` in ``.eleventyignore`` (a range backwards) ended every command in a
    ``re.error`` traceback; the glob names nothing, the other lines still count. Jekyll's
    defaults read their globs with the same function (core/inherit.py)."""
    assert not ignored("posts/a.md", ("posts/[z-a].md", "drafts/**"))
    assert ignored("drafts/a.md", ("posts/[z-a].md", "drafts/**"))
    assert glob_pattern("a[.]b\\*.md").fullmatch("a.b*.md")  # a bracket, an escape: literal


def test_discovery_never_waits_on_a_fifo_or_opens_a_folder_named_like_a_posting(
    tmp_path: Path,
) -> None:
    jobs = tmp_path / "_jobs"
    (jobs / "a-folder.md").mkdir(parents=True)
    os.mkfifo(jobs / "b-fifo.md")
    (jobs / "c.md").write_text("---\nopen: true\n---\n")
    assert discover_folders(tmp_path) == ["_jobs"]
    # both stay in the list, where reading them says what they are
    (jobs_spec,) = infer_schema(tmp_path).collections
    (jobs / "d-README.md").write_text("# What these are\n")
    assert Workspace(tmp_path, infer_schema(tmp_path)).files(jobs_spec) == [
        "_jobs/a-folder.md",
        "_jobs/b-fifo.md",
        "_jobs/c.md",
    ]


def test_a_readme_is_told_by_the_bytes_read_and_a_link_to_one_stays_a_posting(
    tmp_path: Path,
) -> None:
    """Listing reads each file, then tells a README (Markdown text without front matter) from
    a posting by the bytes it read; a link, a folder named like a posting, an empty file
    stay postings (reading them says what is wrong), as when the file alone is looked at."""
    jobs = tmp_path / "_jobs"
    jobs.mkdir()
    (jobs / "a.md").write_text("---\nopen: true\n---\nText.\n")
    (jobs / "b-README.md").write_text("# What these are\n")
    (jobs / "c-link.md").symlink_to("b-README.md")
    (jobs / "d-folder.md").mkdir()
    (jobs / "e-empty.md").write_text("")
    ws = Workspace(tmp_path, infer_schema(tmp_path))
    (spec,) = ws.collections
    listed = [p.relpath for p in ws.iter_load(spec)]
    assert listed == ["_jobs/a.md", "_jobs/c-link.md", "_jobs/d-folder.md", "_jobs/e-empty.md"]
    assert ws.files(spec) == listed  # the same answers from the files alone
    for posting in ws.load(spec):
        assert ws.store.plain_markdown(posting.relpath, posting) is False
    readme = ws.read("_jobs/b-README.md")
    assert ws.store.plain_markdown(readme.relpath, readme) is True


HUGO_BUNDLES = {
    "content/_index.md": "---\ntitle: Home\n---\n",
    "content/about/index.md": "---\ntitle: About\n---\n",
    "content/about/team.jpg": "",
    "content/posts/_index.md": "---\ntitle: Posts\n---\n",
    "content/posts/leaf.md": "---\ntitle: A leaf\ndate: 2024-01-04\n---\n",
    "content/posts/foo/index.md": "---\ntitle: Foo\ndate: 2024-01-02\n---\n",
    "content/posts/foo/cover.png": "",
    "content/posts/bar/index.md": "+++\ntitle = 'Bar'\ndate = 2024-01-03\n+++\n",
    "content/blog/a/index.md": "---\ntitle: Blog A\n---\n",
    "content/blog/b/index.md": "---\ntitle: Blog B\n---\n",
    "content/docs/_index.md": "---\ntitle: Docs\n---\n",
    "content/docs/guide/_index.md": "---\ntitle: Guide\n---\n",
    "content/docs/guide/install/index.md": "---\ntitle: Install\n---\n",
    # a folder of pages with its landing page (Jekyll, Eleventy): no bundle, its own collection
    "manual/index.md": "---\ntitle: Manual\n---\n",
    "manual/setup.md": "---\ntitle: Setup\n---\n",
}


def test_a_page_bundle_is_a_posting_of_the_section_above_it(tmp_path: Path) -> None:
    """Hugo's leaf bundle (a folder whose one page is ``index.md``) is a page of the section
    holding it, beside the section's own files and its ``_index.md``: one collection per
    section, not one per bundle. A folder holding ``index.md`` and other pages is a folder of
    pages (Jekyll's, Eleventy's), a collection of its own as before."""
    _write(tmp_path, HUGO_BUNDLES)
    schema = infer_schema(tmp_path)
    listed = _listed(tmp_path, schema)  # a file named on the command line: the same collection
    assert listed == {
        "content": ["content/_index.md", "content/about/index.md"],
        "content/blog": ["content/blog/a/index.md", "content/blog/b/index.md"],
        "content/docs": ["content/docs/_index.md"],
        "content/docs/guide": [
            "content/docs/guide/_index.md",
            "content/docs/guide/install/index.md",
        ],
        "content/posts": [
            "content/posts/_index.md",
            "content/posts/bar/index.md",
            "content/posts/foo/index.md",
            "content/posts/leaf.md",
        ],
        "manual": ["manual/index.md", "manual/setup.md"],
    }
    # `schema infer` writes it down, and the written schema lists the same files
    printed = parse_postedit(load_yaml_text(dump_schema(schema), "postedit.yml"), "postedit.yml")
    again = Workspace(tmp_path, printed)
    assert {spec.folder: again.files(spec) for spec in printed.collections} == listed
    # a folder of bundles gets new postings as bundles, a mixed one as files
    paths = {spec.folder: spec.path for spec in schema.collections}
    assert (paths["content/blog"], paths["content/posts"]) == ("{{slug}}/index", "")


def test_a_page_in_a_folder_below_a_bundle_is_still_listed(tmp_path: Path) -> None:
    """A bundle's page (``about/index.md``) goes to the folder above; a page in a folder below
    it (``about/team/index.md``) is a page of its own on an Eleventy or Jekyll site, and a
    Markdown resource of the bundle on a Hugo site: either way a file with front matter that
    someone edits. It was listed nowhere, and ``check`` called it a non-posting file; it stays
    a collection of its own, as every such folder was before bundles."""
    files = {
        "src/about/index.md": "---\ntitle: About\n---\n",
        "src/about/team/index.md": "---\ntitle: Team\n---\n",
        "src/about/team/photo.jpg": "",
        "src/blog/a.md": "---\ntitle: A\n---\n",
        "src/blog/b.md": "---\ntitle: B\n---\n",
    }
    _write(tmp_path, files)
    assert _listed(tmp_path, infer_schema(tmp_path)) == {
        "src": ["src/about/index.md"],
        "src/about/team": ["src/about/team/index.md"],
        "src/blog": ["src/blog/a.md", "src/blog/b.md"],
    }


def test_a_section_of_many_bundles_is_listed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each bundle's section was listed again to ask whether it is a bundle itself: 5,000
    bundles in one section took 25 s to discover (a listing of 5,000 names per bundle)."""
    _write(tmp_path, {f"posts/p{n}/index.md": "---\ntitle: P\n---\n" for n in range(30)})
    listed: list[str] = []
    real = os.listdir

    def listdir(path: str | Path) -> list[str]:
        listed.append(os.path.relpath(path, tmp_path))
        return real(path)

    monkeypatch.setattr(os, "listdir", listdir)
    for leaf in (False, True):
        listed.clear()
        assert discover_folders(tmp_path, leaf) == ["posts"]
        assert listed.count("posts") <= 1
