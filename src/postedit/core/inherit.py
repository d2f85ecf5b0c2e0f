"""Values a page gets from other files than its own: Eleventy's directory and template data
files, Hugo's ``cascade``, Jekyll's front matter ``defaults``. The site reads them as if
the front matter held them (``posts/posts.json`` with ``"tags": "posts"`` puts every page
of ``posts/`` in the ``posts`` collection), so the list, the filter and the states read
them too (``Posting.inherited``). They are never written into a posting: an edit changes the
posting's own front matter alone.

Only plain data is read: JSON data files and front matter. A ``.11tydata.js`` (``.cjs``,
``.mjs``) file is a program Eleventy runs: postedit runs none, so what it gives is not known
here (docs/schema.md says so); nor are global data (``_data``), layouts' front matter, Hugo's
``cascade`` with a ``target`` or in the site config, nor Jekyll's ``--config`` overlays.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from postedit.core.discover import glob_pattern
from postedit.core.generator import collections_dir

__all__ = ["eleventy_data", "eleventy_inherited", "hugo_cascade", "jekyll_inherited", "merged"]


def _bases(relpath: str) -> list[str]:
    """The data file bases Eleventy looks up for the page ``relpath`` (``posts/2024/a.md``),
    from the weakest to the strongest (its ``getLocalDataPaths``, reversed, with the input
    folder the repository's root): ``posts/posts``, ``posts/2024/2024``, ``posts/2024/a``."""
    parts = relpath.split("/")
    folders = ["/".join(parts[: i + 1]) for i in range(len(parts) - 1)]
    stem = parts[-1].rsplit(".", 1)[0]
    bases = [f"{folder}/{folder.rsplit('/', 1)[-1]}" for folder in folders]
    if folders:
        bases.append(f"{folders[-1]}/{stem}")
    return bases


def eleventy_data(root: Path, relpath: str) -> dict[str, Any]:
    """The data Eleventy's JSON directory and template data files give the page ``relpath``
    (``posts/posts.json``, ``posts/posts.11tydata.json``, ``posts/a.11tydata.json``...),
    merged as Eleventy merges them (a deeper folder's over a shallower one's, ``.11tydata``
    over the plain name; ``tags`` as a list). A file that cannot be read as a JSON object
    gives nothing. A page at the root gets none (its folder is Eleventy's input folder)."""
    out: dict[str, Any] = {}
    for base in _bases(relpath):
        for name in (f"{base}.json", f"{base}.11tydata.json"):
            data = _json_object(root / name)
            if data:
                out = merged(out, _clean(data))
    return out


def _json_object(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with its ``tags`` a list, as Eleventy cleans a data file's and a front
    matter's (``"a,b"`` is two tags)."""
    tags = data.get("tags")
    if isinstance(tags, str):
        return {**data, "tags": [t for t in tags.split(",") if t]}
    return data


def merged(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``over`` merged onto ``base`` as Eleventy's deep merge does: mappings key by key,
    lists one after the other (tags once each), any other value replaced."""
    out = dict(base)
    for key, value in over.items():
        old = out.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            out[key] = merged(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            joined = old + value
            out[key] = (
                list(dict.fromkeys(joined)) if key == "tags" and _hashable(joined) else joined
            )
        else:
            out[key] = value
    return out


def _hashable(values: list[Any]) -> bool:
    return all(isinstance(v, str | int | float | bool) for v in values)


def eleventy_inherited(own: Mapping[str, Any], data: Mapping[str, Any]) -> dict[str, Any]:
    """What the data files ``data`` change in the page whose front matter is ``own``: the
    keys it lacks, and those the merge changes (tags added to its own)."""
    if not data:
        return {}
    page = merged(data, _clean(dict(own)))
    return {k: v for k, v in page.items() if k not in own or v != own[k]}


def hugo_cascade(
    relpath: str, content: tuple[str, ...], front_matter: Callable[[str], Mapping[str, Any]]
) -> dict[str, Any]:
    """The values Hugo's ``cascade`` in the ``_index.md`` of the page's sections gives it
    (the nearest section's first; a section's ``_index.md`` takes its own: Hugo 0.168 writes
    no section page whose cascade says ``draft: true``), within the content folders
    ``content``.
    ``front_matter(relpath)``: a file's fields ({} when none). A ``cascade`` list's entries
    with a ``target`` (``_target``) are left out: which pages they take is not read here."""
    folder = relpath.rsplit("/", 1)[0] if "/" in relpath else ""
    if relpath.endswith(("/index.md", "/index.markdown")):
        folder = folder.rsplit("/", 1)[0] if "/" in folder else ""  # a leaf bundle's page
    tops = [c for c in content if not c or folder == c or folder.startswith(c + "/")]
    if not tops:
        return {}
    top = max(tops, key=len)
    out: dict[str, Any] = {}
    while True:
        index = f"{folder}/_index.md" if folder else "_index.md"
        for entry in _cascades(front_matter(index)):  # the section's own page too (Hugo 0.168)
            for key, value in entry.items():
                if isinstance(key, str) and key.lower() not in out:
                    out[key.lower()] = value
        if folder == top or not folder:
            return out
        folder = folder.rsplit("/", 1)[0] if "/" in folder else ""


def _cascades(fields: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    value = next(
        (v for k, v in fields.items() if isinstance(k, str) and k.lower() == "cascade"), None
    )
    entries = value if isinstance(value, list) else [value]
    out = []
    for entry in entries:
        if not isinstance(entry, Mapping):
            continue
        if any(isinstance(k, str) and k.lower() in ("_target", "target") for k in entry):
            continue
        out.append(entry)
    return out


def jekyll_inherited(
    own: Mapping[str, Any], relpath: str, config: Mapping[str, Any]
) -> dict[str, Any]:
    """What the ``defaults`` of Jekyll's ``config`` (its ``_config.yml``) change in the
    file ``relpath`` whose front matter is ``own``, read as Jekyll 4 reads them
    (lib/jekyll/frontmatter_defaults.rb): the sets whose ``scope`` takes the file (its
    ``path`` a prefix of the file's path, or a glob naming it or a folder above it; its
    ``type`` the file's), the more specific scope's values over the other's. A document
    (``_posts``, ``_drafts``, a collection's ``_jobs``) takes them deep-merged under its
    front matter (a key it sets to null keeps the default); a page takes those of the keys
    its front matter lacks."""
    given = config.get("defaults")
    sets = [s for s in given if _valid_set(s)] if isinstance(given, list) else []
    if not sets:
        return {}
    coll_dir = collections_dir(config)
    path, kind = _jekyll_path_and_type(relpath, coll_dir)
    matching = [
        (scope, values)
        for scope, values in ((_scope(s), s["values"]) for s in sets)
        if _applies(scope, relpath, path, kind, coll_dir)
    ]
    if not matching:
        return {}
    if kind == "pages":  # Page#data's default_proc: FrontmatterDefaults#find, key by key
        return {k: v for k, v in _find_each(matching).items() if k not in own}
    page = _jekyll_merged(_all(matching), own)
    return {k: v for k, v in page.items() if k not in own or v != own[k]}


def _valid_set(entry: Any) -> bool:
    return isinstance(entry, dict) and isinstance(entry.get("values"), dict)


_OLD_TYPES = {"page": "pages", "post": "posts", "draft": "drafts"}


def _scope(entry: Mapping[str, Any]) -> dict[str, Any]:
    """The set's ``scope`` (none: every file), its deprecated singular ``type`` made
    plural as Jekyll does (``post`` is ``posts``)."""
    scope = entry.get("scope")
    if not isinstance(scope, dict):
        return {}
    kind = scope.get("type")
    return {**scope, "type": _OLD_TYPES.get(kind, kind)} if isinstance(kind, str) else scope


def _jekyll_path_and_type(relpath: str, coll_dir: str) -> tuple[str, str]:
    """The file's path as Jekyll gives it to its defaults (a document's within the
    ``collections_dir``, a page's within the site) and its type: ``posts`` for a post or
    a draft (``_posts/``, ``_drafts/``, also below a folder), a collection's label for its
    document (``_jobs/`` is ``jobs``), else ``pages``."""
    inside = relpath
    if coll_dir:
        if not relpath.startswith(coll_dir + "/"):
            return relpath, "pages"
        inside = relpath[len(coll_dir) + 1 :]
    folders = inside.split("/")[:-1]
    if any(f in ("_posts", "_drafts") for f in folders):
        return inside, "posts"
    if folders and folders[0].startswith("_"):
        return inside, folders[0][1:]
    return relpath, "pages"


def _applies(scope: Mapping[str, Any], relpath: str, path: str, kind: str, coll_dir: str) -> bool:
    """FrontmatterDefaults#applies?: the scope's ``type`` (when it has one) is the file's,
    and its ``path`` (when it has one) takes the file's ``path`` (``relpath`` within the
    site)."""
    if "type" in scope and scope["type"] != kind:
        return False
    scope_path = scope.get("path")
    if not isinstance(scope_path, str) or not scope_path:
        return True
    if "*" not in scope_path:
        return path.startswith(_strip_coll_dir(scope_path, coll_dir))
    # Jekyll globs the files the pattern names and takes those the path starts with: of
    # this file, the glob can name the file and the folders above it
    pattern = glob_pattern(scope_path)
    names = relpath.split("/")
    above = ("/".join(names[: i + 1]) for i in range(len(names)))
    return any(
        pattern.fullmatch(name) and path.startswith(_strip_coll_dir(name, coll_dir))
        for name in above
    )


def _strip_coll_dir(path: str, coll_dir: str) -> str:
    return path[len(coll_dir) + 1 :] if coll_dir and path.startswith(coll_dir + "/") else path


def _sanitized(path: Any) -> str:
    """FrontmatterDefaults#sanitize_path: a scope's path without its leading ``/``."""
    return path.removeprefix("/") if isinstance(path, str) else ""


def _has_precedence(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> bool:
    """FrontmatterDefaults#has_precedence?: the longer path wins, and of two paths as
    long, a scope with a ``type`` over one without (else the later set)."""
    if old is None:
        return True
    new_path, old_path = _sanitized(new.get("path")), _sanitized(old.get("path"))
    if len(new_path) != len(old_path):
        return len(new_path) >= len(old_path)
    return "type" in new or "type" not in old


def _all(matching: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    """FrontmatterDefaults#all: the matching sets' values merged, the ones of the scope
    with precedence over the others."""
    out: dict[str, Any] = {}
    old: dict[str, Any] | None = None
    for scope, values in matching:
        if _has_precedence(old, scope):
            out, old = _jekyll_merged(out, values), scope
        else:
            out = _jekyll_merged(values, out)
    return out


def _find_each(matching: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    """FrontmatterDefaults#find for every key: each the value of the set with precedence
    among those that give it."""
    out: dict[str, Any] = {}
    scopes: dict[str, dict[str, Any]] = {}
    for scope, values in matching:
        for key, value in values.items():
            if _has_precedence(scopes.get(key), scope):
                out[key], scopes[key] = value, scope
    return out


def _jekyll_merged(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """Jekyll's Utils.deep_merge_hashes: ``over`` onto ``base``, mappings key by key, a
    null leaving the value under it, any other value replaced (lists too)."""
    out = dict(base)
    for key, value in over.items():
        old = out.get(key)
        if value is None and key in out:
            continue
        if isinstance(old, dict) and isinstance(value, dict):
            out[key] = _jekyll_merged(old, value)
        else:
            out[key] = value
    return out
