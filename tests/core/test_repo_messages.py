"""Commit message templates (core/messages.py): defaults, schema overrides, Decap placeholders."""

from __future__ import annotations

from dataclasses import replace

import pytest

from postedit.core.messages import Change, classify, commit_message, render, revert_question
from postedit.core.posting import Posting, Stamp
from postedit.core.schema import CollectionSpec

JOBS = CollectionSpec(name="jobs", folder="content/_jobs", label="Fiche de postes", status="open")
PATH = "content/_jobs/2021-07-12-recrutement charge de déploiement.md"


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("toggle_off", 'Close "Chargé de déploiement"'),
        ("toggle_on", 'Open "Chargé de déploiement"'),
        ("update", 'Update "Chargé de déploiement"'),
        ("create", 'Create "Chargé de déploiement"'),
        ("delete", 'Delete "Chargé de déploiement"'),
    ],
)
def test_defaults_for_one_posting(kind: str, expected: str) -> None:
    assert commit_message([Change(PATH, "Chargé de déploiement", kind)], JOBS) == expected  # type: ignore[arg-type]


def test_bulk_same_kind_and_mixed() -> None:
    closes = [Change(f"content/_jobs/{i}.md", f"Job {i}", "toggle_off") for i in range(3)]
    assert commit_message(closes) == (
        'Close 3 postings\n\nClose "Job 0"\nClose "Job 1"\nClose "Job 2"'
    )
    mixed = [closes[0], Change("content/_jobs/x.md", "X", "update")]
    assert commit_message(mixed).splitlines()[0] == "Update 2 postings"
    assert commit_message([]) == ""


def test_schema_templates_and_decap_placeholders() -> None:
    spec = CollectionSpec(
        name="jobs",
        folder="content/_jobs",
        label="Fiche de postes",
        commit_message={
            "update": "Mise à jour de {{slug}} dans {{collection}}",
            "toggle_off": "Fermeture : {title} ({path})",
            "bulk": "{{collection}} : {count} fiches modifiées",
        },
    )
    assert commit_message([Change(PATH, "T", "update")], spec) == (
        "Mise à jour de 2021-07-12-recrutement charge de déploiement dans Fiche de postes"
    )
    assert commit_message([Change(PATH, "T", "toggle_off")], spec) == f"Fermeture : T ({PATH})"
    # a toggle does not fall back on the update template
    assert commit_message([Change(PATH, "T", "toggle_on")], spec) == 'Open "T"'
    bulk = commit_message([Change(PATH, "T", "toggle_off"), Change("b.md", "B", "update")], spec)
    assert bulk.splitlines()[0] == "Fiche de postes : 2 fiches modifiées"
    # Decap fills {{collection}} with what one posting is called, when the config says it
    singular = replace(spec, label_singular="Fiche de poste")
    assert commit_message([Change(PATH, "T", "update")], singular) == (
        "Mise à jour de 2021-07-12-recrutement charge de déploiement dans Fiche de poste"
    )


def test_render_leaves_unknown_placeholders_and_braces_alone() -> None:
    text = render("{{author-login}} {nope} {title} {", {"title": "{x}"})
    assert text == "{{author-login}} {nope} {x} {"


def test_multiline_titles_become_one_line() -> None:
    assert commit_message([Change("a.md", "Dev\n  senior ", "update")]) == 'Update "Dev senior"'


def _posting(fields: dict[str, object], body: str = "b\n", exists: bool = True) -> Posting:
    stamp = Stamp(1, 1, 1) if exists else None
    return Posting(PATH, "jobs", raw=body.encode(), stamp=stamp, fields=fields)


def test_classify() -> None:
    before = _posting({"roles": "Dev", "open": True})
    assert classify(before, _posting({"roles": "Dev", "open": False}), JOBS).kind == "toggle_off"
    added = _posting({"roles": "Dev", "open": True, "x": 1})
    assert classify(before, added, JOBS).kind == "update"
    body_edit = _posting({"roles": "Dev", "open": True}, "new\n")
    assert classify(before, body_edit, JOBS).kind == "update"
    assert classify(None, before, JOBS).kind == "create"
    assert classify(before, _posting({}, exists=False), JOBS).kind == "delete"
    unnamed = CollectionSpec(name="jobs", folder="content/_jobs", identifier_field="roles")
    reopened = classify(_posting({"roles": "Dev", "open": False}), before, unnamed)
    assert reopened.kind == "toggle_on" and reopened.title == "Dev"  # `open` when no status named
    other = CollectionSpec(name="jobs", folder="content/_jobs", status="published")
    assert classify(before, _posting({"roles": "Dev", "open": False}), other).kind == "update"


def test_a_quick_toggle_field_flipped_alone_is_a_flag_worded_as_an_update() -> None:
    """`p` (keys: {p: poste_pourvu}) flips one boolean: one key made it, so `u` takes it back
    without a question (tui/edits.QUIET_REVERT); its message is the update's."""
    spec = replace(JOBS, keys={"p": "poste_pourvu"})
    before = _posting({"roles": "Dev", "open": True})
    filled = _posting({"roles": "Dev", "open": True, "poste_pourvu": True})
    change = classify(before, filled, spec)
    assert change.kind == "flag"
    assert commit_message([change], spec) == f'Update "{PATH.rsplit("/", 1)[-1]}"'
    assert (
        classify(filled, _posting({"roles": "Dev", "open": True, "poste_pourvu": False}), spec).kind
        == "flag"
    )
    assert commit_message([change, change], spec).startswith("Update 2 postings\n\n")
    text = _posting({"roles": "Dev", "open": True, "poste_pourvu": "yes"})
    assert classify(before, text, spec).kind == "update"  # not a boolean: a form's edit
    assert classify(before, filled, JOBS).kind == "update"  # not one of the collection's keys


def test_classify_inverted_status_names() -> None:
    spec = CollectionSpec(name="posts", folder="_posts", status="draft")
    draft = _posting({"title": "P", "draft": True})
    published = _posting({"title": "P", "draft": False})
    assert classify(draft, published, spec).kind == "toggle_on"
    assert commit_message([classify(published, draft, spec)], spec) == 'Close "P"'


@pytest.mark.parametrize(
    ("kinds", "question"),
    [
        (
            ["restore"],
            "Revert this restore (as of 1a2b3c4)?\na.md\n\nThe file goes back as it "
            "was before the restore (ctrl+z brings the restore back).",
        ),
        (
            ["restore", "restore"],
            "Revert the restores of 2 postings?\na.md\nb.md\n\nThe files "
            "go back as they were before the restores (ctrl+z brings them back).",
        ),
        (
            ["update"],
            "Revert this edit?\na.md\n\nFields and body go back as they were before "
            "postedit changed them (ctrl+z brings the edit back).",
        ),
        (
            ["restore", "create"],
            "Revert the edits of 2 postings?\na.md\nb.md\n\nFields and "
            "body go back as they were before postedit changed them; the file postedit created "
            "is removed (ctrl+z brings the edit back).",
        ),
        (
            ["create"],
            "Revert this edit?\na.md\n\nThe file is removed: postedit created it "
            "(ctrl+z brings the edit back).",
        ),
    ],
)
def test_the_revert_question_says_what_goes_back(kinds: list[str], question: str) -> None:
    """``u``'s question (the TUI asks it): a restore is said to be one, with its commit."""
    changes = [
        Change(name, name.upper(), kind, "jobs", "1a2b3c4" if kind == "restore" else "")  # type: ignore[arg-type]
        for name, kind in zip(["a.md", "b.md"], kinds, strict=False)
    ]
    assert revert_question(changes) == question


def test_the_revert_question_names_the_changes_someone_else_made_since() -> None:
    one, two = Change("a.md", "A", "toggle_off"), Change("b.md", "B", "update")
    assert revert_question([one], ["a.md"]).endswith(
        "them.\nIt also holds changes that postedit did not make (git diff shows them): "
        "the revert throws them away too (ctrl+z brings the edit back)."
    )
    assert "\nb.md also holds changes" in revert_question([one, two], ["b.md"])
    assert "\n2 of them also hold changes" in revert_question([one, two], ["a.md", "b.md"])
