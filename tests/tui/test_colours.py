"""Readable without colour: states shown by glyphs and reverse video, not by colour alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widget import Widget
from textual.widgets import OptionList, SelectionList, Switch

from postedit.tui.screens.history import HistoryScreen
from tests.conftest import git
from tests.tui.helpers import JOBS, make_app, posting
from tests.tui.helpers import settle as settle_app

from .test_editor import open_app, site  # noqa: F401 - a fixture
from .test_editor_host import settle


def _drawn(app: Any, widget: Widget, line: int = 0) -> str:
    """Line ``line`` of ``widget`` as the screen shows it."""
    strips = app.screen._compositor.render_strips()
    region = widget.content_region
    return strips[region.y + line].text[region.x : region.right]


async def test_ticked_and_unticked_differ_by_glyph_without_colour(
    site: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = open_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.no_color
        on = app.editor.editor_for("open").query_one(Switch)  # open: true
        off = app.editor.editor_for("junior").query_one(Switch)  # junior: false
        off.focus()
        await settle(pilot)
        assert (_drawn(app, on), _drawn(app, off)) == ("[x]", "[ ]")
        await pilot.press("space")
        await settle(pilot)
        assert _drawn(app, off) == "[x]"
        options = app.editor.editor_for("domaines").query_one(SelectionList)
        options.focus()
        await settle(pilot)
        assert _drawn(app, options, 0).startswith("[x] Design")
        assert _drawn(app, options, 1).startswith("[ ] Produit")


@pytest.mark.parametrize("colours", ["none", "16"])
async def test_without_rich_colour_only_the_focused_field_s_label_is_in_reverse(
    monkeypatch: pytest.MonkeyPatch, make_repo: Any, colours: str
) -> None:
    """Without colour, and in 16 colours (where a focused text field looked like the others
    but for its blinking cursor), the label in reverse video says where the focus is; tabbing
    on moves it (Textual restyled the labels only when the editor opened: the first kept it,
    no other got it)."""
    if colours == "none":
        monkeypatch.setenv("NO_COLOR", "1")
    root = make_repo({f"{JOBS}/2021-03-01-alpha.md": posting("Alpha", True, "2021-03-01")})
    app = make_app(root, theme="textual-dark" if colours == "none" else "ansi-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_app(app, pilot)
        await pilot.press("enter")
        await settle_app(app, pilot)
        labels = [editor.query_one(".field-label") for editor in app.screen.query("FieldEditor")]

        def reversed_labels() -> list[str]:
            strips = app.screen._compositor.render_strips()
            out = []
            for label in labels:
                region = label.content_region  # (not the scrollbar, reverse too)
                segments = list(strips[region.y].crop(region.x, region.right))
                if any(s.style and s.style.reverse for s in segments if s.text.strip()):
                    out.append(str(label.render()).split()[0])
            return out

        assert reversed_labels() == ["title"]
        await pilot.press("tab")
        await settle_app(app, pilot)
        assert reversed_labels() == ["open"]
        await pilot.press("tab")
        await settle_app(app, pilot)
        assert reversed_labels() == ["date"]


async def test_without_colour_the_highlighted_commit_of_a_history_stands_out(
    monkeypatch: pytest.MonkeyPatch, make_repo: Any
) -> None:
    """A list of choices (a posting's history, the saved filters, a select's options, the
    palette) marked its highlighted line by colour alone: without colour every commit looked
    alike, so `r` restored a version the user could not see. Textual drops `reverse` from an
    option's style: the line is underlined and bold instead."""
    monkeypatch.setenv("NO_COLOR", "1")
    alpha = f"{JOBS}/2021-03-01-alpha.md"
    root = make_repo({alpha: posting("Alpha", True, "2021-03-01")})
    (root / alpha).write_text(posting("Alpha", False, "2021-03-01"))
    git(root, "commit", "-q", "-am", "Close alpha")
    app = make_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_app(app, pilot)
        await pilot.press("L")
        await settle_app(app, pilot)
        assert isinstance(app.screen, HistoryScreen)
        options = app.screen.query_one(OptionList)

        def marked() -> list[bool]:
            strips = app.screen._compositor.render_strips()
            region = options.content_region
            out = []
            for y in range(region.y, region.y + 2):  # one line per commit
                styles = [s.style for s in strips[y].crop(region.x, region.right) if s.text]
                out.append(any(s and (s.reverse or s.underline) for s in styles))
            return out

        assert marked() == [True, False]
        await pilot.press("down")
        await settle_app(app, pilot)
        assert marked() == [False, True]


async def test_without_colour_a_placeholder_does_not_look_like_a_value(
    monkeypatch: pytest.MonkeyPatch, make_repo: Any
) -> None:
    """qa28: a field the posting lacks shows a placeholder (``YYYY-MM-DD``, ``0.0`` for a
    number, ``name@example.org`` for an email) told from a value by its grey alone: without
    colour an offer without a contact seemed to have one. It is in italics there."""
    from textual.widgets import Input

    monkeypatch.setenv("NO_COLOR", "1")
    text = posting("Alpha", True, "2021-03-01").replace("date: 2021-03-01\n", "")
    root = make_repo({f"{JOBS}/2021-03-01-alpha.md": text})
    app = make_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_app(app, pilot)
        await pilot.press("enter")
        await settle_app(app, pilot)

        def styles(key: str) -> list[Any]:
            field = app.screen.editor_for(key).query_one(Input)  # type: ignore[attr-defined]
            region = field.content_region
            strip = app.screen._compositor.render_strips()[region.y]
            return [s.style for s in strip.crop(region.x, region.right) if s.text.strip()]

        placeholder, value = styles("date"), styles("city")
        assert placeholder and all(s and s.italic for s in placeholder)
        assert value and not any(s and s.italic for s in value)
