"""Collections are found without parsing: folders holding postings that start with front matter."""

from pathlib import Path

from postedit.core.discover import collection_name, discover_folders, list_files


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
