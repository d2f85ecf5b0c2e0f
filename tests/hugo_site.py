"""A Hugo-style site managed with Decap: translations, page bundles, a file collection, TOML
and JSON front matter -- everything a Jekyll-only reader missed (used by several tests)."""

from __future__ import annotations

CONFIG = """\
backend:
  name: git-gateway
media_folder: static/img
slug:
  encoding: ascii
  clean_accents: true
i18n:
  structure: multiple_folders
  locales: [en, fr]
collections:
  - name: posts
    label: Posts
    create: true  # Decap creates entries only where the config says so
    folder: content/posts
    format: toml-frontmatter
    i18n: true
    fields:
      - {name: title, widget: string, i18n: true}
      - {name: draft, widget: boolean, required: false}
      - {name: date, widget: datetime, i18n: duplicate}
      - {name: body, widget: markdown, i18n: true}
  - name: news
    label: News
    create: true
    folder: content/news
    i18n:
      structure: multiple_files
    fields:
      - {name: title, widget: string, i18n: true}
      - {name: draft, widget: boolean, required: false}
  - name: docs
    label: Docs
    create: true
    folder: content/docs
    nested: {depth: 3}
    meta: {path: {widget: string, label: Path, index_file: index}}
    fields:
      - {name: title, widget: string}
      - {name: draft, widget: boolean, required: false}
  - name: bundles
    label: Bundles
    create: true
    folder: content/bundles
    path: "{{slug}}/index"
    format: json-frontmatter
    fields:
      - {name: title, widget: string}
      - {name: draft, widget: boolean, required: false}
  - name: pages
    label: Pages
    files:
      - name: about
        label: About
        file: content/about.md
        fields:
          - {name: title, widget: string}
          - {name: draft, widget: boolean, required: false}
      - name: settings
        label: Settings
        file: data/settings.yml
        fields: [{name: site_title, widget: string}]
"""

FILES: dict[str, str] = {
    "static/admin/config.yml": CONFIG,
    "content/posts/en/first.md": (
        "+++\n"
        "title = 'First post'  # shown on the home page\n"
        "draft = false\n"
        "date = 2024-01-02T10:00:00Z\n"
        "+++\n"
        "Hello.\n"
    ),
    "content/posts/fr/first.md": (
        '+++\ntitle = "Premier billet"\ndraft = false\ndate = 2024-01-02T10:00:00Z\n+++\nBonjour.\n'
    ),
    "content/news/launch.en.md": "---\ntitle: Launch\ndraft: false\n---\nWe launched.\n",
    "content/news/launch.fr.md": "---\ntitle: Lancement\ndraft: false\n---\nC'est parti.\n",
    "content/docs/index.md": "---\ntitle: Docs\n---\n",
    "content/docs/guide/index.md": "---\ntitle: Guide\ndraft: true\n---\n",
    "content/docs/guide/install/index.md": "---\ntitle: Install\n---\n",
    "content/bundles/trip/index.md": ('{\n  "title": "A trip",\n  "draft": false\n}\n\nPhotos.\n'),
    "content/bundles/trip/photo.jpg": "not markdown",
    "content/about.md": "---\ntitle: About us\ndraft: false\n---\nWho we are.\n",
    "data/settings.yml": "site_title: Example\n",
}

LISTED = {
    "content/posts/en/first.md": ("posts", "en"),
    "content/posts/fr/first.md": ("posts", "fr"),
    "content/news/launch.en.md": ("news", "en"),
    "content/news/launch.fr.md": ("news", "fr"),
    "content/docs/index.md": ("docs", None),
    "content/docs/guide/index.md": ("docs", None),
    "content/docs/guide/install/index.md": ("docs", None),
    "content/bundles/trip/index.md": ("bundles", None),
    "content/about.md": ("pages/about", None),
}
"""Every posting of the site: collection, locale."""
