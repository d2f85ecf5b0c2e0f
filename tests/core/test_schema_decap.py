"""Decap CMS configs: widgets, anchors and merge keys, the real config and the real postings."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

from postedit.core.decap import is_decap_config, parse_decap
from postedit.core.discover import list_files
from postedit.core.errors import SchemaError
from postedit.core.schema import CollectionSpec, SlugOptions
from postedit.core.schema_load import load_schema, load_schema_file
from postedit.core.schema_yaml import load_yaml_text
from postedit.core.store import read_posting
from postedit.core.validate import validate

CONFIG = """\
backend:
  name: github
  commit_messages:
    create: "Create {{collection}} “{{slug}}”"
    update: "Update {{collection}} “{{slug}}”"
    uploadMedia: "Upload “{{path}}”"

date_defaults: &date_defaults
  widget: datetime
  format: YYYY-MM-DD
  dateFormat: YYYY-MM-DD
  timeFormat: false
  default: null

relation_defaults: &relation_defaults
  widget: relation
  valueField: "{{slug}}"
  searchFields: [title]

collections:
  - name: pages
    label: Pages
    files:
      - {name: about, file: about.md, fields: [{name: title, widget: string}]}
  - name: jobs
    label: Jobs
    folder: content/_jobs/
    identifier_field: roles
    summary: "{{startup}} - {{filename}}"
    slug: "{{year}}-{{month}}-{{day}}-{{slug}}"
    fields:
      - {name: roles, widget: string, pattern: ['^.{1,30}$', "30 characters at most"]}
      - {name: open, widget: boolean}
      - {name: junior, widget: boolean, required: false}
      - {name: date, widget: datetime, time_format: false}
      - {name: at, widget: datetime, required: false}
      - <<: *date_defaults
        name: until
        required: false
      - {name: count, widget: number, value_type: int, min: 1, max: 5, required: false}
      - {name: ratio, widget: number, valueType: float, required: false}
      - {name: order, widget: number, required: false}
      - {name: kind, widget: select, options: [a, b], required: false}
      - name: status
        widget: select
        multiple: true
        required: false
        options:
          - {label: Agent public, value: admin}
          - {label: Indépendant, value: independent}
      - {name: tags, widget: list, required: false}
      - {name: links, widget: list, field: {name: url, widget: string}, required: false}
      - name: phases
        widget: list
        required: false
        min: 1
        fields:
          - {name: name, widget: string}
          - {<<: *date_defaults, name: start}
      - name: meta
        widget: object
        required: false
        fields: [{name: lang, widget: select, options: [fr, en]}]
      - {<<: *relation_defaults, name: startup, collection: startups, required: false}
      - {name: contacts, widget: select-async, url: "https://x", required: false}
      - {name: people, widget: select-async, required: false}
      - {name: color, widget: my-color-picker, required: false}
      - {name: uuid, widget: hidden}
      - {name: snippet, widget: code, required: false}
      - {name: cover, widget: image, required: false}
      - {name: summary, widget: markdown, required: false}
      - {name: body, widget: markdown}
  - name: startups
    folder: content/_startups
    fields: [{name: title, widget: string}]
"""


@pytest.fixture(scope="module")
def jobs() -> CollectionSpec:
    schema = parse_decap(load_yaml_text(CONFIG, "admin/config.yml"), "admin/config.yml")
    spec = schema.collection("jobs")
    assert spec is not None
    return spec


def test_folder_and_file_collections() -> None:
    """A file collection's Markdown file is a collection of its own (its fields are its own)."""
    schema = parse_decap(load_yaml_text(CONFIG, "admin/config.yml"), "admin/config.yml")
    assert [c.name for c in schema.collections] == ["pages/about", "jobs", "startups"]
    about = schema.collections[0]
    assert about.files == ("about.md",) and about.folder == ""
    assert about.label == "Pages: about"
    assert schema.kind == "decap"
    assert schema.warnings == tuple(w for w in schema.warnings if "'pages'" not in w)


def test_collection_settings(jobs: CollectionSpec) -> None:
    assert (jobs.folder, jobs.label, jobs.identifier_field, jobs.status) == (
        "content/_jobs",
        "Jobs",
        "roles",
        "open",
    )
    assert jobs.summary == "{{startup}} - {{filename}}"
    assert jobs.slug == "{{year}}-{{month}}-{{day}}-{{slug}}"
    assert jobs.commit_message == {
        "create": "Create {{collection}} “{{slug}}”",
        "update": "Update {{collection}} “{{slug}}”",
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "roles",
            {
                "type": "string",
                "required": True,
                "pattern": "^.{1,30}$",
                "pattern_message": "30 characters at most",
            },
        ),
        ("open", {"type": "boolean", "required": True}),
        ("junior", {"type": "boolean", "required": False}),
        ("date", {"type": "date", "format": None}),
        ("at", {"type": "datetime"}),
        ("until", {"type": "date", "format": "YYYY-MM-DD", "required": False, "default": None}),
        ("count", {"type": "integer", "min": 1.0, "max": 5.0}),
        ("ratio", {"type": "number"}),
        ("order", {"type": "number", "widget": "number"}),
        ("kind", {"type": "select", "options": ("a", "b"), "option_labels": (), "multiple": False}),
        (
            "status",
            {
                "type": "select",
                "options": ("admin", "independent"),
                "option_labels": ("Agent public", "Indépendant"),
                "multiple": True,
            },
        ),
        ("tags", {"type": "list", "item_type": "string", "fields": ()}),
        ("links", {"type": "list", "item_type": "string"}),
        ("phases", {"type": "list", "item_type": "object", "min": 1.0}),
        ("meta", {"type": "object"}),
        ("startup", {"type": "relation", "collection": "startups", "value_field": "{{slug}}"}),
        ("contacts", {"type": "any", "widget": "select-async"}),
        ("color", {"type": "any"}),
        ("uuid", {"type": "hidden", "required": False}),
        ("snippet", {"type": "code"}),
        ("cover", {"type": "string"}),
        ("summary", {"type": "text"}),
        ("body", {"type": "markdown", "required": True}),
    ],
)
def test_widgets(jobs: CollectionSpec, name: str, expected: dict[str, object]) -> None:
    f = jobs.field(name)
    assert f is not None
    assert {k: getattr(f, k) for k in expected} == expected


def test_nested_fields_and_merge_keys(jobs: CollectionSpec) -> None:
    phases = jobs.field("phases")
    assert phases is not None
    start = phases.fields[1]
    assert (start.name, start.type, start.format, start.required) == (
        "start",
        "date",
        "YYYY-MM-DD",
        True,
    )
    links = jobs.field("links")
    assert links is not None and links.fields[0].name == "url"


def test_unknown_widgets_are_named_once() -> None:
    schema = parse_decap(load_yaml_text(CONFIG, "admin/config.yml"), "admin/config.yml")
    unknown = [w for w in schema.warnings if "is not known" in w]
    assert len(unknown) == 2
    assert unknown[0].startswith("admin/config.yml:")
    assert "'select-async'" in unknown[0] and "jobs.contacts, jobs.people" in unknown[0]
    assert "'my-color-picker'" in unknown[1]


def test_validation_with_decap_semantics(jobs: CollectionSpec) -> None:
    from postedit.core.posting import Posting

    def check(fields: dict[str, object], body: str = "Text") -> list[str]:
        p = Posting(
            "content/_jobs/x.md",
            "jobs",
            fields=fields,
            raw=body.encode(),
            key_lines={k: i + 2 for i, k in enumerate(fields)},
        )
        return [f.message for f in validate(p, jobs)]

    ok = {"roles": "Dev", "open": True, "date": "2024-01-01"}
    assert check(ok) == []
    assert check({**ok, "roles": "x" * 31}) == ["roles: 30 characters at most"]
    assert check({**ok, "contacts": ["anything", {"goes": 1}]}) == []
    assert check({**ok, "order": "12"}) == []
    assert check({**ok, "status": ["admin", "freelance"]}) == [
        "status: 'freelance' is not one of the options ('admin', 'independent')"
    ]
    assert check({"open": True, "date": "2024-01-01"}, body="") == [
        "missing required field 'roles'",
        "the body is empty",
    ]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("backend: {name: github}\n", 1, "no 'collections' list"),
        ("backend: {name: x}\ncollections:\n  - folder: a\n", 3, "a collection has no name"),
        (
            "backend: {name: x}\ncollections:\n  - name: a\n    folder: a\n    fields:\n"
            "      - {widget: string}\n",
            6,
            "a field has no name",
        ),
        (
            "backend: {name: x}\ncollections:\n  - name: a\n    folder: a\n    fields:\n"
            "      - {name: s, widget: select, options: [{label: L}]}\n",
            6,
            "has a label but no value",
        ),
        (
            "backend: {name: x}\ncollections:\n  - name: a\n    folder: a\n  - name: a\n    folder: b\n",
            5,
            "declared twice",
        ),
    ],
)
def test_unusable_decap_config_says_where(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    (tmp_path / "admin").mkdir()
    (tmp_path / "admin" / "config.yml").write_text(text)
    with pytest.raises(SchemaError) as info:
        load_schema(tmp_path)
    assert (info.value.path, info.value.line) == ("admin/config.yml", line)
    assert message in info.value.message


def test_a_regex_python_cannot_use_is_dropped_with_a_warning() -> None:
    text = (
        "collections:\n  - name: a\n    folder: a\n    fields:\n"
        "      - {name: s, widget: string, pattern: ['(?<=a+)b', 'msg']}\n"
    )
    schema = parse_decap(load_yaml_text(text, "c.yml"), "c.yml")
    f = schema.collections[0].fields[0]
    assert f.pattern is None
    assert schema.warnings and schema.warnings[0].startswith("c.yml:5:")


def test_is_decap_config() -> None:
    assert is_decap_config({"backend": {}})
    assert is_decap_config({"collections": [{"fields": [{"name": "a", "widget": "string"}]}]})
    assert not is_decap_config({"collections": {"jobs": {"folder": "x"}}})
    assert not is_decap_config([1])


# ----------------------------------------------------------------------------- the real one


def test_real_decap_config(decap_config: Path) -> None:
    schema = load_schema_file(decap_config, "admin/config.yml")
    assert [c.name for c in schema.collections] == [
        "startups",
        "authors",
        "incubators",
        "phases",
        "events",
        "jobs",
        "organisations",
    ]
    jobs = schema.collection("jobs")
    assert jobs is not None
    assert (jobs.folder, jobs.identifier_field, jobs.status) == ("content/_jobs", "roles", "open")
    assert [f.name for f in jobs.fields] == [
        "roles",
        "open",
        "junior",
        "date",
        "depublication_date",
        "startup",
        "contacts",
        "domaines",
        "body",
    ]
    types = {f.name: f.type for f in jobs.fields}
    assert types == {
        "roles": "string",
        "open": "boolean",
        "junior": "boolean",
        "date": "date",
        "depublication_date": "date",
        "startup": "relation",
        "contacts": "any",
        "domaines": "select",
        "body": "markdown",
    }
    assert jobs.commit_message["create"] == "Création de {{slug}} dans {{collection}} !"
    # The merge keys of the anchors (relation_default_options, date_field_defaults) apply.
    startup = jobs.field("startup")
    assert startup is not None and startup.collection == "startups"
    assert (startup.value_field, startup.required) == ("{{slug}}", False)
    authors = schema.collection("authors")
    assert authors is not None
    missions = authors.field("missions")
    assert missions is not None
    assert [(f.name, f.type, f.format) for f in missions.fields][2:] == [
        ("start", "date", "YYYY-MM-DD"),
        ("end", "date", "YYYY-MM-DD"),
    ]
    sponsors = schema.collection("startups").field("sponsors")  # type: ignore[union-attr]
    assert sponsors is not None
    assert (sponsors.value_field, sponsors.multiple) == ("/organisations/{{slug}}", True)
    assert len(schema.warnings) == 1 and "'select-async'" in schema.warnings[0]
    assert "jobs.contacts" in schema.warnings[0]


def test_real_postings_against_the_real_config(corpus: Path, decap_config: Path) -> None:
    schema = load_schema_file(decap_config, "admin/config.yml")
    jobs = schema.collection("jobs")
    assert jobs is not None
    root = corpus.parent
    postings = [read_posting(root, rel, "jobs") for rel in list_files(root, corpus.name)]
    findings = [f for p in postings for f in validate(p, jobs)]
    by_message = collections.Counter(f.message for f in findings)
    # Real misspellings are flagged, with the key meant.
    assert by_message["unknown key 'role' (did you mean 'roles'?)"] == 3
    assert by_message["unknown key 'domaine' (did you mean 'domaines'?)"] == 2
    assert by_message["missing required field 'roles'"] == 3
    # A wrong-case option of the multiple select is caught with its correction.
    typo = "domaines: 'produit' is not one of the options (did you mean 'Produit'?)"
    assert by_message[typo] == 1
    # The real duplicate key, with both lines.
    dups = [f for f in findings if f.message.startswith("duplicate key")]
    assert [(f.path.rsplit("/", 1)[-1], f.line) for f in dups] == [
        ("2021-10-18-atlasculture-dev.md", 11)
    ]
    # Decap's required-by-default applies to fields older postings predate.
    assert by_message["missing required field 'depublication_date'"] > 400
    # Every real date is a date to Decap's datetime widget (timestamps included).
    assert not [
        f
        for f in findings
        if f.field in ("date", "depublication_date") and "missing" not in f.message
    ]
    # Keys Decap does not declare are warnings, never errors.
    assert all(f.severity == "warning" for f in findings if f.message.startswith("unknown key"))


# ----------------------------------------------------------------------------- site reading

SITE_CONFIG = """\
backend: {name: git-gateway}
site_url: https://example.org
display_url: https://shown.example.org
slug: {encoding: ascii, clean_accents: true, sanitize_replacement: _}
collections:
  - name: posts
    label: Posts
    folder: content/posts
    create: true
    preview_path: "blog/{{year}}/{{slug}}"
    preview_path_date_field: published_on
    path: "{{slug}}/index"
    format: yaml-frontmatter
    extension: markdown
    sortable_fields:
      - headline
      - {field: published_on, label: Published, default_sort: desc}
      - commit_date
    fields:
      - {name: kicker, widget: string}
      - {name: headline, widget: string}
      - {name: published_on, widget: date}
      - {name: publishDate, widget: datetime}
      - name: author
        widget: relation
        collection: people
        value_field: "{{slug}}"
        display_fields: ["{{name}} ({{slug}})"]
        search_fields: [name, slug]
  - name: people
    label: People
    folder: content/people
    identifier_field: Full_Name
    sortableFields: [full_name]
    fields: [{name: full_name, widget: string}, {name: bio, widget: text}]
  - name: notes
    label: Notes
    folder: notes
    frontmatter_delimiter: ["<!--", "-->"]
    fields: [{name: text, widget: text}]
"""


@pytest.fixture(scope="module")
def site_schema():  # type: ignore[no-untyped-def]
    return parse_decap(load_yaml_text(SITE_CONFIG, "admin/config.yml"), "admin/config.yml")


def test_title_and_date_fields_are_found_as_decap_finds_them(site_schema) -> None:  # type: ignore[no-untyped-def]
    posts, people = site_schema.collections  # notes: its delimiters are not read (warned)
    assert posts.identifier_field == "headline"  # a title synonym beats the first string
    assert people.identifier_field == "full_name"  # matched without regard to case
    assert posts.site.date[0] == "publishDate"  # a datetime named like a date comes first
    assert people.site.date == ("date", "publishDate", "publishdate", "pubdate")


def test_collection_options_are_recorded(site_schema) -> None:  # type: ignore[no-untyped-def]
    posts, people = site_schema.collections
    assert (posts.preview_path, posts.preview_path_date_field, posts.path) == (
        "blog/{{year}}/{{slug}}",
        "published_on",
        "{{slug}}/index",
    )
    assert (posts.format, posts.extension, posts.glob) == (
        "yaml",
        "markdown",
        "*.markdown",
    )
    assert posts.sortable_fields == ("headline", "published_on")
    assert posts.sort == "-published_on"
    assert people.sortable_fields == ("full_name",)
    assert posts.site.url == "https://example.org"  # site_url before display_url
    assert posts.slug_options == SlugOptions("ascii", True, "_")
    assert posts.unknown_keys == "typos"
    author = posts.field("author")
    assert author is not None
    assert (author.display_fields, author.search_fields) == (
        ("{{name}} ({{slug}})",),
        ("name", "slug"),
    )


def test_what_postedit_does_not_honour_is_named_once(site_schema) -> None:  # type: ignore[no-untyped-def]
    warnings = "\n".join(site_schema.warnings)
    assert "'commit_date'" in warnings and "not supported" in warnings
    assert "'<!--'" in warnings and "not read by postedit" in warnings
    assert len(site_schema.warnings) == 2


def test_form_rules_are_warnings_for_the_site(site_schema) -> None:  # type: ignore[no-untyped-def]
    posts = site_schema.collections[0]
    assert {f.severity for f in posts.fields} == {"warning"}


def test_display_url_and_default_slug_options() -> None:
    text = (
        "backend: {name: x}\ndisplay_url: https://shown.example.org\ncollections:\n"
        "  - {name: a, folder: a, fields: [{name: title, widget: string}]}\n"
    )
    schema = parse_decap(load_yaml_text(text, "c.yml"), "c.yml")
    spec = schema.collections[0]
    assert spec.site.url == "https://shown.example.org"
    assert spec.slug_options == SlugOptions("unicode", False, "-")
    assert spec.sort is None and spec.sortable_fields == ()


@pytest.mark.parametrize(
    "slug",
    ["{encoding: latin1}", '{sanitize_replacement: "$"}'],
)
def test_bad_slug_options_are_schema_errors(slug: str) -> None:
    text = f"backend: {{name: x}}\nslug: {slug}\ncollections:\n  - {{name: a, folder: a}}\n"
    with pytest.raises(SchemaError, match="slug"):
        parse_decap(load_yaml_text(text, "c.yml"), "c.yml")
