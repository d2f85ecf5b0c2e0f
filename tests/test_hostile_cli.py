"""The hostile corpus through the command line, read as a terminal receives it (a pty).

No command lets a byte through that would change the terminal's state (every output is
checked by tests.hostile.unsafe_bytes), none shows a traceback, and each finishes within
TIME_LIMIT seconds, a generous timeout rather than a timed assertion: before the limits,
`list` took over two minutes on the 80,000-key posting alone.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from postedit.cli.common import terminal_diff
from postedit.core import frontmatter
from tests import hostile
from tests.conftest import git
from tests.ptyrun import run_in_pty

TIME_LIMIT = 60.0
"""Seconds any one command may take on the whole hostile corpus (it needs about one)."""


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile corpus in a git repository (shared by the read-only tests)."""
    return hostile.build(tmp_path_factory.mktemp("hostile") / "site")


def _check_safe(args: list[str], out: bytes) -> None:
    assert b"Traceback" not in out, out.decode("utf-8", "replace")
    assert not hostile.unsafe_bytes(out), (args, hostile.unsafe_bytes(out)[:5])
    out.decode("utf-8")  # valid UTF-8, whatever the file names


@pytest.mark.parametrize(
    ("args", "status", "shown"),
    [
        (
            ["list"],
            0,
            [hostile.TITLE_SHOWN, "2024-02-04-esc\\x1b[2J", "new\\nline", "bad\\xff\\xfe"],
        ),
        (["list", "--format", "json"], 0, ["\\u001b]0;pwned\\u0007", "bad\\udcff\\udcfe"]),
        (
            ["list", "--format", "csv"],
            0,
            [",\\x1b[2Jkey,k\\x9bey,", hostile.TITLE_SHOWN, hostile.FORMULA_CELL, hostile.BIG],
        ),
        (["check"], 1, ["2024-02-01-many-keys.md:1002: error: more than 1,000 keys"]),
        (["check", "--format", "json"], 1, ['"line": 1002']),
        (["check", "--format", "github"], 1, ["::error file=_jobs/2024-02-01-many-keys.md"]),
        (["schema", "infer"], 0, ['name: "\\e[2Jkey"']),
    ],
)
def test_no_command_sends_the_terminal_a_control_byte(
    repo: Path, args: list[str], status: int, shown: list[str]
) -> None:
    code, out = run_in_pty(args, repo)
    _check_safe(args, out)
    assert code == status, out.decode("utf-8", "replace")
    text = out.decode()
    for expected in shown:
        assert expected in text


def test_every_limit_is_a_finding_at_its_line(repo: Path) -> None:
    code, out = run_in_pty(["check"], repo)
    text = out.decode().replace("\r\n", "\n")
    for finding in (
        "2024-01-04-merge-bomb.md:2: error: front matter expands to too many values",
        "2024-01-05-nul.md:1: error: binary file",
        "2024-01-07-deep.md:3: error: lists and mappings nested more than 32 levels deep",
        "2024-02-01-many-keys.md:1002: error: more than 1,000 keys",
        "2024-02-02-long-line.md:4: error: a line of 1,000,012 characters",
    ):
        assert finding in text
    assert "mixed-endings" not in text and "long-body" not in text  # both are fine postings


def test_json_keeps_the_exact_values(repo: Path) -> None:
    """JSON escapes what could act on a terminal, and a JSON reader gets the values back."""
    done = subprocess.run(
        [sys.executable, "-m", "postedit", "list", "--format", "json"],
        cwd=repo,
        capture_output=True,
        timeout=TIME_LIMIT,
        check=True,
    )
    assert not hostile.unsafe_bytes(done.stdout)
    rows = {row["path"]: row for row in json.loads(done.stdout)}
    fields = frontmatter.parse((repo / hostile.ESCAPES).read_bytes()).fields
    got = rows[hostile.ESCAPES]["fields"]
    assert got["title"] == fields["title"] == "\x1b]0;pwned\x07 \x1b[2J\x1b[6n"
    assert got["\x1b[2Jkey"] == "value" and got["k\x9bey"] == 1
    assert got["tags"] == ["ok", "\x1b[5mblink", "\x85nel"]
    assert got["meta"] == {"owner": "\x1b]52;c;cGF5bG9hZA==\x07"}
    assert rows[hostile.RAW_BIDI]["fields"]["title"].startswith("Offre \u202eeludom\u202c")
    bad = f"{hostile.JOBS}/" + os.fsdecode(b"2024-02-06-bad\xff\xfe.md")
    assert rows[bad]["fields"] == {"title": "Not UTF-8 name", "open": True}


def test_an_error_naming_a_hostile_file_is_escaped(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "copy"
    subprocess.run(["git", "clone", "-q", str(repo), str(site)], check=True)
    code, out = run_in_pty(["set", hostile.ESC_NAME, "--field", "open=maybe"], site)
    _check_safe(["set"], out)
    assert code == 1
    assert "2024-02-04-esc\\x1b[2J\\x1b]0;name\\x07.md" in out.decode()


def test_set_dry_run_shows_names_and_diff_escaped(repo: Path) -> None:
    # the diff's context reaches the body, whose raw ESC sequences must not reach the terminal
    args = ["set", hostile.ESC_NAME, hostile.ESCAPES, "--field", "level=senior", "--dry-run"]
    code, out = run_in_pty(args, repo)
    _check_safe(["set", "--dry-run"], out)
    assert code == 0, out.decode()
    text = out.decode()
    assert "2024-02-04-esc\\x1b[2J\\x1b]0;name\\x07.md" in text
    assert "Body with raw bytes: \\x1b[2J clear" in text
    assert "+level: senior" in text


def test_set_commit_reports_and_commits_no_control_character(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "copy"
    subprocess.run(["git", "clone", "-q", str(repo), str(site)], check=True)
    code, out = run_in_pty(["set", hostile.ESCAPES, "--field", "open=false", "--commit"], site)
    _check_safe(["set", "--commit"], out)
    assert code == 0, out.decode()
    message = git(site, "log", "-1", "--format=%B")
    assert message.strip() == 'Close "]0;pwned [2J [6n"'
    assert "Close" in out.decode()


_SGR = re.compile(rb"\x1b\[[0-9;]*m")
"""A colour or style sequence: what `log` and `diff` write on a terminal themselves."""


def _git_case(repo: Path, tmp_path: Path) -> Path:
    """A clone of the corpus with a commit whose subject holds escapes, over a body holding
    raw ESC sequences, and that posting changed again since (pending)."""
    site = tmp_path / "copy"
    subprocess.run(["git", "clone", "-q", str(repo), str(site)], check=True)
    posting = site / hostile.ESCAPES
    posting.write_bytes(posting.read_bytes() + b"more \x1b[2J\n")
    git(site, "commit", "-q", "-a", "-m", "\x1b]0;pwned\x07 subject \x1b[2J")
    posting.write_bytes(posting.read_bytes() + b"pending \x1b]0;diff\x07\n")
    return site


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["log", hostile.ESCAPES], "\\x1b]0;pwned\\x07 subject \\x1b[2J"),
        (["log", "--patch", hostile.ESCAPES], "+more \\x1b[2J"),
        (["diff"], "+pending \\x1b]0;diff\\x07"),
    ],
)
def test_git_commands_show_hostile_text_escaped(
    repo: Path, tmp_path: Path, args: list[str], shown: str
) -> None:
    site = _git_case(repo, tmp_path)
    code, out = run_in_pty(args, site)
    assert code == 0, out.decode("utf-8", "replace")
    _check_safe(args, _SGR.sub(b"", out))
    assert shown in _SGR.sub(b"", out).decode()


@pytest.mark.parametrize("color", [False, True])
def test_terminal_diff_escapes_the_lines_and_colours_them(color: bool) -> None:
    diff = (
        "diff --git a/x.md b/x.md\n--- a/x.md\n+++ b/x.md\n@@ -1 +1 @@\n"
        "-old \x1b]0;t\x07\r\n+new \x1b[2J\tend\r\n same\n"
    )
    out = terminal_diff(diff, color)
    assert not hostile.unsafe_bytes(_SGR.sub(b"", out.encode()).replace(b"\t", b" "))
    lines = _SGR.sub(b"", out.encode()).decode().split("\n")
    assert lines[4:] == ["-old \\x1b]0;t\\x07", "+new \\x1b[2J\tend", " same", ""]
    assert ("\x1b[32m+new" in out) is color and ("\x1b[31m-old" in out) is color


_HOSTILE_DEFAULTS = """\
backend: {name: git-gateway}
media_folder: img
collections:
  - name: jobs
    folder: _jobs
    create: true
    slug: "{{slug}}"
    fields:
      - {name: title, widget: string}
      - {name: note, widget: string, default: "k\\u009b6n"}
      - {name: body, widget: markdown, default: "Hello \\e]0;pwned\\a\\e[2J world"}
"""
"""A site whose config holds escapes in the defaults of a new posting's field and body."""


def test_new_dry_run_shows_the_config_defaults_escaped_on_a_terminal_exact_in_a_pipe(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    (site / "admin").mkdir(parents=True)
    (site / "admin" / "config.yml").write_text(_HOSTILE_DEFAULTS)
    (site / "_jobs").mkdir()  # (new refuses a collection whose folder is not here)
    subprocess.run(["git", "init", "-q"], cwd=site, check=True)
    args = ["new", "--collection", "jobs", "--field", "title=Dev", "--dry-run"]
    code, out = run_in_pty(args, site)
    _check_safe(args, out)
    assert code == 0, out.decode()
    assert "Hello \\x1b]0;pwned\\x07\\x1b[2J world" in out.decode()
    piped = subprocess.run(
        [sys.executable, "-m", "postedit", *args], cwd=site, capture_output=True, check=True
    )
    assert piped.stdout == (
        b'_jobs/dev.md\n---\ntitle: Dev\nnote: "k\\x9b6n"\n---\n'
        b"Hello \x1b]0;pwned\x07\x1b[2J world\n"
    )
    assert not any((site / "_jobs").iterdir())


_NOT_UTF8 = os.fsdecode(b"\xff")
"""A byte that is no UTF-8, as Python holds it in an argument (a lone surrogate)."""


@pytest.mark.parametrize(
    "args",
    [
        ["set", hostile.ESCAPES, "--field", f"title=x{_NOT_UTF8}"],
        ["set", hostile.ESCAPES, "--field", f"k{_NOT_UTF8}=v"],
        ["set", "--where", "open:true", "--field", f"title={_NOT_UTF8}", "--dry-run"],
        ["new", "--collection", "jobs", "--field", f"title=a{_NOT_UTF8}", "--dry-run"],
        ["new", "--collection", "jobs", "--field", "title=abc", "--body", _NOT_UTF8, "--dry-run"],
        ["list", "--where", _NOT_UTF8],
        ["check", "--where", _NOT_UTF8],
        ["commit", "--message", f"m{_NOT_UTF8}"],
    ],
)
def test_an_argument_that_is_not_utf8_is_a_usage_error(
    repo: Path, tmp_path: Path, args: list[str]
) -> None:
    """A value, key, query, body or message holding bytes that are no UTF-8 (a script's
    latin-1 text) is refused as bad input: no traceback, and nothing is written."""
    site = tmp_path / "copy"
    subprocess.run(["git", "clone", "-q", str(repo), str(site)], check=True)
    code, out = run_in_pty(args, site)
    _check_safe(args, out)
    assert code == 2, out.decode()
    assert "not valid UTF-8 (byte 0xff)" in out.decode()
    assert git(site, "status", "--porcelain") == ""


def test_a_usage_error_naming_a_hostile_file_is_escaped(repo: Path) -> None:
    """`postedit list _jobs/*` (list takes no path): argparse names the extra arguments,
    hostile file names among them."""
    code, out = run_in_pty(["list", hostile.ESC_NAME], repo)
    _check_safe(["list", "PATH"], out)
    assert code == 2, out.decode()
    assert (
        "unrecognized arguments: _jobs/2024-02-04-esc\\x1b[2J\\x1b]0;name\\x07.md" in out.decode()
    )
