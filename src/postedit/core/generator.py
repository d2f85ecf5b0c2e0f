"""Which generator builds the site, told by its config file, and the rules of it postedit
follows: what dates a posting, whether a future one is published, whether keys have a case.

Inferred schemas and Decap configs alike take these rules (a Decap config describes the
editor, not the site); a postedit.yml states its own ``site:`` keys (docs/schema.md), but
for how keys are read: Hugo reads them in any case whatever the schema, so a postedit.yml
that does not say ``ignore_case`` takes it from here.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from postedit.core.errors import SchemaError
from postedit.core.schema import SiteSpec
from postedit.core.schema_yaml import load_yaml_text

__all__ = [
    "ELEVENTY_DATE_WORDS",
    "JEKYLL_CONFIGS",
    "content_dirs",
    "eleventy_ignores",
    "generator_site",
    "collections_dir",
    "is_eleventy",
    "jekyll_config",
    "jekyll_file",
    "jekyll_output",
]

_ELEVENTY_CONFIGS = (
    "eleventy.config.js",
    "eleventy.config.mjs",
    "eleventy.config.cjs",
    ".eleventy.js",
)
ELEVENTY_DATE_WORDS = ("Last Modified", "Created", "git Last Modified", "git Created")
"""What Eleventy's ``date`` may say instead of a date: the file's times, or its commits'."""
_HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json")
JEKYLL_CONFIGS = ("_config.yml", "_config.yaml")
"""Jekyll's config files, read in this order (Jekyll's ``_config.toml`` is rare)."""


def generator_site(root: Path, base: SiteSpec | None = None) -> SiteSpec:
    """``base`` (the defaults when None) with the rules of the generator whose config file is
    at ``root``. Eleventy writes every page whatever its date: nothing is scheduled
    (``future``); its ``date: Last Modified`` is a date (``date_words``). Hugo never dates
    a page by its file name (``file_name_date: false``) unless its ``[frontmatter]``
    ``date`` list names ``:filename``, reads its keys whatever their case (``ignore_case``:
    ``Draft: true`` is a draft) and makes a folder holding ``index.md`` one page, the rest
    its resources (``leaf_bundles``); its config is ``hugo.toml`` (``.yaml``, ``.yml``,
    ``.json``), or the older ``config.toml``
    beside the ``archetypes`` folder ``hugo new site`` makes (Zola has a ``config.toml``
    too); its ``buildFuture = true`` publishes future pages (``future``). Otherwise the
    defaults: Jekyll's rules, which Hugo's draft, publish and expiry dates complete;
    Jekyll's ``future: true`` in ``_config.yml`` publishes future posts."""
    site = SiteSpec() if base is None else base
    config = _eleventy_config(root)
    if config is not None:
        ignore = eleventy_ignores(root, config)
        eleventy = replace(site, path_date=True, date_words=ELEVENTY_DATE_WORDS, ignore=ignore)
        return replace(eleventy, future=True)
    hugo = _hugo_config(root)
    if hugo is not None:
        data = _config_data(hugo)
        future = _key(data, "buildfuture") is True
        dates = _key(_key(data, "frontmatter"), "date")
        named = isinstance(dates, list) and ":filename" in dates
        hugo_rules = replace(site, file_name_date=named, ignore_case=True, leaf_bundles=True)
        return replace(hugo_rules, future=future)
    jekyll = jekyll_file(root)
    if jekyll is not None and _config_true(jekyll, "future"):
        return replace(site, future=True)
    return site


def jekyll_file(root: Path) -> Path | None:
    """The Jekyll config file at ``root``: ``_config.yml``, else ``_config.yaml``; None when
    there is neither (no Jekyll site, as Jekyll's rules go)."""
    return next((root / n for n in JEKYLL_CONFIGS if (root / n).is_file()), None)


def jekyll_config(root: Path) -> dict[str, Any] | None:
    """The Jekyll config at ``root`` (jekyll_file) read, or None when there is none or it
    is no mapping. Never changed by its readers."""
    jekyll = jekyll_file(root)
    data = _config_data(jekyll) if jekyll is not None else None
    return data if isinstance(data, dict) else None


def collections_dir(config: Mapping[str, Any]) -> str:
    """The folder Jekyll's ``config`` keeps its collections in (``collections_dir``, no
    leading or trailing ``/``), "" for the site's root."""
    where = config.get("collections_dir")
    return where.strip("/") if isinstance(where, str) else ""


def jekyll_output(root: Path, folder: str) -> bool | None:
    """Does Jekyll write a page of each document in ``folder`` (``_jobs``), by the
    ``collections`` of the site's ``_config.yml`` (in its ``collections_dir``)? True when
    it names the collection with an ``output`` Ruby holds true (``Collection#write?``:
    anything but false and null, ``"false"`` and ``0`` too); False when it names it without
    (a list of names, no ``output``, ``output: false``), or does not name it (Jekyll then
    reads no such folder); None when there is no Jekyll config or it declares no
    ``collections``."""
    data = jekyll_config(root)
    collections = data.get("collections") if data is not None else None
    if data is None or not isinstance(collections, dict | list):
        return None
    where = collections_dir(data)
    prefix = where + "/" if where else ""
    if not folder.startswith(prefix + "_") or "/" in folder[len(prefix) :]:
        return False  # no collection's folder: Jekyll reads no document from it
    options = collections.get(folder[len(prefix) + 1 :]) if isinstance(collections, dict) else None
    output = options.get("output") if isinstance(options, dict) else None
    return output is not None and output is not False


def content_dirs(root: Path) -> tuple[str, ...] | None:
    """The folders (relative, ``/``-separated) the site's pages come from, or None when
    any folder may hold them. Hugo builds pages from its ``contentDir`` alone (``content``
    unless the config, or one of its ``languages``, names another): its ``archetypes`` are
    templates (``date: {{ .Date }}`` is no YAML), its themes' and ``layouts``' Markdown no
    page of the site."""
    config = _hugo_config(root)
    if config is None:
        return None
    data = _config_data(config)
    main = _content_dir(data)
    dirs = ["content" if main is None else main]
    languages = _key(data, "languages")
    if isinstance(languages, dict):
        dirs += [d for lang in languages.values() if (d := _content_dir(lang)) is not None]
    return tuple(dict.fromkeys(dirs))


def _content_dir(data: Any) -> str | None:
    """The ``contentDir`` of a Hugo config (or of one of its languages) as a folder of the
    repository (``""``: its root), or None when it names none."""
    value = _key(data, "contentdir")
    if not isinstance(value, str) or not value.strip():
        return None
    folder = value.strip().replace("\\", "/").strip("/").removeprefix("./")
    return "" if folder in ("", ".") else folder


def _hugo_config(root: Path) -> Path | None:
    """Hugo's config file at ``root``: ``hugo.toml`` (``.yaml``, ``.yml``, ``.json``), or
    the older ``config.toml`` beside the ``archetypes`` folder ``hugo new site`` makes; else
    the main file of Hugo's config folder, ``config/_default/hugo.toml`` (or ``config.*``),
    as large sites and themes (Blowfish, Congo, Docsy) lay it out."""
    for name in _HUGO_CONFIGS:
        if (root / name).is_file():
            return root / name
    if (root / "config.toml").is_file() and (root / "archetypes").is_dir():
        return root / "config.toml"
    folder = root / "config" / "_default"
    for name in (*_HUGO_CONFIGS, *(n.replace("hugo", "config") for n in _HUGO_CONFIGS)):
        if (folder / name).is_file():
            return folder / name
    return None


def is_eleventy(root: Path) -> bool:
    """Is there an Eleventy config file at ``root``?"""
    return _eleventy_config(root) is not None


def _eleventy_config(root: Path) -> Path | None:
    return next((root / n for n in _ELEVENTY_CONFIGS if (root / n).is_file()), None)


_NO_GITIGNORE = re.compile(r"setUseGitIgnore\s*\(\s*false\s*\)")


def eleventy_ignores(root: Path, config: Path) -> tuple[str, ...]:
    """The globs of files Eleventy builds nothing of (``SiteSpec.ignore``), as its
    ``Files.getIgnores`` reads them (v2 and v3 alike): each line of ``.gitignore`` (unless
    the ``config`` file says ``setUseGitIgnore(false)``) and of ``.eleventyignore`` at the
    project root, trimmed, less empty lines, ``#`` comments and ``!`` lines (not supported),
    relative to the root; a line naming a folder takes everything below it. Eleventy's own
    ``**/node_modules/**`` and its output ``_site`` discovery skips anyway. An
    ``.eleventyignore`` in an input folder the JavaScript config sets is not read."""
    names = [".eleventyignore"]
    try:
        if not _NO_GITIGNORE.search(config.read_text(encoding="utf-8", errors="replace")):
            names.insert(0, ".gitignore")
    except OSError:
        names.insert(0, ".gitignore")
    out: list[str] = []
    for name in names:
        try:
            text = (root / name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for line in text.split("\n"):
            line = line.strip()
            if not line or line[0] in "#!":
                continue
            glob = "/".join(p for p in line.split("/") if p not in ("", "."))
            if not glob:
                continue
            folder = line.endswith("/") or (root / glob).is_dir()
            out.append(f"{glob}/**" if folder else glob)
    return tuple(dict.fromkeys(out))


def _config_true(path: Path, key: str) -> bool:
    """Is ``key`` (in any case: Hugo's keys have none) ``true`` at the top of the config
    file ``path`` (TOML, JSON or YAML by its name)? False when it is not, or the file cannot
    be read: the generator's default."""
    return _key(_config_data(path), key) is True


def _key(data: Any, key: str) -> Any:
    """The value of ``key`` (lower case; the mapping's keys in any case, as Hugo reads
    them) in ``data``, or None when ``data`` is no mapping or lacks it."""
    if not isinstance(data, dict):
        return None
    return next((v for k, v in data.items() if isinstance(k, str) and k.lower() == key), None)


def _config_data(path: Path) -> Any:
    """The config file ``path`` read (TOML, JSON or YAML by its name), or None when it
    cannot be read: the generator's defaults then. Parsed once for as long as the file is
    unchanged (its time, size and inode): a start asks for the site's rules, its content
    folders and its inherited values, a reload (``r``) again."""
    try:
        st = path.stat()
    except OSError:
        return None
    return _parsed_config(str(path), st.st_mtime_ns, st.st_size, st.st_ino)


@functools.lru_cache(maxsize=16)
def _parsed_config(path: str, _mtime_ns: int, _size: int, _inode: int) -> Any:
    """``_config_data`` of the file at ``path`` as it is with that time, size and inode
    (never changed by its readers: they only look keys up)."""
    import json  # read only on a site with such a config file
    import tomllib

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
        if path.endswith(".toml"):
            data: Any = tomllib.loads(text)
        elif path.endswith(".json"):
            data = json.loads(text)
        else:
            data = load_yaml_text(text, Path(path).name)  # as the Decap config is read
    except (OSError, ValueError, SchemaError, RecursionError):
        return None  # UnicodeDecodeError, TOMLDecodeError and JSONDecodeError are ValueErrors
    return data
