"""The keys of every screen, read from their bindings.

The help (``?``, ``f1``) and docs/keys.md (scripts/make_keys_doc.py) are both made from here,
so a binding added to a screen shows in both. A screen's keys are its own bindings, those of
the widgets that hold the focus on it (the table, a list field) and, on full screens, the
app's; a few keys that are not bindings (moving, the palette) are written below.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding, BindingType
from textual.keys import key_to_character
from textual.screen import ModalScreen, Screen

__all__ = [
    "DOC_BEGIN",
    "DOC_END",
    "KeyRow",
    "ScreenKeys",
    "all_screen_keys",
    "binding_rows",
    "help_binding",
    "key_label",
    "keys_markdown",
    "screen_bindings",
    "screen_classes",
    "screen_keys",
    "with_keys",
]


@dataclass(frozen=True, slots=True)
class KeyRow:
    """One line of the help: keys, what they do, and the binding's id (for a keymap)."""

    keys: str
    """The keys as typed: ``/``, ``d, delete``, ``ctrl+s``."""
    description: str
    """What they do."""
    id: str = ""
    """The binding's id (``App.set_keymap``), empty for keys that are not bindings."""


@dataclass(frozen=True, slots=True)
class ScreenKeys:
    """The keys of one screen."""

    name: str
    """The screen's class name (``MainScreen``)."""
    title: str
    """What the help and the docs call it (``The list``)."""
    rows: tuple[KeyRow, ...]
    """Its keys, its own first."""


@dataclass(frozen=True, slots=True)
class _Known:
    """A screen of the help and of docs/keys.md: its title and where its keys come from."""

    title: str
    widgets: tuple[str, ...] = ()
    """``module:Class`` of widgets on the screen whose bindings work there."""
    app: bool = False
    """The app's bindings work there (a full screen: a modal one stops them)."""
    skip: tuple[str, ...] = ()
    """Actions of those bindings the screen refuses (``PosteditApp.check_action``)."""
    extra: tuple[KeyRow, ...] = ()
    """Keys that are not bindings."""


_APP = "postedit.tui.app:PosteditApp"
_TAB_ACTIONS = ("app.focus_by_tab(True)", "app.focus_by_tab(False)")
"""The actions of ``tab_bindings``: ``PosteditApp.action_focus_by_tab``."""
_PALETTE = KeyRow(
    "ctrl+p", "Command palette: every action by name (pull, pull --rebase, push, undo last commit)"
)
_EDITOR_PALETTE = KeyRow(
    "ctrl+p", "Command palette: help, quit, theme (the list's actions are in the list's)"
)
_QUIT = KeyRow("ctrl+q", "Quit (asks first when edits are not committed or not saved)")

_KNOWN: dict[str, _Known] = {
    "MainScreen": _Known(
        "The list",
        widgets=("postedit.tui.widgets.table:PostingTable",),
        app=True,
        extra=(
            KeyRow("enter, down in the filter", "Go to the list (the filter stays)"),
            KeyRow("? in the filter", "Typed as text (f1 opens the help there, the filter first)"),
            KeyRow("tab, shift+tab", "Move between the filter, the list and the tabs"),
            KeyRow("a click on a header", "Sort by that column; a second click reverses"),
            _PALETTE,
            _QUIT,
        ),
    ),
    "EditorScreen": _Known(
        "The editor",
        widgets=("postedit.tui.widgets.fields:ListField",),
        app=True,
        skip=("quit_app", *_TAB_ACTIONS),
        extra=(
            KeyRow("tab, shift+tab", "Next / previous field"),
            KeyRow("space, enter", "Flip a switch [x] / [ ], choose an option, open a select"),
            KeyRow("? in a text field", "Typed as text (f1 opens the help there)"),
            _EDITOR_PALETTE,
            _QUIT,
        ),
    ),
    "CommitScreen": _Known(
        "The commit dialog",
        widgets=("postedit.tui.screens.commit:DiffView",),
        skip=_TAB_ACTIONS,
        extra=(
            KeyRow(
                "up, down, pageup, pagedown, home, end",
                "Scroll the diff (focused when the dialog opens)",
            ),
            KeyRow(
                "tab, shift+tab",
                "Move to the message and the buttons; the message offered is selected: "
                "typing replaces it, an arrow edits it (enter there is a new line)",
            ),
        ),
    ),
    "HistoryScreen": _Known(
        "A posting's history",
        extra=(KeyRow("up, down, enter", "Choose a commit; enter shows its diff"),),
    ),
    "DiffScreen": _Known(
        "A commit's diff", extra=(KeyRow("up, down, pageup, pagedown", "Scroll"),)
    ),
    "SavedFiltersScreen": _Known(
        "Saved filters", extra=(KeyRow("up, down, enter", "Choose one; enter applies it"),)
    ),
    "ConfirmScreen": _Known("A question"),
    "_Dialog": _Known(
        "The editor's questions, and c's about someone else's change",
        extra=(
            KeyRow("the key on a button", "That answer (save, discard, stay, take it on...)"),
            KeyRow("escape", "Cancel"),
        ),
    ),
    "HelpScreen": _Known("This help"),
}
"""The screens postedit knows by name, in the order of the help and the docs. A screen not
named here is shown all the same, after them, titled from its docstring."""


def tab_bindings(part: str) -> list[Binding]:
    """``tab`` and ``shift+tab`` as priority bindings, for a screen whose fields take typed
    text (the form, the commit dialog). Textual's own tab is looked up once the key has
    passed the focused widget: keys typed right after tab reached that widget still (a field
    completing as it is typed, the commit dialog's diff). A priority binding moves on at
    once; keys read before it stay the field's (widgets/inorder.py, ``focus_by_tab``).
    ``part``: what tab moves to, for the tooltips (``field``)."""
    return [
        Binding("tab", _TAB_ACTIONS[0], "Next", show=False, priority=True, tooltip=f"Next {part}"),
        Binding(
            "shift+tab",
            _TAB_ACTIONS[1],
            "Previous",
            show=False,
            priority=True,
            tooltip=f"Previous {part}",
        ),
    ]


def help_binding() -> Binding:
    """The binding of ``?`` for a dialog: a modal screen never reaches the app's bindings
    (``f1``, a priority binding of the app, does)."""
    return Binding(
        "question_mark,f1",
        "app.help",
        "Help",
        show=False,
        id="dialog-help",
        tooltip="The keys of this dialog",
    )


_NAMED = {"slash": "/", "at": "@", "space": "space"}
"""Keys whose Unicode name is not Textual's (SOLIDUS...), and space, which stays a word."""


def key_label(keys: str) -> str:
    """How keys are typed: ``slash`` is ``/``, ``d,delete`` is ``d, delete``."""
    labels = []
    for key in (k.strip() for k in keys.split(",")):
        character = _NAMED.get(key) or key_to_character(key)
        labels.append(character if character and character.isprintable() else key)
    return ", ".join(labels)


def binding_rows(bindings: Iterable[BindingType], skip: Iterable[str] = ()) -> list[KeyRow]:
    """One row per binding (its tooltip, else its description), in order; bindings to the
    same action with the same words are one row, and a key bound twice shows once (the first:
    a screen's own binding before the table's)."""
    rows: list[KeyRow] = []
    seen: dict[tuple[str, str], int] = {}
    taken: set[str] = set()
    skipped = set(skip)
    for binding in bindings:
        if not isinstance(binding, Binding) or binding.action in skipped:
            continue
        keys = {k.strip() for k in binding.key.split(",")}
        if keys <= taken:
            continue
        taken |= keys
        words = binding.tooltip or binding.description
        label = key_label(binding.key)
        where = seen.get((binding.action, words))
        if where is not None:  # "f1" and "?" both open the help
            row = rows[where]
            rows[where] = KeyRow(f"{row.keys}, {label}", words, row.id)
            continue
        seen[(binding.action, words)] = len(rows)
        rows.append(KeyRow(label, words, binding.id or ""))
    return rows


def _load(path: str) -> type:
    module, name = path.split(":")
    cls: type = getattr(importlib.import_module(module), name)
    return cls


def _bindings(cls: type) -> list[BindingType]:
    """The bindings a class declares and those it inherits (as Textual merges them)."""
    out: list[BindingType] = []
    for base in reversed(cls.__mro__):
        if "BINDINGS" in vars(base) and base.__module__.startswith("postedit."):
            out += vars(base)["BINDINGS"]
    return out


def _known(screen: type[Screen[object]]) -> _Known:
    known = _KNOWN.get(screen.__name__)
    if known is None:
        doc = (inspect.getdoc(screen) or screen.__name__).split("\n")[0].rstrip(".")
        known = _Known(doc, app=not issubclass(screen, ModalScreen))
    return known


def screen_bindings(screen: type[Screen[object]]) -> list[BindingType]:
    """The bindings that work on ``screen`` (a class): its own, those of the widgets that hold
    the focus on it, then the app's on a full screen (the order of the help)."""
    known = _known(screen)
    bindings = _bindings(screen)
    for widget in known.widgets:
        bindings += _bindings(_load(widget))
    if known.app:
        bindings += _bindings(_load(_APP))
    return bindings


def screen_keys(screen: type[Screen[object]]) -> ScreenKeys:
    """The keys of ``screen`` (a class)."""
    known = _known(screen)
    rows = binding_rows(screen_bindings(screen), known.skip)
    return ScreenKeys(screen.__name__, known.title, (*rows, *known.extra))


def screen_classes() -> list[type[Screen[object]]]:
    """Every screen class of postedit.tui.screens, in the order of ``_KNOWN``, then the
    others by name."""
    import postedit.tui.screens as package

    found: dict[str, type[Screen[object]]] = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for obj in vars(module).values():
            if (
                inspect.isclass(obj)
                and issubclass(obj, Screen)
                and obj.__module__ == module.__name__
            ):
                found[obj.__name__] = obj
    order = list(_KNOWN)
    return sorted(
        found.values(),
        key=lambda c: (order.index(c.__name__) if c.__name__ in order else len(order), c.__name__),
    )


def all_screen_keys() -> list[ScreenKeys]:
    """The keys of every screen (docs/keys.md)."""
    return [screen_keys(cls) for cls in screen_classes()]


DOC_BEGIN = (
    "<!-- keys: generated by scripts/make_keys_doc.py from the bindings; edit them, not this -->"
)
"""Where the generated part of docs/keys.md starts."""
DOC_END = "<!-- keys: end of the generated part -->"
"""Where it ends."""


def _code(keys: str) -> str:
    if " " in keys.replace(", ", ""):  # words, not keys ("a click on a header")
        return keys
    return " ".join(f"`{k.strip()}`" for k in keys.split(", "))


def keys_markdown() -> str:
    """Every screen's keys as Markdown tables (the generated part of docs/keys.md)."""
    out: list[str] = []
    for screen in all_screen_keys():
        out += ["", f"### {screen.title}", "", "| Key | What it does | Id |", "| --- | --- | --- |"]
        for row in screen.rows:
            words = row.description.replace("|", "\\|")
            out.append(f"| {_code(row.keys)} | {words} | {f'`{row.id}`' if row.id else ''} |")
    return "\n".join(out[1:]) + "\n"


def with_keys(doc: str) -> str:
    """``doc`` (docs/keys.md) with its generated part made again from the bindings."""
    begin, end = doc.index(DOC_BEGIN) + len(DOC_BEGIN), doc.index(DOC_END)
    return f"{doc[:begin]}\n\n{keys_markdown()}\n{doc[end:]}"
