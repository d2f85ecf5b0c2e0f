"""``postedit check``, ``postedit schema infer|show`` and the findings of ``list --format json``."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from postedit.cli import main
from postedit.core.errors import PosteditError

SCHEMA = """\
collections:
  jobs:
    folder: _jobs
    status: open
    rules:
      - when: filled is true
        then: open is false
    fields:
      - {name: roles, type: string, required: true}
      - {name: open, type: boolean, required: true}
      - {name: filled, type: boolean}
      - {name: date, type: date}
      - {name: body, type: markdown}
"""

GOOD = "---\nroles: Dev\nopen: true\ndate: 2024-01-02\n---\nText.\n"
WARN = "---\nroles: Dev\nopen: true\nrole: dev\n---\nText.\n"
BAD = "---\nroles: Dev\nopen: 'yes'\ndate: demain\nfilled: true\n---\nText.\n"
BROKEN = "---\nroles: [Dev\nopen: true\n---\nText.\n"


@pytest.fixture
def site(make_repo) -> Path:  # type: ignore[no-untyped-def]
    return make_repo(
        {  # type: ignore[no-any-return]
            "postedit.yml": SCHEMA,
            "_jobs/2024-01-01-good.md": GOOD,
            "_jobs/2024-01-02-warn.md": WARN,
            "README.md": "# site\n",
        }
    )


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_repository_exits_0_with_warnings(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--repo", str(site))
    assert code == 0
    assert out.splitlines() == [
        "_jobs/2024-01-02-warn.md:4: warning: unknown key 'role' (did you mean 'roles'?)",
        "postedit check: 2 postings in 1 collection against postedit.yml: 1 posting with "
        "warnings only (1 warning)",
    ]
    assert err == ""


def test_errors_exit_1_in_text(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "_jobs" / "2023-12-31-bad.md").write_text(BAD)
    (site / "_jobs" / "2024-01-04-broken.md").write_text(BROKEN)
    code, out, _ = run(capsys, "--repo", str(site))
    assert code == 1
    lines = out.splitlines()
    assert lines[:4] == [
        "_jobs/2023-12-31-bad.md:3: error: open: expected true or false, found 'yes'",
        "_jobs/2023-12-31-bad.md:3: error: rule not satisfied: when filled is true, "
        "open is false (open: 'yes')",
        "_jobs/2023-12-31-bad.md:4: error: date: 'demain' is not a valid date (YYYY-MM-DD)",
        "_jobs/2024-01-02-warn.md:4: warning: unknown key 'role' (did you mean 'roles'?)",
    ]
    assert lines[4].startswith("_jobs/2024-01-04-broken.md:") and ": error: " in lines[4]
    assert len(lines) == 6
    assert lines[-1].endswith(
        "4 postings in 1 collection against postedit.yml: 2 postings with errors, 1 with "
        "warnings only (4 errors, 1 warning)"
    )


def test_a_validator_that_fails_on_one_posting_is_its_error_and_spares_the_others(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug in validation is reported as ``path:line: error: ...`` for the posting it hit,
    the others are checked and listed as usual, and ``check`` does not pass a posting it
    could not check."""
    from postedit.core import validate as validate_module

    real = validate_module.validate

    def failing(posting, *args, **kwargs):  # type: ignore[no-untyped-def]
        if posting.relpath.endswith("-good.md"):
            raise KeyError("roles")
        return real(posting, *args, **kwargs)

    monkeypatch.setattr(validate_module, "validate", failing)
    code, out, _ = run(capsys, "--repo", str(site))
    assert code == 1
    assert out.splitlines()[:2] == [
        "_jobs/2024-01-01-good.md:1: error: validation failed: KeyError: 'roles'",
        "_jobs/2024-01-02-warn.md:4: warning: unknown key 'role' (did you mean 'roles'?)",
    ]
    assert main(["list", "--repo", str(site), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [[f["message"] for f in row["findings"]] for row in rows] == [
        ["validation failed: KeyError: 'roles'"],
        ["unknown key 'role' (did you mean 'roles'?)"],
    ]
    assert main(["list", "--repo", str(site), "--where", "is:invalid"]) == 0
    out = capsys.readouterr().out
    assert "2024-01-01-good.md" in out and "2024-01-02-warn.md" not in out


def test_json_format(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "_jobs" / "2023-12-31-bad.md").write_text(BAD)
    code, out, err = run(capsys, "--repo", str(site), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data[0] == {
        "path": "_jobs/2023-12-31-bad.md",
        "line": 3,
        "field": "open",
        "severity": "error",
        "message": "open: expected true or false, found 'yes'",
    }
    assert {d["severity"] for d in data} == {"error", "warning"}
    assert "postedit check:" in err


def test_github_format(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "_jobs" / "2023-12-31-bad.md").write_text(BAD)
    code, out, _ = run(capsys, "--repo", str(site), "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        "::error file=_jobs/2023-12-31-bad.md,line=3,title=open::"
        "open: expected true or false, found 'yes'"
    )
    assert "::warning file=_jobs/2024-01-02-warn.md,line=4,title=role::" in out


def test_paths_and_collection(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (site / "_jobs" / "2023-12-31-bad.md").write_text(BAD)
    monkeypatch.chdir(site)
    code, out, _ = run(capsys, "_jobs/2024-01-01-good.md", "README.md")
    assert code == 0
    assert out.splitlines() == [
        "postedit check: 1 posting in 1 collection against postedit.yml: no findings "
        "(1 non-posting file skipped)"
    ]
    code, out, _ = run(capsys, "_jobs")
    assert code == 1 and "3 postings" in out
    code, out, _ = run(capsys, "--collection", "jobs", "_jobs/2023-12-31-bad.md")
    assert code == 1
    monkeypatch.chdir(site.parent)
    code, out, _ = run(capsys, "--repo", str(site), "_jobs/2024-01-01-good.md")
    assert code == 0 and "1 posting in 1 collection" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--collection", "nope"], "no collection named 'nope' (collections: jobs)"),
        (["no/such/file.md"], "no/such/file.md: no such file or folder"),
        (["--repo", "/no/such/folder"], "/no/such/folder: no such folder"),
    ],
)
def test_bad_usage_exits_2(
    site: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(site)
    code, out, err = run(capsys, *args)
    assert code == 2
    assert message in err and out == ""


def test_bad_format_exits_2(site: Path) -> None:
    with pytest.raises(SystemExit) as info:
        main(["check", "--repo", str(site), "--format", "xml"])
    assert info.value.code == 2


@pytest.mark.parametrize(
    ("schema", "where"),
    [
        (
            "collections:\n  jobs:\n    folder: _jobs\n    fields:\n      - {name: a, type: dat}\n",
            "postedit.yml:5: error: field jobs.a: unknown type 'dat' (did you mean 'date'?)",
        ),
        ("collections: [\n", "postedit.yml:2: error: not valid YAML"),
    ],
)
def test_unreadable_schema_exits_2_and_says_where(
    site: Path, capsys: pytest.CaptureFixture[str], schema: str, where: str
) -> None:
    (site / "postedit.yml").write_text(schema)
    code, out, err = run(capsys, "--repo", str(site))
    assert code == 2
    assert out == ""
    assert err.startswith(where)


def test_schema_option_and_decap_warnings(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    decap = tmp_path / "config.yml"
    decap.write_text(
        "backend: {name: github}\ncollections:\n  - name: jobs\n    folder: _jobs\n"
        "    fields:\n      - {name: roles, widget: string}\n"
        "      - {name: open, widget: boolean}\n      - {name: who, widget: select-async}\n"
        "      - {name: date, widget: datetime, time_format: false, required: false}\n"
        "      - {name: body, widget: markdown}\n"
    )
    code, out, err = run(capsys, "--repo", str(site), "--schema", str(decap))
    assert code == 0  # 'who' is required by default in Decap: a form rule, not a broken site
    assert f"against {decap} (Decap CMS)" in out
    assert "warning: missing required field 'who'" in out
    assert err.startswith(f"{decap}:8: warning: widget 'select-async' is not known")
    code, out, err = run(capsys, "--repo", str(site), "--schema", str(decap), "--format", "github")
    assert out.startswith(f"::warning file={decap},line=8::widget 'select-async' is not known")


def test_inferred_schema_summary(make_repo, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    """A file with front matter and no ``.md`` is no posting. Jekyll reads it all the same in
    a collection's folder (``Collection#read`` looks for front matter only; the real offers'
    ``2022-07-28-UX-mon-entreprise`` was on the site), where check said the site would not
    publish it; in ``_posts`` (whose names need an extension) and outside Jekyll it does
    not."""
    root = make_repo({f"_jobs/2024-01-0{i}-a.md": GOOD for i in range(1, 4)})
    (root / "_jobs" / "2024-01-09-b").write_text(GOOD)
    code, out, _ = run(capsys, "--repo", str(root))
    assert code == 0
    assert out.splitlines() == [
        "_jobs/2024-01-09-b:1: warning: has front matter but no .md/.markdown extension: "
        "postedit does not list it, but Jekyll reads it into the collection (without "
        "converting its Markdown)",
        # the stray file is no posting: counted apart from the three postings
        "postedit check: 3 postings in 1 collection against a schema inferred from the "
        "postings: no findings; 1 other file with front matter (warned above)",
    ]
    for folder in ("_posts", "jobs"):
        root = make_repo({f"{folder}/2024-01-0{i}-a.md": GOOD for i in range(1, 4)}, name=folder)
        (root / folder / "2024-01-09-b").write_text(GOOD)
        code, out, _ = run(capsys, "--repo", str(root))
        assert out.splitlines()[0] == (
            f"{folder}/2024-01-09-b:1: warning: has front matter but no .md/.markdown "
            "extension: the site will not publish it as a posting"
        )


@pytest.fixture
def corpus_site(corpus: Path, tmp_path: Path) -> Path:
    """The real postings in content/_jobs of a plain folder (check needs no git: cheaper)."""
    root = tmp_path / "beta"
    shutil.copytree(corpus, root / "content" / "_jobs")
    return root


def test_real_corpus_with_inferred_schema(
    corpus_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--repo", str(corpus_site))
    lines = out.splitlines()
    assert code == 1  # three postings lack 'roles' and 'open', one has 'open' twice
    assert "content/_jobs/2022-07-28-UX-mon-entreprise:1: warning: has front matter" in out
    assert "unknown key 'externalUrl' (did you mean 'externalURL'?)" in out
    assert lines[-1].startswith("postedit check: 542 postings in 1 collection against a schema")


def test_real_corpus_with_real_decap_config(
    corpus_site: Path, decap_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys,
        "--repo",
        str(corpus_site),
        "--schema",
        str(decap_config),
        "--collection",
        "jobs",
        "--format",
        "json",
    )
    assert code == 1
    data = json.loads(out)
    assert {d["path"].split("/")[0] for d in data} == {"content"}
    assert any(d["message"] == "unknown key 'role' (did you mean 'roles'?)" for d in data)
    assert "select-async" in err


def test_the_real_decap_config_s_missing_collections_are_warned_at_their_lines(
    corpus_site: Path, decap_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The offers with their Decap config as admin/config.yml: the six collections kept in
    another repository were warned of as ``postedit: warning: collection 'startups': ...``,
    which named neither the file to fix nor where: each is at its collection's line, as the
    schema's own warnings are (``admin/config.yml:451: warning: widget ...``), by ``check``
    (text and GitHub annotations) and ``list``; ``list`` says the schema's own warning in one
    line that points to ``check``, and its stdout is the listing alone."""
    (corpus_site / "admin").mkdir()
    shutil.copyfile(decap_config, corpus_site / "admin" / "config.yml")
    config = decap_config.read_text(encoding="utf-8").splitlines()
    gone = ["startups", "authors", "incubators", "phases", "events", "organisations"]
    lines = {
        name: next(
            i for i, text in enumerate(config, 1) if re.fullmatch(rf'  - name: "?{name}"?', text)
        )
        for name in gone
    }
    code, out, err = run(capsys, "--repo", str(corpus_site))
    missing = [
        f"admin/config.yml:{lines[name]}: warning: collection {name!r}: folder "
        f"'content/_{name}' does not exist in {corpus_site}: none of its postings is checked"
        for name in gone
    ]
    widget = err.splitlines()[0]
    assert widget.startswith("admin/config.yml:") and "'select-async'" in widget
    assert err.splitlines() == [widget, *missing]
    code, out, err = run(capsys, "--repo", str(corpus_site), "--format", "github")
    annotations = [line for line in out.splitlines() if "file=admin/config.yml" in line]
    assert annotations[1:] == [
        f"::warning file=admin/config.yml,line={lines[name]}::collection {name!r}: folder "
        f"'content/_{name}' does not exist in {corpus_site}: none of its postings is checked"
        for name in gone
    ]
    assert main(["list", "--repo", str(corpus_site), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    # one line, not seven before every listing (the TUI's status bar's words)
    assert err == "admin/config.yml: warning: 7 schema warnings: postedit check lists them\n"
    assert len(json.loads(out)) == 542


def test_list_says_in_one_line_that_the_schema_has_warnings(
    make_repo, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """``check`` printed the schema's own warnings (an unknown widget), ``list`` nothing: it
    says on stderr how many there are and that ``check`` shows them, in one line; stdout is
    byte for byte the listing of the same site without them, in every format."""
    config = (
        "backend: {name: github}\ncollections:\n"
        "  - {name: jobs, folder: _jobs, fields: [{name: title}, {name: team, widget: WIDGET}]}\n"
    )
    posting = "---\ntitle: A\nteam: core\n---\n"
    plain = make_repo(
        {"admin/config.yml": config.replace("WIDGET", "string"), "_jobs/a.md": posting},
        name="plain",
    )
    odd = make_repo(
        {
            "admin/config.yml": config.replace("WIDGET", "select-async").replace(
                "{name: title}", "{name: title, widget: markdown-x}"
            ),
            "_jobs/a.md": posting,
        },
        name="odd",
    )
    code, _, err = run(capsys, "--repo", str(odd))
    assert len(err.splitlines()) == 2  # check shows each
    for form in ("table", "json", "csv"):
        assert main(["list", "--repo", str(plain), "--format", form]) == 0
        expected, quiet = capsys.readouterr()
        assert main(["list", "--repo", str(odd), "--format", form]) == 0
        assert capsys.readouterr() == (
            expected,
            "admin/config.yml: warning: 2 schema warnings: postedit check lists them\n",
        )
        assert quiet == ""


# ----------------------------------------------------------------------------- schema command


def test_schema_infer_round_trips_through_check(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "postedit.yml").unlink()
    assert main(["schema", "infer", "--repo", str(site)]) == 0
    printed, _ = capsys.readouterr()
    data = yaml.safe_load(printed)
    assert data["collections"]["jobs"]["folder"] == "_jobs"
    schema_file = tmp_path / "inferred.yml"
    schema_file.write_text(printed)
    code, out, _ = run(capsys, "--repo", str(site), "--schema", str(schema_file))
    assert code == 0
    assert f"against {schema_file}:" in out


def test_schema_show_prints_the_schema_in_use(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "show", "--repo", str(site)]) == 0
    printed, _ = capsys.readouterr()
    assert printed.startswith("# The schema in use: postedit.yml.\n")
    assert yaml.safe_load(printed)["collections"]["jobs"]["rules"] == [
        {"when": "filled is true", "then": "open is false"}
    ]
    (site / "postedit.yml").unlink()  # no more "read from inferred (inferred)"
    assert main(["schema", "show", "--repo", str(site)]) == 0
    printed, _ = capsys.readouterr()
    assert printed.startswith("# The schema in use: a schema inferred from the postings.\n")


def test_schema_without_action_is_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 2


# ----------------------------------------------------------------------------- list json


def test_list_json_has_findings(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--repo", str(site), "--format", "json"]) == 0
    rows = {r["path"]: r for r in json.loads(capsys.readouterr()[0])}
    assert rows["_jobs/2024-01-01-good.md"]["findings"] == []
    assert rows["_jobs/2024-01-02-warn.md"]["findings"] == [
        {
            "path": "_jobs/2024-01-02-warn.md",
            "line": 4,
            "field": "role",
            "severity": "warning",
            "message": "unknown key 'role' (did you mean 'roles'?)",
        }
    ]


# ----------------------------------------------------------------------------- as a hook


def test_as_installed_command_like_pre_commit(site: Path) -> None:
    """pre-commit runs ``postedit check FILE...`` from the repository root."""
    (site / "_jobs" / "2023-12-31-bad.md").write_text(BAD)
    cmd = [sys.executable, "-m", "postedit", "check"]
    ok = subprocess.run(
        [*cmd, "_jobs/2024-01-01-good.md", "README.md"], cwd=site, capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run(
        [*cmd, "_jobs/2023-12-31-bad.md"], cwd=site, capture_output=True, text=True
    )
    assert bad.returncode == 1
    assert bad.stdout.startswith("_jobs/2023-12-31-bad.md:3: error: ")


def test_pre_commit_hook_definition() -> None:
    hooks = yaml.safe_load(
        (Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml").read_text()
    )
    (hook,) = hooks
    assert hook["id"] == "postedit-check"
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "postedit check",
        "python",
        True,
    )
    assert hook["files"] == r"\.(md|markdown)$"


def _pre_commit() -> str | None:
    beside = Path(sys.executable).with_name("pre-commit")
    return str(beside) if beside.exists() else shutil.which("pre-commit")


@pytest.mark.slow
@pytest.mark.skipif(_pre_commit() is None, reason="pre-commit is not installed")
def test_real_pre_commit_hook(site: Path) -> None:
    """pre-commit builds the hook from this repository's .pre-commit-hooks.yaml and runs it."""
    repo = Path(__file__).resolve().parents[2]
    (site / "2023-12-31-bad.md").write_text(BAD)  # outside the collection: skipped, like README
    (site / "_jobs" / "2023-12-31-bad.md").write_text(BAD)
    subprocess.run(["git", "add", "-A"], cwd=site, check=True)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    res = subprocess.run(
        [str(_pre_commit()), "try-repo", str(repo), "postedit-check", "--all-files"],
        cwd=site,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert res.returncode == 1, res.stdout + res.stderr
    assert "_jobs/2023-12-31-bad.md:3: error: open: expected true or false" in res.stdout
    assert "(2 non-posting files skipped)" in res.stdout  # README.md too


# ----------------------------------------------------------------------------- demo content


def test_demo_content_against_its_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The demo repository is content/ as a root: its postedit.yml describes its postings.

    Every key a demo posting uses is declared, but for deliberate misspellings (which get a
    "did you mean"); broken postings are reported, never a schema error (exit 2).
    """
    content = Path(__file__).resolve().parents[2] / "content"
    if not (content / "_jobs").is_dir():
        pytest.skip("the demo postings (content/_jobs) are not here yet")
    root = tmp_path / "demo"
    shutil.copytree(content, root)
    code, out, _ = run(capsys, "--repo", str(root), "--format", "json")
    assert code in (0, 1)
    findings = json.loads(out)
    assert all(f["path"].startswith("_jobs/") for f in findings)
    unknown = [f for f in findings if f["message"].startswith("unknown key")]
    assert all("did you mean" in f["message"] for f in unknown), unknown


@pytest.mark.parametrize(
    "command", [["list"], ["set", "--field", "open=false"], ["check"], ["schema", "show"]]
)
@pytest.mark.parametrize(
    ("schema", "located"),
    [
        ("missing.yml", "missing.yml: error: schema file not found"),
        ("broken.yml", "broken.yml:4: error: not valid YAML"),
    ],
)
def test_every_command_exits_2_for_an_unreadable_schema(
    site: Path, capsys: pytest.CaptureFixture[str], command: list[str], schema: str, located: str
) -> None:
    """An unreadable schema is bad usage for every command: exit 2, as check does."""
    (site / "broken.yml").write_text("collections:\n  jobs:\n    folder: [\n")
    paths = [str(site / "_jobs/2024-01-01-good.md")] if command[0] == "set" else []
    code = main([*command, "--repo", str(site), "--schema", str(site / schema), *paths])
    err = capsys.readouterr().err
    assert code == 2
    assert located in err


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["check"],
        ["schema", "show"],
        ["schema", "infer"],
        ["set", "--field", "a=1", "x.md"],
        ["new", "--collection", "jobs"],
        ["restore", "x.md", "--at", "HEAD"],
        ["log", "x.md"],
        ["diff"],
        ["undo"],
        ["pull"],
        ["push"],
    ],
)
def test_repo_must_be_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    a_file = tmp_path / "passwd"
    a_file.write_text("root:x:0:0\n")
    assert main([*command, "--repo", str(a_file)]) == 2
    assert f"{a_file}: not a folder" in capsys.readouterr().err
    assert main([*command, "--repo", str(tmp_path / "nonexistent")]) == 2
    assert "nonexistent: no such folder" in capsys.readouterr().err


def test_the_terminal_interface_on_a_missing_folder_is_bad_usage_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``postedit PATH`` exits 2 as ``list --repo PATH`` does (bad command-line input)."""
    assert main([str(tmp_path / "nonexistent")]) == 2
    assert capsys.readouterr().err == f"postedit: error: {tmp_path}/nonexistent: no such folder\n"
    assert main(["list", "--repo", str(tmp_path / "nonexistent")]) == 2


@pytest.fixture
def site_root(make_repo) -> Path:  # type: ignore[no-untyped-def]
    """A site whose pages sit at the root, beside a README and a CHANGELOG without front matter."""
    return make_repo(  # type: ignore[no-any-return]
        {
            "index.md": "---\ntitle: Home\nlayout: home\n---\nWelcome.\n",
            "about.md": "---\ntitle: About\nlayout: page\n---\nUs.\n",
            "README.md": "# The site\n\nHow to build it.\n",
            "CHANGELOG.md": "## 1.0\n- first\n",
        }
    )


def test_markdown_without_front_matter_is_not_a_posting(
    site_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """README.md beside index.md was a failing posting of the inferred collection."""
    code, out, err = run(capsys, "--repo", str(site_root), str(site_root / "README.md"))
    assert (code, out.splitlines()[-1]) == (
        0,
        "postedit check: 0 postings in 1 collection against a schema inferred from the "
        "postings: no findings (1 non-posting file skipped)",
    )
    code, out, _err = run(capsys, "--repo", str(site_root))
    assert code == 0 and "README" not in out and "CHANGELOG" not in out
    assert "2 postings in 1 collection" in out
    assert main(["list", "--repo", str(site_root), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["path"] for r in rows] == ["about.md", "index.md"]
    # a file that starts with --- but is broken is still a posting, with its error
    (site_root / "broken.md").write_text("---\ntitle: [oops\n---\n")
    paths = [str(site_root / "broken.md"), str(site_root / "README.md")]
    code, out, err = run(capsys, "--repo", str(site_root), *paths)
    assert code == 1, err
    assert code == 1 and "broken.md:2: error:" in out and "(1 non-posting file skipped)" in out
    # the printed schema keeps the rule, and loads back
    assert main(["schema", "infer", "--repo", str(site_root)]) == 0
    printed = capsys.readouterr().out
    assert "front_matter_only: true" in printed
    (site_root / "postedit.yml").write_text(printed)
    assert run(capsys, "--repo", str(site_root), str(site_root / "README.md"))[0] == 0


def test_checking_named_files_looks_at_those_files_only(
    site_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``postedit check A B C`` (a pre-commit hook's list) tells each named file from a README
    once, not every file of its collection once per name."""
    from postedit.core.posting import Posting
    from postedit.core.store import Store

    (site_root / "postedit.yml").write_text(
        "collections:\n  pages:\n    folder: .\n    front_matter_only: true\n"
        "    fields: [{name: title, type: string}]\n"
    )
    for i in range(20):
        (site_root / f"page-{i}.md").write_text(f"---\ntitle: Page {i}\n---\nText.\n")
    asked: list[str] = []
    sniff = Store.plain_markdown

    def counted(self: Store, relpath: str, posting: Posting | None = None) -> bool:
        asked.append(relpath)
        return sniff(self, relpath, posting)

    monkeypatch.setattr(Store, "plain_markdown", counted)
    named = ["index.md", "about.md", "README.md"]
    code, out, _err = run(capsys, "--repo", str(site_root), *(str(site_root / n) for n in named))
    assert code == 0 and "2 postings in 1 collection" in out and "1 non-posting file" in out
    assert sorted(asked) == sorted(named)


def test_the_list_judges_a_translation_by_its_locale_s_fields_everywhere(
    make_repo, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """A translation lacks the fields only the default locale's file has (``i18n: none``):
    the table's findings column and ``is:invalid`` say so as the JSON and ``check`` do."""
    schema = (
        "collections:\n"
        "  news:\n"
        "    folder: news\n"
        "    i18n: {structure: multiple_files, locales: [en, fr], default_locale: en}\n"
        "    fields:\n"
        "      - {name: title, type: string, required: true, i18n: translate}\n"
        "      - {name: author, type: string, required: true, i18n: none}\n"
    )
    site = make_repo(
        {
            "postedit.yml": schema,
            "news/a.en.md": "---\ntitle: Hi\nauthor: Ann\n---\n",
            "news/a.fr.md": "---\ntitle: Salut\n---\n",
        }
    )
    assert main(["check", "--repo", str(site)]) == 0
    assert "no findings" in capsys.readouterr().out
    assert main(["list", "--repo", str(site), "--format", "json"]) == 0
    assert [row["findings"] for row in json.loads(capsys.readouterr().out)] == [[], []]
    assert main(["list", "--repo", str(site)]) == 0
    rows = capsys.readouterr().out.splitlines()[2:]
    assert [row.split()[0] for row in rows] == ["Hi", "Salut"]  # no E1 before either
    assert main(["list", "--repo", str(site), "--where", "is:invalid"]) == 0
    assert "a.fr.md" not in capsys.readouterr().out


def test_names_jekyll_leaves_out_are_no_postings_and_check_says_why(
    make_repo, capsys: pytest.CaptureFixture[str]
) -> None:
    """In a Jekyll collection's folder (``_jobs``) Jekyll skips ``_x.md``, ``#x.md`` and
    ``~x.md`` (and a ``_sub/`` folder): the list does not show them, check says the site
    will not publish them; a Hugo-style folder (``news``) keeps its ``_index.md``."""
    root = make_repo(
        {
            "postedit.yml": SCHEMA
            + "  news:\n    folder: news\n    fields:\n      - {name: roles, type: string}\n"
            + "      - {name: open, type: boolean}\n      - {name: date, type: date}\n",
            "_jobs/2024-01-01-good.md": GOOD,
            "_jobs/_later.md": GOOD,
            "_jobs/#lock.md": GOOD,
            "_jobs/~copy.md": GOOD,
            "news/_index.md": GOOD,
            "news/a.md": GOOD,
        }
    )
    assert main(["list", "--format", "json", "--repo", str(root)]) == 0
    listed = sorted(row["path"] for row in json.loads(capsys.readouterr().out))
    assert listed == ["_jobs/2024-01-01-good.md", "news/_index.md", "news/a.md"]
    code, out, _ = run(capsys, "--repo", str(root))
    assert code == 0
    for name, first in (("_later.md", "_"), ("#lock.md", "#"), ("~copy.md", "~")):
        assert (
            f"_jobs/{name}:1: warning: has front matter, but Jekyll leaves out a name starting "
            f"with {first!r}: the site will not publish it as a posting"
        ) in out
    assert "news/_index.md" not in out


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback_before_or_after_the_command(
    site: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    """``--debug`` shows a traceback (README) whether written before the command, as
    ``postedit --help`` lists it, or after it: the command's own option used to reset the
    global one to False."""
    (site / "postedit.yml").write_text("version: 1\ncollections: [\n")
    command = ["list", "--repo", str(site)]
    args = ["--debug", *command] if where == "before" else [*command, "--debug"]
    with pytest.raises(PosteditError, match="not valid YAML"):
        main(args)
    assert main(command) == 2
    assert "postedit.yml:3: error: not valid YAML" in capsys.readouterr().err


def test_the_summary_counts_the_collections_read_and_the_missing_ones_apart(
    make_repo, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """A Decap config often names collections that live elsewhere (the real one names seven,
    the offers' repository holds one): the summary counts the collections read ("in 7
    collections" was read as seven checked) and the others apart, in every format; with
    ``--collection`` the others are neither counted nor warned about."""
    root = make_repo(
        {
            "admin/config.yml": (
                "backend: {name: github}\ncollections:\n"
                "  - {name: jobs, folder: _jobs, fields: [{name: title}]}\n"
                "  - {name: news, folder: _news, fields: [{name: title}]}\n"
                "  - {name: team, folder: _team, fields: [{name: title}]}\n"
                "  - {name: startups, folder: _startups, fields: [{name: title}]}\n"
            ),
            "_jobs/2024-01-01-a.md": "---\ntitle: A\n---\n",
            "_jobs/2024-01-02-b.md": "---\ntitle: B\n---\n",
        }
    )
    (root / "_news").mkdir()  # a folder without postings yet is read all the same
    summary = (
        "postedit check: 2 postings in 2 collections (2 with no folder here: warned above) "
        "against admin/config.yml (Decap CMS): no findings"
    )
    code, out, err = run(capsys, "--repo", str(root))
    assert (code, out) == (0, summary + "\n")
    assert [line.split(": ")[:3] for line in err.splitlines()] == [
        ["admin/config.yml:5", "warning", "collection 'team'"],
        ["admin/config.yml:6", "warning", "collection 'startups'"],
    ]
    code, out, err = run(capsys, "--repo", str(root), "--format", "github")
    assert out.splitlines() == [
        f"::warning file=admin/config.yml,line=5::collection 'team': folder '_team' does not "
        f"exist in {root}: none of its postings is checked",
        f"::warning file=admin/config.yml,line=6::collection 'startups': folder '_startups' "
        f"does not exist in {root}: none of its postings is checked",
        summary,
    ]
    code, out, err = run(capsys, "--repo", str(root), "--format", "json")
    assert (out, err.splitlines()[-1]) == ("[]\n", summary)
    code, out, err = run(capsys, "--repo", str(root), "--collection", "jobs")
    assert (out, err) == (
        "postedit check: 2 postings in 1 collection against admin/config.yml (Decap CMS): "
        "no findings\n",
        "",
    )


def test_a_collection_folder_missing_is_warned(
    make_repo, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """A schema naming a folder that is not there (content/_jobs for _jobs) checks nothing:
    said on stderr (and as an annotation for CI), not a silent pass, with the folder of that
    name that is here (a Decap config's ``content/_jobs``, the offers copied to ``_jobs``)."""
    root = make_repo(
        {
            "postedit.yml": SCHEMA.replace("folder: _jobs", "folder: content/_jobs"),
            "_jobs/2024-01-01-good.md": GOOD,
        }
    )
    code, out, err = run(capsys, "--repo", str(root))
    assert code == 0  # a collection may have no posting yet: a warning
    assert out.startswith(
        "postedit check: 0 postings in 0 collections (1 with no folder here: warned above) "
        "against postedit.yml"
    )
    line = SCHEMA.splitlines().index("  jobs:") + 1
    assert err == (
        f"postedit.yml:{line}: warning: collection 'jobs': folder 'content/_jobs' does not "
        f"exist in {root}: none of its postings is checked (there is a folder '_jobs': is it "
        "that one?)\n"
    )
    code, out, _ = run(capsys, "--repo", str(root), "--format", "github")
    assert out.startswith(
        f"::warning file=postedit.yml,line={line}::collection 'jobs': folder 'content/_jobs' "
        "does not exist"
    )
    (root / "content" / "_jobs").mkdir(parents=True)
    code, out, err = run(capsys, "--repo", str(root))
    assert err == ""


def test_list_warns_of_a_collection_folder_missing_as_check_does(
    make_repo, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """``list`` said nothing of a collection whose folder is not here (check warned): it
    says so on stderr only, stdout as before for the scripts that parse it (JSON, CSV, the
    table): counted in one line pointing to ``check`` while other collections are listed,
    in full when nothing of what is listed is here (``--collection`` names it)."""
    root = make_repo(
        {
            "admin/config.yml": (
                "backend: {name: github}\ncollections:\n"
                "  - {name: jobs, folder: _jobs, fields: [{name: title}]}\n"
                "  - {name: team, folder: content/_team, fields: [{name: title}]}\n"
            ),
            "_jobs/2024-01-01-a.md": "---\ntitle: A\n---\n",
            "_team/2024-01-01-b.md": "---\ntitle: B\n---\n",
        }
    )
    warning = (
        f"admin/config.yml:4: warning: collection 'team': folder 'content/_team' does not "
        f"exist in {root}: none of its postings is listed (there is a folder '_team': is it "
        "that one?)\n"
    )
    for form in ("json", "csv", "table"):
        assert main(["list", "--repo", str(root), "--format", form]) == 0
        out, err = capsys.readouterr()
        assert err == "admin/config.yml: warning: 1 schema warning: postedit check lists it\n"
        assert "_team" not in out and "2024-01-01-a.md" in out
        if form == "json":
            assert [row["path"] for row in json.loads(out)] == ["_jobs/2024-01-01-a.md"]
    assert main(["list", "--repo", str(root), "--collection", "jobs"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["list", "--repo", str(root), "--collection", "team", "--format", "json"]) == 0
    assert capsys.readouterr() == ("[]\n", warning)
    code, _, err = run(capsys, "--repo", str(root))  # check's words, the same rule
    assert err == warning.replace("is listed", "is checked")


def test_a_file_collection_whose_file_is_missing_is_warned_and_not_counted_as_read(
    make_repo, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """A Decap ``files:`` collection whose file is not in the work tree was counted as read
    by check's summary and warned about nowhere: it is a collection not here, as a folder
    missing is (warned by check and list, counted apart)."""
    root = make_repo(
        {
            "admin/config.yml": (
                "backend: {name: github}\ncollections:\n"
                "  - {name: jobs, folder: _jobs, fields: [{name: title}]}\n"
                "  - {name: team, folder: _team, fields: [{name: title}]}\n"
                "  - name: pages\n    files:\n"
                "      - {name: about, file: content/about.md, fields: [{name: title}]}\n"
                "      - {name: contact, file: content/contact.md, fields: [{name: title}]}\n"
            ),
            "_jobs/2024-01-01-a.md": "---\ntitle: A\n---\n",
            "content/about.md": "---\ntitle: About\n---\n",
        }
    )
    code, out, err = run(capsys, "--repo", str(root))
    assert (code, out) == (
        0,
        "postedit check: 2 postings in 2 collections (1 with no folder here, 1 with no file "
        "here: warned above) against admin/config.yml (Decap CMS): no findings\n",
    )
    file_warning = (
        f"collection 'pages/contact': file 'content/contact.md' does not exist in {root}: "
        "it is not checked"
    )
    assert err.splitlines()[-1] == f"admin/config.yml:5: warning: {file_warning}"
    code, out, err = run(capsys, "--repo", str(root), "--format", "github")
    assert f"::warning file=admin/config.yml,line=5::{file_warning}" in out.splitlines()
    code, out, err = run(capsys, "--repo", str(root), "--collection", "pages/contact")
    assert out.startswith(
        "postedit check: 0 postings in 0 collections (1 with no file here: warned above) "
    )
    assert main(["list", "--repo", str(root), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert err == "admin/config.yml: warning: 2 schema warnings: postedit check lists them\n"
    assert [row["path"] for row in json.loads(out)] == ["_jobs/2024-01-01-a.md", "content/about.md"]
    assert main(["list", "--repo", str(root), "--collection", "pages/contact"]) == 0
    out, err = capsys.readouterr()  # nothing of it here: said in full
    assert err == f"admin/config.yml:5: warning: {file_warning.replace('checked', 'listed')}\n"


def test_a_file_collection_of_several_files_all_missing_names_each(
    make_repo, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """A postedit.yml collection of several ``files`` none of which is here was warned of by
    its first file alone (``file 'content/x.md' does not exist``): each is named."""
    root = make_repo(
        {
            "postedit.yml": (
                "version: 1\ncollections:\n"
                "  pages: {folder: content, files: [content/about.md], fields: [{name: title}]}\n"
                "  gone:\n    folder: content\n    files: [content/x.md, content/y.md]\n"
                "    fields: [{name: title}]\n"
            ),
            "content/about.md": "---\ntitle: About\n---\n",
        }
    )
    code, out, err = run(capsys, "--repo", str(root))
    assert code == 0 and "(1 with no file here: warned above)" in out
    assert err == (
        f"postedit.yml:4: warning: collection 'gone': files 'content/x.md', 'content/y.md' do "
        f"not exist in {root}: none of them is checked\n"
    )


def test_a_file_collection_with_some_files_missing_warns_of_each(
    make_repo, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """A postedit.yml collection of several ``files``, only some of them here, was read
    without a word about the others, and ``check`` counted it as read whole: each missing
    file is warned of by ``check``, and counted by ``list`` (stderr only, stdout as
    before)."""
    root = make_repo(
        {
            "postedit.yml": (
                "version: 1\ncollections:\n"
                "  pages:\n    folder: content\n"
                "    files: [content/about.md, content/x.md, content/y.md]\n"
                "    fields: [{name: title}]\n"
            ),
            "content/about.md": "---\ntitle: About\n---\n",
        }
    )
    warnings = [
        f"collection 'pages': file 'content/{name}.md' does not exist in {root}: it is not checked"
        for name in ("x", "y")
    ]
    code, out, err = run(capsys, "--repo", str(root))
    assert code == 0
    assert err.splitlines() == [f"postedit.yml:3: warning: {w}" for w in warnings]
    assert out.startswith(
        "postedit check: 1 posting in 1 collection (1 missing some files: warned above) "
    )
    code, out, err = run(capsys, "--repo", str(root), "--format", "github")
    assert [f"::warning file=postedit.yml,line=3::{w}" for w in warnings] == [
        line for line in out.splitlines() if line.startswith("::warning")
    ]
    assert main(["list", "--repo", str(root), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert err == "postedit.yml: warning: 2 schema warnings: postedit check lists them\n"
    assert [row["path"] for row in json.loads(out)] == ["content/about.md"]
