"""``postedit [PATH] [--schema FILE] [--debug]`` and the theme for 16-colour terminals."""

from __future__ import annotations

from pathlib import Path

import pytest

from postedit.cli import main, tuicmd


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
