"""``postedit [PATH] [--schema FILE] [--debug]`` and the theme for 16-colour terminals."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from postedit.cli import main, tuicmd
from tests.ptyrun import run_in_pty


def test_parser() -> None:
    args = tuicmd.build_parser().parse_args(["site", "--schema", "s.yml", "--debug"])
    assert (args.path, args.schema, args.debug) == ("site", "s.yml", True)
    assert tuicmd.build_parser().parse_args([]).path == "."


def test_missing_path_is_one_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert tuicmd.run([str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert "no such" in err and "nope" in err and "Traceback" not in err


def test_an_unreadable_schema_is_bad_usage_as_for_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "broken.yml").write_text("collections:\n  jobs:\n    folder: [\n")
    assert tuicmd.run([str(tmp_path), "--schema", str(tmp_path / "broken.yml")]) == 2
    assert "broken.yml:" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("env", "theme"),
    [
        ({"TERM": "xterm-256color"}, None),
        ({"TERM": "xterm"}, "ansi-dark"),
        ({"TERM": "screen"}, "ansi-dark"),
        ({"TERM": "xterm", "COLORTERM": "truecolor"}, None),
        ({"TERM": "xterm-256color", "TEXTUAL_COLOR_SYSTEM": "standard"}, "ansi-dark"),
        ({"TERM": "xterm", "POSTEDIT_THEME": "nord"}, "nord"),
    ],
)
def test_pick_theme(env: dict[str, str], theme: str | None) -> None:
    assert tuicmd.pick_theme(env) == theme


@pytest.mark.parametrize(
    ("env", "plain"),
    [
        ({"TERM": "screen"}, False),
        ({"TERM": "screen", "NO_COLOR": ""}, True),
        ({"TERM": "xterm-256color", "NO_COLOR": "1"}, True),
        ({"TERM": "vt220"}, True),
    ],
)
def test_no_colour(env: dict[str, str], plain: bool) -> None:
    assert tuicmd.no_colour(env) is plain


@pytest.mark.parametrize(
    ("word", "message"),
    [
        ("lst", "postedit: error: no folder 'lst' and no such command; did you mean 'list'?\n"),
        ("chek", "postedit: error: no folder 'chek' and no such command; did you mean 'check'?\n"),
        ("bogus", "postedit: error: bogus: no such folder\n"),  # like no command at all
        ("a/lst", "postedit: error: a/lst: no such folder\n"),  # a path, not a command
    ],
)
def test_a_mistyped_command_is_said_so(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    word: str,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main([word]) == 2
    assert capsys.readouterr().err == message


@pytest.mark.parametrize(
    ("env", "stdin_tty", "stderr_tty", "said"),
    [
        ({"TERM": "xterm-256color"}, True, True, None),
        ({"TERM": "xterm-256color"}, False, True, "its standard input is none (over SSH: ssh -t"),
        ({"TERM": "xterm-256color"}, True, False, "its standard error is none"),
        ({"TERM": "dumb"}, True, True, "TERM=dumb: this terminal cannot move its cursor"),
        ({}, True, True, None),  # no TERM at all: Textual's xterm sequences are a fair guess
    ],
)
def test_terminal_problem(
    env: dict[str, str], stdin_tty: bool, stderr_tty: bool, said: str | None
) -> None:
    problem = tuicmd.terminal_problem(env, stdin_tty, stderr_tty)
    if said is None:
        assert problem is None
    else:
        assert problem is not None and said in problem and "postedit list" in problem


POSTING = {"_jobs/2024-01-02-a.md": "---\ntitle: A\nopen: true\n---\nBody\n"}


def test_without_a_terminal_it_says_so_and_ends(make_repo) -> None:  # type: ignore[no-untyped-def]
    """``ssh HOST postedit`` without ``-t``, cron, ``< /dev/null``: it drew escapes into the
    pipe and spun at full CPU on its input's end of file, forever."""
    root = make_repo(POSTING)
    result = subprocess.run(
        [sys.executable, "-m", "postedit"],
        cwd=root,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.decode().startswith("postedit: error: the terminal interface needs")
    assert b"\x1b" not in result.stdout + result.stderr


def test_term_dumb_says_so_and_ends(make_repo) -> None:  # type: ignore[no-untyped-def]
    """In a terminal that cannot move its cursor (``TERM=dumb``: an editor's shell buffer)
    every frame was escapes printed as text, and the app waited for keys it could not show."""
    root = make_repo(POSTING)
    status, out = run_in_pty([], root, env={"TERM": "dumb"})
    assert status == 2
    assert b"TERM=dumb: this terminal cannot move its cursor" in out
    assert b"\x1b" not in out
