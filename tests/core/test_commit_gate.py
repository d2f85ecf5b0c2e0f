"""The commit gate: which errors the pending edits introduce, against the committed version."""

from __future__ import annotations

from pathlib import Path

import pytest

from postedit.core.git.runner import GitRepo
from postedit.core.session import EditSession
from postedit.core.workspace import open_workspace

SCHEMA = """\
version: 1
collections:
  jobs:
    folder: content/_jobs
    status: open
    rules:
      - when: poste_pourvu is true
        then: open is false
        message: a filled position cannot stay open
    fields:
      - {name: title, type: string, required: true}
      - {name: open, type: boolean}
      - {name: poste_pourvu, type: boolean}
      - {name: level, type: select, options: [junior, senior]}
"""
OLD = "content/_jobs/old.md"
FILLED = "content/_jobs/filled.md"
CLEAN = "content/_jobs/clean.md"
TWICE = "content/_jobs/twice.md"
FRESH = "content/_jobs/fresh.md"


@pytest.fixture
def site(make_repo) -> Path:  # type: ignore[no-untyped-def]
    return make_repo(
        {
            "postedit.yml": SCHEMA,
            OLD: "---\nopen: true\nlevel: expert\n---\nNo title, a level not in the options.\n",
            FILLED: "---\ntitle: Filled\nopen: false\nposte_pourvu: true\n---\n",
            CLEAN: "---\ntitle: Clean\nopen: true\nlevel: junior\n---\n",
            TWICE: "---\ntitle: Twice\nopen: true\nlevel: junior\nlevel: senior\n---\n",
        }
    )


def _session(root: Path) -> EditSession:
    return EditSession(open_workspace(root), GitRepo.open(root))


def _messages(found: dict[str, list]) -> dict[str, list[str]]:  # type: ignore[type-arg]
    return {rel: [f.message for f in fs] for rel, fs in found.items()}


def test_a_toggle_on_a_posting_with_old_errors_introduces_none(site: Path) -> None:
    session = _session(site)
    session.toggle([session.workspace.read(OLD)])
    ages = session.new_errors([OLD])
    assert not ages.blocking and ages.new == {}
    assert _messages(ages.old) == {
        OLD: [
            "missing required field 'title'",
            "level: 'expert' is not one of the options ('junior', 'senior')",
        ]
    }


def test_an_edit_that_breaks_a_rule_or_a_field_is_new(site: Path) -> None:
    session = _session(site)
    session.toggle([session.workspace.read(FILLED)])  # opens a filled position
    session.set_fields(session.workspace.read(CLEAN), {"level": "expert"})
    session.set_fields(session.workspace.read(OLD), {"open": "maybe"})  # one more on top
    ages = session.new_errors([FILLED, CLEAN, OLD])
    assert ages.blocking
    assert _messages(ages.new) == {
        FILLED: ["a filled position cannot stay open"],
        CLEAN: ["level: 'expert' is not one of the options ('junior', 'senior')"],
        OLD: ["open: expected true or false, found 'maybe'"],
    }
    assert set(ages.old) == {OLD}  # the title and the level were there before


def test_an_error_moved_by_an_edit_above_it_stays_old(site: Path) -> None:
    session = _session(site)
    posting = session.workspace.read(TWICE)
    session.write(posting, posting.raw.replace(b"---\n", b"---\ncity: Paris\n", 1))
    ages = session.new_errors([TWICE])
    assert ages.new == {}
    assert [f.line for f in ages.old[TWICE]] == [6]  # was line 5 in the commit


def test_a_new_posting_s_errors_are_all_new_and_a_deleted_one_has_none(site: Path) -> None:
    session = _session(site)
    session.write(session.workspace.read(FRESH), b"---\nopen: true\n---\n")
    session.write(session.workspace.read(OLD), None)
    ages = session.new_errors([FRESH, OLD])
    assert _messages(ages.new) == {FRESH: ["missing required field 'title'"]}
    assert ages.old == {}


def test_the_commit_dialog_reads_each_committed_version_once(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``review`` (the commit dialog) says what ``message`` and ``new_errors`` say, from one
    parse of each file's committed version (it parsed each twice)."""
    from postedit.core import session as session_module

    session = _session(site)
    session.toggle([session.workspace.read(FILLED)])
    session.set_fields(session.workspace.read(CLEAN), {"level": "expert"})
    paths = [FILLED, CLEAN, OLD]  # OLD as committed: no change, its errors old
    expected = (session.message(paths), session.new_errors(paths))
    parsed: list[str] = []
    real = session_module.parse_posting

    def counting(relpath: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        parsed.append(relpath)
        return real(relpath, *args, **kwargs)

    monkeypatch.setattr(session_module, "parse_posting", counting)
    assert session.review(paths) == expected
    assert expected[0] == 'Update 2 postings\n\nOpen "Filled"\nUpdate "Clean"'
    assert sorted(parsed) == sorted(paths)


def test_a_relation_to_a_missing_entry_is_a_new_error_as_check_finds_it(make_repo) -> None:  # type: ignore[no-untyped-def]
    """The commit dialog asks new_errors: a relation set to an entry that does not exist is
    an error there as in ``check`` (the gate validated without the relations' entries, so
    the TUI committed what check then refused)."""
    schema = (
        "collections:\n"
        "  - name: jobs\n    folder: content/_jobs\n    fields:\n"
        "      - {name: title, type: string}\n"
        "      - {name: author, type: relation, collection: authors}\n"
        "  - name: authors\n    folder: content/authors\n    fields: [{name: title}]\n"
    )
    root = make_repo(
        {
            "postedit.yml": schema,
            "content/_jobs/a.md": "---\ntitle: A\nauthor: ann\n---\n",
            "content/authors/ann.md": "---\ntitle: Ann\n---\n",
        }
    )
    session = _session(root)
    session.set_fields(session.workspace.read("content/_jobs/a.md"), {"author": "anne"})
    ages = session.new_errors(["content/_jobs/a.md"])
    assert ages.blocking
    assert _messages(ages.new) == {
        "content/_jobs/a.md": ["author: 'anne' is not an entry of 'authors' (did you mean 'ann'?)"]
    }
