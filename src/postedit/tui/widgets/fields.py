"""Form widgets made from field specs: one editor per front-matter field.

Each editor shows a label, its control, the schema's hint and the findings for the field. It
keeps the value it was loaded with and the state its control started in, so the screen can
tell which fields really changed: an untouched control never counts as a change, even when its
text would type back differently (a datetime shown as text); a touched one counts only when the
typed value differs (``same_value``).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import yaml
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import Suggester, SuggestFromList
from textual.validation import ValidationResult, Validator
from textual.widgets import (
    Input,
    Label,
    OptionList,
    Select,
    SelectionList,
    Static,
    Switch,
    TextArea,
)

from postedit.core.fieldcheck import Issue, check_value, cleared, format_value, parse_text
from postedit.core.fieldcheck import same_value as _same
from postedit.core.frontmatter import SafeLoader
from postedit.core.sanitize import has_unsafe
from postedit.core.schema import CollectionSpec, FieldSpec
from postedit.core.schema_yaml import dump_text
from postedit.core.site import unpublishing, unset_truth
from postedit.core.validate import Context, validator_for
from postedit.tui.safe import safe_text
from postedit.tui.widgets.inorder import InOrderInput, left_by_tab, run_own_binding
from postedit.tui.widgets.inorder_area import InOrderTextArea
from postedit.tui.widgets.ticks import TickList, TickSwitch

__all__ = [
    "FieldEditor",
    "FieldState",
    "FieldValidator",
    "InputField",
    "ListField",
    "MultiSelectField",
    "ObjectField",
    "SelectField",
    "SwitchField",
    "TextField",
    "UNSAFE_HINT",
    "YamlField",
    "has_grammar",
    "make_editor",
    "unknown_field",
]

_PLACEHOLDERS = {
    "date": "YYYY-MM-DD",
    "datetime": "YYYY-MM-DD HH:MM",
    "email": "name@example.org",
    "url": "https://",
    "integer": "0",
    "number": "0.0",
}


def has_grammar(language: str) -> bool:
    """True when tree-sitter and the grammar for ``language`` are installed (highlighting)."""
    return (
        importlib.util.find_spec("tree_sitter") is not None
        and importlib.util.find_spec(f"tree_sitter_{language}") is not None
    )


def _dom_id(name: str) -> str:
    return "field-" + (re.sub(r"[^A-Za-z0-9_-]", "_", str(name)) or "_")


@dataclass(frozen=True)
class FieldState:
    """What an editor holds now, compared with what it was loaded with."""

    present: bool
    """The key is (still) set."""
    value: Any
    """The typed value (or, when ``error`` is set, the text as typed)."""
    changed: bool
    """True when saving must write (or remove) this key."""
    error: str | None = None
    """Why the text cannot be typed (the value is then the text itself)."""
    savable: bool = True
    """False when the text cannot be written at all (broken YAML)."""


class FieldValidator(Validator):
    """A thin Textual validator over the core's pure checks (errors only).

    The text is typed by ``core.fieldcheck.parse_text``; the value is checked by the core
    validator's ``check_field`` for a top-level field of ``collection`` (a relation against
    the entries in ``context``, as ``check`` checks it), else by
    ``core.fieldcheck.check_value`` (nested fields, list items).
    """

    def __init__(
        self,
        spec: FieldSpec,
        collection: CollectionSpec | None = None,
        context: Context | None = None,
        inherited: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.spec = spec
        self.collection = collection
        self.context = context
        self.inherited = inherited

    def validate(self, value: str) -> ValidationResult:
        """Fail with the core's messages when the text is not a valid value of the field."""
        errors = field_errors(self.spec, value, self.collection, self.context, self.inherited)
        return self.failure("; ".join(errors), value) if errors else self.success()


def field_errors(
    spec: FieldSpec,
    text: str,
    collection: CollectionSpec | None,
    context: Context | None = None,
    inherited: Mapping[str, Any] | None = None,
) -> list[str]:
    """Error messages for ``text`` typed into the input of ``spec`` (``context``: the entries
    relations point at, schema_load.relation_context; ``inherited``: what the site gives
    the posting from other files, ``Posting.inherited``)."""
    top = collection if collection is not None and collection.field(spec.name) is spec else None
    try:
        value = parse_text(spec, text, top is not None and unpublishing(top, spec.name))
    except ValueError as exc:
        return [str(exc)]
    if top is not None:  # a top-level field: the collection's validator
        problems = validator_for(top).check_field(spec.name, value, context, inherited)
        return [m for severity, m in problems if severity == "error"]
    return [i.message for i in check_value(spec, value) if i.severity == "error"]


class FieldEditor(Vertical):
    """Base editor: label, control, hint and findings for one field."""

    DEFAULT_CSS = """
    FieldEditor {
        height: auto;
        margin: 0 0 1 0;
    }
    FieldEditor > .field-label { text-style: bold; width: 1fr; }
    FieldEditor > .field-label.-changed { color: $warning; }
    FieldEditor > .field-hint { color: $text-muted; }
    FieldEditor > .field-findings { color: $error; display: none; }
    FieldEditor > .field-findings.-shown { display: block; }
    FieldEditor > .field-findings.-warning { color: $warning; }
    FieldEditor Input, FieldEditor Select { width: 1fr; }
    """

    class Changed(Message):
        """The user changed this field (bubbles to the screen, which revalidates)."""

        def __init__(self, editor: FieldEditor) -> None:
            super().__init__()
            self.editor = editor
            """The editor that changed."""

    def __init__(
        self,
        spec: FieldSpec,
        value: Any,
        present: bool,
        *,
        label: str | None = None,
        hint: str | None = None,
        id: str | None = None,
        collection: CollectionSpec | None = None,
        suggestions: Sequence[str] = (),
        context: Context | None = None,
        inherited: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(id=id if id is not None else _dom_id(spec.name))
        self.collection = collection
        """The collection when this is a top-level field (its validator checks the value)."""
        self.context = context
        """The entries relations point at (schema_load.relation_context), listed once by the
        screen: the validator checks a relation against them as ``check`` does."""
        self.inherited = inherited
        """What the site gives the posting from other files (``Posting.inherited``): a
        required field it gives may be left empty."""
        self.suggestions = suggestions
        """Values the input completes as you type (a relation's entries), best first."""
        self.spec = spec
        """The field's schema."""
        self.key = spec.name
        """The YAML key."""
        self.original: Any = value
        """The value loaded (None when absent)."""
        self.was_present = present
        """The key was set when loaded."""
        title = str(spec.title)
        self._label = label if label is not None else title + (" *" if spec.required else "")
        self._hint = spec.hint if hint is None else hint
        self._baseline: Any = None
        self._based = False
        self.unpublishing = collection is not None and unpublishing(collection, spec.name)
        """A ``false`` here keeps the posting off the site (site.unpublishing): a valid value
        whatever the field's type, and the text ``false`` is that boolean."""

    def compose(self) -> ComposeResult:
        yield Label(safe_text(self._label), classes="field-label")
        yield from self.compose_control()
        if self._hint:
            yield Static(safe_text(self._hint.strip(), keep="\n"), classes="field-hint")
        yield Static("", classes="field-findings", markup=False)

    def compose_control(self) -> ComposeResult:
        """The control(s) of this kind of field."""
        yield from ()

    def on_mount(self) -> None:
        self._baseline = self.raw()
        self._based = True

    # -- the contract the screen uses ----------------------------------------------------

    def raw(self) -> Any:
        """A comparable snapshot of the control's state."""
        raise NotImplementedError

    def read(self) -> tuple[bool, Any]:
        """(present, typed value) from the control; ValueError when the text is not valid."""
        raise NotImplementedError

    def fallback(self) -> tuple[bool, Any]:
        """What to write when the text is invalid and the user saves anyway."""
        return True, self.raw()

    def touched(self) -> bool:
        """The control is not in the state it was loaded in."""
        return self._based and self.raw() != self._baseline

    def state(self) -> FieldState:
        """The field's value now and whether saving must write it."""
        if not self.touched():
            return FieldState(self.was_present, self.original, False)
        try:
            present, value = self.read()
        except ValueError as exc:
            present, value = self.fallback()
            return FieldState(present, value, True, str(exc), savable=self._fallback_ok())
        if present == self.was_present and (not present or _same(value, self.original)):
            return FieldState(present, self.original if present else None, False)
        return FieldState(present, value, True)

    def _fallback_ok(self) -> bool:
        return True

    def check(self) -> list[Issue]:
        """The field's own problems (typing errors first, then the value's)."""
        st = self.state()
        if st.error is not None:
            return [Issue("error", st.error)]
        if self.unpublishing and st.present and st.value is False:
            return []
        return check_value(self.spec, st.value if st.present else None)

    def require(self, needed: bool) -> None:
        """Whether the schema's ``required`` holds now: not inside an object that is not set
        (``ObjectField.check``). Only the controls that mark an empty value need to know."""

    def rebase(self, present: bool, value: Any) -> None:
        """After a save: the current control state is the new starting point."""
        self.original = value
        self.was_present = present
        self._baseline = self.raw()
        self.set_class(False, "-changed")
        for label in self.query_children(".field-label"):
            label.set_class(False, "-changed")

    def show_issues(self, issues: Iterable[Issue]) -> None:
        """Show findings under the field (errors red, warnings yellow)."""
        items = list(issues)
        box = self.query_one(".field-findings", Static)
        lines = "\n".join(f"{'✗' if i.severity == 'error' else '!'} {i.message}" for i in items)
        box.update(safe_text(lines, keep="\n"))
        box.set_class(bool(items), "-shown")
        box.set_class(bool(items) and all(i.severity == "warning" for i in items), "-warning")
        for label in self.query_children(".field-label"):
            label.set_class(self.touched(), "-changed")

    def editors(self) -> Iterator[FieldEditor]:
        """This editor and the ones nested in it."""
        yield self

    def notify_changed(self) -> None:
        """Tell the screen (once the editor is set up)."""
        if self._based:
            self.post_message(self.Changed(self))


class InputField(FieldEditor):
    """string, email, url, integer, number, date, datetime (and scalars of other types)."""

    def compose_control(self) -> ComposeResult:
        yield InOrderInput(
            format_value(self.original) if self.was_present else "",
            placeholder=_PLACEHOLDERS.get(self.spec.type, ""),
            validators=[FieldValidator(self.spec, self.collection, self.context, self.inherited)],
            validate_on=["changed", "blur", "submitted"],
            select_on_focus=False,
            valid_empty=not self.spec.required,
            compact=True,
            suggester=self._suggester(),
        )

    def _suggester(self) -> Suggester | None:
        if not self.suggestions:
            return None
        if self.spec.type == "relation" and self.spec.multiple:
            return _SuggestLastItem(self.suggestions)
        return SuggestFromList(self.suggestions, case_sensitive=False)

    @property
    def input(self) -> Input:
        """The text input."""
        return self.query_one(Input)

    def raw(self) -> str:
        return self.input.value

    def read(self) -> tuple[bool, Any]:
        value = parse_text(self.spec, self.input.value, self.unpublishing)
        if value is None:
            return cleared(self.spec, self.was_present)
        return True, value

    def fallback(self) -> tuple[bool, Any]:
        return True, self.input.value

    def require(self, needed: bool) -> None:
        valid_empty = not (needed and self.spec.required)
        if self.input.valid_empty == valid_empty:
            return
        self.input.valid_empty = valid_empty
        if self.input.has_class("-valid", "-invalid"):  # marked already: mark it again
            self.input.validate(self.input.value)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.notify_changed()


class _SuggestLastItem(Suggester):
    """Completes the last item of ``a, b`` text (a multiple relation) from ``values``, best
    first, whatever its case; the items before it stay as typed."""

    def __init__(self, values: Sequence[str]) -> None:
        super().__init__(case_sensitive=True)  # the items before the last keep their case
        self._values = list(values)
        self._folded = [v.casefold() for v in values]

    async def get_suggestion(self, value: str) -> str | None:
        """``value`` with its last item completed, or None."""
        head, comma, last = value.rpartition(",")
        typed = last.lstrip()
        if not typed:
            return None
        start = head + comma + last[: len(last) - len(typed)]
        for folded, full in zip(self._folded, self._values, strict=True):
            if folded.startswith(typed.casefold()):
                return start + full
        return None


class SwitchField(FieldEditor):
    """A boolean."""

    DEFAULT_CSS = """
    SwitchField > Horizontal { height: 1; }
    SwitchField Switch, SwitchField Switch:focus {
        width: auto; height: 1; border: none; padding: 0 1; background: transparent;
    }
    SwitchField Switch:focus { text-style: reverse bold; }
    SwitchField .switch-state { padding: 0 1; }
    """

    def compose_control(self) -> ComposeResult:
        # not set: shown as the site reads it (Jekyll's published true, or what a default
        # gives), so one flip writes the other value (it wrote true, which changed nothing)
        if self.was_present or self.collection is None:  # in an object: nothing inherited
            on = self.original is True
        else:
            on = unset_truth(self.inherited, self.key, self.collection)
        with Horizontal():
            yield TickSwitch(on, animate=False)
            yield Label(self._state_text(on), classes="switch-state")

    def _state_text(self, value: bool) -> str:
        if not self.was_present and not self.touched():
            return f"{'yes' if value else 'no'} (not set)"
        return "yes" if value else "no"

    def raw(self) -> bool:
        return self.query_one(Switch).value

    def read(self) -> tuple[bool, Any]:
        return True, self.query_one(Switch).value

    @on(Switch.Changed)
    def _changed(self, event: Switch.Changed) -> None:
        event.stop()
        self.query_one(".switch-state", Label).update(self._state_text(event.value))
        self.notify_changed()


def _option_label(spec: FieldSpec, index: int) -> str:
    option = spec.options[index]
    if index < len(spec.option_labels) and spec.option_labels[index]:
        label = spec.option_labels[index]
        return label if label == format_value(option) else f"{label} ({format_value(option)})"
    return format_value(option)


class _InOrderSelect(Select[int]):
    """A select whose keys (``space``, ``enter``, arrows open the menu) act where typed:
    ``space`` then ``tab`` in one read opened the next field's menu (widgets/inorder.py).
    So do its menu's (arrows, ``enter`` chooses), which come here from the menu: with the
    menu open, ``down enter tab`` in one read lost the choice (``tab`` closed the menu and
    moved on as soon as it was read; ``down enter`` ran on the next field)."""

    def _menu(self) -> OptionList:
        return next(w for w in self.children if isinstance(w, OptionList))

    async def _on_key(self, event: events.Key) -> None:
        menu = self._menu()
        if (menu.has_focus or left_by_tab(menu)) and await run_own_binding(menu, event):
            return
        await run_own_binding(self, event)

    def on_select_overlay_update_selection(self) -> None:
        """A choice made in the menu: Textual then focuses the select again, which a tab
        read after the choice has left; the focus goes back where the tab took it."""
        focused = self.app.focused
        if focused is not None and self not in focused.ancestors_with_self:
            # after Textual's handler (call_next) has asked the app to focus the select
            self.call_next(self.app.call_later, self.screen.set_focus, focused)


class SelectField(FieldEditor):
    """A select of one option (a value outside the options is kept as an extra choice)."""

    def __init__(self, spec: FieldSpec, value: Any, present: bool, **kw: Any) -> None:
        super().__init__(spec, value, present, **kw)
        self._choices: list[Any] = list(spec.options)
        self._labels = [_option_label(spec, i) for i in range(len(spec.options))]
        self._initial: int | None = None
        if present and value is not None:
            for i, option in enumerate(self._choices):
                if _same(option, value):
                    self._initial = i
                    break
            else:
                self._choices.append(value)
                self._labels.append(f"{format_value(value)} (not an option)")
                self._initial = len(self._choices) - 1

    def compose_control(self) -> ComposeResult:
        yield _InOrderSelect(
            [(safe_text(label), i) for i, label in enumerate(self._labels)],
            value=self._initial if self._initial is not None else Select.NULL,
            allow_blank=True,
            prompt="(none)",
            compact=True,
        )

    def raw(self) -> Any:
        value = self.query_one(Select).value
        return None if value is Select.NULL else value

    def read(self) -> tuple[bool, Any]:
        index = self.raw()
        if index is None:
            return False, None
        return True, self._choices[index]

    @on(Select.Changed)
    def _changed(self, event: Select.Changed) -> None:
        event.stop()
        self.notify_changed()


class MultiSelectField(FieldEditor):
    """A select of several options: a selection list (space toggles)."""

    DEFAULT_CSS = """
    MultiSelectField SelectionList { height: auto; max-height: 10; }
    """

    def __init__(self, spec: FieldSpec, value: Any, present: bool, **kw: Any) -> None:
        super().__init__(spec, value, present, **kw)
        self._choices: list[Any] = list(spec.options)
        self._labels = [_option_label(spec, i) for i in range(len(spec.options))]
        values = value if isinstance(value, list) else ([] if value is None else [value])
        self._selected: set[int] = set()
        for v in values:
            for i, option in enumerate(self._choices):
                if _same(option, v):
                    self._selected.add(i)
                    break
            else:
                self._choices.append(v)
                self._labels.append(f"{format_value(v)} (not an option)")
                self._selected.add(len(self._choices) - 1)

    def compose_control(self) -> ComposeResult:
        yield TickList(
            *[(safe_text(label), i, i in self._selected) for i, label in enumerate(self._labels)],
            compact=True,
        )

    def raw(self) -> tuple[int, ...]:
        return tuple(sorted(self.query_one(SelectionList).selected))

    def read(self) -> tuple[bool, Any]:
        chosen = [self._choices[i] for i in self.raw()]
        if not chosen:
            return cleared(self.spec, self.was_present)
        return True, chosen

    @on(SelectionList.SelectedChanged)
    def _changed(self, event: SelectionList.SelectedChanged[int]) -> None:
        event.stop()
        self.notify_changed()


class TextField(FieldEditor):
    """Multi-line text."""

    DEFAULT_CSS = """
    TextField TextArea { height: 6; }
    """

    def compose_control(self) -> ComposeResult:
        text = "" if self.original is None else str(self.original)
        yield InOrderTextArea(text, soft_wrap=True, tab_behavior="focus", compact=True)

    def raw(self) -> str:
        return self.query_one(TextArea).text

    def read(self) -> tuple[bool, Any]:
        text = self.raw()
        if text.strip() == "":
            return False, None
        return True, text

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.notify_changed()


def dump_yaml(value: Any) -> str:
    """The YAML text of one value, as shown in a YAML field (control characters and the like
    written as YAML escapes, see schema_yaml.dump_text: the text area shows them as typed)."""
    if value is None:
        return ""
    text = dump_text(value, sort_keys=False, default_flow_style=False, width=100)
    if text.endswith("\n...\n"):
        text = text[: -len("\n...\n")]
    return text.rstrip("\n")


class YamlField(FieldEditor):
    """Any value as YAML text: keys unknown to the schema, and values a typed control can't hold."""

    DEFAULT_CSS = """
    YamlField TextArea { height: auto; max-height: 10; min-height: 1; }
    """

    def compose_control(self) -> ComposeResult:
        language = "yaml" if has_grammar("yaml") else None
        yield InOrderTextArea(
            dump_yaml(self.original) if self.was_present else "",
            language=language,
            soft_wrap=True,
            tab_behavior="focus",
            compact=True,
        )

    def raw(self) -> str:
        return self.query_one(TextArea).text

    def read(self) -> tuple[bool, Any]:
        text = self.raw()
        if text.strip() == "":
            return False, None
        try:
            return True, yaml.load(text, Loader=SafeLoader)  # noqa: S506 - safe loader only
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}: " if mark is not None else ""
            problem = getattr(exc, "problem", None) or "not valid YAML"
            raise ValueError(f"{where}{problem}") from None

    def fallback(self) -> tuple[bool, Any]:
        return self.was_present, self.original

    def _fallback_ok(self) -> bool:
        return False

    def check(self) -> list[Issue]:
        st = self.state()
        if st.error is not None:
            return [Issue("error", st.error)]
        if self.spec.type == "any":
            return []
        return check_value(self.spec, st.value if st.present else None)

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.notify_changed()


class ListField(FieldEditor):
    """A list of scalars: one input per item; keys add, remove and move items."""

    DEFAULT_CSS = """
    ListField > #items { height: auto; padding-left: 2; }
    ListField > #items > Input { width: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # the item's keys run where typed (_ItemInput): what is typed after ctrl+n goes into
        # the item it adds (``ctrl+n rust`` typed fast), after ctrl+r into the one focused next
        Binding(
            "ctrl+n",
            "add_item",
            "Add item",
            id="list-add",
            tooltip="In a list field: add an item",
        ),
        Binding(
            "ctrl+r",
            "remove_item",
            "Remove item",
            id="list-remove",
            tooltip="In a list field: remove the item",
        ),
        # not on the key bar: with them, "esc Back" went past 80 columns (help and palette
        # list them, and so does the field's hint)
        Binding(
            "ctrl+up,alt+up",
            "move_item(-1)",
            "Move up",
            id="list-up",
            tooltip="In a list field: move the item up",
            show=False,
        ),
        Binding(
            "ctrl+down,alt+down",
            "move_item(1)",
            "Move down",
            id="list-down",
            tooltip="In a list field: move the item down",
            show=False,
        ),
    ]

    def __init__(self, spec: FieldSpec, value: Any, present: bool, **kw: Any) -> None:
        if not kw.get("hint") and not spec.hint:
            kw["hint"] = "ctrl+n adds an item, ctrl+r removes one, ctrl+↑/↓ move it"
        super().__init__(spec, value, present, **kw)
        items = value if isinstance(value, list) else ([] if value is None else [value])
        self._items = [format_value(v) for v in items]
        self._item_spec = FieldSpec(spec.name, type=spec.item_type or "string")
        self.key_item: Input | None = None
        """The item whose key runs one of the field's actions (set by the item): the one
        they act on, though a tab read after the key has moved the focus on."""

    def _new_input(self, text: str) -> Input:
        return _ItemInput(
            text,
            placeholder="item",
            validators=[FieldValidator(self._item_spec)],
            validate_on=["changed", "blur"],
            select_on_focus=False,
            valid_empty=True,
            compact=True,
        )

    def compose_control(self) -> ComposeResult:
        with Vertical(id="items"):
            for text in self._items or [""]:
                yield self._new_input(text)

    def _inputs(self) -> list[Input]:
        return list(self.query_one("#items").query_children(Input))

    def raw(self) -> tuple[str, ...]:
        return tuple(i.value for i in self._inputs())

    def read(self) -> tuple[bool, Any]:
        out = []
        for text in self.raw():
            if text.strip() == "":
                continue
            value = parse_text(self._item_spec, text)
            out.append(value)
        if not out and not self.was_present:
            return False, None
        return True, out

    def fallback(self) -> tuple[bool, Any]:
        return True, [t for t in self.raw() if t.strip()]

    def _current(self) -> int:
        inputs = self._inputs()
        focused = self.screen.focused if self.is_mounted else None
        typed_in = self.key_item or focused  # (a tab read after the key moved the focus on)
        for n, widget in enumerate(inputs):
            if widget is typed_in:
                return n
        return len(inputs) - 1

    async def action_add_item(self) -> None:
        """Add an empty item after the current one and focus it."""
        inputs = self._inputs()
        new = self._new_input("")
        if inputs:
            await self.query_one("#items").mount(new, after=inputs[self._current()])
        else:
            await self.query_one("#items").mount(new)
        self.screen.set_focus(new)  # now: the keys read after ctrl+n are the new item's
        self.notify_changed()

    async def action_remove_item(self) -> None:
        """Remove the current item (the last one left is emptied instead)."""
        inputs = self._inputs()
        n = self._current()
        if len(inputs) <= 1:
            inputs[0].value = ""
            return
        rest = inputs[:n] + inputs[n + 1 :]
        # the focus moves now: keys read after ctrl+r, on their way to the item removed, go
        # to the one focused (inorder.run_own_binding)
        self.screen.set_focus(rest[min(n, len(rest) - 1)])
        await inputs[n].remove()
        self.notify_changed()

    def action_move_item(self, step: int) -> None:
        """Swap the current item with its neighbour (the focus follows)."""
        inputs = self._inputs()
        n = self._current()
        m = n + step
        if not 0 <= m < len(inputs):
            return
        a, b = inputs[n], inputs[m]
        cursor = a.cursor_position
        a.value, b.value = b.value, a.value
        b.cursor_position = cursor  # the cursor moves with the item, where it was in it
        self.screen.set_focus(b)  # now: the keys read after it follow the item
        self.notify_changed()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.notify_changed()


class _ItemInput(InOrderInput):
    """An item of a list field: the field's keys (remove, move) act where typed, in order
    with the letters around them (``ctrl+r`` then text: the text goes to the item focused
    next, not into the one removed)."""

    async def _on_key(self, event: events.Key) -> None:
        field = next((a for a in self.ancestors if isinstance(a, ListField)), None)
        if field is not None:
            field.key_item = self
        try:
            done = await run_own_binding(self, event, field)
        finally:
            if field is not None:
                field.key_item = None
        if not done:
            await Input._on_key(self, event)


class ObjectField(FieldEditor):
    """An object: its nested fields, indented (keys the schema does not know are kept)."""

    DEFAULT_CSS = """
    ObjectField > #nested { height: auto; padding-left: 2; border-left: solid $secondary; }
    """

    def __init__(self, spec: FieldSpec, value: Any, present: bool, **kw: Any) -> None:
        super().__init__(spec, value, present, **kw)
        self._value: dict[str, Any] = dict(value) if isinstance(value, dict) else {}

    def compose_control(self) -> ComposeResult:
        with Vertical(id="nested"):
            for child in self.spec.fields:
                yield make_editor(child, self._value.get(child.name), child.name in self._value)

    def children_editors(self) -> list[FieldEditor]:
        """The editors of the nested fields."""
        return list(self.query_one("#nested").query_children(FieldEditor))

    def raw(self) -> tuple[Any, ...]:
        return tuple(c.raw() for c in self.children_editors())

    def read(self) -> tuple[bool, Any]:
        out = dict(self._value)
        for child in self.children_editors():
            st = child.state()
            if st.error is not None and not st.savable:
                raise ValueError(f"{child.spec.title}: {st.error}")
            if st.present:
                out[child.key] = st.value
            else:
                out.pop(child.key, None)
        if not out and not self.was_present:
            return False, None
        return True, out

    def check(self) -> list[Issue]:
        # an object that is not set needs none of its fields (as core.validate says), unless
        # the object itself is required: then they say what setting it takes
        needed = self.spec.required or self.state().present
        issues: list[Issue] = []
        for child in self.children_editors():
            child.require(needed)
            if not needed:  # its fields are all empty: "is required" is all they could say
                for editor in child.editors():
                    editor.show_issues([])
                continue
            found = child.check()
            child.show_issues(found)
            issues.extend(Issue(i.severity, f"{child.spec.title}: {i.message}") for i in found)
        if not issues:
            st = self.state()
            issues = check_value(self.spec, st.value if st.present else None)
        return issues

    def require(self, needed: bool) -> None:
        if not needed:  # set or not, this object is inside one that is not
            for child in self.children_editors():
                child.require(False)

    def rebase(self, present: bool, value: Any) -> None:
        self._value = dict(value) if isinstance(value, dict) else {}
        for child in self.children_editors():
            child.rebase(child.key in self._value, self._value.get(child.key))
        super().rebase(present, value)

    def editors(self) -> Iterator[FieldEditor]:
        yield self
        for child in self.children_editors():
            yield from child.editors()

    def on_field_editor_changed(self, event: FieldEditor.Changed) -> None:
        if event.editor is not self:
            event.stop()
            self.notify_changed()


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, list | dict)


def _holds_unsafe(value: Any) -> bool:
    """True when a text in ``value`` (a key too) holds a character a terminal could act on."""
    if isinstance(value, str):
        return has_unsafe(value)
    if isinstance(value, list):
        return any(map(_holds_unsafe, value))
    if isinstance(value, dict):
        return any(_holds_unsafe(k) or _holds_unsafe(v) for k, v in value.items())
    return False


UNSAFE_HINT = 'holds control characters, shown as YAML escapes ("\\e" is ESC, "\\t" a tab)'
"""The hint of a field edited as YAML because of its control characters."""


def make_editor(spec: FieldSpec, value: Any, present: bool, **kw: Any) -> FieldEditor:
    """The editor for ``spec`` holding ``value`` (a YAML field when the value does not fit).

    A value holding control characters (an ESC, a C1 control, a bidirectional override...)
    is edited as YAML: a text input would send them to the terminal as they are, and YAML
    shows them as escapes that read back as the same characters.
    """
    kind = spec.type
    if kind == "object" and (value is None or isinstance(value, dict)) and spec.fields:
        return ObjectField(spec, value, present, **kw)  # its fields each get their editor
    lines = isinstance(value, str) and (kind in ("text", "markdown") or "\n" in value)
    # a text area draws line breaks and tabs itself: they are no control characters there
    unsafe = has_unsafe(value, keep="\n\t") if lines else _holds_unsafe(value)
    if unsafe:
        kw["hint"] = "\n".join(h for h in (kw.get("hint") or spec.hint, UNSAFE_HINT) if h)
        return YamlField(spec, value, present, **kw)
    if (
        kind == "select"
        and spec.multiple
        and (value is None or _is_scalar(value) or all(_is_scalar(v) for v in value))
    ):
        return MultiSelectField(spec, value, present, **kw)
    if (
        kind == "relation"
        and spec.multiple
        and (value is None or _is_scalar(value) or all(_is_scalar(v) for v in value))
    ):
        return InputField(spec, value, present, **kw)  # entries typed `ann, bob`, as set takes
    if (
        kind == "list"
        and not spec.fields
        and spec.item_type in ("string", "integer", "number", "date", "datetime", "email", "url")
        and (value is None or _is_scalar(value) or all(_is_scalar(v) for v in value))
    ):
        return ListField(spec, value, present, **kw)
    if not _is_scalar(value) or kind in ("list", "object"):
        return YamlField(spec, value, present, **kw)
    if kind == "boolean" and (value is None or isinstance(value, bool)):
        return SwitchField(spec, value, present, **kw)
    if kind == "select" and spec.options and not spec.multiple:
        return SelectField(spec, value, present, **kw)
    if lines or kind in ("text", "markdown"):
        return TextField(spec, value, present, **kw)
    return InputField(spec, value, present, **kw)


def unknown_field(key: str, value: Any, **kw: Any) -> YamlField:
    """The editor of a key the schema does not know: its YAML text."""
    spec = FieldSpec(key, type="any")
    hint = "not in the schema: edited as YAML"
    if _holds_unsafe(value):
        hint += "; " + UNSAFE_HINT
    return YamlField(spec, value, True, label=str(key), hint=hint, **kw)
