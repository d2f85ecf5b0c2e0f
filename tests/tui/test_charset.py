"""A terminal whose charset is not UTF-8 (a server's ``LANG=fr_FR.ISO-8859-1``): every
character drawn is one the charset has, in as many cells, and latin-1's accents stay."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from postedit.tui.charset import is_unicode, look_alike
from tests.tui.helpers import make_app, settle

from .test_hostile import screen_text


@pytest.mark.parametrize(
    ("ch", "drawn"),
    [
        ("━", "-"),  # the tabs' underline
        ("╸", "-"),
        ("│", "|"),  # the detail pane's rule, the body's margin
        ("╭", "+"),
        ("▊", "|"),  # a button's tall border
        ("▔", "-"),
        ("▁", "_"),
        ("█", "#"),  # a dialog's frame
        ("▇", "#"),  # a scrollbar's thumb
        ("…", "."),  # a cut cell
        ("✓", "v"),  # "no problems"
        ("●", "*"),  # "modified"
        ("招", "??"),  # wide: two cells
        ("\u0301", ""),  # a combining accent: no cell
    ],
)
def test_look_alike(ch: str, drawn: str) -> None:
    assert look_alike(ch) == drawn
    assert cell_len(drawn) == cell_len(ch) and drawn.isascii()


@pytest.mark.parametrize(
    ("encoding", "unicode"),
    [(None, True), ("utf-8", True), ("UTF8", True), ("iso8859-1", False), ("ascii", False)],
)
def test_is_unicode(encoding: str | None, unicode: bool) -> None:
    assert is_unicode(encoding) is unicode


async def test_latin1_screens_hold_only_latin1_and_keep_their_width(site: Path) -> None:
    """Python spelt each box-drawing character as ``\\u2501`` in a latin-1 terminal: six
    cells for one, and every frame, rule and scrollbar broke the screen."""
    app = make_app(site, "load", encoding="iso8859-1")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screens = [screen_text(app)]
        await pilot.press("v")  # the detail pane
        await settle(app, pilot)
        screens.append(screen_text(app))
        await pilot.press("v", "t", "c")  # the commit dialog
        await settle(app, pilot)
        screens.append(screen_text(app))
        await pilot.press("escape", "enter")  # the form
        await settle(app, pilot)
        screens.append(screen_text(app))
    for text in screens:
        text.encode("iso8859-1")  # raises if a character is not latin-1
        assert all(cell_len(line) == 80 for line in text.splitlines())
    assert "Delta data" in screens[0] and "------" in screens[0]
    assert any("é" in text for text in screens)  # "Alpha développeur", "Charlie chargé"
    assert "Commit 1 file" in screens[2]
