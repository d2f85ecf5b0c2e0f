"""Infer a schema from the postings themselves (when a repository has none, and for
``postedit schema infer``).

One collection per folder of postings. A field's type is its values' majority type; it is
required when present in at least 95% of the postings; a string field with few distinct values
becomes a select of those values; the status is a boolean most postings have (``open``,
``published``... preferred), or the site's ``draft`` however few postings write it. A key that is a rare variant of a common one (``externalUrl``
beside ``externalURL``, ``role`` beside ``roles``) is not adopted as a field: it goes to
``CollectionSpec.variants`` so postings using it get a "did you mean" warning.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from postedit.core.dates import parse_datetime
from postedit.core.decap import STATUS_NAMES
from postedit.core.discover import (
    collection_name,
    discover_folders,
    ignored,
    ignored_folder,
    is_bundle_page,
    list_files,
)
from postedit.core.fieldcheck import is_email, is_web_address
from postedit.core.frontmatter import format_of
from postedit.core.generator import (
    JEKYLL_CONFIGS,
    content_dirs,
    generator_site,
    is_eleventy,
    jekyll_file,
    jekyll_output,
)
from postedit.core.posting import Posting, Stamp
from postedit.core.schema import CollectionSpec, FieldSpec, Schema, SiteSpec
from postedit.core.store import Store, settled, stamp_of
from postedit.core.validate import similar_keys

__all__ = ["REQUIRED_SHARE", "infer_collection", "infer_schema"]

REQUIRED_SHARE = 0.95
"""A key present (and not empty) in at least this share of postings is required."""
VARIANT_RATIO = 4
"""A key is a variant of a similar key used at least this many times more often."""
MAX_OPTIONS = 10
"""A string field with at most this many distinct values (each used often) is a select."""
MAX_LIST_OPTIONS = 15
"""Same for the items of a list field (a multiple select)."""

_DATED_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-")
_ISO_DATE = re.compile(r"\s*\d{4}-\d{2}-\d{2}")
_IDENTIFIERS = ("title", "name", "roles", "role", "label")
_SITE = SiteSpec()
"""The site fields an inferred collection reads (the defaults)."""


def _kind(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return _text_kind(value)
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return "any"


_KIND_OF_TYPE: dict[type, str] = {
    bool: "boolean",
    int: "integer",
    float: "number",
    dt.datetime: "datetime",
    dt.date: "date",
    list: "list",
    dict: "object",
}
"""_kind of a value of exactly these types (text may be a date: _text_kind)."""


def _kinds(values: list[Any]) -> Counter[str]:
    """How many of ``values`` are of each kind (_kind; None is of none), in the order the
    kinds first come (most_common gives a tie to the first). Each different text, and each
    other type, is looked at once: a key's thousands of values repeat a few texts, and are
    of two or three types."""
    kinds: Counter[str] = Counter()
    for key, uses in Counter(v if type(v) is str else type(v) for v in values).items():
        if type(key) is str:
            kinds[_text_kind(key)] += uses
        elif key in _KIND_OF_TYPE:
            kinds[_KIND_OF_TYPE[key]] += uses
        elif key is not type(None):  # a type of its own: each value's kind
            kinds.update(_kind(v) or "any" for v in values if type(v) is key)
    return kinds


def _text_kind(text: str) -> str:
    """A string's kind: an ISO date written as text -- quoted in YAML, as TOML often has it,
    and always in JSON, which has no dates -- is a date, as the site and the validator read
    it; other text is a string."""
    if _ISO_DATE.match(text) is None:
        return "string"
    try:
        parsed = parse_datetime(text)
    except ValueError:
        return "string"
    return "datetime" if isinstance(parsed, dt.datetime) else "date"


def _hashable(value: Any) -> bool:
    return isinstance(value, str | int | float | bool)


def _field(name: str, values: list[Any], present: int, total: int) -> FieldSpec:
    """The spec of key ``name`` from its values (None included) in ``present`` postings."""
    kinds = _kinds(values)
    empty = values.count(None) + values.count("") + values.count([]) + values.count({})
    nonempty = len(values) - empty
    required = total > 0 and nonempty / total >= REQUIRED_SHARE
    if not kinds:
        return FieldSpec(name=name, type="any")
    if kinds["integer"] and kinds["number"]:
        kinds["number"] += kinds.pop("integer")
    if kinds["date"] and kinds["datetime"]:
        both = kinds.pop("date") + kinds.pop("datetime")
        kinds["datetime" if both and _majority_datetime(values) else "date"] = both
    kind = kinds.most_common(1)[0][0]
    # an inferred "required" is a guess from the majority: a posting without it is a warning
    kw: dict[str, Any] = {"name": name, "type": kind, "required": required, "severity": "warning"}
    if kind == "string":
        strings = [v for v in values if isinstance(v, str) and v.strip()]
        kw.update(_string_kind(strings))
    elif kind == "list":
        items = [i for v in values if isinstance(v, list) for i in v]
        if items and all(isinstance(i, dict) for i in items):
            kw["item_type"] = "object"
        elif items and all(_hashable(i) for i in items):
            options = _options(Counter(str(i) for i in items), MAX_LIST_OPTIONS, len(items))
            if options:
                kw.update(type="select", multiple=True, options=options)
    return FieldSpec(**kw)


def _majority_datetime(values: list[Any]) -> bool:
    kinds = _kinds(values)
    return kinds["datetime"] >= kinds["date"]


def _merge_spellings(counts: Counter[str]) -> Counter[str]:
    """Values differing only by case or surrounding spaces (``Produit``, ``produit ``) counted
    as one, under their most common spelling: that one becomes the option, and postings using
    another get "did you mean 'Produit'?" from validation."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for value, n in counts.items():
        groups.setdefault(value.strip().casefold(), []).append((n, value))
    merged: Counter[str] = Counter()
    for spellings in groups.values():
        best = max(spellings, key=lambda s: (s[0], s[1] == s[1].strip(), s[1]))[1]
        merged[best] = sum(n for n, _v in spellings)
    return merged


def _options(counts: Counter[str], most: int, uses: int) -> tuple[str, ...]:
    """The options of a select whose values are ``counts`` (``uses`` values in all), most
    used first, or () when they are not a select's: 2 to ``most`` of them once spellings
    are merged, used three times each on average. The spellings are counted before each
    one's best is chosen: most text fields (titles, names) have thousands of values."""
    spellings = len({value.strip().casefold() for value in counts})
    if not (2 <= spellings <= most and uses >= 3 * spellings):
        return ()
    return _by_frequency(_merge_spellings(counts))


def _by_frequency(counts: Counter[str]) -> tuple[str, ...]:
    return tuple(v for v, _n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _mostly(test: Callable[[str], bool], strings: Sequence[str], share: float = 0.9) -> bool:
    """Do at least ``share`` of ``strings`` pass ``test``? Stops at the first miss too
    many: most text fields of a big collection are not e-mail addresses, and say so early."""
    misses_allowed = len(strings) - share * len(strings)
    misses = 0
    for s in strings:
        if not test(s):
            misses += 1
            if misses > misses_allowed:
                return False
    return True


def _string_kind(strings: Sequence[str]) -> dict[str, Any]:
    if not strings:
        return {}
    if _mostly(is_email, strings):
        return {"type": "email"}
    if _mostly(is_web_address, strings):
        return {"type": "url"}
    if any("\n" in s for s in strings) or sum(len(s) for s in strings) / len(strings) > 120:
        return {"type": "text"}
    options = _options(Counter(strings), MAX_OPTIONS, len(strings))
    return {"type": "select", "options": options} if options else {}


def _variants(present: Counter[str]) -> dict[str, str]:
    """Rare keys that look like a misspelling of a much more common one -> that key."""
    out: dict[str, str] = {}
    keys = sorted(present, key=lambda k: (-present[k], k))
    for rare in reversed(keys):
        best = None
        for common in keys:
            if present[common] < VARIANT_RATIO * present[rare]:
                break
            if common not in out and similar_keys(rare, common):
                best = common
                break
        if best is not None:
            out[rare] = best
    return out


def _same_cases(values: dict[str, list[Any]], first: dict[str, int]) -> None:
    """Make keys equal but for case one field (a site that ignores case reads them as one:
    Hugo), named as most postings write it (a tie: the spelling seen first)."""
    groups: dict[str, list[str]] = {}
    for key in values:
        groups.setdefault(key.lower(), []).append(key)
    for keys in groups.values():
        if len(keys) > 1:
            name = max(keys, key=lambda k: len(values[k]))
            for key in keys:
                if key != name:
                    values[name] += values.pop(key)
                    first[name] = min(first[name], first.pop(key))


def _status(
    fields: Sequence[FieldSpec], present: Counter[str], total: int, site: SiteSpec
) -> str | None:
    """A common boolean with a status name, else a boolean the site reads as the state
    (``draft``, ``published``: written on drafts alone, as Hugo's archetypes and Jekyll's
    ``published: false`` have it), else the most common boolean, else a ``status`` select.
    On a site that ignores case, names are compared so (Hugo's ``Draft``)."""
    common = [f for f in fields if present[f.name] * 2 >= total]

    def name(f: FieldSpec) -> str:
        return f.name.lower() if site.ignore_case else f.name

    booleans = {name(f): f.name for f in common if f.type == "boolean"}
    for guess in STATUS_NAMES:
        if guess in booleans:
            return booleans[guess]
    for f in fields:
        if f.type == "boolean" and name(f) in (*_SITE.draft, *_SITE.published):
            return f.name
    if booleans:
        return max(booleans.values(), key=lambda n: present[n])
    for f in common:
        if f.name == "status" and f.type == "select":
            return f.name
    return None


def infer_collection(
    name: str,
    folder: str,
    postings: Sequence[Posting],
    bundles: bool = False,
    site: SiteSpec = _SITE,
) -> CollectionSpec:
    """A collection spec from its postings (unreadable postings are ignored); ``bundles``:
    the folder holds page bundles (discover.bundle_page), which are postings of it;
    ``site``: the site's rules (generator_site)."""
    ok = [p for p in postings if p.ok]
    total = len(ok)
    values: dict[str, list[Any]] = {}  # each key's values, one per posting that has it
    first: dict[str, int] = {}  # position of each key in the first posting that has it
    for p in ok:
        for position, (key, value) in enumerate(p.fields.items()):
            if key in values:
                values[key].append(value)
            elif isinstance(key, str):
                values[key] = [value]
                first[key] = position
    if site.ignore_case:
        _same_cases(values, first)
    present = Counter({key: len(seen) for key, seen in values.items()})
    variants = _variants(present)
    order = sorted((k for k in present if k not in variants), key=lambda k: (-present[k], first[k]))
    fields = [_field(k, values[k], present[k], total) for k in order]
    bodies = sum(1 for p in ok if p.has_body_text())
    fields.append(
        FieldSpec(
            name="body",
            type="markdown",
            label="Body",
            required=total > 0 and bodies / total >= REQUIRED_SHARE,
            severity="warning",
        )
    )
    status = _status(fields, present, total, site)
    strings = [f for f in fields if f.type == "string" and present[f.name] * 2 >= total]
    ident = next(
        (
            n
            for n in sorted(_IDENTIFIERS, key=lambda n: -present[n])
            if any(f.name == n for f in strings)
        ),
        strings[0].name if strings else "title",
    )
    date = next(
        (f.name for f in fields if f.type in ("date", "datetime") and f.name == "date"), None
    )
    columns = tuple(c for c in (status, date, ident) if c and c in present)
    names = [p.name for p in ok] or [p.name for p in postings]
    dated = sum(1 for n in names if _DATED_NAME.match(n))
    slug = (
        "{{year}}-{{month}}-{{day}}-{{slug}}"
        if names and dated * 5 >= 4 * len(names)
        else ("{{slug}}")
    )
    paged = [p for p in postings if is_bundle_page(folder, p.relpath)] if bundles else []
    # new postings in the front-matter language most of the folder's use (Hugo's TOML...)
    languages = Counter(format_of(p.raw) for p in ok if p.raw is not None)
    return CollectionSpec(
        name=name,
        folder=folder,
        bundles=bundles,
        # new postings as most of the folder's are: bundles (Decap's page-bundle path) or files
        path="{{slug}}/index" if len(paged) * 2 > len(postings) else "",
        label=name.replace("_", " ").replace("-", " ").capitalize(),
        fields=tuple(fields),
        status=status,
        columns=columns,
        sort="-date" if date else None,
        slug=slug,
        identifier_field=ident,
        variants=variants,
        front_matter_only=True,
        site=site,
        format=languages.most_common(1)[0][0] if languages else "yaml",
    )


_Read = list[tuple[str, list[tuple[str, Stamp | None]]]]
"""What inferring read: each folder with its files and their stamps (None: not read)."""


def _fingerprint(root: Path, read: _Read, now_ns: int, site: SiteSpec) -> str | None:
    """A digest of the site rules (``site``: a generator's config file came or went), the
    stamp of Jekyll's config (its ``collections``: generator.jekyll_output), the
    folders and every posting file's path and stamp (size, mtime, inode, ctime), or None
    when a file had changed too recently before ``now_ns`` to be trusted (racily clean) or
    is gone.

    A stamp is the one the file was read with, so the digest names the bytes the schema
    came from; a file without one (not read, or unreadable) is stat'ed now, as a read
    would open it (a link's target).
    """
    text = [repr(site)]
    for name in JEKYLL_CONFIGS:
        text.append(f"\0{name}\0{_stat_stamp(root, name)}")
    for folder, files in read:
        text.append(f"\0{folder}\0")
        for rel, known in files:
            stamp = known if known is not None else _stat_stamp(root, rel)
            if stamp is None or not settled(stamp, now_ns):
                return None
            text.append(f"{rel}\0{stamp.size} {stamp.mtime_ns} {stamp.ino} {stamp.ctime_ns}\0")
    return hashlib.sha1("".join(text).encode("utf-8", "surrogateescape")).hexdigest()


def _stat_stamp(root: Path, relpath: str) -> Stamp | None:
    """The stamp a read of ``relpath`` would give it now (a link's target's; a link that
    leads nowhere, its own), without reading it; None when there is no such file."""
    path = os.path.join(root, relpath)
    try:
        try:
            return stamp_of(os.stat(path))
        except FileNotFoundError:
            return stamp_of(os.lstat(path))
    except OSError:
        return None


def infer_schema(
    root: Path,
    folders: Sequence[str] | None = None,
    store: Store | None = None,
    sample: int | None = None,
) -> Schema:
    """Infer every collection of the repository at ``root`` (folders found by discovery).

    Postings are read through ``store`` (a new one when None). The result is kept in the
    store with a fingerprint of every posting file's stamp, so an unchanged repository is
    not read again to infer it (a changed, added or removed posting changes the fingerprint).
    ``sample``: unless the store knows the schema already, infer it from the first postings
    of each folder only (``Schema.partial``): the terminal interface shows its first rows
    with it, and infers the whole schema once every posting is read.
    """
    root = Path(root)
    store = store if store is not None else Store(root)
    site = generator_site(root)
    found = _site_folders(root, site) if folders is None else list(folders)
    now = time.time_ns()
    if store.inferred:  # a schema inferred by an earlier run: is it the one for these files?
        files = {f: _site_files(root, f, site) for f in found}
        listed: _Read = [
            (f, [(rel, None) for rel in files[f]]) for f in found if files[f] or not site.ignore
        ]
        fp = _fingerprint(root, listed, now, site)  # a stat of every file, none read
        if fp is not None and isinstance(store.inferred.get(fp), Schema):
            return store.inferred[fp]  # type: ignore[no-any-return]
    schema, read = _infer(root, found, store, sample, site)
    if sample is not None:
        return replace(schema, partial=True)
    fp = _fingerprint(root, read, now, site)  # from the stamps of the files just read
    if fp is not None:
        store.inferred.clear()  # one schema per repository: the one for its files now
        store.inferred[fp] = schema
        store.inferred_changed = True
    return schema


def _site_folders(root: Path, site: SiteSpec) -> list[str]:
    """The folders of postings discovery finds that the site builds pages from (Hugo: its
    content folders alone, generator.content_dirs; its leaf bundles, site.leaf_bundles)."""
    dirs = content_dirs(root)
    if dirs is None:
        folders = discover_folders(root, site.leaf_bundles)
        if site.ignore:  # Eleventy's .eleventyignore
            return [f for f in folders if not ignored_folder(f, site.ignore)]
        return folders
    found: set[str] = set()
    for d in dirs:
        if ".." in d.split("/") or any(not o or d.startswith(o + "/") for o in dirs if o != d):
            continue  # outside the repository, or walked with the content folder holding it
        # walked from the content folder itself: its own index.md is the home page, not a
        # bundle of the folder above it (which holds no page of the site)
        for f in discover_folders(root / d, site.leaf_bundles):
            found.add(f"{d}/{f}" if d and f else d or f)
    return sorted(found, key=lambda f: f.split("/") if f else [])


def _site_files(root: Path, folder: str, site: SiteSpec) -> list[str]:
    """The files of ``folder`` that may be postings (bundles' pages too), less those the
    site ignores (``site.ignore``)."""
    files = list_files(root, folder, bundles=True, leaf=site.leaf_bundles)
    return [f for f in files if not ignored(f, site.ignore)] if site.ignore else files


def _infer(
    root: Path, folders: Sequence[str], store: Store, sample: int | None, site: SiteSpec
) -> tuple[Schema, _Read]:
    specs: list[CollectionSpec] = []
    used: set[str] = set()
    read: _Read = []
    # Jekyll writes no post of _drafts/ (Eleventy and Hugo read no such folder)
    jekyll = site.file_name_date and not is_eleventy(root)
    drafts = replace(site, drafts=True) if jekyll else site
    for folder in folders:
        files = _site_files(root, folder, site)
        if not files and site.ignore:
            continue  # every file of it is one the site ignores (as the fingerprint's)
        name = collection_name(folder)
        base, n = name, 2
        while name in used:
            name, n = f"{base}{n}", n + 1
        used.add(name)
        postings = []
        stamps: list[tuple[str, Stamp | None]] = []
        if sample is None:
            store.read_ahead(files)
        for rel in files:
            posting = store.read(rel, name)  # each file opened once, README or not
            stamps.append((rel, posting.stamp))
            if not store.plain_markdown(rel, posting):
                postings.append(posting)
                if len(postings) == sample:
                    break
        read.append((folder, stamps))
        bundles = any(is_bundle_page(folder, rel) for rel in files)
        rules = drafts if folder == "_drafts" else site
        last = folder.rsplit("/", 1)[-1]
        # _drafts is no collection: jekyll --drafts writes them as posts
        in_collection = last.startswith("_") and last != "_drafts"
        if jekyll and last == "_posts" and jekyll_file(root) is not None:
            # Jekyll reads no post from hello.md (Next.js's blog starter's _posts has no
            # _config.yml, and undated names)
            rules = replace(site, dated_names=True)
        elif jekyll and in_collection and jekyll_output(root, folder) is False:
            rules = replace(rules, output=False)  # a collection its _config.yml keeps unwritten
        specs.append(infer_collection(name, folder, postings, bundles, rules))
        if sample is not None:  # its collection lists these files (collection_files): same
            store.listed[folder] = files  # glob, one level, bundles when it holds any
    return Schema(collections=tuple(specs), source="inferred", kind="inferred"), read
