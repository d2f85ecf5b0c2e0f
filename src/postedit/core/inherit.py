"""Values a page gets from other files than its own: Eleventy's directory and template data
files, Hugo's ``cascade``. The site reads them as if the front matter held them
(``posts/posts.json`` with ``"tags": "posts"`` puts every page of ``posts/`` in the
``posts`` collection), so the list, the filter and the states read them too
(``Posting.inherited``). They are never written into a posting: an edit changes the
posting's own front matter alone.

Only plain data is read: JSON data files and front matter. A ``.11tydata.js`` (``.cjs``,
``.mjs``) file is a program Eleventy runs: postedit runs none, so what it gives is not known
here (docs/schema.md says so); nor are global data (``_data``), layouts' front matter, Hugo's
``cascade`` with a ``target`` or in the site config.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["eleventy_data", "eleventy_inherited", "hugo_cascade", "merged"]


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
