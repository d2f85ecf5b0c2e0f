"""docs/keys.md lists every key of every screen, as the bindings say (scripts/make_keys_doc.py
writes that part: run it after adding or changing a binding)."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from postedit.tui.keys import (
    DOC_BEGIN,
    DOC_END,
    KeyRow,
    all_screen_keys,
    key_label,
    screen_bindings,
    screen_classes,
    with_keys,
)

DOC = Path(__file__).resolve().parent.parent / "docs" / "keys.md"


def test_keys_doc_agrees_with_the_bindings() -> None:
    doc = DOC.read_text(encoding="utf-8")
    assert with_keys(doc) == doc, "docs/keys.md is out of date: run scripts/make_keys_doc.py"


def test_a_new_binding_shows_in_the_doc(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from postedit.tui.screens.history import HistoryScreen

    doc = DOC.read_text(encoding="utf-8")
    monkeypatch.setattr(
        HistoryScreen,
        "BINDINGS",
        [*HistoryScreen.BINDINGS, Binding("ctrl+t", "no_such", "Something new", id="not-yet")],
    )
    new = with_keys(doc)
    assert new != doc and "| `ctrl+t` | Something new | `not-yet` |" in new
    assert new.index(DOC_BEGIN) < new.index("not-yet") < new.index(DOC_END)


def test_every_screen_and_the_editor_s_keys_are_listed() -> None:
    screens = {s.name: s for s in all_screen_keys()}
    assert {"MainScreen", "EditorScreen", "CommitScreen", "HistoryScreen", "HelpScreen"} <= set(
        screens
    )
    editor = {row.keys for row in screens["EditorScreen"].rows}
    assert {"ctrl+s", "escape", "f2", "ctrl+n", "?, f1"} <= editor
    assert KeyRow("/", "Type a filter (the list updates as you type)", "filter") in (
        screens["MainScreen"].rows
    )


def test_key_labels() -> None:
    assert key_label("slash") == "/"
    assert key_label("question_mark,f1") == "?, f1"
    assert key_label("d,delete") == "d, delete"
    assert key_label("space") == "space"
    assert key_label("left_square_bracket") == "["
    assert key_label("at") == "@"
    assert key_label("ctrl+up") == "ctrl+up"


def test_every_binding_says_what_it_does_in_a_sentence() -> None:
    """The help and the doc read a binding's tooltip: without one they fall back on the short
    word of the key bar ("First", "Yes"), which says little out of context."""
    bare = [
        f"{screen.__name__}: {b.key} ({b.description})"
        for screen in screen_classes()
        for b in screen_bindings(screen)
        if isinstance(b, Binding) and not b.tooltip
    ]
    assert not bare, bare


def test_space_says_it_moves_down() -> None:
    rows = {s.name: s for s in all_screen_keys()}["MainScreen"].rows
    space = next(row for row in rows if row.keys == "space")
    assert "move down" in space.description
