"""``postedit new``: a posting named as Decap names it, in every locale; --dry-run writes nothing."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from postedit.cli import main
from postedit.core import frontmatter
from tests.conftest import git
from tests.hugo_site import FILES


@pytest.fixture
def hugo(make_repo) -> Path:  # type: ignore[no-untyped-def]
    return make_repo(FILES)


def test_new_prints_the_path_and_writes_the_posting(
    hugo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["new", "--repo", str(hugo), "--collection", "news", "--field", "title=Été 2026"]
    assert main([*args, "--field", "draft=true", "--body", "Texte"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["content/news/ete-2026.en.md", "content/news/ete-2026.fr.md"]
    data = (hugo / out[0]).read_bytes()
    assert data == "---\ntitle: Été 2026\ndraft: true\n---\nTexte\n".encode()
    assert frontmatter.parse((hugo / out[1]).read_bytes()).fields == {"title": "Été 2026"}


def test_dry_run_prints_path_and_contents_and_writes_nothing(
    hugo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(p.relative_to(hugo) for p in hugo.rglob("*") if ".git" not in p.parts)
    args = ["new", "--repo", str(hugo), "--collection", "posts", "--dry-run"]
    assert main([*args, "--field", "title=Hello", "--field", "date=2026-01-02T10:00:00Z"]) == 0
    out = capsys.readouterr().out
    assert out == (
        "content/posts/en/hello.md\n"
        '+++\ntitle = "Hello"\ndate = 2026-01-02T10:00:00Z\n+++\n'
        "content/posts/fr/hello.md\n"
        '+++\ntitle = "Hello"\ndate = 2026-01-02T10:00:00Z\n+++\n'
    )
    after = sorted(p.relative_to(hugo) for p in hugo.rglob("*") if ".git" not in p.parts)
    assert after == before


def _jobs_site(make_repo, decap_config: Path) -> Path:  # type: ignore[no-untyped-def]
    """A repository holding one offer, with the real site's Decap config."""
    root: Path = make_repo({"content/_jobs/2024-01-01-a.md": "---\nroles: a\n---\n"})
    (root / "admin").mkdir()
    shutil.copy(decap_config, root / "admin" / "config.yml")
    return root


def test_the_real_config_names_a_new_offer_as_decap_would(
    decap_config: Path,
    make_repo,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    root = _jobs_site(make_repo, decap_config)
    args = ["new", "--repo", str(root), "--collection", "jobs", "--dry-run"]
    assert main([*args, "--field", "roles=Chargé·e de déploiement (H/F)"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    today = dt.date.today().isoformat()
    assert first == f"content/_jobs/{today}-charge.e.de.deploiement.h.f.md"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--collection", "nope"], "no collection named 'nope'"),
        (
            ["--collection", "posts", "--field", "draft=maybe"],
            "--field draft: expected true or false, found 'maybe'",
        ),
        (["--collection", "posts", "--message", "x"], "--message goes with --commit"),
        (["--collection", "posts", "--dry-run", "--commit"], "nothing to --commit"),
        (["--collection", "posts", "--field", "title"], "KEY=VALUE"),
        (
            ["--collection", "posts", "--field", "titel=Hi"],
            "--field titel: unknown key 'titel' (did you mean 'title'?): --force adds it",
        ),
    ],
)
def test_bad_usage_exits_2(
    hugo: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["new", "--repo", str(hugo), *args]) == 2
    assert message in capsys.readouterr().err


def test_force_adds_a_key_that_looks_misspelt(
    hugo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["new", "--repo", str(hugo), "--collection", "posts", "--dry-run"]
    assert main([*args, "--field", "titel=Hi", "--force"]) == 0
    assert 'titel = "Hi"' in capsys.readouterr().out


def test_a_file_collection_takes_no_new_posting(
    hugo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "--repo", str(hugo), "--collection", "pages/about"]) == 1
    assert "file collection" in capsys.readouterr().err


@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
def test_a_decap_collection_without_create_true_takes_one_only_with_force(
    hugo: Path, capsys: pytest.CaptureFixture[str], dry_run: list[str]
) -> None:
    """Decap creates entries in a folder collection only with ``create: true``: neither does
    ``new``, unless forced."""
    config = hugo / "static" / "admin" / "config.yml"
    text = config.read_text()
    config.write_text(re.sub(r"    create: true.*\n", "", text, count=1))  # posts
    before = sorted(p.name for p in (hugo / "content" / "posts").rglob("*"))
    args = ["new", "--repo", str(hugo), "--collection", "posts", "--field", "title=Hi", *dry_run]
    assert main(args) == 1
    err = capsys.readouterr().err
    line = config.read_text().splitlines().index("  - name: posts") + 1
    assert err.startswith(f"static/admin/config.yml:{line}: error: collection 'posts': ")
    assert "(its config does not say create: true); nothing was created: --force" in err
    assert sorted(p.name for p in (hugo / "content" / "posts").rglob("*")) == before
    assert main([*args, "--force"]) == 0
    assert "hi" in capsys.readouterr().out


def test_the_real_config_makes_no_entry_where_decap_makes_none(
    decap_config: Path,
    make_repo,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    root = _jobs_site(make_repo, decap_config)
    (root / "content" / "_phases").mkdir(parents=True)
    args = ["new", "--repo", str(root), "--collection", "phases", "--field", "title=X"]
    assert main(args) == 1
    assert "collection 'phases': Decap creates no entry here" in capsys.readouterr().err
    assert list((root / "content" / "_phases").iterdir()) == []


def test_a_title_too_long_for_a_file_name_is_an_error_not_a_traceback(
    hugo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """qa26b: a title of 300 "é" slugs to a name past the file system's 255 bytes: the
    OSError went up as a traceback. Nothing is left behind in either locale."""
    before = sorted(p.relative_to(hugo) for p in hugo.rglob("*") if ".git" not in p.parts)
    args = ["new", "--repo", str(hugo), "--collection", "news", "--field", "title=" + "é" * 300]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert re.search(r"content/news/e+\.en\.md: error: cannot create: File name too long", err)
    after = sorted(p.relative_to(hugo) for p in hugo.rglob("*") if ".git" not in p.parts)
    assert after == before


def test_a_missing_required_field_is_said_but_the_posting_is_made(
    hugo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "--repo", str(hugo), "--collection", "docs"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "content/docs/posting/index.md\n"
    # `path:line: error: message`, as check says it (it read `postedit: warning: path:...`)
    assert re.fullmatch(
        r"content/docs/posting/index.md:\d+: error: [^\n]*title[^\n]*\n", captured.err
    )


def test_commit_creates_and_commits_exactly_the_new_files(
    hugo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (hugo / "content/about.md").write_text("---\ntitle: changed, not ours\n---\n")
    args = ["new", "--repo", str(hugo), "--collection", "news", "--field", "title=Hi"]
    assert main([*args, "--commit"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["content/news/hi.en.md", "content/news/hi.fr.md"]
    assert out[2].startswith("committed ") and out[2].endswith("(2 files)")
    shown = git(hugo, "show", "--name-only", "--format=%s", "HEAD").split()
    assert shown[-2:] == ["content/news/hi.en.md", "content/news/hi.fr.md"]
    status = git(hugo, "status", "--porcelain")
    assert status == " M content/about.md\n"  # someone else's work left as it was


def test_commit_of_a_posting_with_errors_is_refused_before_it_is_made(
    hugo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``new --commit`` without a required field: the TUI's commit dialog stops such a
    commit, so the command does too, naming the error, and creates nothing (a second try
    with the field would otherwise make a second posting); ``--force`` commits it."""
    head = git(hugo, "rev-parse", "HEAD")
    args = ["new", "--repo", str(hugo), "--collection", "docs", "--commit"]
    assert main(args) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert re.search(r"^content/docs/posting/index.md:\d+: error: .*title", captured.err, re.M)
    assert "nothing was created" in captured.err and "--force" in captured.err
    assert not (hugo / "content/docs/posting").exists()
    assert git(hugo, "rev-parse", "HEAD") == head
    assert main([*args, "--field", "title=Setup"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "content/docs/setup/index.md"
    assert main([*args, "--force"]) == 0
    assert git(hugo, "show", "--name-only", "--format=", "HEAD").split() == [
        "content/docs/posting/index.md"
    ]


def test_commit_of_a_name_gitignore_ignores_is_refused_before_it_is_made(
    hugo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (hugo / ".gitignore").write_text("content/news/hi.*\n")
    git(hugo, "add", ".gitignore")
    git(hugo, "commit", "-q", "-m", "ignore")
    args = ["new", "--repo", str(hugo), "--collection", "news", "--field", "title=Hi"]
    assert main([*args, "--commit"]) == 1
    said = capsys.readouterr().err
    assert ".gitignore ignores content/news/hi.en.md, content/news/hi.fr.md" in said
    assert not (hugo / "content/news/hi.en.md").exists()
    assert git(hugo, "log", "-1", "--format=%s").strip() == "ignore"


def test_commit_message_is_the_option_or_the_create_template(hugo: Path) -> None:
    config = hugo / "static/admin/config.yml"
    config.write_text(
        config.read_text().replace(
            "backend:\n  name: git-gateway\n",
            "backend:\n  name: git-gateway\n  commit_messages:\n"
            "    create: 'Create {{collection}} “{{slug}}”'\n",
        )
    )
    git(hugo, "commit", "-qam", "messages")
    base = ["new", "--repo", str(hugo), "--collection", "docs", "--commit"]
    assert main([*base, "--field", "title=One"]) == 0
    subject = git(hugo, "log", "-1", "--format=%s").strip()
    assert subject.startswith("Create Docs “") and "one" in subject
    assert main([*base, "--field", "title=Two", "--message", "Add two"]) == 0
    assert git(hugo, "log", "-1", "--format=%s").strip() == "Add two"
    assert subprocess.run(["git", "diff", "--quiet"], cwd=hugo).returncode == 0


def test_fields_are_written_in_schema_order_as_the_form_writes_them(
    decap_config: Path,
    make_repo,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    # jobs: roles, open (a default: false), junior, date...; the editor's form and Decap
    # write them in that order, whatever order the options come in
    root = _jobs_site(make_repo, decap_config)
    args = ["new", "--repo", str(root), "--collection", "jobs", "--body", ""]
    assert (
        main([*args, "--field", "date=2024-05-02", "--field", "roles=Dev", "--field", "x=1"]) == 0
    )
    rel = capsys.readouterr().out.splitlines()[0]
    assert (root / rel).read_text() == (
        "---\nroles: Dev\nopen: false\ndate: 2024-05-02\nx: 1\n---\n"
    )


_SINGLE_FILE = """\
version: 1
collections:
  news:
    folder: news
    i18n: {structure: single_file, locales: [en, fr], default_locale: en}
    slug: "{{slug}}"
    fields:
      - {name: title, type: string, required: true, i18n: translate}
"""


def test_commit_of_a_complete_single_file_entry_is_not_refused(
    make_repo, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """An i18n ``single_file`` entry holds its fields under each locale: it is checked as
    ``check`` checks it (one mapping per locale), not as a posting missing a top-level
    ``title``; ``new --commit`` refused every such entry, however complete."""
    root = make_repo({"postedit.yml": _SINGLE_FILE, "news/.gitkeep": ""})
    args = ["new", "--repo", str(root), "--collection", "news", "--field", "title=Hello"]
    assert main([*args, "--commit"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.splitlines()[0] == "news/hello.md"
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == ["news/hello.md"]
    assert main(["check", "--repo", str(root)]) == 0


def test_commit_of_a_relation_to_a_missing_entry_is_refused(
    make_repo, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """A new posting whose relation names no entry: the commit dialog holds it back (its
    gate knows the relations' entries), so ``new --commit`` does, before making it."""
    site = make_repo(
        {
            "postedit.yml": "collections:\n"
            "  - name: jobs\n    folder: content/_jobs\n    fields:\n"
            "      - {name: title, type: string}\n"
            "      - {name: author, type: relation, collection: authors}\n"
            "  - name: authors\n    folder: content/authors\n    fields: [{name: title}]\n",
            "content/authors/ann.md": "---\ntitle: Ann\n---\n",
            "content/_jobs/ops.md": "---\ntitle: Ops\nauthor: ann\n---\n",
        }
    )
    args = ["new", "--repo", str(site), "--collection", "jobs", "--field", "title=Dev"]
    assert main([*args, "--field", "author=anne", "--commit"]) == 1
    err = capsys.readouterr().err
    assert "author: 'anne' is not an entry of 'authors'" in err and "nothing was created" in err
    assert sorted(p.name for p in (site / "content/_jobs").iterdir()) == ["ops.md"]
    assert main([*args, "--field", "author=ann", "--commit"]) == 0


def test_a_collection_whose_folder_is_not_here_is_refused_at_its_schema_line(
    make_repo, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """``new`` in a collection of the schema whose folder is not here (a Decap config's
    collection kept elsewhere, or misnamed) said ``collection folder 'content/_team' does
    not exist`` with no place, and ``--dry-run`` showed a file in it as if it could be
    made: refused now for both, at the schema's line, with the folder that may be meant."""
    root = make_repo(
        {
            "admin/config.yml": (
                "backend: {name: github}\ncollections:\n"
                "  - {name: jobs, folder: _jobs, create: true, fields: [{name: title}]}\n"
                "  - {name: team, folder: content/_team, create: true, fields: [{name: title}]}\n"
            ),
            "_jobs/a.md": "---\ntitle: A\n---\n",
            "_team/b.md": "---\ntitle: B\n---\n",
        }
    )
    for dry in ([], ["--dry-run"]):
        assert main(["new", "--repo", str(root), "--collection", "team", *dry]) == 1
        assert capsys.readouterr() == (
            "",
            f"admin/config.yml:4: error: collection 'team': folder 'content/_team' does not "
            f"exist in {root}: nothing was created (there is a folder '_team': is it that "
            "one?)\n",
        )
    assert not (root / "content").exists()
    shutil.rmtree(root / "_team")  # no folder of that name: how to start the collection here
    assert main(["new", "--repo", str(root), "--collection", "team", "--dry-run"]) == 1
    assert capsys.readouterr().err.endswith(
        "nothing was created (to start the collection here, make its folder first)\n"
    )
