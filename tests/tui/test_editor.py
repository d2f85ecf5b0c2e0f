"""Pilot tests of the posting editor: field types, lossless saves, prompts, conflicts."""

from __future__ import annotations

import difflib
import os
import stat
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Label, Select, SelectionList, Static, Switch, TextArea

from postedit.core.posting import Posting
from postedit.core.schema import FieldSpec, Rule
from postedit.tui.screens.editor import EditorScreen, _Dialog
from postedit.tui.widgets.body import BodyEditor, BodyPreview, _preview_source
from postedit.tui.widgets.fields import (
    InputField,
    ListField,
    MultiSelectField,
    ObjectField,
    SelectField,
    SwitchField,
    TextField,
    YamlField,
    has_grammar,
)
from postedit.tui.widgets.keybar import KeyBar

from .test_editor_host import DOC, JOBS, RELPATH, EditorHost, dialog_shown, make_workspace, settle
from .test_hostile import screen_text

SIZE = (100, 40)


@pytest.fixture
def site(make_repo: Any) -> Path:
    """A git repository holding one job posting."""
    root: Path = make_repo({RELPATH: DOC})
    return root


def open_app(site: Path, **kw: Any) -> EditorHost:
    ws = make_workspace(site)
    return EditorHost(ws, ws.read(RELPATH), **kw)


def changed_lines(site: Path) -> list[str]:
    """The lines that differ between DOC and the file now (as - / + lines)."""
    return diff_lines(DOC, (site / RELPATH).read_text())


def diff_lines(old: str, new: str) -> list[str]:
    """The lines that differ between two texts (as - / + lines)."""
    return [
        line.rstrip("\n")
        for line in difflib.unified_diff(old.splitlines(True), new.splitlines(True), n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def findings(screen: EditorScreen, key: str) -> str:
    box = screen.editor_for(key).query_one(".field-findings")
    return str(box.render()) if box.has_class("-shown") else ""


async def save(app: EditorHost, pilot: Any) -> None:
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await settle(pilot)


async def test_form_has_one_editor_per_field_in_schema_order(site: Path) -> None:
    app = open_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        kinds = [(e.key, type(e)) for e in app.editor.editors()]
        assert kinds == [
            ("roles", InputField),
            ("open", SwitchField),
            ("junior", SwitchField),
            ("date", InputField),
            ("depublication_date", InputField),
            ("startup", InputField),
            ("kind", SelectField),
            ("domaines", MultiSelectField),
            ("contact", InputField),
            ("site", InputField),
            ("days", InputField),
            ("tjm", InputField),
            ("tags", ListField),
            ("team", ObjectField),
            ("notes", TextField),
            ("legacy_key", YamlField),
        ]
        assert app.editor.editor_for("date").query_one(Input).value == "2021-07-27 09:01:21.886Z"
        assert not app.editor.is_dirty()
        summary = str(app.editor.query_one("#editor-summary").render())
        assert summary == "0 errors, 1 warning\n ! unknown key 'legacy_key'"
        # the first field has the focus: typing at once edits it
        assert app.screen.focused is app.editor.editor_for("roles").query_one(Input)
        await pilot.press("end", "!")
        assert app.editor.is_dirty()


async def test_untouched_form_saves_nothing(site: Path) -> None:
    before = (site / RELPATH).stat().st_mtime_ns
    app = open_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await save(app, pilot)
        await pilot.press("escape")
        await settle(pilot)
    assert (site / RELPATH).read_text() == DOC
    assert (site / RELPATH).stat().st_mtime_ns == before
    assert app.results == [None]


async def test_save_one_field_changes_only_its_line(site: Path) -> None:
    app = open_app(site)
    async with app.run_test(size=SIZE) as pilot:
        app.editor.editor_for("startup").query_one(Input).value = "mon-service-securise"
        await settle(pilot)
        assert app.editor.is_dirty()
        assert "modified" in str(app.editor.query_one("#editor-title").render())
        await save(app, pilot)
        assert not app.editor.is_dirty()
        await pilot.press("escape")
        await settle(pilot)
    assert changed_lines(site) == ["-startup: homologation", "+startup: mon-service-securise"]
    saved = app.results[0]
    assert isinstance(saved, Posting)
    assert saved.fields["startup"] == "mon-service-securise"


INPUT_CASES = (
    (
        "roles",
        "",
        "missing required field 'roles'",
        "Dev",
        ["-roles: Un ou une Designer UX/UI  # the title", "+roles: Dev  # the title"],
    ),
    ("days", "abc", "expected a whole number, found 'abc'", "20", ["-days: 15", "+days: 20"]),
    ("days", "400", "400 is more than the maximum 365", "1", ["-days: 15", "+days: 1"]),
    ("tjm", "cher", "expected a number, found 'cher'", "600", ["-tjm: 550.5", "+tjm: 600"]),
    (
        "depublication_date",
        "2021-02-30",
        "is not a valid date",
        "2021-10-01",
        ["-depublication_date: 2021-09-30", "+depublication_date: 2021-10-01"],
    ),
    (
        "depublication_date",
        "30/09/2021",
        "YYYY-MM-DD",
        "2022-01-31",
        ["-depublication_date: 2021-09-30", "+depublication_date: 2022-01-31"],
    ),
    (
        "date",
        "2021-07-27 25:00",
        "not a valid date and time",
        "2021-07-28 10:30",
        ["-date: 2021-07-27T09:01:21.886Z", "+date: 2021-07-28T10:30:00"],
    ),
    (
        "contact",
        "lab@",
        "not an email address",
        "rh@beta.gouv.fr",
        ["-contact: lab@ssi.gouv.fr", "+contact: rh@beta.gouv.fr"],
    ),
    (
        "site",
        "beta.gouv.fr",
        "not a web address",
        "https://x.fr",
        ['-site: "https://beta.gouv.fr"', '+site: "https://x.fr"'],
    ),
)
"""(key, bad text, message shown, good text, (old line, new line))."""


async def test_input_fields_validate_and_save(site: Path) -> None:
    """Each single-line type: invalid text is marked at once with the message; valid text saves
    only its own line (one app session for all cases: mounting the form is the slow part)."""
    app = open_app(site)
    async with app.run_test(size=SIZE) as pilot:
        for key, bad, message, good, (old, new) in INPUT_CASES:
            field = app.editor.editor_for(key)
            field.query_one(Input).value = bad
            await settle(pilot)
            shown = findings(app.editor, key)
            assert message in shown, (key, bad, shown)
            assert not shown.startswith(f"✗ {key}:")  # no echo of the name under the field
            assert field.query_one(Input).has_class("-invalid")
            assert message in str(app.editor.query_one("#editor-summary").render())
            field.query_one(Input).value = good
            await settle(pilot)
            assert findings(app.editor, key) == "", (key, good)
            assert not field.query_one(Input).has_class("-invalid")
            await save(app, pilot)
            lines = (site / RELPATH).read_text().splitlines()
            assert old[1:] not in lines and any(line.startswith(new[1:]) for line in lines), key
    keys = {case[0] for case in INPUT_CASES}
    assert len(changed_lines(site)) == 2 * len(keys)  # nothing else moved


async def test_each_kind_of_field_saves_only_its_own_lines(site: Path) -> None:
    """A switch, a select and a multiple select, a field emptied (its key taken out), a text
    field for an absent key, the body: each save changes only that field's lines (one app
    session for all: mounting the form is the slow part)."""
    path = site / RELPATH
    app = open_app(site)
    async with app.run_test(size=SIZE) as pilot:
        before = path.read_text()
        app.editor.editor_for("open").query_one(Switch).focus()
        await pilot.press("space")
        await save(app, pilot)
        assert diff_lines(before, before := path.read_text()) == ["-open: true", "+open: false"]

        app.editor.editor_for("kind").query_one(Select).value = 2
        selection = app.editor.editor_for("domaines").query_one(SelectionList)
        selection.focus()
        await pilot.press("down", "space")  # select "Produit"
        await settle(pilot)
        await save(app, pilot)
        assert diff_lines(before, before := path.read_text()) == [
            "-kind: freelance",
            "+kind: cdi",
            "+  - Produit",
        ]

        app.editor.editor_for("startup").query_one(Input).value = ""
        await settle(pilot)
        await save(app, pilot)
        assert diff_lines(before, before := path.read_text()) == ["-startup: homologation"]

        app.editor.editor_for("notes").query_one(TextArea).text = "line one\nline two"
        await settle(pilot)
        await save(app, pilot)
        now = path.read_text()
        assert now.replace("notes: |-\n  line one\n  line two\n", "") == before
        before = now

        body = app.editor.body_editor
        assert body is not None
        body.text_area.text = body.text + "\nUne ligne de plus.\n"
        await settle(pilot)
        assert app.editor.is_dirty()
        await save(app, pilot)
        assert diff_lines(before, path.read_text()) == ["+", "+Une ligne de plus."]


async def test_multiple_select_emptied_is_an_error(site: Path) -> None:
    app = open_app(site)
    async with app.run_test(size=SIZE) as pilot:
        app.editor.editor_for("domaines").query_one(SelectionList).deselect_all()
        await settle(pilot)
        assert "required field 'domaines' is empty" in findings(app.editor, "domaines")
        await pilot.press("ctrl+s")
        await dialog_shown(app, pilot)
        await pilot.press("y")  # save anyway: kept as the empty list Decap writes
        await app.workers.wait_for_complete()
        await settle(pilot)
    assert changed_lines(site) == ["-domaines:", "-  - Design", "+domaines: []"]


async def test_list_add_move_remove(site: Path) -> None:
    app = open_app(site)
    async with app.run_test(size=SIZE) as pilot:
        tags = app.editor.editor_for("tags")
        assert isinstance(tags, ListField)
        tags.query(Input).last().focus()
        await pilot.press("ctrl+n")
        app.screen.focused.value = "research"  # type: ignore[union-attr]
        await pilot.press("ctrl+up")
        await settle(pilot)
        assert tags.state().value == ["ux", "research", "ui"]
        await pilot.press("ctrl+down", "ctrl+down")  # the second is a no-op at the end
        assert tags.state().value == ["ux", "ui", "research"]
        tags.query(Input).first().focus()
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert tags.state().value == ["ui", "research"]
        await save(app, pilot)
    assert changed_lines(site) == ["-tags: [ux, ui]", "+tags: [ui, research]"]


async def _in_last_tag(app, pilot) -> ListField:  # type: ignore[no-untyped-def]
    """The form's tags field, its last item focused."""
    tags = app.editor.editor_for("tags")
    assert isinstance(tags, ListField)
    tags.query(Input).last().focus()
    await settle(pilot)
    return tags


async def test_an_item_typed_fast_after_ctrl_n_goes_into_the_new_item(site: Path) -> None:
    """``ctrl+n research`` in one read (a fast typist, a slow SSH link) typed ``research``
    at the end of the item left, ``uiresearch``, and added an empty one: ``ctrl+n`` ran once
    back at the app, after the letters had reached the item focused when they were read
    (qa29). The new item has the focus as soon as ``ctrl+n`` is read; keys read before it
    stay in the item left, in order."""
    from .test_typing_order import _burst

    app = open_app(site)
    async with app.run_test(size=SIZE) as pilot:
        tags = await _in_last_tag(app, pilot)
        _burst(app, [*"x", "backspace", "s", "ctrl+n", *"researcj", "backspace", "h"])  # type: ignore[arg-type]
        await settle(pilot)
        assert tags.state().value == ["ux", "uis", "research"]
        await save(app, pilot)
    assert changed_lines(site) == ["-tags: [ux, ui]", "+tags: [ux, uis, research]"]


async def test_object_fields_are_nested(site: Path) -> None:
    app = open_app(site)
    async with app.run_test(size=SIZE) as pilot:
        team = app.editor.editor_for("team")
        assert isinstance(team, ObjectField)
        size = team.children_editors()[1]
        size.query_one(Input).value = "many"
        await settle(pilot)
        assert "expected a whole number, found 'many'" in str(
            size.query_one(".field-findings").render()
        )
        assert "team.size: expected a whole number, found 'many'" in str(
            app.editor.query_one("#editor-summary").render()
        )
        size.query_one(Input).value = "4"
        await settle(pilot)
        await save(app, pilot)
    assert changed_lines(site) == ["-  size: 3", "+  size: 4"]


async def test_unknown_key_is_kept_and_editable_as_yaml(site: Path) -> None:
    app = open_app(site)
    async with app.run_test(size=SIZE) as pilot:
        legacy = app.editor.editor_for("legacy_key")
        legacy.query_one(TextArea).text = "[1, 2"
        await settle(pilot)
        assert "did not find expected" in findings(app.editor, "legacy_key")
        legacy.query_one(TextArea).text = "[1, 2]"
        await settle(pilot)
        assert findings(app.editor, "legacy_key") == "! unknown key 'legacy_key'"
        await save(app, pilot)
    got = changed_lines(site)
    assert got[0] == "-legacy_key: keep me   # unknown to the schema"
    assert all(line.startswith("+") for line in got[1:])  # only that key's lines changed
    assert make_workspace(site).read(RELPATH).fields["legacy_key"] == [1, 2]


async def test_preview_toggles(site: Path) -> None:
    app = open_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        body = app.editor.body_editor
        assert body is not None
        pane = body.query_one("#body-preview")
        assert pane.styles.display == "none"
        await pilot.press("f2")
        await settle(pilot)
        assert body.mode == "instead"  # 80 columns: the preview replaces the text
        assert pane.styles.display == "block"
        assert body.text_area.styles.display == "none"
        assert app.screen.focused is pane  # so the keys scroll it
        assert "MonServiceSecurise recrute" in body.preview.source
        label = body.query_one(".body-label", Label)
        # it said "f2: preview" while the preview was shown (qa27)
        assert "f2: back to the text" in str(label.render())
        await pilot.press("f2")
        await settle(pilot)
        assert body.mode == "off"
        assert app.screen.focused is body.text_area
        assert "f2: preview" in str(label.render())


async def test_preview_beside_on_a_wide_screen(site: Path) -> None:
    app = open_app(site)
    async with app.run_test(size=(140, 40)) as pilot:
        body = app.editor.body_editor
        assert body is not None
        await pilot.press("f2")
        await settle(pilot)
        assert body.mode == "beside"
        assert "f2: hide the preview" in str(body.query_one(".body-label", Label).render())
        body.preview_delay = 0.01  # rendered once typing pauses: soon here
        body.text_area.text = "# Nouveau titre\n"
        await preview_rendered(pilot, body)
        assert body.preview.source == "# Nouveau titre\n"


async def preview_rendered(pilot: Any, body: BodyEditor) -> None:
    """Let the app run (timers included) until the preview's pending render is done (~5 s
    at most)."""
    for _ in range(500):
        if not body.preview_pending:
            await settle(pilot)
            return
        await pilot.pause(0.01)
    raise AssertionError("the preview beside the text was not rendered again")


async def test_a_burst_of_keys_beside_the_preview_renders_it_once(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview rendered again at each key typed beside it, on the main loop: up to a
    second a key on a hostile body of 20,000 characters. It renders once typing pauses."""
    shown: list[str] = []
    show = BodyPreview.show

    def counted(self: BodyPreview, source: str) -> None:
        shown.append(source)
        show(self, source)

    monkeypatch.setattr(BodyPreview, "show", counted)
    # typing has not paused yet (raising=False: an editor with no delay fails on the count)
    monkeypatch.setattr(BodyEditor, "preview_delay", 3600.0, raising=False)
    app = open_app(site)
    async with app.run_test(size=(140, 40)) as pilot:
        body = app.editor.body_editor
        assert body is not None
        await pilot.press("ctrl+b", "f2")
        await settle(pilot)
        assert body.mode == "beside" and len(shown) == 1  # shown at once
        await pilot.press(*"burst")
        await settle(pilot)
        assert len(shown) == 1 and body.preview_pending
        body.preview_delay = 0.01  # typing pauses after the next key
        await pilot.press("s")
        await preview_rendered(pilot, body)
        assert "bursts" in body.text
        assert len(shown) == 2 and body.preview.source == _preview_source(body.text)
        body.preview_delay = 3600.0
        await pilot.press("x")
        assert body.preview_pending
        await pilot.press("f2")  # hidden before typing paused: no render for nothing
        await settle(pilot)
        assert body.mode == "off" and not body.preview_pending and len(shown) == 2


async def test_a_body_too_long_to_highlight_is_edited_as_plain_text(site: Path) -> None:
    """Textual highlights the whole body again at each key typed: a 1.4 MB line of links
    took 7-10 s a key, ``*a **b`` repeated 2 s. Past 50 KB the text area has no language."""
    app = open_app(site)
    async with app.run_test(size=SIZE) as pilot:
        body = app.editor.body_editor
        assert body is not None
        assert body.text_area.language == ("markdown" if has_grammar("markdown") else None)
        assert "no highlighting" not in str(body.query_one(".body-label").render())
    path = site / RELPATH
    path.write_bytes(path.read_bytes() + b"[a](b) " * 10_000 + b"\n")
    app = open_app(site)
    async with app.run_test(size=SIZE) as pilot:
        body = app.editor.body_editor
        assert body is not None and not body.read_only
        assert body.text_area.language is None
        if has_grammar("markdown"):
            label = str(body.query_one(".body-label").render())
            assert "no highlighting: long body" in label and "f2: preview" in label
        await pilot.press("ctrl+b", "x")
        await settle(pilot)
        assert body.text.startswith("x### MonServiceSecurise")


@pytest.mark.skipif(not has_grammar("markdown"), reason="no Markdown grammar: no highlighting")
async def test_a_paste_past_the_highlighting_limit_turns_it_off(site: Path) -> None:
    """A body that grows past 50 KB as it is edited (a paste) is no longer highlighted, the
    cursor where it was."""
    app = open_app(site)
    async with app.run_test(size=SIZE) as pilot:
        body = app.editor.body_editor
        assert body is not None and body.text_area.language == "markdown"
        await pilot.press("ctrl+b")
        body.text_area.insert("*a **b " * 10_000)
        await settle(pilot)
        assert body.text_area.language is None
        assert body.text_area.cursor_location == (0, 70_000)
        assert "no highlighting: long body" in str(body.query_one(".body-label").render())
        await pilot.press("x")
        await settle(pilot)
        assert body.text.startswith("*a **b " * 10_000 + "x### MonServiceSecurise")
        while body.text_area.history.undo_stack:  # the edits before it are still undone
            body.text_area.undo()
        await settle(pilot)
        assert not body.touched()


async def test_a_paste_of_a_line_past_the_wrap_limit_turns_soft_wrap_off(site: Path) -> None:
    """Soft wrap was decided at opening only: a line of 12,000 characters pasted in the
    middle of some lines stayed wrapped (a megabyte line: seconds a key). It is turned off
    at that paste, the cursor after it; keys typed before it leave it on."""
    app = open_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        body = app.editor.body_editor
        assert body is not None and body.text_area.soft_wrap
        await pilot.press("ctrl+b", "x")
        await settle(pilot)
        assert body.text_area.soft_wrap  # a key on an ordinary line: as it was
        long = "lien " * 2_400
        body.text_area.insert(f"a\n{long}\nb\n")
        await settle(pilot)
        assert not body.text_area.soft_wrap
        assert body.text_area.cursor_location == (3, 0)
        await pilot.press("y")
        await settle(pilot)
        assert body.text.startswith(f"xa\n{long}\nb\ny### MonServiceSecurise")


async def test_a_huge_body_is_shown_in_part_read_only_and_kept(site: Path) -> None:
    """qa26b: a body of megabytes (under the 8 MB limit) took the form half a minute and
    gigabytes to open, and its preview (a widget per Markdown block) many minutes."""
    path = site / RELPATH
    blocks = "".join(f"# H{i}\n\n- item *em*\n> quote\n\n" for i in range(20_000))
    path.write_bytes(path.read_bytes() + blocks.encode())
    before = path.read_bytes()
    app = open_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        body = app.editor.body_editor
        assert body is not None and body.read_only
        assert "too long to edit here" in str(body.query_one(".body-label").render())
        assert body.text_area.text.count("\n") < 20_000 < blocks.count("\n")
        assert len(blocks) < len(body.text)
        await pilot.press("f2")
        await settle(pilot)
        assert body.mode == "instead"
        assert body.preview.source.count("\n") <= 505
        assert "the preview stops at line 500" in body.preview.source
        pane = body.query_one("#body-preview")
        assert list(pane.walk_children()) == [body.preview]  # was a widget per block
        await pilot.press("pagedown")
        await settle(pilot)
        assert pane.scroll_y > 0  # focused, it scrolls with the keys
        await pilot.press("f2")
        app.editor.editor_for("startup").query_one(Input).value = "autre"
        await settle(pilot)
        await save(app, pilot)
    assert before.count(b"startup: homologation\n") == 1
    assert path.read_bytes() == before.replace(b"startup: homologation\n", b"startup: autre\n")


async def test_the_preview_of_a_body_of_tiny_blocks_is_one_widget(site: Path) -> None:
    """Textual's Markdown widget made a widget per block: a body of dense tiny blocks gave
    the form hundreds more, each restyled at every focus change afterwards (a second each)."""
    path = site / RELPATH
    blocks = "".join(f"# H{i}\n\n- item *em*\n> quote\n\n" for i in range(100))
    path.write_bytes(path.read_bytes() + blocks.encode())
    app = open_app(site)
    async with app.run_test(size=(140, 40)) as pilot:
        body = app.editor.body_editor
        assert body is not None
        widgets = len(list(app.screen.walk_children()))
        await pilot.press("f2")
        await settle(pilot)
        assert body.mode == "beside"
        assert list(body.query_one("#body-preview").walk_children()) == [body.preview]
        assert "H99" in body.preview.source
        app.editor.editor_for("startup").query_one(Input).focus()
        await settle(pilot)
        assert len(list(app.screen.walk_children())) == widgets  # the preview: one widget
        assert body.preview.region.height > 0  # the preview's widget is shown, not replaced


async def test_the_preview_stops_at_a_number_of_characters(site: Path) -> None:
    """One long line (a minified table, a line of links) is no more than 500 lines: the
    preview renders its first 20,000 characters, each render a few microseconds each."""
    path = site / RELPATH
    path.write_bytes(path.read_bytes() + b"[a](b) " * 20_000 + b"\n")
    app = open_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        body = app.editor.body_editor
        assert body is not None and not body.read_only
        await pilot.press("f2")
        await settle(pilot)
        assert len(body.preview.source) < 20_100
        assert "the preview stops at line 4:" in body.preview.source  # within it


async def test_a_stray_closing_kbd_tag_and_a_link_named_by_its_address_are_previewed(
    site: Path,
) -> None:
    """Rich's Markdown pops a style at each ``</kbd>``: a stray one emptied its style stack,
    an IndexError that ended postedit. Rich draws a link as ``text (address)``: a link
    written as its own address (as many real offers do,
    ``[https://signal.conso.gouv.fr](https://signal.conso.gouv.fr)``) showed it twice.
    Another text keeps the address beside it: where the link goes is seen. (One form for
    both: mounting it is the slow part.)"""
    path = site / RELPATH
    path.write_bytes(
        path.read_bytes()
        + b"\nappuyer </kbd> puis *</kbd>* et <kbd>q</kbd>\n"
        + b"\nvoir [https://x.fr](https://x.fr), <https://y.fr>, <a@b.fr> et [site](https://z.fr)\n"
    )
    app = open_app(site)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("f2")
        await settle(pilot)
        text = screen_text(app)
        assert "appuyer  puis  et q" in text
        assert "voir https://x.fr, https://y.fr, a@b.fr et site (https://z.fr)" in text


def test_a_body_of_exactly_the_lines_previewed_is_shown_whole() -> None:
    text = "line\n" * 500
    assert _preview_source(text) == text[:-1]  # the same Markdown
    assert _preview_source(text + "\n" * 10_000) == text[:-1]  # blank lines: nothing to show
    assert "stops at line 500:" in _preview_source(text + "more\n")


async def test_errors_need_confirmation(site: Path) -> None:
    app = open_app(site)
    async with app.run_test(size=SIZE) as pilot:
        app.editor.editor_for("days").query_one(Input).value = "beaucoup"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await dialog_shown(app, pilot)
        await pilot.press("n")
        await app.workers.wait_for_complete()
        assert (site / RELPATH).read_text() == DOC
        await pilot.press("ctrl+s")
        await dialog_shown(app, pilot)
        await pilot.press("y")
        await app.workers.wait_for_complete()
    assert changed_lines(site) == ["-days: 15", "+days: beaucoup"]


async def test_only_errors_the_edit_brings_ask_before_saving(site: Path) -> None:
    # an error already in the file (days is no number) does not ask again at every save, as
    # the commit dialog holds back only the errors an edit brings; a new one still asks
    (site / RELPATH).write_text(DOC.replace("days: 15", "days: beaucoup"))
    app = open_app(site)
    async with app.run_test(size=SIZE) as pilot:
        app.editor.editor_for("startup").query_one(Input).value = "x"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, _Dialog)  # (a dialog would wait for an answer)
        await app.workers.wait_for_complete()
        assert "+startup: x" in changed_lines(site)
        app.editor.editor_for("contact").query_one(Input).value = "not an address"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await dialog_shown(app, pilot)
        text = str(app.screen.query_one(".dialog-message").render())
        assert "This edit brings 1 error" in text and "contact" in text
        assert "1 error already in the file" in text and "days" not in text
        await pilot.press("n")
        await app.workers.wait_for_complete()
    assert "+contact: not an address" not in changed_lines(site)


async def test_warnings_do_not_block(site: Path) -> None:
    spec = replace(JOBS, rules=(Rule("junior is true", "no junior?", severity="warning"),))
    ws = make_workspace(site, spec)
    app = EditorHost(ws, ws.read(RELPATH), spec=spec)
    async with app.run_test(size=SIZE) as pilot:
        assert "no junior?" in findings(app.editor, "junior")
        app.editor.editor_for("startup").query_one(Input).value = "x"
        await settle(pilot)
        await save(app, pilot)
        assert not isinstance(app.screen, _Dialog)
    assert changed_lines(site) == ["-startup: homologation", "+startup: x"]


async def _escape_with_an_edit(app: EditorHost, pilot: Any, key: str) -> None:
    """``escape`` with an unsaved edit, answered with ``key``."""
    await pilot.press("escape")
    await dialog_shown(app, pilot)
    await pilot.press(key)
    await app.workers.wait_for_complete()
    await settle(pilot)


async def test_unsaved_changes_prompt_stay_then_save(site: Path) -> None:
    """``k`` stays in the form with the edit; ``s`` then saves it and leaves (one form for
    both answers: mounting it is the slow part)."""
    app = open_app(site)
    async with app.run_test(size=SIZE) as pilot:
        app.editor.editor_for("startup").query_one(Input).value = "other"
        await settle(pilot)
        await _escape_with_an_edit(app, pilot, "k")
        assert isinstance(app.screen, EditorScreen)
        assert app.results == []
        assert (site / RELPATH).read_text() == DOC
        await _escape_with_an_edit(app, pilot, "s")
        assert not isinstance(app.screen, EditorScreen)
        assert len(app.results) == 1
    assert changed_lines(site) == ["-startup: homologation", "+startup: other"]
    assert app.results[0] is not None and app.results[0].fields["startup"] == "other"


async def test_unsaved_changes_prompt_discard(site: Path) -> None:
    app = open_app(site)
    async with app.run_test(size=SIZE) as pilot:
        app.editor.editor_for("startup").query_one(Input).value = "other"
        await settle(pilot)
        await _escape_with_an_edit(app, pilot, "d")
        assert not isinstance(app.screen, EditorScreen)
    assert (site / RELPATH).read_text() == DOC
    assert app.results == [None]


async def test_conflict_preview_when_the_version_on_disk_cannot_take_the_edit_then_reload(
    site: Path,
) -> None:
    """The version on disk reads, but the edit cannot be written over it (its key now
    anchors another): Apply refuses it, so the preview is your version over the one opened,
    said so. It showed every line of the file removed, as "what Apply my changes writes".
    Then, kept, over a version on disk that can take it: the preview is what Apply writes,
    and ``r`` reloads the version on disk (one form for both: mounting it is the slow part)."""
    app = open_app(site)
    async with app.run_test(size=SIZE) as pilot:
        theirs = DOC.replace("startup: homologation", "startup: &s homologation").replace(
            "kind: freelance", "kind: *s"
        )
        (site / RELPATH).write_text(theirs)
        app.editor.editor_for("startup").query_one(Input).value = "mine"
        await settle(pilot)
        await pilot.press("ctrl+s")
        dialog = await dialog_shown(app, pilot)
        message = str(dialog.query_one(".dialog-message", Static).render())
        details = str(dialog.query_one("#dialog-details Static").render())
        assert "and your version (+)." in message
        assert "+startup: mine" in details and "-roles:" not in details
        await pilot.press("k")
        await settle(pilot)
        assert (site / RELPATH).read_text() == theirs
        assert app.editor.is_dirty()

        (site / RELPATH).write_text(DOC.replace("open: true", "open: false"))
        await pilot.press("ctrl+s")
        dialog = await dialog_shown(app, pilot)
        details = str(dialog.query_one("#dialog-details Static").render())
        theirs_part, _, details = details.partition("Apply my changes writes:")
        assert "+open: false" in theirs_part  # their change, shown first
        # what "Apply my changes" writes: the edit over the version on disk, whose own
        # change (open: false) stays (it was shown undone, which applying never does)
        assert "-startup: homologation" in details and "+startup: mine" in details
        assert "open:" not in details
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert app.editor.editor_for("open").state().value is False
        assert app.editor.editor_for("startup").query_one(Input).value == "homologation"
        assert not app.editor.is_dirty()
    assert (site / RELPATH).read_text() == DOC.replace("open: true", "open: false")


async def test_conflict_with_a_fifo_in_the_files_place_does_not_block_then_apply_mine(
    site: Path,
) -> None:
    """A FIFO put where the posting was is shown as a conflict, never opened for reading
    (which would wait for a writer forever). Then, kept, over a version on disk that can
    take it: ``a`` writes the edit over it (one form for both: mounting it is the slow
    part)."""
    app = open_app(site)
    async with app.run_test(size=SIZE) as pilot:
        (site / RELPATH).unlink()
        os.mkfifo(site / RELPATH)
        app.editor.editor_for("startup").query_one(Input).value = "mine"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await dialog_shown(app, pilot)
        await pilot.press("k")
        await settle(pilot)
        assert app.editor.is_dirty()
        assert stat.S_ISFIFO((site / RELPATH).lstat().st_mode)

        (site / RELPATH).unlink()
        (site / RELPATH).write_text(DOC.replace("open: true", "open: false"))
        await pilot.press("ctrl+s")
        await dialog_shown(app, pilot)
        await pilot.press("a")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert not app.editor.is_dirty()
    assert (site / RELPATH).read_text() == DOC.replace("open: true", "open: false").replace(
        "startup: homologation", "startup: mine"
    )


async def test_crlf_posting_keeps_its_line_endings(make_repo: Any) -> None:
    crlf = DOC.replace("\n", "\r\n").encode()
    site = make_repo({RELPATH: crlf})
    app = open_app(site)
    async with app.run_test(size=SIZE) as pilot:
        assert not app.editor.is_dirty()  # the TextArea's view of CRLF is not an edit
        app.editor.editor_for("startup").query_one(Input).value = "x"
        body = app.editor.body_editor
        assert body is not None
        body.text_area.text = body.text + "Fin.\n"
        await settle(pilot)
        await save(app, pilot)
    data = (site / RELPATH).read_bytes()
    assert data == crlf.replace(b"startup: homologation", b"startup: x") + b"Fin.\r\n"


async def test_a_long_file_name_leaves_the_title_line_readable_at_80_columns(
    make_repo: Any,
) -> None:
    # a real offer's name: the title line is one line high, and a name too long for it
    # wrapped out of sight, taking the "modified" mark and the error count with it
    name = (
        "2022-05-19-datagir.recrute.une.developpeuse.ou.un.developpeur.pour.ameliorer"
        ".le.calculateur.d.empreinte.climat.nosgestesclimat-fr.md"
    )
    rel = f"content/_jobs/{name}"
    root = make_repo({rel: DOC})
    ws = make_workspace(root)
    app = EditorHost(ws, ws.read(rel))
    async with app.run_test(size=(80, 24)) as pilot:
        app.editor.editor_for("startup").query_one(Input).value = "mon-service-securise"
        await settle(pilot)
        title = app.editor.query_one("#editor-title")
        line = str(title.render())
        assert "\n" not in line and len(line) <= title.content_size.width
        assert line.startswith("Jobs: content/_jobs/2022-05-19-")
        assert "…" in line and line.endswith("nosgestesclimat-fr.md  ● modified")


async def test_the_conflict_dialogs_keys_fit_80_columns(site: Path) -> None:
    """Every key of the changed-on-disk question shows at 80x24 (f1 Help was cut)."""
    app = open_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        (site / RELPATH).write_text(DOC.replace("open: true", "open: false"))
        app.editor.editor_for("startup").query_one(Input).value = "mine"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await dialog_shown(app, pilot)
        keys = app.screen._compositor.render_strips()[-1].text
        for key in ("r Reload from disk", "a Apply my changes", "k Keep editing", "f1 Help"):
            assert key in keys, keys
        await pilot.press("k")
        await settle(pilot)


SCORE = replace(
    JOBS,
    fields=(
        *JOBS.fields,
        FieldSpec(
            "score",
            "object",
            fields=(
                FieldSpec("home", "integer", required=True),
                FieldSpec("away", "integer", required=True),
                FieldSpec("note"),
            ),
        ),
    ),
)
"""The jobs collection with an optional object whose sub-fields are required."""


def nested_findings(field: ObjectField) -> list[str]:
    """What each sub-field of ``field`` shows under it ('' when nothing)."""
    boxes = [child.query_one(".field-findings") for child in field.children_editors()]
    return [str(box.render()) if box.has_class("-shown") else "" for box in boxes]


async def test_an_absent_optional_object_does_not_require_its_fields(site: Path) -> None:
    """Only an object that is set needs its required sub-fields, as `check` says: an offer
    without `score` is fine, and the form said 'is required' under home and away."""
    app = open_app(site, spec=SCORE)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        score = app.editor.editor_for("score")
        assert isinstance(score, ObjectField)
        assert nested_findings(score) == ["", "", ""]
        assert "0 errors" in str(app.editor.query_one("#editor-summary").render())
        home, away = (child.query_one(Input) for child in score.children_editors()[:2])
        home.focus()
        await pilot.press("tab")  # leaving an empty input validates it
        await settle(pilot)
        assert not home.has_class("-invalid")
        home.value = "2"  # the object is set now: away is required
        await settle(pilot)
        assert nested_findings(score) == ["", "✗ is required", ""]
        assert "1 error" in str(app.editor.query_one("#editor-summary").render())
        away.focus()
        await pilot.press("tab")
        await settle(pilot)
        assert away.has_class("-invalid")
        home.value = ""  # unset again: nothing is required
        await settle(pilot)
        assert nested_findings(score) == ["", "", ""]
        assert not away.has_class("-invalid")
        assert not app.editor.is_dirty()


async def test_the_key_bar_of_a_list_field_keeps_esc_back_at_80_columns(site: Path) -> None:
    """In a list field its four keys came first and pushed "esc Back" (and Save's key)
    under the palette key: at 80 columns the way out of the form was not shown."""
    app = open_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        tags = app.editor.editor_for("tags")
        assert isinstance(tags, ListField)
        tags.query(Input).first().focus()
        await settle(pilot)
        line = app.editor.query_one(KeyBar).render().plain
        assert len(line) == 80 and line.endswith("▏^p palette "), line
        for key in (" ^n Add ", " ^s Save ", " esc Back "):
            assert key in line, line


PERMALINK = replace(JOBS, fields=(*JOBS.fields, FieldSpec("permalink", "url")))
"""The jobs collection with a typed permalink: ``false`` keeps a page off the site (Eleventy)."""


async def test_a_permalink_false_is_valid_and_typed_as_the_boolean_in_the_form(
    make_repo: Any,
) -> None:
    """``check`` takes ``permalink: false`` whatever the field's type; the form showed
    "'false' is not a web address" under the field, and saved the text "false" when it was
    typed."""
    written = DOC.replace("open: true\n", "open: true\npermalink: https://beta.gouv.fr/x\n")
    unwritten = written.replace("https://beta.gouv.fr/x", "false")
    for doc, typed in ((unwritten, None), (written, "false")):
        root = make_repo({RELPATH: doc}, name="site-" + str(typed))
        ws = make_workspace(root, PERMALINK)
        app = EditorHost(ws, ws.read(RELPATH), spec=PERMALINK)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            if typed is not None:
                app.editor.editor_for("permalink").query_one(Input).value = typed
                await settle(pilot)
            assert findings(app.editor, "permalink") == ""
            await save(app, pilot)
        assert (root / RELPATH).read_text() == unwritten


async def test_text_typed_fast_after_removing_an_item_goes_into_the_item_focused_next(
    site: Path,
) -> None:
    """``ctrl+r`` then text in one read typed the text into the item removed (lost): the
    list field's keys ran once back at the app, after the letters had reached the item
    focused when they were read (qa29's left, keys30). They run as they reach the item now,
    in order with the letters, and the focus moves at once. A move typed fast ends as typed
    slowly (the text follows the item moved)."""
    from .test_typing_order import _burst

    app = open_app(site)
    async with app.run_test(size=SIZE) as pilot:
        tags = await _in_last_tag(app, pilot)
        _burst(app, ["a", "ctrl+up", *"b"])  # type: ignore[arg-type]
        await settle(pilot)
        assert tags.state().value == ["uiab", "ux"]
        _burst(app, ["ctrl+r", *"c", "ctrl+n", *"d"])  # type: ignore[arg-type]
        await settle(pilot)
        assert tags.state().value == ["uxc", "d"]
        await save(app, pilot)
    assert changed_lines(site) == ["-tags: [ux, ui]", "+tags: [uxc, d]"]
