"""Keys that arrive together (a slow SSH link, a paste, a fast typist) are applied in the
order typed, in the filter bar, the form's fields and the body.

Textual runs an Input's or a TextArea's printable keys in the widget and its editing keys
(backspace, arrows, ctrl+u...) as bindings once the key has bubbled up to the app: a key
typed after them in the same burst was applied first (Textual issue #6605). qa27 saw
``ctrl+u zz`` in the filter leave it empty, ``backspace zz`` delete the last z.
"""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.keys import _character_to_key
from textual.widgets import Input, TextArea

from postedit.tui.app import PosteditApp
from tests.tui.helpers import JOBS, make_app, open_form, settle

SITE_NAMES = ("2021-03-01-alpha.md", "2021-08-15-bravo.md", "2021-10-02-charlie.md")


def _burst(app: PosteditApp, keys: str | list[str]) -> None:
    """Post ``keys`` as the terminal driver does for one read: all at once, no pause."""
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key(_character_to_key(key), key))
        else:
            app.post_message(events.Key(key, None))


async def _toggle_to_an_empty_message(app: PosteditApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """Toggle the highlighted posting, open the commit dialog and go to its message, emptied."""
    await settle(app, pilot)
    await pilot.press("t", "c")
    await settle(app, pilot)
    app.screen.query_one("#commit-message", TextArea).load_text("")
    await pilot.press("tab")  # to the message
    await settle(app, pilot)


async def test_the_filter_applies_a_burst_of_keys_in_order(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("/")
        _burst(app, [*"open:true", "ctrl+u", *"dev", "backspace", *"lta"])
        await settle(app, pilot)
        assert app.main.query_one("#filter", Input).value == "delta"
        _burst(app, ["home", "x", "end", "y"])
        await settle(app, pilot)
        assert app.main.query_one("#filter", Input).value == "xdeltay"


async def test_a_form_field_and_the_body_apply_a_burst_of_keys_in_order(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        field = app.screen.query_one("#field-title Input", Input)
        field.focus()
        await pilot.pause()
        _burst(app, ["ctrl+u", *"Alphx", "backspace", *"a", "home", "<"])
        await settle(app, pilot)
        assert field.value == "<Alpha"
        await pilot.press("ctrl+b")
        await pilot.pause()
        body = app.screen.query_one("#body-text", TextArea)
        assert body.has_focus
        _burst(app, ["ctrl+home", *"Ab", "backspace", *"c", "left", "left", "[", "end", "]"])
        await settle(app, pilot)
        assert body.text.splitlines()[0] == "[Ac]"


async def test_a_schema_key_after_a_move_in_one_burst_acts_on_the_row_moved_to(
    site: Path,
) -> None:
    """``down p`` in one read: ``p`` (a schema's toggle key) acted as it reached the list,
    before ``down`` (a binding, run once the key is back at the app) had moved: it set
    ``poste_pourvu`` on the first posting while the highlight stood on the second (qa27)."""
    from tests.tui.helpers import JOBS, jobs_schema

    alpha, bravo = f"{JOBS}/2021-03-01-alpha.md", f"{JOBS}/2021-08-15-bravo.md"
    app = make_app(site, jobs_schema(keys={"p": "poste_pourvu"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.main.table.current_key() == alpha
        _burst(app, ["down", "p"])
        await settle(app, pilot)
        assert app.main.table.current_key() == bravo
        assert b"poste_pourvu" not in (site / alpha).read_bytes()
        assert b"poste_pourvu: true\n" in (site / bravo).read_bytes()
        _burst(app, ["p", "up", "p"])  # back and forth: each acts where it was typed
        await settle(app, pilot)
        assert b"poste_pourvu: true\n" not in (site / bravo).read_bytes()
        assert b"poste_pourvu: true\n" in (site / alpha).read_bytes()


async def test_a_list_key_typed_ahead_of_the_form_does_not_act_under_it(site: Path) -> None:
    """``enter t`` in one read: ``t`` reached the list before the form was up and toggled the
    posting the form then showed as it was before; its save called that toggle someone
    else's change (qa27). A key meant for the list does nothing once the list is covered."""
    from postedit.tui.screens.editor import EditorScreen
    from tests.tui.helpers import JOBS

    alpha = site / f"{JOBS}/2021-03-01-alpha.md"
    before = alpha.read_bytes()
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        _burst(app, ["enter", "t"])
        await settle(app, pilot)
        assert isinstance(app.screen, EditorScreen)
        assert alpha.read_bytes() == before
        assert app.model.commit_paths() == []


async def test_keys_typed_while_the_commit_dialog_opens_go_to_it(site: Path) -> None:
    """``t c enter down t`` in one read: ``enter`` reached the list while ``c`` was still
    asking git for the diff and opened the form, the commit dialog coming up over it
    (qa27); then the keys were dropped, so nothing under the dialog changed. Typed slowly,
    ``enter`` in the dialog's diff commits, and ``down t`` toggle the next posting on the
    list: keys typed ahead of a screen wait for it (keys30)."""
    from postedit.tui.screens.editor import EditorScreen
    from tests.conftest import git
    from tests.tui.helpers import JOBS

    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screens: list[str] = []
        app.screen_change_signal.subscribe(app, lambda s: screens.append(type(s).__name__))
        _burst(app, ["t", "c", "enter", "down", "t"])
        await settle(app, pilot)
        assert app.screen is app.main
        assert EditorScreen.__name__ not in screens
        assert app.model.commit_paths() == [f"{JOBS}/2021-08-15-bravo.md"]
    assert git(site, "show", "--name-only", "--format=", "HEAD").split() == [
        f"{JOBS}/2021-03-01-alpha.md"
    ]


async def test_text_typed_with_the_key_opening_a_screen_goes_into_it(site: Path) -> None:
    """``n Dev`` in one read (a new posting, its title) lost the title: the letters reached
    the list before the form was up (``e`` and ``v`` even acted there: the external editor
    asked for, the detail pane shown); ``c tab Fix`` lost the message. Keys typed ahead of
    a screen wait until it is up and has set its focus, then are read there (keys30)."""
    from postedit.tui.screens.commit import CommitScreen
    from postedit.tui.screens.editor import EditorScreen

    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        detail = app.main.query_one("#detail").display
        _burst(app, ["n", *"Dev"])
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, EditorScreen)
        assert form.query_one("#field-title Input", Input).value == "Dev"
        assert app.main.query_one("#detail").display == detail
        await pilot.press("escape", "d")  # leave, discarding
        await settle(app, pilot)
        assert app.screen is app.main
        _burst(app, ["t", "c", "tab", *"Fix"])
        await settle(app, pilot)
        assert isinstance(app.screen, CommitScreen)
        assert app.screen.query_one("#commit-message", TextArea).text == "Fix"


async def test_keys_after_enter_in_the_filter_act_on_the_list(site: Path) -> None:
    """``enter down`` in one read: ``enter`` leaves the filter for the list, but ``down`` had
    reached the filter already and ran the filter's own ``down`` (go to the list: nothing
    more), so the highlight stayed; a ``backspace`` there deleted a letter of the filter left
    behind (review27). A field's own keys run in it only while it has the focus; after that
    they are the list's, as before the in-order fields."""
    from tests.tui.helpers import JOBS

    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("/")
        _burst(app, [*"open:true", "enter", "down", "backspace"])
        await settle(app, pilot)
        assert app.main.query_one("#filter", Input).value == "open:true"
        assert app.main.table.has_focus
        assert app.main.shown[:2] == [f"{JOBS}/2021-03-01-alpha.md", f"{JOBS}/2021-08-15-bravo.md"]
        assert app.main.table.current_key() == f"{JOBS}/2021-08-15-bravo.md"


async def test_a_message_typed_then_ctrl_s_in_one_read_is_committed_whole(site: Path) -> None:
    """A message and ctrl+s in one read: ctrl+s was a priority key, run by the app as soon as
    it was read, before the letters queued for the message were typed: the commit took
    what the message held then (``Clo`` of ``Close two``). It comes in its turn now."""
    from tests.conftest import git

    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await _toggle_to_an_empty_message(app, pilot)
        _burst(app, [*"Close two", "ctrl+s"])
        await settle(app, pilot)
        assert app.model.commit_paths() == []
    assert git(site, "log", "-1", "--format=%s").strip() == "Close two"


async def test_a_key_typed_in_a_form_field_just_before_tab_acts_in_that_field(
    site: Path,
) -> None:
    """``space tab`` on a switch in one read flipped the next switch or opened the next
    select, ``tab space`` two fields on; ``backspace tab`` in a date erased a letter of the
    next field (qa29, typing fast in tmux). ``tab`` is a priority key (keys.tab_bindings): it
    moved the focus on as soon as it was read, and a key read before it, but bound in its
    field (a switch's ``space``, an input's ``backspace``), ran once back at the app, in the
    field focused by then. A key read before a tab is its field's."""
    from tests.tui.helpers import JOBS

    alpha = site / f"{JOBS}/2021-03-01-alpha.md"
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot)
        form.query_one("#field-open Switch").focus()
        await pilot.pause()
        _burst(app, ["space", "tab"])  # open off, then on to the date
        await settle(app, pilot)
        date = form.query_one("#field-date Input", Input)
        assert date.has_focus
        _burst(app, ["backspace", "tab", "tab", "space", "tab"])  # 2021-03-0; pourvu on
        await settle(app, pilot)
        assert form.query_one("#field-level Select").has_focus
        assert app.screen is form  # the select did not open
        assert date.value == "2021-03-0"
        assert form.query_one("#field-city Input", Input).value == "Paris"
        assert form.query_one("#field-open Switch").value is False
        assert form.query_one("#field-poste_pourvu Switch").value is True
        date.value = "2021-03-05"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    text = alpha.read_text()
    assert "open: false\n" in text
    assert "date: 2021-03-05\n" in text
    assert "poste_pourvu: true\n" in text


async def test_a_key_after_enter_in_the_filter_acts_on_the_list_not_in_the_filter(
    site: Path,
) -> None:
    """``enter t`` in one read in the filter (apply it, toggle the posting highlighted): the
    ``t`` was typed into the filter left behind (``lumot``: nothing matched), as it had
    reached the filter before ``enter`` moved the focus to the list (keys30). A key that
    reaches a field the focus has left since is read again, by the widget focused now."""
    from tests.tui.helpers import JOBS

    bravo = site / f"{JOBS}/2021-08-15-bravo.md"
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("/", *"bravo")
        _burst(app, ["enter", "t"])
        await settle(app, pilot)
        assert app.main.query_one("#filter", Input).value == "bravo"
        assert app.main.table.has_focus
    assert b"open: false\n" in bravo.read_bytes()


async def test_q_typed_right_after_a_toggle_asks_before_quitting(site: Path) -> None:
    """``t q`` in one read (close an offer, quit) quit without the question about the edit
    not committed, 8 times in 10 in tmux on the 543 real offers: the toggle is written by a
    worker, and ``q`` counted the pending edits before it had written it. Keys typed after
    an edit wait until it is written (keys30). The write is held here until ``q`` has
    been read, as a busy disk or CPU holds it."""
    from postedit.tui.screens.confirm import ConfirmScreen

    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        with app.edits.lock:
            _burst(app, ["t", "q"])
            for _ in range(3):
                await pilot.pause()
        await settle(app, pilot)
        assert app.is_running
        assert isinstance(app.screen, ConfirmScreen)
        assert app.model.commit_paths() == [f"{JOBS}/2021-03-01-alpha.md"]


async def test_a_choice_made_in_an_open_select_just_before_tab_is_kept(site: Path) -> None:
    """A select's menu open, then ``down enter tab`` in one read: the choice was lost
    (review29's left). ``tab`` closed the menu and moved on as soon as it was read, and
    ``down enter``, the menu's keys, then ran back at the app on the next field. The menu
    runs its keys where typed, and the choice leaves the focus where tab took it (keys30)."""
    from tests.tui.helpers import jobs_schema

    app = make_app(site, jobs_schema())
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot)
        form.query_one("#field-level Select").focus()
        await pilot.press("enter")  # the menu opens on (none)
        await settle(app, pilot)
        _burst(app, ["down", "down", "enter", "tab"])
        await settle(app, pilot)
        assert form.query_one("#field-level Select").value == 1  # senior
        assert app.screen is form
        assert form.focused is not None and "field-level" not in {
            a.id for a in form.focused.ancestors_with_self
        }


async def test_keys_typed_after_the_forms_own_keys_wait_for_them(site: Path) -> None:
    """The form's ``ctrl+s``, ``f2`` and ``escape`` run once the key has come back up from
    the field, and the keys typed after them had reached the field first: ``x ctrl+s y``
    in one read saved ``xy``, ``f2 z`` typed ``z`` into the text the preview hid (80
    columns: the preview shows instead of it), ``ctrl+s escape`` asked about unsaved
    changes. Typed slowly, none of that happens (ux31)."""
    import asyncio

    from tests.tui.helpers import JOBS

    alpha = site / f"{JOBS}/2021-03-01-alpha.md"
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot)
        title = form.query_one("#field-title Input", Input)
        assert title.has_focus
        title.cursor_position = len(title.value)
        _burst(app, ["x", "ctrl+s", "y"])
        await settle(app, pilot)
        assert b"title: Alpha d\xc3\xa9veloppeurx\n" in alpha.read_bytes()
        assert title.value == "Alpha développeurxy"
        await pilot.press("ctrl+b")
        body = form.query_one("#body-text", TextArea)
        _burst(app, ["a", "f2", "z", "f2", "ctrl+s", "escape"])
        # (a form left with a question open would never settle)
        await asyncio.wait_for(settle(app, pilot), 20)
        assert body.text.startswith("a\nBody of Alpha")
        assert app.screen is app.main
        assert b"title: Alpha d\xc3\xa9veloppeurxy\n" in alpha.read_bytes()
        assert b"---\na\nBody of Alpha" in alpha.read_bytes()


async def test_keys_typed_after_l_go_to_the_history(site: Path) -> None:
    """``L down`` in one read: ``down`` moved the list's highlight while git read the
    history, which then opened on the posting left (ux31)."""
    from textual.widgets import OptionList

    from postedit.tui.screens.history import HistoryScreen
    from tests.tui.helpers import toggle_and_commit

    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await toggle_and_commit(app, pilot)  # Alpha: two commits
        alpha = app.main.table.current_key()
        _burst(app, ["L", "down"])
        await settle(app, pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.query_one("#history-list", OptionList).highlighted == 1
        assert app.main.table.current_key() == alpha


async def test_keys_typed_ahead_of_the_external_editor_do_not_act_after_it(
    site: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """``e dd`` in one read (vi's delete-line): the editor never saw ``dd``, which acted on
    the list once it was closed and asked to delete the posting (ux31)."""
    monkeypatch.setenv("EDITOR", "true")
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        _burst(app, ["e", "d", "d"])
        await settle(app, pilot)
        assert app.screen is app.main
        assert not app.keys_waiting()


async def test_a_forms_key_typed_after_a_key_that_moves_the_focus_is_not_held_forever(
    site: Path,
) -> None:
    """``ctrl+n xy ctrl+s z`` in one read in a list field: ``ctrl+n`` focuses the new item
    as it runs, and the keys read after it, on their way to the item left, are read again
    for the new one (inorder.read_again). ``ctrl+s`` was one of them: the key the keys
    after it waited for (PosteditApp._held) never came back, and the form took no key for
    KEYS_WAIT_AT_MOST, 30 s (review31)."""
    import asyncio

    delta = site / f"{JOBS}/2022-01-20-delta.md"
    app = make_app(site, "load")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.main.table.move_cursor(row=app.main.table.row_of(f"{JOBS}/2022-01-20-delta.md"))
        form = await open_form(app, pilot)
        form.query_one("#field-tags Input", Input).focus()
        await pilot.pause()
        _burst(app, ["end", "ctrl+n", "x", "y", "ctrl+s", "z"])
        await asyncio.wait_for(settle(app, pilot), 10)
        assert not app.keys_waiting()
        assert b"tags: [python, xy]\n" in delta.read_bytes()
        assert [i.value for i in form.query("#field-tags Input").results(Input)] == [
            "python",
            "xyz",
        ]


async def test_keys_typed_after_the_commit_dialogs_ctrl_s_or_enter_act_on_the_list(
    site: Path,
) -> None:
    """``ctrl+s j`` in one read in the commit dialog's message typed ``j`` into the message
    before ctrl+s committed it (``Fixj``). Keys typed after the dialog's ``ctrl+s`` wait for
    it, as the form's keys do (``HOLDS_KEYS``), and move the list's highlight, as typed
    slowly; so do those after ``enter`` in its diff."""
    from tests.conftest import git

    bravo, charlie = (f"{JOBS}/{n}" for n in SITE_NAMES[1:])
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await _toggle_to_an_empty_message(app, pilot)
        _burst(app, [*"Fix", "ctrl+s", "j"])
        await settle(app, pilot)
        assert app.screen is app.main
        assert app.main.table.current_key() == bravo
        await pilot.press("t", "c")
        await settle(app, pilot)
        _burst(app, ["enter", "j"])
        await settle(app, pilot)
        assert app.screen is app.main
        assert app.main.table.current_key() == charlie
    assert git(site, "log", "-2", "--format=%s").split("\n")[:2] == [
        'Close "Bravo designer"',
        "Fix",
    ]
