"""Inference: from hand-made postings and from the real corpus; the printed schema loads back."""

from __future__ import annotations

import collections
import datetime as dt
from pathlib import Path
from typing import Any

from postedit.core.discover import list_files
from postedit.core.infer import infer_collection, infer_schema
from postedit.core.posting import Posting
from postedit.core.schema_load import dump_schema, load_schema, parse_postedit
from postedit.core.schema_yaml import load_yaml_text
from postedit.core.site import site_values
from postedit.core.store import Store, read_posting
from postedit.core.validate import validate


def posting(i: int, fields: dict[str, Any], body: str = "Text.\n") -> Posting:
    return Posting(
        f"_jobs/2024-01-{i:02d}-job-{i}.md",
        "jobs",
        fields=fields,
        raw=body.encode(),
        key_lines={k: n + 2 for n, k in enumerate(fields)},
    )


def sample() -> list[Posting]:
    out = []
    for i in range(1, 41):
        f: dict[str, Any] = {
            "roles": f"Role {i}",
            "open": i % 3 == 0,
            "date": dt.datetime(2024, 1, 1, 10, 0) if i % 2 else dt.date(2024, 1, 2),
            "contrat": ["indépendant", "CDD", "stage"][i % 3],
            "contact": f"person{i}@example.org",
            "domaines": [["Design"], ["Produit", "Design"], ["Data"]][i % 3],
            "count": i,
            "ratio": 0.5 if i % 2 else 1,
            "meta": {"lang": "fr"},
        }
        if i <= 30:
            f["externalURL"] = f"https://example.org/{i}"
        if i == 7:
            f["externalUrl"] = f.pop("externalURL")
        if i == 8:
            f["role"] = f.pop("roles")
        if i == 9:
            f["notes"] = "first line\nsecond line"
        out.append(posting(i, f, body="" if i == 40 else "Text.\n"))
    return out


def test_types_required_options_status() -> None:
    spec = infer_collection("jobs", "_jobs", sample())
    fields = {f.name: f for f in spec.fields}
    assert "role" not in fields and "externalUrl" not in fields
    assert spec.variants == {"role": "roles", "externalUrl": "externalURL"}
    assert (fields["roles"].type, fields["roles"].required) == ("string", True)  # 39/40
    assert (fields["open"].type, fields["open"].required) == ("boolean", True)
    assert fields["date"].type == "datetime"  # dates and timestamps mixed: the wider type
    assert fields["contrat"].type == "select"
    assert set(fields["contrat"].options) == {"indépendant", "CDD", "stage"}
    assert fields["contact"].type == "email"
    assert (fields["externalURL"].type, fields["externalURL"].required) == ("url", False)
    assert (fields["domaines"].type, fields["domaines"].multiple) == ("select", True)
    assert fields["domaines"].options[0] == "Design"  # most used first
    assert fields["count"].type == "integer"
    assert fields["ratio"].type == "number"
    assert fields["meta"].type == "object"
    assert fields["notes"].type == "text"
    assert (fields["body"].type, fields["body"].required) == ("markdown", True)  # 39/40
    assert spec.status == "open"
    assert spec.identifier_field == "roles"
    assert spec.columns == ("open", "date", "roles")
    assert spec.sort == "-date"
    assert spec.slug == "{{year}}-{{month}}-{{day}}-{{slug}}"


def test_inferred_schema_flags_the_rare_variants() -> None:
    postings = sample()
    spec = infer_collection("jobs", "_jobs", postings)
    findings = {p.relpath: [f.message for f in validate(p, spec)] for p in postings}
    assert findings["_jobs/2024-01-07-job-7.md"] == [
        "unknown key 'externalUrl' (did you mean 'externalURL'?)"
    ]
    assert findings["_jobs/2024-01-08-job-8.md"] == [
        "missing required field 'roles'",
        "unknown key 'role' (did you mean 'roles'?)",
    ]
    assert findings["_jobs/2024-01-40-job-40.md"] == ["the body is empty"]
    assert sum(len(v) for v in findings.values()) == 4


def test_status_prefers_known_names_and_needs_a_majority() -> None:
    posts = [
        posting(i, {"featured": True, "published": i % 2 == 0, "title": "t"}) for i in range(1, 11)
    ]
    assert infer_collection("c", "c", posts).status == "published"
    rare = [posting(i, {"title": "t", **({"open": True} if i < 3 else {})}) for i in range(1, 11)]
    assert infer_collection("c", "c", rare).status is None


def test_the_sites_draft_field_is_the_status_however_few_postings_write_it() -> None:
    """Hugo writes ``draft`` on drafts only: it is still what the site reads, so it is the
    status (the list's column, what ``t`` toggles) before any other boolean most postings
    have. A Hugo events folder got ``lights_required`` as its status (``t`` on a draft event
    turned its lights off), and a posts folder none: the TUI showed no draft column, while
    ``t`` and ``postedit list`` took ``draft`` all the same (core/status.status_field)."""
    events = [
        posting(i, {"title": "t", "lights": i % 2 == 0, **({"draft": True} if i < 2 else {})})
        for i in range(1, 11)
    ]
    spec = infer_collection("c", "c", events)
    assert spec.status == "draft" and spec.columns[0] == "draft"
    posts = [posting(i, {"title": "t", **({"draft": True} if i < 3 else {})}) for i in range(1, 11)]
    assert infer_collection("c", "c", posts).status == "draft"
    jekyll = [
        posting(i, {"title": "t", **({"published": False} if i < 2 else {})}) for i in range(1, 10)
    ]
    assert infer_collection("c", "c", jekyll).status == "published"


def test_common_similar_keys_are_both_fields() -> None:
    posts = [
        posting(i, {"contact": "a@b.fr", **({"contacts": "x"} if i % 2 else {})})
        for i in range(1, 11)
    ]
    spec = infer_collection("c", "c", posts)
    assert {f.name for f in spec.fields} == {"contact", "contacts", "body"}
    assert spec.variants == {}


def test_many_distinct_values_stay_text() -> None:
    posts = [posting(i, {"startup": f"startup-{i}"}) for i in range(1, 41)]
    assert infer_collection("c", "c", posts).field("startup").type == "string"  # type: ignore[union-attr]


def test_unreadable_and_empty_collections() -> None:
    from postedit.core.errors import ParseError

    broken = Posting("c/x.md", "c", error=ParseError("bad", "c/x.md", 2))
    spec = infer_collection("c", "c", [broken])
    assert [f.name for f in spec.fields] == ["body"]
    assert spec.status is None and spec.slug == "{{slug}}"


def test_infer_schema_finds_folders(tmp_path: Path) -> None:
    for rel, text in {
        "_jobs/2024-01-01-a.md": "---\nroles: A\nopen: true\n---\nx\n",
        "_jobs/2024-01-02-b.md": "---\nroles: B\nopen: false\n---\nx\n",
        "blog/_posts/hello.md": "---\ntitle: Hello\n---\nHi\n",
        "README.md": "# no front matter\n",
    }.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    schema = infer_schema(tmp_path)
    assert [(c.name, c.folder) for c in schema.collections] == [
        ("jobs", "_jobs"),
        ("posts", "blog/_posts"),
    ]
    assert schema.kind == "inferred" and schema.source == "inferred"
    assert load_schema(tmp_path).collections == schema.collections


def _write(root: Path, files: dict[str, str]) -> None:
    """Write ``files`` ({relpath: text}) below ``root``."""
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


def _site_of(root: Path, files: dict[str, str], rel: str) -> tuple[Any, str]:
    _write(root, files)
    schema = infer_schema(root, store=Store(root))
    spec = next(c for c in schema.collections if rel.startswith(c.folder + "/"))
    values = site_values(read_posting(root, rel, spec.name), spec, dt.datetime(2026, 12, 7, 12))
    return values.date, values.state


def test_a_generators_config_file_says_which_of_its_rules_the_site_follows(
    tmp_path: Path,
) -> None:
    """Eleventy writes every page whatever its date (it has no scheduled posts), and Hugo
    never dates a page by its file name: a post of 24 December was ``scheduled`` on an
    Eleventy site that had published it, and Hugo's ``2027-01-01-new-year.md`` without a date
    was dated and scheduled where Hugo publishes it undated. Their config files say which
    generator builds the site; without one, Jekyll's rules (file names, no future posts)."""
    post = "---\ntitle: Solstice\n---\nShort days.\n"
    files = {"src/posts/2026-12-24-solstice.md": post, "src/posts/b.md": post}
    assert _site_of(tmp_path / "jekyll", files, "src/posts/2026-12-24-solstice.md") == (
        dt.date(2026, 12, 24),
        "scheduled",
    )
    for config in ("eleventy.config.js", ".eleventy.js", "eleventy.config.mjs"):
        eleventy = {**files, config: "export default function () {}\n"}
        assert _site_of(tmp_path / config, eleventy, "src/posts/2026-12-24-solstice.md") == (
            dt.date(2026, 12, 24),
            "published",
        )
    # Hugo's config folder (config/_default/) was not read: Jekyll's rules dated the post
    dirs = ("config/_default/hugo.toml", "config/_default/config.yaml")
    for config in ("hugo.toml", "hugo.yaml", "config.toml", *dirs):
        hugo = {f"content/{rel}": text for rel, text in files.items()}  # Hugo's pages' folder
        hugo |= {config: 'title = "x"\n', "archetypes/default.md": "---\n---\n"}
        root = tmp_path / config.replace("/", "-")
        assert _site_of(root, hugo, "content/src/posts/2026-12-24-solstice.md") == (
            None,
            "published",
        )
    dumped = dump_schema(infer_schema(tmp_path / "eleventy.config.js"))
    assert "site: {future: true}" in dumped or "future: true" in dumped


def test_a_sites_config_that_publishes_future_posts_leaves_none_scheduled(
    tmp_path: Path,
) -> None:
    """Jekyll's ``future: true`` in ``_config.yml`` and Hugo's ``buildFuture = true`` publish
    postings dated in the future: a post dated next year was ``scheduled`` on such a site
    (the S column's ``s``, ``is:scheduled``) though the site shows it. Any other value, an
    unreadable config, or none, keeps the generator's default (scheduled)."""
    post = "---\ntitle: Next year\ndate: 2027-03-01\n---\nx\n"
    files = {"_posts/2027-03-01-next.md": post, "_posts/2026-01-01-old.md": post}
    cases = {
        "jekyll-future": ({"_config.yml": "title: x\nfuture: true\n"}, "published"),
        "jekyll-yaml": ({"_config.yaml": "future: true\n"}, "published"),
        "jekyll-no": ({"_config.yml": "title: x\nfuture: false\n"}, "scheduled"),
        "jekyll-text": ({"_config.yml": "future: 'yes'\n"}, "scheduled"),
        "jekyll-broken": ({"_config.yml": "future: [true\n"}, "scheduled"),
        "hugo-toml": ({"hugo.toml": 'title = "x"\nbuildFuture = true\n'}, "published"),
        "hugo-case": ({"hugo.yaml": "BuildFuture: true\n"}, "published"),
        "hugo-json": ({"hugo.json": '{"buildFuture": true}'}, "published"),
        "hugo-folder": ({"config/_default/hugo.toml": "buildFuture = true\n"}, "published"),
        "hugo-no": ({"hugo.toml": "buildFuture = false\n"}, "scheduled"),
        "hugo-broken": ({"hugo.toml": "buildFuture = \n"}, "scheduled"),
    }
    for name, (config, state) in cases.items():
        folder = "content/" if name.startswith("hugo") else ""  # Hugo's pages' folder
        posts = {folder + rel: text for rel, text in files.items()}
        got = _site_of(tmp_path / name, {**posts, **config}, f"{folder}_posts/2027-03-01-next.md")
        assert got == (dt.date(2027, 3, 1), state), name


def test_a_hugo_config_dating_pages_by_their_file_name_is_followed(tmp_path: Path) -> None:
    """Hugo's ``[frontmatter] date = [":filename", ":default"]`` dates ``2027-01-03-x.md``
    by its name, as Jekyll does: such a page was undated and published, where Hugo leaves
    it out as a future page. Without ``:filename``, Hugo's default: no date from the name."""
    post = {"content/posts/2027-01-03-x.md": "---\ntitle: X\n---\n"}
    named = '[frontmatter]\n  date = [":filename", ":default"]\n'
    got = _site_of(
        tmp_path / "named", {"hugo.toml": named, **post}, "content/posts/2027-01-03-x.md"
    )
    assert got == (dt.date(2027, 1, 3), "scheduled")
    other = named.replace('":filename", ', "")
    got = _site_of(
        tmp_path / "other", {"hugo.toml": other, **post}, "content/posts/2027-01-03-x.md"
    )
    assert got == (None, "published")


def test_jekylls_drafts_folder_holds_drafts(tmp_path: Path) -> None:
    """Jekyll writes no post of ``_drafts/`` (without ``--drafts``): they were listed as
    published (no ``d`` in the S column, not found by ``is:draft``). A Hugo site's
    ``_drafts`` folder is a folder like any other; ``schema infer`` writes the rule."""
    post = "---\ntitle: Idea\n---\nx\n"
    files = {"_drafts/idea.md": post, "_drafts/other.md": post, "_posts/2026-01-01-a.md": post}
    assert _site_of(tmp_path / "jekyll", files, "_drafts/idea.md") == (None, "draft")
    assert _site_of(tmp_path / "jekyll", files, "_posts/2026-01-01-a.md") == (
        dt.date(2026, 1, 1),
        "published",
    )
    assert "drafts: true" in dump_schema(infer_schema(tmp_path / "jekyll"))
    hugo = {**{f"content/{rel}": text for rel, text in files.items()}, "hugo.toml": "\n"}
    assert _site_of(tmp_path / "hugo", hugo, "content/_drafts/idea.md") == (None, "published")


def test_jekylls_posts_not_named_by_their_date_are_drafts(tmp_path: Path) -> None:
    """Jekyll reads no post from ``_posts/hello.md`` (its name must start with the date, even
    with a ``date:``), silently: it was listed as published. A draft now, and ``check`` says
    why; ``2024-1-5-x.md`` is a post (Jekyll's one or two digits). Hugo's ``_posts``: pages;
    without a Jekyll config, a ``_posts`` folder is no Jekyll site's."""
    post = "---\ntitle: Idea\ndate: 2024-01-05\n---\nx\n"
    files = {"_posts/hello.md": post, "_posts/2024-1-5-x.md": post, "_posts/2024-01-06-y.md": post}
    # without a _config.yml, not Jekyll's: Next.js's blog starter names its _posts so
    assert _site_of(tmp_path / "next", files, "_posts/hello.md")[1] == "published"
    files["_config.yml"] = "title: blog\n"
    assert _site_of(tmp_path / "jekyll", files, "_posts/hello.md")[1] == "draft"
    assert _site_of(tmp_path / "jekyll", files, "_posts/2024-1-5-x.md")[1] == "published"
    schema = infer_schema(tmp_path / "jekyll")
    assert "dated_names: true" in dump_schema(schema)
    spec = schema.collections[0]
    findings = [
        str(f)
        for f in validate(read_posting(tmp_path / "jekyll", "_posts/hello.md", spec.name), spec)
    ]
    assert findings == [
        "_posts/hello.md:1: warning: the site reads no post from it: its file name must start "
        "with its date (YYYY-MM-DD-title.md)"
    ]
    assert (
        validate(read_posting(tmp_path / "jekyll", "_posts/2024-1-5-x.md", spec.name), spec) == []
    )
    hugo = {f"content/{rel}": text for rel, text in files.items() if rel.endswith(".md")}
    hugo["hugo.toml"] = "\n"
    assert _site_of(tmp_path / "hugo", hugo, "content/_posts/hello.md")[1] == "published"


def test_a_jekyll_collection_without_output_writes_no_pages(tmp_path: Path) -> None:
    """Jekyll writes a page of a collection's documents only with ``output: true`` in
    ``_config.yml`` (else they are data other pages show): such postings were listed as
    published; they are ``headless`` now. A config that declares no ``collections``, and
    ``_posts``, are left as they were."""
    post = "---\ntitle: Soup\n---\nBoil.\n"
    files = {"_recipes/soup.md": post, "_team/ann.md": post, "_posts/2024-01-05-a.md": post}
    config = "collections:\n  recipes:\n    output: true\n  team: {}\n"
    root = tmp_path / "jekyll"
    assert _site_of(root, {**files, "_config.yml": config}, "_recipes/soup.md")[1] == "published"
    assert _site_of(root, {}, "_team/ann.md")[1] == "headless"
    assert _site_of(root, {}, "_posts/2024-01-05-a.md")[1] == "published"
    for config in ("collections: [recipes]\n", "collections: {team: {output: true}}\n"):
        assert _site_of(root, {"_config.yml": config}, "_recipes/soup.md")[1] == "headless"
    assert _site_of(root, {"_config.yml": "title: x\n"}, "_recipes/soup.md")[1] == "published"
    assert "output: false" not in dump_schema(infer_schema(root))
    moved = "collections_dir: docs\ncollections: {recipes: {output: true}}\n"
    assert _site_of(root, {"_config.yml": moved}, "_recipes/soup.md")[1] == "headless"
    for truthy in ('"true"', '"false"', "0", "yes"):  # Ruby's truth: all but false and nil
        config = f"collections: {{recipes: {{output: {truthy}}}}}\n"
        assert _site_of(root, {"_config.yml": config}, "_recipes/soup.md")[1] == "published"
    for falsy in ("false", "null", "no"):
        config = f"collections: {{recipes: {{output: {falsy}}}}}\n"
        assert _site_of(root, {"_config.yml": config}, "_recipes/soup.md")[1] == "headless"


def test_jekyll_drafts_are_drafts_not_a_collection_without_output(tmp_path: Path) -> None:
    """``_drafts`` is no collection (``jekyll --drafts`` writes them as posts): a config with
    ``collections`` gave it ``output: false`` too, and ``schema infer`` said so."""
    post = "---\ntitle: Soup\n---\nBoil.\n"
    files = {"_drafts/soup.md": post, "_config.yml": "collections: {team: {output: true}}\n"}
    assert _site_of(tmp_path, files, "_drafts/soup.md")[1] == "draft"
    assert "output: false" not in dump_schema(infer_schema(tmp_path))


def test_dates_written_as_text_are_dates(tmp_path: Path) -> None:
    """JSON has no dates and TOML sites often quote theirs: an ISO date in a string is a
    date, so the one posting whose YAML date is a real date is not "expected text"."""
    files = {
        "posts/a.md": '{\n  "title": "A",\n  "date": "2024-01-01"\n}\nx\n',
        "posts/b.md": '+++\ntitle = "B"\ndate = "2024-02-01T10:00:00Z"\n+++\nx\n',
        "posts/c.md": '+++\ntitle = "C"\ndate = "2024-03-01"\n+++\nx\n',
        "posts/d.md": "---\ntitle: D\ndate: 2030-01-01\n---\nx\n",
        "posts/e.md": '---\ntitle: "2024-13-45 is no date"\ndate: 2030-01-02\n---\nx\n',
    }
    _write(tmp_path, files)
    spec = infer_schema(tmp_path).collections[0]
    assert [(f.name, f.type) for f in spec.fields][:2] == [("title", "string"), ("date", "date")]
    assert spec.sort == "-date"
    for rel in files:
        assert validate(read_posting(tmp_path, rel, spec.name), spec) == []


def test_new_postings_take_the_front_matter_language_most_of_the_folder_uses(
    tmp_path: Path,
) -> None:
    """A Hugo section written in TOML got its new postings in YAML (``postedit new``,
    ``n``): inference now gives the collection the language most of its postings use, and
    ``schema infer`` writes it (``format: toml``)."""
    files = {
        "content/events/a.md": '+++\ntitle = "A"\n+++\nx\n',
        "content/events/b.md": '+++\ntitle = "B"\n+++\nx\n',
        "content/events/c.md": "---\ntitle: C\n---\nx\n",
        "content/posts/d.md": "---\ntitle: D\n---\nx\n",
    }
    _write(tmp_path, files)
    schema = infer_schema(tmp_path)
    formats = {spec.name: spec.format for spec in schema.collections}
    assert formats == {"events": "toml", "posts": "yaml"}
    assert "format: toml" in dump_schema(schema)


def test_printed_schema_loads_back(tmp_path: Path) -> None:
    spec = infer_collection("jobs", "_jobs", sample())
    from postedit.core.schema import Schema

    text = dump_schema(Schema(collections=(spec,)), header="inferred")
    again = parse_postedit(load_yaml_text(text, "postedit.yml"), "postedit.yml")
    assert again.collections == (spec,)


# ----------------------------------------------------------------------------- real corpus


def test_real_corpus(corpus: Path) -> None:
    schema = infer_schema(corpus.parent, [corpus.name])
    (spec,) = schema.collections
    fields = {f.name: f for f in spec.fields}
    assert spec.status == "open"
    assert spec.identifier_field == "roles"
    assert spec.variants == {
        "role": "roles",
        "titles": "title",
        "externalUrl": "externalURL",
        "domaine": "domaines",
        "poste_ouvert": "post_ouvert",
    }
    assert {n for n, f in fields.items() if f.required} == {"roles", "open", "body"}
    assert fields["open"].type == "boolean"
    assert fields["date"].type == "datetime"
    assert fields["contact"].type == "email"
    assert fields["externalURL"].type == "url"
    assert (fields["domaines"].type, fields["domaines"].multiple) == ("select", True)
    assert {"Développement", "Design", "Produit"} <= set(fields["domaines"].options)
    assert "contacts" in fields and "contact" in fields  # both common: not variants
    assert "status" in fields and "startup" in fields

    root = corpus.parent
    postings = [read_posting(root, rel, spec.name) for rel in list_files(root, corpus.name)]
    findings = [f for p in postings for f in validate(p, spec)]
    counts = collections.Counter(f.message for f in findings)
    assert counts["unknown key 'role' (did you mean 'roles'?)"] == 3
    assert counts["unknown key 'externalUrl' (did you mean 'externalURL'?)"] == 3
    assert counts["unknown key 'titles' (did you mean 'title'?)"] == 2
    # An inferred schema only complains about real oddities: a handful, not hundreds.
    assert len(findings) < 40
    assert not [
        f
        for f in findings
        if f.message.startswith("unknown key") and "did you mean" not in f.message
    ]


def test_real_corpus_schema_round_trips(corpus: Path) -> None:
    schema = infer_schema(corpus.parent, [corpus.name])
    again = parse_postedit(load_yaml_text(dump_schema(schema), "x"), "x")
    assert again.collections == schema.collections


def test_options_differing_by_case_are_one_option_and_the_rare_spelling_is_flagged() -> None:
    """`Produit` and `produit ` were both options of `domaines`."""
    kinds = ["Produit", "Design", "Data"]
    rows = [{"domaines": [kinds[i % 3]], "team": kinds[i % 3]} for i in range(30)]
    rows[4] = {"domaines": ["produit "], "team": "produit"}
    spec = infer_collection("jobs", "_jobs", [posting(i + 1, f) for i, f in enumerate(rows)])
    fields = {f.name: f for f in spec.fields}
    assert fields["domaines"].options == ("Produit", "Data", "Design")  # by frequency
    assert fields["team"].options == ("Produit", "Data", "Design")
    found = [f.message for f in validate(posting(5, rows[4]), spec)]
    assert found == [
        "domaines: 'produit ' is not one of the options (did you mean 'Produit'?)",
        "team: 'produit' is not one of the options (did you mean 'Produit'?)",
    ]


def test_real_corpus_domaines_have_one_spelling_each(corpus: Path) -> None:
    (spec,) = infer_schema(corpus.parent, [corpus.name]).collections
    options = spec.field("domaines").options  # type: ignore[union-attr]
    folded = [o.strip().casefold() for o in options]
    assert "Produit" in options and len(folded) == len(set(folded))
    postings = [
        read_posting(corpus.parent, rel, spec.name)
        for rel in list_files(corpus.parent, corpus.name)
    ]
    messages = [f.message for p in postings for f in validate(p, spec) if f.field == "domaines"]
    assert any("did you mean 'Produit'?" in m for m in messages)


def test_kinds_counted_by_type_are_each_values_kind() -> None:
    """_kinds counts by type first; each value must still get the kind _kind gives it,
    subclasses and dates written as text included."""
    import enum

    from postedit.core.infer import _kind, _kinds

    class Level(enum.IntEnum):
        LOW = 1

    class Name(str):
        pass

    values: list[Any] = [
        *[True, False, 0, 3, 2.5, None, "", "text", "text", "2024-01-02", "2024-01-02 10:00"],
        *[dt.date(2024, 1, 2), dt.datetime(2024, 1, 2, 3, 4), [], [1], {}, {"a": 1}],
        *[Level.LOW, Name("2024-05-06"), Name("x"), b"bytes", (1, 2)],
    ]
    expected = collections.Counter(k for v in values if (k := _kind(v)) is not None)
    assert _kinds(values) == expected
    assert expected["date"] == 3 and expected["integer"] == 3 and expected["string"] == 4


def test_a_tie_between_kinds_goes_to_the_one_seen_first_as_before_counting_by_type() -> None:
    """Two lists and two texts (one more text is a date): the kind seen first in the folder
    wins the tie, as when each value was looked at in turn. Counting the texts together made
    it the text's (``string``) whatever came first."""
    values: list[Any] = ["2024-01-02", ["a"], "soon", ["b"], "later"]
    postings = [posting(i, {"title": f"T{i}", "when": v}) for i, v in enumerate(values, 1)]
    spec = infer_collection("jobs", "_jobs", postings)
    when = next(f for f in spec.fields if f.name == "when")
    assert when.type == "list"
    postings.insert(0, posting(9, {"title": "T9", "when": "now"}))
    postings.append(posting(10, {"title": "T10", "when": ["c"]}))
    spec = infer_collection("jobs", "_jobs", postings)
    assert next(f for f in spec.fields if f.name == "when").type == "string"
