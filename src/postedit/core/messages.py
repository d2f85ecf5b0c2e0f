"""Commit messages from templates: ``Close "{title}"``, ``Update 3 postings``...

Templates come from ``CollectionSpec.commit_message`` (keys ``toggle_on``, ``toggle_off``,
``update``, ``create``, ``delete``, ``restore``, ``bulk``) and fall back to the defaults below. Both
``{title}`` and Decap's ``{{slug}}`` placeholder styles work. A status toggle uses only the
``toggle_on``/``toggle_off`` templates (a Decap ``update`` template is not used for it), so
closing a posting reads ``Close "..."`` unless the schema says otherwise. Text from a posting
(title, file name) goes in on one line, without control characters (``sanitize.for_commit``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from postedit.core.frontmatter import same_value
from postedit.core.git.state import plural
from postedit.core.posting import Posting
from postedit.core.sanitize import for_commit, jsonable, visible
from postedit.core.schema import CollectionSpec
from postedit.core.site import site_values
from postedit.core.status import STATUS_NAMES, toggle_kind

__all__ = [
    "DEFAULTS",
    "Change",
    "ChangeKind",
    "classify",
    "commit_message",
    "edit_words",
    "field_changes",
    "question_paths",
    "render",
    "revert_question",
    "undo_question",
    "undone",
    "value_words",
]

ChangeKind = Literal["toggle_on", "toggle_off", "flag", "update", "create", "delete", "restore"]
"""``flag``: one of the collection's quick-toggle fields (``keys``) flipped, alone: an update
as far as the message goes, but made and undone by one key. ``restore``: the file holds the
version a restore wrote (``EditSession.restore``: a commit's version), whatever that changes."""

DEFAULTS: dict[str, str] = {
    "toggle_on": 'Open "{title}"',
    "toggle_off": 'Close "{title}"',
    "update": 'Update "{title}"',
    "create": 'Create "{title}"',
    "delete": 'Delete "{title}"',
    "restore": 'Restore "{title}" (as of {rev})',
    "bulk": "{verb} {count} postings",
}
"""Default templates by action."""

_BULK_VERBS = {
    "toggle_on": "Open",
    "toggle_off": "Close",
    "flag": "Update",
    "update": "Update",
    "create": "Create",
    "delete": "Delete",
    "restore": "Restore",
}

_PLACEHOLDER = re.compile(r"\{\{\s*([\w-]+)\s*\}\}|\{([\w-]+)\}")


@dataclass(frozen=True, slots=True)
class Change:
    """One posting's part in a commit."""

    relpath: str
    """Repository-relative path of the posting."""
    title: str
    """Its title as the site shows it (core/site.py), else its file name."""
    kind: ChangeKind = "update"
    """What happened to it."""
    collection: str = ""
    """Collection name (for ``{collection}``)."""
    rev: str = ""
    """For a restore, the short hash of the commit whose version the file holds (``{rev}``)."""

    @property
    def slug(self) -> str:
        """The file name without its extension (Decap's ``{{slug}}``); for a page bundle's
        ``index.md`` (``path: "{{slug}}/index"``), its folder's name."""
        folder, _, name = self.relpath.rpartition("/")
        stem = name.rsplit(".", 1)[0] if "." in name else name
        if stem in ("index", "_index") and folder:
            return folder.rsplit("/", 1)[-1]
        return stem


def render(template: str, values: Mapping[str, Any]) -> str:
    """Fill ``{name}`` and ``{{name}}`` placeholders; unknown ones are left as written."""

    def sub(m: re.Match[str]) -> str:
        key = (m.group(1) or m.group(2)).lower().replace("-", "_")
        return str(values[key]) if key in values else m.group(0)

    return _PLACEHOLDER.sub(sub, template)


Text = Callable[[str], str]
"""How text from the repository goes into a message: ``for_commit`` for a commit,
``sanitize.visible`` for a message on screen (as the list shows the same title)."""


def _values(change: Change, spec: CollectionSpec | None, text: Text) -> dict[str, Any]:
    """The placeholders' values: text from the posting (its title, its file name) through
    ``text``: for a commit, on one line and without control characters (``git log`` shows a
    message as it is, in every clone, long after the posting is fixed)."""
    # Decap's {{collection}}: what one posting is called, else the collection's label
    collection = (spec.label_singular or spec.title) if spec is not None else change.collection
    return {
        "title": text(change.title),
        "slug": text(change.slug),
        "path": text(change.relpath),
        "filename": text(change.relpath.rsplit("/", 1)[-1]),
        "collection": text(collection),
        "collection_name": text(spec.name if spec is not None else change.collection),
        "rev": change.rev,
    }


def _template(kind: str, spec: CollectionSpec | None, text: Text) -> str:
    """The template for ``kind``: the schema's (each line through ``text``: the schema is a
    file of the repository too), else the default. A flag is worded as an update."""
    kind = "update" if kind == "flag" else kind
    if spec is not None and spec.commit_message.get(kind):
        return "\n".join(map(text, spec.commit_message[kind].split("\n")))
    return DEFAULTS[kind]


def commit_message(
    changes: Sequence[Change], spec: CollectionSpec | None = None, text: Text = for_commit
) -> str:
    """The default message for a commit holding ``changes`` (always editable by the user).

    One change: its kind's template. Several: ``Close 3 postings`` when all are the same kind
    (``Update N postings`` otherwise, or the schema's ``bulk`` template), then a blank line
    and one line per posting. ``text``: how the postings' text goes in (see ``Text``).
    """
    if not changes:
        return ""
    if len(changes) == 1:
        change = changes[0]
        return render(_template(change.kind, spec, text), _values(change, spec, text)).strip()
    kinds = {c.kind for c in changes}
    verb = _BULK_VERBS[next(iter(kinds))] if len(kinds) == 1 else "Update"
    first = _values(changes[0], spec, text)
    subject = render(
        _template("bulk", spec, text),
        {**first, "verb": verb, "count": len(changes), "n": len(changes)},
    ).strip()
    body = [render(_template(c.kind, spec, text), _values(c, spec, text)).strip() for c in changes]
    return subject + "\n\n" + "\n".join(body)


def classify(
    before: Posting | None,
    after: Posting | None,
    spec: CollectionSpec | None = None,
    restored: str | None = None,
) -> Change:
    """What happened to a posting between two readings (None or no file: absent).

    ``restored``: ``after`` holds the version of commit ``restored`` (a hash) that a restore
    wrote, and nothing since: ``restore``, whatever the version changes (it may close the
    posting, or bring it back), since that is what the user did; ``Restore "..." (as of
    1a2b3c4)``. A restore edited since is worded as any other change.

    Only the status field changed (see core/status.py): ``toggle_on`` when the posting opens
    (``open: true``, or ``draft: false`` for inverted names), ``toggle_off`` when it closes.
    Only a quick-toggle field (the collection's ``keys``) changed, from and to true or false
    (or absent): ``flag``.
    Line endings do not count (a checkout with ``core.autocrlf`` is the same text).
    """
    old = before if before is not None and before.exists else None
    new = after if after is not None and after.exists else None
    ref = new or old or before or after
    if ref is None:
        raise ValueError("classify needs at least one posting")
    title = _title(new or old or ref, spec)
    collection = spec.name if spec is not None else ref.collection
    if restored and new is not None:
        return Change(ref.relpath, title, "restore", collection, restored[:7])
    if old is None:
        return Change(ref.relpath, title, "create", collection)
    if new is None:
        return Change(ref.relpath, _title(old, spec), "delete", collection)
    kind: ChangeKind = "update"
    if old.ok and new.ok and _text(old.body) == _text(new.body):
        changed = [
            k
            for k in dict.fromkeys([*old.fields, *new.fields])
            if old.fields.get(k, _MISSING) != new.fields.get(k, _MISSING)
        ]
        named = spec.status if spec is not None else None
        if len(changed) == 1 and (
            changed[0] == named or (named is None and changed[0] in STATUS_NAMES)
        ):
            key = changed[0]
            kind = toggle_kind(key, old.fields.get(key), new.fields.get(key)) or "update"
        elif (
            len(changed) == 1
            and spec is not None
            and changed[0] in spec.keys.values()
            and all(isinstance(p.fields.get(changed[0]), bool | None) for p in (old, new))
        ):
            kind = "flag"
    return Change(ref.relpath, title, kind, collection)


def _title(posting: Posting, spec: CollectionSpec | None) -> str:
    """The posting's title as its site shows it, else its file name."""
    return site_values(posting, spec).title or posting.name


def _text(body: str) -> str:
    return body.replace("\r\n", "\n")


_MISSING = object()


def question_paths(relpaths: Sequence[str]) -> str:
    """The paths a question names, one a line: the first six, then ``...``."""
    return "\n".join(relpaths[:6]) + ("\n..." if len(relpaths) > 6 else "")


def revert_question(changes: Sequence[Change], others: Sequence[str] = ()) -> str:
    """What ``u`` asks before taking back postedit's pending ``changes`` (a form edit, a
    creation, a restore: those one key did not make; any change of ``others``, files that
    also hold changes postedit did not make), naming the first six files: what goes back,
    and that ctrl+z brings it back. A restore is said to be one (``Revert this restore
    (as of 1a2b3c4)?``), as its commit would be worded."""
    names = question_paths([c.relpath for c in changes])
    kinds = [c.kind for c in changes]
    created = kinds.count("create")
    restored = kinds.count("restore")
    back = "the edit"
    if restored == len(changes) == 1:
        what, back = f"this restore (as of {changes[0].rev})", "the restore"
        outcome = "The file goes back as it was before the restore"
    elif restored == len(changes):
        what, back = f"the restores of {len(changes)} postings", "them"
        outcome = "The files go back as they were before the restores"
    elif created == len(changes):  # postedit made the files: reverting removes them
        what = "this edit" if created == 1 else f"the edits of {created} postings"
        outcome = (
            "The file is removed: postedit created it"
            if created == 1
            else "The files are removed: postedit created them"
        )
    else:
        what = "this edit" if len(changes) == 1 else f"the edits of {len(changes)} postings"
        outcome = "Fields and body go back as they were before postedit changed them"
        if created:
            files = "the file postedit created is" if created == 1 else "the files it created are"
            outcome += f"; {files} removed"
    if others:
        if len(changes) == 1:
            held = "It also holds changes"
        elif len(others) == 1:
            held = f"{others[0]} also holds changes"
        else:
            held = f"{len(others)} of them also hold changes"
        outcome += (
            f".\n{held} that postedit did not make (git diff shows them): the revert "
            "throws them away too"
        )
    return f"Revert {what}?\n{names}\n\n{outcome} (ctrl+z brings {back} back)."


def undo_question(paths: Sequence[str] | None, pending: Sequence[str]) -> str:
    """The question before taking back the last commit, saying what ``undo`` will leave:
    ``pending``, those of the commit's ``paths`` whose changes come back as pending edits
    (EditSession.undo_preview, the rule ``undo`` follows); ``paths`` None when that is not
    known (``undo`` will say why it cannot)."""
    ask = "Undo the last commit?"
    if paths is None:
        return ask
    if not pending:
        return f"{ask} Nothing comes back as pending: its files hold the version before it."
    if len(pending) == len(paths):
        return f"{ask} Its changes come back as pending edits."
    return (
        f"{ask} Its changes to {len(pending)} of its {len(paths)} files come back as pending "
        "edits; the others hold the version before it."
    )


def undone(summary: str, pending: Sequence[str]) -> str:
    """What taking back the commit ``summary`` left, in one line: its changes pending again,
    or nothing pending when its files already held the version before it (a restore)."""
    if not pending:
        return f"undid {summary}; nothing is pending: its files held the version before it"
    return f"undid {summary}; its changes are pending edits again ({plural(len(pending), 'file')})"


VALUE_WIDTH = 60
"""Characters of a value ``value_words`` shows (a long text is cut, ``…`` after it)."""


def value_words(value: Any) -> str:
    """A front-matter value in one line, its type plain to see: ``true``, ``null``, ``12``,
    ``2024-01-02`` (a date), ``"Dev"`` (a text, quoted as JSON quotes it, so that ``"12"``
    is not ``12``), ``["a", "b"]``; at most ``VALUE_WIDTH`` characters, each a terminal
    could act on shown escaped (sanitize.visible)."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "null"
    elif isinstance(value, dt.date | dt.datetime | dt.time):
        text = value.isoformat()
    elif isinstance(value, int | float):
        text = str(value)
    else:
        text = json.dumps(jsonable(value), ensure_ascii=False)  # a key 2024-01-01: too
    return visible(text, limit=VALUE_WIDTH)


_ABSENT = object()


def field_changes(before: Mapping[Any, Any], after: Mapping[Any, Any]) -> list[str]:
    """What changed between two front matters, one item per key: ``open: true -> false``,
    ``tags: (absent) -> ["a"]``, ``draft: true -> (removed)``; a key inside a mapping as
    ``meta.lang: "en" -> "fr"``. Keys in the file's order, their names shown escaped."""
    out: list[str] = []
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key, _ABSENT), after.get(key, _ABSENT)
        name = visible(str(key))
        if isinstance(old, dict) and isinstance(new, dict):
            out.extend(f"{name}.{inner}" for inner in field_changes(old, new))
        elif old is _ABSENT or new is _ABSENT or not same_value(old, new):
            was = "(absent)" if old is _ABSENT else value_words(old)
            now = "(removed)" if new is _ABSENT else value_words(new)
            out.append(f"{name}: {was} -> {now}")
    return out


def edit_words(relpath: str, before: Mapping[Any, Any], after: Mapping[Any, Any]) -> str:
    """A posting's edit in one line, what ``set`` prints for each file:
    ``content/_jobs/x.md: open: true -> false; title: "A" -> "B"`` (field_changes), or
    ``content/_jobs/x.md: unchanged (already so)``; the path shown escaped."""
    changes = field_changes(before, after)
    return f"{visible(relpath)}: {'; '.join(changes) if changes else 'unchanged (already so)'}"
