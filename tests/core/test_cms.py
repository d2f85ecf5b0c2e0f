"""Decap's ``create`` and ``delete``, read as Decap reads them, and the one place that refuses
to create or delete against them (core/cms.py, EditSession.create and delete)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from postedit.core.cms import create_refusal, delete_refusal
from postedit.core.errors import NotAllowedError
from postedit.core.schema_load import dump_schema, load_schema_file, parse_postedit
from postedit.core.schema_yaml import load_yaml_text
from postedit.core.session import EditSession
from postedit.core.workspace import open_workspace

CONFIG = """\
backend:
  name: git-gateway
collections:
  - name: plain
    folder: _plain
    fields: [{name: title, widget: string}]
  - name: open
    folder: _open
    create: true
    fields: [{name: title, widget: string}]
  - name: kept
    folder: _kept
    create: true
    delete: false
    fields: [{name: title, widget: string}]
  - name: pages
    files:
      - {name: about, file: about.md, fields: [{name: title, widget: string}]}
  - name: loose
    delete: true
    files:
      - {name: home, file: home.md, fields: [{name: title, widget: string}]}
"""
"""One collection per case: no create key (Decap's default: none), ``create: true``,
``delete: false``, a file collection without and with ``delete: true``."""

POSTING = "---\ntitle: A\n---\nBody\n"


def _schema(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "config.yml"
    path.write_text(CONFIG)
    return load_schema_file(path, "admin/config.yml")


@pytest.mark.parametrize(
    ("name", "create", "delete"),
    [
        ("plain", False, True),
        ("open", True, True),
        ("kept", True, False),
        ("pages/about", True, False),  # a file is never created: newposting refuses it
        ("loose/home", True, True),
    ],
)
def test_decap_create_and_delete_are_read_with_decaps_defaults(
    tmp_path: Path, name: str, create: bool, delete: bool
) -> None:
    spec = _schema(tmp_path).collection(name)
    assert spec is not None
    assert (spec.create, spec.delete) == (create, delete)


def test_the_refusals_name_the_config_its_line_and_the_key(tmp_path: Path) -> None:
    schema = _schema(tmp_path)
    plain, kept, about = (schema.collection(n) for n in ("plain", "kept", "pages/about"))
    assert plain is not None and kept is not None and about is not None
    assert str(create_refusal(schema, plain)) == (
        "admin/config.yml:4: collection 'plain': Decap creates no entry here "
        "(its config does not say create: true)"
    )
    assert str(delete_refusal(schema, kept)) == (
        "admin/config.yml:11: collection 'kept': Decap deletes no entry here (delete: false)"
    )
    assert str(delete_refusal(schema, about)) == (
        "admin/config.yml:16: collection 'pages/about': Decap deletes no entry here "
        "(delete: false, a file collection's default)"
    )
    assert create_refusal(schema, kept) is None
    assert delete_refusal(schema, plain) is None


def test_postedit_yml_allows_both_unless_it_says_false_and_schema_show_keeps_them(
    tmp_path: Path,
) -> None:
    text = "collections:\n  a:\n    folder: _a\n  b:\n    folder: _b\n    create: false\n"
    schema = parse_postedit(load_yaml_text(text, "postedit.yml"), "postedit.yml")
    a, b = schema.collections
    assert (a.create, a.delete, b.create, b.delete) == (True, True, False, True)
    assert str(create_refusal(schema, b)) == (
        "postedit.yml:4: collection 'b': the schema says create: false"
    )
    # a Decap config shown as a postedit.yml keeps what Decap forbids
    decap = _schema(tmp_path)
    again = parse_postedit(load_yaml_text(dump_schema(decap), "p.yml"), "p.yml")
    assert [(c.create, c.delete) for c in again.collections] == [
        (c.create, c.delete) for c in decap.collections
    ]


def test_the_real_config_creates_offers_and_deletes_none(decap_config: Path) -> None:
    schema = load_schema_file(decap_config, "admin/config.yml")
    jobs, authors, phases = (schema.collection(n) for n in ("jobs", "authors", "phases"))
    assert jobs is not None and authors is not None and phases is not None
    assert (jobs.create, jobs.delete) == (True, False)
    assert not authors.create  # create: false
    assert not phases.create  # no create key: Decap makes none
    refusal = delete_refusal(schema, jobs)
    assert refusal is not None and refusal.path == "admin/config.yml"
    assert (
        refusal.line is not None
        and "name: jobs" in decap_config.read_text().splitlines()[refusal.line - 1]
    )


@pytest.fixture
def decap_site(make_repo) -> Path:  # type: ignore[no-untyped-def]
    return make_repo(
        {
            "admin/config.yml": CONFIG,
            "_plain/a.md": POSTING,
            "_kept/b.md": POSTING,
            "_open/c.md": POSTING,
        }
    )


def test_the_session_refuses_unless_forced(decap_site: Path) -> None:
    session = EditSession(open_workspace(decap_site))
    ws = session.workspace
    plain = ws.collection("plain")
    now = dt.date(2026, 12, 7)
    with pytest.raises(NotAllowedError, match="create: true"):
        session.create(plain, {"title": "New"}, "", now)
    assert sorted(p.name for p in (decap_site / "_plain").iterdir()) == ["a.md"]
    made = session.create(plain, {"title": "New"}, "", now, force=True)
    assert (decap_site / made[0].relpath).is_file()
    with pytest.raises(NotAllowedError, match="delete: false"):
        session.delete(ws.read("_kept/b.md"))
    assert (decap_site / "_kept/b.md").is_file()
    session.delete(ws.read("_kept/b.md"), force=True)
    assert not (decap_site / "_kept/b.md").exists()
    session.delete(ws.read("_plain/a.md"))  # Decap deletes in a folder collection
    assert not (decap_site / "_plain/a.md").exists()
    assert session.create(ws.collection("open"), {"title": "Fine"}, "", now)
