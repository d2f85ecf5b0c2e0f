"""Every command's ``--help``: what it takes and what it exits with."""

from __future__ import annotations

import pytest

from postedit.cli import COMMANDS, main


@pytest.mark.parametrize("command", COMMANDS)
def test_each_commands_help_names_its_exit_statuses_and_how_paths_are_found(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A new user's ``postedit set --help`` said nothing of the exit statuses (README did)
    nor of how a PATH is found (here, or in the repository with --repo); the PATH argument
    had no help."""
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps at the terminal's width
    assert "Exit status: 0 " in out and "2 bad usage" in out
    takes_paths = " PATH" in out.split("options:")[0]
    assert ("A PATH is relative to the current folder" in out) == takes_paths
    if takes_paths:  # and says what it is
        assert "positional arguments: PATH " in out
        assert "positional arguments: PATH options:" not in out
