"""Where a collection's postings are (nested folders, page bundles, translations, file
collections), each posting's locale, and new postings in every locale."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from postedit.core import frontmatter
from postedit.core import newposting as np
from postedit.core.decap import parse_decap
from postedit.core.discover import collection_files, locale_fields, locale_of, owner_of
from postedit.core.errors import PosteditError, SchemaError
from postedit.core.schema import CollectionSpec, FieldSpec, I18n, Schema
from postedit.core.schema_load import dump_schema, parse_postedit
from postedit.core.schema_yaml import load_yaml_text
from postedit.core.store import read_posting
from postedit.core.validate import posting_findings
from tests.hugo_site import CONFIG, FILES

NOW = dt.datetime(2026, 3, 7, 14, 35)


@pytest.fixture
def hugo(tmp_path: Path) -> Path:
    for rel, text in FILES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    return tmp_path


@pytest.fixture
def schema() -> Schema:
    return parse_decap(load_yaml_text(CONFIG, "static/admin/config.yml"), "static/admin/config.yml")


def col(schema: Schema, name: str) -> CollectionSpec:
    spec = schema.collection(name)
    assert spec is not None
    return spec


def test_the_decap_config_is_read_as_its_layout(schema: Schema) -> None:
    posts, news, docs, bundles, about = (
        col(schema, n) for n in ("posts", "news", "docs", "bundles", "pages/about")
    )
    assert posts.i18n == I18n("multiple_folders", ("en", "fr"), "en")
    assert (posts.depth, posts.format) == (2, "toml")
    assert [f.i18n for f in posts.fields] == ["translate", "none", "duplicate", "translate"]
    assert news.i18n == I18n("multiple_files", ("en", "fr"), "en") and news.depth == 1
    assert (docs.depth, docs.index_file) == (3, "index")
    assert (bundles.depth, bundles.path, bundles.format) == (2, "{{slug}}/index", "json")
    assert about.files == ("content/about.md",) and about.folder == "content"
    assert [c.name for c in schema.collections] == [
        "posts",
        "news",
        "docs",
        "bundles",
        "pages/about",
    ]


def test_collection_files_follow_depth_and_extension(hugo: Path, schema: Schema) -> None:
    assert collection_files(hugo, col(schema, "docs")) == [
        "content/docs/guide/index.md",
        "content/docs/guide/install/index.md",
        "content/docs/index.md",
    ]
    shallow = CollectionSpec("docs", "content/docs", depth=2)
    assert "content/docs/guide/install/index.md" not in collection_files(hugo, shallow)
    assert collection_files(hugo, col(schema, "bundles")) == ["content/bundles/trip/index.md"]
    assert collection_files(hugo, col(schema, "pages/about")) == ["content/about.md"]
    (hugo / "content/about.md").unlink()
    assert collection_files(hugo, col(schema, "pages/about")) == []


def test_owner_of_prefers_the_file_collection_then_the_deepest_folder(schema: Schema) -> None:
    specs = schema.collections + (CollectionSpec("guide", "content/docs/guide"),)
    assert owner_of(specs, "content/about.md").name == "pages/about"  # type: ignore[union-attr]
    assert owner_of(specs, "content/posts/fr/first.md").name == "posts"  # type: ignore[union-attr]
    assert owner_of(specs, "content/docs/guide/x.md").name == "guide"  # type: ignore[union-attr]
    assert owner_of(specs, "content/docs/a/b/c/d.md") is None  # deeper than the nesting
    assert owner_of(specs, "content/other.md") is None


@pytest.mark.parametrize(
    ("name", "path", "locale"),
    [
        ("posts", "content/posts/fr/first.md", "fr"),
        ("posts", "content/posts/en/first.md", "en"),
        ("posts", "content/posts/first.md", None),
        ("posts", "content/posts/de/first.md", None),
        ("news", "content/news/launch.fr.md", "fr"),
        ("news", "content/news/launch.md", None),
        ("news", "content/news/v1.2.md", None),
        ("docs", "content/docs/index.md", None),
    ],
)
def test_locale_of(schema: Schema, name: str, path: str, locale: str | None) -> None:
    assert locale_of(path, col(schema, name)) == locale


def test_single_file_postings_hold_every_locale() -> None:
    spec = CollectionSpec("p", "p", i18n=I18n("single_file", ("en", "fr"), "fr"))
    assert locale_of("p/a.md", spec) is None
    fields = {"en": {"title": "Hi"}, "fr": {"title": "Salut"}}
    assert locale_fields(fields, spec) == {"title": "Salut"}
    assert locale_fields({"title": "x"}, None) == {"title": "x"}


def test_new_postings_are_created_in_every_locale(hugo: Path, schema: Schema) -> None:
    posts = col(schema, "posts")
    fields = {"title": "Été", "draft": True, "date": dt.datetime(2026, 3, 1, 9, 0)}
    made = np.create_postings(hugo, posts, fields, "Texte", NOW)
    assert [p.relpath for p in made] == ["content/posts/en/ete.md", "content/posts/fr/ete.md"]
    en, fr = (frontmatter.parse((hugo / p.relpath).read_bytes()) for p in made)
    assert en.fields == {"title": "Été", "draft": True, "date": dt.datetime(2026, 3, 1, 9, 0)}
    assert fr.fields == {"title": "Été", "date": dt.datetime(2026, 3, 1, 9, 0)}  # no i18n: none
    assert (hugo / made[0].relpath).read_bytes().startswith(b"+++\n")
    assert (hugo / made[0].relpath).read_bytes().endswith(b"Texte\n")
    again = np.create_postings(hugo, posts, fields, "", NOW)
    assert [p.relpath for p in again] == ["content/posts/en/ete-1.md", "content/posts/fr/ete-1.md"]


def test_a_name_taken_in_one_locale_moves_every_locale(hugo: Path, schema: Schema) -> None:
    news = col(schema, "news")
    (hugo / "content/news/launch.fr.md").unlink()
    paths = np.new_relpaths(hugo, news, {"title": "Launch"}, NOW)
    assert paths == ["content/news/launch-1.en.md", "content/news/launch-1.fr.md"]


def test_single_file_new_posting_has_the_locales_as_keys(tmp_path: Path) -> None:
    spec = CollectionSpec(
        "p",
        "p",
        fields=(FieldSpec("title", i18n="translate"), FieldSpec("n", i18n="none")),
        i18n=I18n("single_file", ("en", "fr"), "en"),
    )
    (tmp_path / "p").mkdir()
    made = np.create_postings(tmp_path, spec, {"title": "Hi", "n": 1}, "", NOW)
    assert [p.relpath for p in made] == ["p/hi.md"]
    assert made[0].fields == {"en": {"title": "Hi", "n": 1}, "fr": {"title": "Hi"}}


def test_nested_and_bundle_collections_create_index_files(hugo: Path, schema: Schema) -> None:
    docs = np.create_postings(hugo, col(schema, "docs"), {"title": "Getting started"}, "", NOW)
    assert [p.relpath for p in docs] == ["content/docs/getting-started/index.md"]
    bundle = np.create_postings(hugo, col(schema, "bundles"), {"title": "A trip"}, "", NOW)
    assert [p.relpath for p in bundle] == ["content/bundles/a-trip/index.md"]
    data = (hugo / bundle[0].relpath).read_bytes()
    assert data == b'{\n  "title": "A trip"\n}\n'


def test_a_file_collection_gets_no_new_posting(hugo: Path, schema: Schema) -> None:
    with pytest.raises(PosteditError, match="file collection"):
        np.new_relpath(hugo, col(schema, "pages/about"), {"title": "x"}, NOW)


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            "i18n: {structure: multiple_folders, locales: [en, fr], default_locale: de}\n"
            "collections: [{name: a, folder: a, i18n: true}]",
            "missing the default locale de",
        ),
        (
            "i18n: {structure: one_big_file, locales: [en]}\n"
            "collections: [{name: a, folder: a, i18n: true}]",
            "not one of",
        ),
        (
            "i18n: {structure: multiple_files, locales: [en, fr]}\n"
            "collections: [{name: a, i18n: true, files: [{name: b, file: b.md, i18n: true}]}]",
            "limited to the single_file structure",
        ),
    ],
)
def test_bad_i18n_is_an_error_at_its_line(config: str, message: str) -> None:
    with pytest.raises(SchemaError, match=message) as info:
        parse_decap(load_yaml_text("backend: {name: x}\n" + config, "c.yml"), "c.yml")
    assert info.value.line is not None and info.value.line >= 2


@pytest.mark.parametrize(
    ("collection", "warning"),
    [
        ("{name: a, folder: a, format: yml}", "data files, not Markdown postings"),
        ("{name: a, folder: a, format: toml-frontmatter, frontmatter_delimiter: '~~~'}", "'~~~'"),
        ("{name: a, folder: a, filter: {field: lang, value: en, pattern: x}}", "pattern"),
    ],
)
def test_what_is_not_read_is_named_once(collection: str, warning: str) -> None:
    text = f"backend: {{name: x}}\ncollections:\n  - {collection}\n"
    schema = parse_decap(load_yaml_text(text, "c.yml"), "c.yml")
    assert len([w for w in schema.warnings if warning in w]) == 1
    assert all(w.startswith("c.yml:3: ") for w in schema.warnings if warning in w)


def test_standard_delimiters_and_toml_json_formats_are_read() -> None:
    text = (
        "backend: {name: x}\ncollections:\n"
        "  - {name: a, folder: a, format: toml-frontmatter, frontmatter_delimiter: '+++'}\n"
        "  - {name: b, folder: b, format: json-frontmatter, extension: markdown}\n"
        "  - {name: c, folder: c, format: yaml-frontmatter, frontmatter_delimiter: ['---', '---']}\n"
        "  - {name: d, folder: d, format: toml-frontmatter, frontmatter_delimiter: ['+++', '+++']}\n"
        "  - {name: e, folder: e, format: json-frontmatter, frontmatter_delimiter: ['{', '}']}\n"
    )
    schema = parse_decap(load_yaml_text(text, "c.yml"), "c.yml")
    assert [(c.name, c.format, c.glob) for c in schema.collections] == [
        ("a", "toml", "*.md"),
        ("b", "json", "*.markdown"),
        ("c", "yaml", "*.md"),  # the standard delimiter written as [opening, closing]
        ("d", "toml", "*.md"),
        ("e", "json", "*.md"),
    ]
    assert schema.warnings == ()


def test_a_postedit_yml_layout_reads_as_decap_s_without_depth_or_glob(tmp_path: Path) -> None:
    """``extension``, ``path``, ``index_file`` and i18n ``multiple_folders`` in a postedit.yml
    say where the postings are, as in a Decap config (docs/schema.md): the files they name are
    listed, and a new posting is one of them. Without ``depth`` and ``glob`` the pages were not
    postings, and ``new`` made files the list did not show."""
    text = (
        "version: 1\ncollections:\n"
        "  html: {folder: html, extension: html}\n"
        "  bundles: {folder: bundles, path: '{{slug}}/index'}\n"
        "  docs: {folder: docs, index_file: index}\n"
        "  posts: {folder: posts, i18n: {structure: multiple_folders, locales: [en, fr]}}\n"
        "  flat: {folder: flat, depth: 1, path: '{{slug}}/index'}\n"
    )
    schema = parse_postedit(load_yaml_text(text, "postedit.yml"), "postedit.yml")
    files = {
        "html/page.html": "---\ntitle: Page\n---\n<p>x</p>\n",
        "bundles/trip/index.md": "---\ntitle: Trip\n---\n",
        "docs/guide/index.md": "---\ntitle: Guide\n---\n",
        "posts/en/hello.md": "---\ntitle: Hello\n---\n",
        "posts/fr/hello.md": "---\ntitle: Bonjour\n---\n",
    }
    for rel, content in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(content)
    listed = {c.name: collection_files(tmp_path, c) for c in schema.collections}
    assert listed == {
        "html": ["html/page.html"],
        "bundles": ["bundles/trip/index.md"],
        "docs": ["docs/guide/index.md"],
        "posts": ["posts/en/hello.md", "posts/fr/hello.md"],
        "flat": [],  # a depth written down is kept
    }
    for spec in schema.collections[:4]:
        made = [p.relpath for p in np.create_postings(tmp_path, spec, {"title": "New"}, "", NOW)]
        assert made and set(made) <= set(collection_files(tmp_path, spec)), spec.name
    assert np.entry_paths(schema.collections[0], "new") == ["html/new.html"]


def test_the_layout_round_trips_through_postedit_yml(schema: Schema) -> None:
    again = parse_postedit(load_yaml_text(dump_schema(schema), "postedit.yml"), "postedit.yml")
    for a, b in zip(again.collections, schema.collections, strict=True):
        assert (a.format, a.depth, a.path, a.index_file, a.files, a.i18n, a.slug_options) == (
            b.format,
            b.depth,
            b.path,
            b.index_file,
            b.files,
            b.i18n,
            b.slug_options,
        )
        assert [f.i18n for f in a.fields] == [f.i18n for f in b.fields]


def test_a_translation_is_not_missing_the_fields_kept_in_the_default_locale() -> None:
    from postedit.core.discover import locale_spec
    from postedit.core.posting import Posting
    from postedit.core.validate import validate

    spec = CollectionSpec(
        "news",
        "news",
        fields=(
            FieldSpec("title", required=True, i18n="translate"),
            FieldSpec("author", required=True, i18n="none"),
        ),
        i18n=I18n("multiple_files", ("en", "fr"), "en"),
    )
    fr = Posting("news/a.fr.md", "news", fields={"title": "Salut"}, key_lines={"title": 2})
    en = Posting("news/a.en.md", "news", fields={"title": "Hi"}, key_lines={"title": 2})
    assert [f.field for f in validate(fr, spec)] == ["author"]  # what a plain check says
    assert validate(fr, locale_spec(spec, fr.relpath)) == []
    assert locale_spec(spec, fr.relpath) is locale_spec(spec, fr.relpath)
    assert [f.field for f in validate(en, locale_spec(spec, en.relpath))] == ["author"]


def test_a_single_file_posting_is_checked_locale_by_locale(tmp_path: Path) -> None:
    """Decap writes a single_file entry as one mapping per locale: the title and the body
    live in each locale's mapping, not at the top of the file nor in its body."""
    config = (
        "backend: {name: git-gateway}\n"
        "i18n: {structure: single_file, locales: [en, fr]}\n"
        "collections:\n"
        "  - name: pages\n"
        "    i18n: true\n"
        "    files:\n"
        "      - name: about\n"
        "        file: content/about.md\n"
        "        i18n: true\n"
        "        fields:\n"
        "          - {name: title, widget: string, i18n: true}\n"
        "          - {name: team, widget: string, i18n: none}\n"
        "          - {name: body, widget: markdown, i18n: true}\n"
    )
    schema = parse_decap(load_yaml_text(config, "admin/config.yml"), "admin/config.yml")
    spec = col(schema, "pages/about")
    text = (
        b"---\nen:\n  title: About\n  team: core\n  body: About us\n"
        b"fr:\n  title: [Salut]\n  body: A propos\n---\n"
    )
    (tmp_path / "content").mkdir()
    (tmp_path / "content/about.md").write_bytes(text)
    posting = read_posting(tmp_path, "content/about.md", "pages/about")
    found = [(f.line, f.severity, f.message) for f in posting_findings(posting, spec)]
    assert found == [(6, "error", "fr.title: expected text, found a list")]
    (tmp_path / "content/about.md").write_bytes(b"---\nfr:\n  title: Salut\n---\n")
    empty = read_posting(tmp_path, "content/about.md", "pages/about")
    found = [(f.line, f.severity, f.message) for f in posting_findings(empty, spec)]
    assert found == [
        (1, "error", "missing required field 'en'"),
        (2, "warning", "missing required field 'fr.body'"),
    ]
