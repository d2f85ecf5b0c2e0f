"""Postings with an object field (Decap ``widget: object``) and a list of objects, and the
edits of one key inside them that tests/core/test_frontmatter_nested.py (frontmatter.patch),
tests/test_cli_nested.py (``postedit set --field meta.lang=...``) and
tests/tui/test_editor_nested.py (the form) make: each the same bytes before and after, in
YAML (CASES) and in TOML front matter (TOML_CASES: ``[meta]``, ``meta = {...}``,
``[meta.seo]``, ``[[links]]``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

JOBS = "content/_jobs"
RELPATH = f"{JOBS}/2024-05-02-dev.md"

BLOCK = """\
---
title: Développeur
meta:
  lang: fr  # langue du poste
  # the public reference
  ref: 'A-12'
  team: "core"

  deep:
    level: 1  # grade
    code: "x"
open: true
---
Body
"""
"""An object in block style: comments inside it (on a key's line, on their own line), quoted
values, a blank line, an object in it."""

FLOW = """\
---
title: Développeur
meta: {lang: fr, ref: 'A-12'}  # inline
# a full-line comment
open: true
---
Body
"""
"""The same object in flow style, a comment after it and one on the next line."""

LINKS_FIELD = """\
links:
  - name: Site  # the main one
    url: "https://a.fr"
  # the second one
  - name: Blog
    url: https://b.fr
"""
"""A list of objects (Decap ``widget: list`` with ``fields``)."""

LINKS = f"---\ntitle: Développeur\n{LINKS_FIELD}open: true\n---\nBody\n"
"""A posting holding LINKS_FIELD."""

DECAP_CONFIG = """\
backend: {name: git-gateway}
media_folder: static/img
collections:
  - name: jobs
    label: Jobs
    folder: content/_jobs
    create: true
    fields:
      - {label: Title, name: title, widget: string}
      - label: Meta
        name: meta
        widget: object
        required: false
        fields:
          - {label: Language, name: lang, widget: string, required: false}
          - {label: Reference, name: ref, widget: string, required: false}
          - {label: Team, name: team, widget: string, required: false}
          - {label: City, name: city, widget: string, required: false}
          - label: Deep
            name: deep
            widget: object
            required: false
            fields:
              - {label: Level, name: level, widget: number, value_type: int, required: false}
              - {label: Code, name: code, widget: string, required: false}
              - {label: Note, name: note, widget: string, required: false}
      - label: Links
        name: links
        widget: list
        required: false
        fields:
          - {label: Name, name: name, widget: string}
          - {label: URL, name: url, widget: string}
      - {label: Open, name: open, widget: boolean}
"""
"""A Decap CMS config whose ``jobs`` collection has these fields."""


def crlf(text: str) -> str:
    """``text`` with CRLF line endings."""
    return text.replace("\n", "\r\n")


@dataclass(frozen=True)
class Case:
    """Setting (or removing) one key inside ``meta``: the file before and after."""

    id: str
    before: str
    key: str
    """The dotted key (``meta.lang``), as ``set --field`` takes it."""
    text: str | None
    """The text typed (``set --field KEY=TEXT``, the form's input); None removes the key."""
    value: Any
    """That text typed by the field (None when removed)."""
    after: str
    config: str = DECAP_CONFIG
    """The site's Decap config (the form's fields, how ``set`` types the text)."""
    old: str = ""
    """The text of ``before`` that changes (``after`` has ``new`` in its place, once)."""
    new: str = ""

    @property
    def path(self) -> list[str]:
        """The keys inside ``meta``."""
        return self.key.split(".")[1:]


def _case(
    id: str,
    before: str,
    key: str,
    text: str | None,
    value: Any,
    old: str,
    new: str,
    config: str = DECAP_CONFIG,
) -> Case:
    """A case whose file after is ``before`` with ``old`` replaced by ``new`` (once)."""
    assert before.count(old) == 1, old
    return Case(id, before, key, text, value, before.replace(old, new), config, old, new)


CASES = [
    _case(
        "block-comment-inside",
        BLOCK,
        "meta.lang",
        "en",
        "en",
        "  lang: fr  # langue du poste\n",
        "  lang: en  # langue du poste\n",
    ),
    _case(
        "quoted-value-and-siblings",
        BLOCK,
        "meta.ref",
        "B-7",
        "B-7",
        "  ref: 'A-12'\n",
        "  ref: 'B-7'\n",
    ),
    _case(
        "crlf",
        crlf(BLOCK),
        "meta.lang",
        "en",
        "en",
        "  lang: fr  # langue du poste\r\n",
        "  lang: en  # langue du poste\r\n",
    ),
    _case(
        "crlf-add",
        crlf(BLOCK),
        "meta.city",
        "Lyon",
        "Lyon",
        '    code: "x"\r\n',
        '    code: "x"\r\n  city: Lyon\r\n',
    ),
    _case(
        "flow",
        FLOW,
        "meta.lang",
        "en",
        "en",
        "meta: {lang: fr, ref: 'A-12'}  # inline\n",
        "meta: {lang: en, ref: 'A-12'}  # inline\n",
    ),
    _case(
        "flow-add",
        FLOW,
        "meta.team",
        "web",
        "web",
        "meta: {lang: fr, ref: 'A-12'}  # inline\n",
        "meta: {lang: fr, ref: 'A-12', team: web}  # inline\n",
    ),
    _case(
        "flow-remove",
        FLOW,
        "meta.ref",
        None,
        None,
        "meta: {lang: fr, ref: 'A-12'}  # inline\n",
        "meta: {lang: fr}  # inline\n",
    ),
    _case(
        "add-missing-key",
        BLOCK,
        "meta.city",
        "Lyon",
        "Lyon",
        '    code: "x"\n',
        '    code: "x"\n  city: Lyon\n',
    ),
    _case(
        "remove-key",
        BLOCK,
        "meta.team",
        None,
        None,
        '  team: "core"\n',
        "",
    ),
    _case(
        "two-levels",
        BLOCK,
        "meta.deep.level",
        "2",
        2,
        "    level: 1  # grade\n",
        "    level: 2  # grade\n",
    ),
    _case(
        "two-levels-add",
        BLOCK,
        "meta.deep.note",
        "n",
        "n",
        '    code: "x"\n',
        '    code: "x"\n    note: n\n',
    ),
    _case(
        "two-levels-remove",
        BLOCK,
        "meta.deep.code",
        None,
        None,
        '    code: "x"\n',
        "",
    ),
]
"""Each edit of one key inside ``meta``; ids name them in test reports."""

LINKS_EDITED = LINKS.replace("    url: https://b.fr\n", "    url: https://c.fr\n")
"""LINKS with the second link's url changed (its own line only)."""
LINKS_VALUE = [{"name": "Site", "url": "https://a.fr"}, {"name": "Blog", "url": "https://c.fr"}]
"""The value of ``links`` in LINKS_EDITED."""


# --------------------------------------------------------------------------- TOML

TOML_CONFIG = DECAP_CONFIG.replace(
    "    create: true\n", "    create: true\n    format: toml-frontmatter\n"
).replace("label: Deep\n            name: deep\n", "label: SEO\n            name: seo\n")
"""DECAP_CONFIG for Hugo's ``+++`` front matter, the object two levels down named ``seo``."""
assert "format: toml-frontmatter" in TOML_CONFIG and "name: seo" in TOML_CONFIG

TOML_TABLE = """\
+++
title = "Développeur"
open = true

[meta]
lang = "fr"  # langue du poste
# the public reference
ref = 'A-12'
"team" = "core"

[meta.seo]
level = 1  # grade
code = "x"
+++
Body
"""
"""An object as a TOML table: comments inside it (on a key's line, on their own line), a
literal string, a quoted key, a blank line, a table in it (``[meta.seo]``)."""

TOML_INLINE = """\
+++
title = "Développeur"
meta = {lang = "fr", ref = 'A-12'}  # inline
# a full-line comment
open = true
+++
Body
"""
"""The same object as an inline table, a comment after it and one on the next line."""

TOML_LINKS = """\
+++
title = "Développeur"
open = true

[[links]]
name = "Site"  # the main one
url = "https://a.fr"

# the second one
[[links]]
name = 'Blog'
url = "https://b.fr"
+++
Body
"""
"""A list of objects as an array of tables."""

TOML_LINKS_EDITED = TOML_LINKS.replace('url = "https://b.fr"\n', 'url = "https://c.fr"\n')
"""TOML_LINKS with the second link's url changed (its own line only): reads as LINKS_VALUE."""


def _toml_case(
    id: str, before: str, key: str, text: str | None, value: Any, old: str, new: str
) -> Case:
    return _case(f"toml-{id}", before, key, text, value, old, new, TOML_CONFIG)


TOML_CASES = [
    _toml_case(
        "table-comment-inside",
        TOML_TABLE,
        "meta.lang",
        "en",
        "en",
        'lang = "fr"  # langue du poste\n',
        'lang = "en"  # langue du poste\n',
    ),
    _toml_case(
        "literal-value-and-siblings",
        TOML_TABLE,
        "meta.ref",
        "B-7",
        "B-7",
        "ref = 'A-12'\n",
        "ref = 'B-7'\n",
    ),
    _toml_case(
        "quoted-key",
        TOML_TABLE,
        "meta.team",
        "web",
        "web",
        '"team" = "core"\n',
        '"team" = "web"\n',
    ),
    _toml_case(
        "crlf",
        crlf(TOML_TABLE),
        "meta.lang",
        "en",
        "en",
        'lang = "fr"  # langue du poste\r\n',
        'lang = "en"  # langue du poste\r\n',
    ),
    _toml_case(
        "crlf-add",
        crlf(TOML_TABLE),
        "meta.city",
        "Lyon",
        "Lyon",
        '"team" = "core"\r\n',
        '"team" = "core"\r\ncity = "Lyon"\r\n',
    ),
    _toml_case(
        "inline",
        TOML_INLINE,
        "meta.lang",
        "en",
        "en",
        "meta = {lang = \"fr\", ref = 'A-12'}  # inline\n",
        "meta = {lang = \"en\", ref = 'A-12'}  # inline\n",
    ),
    _toml_case(
        "inline-add",
        TOML_INLINE,
        "meta.team",
        "web",
        "web",
        "meta = {lang = \"fr\", ref = 'A-12'}  # inline\n",
        'meta = {lang = "fr", ref = \'A-12\', team = "web"}  # inline\n',
    ),
    _toml_case(
        "inline-remove",
        TOML_INLINE,
        "meta.ref",
        None,
        None,
        "meta = {lang = \"fr\", ref = 'A-12'}  # inline\n",
        'meta = {lang = "fr"}  # inline\n',
    ),
    _toml_case(
        "add-missing-key",
        TOML_TABLE,
        "meta.city",
        "Lyon",
        "Lyon",
        '"team" = "core"\n',
        '"team" = "core"\ncity = "Lyon"\n',
    ),
    _toml_case(
        "remove-key",
        TOML_TABLE,
        "meta.team",
        None,
        None,
        '"team" = "core"\n',
        "",
    ),
    _toml_case(
        "two-levels",
        TOML_TABLE,
        "meta.seo.level",
        "2",
        2,
        "level = 1  # grade\n",
        "level = 2  # grade\n",
    ),
    _toml_case(
        "two-levels-add",
        TOML_TABLE,
        "meta.seo.note",
        "n",
        "n",
        'code = "x"\n',
        'code = "x"\nnote = "n"\n',
    ),
    _toml_case(
        "two-levels-remove",
        TOML_TABLE,
        "meta.seo.code",
        None,
        None,
        'code = "x"\n',
        "",
    ),
]
"""Each edit of one key inside ``meta`` in TOML front matter, as CASES does in YAML."""


def assert_one_line_changed(before: bytes, after: bytes, nl: str) -> None:
    """The property of a nested edit: one scalar changed, one line changed, and the
    ``# note`` comment of that line (the generated postings' comment) kept."""
    old, new = before.split(b"\n"), after.split(b"\n")
    assert len(old) == len(new)
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert len(changed) == 1
    old_line, new_line = changed[0]
    note = b"  # note" + (b"\r" if nl == "\r\n" else b"")
    assert old_line.endswith(note) == new_line.endswith(note)  # its comment stays
