"""Fixtures for the TUI tests."""

from __future__ import annotations

import os

import pytest

from tests.tui.helpers import remote, site  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same look whatever the developer's terminal says."""
    for var in ("NO_COLOR", "TEXTUAL_THEME", "TEXTUAL_ANIMATIONS"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    os.environ.pop("TEXTUAL", None)
