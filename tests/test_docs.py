"""The examples and promises of README.md, docs/schema.md and docs/git.md, run as written
(docs/query.md's: tests/test_query_docs.py; docs/keys.md's tables: tests/test_keys_doc.py).

Like tests/test_query_docs.py, each test reads the document itself, so an example edited
there is the example tested.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from postedit.cli import main
from postedit.core import schema_load
from postedit.core.schema_load import parse_postedit
from postedit.core.schema_yaml import load_yaml_text
from tests.conftest import git, git_call_log, git_commands

DOCS = Path(__file__).resolve().parents[1] / "docs"
README = DOCS.parent / "README.md"
SCHEMA_MD = DOCS / "schema.md"


def blocks(doc: Path, language: str) -> list[str]:
    """The fenced code blocks of ``doc`` in ``language``, in order."""
    return re.findall(rf"```{language}\n(.*?)```", doc.read_text(), re.S)


def table_keys(doc: Path, heading: str) -> set[str]:
    """The keys named in the first column of the first table after the line ``heading``."""
    text = doc.read_text()
    start = text.index(heading)
    table = re.search(r"\n(\|.*?\n)(?!\|)", text[start:], re.S)
    assert table is not None, heading
    return {
        key
        for line in table.group(1).splitlines()[2:]
        for key in re.findall(r"`([a-z_0-9]+)`", line.split("|")[1])
    }


# ----------------------------------------------------------------------------- README.md


POSTING = "---\ntitle: Dev\nopen: true\ndate: 2024-01-02\n---\nText.\n"


def test_the_readme_s_commands_on_your_site_run_as_written(
    make_repo, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """*Using it on your site*: every command but the terminal interface's, in a site holding
    the posting they name."""
    site = make_repo({"content/_jobs/2024-01-02-dev.md": POSTING})
    (block,) = [b for b in blocks(README, "sh") if "--field open=false" in b]
    lines = [shlex.split(line.split("#")[0]) for line in block.splitlines()]
    commands = [words[1:] for words in lines if words[0] == ".venv/bin/postedit"]
    assert [c[0] for c in commands] == [str(Path("~/src/my-site")), "list", "set", "check"]
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(site)
        assert main(commands[1]) == 0
        assert '"path": "content/_jobs/2024-01-02-dev.md"' in capsys.readouterr().out
        assert main(commands[2]) == 0
        assert git(site, "log", "-1", "--format=%s") == 'Close "Dev"\n'
        assert b"open: false\n" in (site / "content/_jobs/2024-01-02-dev.md").read_bytes()
        assert main(commands[3]) == 0  # no errors: exit 0 (1 on errors)
        (site / "content/_jobs/2024-01-03-bad.md").write_text("---\ndate: demain\n---\n")
        assert main(commands[3]) == 1
        assert "::error file=content/_jobs/2024-01-03-bad.md,line=2" in capsys.readouterr().out


# ----------------------------------------------------------------------------- schema.md


def test_the_schema_md_examples_load() -> None:
    """The complete postedit.yml example and the `site` example are valid schemas."""
    complete, site = blocks(SCHEMA_MD, "yaml")[:2]
    schema = parse_postedit(load_yaml_text(complete, "postedit.yml"), "postedit.yml")
    (jobs,) = schema.collections
    assert (jobs.name, jobs.status, jobs.identifier_field) == ("jobs", "open", "roles")
    assert len(jobs.rules) == 2 and jobs.keys == {"p": "poste_pourvu"}
    schema = parse_postedit(load_yaml_text(site, "postedit.yml"), "postedit.yml")
    assert schema.collections[0].site.expiry_date == ("depublication_date",)


def test_the_schema_md_tables_name_every_key_postedit_yml_takes() -> None:
    """Unknown keys are errors: a key the tables do not name is one a user cannot know."""
    collection = table_keys(SCHEMA_MD, "### Collection keys")
    assert set(schema_load._COLLECTION_KEYS) == collection
    top = table_keys(SCHEMA_MD, "Top-level keys beside `version` and `collections`")
    assert set(schema_load._TOP_KEYS) == top | {"version", "collections"}
    assert set(schema_load._FIELD_KEYS) == table_keys(SCHEMA_MD, "### Field keys and types")


def test_the_summary_on_the_real_offers_is_the_one_schema_md_gives(
    corpus_repo: Path, decap_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """*`postedit check`*: the summary line on the real offers with their Decap config."""
    text = " ".join(SCHEMA_MD.read_text().split())
    documented = re.search(r"The summary line says what it counts: `(postedit check: [^`]*)`", text)
    assert documented is not None
    (corpus_repo / "admin").mkdir()
    shutil.copy(decap_config, corpus_repo / "admin" / "config.yml")
    assert main(["check", "--repo", str(corpus_repo)]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == documented.group(1)


def test_the_saved_filters_example_of_query_md_is_the_one_its_examples_run_with() -> None:
    """docs/query.md's examples run against tests/data/query-site, whose postedit.yml holds
    the saved filters the document shows (its fields aside)."""
    from tests.query_site import SOURCE

    (text,) = blocks(DOCS / "query.md", "yaml")
    shown = parse_postedit(load_yaml_text(text, "postedit.yml"), "postedit.yml")
    used = schema_load.load_schema_file(SOURCE / "postedit.yml")
    assert shown.filters == used.filters
    assert [(c.name, c.folder, c.filters) for c in shown.collections] == [
        (c.name, c.folder, c.filters) for c in used.collections if c.filters
    ]


# ----------------------------------------------------------------------------- git.md


def git_md_set_commit() -> list[str]:
    """The git commands docs/git.md (*Threads and processes*) says `postedit set PATH --field
    K=V --commit -m MSG` runs, in order."""
    text = " ".join((DOCS / "git.md").read_text().split())
    start = text.index("`postedit set PATH --field K=V --commit -m MSG` runs:")
    paragraph = text[start : text.index("Without `-m`", start)]
    return re.findall(r"`git ([a-z-]+)", paragraph)


@pytest.mark.parametrize("count", [1, 3])
def test_set_commit_runs_the_git_processes_git_md_lists(
    make_repo, tmp_path: Path, count: int
) -> None:  # type: ignore[no-untyped-def]
    """A fixed list of git processes, never one per file."""
    paths = [f"content/_jobs/2024-01-0{i}-dev.md" for i in range(1, count + 1)]
    site = make_repo(dict.fromkeys(paths, POSTING))
    env, log = git_call_log(tmp_path)
    args = ["set", *paths, "--field", "open=false", "--commit", "-m", "Close"]
    result = subprocess.run(
        [sys.executable, "-m", "postedit", *args],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    commands = [c for c in git_commands(log) if c != "maintenance"]  # git commit's own
    assert commands[1:3] == ["version", "version"]  # GitPython's import runs it twice
    assert commands[:2] + commands[3:] == git_md_set_commit()
