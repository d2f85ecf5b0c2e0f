"""The posting editor: a form made from the collection's fields, and the body.

Saving writes only what changed, through the edit session (``EditSession.set_fields`` and
``set_body``: lossless by construction, recorded as postedit's own edit); a new posting is
created by ``EditSession.create`` (never replacing a file, never outside the collection's
folder).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Literal

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, Static
from textual.widgets.text_area import Selection
from textual.worker import Worker, WorkerState

from postedit.core.discover import locale_spec
from postedit.core.errors import ConflictError, PosteditError
from postedit.core.fieldcheck import Issue
from postedit.core.git.state import plural
from postedit.core.newposting import (
    body_field,
    default_body,
    duplicate_fields,
    new_relpath,
)
from postedit.core.posting import Posting
from postedit.core.sanitize import visible
from postedit.core.schema import CollectionSpec, FieldSpec
from postedit.core.schema_load import relation_context
from postedit.core.session import EditSession
from postedit.core.site import by_field, renamed_keys
from postedit.core.store import read_posting
from postedit.core.validate import relation_values, same_error, split_ages, validate
from postedit.tui.external import not_editable, open_in_editor
from postedit.tui.keys import help_binding, tab_bindings
from postedit.tui.safe import safe_text
from postedit.tui.widgets.body import BodyEditor, PreviewMode
from postedit.tui.widgets.fields import FieldEditor, ObjectField, make_editor, unknown_field
from postedit.tui.widgets.keybar import KeyBar

__all__ = ["EditorScreen"]

LeaveChoice = Literal["save", "discard", "stay"]
ConflictChoice = Literal["reload", "apply", "stay"]


@dataclass
class _Edit:
    """What saving would write."""

    fields: dict[str, Any] = field(default_factory=dict)
    """Every key the posting would have (new postings are written from this)."""
    changes: dict[str, Any] = field(default_factory=dict)
    """Keys to set (edited postings)."""
    unset: list[str] = field(default_factory=list)
    """Keys to remove."""
    body: str = ""
    """The body as edited."""
    body_changed: bool = False
    """True when the body must be written."""
    skipped: list[str] = field(default_factory=list)
    """Fields whose text cannot be written at all (broken YAML): left as they are."""

    @property
    def empty(self) -> bool:
        """Nothing to write."""
        return not (self.changes or self.unset or self.body_changed)


@dataclass(frozen=True)
class _Place:
    """Where the focus was in the form, to go back there once it is rebuilt (the first
    save of a new posting)."""

    where: str
    """The id of the top-level field holding it, or ``"body"``."""
    part: int = 0
    """Which of the field's focusable widgets it was (a list's second item)."""
    cursor: int | None = None
    """The cursor in that input, if it was one."""
    mode: PreviewMode = "off"
    """The body's preview."""
    selection: Selection = field(default_factory=Selection)
    """The body's selection."""


class _Dialog(ModalScreen[Any]):
    """A small keyboard dialog: a message, optional details, and buttons bound to keys."""

    DEFAULT_CSS = """
    _Dialog { align: center middle; }
    _Dialog > Vertical {
        width: 90%; max-width: 100; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    _Dialog .dialog-message { height: auto; margin-bottom: 1; }
    _Dialog #dialog-details { height: auto; max-height: 14; border: solid $secondary; }
    _Dialog Horizontal { height: auto; align-horizontal: right; }
    _Dialog Button { margin-left: 1; min-width: 10; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [help_binding()]

    def __init__(
        self,
        message: str,
        choices: list[tuple[str, str, Any]],
        details: Text | None = None,
        escape: Any = None,
    ) -> None:
        super().__init__()
        self._message = message
        self._choices = choices
        self._details = details
        self._escape = escape
        for key, label, value in choices:
            self._bindings.bind(key, f"choose({value!r})", label, show=True)
        self._bindings.bind("escape", "choose_escape", "Cancel", show=True)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(visible(self._message, keep="\n"), classes="dialog-message", markup=False)
            if self._details is not None:
                with VerticalScroll(id="dialog-details"):
                    yield Static(self._details)
            with Horizontal():
                for key, label, value in self._choices:
                    yield Button(f"{label} ({key})", id=f"choice-{value}")
        yield KeyBar()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """The details' box no taller than the room the message and the buttons leave it
        (14 lines at most): the dialog is held to 90% of the screen, and a taller one had
        its buttons cut off at 80x24 (the details scroll instead)."""
        found = self.query("#dialog-details")
        if not found:
            return
        details = found.first()
        box = self.query_one(Vertical)
        message = self.query_one(".dialog-message")
        buttons = self.query_one(Horizontal)
        room = int((self.size.height - self.query_one(KeyBar).outer_size.height) * 0.9)
        used = (
            box.styles.border.spacing.height
            + message.outer_size.height
            + message.styles.margin.height
            + buttons.outer_size.height
        )
        details.styles.max_height = max(3, min(14, room - used))

    def action_choose(self, value: Any) -> None:
        """Close with ``value``."""
        self.dismiss(value)

    def action_choose_escape(self) -> None:
        """Close with the escape value."""
        self.dismiss(self._escape)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        for _, _, value in self._choices:
            if event.button.id == f"choice-{value}":
                self.dismiss(value)


def _has_relation(fields: tuple[FieldSpec, ...]) -> bool:
    """A relation among ``fields`` or the fields nested in them."""
    return any(f.type == "relation" or _has_relation(f.fields) for f in fields)


def _middle_cut(text: str, room: int) -> str:
    """``text`` in at most ``room`` cells: its middle given up for ``…`` when it is longer
    (the folder's start and the file name's end stay)."""
    if cell_len(text) <= room:
        return text
    keep = max(room - 1, 2)
    head, tail = text[: keep // 2], text[len(text) - (keep - keep // 2) :]
    while cell_len(head) > keep // 2:  # wide characters take two cells
        head = head[:-1]
    while cell_len(tail) > keep - keep // 2:
        tail = tail[1:]
    return f"{head}…{tail}"


def _diff(before: bytes, after: bytes, a: str = "", b: str = "", context: int = 3) -> Text:
    """A coloured unified diff of two versions of a file (control characters shown escaped);
    without the ``---``/``+++`` lines when ``a`` and ``b`` are not given."""
    old = before.decode("utf-8", "replace").splitlines(keepends=True)
    new = after.decode("utf-8", "replace").splitlines(keepends=True)
    out = Text()
    for line in difflib.unified_diff(old, new, a, b, n=context):
        if not (a or b) and line.startswith(("---", "+++")):
            continue
        style = ""
        if line.startswith("+") and not line.startswith("+++"):
            style = "green"
        elif line.startswith("-") and not line.startswith("---"):
            style = "red"
        elif line.startswith("@@"):
            style = "cyan"
        out.append_text(safe_text(line.rstrip("\r\n"), style))
        out.append("\n")
    if not out:
        out.append("(no difference)")
    return out


def _titled(title: str, diff: Text) -> Text:
    """``diff`` under a bold ``title:`` line."""
    out = Text(f"{title}:\n", style="bold")
    out.append_text(diff)
    return out


class EditorScreen(Screen["Posting | None"]):
    """Edit ``posting`` (or a new one when None, started from ``template`` if given).

    Dismisses with the posting as saved on disk, or None when nothing was saved. ``now``
    gives the clock used for new postings' dates and file names (tests pin it).
    """

    DEFAULT_CSS = """
    EditorScreen #editor-title {
        dock: top; height: 1; background: $panel; color: $text; padding: 0 1; text-style: bold;
    }
    EditorScreen #editor-form { height: 1fr; padding: 0 1; }
    EditorScreen #editor-summary { height: auto; margin-bottom: 1; }
    EditorScreen .editor-section { text-style: bold underline; margin: 1 0 0 0; }
    EditorScreen #editor-broken { color: $error; }
    """

    HOLDS_KEYS = True
    """Keys typed after one of the form's own (``ctrl+s``, ``escape``, ``f2``...) wait until
    it has acted (PosteditApp._holds), as typed slowly."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *tab_bindings("field"),  # an Input's suggester let keys typed after tab reach it
        Binding(
            "ctrl+s", "save", "Save", id="editor-save", tooltip="Save what changed (only that)"
        ),
        Binding(
            "escape",
            "leave",
            "Back",
            id="editor-leave",
            tooltip="Back to the list (asks first when changes are not saved)",
        ),
        Binding(
            "f2",
            "toggle_preview",
            "Preview",
            id="editor-preview",
            tooltip="Preview the body beside the text (wide screens) or instead of it, or hide it",
        ),
        Binding("ctrl+b", "focus_body", "Body", id="editor-body", tooltip="Go to the body"),
        Binding(
            "ctrl+o",
            "external",
            "External editor",
            id="editor-external",
            tooltip="Open the posting in $VISUAL / $EDITOR",
        ),
    ]

    def __init__(
        self,
        session: EditSession,
        spec: CollectionSpec,
        posting: Posting | None,
        *,
        template: Posting | None = None,
        now: Callable[[], dt.datetime] | None = None,
        force: bool = False,
    ) -> None:
        super().__init__()
        self.keys_held = False
        """A save, or the question before leaving, is under way: keys typed after the key
        that asked for it wait (PosteditApp.keys_wait); a dialog it opens gets them."""
        self.force = force
        """A new posting is made even where the schema lets none be made (the user said so,
        asked why: core/cms.py)."""
        self.session = session
        """Where edits are written (and recorded as postedit's own)."""
        self.workspace = session.workspace
        """Where postings are read."""
        self.spec = spec
        """The collection's schema."""
        self.template = template
        """The posting a new one is duplicated from."""
        self._now = now or dt.datetime.now
        self._saved: Posting | None = None
        self._title_errors = 0
        self._load_state(posting)
        self._relations = (
            relation_context(self.workspace.root, self.workspace.schema)
            if _has_relation(self.spec.fields)
            else {}
        )
        """The entries relations point at, listed once (file names, none read): the form
        checks a relation against them as ``check`` and the commit dialog do."""

    # -- state ---------------------------------------------------------------------------

    def _load_state(self, posting: Posting | None) -> None:
        self.posting = posting
        """The posting as on disk (None until a new one is saved)."""
        if posting is not None:
            # a key the site reads as a field in another case (Hugo's `Draft`) is that field
            fields = by_field(posting.fields, renamed_keys(posting.fields, self.spec))
            body = posting.body
            order = list(fields)
        elif self.template is not None:
            fields = duplicate_fields(self.spec, self.template, self._now())
            body = self.template.body
            order = list(fields)
        else:
            fields = self.workspace.new_fields(self.spec, self._now())
            body = default_body(self.spec)
            order = []
        # a translation's form lacks what only the default locale holds, and an i18n
        # single_file entry's has one mapping per locale: the fields `check` reads there
        self._check_spec = locale_spec(self.spec, posting.relpath) if posting else self.spec
        body_spec = body_field(self._check_spec)
        specs = [f for f in self._check_spec.fields if f is not body_spec]
        # a hidden field (Decap's `hidden` widget) is not in the form: its value is kept
        # as it is, and a new posting gets its default, as Decap does
        self._hidden = {f.name for f in specs if f.type == "hidden"}
        self._form_specs = [f for f in specs if f.name not in self._hidden]
        known = {f.name for f in specs}
        self._unknown = [k for k in fields if k not in known]
        if posting is None and self.template is None:
            order = [f.name for f in specs]
        else:
            order += [f.name for f in specs if f.name not in order]
        self._order = order
        self._fields0 = fields
        self._body0 = body

    @property
    def is_new(self) -> bool:
        """True until a new posting is saved for the first time."""
        return self.posting is None

    def compose(self) -> ComposeResult:
        yield Static("", id="editor-title", markup=False)
        with VerticalScroll(id="editor-form"):
            yield Static("", id="editor-summary")
            if self.posting is not None and self.posting.error is not None:
                editor = "ctrl+o opens it in your editor"
                if not_editable(self.workspace.root / self.posting.relpath):
                    editor = "no editor is opened on it"  # a FIFO: one would wait for a writer
                yield Static(
                    visible(str(self.posting.error), keep="\n")
                    + f"\n\nThis posting cannot be read as a form: {editor}.",
                    id="editor-broken",
                    markup=False,
                )
                return
            used: set[str] = set()
            context = self._relations
            for spec in self._form_specs:
                yield make_editor(
                    spec,
                    self._fields0.get(spec.name),
                    spec.name in self._fields0,
                    id=self._unique_id(spec.name, used),
                    collection=self.spec,
                    suggestions=relation_values(spec, context) if spec.type == "relation" else (),
                    context=context,
                    inherited=self.posting.inherited if self.posting is not None else None,
                )
            if self._unknown:
                yield Label("Other fields (not in the schema)", classes="editor-section")
                for key in self._unknown:
                    yield unknown_field(key, self._fields0[key], id=self._unique_id(key, used))
            yield BodyEditor(self._body0)
        yield KeyBar()

    @staticmethod
    def _unique_id(name: str, used: set[str]) -> str:
        base = "field-" + (re.sub(r"[^A-Za-z0-9_-]", "_", str(name)) or "_")
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        used.add(candidate)
        return candidate

    def on_mount(self) -> None:
        self._revalidate()
        self._focus_first()

    def _focus_first(self) -> None:
        """Focus the first control of the form (keys typed at once go there)."""
        for widget in self.query_one("#editor-form").query("*"):
            if widget.focusable and widget.id != "body-preview":
                widget.focus()
                return

    # -- queries used by the screen and tests ---------------------------------------------

    def editors(self) -> list[FieldEditor]:
        """The top-level field editors, in form order (other fields last)."""
        return list(self.query_one("#editor-form").query_children(FieldEditor))

    def editor_for(self, key: str) -> FieldEditor:
        """The editor of top-level key ``key``."""
        for editor in self.editors():
            if editor.key == key:
                return editor
        raise KeyError(key)

    @property
    def body_editor(self) -> BodyEditor | None:
        """The body editor (None for a posting that cannot be read)."""
        found = self.query(BodyEditor)
        return found.first() if found else None

    def _collect(self) -> _Edit:
        edit = _Edit()
        states = {e.key: (e, e.state()) for e in self.editors()}
        for key in [*self._order, *[k for k in states if k not in self._order]]:
            if key in self._hidden and key in self._fields0:
                edit.fields[key] = self._fields0[key]
            if key not in states:
                continue
            editor, st = states[key]
            if st.error is not None and not st.savable:
                edit.skipped.append(editor.spec.title)
                if editor.was_present:
                    edit.fields[key] = editor.original
                continue
            if st.present:
                edit.fields[key] = st.value
            if not st.changed:
                continue
            if st.present:
                edit.changes[key] = st.value
            elif editor.was_present:
                edit.unset.append(key)
        body = self.body_editor
        if body is not None:
            edit.body = body.text
            edit.body_changed = body.touched()
        if self.is_new:
            edit.changes = dict(edit.fields)
        return edit

    def is_dirty(self) -> bool:
        """There are edits not saved to disk."""
        if self.posting is not None and self.posting.error is not None:
            return False
        if self.is_new:
            body = self.body_editor
            return any(e.touched() for e in self.editors()) or bool(body and body.touched())
        edit = self._collect()
        return not edit.empty or bool(edit.skipped)  # text that cannot be saved is still typed

    # -- validation ----------------------------------------------------------------------

    def _core_findings(self, edit: _Edit) -> dict[str | None, list[Issue]]:
        """Findings of the core validator on the posting as edited, by top-level key."""
        if self.posting is not None:
            relpath = self.posting.relpath
        else:  # the name it will have, which may date it (Jekyll's YYYY-MM-DD-)
            try:
                relpath = new_relpath(self.workspace.root, self.spec, edit.fields, self._now())
            except PosteditError:
                relpath = f"{self.spec.folder.strip('/')}/new.md"
        # a new one: with the values its folder gives it (Eleventy's data files, Hugo's
        # cascade), as check will read it once written
        base = self.posting or self.workspace.with_inherited(Posting(relpath, self.spec.name))
        body = edit.body.encode("utf-8", "surrogateescape")
        candidate = replace(
            base, fields=edit.fields, duplicates=(), raw=base.raw[: base.body_offset] + body
        )
        out: dict[str | None, list[Issue]] = {}
        for finding in validate(candidate, self._check_spec, self._relations):
            key = finding.field
            if key is not None:
                key = re.split(r"[.\[]", key, maxsplit=1)[0]
            out.setdefault(key, []).append(Issue(finding.severity, finding.message))
        return out

    def _new_errors(self, errors: list[tuple[str, Issue]]) -> list[tuple[str, Issue]]:
        """Those of the form's ``errors`` the file on disk did not have already: only they ask
        before saving, as only errors an edit brings hold a commit back (core's rule:
        ``validate.split_ages``, an error being the same when its message is)."""
        before = []
        if self.posting is not None and self.posting.exists:
            found = validate(self.posting, self._check_spec, self._relations)
            before = [same_error(f.message) for f in found if f.severity == "error"]
        return split_ages(errors, before, lambda error: same_error(error[1].message))[0]

    def _revalidate(self) -> list[tuple[str, Issue]]:
        """Check every field, show findings under each field and in the summary."""
        found: list[tuple[str, Issue]] = []
        if self.posting is not None and self.posting.error is not None:
            # the error that stops it being read is its one problem, not "no problems"
            self._show_summary([("", Issue("error", self.posting.error.message))])
            return found
        edit = self._collect()
        core = self._core_findings(edit)
        for editor in self.editors():
            st = editor.state()
            issues = core.pop(editor.key, [])
            if st.error is not None:
                # text that is not a value: say why it cannot be typed
                own = editor.check()
                editor.show_issues(own)
                found.extend((editor.spec.title, i) for i in own)
                continue
            if isinstance(editor, ObjectField):
                editor.check()  # shows the nested fields' own findings under them
            # the core's messages name their field: under the field itself that is noise
            prefix = f"{editor.key}: "
            editor.show_issues(Issue(i.severity, i.message.removeprefix(prefix)) for i in issues)
            found.extend(("", i) for i in issues)
        for key, issues in core.items():
            found.extend(("" if key is None else key, i) for i in issues)
        self._show_summary(found)
        return found

    def _show_summary(self, found: list[tuple[str, Issue]]) -> None:
        summary = self.query_one("#editor-summary", Static)
        errors = sum(1 for _, i in found if i.severity == "error")
        warnings = len(found) - errors
        text = Text()
        if not found:
            text.append("✓ no problems", style="green")
        else:
            text.append(
                f"{plural(errors, 'error')}, {plural(warnings, 'warning')}",
                style="bold red" if errors else "bold yellow",
            )
            for title, issue in found[:6]:
                mark, style = ("✗", "red") if issue.severity == "error" else ("!", "yellow")
                text.append(f"\n {mark} ", style=style)
                text.append_text(safe_text(f"{title}: {issue.message}" if title else issue.message))
            if len(found) > 6:
                text.append(f"\n … and {len(found) - 6} more")
        summary.update(text)
        self._update_title(errors)

    def _update_title(self, errors: int = 0) -> None:
        if self.posting is not None:
            where = self.posting.relpath
        else:
            try:
                where = "new → " + new_relpath(
                    self.workspace.root, self.spec, self._collect().fields, self._now()
                )
            except PosteditError as exc:
                where = f"new: {exc.message}"
        self._title_errors = errors
        mark = "  ● modified" if self.is_dirty() else ""
        # the summary scrolls away with the form: the count stays in sight
        count = f"  ✗ {errors}" if errors else ""
        title = visible(f"{self.spec.title}: ")
        # one line high: a path too long for it (real offers' names reach 150 characters)
        # loses its middle, not the marks after it
        room = self.app.size.width - 2 - cell_len(title + mark + count)
        self.query_one("#editor-title", Static).update(
            f"{title}{_middle_cut(visible(where), room)}{mark}{count}"
        )

    def on_resize(self) -> None:
        """The title line fits the new width."""
        self._update_title(self._title_errors)

    @on(FieldEditor.Changed)
    @on(BodyEditor.Changed)
    def _edited(self) -> None:
        self._revalidate()

    # -- saving --------------------------------------------------------------------------

    def action_save(self) -> None:
        """Save the changed fields and body (asking first when there are errors)."""
        self.keys_held = True
        self._save_worker()

    @work(exclusive=True, group="editor", exit_on_error=False)
    async def _save_worker(self) -> None:
        try:
            await self._save()
        finally:
            self._keys_free()

    def _keys_free(self) -> None:
        """What held the keys typed after a key of the form is done: read them."""
        self.keys_held = False
        read = getattr(self.app, "read_waiting_keys", None)  # (None: a test's bare host app)
        if read is not None:
            read()

    async def _save(self) -> bool:
        """Save; True when the posting on disk now holds the edits."""
        if self.posting is not None and self.posting.error is not None:
            self.notify(
                "this posting cannot be saved from the form (ctrl+o: external editor)",
                severity="error",
            )
            return False
        edit = self._collect()
        if not self.is_new and edit.empty:
            if edit.skipped:  # only text that cannot be saved: say so, and stay
                skipped = visible(", ".join(edit.skipped))
                self.notify(
                    f"not saved (invalid YAML): {skipped}", severity="warning", markup=False
                )
                return False
            self.notify("nothing to save")
            return True
        found = self._revalidate()
        errors = [(t, i) for t, i in found if i.severity == "error"]
        new = self._new_errors(errors)
        if new:
            old = len(errors) - len(new)
            ok = await self.app.push_screen_wait(
                _Dialog(
                    f"This edit brings {plural(len(new), 'error')}:\n"
                    + "\n".join(f"  ✗ {t + ': ' if t else ''}{i.message}" for t, i in new)
                    + (
                        f"\n({plural(old, 'error')} already in the file, not asked about.)"
                        if old
                        else ""
                    )
                    + "\n\nSave it anyway?",
                    [("y", "Save anyway", True), ("n", "Keep editing", False)],
                    escape=False,
                )
            )
            if not ok:
                return False
        if edit.skipped:
            skipped = visible(", ".join(edit.skipped))
            self.notify(f"not saved (invalid YAML): {skipped}", severity="warning", markup=False)
        try:
            saved = self._write(self.posting, edit)
        except ConflictError as exc:
            return await self._conflict(exc, edit)
        except PosteditError as exc:
            self.notify(
                visible(str(exc), keep="\n"), title="Not saved", severity="error", markup=False
            )
            return False
        await self._after_save(saved, reload=self.is_new)
        return True

    def _write(self, posting: Posting | None, edit: _Edit) -> Posting:
        if posting is None:
            created = self.session.create(
                self.spec, edit.fields, edit.body, self._now(), force=self.force
            )[0]
            if created.error is not None:
                raise created.error
            return created
        with self.session.step():  # one save, one step for undo
            if edit.changes or edit.unset:
                posting = self.session.set_fields(posting, edit.changes, tuple(edit.unset))
            if edit.body_changed:
                posting = self.session.set_body(posting, edit.body)
        return posting

    async def _after_save(self, saved: Posting, reload: bool) -> None:
        self._saved = saved
        if reload:
            await self._reload(saved)
        else:
            self.posting = saved
            fields = by_field(saved.fields, renamed_keys(saved.fields, self.spec))
            for editor in self.editors():
                editor.rebase(editor.key in fields, fields.get(editor.key))
            body = self.body_editor
            if body is not None:
                body.rebase()
            self._revalidate()
        self.notify(f"saved {visible(saved.relpath)}", markup=False)

    async def _reload(self, posting: Posting) -> None:
        """Show ``posting`` as read from disk (the form is rebuilt), the focus where it was:
        the first save of a new posting, made while writing its body, is no jump to the
        title with the preview gone."""
        place = self._place()
        self.template = None
        self._load_state(posting)
        await self.recompose()
        self._revalidate()
        await self._return_to(place)

    def _place(self) -> _Place | None:
        """Where the focus is (``_Place``); None when it is in no field."""
        body, focused = self.body_editor, self.focused
        if focused is None:
            return None
        if body is not None and body in focused.ancestors_with_self:
            return _Place("body", mode=body.mode, selection=body.text_area.selection)
        # the outermost field: its id is the top-level field's, one in the form
        fields = [w for w in focused.ancestors_with_self if isinstance(w, FieldEditor) and w.id]
        if not fields or fields[-1].id is None:
            return None
        parts = [w for w in fields[-1].query("*") if w.focusable]
        return _Place(
            fields[-1].id,
            part=parts.index(focused) if focused in parts else 0,
            cursor=focused.cursor_position if isinstance(focused, Input) else None,
        )

    async def _return_to(self, place: _Place | None) -> None:
        """Focus ``place`` (see :meth:`_place`) in the form rebuilt, else its first field."""
        body = self.body_editor
        if place is not None and place.where == "body" and body is not None and not body.read_only:
            body.text_area.selection = place.selection
            body.text_area.focus()
            if place.mode != "off":
                await self.action_toggle_preview()
            self.call_after_refresh(body.text_area.scroll_cursor_visible)
            return
        found = (
            self.query(f"#{place.where}") if place is not None and place.where != "body" else None
        )
        if place is not None and found:
            parts = [w for w in found.first().query("*") if w.focusable]
            if parts:
                widget = parts[place.part] if place.part < len(parts) else parts[0]
                widget.focus()
                if place.cursor is not None and isinstance(widget, Input):
                    widget.cursor_position = place.cursor
                widget.scroll_visible()
                return
        self._focus_first()

    def _mine(self, base: Posting, edit: _Edit) -> bytes:
        """What saving ``edit`` over ``base`` writes (the session's own patch, so a field
        goes where "Apply my changes" puts it: ``Draft:`` on a Hugo page); b"" when it
        cannot be written."""
        body = edit.body if edit.body_changed else None
        try:
            return self.session.patched(base, edit.changes, edit.unset, body)
        except PosteditError:
            return b""

    async def _conflict(self, exc: ConflictError, edit: _Edit) -> bool:
        assert self.posting is not None
        relpath = self.posting.relpath
        # read as postings are read: a FIFO or device put in the file's place never blocks
        on_disk = read_posting(self.workspace.root, relpath, self.spec.name)
        disk = on_disk.raw
        # "yours" is what "Apply my changes" writes: the edits over the version on disk (the
        # other changes kept); with nothing on disk they apply to (Apply refuses it), over
        # the one opened
        mine = self._mine(on_disk, edit) if disk and on_disk.error is None else b""
        applied = bool(mine)
        if not applied:
            mine = self._mine(self.posting, edit)
        choices: list[tuple[str, str, Any]] = [("r", "Reload from disk", "reload")]
        if disk:
            choices.append(("a", "Apply my changes", "apply"))
        choices.append(("k", "Keep editing", "stay"))
        if applied:
            # their change first: Apply keeps it, and it may become part of the user's commit;
            # one line of context, no file names: both fit under the question at 80x24
            message = f"{exc}\nBelow: their change, then what Apply my changes writes over it."
            if self.session.takes_theirs(self.posting):
                message += (
                    "\nTheir change is not committed: applied, it is part of your edit "
                    "(c commits both)."
                )
            details = _titled("Their change", _diff(self.posting.raw, disk, context=1))
            details.append_text(_titled("Apply my changes writes", _diff(disk, mine, context=1)))
        else:
            message = f"{exc}\nSomeone changed the file while you edited it. Below: "
            message += "what is on disk (-) and your version (+)."
            details = _diff(disk, mine, "on disk", "yours")
        choice = await self.app.push_screen_wait(
            _Dialog(message, choices, details=details, escape="stay")
        )
        if choice == "reload":
            fresh = self.workspace.read(relpath, self.spec.name)
            self._saved = fresh
            await self._reload(fresh)
            self.notify("reloaded from disk; your edits were dropped", severity="warning")
            return False
        if choice == "apply":
            fresh = self.workspace.read(relpath, self.spec.name)
            if fresh.raw != disk:  # a change since the one shown: applied, it would go unseen
                self.notify(
                    "not saved: the file changed again on disk (ctrl+s shows the change)",
                    severity="warning",
                )
                return False
            body = edit.body if edit.body_changed else None
            try:
                saved = self.session.apply_over(self.posting, fresh, edit.changes, edit.unset, body)
            except PosteditError as err:
                self.notify(
                    visible(str(err), keep="\n"), title="Not saved", severity="error", markup=False
                )
                return False
            self._saved = saved
            await self._reload(saved)
            self.notify(f"saved {visible(saved.relpath)} over the version on disk", markup=False)
            return True
        return False

    async def changed_under(self, why: str) -> None:
        """``why`` (``The pull``) changed the posting's file on disk while the form was open.
        With nothing edited, the form shows the new version; with edits, it says so at once,
        the edits kept (a save shows the change and asks: ``_conflict``); gone (deleted, or
        renamed), it says the edits are only in the form. It was silent: the form went on
        showing the old version, and the first save met "someone changed the file"."""
        if self.posting is None:
            return
        relpath = self.posting.relpath
        fresh = self.workspace.read(relpath, self.spec.name)
        if fresh.raw == self.posting.raw and fresh.exists == self.posting.exists:
            return
        where = visible(relpath)
        if not fresh.exists:
            self.notify(
                f"{why} deleted {where} (or renamed it): what the form holds is not on disk; "
                "esc then d discards it",
                severity="warning",
                timeout=15,
                markup=False,
            )
        elif self.is_dirty():
            self.notify(
                f"{why} changed {where}: your edits are kept; ctrl+s shows its change and "
                "asks (Apply my changes keeps both)",
                severity="warning",
                timeout=15,
                markup=False,
            )
        else:
            await self._reload(fresh)
            self.notify(f"{why} changed {where}: the form shows it as it is now", markup=False)

    # -- leaving -------------------------------------------------------------------------

    def action_leave(self, then: Callable[[], object] | None = None) -> None:
        """Leave the editor (asking to save, discard or stay when there are unsaved edits),
        then call ``then`` (ctrl+q: the quit goes on) unless the user stays."""
        if not self.is_dirty():
            self.dismiss(self._saved)
            if then is not None:
                self.app.call_later(then)
            return
        self.keys_held = True  # until the question is up: the keys typed after answer it
        self._leave_worker(then)

    @work(exclusive=True, group="editor", exit_on_error=False)
    async def _leave_worker(self, then: Callable[[], object] | None) -> None:
        try:
            choice: LeaveChoice = await self.app.push_screen_wait(
                _Dialog(
                    "You have unsaved changes.",
                    [("s", "Save", "save"), ("d", "Discard", "discard"), ("k", "Stay", "stay")],
                    escape="stay",
                )
            )
            if choice == "discard" or (choice == "save" and await self._save()):
                self.dismiss(self._saved)
                if then is not None:
                    self.app.call_later(then)
        finally:
            self._keys_free()

    # -- body, preview, external editor -------------------------------------------------

    async def action_toggle_preview(self) -> None:
        """Show the rendered body beside the text (wide screens) or instead of it, or hide it."""
        body = self.body_editor
        if body is None:
            return
        await body.toggle_preview(wide=self.size.width >= 110)
        body.scroll_visible()

    def action_focus_body(self) -> None:
        """Move to the body text."""
        body = self.body_editor
        if body is not None:
            body.text_area.focus()
            body.scroll_visible()

    async def action_external(self) -> None:
        """Open the posting in $VISUAL/$EDITOR, then reload and revalidate it."""
        if self.posting is None:
            self.notify("save the new posting first (ctrl+s)", severity="warning")
            return
        if self.is_dirty():
            self.notify(
                "save (ctrl+s) or undo your changes before opening another editor",
                severity="warning",
            )
            return
        relpath = self.posting.relpath
        refusal = not_editable(self.workspace.root / relpath)
        if refusal:
            self.notify(visible(refusal), title="External editor", severity="error", markup=False)
            return
        error = open_in_editor(self.app, self.workspace.root / relpath)
        fresh = self.workspace.read(relpath, self.spec.name)
        if fresh.raw != self.posting.raw or fresh.stamp is None:
            self.session.adopt(self.posting, fresh)
            self._saved = fresh
        if error:
            self.notify(
                visible(error, keep="\n"), title="External editor", severity="error", markup=False
            )
        if fresh.stamp is None:
            return
        await self._reload(fresh)
        if fresh.error is not None:
            self.notify(visible(str(fresh.error), keep="\n"), severity="error", markup=False)
        elif not error:
            errors = self._revalidate()
            n = sum(1 for _, i in errors if i.severity == "error")
            self.notify(f"reloaded {visible(relpath)}: {plural(n, 'error')}", markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """No traceback reaches the user: a failed save or prompt becomes a notification."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            message = visible(str(event.worker.error), keep="\n")
            self.notify(message, title="Editor", severity="error", markup=False)
