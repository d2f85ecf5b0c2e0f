"""Where the schema comes from, postedit.yml parsing (and its errors), dumping round trips."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pytest

from postedit.core.errors import SchemaError
from postedit.core.schema import Schema, SiteSpec, SlugOptions
from postedit.core.schema_load import (
    dump_schema,
    load_schema,
    load_schema_file,
    parse_postedit,
    relation_context,
)
from postedit.core.schema_yaml import load_yaml_text

REPO = Path(__file__).resolve().parents[2]

POSTING = "---\nroles: Dev\nopen: true\n---\nBody.\n"

POSTEDIT_YML = """\
version: 1
collections:
  jobs:
    folder: _jobs
    status: open
    fields:
      - {name: roles, type: string, required: true}
      - {name: open, type: boolean}
"""

DECAP_YML = """\
backend:
  name: git-gateway
collections:
  - name: offers
    folder: _jobs
    fields:
      - {name: roles, widget: string}
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


def parse(text: str) -> Schema:
    return parse_postedit(load_yaml_text(text, "postedit.yml"), "postedit.yml")


# ----------------------------------------------------------------------------- sources


@pytest.mark.parametrize(
    ("files", "source", "kind", "collection"),
    [
        (
            {"postedit.yml": POSTEDIT_YML, "admin/config.yml": DECAP_YML},
            "postedit.yml",
            "postedit",
            "jobs",
        ),
        ({"admin/config.yml": DECAP_YML}, "admin/config.yml", "decap", "offers"),
        ({"static/admin/config.yml": DECAP_YML}, "static/admin/config.yml", "decap", "offers"),
        ({"public/admin/config.yml": DECAP_YML}, "public/admin/config.yml", "decap", "offers"),
        (
            {"admin/config.yml": DECAP_YML, "static/admin/config.yml": "broken: ["},
            "admin/config.yml",
            "decap",
            "offers",
        ),
        ({}, "inferred", "inferred", "jobs"),
    ],
)
def test_first_schema_found_wins(
    tmp_path: Path, files: dict[str, str], source: str, kind: str, collection: str
) -> None:
    root = write(tmp_path, {"_jobs/2024-01-01-dev.md": POSTING, **files})
    schema = load_schema(root)
    assert (schema.source, schema.kind) == (source, kind)
    assert [c.name for c in schema.collections] == [collection]
    assert schema.collections[0].folder == "_jobs"


def test_schema_option_beats_everything(tmp_path: Path) -> None:
    root = write(tmp_path / "site", {"_jobs/a.md": POSTING, "postedit.yml": POSTEDIT_YML})
    other = write(tmp_path.parent / f"{tmp_path.name}-elsewhere", {"decap.yml": DECAP_YML})
    other = other / "decap.yml"
    schema = load_schema(root, other)
    assert (schema.kind, schema.source) == ("decap", str(other))
    inside = load_schema(root, root / "postedit.yml")
    assert inside.source == "postedit.yml"


def test_missing_schema_file_is_a_schema_error(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match="schema file not found"):
        load_schema(tmp_path, tmp_path / "nope.yml")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir(), "postedit.yml: error: is a folder, not a schema file"),
        (os.mkfifo, r"postedit.yml: error: not a regular file \(a pipe"),
        (
            lambda p: p.symlink_to("gone.yml"),
            "postedit.yml: error: a link to a file that does not exist",
        ),
    ],
    ids=["folder", "fifo", "dangling-link"],
)
def test_a_schema_file_that_is_no_file_is_an_error(tmp_path: Path, make, message) -> None:
    """postedit.yml that is a folder, a named pipe (reading it would wait for a writer) or
    a dangling link is reported, not skipped for a schema inferred in silence."""
    root = write(tmp_path / "site", {"_jobs/a.md": POSTING})
    make(root / "postedit.yml")
    with pytest.raises(SchemaError) as caught:
        load_schema(root)
    assert re.match(message, caught.value.report())
    with pytest.raises(SchemaError):  # given with --schema too
        load_schema(root, root / "postedit.yml")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("collections:\n  jobs:\n    folder: [\n", 4, "not valid YAML"),
        ("collections:\n  jobs:\n    folder: x\n   bad: 1\n", 4, "not valid YAML"),
        ("", 1, "empty"),
        ("- a\n- b\n", 1, "must be a mapping"),
        (
            "collection:\n  jobs: {folder: x}\n",
            1,
            "unknown key 'collection' (did you mean 'collections'?)",
        ),
        ("collections:\n  jobs:\n    fields: []\n", 3, "'folder' is missing"),
        (
            "collections:\n  jobs:\n    folder: x\n    feilds: []\n",
            4,
            "unknown key 'feilds' (did you mean 'fields'?)",
        ),
        (
            "collections:\n  jobs:\n    folder: x\n    fields:\n      - {name: a, type: strng}\n",
            5,
            "unknown type 'strng' (did you mean 'string'?)",
        ),
        (
            "collections:\n  jobs:\n    folder: x\n    fields:\n      - name: a\n        requird: true\n",
            6,
            "unknown key 'requird' (did you mean 'required'?)",
        ),
        (
            "collections:\n  jobs:\n    folder: x\n    fields:\n      - {name: a, required: yes please}\n",
            5,
            "required must be true or false",
        ),
        (
            "collections:\n  jobs:\n    folder: x\n    fields:\n      - {name: a, pattern: '(x'}\n",
            5,
            "bad pattern",
        ),
        (
            "collections:\n  jobs:\n    folder: x\n    fields:\n      - {name: a}\n      - {name: a}\n",
            6,
            "declared twice",
        ),
        (
            "collections:\n  jobs:\n    folder: x\n    status: a\n    fields:\n      - {name: a}\n",
            4,
            "status 'a' must name a boolean or select field",
        ),
        (
            "collections:\n  jobs:\n    folder: x\n    rules:\n      - date => other\n",
            5,
            "cannot read condition 'date => other'",
        ),
        (
            "collections:\n  jobs:\n    folder: x\n    rules:\n      - {when: a is true}\n",
            5,
            "needs 'check: CONDITION'",
        ),
        (
            "collections:\n  jobs:\n    folder: x\n    commit_message: {toggle: x}\n",
            4,
            "unknown action 'toggle'",
        ),
        (
            "collections:\n  jobs:\n    folder: x\n    keys: {p: filed}\n    fields: [filled]\n",
            4,
            "keys: 'p' must toggle a boolean or select field, not 'filed'",
        ),
        # questionable schemas are not accepted silently
        ("version: 2\ncollections:\n  jobs: {folder: x}\n", 1, "unknown version 2"),
        ("version: true\ncollections:\n  jobs: {folder: x}\n", 1, "unknown version true"),
        (
            "collections:\n  jobs:\n    folder: /etc\n",
            3,
            "folder '/etc' must be inside the repository",
        ),
        (
            "collections:\n  jobs:\n    folder: ../../etc\n",
            3,
            "folder '../../etc' must be inside the repository",
        ),
        ("collections:\n  jobs:\n    folder: a/../../b\n", 3, "must be inside the repository"),
        (
            "collections:\n  jobs:\n    folder: x\n    fields:\n      - {name: d, type: date, format: MMMM Do YYYY}\n",
            5,
            "date format 'MMMM Do YYYY' is not one postedit reads",
        ),
    ],
)
def test_unusable_postedit_yml_says_where(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    (tmp_path / "postedit.yml").write_text(text)
    with pytest.raises(SchemaError) as info:
        load_schema(tmp_path)
    assert info.value.path == "postedit.yml"
    assert info.value.line == line
    assert message in info.value.message


@pytest.mark.parametrize(
    "empty", ["collections: []", "collections: {}", "version: 1\ncollections: []"]
)
def test_a_schema_without_collections_warns(tmp_path: Path, empty: str) -> None:
    (tmp_path / "postedit.yml").write_text(empty + "\n")
    schema = load_schema(tmp_path)
    assert schema.collections == ()
    assert len(schema.warnings) == 1 and "postedit.yml:" in schema.warnings[0]
    assert "no collections" in schema.warnings[0]


def test_decap_folder_outside_the_repository_and_no_collections(tmp_path: Path) -> None:
    bad = "backend: {name: git-gateway}\ncollections:\n  - {name: j, folder: ../etc, fields: []}\n"
    (tmp_path / "config.yml").write_text(bad)
    with pytest.raises(SchemaError, match="must be inside the repository") as info:
        load_schema_file(tmp_path / "config.yml")
    assert info.value.line == 3
    (tmp_path / "config.yml").write_text("backend: {name: git-gateway}\ncollections: []\n")
    warnings = load_schema_file(tmp_path / "config.yml").warnings
    assert [w for w in warnings if "no collections of postings" in w]


def test_an_empty_inferred_schema_dumps_as_a_loadable_one(tmp_path: Path) -> None:
    text = dump_schema(Schema(collections=()))
    assert parse_postedit(load_yaml_text(text, "x.yml"), "x.yml").collections == ()


def test_not_utf8_schema(tmp_path: Path) -> None:
    (tmp_path / "postedit.yml").write_bytes(b"collections:\n  jobs: {folder: caf\xe9}\n")
    with pytest.raises(SchemaError, match="not UTF-8") as info:
        load_schema(tmp_path)
    assert info.value.line == 2


def test_unsafe_yaml_tags_are_refused(tmp_path: Path) -> None:
    (tmp_path / "postedit.yml").write_text(
        "collections: !!python/object/apply:os.system ['touch pwned']\n"
    )
    with pytest.raises(SchemaError, match="not valid YAML"):
        load_schema(tmp_path)
    assert not (tmp_path / "pwned").exists()


# ----------------------------------------------------------------------------- postedit.yml


def test_postedit_yml_every_key() -> None:
    schema = parse("""\
version: 1
collections:
  jobs:
    folder: content/_jobs/
    glob: "*.markdown"
    label: Offers
    status: open
    columns: [open, roles]
    sort: -date
    slug: "{{slug}}"
    identifier_field: roles
    commit_message: {toggle_on: 'Open {title}', bulk: '{verb} {count}'}
    strict: true
    keys: {p: filled}
    variants: {role: roles}
    summary: "{{roles}}"
    rules:
      - date <= until
      - {when: filled is true, then: open is false, message: filled, severity: warning}
    fields:
      - roles
      - {name: open, type: boolean, required: true, default: true, label: Open, hint: h}
      - {name: filled, type: boolean}
      - name: kind
        type: select
        multiple: true
        options: [a, {label: Bee, value: b}]
        min: 1
        max: 2
      - {name: date, type: date, format: DD/MM/YYYY}
      - {name: until, type: date}
      - {name: code, type: string, pattern: '^[A-Z]+$', pattern_message: capitals}
      - {name: links, type: list, item_type: url}
      - {name: steps, type: list, fields: [{name: at, type: date}]}
      - {name: startup, type: relation, collection: startups, value_field: '/s/{{slug}}'}
      - {name: body, type: markdown}
""")
    (spec,) = schema.collections
    assert (spec.name, spec.folder, spec.glob, spec.label) == (
        "jobs",
        "content/_jobs",
        "*.markdown",
        "Offers",
    )
    assert (spec.status, spec.columns, spec.sort, spec.slug, spec.identifier_field) == (
        "open",
        ("open", "roles"),
        "-date",
        "{{slug}}",
        "roles",
    )
    assert spec.commit_message == {"toggle_on": "Open {title}", "bulk": "{verb} {count}"}
    assert (spec.strict, spec.keys, spec.variants, spec.summary) == (
        True,
        {"p": "filled"},
        {"role": "roles"},
        "{{roles}}",
    )
    assert [(r.expr, r.when, r.message, r.severity) for r in spec.rules] == [
        ("date <= until", "", "", "error"),
        ("open is false", "filled is true", "filled", "warning"),
    ]
    f = {x.name: x for x in spec.fields}
    assert f["roles"].type == "string" and not f["roles"].required
    assert (f["open"].required, f["open"].default, f["open"].label, f["open"].hint) == (
        True,
        True,
        "Open",
        "h",
    )
    assert (f["kind"].options, f["kind"].option_labels, f["kind"].multiple) == (
        ("a", "b"),
        ("a", "Bee"),
        True,
    )
    assert (f["kind"].min, f["kind"].max) == (1.0, 2.0)
    assert f["date"].format == "DD/MM/YYYY"
    assert (f["code"].pattern, f["code"].pattern_message) == ("^[A-Z]+$", "capitals")
    assert f["links"].item_type == "url"
    assert f["steps"].item_type == "object" and f["steps"].fields[0].name == "at"
    assert (f["startup"].collection, f["startup"].value_field) == ("startups", "/s/{{slug}}")
    assert f["body"].type == "markdown"


def test_postedit_yml_site_keys() -> None:
    schema = parse("""\
site: {url: "https://beta.gouv.fr", future: true, expiry_date: depublication_date}
slug: {encoding: ascii, clean_accents: true, sanitize_replacement: "."}
collections:
  jobs:
    folder: content/_jobs
    preview_path: "recrutement/{{year}}/{{slug}}"
    preview_path_date_field: date
    preview_path_preserve_slashes: true
    sortable_fields: [date, roles]
    path: "{{slug}}/index"
    format: toml
    extension: markdown
    frontmatter_delimiter: "~~~"
    unknown_keys: typos
    site:
      date: [posted, date]
      file_name_date: false
      draft: hidden
      published: [visible]
    fields:
      - {name: roles, required: true, severity: warning}
      - name: startup
        type: relation
        collection: startups
        display_fields: ["{{title}}"]
        search_fields: title
  news:
    folder: news
""")
    jobs, news = schema.collections
    assert jobs.site == SiteSpec(
        date=("posted", "date"),
        file_name_date=False,
        publish_date=SiteSpec().publish_date,
        expiry_date=("depublication_date",),
        draft=("hidden",),
        published=("visible",),
        future=True,
        url="https://beta.gouv.fr",
    )
    assert news.site == SiteSpec(
        future=True, expiry_date=("depublication_date",), url="https://beta.gouv.fr"
    )
    assert jobs.slug_options == news.slug_options == SlugOptions("ascii", True, ".")
    assert (
        jobs.preview_path,
        jobs.preview_path_date_field,
        jobs.preview_path_preserve_slashes,
    ) == (
        "recrutement/{{year}}/{{slug}}",
        "date",
        True,
    )
    assert (jobs.sortable_fields, jobs.path, jobs.format, jobs.extension) == (
        ("date", "roles"),
        "{{slug}}/index",
        "toml",
        "markdown",
    )
    assert (jobs.frontmatter_delimiter, jobs.unknown_keys) == (("~~~", "~~~"), "typos")
    roles, startup = jobs.fields
    assert (roles.required, roles.severity) == (True, "warning")
    assert (startup.display_fields, startup.search_fields) == (("{{title}}",), ("title",))
    assert parse(dump_schema(schema)) == schema


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("site: {when: date}\ncollections: {}", "unknown key 'when'"),
        ("collections: {a: {folder: a, site: {future: maybe}}}", "future must be true or false"),
        ("collections: {a: {folder: a, unknown_keys: some}}", "unknown_keys must be"),
        ("collections: {a: {folder: a, fields: [{name: x, severity: info}]}}", "severity must be"),
        ("slug: {encoding: utf8}\ncollections: {}", "encoding must be"),
    ],
)
def test_postedit_yml_site_keys_are_checked(text: str, message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        parse(text)


def test_collections_as_a_list_and_status_guessed() -> None:
    schema = parse(
        "collections:\n  - name: news\n    folder: .\n    fields:\n"
        "      - {name: draft, type: boolean}\n      - {name: title}\n"
    )
    (spec,) = schema.collections
    assert (spec.name, spec.folder, spec.status, spec.identifier_field) == (
        "news",
        "",
        "draft",
        "title",
    )


def test_demo_postedit_yml_loads() -> None:
    schema = load_schema_file(REPO / "content" / "postedit.yml", "postedit.yml")
    spec = schema.collection("jobs")
    assert spec is not None and spec.folder == "_jobs" and spec.status == "open"
    assert spec.keys == {"p": "poste_pourvu"}
    assert len(spec.rules) == 2


def test_docs_example_is_a_valid_postedit_yml() -> None:
    text = (REPO / "docs" / "schema.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(version: 1\n.*?)```", text, re.S)
    assert example is not None
    spec = parse(example.group(1)).collections[0]
    assert spec.name == "jobs" and spec.variants == {"role": "roles"}


# ----------------------------------------------------------------------------- dump


def _without_widgets(schema: Schema) -> Schema:
    def strip(f):  # type: ignore[no-untyped-def]
        return dataclasses.replace(f, widget=None, fields=tuple(strip(s) for s in f.fields))

    return dataclasses.replace(
        schema,
        collections=tuple(
            dataclasses.replace(c, fields=tuple(strip(f) for f in c.fields))
            for c in schema.collections
        ),
        source="",
        kind="postedit",
        warnings=(),
    )


def test_dump_round_trips_the_demo_schema() -> None:
    schema = load_schema_file(REPO / "content" / "postedit.yml", "postedit.yml")
    again = parse(dump_schema(schema, header="a header\non two lines"))
    assert _without_widgets(again) == _without_widgets(schema)


def test_dump_round_trips_the_real_decap_config(decap_config: Path) -> None:
    schema = load_schema_file(decap_config, "admin/config.yml")
    text = dump_schema(schema)
    assert _without_widgets(parse(text)) == _without_widgets(schema)


def test_dump_handles_awkward_text() -> None:
    schema = parse(
        "collections:\n  'a: b':\n    folder: x\n    label: \"multi\\nline: #yes\"\n"
        "    fields:\n      - {name: 'k: v', hint: \"- dash\\n  and more\", default: '%'}\n"
    )
    assert parse(dump_schema(schema)) == schema


# ----------------------------------------------------------------------------- relations


def test_relation_context_lists_slugs_of_loaded_targets(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "_jobs/a.md": POSTING,
            "_startups/signalo.md": "---\ntitle: S\n---\n",
            "_startups/lumo.markdown": "---\ntitle: L\n---\n",
            "postedit.yml": """\
collections:
  jobs:
    folder: _jobs
    fields:
      - {name: startup, type: relation, collection: startups}
      - {name: owner, type: list, fields: [{name: who, type: relation, collection: people}]}
  startups: {folder: _startups}
  people: {folder: _people}
""",
        },
    )
    assert relation_context(root, load_schema(root)) == {"startups": frozenset({"signalo", "lumo"})}


def test_find_schema_finds_it_again_as_open_workspace_found_it(tmp_path: Path) -> None:
    """What ``r`` in the terminal interface calls: the schema file as it is now, a schema
    file that appeared since (it comes first, as at start-up), the ``--schema`` file given,
    and the caller's own schema kept."""
    from postedit.core.workspace import Workspace, open_workspace

    (tmp_path / "_jobs").mkdir()
    (tmp_path / "_jobs" / "a.md").write_text(POSTING)
    ws = open_workspace(tmp_path)
    assert ws.schema.kind == "inferred"
    (tmp_path / "postedit.yml").write_text(POSTEDIT_YML)
    assert ws.find_schema().source == "postedit.yml"
    assert ws.schema.kind == "inferred"  # not put in place: the caller does
    (tmp_path / "postedit.yml").write_text(POSTEDIT_YML.replace("boolean", "wibble"))
    with pytest.raises(SchemaError, match="unknown type 'wibble'") as caught:
        ws.find_schema()
    assert str(caught.value).startswith("postedit.yml:")
    other = tmp_path / "other.yml"
    other.write_text(POSTEDIT_YML.replace("status: open", "status: open\n    label: Other"))
    given = open_workspace(tmp_path, other)
    assert given.find_schema().collections[0].label == "Other"
    mine = Workspace(tmp_path, Schema(()))
    assert mine.find_schema() is mine.schema
