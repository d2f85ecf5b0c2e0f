"""`postedit list --where`, `check --where`, `--sort` and `--format csv` (docs/query.md)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from postedit.cli import main
from tests.query_site import JOBS, freeze_clock, make_query_site


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    freeze_clock(monkeypatch)
    return make_query_site(tmp_path / "board")


def _paths(board: Path, capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    assert main(["list", "--repo", str(board), "--format", "json", *args]) == 0
    return [row["path"] for row in json.loads(capsys.readouterr().out)]


def test_list_where_selects_with_the_tuis_grammar(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _paths(board, capsys, "--where", "open:true date<2021-09-01") == [
        f"{JOBS}/2020-11-05-old-dev.md",
        f"{JOBS}/2021-06-01-dev-python.md",
        f"{JOBS}/2021-08-20-designer.md",
    ]
    # a word found only in a body, in any collection; body: in the body only
    assert _paths(board, capsys, "--where", "python") == [
        f"{JOBS}/2021-06-01-dev-python.md",
        f"{JOBS}/2021-07-10-data.md",
        "content/_news/2021-09-01-launch.md",
    ]
    assert _paths(board, capsys, "--where", "python", "--collection", "jobs") == [
        f"{JOBS}/2021-06-01-dev-python.md",
        f"{JOBS}/2021-07-10-data.md",
    ]
    assert _paths(board, capsys, "--where", "body:lyon") == [f"{JOBS}/2021-09-01-product-owner.md"]


def test_saved_filters_from_postedit_yml(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _paths(board, capsys, "--where", "@to-close") == _paths(
        board, capsys, "--where", "open:true date<2021-09-01"
    )
    assert _paths(board, capsys, "--where", "@by-city=lille OR @closing-soon") == [
        f"{JOBS}/2021-09-10-chargee-deploiement.md"
    ]


def test_a_query_that_matches_nothing_says_so(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", "--repo", str(board), "--where", "rust"]) == 0
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err == "postedit: no posting matches 'rust'\n"
    assert main(["list", "--repo", str(board), "--where", "rust", "--format", "json"]) == 0
    out = capsys.readouterr()
    assert out.out == "[]\n" and "no posting matches 'rust'" in out.err
    assert main(["check", "--repo", str(board), "--where", "rust"]) == 0
    out = capsys.readouterr()
    assert "postedit: no posting matches 'rust'" in out.err
    assert "0 postings" in out.out


@pytest.mark.parametrize("command", ["list", "check", "set"])
def test_a_query_on_a_misspelt_field_says_which_was_meant(
    board: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """`opne:true` matching nothing read as "no offer is open": the field no collection has
    is named, with the closest one, as --sort does."""
    args = [command, "--repo", str(board), "--where", "opne:true has:salery"]
    if command == "set":
        args += ["--field", "open=false"]
    assert main(args) == (1 if command == "set" else 0)
    err = capsys.readouterr().err
    assert err.endswith(
        "postedit: no posting matches 'opne:true has:salery'\n"
        "postedit: no field 'opne' in any collection; did you mean 'open'?\n"
        "postedit: no field 'salery' in any collection; did you mean 'salary'?\n"
    ), err


def test_a_query_in_a_misspelt_collection_says_which_was_meant(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`in:jbos` matched nothing and said only "no posting matches"; a collection that
    exists (in any case) says nothing more."""
    assert main(["list", "--repo", str(board), "--where", "in:jbos"]) == 0
    err = capsys.readouterr().err
    assert err.endswith(
        "postedit: no posting matches 'in:jbos'\n"
        "postedit: no collection 'jbos'; did you mean 'jobs'? (collections: jobs, news)\n"
    ), err
    assert main(["list", "--repo", str(board), "--where", "in:JOBS open:nope"]) == 0
    assert "no collection" not in capsys.readouterr().err


def test_a_query_in_a_collection_the_command_leaves_out_says_so(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--collection news --where in:jobs` said only "no posting of news matches", as the
    TUI's News tab did (core's other_collections words both)."""
    assert main(["list", "--repo", str(board), "--collection", "news", "--where", "in:jobs"]) == 0
    err = capsys.readouterr().err
    assert err.endswith(
        "postedit: no posting of news matches 'in:jobs'\n"
        "postedit: in:jobs selects the Job offers collection, which --collection news leaves out\n"
    ), err


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("open:true (paris", "query: column 17: expected ')' to close the '(' of column 11"),
        ("date>", "query: column 6: expected a value after date>"),
        (
            "@nope",
            "query: column 1: no saved filter @nope (saved: @by-city, @closing-soon, @open, ",
        ),
        ("is:marked", "query: column 1: expected is:draft, is:scheduled"),
    ],
)
@pytest.mark.parametrize("command", ["list", "check"])
def test_a_query_that_cannot_be_read_is_a_usage_error(
    board: Path, capsys: pytest.CaptureFixture[str], command: str, query: str, message: str
) -> None:
    assert main([command, "--repo", str(board), "--where", query]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"postedit: error: {message}"), err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_the_exit_status_through_the_real_command(board: Path) -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "postedit", "list", "--repo", str(board), "--where", "a OR"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert out.stderr == "postedit: error: query: column 5: expected a term after OR\n"


def test_check_where_checks_only_what_matches(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--repo", str(board), "--where", "is:invalid"]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{JOBS}/2021-05-03-stage.md:1: error: missing required field 'roles'")
    assert "postedit check: 1 posting in 2 collections" in out
    assert main(["check", "--repo", str(board), "--where=-is:invalid"]) == 0  # a leading dash
    assert "postedit check: 8 postings" in capsys.readouterr().out
    assert main(["check", "--repo", str(board), "--collection", "jobs", "--where", "paris"]) == 1
    assert "postedit check: 5 postings in 1 collection" in capsys.readouterr().out


def test_sort_by_the_site_date(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    newest = _paths(board, capsys, "--collection", "jobs", "--sort=-date")
    assert newest[:3] == [
        f"{JOBS}/2021-09-10-chargee-deploiement.md",
        f"{JOBS}/2021-09-01-product-owner.md",
        f"{JOBS}/2021-08-20-designer.md",
    ]
    assert newest[-1] == f"{JOBS}/devops.md"  # no date: last either way
    oldest = _paths(board, capsys, "--collection", "jobs", "--sort", "date")
    assert oldest[:2] == [f"{JOBS}/2020-11-05-old-dev.md", f"{JOBS}/2021-05-03-stage.md"]
    assert oldest[-1] == f"{JOBS}/devops.md"
    by_title = _paths(board, capsys, "--collection", "jobs", "--sort", "title", "--where", "dev")
    assert by_title == [
        f"{JOBS}/2020-11-05-old-dev.md",  # Développeur Java
        f"{JOBS}/2021-06-01-dev-python.md",  # Développeur·se Python
        f"{JOBS}/devops.md",  # DevOps
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sort", "nope"], "--sort: no field 'nope' in jobs; did you mean 'open'?"),
        (["--sort=-citty"], "--sort: no field 'citty' in jobs; did you mean 'city'?"),
        (["--sort", "salary", "--collection", "news"], "no field 'salary' in news"),
        (["--sort="], "--sort takes a field name"),  # `--sort="$FIELD"` with FIELD unset
    ],
)
def test_sort_by_a_field_the_schema_does_not_have_is_bad_usage(
    board: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    collection = [] if "--collection" in args else ["--collection", "jobs"]
    assert main(["list", "--repo", str(board), *collection, *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and message in captured.err


def test_sort_by_a_key_no_posting_has_is_bad_usage_with_an_inferred_schema(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (board / "postedit.yml").unlink()
    assert main(["list", "--repo", str(board), "--sort", "salery"]) == 2
    assert "--sort: no field 'salery' in any collection; did you mean 'salary'?" in (
        capsys.readouterr().err
    )
    # a key some posting holds is a field, if only the postings the query leaves out hold it
    assert _paths(board, capsys, "--sort", "salary", "--where=-has:salary") != []


def test_csv_has_the_site_values_and_every_field(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["list", "--repo", str(board), "--format", "csv", "--where", "city:paris"]
    assert main(args) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["path"] for r in rows] == [
        f"{JOBS}/2021-05-03-stage.md",
        f"{JOBS}/2021-06-01-dev-python.md",
        f"{JOBS}/2021-07-10-data.md",
        f"{JOBS}/devops.md",
    ]
    python = rows[1]
    assert list(rows[0])[:6] == [
        "path",
        "collection",
        "site_date",
        "site_title",
        "site_state",
        "title",
    ]
    assert python["site_title"] == "Développeur·se Python"
    assert python["site_date"] == "2021-06-01"  # from the file name
    assert python["site_state"] == "published"
    assert python["techno"] == '["python", "django"]'
    assert python["salary"] == "" and rows[3]["salary"] == "50000"
    assert rows[2]["site_date"] == rows[2]["date"] == "2021-07-12"  # not the file name's
    assert rows[0]["site_title"] == rows[0]["title"] == "Stage"


def test_csv_and_table_never_print_escape_sequences(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (board / JOBS / "evil.md").write_text('---\nroles: "a\\e[2Jb"\nopen: true\n---\n')
    assert main(["list", "--repo", str(board), "--format", "csv", "--where", "in:jobs"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "a\\x1b[2Jb" in out
    assert main(["list", "--repo", str(board), "--where", "in:jobs"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "a\\x1b[2Jb" in out


def test_the_collections_named_for_in_reach_the_terminal_escaped(
    make_repo, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """The names `in:` lists come from the schema, a file of the repository: an escape in
    one is shown, not sent to the terminal (it reached it as it was)."""
    root = make_repo(
        {
            "postedit.yml": 'collections:\n  "jobs\\e[31m":\n    folder: _jobs\n',
            "_jobs/a.md": "---\ntitle: A\n---\n",
        }
    )
    assert main(["list", "--repo", str(root), "--where", "in:jbos"]) == 0
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert err.endswith("(collections: jobs\\x1b[31m)\n"), err


@pytest.mark.parametrize("command", ["list", "check", "set"])
def test_a_query_starting_with_a_minus_says_how_to_give_it(
    board: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """``--where -open:true`` is read by the shell's rules as an option: argparse said only
    "argument --where: expected one argument", leaving a user to find docs/query.md."""
    with pytest.raises(SystemExit) as exit_:
        main([command, "--repo", str(board), "--where", "-open:true", "--field", "a=b"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err.splitlines()[-1]
    assert err == (
        "postedit: error: argument --where: expected one argument "
        "(a query starting with '-' is given with '=': --where=-open:true)"
    )
    assert _paths(board, capsys, "--collection", "jobs", "--where=-open:true") == [
        f"{JOBS}/2021-05-03-stage.md",
        f"{JOBS}/2021-07-10-data.md",
    ]
