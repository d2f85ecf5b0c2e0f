"""``postedit set --field meta.lang=en`` (and ``--unset meta.lang``) on a Decap object field
changes that key's own line(s) only, in a real git repository; ``--commit`` commits just that.
In YAML and TOML front matter alike."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import git, run_cli
from tests.nested_site import (
    BLOCK,
    CASES,
    DECAP_CONFIG,
    LINKS_FIELD,
    RELPATH,
    TOML_CASES,
    TOML_CONFIG,
    TOML_TABLE,
    Case,
)

ALL = CASES + TOML_CASES


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=root)


def site(make_repo: Any, posting: str, config: str = DECAP_CONFIG) -> Path:
    root: Path = make_repo(
        {"admin/config.yml": config, RELPATH: posting.encode()}  # bytes: CRLF kept
    )
    return root


def edit_args(case: Case) -> list[str]:
    if case.text is None:
        return ["--unset", case.key]
    return ["--field", f"{case.key}={case.text}"]


@pytest.mark.parametrize("case", ALL, ids=[c.id for c in ALL])
def test_set_a_key_inside_an_object_writes_only_its_lines(make_repo: Any, case: Case) -> None:
    root = site(make_repo, case.before, case.config)
    out = run(root, "set", RELPATH, *edit_args(case))
    assert out.returncode == 0, out.stderr
    assert (root / RELPATH).read_bytes() == case.after.encode()


@pytest.mark.parametrize("case", ALL, ids=[c.id for c in ALL])
def test_the_commit_holds_only_the_changed_lines(make_repo: Any, case: Case) -> None:
    root = site(make_repo, case.before, case.config)
    out = run(root, "set", RELPATH, *edit_args(case), "--commit")
    assert out.returncode == 0, out.stderr
    assert git(root, "status", "--porcelain") == ""
    diff = git(root, "show", "--format=", "-U0", "HEAD")  # CRLF read as LF (text mode)
    changed = [
        line
        for line in diff.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    before = case.before.replace("\r\n", "\n").splitlines()
    after = case.after.replace("\r\n", "\n").splitlines()
    removed = [f"-{line}" for line in before if line not in after]
    added = [f"+{line}" for line in after if line not in before]
    assert changed == removed + added
    assert len(removed) <= 1 and len(added) <= 1  # one line out, one in, or both


def test_two_keys_of_one_object_and_a_list_of_objects_in_one_command(make_repo: Any) -> None:
    """Two keys inside ``meta``, two levels apart, in one ``set``; a list of objects given
    whole (``set`` writes a list whole) changes only the item that differs."""
    root = site(make_repo, BLOCK.replace("open: true\n", LINKS_FIELD + "open: true\n"))
    before = (root / RELPATH).read_text()
    out = run(
        root,
        "set",
        RELPATH,
        "--field",
        "meta.lang=en",
        "--field",
        "meta.deep.level=3",
        "--field",
        'links=[{name: Site, url: "https://a.fr"}, {name: Blog, url: "https://c.fr"}]',
    )
    assert out.returncode == 0, out.stderr
    want = (
        before.replace("  lang: fr  #", "  lang: en  #")
        .replace("    level: 1  #", "    level: 3  #")
        .replace("    url: https://b.fr\n", "    url: https://c.fr\n")
    )
    assert (root / RELPATH).read_text() == want


def test_two_keys_of_a_toml_table_and_an_array_of_tables_in_one_command(make_repo: Any) -> None:
    """As above, in TOML: ``[meta]``, ``[meta.seo]`` and ``[[links]]`` each change one line."""
    links = (
        '\n[[links]]\nname = "Site"\nurl = "https://a.fr"  # main\n'
        '\n[[links]]\nname = "Blog"\nurl = "https://b.fr"\n'
    )
    root = site(make_repo, TOML_TABLE.replace('code = "x"\n', 'code = "x"\n' + links), TOML_CONFIG)
    before = (root / RELPATH).read_text()
    out = run(
        root,
        "set",
        RELPATH,
        "--field",
        "meta.lang=en",
        "--field",
        "meta.seo.level=3",
        "--field",
        'links=[{name: Site, url: "https://a.fr"}, {name: Blog, url: "https://c.fr"}]',
    )
    assert out.returncode == 0, out.stderr
    want = (
        before.replace('lang = "fr"  #', 'lang = "en"  #')
        .replace("level = 1  #", "level = 3  #")
        .replace('url = "https://b.fr"\n', 'url = "https://c.fr"\n')
    )
    assert (root / RELPATH).read_text() == want


def test_a_key_inside_is_typed_and_checked_by_its_field(make_repo: Any) -> None:
    root = site(make_repo, BLOCK)
    out = run(root, "set", RELPATH, "--field", "meta.deep.level=high")
    assert out.returncode == 1
    assert f"{RELPATH}:3: error: meta.deep.level: expected a whole number" in out.stderr
    out = run(root, "set", RELPATH, "--field", "meta.lang.x=1")
    assert out.returncode == 1
    assert "meta.lang.x: meta.lang holds 'fr', not keys" in out.stderr
    out = run(root, "set", RELPATH, "--field", "meta.lang=en", "--field", "meta={lang: de}")
    assert out.returncode == 1
    assert "meta.lang: 'meta' is given whole too" in out.stderr
    assert (root / RELPATH).read_text() == BLOCK


def test_a_posting_without_the_object_gets_it(make_repo: Any) -> None:
    posting = "---\ntitle: Dev\nopen: true\n---\nBody\n"
    root = site(make_repo, posting)
    out = run(root, "set", RELPATH, "--field", "meta.deep.level=2")
    assert out.returncode == 0, out.stderr
    assert (root / RELPATH).read_text() == posting.replace(
        "open: true\n", "open: true\nmeta:\n  deep:\n    level: 2\n"
    )
